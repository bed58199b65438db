"""The benchmark databases (1x and 100x demo data), built by the migrations and the demo loader and
cached in benchmarks/data/ until the schema, the migrations or the demo data set change."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "benchmarks" / "data"
SCALES = (1, 100)
# A fixed "today" so every build of a scale holds the same data, whenever it is built.
TODAY = dt.date(2026, 11, 1)
# Raise to force a rebuild when the way the databases are built changes.
BUILD_VERSION = 1
# What the data depends on. The demo loader's input (db/seed) and the enums the models use are
# included besides models, migrations and the loader itself.
FINGERPRINT_SOURCES = (
    "osloreg/models.py",
    "osloreg/enums.py",
    "db/migrations",
    "osloreg/demo",
    "db/seed",
    # The search index the loader fills.
    "osloreg/search",
    "osloreg/rules/search.py",
)

SHOWN_COUNTS = ("units", "persons", "projects", "meetings", "cases", "inputs", "advice")

Log = Callable[[str], None]


def _log(message: str) -> None:
    print(message, flush=True)


def db_path(scale: int) -> Path:
    return DATA_DIR / f"osloreg-{scale}x.sqlite3"


def database_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _fingerprint_path(path: Path) -> Path:
    return path.with_name(path.name + ".fingerprint")


def _source_files(root: Path) -> Iterator[Path]:
    for name in FINGERPRINT_SOURCES:
        source = root / name
        if source.is_file():
            yield source
        elif source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                    yield path


def fingerprint(scale: int, *, root: Path = REPO_ROOT) -> str:
    """A hash of everything the database at this scale is built from."""
    digest = hashlib.sha256(f"build={BUILD_VERSION} scale={scale} today={TODAY.isoformat()}\n".encode())
    for path in _source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(scale: int) -> bool:
    path = db_path(scale)
    stamp = _fingerprint_path(path)
    if not path.exists() or not stamp.exists():
        return False
    return stamp.read_text(encoding="utf-8").strip() == fingerprint(scale)


@contextmanager
def _build_lock() -> Iterator[None]:
    """Two `make bench` at once build each database only once."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    for victim in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        victim.unlink(missing_ok=True)


def build(scale: int, *, log: Log = _log) -> Path:
    """Build the database at this scale from scratch (into a temporary file, renamed when done)."""
    # Imported here so that `benchmarks.run` stays light and the fingerprint works without them.
    from osloreg import migrate
    from osloreg.db import make_engine
    from osloreg.demo import load_demo

    path = db_path(scale)
    partial = path.with_name(path.name + ".building")
    _remove(partial)
    started = time.perf_counter()
    log(f"bench: building {path.relative_to(REPO_ROOT)} (demo data at {scale}x, today={TODAY})")
    engine = make_engine(database_url(partial))
    try:
        migrate.upgrade(engine)
        # The loader's progress bar redraws in place: in a terminal; in a log it would be a flood.
        report = load_demo(engine, scale=scale, today=TODAY, progress=sys.stderr.isatty())
        if report.already_loaded:
            raise RuntimeError(f"{partial} held demo data before it was built")
        # No ANALYZE here: the app never runs it, so the planner sees what it sees in production.
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    _remove(path)
    os.replace(partial, path)
    _remove(partial)
    _fingerprint_path(path).write_text(fingerprint(scale) + "\n", encoding="utf-8")
    size_mb = path.stat().st_size / 1e6
    rows = sum(report.counts.values())
    shown = ", ".join(f"{name} {report.counts.get(name, 0):,}" for name in SHOWN_COUNTS)
    seconds = time.perf_counter() - started
    log(f"bench: built {path.name} in {seconds:.1f} s: {size_mb:.1f} MB, {rows:,} rows ({shown})")
    return path


def ensure(scale: int, *, rebuild: bool = False, log: Log = _log) -> Path:
    """The database at this scale, rebuilt only if missing, stale (fingerprint) or asked for."""
    with _build_lock():
        path = db_path(scale)
        if not rebuild and is_current(scale):
            log(f"bench: using cached {path.relative_to(REPO_ROOT)}")
            return path
        if path.exists() and not rebuild:
            log(f"bench: {path.name} is stale (models, migrations or demo data changed)")
        return build(scale, log=log)
