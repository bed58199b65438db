"""Cases through the services, on SQLite and PostgreSQL: who may manage them, registering a case with
its number and planned path, editing it from what the user read, planning and removing steps. The
stored standing of the case agrees with the rule after every write, every success writes its audit
event, and every refusal leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import ConsultationRole
from osloreg.models import Case, Consultation
from osloreg.rules.cases import CaseState
from osloreg.services.base import Conflict, NotFound, PermissionDenied, ValidationFailed
from osloreg.services.cases import link_cases, plan_step, register_case, remove_step, update_case
from osloreg.services.meetings import remove_agenda_item
from osloreg.snapshots import case_state, snapshot
from tests.factories import days, make_case, make_consultation
from tests.integration.services.meeting_world import (
    Call,
    Clerk,
    World,
    audited,
    build_meeting_world,
    call,
    path,
    refused,
    registered,
    standing,
    stored,
    table,
)

PREP, HEARING, DECISION = ConsultationRole.PREPARATION, ConsultationRole.HEARING, ConsultationRole.DECISION


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


@pytest.fixture
def clerk(session: Session, world: World) -> Clerk:
    return Clerk(session, world)


def _path(session: Session, case: Case) -> list[tuple]:
    """(sequence, body, role, deciding, planned_on, treated_on) of each step."""
    return [
        (s.sequence, s.body_id, s.role, s.authoritative, s.planned_on, s.treated_on)
        for s in path(session, case.id)
    ]


# --- Who may manage cases: every service, table-driven -----------------------------------------------------


def _every_service(session: Session, world: World) -> dict[str, Call]:
    """One valid call of each service of the module, each on rows of its own, made with the factories
    so that no audit event precedes them."""
    edited, planned, shortened, linked = (make_case(session, year=2019) for _ in range(4))
    step = make_consultation(session, case=shortened, body=world.group)
    session.commit()
    return table(
        call(link_cases, "case.link", from_case_id=linked.id, to_case_id=edited.id, kind="builds_on"),
        call(register_case, "case.register", year=2018, title="Ny sak"),
        call(update_case, "case.update", case_id=edited.id, expected=case_state(edited), title="Ny"),
        call(plan_step, "case.plan_step", case_id=planned.id, body_id=world.board),
        call(remove_step, "case.remove_step", consultation_id=step.id, expected=snapshot(step)),
    )


def test_members_and_viewers_are_refused_every_case_service(session, world):
    calls = _every_service(session, world)
    assert set(calls) == registered("cases")  # so that a new service cannot slip past
    for actor in (world.member, world.viewer):
        for name, each in calls.items():
            with refused(session, "error.permission_denied", PermissionDenied) as caught:
                each.run(session, actor=actor, **each.kwargs)
            assert caught.value.params == {"action": "manage_work"}, (actor.username, name)


def test_coordinators_directors_and_admins_run_every_case_service(session, world):
    for actor in (world.coordinator, world.director, world.admin):
        for name, each in _every_service(session, world).items():
            with audited(session, *each.actions) as added:
                each.run(session, actor=actor, **each.kwargs)
            [event] = added
            assert (event.actor_name, event.actor_user_id) == (actor.username, actor.user_id), name
            assert event.entity == "case", name


# --- Registering a case --------------------------------------------------------------------------------


def test_a_case_is_registered_once_with_the_next_registration_number_of_its_year(session, clerk):
    # The registration number is the case's own; its case numbers (NN/YY) come from the bodies that
    # put it on their agendas (test_case_numbers.py).
    with audited(session, "case.register") as added:
        first = clerk.case(year=2020)
    assert (first.reg_number, first.reg_year, first.label) == (1, 2020, "2020/1")
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("case", first.id, None)
    assert (event.after["reg_number"], event.after["reg_year"], event.after["path"]) == (1, 2020, [])
    assert stored(session, Case, first.id) is not None
    assert clerk.case(year=2020, number=48).label == "2020/48"
    assert clerk.case(year=2021).label == "2021/1"  # every year counts from 1
    with refused(session, "error.registration_taken", ValidationFailed) as caught:
        clerk.case(year=2020, number=48)
    assert caught.value.params == {"label": "2020/48", "next": "2020/49"}
    assert clerk.case(year=2020).label == "2020/49"
    # The bounds the schema allows, and nothing that is not a whole number.
    assert clerk.case(year=1990, number=9999).label == "1990/9999"
    assert clerk.case(year=2200).label == "2200/1"
    for number in (0, -1, 10_000, True, "48", 48.0):
        with refused(session, "error.case_number", ValidationFailed) as caught:
            clerk.case(year=2020, number=number)
        assert caught.value.params == {"max": 9999}, number
    for year, number in [(1989, 1), (2201, 1), (True, 1), ("2020", 1), (1989, None), ("2020", None)]:
        with refused(session, "error.case_year", ValidationFailed) as caught:
            clerk.case(year=year, number=number)
        assert caught.value.params == {"min": 1990, "max": 2200}, (year, number)


def test_a_year_that_is_a_boolean_is_refused_as_a_year_also_without_a_number(session, clerk):
    # True is an int to Python: the next free number of "year True" must not be looked up.
    with refused(session, "error.case_year", ValidationFailed):
        clerk.case(year=True)


def test_a_case_is_registered_with_its_path_in_order_and_waits_for_its_first_step(session, world, clerk):
    planned_on = today() + days(20)
    steps = [
        {"body_id": world.group, "planned_on": planned_on},
        {"body_id": world.group, "role": HEARING},
        {"body_id": world.board, "role": DECISION, "authoritative": True},
    ]
    with audited(session, "case.register") as added:
        case = clerk.case(
            year=2024,
            title="  Felles næringsarealstrategi ",
            officer_person_id=world.persons[0],
            proposed_decision=" Styret vedtar strategien. ",
            path=steps,
        )
    row = stored(session, Case, case.id)
    assert (row.title, row.officer_person_id, row.basis) == (
        "Felles næringsarealstrategi",
        world.persons[0],
        "sourced",
    )
    assert (row.proposed_decision, row.final_decision) == ("Styret vedtar strategien.", None)
    assert _path(session, case) == [
        (1, world.group, PREP, False, planned_on, None),
        (2, world.group, HEARING, False, None, None),
        (3, world.board, DECISION, True, None, None),
    ]
    now, state = standing(session, case.id)
    assert (now.waiting, now.idle_since, state) == (True, row.created_at.date(), CaseState.PLANNED)
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("case", case.id, None)
    assert event.after == {**case_state(row), "path": [snapshot(step) for step in path(session, case.id)]}
    # Without a path it waits for nothing.
    bare = clerk.case(year=2024)
    now, state = standing(session, bare.id)
    assert (now.waiting, now.idle_since, state) == (
        False,
        stored(session, Case, bare.id).created_at.date(),
        CaseState.NEW,
    )
    with refused(session, "error.person_missing", ValidationFailed):
        clerk.case(year=2024, officer_person_id=world.persons[-1] + 1000)
    with refused(session, "error.required", ValidationFailed) as caught:
        clerk.case(year=2024, title=" \n")
    assert caught.value.params["field"] == "title"


def test_a_path_with_two_deciding_steps_or_an_unknown_body_or_role_is_refused(session, world, clerk):
    with refused(session, "error.case_two_deciding", ValidationFailed):
        clerk.case((world.group, DECISION, True), (world.board, DECISION, True))
    with refused(session, "error.body_missing", ValidationFailed) as caught:
        clerk.case((world.group, PREP, False), (world.board + 1000, DECISION, True))
    assert caught.value.params == {"id": world.board + 1000}
    with refused(session, "error.consultation_role", ValidationFailed):
        clerk.case((world.group, "chair", False))
    with refused(session, "error.date_invalid", ValidationFailed):
        clerk.case(path=[{"body_id": world.group, "planned_on": dt.datetime.now()}])
    # One deciding step is the rule, wherever it is on the path.
    case = clerk.case((world.board, DECISION, True), (world.group, HEARING, False))
    assert [step.authoritative for step in path(session, case.id)] == [True, False]


# --- Editing a case ----------------------------------------------------------------------------------------


def test_an_update_replaces_the_case_fields_from_what_the_user_read(session, world, clerk):
    case = clerk.case((world.board, DECISION, True), officer_person_id=world.persons[0])
    read = case_state(case)
    form = {"case_id": case.id, "title": " Ny tittel ", "officer_person_id": world.persons[1]}
    with audited(session, "case.update") as added:
        clerk(update_case, expected=read, **form, final_decision=" Vedtatt ")
    row = stored(session, Case, case.id)
    assert (row.title, row.officer_person_id) == ("Ny tittel", world.persons[1])
    assert (row.proposed_decision, row.final_decision) == (None, "Vedtatt")  # the whole form is saved
    assert (row.reg_year, row.reg_number) == (case.reg_year, case.reg_number)
    [event] = added
    assert (event.entity, event.entity_id) == ("case", case.id)
    assert (event.before, event.after) == (read, case_state(row))
    now = case_state(row)
    # A form read before that save is stale; the same values again change nothing.
    with refused(session, "error.conflict", Conflict) as caught:
        clerk(update_case, expected=read, case_id=case.id, title="Gammel tittel")
    assert caught.value.params["current"] == now
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk(update_case, expected=now, **form, final_decision="Vedtatt")
    with refused(session, "error.person_missing", ValidationFailed):
        clerk(update_case, expected=now, **{**form, "officer_person_id": world.persons[-1] + 1000})
    with refused(session, "error.required", ValidationFailed):
        clerk(update_case, expected=now, case_id=case.id, title="")
    with refused(session, "error.not_found", NotFound):
        clerk(update_case, expected=None, case_id=case.id + 1000, title="Finnes ikke")
    assert standing(session, case.id)[0].waiting  # the path is untouched


# --- Planning and removing steps ---------------------------------------------------------------------------


def test_a_planned_step_goes_at_the_end_of_the_path_and_the_standing_follows(session, world, clerk):
    case = clerk.case((world.group, PREP, False), (world.group, HEARING, False))
    first = path(session, case.id)[0]
    clerk(remove_step, consultation_id=first.id, expected=snapshot(first))
    planned_on = today() + days(30)
    with audited(session, "case.plan_step") as added:
        step = clerk(
            plan_step,
            case_id=case.id,
            body_id=world.board,
            role=DECISION,
            authoritative=True,
            planned_on=planned_on,
        )
    assert _path(session, case) == [
        (2, world.group, HEARING, False, None, None),
        (3, world.board, DECISION, True, planned_on, None),  # after the highest sequence there is
    ]
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("case", case.id, None)
    assert event.after == {"step": snapshot(stored(session, Consultation, step.id))}
    standing(session, case.id)
    with refused(session, "error.case_two_deciding", ValidationFailed):
        clerk(plan_step, case_id=case.id, body_id=world.group, role=DECISION, authoritative=True)
    with refused(session, "error.body_missing", ValidationFailed):
        clerk(plan_step, case_id=case.id, body_id=world.board + 1000)
    with refused(session, "error.consultation_role", ValidationFailed):
        clerk(plan_step, case_id=case.id, body_id=world.board, role="chair")
    with refused(session, "error.date_invalid", ValidationFailed):
        clerk(plan_step, case_id=case.id, body_id=world.board, planned_on=dt.datetime.now())
    with refused(session, "error.not_found", NotFound):
        clerk(plan_step, case_id=case.id + 1000, body_id=world.board)


def test_a_returned_case_with_a_new_step_no_longer_hangs_and_a_finished_one_waits_again(
    session, world, clerk
):
    day = today() - days(4)
    meeting = clerk.plan(day)
    returned, finished = clerk.case((world.board, DECISION, True)), clerk.case((world.board, PREP, False))
    clerk.result(clerk.add(meeting, returned), "returned", text="Sendes tilbake.")
    clerk.result(clerk.add(meeting, finished), "endorsed")
    assert standing(session, returned.id)[1] == CaseState.HANGING
    now, state = standing(session, finished.id)
    assert (now.waiting, state) == (False, CaseState.AT_END)
    for case in (returned, finished):
        clerk(plan_step, case_id=case.id, body_id=world.board, role=DECISION, authoritative=True)
        now, state = standing(session, case.id)
        assert (now.waiting, now.idle_since, state) == (True, day, CaseState.UNDER_WAY)
        assert [step.sequence for step in path(session, case.id)] == [1, 2]
    # Planned by mistake and removed again, the returned case hangs once more.
    new_step = path(session, returned.id)[1]
    clerk(remove_step, consultation_id=new_step.id, expected=snapshot(new_step))
    assert standing(session, returned.id)[1] == CaseState.HANGING


def test_only_an_untreated_step_that_is_on_no_agenda_is_removed(session, world, clerk):
    past, upcoming = clerk.plan(today() - days(2)), clerk.plan(today() + days(5))
    case = clerk.case((world.group, PREP, False), (world.board, PREP, False), (world.board, DECISION, True))
    clerk.result(clerk.add(past, case), "endorsed")  # the board's first step, treated
    on_agenda = clerk.add(upcoming, case)  # the deciding step, planned at the next meeting
    free, treated, deciding = path(session, case.id)
    with audited(session, "case.remove_step") as added:
        assert clerk(remove_step, consultation_id=free.id, expected=snapshot(free)) == case.id
    assert [step.id for step in path(session, case.id)] == [treated.id, deciding.id]
    [event] = added
    assert (event.entity, event.entity_id, event.after) == ("case", case.id, None)
    assert event.before == {"step": snapshot(free)}
    now, state = standing(session, case.id)
    assert (now.waiting, now.idle_since, state) == (True, today() - days(2), CaseState.UNDER_WAY)
    with refused(session, "error.step_treated", ValidationFailed):
        clerk(remove_step, consultation_id=treated.id, expected=snapshot(treated))
    with refused(session, "error.step_on_agenda", ValidationFailed):
        clerk(remove_step, consultation_id=deciding.id, expected=snapshot(deciding))
    # Off the agenda it may go, but only from what the user read after that.
    read_on_agenda = snapshot(deciding)
    clerk(remove_agenda_item, item_id=on_agenda.id)
    with refused(session, "error.conflict", Conflict) as caught:
        clerk(remove_step, consultation_id=deciding.id, expected=read_on_agenda)
    assert caught.value.params["current"]["meeting_id"] is None
    deciding = stored(session, Consultation, deciding.id)
    clerk(remove_step, consultation_id=deciding.id, expected=snapshot(deciding))
    assert [step.id for step in path(session, case.id)] == [treated.id]
    now, state = standing(session, case.id)
    assert (now.waiting, state) == (False, CaseState.AT_END)
    with refused(session, "error.not_found", NotFound):
        clerk(remove_step, consultation_id=deciding.id, expected=None)
