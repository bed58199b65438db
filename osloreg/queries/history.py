"""Read side of the audit trail for one record: who changed what and when, each change as field,
before and after, with the ids in it named (a group's name, not its number)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import Advice, AuditEvent, Body, Meeting, Person, StrategyArea, StrategyPoint, Unit
from osloreg.queries.common import Listing, frame
from osloreg.queries.subjects import meeting_label

# Bookkeeping a person reading the history does not need: it changes with every save.
HIDDEN_FIELDS = frozenset(
    {"id", "version", "updated_at", "created_at", "status_changed_at", "status_change_id"}
)
HIDDEN_FIELDS |= {"project_id", "case_id"}
# Fields that hold ids, and what they point at.
_NAMED = {
    "body_id": "body",
    "owner_person_id": "person",
    "officer_person_id": "person",
    "partner_unit_ids": "unit",
    "point_ids": "point",
    "meeting_id": "meeting",
    "advice_id": "advice",
    "person_id": "person",
    "author_person_id": "person",
    "substitute_for_person_id": "person",  # a personal vara's member
    "attended_for_person_id": "person",  # the member a vara met for
    "represents_unit_id": "unit",
    "unit_id": "unit",
    "sub_region_id": "unit",
    "municipality_id": "unit",
}


def _flat(state: Mapping[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    """{"milestone": {"title": ...}} -> {"milestone.title": ...}; a list of records (a case's path)
    -> {"path.1.body_id": ...}, numbered from 1."""
    flat: dict[str, Any] = {}
    for name, value in (state or {}).items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{name}."))
        elif isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            for number, item in enumerate(value, start=1):
                flat.update(_flat(item, f"{prefix}{name}.{number}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _field(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """(field path, before, after) for every field that differs, in the record's order; a new record
    lists what it was given, a removed one what it held. Bookkeeping fields are left out."""
    old, new = _flat(before), _flat(after)
    paths = list(dict.fromkeys([*old, *new]))
    found = []
    for path in paths:
        if _field(path) in HIDDEN_FIELDS:
            continue
        was, now = old.get(path), new.get(path)
        if was == now and not (before is None or after is None):
            continue
        if was in (None, "", []) and now in (None, "", []):
            continue
        found.append((path, was, now))
    return found


def _names(session: Session, wanted: Mapping[str, set[int]]) -> dict[str, dict[int, str]]:
    """kind -> id -> name, for the ids the changes mention."""
    names: dict[str, dict[int, str]] = defaultdict(dict)
    simple = {"body": (Body.id, Body.name), "person": (Person.id, Person.name), "unit": (Unit.id, Unit.name)}
    simple["advice"] = (Advice.id, Advice.title)
    for kind, (id_column, name_column) in simple.items():
        if wanted.get(kind):
            names[kind] = dict(
                session.execute(sa.select(id_column, name_column).where(id_column.in_(wanted[kind]))).all()
            )
    if wanted.get("point"):
        for point_id, area, number in session.execute(
            sa.select(StrategyPoint.id, StrategyArea.number, StrategyPoint.number)
            .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
            .where(StrategyPoint.id.in_(wanted["point"]))
        ):
            names["point"][point_id] = f"{area}.{number}"
    if wanted.get("meeting"):
        for meeting_id, starts_at, body in session.execute(
            sa.select(Meeting.id, Meeting.starts_at, Body.name)
            .join(Body, Body.id == Meeting.body_id)
            .where(Meeting.id.in_(wanted["meeting"]))
        ):
            names["meeting"][meeting_id] = meeting_label(starts_at, body)
    return names


def _ids(value: Any) -> list[int]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, int)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def _named(value: Any, kind: str | None, names: Mapping[str, Mapping[int, str]]) -> Any:
    if kind is None or value is None:
        return value
    table = names.get(kind, {})
    if isinstance(value, list):
        return ", ".join(table.get(item, f"#{item}") for item in value)
    return table.get(value, f"#{value}")


def fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """(field path, before, after) for every field either state holds, changed or not, in the record's
    order; bookkeeping fields left out. For showing the whole record as it was and as it became."""
    old, new = _flat(before), _flat(after)
    return [
        (path, old.get(path), new.get(path))
        for path in dict.fromkeys([*old, *new])
        if _field(path) not in HIDDEN_FIELDS
    ]


def name_ids(
    session: Session, lists: Sequence[Sequence[tuple[str, Any, Any]]]
) -> list[list[tuple[str, Any, Any]]]:
    """The same (field path, before, after) lists with the ids in them named, in one query per kind of
    thing named (not one per change)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for found in lists:
        for path, was, now in found:
            kind = _NAMED.get(_field(path))
            if kind:
                wanted[kind].update(_ids(was) + _ids(now))
    names = _names(session, wanted)
    return [
        [
            (path, _named(was, _NAMED.get(_field(path)), names), _named(now, _NAMED.get(_field(path)), names))
            for path, was, now in found
        ]
        for found in lists
    ]


HISTORY_COLUMNS = ["id", "at", "actor", "action", "changes"]


def entity_history(
    session: Session, *, entity: str, entity_id: int, limit: int = 50, offset: int = 0
) -> Listing:
    """The audit events of one record, newest first. Columns: id, at (UTC), actor, action, changes
    (a list of (field path, before, after), ids named)."""
    where = (AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*where)) or 0
    events = session.execute(
        sa.select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_name, AuditEvent.action)
        .add_columns(AuditEvent.before, AuditEvent.after)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    named = name_ids(session, [changes(event.before, event.after) for event in events])
    records = [
        (event.id, event.at, event.actor_name, event.action, diff)
        for event, diff in zip(events, named, strict=True)
    ]
    return Listing(int(total), frame(records, HISTORY_COLUMNS))
