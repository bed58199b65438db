"""Hostile text in the free-text fields added since the first FIELDS (hostile_fields.py): stored,
cleaned or refused."""

from __future__ import annotations

import datetime as dt
import itertools

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import DocumentKind
from osloreg.models import (
    Absence,
    AgendaItem,
    ApiToken,
    AuditEvent,
    Body,
    Case,
    CaseLink,
    Consultation,
    Disqualification,
    Document,
    DocumentVersion,
    Meeting,
    MeetingStatusChange,
)
from osloreg.services import api_tokens, attendance, disqualifications, documents, meeting_cycle, meetings
from osloreg.services import cases as case_services
from osloreg.services.base import SYSTEM
from tests import factories as f
from tests.integration.services.attendance_world import AttendanceWorld, build_attendance_world, inhabil
from tests.integration.services.document_world import make_document, pdf
from tests.reliability.hostile_fields import (
    DIRECTION_PAYLOADS,
    PAYLOADS,
    Field,
    check_field_matrix,
    matrix_summary,
    stored_by,
)

_n = itertools.count(1)
# A closed item's basis must cite a provision: the payload goes first, the citation after it.
CITATION = " (kommuneloven § 11-5)"
NEW_ONE_LINE_FIELDS = frozenset(
    {"document.title", "document.filename", "document.exempt_basis", "agenda.closed_basis", "api_token.name"}
)


def _day(days: int) -> dt.date:
    return clock.oslo_today() + dt.timedelta(days=days)


def _future_meeting(session: Session, world: AttendanceWorld) -> Meeting:
    return f.make_meeting(session, body=world.body, starts_at=f.at(_day(20 + next(_n))))


def _future_case_item(session: Session, world: AttendanceWorld) -> AgendaItem:
    case = f.make_case(session, year=2031, number=next(_n))
    return f.make_agenda_item(session, meeting=_future_meeting(session, world), case=case)


def _future_heading(session: Session, world: AttendanceWorld) -> AgendaItem:
    return f.make_agenda_item(session, meeting=_future_meeting(session, world), heading="Eventuelt")


def _past_heading(session: Session, world: AttendanceWorld) -> AgendaItem:
    meeting = f.make_meeting(session, body=world.body, starts_at=f.at(_day(-2 - next(_n))))
    return f.make_agenda_item(session, meeting=meeting, heading="Eventuelt")


def _past_case_item(session: Session, world: AttendanceWorld) -> AgendaItem:
    meeting = f.make_meeting(session, body=world.body, starts_at=f.at(_day(-2 - next(_n))))
    return f.make_agenda_item(session, meeting=meeting, case=f.make_case(session, year=2031, number=next(_n)))


def _a_case(session: Session, world: AttendanceWorld):
    return f.make_case(session, year=2031, number=next(_n))


def _a_document(session: Session, world: AttendanceWorld) -> Document:
    return make_document(session, case_id=_a_case(session, world).id)


def _document(session, world, v, case, attr):
    values = {"title": "Saksframlegg", "filename": "notat.pdf", "exempt_basis": None, attr: v}
    sent = v
    if attr == "filename":
        # The name gets the type's ending; a folder a browser sends with it is dropped (documented).
        values["filename"] = sent = v + ".pdf"
        sent = sent.replace("\\", "/").rsplit("/", 1)[-1]
    row = documents.add_document(
        session, actor=SYSTEM, kind=DocumentKind.CASE_PAPER, content=pdf(), case_id=case.id, **values
    )
    if attr == "filename":
        version = session.scalar(sa.select(DocumentVersion.id).where(DocumentVersion.document_id == row.id))
        return DocumentVersion, version, "filename", sent
    return Document, row.id, attr


def _removal_reason(session, world, v, document):
    documents.remove_document(
        session, actor=SYSTEM, document_id=document.id, expected_version=document.version, reason=v
    )

    def reason(session: Session) -> str:  # kept in the removal's audit event, as the service says
        event = session.scalar(
            sa.select(AuditEvent)
            .where(AuditEvent.entity == "document", AuditEvent.entity_id == document.id)
            .order_by(AuditEvent.id.desc())
        )
        return event.after["reason"]

    return reason, document.id, "reason"


def _closed_basis(session, world, v, item):
    meetings.set_item_closed(session, actor=SYSTEM, item_id=item.id, closed_basis=v + CITATION)
    return AgendaItem, item.id, "closed_basis", v + CITATION


def _proceedings(session, world, v, item, attr):
    values = {"proceedings": None, attr: v}
    meeting_cycle.record_proceedings(session, actor=SYSTEM, item_id=item.id, expected=None, **values)
    return AgendaItem, item.id, attr


def _protocol_remarks(session, world, v, item):
    row = meetings.record_result(
        session, actor=SYSTEM, item_id=item.id, expected=None, result="noted", protocol_remarks=v
    )
    return Consultation, row.id, "protocol_remarks"


