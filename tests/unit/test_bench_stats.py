"""The pure part of `make bench` beyond the page table: spreads, budget verdicts in words, the browser
side's table and budgets, and the comparison of two runs."""

from __future__ import annotations

import pytest

from benchmarks import browser, compare
from benchmarks.run import JUDGED, judge, page_budgets
from benchmarks.stats import Budget, agreement, quantile, relative_spread, spread, trimmed_mean


def test_the_trimmed_mean_sets_aside_the_fastest_and_slowest_fifth():
    assert trimmed_mean([10.0, 100.0, 101.0, 102.0, 900.0]) == pytest.approx(101.0)
    runs = [50.0] + [100.0] * 8 + [5000.0]  # 10 runs: two set aside
    assert trimmed_mean(runs) == 100.0
    assert trimmed_mean([100.0, 200.0]) == 150.0  # too few to set any aside
    assert trimmed_mean([]) is None


def test_quantiles_interpolate_between_the_closest_ranks():
    values = [40.0, 10.0, 30.0, 20.0, 50.0]
    assert quantile(values, 0.0) == 10.0
    assert quantile(values, 0.5) == 30.0
    assert quantile(values, 1.0) == 50.0
    assert quantile([10.0, 20.0], 0.25) == pytest.approx(12.5)
    assert quantile([], 0.5) is None


def test_the_spread_is_the_middle_half_and_ignores_one_wild_run():
    runs = [100.0, 101.0, 99.0, 100.0, 102.0, 98.0, 100.0, 400.0]
    low, high = spread(runs)
    assert 98.0 <= low <= 100.0 <= high <= 102.0
    assert relative_spread(runs) == pytest.approx((high - low) / 100.0)
    assert spread([]) is None and relative_spread([]) is None


def test_agreement_is_the_distance_as_a_share_of_the_smaller():
    assert agreement(1.00, 1.07) == pytest.approx(0.07)
    assert agreement(1.07, 1.00) == pytest.approx(0.07)
    assert agreement(None, 1.0) is None
    assert agreement(0.0, 1.0) is None


def test_a_budget_says_pass_or_fail_by_how_much_and_fails_when_not_measured():
    assert (
        Budget("page overview: 100x/1x", 1.2, 1.2).line()
        == "PASS  page overview: 100x/1x: 1.20 (budget <= 1.20)"
    )
    over = Budget("page overview: 100x/1x", 1.5, 1.2)
    assert not over.passed
    assert over.line() == "FAIL  page overview: 100x/1x: 1.50 (budget <= 1.20, +25% over)"
    missing = Budget("browser login at 1x", None, 1000.0, unit="ms", missing="Chromium is missing")
    assert missing.verdict == "FAIL"
    assert missing.line() == "FAIL  browser login at 1x: Chromium is missing (budget <= 1000.00 ms)"


def test_a_strict_budget_fails_at_its_limit():
    assert not Budget("version look-up", 1.0, 1.0, unit="ms", strict=True).passed
    assert Budget("version look-up", 0.4, 1.0, unit="ms", strict=True).line() == (
        "PASS  version look-up: 0.40 ms (budget < 1.00 ms)"
    )


def _worker(blank: list[float], pages: dict[str, tuple[list[float], list[str]]]) -> dict:
    return {
        "blank": {JUDGED: blank, "errors": []},
        "pages": {
            name: {"role": "coordinator", JUDGED: timings, "errors": errors}
            for name, (timings, errors) in pages.items()
        },
    }


def test_every_page_has_two_budgets_and_a_failed_run_fails_both_in_words():
    small = _worker([40.0] * 5, {"coverage": ([60.0] * 5, []), "cases": ([90.0] * 5, ["run 2: boom"])})
    large = _worker([40.0] * 5, {"coverage": ([75.0] * 5, []), "cases": ([90.0] * 5, [])})
    verdicts = page_budgets(judge(small, large))
    assert [(v.name, v.verdict) for v in verdicts] == [
        ("page coverage: page/blank at 1x", "PASS"),
        ("page coverage: 100x/1x", "FAIL"),
        ("page cases: page/blank at 1x", "FAIL"),
        ("page cases: 100x/1x", "FAIL"),
    ]
    assert verdicts[1].value == pytest.approx(1.25)
    assert "1 failed run(s): 1x run 2: boom" in verdicts[3].line()


def _browser_result(small: dict[str, list[float]], large: dict[str, list[float]], errors=()) -> dict:
    return {
        "runs": 3,
        "blank": [80.0, 80.0, 80.0],
        "scales": {1: {"timings": small, "errors": []}, 100: {"timings": large, "errors": list(errors)}},
    }


def _all_clicks(ms: float) -> dict[str, list[float]]:
    timings = {click: [ms] * 3 for clicks in browser.FLOWS.values() for click in clicks}
    timings[browser.LOGIN[0]] = [900.0] * 3
    return timings


def test_browser_budgets_pass_when_every_click_is_within_three_blank_clicks_and_login_within_a_second():
    verdicts = browser.budgets(_browser_result(_all_clicks(240.0), _all_clicks(240.0)))
    assert verdicts and all(v.passed for v in verdicts), [v.line() for v in verdicts if not v.passed]
    names = [v.name for v in verdicts]
    assert "browser decide: 100x/1x" in names
    assert "browser decide: confirm at 100x / blank click" in names
    assert "browser link: open project at 1x / blank click" in names
    assert "browser login: to drawn overview at 100x" in names


