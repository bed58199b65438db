"""Meetings: plan, move and cancel them (history kept in the audit trail and the cycle's steps), build
their agenda from registered cases (a change after the innkalling makes its next version), record a
result per item (which is the case's treatment by the body), minutes and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import Basis, ConsultationRole, MeetingStatus
from osloreg.models import AgendaItem, Attendance, Body, Case, Consultation, Meeting, Person, Unit
from osloreg.rules import cases as case_rules
from osloreg.rules import meetings as rules
from osloreg.rules import publication
from osloreg.rules.permissions import Action
from osloreg.rules.validation import TEXT_MAX, TITLE_MAX, clean_text
from osloreg.services import case_numbers, case_standing, invitations, meeting_steps
from osloreg.services.base import (
    Actor,
    Conflict,
    ValidationFailed,
    audit,
    check_version,
    flush_or_conflict,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)
from osloreg.services.cases import add_step

ENTITY = "meeting"
MINUTES_MAX = 50_000
RESULT_TEXT_MAX = TEXT_MAX
REASON_MAX = 2000


def _when(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is not None and not isinstance(value, dt.datetime):
        raise ValidationFailed("error.date_invalid", field=field)
    return value.replace(tzinfo=None, second=0, microsecond=0) if value is not None else None


def _open_meeting(session: Session, meeting_id: int, expected_version: int | None) -> Meeting:
    """The meeting, locked, if it is not cancelled and not changed since it was read."""
    meeting: Meeting = load_for_update(session, Meeting, meeting_id)
    check_version(meeting, expected_version, before=snapshot(meeting))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("error.meeting_cancelled")
    return meeting


def _planned_steps(session: Session, meeting: Meeting) -> list[Consultation]:
    """The cases' treatments planned at this meeting that have not taken place."""
    return list(
        session.scalars(
            select(Consultation).where(
                Consultation.meeting_id == meeting.id, Consultation.treated_on.is_(None)
            )
        )
    )


# --- The meeting itself ------------------------------------------------------------------------------


@service(Action.MANAGE_WORK)
def plan_meeting(
    session: Session,
    *,
    actor: Actor,
    body_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str | None = None,
    title: str | None = None,
) -> Meeting:
    """A planned meeting of a body; times are Oslo wall-clock times. Without an end it lasts two hours."""
    body: Body = get_or_404(session, Body, body_id)
    starts_at, ends_at = _when(starts_at, "starts_at"), _when(ends_at, "ends_at")
    rules.check_times(starts_at, ends_at)
    meeting = Meeting(
        body_id=body.id,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + dt.timedelta(hours=rules.DEFAULT_HOURS),
        place=clean_text(place, field_name="place", max_length=TITLE_MAX, required=False),
        title=clean_text(title, field_name="meeting_title", max_length=TITLE_MAX, required=False),
        status=MeetingStatus.PLANNED,
        basis=Basis.SOURCED,
    )
    session.add(meeting)
    session.flush()
    audit(session, actor, action="meeting.plan", entity=ENTITY, entity_id=meeting.id, after=snapshot(meeting))
    return meeting