def _cancel_reason(session, world, v, meeting):
    meetings.cancel_meeting(
        session, actor=SYSTEM, meeting_id=meeting.id, expected_version=meeting.version, reason=v
    )
    change = session.scalar(
        sa.select(sa.func.max(MeetingStatusChange.id)).where(MeetingStatusChange.meeting_id == meeting.id)
    )
    return MeetingStatusChange, change, "reason"


def _forfall_reason(session, world, v, meeting):
    row = attendance.report_absence(
        session, actor=world.coordinator, meeting_id=meeting.id, person_id=world.people["kari"], reason=v
    )
    return Absence, row.id, "reason"


def _habilitet_reason(session, world, v, item):
    row = disqualifications.declare_disqualification(
        session,
        actor=world.coordinator,
        agenda_item_id=item.id,
        person_id=world.people["kari"],
        ground="fvl_6_1_a",
        reason=v,
    )
    return Disqualification, row.id, "reason"


def _declared_inhabil(session, world) -> Disqualification:
    return inhabil(session, _future_case_item(session, world).id, world.people["kari"])


def _habil_reason(session, world, v, declared):
    disqualifications.decide_disqualification(
        session, actor=world.coordinator, disqualification_id=declared.id, inhabil=False, reason=v
    )
    return Disqualification, declared.id, "withdrawn_reason"


def _a_body(session, world):
    return f.make_body(session, name=f"Organ {next(_n)}")


def _notice_source(session, world, v, body):
    meeting_cycle.set_notice_period(
        session, actor=SYSTEM, body_id=body.id, expected=None, days=14, basis="sourced", source=v
    )
    return Body, body.id, "notice_source"


def _quorum_source(session, world, v, body):
    attendance.set_quorum_rule(
        session, actor=SYSTEM, body_id=body.id, expected=None, rule="half_members", basis="sourced", source=v
    )
    return Body, body.id, "quorum_source"


def _case_link(session, world, v, case, attr):
    # The earliest other case (the document fields before made many); read, then the service runs.
    other = session.scalar(sa.select(sa.func.min(Case.id)).where(Case.id != case.id))
    session.rollback()
    values = {"condition": None, "source": None, attr: v}
    row = case_services.link_cases(
        session, actor=SYSTEM, from_case_id=case.id, to_case_id=other, kind="builds_on", **values
    )
    return CaseLink, row.id, attr


def _token_name(session, world, v):
    row, _token = api_tokens.create_api_token(session, actor=SYSTEM, name=v)
    return ApiToken, row.id, "name"


NEW_FIELDS: dict[str, Field] = {
    "document.title": stored_by(_document, _a_case, attr="title"),
    "document.filename": stored_by(_document, _a_case, attr="filename"),
    "document.exempt_basis": stored_by(_document, _a_case, attr="exempt_basis"),
    "document.removal_reason": stored_by(_removal_reason, _a_document),
    "agenda.closed_basis": stored_by(_closed_basis, _future_heading),
    "agenda.proceedings": stored_by(_proceedings, _past_heading, attr="proceedings"),
    "agenda.decision_text": stored_by(_proceedings, _past_heading, attr="decision_text"),
    "consultation.protocol_remarks": stored_by(_protocol_remarks, _past_case_item),
    "meeting.cancel_reason": stored_by(_cancel_reason, _future_meeting),
    "absence.reason": stored_by(_forfall_reason, _future_meeting),
    "disqualification.reason": stored_by(_habilitet_reason, _future_case_item),
    "disqualification.habil_reason": stored_by(_habil_reason, _declared_inhabil),
    "body.notice_source": stored_by(_notice_source, _a_body),
    "body.quorum_source": stored_by(_quorum_source, _a_body),
    "case_link.condition": stored_by(_case_link, _a_case, attr="condition"),
    "case_link.source": stored_by(_case_link, _a_case, attr="source"),
    "api_token.name": stored_by(_token_name),
}


def _check(engine: Engine, payloads: dict[str, str]):
    return check_field_matrix(
        engine, payloads, fields=NEW_FIELDS, one_line=NEW_ONE_LINE_FIELDS, make_world=build_attendance_world
    )


def test_every_new_field_stores_or_refuses_every_hostile_payload(engine: Engine, figures):
    counts = _check(engine, PAYLOADS)
    assert counts["checked"] == len(NEW_FIELDS) * len(PAYLOADS)
    # NUL, BEL and ANSI escapes are refused in every field before the database (PostgreSQL refuses NUL).
    assert counts["refused:error.control_characters"] == 3 * len(NEW_FIELDS)
    # 100,000 characters are refused in words in every field (none takes that much: nothing is cut).
    assert counts["refused:error.too_long"] == len(NEW_FIELDS)
    assert counts["refused:error.invisible_characters"] == len(DIRECTION_PAYLOADS) * len(NEW_ONE_LINE_FIELDS)
    assert counts["invisible_dropped"] == len(NEW_ONE_LINE_FIELDS)
    assert [field for field in NEW_FIELDS if not counts[f"stored:{field}"]] == []
    figures.record(f"{engine.dialect.name}: " + matrix_summary(counts, PAYLOADS, NEW_FIELDS))
