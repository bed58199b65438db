"""Consistent online backups: SQLite's backup API, pg_dump for PostgreSQL; checked, with row counts."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

PG_BIN_FALLBACK = Path("/usr/lib/postgresql/15/bin")
PG_DUMP_TIMEOUT_S = 3600
BACKUP_SUFFIXES = (".sqlite3", ".dump")


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    integrity: str  # "ok", or what the check found wrong
    check: str  # how the copy was checked, for the report
    seconds: float
    # Rows per table, counted in the very snapshot the backup holds (SQLite: table; PostgreSQL:
    # schema.table), so a restore can be checked against them.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    bytes: int
    modified: dt.datetime  # UTC, naive, as the app stores moments


def backup_directory(var_dir: Path) -> Path:
    """Where backups are made, by the command line and by the admin page alike."""
    return var_dir / "backups"


def list_backups(directory: Path) -> list[BackupFile]:
    """The backups in `directory`, newest first (not the half-written `.partial` files)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        if path.suffix in BACKUP_SUFFIXES and path.is_file():
            stat = path.stat()
            modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).replace(tzinfo=None)
            found.append(BackupFile(path=path, bytes=stat.st_size, modified=modified))
    return sorted(found, key=lambda backup: (backup.modified, backup.path.name), reverse=True)


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
    # The whole database, password hashes included: readable by the app's own user only.
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written beside the destination under another name and renamed at the end, so a crash or a
    # failed dump never leaves a half-written file that looks like a backup.
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    try:
        if engine.dialect.name == "sqlite":
            integrity, check, counts = _backup_sqlite(engine, partial)
        elif engine.dialect.name == "postgresql":
            integrity, check, counts = _backup_postgres(engine, partial)
        else:
            raise BackupError(f"cannot back up a {engine.dialect.name} database")
        partial.chmod(0o600)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        path=destination,
        bytes=destination.stat().st_size,
        integrity=integrity,
        check=check,
        seconds=time.monotonic() - started,
        counts=counts,
    )


# --- SQLite ---------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        # A table name cannot be a parameter; it comes from the catalogue and is quoted.
        name: connection.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]  # noqa: S608
        for name in sqlite_tables(connection)
    }


def _backup_sqlite(engine: Engine, target_path: Path) -> tuple[str, str, dict[str, int]]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("only a SQLite database in a file can be backed up")
    if not Path(database).exists():
        raise BackupError(f"no database at {database}")
    target = sqlite3.connect(target_path)
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            # The counts and the copy are read in one read transaction, so they are of the same
            # snapshot. pages=-1 copies everything in one step: in WAL mode writers carry on
            # meanwhile; a page-by-page backup would instead restart every time another
            # connection writes, and might never finish.
            source.execute("BEGIN DEFERRED")
            try:
                counts = sqlite_counts(source)
                source.backup(target, pages=-1)
            finally:
                source.execute("COMMIT")
        # The copy inherits WAL mode; switch it back so the backup is one self-contained file.
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
        rows = [row[0] for row in target.execute("PRAGMA integrity_check").fetchall()]
    finally:
        target.close()
    return ("ok" if rows == ["ok"] else "; ".join(rows)), "PRAGMA integrity_check", counts


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


def run_tool(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
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


_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def pg_counts(connection: Connection, schema: str | None) -> dict[str, int]:
    """Rows per table ("schema.table") in `schema`, or in every schema but the system's."""
    query = (
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_%'"
    )
    params: dict[str, str] = {}
    if schema is not None:
        query += " AND table_schema = :schema"
        params["schema"] = schema
    tables = connection.execute(text(query + " ORDER BY 1, 2"), params).all()
    return {
        f"{table_schema}.{name}": connection.execute(
            # Names cannot be parameters; they come from the catalogue and are quoted.
            text(f"SELECT count(*) FROM {_quote(table_schema)}.{_quote(name)}")  # noqa: S608
        ).scalar_one()
        for table_schema, name in tables
    }


def _backup_postgres(engine: Engine, target_path: Path) -> tuple[str, str, dict[str, int]]:
    url, env = libpq_url(engine.url)
    # One repeatable-read transaction exports its snapshot to pg_dump (--snapshot) and counts the
    # rows in it: the counts are exactly those of the dump, while other sessions go on writing.
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            connection.execute(text("SET TRANSACTION READ ONLY"))
            snapshot_id = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            # current_schema() covers every way a search_path can be set (connect_args, URL
            # options, role settings); the default schema is dumped whole, any other one alone.
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            only = schema if schema and schema != "public" else None
            counts = pg_counts(connection, only)
            command = [
                find_pg_tool("pg_dump"),
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot_id}",
                f"--file={target_path}",
            ]
            if only:
                # Quoted, the pattern matches the name exactly (case and wildcard characters included).
                quoted = only.replace('"', '""')
                command.append(f'--schema="{quoted}"')
            run_tool([*command, url], env, "pg_dump")
    listing = run_tool([find_pg_tool("pg_restore"), "--list", str(target_path)], {}, "pg_restore --list")
    entries = [line for line in listing.stdout.splitlines() if line and not line.startswith(";")]
    tables = sum(1 for line in entries if " TABLE " in line and " TABLE DATA " not in line)
    if tables == 0:
        return "the dump contains no tables", "pg_restore --list", counts
    return "ok", f"pg_restore --list: {len(entries)} entries, {tables} tables", counts