@service(Action.MANAGE_WORK)
def update_meeting(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    expected_version: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str | None = None,
    title: str | None = None,
) -> Meeting:
    """Move a planned meeting or change its place and title; the cases planned at it move along. The
    audit trail keeps where and when it was before."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    before = snapshot(meeting)
    starts_at, ends_at = _when(starts_at, "starts_at"), _when(ends_at, "ends_at")
    rules.check_times(starts_at, ends_at)
    if rules.took_place(meeting.status) and starts_at != meeting.starts_at:
        raise ValidationFailed("error.meeting_held")
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at or starts_at + dt.timedelta(hours=rules.DEFAULT_HOURS),
        "place": clean_text(place, field_name="place", max_length=TITLE_MAX, required=False),
        "title": clean_text(title, field_name="meeting_title", max_length=TITLE_MAX, required=False),
    }
    if all(getattr(meeting, name) == value for name, value in values.items()):
        raise ValidationFailed("error.nothing_changed")
    for name, value in values.items():
        setattr(meeting, name, value)
    steps = _planned_steps(session, meeting)
    for step in steps:
        step.planned_on = starts_at.date()
    flush_or_conflict(session, meeting)
    case_standing.refresh(session, [step.case_id for step in steps])
    moved = before["starts_at"] != snapshot(meeting)["starts_at"]
    audit(
        session,
        actor,
        action="meeting.move" if moved else "meeting.update",
        entity=ENTITY,
        entity_id=meeting.id,
        before=before,
        after=snapshot(meeting),
    )
    # Those called to the meeting must hear of a new time or place: the innkalling's next version.
    if moved or before["ends_at"] != snapshot(meeting)["ends_at"]:
        meeting_steps.renew_notice(session, actor, meeting, "time")
    elif before["place"] != meeting.place:
        meeting_steps.renew_notice(session, actor, meeting, "place")
    invitations.queue_change(session, meeting, before)  # and their calendars, by e-mail
    return meeting


@service(Action.MANAGE_WORK)
def cancel_meeting(
    session: Session, *, actor: Actor, meeting_id: int, expected_version: int, reason: str
) -> Meeting:
    """Cancel a meeting that has not taken place (planned or called), saying why. It stays in the
    calendar, marked, with its innkalling and history; its agenda is kept as it was, and the cases
    planned at it wait for another meeting of the body."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    if rules.took_place(meeting.status):
        raise ValidationFailed("error.meeting_held")
    reason = clean_text(reason, field_name="reason", max_length=REASON_MAX)
    before = snapshot(meeting)
    meeting_steps.move(session, actor, meeting, MeetingStatus.CANCELLED, reason=reason)
    steps = _planned_steps(session, meeting)
    for step in steps:
        step.meeting_id, step.planned_on = None, None
    flush_or_conflict(session, meeting)
    case_standing.refresh(session, [step.case_id for step in steps])
    audit(
        session,
        actor,
        action="meeting.cancel",
        entity=ENTITY,
        entity_id=meeting.id,
        before=before,
        after={**snapshot(meeting), "reason": reason, "released_steps": sorted(step.id for step in steps)},
    )
    invitations.queue_cancel(session, meeting)  # a CANCEL to each calendar that was sent the meeting
    return meeting


@service(Action.MANAGE_WORK)
def record_minutes(
    session: Session, *, actor: Actor, meeting_id: int, expected_version: int, minutes: str | None
) -> Meeting:
    """The minutes (protokoll) of a meeting that has taken place; it is then held."""
    meeting = _open_meeting(session, meeting_id, expected_version)
    before = snapshot(meeting)
    minutes = clean_text(minutes, field_name="minutes", max_length=MINUTES_MAX, required=False)
    if minutes == meeting.minutes:
        raise ValidationFailed("error.nothing_changed")
    meeting.minutes = minutes
    meeting_steps.mark_held(session, actor, meeting)
    flush_or_conflict(session, meeting)
    audit(
        session,
        actor,
        action="meeting.minutes",
        entity=ENTITY,
        entity_id=meeting.id,
        before=before,
        after=snapshot(meeting),
    )
    return meeting


# --- The agenda ----------------------------------------------------------------------------------------


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
        )
    )


def agenda_state(session: Session, meeting_id: int) -> list[dict[str, Any]]:
    return [
        {"position": item.position, "case_id": item.case_id, "heading": item.heading}
        | ({"closed_basis": item.closed_basis} if item.closed_basis else {})
        for item in _items(session, meeting_id)
    ]


def treatment(session: Session, item: AgendaItem) -> Consultation | None:
    """The case's treatment by the meeting's body at this meeting (the item's result lives there)."""
    if item.case_id is None:
        return None
    return session.scalars(
        select(Consultation)
        .where(Consultation.case_id == item.case_id, Consultation.meeting_id == item.meeting_id)
        .order_by(Consultation.sequence)
    ).first()


