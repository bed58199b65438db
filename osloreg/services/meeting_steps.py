"""A meeting's cycle steps kept as rows, and its innkalling's versions frozen as sent."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.orm import Session

from osloreg import clock, i18n, papers
from osloreg.enums import ConsultationRole, DocumentKind, MeetingStatus
from osloreg.i18n import case_label
from osloreg.models import (
    AgendaItem,
    Case,
    CaseNumber,
    Consultation,
    DocumentVersion,
    Meeting,
    MeetingNotice,
    MeetingStatusChange,
    Person,
)
from osloreg.queries import case_numbers
from osloreg.queries.documents import documents_sent
from osloreg.rules import meetings as rules
from osloreg.services import documents
from osloreg.services.base import Actor, audit

ENTITY = "meeting"
PDF = "application/pdf"


def move(
    session: Session, actor: Actor, meeting: Meeting, to_status: str, *, reason: str | None = None
) -> None:
    """Take the meeting one step of its cycle (the rule refuses a step out of order), kept as a row."""
    from_status = meeting.status
    rules.check_move(from_status, to_status, meeting_day=meeting.starts_at.date(), today=clock.oslo_today())
    meeting.status = to_status
    session.add(
        MeetingStatusChange(
            meeting_id=meeting.id,
            from_status=from_status,
            to_status=to_status,
            changed_by_user_id=actor.user_id,
            reason=reason,
        )
    )


def mark_held(session: Session, actor: Actor, meeting: Meeting) -> None:
    """A meeting with results, behandling or minutes has been held (once its day has come)."""
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        move(session, actor, meeting, MeetingStatus.HELD)


def frozen_agenda(session: Session, meeting: Meeting) -> list[dict[str, Any]]:
    """The saksliste as it stands: per item its position, the case's number in this body, title or
    heading, saksansvarlig and innstilling (the latest innstilling given, else the proposed decision)."""
    rows = session.execute(
        sa.select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.case_id,
            AgendaItem.heading,
            CaseNumber.number,
            CaseNumber.year,
            Case.title,
            Case.proposed_decision,
            Person.name,
            AgendaItem.closed_basis,
        )
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(Person, Person.id == Case.officer_person_id)
        .outerjoin(CaseNumber, case_numbers.in_meetings_series(meeting.body_id, meeting.starts_at.year))
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position)
    ).all()
    case_ids = [row.case_id for row in rows if row.case_id is not None]
    recommended: dict[int, str] = {}
    for case_id, text in session.execute(
        sa.select(Consultation.case_id, Consultation.result_text)
        .where(
            Consultation.case_id.in_(case_ids),
            Consultation.role == ConsultationRole.RECOMMENDATION,
            Consultation.treated_on.is_not(None),
            Consultation.result_text.is_not(None),
        )
        .order_by(Consultation.sequence)
    ):
        recommended[case_id] = text  # the latest one given wins
    return [
        {
            "item_id": row.id,
            "position": row.position,
            "case_id": row.case_id,
            "case_number": case_label(row.number, row.year) if row.number is not None else None,
            "title": row.title if row.case_id is not None else row.heading,
            "officer": row.name,
            "recommendation": recommended.get(row.case_id) or row.proposed_decision
            if row.case_id is not None
            else None,
        }
        # Only a closed item carries the key: the saksliste frozen before issue 21 stays equal to today's.
        | ({"closed_basis": row.closed_basis} if row.closed_basis else {})
        for row in rows
    ]


def latest_notice(session: Session, meeting_id: int) -> MeetingNotice | None:
    return session.scalars(
        sa.select(MeetingNotice)
        .where(MeetingNotice.meeting_id == meeting_id)
        .order_by(MeetingNotice.version.desc())
    ).first()


def write_notice(
    session: Session,
    actor: Actor,
    meeting: Meeting,
    *,
    reason: str | None,
    previous: MeetingNotice | None,
    agenda: list[dict[str, Any]],
) -> MeetingNotice:
    """The version after `previous` of the innkalling, with `agenda` (the saksliste as frozen_agenda
    reads it now, which the caller has read already) and the documents as they stand now."""
    notice = MeetingNotice(
        meeting_id=meeting.id,
        version=(previous.version if previous else 0) + 1,
        sent_by_user_id=actor.user_id,
        reason=reason,
        agenda=agenda,
        documents=documents_sent(session, meeting.id),
    )
    session.add(notice)
    session.flush()
    notice.document_version_id = store_paper(session, actor, meeting, DocumentKind.NOTICE).id
    return notice


def store_paper(session: Session, actor: Actor, meeting: Meeting, kind: str) -> DocumentVersion:
    """The innkalling or the protokoll as the data stand now, generated as PDF (bokmål: the record is
    the secretariat's) and kept as the next version of the meeting's document of that kind: what was
    sent, or what was approved."""
    session.flush()
    notice = kind == DocumentKind.NOTICE
    content = (papers.notice_pdf if notice else papers.minutes_pdf)(session, meeting.id)
    name = "innkalling" if notice else "protokoll"
    return documents.store_generated(
        session,
        actor=actor,
        meeting_id=meeting.id,
        kind=kind,
        filename=f"{name}-{meeting.starts_at:%Y-%m-%d}.pdf",
        content=content,
        content_type=PDF,
    )


def _notice_state(notice: MeetingNotice) -> dict[str, Any]:
    return {"version": notice.version, "reason": notice.reason, "agenda": notice.agenda}


def after_agenda_change(session: Session, actor: Actor, meeting: Meeting, change: str, **params: Any) -> None:
    """A saksliste changed after the innkalling was sent makes the innkalling's next version (the
    earlier ones stay as they were sent); `change` names the reason's message (meeting_cycle's
    catalogue, in bokmål: the record is the secretariat's)."""
    if meeting.status != MeetingStatus.CALLED:
        return
    session.flush()
    previous, agenda = latest_notice(session, meeting.id), frozen_agenda(session, meeting)
    if previous is not None and previous.agenda == agenda:
        return
    renew_notice(session, actor, meeting, change, previous=previous, agenda=agenda, **params)


