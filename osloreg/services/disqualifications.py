"""Habilitet: a member declares themselves inhabil in one sak of a meeting (kommuneloven § 11-10,
forvaltningsloven § 6), the secretariat records the body's decision; the member leaves that item only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg.enums import DisqualificationGround, DisqualificationStatus
from osloreg.models import AgendaItem, Disqualification
from osloreg.rules.permissions import Action, allowed, may_report_for
from osloreg.rules.validation import clean_text
from osloreg.services.attendance import _open, terms_on, withdraw
from osloreg.services.base import (
    Actor,
    PermissionDenied,
    ValidationFailed,
    audit,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)
from osloreg.services.meetings import ENTITY, REASON_MAX


def _standing(session: Session, item_id: int, person_id: int) -> Disqualification | None:
    return session.scalars(
        select(Disqualification).where(
            Disqualification.agenda_item_id == item_id,
            Disqualification.person_id == person_id,
            Disqualification.withdrawn_at.is_(None),
        )
    ).first()


@service(Action.REPORT_ATTENDANCE)
def declare_disqualification(
    session: Session,
    *,
    actor: Actor,
    agenda_item_id: int,
    person_id: int,
    ground: str,
    reason: str,
    decided: bool = False,
) -> Disqualification:
    """Record that a person is inhabil in the sak of an agenda item, on a legal ground with the facts
    (grunnlaget). A member declares their own; only the secretariat records the body's decision."""
    item: AgendaItem = get_or_404(session, AgendaItem, agenda_item_id)
    meeting = _open(session, item.meeting_id)
    if not may_report_for(actor.roles, actor_person_id=actor.person_id, person_id=person_id):
        raise PermissionDenied("error.habilitet_not_own")
    if decided and not allowed(actor.roles, Action.HANDLE_ATTENDANCE):
        raise PermissionDenied("error.habilitet_decide")
    if item.case_id is None:
        raise ValidationFailed("error.habilitet_no_case")
    if ground not in tuple(DisqualificationGround):
        raise ValidationFailed("error.habilitet_ground")
    if not terms_on(session, body_id=meeting.body_id, person_id=person_id, day=meeting.starts_at.date()):
        raise ValidationFailed("error.forfall_not_member")
    reason = clean_text(reason, field_name="habilitet_reason", max_length=REASON_MAX)
    if _standing(session, item.id, person_id) is not None:
        raise ValidationFailed("error.habilitet_exists")
    found = Disqualification(
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        person_id=person_id,
        status=DisqualificationStatus.DECIDED if decided else DisqualificationStatus.DECLARED,
        ground=DisqualificationGround(ground).value,
        reason=reason,
        recorded_by_user_id=actor.user_id,
    )
    session.add(found)
    session.flush()
    audit(
        session, actor, action="meeting.inhabil", entity=ENTITY, entity_id=meeting.id, after=snapshot(found)
    )
    return found


@service(Action.HANDLE_ATTENDANCE)
def decide_disqualification(
    session: Session, *, actor: Actor, disqualification_id: int, inhabil: bool, reason: str | None = None
) -> Disqualification:
    """The body's decision on a declared inhabilitet (forvaltningsloven § 8 andre ledd): inhabil (the
    member leaves the item), or habil (the declaration is withdrawn with the body's reason, kept)."""
    found: Disqualification = load_for_update(session, Disqualification, disqualification_id)
    _open(session, found.meeting_id)
    if found.withdrawn_at is not None:
        raise ValidationFailed("error.habilitet_withdrawn")
    if not inhabil:
        reason = clean_text(reason, field_name="habilitet_habil_reason", max_length=REASON_MAX)
        withdraw(
            session, actor, found, meeting_id=found.meeting_id, action="meeting.habil_decided", reason=reason
        )
        return found
    if found.status == DisqualificationStatus.DECIDED:
        raise ValidationFailed("error.nothing_changed")
    before = snapshot(found)
    found.status = DisqualificationStatus.DECIDED
    session.flush()
    audit(
        session,
        actor,
        action="meeting.inhabil_decided",
        entity=ENTITY,
        entity_id=found.meeting_id,
        before=before,
        after=snapshot(found),
    )
    return found


@service(Action.REPORT_ATTENDANCE)
def withdraw_disqualification(
    session: Session, *, actor: Actor, disqualification_id: int
) -> Disqualification:
    """Take back a declaration made in error. A member takes back only their own, and only while the
    body has not decided it; the decision stands until the secretariat takes it back."""
    found: Disqualification = load_for_update(session, Disqualification, disqualification_id)
    _open(session, found.meeting_id)
    handler = allowed(actor.roles, Action.HANDLE_ATTENDANCE)
    if not may_report_for(actor.roles, actor_person_id=actor.person_id, person_id=found.person_id):
        raise PermissionDenied("error.habilitet_not_own")
    if found.status == DisqualificationStatus.DECIDED and not handler:
        raise PermissionDenied("error.habilitet_decide")
    if found.withdrawn_at is not None:
        raise ValidationFailed("error.habilitet_withdrawn")
    withdraw(session, actor, found, meeting_id=found.meeting_id, action="meeting.inhabil_withdrawn")
    return found
