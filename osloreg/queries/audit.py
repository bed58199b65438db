"""Read side of the whole audit trail (admins): filtered and paged in SQL, records and ids named."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.audit import verify as audit_verify
from osloreg.audit import witness as audit_witness
from osloreg.audit.verify import Verdict
from osloreg.clock import OSLO
from osloreg.models import Advice, AuditEvent, Body, Case, Input, Meeting, Person, Project, Unit, User
from osloreg.queries import history
from osloreg.queries.case_numbers import latest_number, titled
from osloreg.queries.common import Listing, frame
from osloreg.queries.subjects import meeting_label

# The actor filter's value for events no user caused (the command line, the demo loader).
NO_USER = 0
# The kinds of record the services audit (AuditEvent.entity), each with the table its id points into.
RECORDS: dict[str, type] = {
    "project": Project,
    "meeting": Meeting,
    "case": Case,
    "body": Body,
    "person": Person,
    "unit": Unit,
    "advice": Advice,
    "inputs": Input,
    "users": User,
}
TRAIL_COLUMNS = ["id", "at", "actor", "action", "entity", "entity_id", "record", "changes"]


class AuditFilters(NamedTuple):
    """The trail's filters (hashable, so a cache key). Days are Oslo days, both ends included."""

    actor_id: int | None = None  # a user's id, or NO_USER
    entity: str | None = None
    entity_id: int | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def oslo_day_start(day: dt.date) -> dt.datetime:
    """The moment an Oslo day starts, as the naive UTC time the audit trail stores (23:00 or 22:00
    the evening before, by the season)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=OSLO)
    return start.astimezone(dt.UTC).replace(tzinfo=None)


def _where(filters: AuditFilters) -> list[Any]:
    where: list[Any] = []
    if filters.actor_id == NO_USER:
        where.append(AuditEvent.actor_user_id.is_(None))
    elif filters.actor_id is not None:
        where.append(AuditEvent.actor_user_id == filters.actor_id)
    if filters.entity is not None:
        where.append(AuditEvent.entity == filters.entity)
    if filters.entity_id is not None:
        where.append(AuditEvent.entity_id == filters.entity_id)
    if filters.action is not None:
        where.append(AuditEvent.action == filters.action)
    if filters.date_from is not None:
        where.append(AuditEvent.at >= oslo_day_start(filters.date_from))
    if filters.date_to is not None:
        where.append(AuditEvent.at < oslo_day_start(filters.date_to + dt.timedelta(days=1)))
    return where


def trail(
    session: Session, *, filters: AuditFilters = AuditFilters(), limit: int = 50, offset: int = 0
) -> Listing:
    """The audit events that pass the filters, newest first, one page of them and how many in all.
    Columns: id, at (UTC), actor, action, entity, entity_id, record (the record's name, None if it is
    gone or has none), changes (a list of (field path, before, after), ids named)."""
    where = _where(filters)
    total = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*where)) or 0
    events = session.execute(
        sa.select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_name, AuditEvent.action)
        .add_columns(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.before, AuditEvent.after)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    named = history.name_ids(session, [history.changes(event.before, event.after) for event in events])
    records = record_names(session, ((event.entity, event.entity_id) for event in events))
    rows = [
        (
            e.id,
            e.at,
            e.actor_name,
            e.action,
            e.entity,
            e.entity_id,
            records.get((e.entity, e.entity_id)),
            diff,
        )
        for e, diff in zip(events, named, strict=True)
    ]
    return Listing(int(total), frame(rows, TRAIL_COLUMNS))


@dataclass(frozen=True)
class EventDetail:
    """One audit event in full: every field of the record before and after (ids named), and which
    of them the event changed."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    record: str | None
    fields: pd.DataFrame  # path, before, after, changed
    before: dict[str, Any] | None  # as stored, for the raw view
    after: dict[str, Any] | None


def event_detail(session: Session, *, event_id: int) -> EventDetail | None:
    event = session.get(AuditEvent, event_id)
    if event is None:
        return None
    raw = history.fields(event.before, event.after)
    # "Changed" is decided on the stored values: two ids of the same name are still a change.
    changed = [was != now for _, was, now in raw]
    (named,) = history.name_ids(session, [raw])
    rows = [(path, was, now, flag) for (path, was, now), flag in zip(named, changed, strict=True)]
    return EventDetail(
        id=event.id,
        at=event.at,
        actor=event.actor_name,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        record=record_names(session, [(event.entity, event.entity_id)]).get((event.entity, event.entity_id)),
        fields=frame(rows, ["path", "before", "after", "changed"]),
        before=event.before,
        after=event.after,
    )


