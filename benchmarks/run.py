"""`make bench`: every page at 1x and 100x demo data, in fresh AppTest sessions beside a blank page;
prints medians, ratios and peak memory, writes benchmarks/results.json, exits 1 if a page is over budget.

Budget (DESIGN.md, "Performance: how it is measured"): a page's median at 1x is at most
MAX_PAGE_OVER_BLANK times the blank page's, and its median at 100x at most MAX_100X_OVER_1X times its
median at 1x. A page that raises, or does not get past its guard, fails too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from benchmarks import data

MAX_PAGE_OVER_BLANK = 3.0  # page median / blank median, at 1x
MAX_100X_OVER_1X = 1.3  # page median at 100x / page median at 1x
SMALL, LARGE = data.SCALES
RESULTS_PATH = data.REPO_ROOT / "benchmarks" / "results.json"
METHOD = (
    "each run is a fresh AppTest session (new AppTest, logged in as a demo user with the page's bench "
    "role); st.cache_data is cleared before every run so cached loaders do not hide the cost of their "
    "queries; st.cache_resource (settings, engine) is kept, as it is process-wide in production; "
    "one untimed warm-up run per script; one worker process per scale, the two taking turns round by "
    "round; medians of the wall-clock time of at.run()"
)


# --- the pure part: medians, ratios, verdicts ---------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


@dataclass
class PageResult:
    page: str
    role: str
    median_small_ms: float | None
    median_large_ms: float | None
    over_blank_small: float | None
    over_blank_large: float | None
    large_over_small: float | None
    errors: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.reasons

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"


def over_budget(
    over_blank_small: float | None,
    large_over_small: float | None,
    errors: Sequence[str] = (),
    *,
    max_over_blank: float = MAX_PAGE_OVER_BLANK,
    max_scale: float = MAX_100X_OVER_1X,
) -> list[str]:
    """Why a page fails its budget; empty when it passes. A ratio that could not be measured fails."""
    reasons = []
    if errors:
        reasons.append(f"{len(errors)} failed run(s): {errors[0]}")
    if over_blank_small is None:
        reasons.append(f"page/blank at {SMALL}x not measured")
    elif over_blank_small > max_over_blank:
        reasons.append(
            f"page/blank at {SMALL}x is {over_blank_small:.2f}, budget {max_over_blank:.1f} "
            f"({over_blank_small / max_over_blank - 1:+.0%})"
        )
    if large_over_small is None:
        reasons.append(f"{LARGE}x/{SMALL}x not measured")
    elif large_over_small > max_scale:
        reasons.append(
            f"{LARGE}x/{SMALL}x is {large_over_small:.2f}, budget {max_scale:.1f} "
            f"({large_over_small / max_scale - 1:+.0%})"
        )
    return reasons


def judge_page(
    page: str,
    role: str,
    small_ms: Sequence[float],
    large_ms: Sequence[float],
    blank_small_ms: Sequence[float],
    blank_large_ms: Sequence[float],
    errors: Sequence[str] = (),
) -> PageResult:
    """One row of the table, from the raw timings of the page and of the blank page at both scales."""
    small, large = median(small_ms), median(large_ms)
    over_small = ratio(small, median(blank_small_ms))
    scale = ratio(large, small)
    return PageResult(
        page=page,
        role=role,
        median_small_ms=small,
        median_large_ms=large,
        over_blank_small=over_small,
        over_blank_large=ratio(large, median(blank_large_ms)),
        large_over_small=scale,
        errors=list(errors),
        reasons=over_budget(over_small, scale, errors),
    )


def judge(small: dict, large: dict, *, timings: str = "timings_ms") -> list[PageResult]:
    """Rows for the blank page and every page, from the two workers' results. `timings` picks the
    measure: wall-clock "timings_ms" (the one judged) or "cpu_ms" (shown for a busy machine)."""
    blank_small, blank_large = small["blank"], large["blank"]
    blank_errors = blank_small["errors"] + blank_large["errors"]
    blank = PageResult(
        page="(blank)",
        role="-",
        median_small_ms=median(blank_small[timings]),
        median_large_ms=median(blank_large[timings]),
        over_blank_small=1.0,
        over_blank_large=1.0,
        large_over_small=ratio(median(blank_large[timings]), median(blank_small[timings])),
        errors=blank_errors,
        reasons=[f"{len(blank_errors)} failed run(s): {blank_errors[0]}"] if blank_errors else [],
    )
    rows = [blank]
    for name, page_small in small["pages"].items():
        page_large = large["pages"].get(name, {timings: [], "errors": [f"not run at {LARGE}x"]})
        rows.append(
            judge_page(
                name,
                page_small["role"],
                page_small[timings],
                page_large[timings],
                blank_small[timings],
                blank_large[timings],
                [f"{SMALL}x {e}" for e in page_small["errors"]]
                + [f"{LARGE}x {e}" for e in page_large["errors"]],
            )
        )
    return rows


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(rows: Sequence[PageResult], *, verdicts: bool = True) -> str:
    header = (
        "page",
        "role",
        f"{SMALL}x ms",
        f"{LARGE}x ms",
        f"page/blank {SMALL}x",
        f"page/blank {LARGE}x",
        f"{LARGE}x/{SMALL}x",
        "verdict",
    )
    lines = [header] + [
        (
            row.page,
            row.role,
            _fmt(row.median_small_ms, ".1f"),
            _fmt(row.median_large_ms, ".1f"),
            _fmt(row.over_blank_small, ".2f"),
            _fmt(row.over_blank_large, ".2f"),
            _fmt(row.large_over_small, ".2f"),
            row.verdict,
        )
        for row in rows
    ]
    if not verdicts:
        lines = [line[:-1] for line in lines]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells))
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# --- running the workers ------------------------------------------------------------------------


def _worker_command(scale: int, *, runs: int, pages: list[str], profile: list[str]) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.measure", "--scale", str(scale), "--runs", str(runs)]
    command += [arg for name in pages for arg in ("--page", name)]
    command += [arg for name in profile for arg in ("--profile", name)]
    return command + ["--lockstep"]


def _receive(scale: int, worker: subprocess.Popen, key: str) -> dict:
    line = worker.stdout.readline()
    try:
        message = json.loads(line)
    except ValueError:
        message = {}
    if key not in message:
        raise SystemExit(f"bench: the {scale}x worker stopped (exit {worker.poll()}); see above")
    return message


def measure_scales(scales: Sequence[int], *, runs: int, pages: list[str], profile: list[str]) -> dict:
    """Run one worker per scale, in turns: all warm up, then round k of every scale before round
    k+1 of any. Returns scale -> the worker's result."""
    # stderr (progress, cProfile output) goes straight to the terminal; stdout carries the protocol.
    workers = {
        scale: subprocess.Popen(
            _worker_command(scale, runs=runs, pages=pages, profile=profile),
            cwd=data.REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for scale in scales
    }
    try:
        for scale, worker in workers.items():
            _receive(scale, worker, "ready")
        for _step in range(1 + runs):  # the warm-up, then the timed rounds
            for scale, worker in workers.items():
                worker.stdin.write("go\n")
                worker.stdin.flush()
                _receive(scale, worker, "done")
        results = {}
        for scale, worker in workers.items():
            worker.stdin.close()
            results[scale] = _receive(scale, worker, "result")["result"]
            if worker.wait() != 0:
                raise SystemExit(f"bench: the {scale}x worker failed (exit {worker.returncode}); see above")
        return results
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page and scale (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if cached")
    parser.add_argument("--page", action="append", default=[], help="only this page (repeatable)")
    parser.add_argument("--profile", action="append", default=[], help="also cProfile this page (repeatable)")
    args = parser.parse_args(argv)

    for scale in data.SCALES:
        data.ensure(scale, rebuild=args.rebuild)
    measured = measure_scales(data.SCALES, runs=args.runs, pages=args.page, profile=args.profile)
    small, large = measured[SMALL], measured[LARGE]
    rows = judge(small, large)
    peak_small, peak_large = small["peak_rss_kb"], large["peak_rss_kb"]
    memory_ratio = ratio(peak_large, peak_small)
    passed = all(row.passed for row in rows)

    print()
    print(f"bench: {args.runs} fresh AppTest runs per page and scale; {METHOD}.")
    print(
        f"budget: page/blank at {SMALL}x <= {MAX_PAGE_OVER_BLANK:.1f}, "
        f"{LARGE}x/{SMALL}x <= {MAX_100X_OVER_1X:.1f}"
    )
    print()
    print(table(rows))
    print()
    print("The same, in CPU time of the worker process (less hurt by a busy machine; shown, not judged):")
    print(table(judge(small, large, timings="cpu_ms"), verdicts=False))
    print()
    print(
        f"peak memory (max RSS of the worker process): {SMALL}x {peak_small / 1024:.0f} MB, "
        f"{LARGE}x {peak_large / 1024:.0f} MB, {LARGE}x/{SMALL}x {_fmt(memory_ratio, '.2f')}"
    )
    for scale, result in measured.items():
        load, cpus = result.get("load_average", [0])[0], result.get("cpus") or 1
        if load > cpus:
            print(
                f"note: the machine was busy during the {scale}x run (load {load:.1f} on {cpus} CPUs): "
                "timings are noisy, so rerun when it is quiet before acting on a ratio near its budget"
            )
    for row in rows:
        if row.passed:
            continue
        print(f"\nFAIL {row.page}:")
        for reason in row.reasons:
            print(f"  - {reason}")
        page_large = large["pages"].get(row.page)
        if page_large and page_large.get("slowest_sql"):
            print(f"  slowest statements at {LARGE}x (warm-up run, total ms x count):")
            for stmt in page_large["slowest_sql"][:3]:
                print(f"    {stmt['ms']:8.1f} ms x{stmt['count']:<3} {stmt['sql'][:160]}")
        profile = f"--scale {LARGE} --page {row.page} --profile {row.page}"
        print(f"  profile it: .venv/bin/python -m benchmarks.measure {profile}")

    results = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "method": METHOD,
        "runs": args.runs,
        "budget": {"max_page_over_blank": MAX_PAGE_OVER_BLANK, "max_100x_over_1x": MAX_100X_OVER_1X},
        "passed": passed,
        "pages": [asdict(row) | {"verdict": row.verdict} for row in rows],
        "pages_cpu_time": [asdict(row) for row in judge(small, large, timings="cpu_ms")],
        "memory": {"peak_rss_kb": {str(SMALL): peak_small, str(LARGE): peak_large}, "ratio": memory_ratio},
        "scales": {str(scale): measured[scale] for scale in data.SCALES},
    }
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nbench: wrote {RESULTS_PATH.relative_to(data.REPO_ROOT)}; {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
