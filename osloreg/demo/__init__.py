"""The demo data set: Osloregionen's real structure from the seed YAML, with illustrative activity."""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, exists, func, select, text
from sqlalchemy.orm import Session
from tqdm import tqdm

from osloreg import clock
from osloreg.db import read_session, write_session
from osloreg.demo.activity import Activity, CaseNumbers, DemoUserIds
from osloreg.demo.activity.cases import number_agendas
from osloreg.demo.calling import send_notices
from osloreg.demo.names import NameMaker, People
from osloreg.demo.real_people import REAL_NAMES
from osloreg.demo.scale import Rows, next_ids, synthetic_cluster
from osloreg.demo.structure import build_structure, read_seed, real_cluster
from osloreg.enums import Role
from osloreg.models import AuditEvent, Base, Body, Person, Unit, User, UserRole
from osloreg.passwords import hash_password
from osloreg.rules.permissions import Action
from osloreg.search import index as search_index
from osloreg.services import case_standing
from osloreg.services.base import SYSTEM, Actor, DomainError, ValidationFailed, audit, service

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoReport", "database_is_empty", "demo_loaded", "load_demo"]

DEMO_PASSWORD = "demo-passord-2026"
# One account per role; `leder` is the expert group's leader, `medlem` an ordinary member of it.
# Every account belongs to a fictional person (or to none): never to a real one.
DEMO_USERS: dict[str, str] = {
    "admin": Role.ADMIN,
    "direktor": Role.DIRECTOR,
    "koordinator": Role.COORDINATOR,
    "medlem": Role.MEMBER,
    "leder": Role.MEMBER,
    "leser": Role.VIEWER,
}
DEMO_ACTION = "demo.load"
DEMO_SEED = 20200911  # the day the board treated case 48/20
MAX_SCALE = 1_000
EARLIEST_TODAY = dt.date(2021, 1, 1)


@dataclass(frozen=True)
class DemoReport:
    already_loaded: bool
    counts: dict[str, int]  # table name -> rows in the database after loading
    seconds: float


class DemoAlreadyLoaded(DomainError):
    """The demo is in the database already; loading it again changes nothing."""


def demo_loaded(engine: Engine) -> bool:
    """True if the demo (any scale) has been loaded: its audit event is there."""
    with engine.connect() as connection:
        return _demo_event_exists(connection)


def database_is_empty(engine: Engine) -> bool:
    """No units, bodies, persons or users: nothing a demo could clash with or be mistaken for."""
    with engine.connect() as connection:
        return _is_empty(connection)


