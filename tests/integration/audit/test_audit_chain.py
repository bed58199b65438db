"""The audit trail's hash chain on both databases: each event's hash covers its content and the hash
before it, alike on SQLite and PostgreSQL; parallel writers keep one chain; the migration chains the
events already there; SQLite refuses REPLACE onto an event; the witness file only moves forward; on
PostgreSQL the app's role can append and read the trail, never change or remove it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import cli, migrate
from osloreg.audit import chain as audit_chain
from osloreg.audit import verify as audit_verify
from osloreg.audit import witness as audit_witness
from osloreg.audit.chain import GENESIS
from osloreg.db import make_engine, read_session
from osloreg.models import AuditEvent
from osloreg.services.base import SYSTEM
from osloreg.services.projects import create_project
from tests.integration.audit.audit_rows import attach, check, rows, url_of, write_projects


def _expected_hash(row: sa.Row) -> str:
    """The hash as the README defines it, computed here on its own: SHA-256 over the previous hash's
    64 hex digits and the event as JSON (keys sorted, no spaces, UTF-8, time in UTC microseconds)."""
    content = [
        1,
        row.id,
        row.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        row.actor_user_id,
        row.actor_name,
        row.action,
        row.entity,
        row.entity_id,
        row.before,
        row.after,
    ]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(row.prev_hash.encode() + text.encode("utf-8")).hexdigest()


def test_each_event_hashes_its_content_and_the_hash_before_it(engine, tmp_path):
    witness = attach(engine, tmp_path)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    write_projects(engine, 3)
    trail = rows(engine)

    assert [row.prev_hash for row in trail] == [GENESIS] + [row.hash for row in trail[:-1]]
    assert [row.hash for row in trail] == [_expected_hash(row) for row in trail]
    # The app stamps the time (not a server default), in order, in UTC.
    assert all(
        started - dt.timedelta(seconds=5) <= row.at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for row in trail
    )
    assert [row.at for row in trail] == sorted(row.at for row in trail)
    verdict = check(engine, witness)
    assert verdict.ok and verdict.events == 3 and verdict.head_id == trail[-1].id
    assert verdict.witness is not None and (verdict.witness.id, verdict.witness.hash) == (
        trail[-1].id,
        trail[-1].hash,
    )


def test_an_event_hashes_alike_on_sqlite_and_postgresql(sqlite_engine, postgres_engine):
    # What the databases might each return differently: microseconds, key order, floats that look
    # like integers, large integers, text beyond ASCII, nesting, booleans and nulls.
    at = dt.datetime(2026, 3, 29, 0, 59, 59, 123456)
    after = {"ø": "Æ ø å", "b": 1.0, "a": [0.1, 2, 10**18, None, True], "c": {"z": 1, "y": {"x": "«»"}}}
    hashes = {}
    for engine in (sqlite_engine, postgres_engine):
        with read_session(engine) as session:
            session.add(
                AuditEvent(at=at, actor_name="Åse", action="t.e", entity="e", entity_id=7, after=after)
            )
            session.commit()
        (row,) = rows(engine)
        assert row.at == at and row.after == after
        hashes[engine.dialect.name] = row.hash
        assert row.hash == _expected_hash(row) == audit_chain.event_hash(GENESIS, {**row._mapping})
    assert hashes["sqlite"] == hashes["postgresql"]


def test_parallel_writers_keep_one_chain_in_id_order(engine):
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def write(writer: int) -> None:
        try:
            start.wait()
            with read_session(engine) as session:
                for n in range(8):
                    create_project(session, actor=SYSTEM, title=f"Skriver {writer} nr. {n}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    verdict = check(engine, None)
    assert verdict.ok, verdict.summary()
    assert verdict.events == 48
    trail = rows(engine)
    assert [row.at for row in trail] == sorted(row.at for row in trail)


def _legacy_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT id, at, actor_name, action, entity, entity_id, after FROM audit_events ORDER BY id"
            )
        ).all()


def test_the_migration_chains_the_events_already_there_and_says_so_in_the_trail(engine):
    migrate.downgrade(engine, "0007")
    with engine.begin() as connection:
        # As earlier versions wrote them: the second is a step back in time (two writers racing on
        # PostgreSQL could do that), the JSON in another key order and spacing.
        connection.exec_driver_sql(
            "INSERT INTO audit_events (at, actor_name, action, entity, entity_id, after) VALUES "
            "('2026-01-05 10:00:00.500000', 'system', 'demo.load', 'demo', NULL, "
            '\'{"b":1.0, "a": [1, 2]}\'), '
            "('2026-01-05 09:59:59', 'koordinator', 'project.create', 'project', 3, NULL), "
            "('2026-01-06 08:00:00', 'admin', 'user.create', 'users', 1, '{\"username\": \"ole\"}')"
        )
    before = _legacy_rows(engine)

    migrate.upgrade(engine)

    assert migrate.schema_drift(engine) == []
    trail = rows(engine)
    assert _legacy_rows(engine)[:3] == before  # nothing of them changed
    marker = trail[3]
    assert (marker.action, marker.entity) == (audit_chain.CHAIN_ACTION, audit_chain.CHAIN_ENTITY)
    assert marker.after == {"carried_forward": 3, "through_id": before[-1][0]}
    write_projects(engine, 1)
    verdict = check(engine, None)
    assert verdict.ok, verdict.summary()
    assert verdict.events == 5


def test_sqlite_refuses_replace_onto_an_event_and_upserts(sqlite_engine):
    write_projects(sqlite_engine, 2)
    first, second = rows(sqlite_engine)
    path = sqlite_engine.url.database
    columns = "id, at, actor_name, action, entity, prev_hash, hash"
    forged = "'2026-01-01 00:00:00', 'system', 'login.success', 'users', ?, ?"
    attempts = [
        (
            f"INSERT OR REPLACE INTO audit_events ({columns}) VALUES (?, {forged})",
            (first.id, first.prev_hash, first.hash),
        ),
        (
            f"REPLACE INTO audit_events ({columns}) VALUES (?, {forged})",
            (first.id, first.prev_hash, first.hash),
        ),
        # A new id that takes the first event's place in the chain (its prev_hash) would replace it too.
        (f"REPLACE INTO audit_events ({columns}) VALUES (?, {forged})", (99, first.prev_hash, "f" * 64)),
        (
            f"INSERT INTO audit_events ({columns}) VALUES (?, {forged}) "
            "ON CONFLICT(id) DO UPDATE SET actor_name = 'system'",
            (first.id, first.prev_hash, first.hash),
        ),
    ]
    connection = sqlite3.connect(path)
    try:
        for statement, parameters in attempts:
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement, parameters)
            connection.rollback()
    finally:
        connection.close()
    assert rows(sqlite_engine) == [first, second]


def test_the_witness_moves_only_forward_with_many_writers_and_a_restore_may_rewind_it(tmp_path):
    witness = audit_witness.Witness(tmp_path / "w" / "audit_witness", "sqlite:/db")
    other = audit_witness.Witness(witness.path, "sqlite:/other-db")
    ids = list(range(1, 401))
    random.Random(7).shuffle(ids)

    def advance(chunk: list[int]) -> None:
        for event_id in chunk:
            audit_witness.advance(witness, event_id, f"{event_id:064x}")

    threads = [threading.Thread(target=advance, args=(ids[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    audit_witness.advance(other, 3, "3" * 64)
    assert audit_witness.read(witness).id == 400 and audit_witness.read(witness).hash == f"{400:064x}"
    assert audit_witness.read(other).id == 3  # one file, one head per database

    replaced = audit_witness.record(witness, 120, "a" * 64, reason="restore of backup.sqlite3")
    assert replaced.id == 400 and audit_witness.read(witness).id == 120
    (note,) = audit_witness.rewinds(witness)
    assert (
        note["from"]["id"] == 400
        and note["to"]["id"] == 120
        and note["reason"] == "restore of backup.sqlite3"
    )

    witness.path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(audit_witness.WitnessError, match="damaged"):
        audit_witness.read(witness)


def test_a_damaged_witness_file_fails_the_check(sqlite_engine, tmp_path):
    witness = attach(sqlite_engine, tmp_path)
    write_projects(sqlite_engine, 1)
    witness.path.write_text(
        '{"heads": ', encoding="utf-8"
    )  # as a crash in the middle of a write might leave it
    verdict = check(sqlite_engine, witness)
    assert not verdict.ok and verdict.broken.reason == "witness_unreadable"
    assert verdict.summary().startswith("FAIL: the witness: the witness file cannot be read")


# --- PostgreSQL: the app's role ------------------------------------------------------------------------


@pytest.fixture
def app_role(postgres_engine: Engine, postgres_server: str, monkeypatch: pytest.MonkeyPatch):
    """A login role for the app, granted by the migration (run by the owner) through
    OSLOREG_DATABASE_APP_ROLE, and an engine that logs in as it; dropped afterwards."""
    role = f"osloreg_app_{uuid.uuid4().hex[:10]}"
    with postgres_engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
    monkeypatch.setenv("OSLOREG_DATABASE_APP_ROLE", role)
    migrate.downgrade(postgres_engine, "0007")
    migrate.upgrade(postgres_engine)
    url = sa.engine.make_url(url_of(postgres_engine)).set(username=role)
    app = make_engine(url.render_as_string(hide_password=False))
    try:
        yield role, app
    finally:
        app.dispose()
        with postgres_engine.begin() as connection:
            connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')


REFUSED = [
    "UPDATE audit_events SET actor_name = 'x'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "DROP TABLE audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
    "CREATE TRIGGER t BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
]


def test_the_app_role_appends_and_reads_but_cannot_change_or_remove_events(app_role):
    role, app = app_role
    write_projects(app, 2)  # a service write as the app's role: chained, under the advisory lock
    with read_session(app) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 2
    refusals = {}
    for statement in REFUSED:
        try:
            with app.begin() as connection:
                connection.exec_driver_sql(statement)
            refusals[statement] = "allowed"
        except sa.exc.ProgrammingError as exc:
            refusals[statement] = type(exc.orig).__name__
    assert refusals == dict.fromkeys(REFUSED, psycopg.errors.InsufficientPrivilege.__name__)
    assert check(app, None).ok


def _check_config(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, url: str, var_dir: Path):
    monkeypatch.setenv("OSLOREG_ENV", "production")
    monkeypatch.setenv("OSLOREG_COOKIE_KEY", "k" + uuid.uuid4().hex + uuid.uuid4().hex)
    monkeypatch.setenv("OSLOREG_VAR_DIR", str(var_dir))
    monkeypatch.setenv("OSLOREG_ACCESSIBILITY_CONTACT", "uu@osloregionen.example")
    code = cli.main(["--database-url", url, "check-config"])
    return code, capsys.readouterr().out


def test_check_config_in_production_refuses_an_app_role_that_could_change_the_trail(
    app_role, postgres_engine, monkeypatch, capsys, tmp_path
):
    role, app = app_role
    code, out = _check_config(monkeypatch, capsys, app.url.render_as_string(hide_password=False), tmp_path)
    assert code == 0, out
    assert "ok    audit trail: the app's role can only read and append to audit_events" in out

    # The test server's owner is a superuser, as a careless set-up would run the app.
    code, out = _check_config(monkeypatch, capsys, url_of(postgres_engine), tmp_path)
    assert code == 1
    assert "FAIL  audit trail: the app's role postgres is a superuser" in out
    assert "FAIL  audit trail: the app's role postgres owns audit_events" in out

    with postgres_engine.begin() as connection:
        connection.exec_driver_sql(f'GRANT UPDATE, TRUNCATE ON audit_events TO "{role}"')
    code, out = _check_config(monkeypatch, capsys, app.url.render_as_string(hide_password=False), tmp_path)
    assert code == 1
    assert f"FAIL  audit trail: the app's role {role} holds UPDATE, TRUNCATE on audit_events" in out


def test_the_chain_is_read_in_batches(sqlite_engine):
    # A trail longer than a batch is walked whole, in order, and the count says so.
    with read_session(sqlite_engine) as session, session.begin():
        audit_chain.append(session.connection(), [{"actor_name": "t", "action": "a", "entity": "e"}] * 25)
    with sqlite_engine.connect() as connection:
        seen: list[int] = []
        verdict = audit_verify.verify(connection, witness=None, batch=10, progress=seen.append)
    assert verdict.ok and verdict.events == 25 and seen == [10, 20, 25]
    assert [row.id for row in rows(sqlite_engine)] == list(range(1, 26))


def _insert_steps(path: str) -> int:
    """SQLite virtual-machine steps one new event's INSERT takes, its triggers included."""
    head = (
        sqlite3.connect(path).execute("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    )
    connection = sqlite3.connect(path, isolation_level=None)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    connection.set_progress_handler(count, 1)
    connection.execute("BEGIN")
    connection.execute(
        "INSERT INTO audit_events (id, at, actor_name, action, entity, prev_hash, hash) "
        "VALUES (?, '2030-01-01 00:00:00', 't', 'a', 'e', ?, ?)",
        (head[0] + 1, head[1], "e" * 64),
    )
    connection.execute("ROLLBACK")
    connection.close()
    return steps[0]


def test_an_audited_insert_costs_no_more_on_a_long_trail_than_on_a_short_one(sqlite_engine):
    # The triggers look the new event's id and place up in their indexes; a scan of the trail would
    # make every audited write slower as the trail grows. Statistics gathered on a trail of one event
    # (as the demo loader leaves it: one event, then ANALYZE) made SQLite scan for one EXISTS with an
    # OR: 14 ms a write once the trail held 100,000 events.
    path = sqlite_engine.url.database
    with sqlite_engine.begin() as connection:
        audit_chain.append(connection, [{"actor_name": "t", "action": "a", "entity": "e"}])
        connection.exec_driver_sql("ANALYZE")
    short = _insert_steps(path)
    with sqlite_engine.begin() as connection:
        audit_chain.append(connection, [{"actor_name": "t", "action": "a", "entity": "e"}] * 3000)
    long = _insert_steps(path)
    assert long < short * 1.5, (short, long)