def record_name(session: Session, *, entity: str, entity_id: int) -> str | None:
    """A record's name (a project's title, a person's name, a case's number and title), None if
    there is no such record."""
    return record_names(session, [(entity, entity_id)]).get((entity, entity_id))


def record_names(session: Session, pairs: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], str]:
    """(entity, id) -> the record's name, in one query per kind of record."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id in pairs:
        if entity in RECORDS and entity_id is not None:
            wanted[entity].add(int(entity_id))
    names: dict[tuple[str, int], str] = {}
    for entity, ids in wanted.items():
        for record_id, name in _names(session, entity, ids):
            names[(entity, record_id)] = name
    return names


def _names(session: Session, entity: str, ids: set[int]) -> list[tuple[int, str]]:
    if entity == "meeting":
        found = session.execute(
            sa.select(Meeting.id, Meeting.starts_at, Body.name)
            .join(Body, Body.id == Meeting.body_id)
            .where(Meeting.id.in_(ids))
        )
        return [(meeting_id, meeting_label(starts_at, body)) for meeting_id, starts_at, body in found]
    if entity == "case":
        found = session.execute(
            sa.select(Case.id, *latest_number(Case.id), Case.title).where(Case.id.in_(ids))
        )
        return [(case_id, titled(number, year, title)) for case_id, number, year, title in found]
    if entity == "inputs":
        found = session.execute(
            sa.select(Input.id, Person.name, sa.func.substr(Input.text, 1, 60))
            .join(Person, Person.id == Input.author_person_id)
            .where(Input.id.in_(ids))
        )
        return [(input_id, f"{author}: {text}") for input_id, author, text in found]
    if entity == "users":
        found = session.execute(sa.select(User.id, User.display_name, User.username).where(User.id.in_(ids)))
        return [(user_id, f"{shown} ({username})") for user_id, shown, username in found]
    model = RECORDS[entity]
    column = {Project: Project.title, Advice: Advice.title}.get(model, getattr(model, "name", None))
    return [
        (record_id, name)
        for record_id, name in session.execute(sa.select(model.id, column).where(model.id.in_(ids)))
    ]


def _distinct(session: Session, column: Any) -> list[str]:
    """The distinct values of an indexed column, one index step per value (a "loose index scan"):
    neither database skips through an index on its own, and the trail may hold millions of rows."""
    seen = sa.select(sa.func.min(column).label("value")).cte("seen", recursive=True)
    following = sa.select(sa.select(sa.func.min(column)).where(column > seen.c.value).scalar_subquery())
    seen = seen.union_all(following.where(seen.c.value.is_not(None)))
    return list(session.scalars(sa.select(seen.c.value).where(seen.c.value.is_not(None))))


@dataclass(frozen=True)
class TrailOptions:
    """What the filters offer: the users (id, name), the kinds of record and the actions that occur."""

    actors: list[tuple[int, str]]
    entities: list[str]
    actions: list[str]


def trail_options(session: Session) -> TrailOptions:
    users = [
        (user_id, name)
        for user_id, name in session.execute(sa.select(User.id, User.username).order_by(User.username))
    ]
    return TrailOptions(
        actors=users,
        entities=_distinct(session, AuditEvent.entity),
        actions=_distinct(session, AuditEvent.action),
    )


# --- The hash chain -------------------------------------------------------------------------------


def chain_tail(session: Session) -> Verdict:
    """The newest events' links and hashes, and the head the witness file recorded: every load."""
    connection = session.connection()
    return audit_verify.verify_tail(connection, witness=audit_witness.witness_of(connection))


def chain_size(session: Session) -> int:
    return audit_verify.count(session.connection())


def chain_walk(session: Session, *, progress: Callable[[int], None] | None = None) -> Verdict:
    """Every event in id order (streamed), and the witness: on the admin's request."""
    connection = session.connection()
    return audit_verify.verify(connection, witness=audit_witness.witness_of(connection), progress=progress)
