"""The papers' reads: the meeting, its agenda with each case, number and treatment, attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import ConsultationRole
from osloreg.models import AgendaItem, Attendance, Body, Case, CaseNumber, Consultation, Meeting, Person, Unit
from osloreg.papers.model import MeetingNotFound
from osloreg.queries import case_numbers
from osloreg.queries.coverage import body_names_on, unit_names_on


@dataclass(frozen=True)
class MeetingRow:
    id: int
    body_id: int
    body: str
    body_kind: str
    title: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str | None
    minutes: str | None


@dataclass(frozen=True)
class AgendaRow:
    item_id: int
    position: int
    case_id: int | None
    heading: str | None
    proceedings: str | None
    decision_text: str | None
    title: str | None
    officer: str | None
    proposed_decision: str | None
    number: int | None
    year: int | None
    authoritative: bool | None
    result: str | None
    result_text: str | None
    unanimous: bool | None
    votes_for: int | None
    votes_against: int | None
    protocol_remarks: str | None
    closed_basis: str | None = None  # treated behind closed doors, with this basis: the papers name only it


def meeting_row(session: Session, meeting_id: int) -> MeetingRow:
    row = session.execute(
        sa.select(
            Meeting.id,
            Meeting.body_id,
            Body.name,
            Body.kind,
            Meeting.title,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.place,
            Meeting.minutes,
        )
        .join(Body, Body.id == Meeting.body_id)
        .where(Meeting.id == meeting_id)
    ).one_or_none()
    if row is None:
        raise MeetingNotFound(meeting_id)
    meeting = MeetingRow(*row)
    names = body_names_on(session, on=meeting.starts_at.date(), body_ids=[meeting.body_id])
    name = names.get(meeting.body_id)
    return replace(meeting, body=name) if name else meeting


def agenda_rows(session: Session, meeting: MeetingRow) -> list[AgendaRow]:
    """The agenda in order with each case, its officer, its number in this body's series of the
    meeting's year and its (first) treatment at this meeting: one query."""
    treatment = aliased(Consultation)
    officer = aliased(Person)
    rows = session.execute(
        sa.select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.case_id,
            AgendaItem.heading,
            AgendaItem.proceedings,
            AgendaItem.decision_text,
            Case.title,
            officer.name,
            Case.proposed_decision,
            CaseNumber.number,
            CaseNumber.year,
            treatment.authoritative,
            treatment.result,
            treatment.result_text,
            treatment.unanimous,
            treatment.votes_for,
            treatment.votes_against,
            treatment.protocol_remarks,
            AgendaItem.closed_basis,
        )
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(officer, officer.id == Case.officer_person_id)
        .outerjoin(CaseNumber, case_numbers.in_meetings_series(meeting.body_id, meeting.starts_at.year))
        .outerjoin(
            treatment,
            sa.and_(treatment.case_id == AgendaItem.case_id, treatment.meeting_id == AgendaItem.meeting_id),
        )
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, treatment.sequence)
    ).all()
    found: dict[int, AgendaRow] = {}
    for row in rows:  # a case treated twice at one meeting: its first treatment is the item's
        found.setdefault(row[0], AgendaRow(*row))
    return list(found.values())


def recommendations(session: Session, meeting: MeetingRow, case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The innstilling another body gave each case before this meeting (the latest): case -> (body, text)."""
    if not case_ids:
        return {}
    rows = session.execute(
        sa.select(Consultation.case_id, Body.name, Consultation.result_text)
        .join(Body, Body.id == Consultation.body_id)
        .where(
            Consultation.case_id.in_(case_ids),
            Consultation.role == ConsultationRole.RECOMMENDATION,
            Consultation.body_id != meeting.body_id,
            Consultation.result_text.is_not(None),
            Consultation.treated_on <= meeting.starts_at.date(),
        )
        .order_by(Consultation.case_id, Consultation.treated_on, Consultation.sequence)
    ).all()
    return {case_id: (body, text) for case_id, body, text in rows if text and text.strip()}


@dataclass(frozen=True)
class AttendanceRow:
    person_id: int
    person: str
    unit: str  # the unit attended for, by its name on the day; "" if none is recorded
    present: bool
    met_for_id: int | None  # a vara: the member they met for
    met_for: str


def attendance(session: Session, meeting: MeetingRow) -> list[AttendanceRow]:
    """The attendance as recorded, by name: who met (and for whom) and who sent forfall."""
    member = aliased(Person)
    rows = session.execute(
        sa.select(
            Attendance.person_id,
            Person.name,
            Attendance.unit_id,
            Unit.name,
            Attendance.present,
            Attendance.attended_for_person_id,
            member.name,
        )
        .join(Person, Person.id == Attendance.person_id)
        .outerjoin(Unit, Unit.id == Attendance.unit_id)
        .outerjoin(member, member.id == Attendance.attended_for_person_id)
        .where(Attendance.meeting_id == meeting.id)
        .order_by(Person.name, Person.id)
    ).all()
    names = unit_names_on(
        session, on=meeting.starts_at.date(), unit_ids=[row[2] for row in rows if row[2] is not None]
    )
    return [
        AttendanceRow(
            person_id, person, names.get(unit_id) or unit or "", bool(present), met_for_id, met_for or ""
        )
        for person_id, person, unit_id, unit, present, met_for_id, met_for in rows
    ]