@service(Action.MANAGE_WORK)
def add_agenda_item(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    case_id: int | None = None,
    heading: str | None = None,
    role: str = ConsultationRole.PREPARATION,
    authoritative: bool = False,
    number: int | None = None,
) -> AgendaItem:
    """A case or a heading ("Eventuelt") at the end of the agenda. A case's treatment by the body is
    planned for the meeting: the first step of its path planned for this body and not yet at a
    meeting, or else a new step at the end of its path (in `role`, deciding if `authoritative`).
    The case gets its number in the body's series of the meeting's year: the one it holds there,
    else `number` if free, else the next free one (services.case_numbers)."""
    meeting = _open_meeting(session, meeting_id, None)
    before = agenda_state(session, meeting.id)
    taken: dict[str, Any] = {}
    if (case_id is None) == (heading is None or not heading.strip()):
        raise ValidationFailed("error.agenda_case_or_heading")
    position = (
        session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)) or 0
    ) + 1
    if case_id is None:
        item = AgendaItem(
            meeting_id=meeting.id,
            position=position,
            heading=clean_text(heading, field_name="heading", max_length=TITLE_MAX),
        )
        session.add(item)
    else:
        case: Case = load_for_update(session, Case, case_id)
        if any(row["case_id"] == case.id for row in before):
            raise ValidationFailed("error.case_on_agenda", case=case.title)
        item = AgendaItem(meeting_id=meeting.id, position=position, case_id=case.id)
        session.add(item)
        # A step planned before the case's last treatment was passed over: the path goes on after it.
        last_treated = session.scalar(
            select(func.max(Consultation.sequence)).where(
                Consultation.case_id == case.id, Consultation.treated_on.is_not(None)
            )
        )
        step = session.scalars(
            select(Consultation)
            .where(
                Consultation.case_id == case.id,
                Consultation.body_id == meeting.body_id,
                Consultation.treated_on.is_(None),
                Consultation.meeting_id.is_(None),
                Consultation.sequence > (last_treated or 0),
            )
            .order_by(Consultation.sequence)
        ).first()
        if step is None:
            step = add_step(
                session,
                case,
                body_id=meeting.body_id,
                role=role,
                authoritative=authoritative,
                meeting_id=meeting.id,
            )
        step.meeting_id, step.planned_on = meeting.id, meeting.starts_at.date()
        session.flush()
        numbered = case_numbers.take(
            session, case_id=case.id, body_id=meeting.body_id, year=meeting.starts_at.year, number=number
        )
        taken = {"case_number": numbered.label}
        case_standing.refresh(session, [case.id])
    session.flush()
    audit(
        session,
        actor,
        action="meeting.agenda_add",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"agenda": before},
        after={"agenda": agenda_state(session, meeting.id), **taken},
    )
    meeting_steps.after_agenda_change(
        session, actor, meeting, "added", item=meeting_steps.item_label(session, item)
    )
    return item


@service(Action.MANAGE_WORK)
def move_agenda_item(session: Session, *, actor: Actor, item_id: int, offset: int) -> AgendaItem:
    """Move an item one place up (offset -1) or down (+1) on its agenda."""
    item: AgendaItem = load_for_update(session, AgendaItem, item_id)
    meeting = _open_meeting(session, item.meeting_id, None)
    before = agenda_state(session, meeting.id)
    items = _items(session, meeting.id)
    index = next(i for i, row in enumerate(items) if row.id == item.id)
    other = index + (1 if offset > 0 else -1)
    if offset == 0 or not 0 <= other < len(items):
        raise ValidationFailed("error.agenda_edge")
    neighbour = items[other]
    # Swap through a free position: (meeting, position) is unique at every flush.
    mine, theirs = item.position, neighbour.position
    item.position = -1
    session.flush()
    neighbour.position = mine
    session.flush()
    item.position = theirs
    session.flush()
    audit(
        session,
        actor,
        action="meeting.agenda_move",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"agenda": before},
        after={"agenda": agenda_state(session, meeting.id)},
    )
    meeting_steps.after_agenda_change(session, actor, meeting, "moved")
    return item


