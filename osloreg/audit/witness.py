"""The witness: the audit chain's newest (id, hash), kept in a file outside the database, so that a
recomputed chain or an older copy swapped in no longer matches what the app recorded."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

log = logging.getLogger("osloreg")

ENV = "OSLOREG_AUDIT_WITNESS"
FILE_NAME = "audit_witness"
FORMAT = 1
KEEP_REWINDS = 100  # the rewinds (restores, resets) the file remembers, newest last


class WitnessError(RuntimeError):
    """The witness file cannot be read; the message says why."""


@dataclass(frozen=True)
class Witness:
    """Where a database's witness is kept: the file, and the database's key within it (one file may
    serve several databases, e.g. the command line pointed elsewhere with --database-url)."""

    path: Path
    key: str


@dataclass(frozen=True)
class Head:
    id: int
    hash: str
    recorded: str  # when the witness was written, ISO UTC


def witness_path(var_dir: Path, environ: Mapping[str, str] | None = None) -> Path:
    """OSLOREG_AUDIT_WITNESS, else var/audit_witness (beside the app's other state)."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    return Path(value) if value else Path(var_dir) / FILE_NAME


def database_key(connection: Connection) -> str:
    """Which database a connection is on: the SQLite file, or PostgreSQL's port, database and schema
    (not the user: the owner and the app's role write the same chain)."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("PRAGMA database_list").all()
        file = next((row[2] for row in rows if row[1] == "main"), "") or ":memory:"
        return f"sqlite:{Path(file).resolve() if file != ':memory:' else file}"
    # The server's own view, not the URL's host: the owner restoring through 127.0.0.1 and the app
    # connecting to localhost write one chain.
    port, database, schema = connection.execute(
        text("SELECT current_setting('port'), current_database(), current_schema()")
    ).one()
    return f"postgresql:{port}/{database}/{schema}"


def for_engine(engine: Engine, path: Path) -> Witness:
    with engine.connect() as connection:
        return Witness(Path(path), database_key(connection))


# Engines whose commits advance a witness file, by their pool (shared by an engine and its
# execution_options() variants, such as the write engine); the database's key is learnt on first use.
_ATTACHED: weakref.WeakKeyDictionary[Any, Path] = weakref.WeakKeyDictionary()
_KEYS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def attach(engine: Engine, path: Path) -> None:
    """From now on every commit through `engine` that wrote audit events advances the witness in
    `path`. Connects only when the first event is written."""
    _ATTACHED[engine.pool] = Path(path)


def witness_of(connection: Connection) -> Witness | None:
    """The witness that commits on this connection advance, None if its engine has none attached."""
    pool = connection.engine.pool
    path = _ATTACHED.get(pool)
    if path is None:
        return None
    key = _KEYS.get(pool)
    if key is None:
        key = _KEYS[pool] = database_key(connection)
    return Witness(path, key)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _parse(raw: bytes, path: Path) -> dict[str, Any]:
    if not raw.strip():
        return {"format": FORMAT, "heads": {}, "rewinds": []}
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("heads"), dict):
            raise ValueError("no 'heads'")
    except ValueError as exc:
        raise WitnessError(f"the witness file {path} is damaged ({exc})") from exc
    data.setdefault("rewinds", [])
    return data


def _load(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            fcntl.flock(file, fcntl.LOCK_SH)  # never half a write
            raw = file.read()
    except FileNotFoundError:
        raw = b""
    except OSError as exc:
        raise WitnessError(f"cannot read the witness file {path}: {exc}") from exc
    return _parse(raw, path)


def read(witness: Witness) -> Head | None:
    """The head recorded for this database, None if none is (raises WitnessError if unreadable)."""
    entry = _load(witness.path)["heads"].get(witness.key)
    if entry is None:
        return None
    try:
        return Head(id=int(entry["id"]), hash=str(entry["hash"]), recorded=str(entry.get("recorded", "")))
    except (KeyError, TypeError, ValueError) as exc:
        raise WitnessError(f"the witness file {witness.path} is damaged ({exc})") from exc


def rewinds(witness: Witness) -> list[dict[str, Any]]:
    """The recorded rewinds of this database (restores, resets), oldest first."""
    return [entry for entry in _load(witness.path)["rewinds"] if entry.get("key") == witness.key]


# The witness files this process writes, opened once (a commit should not pay for opening a file),
# and a lock for its threads: flock excludes other processes, not threads sharing one descriptor.
_FILES: dict[Path, int] = {}
_FILES_LOCK = threading.Lock()
_KEEP_OPEN = 8


def _descriptor(path: Path) -> int:
    """The file opened for reading and writing (made 0600), again if it was removed or replaced."""
    fd = _FILES.get(path)
    if fd is not None:
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
        del _FILES[path]
    if len(_FILES) >= _KEEP_OPEN:  # a process serves one or two; a test run makes one per test
        for stale in _FILES.values():
            os.close(stale)
        _FILES.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _FILES[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return fd


def _update(path: Path, change: Callable[[dict[str, Any]], bool]) -> None:
    """Read, change and write the file under an exclusive lock (several processes, several threads).
    Written in place and never shorter (padded with spaces): truncating or renaming over the file
    would make the file system flush it to disk on every commit, a few milliseconds each."""
    path = Path(path)
    with _FILES_LOCK:
        fd = _descriptor(path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            raw = os.pread(fd, os.fstat(fd).st_size, 0)
            data = _parse(raw, path)
            if not change(data):
                return
            text = json.dumps(data, indent=1, sort_keys=True).encode("utf-8") + b"\n"
            os.pwrite(fd, text.ljust(len(raw)), 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def advance(witness: Witness, event_id: int, hash_: str) -> None:
    """After a commit: record (event_id, hash_) unless the witness already names a later event. Never
    raises: the change is committed, and a witness left behind only checks less (verify reports a
    damaged file)."""

    def change(data: dict[str, Any]) -> bool:
        current = data["heads"].get(witness.key)
        if current is not None and int(current.get("id", 0)) >= event_id:
            return False
        data["heads"][witness.key] = {"id": event_id, "hash": hash_, "recorded": _now()}
        return True

    try:
        _update(witness.path, change)
    except (OSError, WitnessError) as exc:
        log.warning("audit witness not advanced to event %s: %s", event_id, exc)


def record(witness: Witness, event_id: int | None, hash_: str | None, *, reason: str) -> Head | None:
    """Record the head even if it is older than the one recorded (a restore, a deliberate reset), and
    keep a note of the rewind. Returns the head it replaced. Raises WitnessError or OSError."""
    replaced: list[Head | None] = [None]

    def change(data: dict[str, Any]) -> bool:
        current = data["heads"].get(witness.key)
        if current is not None:
            replaced[0] = Head(int(current["id"]), str(current["hash"]), str(current.get("recorded", "")))
        note = {
            "key": witness.key,
            "at": _now(),
            "reason": reason,
            "from": None if current is None else {"id": current["id"], "hash": current["hash"]},
            "to": None if event_id is None else {"id": event_id, "hash": hash_},
        }
        data["rewinds"] = [*data["rewinds"], note][-KEEP_REWINDS:]
        if event_id is None:
            data["heads"].pop(witness.key, None)
        else:
            data["heads"][witness.key] = {"id": event_id, "hash": hash_, "recorded": _now()}
        return True

    _update(witness.path, change)
    return replaced[0]