def table_counts(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def load_demo(
    engine: Engine, *, scale: int = 1, today: dt.date | None = None, progress: bool = False
) -> DemoReport:
    """Load the demo data set once; a second call finds it there and changes nothing."""
    started = time.perf_counter()
    already_loaded = demo_loaded(engine)
    if not already_loaded:
        with write_session(engine) as session:
            try:
                load_demo_data(
                    session, actor=SYSTEM, scale=scale, today=today or clock.oslo_today(), progress=progress
                )
            except DemoAlreadyLoaded:  # another process loaded it since we looked
                already_loaded = True
        if not already_loaded:
            # Fresh statistics so the query planner picks the indexes the pages were written for
            # (SQLite otherwise guesses, and chose a status index over a date range at 100x).
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    return DemoReport(
        already_loaded=already_loaded,
        counts=table_counts(engine),
        seconds=round(time.perf_counter() - started, 3),
    )


@service(Action.ADMINISTER)
def load_demo_data(
    session: Session, *, actor: Actor, scale: int, today: dt.date, progress: bool = False
) -> dict[str, int]:
    """Write the demo data set in one transaction with one audit event; returns rows written per table."""
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise ValidationFailed("error.demo_scale", min=1, max=MAX_SCALE)
    if today < EARLIEST_TODAY:
        # The sourced meetings of 2020 must lie in the past of the demo's "today".
        raise ValidationFailed("error.demo_today", earliest=EARLIEST_TODAY)
    connection = session.connection()
    if _demo_event_exists(connection):
        raise DemoAlreadyLoaded("demo.already_loaded")
    if not _is_empty(connection):
        # Demo accounts share a published password: they must never land in a real database.
        raise ValidationFailed("error.demo_needs_empty_database")
    rows = Rows(next_ids(connection), fallback_time=dt.datetime.combine(today, dt.time(8)))
    structure = build_structure(rows, read_seed())
    user_ids = {username: rows.reserve(User) for username in DEMO_USERS}
    users = DemoUserIds(
        coordinator=user_ids["koordinator"], director=user_ids["direktor"], leader=user_ids["leder"]
    )
    numbers = CaseNumbers(structure.reserved_case_numbers)
    names = NameMaker(random.Random(DEMO_SEED), avoid=set(REAL_NAMES))
    real = real_cluster(structure)
    with tqdm(total=scale, unit="cluster", desc="demo", disable=not progress) as bar:
        for index in range(scale):
            cluster = real if index == 0 else synthetic_cluster(rows, real, structure.body_rows, index)
            rng = random.Random(DEMO_SEED * 10_000 + index)
            people = People(rows, structure, cluster, rng, names, today)
            people.build()
            Activity(rows, structure, cluster, people, rng, today, numbers, users).build()
            if index == 0:
                _demo_users(rows, user_ids, people, today)
            rows.write(connection)
            bar.update(1)
            bar.set_postfix(rows=sum(rows.written.values()))
    number_agendas(rows, connection)  # each body's case numbers, once every agenda is written
    rows.write(connection)
    # The innkallinger sent, with the saksliste as frozen_agenda reads it (numbers and all).
    send_notices(session, rows, today=today, coordinator=users.coordinator)
    rows.write(connection)
    _advance_sequences(connection, set(rows.written))
    case_standing.refresh_all(connection)  # the stored half of rules.cases.standing
    search_index.rebuild(connection)  # written past the ORM: the search index is filled whole
    counts = dict(sorted(rows.written.items()))
    audit(
        session,
        actor,
        action=DEMO_ACTION,
        entity="demo",
        entity_id=None,
        after={"scale": scale, "today": today.isoformat(), "counts": counts},
    )
    return counts


DEMO_MAIL_DOMAIN = "osloregionen.example"


@functools.cache
def _password_hashes() -> tuple[str, ...]:
    # bcrypt is slow on purpose; hashing once per process keeps repeated loads (tests) quick.
    return tuple(hash_password(DEMO_PASSWORD) for _ in DEMO_USERS)


def _demo_users(rows: Rows, user_ids: dict[str, int], people: People, today: dt.date) -> None:
    person_of = {
        "direktor": people.director_person,
        "koordinator": people.coordinator_person,
        "medlem": people.member_person,
        "leder": people.leader_person,
    }
    display = {"admin": "Demo-administrator", "leser": "Demo-leser"}
    person_names = people.person_names
    for (username, role), password_hash in zip(DEMO_USERS.items(), _password_hashes(), strict=True):
        person_id = person_of.get(username)
        name = display.get(username) or person_names[person_of[username]]
        rows.add(
            User,
            id=user_ids[username],
            username=username,
            display_name=name,
            # A reserved domain (RFC 2606): a digest or invitation from the demo reaches no one.
            email=f"{username}@{DEMO_MAIL_DOMAIN}",
            password_hash=password_hash,
            person_id=person_id,
            is_demo=True,
            created_at=dt.datetime.combine(today, dt.time(8)),
        )
        rows.add(UserRole, user_id=user_ids[username], role=role)


def _demo_event_exists(connection: Connection) -> bool:
    return bool(connection.scalar(select(exists().where(AuditEvent.action == DEMO_ACTION))))


def _is_empty(connection: Connection) -> bool:
    return not any(
        connection.scalar(select(exists().select_from(model))) for model in (Unit, Body, Person, User)
    )


def _advance_sequences(connection: Connection, tables: set[str]) -> None:
    """PostgreSQL: the demo chose its ids itself, so move each id sequence past them."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if table.name in tables and "id" in table.c:
            highest = connection.scalar(select(func.max(table.c.id)))
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": table.name, "value": highest},
            )