@service(Action.MANAGE_WORK)
def remove_agenda_item(session: Session, *, actor: Actor, item_id: int) -> int:
    """Take an item off the agenda; a case's treatment planned at the meeting goes back to waiting
    for a meeting of the body. An item with a result recorded stays (it is the record)."""
    item: AgendaItem = load_for_update(session, AgendaItem, item_id)
    meeting = _open_meeting(session, item.meeting_id, None)
    before = agenda_state(session, meeting.id)
    step = treatment(session, item)
    if step is not None and step.result is not None:
        raise ValidationFailed("error.agenda_item_has_result")
    freed: dict[str, Any] = {}
    named = meeting_steps.item_label(session, item)
    if step is not None:
        step.meeting_id, step.planned_on = None, None
        session.flush()
        # A number given for this agenda, and not used at another meeting of the body that year,
        # goes back to the series: the case was never treated under it.
        released = case_numbers.release(
            session, case_id=step.case_id, body_id=meeting.body_id, year=meeting.starts_at.year
        )
        if released is not None:
            freed = {"case_number": released}
    case_id = item.case_id
    session.delete(item)
    session.flush()
    # Close the gap, so the agenda stays numbered 1, 2, 3 ...
    for position, row in enumerate(_items(session, meeting.id), start=1):
        if row.position != position:
            row.position = position
            session.flush()
    if case_id is not None:
        case_standing.refresh(session, [case_id])
    audit(
        session,
        actor,
        action="meeting.agenda_remove",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"agenda": before, **freed},
        after={"agenda": agenda_state(session, meeting.id)},
    )
    meeting_steps.after_agenda_change(session, actor, meeting, "removed", item=named)
    return meeting.id


@service(Action.MANAGE_WORK)
def set_item_closed(session: Session, *, actor: Actor, item_id: int, closed_basis: str | None) -> AgendaItem:
    """Treat an item behind closed doors (lukket møte), with the legal basis the public view shows in
    place of its title, its case and its vedtak; or open it again (`closed_basis` None). The basis
    must cite a provision ("kommuneloven § 11-5 andre ledd bokstav b")."""
    item: AgendaItem = load_for_update(session, AgendaItem, item_id)
    meeting = _open_meeting(session, item.meeting_id, None)
    basis = clean_text(
        closed_basis, field_name="closed_basis", max_length=publication.CLOSED_BASIS_MAX, required=False
    )
    if basis is not None and not publication.names_a_paragraph(basis):
        raise ValidationFailed("error.closed_basis_no_paragraph")
    if basis == item.closed_basis:
        raise ValidationFailed("error.nothing_changed")
    before = agenda_state(session, meeting.id)
    item.closed_basis = basis
    session.flush()
    audit(
        session,
        actor,
        action="meeting.agenda_closed" if basis else "meeting.agenda_opened",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"agenda": before},
        after={"agenda": agenda_state(session, meeting.id)},
    )
    # A called meeting's innkalling gets its next version (it is published): named by position only.
    meeting_steps.after_agenda_change(
        session, actor, meeting, "closed" if basis else "opened", position=item.position
    )
    return item


def result_state(step: Consultation | None) -> dict[str, Any] | None:
    """An item's result as a form read it (None: none recorded), for `expected`."""
    if step is None or step.result is None:
        return None
    return {"result": step.result, "result_text": step.result_text}


@service(Action.MANAGE_WORK)
def record_result(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    expected: Mapping[str, Any] | None,
    result: str,
    text: str | None = None,
    unanimous: bool | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    protocol_remarks: str | None = None,
) -> Consultation:
    """The body's structured result on a case at the meeting (endorsed, endorsed with changes,
    returned, postponed, noted; and text): the case's treatment, dated the meeting's day. The
    meeting is then held; a deciding body's closing result gives the case its final decision (the
    text, else the proposed decision) unless it has one. Refused if someone recorded or changed the
    result since `expected` was read."""
    item: AgendaItem = load_for_update(session, AgendaItem, item_id)
    if item.case_id is None:
        raise ValidationFailed("error.agenda_heading_no_result")
    meeting = _open_meeting(session, item.meeting_id, None)
    case: Case = load_for_update(session, Case, item.case_id)
    step = treatment(session, item)
    if step is None:  # an item from before agendas planned treatments: plan it now
        step = add_step(session, case, body_id=meeting.body_id, meeting_id=meeting.id)
        case_numbers.take(session, case_id=case.id, body_id=meeting.body_id, year=meeting.starts_at.year)
    current = result_state(step)
    if current != (dict(expected) if expected is not None else None):
        raise Conflict("error.conflict", entity="consultations", current=current or {})
    day = meeting.starts_at.date()
    result = rules.check_result(result, meeting_day=day, today=clock.oslo_today())
    text = clean_text(text, field_name="result_text", max_length=RESULT_TEXT_MAX, required=False)
    vote = case_rules.check_vote(unanimous=unanimous, votes_for=votes_for, votes_against=votes_against)
    remarks = clean_text(
        protocol_remarks, field_name="protocol_remarks", max_length=RESULT_TEXT_MAX, required=False
    )
    unchanged = (step.unanimous, step.votes_for, step.votes_against, step.protocol_remarks) == (
        *vote,
        remarks,
    )
    if current == {"result": result, "result_text": text} and unchanged:
        raise ValidationFailed("error.nothing_changed")
    before = {"case": case.label, "treatment": snapshot(step), "final_decision": case.final_decision}
    # A correction takes back the final decision this treatment gave (unless it was edited since).
    if case_rules.decides_case(authoritative=step.authoritative, result=step.result) and (
        case.final_decision == (step.result_text or case.proposed_decision)
    ):
        case.final_decision = None
    step.result, step.result_text, step.treated_on, step.planned_on = (
        result,
        text,
        day,
        step.planned_on or day,
    )
    step.unanimous, step.votes_for, step.votes_against = vote
    step.protocol_remarks = remarks
    meeting_steps.mark_held(session, actor, meeting)
    if case_rules.decides_case(authoritative=step.authoritative, result=result) and not case.final_decision:
        case.final_decision = text or case.proposed_decision
    flush_or_conflict(session, meeting)
    case_standing.refresh(session, [case.id])
    after = {"case": case.label, "treatment": snapshot(step), "final_decision": case.final_decision}
    audit(
        session,
        actor,
        action="meeting.result",
        entity=ENTITY,
        entity_id=meeting.id,
        before=before,
        after=after,
    )
    # The case's own history shows its treatment too.
    audit(session, actor, action="case.treated", entity="case", entity_id=case.id, before=before, after=after)
    return step


