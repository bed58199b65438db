"""Membership rules: terms and their dates, the one leader and one deputy of a body taking over from a
day, vara (a unit's by order, or a member's personal vara), the data-quality doubts (a unit not valid,
odd dates) and coverage month by month."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.enums import CoverageRule, MembershipRole, UnitKind
from osloreg.rules.coverage import Seat, SubRegionLink, UnitRef
from osloreg.rules.memberships import (
    Handover,
    Term,
    active_single_roles,
    check_dates,
    check_vara,
    coverage_by_month,
    dates_odd,
    handover,
    month_starts,
    order_holder,
    seat_on,
    unit_not_valid,
)
from osloreg.rules.validation import Invalid

D = dt.date
LEADER, DEPUTY, MEMBER = MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER
DAY = D(2023, 3, 1)  # the day a new leader or deputy takes over
NEWCOMER = 99  # the person who takes the role


def term(term_id: int, person: int, role: str, start: dt.date, end: dt.date | None = None) -> Term:
    return Term(term_id, person, role, start, end)


# --- Terms and their dates --------------------------------------------------------------------------------


def test_a_term_is_active_from_its_first_to_its_last_day_inclusive():
    closed = term(1, 1, MEMBER, D(2021, 1, 1), D(2021, 12, 31))
    assert [closed.active_on(day) for day in (D(2020, 12, 31), D(2021, 1, 1), D(2021, 12, 31))] == [
        False,
        True,
        True,
    ]
    assert not closed.active_on(D(2022, 1, 1))
    open_ended = term(2, 1, MEMBER, D(2021, 1, 1))
    assert open_ended.active_on(D(2099, 1, 1)) and not open_ended.active_on(D(2020, 12, 31))


def test_terms_overlap_when_they_share_a_day_and_open_ends_run_on():
    closed = term(1, 1, MEMBER, D(2021, 1, 1), D(2021, 12, 31))
    assert closed.overlaps(D(2021, 12, 31), D(2022, 6, 30))  # sharing only the last day
    assert closed.overlaps(D(2020, 1, 1), D(2021, 1, 1))  # sharing only the first day
    assert not closed.overlaps(D(2022, 1, 1), None)  # starting the day after
    assert not closed.overlaps(D(2020, 1, 1), D(2020, 12, 31))  # ending the day before
    assert closed.overlaps(D(2019, 1, 1), None)  # an open period from before runs into it
    open_ended = term(2, 1, MEMBER, D(2021, 1, 1))
    assert open_ended.overlaps(D(2030, 1, 1), None) and open_ended.overlaps(D(2030, 1, 1), D(2030, 1, 1))
    assert not open_ended.overlaps(D(2019, 1, 1), D(2020, 12, 31))


def test_a_term_needs_a_start_and_an_end_on_or_after_it():
    assert check_dates(DAY, None) == DAY
    assert check_dates(DAY, DAY) == DAY
    with pytest.raises(Invalid) as caught:
        check_dates(None, DAY)
    assert (caught.value.key, caught.value.params) == ("error.required", {"field": "start_on"})
    with pytest.raises(Invalid) as caught:
        check_dates(DAY, DAY - dt.timedelta(days=1))
    assert caught.value.key == "error.end_before_start"


# --- The one leader and the one deputy --------------------------------------------------------------------


def test_a_new_leader_ends_the_leaders_term_the_day_before_and_they_go_on_as_a_member():
    leader = term(1, 1, LEADER, D(2020, 1, 1))
    members = [term(2, 2, MEMBER, D(2020, 1, 1)), term(3, 3, DEPUTY, D(2020, 1, 1))]
    plan = handover([leader, *members], role=LEADER, on=DAY, person_id=NEWCOMER)
    assert plan == Handover(ended=(leader,), continued=(leader,))


def test_a_leader_goes_on_as_a_member_only_if_their_term_went_on_after_the_day():
    ends_after = term(1, 1, LEADER, D(2020, 1, 1), DAY + dt.timedelta(days=1))
    assert handover([ends_after], role=LEADER, on=DAY, person_id=NEWCOMER) == Handover(
        (ends_after,), (ends_after,)
    )
    ends_on_the_day = term(1, 1, LEADER, D(2020, 1, 1), DAY)
    assert handover([ends_on_the_day], role=LEADER, on=DAY, person_id=NEWCOMER) == Handover(
        (ends_on_the_day,), ()
    )
    # A leader whose term ended before the day has nothing to hand over.
    ended = term(1, 1, LEADER, D(2020, 1, 1), DAY - dt.timedelta(days=1))
    assert handover([ended], role=LEADER, on=DAY, person_id=NEWCOMER) == Handover((), ())


def test_the_persons_own_term_is_not_handed_over():
    own = term(1, NEWCOMER, LEADER, D(2020, 1, 1))
    assert handover([own], role=LEADER, on=DAY, person_id=NEWCOMER) == Handover((), ())
    # Not even one of their own that starts later.
    later = term(2, NEWCOMER, LEADER, DAY + dt.timedelta(days=30))
    assert handover([later], role=LEADER, on=DAY, person_id=NEWCOMER) == Handover((), ())


@pytest.mark.parametrize("start", [DAY, DAY + dt.timedelta(days=1), D(2030, 1, 1)])
def test_a_leader_whose_term_starts_on_or_after_the_day_cannot_be_taken_over(start):
    current = term(1, 1, LEADER, D(2020, 1, 1), DAY - dt.timedelta(days=1))
    later = term(2, 2, LEADER, start, None)
    with pytest.raises(Invalid) as caught:
        handover([current, later], role=LEADER, on=DAY, person_id=NEWCOMER)
    assert caught.value.key == "error.role_taken_later"
    assert caught.value.params == {"role": "leader", "date": start}


@pytest.mark.parametrize("role", [MEMBER, MembershipRole.OBSERVER, MembershipRole.SECRETARY])
def test_roles_other_than_leader_and_deputy_hand_nothing_over(role):
    terms = [
        term(1, 1, LEADER, D(2020, 1, 1)),
        term(2, 2, DEPUTY, D(2020, 1, 1)),
        term(3, 3, role, D(2020, 1, 1)),
        term(4, 4, LEADER, D(2030, 1, 1)),  # a leader ahead is no obstacle either
    ]
    assert handover(terms, role=role, on=DAY, person_id=NEWCOMER) == Handover((), ())


def test_a_new_deputy_takes_over_from_the_deputy_and_leaves_the_leader_alone():
    leader = term(1, 1, LEADER, D(2020, 1, 1))
    deputy = term(2, 2, DEPUTY, D(2021, 1, 1), D(2024, 12, 31))
    plan = handover([leader, deputy], role=DEPUTY, on=DAY, person_id=NEWCOMER)
    assert plan == Handover((deputy,), (deputy,))
    with pytest.raises(Invalid) as caught:
        handover([term(3, 3, DEPUTY, DAY)], role=DEPUTY, on=DAY, person_id=NEWCOMER)
    assert caught.value.params == {"role": "deputy", "date": DAY}


def test_the_single_roles_held_on_a_day_are_listed_by_role():
    first_leader = term(1, 1, LEADER, D(2020, 1, 1), D(2022, 12, 31))
    second_leader = term(2, 2, LEADER, D(2022, 6, 1))
    deputy = term(3, 3, DEPUTY, D(2020, 1, 1))
    terms = [first_leader, second_leader, deputy, term(4, 4, MEMBER, D(2020, 1, 1))]
    assert active_single_roles(terms, D(2021, 1, 1)) == {LEADER: [first_leader], DEPUTY: [deputy]}
    assert active_single_roles(terms, D(2022, 7, 1)) == {
        LEADER: [first_leader, second_leader],
        DEPUTY: [deputy],
    }
    assert active_single_roles(terms, D(2019, 1, 1)) == {LEADER: [], DEPUTY: []}


# --- Vara -------------------------------------------------------------------------------------------------

VARA = MembershipRole.SUBSTITUTE
FOLLO, MOSS = 10, 11


def refusal(**kwargs) -> tuple[str, dict]:
    with pytest.raises(Invalid) as caught:
        check_vara(**{"role": VARA, "person_id": 1, "unit_id": FOLLO, **kwargs})
    return caught.value.key, caught.value.params


def test_a_units_vara_has_an_order_from_one_and_a_personal_vara_has_none():
    assert check_vara(VARA, person_id=1, unit_id=FOLLO, order=1, for_person_id=None) == (1, None)
    assert check_vara(VARA, person_id=1, unit_id=None, order=None, for_person_id=2) == (None, 2)
    assert check_vara(MEMBER, person_id=1, unit_id=FOLLO, order=None, for_person_id=None) == (None, None)


def test_a_vara_without_an_order_or_with_one_that_is_not_a_whole_number_from_one_is_refused():
    assert refusal(order=None, for_person_id=None) == ("error.substitute_order_missing", {})
    for bad in (0, -1, 1.5, "1", True):
        key = "error.substitute_order_invalid"
        assert refusal(order=bad, for_person_id=None) == (key, {"value": str(bad)})


def test_a_vara_is_a_units_or_a_members_never_both_never_their_own_and_only_a_vara_is_either():
    assert refusal(order=1, for_person_id=2)[0] == "error.substitute_both"
    assert refusal(order=None, for_person_id=1)[0] == "error.substitute_for_self"
    assert refusal(unit_id=None, order=1, for_person_id=None)[0] == "error.substitute_needs_unit"
    for order, for_person in ((1, None), (None, 2)):
        with pytest.raises(Invalid) as caught:
            check_vara(MEMBER, person_id=1, unit_id=FOLLO, order=order, for_person_id=for_person)
        assert caught.value.key == "error.substitute_fields_only"


def vara(term_id: int, person: int, unit: int, order: int, start: dt.date, end: dt.date | None = None):
    return Term(term_id, person, VARA, start, end, unit, order)


def test_the_holder_of_an_order_is_the_units_vara_in_that_place_on_a_shared_day():
    first = vara(1, 1, FOLLO, 1, D(2020, 1, 1), D(2023, 12, 31))
    others = [
        vara(2, 2, FOLLO, 2, D(2020, 1, 1)),  # the next place
        vara(3, 3, MOSS, 1, D(2020, 1, 1)),  # another unit's første vara
        Term(4, 4, VARA, D(2020, 1, 1), None, FOLLO, None, 7),  # a personal vara has no place
        Term(5, 5, MEMBER, D(2020, 1, 1), None, FOLLO),
    ]
    terms = [first, *others]
    found = order_holder(terms, unit_id=FOLLO, order=1, start_on=D(2023, 12, 31), end_on=None)
    assert found == first
    assert order_holder(terms, unit_id=FOLLO, order=1, start_on=D(2024, 1, 1), end_on=None) is None
    assert order_holder(terms, unit_id=FOLLO, order=3, start_on=D(2020, 1, 1), end_on=None) is None
    # The term being changed does not stand in its own way.
    assert order_holder(terms, unit_id=FOLLO, order=1, start_on=DAY, end_on=None, skip=[1]) is None


def test_a_seat_is_a_leaders_deputys_or_members_term_on_the_day_not_a_vara_or_observer():
    terms = [
        term(1, 1, MEMBER, D(2020, 1, 1), D(2022, 12, 31)),
        term(2, 2, VARA, D(2020, 1, 1)),
        term(3, 3, MembershipRole.OBSERVER, D(2020, 1, 1)),
        term(4, 4, DEPUTY, D(2020, 1, 1)),
    ]
    assert seat_on(terms, 1, D(2022, 12, 31)) == terms[0]
    assert seat_on(terms, 1, D(2023, 1, 1)) is None
    assert seat_on(terms, 2, DAY) is None and seat_on(terms, 3, DAY) is None
    assert seat_on(terms, 4, DAY) == terms[3]


# --- Data quality ---------------------------------------------------------------------------------------

VIKEN_FROM, VIKEN_TO = D(2020, 1, 1), D(2020, 10, 28)
TODAY = D(2025, 5, 15)


def viken(start: dt.date, end: dt.date | None, today: dt.date = TODAY) -> bool:
    return unit_not_valid(start, end, VIKEN_FROM, VIKEN_TO, today)


def test_a_term_within_viken_fylkeskommunes_validity_is_fine_and_one_running_past_it_is_not():
    assert not viken(D(2020, 1, 1), D(2020, 10, 28))
    assert not viken(D(2020, 3, 1), D(2020, 6, 30))
    assert viken(D(2020, 1, 1), D(2020, 10, 29))
    assert viken(D(2020, 1, 1), D(2020, 12, 31))
    assert viken(D(2020, 1, 1), None)  # still open: it runs on past 28.10.2020
    assert viken(D(2019, 12, 31), D(2020, 6, 30))  # starting before the unit existed
    assert viken(D(2021, 1, 1), D(2021, 12, 31))
    assert not unit_not_valid(D(1990, 1, 1), None, None, None, TODAY)  # a unit without dates


def test_an_open_term_is_judged_up_to_today_and_a_future_one_on_its_first_day():
    ends_next_month = TODAY + dt.timedelta(days=30)
    assert not unit_not_valid(D(2024, 1, 1), None, None, ends_next_month, TODAY)
    assert unit_not_valid(D(2024, 1, 1), None, None, TODAY - dt.timedelta(days=1), TODAY)
    # A term for Viken while Viken still existed, open, was fine then.
    assert not viken(D(2020, 1, 1), None, today=D(2020, 10, 28))
    assert viken(D(2020, 1, 1), None, today=D(2020, 10, 29))
    # A term that starts after today is judged on the day it starts.
    assert unit_not_valid(TODAY + dt.timedelta(days=40), None, None, ends_next_month, TODAY)
    assert not unit_not_valid(TODAY + dt.timedelta(days=10), None, None, ends_next_month, TODAY)
    assert unit_not_valid(TODAY + dt.timedelta(days=10), None, TODAY + dt.timedelta(days=20), None, TODAY)


def test_dates_are_odd_before_the_body_was_founded_after_it_was_dissolved_or_far_ahead():
    body = {"founded_on": D(2015, 1, 1), "dissolved_on": D(2024, 12, 31), "today": TODAY}
    assert not dates_odd(D(2015, 1, 1), D(2024, 12, 31), **body)
    assert dates_odd(D(2014, 12, 31), D(2020, 1, 1), **body)
    assert dates_odd(D(2020, 1, 1), D(2025, 1, 1), **body)
    assert dates_odd(D(2020, 1, 1), None, **body)  # open past the day it was dissolved
    running = {"founded_on": None, "dissolved_on": None, "today": TODAY}
    assert not dates_odd(D(1990, 1, 1), None, **running)
    assert not dates_odd(TODAY + dt.timedelta(days=366), None, **running)
    assert dates_odd(TODAY + dt.timedelta(days=367), None, **running)


# --- Coverage month by month ------------------------------------------------------------------------------


def test_month_starts_are_the_first_days_of_every_month_across_years():
    assert month_starts(D(2023, 11, 15), D(2024, 2, 3)) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
    ]
    assert month_starts(D(2024, 1, 31), D(2024, 3, 1)) == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
    assert month_starts(D(2024, 5, 20), D(2024, 5, 21)) == [D(2024, 5, 1)]
    assert month_starts(D(2024, 5, 20), D(2024, 4, 30)) == []
    assert len(month_starts(D(2020, 1, 1), D(2024, 12, 31))) == 60


FOLLO = UnitRef(1, "Folloregionen", UnitKind.SUB_REGION)
MOSS = UnitRef(2, "Mosseregionen", UnitKind.SUB_REGION)
VESTBY = UnitRef(3, "Vestby", UnitKind.MUNICIPALITY)
AAS = UnitRef(4, "Ås", UnitKind.MUNICIPALITY)
OSLO = UnitRef(5, "Oslo kommune", UnitKind.MUNICIPALITY, county_level=True)
VIKEN = UnitRef(6, "Viken fylkeskommune", UnitKind.COUNTY, valid_from=VIKEN_FROM, valid_to=VIKEN_TO)
INNLANDET = UnitRef(7, "Innlandet fylkeskommune", UnitKind.COUNTY, valid_from=D(2020, 1, 1))
UNITS = [FOLLO, MOSS, VESTBY, AAS, OSLO, VIKEN, INNLANDET]
SEATS = [
    Seat(1, "Leder", LEADER, OSLO.id, D(2020, 1, 1)),
    Seat(2, "Viken", MEMBER, VIKEN.id, D(2020, 1, 1), VIKEN_TO),
    Seat(3, "Ås", MEMBER, AAS.id, D(2020, 11, 15)),  # covers Follo only while Ås's link runs
    Seat(4, "Vestby", MEMBER, VESTBY.id, D(2021, 2, 1), D(2021, 2, 28)),
    Seat(5, "Observatør", MembershipRole.OBSERVER, INNLANDET.id, D(2020, 1, 1)),
]
LINKS = [
    SubRegionLink(FOLLO.id, AAS.id, D(2020, 12, 15), D(2021, 1, 31)),
    SubRegionLink(FOLLO.id, VESTBY.id),  # Vestby belongs to two sub-regions
    SubRegionLink(MOSS.id, VESTBY.id),
]
MONTHS = month_starts(D(2020, 9, 1), D(2021, 3, 1))


def test_coverage_by_month_follows_units_seats_and_sub_region_links():
    history = coverage_by_month(
        CoverageRule.SUB_REGIONS_COUNTIES_OSLO, units=UNITS, seats=SEATS, links=LINKS, months=MONTHS
    )
    assert history == [
        (D(2020, 9, 1), 5, 2),  # Follo, Moss, Viken, Innlandet, Oslo; Oslo and Viken covered
        (D(2020, 10, 1), 5, 2),
        (D(2020, 11, 1), 4, 1),  # Viken has ended: neither expected nor covered
        (D(2020, 12, 1), 4, 1),  # the Ås seat has begun, but not yet Ås's link to Follo
        (D(2021, 1, 1), 4, 2),  # Follo through Ås
        (D(2021, 2, 1), 4, 2),  # Ås's link has ended; Vestby (Follo or Moss, appointer unknown) counts once
        (D(2021, 3, 1), 4, 1),  # the Vestby seat has ended
    ]


def test_counties_count_only_under_the_rule_that_names_them():
    history = coverage_by_month(
        CoverageRule.SUB_REGIONS_OSLO, units=UNITS, seats=SEATS, links=LINKS, months=MONTHS
    )
    assert [(expected, covered) for _, expected, covered in history] == [
        (3, 1),
        (3, 1),
        (3, 1),
        (3, 1),
        (3, 2),
        (3, 2),
        (3, 1),
    ]
    nothing = coverage_by_month(CoverageRule.NONE, units=UNITS, seats=SEATS, links=LINKS, months=MONTHS[:2])
    assert nothing == [(D(2020, 9, 1), 0, 0), (D(2020, 10, 1), 0, 0)]


def test_a_municipality_in_two_sub_regions_counts_once_and_covers_the_one_left_when_a_link_ends():
    links = [SubRegionLink(FOLLO.id, VESTBY.id), SubRegionLink(MOSS.id, VESTBY.id, valid_to=D(2021, 1, 31))]
    seats = [Seat(1, "Vestby", MEMBER, VESTBY.id, D(2021, 1, 1))]
    history = coverage_by_month(
        CoverageRule.SUB_REGIONS_OSLO,
        units=UNITS,
        seats=seats,
        links=links,
        months=[D(2020, 12, 1), D(2021, 1, 1), D(2021, 2, 1)],
    )
    assert history == [(D(2020, 12, 1), 3, 0), (D(2021, 1, 1), 3, 1), (D(2021, 2, 1), 3, 1)]
