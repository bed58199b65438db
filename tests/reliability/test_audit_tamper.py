"""Tampering with the audit trail in the database itself, past the app (SQLite with sqlite3 and the
file's bytes, PostgreSQL as the owner), seven ways on each database: `audit verify`, check-config and
the admin page each name the first event that does not match; and how fast the whole trail is checked."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import cli, i18n
from osloreg.audit import chain as audit_chain
from osloreg.audit import witness as audit_witness
from osloreg.db import make_engine, read_session
from tests.integration.audit.audit_rows import attach, check, rows, url_of, write_projects
from tests.pages.conftest import add_users, app_database, page_test

ADMIN = {"admin": "admin"}
TRAIL = 6  # events written by the app before each tampering (and one for the admin user)


@dataclass
class Trail:
    """A database with a trail written through the services, its witness, and how to reach it."""

    engine: Engine
    url: str
    var_dir: Path
    witness: audit_witness.Witness
    ids: list[int]  # the projects' events, oldest first

    @property
    def sqlite_path(self) -> Path:
        return Path(self.engine.url.database)

    def sqlite(self) -> sqlite3.Connection:
        """The file opened with sqlite3 itself, in autocommit: no app, no SQLAlchemy."""
        return sqlite3.connect(self.sqlite_path, isolation_level=None)

    def owner(self, *statements: str) -> None:
        """PostgreSQL, as the owner (the test server's superuser), in one transaction."""
        with self.engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)


@contextmanager
def _trail(database: str, request: pytest.FixtureRequest, directory: Path) -> Iterator[Trail]:
    directory.mkdir(parents=True)
    if database == "sqlite":
        path = directory / "osloreg.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield _written(engine, directory)
        finally:
            engine.dispose()
    else:
        with request.getfixturevalue("postgres_template").clone() as engine:
            yield _written(engine, directory)


def _written(engine: Engine, var_dir: Path) -> Trail:
    witness = attach(engine, var_dir)
    with read_session(engine) as session:
        add_users(session, ADMIN)
    ids = write_projects(engine, TRAIL)
    return Trail(engine, url_of(engine), var_dir, witness, ids)


# --- Seven ways, each returning the event that must be named and why --------------------------------


def edited_field(trail: Trail) -> tuple[int, str]:
    """A title inside an event's `after`, changed: SQLite in the file's bytes (no trigger can see
    that, and the file still passes integrity_check); PostgreSQL as the owner, trigger disabled."""
    target = trail.ids[2]
    if trail.engine.dialect.name == "sqlite":
        trail.engine.dispose()
        with trail.sqlite() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        data = trail.sqlite_path.read_bytes()
        old, new = b'"title": "Tittel-003"', b'"title": "Tittel-999"'
        assert data.count(old) == 1
        trail.sqlite_path.write_bytes(data.replace(old, new))
        with trail.sqlite() as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
    else:
        trail.owner(
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
            f"UPDATE audit_events SET after = replace(after::text, 'Tittel-003', 'Tittel-999')::json "
            f"WHERE id = {target}",
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only",
        )
    return target, "hash_differs"


def deleted_row(trail: Trail) -> tuple[int, str]:
    target = trail.ids[2]
    if trail.engine.dialect.name == "sqlite":
        connection = trail.sqlite()
        connection.execute("DROP TRIGGER audit_events_no_delete")
        connection.execute("DELETE FROM audit_events WHERE id = ?", (target,))
        connection.close()
    else:
        trail.owner(
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
            f"DELETE FROM audit_events WHERE id = {target}",
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only",
        )
    return trail.ids[3], "not_linked"


_FORGED = "'system', NULL, 'login.success', 'users', 1"


def replaced_row(trail: Trail) -> tuple[int, str]:
    """Review attempt #58: the event replaced by another that reads `system` `login.success`, keeping
    its place (id, at) and its hashes. SQLite refuses INSERT OR REPLACE now; dropping the trigger
    first gets it through, and the chain shows it."""
    target = next(row for row in rows(trail.engine) if row.id == trail.ids[2])
    columns = "id, at, actor_name, actor_user_id, action, entity, entity_id, prev_hash, hash"
    values = (target.id, str(target.at), target.prev_hash, target.hash)
    statement = f"INSERT OR REPLACE INTO audit_events ({columns}) VALUES (?, ?, {_FORGED}, ?, ?)"
    if trail.engine.dialect.name == "sqlite":
        connection = trail.sqlite()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement, values)
        connection.execute("DROP TRIGGER audit_events_no_replace")
        connection.execute(statement, values)
        connection.close()
    else:
        with trail.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            connection.exec_driver_sql(
                f"INSERT INTO audit_events ({columns}) VALUES (%s, %s, {_FORGED}, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET actor_name = EXCLUDED.actor_name, actor_user_id = NULL, "
                "action = EXCLUDED.action",
                values,
            )
            connection.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    return target.id, "hash_differs"


