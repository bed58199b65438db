"""Meetings through the services, on SQLite and PostgreSQL: who may manage them, planning, moving and
cancelling a meeting (the cases planned at it move along or are released), minutes, the agenda built
from cases (each item the case's treatment by the body), results as treatments, attendance. The stored
standing of every case touched agrees with the rule, every success writes its audit events, and every
refusal leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import ConsultationRole, MeetingStatus
from osloreg.models import AgendaItem, Case, Meeting
from osloreg.rules.cases import CaseState
from osloreg.services.base import Conflict, NotFound, PermissionDenied, ValidationFailed
from osloreg.services.cases import update_case
from osloreg.services.meetings import (
    add_agenda_item,
    cancel_meeting,
    move_agenda_item,
    record_attendance,
    record_minutes,
    remove_agenda_item,
    result_state,
    set_item_closed,
    update_meeting,
)
from osloreg.snapshots import case_state, snapshot
from tests.factories import at, days, make_agenda_item, make_case
from tests.integration.services.meeting_world import (
    Clerk,
    World,
    agenda,
    attendance,
    audited,
    build_meeting_world,
    every_meeting_service,
    path,
    refused,
    registered,
    standing,
    steps,
    stored,
)

PREP, HEARING, DECISION = ConsultationRole.PREPARATION, ConsultationRole.HEARING, ConsultationRole.DECISION
M = MeetingStatus


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


@pytest.fixture
def clerk(session: Session, world: World) -> Clerk:
    return Clerk(session, world)


# --- Who may manage meetings: every service, table-driven (meeting_world.every_meeting_service) ---


def test_members_and_viewers_are_refused_every_meeting_service(session, world):
    calls = every_meeting_service(session, world)
    assert set(calls) == registered("meetings")  # so that a new service cannot slip past
    for actor in (world.member, world.viewer):
        for name, each in calls.items():
            with refused(session, "error.permission_denied", PermissionDenied) as caught:
                each.run(session, actor=actor, **each.kwargs)
            assert caught.value.params == {"action": "manage_work"}, (actor.username, name)


def test_coordinators_directors_and_admins_run_every_meeting_service(session, world):
    for actor in (world.coordinator, world.director, world.admin):
        for name, each in every_meeting_service(session, world).items():
            with audited(session, *each.actions) as added:
                each.run(session, actor=actor, **each.kwargs)
            for event in added:
                assert (event.actor_name, event.actor_user_id) == (actor.username, actor.user_id), name
            assert added[0].entity == "meeting", name


# --- The meeting itself ---------------------------------------------------------------------------------


def test_a_planned_meeting_lasts_two_hours_unless_its_end_is_given_within_a_day(session, world, clerk):
    day = today() + days(14)
    with audited(session, "meeting.plan") as added:
        meeting = clerk.plan(day, place=" Oslo rådhus ", title=" Styremøte ")
    row = stored(session, Meeting, meeting.id)
    assert (row.starts_at, row.ends_at) == (at(day), at(day, 12))
    assert (row.place, row.title) == ("Oslo rådhus", "Styremøte")
    assert (row.body_id, row.status, row.basis, row.version) == (world.board, M.PLANNED, "sourced", 1)
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("meeting", row.id, None)
    assert event.after == snapshot(row)
    # Seconds are dropped; an end exactly a day later is allowed.
    half_past = dt.datetime.combine(day, dt.time(9, 30))
    start = half_past.replace(second=45, microsecond=120)
    row = stored(session, Meeting, clerk.plan(day, starts_at=start, ends_at=start + days(1)).id)
    assert (row.starts_at, row.ends_at) == (half_past, half_past + days(1))
    for ends_at, key in [
        (at(day, 9), "error.meeting_end"),
        (at(day, 10), "error.meeting_end"),
        (at(day + days(1), 11), "error.meeting_too_long"),
    ]:
        with refused(session, key, ValidationFailed):
            clerk.plan(day, ends_at=ends_at)
    with refused(session, "error.date_invalid", ValidationFailed):
        clerk.plan(day, starts_at=day)
    with refused(session, "error.required", ValidationFailed):
        clerk.plan(day, starts_at=None)
    with refused(session, "error.not_found", NotFound):
        clerk.plan(day, body_id=world.board + 1000)


def test_moving_a_meeting_moves_the_cases_planned_at_it_and_is_audited_as_a_move(session, world, clerk):
    day, new_day = today() + days(14), today() + days(17)
    meeting, other = clerk.plan(day), clerk.plan(day + days(7))
    first = clerk.case((world.group, PREP, False), (world.board, DECISION, True))
    second, elsewhere = clerk.case(), clerk.case((world.board, PREP, False))
    clerk.add(meeting, first), clerk.add(meeting, second), clerk.add(other, elsewhere)
    form = {"meeting_id": meeting.id, "starts_at": at(new_day, 13), "ends_at": at(new_day, 16)}
    with audited(session, "meeting.move") as added:
        moved = clerk(update_meeting, expected_version=1, **form, place="Lillestrøm", title="Nytt møte")
    row = stored(session, Meeting, meeting.id)
    assert (row.starts_at, row.ends_at) == (at(new_day, 13), at(new_day, 16))
    assert (row.place, row.title) == ("Lillestrøm", "Nytt møte")
    assert row.version == moved.version == 2
    assert steps(session, first) == [(1, None, None), (2, meeting.id, new_day)]
    assert steps(session, second) == [(1, meeting.id, new_day)]
    assert steps(session, elsewhere) == [(1, other.id, day + days(7))]
    for case in (first, second, elsewhere):
        assert standing(session, case.id)[0].waiting
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert event.before["starts_at"] == at(day).isoformat()
    assert event.after["starts_at"] == at(new_day, 13).isoformat()
    assert (event.before["place"], event.after["place"]) == ("Oslo rådhus", "Lillestrøm")
    # The same time in another place is an update, not a move; the cases stay planned that day.
    with audited(session, "meeting.update") as added:
        clerk(update_meeting, expected_version=2, **form, place="Oslo rådhus")
    assert (added[0].before["place"], added[0].after["place"]) == ("Lillestrøm", "Oslo rådhus")
    assert added[0].after["title"] is None
    assert steps(session, second) == [(1, meeting.id, new_day)]
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk(update_meeting, expected_version=3, **form, place="Oslo rådhus")
    # A form read before the last save is stale: refused, and nothing moves.
    with refused(session, "error.conflict", Conflict) as caught:
        clerk(update_meeting, expected_version=2, meeting_id=meeting.id, starts_at=at(day, 8))
    assert caught.value.params["current"]["version"] == 3
    assert stored(session, Meeting, meeting.id).starts_at == at(new_day, 13)


def test_a_held_meeting_keeps_its_time_and_a_cancelled_one_is_not_changed(session, world, clerk):
    held = clerk.plan(today() - days(7))
    clerk(record_minutes, meeting_id=held.id, expected_version=1, minutes="Protokoll")
    held = stored(session, Meeting, held.id)
    assert held.status == M.HELD
    form = {"meeting_id": held.id, "expected_version": held.version}
    with refused(session, "error.meeting_held", ValidationFailed):
        clerk(update_meeting, **form, starts_at=held.starts_at + days(1), ends_at=held.ends_at + days(1))
    with audited(session, "meeting.update"):
        clerk(update_meeting, **form, starts_at=held.starts_at, ends_at=held.ends_at, place="Møterom 2")
    held = stored(session, Meeting, held.id)
    assert (held.place, held.status, held.starts_at) == ("Møterom 2", M.HELD, at(today() - days(7)))
    with refused(session, "error.meeting_held", ValidationFailed):
        clerk(cancel_meeting, meeting_id=held.id, expected_version=held.version, reason="Feil")
    # A cancelled meeting stays as it was: not moved, not minuted, no agenda changes, no results.
    cancelled = clerk.plan(today())
    case_item, heading = clerk.add(cancelled, clerk.case()), clerk.heading(cancelled)
    clerk(cancel_meeting, meeting_id=cancelled.id, expected_version=1, reason="Syk")
    opened = {"meeting_id": cancelled.id, "expected_version": stored(session, Meeting, cancelled.id).version}
    attempts = [
        lambda: clerk(update_meeting, **opened, starts_at=at(today(), 12)),
        lambda: clerk(record_minutes, **opened, minutes="Ny"),
        lambda: clerk(cancel_meeting, **opened, reason="Igjen"),
        lambda: clerk.heading(cancelled),
        lambda: clerk(move_agenda_item, item_id=heading.id, offset=-1),
        lambda: clerk(remove_agenda_item, item_id=heading.id),
        lambda: clerk.result(case_item, "endorsed"),
        lambda: clerk(record_attendance, meeting_id=cancelled.id, expected=None, attendees=[]),
    ]
    for attempt in attempts:
        with refused(session, "error.meeting_cancelled", ValidationFailed):
            attempt()


def test_cancelling_needs_a_reason_keeps_the_agenda_and_sends_its_cases_back_to_waiting(
    session, world, clerk
):
    day = today() + days(10)
    meeting, other = clerk.plan(day), clerk.plan(day + days(30))
    deciding = clerk.case((world.board, DECISION, True))
    without_path, elsewhere = clerk.case(), clerk.case((world.board, PREP, False))
    clerk.add(meeting, deciding), clerk.heading(meeting), clerk.add(meeting, without_path)
    clerk.add(other, elsewhere)
    items = agenda(session, meeting.id)
    released = sorted(step.id for case in (deciding, without_path) for step in path(session, case.id))
    for reason in (None, "", "  \n"):
        with refused(session, "error.required", ValidationFailed) as caught:
            clerk(cancel_meeting, meeting_id=meeting.id, expected_version=1, reason=reason)
        assert caught.value.params["field"] == "reason"
    clerk(update_meeting, meeting_id=meeting.id, expected_version=1, starts_at=at(day, 9))
    with refused(session, "error.conflict", Conflict):
        clerk(cancel_meeting, meeting_id=meeting.id, expected_version=1, reason="Syk")
    with audited(session, "meeting.cancel") as added:
        clerk(cancel_meeting, meeting_id=meeting.id, expected_version=2, reason=" Leder er syk ")
    assert stored(session, Meeting, meeting.id).status == M.CANCELLED
    assert agenda(session, meeting.id) == items  # kept as it was
    assert steps(session, deciding) == steps(session, without_path) == [(1, None, None)]
    assert steps(session, elsewhere) == [(1, other.id, day + days(30))]
    for case in (deciding, without_path):
        now, state = standing(session, case.id)
        assert now.waiting and state == CaseState.PLANNED  # it waits for another meeting of the board
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert (event.before["status"], event.after["status"]) == (M.PLANNED, M.CANCELLED)
    assert (event.after["reason"], event.after["released_steps"]) == ("Leder er syk", released)
    # Put on another meeting's agenda, the case takes the step it had again.
    clerk.add(other, deciding)
    assert steps(session, deciding) == [(1, other.id, day + days(30))]


def test_minutes_mark_a_meeting_held_once_its_day_has_come(session, clerk):
    past, tonight = clerk.plan(today() - days(2)), clerk.plan(today(), 23)
    tomorrow = clerk.plan(today() + days(1), 0)
    with audited(session, "meeting.minutes") as added:
        clerk(record_minutes, meeting_id=past.id, expected_version=1, minutes=" Alt vedtatt. ")
    row = stored(session, Meeting, past.id)
    assert (row.minutes, row.status, row.version) == ("Alt vedtatt.", M.HELD, 2)
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", past.id)
    assert (event.before["status"], event.before["minutes"]) == (M.PLANNED, None)
    assert (event.after["status"], event.after["minutes"]) == (M.HELD, "Alt vedtatt.")
    clerk(record_minutes, meeting_id=tonight.id, expected_version=1, minutes="Kort")
    assert stored(session, Meeting, tonight.id).status == M.HELD  # its day has come, if not its hour
    with refused(session, "error.result_before_meeting", ValidationFailed):
        clerk(record_minutes, meeting_id=tomorrow.id, expected_version=1, minutes="For tidlig")
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk(record_minutes, meeting_id=past.id, expected_version=2, minutes="Alt vedtatt.")
    with refused(session, "error.conflict", Conflict):
        clerk(record_minutes, meeting_id=past.id, expected_version=1, minutes="Annet")
    with audited(session, "meeting.minutes"):  # corrected minutes: the meeting stays held
        clerk(record_minutes, meeting_id=past.id, expected_version=2, minutes="Rettet.")
    row = stored(session, Meeting, past.id)
    assert (row.minutes, row.status, row.version) == ("Rettet.", M.HELD, 3)


# --- The agenda ------------------------------------------------------------------------------------------


def test_a_case_on_the_agenda_takes_its_first_waiting_step_for_the_body_or_a_new_one(session, world, clerk):
    day = today() + days(14)
    meeting, earlier = clerk.plan(day), clerk.plan(day - days(7))
    # Through the group and twice the board: the first board step without a meeting is taken, as it is.
    first = clerk.case((world.group, PREP, False), (world.board, PREP, False), (world.board, DECISION, True))
    with audited(session, "meeting.agenda_add") as added:
        item = clerk.add(meeting, first, role=HEARING, authoritative=True)
    assert (item.meeting_id, item.position, item.case_id, item.heading) == (meeting.id, 1, first.id, None)
    assert steps(session, first) == [(1, None, None), (2, meeting.id, day), (3, None, None)]
    assert (path(session, first.id)[1].role, path(session, first.id)[1].authoritative) == (PREP, False)
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert event.before == {"agenda": []}
    assert event.after == {
        "agenda": [{"position": 1, "case_id": first.id, "heading": None}],
        "case_number": f"1/{day.year % 100:02d}",  # the board's first number of the year
    }
    # A case whose board step is planned at another meeting, and one with no path: a new step each,
    # at the end of the path, in the role asked for.
    second, third = clerk.case((world.board, PREP, False)), clerk.case()
    clerk.add(earlier, second)
    clerk.add(meeting, second, role=HEARING)
    clerk.add(meeting, third, role=DECISION, authoritative=True)
    assert steps(session, second) == [(1, earlier.id, day - days(7)), (2, meeting.id, day)]
    assert steps(session, third) == [(1, meeting.id, day)]
    made = [
        (step.body_id, step.role, step.authoritative)
        for step in (path(session, second.id)[1], path(session, third.id)[0])
    ]
    assert made == [(world.board, HEARING, False), (world.board, DECISION, True)]
    assert agenda(session, meeting.id) == [(1, first.id, None), (2, second.id, None), (3, third.id, None)]
    for case in (first, second, third):
        assert standing(session, case.id)[0].waiting
    with refused(session, "error.case_on_agenda", ValidationFailed) as caught:
        clerk.add(meeting, first)
    assert caught.value.params == {"case": first.title}
    with refused(session, "error.not_found", NotFound):
        clerk(add_agenda_item, meeting_id=meeting.id, case_id=third.id + 1000)


def test_an_item_is_a_case_or_a_heading_and_a_new_step_must_be_a_valid_one(session, world, clerk):
    meeting, case = clerk.plan(today() + days(7)), clerk.case()
    with audited(session, "meeting.agenda_add"):
        clerk.heading(meeting, "  Eventuelt ")
    assert agenda(session, meeting.id) == [(1, None, "Eventuelt")]
    for changes in ({}, {"heading": " "}, {"case_id": case.id, "heading": "Eventuelt"}):
        with refused(session, "error.agenda_case_or_heading", ValidationFailed):
            clerk(add_agenda_item, meeting_id=meeting.id, **changes)
    with refused(session, "error.consultation_role", ValidationFailed):
        clerk.add(meeting, case, role="chair")
    # The group decides this one; the board cannot become a second deciding step.
    decided_elsewhere = clerk.case((world.group, DECISION, True))
    with refused(session, "error.case_two_deciding", ValidationFailed):
        clerk.add(meeting, decided_elsewhere, role=DECISION, authoritative=True)
    with refused(session, "error.not_found", NotFound):
        clerk(add_agenda_item, meeting_id=meeting.id + 1000, heading="Eventuelt")
    with audited(session, "meeting.agenda_add"):
        clerk.add(meeting, case)
    assert agenda(session, meeting.id) == [(1, None, "Eventuelt"), (2, case.id, None)]


def test_agenda_items_move_one_place_up_or_down_but_not_past_the_ends(session, clerk):
    meeting = clerk.plan(today() + days(7))
    first, last = clerk.case(), clerk.case()
    a, heading, b = clerk.add(meeting, first), clerk.heading(meeting), clerk.add(meeting, last)
    with audited(session, "meeting.agenda_move") as added:
        clerk(move_agenda_item, item_id=b.id, offset=-1)
    assert agenda(session, meeting.id) == [(1, first.id, None), (2, last.id, None), (3, None, "Eventuelt")]
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert [row["case_id"] for row in event.before["agenda"]] == [first.id, None, last.id]
    assert [row["case_id"] for row in event.after["agenda"]] == [first.id, last.id, None]
    clerk(move_agenda_item, item_id=a.id, offset=1)
    assert agenda(session, meeting.id) == [(1, last.id, None), (2, first.id, None), (3, None, "Eventuelt")]
    for item, offset in ((b, -1), (heading, 1), (a, 0)):
        with refused(session, "error.agenda_edge", ValidationFailed):
            clerk(move_agenda_item, item_id=item.id, offset=offset)
    with refused(session, "error.not_found", NotFound):
        clerk(move_agenda_item, item_id=b.id + 1000, offset=1)


def test_removing_an_item_closes_up_the_agenda_and_sends_its_case_back_to_waiting(session, world, clerk):
    meeting = clerk.plan(today() - days(1))  # held yesterday, so that one item can have its result
    deciding = clerk.case((world.board, DECISION, True))
    without_path, treated = clerk.case(), clerk.case((world.board, PREP, False))
    first, heading = clerk.add(meeting, deciding), clerk.heading(meeting)
    appended, with_result = clerk.add(meeting, without_path), clerk.add(meeting, treated)
    clerk.result(with_result, "noted")
    with audited(session, "meeting.agenda_remove") as added:
        assert clerk(remove_agenda_item, item_id=first.id) == meeting.id
    expected = [(1, None, "Eventuelt"), (2, without_path.id, None), (3, treated.id, None)]
    assert agenda(session, meeting.id) == expected
    assert stored(session, AgendaItem, first.id) is None
    assert steps(session, deciding) == [(1, None, None)]
    now, state = standing(session, deciding.id)
    assert now.waiting and state == CaseState.PLANNED
    [event] = added
    assert (event.entity, event.entity_id, len(event.before["agenda"])) == ("meeting", meeting.id, 4)
    assert event.after["agenda"] == [{"position": p, "case_id": c, "heading": h} for p, c, h in expected]
    clerk(remove_agenda_item, item_id=heading.id)
    clerk(remove_agenda_item, item_id=appended.id)
    assert agenda(session, meeting.id) == [(1, treated.id, None)]
    assert steps(session, without_path) == [(1, None, None)]  # the step made for the meeting waits again
    standing(session, without_path.id)
    with refused(session, "error.agenda_item_has_result", ValidationFailed):
        clerk(remove_agenda_item, item_id=with_result.id)
    with refused(session, "error.not_found", NotFound):
        clerk(remove_agenda_item, item_id=first.id)


# --- Results ---------------------------------------------------------------------------------------------


def test_a_result_is_the_treatment_on_the_meeting_day_and_a_deciding_endorsement_decides(
    session, world, clerk
):
    day = today() - days(3)
    meeting = clerk.plan(day)
    deciding = clerk.case((world.board, DECISION, True))
    from_proposal = clerk.case((world.board, DECISION, True), proposed_decision="Som foreslått.")
    decided_before = clerk.case((world.board, DECISION, True))
    read = case_state(decided_before)
    clerk(
        update_case, case_id=decided_before.id, expected=read, title=read["title"], final_decision="Vedtatt."
    )
    preparing = clerk.case((world.board, PREP, False), (world.group, DECISION, True))
    items = [clerk.add(meeting, case) for case in (deciding, from_proposal, decided_before, preparing)]
    text = "Styret vedtok planen med et tillegg."
    with audited(session, "meeting.result", "case.treated") as added:
        step = clerk.result(items[0], "endorsed", text=f" {text} ")
    [row] = path(session, deciding.id)
    assert (row.id, row.result, row.result_text) == (step.id, "endorsed", text)
    assert (row.treated_on, row.planned_on, row.meeting_id) == (day, day, meeting.id)
    assert stored(session, Meeting, meeting.id).status == M.HELD
    assert stored(session, Case, deciding.id).final_decision == text
    now, state = standing(session, deciding.id)
    assert (now.waiting, now.idle_since, state) == (False, day, CaseState.DECIDED)
    meeting_event, case_event = added
    assert (meeting_event.entity, meeting_event.entity_id) == ("meeting", meeting.id)
    assert (case_event.entity, case_event.entity_id) == ("case", deciding.id)
    for event in added:
        assert event.actor_user_id == world.coordinator.user_id
        assert (event.before["treatment"]["result"], event.before["final_decision"]) == (None, None)
        assert (event.after["treatment"], event.after["final_decision"]) == (snapshot(row), text)
        assert event.after["case"] == deciding.label
    # Without a text the proposed decision becomes the decision; one already made is kept.
    clerk.result(items[1], "endorsed_with_changes")
    assert stored(session, Case, from_proposal.id).final_decision == "Som foreslått."
    clerk.result(items[2], "noted", text="Tatt til orientering.")
    assert stored(session, Case, decided_before.id).final_decision == "Vedtatt."
    # A preparing body's endorsement decides nothing: the case goes on to the group.
    clerk.result(items[3], "endorsed", text="Anbefales.")
    assert stored(session, Case, preparing.id).final_decision is None
    now, state = standing(session, preparing.id)
    assert (now.waiting, now.idle_since, state) == (True, day, CaseState.UNDER_WAY)


def test_a_returned_or_postponed_case_is_left_hanging_and_undecided(session, world, clerk):
    meeting = clerk.plan(today())
    returned = clerk.case((world.board, DECISION, True))
    postponed = clerk.case((world.group, PREP, False), (world.board, DECISION, True))
    for case, result in ((returned, "returned"), (postponed, "postponed")):
        clerk.result(clerk.add(meeting, case), result, text="Mer utredning trengs.")
        assert stored(session, Case, case.id).final_decision is None
        now, state = standing(session, case.id)
        assert (now.waiting, now.idle_since, state) == (True, today(), CaseState.HANGING), result
    # The group's step before it was passed over: the case hangs on the board's result.
    assert [step.treated_on for step in path(session, postponed.id)] == [None, today()]


def test_a_result_is_recorded_over_only_from_the_result_the_user_read(session, world, clerk):
    meeting, upcoming = clerk.plan(today() - days(7)), clerk.plan(today() + days(7))
    case, later = clerk.case((world.board, DECISION, True)), clerk.case()
    item, heading = clerk.add(meeting, case), clerk.heading(meeting)
    first = clerk.result(item, "postponed", text="Utsatt.")
    read = result_state(first)
    assert read == {"result": "postponed", "result_text": "Utsatt."}
    # Someone else's form, opened before the first result was recorded.
    with refused(session, "error.conflict", Conflict) as caught:
        clerk.result(item, "endorsed", text="Vedtatt.")
    assert caught.value.params["current"] == read
    with audited(session, "meeting.result", "case.treated") as added:
        corrected = clerk.result(item, "endorsed", text="Vedtatt.", expected=read)
    assert corrected.id == first.id and len(path(session, case.id)) == 1
    assert added[0].before["treatment"]["result"] == "postponed"
    assert added[0].after["treatment"]["result"] == "endorsed"
    assert stored(session, Case, case.id).final_decision == "Vedtatt."
    assert standing(session, case.id)[1] == CaseState.DECIDED
    with refused(session, "error.conflict", Conflict):
        clerk.result(item, "noted", expected=read)  # that reading is stale now
    read = result_state(corrected)
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk.result(item, "endorsed", text=" Vedtatt. ", expected=read)
    with refused(session, "error.unknown_result", ValidationFailed):
        clerk.result(item, "accepted", expected=read)
    with refused(session, "error.agenda_heading_no_result", ValidationFailed):
        clerk.result(heading, "noted")
    ahead = clerk.add(upcoming, later)
    with refused(session, "error.result_before_meeting", ValidationFailed):
        clerk.result(ahead, "noted")
    # An item from before agendas planned treatments gets its treatment when its result is recorded.
    old = make_case(session, year=2019)
    old_item = make_agenda_item(session, meeting=meeting, case=old)
    session.commit()
    clerk.result(old_item, "noted")
    [step] = path(session, old.id)
    assert (step.body_id, step.meeting_id, step.result) == (world.board, meeting.id, "noted")
    assert standing(session, old.id)[0].idle_since == step.treated_on == meeting.starts_at.date()


# --- Attendance ------------------------------------------------------------------------------------------


def test_attendance_replaces_the_list_read_and_names_each_person_once(session, world, clerk):
    meeting = clerk.plan(today() - days(1))
    (kari, ola, per), (asker, baerum) = world.persons, world.units

    def record(expected, attendees):
        return clerk(record_attendance, meeting_id=meeting.id, expected=expected, attendees=attendees)

    with audited(session, "meeting.attendance") as added:
        record(None, [{"person_id": ola, "unit_id": asker}, {"person_id": kari, "present": False}])
    first = attendance(session, meeting.id)
    assert first == [
        {"person_id": kari, "unit_id": None, "present": False, "attended_for_person_id": None},
        {"person_id": ola, "unit_id": asker, "present": True, "attended_for_person_id": None},
    ]
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert (event.before, event.after) == ({"attendance": []}, {"attendance": first})
    with audited(session, "meeting.attendance") as added:
        # Per, a vara, met for Kari ("møtte for").
        record(
            first, [{"person_id": per, "unit_id": baerum, "present": True, "attended_for_person_id": kari}]
        )
    second = attendance(session, meeting.id)
    assert second == [{"person_id": per, "unit_id": baerum, "present": True, "attended_for_person_id": kari}]
    assert (added[0].before, added[0].after) == ({"attendance": first}, {"attendance": second})
    with refused(session, "error.conflict", Conflict) as caught:
        record(first, [{"person_id": kari}])
    assert caught.value.params["current"] == {"attendance": second}
    with refused(session, "error.attendance_twice", ValidationFailed) as caught:
        record(second, [{"person_id": kari}, {"person_id": ola}, {"person_id": kari, "present": False}])
    assert caught.value.params == {"id": kari}
    with refused(session, "error.person_missing", ValidationFailed):
        record(second, [{"person_id": per + 1000}])
    with refused(session, "error.unit_missing", ValidationFailed):
        record(second, [{"person_id": kari, "unit_id": baerum + 1000}])
    with refused(session, "error.attended_for_invalid", ValidationFailed):
        record(second, [{"person_id": per, "attended_for_person_id": per}])  # not for oneself
    with refused(session, "error.attended_for_invalid", ValidationFailed):
        record(second, [{"person_id": per, "attended_for_person_id": per + 1000}])
    with refused(session, "error.nothing_changed", ValidationFailed):
        record(second, [{"person_id": per, "unit_id": baerum, "attended_for_person_id": kari}])
    record(second, [])
    assert attendance(session, meeting.id) == []


def test_a_corrected_deciding_result_takes_back_the_final_decision_it_gave(session, world, clerk):
    meeting = clerk.plan(today() - days(2))
    case = clerk.case((world.board, DECISION, True))
    item = clerk.add(meeting, case)
    step = clerk.result(item, "endorsed", text="Vedtatt.")
    assert stored(session, Case, case.id).final_decision == "Vedtatt."
    clerk.result(item, "returned", text="Sendt tilbake.", expected=result_state(step))
    assert stored(session, Case, case.id).final_decision is None
    assert standing(session, case.id)[1] == CaseState.HANGING


def test_a_step_passed_over_is_not_where_the_case_lands_on_a_later_agenda(session, world, clerk):
    case = clerk.case((world.board, PREP, False), (world.group, PREP, False), (world.board, DECISION, True))
    clerk.result(clerk.add(clerk.plan(today() - days(9), body_id=world.group), case), "endorsed")
    first, _, deciding = path(session, case.id)
    board_item = clerk.add(clerk.plan(today() - days(2)), case)
    landed = next(step for step in path(session, case.id) if step.meeting_id == board_item.meeting_id)
    assert landed.id == deciding.id and landed.id != first.id
    clerk.result(board_item, "endorsed")
    assert standing(session, case.id)[1] == CaseState.DECIDED


# --- Closed items (lukket behandling) --------------------------------------------------------------------


def test_an_item_is_closed_with_a_cited_legal_basis_and_opened_again_both_audited(session, clerk):
    meeting = clerk.plan(today() + days(7))
    item = clerk.add(meeting, clerk.case())
    basis = "kommuneloven § 11-5 andre ledd bokstav b, jf. offentleglova § 13"
    with audited(session, "meeting.agenda_closed") as added:
        clerk(set_item_closed, item_id=item.id, closed_basis=f"  {basis} ")
    assert stored(session, AgendaItem, item.id).closed_basis == basis
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", meeting.id)
    assert "closed_basis" not in event.before["agenda"][0]
    assert event.after["agenda"][0]["closed_basis"] == basis
    # A basis that cites no provision, or only blanks, is refused in words and changes nothing.
    for words, key in (
        ("fordi det er hemmelig", "error.closed_basis_no_paragraph"),
        ("x" * 201 + " § 1", "error.too_long"),
    ):
        with refused(session, key, ValidationFailed):
            clerk(set_item_closed, item_id=item.id, closed_basis=words)
    # The same basis again is refused as no change; opening it again is audited.
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk(set_item_closed, item_id=item.id, closed_basis=basis)
    with audited(session, "meeting.agenda_opened") as added:
        clerk(set_item_closed, item_id=item.id, closed_basis=None)
    assert stored(session, AgendaItem, item.id).closed_basis is None
    assert added[0].before["agenda"][0]["closed_basis"] == basis