def test_browser_budgets_fail_slow_clicks_a_slow_login_and_a_flow_that_grows():
    small, large = _all_clicks(240.0), _all_clicks(240.0)
    small["decide: open"] = [500.0] * 3  # 6.25x the blank click
    large["status: save"] = [600.0] * 3  # 7.5x, and the flow grows from 720 to 1080 ms
    large[browser.LOGIN[0]] = [2900.0] * 3
    failed = {v.name: v for v in browser.budgets(_browser_result(small, large)) if not v.passed}
    # The decide flow as a whole shrinks (1,220 ms at 1x, 960 ms at 100x): only its slow click fails.
    assert set(failed) == {
        "browser decide: open at 1x / blank click",
        "browser status: save at 100x / blank click",
        "browser status: 100x/1x",
        "browser login: to drawn overview at 100x",
        "browser login: 100x/1x",
    }
    assert failed["browser decide: open at 1x / blank click"].value == pytest.approx(6.25)
    assert failed["browser status: 100x/1x"].value == pytest.approx(1080.0 / 720.0)
    assert failed["browser login: to drawn overview at 100x"].line() == (
        "FAIL  browser login: to drawn overview at 100x: 2900.00 ms (budget <= 1000.00 ms, +190% over)"
    )


def test_a_link_may_take_four_blank_clicks():
    small, large = _all_clicks(240.0), _all_clicks(240.0)
    small[browser.LINK[0]] = large[browser.LINK[0]] = [320.0] * 3
    verdicts = {v.name: v for v in browser.budgets(_browser_result(small, large))}
    assert verdicts["browser link: open project at 1x / blank click"].value == pytest.approx(4.0)
    assert verdicts["browser link: open project at 1x / blank click"].passed
    small[browser.LINK[0]] = [330.0] * 3
    verdicts = {v.name: v for v in browser.budgets(_browser_result(small, large))}
    assert not verdicts["browser link: open project at 1x / blank click"].passed


def test_a_broken_flow_fails_all_its_budgets_and_says_why():
    result = _browser_result(
        _all_clicks(240.0), _all_clicks(240.0), ["input: round 2: TimeoutError: no button"]
    )
    failed = [v for v in browser.budgets(result) if not v.passed]
    assert {v.name for v in failed} == {
        "browser input: 100x/1x",
        "browser input: send at 100x / blank click",
        "browser input: subject type at 100x / blank click",
    }
    assert all("TimeoutError: no button" in v.line() for v in failed)


def test_the_browser_table_has_a_row_per_click_and_per_flow_total():
    small, large = _all_clicks(240.0), _all_clicks(264.0)
    lines = browser.table(_browser_result(small, large)).splitlines()
    assert lines[0].split()[:3] == ["click", "1x", "ms"]
    assert lines[2].split()[:4] == ["blank:", "click", "80.0", "80.0-80.0"]
    decide_total = next(line for line in lines if line.startswith("decide: all 4 clicks"))
    assert decide_total.split()[-3:] == ["960.0", "1056.0", "1.10"]
    send = next(line for line in lines if line.startswith("input: send"))
    assert send.split()[-3:] == ["3.00", "3.30", "1.10"]


def test_the_answer_table_shows_how_much_of_each_click_passes_before_the_server_hears_of_it():
    result = _browser_result(_all_clicks(300.0), _all_clicks(330.0))
    result["blank_answers"] = [8.0, 10.0, 12.0]
    result["scales"][1]["answers"] = {browser.DECIDE[0]: [150.0, 160.0, 170.0]}
    lines = browser.answer_table(result).splitlines()
    assert lines[0].split()[:5] == ["click", "1x", "first", "answer", "ms"]
    assert lines[2].split()[-2:] == ["10.0", "12"]  # the blank click: 10 ms of 80
    select = next(line for line in lines if line.startswith(browser.DECIDE[0]))
    # 160 ms of the 300 ms select at 1x; nothing measured at 100x
    assert select.split()[-4:] == ["160.0", "53", "-", "-"]


def _results(overview: float, coverage: float) -> dict:
    return {
        "pages": [
            {"page": "(blank)", "over_blank_small": 1.0, "over_blank_large": 1.0, "large_over_small": 1.02},
            {
                "page": "overview",
                "over_blank_small": 1.5,
                "over_blank_large": 1.6,
                "large_over_small": overview,
            },
            {
                "page": "coverage",
                "over_blank_small": 1.4,
                "over_blank_large": 1.5,
                "large_over_small": coverage,
            },
        ]
    }


def test_two_runs_agree_when_every_ratio_lies_within_seven_percent():
    rows, together = compare.compare(_results(1.10, 1.05), _results(1.15, 1.00))
    assert together
    assert len(rows) == 7  # the blank's 100x/1x and three ratios per page
    rows, together = compare.compare(_results(1.40, 1.05), _results(0.87, 1.05))
    assert not together
    apart = {name: value for name, _a, _b, value in rows}
    assert apart["page overview: large_over_small"] == pytest.approx(0.53 / 0.87)


def test_a_ratio_missing_from_one_run_is_not_agreement():
    second = _results(1.10, 1.05)
    second["pages"][1]["large_over_small"] = None
    _rows, together = compare.compare(_results(1.10, 1.05), second)
    assert not together
