"""Data versions on both databases: each audited write raises those of the areas it changes, in its own
transaction; a refused write raises none; a restore draws a new generation."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from osloreg import data_versions
from osloreg.backup import backup_database
from osloreg.db import read_session
from osloreg.enums import AdviceState, MembershipRole, Outcome, ProjectStatus, Role, SubjectType
from osloreg.models import Advice, AuditEvent
from osloreg.restore import restore_database
from osloreg.services.advice import decide_advice, decide_many
from osloreg.services.base import SYSTEM, Actor, DomainError
from osloreg.services.cases import register_case
from osloreg.services.directory import create_person
from osloreg.services.inputs import log_input
from osloreg.services.meetings import plan_meeting
from osloreg.services.projects import change_status
from osloreg.services.users import create_user
from tests.factories import make_advice, make_body, make_membership, make_person, make_project
from tests.integration.audit.audit_rows import write_projects


@dataclass(frozen=True)
class World:
    body: int
    advice: int
    project: int
    member: Actor
    director: Actor
    coordinator: Actor


@pytest.fixture
def world(session: Session) -> World:
    body = make_body(session, name="Faggruppe for næringssamarbeid")
    kari = make_person(session, name="Kari Medlem")
    make_membership(session, person=kari, body=body, role=MembershipRole.MEMBER)
    advice = make_advice(session, body=body, state=AdviceState.SUBMITTED, title="Råd om talentsatsingen")
    project = make_project(session, body=body, status=ProjectStatus.ONGOING)
    session.commit()
    return World(
        body=body.id,
        advice=advice.id,
        project=project.id,
        member=Actor(user_id=None, username="medlem", roles=frozenset({Role.MEMBER}), person_id=kari.id),
        director=Actor(user_id=None, username="direktor", roles=frozenset({Role.DIRECTOR})),
        coordinator=Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR})),
    )


def _versions(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return data_versions.read(connection)


def _raised(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """area -> by how much it went up; the generation must not move."""
    assert after[data_versions.GENERATION] == before[data_versions.GENERATION]
    return {
        area: after.get(area, 0) - before.get(area, 0)
        for area in after
        if after.get(area) != before.get(area)
    }


WRITES: dict[str, tuple[Callable[[Session, World], object], set[str]]] = {
    "the director decides an advice": (
        lambda s, w: decide_advice(s, actor=w.director, advice_id=w.advice, outcome=Outcome.FOLLOWED),
        {"advice", "audit"},
    ),
    "a member sends input": (
        lambda s, w: log_input(
            s,
            actor=w.member,
            body_id=w.body,
            subject_type=SubjectType.PROJECT,
            subject_id=w.project,
            text="Satse på talent",
        ),
        {"inputs", "audit"},
    ),
    "a coordinator moves a project on": (
        lambda s, w: change_status(
            s,
            actor=w.coordinator,
            project_id=w.project,
            expected_status=ProjectStatus.ONGOING,
            to_status=ProjectStatus.PAUSED,
            note="Venter på budsjett",
        ),
        {"projects", "audit"},
    ),
    # Its agenda items are its cases' consultations: the cases' reads change with a meeting.
    "a coordinator plans a meeting": (
        lambda s, w: plan_meeting(
            s, actor=w.coordinator, body_id=w.body, starts_at=dt.datetime.now() + dt.timedelta(days=7)
        ),
        {"meetings", "cases", "audit"},
    ),
    "a coordinator registers a case": (
        lambda s, w: register_case(s, actor=w.coordinator, year=2026, title="Høring om regional plan"),
        {"cases", "meetings", "audit"},
    ),
    "the admin adds a person": (
        lambda s, w: create_person(s, actor=SYSTEM, name="Ola Nordmann"),
        {"directory", "audit"},
    ),
    "the admin adds a user": (
        lambda s, w: create_user(
            s,
            actor=SYSTEM,
            username="ola",
            display_name="Ola",
            password="et langt testpassord",
            roles=["viewer"],
        ),
        {"users", "audit"},
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_write_raises_by_one_the_versions_of_the_areas_it_changes_and_no_other(
    engine, session, world, write
):
    run, areas = WRITES[write]
    before = _versions(engine)
    run(session, world)
    assert _raised(before, _versions(engine)) == dict.fromkeys(areas, 1)


def test_the_versions_are_raised_in_the_transaction_that_writes_the_audit_event(engine, session, world):
    """Between the BEGIN and the COMMIT that write the event, never in a transaction of their own: no
    reader can see the decision with the old version, or the new version without the decision."""
    steps: list[tuple[int, str]] = []

    def record(name: str) -> Callable[..., None]:
        return lambda connection, *args: steps.append((id(connection.connection.dbapi_connection), name))

    def statement(connection, _cursor, sql: str, *_args) -> None:
        steps.append((id(connection.connection.dbapi_connection), sql.split("(")[0].strip()))

    listeners = [("begin", record("BEGIN")), ("commit", record("COMMIT")), ("rollback", record("ROLLBACK"))]
    listeners.append(("before_cursor_execute", statement))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        decide_advice(session, actor=world.director, advice_id=world.advice, outcome=Outcome.FOLLOWED)
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    (connection,) = {connection for connection, _ in steps}  # one connection did all of it
    names = [name for _, name in steps]
    event_at = next(i for i, name in enumerate(names) if name.startswith("INSERT INTO audit_events"))
    bump_at = next(i for i, name in enumerate(names) if name.startswith("INSERT INTO data_versions"))
    begin = max(i for i, name in enumerate(names) if name == "BEGIN" and i < event_at)
    commit = min(i for i, name in enumerate(names) if name == "COMMIT" and i > event_at)
    assert begin < event_at < bump_at < commit
    assert not any(name in ("BEGIN", "COMMIT", "ROLLBACK") for name in names[begin + 1 : commit])


def test_a_write_refused_after_its_first_audit_event_raises_no_version(engine, session, world):
    """Deciding two advice items at once, one of them decided already: the first is decided and audited,
    the second is refused, and the whole transaction (its bump too) is rolled back."""
    decided = make_advice(session, body=world.body, state=AdviceState.DECIDED, title="Avgjort før")
    session.commit()
    before = _versions(engine)
    with pytest.raises(DomainError):
        decide_many(
            session, actor=world.director, advice_ids=[world.advice, decided.id], outcome=Outcome.FOLLOWED
        )
    session.rollback()
    assert _versions(engine) == before
    with read_session(engine) as reader:
        assert reader.get(Advice, world.advice).state == AdviceState.SUBMITTED
        assert reader.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_every_area_read_in_one_query_keys_by_the_generation_first(engine, session, world):
    decide_advice(session, actor=world.director, advice_id=world.advice, outcome=Outcome.FOLLOWED)
    statements: list[str] = []

    def count(_connection, _cursor, sql: str, *_args) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        current = _versions(engine)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [sql.split()[0] for sql in statements if not sql.startswith("BEGIN")] == ["SELECT"]
    assert data_versions.key(current, ["advice", "projects"]) == (current["generation"], 1, 0)


def test_an_area_that_does_not_exist_is_refused_when_a_loader_is_declared():
    with pytest.raises(ValueError, match="not an area of the data: advise"):
        data_versions.check(["advice", "advise"])
    assert data_versions.check(["advice", "projects"]) == ("advice", "projects")


def test_a_restore_of_an_older_backup_draws_a_new_generation_so_its_counters_key_nothing_seen(
    engine, tmp_path
):
    """The backup holds projects at version 2; two more writes take it to 4; the restore brings back 2,
    for other data than a running process cached under 2 after the backup. Its key is new all the same."""
    write_projects(engine, 2)
    at_backup = _versions(engine)
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, tmp_path / f"backup{suffix}")
    write_projects(engine, 2, first=3)
    seen = {data_versions.key(at_backup, ["projects"]), data_versions.key(_versions(engine), ["projects"])}
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        url = engine.url.set(query={"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    engine.dispose()

    restored = restore_database(backup.path, url, force=True)

    assert restored.ok, restored
    now = _versions(engine)
    assert now["projects"] == at_backup["projects"] == 2
    assert now[data_versions.GENERATION] != at_backup[data_versions.GENERATION]
    assert data_versions.key(now, ["projects"]) not in seen


def test_the_reader_reconnects_after_losing_its_connection_and_fails_as_sqlalchemy_does(
    postgres_engine, caplog
):
    """Reconnecting is the expected case (a PostgreSQL restart ends every connection): the log gets no
    error for it. The pool's wrapper would roll the lost connection back before closing it, and log
    that failure with its traceback (the crowd test found one in each app process's log)."""
    caplog.set_level(logging.WARNING)
    reader = data_versions.Reader(postgres_engine)
    generation = reader.read()[data_versions.GENERATION]
    # The server ends the reader's connection: that one only, by its process id (other tests and app
    # servers on this PostgreSQL read versions with the same query at the same time).
    backend = reader._connection.dbapi_connection.info.backend_pid
    with postgres_engine.connect() as connection:
        ended = connection.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": backend}).scalar_one()
    assert ended is True
    assert reader.read()[data_versions.GENERATION] == generation
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    with postgres_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE data_versions RENAME TO data_versions_gone")
    with pytest.raises(sa.exc.DBAPIError):  # what the pages' error handling knows
        reader.read()
    reader.close()