# --- Attendance ------------------------------------------------------------------------------------------


def attendance_state(session: Session, meeting_id: int) -> list[dict[str, Any]]:
    """Who was there (or sent apologies), for `expected`: person, unit, present, by person."""
    rows = session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(Attendance.person_id)
    )
    return [
        {
            "person_id": row.person_id,
            "unit_id": row.unit_id,
            "present": row.present,
            "attended_for_person_id": row.attended_for_person_id,
        }
        for row in rows
    ]


@service(Action.MANAGE_WORK)
def record_attendance(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    expected: Sequence[Mapping[str, Any]] | None,
    attendees: Sequence[Mapping[str, Any]],
) -> list[Attendance]:
    """Replace the meeting's attendance: each entry a person, the unit they represented, whether they
    were present (False: forfall) and, for a vara, the member they met for ("møtte for").
    Refused if someone changed it since it was read."""
    meeting = _open_meeting(session, meeting_id, None)
    before = attendance_state(session, meeting.id)
    if expected is not None and [dict(row) for row in expected] != before:
        raise Conflict("error.conflict", entity="attendance", current={"attendance": before})
    seen: set[int] = set()
    rows = []
    for entry in attendees:
        person_id, unit_id = entry["person_id"], entry.get("unit_id")
        if person_id in seen:
            raise ValidationFailed("error.attendance_twice", id=person_id)
        seen.add(person_id)
        if session.get(Person, person_id) is None:
            raise ValidationFailed("error.person_missing", id=person_id)
        if unit_id is not None and session.get(Unit, unit_id) is None:
            raise ValidationFailed("error.unit_missing", id=unit_id)
        attended_for = entry.get("attended_for_person_id")
        if attended_for is not None and (
            attended_for == person_id or session.get(Person, attended_for) is None
        ):
            raise ValidationFailed("error.attended_for_invalid", id=person_id)
        rows.append(
            Attendance(
                meeting_id=meeting.id,
                person_id=person_id,
                unit_id=unit_id,
                present=bool(entry.get("present", True)),
                attended_for_person_id=attended_for,
            )
        )
    if sorted((r.person_id, r.unit_id, r.present, r.attended_for_person_id) for r in rows) == [
        (row["person_id"], row["unit_id"], row["present"], row["attended_for_person_id"]) for row in before
    ]:
        raise ValidationFailed("error.nothing_changed")
    for old in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)):
        session.delete(old)
    session.flush()
    session.add_all(rows)
    session.flush()
    audit(
        session,
        actor,
        action="meeting.attendance",
        entity=ENTITY,
        entity_id=meeting.id,
        before={"attendance": before},
        after={"attendance": attendance_state(session, meeting.id)},
    )
    return rows
