"""The cost of a data-version look-up, as a page's first cached read pays it once per run."""

from __future__ import annotations

import statistics
import time

from sqlalchemy import Engine

from osloreg import data_versions

CALLS = 2_000
WARM_UP = 50


def measure(engine: Engine, *, calls: int = CALLS) -> float:
    """The median seconds of one look-up over `calls` of them, as osloreg.ui.kit.cache.versions makes
    it on a run's first cached read (after a warm-up that opens the reader's connection): the median,
    as a busy neighbour slows a few calls, not the typical one."""
    reader = data_versions.Reader(engine)
    try:
        for _ in range(WARM_UP):
            reader.read()
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            reader.read()
            times.append(time.perf_counter() - started)
    finally:
        reader.close()
    return statistics.median(times)


if __name__ == "__main__":
    import argparse

    from osloreg.config import load_settings
    from osloreg.db import make_engine

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: the app's)")
    args = parser.parse_args()
    engine = make_engine(args.url or load_settings().database_url)
    print(f"data version look-up: median {measure(engine) * 1000:.3f} ms over {CALLS} calls")
