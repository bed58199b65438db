"""Backups are consistent while the database is written to, checked, never overwrite a file, and
restore into an empty database with the rows of their snapshot."""

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

from osloreg.audit import chain as audit_chain
from osloreg.audit import witness as audit_witness
from osloreg.backup import BackupError, backup_database, default_backup_path, find_pg_tool, libpq_url
from osloreg.db import make_engine, read_session, write_engine, write_session
from osloreg.models import User
from osloreg.restore import RestoreError, backup_counts, restore_database
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.integration.audit.audit_rows import attach, check, rows, write_projects

WRITERS = 4
WRITE_SECONDS = 1.0
PASSWORD = "tre blå hester i snøen"  # meets the password policy


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
            session, actor=SYSTEM, username="kari", display_name="Kari", password=PASSWORD, roles=["viewer"]
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


# --- Backup under load, then restore -------------------------------------------------------------

RESTORE_WRITERS = 10
RESTORE_WRITE_SECONDS = 1.0


def _audit_table(counts: dict[str, int]) -> str:
    (name,) = [name for name in counts if name.split(".")[-1] == "audit_events"]
    return name


def test_a_backup_taken_while_ten_threads_write_restores_with_the_counts_of_its_snapshot(
    engine, restore_target, tmp_path
):
    writer_engine = write_engine(engine)
    committed: list[tuple[int, int]] = []  # appended only after the commit returned
    errors: list[BaseException] = []
    stop = threading.Event()

    def write(writer: int) -> None:
        n = 0
        try:
            while not stop.is_set():
                with writer_engine.begin() as connection:
                    audit_chain.append(
                        connection,
                        [
                            dict(
                                actor_name=f"writer-{writer}",
                                action="probe",
                                entity=f"w{writer}",
                                entity_id=n,
                            )
                        ],
                    )
                committed.append((writer, n))
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(RESTORE_WRITERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(RESTORE_WRITE_SECONDS / 3)
    before = set(committed)
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    result = backup_database(engine, tmp_path / f"backup{suffix}")
    time.sleep(max(0.0, RESTORE_WRITE_SECONDS - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert result.ok, result.integrity
    assert len(committed) > len(before), "the writers were not writing while the backup ran"

    in_backup = result.counts[_audit_table(result.counts)]
    assert len(before) <= in_backup < len(committed), "the backup is not a snapshot taken in between"
    # What the file holds, counted in the file, is what was counted in the snapshot.
    assert backup_counts(result.path) == result.counts

    target = restore_target(engine)
    restored = restore_database(result.path, target)

    assert restored.ok and restored.integrity == "ok", restored
    assert {table.table: table.restored for table in restored.tables} == result.counts
    # The restored trail is one chain, hashed as the original hashed it, and the restore is its newest event.
    assert restored.chain.ok and restored.chain.verdict.events == in_backup, restored.chain.text
    with engine.connect() as connection:
        original = connection.execute(
            sa.select(audit_chain.EVENTS.c.hash).where(
                audit_chain.EVENTS.c.id == restored.chain.verdict.head_id
            )
        ).scalar_one()
    assert restored.chain.verdict.head_hash == original
    assert result.counts[_audit_table(result.counts).replace("audit_events", "alembic_version")] == 1
    check = make_engine(target)
    try:
        with check.connect() as connection:
            schema = _audit_table(result.counts).rpartition(".")[0]
            table = f'"{schema}".audit_events' if schema else "audit_events"
            rows = set(
                connection.execute(
                    sa.text(f"SELECT entity, entity_id FROM {table} WHERE action = 'probe'")  # noqa: S608
                ).all()
            )
    finally:
        check.dispose()
    rows = {(int(entity[1:]), n) for entity, n in rows}
    assert before <= rows <= set(committed)
    for writer in range(RESTORE_WRITERS):
        numbers = sorted(n for w, n in rows if w == writer)
        assert numbers == list(range(len(numbers))), "a snapshot holds each writer's rows without gaps"


def test_a_restore_refuses_a_database_that_is_not_empty_and_leaves_it_alone(engine, tmp_path):
    with write_session(engine) as session:
        create_user(
            session, actor=SYSTEM, username="kari", display_name="Kari", password=PASSWORD, roles=["viewer"]
        )
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, tmp_path / f"backup{suffix}")
    with write_session(engine) as session:
        create_user(
            session, actor=SYSTEM, username="ola", display_name="Ola", password=PASSWORD, roles=["viewer"]
        )
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        url = engine.url.set(query={"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    with pytest.raises(RestoreError, match="not empty"):
        restore_database(backup.path, url)
    with read_session(engine) as session:
        assert sorted(session.scalars(sa.select(User.username))) == ["kari", "ola"]


def test_a_restore_refuses_a_file_that_is_no_backup_or_of_the_other_kind(sqlite_engine, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(RestoreError, match="neither a SQLite database nor a pg_dump"):
        restore_database(junk, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    backup = backup_database(sqlite_engine, tmp_path / "backup.sqlite3")
    with pytest.raises(RestoreError, match="cannot be restored into a postgresql database"):
        restore_database(backup.path, "postgresql+psycopg://postgres@127.0.0.1:5432/nowhere")
    assert not (tmp_path / "new.sqlite3").exists()


def _url_with_schema(engine: sa.Engine) -> str:
    if engine.dialect.name == "sqlite":
        return engine.url.render_as_string(hide_password=False)
    with engine.connect() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    return engine.url.set(query={"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def test_a_restore_of_an_older_backup_is_recorded_in_the_trail_and_verifies_afterwards(engine, tmp_path):
    witness = attach(engine, tmp_path)
    write_projects(engine, 2)
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, tmp_path / f"backup{suffix}")
    newest = write_projects(engine, 2, first=3)[-1]
    assert audit_witness.read(witness).id == newest
    url = _url_with_schema(engine)
    engine.dispose()

    restored = restore_database(backup.path, url, force=True, witness_path=witness.path)

    assert restored.ok, restored
    assert restored.chain.ok and restored.chain.verdict.events == 2  # the two projects in the backup
    trail = rows(engine)
    assert len(trail) == 3 and trail[-1].id == restored.chain.event_id
    assert (trail[-1].action, trail[-1].after["backup"]) == ("backup.restored", backup.path.name)
    assert trail[-1].after["witness_before"]["id"] == newest  # what the restore took the trail back from
    verdict = check(engine, witness)
    assert verdict.ok and verdict.witness.id == trail[-1].id, verdict.summary()
    (note,) = audit_witness.rewinds(witness)
    assert note["from"]["id"] == newest and note["reason"] == f"restore of {backup.path.name}"
