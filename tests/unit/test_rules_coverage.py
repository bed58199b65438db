"""Coverage of a body: expected units, direct and indirect cover, gaps, size and leadership."""

from __future__ import annotations

import datetime as dt

from osloreg.enums import CoverageRule, MembershipRole, UnitKind
from osloreg.rules.coverage import Cover, MemberPeriod, Seat, SubRegionLink, UnitRef, coverage, expected_units

DAY = dt.date(2024, 3, 1)
FOLLO = UnitRef(1, "Folloregionen", UnitKind.SUB_REGION)
MOSS = UnitRef(2, "Mosseregionen", UnitKind.SUB_REGION)
VESTBY = UnitRef(3, "Vestby", UnitKind.MUNICIPALITY)
AAS = UnitRef(4, "Ås", UnitKind.MUNICIPALITY)
OSLO = UnitRef(5, "Oslo kommune", UnitKind.MUNICIPALITY, county_level=True)
INNLANDET = UnitRef(6, "Innlandet fylkeskommune", UnitKind.COUNTY, valid_from=dt.date(2020, 1, 1))
VIKEN = UnitRef(7, "Viken fylkeskommune", UnitKind.COUNTY, valid_to=dt.date(2020, 10, 28))
AKERSHUS = UnitRef(8, "Akershus fylkeskommune", UnitKind.COUNTY, is_member=False)
SIGDAL = UnitRef(9, "Sigdal", UnitKind.MUNICIPALITY)
UNITS = [FOLLO, MOSS, VESTBY, AAS, OSLO, INNLANDET, VIKEN, AKERSHUS, SIGDAL]
LINKS = [SubRegionLink(1, 3), SubRegionLink(2, 3), SubRegionLink(1, 4)]


def seat(person: int, unit: UnitRef | None, role: str = MembershipRole.MEMBER, **dates) -> Seat:
    return Seat(
        person, f"Person {person}", role, unit.id if unit else None, dates.get("start", DAY), dates.get("end")
    )


def cover(seats, *, rule=CoverageRule.SUB_REGIONS_COUNTIES_OSLO, links=LINKS, on=DAY, **kwargs):
    return coverage(rule, units=UNITS, seats=seats, links=links, on=on, **kwargs)


def by_name(result):
    return {unit.unit.name: unit for unit in result.units}


def test_expected_units_are_active_sub_regions_member_counties_and_oslo():
    names = [unit.name for unit in expected_units(CoverageRule.SUB_REGIONS_COUNTIES_OSLO, UNITS, DAY)]
    assert names == ["Folloregionen", "Mosseregionen", "Innlandet fylkeskommune", "Oslo kommune"]


def test_a_county_that_has_left_or_is_not_a_member_is_not_expected():
    names = {unit.name for unit in expected_units(CoverageRule.SUB_REGIONS_COUNTIES_OSLO, UNITS, DAY)}
    assert "Viken fylkeskommune" not in names and "Akershus fylkeskommune" not in names
    in_2020 = {
        unit.name
        for unit in expected_units(CoverageRule.SUB_REGIONS_COUNTIES_OSLO, UNITS, dt.date(2020, 6, 1))
    }
    assert "Viken fylkeskommune" in in_2020


def test_the_board_rule_leaves_counties_out_and_no_rule_expects_nothing():
    names = {unit.name for unit in expected_units(CoverageRule.SUB_REGIONS_OSLO, UNITS, DAY)}
    assert names == {"Folloregionen", "Mosseregionen", "Oslo kommune"}
    assert expected_units(CoverageRule.NONE, UNITS, DAY) == []
    assert cover([seat(1, OSLO)], rule=CoverageRule.NONE).share is None


def test_a_unit_represented_by_someone_is_covered_directly():
    result = by_name(cover([seat(1, OSLO)]))
    assert result["Oslo kommune"].status is Cover.DIRECT
    assert result["Folloregionen"].status is Cover.MISSING


def test_sub_region_is_covered_through_its_municipality():
    result = by_name(cover([seat(1, AAS)]))
    assert result["Folloregionen"].status is Cover.INDIRECT
    assert result["Folloregionen"].through == ("Ås",)
    assert result["Mosseregionen"].status is Cover.MISSING


def test_a_municipality_in_two_sub_regions_covers_both():
    result = by_name(cover([seat(1, VESTBY)]))
    assert result["Folloregionen"].through == ("Vestby",)
    assert result["Mosseregionen"].through == ("Vestby",)


def test_a_municipality_covers_its_sub_region_only_while_it_belongs_to_it():
    links = [SubRegionLink(1, 4, valid_to=dt.date(2023, 12, 31))]
    assert by_name(cover([seat(1, AAS)], links=links))["Folloregionen"].status is Cover.MISSING


def test_direct_cover_wins_over_indirect_and_both_are_shown():
    follo = by_name(cover([seat(1, FOLLO), seat(2, VESTBY)]))["Folloregionen"]
    assert follo.status is Cover.DIRECT
    assert [s.person_id for s in follo.direct] == [1] and follo.through == ("Vestby",)


def test_units_with_several_people_are_reported():
    result = cover([seat(1, FOLLO), seat(2, AAS), seat(3, OSLO)])
    assert [unit.unit.name for unit in result.several] == ["Folloregionen"]


def test_a_seat_that_covers_no_expected_unit_is_outside():
    result = cover([seat(1, SIGDAL), seat(2, None), seat(3, OSLO)])
    assert sorted(s.person_id for s in result.outside) == [1, 2]


