"""What the audit trail and optimistic locking record of a row: its columns as JSON values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect

CHECKPOINT_FIELDS = ("on_date", "meeting_id", "advice_id", "note")
CASE_FIELDS = ("reg_year", "reg_number", "title", "officer_person_id", "proposed_decision", "final_decision")


def jsonable(value: Any) -> Any:
    """A value as an audit event (JSON) holds it: dates as ISO text, sets as sorted lists."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(jsonable(v) for v in value)
    return value


# Secrets, or what a secret is checked against, never go into the audit trail.
SECRET_COLUMNS = ("password_hash", "feed_token_hash")


def snapshot(obj: Any, *, exclude: tuple[str, ...] = SECRET_COLUMNS) -> dict[str, Any]:
    """The column values of a mapped object, ready for an audit event's before/after."""
    mapper = inspect(obj).mapper
    return {
        column.key: jsonable(getattr(obj, column.key))
        for column in mapper.column_attrs
        if column.key not in exclude
    }


def checkpoint_state(checkpoint: Any | None) -> dict[str, Any] | None:
    """A project checkpoint as a form read it (None: there was none), for the services' `expected`."""
    if checkpoint is None:
        return None
    return {name: jsonable(getattr(checkpoint, name)) for name in CHECKPOINT_FIELDS}


def case_state(case: Any) -> dict[str, Any]:
    """What the case page's form holds of a case (for `expected`), and what its audit events record."""
    state = snapshot(case)
    return {name: state[name] for name in CASE_FIELDS}
