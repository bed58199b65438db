"""Forfall and vara: a member reports forfall for a meeting (or part of it), the secretariat calls in
the next vara and records the answer; a body's rule for vedtaksførhet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg import clock, signed_links
from osloreg.enums import Basis, CallAnswer, MeetingStatus, MembershipRole, QuorumRule
from osloreg.models import (
    Absence,
    AgendaItem,
    Body,
    Disqualification,
    Meeting,
    Membership,
    Person,
    SubstituteCall,
    UsedLink,
    utcnow,
)
from osloreg.rules import attendance as rules
from osloreg.rules.coverage import SEATED_ROLES, valid_on
from osloreg.rules.permissions import Action, allowed, may_report_for
from osloreg.rules.validation import clean_text
from osloreg.services import invitations
from osloreg.services.base import (
    Actor,
    PermissionDenied,
    ValidationFailed,
    audit,
    check_unchanged,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)
from osloreg.services.meetings import ENTITY, REASON_MAX

# A forfall is reported and handled until the protokoll is approved; after that the record is closed.
OPEN_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.HELD})
SOURCE_MAX = 2000


def terms_on(session: Session, *, body_id: int, person_id: int, day: dt.date) -> list[Membership]:
    """The person's terms in the body on the day (a seat, or a vara's term)."""
    terms = session.scalars(
        select(Membership).where(Membership.body_id == body_id, Membership.person_id == person_id)
    )
    return [term for term in terms if valid_on(day, term.start_on, term.end_on)]


def seat_unit(terms: list[Membership]) -> int | None:
    """The unit a person represents on the day (their seat's, else their vara term's)."""
    seated = [term for term in terms if term.role != MembershipRole.SUBSTITUTE]
    for term in seated or terms:
        if term.represents_unit_id is not None:
            return term.represents_unit_id
    return None


def vara_on(session: Session, *, body_id: int, day: dt.date) -> list[rules.Vara]:
    """The body's vara on the day, as the rules take them."""
    rows = session.execute(
        select(Membership, Person.name)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.body_id == body_id, Membership.role == MembershipRole.SUBSTITUTE)
    ).all()
    return [
        rules.Vara(
            person_id=term.person_id,
            name=name,
            unit_id=term.represents_unit_id,
            order=term.substitute_order,
            for_person_id=term.substitute_for_person_id,
        )
        for term, name in rows
        if valid_on(day, term.start_on, term.end_on)
    ]


