"""Consistent online backups: SQLite's backup API with an integrity check, pg_dump for PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

PG_BIN_FALLBACK = Path("/usr/lib/postgresql/15/bin")
PG_DUMP_TIMEOUT_S = 3600


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    integrity: str  # "ok", or what the check found wrong
    check: str  # how the copy was checked, for the report
    seconds: float

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


def default_backup_path(engine: Engine, directory: Path, now: dt.datetime | None = None) -> Path:
    """`<directory>/osloreg-YYYYmmdd-HHMMSS.sqlite3` (or `.dump` for PostgreSQL), in local time."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    return directory / f"osloreg-{stamp}{suffix}"


def backup_database(engine: Engine, destination: Path) -> BackupResult:
    """Back up the engine's database to `destination` (never overwritten) and check the copy."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another --output")
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the destination under another name and renamed at the end, so a crash or a
    # failed dump never leaves a half-written file that looks like a backup.
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    try:
        if engine.dialect.name == "sqlite":
            integrity, check = _backup_sqlite(engine, partial)
        elif engine.dialect.name == "postgresql":
            integrity, check = _backup_postgres(engine, partial)
        else:
            raise BackupError(f"cannot back up a {engine.dialect.name} database")
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        path=destination,
        bytes=destination.stat().st_size,
        integrity=integrity,
        check=check,
        seconds=time.monotonic() - started,
    )


# --- SQLite ---------------------------------------------------------------------------------------


def _backup_sqlite(engine: Engine, target_path: Path) -> tuple[str, str]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("only a SQLite database in a file can be backed up")
    if not Path(database).exists():
        raise BackupError(f"no database at {database}")
    target = sqlite3.connect(target_path)
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            # pages=-1 copies everything in one step, i.e. in one read transaction: a consistent
            # snapshot. In WAL mode writers carry on meanwhile; a page-by-page backup would
            # instead restart every time another connection writes, and might never finish.
            source.backup(target, pages=-1)
        # The copy inherits WAL mode; switch it back so the backup is one self-contained file.
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
        rows = [row[0] for row in target.execute("PRAGMA integrity_check").fetchall()]
    finally:
        target.close()
    return ("ok" if rows == ["ok"] else "; ".join(rows)), "PRAGMA integrity_check"


# --- PostgreSQL -----------------------------------------------------------------------------------


def find_pg_tool(name: str) -> str:
    """A PostgreSQL client program from PATH, else from the PostgreSQL 15 install directory."""
    found = shutil.which(name) or shutil.which(name, path=str(PG_BIN_FALLBACK))
    if found is None:
        raise BackupError(f"{name} not found on PATH or in {PG_BIN_FALLBACK}; install postgresql-client")
    return found


def libpq_url(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it (no `+psycopg`), and the environment that carries the password.

    The password goes through PGPASSWORD rather than the command line, where `ps` would show it.
    """
    env = {"PGPASSWORD": url.password} if url.password else {}
    # URL.set(password=None) leaves the password in place, so the URL is built afresh.
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        completed = subprocess.run(
            command,
            env={**os.environ, "PGCONNECT_TIMEOUT": "10", **env},
            capture_output=True,
            text=True,
            timeout=PG_DUMP_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} did not finish within {PG_DUMP_TIMEOUT_S} s") from exc
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else f'exit {completed.returncode}'}")
    return completed


def _backup_postgres(engine: Engine, target_path: Path) -> tuple[str, str]:
    # current_schema() covers every way a search_path can be set (connect_args, URL options,
    # role settings); the default schema is dumped whole, any other one alone.
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    url, env = libpq_url(engine.url)
    command = [find_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target_path}"]
    if schema and schema != "public":
        # Quoted, the pattern matches the name exactly (case and wildcard characters included).
        quoted = schema.replace('"', '""')
        command.append(f'--schema="{quoted}"')
    _run([*command, url], env, "pg_dump")
    listing = _run([find_pg_tool("pg_restore"), "--list", str(target_path)], {}, "pg_restore --list")
    entries = [line for line in listing.stdout.splitlines() if line and not line.startswith(";")]
    tables = sum(1 for line in entries if " TABLE " in line and " TABLE DATA " not in line)
    if tables == 0:
        return "the dump contains no tables", "pg_restore --list"
    return "ok", f"pg_restore --list: {len(entries)} entries, {tables} tables"
