"""Forfall, vara, habilitet and vedtaksførhet, read, on SQLite and PostgreSQL: a meeting's roster with
the next vara to call, who is present item by item and whether the body is vedtaksfør (before the
meeting from forfall and vara who accepted, after it from the attendance), the coverage forecast of the
meetings ahead, the forfall the secretariat has to handle, and a member's own meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import MeetingStatus, MembershipRole, QuorumRule
from osloreg.models import Attendance, Body, Membership
from osloreg.queries import attendance as q
from osloreg.queries import meetings_ahead as ahead
from tests.factories import at, days, make_body, make_meeting, make_membership
from tests.integration.services.attendance_world import (
    AttendanceWorld,
    absence,
    build_attendance_world,
    inhabil,
    vara_call,
)

ACCEPTED, DECLINED, PENDING = "accepted", "declined", "pending"


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


@pytest.fixture
def w(session: Session) -> AttendanceWorld:
    return build_attendance_world(session)


def clean(value: Any) -> Any:
    return None if not isinstance(value, list | dict | tuple) and pd.isna(value) else value


def records(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(clean(value) for value in row) for row in frame[list(columns)].itertuples(index=False)]


def roster(session: Session, w: AttendanceWorld) -> q.Roster:
    return q.roster(session, meeting_id=w.meeting)


def offers(found: q.Roster, absence_id: int) -> list[str]:
    return [vara.name for vara in found.offers[absence_id]]


# --- The roster -----------------------------------------------------------------------------------------


def test_the_roster_holds_the_seats_of_the_day_and_the_vara_apart(session, w):
    found = roster(session, w)
    assert records(found.members, "person", "role", "unit") == [
        ("Anne Oslo", "leader", "Oslo kommune"),
        ("Kari Follo", "member", "Follorådet"),
        ("Ola Follo", "member", "Follorådet"),
        ("Per Vest", "member", "Vestregionen"),
    ]
    assert sorted(vara.name for vara in found.varas) == [
        "Siri Oslo",
        "Vera Follo",
        "Vidar Follo",
        "Viggo Vest",
    ]
    assert found.member_ids == {w.people[key] for key in ("kari", "ola", "per", "anne")}
    assert (found.positions, found.quorum_rule, found.day) == (
        [1, 2, 3, 4],
        "half_members",
        today() + days(10),
    )
    assert found.absences.empty and found.calls.empty and found.inhabil.empty
    assert q.roster(session, meeting_id=w.meeting + 1000) is None


def test_a_term_that_ended_before_the_meeting_leaves_the_roster(session, w):
    term = session.query(Membership).filter_by(person_id=w.people["per"]).one()
    term.end_on = today()
    session.flush()
    assert "Per Vest" not in set(roster(session, w).members["person"])


def test_the_roster_shows_standing_forfall_with_their_items_and_the_vara_called(session, w):
    kari = absence(session, w.meeting, w.people["kari"], from_item_id=w.items[2])
    ola = absence(session, w.meeting, w.people["ola"])
    gone = absence(session, w.meeting, w.people["per"])
    gone.withdrawn_at = dt.datetime(2025, 1, 1)
    asked = vara_call(session, gone, w.people["vv1"])  # for a withdrawn forfall: not shown
    vara_call(session, ola, w.people["vf1"], DECLINED)
    vara_call(session, ola, w.people["vf2"], PENDING)
    session.flush()
    found = roster(session, w)
    assert records(found.absences, "person", "unit", "from_position", "to_position", "reason") == [
        ("Kari Follo", "Follorådet", 3, None, "Syk"),
        ("Ola Follo", "Follorådet", None, None, "Syk"),
    ]
    assert records(found.calls, "member_id", "vara", "answer") == [
        (ola.person_id, "Vera Follo", DECLINED),
        (ola.person_id, "Vidar Follo", PENDING),
    ]
    assert asked.id not in set(found.calls["call_id"])
    assert kari.id in found.offers and gone.id not in found.offers


def test_the_next_vara_is_offered_first_and_those_asked_or_with_forfall_are_skipped(session, w):
    kari = absence(session, w.meeting, w.people["kari"])
    anne = absence(session, w.meeting, w.people["anne"])
    found = roster(session, w)
    assert offers(found, kari.id) == ["Vera Follo", "Vidar Follo"]
    assert offers(found, anne.id) == ["Siri Oslo"]
    vara_call(session, kari, w.people["vf1"], DECLINED)
    assert offers(roster(session, w), kari.id) == ["Vidar Follo"]
    vidar = absence(session, w.meeting, w.people["vf2"])
    found = roster(session, w)
    assert offers(found, kari.id) == []
    assert offers(found, vidar.id) == []  # no one is called in for a vara


def test_a_vara_asked_for_one_member_is_not_offered_for_another(session, w):
    kari, ola = absence(session, w.meeting, w.people["kari"]), absence(session, w.meeting, w.people["ola"])
    call = vara_call(session, kari, w.people["vf1"], PENDING)
    assert offers(roster(session, w), ola.id) == ["Vidar Follo"]
    call.answer = ACCEPTED
    session.flush()
    assert offers(roster(session, w), ola.id) == ["Vidar Follo"]
    call.answer = DECLINED  # free again: she declined Kari
    session.flush()
    assert offers(roster(session, w), ola.id) == ["Vera Follo", "Vidar Follo"]


def test_the_roster_lists_standing_inhabilitet_by_item(session, w):
    inhabil(session, w.items[2], w.people["ola"], "decided")
    inhabil(session, w.items[1], w.people["kari"])
    gone = inhabil(session, w.items[1], w.people["per"])
    gone.withdrawn_at = dt.datetime(2025, 1, 1)
    session.flush()
    found = roster(session, w)
    assert records(found.inhabil, "position", "person", "status") == [
        (2, "Kari Follo", "declared"),
        (3, "Ola Follo", "decided"),
    ]


# --- Item by item: who is present, and vedtaksførhet --------------------------------------------------------


def quorums(session: Session, w: AttendanceWorld) -> dict[int, tuple[int, int, bool]]:
    """Position -> (counted present, required, met)."""
    return {
        item.position: (item.quorum.present, item.quorum.required, item.quorum.met)
        for item in q.item_quorums(session, roster(session, w))
    }


def test_before_the_meeting_presence_follows_forfall_and_the_vara_who_accepted(session, w):
    assert quorums(session, w) == {position: (4, 2, True) for position in (1, 2, 3, 4)}
    for key in ("kari", "ola"):
        absence(session, w.meeting, w.people[key])
    per = absence(session, w.meeting, w.people["per"], from_item_id=w.items[2])
    assert quorums(session, w) == {1: (2, 2, True), 2: (2, 2, True), 3: (1, 2, False), 4: (1, 2, False)}
    # A vara still asked does not count; one who accepted counts for the items the member misses.
    call = vara_call(session, per, w.people["vv1"], PENDING)
    assert quorums(session, w)[3] == (1, 2, False)
    call.answer = ACCEPTED
    session.flush()
    assert quorums(session, w) == {position: (2, 2, True) for position in (1, 2, 3, 4)}
    present = {item.position: item.present for item in q.item_quorums(session, roster(session, w))}
    assert w.people["vv1"] not in present[2] and w.people["vv1"] in present[3]
    assert w.people["per"] in present[2] and w.people["per"] not in present[3]


def test_after_the_meeting_the_attendance_counts_and_an_inhabil_member_leaves_one_item(session, w):
    p = w.people
    ola = absence(session, w.meeting, p["ola"])
    absence(session, w.meeting, p["per"])
    vara_call(session, ola, p["vf1"], ACCEPTED)
    session.add_all(
        [
            Attendance(meeting_id=w.meeting, person_id=p["anne"], present=True),
            Attendance(meeting_id=w.meeting, person_id=p["kari"], present=True),
            Attendance(meeting_id=w.meeting, person_id=p["ola"], present=False),
            Attendance(meeting_id=w.meeting, person_id=p["per"], present=False),
            Attendance(
                meeting_id=w.meeting, person_id=p["vf1"], present=True, attended_for_person_id=p["ola"]
            ),
        ]
    )
    inhabil(session, w.items[1], p["kari"])
    inhabil(session, w.items[1], p["vf1"], "decided")
    session.flush()
    found = q.item_quorums(session, roster(session, w))
    assert [(item.quorum.present, item.quorum.met) for item in found] == [
        (3, True),
        (1, False),
        (3, True),
        (3, True),
    ]
    assert found[1].present == frozenset({p["anne"]})
    assert found[1].left == ("Kari Follo", "Vera Follo")
    assert found[0].left == () and found[0].present == frozenset({p["anne"], p["kari"], p["vf1"]})


def test_a_body_without_a_quorum_rule_has_no_quorum_per_item(session):
    w = build_attendance_world(session, quorum_rule=QuorumRule.NONE)
    assert [item.quorum for item in q.item_quorums(session, roster(session, w))] == [None] * 4


# --- The forecast of the meetings ahead ---------------------------------------------------------------


def forecast_of(session: Session, meeting_id: int) -> dict[str, Any]:
    frame = ahead.forecasts(session, meeting_ids=[meeting_id])
    [row] = frame.to_dict("records")
    return row


def test_a_forecast_names_the_units_that_will_be_missing(session, w):
    row = forecast_of(session, w.meeting)
    assert (row["body"], row["expected"], row["covered"], row["missing"]) == (
        "Faggruppe for areal og transport",
        3,
        3,
        [],
    )
    assert (row["members"], row["expected_present"], row["quorum_required"], row["forfall"]) == (4, 4, 2, 0)
    kari = absence(session, w.meeting, w.people["kari"])
    per = absence(session, w.meeting, w.people["per"])
    absence(session, w.meeting, w.people["anne"], from_item_id=w.items[2])  # part of it: still comes
    row = forecast_of(session, w.meeting)
    assert (row["covered"], row["missing"], row["forfall"]) == (2, ["Vestregionen"], 3)
    assert (row["expected_present"], row["vara_asked"]) == (2, 0)
    absence(session, w.meeting, w.people["vv1"])  # a vara's own forfall is no member's
    assert forecast_of(session, w.meeting)["forfall"] == 3
    call = vara_call(session, per, w.people["vv1"], PENDING)
    vara_call(session, kari, w.people["vf1"], ACCEPTED)  # Ola comes for Follo anyway
    row = forecast_of(session, w.meeting)
    assert (row["missing"], row["vara_asked"], row["expected_present"]) == (["Vestregionen"], 1, 3)
    call.answer = ACCEPTED
    session.flush()
    row = forecast_of(session, w.meeting)
    assert (row["covered"], row["missing"], row["vara_asked"], row["expected_present"]) == (3, [], 0, 4)


def test_forecasts_cover_only_planned_or_innkalt_meetings_in_the_window(session, w):
    called = make_meeting(session, body=w.body, starts_at=at(today() + days(3)), status=MeetingStatus.CALLED)
    for status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        make_meeting(session, body=w.body, starts_at=at(today() + days(5)), status=status)
    far = make_meeting(session, body=w.body, starts_at=at(today() + days(40)))
    make_meeting(session, body=w.body, starts_at=at(today() - days(1)))
    frame = ahead.forecasts(session, start=today(), days=30)
    assert list(frame["meeting_id"]) == [called.id, w.meeting]
    assert list(ahead.forecasts(session, start=today(), days=41)["meeting_id"]) == [
        called.id,
        w.meeting,
        far.id,
    ]
    assert ahead.forecasts(session, meeting_ids=[far.id, w.meeting])["meeting_id"].tolist() == [
        w.meeting,
        far.id,
    ]
    assert ahead.forecasts(session, meeting_ids=[]).empty


def test_a_body_without_a_quorum_rule_has_no_quorum_in_its_forecast(session, w):
    session.get(Body, w.body).quorum_rule = QuorumRule.NONE
    session.flush()
    assert clean(forecast_of(session, w.meeting)["quorum_required"]) is None


def test_a_body_with_no_unit_to_cover_and_no_quorum_rule_has_no_forecast(session, w):
    secretariat = make_body(session, name="Sekretariatet", kind="secretariat")  # neither, by default
    staff = make_meeting(session, body=secretariat, starts_at=at(today() + days(4)))
    frame = ahead.forecasts(session, start=today(), days=30)
    assert staff.id not in list(frame["meeting_id"]) and w.meeting in list(frame["meeting_id"])
    session.get(Body, secretariat.id).quorum_rule = QuorumRule.HALF_MEMBERS  # a rule: then it has one
    session.flush()
    assert staff.id in list(ahead.forecasts(session, start=today(), days=30)["meeting_id"])


# --- Forfall to handle, and a member's own meetings ---------------------------------------------------------


def test_forfall_to_handle_are_those_without_a_vara_who_accepted_soonest_first(session, w):
    p = w.people
    soon = make_meeting(session, body=w.body, starts_at=at(today() + days(2)))
    past = make_meeting(session, body=w.body, starts_at=at(today() - days(2)))
    held = make_meeting(session, body=w.body, starts_at=at(today() + days(1)), status=MeetingStatus.HELD)
    kari = absence(session, w.meeting, p["kari"])  # none asked
    ola = absence(session, w.meeting, p["ola"])
    vara_call(session, ola, p["vf1"], PENDING)
    per = absence(session, w.meeting, p["per"])
    vara_call(session, per, p["vv1"], DECLINED)
    anne = absence(session, w.meeting, p["anne"])
    vara_call(session, anne, p["siri"], ACCEPTED)
    first = absence(session, soon.id, p["kari"])
    vara_call(session, first, p["vf1"], DECLINED)
    vara_call(session, first, p["vf2"], PENDING)  # asked after one declined: waiting
    withdrawn = absence(session, soon.id, p["ola"])
    withdrawn.withdrawn_at = dt.datetime(2025, 1, 1)
    vidar = absence(session, w.meeting, p["vf2"])  # a vara's forfall needs no vara
    absence(session, past.id, p["kari"])
    absence(session, held.id, p["kari"])
    session.flush()
    frame, total = ahead.absences_to_handle(session, today=today())
    assert records(frame, "absence_id", "person", "state") == [
        (first.id, "Kari Follo", "pending"),
        (kari.id, "Kari Follo", "none"),
        (ola.id, "Ola Follo", "pending"),
        (per.id, "Per Vest", "declined"),
    ]
    assert vidar.id not in set(frame["absence_id"])
    assert total == 4 and set(frame["body"]) == {"Faggruppe for areal og transport"}
    frame, total = ahead.absences_to_handle(session, today=today(), limit=2)
    assert (len(frame), total) == (2, 4)


def test_my_meetings_show_own_forfall_and_the_vara_who_accepted(session, w):
    p = w.people
    kari = absence(session, w.meeting, p["kari"])
    vara_call(session, kari, p["vf1"], DECLINED)
    vara_call(session, kari, p["vf2"], ACCEPTED)
    mine = ahead.my_meetings(session, person_id=p["kari"], today=today())
    assert records(mine, "meeting_id", "role", "absence_id", "reason", "vara") == [
        (w.meeting, "member", kari.id, "Syk", "Vidar Follo")
    ]
    ola = ahead.my_meetings(session, person_id=p["ola"], today=today())
    assert records(ola, "meeting_id", "absence_id", "vara") == [(w.meeting, None, None)]


def test_my_meetings_are_those_of_bodies_one_sits_in_or_is_vara_for_that_day(session, w):
    p = w.people
    other = make_body(session, name="Styret")
    make_membership(session, person=p["kari"], body=other, start_on=today() + days(15))
    before_term = make_meeting(session, body=other, starts_at=at(today() + days(12)))
    in_term = make_meeting(session, body=other, starts_at=at(today() + days(16)))
    elsewhere = make_meeting(session, body=make_body(session), starts_at=at(today() + days(11)))
    beyond = make_meeting(session, body=w.body, starts_at=at(today() + days(70)))
    cancelled = make_meeting(
        session, body=w.body, starts_at=at(today() + days(5)), status=MeetingStatus.CANCELLED
    )
    mine = set(ahead.my_meetings(session, person_id=p["kari"], today=today())["meeting_id"])
    assert mine == {w.meeting, in_term.id}
    assert not {before_term.id, elsewhere.id, beyond.id, cancelled.id} & mine
    vara = ahead.my_meetings(session, person_id=p["vf1"], today=today())
    assert records(vara, "meeting_id", "role") == [(w.meeting, MembershipRole.SUBSTITUTE)]
    assert ahead.my_meetings(session, person_id=p["outsider"], today=today()).empty