def renew_notice(
    session: Session,
    actor: Actor,
    meeting: Meeting,
    change: str,
    *,
    previous: MeetingNotice | None = None,
    agenda: list[dict[str, Any]] | None = None,
    **params: Any,
) -> None:
    """The innkalling's next version of a called meeting, for the reason `change` names: a changed
    saksliste, or a new time or place (those who were called must be told)."""
    if meeting.status != MeetingStatus.CALLED:
        return
    previous = previous or latest_notice(session, meeting.id)
    agenda = agenda if agenda is not None else frozen_agenda(session, meeting)
    reason = i18n.translate(f"notice.reason.{change}", i18n.DEFAULT_LANGUAGE, **params)
    notice = write_notice(session, actor, meeting, reason=reason, previous=previous, agenda=agenda)
    audit(
        session,
        actor,
        action="meeting.notice_version",
        entity=ENTITY,
        entity_id=meeting.id,
        before=_notice_state(previous) if previous is not None else None,
        after=_notice_state(notice),
    )


def item_label(session: Session, item: AgendaItem) -> str:
    """How a reason names an item (in bokmål): 'sak 3/26' for a case with its number in the meeting's
    body, else the case's title or the heading in quotes."""
    meeting = session.get(Meeting, item.meeting_id)
    if item.case_id is None or meeting is None:
        return i18n.translate("notice.item.named", name=item.heading or "")
    number = session.scalar(
        sa.select(CaseNumber.number).where(
            CaseNumber.case_id == item.case_id,
            CaseNumber.body_id == meeting.body_id,
            CaseNumber.year == meeting.starts_at.year,
        )
    )
    if number is None:
        return i18n.translate("notice.item.named", name=session.get(Case, item.case_id).title)
    return i18n.translate("notice.item.case", case=case_label(number, meeting.starts_at.year))