def _open(session: Session, meeting_id: int) -> Meeting:
    meeting: Meeting = load_for_update(session, Meeting, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("error.meeting_cancelled")
    if meeting.status not in OPEN_STATUSES:
        raise ValidationFailed("error.forfall_closed")
    return meeting


def _check_reporter(actor: Actor, person_id: int, meeting: Meeting) -> None:
    """A member reports only their own forfall, and only before the meeting begins; the secretariat
    reports for anyone, also on the day and after (what was said at the door)."""
    if not may_report_for(actor.roles, actor_person_id=actor.person_id, person_id=person_id):
        raise PermissionDenied("error.forfall_not_own")
    if not allowed(actor.roles, Action.HANDLE_ATTENDANCE) and meeting.starts_at <= clock.oslo_now().replace(
        tzinfo=None
    ):
        raise ValidationFailed("error.forfall_too_late")


def withdraw(
    session: Session,
    actor: Actor,
    row: Absence | Disqualification,
    *,
    meeting_id: int,
    action: str,
    reason: str | None = None,
) -> None:
    """Mark a forfall or an inhabilitet withdrawn (kept, never deleted), with who and when, audited
    on the meeting; an inhabilitet with the reason (the body found the member habil)."""
    before = snapshot(row)
    row.withdrawn_at = utcnow()
    row.withdrawn_by_user_id = actor.user_id
    if reason is not None:
        row.withdrawn_reason = reason
    session.flush()
    audit(
        session, actor, action=action, entity=ENTITY, entity_id=meeting_id, before=before, after=snapshot(row)
    )


def item_position(session: Session, meeting: Meeting, item_id: int | None) -> int | None:
    if item_id is None:
        return None
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise ValidationFailed("error.item_not_on_agenda")
    return item.position


def standing_absence(session: Session, meeting_id: int, person_id: int) -> Absence | None:
    return session.scalars(
        select(Absence).where(
            Absence.meeting_id == meeting_id, Absence.person_id == person_id, Absence.withdrawn_at.is_(None)
        )
    ).first()


@service(Action.REPORT_ATTENDANCE)
def report_absence(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    person_id: int,
    reason: str,
    from_item_id: int | None = None,
    to_item_id: int | None = None,
    link_key: str | None = None,
) -> Absence:
    """Forfall for the whole meeting, or from an item, to an item, or between two (arriving late or
    leaving early), with the reason. `link_key` (signed_links.link_key): it comes through the one-time
    link in an invitation, which is recorded as used in this transaction (a second use is refused)
    and named in the audit event."""
    if link_key is not None:
        if session.get(UsedLink, link_key) is not None:
            raise ValidationFailed("forfall_link.used")
        session.add(UsedLink(link_id=link_key, purpose=signed_links.FORFALL, user_id=actor.user_id))
    meeting = _open(session, meeting_id)
    _check_reporter(actor, person_id, meeting)
    if not terms_on(session, body_id=meeting.body_id, person_id=person_id, day=meeting.starts_at.date()):
        raise ValidationFailed("error.forfall_not_member")
    reason = clean_text(reason, field_name="forfall_reason", max_length=REASON_MAX)
    try:
        rules.check_span(
            item_position(session, meeting, from_item_id), item_position(session, meeting, to_item_id)
        )
    except ValueError:
        raise ValidationFailed("error.forfall_span") from None
    if standing_absence(session, meeting.id, person_id) is not None:
        raise ValidationFailed("error.forfall_exists")
    absence = Absence(
        meeting_id=meeting.id,
        person_id=person_id,
        from_item_id=from_item_id,
        to_item_id=to_item_id,
        reason=reason,
        reported_by_user_id=actor.user_id,
    )
    session.add(absence)
    session.flush()
    via = {"via": "email_link"} if link_key is not None else {}
    audit(
        session,
        actor,
        action="meeting.forfall",
        entity=ENTITY,
        entity_id=meeting.id,
        after={**snapshot(absence), **via},
    )
    return absence


@service(Action.REPORT_ATTENDANCE)
def withdraw_absence(session: Session, *, actor: Actor, absence_id: int) -> Absence:
    """Take back a forfall (the member can come after all). Kept, marked withdrawn; a vara called in
    for it is told by the secretariat, and their call stays in the record."""
    absence: Absence = load_for_update(session, Absence, absence_id)
    meeting = _open(session, absence.meeting_id)
    _check_reporter(actor, absence.person_id, meeting)
    if absence.withdrawn_at is not None:
        raise ValidationFailed("error.forfall_withdrawn")
    withdraw(session, actor, absence, meeting_id=meeting.id, action="meeting.forfall_withdrawn")
    return absence


@service(Action.HANDLE_ATTENDANCE)
def call_substitute(
    session: Session, *, actor: Actor, absence_id: int, vara_person_id: int
) -> SubstituteCall:
    """Call in a vara for a member's forfall: the member's personal vara or a vara of the member's unit,
    one at a time (the next is called when the one asked declines)."""
    absence: Absence = load_for_update(session, Absence, absence_id)
    if absence.withdrawn_at is not None:
        raise ValidationFailed("error.forfall_withdrawn")
    meeting = _open(session, absence.meeting_id)
    day = meeting.starts_at.date()
    member_terms = terms_on(session, body_id=meeting.body_id, person_id=absence.person_id, day=day)
    if not any(term.role in SEATED_ROLES for term in member_terms):
        # A vara's (or an observer's) forfall: a vara meets only for one who holds a seat.
        raise ValidationFailed("error.vara_not_for_member")
    unit_id = seat_unit(member_terms)
    vara = next(
        (
            vara
            for vara in vara_on(session, body_id=meeting.body_id, day=day)
            if vara.person_id == vara_person_id
            and rules.may_meet_for(vara, member_id=absence.person_id, unit_id=unit_id)
        ),
        None,
    )
    if vara is None:
        raise ValidationFailed("error.vara_not_for_member")
    calls = list(session.scalars(select(SubstituteCall).where(SubstituteCall.absence_id == absence.id)))
    if any(call.person_id == vara_person_id for call in calls):
        raise ValidationFailed("error.vara_called_before")
    if any(call.answer != CallAnswer.DECLINED for call in calls):
        raise ValidationFailed("error.vara_already_called")
    if standing_absence(session, meeting.id, vara_person_id) is not None:
        raise ValidationFailed("error.vara_has_forfall")
    # One vara meets for one member: asked or coming for another's forfall, they are taken.
    engaged = session.scalar(
        select(SubstituteCall.id)
        .join(Absence, Absence.id == SubstituteCall.absence_id)
        .where(
            SubstituteCall.meeting_id == meeting.id,
            SubstituteCall.person_id == vara_person_id,
            SubstituteCall.answer != CallAnswer.DECLINED,
            Absence.withdrawn_at.is_(None),
        )
        .limit(1)
    )
    if engaged is not None:
        raise ValidationFailed("error.vara_engaged")
    call = SubstituteCall(
        absence_id=absence.id,
        meeting_id=meeting.id,
        person_id=vara_person_id,
        unit_id=vara.unit_id if vara.unit_id is not None else unit_id,
        called_by_user_id=actor.user_id,
        answer=CallAnswer.PENDING,
    )
    session.add(call)
    session.flush()
    audit(
        session,
        actor,
        action="meeting.vara_called",
        entity=ENTITY,
        entity_id=meeting.id,
        after=snapshot(call),
    )
    return call


@service(Action.HANDLE_ATTENDANCE)
def answer_call(session: Session, *, actor: Actor, call_id: int, accepted: bool) -> SubstituteCall:
    """Record the vara's answer: they will meet, or they cannot (then the next vara may be called)."""
    call: SubstituteCall = load_for_update(session, SubstituteCall, call_id)
    _open(session, call.meeting_id)
    if call.answer != CallAnswer.PENDING:
        raise ValidationFailed("error.vara_answered")
    if session.get(Absence, call.absence_id).withdrawn_at is not None:
        raise ValidationFailed("error.forfall_withdrawn")  # the member comes: no vara is needed
    if accepted and standing_absence(session, call.meeting_id, call.person_id) is not None:
        raise ValidationFailed("error.vara_has_forfall")
    before = snapshot(call)
    call.answer = CallAnswer.ACCEPTED if accepted else CallAnswer.DECLINED
    call.answered_at = utcnow()
    call.answer_by_user_id = actor.user_id
    session.flush()
    audit(
        session,
        actor,
        action="meeting.vara_answer",
        entity=ENTITY,
        entity_id=call.meeting_id,
        before=before,
        after=snapshot(call),
    )
    invitations.queue_vara(session, call)  # a vara who meets gets the calendar invitation too
    return call


# --- A body's rule for vedtaksførhet ---------------------------------------------------------------------


def quorum_state(body: Body) -> dict[str, Any]:
    return {
        "quorum_rule": body.quorum_rule,
        "quorum_basis": body.quorum_basis,
        "quorum_source": body.quorum_source,
    }


@service(Action.ADMINISTER)
def set_quorum_rule(
    session: Session,
    *,
    actor: Actor,
    body_id: int,
    expected: Mapping[str, Any] | None,
    rule: str,
    basis: str | None,
    source: str | None,
) -> Body:
    """When the body is vedtaksfør, and how that is known: the law for a folkevalgt organ (sourced, the
    provision named), or uncertain / illustrative with the reason. 'none' clears it."""
    body: Body = get_or_404(session, Body, body_id)
    body = load_for_update(session, Body, body.id)
    before = quorum_state(body)
    check_unchanged(before, expected, "bodies")
    if rule not in tuple(QuorumRule):
        raise ValidationFailed("error.quorum_rule")
    if rule == QuorumRule.NONE:
        basis, source = None, None
    else:
        if basis not in tuple(Basis):
            raise ValidationFailed("error.quorum_basis")
        source = clean_text(source, field_name="quorum_source", max_length=SOURCE_MAX)
    after = {"quorum_rule": QuorumRule(rule).value, "quorum_basis": basis, "quorum_source": source}
    if after == before:
        raise ValidationFailed("error.nothing_changed")
    body.quorum_rule, body.quorum_basis, body.quorum_source = after.values()
    session.flush()
    audit(
        session,
        actor,
        action="body.quorum_rule",
        entity="body",
        entity_id=body.id,
        before=before,
        after=after,
    )
    return body