def back_dated_insert(trail: Trail) -> tuple[int, str]:
    """Review attempt #60, by someone who also knows how the hashes are made: a decision by the
    director on 1 January 2020, appended with a correct link and hash. Only its time gives it away."""
    head = rows(trail.engine)[-1]
    if trail.engine.dialect.name == "sqlite":
        new_id = head.id + 1
    else:
        with trail.engine.connect() as connection:
            new_id = connection.exec_driver_sql("SELECT nextval('audit_events_id_seq')").scalar_one()
    forged = {
        "id": new_id,
        "at": dt.datetime(2020, 1, 1, 12, 0),
        "actor_user_id": None,
        "actor_name": "direktor",
        "action": "decision.make",
        "entity": "advice",
        "entity_id": 1,
        "before": None,
        "after": {"outcome": "followed"},
    }
    forged["prev_hash"] = head.hash
    forged["hash"] = audit_chain.event_hash(head.hash, forged)
    with trail.engine.begin() as connection:  # a plain INSERT: the triggers never refused those
        connection.execute(sa.insert(audit_chain.EVENTS), [forged])
    return new_id, "time_backwards"


def dropped_trigger_then_edit(trail: Trail) -> tuple[int, str]:
    target = trail.ids[1]
    if trail.engine.dialect.name == "sqlite":
        connection = trail.sqlite()
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("UPDATE audit_events SET actor_name = 'direktor' WHERE id = ?", (target,))
        connection.close()
    else:
        trail.owner(
            "DROP TRIGGER audit_events_append_only ON audit_events",
            f"UPDATE audit_events SET actor_name = 'direktor' WHERE id = {target}",
        )
    return target, "hash_differs"


def swapped_older_copy(trail: Trail) -> tuple[int, str]:
    """Review attempt #61: an older copy put back after more was written (SQLite: the file; PostgreSQL:
    the newest events deleted by the owner). The chain of the copy holds together; the witness does
    not find the newest event the app wrote."""
    if trail.engine.dialect.name == "sqlite":
        copy = trail.sqlite_path.with_name("copy.sqlite3")
        source, target = trail.sqlite(), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        newest = write_projects(trail.engine, 2, first=50)[-1]
        trail.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{trail.sqlite_path}{suffix}").unlink(missing_ok=True)
        os.replace(copy, trail.sqlite_path)
    else:
        newest = write_projects(trail.engine, 2, first=50)[-1]
        trail.owner(
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
            f"DELETE FROM audit_events WHERE id > {trail.ids[-1]}",
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only",
        )
    assert check(trail.engine, None).ok  # the chain alone cannot tell
    return newest, "witness_missing"


def recomputed_chain(trail: Trail) -> tuple[int, str]:
    """An edit, then every hash from there on computed anew: the chain holds together again, and only
    the witness outside the database can tell."""
    events = rows(trail.engine)
    target = trail.ids[1]
    changed = [{**row._mapping} for row in events]
    prev_hash = audit_chain.GENESIS
    for row in changed:
        if row["id"] == target:
            row["actor_name"] = "direktor"
        row["prev_hash"], row["hash"] = prev_hash, audit_chain.event_hash(prev_hash, row)
        prev_hash = row["hash"]
    updates = [
        (row["actor_name"], row["prev_hash"], row["hash"], row["id"])
        for row in changed
        if row["id"] >= target
    ]
    statement = "UPDATE audit_events SET actor_name = {p}, prev_hash = {p}, hash = {p} WHERE id = {p}"
    if trail.engine.dialect.name == "sqlite":
        connection = trail.sqlite()
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.executemany(statement.format(p="?"), updates)
        connection.close()
    else:
        with trail.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            connection.exec_driver_sql(statement.format(p="%s"), updates)
            connection.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    assert check(trail.engine, None).ok  # the chain alone cannot tell
    return events[-1].id, "witness_differs"


