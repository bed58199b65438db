"""Backups are consistent while the database is written to, checked, and never overwrite a file."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from osloreg.backup import BackupError, backup_database, default_backup_path, find_pg_tool, libpq_url
from osloreg.db import make_engine, write_engine, write_session
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user

WRITERS = 4
WRITE_SECONDS = 1.0


def test_sqlite_backup_is_a_consistent_snapshot_while_four_threads_write(sqlite_engine, tmp_path):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE probe (writer INTEGER, n INTEGER, PRIMARY KEY (writer, n))")
    writer_engine = write_engine(sqlite_engine)
    committed: list[tuple[int, int]] = []  # appended only after the commit returned
    errors: list[BaseException] = []
    stop = threading.Event()

    def write(writer: int) -> None:
        n = 0
        try:
            while not stop.is_set():
                with writer_engine.begin() as connection:
                    connection.exec_driver_sql("INSERT INTO probe VALUES (?, ?)", (writer, n))
                committed.append((writer, n))
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(WRITE_SECONDS / 3)
    before = set(committed)
    result = backup_database(sqlite_engine, tmp_path / "backup.sqlite3")
    time.sleep(max(0.0, WRITE_SECONDS - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join()

    assert errors == []
    assert result.integrity == "ok" and result.ok
    assert result.bytes == result.path.stat().st_size > 0
    assert len(committed) > len(before), "the writers were not writing while the backup ran"
    with sqlite3.connect(result.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # One self-contained file: no WAL left to carry beside it.
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        rows = set(copy.execute("SELECT writer, n FROM probe").fetchall())
    copy.close()
    assert before <= rows, "rows committed before the backup started are missing from it"
    assert rows <= set(committed)
    for writer in range(WRITERS):
        numbers = sorted(n for w, n in rows if w == writer)
        # A snapshot holds each writer's rows up to some point, with no gaps.
        assert numbers == list(range(len(numbers)))
    assert not Path(f"{result.path}-wal").exists()


def test_a_backup_never_overwrites_an_existing_file(sqlite_engine, tmp_path):
    destination = tmp_path / "backup.sqlite3"
    destination.write_bytes(b"an older backup")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(sqlite_engine, destination)
    assert destination.read_bytes() == b"an older backup"


def test_a_missing_sqlite_database_is_not_created_by_a_backup(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    engine = make_engine(f"sqlite:///{missing}")
    try:
        with pytest.raises(BackupError, match="no database"):
            backup_database(engine, tmp_path / "backup.sqlite3")
    finally:
        engine.dispose()
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_default_backup_names_carry_the_time_and_the_kind_of_database(sqlite_engine, tmp_path):
    now = dt.datetime(2026, 3, 4, 5, 6, 7)
    assert default_backup_path(sqlite_engine, tmp_path, now) == tmp_path / "osloreg-20260304-050607.sqlite3"


def test_the_password_goes_to_pg_dump_through_the_environment_not_the_command_line():
    url = make_url("postgresql+psycopg://osloreg:s3cr%40t@db.example:5433/osloreg?options=-csearch_path%3Dx")
    plain, env = libpq_url(url)
    assert plain == "postgresql://osloreg@db.example:5433/osloreg?options=-csearch_path%3Dx"
    assert env == {"PGPASSWORD": "s3cr@t"}


def test_postgres_backup_is_a_custom_format_dump_of_the_schema_in_use(postgres_engine, tmp_path):
    with write_session(postgres_engine) as session:
        create_user(
            session, actor=SYSTEM, username="kari", display_name="Kari", password="x" * 12, roles=["viewer"]
        )
    with postgres_engine.connect() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()

    result = backup_database(postgres_engine, tmp_path / "backup.dump")

    assert result.ok, result.integrity
    assert result.bytes > 0
    assert result.path.read_bytes()[:5] == b"PGDMP"  # the custom format's signature
    listing = subprocess.run(
        [find_pg_tool("pg_restore"), "--list", str(result.path)], capture_output=True, text=True, check=True
    ).stdout
    entries = [line for line in listing.splitlines() if line and not line.startswith(";")]
    for table in ("users", "user_roles", "audit_events", "alembic_version"):
        assert any(f" TABLE {schema} {table} " in line for line in entries), table
        assert any(f" TABLE DATA {schema} {table} " in line for line in entries), table
    tables = [line for line in entries if " TABLE " in line]
    # Only this test's schema: other runs' schemas in the same database are not swept in.
    assert all(f" {schema} " in line for line in tables)
