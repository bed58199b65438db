"""The per-scale worker of `make bench`: runs every page (and the blank page) in fresh AppTest
sessions against one database and prints the timings, as JSON, on stdout.

Run by `benchmarks.run` in its own process per scale, so that the peak memory it reports is that
scale's, with `--lockstep`: the parent then lets the 1x and the 100x worker take turns, script by
script, so that a neighbour loading the machine for a while slows both scales alike instead of one.
In that mode stdout carries one JSON object per line: {"ready": true, "steps": scripts per round},
{"done": step} after the warm-up and after each timed run of one script, then {"result": ...}.
By hand: `python -m benchmarks.measure --scale 100 --profile overview` also prints where a
page spends its time (cProfile) to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import logging
import os
import pstats
import resource
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import data
from benchmarks.apptest import scan_components_once

BLANK = "blank"
BLANK_PATH = "benchmarks/blank_page.py"
RUNS = 5
RUN_TIMEOUT_S = 120.0
SLOWEST_SQL = 5
USER_KEY = "osloreg_user"  # osloreg.ui.USER_KEY: set by the page guard once the user is logged in


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _DropBareModeWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "No runtime found" not in message and "missing ScriptRunContext" not in message


def _quiet_streamlit() -> None:
    """Clearing st.cache_data outside a script run warns every time ("No runtime found", "missing
    ScriptRunContext"): expected here, and it would bury the progress lines. A filter, because
    Streamlit resets its loggers' levels whenever its config is patched (every AppTest run)."""
    from streamlit.logger import get_logger

    for name in (
        "streamlit.runtime.caching.cache_data_api",
        "streamlit.runtime.scriptrunner_utils.script_run_context",
    ):
        get_logger(name).addFilter(_DropBareModeWarnings())


def _prepare_environment(db: Path) -> None:
    os.chdir(data.REPO_ROOT)  # secrets and relative paths resolve from the repository root
    os.environ["OSLOREG_DATABASE_URL"] = data.database_url(db)
    os.environ["OSLOREG_ENV"] = "demo"  # the demo accounts are refused in production mode
    os.environ["OSLOREG_VAR_DIR"] = tempfile.mkdtemp(prefix="osloreg-bench-var-")


def bench_users(pages, demo_users: dict[str, str]) -> dict[str, str]:
    """page name -> the demo username that has the page's bench role (the first one listed)."""
    by_role: dict[str, str] = {}
    for username, role in demo_users.items():
        by_role.setdefault(str(role), username)
    missing = sorted({str(spec.bench_role) for spec in pages} - set(by_role))
    if missing:
        raise SystemExit(
            f"bench: no demo user has the role(s) {', '.join(missing)} (osloreg.demo.DEMO_USERS)"
        )
    return {spec.name: by_role[str(spec.bench_role)] for spec in pages}


class SqlTimer:
    """Time every statement on every engine while active: the slowest ones say what a page waits for."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        elapsed = time.perf_counter() - conn.info["bench_started"].pop()
        entry = self.totals[" ".join(statement.split())]
        entry[0] += elapsed * 1000
        entry[1] += 1

    @contextmanager
    def active(self) -> Iterator[SqlTimer]:
        from sqlalchemy import Engine, event

        event.listen(Engine, "before_cursor_execute", self._before)
        event.listen(Engine, "after_cursor_execute", self._after)
        try:
            yield self
        finally:
            event.remove(Engine, "before_cursor_execute", self._before)
            event.remove(Engine, "after_cursor_execute", self._after)

    def slowest(self, limit: int = SLOWEST_SQL) -> list[dict]:
        ranked = sorted(self.totals.items(), key=lambda item: item[1][0], reverse=True)[:limit]
        return [{"ms": round(ms, 2), "count": count, "sql": sql[:2000]} for sql, (ms, count) in ranked]


class Gate:
    """Where the worker waits for its turn. Free-running by default; see LockStep."""

    def ready(self, steps: int) -> None:
        pass

    def wait(self) -> None:
        pass

    def done(self, step: str) -> None:
        pass


class LockStep(Gate):
    """Take turns with the other scale's worker: wait for a line on stdin before each step and
    say so on `out` after it."""

    def __init__(self, out) -> None:
        self._out = out

    def _send(self, message: dict) -> None:
        self._out.write(json.dumps(message) + "\n")
        self._out.flush()

    def ready(self, steps: int) -> None:
        self._send({"ready": True, "steps": steps})

    def wait(self) -> None:
        if not sys.stdin.readline():
            raise SystemExit("bench: the parent went away")

    def done(self, step: str) -> None:
        self._send({"done": step})


@dataclass
class Run:
    wall_ms: float
    cpu_ms: float  # CPU time of this process (all threads) during the run: less hurt by a busy machine
    error: str | None


def _run_once(
    script: str, username: str | None, profiler: cProfile.Profile | None = None, query: str = ""
) -> Run:
    """One fresh session: a new AppTest (as the page's user, with the URL's `query` string), cached
    data cleared, `at.run()` timed."""
    from urllib.parse import parse_qsl

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    scan_components_once()
    st.cache_data.clear()  # so the page's cached loaders query the database on every run
    at = AppTest.from_file(str(data.REPO_ROOT / script), default_timeout=RUN_TIMEOUT_S)
    if username is not None:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
    for name, value in parse_qsl(query):
        at.query_params[name] = value
    gc.collect()
    error = None
    if profiler is not None:
        profiler.enable()
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        at.run()
    except Exception as exc:  # a timeout, or a failure of the test harness itself
        error = f"{type(exc).__name__}: {exc}"
    wall_ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - started_cpu) * 1000
    if profiler is not None:
        profiler.disable()
    if error is None:
        error = _problem(at, username)
    return Run(wall_ms, cpu_ms, error)


def _problem(at, username: str | None) -> str | None:
    """Why a finished run does not count as the page shown to its user, or None."""
    if at.exception:
        return "exception: " + "; ".join(str(e.value) for e in at.exception)[:1000]
    if username is None:
        return None
    user = at.session_state.get(USER_KEY)
    if user is None or getattr(user, "username", None) != username:
        return f"not logged in as {username} (the page showed the login form)"
    if at.error:
        return "error shown: " + "; ".join(str(e.value) for e in at.error)[:1000]
    return None


def _profile(script: str, username: str | None, query: str = "", limit: int = 40) -> None:
    """cProfile one fresh run. AppTest runs the page in a thread of its own, which a profiler enabled
    here would not see: every thread started during the run gets its own, merged at the end."""
    profilers = [cProfile.Profile()]
    lock = threading.Lock()

    def start_in_thread(*_args) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        with lock:
            profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start_in_thread)
    try:
        _run_once(script, username, profilers[0], query)
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(profilers[0], stream=out)
    for profiler in profilers[1:]:
        stats.add(profiler)
    stats.sort_stats("cumulative").print_stats(limit)
    _log(out.getvalue())


def measure(
    scale: int,
    db: Path,
    *,
    runs: int = RUNS,
    only: set[str] | None = None,
    profile: frozenset[str] | set[str] = frozenset(),
    gate: Gate | None = None,
) -> dict:
    gate = gate or Gate()
    _prepare_environment(db)
    _quiet_streamlit()
    from osloreg.demo import DEMO_USERS
    from osloreg.navigation import PAGES

    pages = [spec for spec in PAGES if only is None or spec.name in only]
    users = bench_users(pages, DEMO_USERS)
    # A page opened with a query string is timed as a target of its own: "pipeline?project=1".
    page_targets = [
        (
            f"{spec.name}?{query}" if query else spec.name,
            spec.path,
            str(spec.bench_role),
            users[spec.name],
            query,
        )
        for spec in pages
        for query in spec.bench_queries
    ]
    # The blank page is every ratio's denominator: run at the start, the middle and the end of each
    # round, its noise weighs a third as much, and it meets the same moments of the machine as the pages.
    blank = (BLANK, BLANK_PATH, None, None, "")
    middle = len(page_targets) // 2
    targets = [blank, *page_targets[:middle], blank, *page_targets[middle:], blank]
    results: dict[str, dict] = {
        name: {
            "script": script,
            "role": role,
            "username": username,
            "timings_ms": [],
            "cpu_ms": [],
            "errors": [],
        }
        for name, script, role, username, _query in targets
    }

    gate.ready(len(targets))
    gate.wait()
    # Warm-up, not counted: imports, the engine (st.cache_resource stays, as in production) and the
    # SQLite page cache. The statements of each page's warm-up run are timed to show what it waits for.
    _log(f"bench {scale}x: warming up ({len(targets)} scripts, {db.name})")
    for name, script, _role, username, query in targets:
        timer = SqlTimer()
        with timer.active():
            run = _run_once(script, username, query=query)
        results[name]["warmup_ms"] = round(run.wall_ms, 2)
        results[name]["slowest_sql"] = timer.slowest()
        if run.error:
            results[name]["errors"].append(f"warm-up: {run.error}")
    # What the warm-up left (modules, the engine, the harness) is not the page's: frozen, a full
    # collection during a run no longer walks it, so when one happens to fall costs nothing.
    gc.collect()
    gc.freeze()
    gate.done("warm-up")

    # Round-robin over the scripts, so slow drift of the machine touches every page alike; under
    # --lockstep the other scale's worker runs the same script between two of ours.
    for number in range(1, runs + 1):
        for name, script, _role, username, query in targets:
            gate.wait()
            run = _run_once(script, username, query=query)
            results[name]["timings_ms"].append(round(run.wall_ms, 3))
            results[name]["cpu_ms"].append(round(run.cpu_ms, 3))
            if run.error:
                results[name]["errors"].append(f"run {number}: {run.error}")
            gate.done(f"run {number} {name}")
        _log(f"bench {scale}x: run {number}/{runs} done")

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    for name, script, _role, username, query in targets:
        if name in profile:
            _log(f"bench {scale}x: cProfile of one fresh run of {name} (cumulative)")
            _profile(script, username, query)
    return {
        "scale": scale,
        "db": str(db),
        "db_bytes": db.stat().st_size,
        "runs": runs,
        "peak_rss_kb": peak_kb,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "steps": len(targets),
        "blank": results.pop(BLANK),
        "pages": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="the demo data scale (1 or 100)")
    parser.add_argument("--db", type=Path, help="the database file (default: the cached one for the scale)")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument("--profile", action="append", default=[], help="cProfile this page too (repeatable)")
    parser.add_argument("--lockstep", action="store_true", help="take turns with another worker (see above)")
    args = parser.parse_args(argv)
    db = (args.db or data.db_path(args.scale)).resolve()
    if not db.exists():
        _log(f"bench: {db} does not exist; run `python -m benchmarks.run` to build it")
        return 2
    # Anything a page or library prints goes to stderr: stdout carries only the JSON for the parent.
    stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        result = measure(
            args.scale,
            db,
            runs=args.runs,
            only=set(args.page) if args.page else None,
            profile=set(args.profile),
            gate=LockStep(stdout) if args.lockstep else None,
        )
    except Exception:
        traceback.print_exc()
        return 2
    finally:
        sys.stdout = stdout
    json.dump({"result": result} if args.lockstep else result, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