def test_ended_or_future_memberships_and_observers_do_not_cover():
    seats = [
        seat(1, OSLO, end=dt.date(2024, 2, 29)),
        seat(2, FOLLO, start=dt.date(2024, 3, 2)),
        seat(3, MOSS, role=MembershipRole.OBSERVER),
    ]
    result = cover(seats)
    assert result.covered == () and result.size == 0


def test_share_counts_covered_units_over_expected():
    result = cover([seat(1, OSLO), seat(2, AAS)])
    assert (len(result.covered), result.expected) == (2, 4)
    assert result.share == 0.5
    assert [unit.unit.name for unit in result.missing] == ["Mosseregionen", "Innlandet fylkeskommune"]


def test_size_counts_people_once_against_max_members():
    seats = [seat(1, OSLO), seat(1, AAS), seat(2, MOSS), seat(3, INNLANDET)]
    result = cover(seats, max_members=2)
    assert result.size == 3 and result.over_max
    assert not cover(seats, max_members=3).over_max
    assert not cover(seats).over_max


def test_leader_and_deputy_present_or_not():
    with_both = cover([seat(1, OSLO, MembershipRole.LEADER), seat(2, MOSS, MembershipRole.DEPUTY)])
    assert with_both.has_leader and with_both.has_deputy
    without = cover([seat(1, OSLO)])
    assert not without.has_leader and not without.has_deputy


def test_terms_ending_within_the_window_are_listed_soonest_first():
    seats = [
        seat(1, OSLO, end=DAY + dt.timedelta(days=60)),
        seat(2, MOSS, end=DAY + dt.timedelta(days=10)),
        seat(3, FOLLO, end=DAY + dt.timedelta(days=200)),
        seat(4, INNLANDET),
    ]
    assert [s.person_id for s in cover(seats).ending_soon] == [2, 1]


# --- membership of Osloregionen over time, and who appointed a member (issue 14) ------------------------

VIKEN_LIFE = UnitRef(
    10,
    "Viken fylkeskommune",
    UnitKind.COUNTY,
    valid_from=dt.date(2020, 1, 1),
    valid_to=dt.date(2023, 12, 31),
    periods=(
        MemberPeriod("member", dt.date(2020, 1, 1), dt.date(2020, 10, 28)),
        MemberPeriod("not_member", dt.date(2020, 10, 28), dt.date(2023, 12, 31)),
    ),
)
AKERSHUS_BACK = UnitRef(
    11,
    "Akershus fylkeskommune",
    UnitKind.COUNTY,
    periods=(
        MemberPeriod("member", None, dt.date(2019, 12, 31)),
        MemberPeriod("unknown", dt.date(2024, 1, 1), None, "uncertain"),
    ),
)


def test_a_units_life_and_its_membership_are_two_things():
    assert VIKEN_LIFE.exists_on(dt.date(2022, 1, 1)) and not VIKEN_LIFE.active_on(dt.date(2022, 1, 1))
    assert VIKEN_LIFE.active_on(dt.date(2020, 10, 28))  # its last day as a member
    assert VIKEN_LIFE.status_on(dt.date(2020, 10, 29)) == "not_member"
    assert VIKEN_LIFE.status_on(dt.date(2024, 1, 1)) == "not_member"  # no longer exists


def test_a_unit_that_leaves_and_comes_back_with_membership_unknown_is_listed_as_unknown():
    units = [FOLLO, OSLO, AKERSHUS_BACK]
    rule = CoverageRule.SUB_REGIONS_COUNTIES_OSLO
    assert "Akershus fylkeskommune" in [
        unit.name for unit in expected_units(rule, units, dt.date(2019, 6, 1))
    ]
    assert "Akershus fylkeskommune" not in [
        unit.name for unit in expected_units(rule, units, dt.date(2022, 6, 1))
    ]
    result = coverage(rule, units=units, seats=[], links=[], on=dt.date(2024, 3, 1))
    assert [unit.name for unit in result.unknown] == ["Akershus fylkeskommune"]
    assert "Akershus fylkeskommune" not in [unit.unit.name for unit in result.missing]
    assert AKERSHUS_BACK.period_on(dt.date(2024, 3, 1)).basis == "uncertain"


def test_a_municipality_in_two_sub_regions_covers_the_one_that_appointed_or_counts_once():
    appointed = Seat(1, "Per", MembershipRole.MEMBER, VESTBY.id, DAY, appointed_by=MOSS.id)
    found = by_name(cover([appointed]))
    assert (found["Mosseregionen"].status, found["Folloregionen"].status) == (Cover.INDIRECT, Cover.MISSING)
    unknown = cover([seat(1, VESTBY)])
    found = by_name(unknown)
    assert {found[name].status for name in ("Folloregionen", "Mosseregionen")} == {Cover.UNRESOLVED}
    assert unknown.covered_count == 1 and unknown.covered == ()
    # If another person covers Folloregionen, the unresolved seat may still count for Mosseregionen: once.
    both = cover([seat(1, VESTBY), seat(2, FOLLO)])
    assert both.covered_count == 2 and by_name(both)["Mosseregionen"].status is Cover.UNRESOLVED


def test_before_any_leader_is_recorded_the_leader_is_unknown_not_missing():
    assert cover([], leader_known_before=False).leader_state == "unknown"
    assert cover([]).leader_state == "no"
    assert cover([seat(1, OSLO, MembershipRole.LEADER)], leader_known_before=False).leader_state == "yes"
