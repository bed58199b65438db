"""The meeting cycle: innkalling, held, protokoll approved and published; behandling; notice periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import Basis, DocumentKind, MeetingStatus, ProtocolApproval
from osloreg.models import AgendaItem, Body, Meeting, MeetingNotice, MinutesApproval, MinutesSigner, Person
from osloreg.rules import meetings as rules
from osloreg.rules.permissions import Action
from osloreg.rules.validation import TEXT_MAX, clean_text
from osloreg.services import invitations, meeting_steps
from osloreg.services.base import (
    Actor,
    ValidationFailed,
    audit,
    check_unchanged,
    flush_or_conflict,
    get_or_404,
    jsonable,
    load_for_update,
    service,
    snapshot,
)
from osloreg.services.meetings import ENTITY, MINUTES_MAX, _open_meeting

SOURCE_MAX = 2000
NOTICE_BASES = (Basis.SOURCED, Basis.ILLUSTRATIVE)


def _step(
    session: Session, actor: Actor, meeting: Meeting, to_status: str, action: str, **extra: Any
) -> None:
    before = snapshot(meeting)
    meeting_steps.move(session, actor, meeting, to_status)
    flush_or_conflict(session, meeting)
    after = {**snapshot(meeting), **{name: jsonable(value) for name, value in extra.items()}}
    audit(session, actor, action=action, entity=ENTITY, entity_id=meeting.id, before=before, after=after)


@service(Action.SEND_NOTICE)
def send_notice(session: Session, *, actor: Actor, meeting_id: int, expected_version: int) -> MeetingNotice:
    """Send the innkalling of a planned meeting with an agenda, before the meeting: it is then innkalt,
    and the innkalling's first version keeps the saksliste and the documents as sent."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationFailed("error.notice_not_planned")
    if meeting.starts_at.date() < clock.oslo_today():
        raise ValidationFailed("error.notice_after_meeting")
    agenda = meeting_steps.frozen_agenda(session, meeting)
    if not agenda:
        raise ValidationFailed("error.notice_no_agenda")
    previous = meeting_steps.latest_notice(session, meeting.id)  # none: a planned meeting was never called
    notice = meeting_steps.write_notice(
        session, actor, meeting, reason=None, previous=previous, agenda=agenda
    )
    _step(session, actor, meeting, MeetingStatus.CALLED, "meeting.notice", notice_version=notice.version)
    invitations.queue_notice(session, meeting)  # each member's calendar invitation, sent by a later run
    return notice


@service(Action.SEND_NOTICE)
def hold_meeting(session: Session, *, actor: Actor, meeting_id: int, expected_version: int) -> Meeting:
    """Mark a planned or called meeting as held (avholdt), on its day or after."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    _step(session, actor, meeting, MeetingStatus.HELD, "meeting.held")
    return meeting


def _signers(
    session: Session, meeting: Meeting, signers: Sequence[tuple[int, dt.date]], today: dt.date
) -> list[tuple[int, dt.date]]:
    if not signers:
        raise ValidationFailed("error.approval_no_signers")
    seen: set[int] = set()
    checked = []
    for person_id, signed_on in signers:
        if person_id in seen:
            raise ValidationFailed("error.approval_signer_twice")
        seen.add(person_id)
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationFailed("error.person_missing", id=person_id)
        if not isinstance(signed_on, dt.date):
            raise ValidationFailed("error.date_invalid", field="signed_on")
        if signed_on < meeting.starts_at.date():
            raise ValidationFailed("error.signed_before_meeting", person=person.name)
        if signed_on > today:
            raise ValidationFailed("error.signed_in_future", person=person.name)
        checked.append((person_id, signed_on))
    return checked


def _approving_item(session: Session, meeting: Meeting, agenda_item_id: int | None) -> AgendaItem:
    """The item of a later meeting of the same body, held, at which the protokoll was approved."""
    if agenda_item_id is None:
        raise ValidationFailed("error.approval_item_required")
    item: AgendaItem = get_or_404(session, AgendaItem, agenda_item_id)
    later: Meeting = session.get(Meeting, item.meeting_id)
    if later.body_id != meeting.body_id:
        raise ValidationFailed("error.approval_other_body")
    if later.starts_at <= meeting.starts_at:
        raise ValidationFailed("error.approval_not_later")
    if not rules.took_place(later.status):
        raise ValidationFailed("error.approval_meeting_not_held")
    return item


@service(Action.APPROVE_MINUTES)
def approve_minutes(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    expected_version: int,
    method: str,
    approved_on: dt.date | None = None,
    agenda_item_id: int | None = None,
    signers: Sequence[tuple[int, dt.date]] = (),
) -> MinutesApproval:
    """Record how a held meeting's protokoll was approved: as an item of a later, held meeting of the
    body (approved that day), or signed by named persons (each on a day from the meeting to today;
    approved the day of the last signature unless another is given)."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    today = clock.oslo_today()
    # The rule first: no approval before the meeting is held, said in those words.
    rules.check_move(
        meeting.status, MeetingStatus.APPROVED, meeting_day=meeting.starts_at.date(), today=today
    )
    extra: dict[str, Any] = {"method": method}
    if method == ProtocolApproval.AT_MEETING:
        if signers:
            raise ValidationFailed("error.approval_signers_at_meeting")
        item = _approving_item(session, meeting, agenda_item_id)
        day = session.get(Meeting, item.meeting_id).starts_at.date()
        if approved_on is not None and approved_on != day:
            raise ValidationFailed("error.approval_date_meeting", day=day)
        approved_on, checked = day, []
        extra |= {"agenda_item_id": item.id, "item": meeting_steps.item_label(session, item)}
    elif method == ProtocolApproval.SIGNERS:
        if agenda_item_id is not None:
            raise ValidationFailed("error.approval_item_with_signers")
        checked = _signers(session, meeting, signers, today)
        approved_on = approved_on or max(signed_on for _, signed_on in checked)
        if not isinstance(approved_on, dt.date) or not meeting.starts_at.date() <= approved_on <= today:
            raise ValidationFailed("error.approval_date")
        extra["signers"] = [
            {"person_id": person_id, "signed_on": on.isoformat()} for person_id, on in checked
        ]
    else:
        raise ValidationFailed("error.approval_method")
    approval = MinutesApproval(
        meeting_id=meeting.id,
        method=method,
        approved_on=approved_on,
        agenda_item_id=agenda_item_id if method == ProtocolApproval.AT_MEETING else None,
        recorded_by_user_id=actor.user_id,
    )
    session.add(approval)
    session.flush()
    session.add_all(
        MinutesSigner(approval_id=approval.id, person_id=person_id, signed_on=signed_on)
        for person_id, signed_on in checked
    )
    _step(
        session, actor, meeting, MeetingStatus.APPROVED, "meeting.approve", approved_on=approved_on, **extra
    )
    meeting_steps.store_paper(session, actor, meeting, DocumentKind.MINUTES)  # the protokoll as approved
    return approval


