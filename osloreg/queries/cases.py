"""Read side of cases: the list (search by number or title, by year), one case with its path through
the bodies as a timeline, where it is now and its final decision, and the next free number."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.i18n import case_label
from osloreg.models import Body, Case, Consultation, Meeting, Person
from osloreg.queries.common import Listing, frame, like_any
from osloreg.queries.subjects import meeting_label
from osloreg.rules import cases as rules
from osloreg.snapshots import case_state, snapshot

SEARCH_MAX = 100


def _steps(session: Session, case_ids: Iterable[int] | sa.Select) -> dict[int, list[rules.Step]]:
    """case id -> its consultations as the rules take them (with body names)."""
    steps: dict[int, list[rules.Step]] = defaultdict(list)
    for row in session.execute(
        sa.select(
            Consultation.case_id,
            Consultation.sequence,
            Consultation.body_id,
            Consultation.planned_on,
            Consultation.treated_on,
            Consultation.result,
            Body.name,
            Consultation.meeting_id,
            Consultation.role,
            Consultation.authoritative,
        )
        .join(Body, Body.id == Consultation.body_id)
        .where(Consultation.case_id.in_(case_ids))
        .order_by(Consultation.case_id, Consultation.sequence)
    ):
        steps[row.case_id].append(rules.Step(*row[1:]))
    return steps


CASE_COLUMNS = ["id", "case", "title", "officer", "created_at", "state", "last_body", "last_treated_on"]
CASE_COLUMNS += ["last_result", "next_body", "next_planned_on", "basis"]


def case_list(
    session: Session,
    *,
    search: str = "",
    year: int | None = None,
    today: dt.date,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """Cases newest first (year, then number), found by "48/20", a number or words of the title.
    Columns: CASE_COLUMNS (state: rules.cases.CaseState; where it is now: last and next step)."""
    where: list = []
    if year is not None:
        where.append(Case.year == year)
    search = search.strip()[:SEARCH_MAX]
    label = rules.parse_label(search, today=today)
    if label is not None:
        where += [Case.number == label[0], Case.year == label[1]]
    elif search.isascii() and search.isdecimal() and 1 <= int(search) <= rules.NUMBER_MAX:  # not "²", "١"
        where.append(sa.or_(Case.number == int(search), like_any(Case.title, search)))
    elif search:
        where.append(like_any(Case.title, search))
    total = session.scalar(sa.select(sa.func.count()).select_from(Case).where(*where)) or 0
    rows = session.execute(
        sa.select(Case.id, Case.number, Case.year, Case.title, Person.name, Case.created_at, Case.basis)
        .outerjoin(Person, Person.id == Case.officer_person_id)
        .where(*where)
        .order_by(Case.year.desc(), Case.number.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    steps = _steps(session, [row.id for row in rows]) if rows else {}
    records = []
    for row in rows:
        path = steps.get(row.id, [])
        position = rules.where_is_it(path)
        last, upcoming = position.last_treated, position.next_planned
        records.append(
            (
                row.id,
                case_label(row.number, row.year),
                row.title,
                row[4],
                row.created_at,
                rules.case_state(path),
            )
            + (
                last.body_name if last else None,
                last.treated_on if last else None,
                last.result if last else None,
            )
            + (upcoming.body_name if upcoming else None, upcoming.planned_on if upcoming else None, row.basis)
        )
    return Listing(int(total), frame(records, CASE_COLUMNS))


def next_number(session: Session, *, year: int) -> int:
    """The number the next case of the year gets (rules.cases.next_number)."""
    return rules.next_number(session.scalars(sa.select(Case.number).where(Case.year == year)))


def case_years(session: Session) -> list[int]:
    return list(session.scalars(sa.select(Case.year).distinct().order_by(Case.year.desc())))


# --- One case ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDetail:
    id: int
    label: str  # "48/20"
    title: str
    officer_person_id: int | None
    officer: str | None
    proposed_decision: str | None
    final_decision: str | None
    created_at: dt.datetime
    basis: str
    source: str | None
    state: str  # rules.cases.CaseState
    stalled: bool
    path: pd.DataFrame  # PATH_COLUMNS, in order
    last_treated: rules.Step | None
    next_planned: rules.Step | None
    form: dict  # the case as the edit form and update_case's `expected` take it


PATH_COLUMNS = ["id", "sequence", "body_id", "body", "role", "authoritative", "planned_on", "treated_on"]
PATH_COLUMNS += ["result", "result_text", "meeting_id", "meeting", "meeting_status", "step_state", "snapshot"]


def case_detail(session: Session, *, case_id: int, today: dt.date) -> CaseDetail | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    officer = session.get(Person, case.officer_person_id) if case.officer_person_id else None
    consultations = session.execute(
        sa.select(Consultation, Body.name, Meeting.starts_at, Meeting.status)
        .join(Body, Body.id == Consultation.body_id)
        .outerjoin(Meeting, Meeting.id == Consultation.meeting_id)
        .where(Consultation.case_id == case_id)
        .order_by(Consultation.sequence)
    ).all()
    steps = [
        rules.Step(
            row.Consultation.sequence,
            row.Consultation.body_id,
            row.Consultation.planned_on,
            row.Consultation.treated_on,
            row.Consultation.result,
            row.name,
            row.Consultation.meeting_id,
            row.Consultation.role,
            row.Consultation.authoritative,
        )
        for row in consultations
    ]
    states = {step.sequence: state for step, state in rules.step_states(steps)}
    records = []
    for row in consultations:
        step = row.Consultation
        records.append(
            (step.id, step.sequence, step.body_id, row.name, step.role, step.authoritative, step.planned_on)
            + (step.treated_on, step.result, step.result_text, step.meeting_id)
            + (meeting_label(row.starts_at, row.name) if step.meeting_id else None, row.status)
            + (str(states[step.sequence]), snapshot(step))
        )
    position = rules.where_is_it(steps)
    return CaseDetail(
        id=case.id,
        label=case.label,
        title=case.title,
        officer_person_id=case.officer_person_id,
        officer=officer.name if officer else None,
        proposed_decision=case.proposed_decision,
        final_decision=case.final_decision,
        created_at=case.created_at,
        basis=case.basis,
        source=case.source,
        state=str(rules.case_state(steps)),
        stalled=rules.is_stalled(steps, today=today, opened_on=case.created_at.date()),
        path=frame(records, PATH_COLUMNS),
        last_treated=position.last_treated,
        next_planned=position.next_planned,
        form=case_state(case),
    )
