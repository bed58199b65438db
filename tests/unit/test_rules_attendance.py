"""Forfall, vara, habilitet and vedtaksførhet (rules.attendance): which vara is offered next, who may
meet for whom, who is present item by item, the § 11-9 quorum, and the coverage forecast of a meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.enums import CoverageRule, MembershipRole, QuorumRule, UnitKind
from osloreg.rules.attendance import (
    Attendee,
    Call,
    Expect,
    Span,
    Vara,
    check_span,
    counted_present,
    forecast,
    may_meet_for,
    present_by_item,
    quorum,
    vara_offers,
)
from osloreg.rules.coverage import Seat, UnitRef, coverage

FOLLO, VEST = 1, 2
KARI, OLA, PER, ANNE = 11, 12, 13, 14  # members: Kari and Ola for Follo, Per for Vest, Anne for Oslo
VERA, VIDAR, SIRI, VIGGO = 21, 22, 23, 24  # vara

VARAS = [
    Vara(VIDAR, "Vidar", FOLLO, order=2),
    Vara(SIRI, "Siri", None, for_person_id=ANNE),
    Vara(VERA, "Vera", FOLLO, order=1),
    Vara(VIGGO, "Viggo", VEST, order=1),
]


def names(offers: list[Vara]) -> list[str]:
    return [vara.name for vara in offers]


# --- Which vara, for whom -------------------------------------------------------------------------------


def test_the_vara_of_the_members_unit_are_offered_by_their_order():
    assert names(vara_offers(VARAS, member_id=KARI, unit_id=FOLLO)) == ["Vera", "Vidar"]
    assert names(vara_offers(VARAS, member_id=PER, unit_id=VEST)) == ["Viggo"]


def test_a_personal_vara_is_offered_before_the_vara_of_the_unit():
    personal = [*VARAS, Vara(25, "Åse", None, for_person_id=KARI)]
    assert names(vara_offers(personal, member_id=KARI, unit_id=FOLLO)) == ["Åse", "Vera", "Vidar"]


def test_another_members_personal_vara_is_not_offered():
    assert names(vara_offers(VARAS, member_id=ANNE, unit_id=None)) == ["Siri"]
    assert "Siri" not in names(vara_offers(VARAS, member_id=KARI, unit_id=FOLLO))


def test_those_passed_over_are_skipped_and_the_next_is_offered_first():
    assert names(vara_offers(VARAS, member_id=KARI, unit_id=FOLLO, passed_over=[VERA])) == ["Vidar"]
    assert vara_offers(VARAS, member_id=KARI, unit_id=FOLLO, passed_over=[VERA, VIDAR]) == []
    assert vara_offers(VARAS, member_id=ANNE, unit_id=None, passed_over=[SIRI]) == []


def test_a_member_without_a_unit_is_offered_only_a_personal_vara():
    assert vara_offers(VARAS, member_id=PER, unit_id=None) == []


def test_a_vara_meets_only_for_their_member_or_a_member_of_their_unit():
    vera, siri = VARAS[2], VARAS[1]
    assert may_meet_for(vera, member_id=KARI, unit_id=FOLLO)
    assert may_meet_for(vera, member_id=OLA, unit_id=FOLLO)
    assert not may_meet_for(vera, member_id=PER, unit_id=VEST)
    assert not may_meet_for(vera, member_id=KARI, unit_id=None)
    assert may_meet_for(siri, member_id=ANNE, unit_id=None)
    assert not may_meet_for(siri, member_id=KARI, unit_id=FOLLO)
    # A personal vara who also names a unit meets only for their member, not for the unit's others.
    personal_with_unit = Vara(26, "Pål", FOLLO, for_person_id=KARI)
    assert may_meet_for(personal_with_unit, member_id=KARI, unit_id=FOLLO)
    assert not may_meet_for(personal_with_unit, member_id=OLA, unit_id=FOLLO)


# --- Presence item by item ------------------------------------------------------------------------------

POSITIONS = [1, 2, 3, 4]


def test_a_span_without_ends_is_the_whole_meeting_and_its_ends_are_inclusive():
    assert Span().whole and all(Span().covers(position) for position in POSITIONS)
    assert [Span(2, 3).covers(p) for p in POSITIONS] == [False, True, True, False]
    assert [Span(3, None).covers(p) for p in POSITIONS] == [False, False, True, True]
    assert [Span(None, 2).covers(p) for p in POSITIONS] == [True, True, False, False]
    assert not Span(3, None).whole


def test_a_span_that_ends_before_it_begins_is_refused():
    assert check_span(2, 2) == Span(2, 2)
    assert check_span(None, 1) == Span(None, 1)
    with pytest.raises(ValueError):
        check_span(3, 2)


def present(attendees, absences=None, inhabil=()):
    by_item = present_by_item(POSITIONS, attendees, absences=absences or {}, inhabil=inhabil)
    return {position: sorted(people) for position, people in by_item.items()}


def test_those_recorded_present_are_there_for_every_item_and_the_absent_for_none():
    assert present([Attendee(KARI, True), Attendee(OLA, False)]) == {p: [KARI] for p in POSITIONS}


def test_a_member_who_came_late_or_left_early_misses_only_the_items_of_their_forfall():
    attendees = [Attendee(KARI, True), Attendee(OLA, True)]
    late = present(attendees, {KARI: Span(None, 2)})
    assert late == {1: [OLA], 2: [OLA], 3: [KARI, OLA], 4: [KARI, OLA]}
    early = present(attendees, {OLA: Span(3, None)})
    assert early == {1: [KARI, OLA], 2: [KARI, OLA], 3: [KARI], 4: [KARI]}


def test_a_forfall_for_the_whole_meeting_does_not_outweigh_being_recorded_present():
    # The member came after all: the attendance recorded at the meeting is what happened.
    assert present([Attendee(KARI, True)], {KARI: Span()}) == {p: [KARI] for p in POSITIONS}


def test_an_inhabil_member_leaves_that_item_only():
    result = present([Attendee(KARI, True), Attendee(OLA, True)], inhabil=[(3, KARI)])
    assert result == {1: [KARI, OLA], 2: [KARI, OLA], 3: [OLA], 4: [KARI, OLA]}


def test_a_vara_is_present_only_for_the_items_the_member_missed():
    attendees = [Attendee(KARI, True), Attendee(VERA, True, attended_for=KARI)]
    result = present(attendees, {KARI: Span(None, 2)})
    assert result == {1: [VERA], 2: [VERA], 3: [KARI], 4: [KARI]}
    # For a member away the whole meeting, or with no forfall recorded, the vara is there throughout.
    assert present([Attendee(VERA, True, attended_for=KARI)], {KARI: Span()}) == {
        p: [VERA] for p in POSITIONS
    }
    assert present([Attendee(VERA, True, attended_for=KARI)]) == {p: [VERA] for p in POSITIONS}


def test_a_vara_inhabil_in_an_item_leaves_it_too():
    result = present([Attendee(VERA, True, attended_for=KARI)], {KARI: Span()}, inhabil=[(2, VERA)])
    assert result == {1: [VERA], 2: [], 3: [VERA], 4: [VERA]}


# --- Vedtaksførhet ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "required"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (9, 5), (10, 5), (13, 7)]
)
def test_at_least_half_of_the_members_must_be_present(members, required):
    # Kommuneloven § 11-9: minst halvparten av medlemmene; with an odd number, the half rounded up.
    found = quorum(QuorumRule.HALF_MEMBERS, members=members, present=required)
    assert (found.required, found.met) == (required, True)
    assert not quorum(QuorumRule.HALF_MEMBERS, members=members, present=required - 1).met


def test_a_body_without_a_rule_or_without_members_has_no_quorum():
    assert quorum(QuorumRule.NONE, members=5, present=5) is None
    assert quorum(QuorumRule.HALF_MEMBERS, members=0, present=0) is None


def test_more_present_than_members_counts_as_all_members():
    assert quorum(QuorumRule.HALF_MEMBERS, members=4, present=6).present == 4


def test_a_vara_counts_for_the_seat_of_an_absent_member_once():
    members = {KARI, OLA, PER, ANNE}
    assert counted_present({KARI, OLA}, members=members, attended_for={}) == 2
    assert counted_present({KARI, VERA}, members=members, attended_for={VERA: OLA}) == 2
    # Two vara for one seat count once; a vara for a member who is there adds nothing.
    assert counted_present({VERA, VIDAR}, members=members, attended_for={VERA: OLA, VIDAR: OLA}) == 1
    assert counted_present({OLA, VERA}, members=members, attended_for={VERA: OLA}) == 1
    # Someone present who is neither a member nor meets for one (an observer) does not count.
    assert counted_present({KARI, 99}, members=members, attended_for={}) == 1
    # A vara who was not there counts for nothing.
    assert counted_present({KARI}, members=members, attended_for={VERA: OLA}) == 1


# --- The coverage forecast -------------------------------------------------------------------------------

DAY = dt.date(2025, 3, 4)
FOLLO_UNIT = UnitRef(FOLLO, "Follorådet", UnitKind.SUB_REGION)
VEST_UNIT = UnitRef(VEST, "Vestregionen", UnitKind.SUB_REGION)
OSLO_UNIT = UnitRef(3, "Oslo kommune", UnitKind.MUNICIPALITY, county_level=True)
ROMERIKE_UNIT = UnitRef(4, "Romerike regionråd", UnitKind.SUB_REGION)


def body(*, romerike: bool = False):
    seats = [
        Seat(KARI, "Kari", MembershipRole.MEMBER, FOLLO, dt.date(2020, 1, 1)),
        Seat(OLA, "Ola", MembershipRole.MEMBER, FOLLO, dt.date(2020, 1, 1)),
        Seat(PER, "Per", MembershipRole.MEMBER, VEST, dt.date(2020, 1, 1)),
        Seat(ANNE, "Anne", MembershipRole.LEADER, 3, dt.date(2020, 1, 1)),
    ]
    units = [FOLLO_UNIT, VEST_UNIT, OSLO_UNIT, *([ROMERIKE_UNIT] if romerike else [])]
    return coverage(CoverageRule.SUB_REGIONS_OSLO, units=units, seats=seats, links=[], on=DAY)


def expect(result) -> dict[str, tuple[Expect, str | None]]:
    return {unit.unit.name: (unit.expect, unit.vara) for unit in result.units}


def test_with_no_forfall_every_covered_unit_attends_and_one_no_one_covers_is_missing():
    result = forecast(body(romerike=True), away=[], calls=[], quorum_rule=QuorumRule.HALF_MEMBERS)
    assert expect(result)["Romerike regionråd"] == (Expect.NO_ONE, None)
    assert {expect(result)[name][0] for name in ("Follorådet", "Vestregionen", "Oslo kommune")} == {
        Expect.ATTENDS
    }
    assert (result.covered, [unit.unit.name for unit in result.missing]) == (3, ["Romerike regionråd"])
    assert (result.members, result.expected_present, result.quorum.required, result.quorum.met) == (
        4,
        4,
        2,
        True,
    )


def test_a_unit_covered_by_two_still_attends_when_one_has_forfall():
    result = forecast(body(), away=[KARI], calls=[], quorum_rule=QuorumRule.HALF_MEMBERS)
    assert expect(result)["Follorådet"] == (Expect.ATTENDS, None)
    assert result.missing == () and result.expected_present == 3


def test_a_unit_whose_only_member_has_forfall_is_missing_until_a_vara_accepts():
    pending = [Call(PER, VIGGO, "Viggo", "pending")]
    declined = [Call(PER, VIGGO, "Viggo", "declined")]
    accepted = [Call(PER, VIGGO, "Viggo", "accepted")]
    cases = [
        ([], Expect.FORFALL, None, 3),
        (declined, Expect.FORFALL, None, 3),
        (pending, Expect.VARA_ASKED, "Viggo", 3),
        (accepted, Expect.VARA, "Viggo", 4),
    ]
    for calls, expected, vara, present in cases:
        result = forecast(body(), away=[PER], calls=calls, quorum_rule=QuorumRule.HALF_MEMBERS)
        assert expect(result)["Vestregionen"] == (expected, vara), calls
        assert result.expected_present == present, calls
        assert ("Vestregionen" in [unit.unit.name for unit in result.missing]) == (expected != Expect.VARA)


def test_an_accepted_vara_covers_after_one_who_declined():
    calls = [Call(PER, 31, "Vegard", "declined"), Call(PER, VIGGO, "Viggo", "accepted")]
    result = forecast(body(), away=[PER], calls=calls, quorum_rule=QuorumRule.HALF_MEMBERS)
    assert expect(result)["Vestregionen"] == (Expect.VARA, "Viggo")
    assert result.covered == 3


def test_both_members_of_a_unit_away_and_a_vara_for_one_of_them_covers_the_unit():
    calls = [Call(OLA, VERA, "Vera", "accepted")]
    result = forecast(body(), away=[KARI, OLA], calls=calls, quorum_rule=QuorumRule.HALF_MEMBERS)
    assert expect(result)["Follorådet"] == (Expect.VARA, "Vera")
    assert result.expected_present == 3  # Per, Anne, and Vera for Ola; Kari's seat is empty


def test_the_expected_number_present_is_held_against_the_quorum():
    result = forecast(body(), away=[KARI, OLA, PER], calls=[], quorum_rule=QuorumRule.HALF_MEMBERS)
    assert (result.expected_present, result.quorum.required, result.quorum.met) == (1, 2, False)
    calls = [Call(PER, VIGGO, "Viggo", "accepted")]
    result = forecast(body(), away=[KARI, OLA, PER], calls=calls, quorum_rule=QuorumRule.HALF_MEMBERS)
    assert (result.expected_present, result.quorum.met) == (2, True)
    # A vara still asked is not counted as coming.
    calls = [Call(PER, VIGGO, "Viggo", "pending")]
    result = forecast(body(), away=[KARI, OLA, PER], calls=calls, quorum_rule=QuorumRule.HALF_MEMBERS)
    assert (result.expected_present, result.quorum.met) == (1, False)


def test_a_body_without_a_quorum_rule_has_a_forecast_without_quorum():
    result = forecast(body(), away=[PER], calls=[], quorum_rule=QuorumRule.NONE)
    assert result.quorum is None and result.expected_present == 3
