"""The budget logic of `make bench`: medians, ratios, and which pages pass or fail."""

from __future__ import annotations

import pytest

from benchmarks.run import (
    JUDGED,
    MAX_100X_OVER_1X,
    MAX_PAGE_OVER_BLANK,
    judge,
    judge_page,
    median,
    over_budget,
    ratio,
    table,
)

BLANK = [40.0, 40.0, 39.0, 40.0, 60.0]  # median 40, and 40 with the fastest and slowest set aside


def _worker(blank: list[float], pages: dict[str, tuple[list[float], list[str]]]) -> dict:
    return {
        "blank": {JUDGED: blank, "errors": []},
        "pages": {
            name: {"role": "director", JUDGED: timings, "errors": errors}
            for name, (timings, errors) in pages.items()
        },
    }


def test_median_of_an_odd_and_an_even_number_of_runs_and_of_none():
    assert median([5.0, 1.0, 3.0, 100.0, 2.0]) == 3.0
    assert median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert median([]) is None


def test_ratio_is_none_when_either_side_is_missing_or_the_denominator_is_not_positive():
    assert ratio(120.0, 40.0) == 3.0
    assert ratio(None, 40.0) is None
    assert ratio(120.0, None) is None
    assert ratio(120.0, 0.0) is None


def test_the_budget_is_twice_blank_and_twenty_percent_growth_at_100x():
    assert MAX_PAGE_OVER_BLANK == 2.0
    assert MAX_100X_OVER_1X == 1.2


def test_a_page_exactly_at_both_budgets_passes():
    row = judge_page("overview", "director", [80.0] * 5, [96.0] * 5, BLANK, BLANK)
    assert row.over_blank_small == pytest.approx(2.0)
    assert row.large_over_small == pytest.approx(1.2)
    assert row.passed and row.verdict == "PASS" and row.reasons == []


def test_a_page_slower_than_two_blanks_at_1x_fails_and_says_by_how_much():
    row = judge_page("overview", "director", [100.0] * 5, [100.0] * 5, BLANK, BLANK)
    assert row.verdict == "FAIL"
    assert row.reasons == ["page/blank at 1x is 2.50, budget 2.0 (+25%)"]


def test_a_page_that_grows_more_than_twenty_percent_at_100x_fails():
    row = judge_page("overview", "director", [60.0] * 5, [90.0] * 5, BLANK, BLANK)
    assert row.over_blank_small == pytest.approx(1.5)
    assert row.over_blank_large == pytest.approx(2.25)
    assert row.large_over_small == pytest.approx(1.5)
    assert row.reasons == ["100x/1x is 1.50, budget 1.2 (+25%)"]


def test_the_median_not_the_mean_decides_so_one_slow_run_does_not_fail_a_page():
    row = judge_page("overview", "director", [70.0, 70.0, 70.0, 71.0, 900.0], [80.0] * 5, BLANK, BLANK)
    assert row.median_small_ms == 70.0
    assert row.passed


def test_page_over_blank_at_100x_is_shown_but_only_1x_and_growth_are_budgeted():
    # 1.9x blank at 1x and 1.15x growth: 2.2x blank at 100x, within the two budgets.
    row = judge_page("overview", "director", [76.0] * 5, [87.4] * 5, BLANK, BLANK)
    assert row.over_blank_large == pytest.approx(2.185)
    assert row.passed


def test_a_failed_run_fails_the_page_even_when_fast():
    row = judge_page(
        "overview", "director", [50.0] * 5, [50.0] * 5, BLANK, BLANK, ["1x run 2: exception: boom"]
    )
    assert row.verdict == "FAIL"
    assert row.reasons == ["1 failed run(s): 1x run 2: exception: boom"]


def test_a_page_without_timings_fails_rather_than_passing_unmeasured():
    row = judge_page("overview", "director", [], [], BLANK, BLANK)
    assert row.median_small_ms is None
    assert row.reasons == ["page/blank at 1x not measured", "100x/1x not measured"]


