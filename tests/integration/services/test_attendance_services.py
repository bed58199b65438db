"""Forfall and vara through the services, on SQLite and PostgreSQL: a member reports and withdraws their
own forfall (whole meeting or from/to an item) before the meeting, the secretariat for anyone and at any
time until the protokoll is approved; a vara is called in for a member (their personal vara or one of
their unit), one at a time, and their answer recorded once; only an admin sets a body's quorum rule.
Every success writes its audit event with before and after; every refusal leaves the database as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import CallAnswer, MeetingStatus, QuorumRule
from osloreg.models import Absence, Body, Meeting, Membership, SubstituteCall
from osloreg.services.attendance import (
    answer_call,
    call_substitute,
    quorum_state,
    report_absence,
    set_quorum_rule,
    withdraw_absence,
)
from osloreg.services.base import Actor, Conflict, PermissionDenied, ValidationFailed
from osloreg.snapshots import snapshot
from tests.factories import make_agenda_item, make_meeting
from tests.integration.services.attendance_world import (
    AttendanceWorld,
    build_attendance_world,
    every_attendance_service,
)
from tests.integration.services.meeting_world import audited, refused, registered, stored

REASON = {"reason": "Kommunestyremøte samme dag"}


@pytest.fixture
def w(session: Session) -> AttendanceWorld:
    return build_attendance_world(session)


def report(session: Session, w: AttendanceWorld, who: str, *, by=None, meeting: int | None = None, **span):
    actor = by or w.member_of(who)
    return report_absence(
        session, actor=actor, meeting_id=meeting or w.meeting, person_id=w.people[who], **REASON, **span
    )


def call_in(session: Session, w: AttendanceWorld, found: Absence, vara: str) -> SubstituteCall:
    return call_substitute(session, actor=w.coordinator, absence_id=found.id, vara_person_id=w.people[vara])


def meeting_in(
    session: Session, w: AttendanceWorld, *, status: str = MeetingStatus.PLANNED, hours: int = 240
):
    """A meeting of the world's body `hours` from now on Oslo's clock, in `status`, committed."""
    starts = clock.oslo_now().replace(tzinfo=None, second=0, microsecond=0) + dt.timedelta(hours=hours)
    meeting = make_meeting(session, body=w.body, starts_at=starts, status=status)
    session.commit()
    return meeting


# --- Who may call which service: every service, table-driven --------------------------------------------


def test_the_table_holds_every_attendance_and_habilitet_service(session, w):
    calls = every_attendance_service(session, w)
    assert set(calls) == registered("attendance") | registered("disqualifications")


def test_the_secretariat_runs_every_service_but_the_quorum_rule_which_is_the_admins(session, w):
    for actor in (w.coordinator, w.director, w.admin):
        for name, each in every_attendance_service(session, w).items():
            if name == "set_quorum_rule" and actor is not w.admin:
                with refused(session, "error.permission_denied", PermissionDenied):
                    each.run(session, actor=actor, **each.kwargs)
                continue
            with audited(session, *each.actions) as added:
                each.run(session, actor=actor, **each.kwargs)
            [event] = added
            assert (event.actor_name, event.actor_user_id) == (actor.username, actor.user_id), name
            entity = ("body", w.body) if name == "set_quorum_rule" else ("meeting",)
            assert (event.entity, event.entity_id)[: len(entity)] == entity, name
            assert event.after is not None, name


def test_a_viewer_is_refused_every_service_and_a_member_the_secretariats(session, w):
    calls = every_attendance_service(session, w)
    for each in calls.values():
        with refused(session, "error.permission_denied", PermissionDenied):
            each.run(session, actor=w.viewer, **each.kwargs)
    handled = ("call_substitute", "answer_call", "set_quorum_rule", "decide_disqualification")
    for name in handled:
        with refused(session, "error.permission_denied", PermissionDenied):
            calls[name].run(session, actor=w.kari, **calls[name].kwargs)


# --- Reporting forfall -------------------------------------------------------------------------------------


def test_a_member_reports_their_own_forfall_for_the_whole_meeting(session, w):
    with audited(session, "meeting.forfall") as added:
        found = report(session, w, "kari")
    row = stored(session, Absence, found.id)
    assert (row.meeting_id, row.person_id, row.reason) == (w.meeting, w.people["kari"], REASON["reason"])
    assert (row.from_item_id, row.to_item_id, row.withdrawn_at) == (None, None, None)
    assert row.reported_by_user_id == w.kari.user_id
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("meeting", w.meeting, None)
    assert event.after == snapshot(row)


def test_a_forfall_from_an_item_to_an_item_or_between_two(session, w):
    first, second, third, last = w.items
    found = report(session, w, "kari", from_item_id=third)
    assert (stored(session, Absence, found.id).from_item_id, found.to_item_id) == (third, None)
    found = report(session, w, "ola", to_item_id=second)
    assert (found.from_item_id, stored(session, Absence, found.id).to_item_id) == (None, second)
    found = report(session, w, "per", by=w.coordinator, from_item_id=second, to_item_id=second)
    assert (found.from_item_id, found.to_item_id) == (second, second)


def test_a_forfall_that_ends_before_it_begins_or_names_another_meetings_item_is_refused(session, w):
    first, second, third, last = w.items
    with refused(session, "error.forfall_span", ValidationFailed):
        report(session, w, "kari", from_item_id=third, to_item_id=second)
    elsewhere = make_agenda_item(session, meeting=meeting_in(session, w), heading="Eventuelt")
    session.commit()
    with refused(session, "error.item_not_on_agenda", ValidationFailed):
        report(session, w, "kari", from_item_id=elsewhere.id)


def test_a_member_cannot_report_forfall_for_another_and_nothing_is_written(session, w):
    with refused(session, "error.forfall_not_own", PermissionDenied):
        report(session, w, "ola", by=w.kari)
    # The secretariat reports for anyone.
    with audited(session, "meeting.forfall") as added:
        found = report(session, w, "ola", by=w.coordinator)
    assert (found.person_id, found.reported_by_user_id) == (w.people["ola"], w.coordinator.user_id)
    assert added[0].actor_name == "koordinator"


def test_once_the_meeting_has_begun_only_the_secretariat_records_forfall(session, w):
    begun = meeting_in(session, w, hours=-1)
    with refused(session, "error.forfall_too_late", ValidationFailed):
        report(session, w, "kari", meeting=begun.id)
    found = report(session, w, "kari", by=w.coordinator, meeting=begun.id)
    # Nor may the member withdraw it then; the secretariat may.
    with refused(session, "error.forfall_too_late", ValidationFailed):
        withdraw_absence(session, actor=w.kari, absence_id=found.id)
    withdraw_absence(session, actor=w.coordinator, absence_id=found.id)
    # A held meeting (the protokoll not yet approved) is still open to the secretariat.
    held = meeting_in(session, w, status=MeetingStatus.HELD, hours=-30)
    assert report(session, w, "ola", by=w.director, meeting=held.id).meeting_id == held.id


def test_a_person_without_a_term_in_the_body_that_day_is_refused(session, w):
    with refused(session, "error.forfall_not_member", ValidationFailed):
        report(session, w, "outsider", by=w.coordinator)
    # Per's term ends the day before the meeting.
    term = session.query(Membership).filter_by(person_id=w.people["per"]).one()
    term.end_on = clock.oslo_today() + dt.timedelta(days=9)
    session.commit()
    with refused(session, "error.forfall_not_member", ValidationFailed):
        report(session, w, "per", by=w.coordinator)


def test_one_standing_forfall_per_person_and_meeting_until_it_is_withdrawn(session, w):
    first = report(session, w, "kari")
    with refused(session, "error.forfall_exists", ValidationFailed):
        report(session, w, "kari", from_item_id=w.items[2])
    with audited(session, "meeting.forfall_withdrawn") as added:
        withdraw_absence(session, actor=w.kari, absence_id=first.id)
    row = stored(session, Absence, first.id)
    assert row.withdrawn_at is not None and row.withdrawn_by_user_id == w.kari.user_id
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", w.meeting)
    assert (event.before["withdrawn_at"], event.after["withdrawn_at"]) == (None, row.withdrawn_at.isoformat())
    second = report(session, w, "kari", from_item_id=w.items[2])
    assert second.id != first.id and stored(session, Absence, first.id).withdrawn_at is not None
    with refused(session, "error.forfall_withdrawn", ValidationFailed):
        withdraw_absence(session, actor=w.kari, absence_id=first.id)


def test_a_member_cannot_withdraw_anothers_forfall(session, w):
    found = report(session, w, "ola")
    with refused(session, "error.forfall_not_own", PermissionDenied):
        withdraw_absence(session, actor=w.kari, absence_id=found.id)
    with refused(session, "error.permission_denied", PermissionDenied):
        withdraw_absence(session, actor=w.viewer, absence_id=found.id)


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (MeetingStatus.CANCELLED, "error.meeting_cancelled"),
        (MeetingStatus.APPROVED, "error.forfall_closed"),
        (MeetingStatus.PUBLISHED, "error.forfall_closed"),
    ],
)
def test_a_cancelled_meeting_or_one_with_approved_minutes_takes_no_forfall(session, w, status, key):
    meeting = meeting_in(session, w, status=status)
    for actor in (w.kari, w.coordinator):
        with refused(session, key, ValidationFailed):
            report(session, w, "kari", by=actor, meeting=meeting.id)
    # A forfall reported before the minutes were approved stays as it was.
    open_meeting = meeting_in(session, w)
    found = report(session, w, "kari", meeting=open_meeting.id)
    stored(session, Meeting, open_meeting.id).status = status
    session.commit()
    with refused(session, key, ValidationFailed):
        withdraw_absence(session, actor=w.coordinator, absence_id=found.id)


def test_a_viewer_reports_no_forfall_even_for_the_person_linked_to_them(session, w):
    viewer = Actor(w.viewer.user_id, "leser", w.viewer.roles, w.people["kari"])
    with refused(session, "error.permission_denied", PermissionDenied):
        report(session, w, "kari", by=viewer)


# --- Calling in a vara ----------------------------------------------------------------------------------


def test_the_vara_of_the_members_unit_or_their_personal_vara_is_called_in(session, w):
    kari = report(session, w, "kari")
    with audited(session, "meeting.vara_called") as added:
        called = call_in(session, w, kari, "vf1")
    row = stored(session, SubstituteCall, called.id)
    assert (row.absence_id, row.meeting_id, row.person_id) == (kari.id, w.meeting, w.people["vf1"])
    assert (row.unit_id, row.answer, row.called_by_user_id) == (
        w.units["follo"],
        "pending",
        w.coordinator.user_id,
    )
    [event] = added
    assert (event.entity, event.entity_id, event.before, event.after) == (
        "meeting",
        w.meeting,
        None,
        snapshot(row),
    )
    anne = report(session, w, "anne", by=w.coordinator)
    assert stored(session, SubstituteCall, call_in(session, w, anne, "siri").id).unit_id == w.units["oslo"]


def test_a_vara_of_another_unit_or_anothers_personal_vara_is_refused(session, w):
    kari = report(session, w, "kari")
    for vara in ("vv1", "siri", "per", "outsider"):
        with refused(session, "error.vara_not_for_member", ValidationFailed):
            call_in(session, w, kari, vara)
    # A vara whose term has ended before the meeting's day is no longer one.
    term = session.query(Membership).filter_by(person_id=w.people["vf1"]).one()
    term.end_on = clock.oslo_today()
    session.commit()
    with refused(session, "error.vara_not_for_member", ValidationFailed):
        call_in(session, w, kari, "vf1")


def test_no_vara_is_called_in_for_a_varas_own_forfall(session, w):
    vidar = report(session, w, "vf2", by=w.coordinator)
    with refused(session, "error.vara_not_for_member", ValidationFailed):
        call_in(session, w, vidar, "vf1")


def test_one_vara_at_a_time_and_the_next_once_the_first_declines(session, w):
    kari = report(session, w, "kari")
    first = call_in(session, w, kari, "vf1")
    with refused(session, "error.vara_already_called", ValidationFailed):
        call_in(session, w, kari, "vf2")
    with audited(session, "meeting.vara_answer") as added:
        answer_call(session, actor=w.coordinator, call_id=first.id, accepted=False)
    row = stored(session, SubstituteCall, first.id)
    assert (row.answer, row.answer_by_user_id) == (CallAnswer.DECLINED, w.coordinator.user_id)
    assert row.answered_at is not None
    [event] = added
    assert (event.before["answer"], event.after["answer"]) == ("pending", "declined")
    with refused(session, "error.vara_called_before", ValidationFailed):
        call_in(session, w, kari, "vf1")
    second = call_in(session, w, kari, "vf2")
    answer_call(session, actor=w.director, call_id=second.id, accepted=True)
    assert stored(session, SubstituteCall, second.id).answer == CallAnswer.ACCEPTED
    # One who accepted is not answered for again, and no further vara is called after an acceptance.
    with refused(session, "error.vara_answered", ValidationFailed):
        answer_call(session, actor=w.coordinator, call_id=second.id, accepted=False)
    with refused(session, "error.vara_answered", ValidationFailed):
        answer_call(session, actor=w.coordinator, call_id=first.id, accepted=True)


def test_a_vara_with_forfall_or_for_a_withdrawn_forfall_is_not_called(session, w):
    kari = report(session, w, "kari")
    report(session, w, "vf1", by=w.coordinator)
    with refused(session, "error.vara_has_forfall", ValidationFailed):
        call_in(session, w, kari, "vf1")
    withdraw_absence(session, actor=w.kari, absence_id=kari.id)
    with refused(session, "error.forfall_withdrawn", ValidationFailed):
        call_in(session, w, kari, "vf2")


def test_one_vara_meets_for_one_member_and_is_free_again_once_they_decline(session, w):
    kari, ola = report(session, w, "kari"), report(session, w, "ola")  # both for Follo
    asked = call_in(session, w, kari, "vf1")
    with refused(session, "error.vara_engaged", ValidationFailed):
        call_in(session, w, ola, "vf1")  # else one person would fill two seats
    answer_call(session, actor=w.coordinator, call_id=asked.id, accepted=False)
    assert stored(session, SubstituteCall, call_in(session, w, ola, "vf1").id).absence_id == ola.id


def test_no_answer_is_recorded_for_a_withdrawn_forfall_nor_a_yes_from_a_vara_with_forfall(session, w):
    kari = report(session, w, "kari")
    asked = call_in(session, w, kari, "vf1")
    report(session, w, "vf1", by=w.coordinator)
    with refused(session, "error.vara_has_forfall", ValidationFailed):
        answer_call(session, actor=w.coordinator, call_id=asked.id, accepted=True)
    withdraw_absence(session, actor=w.kari, absence_id=kari.id)
    with refused(session, "error.forfall_withdrawn", ValidationFailed):
        answer_call(session, actor=w.coordinator, call_id=asked.id, accepted=False)


def test_no_vara_is_called_or_answered_once_the_minutes_are_approved(session, w):
    kari, ola = report(session, w, "kari"), report(session, w, "ola")
    asked = call_in(session, w, kari, "vf1")
    stored(session, Meeting, w.meeting).status = MeetingStatus.APPROVED
    session.commit()
    with refused(session, "error.forfall_closed", ValidationFailed):
        answer_call(session, actor=w.coordinator, call_id=asked.id, accepted=True)
    with refused(session, "error.forfall_closed", ValidationFailed):
        call_in(session, w, ola, "vf2")


# --- A body's quorum rule -----------------------------------------------------------------------------------


def quorum_of(session: Session, w: AttendanceWorld) -> dict:
    state = quorum_state(stored(session, Body, w.body))
    session.commit()
    return state


def set_rule(session: Session, w: AttendanceWorld, *, by=None, expected=None, **values):
    form = {"rule": QuorumRule.HALF_MEMBERS, "basis": "sourced", "source": "Kommuneloven § 11-9"} | values
    return set_quorum_rule(session, actor=by or w.admin, body_id=w.body, expected=expected, **form)


def test_only_an_admin_sets_a_bodys_quorum_rule_with_how_it_is_known(session, w):
    for actor in (w.coordinator, w.director, w.kari, w.viewer):
        with refused(session, "error.permission_denied", PermissionDenied):
            set_rule(session, w, by=actor)
    before = quorum_of(session, w)
    assert before == {"quorum_rule": "half_members", "quorum_basis": None, "quorum_source": None}
    with audited(session, "body.quorum_rule") as added:
        set_rule(session, w, expected=before, source="  Kommuneloven § 11-9  ")
    after = {"quorum_rule": "half_members", "quorum_basis": "sourced", "quorum_source": "Kommuneloven § 11-9"}
    assert quorum_of(session, w) == after
    [event] = added
    assert (event.entity, event.entity_id, event.before, event.after) == ("body", w.body, before, after)


def test_the_rule_none_clears_the_basis_and_source(session, w):
    set_rule(session, w)
    with audited(session, "body.quorum_rule") as added:
        set_rule(session, w, rule=QuorumRule.NONE, basis="sourced", source="Ignorert")
    assert quorum_of(session, w) == {"quorum_rule": "none", "quorum_basis": None, "quorum_source": None}
    assert added[0].after == quorum_of(session, w)


def test_a_quorum_rule_is_validated_and_an_unchanged_one_refused(session, w):
    for values, key in [
        ({"rule": "two_thirds"}, "error.quorum_rule"),
        ({"basis": "guessed"}, "error.quorum_basis"),
        ({"basis": None}, "error.quorum_basis"),
        ({"source": "  "}, "error.required"),
        ({"source": "x" * 2001}, "error.too_long"),
    ]:
        with refused(session, key, ValidationFailed):
            set_rule(session, w, **values)
    current = quorum_of(session, w)
    set_rule(session, w)
    with refused(session, "error.nothing_changed", ValidationFailed):
        set_rule(session, w)
    # A form read before the change is refused, with what is there now.
    with refused(session, "error.conflict", Conflict) as caught:
        set_rule(session, w, expected=current, basis="uncertain", source="Usikkert")
    assert caught.value.params["current"]["quorum_basis"] == "sourced"
