"""Keeps cases.waiting and cases.idle_since in step with the consultations (rules.cases.standing).

Called inside the transaction of every write that changes a case's consultations, and once over
all cases after a bulk load; not a service of its own, so it writes no audit event."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from osloreg.models import Case, Consultation
from osloreg.rules import cases as case_rules

_CHUNK = 5_000


def compute(connection: Connection, case_ids: Iterable[int] | None = None) -> list[dict]:
    """[{id, waiting, idle_since}] for the given cases (all when None), from their consultations."""
    cases = sa.select(Case.id, Case.created_at)
    steps = sa.select(
        Consultation.case_id,
        Consultation.sequence,
        Consultation.body_id,
        Consultation.planned_on,
        Consultation.treated_on,
        Consultation.result,
    )
    if case_ids is not None:
        ids = sorted(set(case_ids))
        cases = cases.where(Case.id.in_(ids))
        steps = steps.where(Consultation.case_id.in_(ids))
    by_case: dict[int, list[case_rules.Step]] = defaultdict(list)
    for row in connection.execute(steps):
        by_case[row.case_id].append(case_rules.Step(*row[1:]))
    updates = []
    for case_id, created_at in connection.execute(cases):
        now = case_rules.standing(by_case.get(case_id, ()), opened_on=created_at.date())
        updates.append({"case_id": case_id, "waiting": now.waiting, "idle_since": now.idle_since})
    return updates


def write(connection: Connection, updates: list[dict]) -> None:
    statement = (
        sa.update(Case.__table__)
        .where(Case.__table__.c.id == sa.bindparam("case_id"))
        .values(waiting=sa.bindparam("waiting"), idle_since=sa.bindparam("idle_since"))
    )
    for start in range(0, len(updates), _CHUNK):
        connection.execute(statement, updates[start : start + _CHUNK])


def refresh(session: Session, case_ids: Iterable[int]) -> None:
    """Recompute the standing of these cases in the session's transaction."""
    session.flush()
    connection = session.connection()
    write(connection, compute(connection, case_ids))


def refresh_all(connection: Connection) -> None:
    write(connection, compute(connection))