WAYS: dict[str, Callable[[Trail], tuple[int, str]]] = {
    "edited field": edited_field,
    "deleted row": deleted_row,
    "replaced row": replaced_row,
    "back-dated insert": back_dated_insert,
    "dropped trigger then edit": dropped_trigger_then_edit,
    "swapped older copy": swapped_older_copy,
    "recomputed chain": recomputed_chain,
}


# --- Where it must show ------------------------------------------------------------------------------


def _cli(args: list[str], trail: Trail, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--database-url", trail.url, *args])
    return code, capsys.readouterr().out


def _admin_page(trail: Trail, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The audit tab's errors on load (the newest events and the witness), then after "check the
    whole trail"."""
    with app_database(trail.url, monkeypatch, trail.var_dir):
        at = page_test("pages/admin.py", username="admin")
        at.session_state["admin_tab"] = i18n.translate("admin.tab.audit", "nb")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        on_load = [error.value for error in at.error]
        at.button(key="audit_chain_check").click().run()
        assert not at.exception, [e.value for e in at.exception]
        return on_load, [error.value for error in at.error]


def _caught(trail: Trail, expected: tuple[int, str], monkeypatch, capsys) -> dict[str, bool]:
    event_id, reason = expected
    verdict = check(trail.engine, trail.witness)
    found = verdict.broken is not None and (verdict.broken.event_id, verdict.broken.reason) == (
        event_id,
        reason,
    )
    code, out = _cli(["audit", "verify"], trail, capsys)
    verify_ok = code == 1 and f"FAIL: event {event_id}: " in out
    code, out = _cli(["check-config"], trail, capsys)
    config_ok = code == 1 and f"FAIL  audit trail chain: event {event_id}: " in out
    on_load, after_walk = _admin_page(trail, monkeypatch)
    words = i18n.translate("audit_trail.chain.broken", "nb", id=event_id, reason="").strip()
    page_ok = any(words in text for text in on_load) and any(words in text for text in after_walk)
    return {"verify()": found, "audit verify": verify_ok, "check-config": config_ok, "admin page": page_ok}


def _verify_speed(request: pytest.FixtureRequest, directory: Path, events: int) -> tuple[int, float]:
    """A trail of `events` events (the app's own kind of before/after) checked whole; (events, s)."""
    with _trail("sqlite", request, directory) as trail:
        sample = [
            {k: v for k, v in row._mapping.items() if k in audit_chain.CONTENT} for row in rows(trail.engine)
        ]
        with trail.engine.begin() as connection:
            for start in range(0, events - len(sample), 1000):
                batch = [dict(sample[(start + i) % len(sample)], at=None) for i in range(1000)]
                audit_chain.append(connection, batch[: events - len(sample) - start])
        verdict = check(trail.engine, trail.witness)
        assert verdict.ok, verdict.summary()
        return verdict.events, verdict.seconds


@pytest.mark.postgres  # on both databases, one after the other
def test_every_way_of_tampering_is_caught_by_verify_check_config_and_the_admin_page(
    request, tmp_path, monkeypatch, capsys, figures
):
    monkeypatch.setenv("OSLOREG_ENV", "demo")
    monkeypatch.delenv("OSLOREG_AUDIT_WITNESS", raising=False)
    missed: dict[str, dict[str, bool]] = {}
    caught = {}
    for database in ("sqlite", "postgres"):
        caught[database] = 0
        for name, tamper in WAYS.items():
            with _trail(database, request, tmp_path / database / name.replace(" ", "_")) as trail:
                monkeypatch.setenv("OSLOREG_VAR_DIR", str(trail.var_dir))
                assert check(trail.engine, trail.witness).ok
                where = _caught(trail, tamper(trail), monkeypatch, capsys)
            if all(where.values()):
                caught[database] += 1
            else:
                missed[f"{database}: {name}"] = where
    events, seconds = _verify_speed(request, tmp_path / "speed", 50_000)
    figures.record(
        f"tampering caught: {caught['sqlite']} of {len(WAYS)} ways on SQLite, {caught['postgres']} of "
        f"{len(WAYS)} on PostgreSQL (each by audit verify, check-config and the admin page); "
        f"verify: {events:,} events in {seconds:.2f} s ({events / seconds:,.0f} events/s, SQLite)"
    )
    assert missed == {}