def test_over_budget_takes_other_limits():
    assert over_budget(2.0, 1.1, max_over_blank=1.5, max_scale=1.2) == [
        "page/blank at 1x is 2.00, budget 1.5 (+33%)"
    ]


def test_judge_puts_the_blank_page_first_and_judges_every_page_against_both_scales_blank_runs():
    small = _worker(BLANK, {"fast": ([60.0] * 5, []), "slow": ([200.0] * 5, [])})
    large = _worker([50.0] * 5, {"fast": ([70.0] * 5, []), "slow": ([210.0] * 5, [])})
    rows = judge(small, large)
    assert [row.page for row in rows] == ["(blank)", "fast", "slow"]
    assert [row.verdict for row in rows] == ["PASS", "PASS", "FAIL"]
    assert rows[0].large_over_small == pytest.approx(1.25)
    # The blank page's runs at both scales are one sample: 40, 40, 50, 50, 50, 50 once trimmed.
    assert rows[1].over_blank_large == pytest.approx(70.0 / (280.0 / 6))
    assert rows[1].over_blank_small == pytest.approx(60.0 / (280.0 / 6))


def test_judge_fails_a_page_missing_at_100x_and_a_blank_page_that_failed():
    small = _worker(BLANK, {"overview": ([60.0] * 5, [])})
    large = _worker([50.0] * 5, {})
    large["blank"]["errors"] = ["run 1: exception: boom"]
    rows = judge(small, large)
    assert [row.verdict for row in rows] == ["FAIL", "FAIL"]
    assert "not run at 100x" in rows[1].reasons[0]


def test_the_table_shows_every_page_with_its_role_medians_spreads_ratios_and_verdict():
    small = _worker(BLANK, {"overview": ([200.0] * 5, [])})
    large = _worker(BLANK, {"overview": ([210.0] * 5, [])})
    lines = table(judge(small, large)).splitlines()
    header = (
        "page role 1x tmean 1x median 1x p25-p75 100x tmean 100x median 100x p25-p75 "
        "page/blank 1x page/blank 100x 100x/1x verdict"
    )
    assert lines[0].split() == header.split()
    assert lines[3].split() == [
        "overview", "director", "200.0", "200.0", "200.0-200.0", "210.0", "210.0", "210.0-210.0",
        "5.00", "5.25", "1.05", "FAIL",
    ]  # fmt: skip


def test_the_cached_databases_are_rebuilt_when_what_they_are_built_from_changes(tmp_path):
    from benchmarks.data import fingerprint

    (tmp_path / "osloreg" / "demo" / "__pycache__").mkdir(parents=True)
    (tmp_path / "db" / "migrations").mkdir(parents=True)
    (tmp_path / "osloreg" / "models.py").write_text("models = 1\n")
    (tmp_path / "osloreg" / "demo" / "loader.py").write_text("rows = 10\n")
    (tmp_path / "db" / "migrations" / "0001.py").write_text("create = True\n")
    first = fingerprint(1, root=tmp_path)
    assert fingerprint(1, root=tmp_path) == first
    assert fingerprint(100, root=tmp_path) != first
    (tmp_path / "osloreg" / "demo" / "__pycache__" / "loader.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(1, root=tmp_path) == first
    (tmp_path / "osloreg" / "demo" / "loader.py").write_text("rows = 11\n")
    assert fingerprint(1, root=tmp_path) != first


def test_each_page_runs_as_the_first_demo_user_with_its_bench_role():
    from benchmarks.measure import bench_users
    from osloreg.navigation import PageSpec

    pages = [
        PageSpec("overview", "nav.overview", "", frozenset({"director"}), "director"),
        PageSpec("inputs", "nav.inputs", "", frozenset({"member"}), "member"),
    ]
    demo_users = {"admin": "admin", "direktor": "director", "medlem": "member", "leder": "member"}
    assert bench_users(pages, demo_users) == {"overview": "direktor", "inputs": "medlem"}
    with pytest.raises(SystemExit, match="member"):
        bench_users(pages, {"direktor": "director"})
