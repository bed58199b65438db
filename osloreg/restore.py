"""Restores of a backup into an empty database, checked for integrity and rows per table."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from osloreg.audit.restore import ChainCheck, check_restored_chain
from osloreg.backup import (
    BackupError,
    find_pg_tool,
    libpq_url,
    pg_counts,
    run_tool,
    sqlite_counts,
    sqlite_tables,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class RestoreError(RuntimeError):
    """The restore was refused or failed; the message says why."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    expected: int  # rows in the backup
    restored: int | None  # rows in the restored database (None: the table is missing)

    @property
    def ok(self) -> bool:
        return self.expected == self.restored


@dataclass(frozen=True)
class RestoreResult:
    target: str  # the database restored into, without its password
    integrity: str  # "ok", or what the check found wrong
    check: str
    tables: list[TableCheck]
    seconds: float
    chain: ChainCheck | None = None  # the audit chain of what was restored (None: not checked)

    @property
    def ok(self) -> bool:
        chain_ok = self.chain is None or self.chain.ok
        return self.integrity == "ok" and all(table.ok for table in self.tables) and chain_ok


def backup_kind(path: Path) -> str:
    """ "sqlite" or "postgresql", by the file's signature."""
    with open(path, "rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise RestoreError(f"{path} is neither a SQLite database nor a pg_dump custom-format file")


def backup_counts(path: Path) -> dict[str, int]:
    """Rows per table as the backup file holds them, counted in the file itself."""
    if backup_kind(path) == "sqlite":
        copy = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return sqlite_counts(copy)
        finally:
            copy.close()
    return dict(_dump_counts(Path(path)))


def _dump_counts(path: Path) -> Iterator[tuple[str, int]]:
    """Count the rows of each COPY block of the dump's data (one line per row in COPY's text format,
    where newlines inside values are escaped), streaming: the dump is never held in memory."""
    command = [find_pg_tool("pg_restore"), "--data-only", "--file=-", str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        table: str | None = None
        rows = 0
        for line in process.stdout:
            if table is None:
                if line.startswith("COPY "):
                    table = _copy_table(line)
                    rows = 0
            elif line == "\\.\n":
                yield table, rows
                table = None
            else:
                rows += 1
        error = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        raise RestoreError(f"pg_restore could not read {path}: {error.strip() or process.returncode}")


def _copy_table(line: str) -> str:
    """'COPY t_1.users (id, ...) FROM stdin;' -> 't_1.users' (identifiers unquoted)."""
    name = line[len("COPY ") :].split(" (", 1)[0].split(" FROM ", 1)[0]
    return ".".join(part.strip('"').replace('""', '"') for part in _split_qualified(name))


def _split_qualified(name: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in name:
        if char == '"':
            quoted = not quoted
        if char == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def restore_database(
    source: Path, target_url: str, *, force: bool = False, witness_path: Path | None = None
) -> RestoreResult:
    """Restore a backup into the database at `target_url`, which must be empty (no tables) unless
    `force`; then check its integrity, that every table holds the backup's number of rows, and its
    audit chain, record the restore in the trail, and its head in the witness file (a restore
    legitimately takes the trail back to the backup's)."""
    source = Path(source)
    if not source.is_file():
        raise RestoreError(f"no backup file at {source}")
    kind = backup_kind(source)
    url = make_url(target_url)
    if url.get_backend_name() != kind:
        raise RestoreError(
            f"{source} is a {kind} backup; it cannot be restored into a {url.get_backend_name()} database"
        )
    started = time.monotonic()
    expected = backup_counts(source)
    if kind == "sqlite":
        integrity, check, restored = _restore_sqlite(source, url, force=force)
    else:
        integrity, check, restored = _restore_postgres(source, url, expected, force=force)
    tables = [TableCheck(name, count, restored.get(name)) for name, count in sorted(expected.items())]
    chain = check_restored_chain(url, source=source, witness_path=witness_path)
    return RestoreResult(
        target=url.render_as_string(hide_password=True),
        integrity=integrity,
        check=check,
        tables=tables,
        seconds=time.monotonic() - started,
        chain=chain,
    )


def _restore_sqlite(source: Path, url: URL, *, force: bool) -> tuple[str, str, dict[str, int]]:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise RestoreError("a SQLite database is restored only into a file")
    target_path = Path(database)
    if target_path.exists():
        existing = sqlite3.connect(target_path)
        try:
            tables = sqlite_tables(existing)
        finally:
            existing.close()
        if tables and not force:
            raise RestoreError(
                f"the database at {target_path} is not empty ({len(tables)} tables); restore into a new "
                "file, or pass --force to replace its contents"
            )
    target_path.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        # The backup API replaces the target page by page under its own lock: never a half-copied
        # file for a reader, and the same path the backup took.
        copy.backup(target, pages=-1)
        rows = [row[0] for row in target.execute("PRAGMA integrity_check").fetchall()]
        counts = sqlite_counts(target)
    finally:
        target.close()
        copy.close()
    return ("ok" if rows == ["ok"] else "; ".join(rows)), "PRAGMA integrity_check", counts


def _restore_postgres(
    source: Path, url: URL, expected: dict[str, int], *, force: bool
) -> tuple[str, str, dict[str, int]]:
    from sqlalchemy import create_engine

    engine = create_engine(url.set(drivername="postgresql+psycopg"), connect_args={"connect_timeout": 10})
    try:
        with engine.connect() as connection:
            existing = pg_counts(connection, None)
        if existing and not force:
            raise RestoreError(
                f"the database {url.database} is not empty ({len(existing)} tables); restore into a new "
                "database (createdb), or pass --force to replace what the backup holds"
            )
        plain, env = libpq_url(url)
        command = [find_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        # In one transaction that stops at the first error: either all of it is restored, or nothing.
        try:
            run_tool([*command, "--no-password", f"--dbname={plain}", str(source)], env, "pg_restore")
        except BackupError as exc:
            raise RestoreError(f"{exc}; nothing was restored (one transaction)") from exc
        with engine.connect() as connection:
            restored = pg_counts(connection, None)
            # Every foreign key and check constraint was validated as
            # pg_restore created it; a constraint left NOT VALID would be a damaged restore.
            invalid = connection.execute(
                text("SELECT count(*) FROM pg_constraint WHERE NOT convalidated")
            ).scalar_one()
    finally:
        engine.dispose()
    integrity = "ok" if invalid == 0 else f"{invalid} constraints not validated"
    missing = sorted(set(expected) - set(restored))
    if missing:
        integrity = f"tables missing after the restore: {', '.join(missing)}"
    return integrity, "pg_restore in one transaction; constraints validated", restored