@service(Action.APPROVE_MINUTES)
def publish_minutes(session: Session, *, actor: Actor, meeting_id: int, expected_version: int) -> Meeting:
    """Publish an approved protokoll."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    _step(session, actor, meeting, MeetingStatus.PUBLISHED, "meeting.publish")
    return meeting


def proceedings_state(item: AgendaItem) -> dict[str, Any]:
    """An item's behandling and vedtak as a form read them, for `expected`."""
    return {"proceedings": item.proceedings, "decision_text": item.decision_text}


@service(Action.MANAGE_WORK)
def record_proceedings(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    expected: Mapping[str, Any] | None,
    proceedings: str | None,
    decision_text: str | None = None,
) -> AgendaItem:
    """The protokoll of an item: its behandling (what was proposed, amendments) and, for an item
    without a case, its vedtak (a case's vedtak is its result: record_result). The meeting is then
    held. Refused if someone changed it since `expected` was read."""
    item: AgendaItem = load_for_update(session, AgendaItem, item_id)
    meeting = _open_meeting(session, item.meeting_id, None)
    before = proceedings_state(item)
    check_unchanged(before, expected, "agenda_items")
    proceedings = clean_text(proceedings, field_name="proceedings", max_length=MINUTES_MAX, required=False)
    decision_text = clean_text(decision_text, field_name="decision_text", max_length=TEXT_MAX, required=False)
    if item.case_id is not None and decision_text is not None:
        raise ValidationFailed("error.agenda_case_decision")
    after = {"proceedings": proceedings, "decision_text": decision_text}
    if after == before:
        raise ValidationFailed("error.nothing_changed")
    item.proceedings, item.decision_text = proceedings, decision_text
    meeting_steps.mark_held(session, actor, meeting)
    flush_or_conflict(session, meeting)
    audit(
        session,
        actor,
        action="meeting.proceedings",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"item_id": item.id, **before},
        after={"item_id": item.id, **after},
    )
    return item


def notice_period_state(body: Body) -> dict[str, Any]:
    return {
        "notice_days": body.notice_days,
        "notice_basis": body.notice_basis,
        "notice_source": body.notice_source,
    }


@service(Action.ADMINISTER)
def set_notice_period(
    session: Session,
    *,
    actor: Actor,
    body_id: int,
    expected: Mapping[str, Any] | None,
    days: int | None,
    basis: str | None,
    source: str | None,
) -> Body:
    """A body's notice period (days before a meeting its innkalling must be sent) and how it is known:
    'sourced' with the source named (a statute, the body's rules), or 'illustrative' with the reason
    an admin set it. None for days clears it (no period known)."""
    body: Body = load_for_update(session, Body, body_id)
    before = notice_period_state(body)
    check_unchanged(before, expected, "bodies")
    source = clean_text(source, field_name="notice_source", max_length=SOURCE_MAX, required=days is not None)
    if days is None:
        basis, source = None, None
    else:
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 365:
            raise ValidationFailed("error.notice_days")
        if basis not in NOTICE_BASES:
            raise ValidationFailed("error.notice_basis")
        basis = Basis(basis).value
    after = {"notice_days": days, "notice_basis": basis, "notice_source": source}
    if after == before:
        raise ValidationFailed("error.nothing_changed")
    body.notice_days, body.notice_basis, body.notice_source = days, basis, source
    session.flush()
    audit(
        session,
        actor,
        action="body.notice_period",
        entity="body",
        entity_id=body.id,
        before=before,
        after=after,
    )
    return body
