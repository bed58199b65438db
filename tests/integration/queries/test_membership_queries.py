"""The coverage page's queries (queries.memberships) on SQLite and PostgreSQL: which bodies are offered,
a body's coverage on a date and the units behind it, its members, its coverage month by month, the
data-quality alerts, and what the directory editors read."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from osloreg.enums import BodyKind, CoverageRule, MemberForm, MembershipRole, MemberStatus, UnitKind
from osloreg.models import Attendance, OsloregionMembership
from osloreg.queries import memberships as q
from osloreg.queries.coverage import coverage_view
from osloreg.rules.coverage import Cover
from tests.factories import (
    at,
    days,
    make_body,
    make_meeting,
    make_membership,
    make_person,
    make_sub_region_member,
    make_unit,
)

TODAY = dt.date(2024, 6, 12)
VIKEN = (dt.date(2020, 1, 1), dt.date(2020, 10, 28))  # Viken fylkeskommune existed these days
LEADER, DEPUTY, MEMBER = MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER
VARA = MembershipRole.SUBSTITUTE


def _vara(session, *, order: int | None = None, for_person=None, **term):
    """A vara's term (the factory knows no vara columns): a unit's with its order, or a personal vara."""
    row = make_membership(session, role=VARA, **term)
    row.substitute_order = order
    row.substitute_for_person_id = for_person.id if for_person is not None else None
    session.flush()
    return row


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


def _region(session):
    """Oslo; Folloregionen (Vestby, Ås), Mosseregionen (Vestby, Moss): Vestby sits in both; Innlandet
    and Viken (ended 28.10.2020) county councils; a county that is no member."""
    units = {
        "oslo": make_unit(session, name="Oslo kommune", county_level=True),
        "follo": make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen"),
        "moss_region": make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen"),
        "vestby": make_unit(session, name="Vestby"),
        "aas": make_unit(session, name="Ås"),
        "moss": make_unit(session, name="Moss"),
        "innlandet": make_unit(session, kind=UnitKind.COUNTY, name="Innlandet fylkeskommune"),
        "viken": make_unit(
            session, kind=UnitKind.COUNTY, name="Viken fylkeskommune", valid_from=VIKEN[0], valid_to=VIKEN[1]
        ),
        "outsider": make_unit(session, kind=UnitKind.COUNTY, name="Vestland fylkeskommune", is_member=False),
    }
    for sub_region, municipality in (("follo", "vestby"), ("follo", "aas"), ("moss_region", "vestby")):
        make_sub_region_member(session, sub_region=units[sub_region], municipality=units[municipality])
    make_sub_region_member(session, sub_region=units["moss_region"], municipality=units["moss"])
    return units


def _units_by_name(view):
    return {unit.unit.name: unit for unit in view.body.coverage.units}


# --- Which body ---------------------------------------------------------------------------------------


def test_bodies_with_members_are_offered_those_expected_to_cover_units_first(session):
    board = make_body(session, name="Arbeidsutvalget", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for areal")
    make_body(session, name="Faggruppe uten medlemmer")
    make_membership(session, body=board)
    make_membership(session, body=group)
    assert q.body_choices(session) == [(group.id, "Faggruppe for areal"), (board.id, "Arbeidsutvalget")]


def test_the_default_body_is_the_expert_group_for_business_else_the_first_expert_group(session):
    assert q.default_body(session) is None
    board = make_body(session, name="Arbeidsutvalget", kind=BodyKind.BOARD)
    assert q.default_body(session) == board.id  # no expert group: the first body
    first = make_body(session, name="Faggruppe for areal")
    make_body(session, name="Faggruppe for klima")
    assert q.default_body(session) == first.id
    business = make_body(session, name="Faggruppe for næringssamarbeid")
    assert q.default_body(session) == business.id


# --- Coverage on a date -------------------------------------------------------------------------------


def test_each_expected_unit_is_covered_directly_through_a_municipality_or_missing(session):
    units = _region(session)
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    kari, per = make_person(session, name="Kari Oslo"), make_person(session, name="Per Ås")
    make_membership(session, person=kari, body=group, represents=units["oslo"], role=LEADER)
    make_membership(session, person=per, body=group, represents=units["aas"])

    view = coverage_view(session, body_id=group.id, on=TODAY)

    assert (view.kind, view.rule) == (BodyKind.EXPERT_GROUP, CoverageRule.SUB_REGIONS_COUNTIES_OSLO)
    cover = view.body.coverage
    # Sub-regions, then counties, then Oslo; Viken had ended and Vestland is no member.
    expected = ["Folloregionen", "Mosseregionen", "Innlandet fylkeskommune", "Oslo kommune"]
    assert [unit.unit.name for unit in cover.units] == expected
    found = _units_by_name(view)
    assert found["Oslo kommune"].status is Cover.DIRECT
    assert found["Folloregionen"].status is Cover.INDIRECT and found["Folloregionen"].through == ("Ås",)
    assert found["Mosseregionen"].status is Cover.MISSING
    assert [unit.unit.name for unit in cover.missing] == ["Mosseregionen", "Innlandet fylkeskommune"]
    assert (cover.expected, len(cover.covered), cover.share) == (4, 2, 0.5)


def test_a_rule_without_counties_expects_no_county_and_a_body_without_a_rule_nothing(session):
    units = _region(session)
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    board = make_body(session, kind=BodyKind.BOARD)
    make_membership(session, body=board, represents=units["oslo"])
    names = [
        unit.unit.name for unit in coverage_view(session, body_id=group.id, on=TODAY).body.coverage.units
    ]
    assert names == ["Folloregionen", "Mosseregionen", "Oslo kommune"]
    none = coverage_view(session, body_id=board.id, on=TODAY)
    assert none.body.coverage.units == () and none.body.coverage.share is None
    assert none.municipalities.empty and coverage_view(session, body_id=board.id + 999, on=TODAY) is None


def test_a_municipality_in_two_sub_regions_covers_only_the_sub_region_that_appointed(session):
    units = _region(session)
    group = make_body(session)
    make_membership(session, body=group, represents=units["vestby"], appointed_by=units["moss_region"])
    view = coverage_view(session, body_id=group.id, on=TODAY)
    found = _units_by_name(view)
    assert found["Mosseregionen"].status is Cover.INDIRECT and found["Mosseregionen"].through == ("Vestby",)
    assert found["Folloregionen"].status is Cover.MISSING
    assert view.body.coverage.covered_count == 1


def test_a_municipality_in_two_sub_regions_with_no_appointer_counts_once(session):
    units = _region(session)
    group = make_body(session)
    make_membership(session, body=group, represents=units["vestby"])
    cover = coverage_view(session, body_id=group.id, on=TODAY).body.coverage
    found = {unit.unit.name: unit for unit in cover.units}
    assert {found[name].status for name in ("Folloregionen", "Mosseregionen")} == {Cover.UNRESOLVED}
    assert found["Folloregionen"].through == ("Vestby",) and cover.covered_count == 1


def test_a_sub_region_link_or_a_unit_ended_before_the_date_no_longer_counts(session):
    units = _region(session)
    hadeland = make_unit(session, kind=UnitKind.SUB_REGION, name="Hadeland", valid_to=dt.date(2023, 12, 31))
    jevnaker = make_unit(session, name="Jevnaker")
    make_sub_region_member(session, sub_region=hadeland, municipality=jevnaker)
    make_sub_region_member(
        session, sub_region=units["moss_region"], municipality=jevnaker, valid_to=dt.date(2024, 5, 31)
    )
    group = make_body(session)
    make_membership(session, body=group, represents=jevnaker)

    before = _units_by_name(coverage_view(session, body_id=group.id, on=dt.date(2023, 12, 31)))
    assert before["Hadeland"].through == ("Jevnaker",) and before["Mosseregionen"].through == ("Jevnaker",)
    view = coverage_view(session, body_id=group.id, on=TODAY)
    after = _units_by_name(view)
    assert "Hadeland" not in after  # the sub-region itself ended
    assert after["Mosseregionen"].status is Cover.MISSING  # Jevnaker left it on 31.05.2024
    assert len(view.body.coverage.outside) == len(view.body.coverage.seats) == 1  # it covers nothing now


def test_viken_is_expected_while_it_existed_and_not_after(session):
    units = _region(session)
    group = make_body(session)
    make_membership(session, body=group, represents=units["viken"], end_on=dt.date(2020, 10, 28))
    september = _units_by_name(coverage_view(session, body_id=group.id, on=dt.date(2020, 9, 15)))
    assert september["Viken fylkeskommune"].status is Cover.DIRECT
    november = coverage_view(session, body_id=group.id, on=dt.date(2020, 11, 2))
    assert "Viken fylkeskommune" not in _units_by_name(november)
    assert "Viken fylkeskommune" not in _units_by_name(coverage_view(session, body_id=group.id, on=TODAY))


def test_several_people_on_a_unit_the_size_against_the_maximum_and_the_leaders(session):
    units = _region(session)
    group = make_body(session, max_members=2)
    kari, per, ola = (make_person(session, name=name) for name in ("Kari", "Per", "Ola"))
    make_membership(session, person=kari, body=group, represents=units["oslo"], role=DEPUTY)
    make_membership(session, person=per, body=group, represents=units["oslo"])
    make_membership(
        session, person=ola, body=group, represents=units["innlandet"], role=MembershipRole.OBSERVER
    )
    view = coverage_view(session, body_id=group.id, on=TODAY)
    cover = view.body.coverage
    assert [unit.unit.name for unit in cover.several] == ["Oslo kommune"]
    assert len(_units_by_name(view)["Oslo kommune"].direct) == 2
    assert _units_by_name(view)["Innlandet fylkeskommune"].status is Cover.MISSING  # observers hold no seat
    assert (cover.size, cover.max_members, cover.over_max) == (2, 2, False)
    assert (cover.has_leader, cover.has_deputy) == (False, True)
    make_membership(session, body=group, represents=units["follo"], role=LEADER)
    cover = coverage_view(session, body_id=group.id, on=TODAY).body.coverage
    assert (cover.size, cover.over_max, cover.has_leader) == (3, True, True)


def test_terms_ending_within_ninety_days_are_listed_soonest_first(session):
    group = make_body(session)
    for name, end_on in (("Sist", TODAY + days(90)), ("Først", TODAY), ("Senere", TODAY + days(91))):
        make_membership(session, person=make_person(session, name=name), body=group, end_on=end_on)
    make_membership(session, person=make_person(session, name="Åpen"), body=group)
    cover = coverage_view(session, body_id=group.id, on=TODAY).body.coverage
    assert [seat.person_name for seat in cover.ending_soon] == ["Først", "Sist"]


def test_the_treemap_gets_the_municipalities_of_the_expected_sub_regions_marked_when_represented(session):
    units = _region(session)
    nesodden = make_unit(session, name="Nesodden")
    make_sub_region_member(
        session, sub_region=units["follo"], municipality=nesodden, valid_to=TODAY - days(1)
    )
    group = make_body(session)
    make_membership(session, body=group, represents=units["vestby"])
    frame = coverage_view(session, body_id=group.id, on=TODAY).municipalities
    assert list(frame.columns) == ["sub_region_id", "unit_id", "name", "represented"]
    rows = {(row.sub_region_id, row.name): bool(row.represented) for row in frame.itertuples()}
    follo, moss = units["follo"].id, units["moss_region"].id
    assert rows == {
        (follo, "Vestby"): True,
        (follo, "Ås"): False,
        (moss, "Moss"): False,
        (moss, "Vestby"): True,
    }


# --- Members ------------------------------------------------------------------------------------------


def test_members_are_current_coming_and_former_leader_and_deputy_first(session):
    units = _region(session)
    group = make_body(session)
    people = {
        name: make_person(session, name=name, employer=f"{name} AS", email=f"{name.lower()}@example.no")
        for name in ("Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Finn", "Gro")
    }
    make_membership(session, person=people["Anne"], body=group, represents=units["oslo"])
    make_membership(session, person=people["Gro"], body=group, role=DEPUTY, represents=units["aas"])
    make_membership(session, person=people["Finn"], body=group, role=LEADER, end_on=TODAY)
    make_membership(session, person=people["Bjørn"], body=group, start_on=TODAY + days(1))
    make_membership(session, person=people["Cecilie"], body=group, end_on=TODAY - days(1))
    make_membership(session, person=people["Dag"], body=group, end_on=dt.date(2021, 1, 1))
    make_membership(session, person=people["Eva"], body=group, end_on=dt.date(2022, 1, 1))

    found = q.members(session, body_id=group.id, on=TODAY)

    assert list(found.current.columns) == q.MEMBER_COLUMNS
    assert list(found.current["person"]) == ["Finn", "Gro", "Anne"]
    assert list(found.current["role"]) == [LEADER, DEPUTY, MEMBER]
    assert list(found.coming["person"]) == ["Bjørn"]
    assert list(found.former["person"]) == ["Cecilie", "Eva", "Dag"]  # the latest ended first
    anne = found.current.iloc[2]
    assert (anne["unit"], anne["unit_id"], anne["employer"]) == ("Oslo kommune", units["oslo"].id, "Anne AS")
    assert anne["email"] == "anne@example.no"
    assert anne["snapshot"]["id"] == anne["id"] and anne["snapshot"]["start_on"] == "2020-01-01"
    assert pd.isna(found.current.iloc[0]["unit"]) and found.current.iloc[0]["end_on"] == TODAY
    other = q.members(session, body_id=make_body(session).id, on=TODAY)
    assert other.current.empty and other.former.empty and other.coming.empty


def test_the_days_vara_are_listed_apart_by_unit_and_order_with_personal_vara_after(session):
    units = _region(session)
    group = make_body(session)
    anne, bjorn, cecilie, dag, eva, finn = (
        make_person(session, name=name) for name in ("Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Finn")
    )
    make_membership(session, person=anne, body=group, role=LEADER, represents=units["oslo"])
    _vara(session, person=bjorn, body=group, represents=units["oslo"], order=2)
    _vara(session, person=cecilie, body=group, represents=units["oslo"], order=1)
    _vara(session, person=dag, body=group, represents=units["oslo"], for_person=anne)
    _vara(session, person=eva, body=group, represents=units["aas"], order=1, end_on=TODAY - days(1))
    _vara(session, person=finn, body=group, represents=units["follo"], order=1, start_on=TODAY + days(1))

    found = q.members(session, body_id=group.id, on=TODAY)

    assert list(found.current["person"]) == ["Anne"]  # a vara holds no seat
    assert list(found.varas.columns) == q.MEMBER_COLUMNS
    assert list(found.varas["person"]) == ["Cecilie", "Bjørn", "Dag"]
    assert list(found.varas["substitute_order"].fillna(0)) == [1, 2, 0]
    assert list(found.varas["for_person"].fillna("")) == ["", "", "Anne"]
    assert found.varas.iloc[0]["snapshot"]["substitute_order"] == 1
    # A vara's ended or coming term is among the former and coming terms, its role saying what it was.
    assert list(zip(found.former["person"], found.former["role"], strict=True)) == [("Eva", VARA)]
    assert list(zip(found.coming["person"], found.coming["role"], strict=True)) == [("Finn", VARA)]


def test_a_vara_covers_no_unit_adds_to_no_size_and_is_no_leader_month_by_month_or_today(session):
    units = _region(session)
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO, max_members=1)
    june = TODAY.replace(day=1)  # the month the terms begin
    leader = make_membership(session, body=group, role=LEADER, represents=units["oslo"], start_on=june)
    _vara(session, body=group, represents=units["follo"], order=1, start_on=june)
    _vara(session, body=group, represents=units["oslo"], for_person=leader.person, start_on=june)

    view = coverage_view(session, body_id=group.id, on=TODAY)
    cover = view.body.coverage
    assert sorted(unit.unit.name for unit in cover.missing) == ["Folloregionen", "Mosseregionen"]
    assert (cover.covered_count, cover.size, cover.over_max) == (1, 1, False)
    assert list(q.coverage_history(session, body_id=group.id, last=TODAY)["covered"]) == [1]
    # A body with only vara today has no seats, so no leader is missing there.
    only_vara = make_body(session, name="Bare vara")
    _vara(session, body=only_vara, represents=units["follo"], order=1)
    count, rows = _alerts(session, "no_leader")
    assert count == 0 and rows.empty


# --- Coverage month by month --------------------------------------------------------------------------


def test_coverage_history_has_a_row_per_month_changing_as_terms_start_and_end(session):
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    moss = make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen", valid_from=dt.date(2024, 3, 15))
    vestby = make_unit(session, name="Vestby")
    make_sub_region_member(session, sub_region=follo, municipality=vestby)
    make_sub_region_member(session, sub_region=moss, municipality=vestby)
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    make_membership(session, body=group, represents=oslo, start_on=dt.date(2024, 1, 1))
    make_membership(
        session, body=group, represents=vestby, start_on=dt.date(2024, 2, 10), end_on=dt.date(2024, 4, 30)
    )

    history = q.coverage_history(session, body_id=group.id, last=TODAY)

    assert list(history.columns) == ["month", "expected", "covered", "share"]
    assert list(history["month"]) == [dt.date(2024, month, 1) for month in range(1, 7)]
    assert list(history["expected"]) == [2, 2, 2, 3, 3, 3]  # Mosseregionen from 15.03.2024
    # In April Vestby sits in both sub-regions with no appointer recorded: it counts once.
    assert list(history["covered"]) == [1, 1, 2, 2, 1, 1]
    assert list(history["share"]) == pytest.approx([0.5, 0.5, 1.0, 2 / 3, 1 / 3, 1 / 3])


def test_coverage_history_is_empty_for_a_body_without_members_or_none_at_all(session):
    make_unit(session, name="Oslo kommune", county_level=True)
    empty = make_body(session)
    assert q.coverage_history(session, body_id=empty.id, last=TODAY).empty
    assert q.coverage_history(session, body_id=empty.id + 999, last=TODAY).empty
    board = make_body(session, kind=BodyKind.BOARD)
    make_membership(session, body=board, start_on=dt.date(2024, 5, 20))
    history = q.coverage_history(session, body_id=board.id, last=TODAY)
    assert list(history["expected"]) == [0, 0] and history["share"].isna().all()


# --- Data quality -------------------------------------------------------------------------------------


def _alerts(session, doubt, **options):
    found = q.alerts(session, today=TODAY, **options)
    return found.counts[doubt], found.rows[found.rows["doubt"] == doubt]


def test_a_term_for_viken_running_past_its_end_is_doubtful_but_one_ending_that_day_is_not(session):
    units = _region(session)
    group = make_body(session, name="Faggruppe")
    viken, jan = units["viken"], dt.date(2020, 1, 1)
    past = make_membership(session, body=group, represents=viken, start_on=jan, end_on=dt.date(2020, 12, 31))
    still = make_membership(session, body=group, represents=viken, start_on=dt.date(2020, 2, 1))
    early = make_membership(
        session, body=group, represents=viken, start_on=dt.date(2019, 6, 1), end_on=dt.date(2020, 10, 28)
    )
    make_membership(session, body=group, represents=viken, start_on=jan, end_on=dt.date(2020, 10, 28))
    make_membership(session, body=group, represents=units["oslo"], start_on=jan)

    count, rows = _alerts(session, "unit_not_valid")

    assert count == 3
    assert list(rows["membership_id"]) == [early.id, past.id, still.id]
    assert set(rows["unit"]) == {"Viken fylkeskommune"} and set(rows["body"]) == {"Faggruppe"}
    assert list(rows["detail"]) == [dt.date(2020, 10, 28)] * 3
    assert list(rows.columns) == q.ALERT_COLUMNS


def test_a_term_while_its_unit_was_no_member_of_osloregionen_is_told_apart_from_a_unit_not_existing(session):
    """Viken fylkeskommune existed 2020-2023 but was a member only until 28.10.2020."""
    group = make_body(session, name="Faggruppe")
    viken = make_unit(
        session,
        kind=UnitKind.COUNTY,
        name="Viken fylkeskommune",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    ended, left = dt.date(2020, 10, 28), dt.date(2023, 12, 31)
    for status, since, until, form in (
        (MemberStatus.MEMBER, dt.date(2020, 1, 1), ended, MemberForm.ALLIANCE),
        (MemberStatus.NOT_MEMBER, ended, left, MemberForm.IPR),
    ):
        session.add(
            OsloregionMembership(
                unit_id=viken.id, status=status, valid_from=since, valid_to=until, member_form=form
            )
        )
    jan = dt.date(2020, 1, 1)
    make_membership(session, body=group, represents=viken, start_on=jan, end_on=ended)  # ends that day
    past = make_membership(session, body=group, represents=viken, start_on=jan, end_on=dt.date(2020, 12, 31))
    beyond = make_membership(session, body=group, represents=viken, start_on=dt.date(2023, 1, 1))
    session.flush()

    count, rows = _alerts(session, "not_member")
    assert count == 2 and list(rows["membership_id"]) == [past.id, beyond.id]
    assert list(rows["detail"]) == [ended, ended]  # the day its time as no member began
    count, rows = _alerts(session, "unit_not_valid")
    assert count == 1 and list(rows["membership_id"]) == [beyond.id]  # runs on after Viken ceased


def test_dates_before_founding_after_dissolution_or_more_than_a_year_ahead_are_doubtful(session):
    old = make_body(
        session, name="A gammel", founded_on=dt.date(2021, 1, 1), dissolved_on=dt.date(2023, 12, 31)
    )
    before = make_membership(session, body=old, start_on=dt.date(2020, 6, 1), end_on=dt.date(2021, 6, 1))
    after = make_membership(session, body=old, start_on=dt.date(2021, 2, 1), end_on=dt.date(2024, 3, 1))
    open_ = make_membership(session, body=old, start_on=dt.date(2021, 3, 1))
    make_membership(session, body=old, start_on=dt.date(2021, 2, 1), end_on=dt.date(2023, 12, 31))
    new = make_body(session, name="B ny")
    far = make_membership(session, body=new, start_on=TODAY + days(367))
    make_membership(session, body=new, start_on=TODAY + days(366))

    count, rows = _alerts(session, "dates_odd")

    assert count == 4
    assert list(rows["membership_id"]) == [before.id, after.id, open_.id, far.id]
    assert list(rows["detail"])[:3] == [dt.date(2021, 1, 1)] * 3


def test_two_active_leaders_today_are_doubtful_but_one_after_the_other_is_not(session):
    group = make_body(session, name="Faggruppe")
    first = make_membership(session, body=group, role=LEADER, start_on=dt.date(2023, 1, 1))
    second = make_membership(session, body=group, role=LEADER, start_on=dt.date(2024, 1, 1))
    calm = make_body(session, name="Rolig gruppe")
    make_membership(session, body=calm, role=LEADER, end_on=TODAY - days(1))
    make_membership(session, body=calm, role=LEADER, start_on=TODAY)
    make_membership(session, body=calm, role=DEPUTY)
    make_membership(session, body=calm, role=DEPUTY, start_on=TODAY + days(1))
    make_membership(session, body=calm, role=MEMBER)
    make_membership(session, body=calm, role=MEMBER)

    count, rows = _alerts(session, "two_in_role")

    assert count == 2
    assert list(rows["membership_id"]) == [first.id, second.id]
    assert list(rows["detail"]) == [LEADER, LEADER]


def test_being_present_at_a_meeting_after_the_last_term_ended_is_doubtful(session):
    group = make_body(session, name="Faggruppe")
    ended = dt.date(2024, 3, 31)
    people = {name: make_person(session, name=name) for name in ("Etter", "Samme dag", "Fortsatt", "Avbud")}
    make_membership(session, person=people["Etter"], body=group, end_on=dt.date(2023, 6, 30))
    last = make_membership(
        session, person=people["Etter"], body=group, start_on=dt.date(2023, 7, 1), end_on=ended
    )
    for name in ("Samme dag", "Fortsatt", "Avbud"):
        make_membership(session, person=people[name], body=group, end_on=ended)
    make_membership(session, person=people["Fortsatt"], body=group, start_on=ended + days(1))
    elsewhere = make_person(session, name="Annet organ")
    make_membership(session, person=elsewhere, body=group, end_on=ended)
    on_the_day = make_meeting(session, body=group, starts_at=at(ended, 18))
    day_after = make_meeting(session, body=group, starts_at=at(ended + days(1), 9))
    later = make_meeting(session, body=group, starts_at=at(ended + days(30)))
    other_body = make_meeting(session, body=make_body(session), starts_at=at(ended + days(2)))
    presence = [
        (on_the_day, "Samme dag", True),
        (day_after, "Etter", True),
        (later, "Etter", True),
        (day_after, "Fortsatt", True),
        (day_after, "Avbud", False),
    ]
    session.add_all(
        [Attendance(meeting_id=m.id, person_id=people[n].id, present=p) for m, n, p in presence]
        + [Attendance(meeting_id=other_body.id, person_id=elsewhere.id, present=True)]
    )
    session.flush()

    count, rows = _alerts(session, "listed_after_end")

    assert count == 1
    assert list(rows["membership_id"]) == [last.id] and list(rows["person"]) == ["Etter"]
    assert list(rows["detail"]) == [at(ended + days(1), 9)]  # the first meeting after the end


def test_a_vara_at_a_meeting_in_their_vara_term_is_not_doubtful_but_after_it_ended_is(session):
    group = make_body(session, name="Faggruppe")
    ended = dt.date(2024, 3, 31)
    member_then_vara, vara_ended = (
        make_person(session, name="Medlem, så vara"),
        make_person(session, name="Vara"),
    )
    make_membership(session, person=member_then_vara, body=group, end_on=ended)
    _vara(session, person=member_then_vara, body=group, start_on=ended + days(1), order=1)
    vara_term = _vara(session, person=vara_ended, body=group, end_on=ended, order=2)
    meeting = make_meeting(session, body=group, starts_at=at(ended + days(10)))
    session.add_all(
        [
            Attendance(meeting_id=meeting.id, person_id=person.id, present=True)
            for person in (member_then_vara, vara_ended)
        ]
    )
    session.flush()

    count, rows = _alerts(session, "listed_after_end")

    assert count == 1 and list(rows["membership_id"]) == [vara_term.id]


def test_a_body_with_seats_today_and_no_active_leader_is_doubtful(session):
    lost = make_body(session, name="A uten leder")
    make_membership(session, body=lost, role=LEADER, end_on=TODAY - days(1))
    make_membership(session, body=lost)
    waiting = make_body(session, name="B venter på leder")
    make_membership(session, body=waiting, role=LEADER, start_on=TODAY + days(1))
    make_membership(session, body=waiting, role=DEPUTY)
    led = make_body(session, name="C med leder")
    make_membership(session, body=led, role=LEADER)
    make_membership(session, body=led)
    watched = make_body(session, name="D bare observatør")
    make_membership(session, body=watched, role=MembershipRole.OBSERVER)
    make_membership(session, body=make_body(session, name="E tidligere"), end_on=TODAY - days(1))

    count, rows = _alerts(session, "no_leader")

    assert count == 2
    assert list(rows["body_id"]) == [lost.id, waiting.id] and list(rows["body"]) == [lost.name, waiting.name]
    assert rows["membership_id"].isna().all()


def test_alerts_can_be_filtered_to_one_body_and_are_limited_but_counted_in_full(session):
    units = _region(session)
    first, second = make_body(session, name="Første"), make_body(session, name="Andre")
    for body in (first, first, first, second):
        make_membership(session, body=body, represents=units["viken"], start_on=dt.date(2020, 2, 1))
    person = make_person(session)
    make_membership(session, person=person, body=second, end_on=dt.date(2024, 1, 1))
    meeting = make_meeting(session, body=second, starts_at=at(dt.date(2024, 2, 1)))
    session.add(Attendance(meeting_id=meeting.id, person_id=person.id, present=True))
    session.flush()

    every = q.alerts(session, today=TODAY)
    counts = ("unit_not_valid", "not_member", "no_leader", "dates_odd", "listed_after_end", "two_in_role")
    assert every.counts == dict(zip(counts, (4, 0, 2, 0, 1, 0), strict=True))
    only = q.alerts(session, today=TODAY, body_id=first.id)
    assert only.counts == dict(zip(counts, (3, 0, 1, 0, 0, 0), strict=True))
    assert set(only.rows["body_id"]) == {first.id}
    limited = q.alerts(session, today=TODAY, limit=1)
    assert limited.counts == every.counts
    assert list(limited.rows["doubt"]) == ["unit_not_valid", "no_leader", "listed_after_end"]
    assert list(limited.rows["body"]) == ["Andre", "Andre", "Andre"]  # by body name


# --- What the directory editors read -------------------------------------------------------------------


def test_units_are_listed_by_kind_and_name_searched_and_limited(session):
    units = _region(session)
    listing = q.units(session)
    assert listing.total == len(units)
    assert list(listing.rows["name"])[:3] == [
        "Innlandet fylkeskommune",
        "Vestland fylkeskommune",
        "Viken fylkeskommune",
    ]
    assert list(listing.rows["kind"]) == sorted(listing.rows["kind"])
    viken = listing.rows[listing.rows["name"] == "Viken fylkeskommune"].iloc[0]
    assert (viken["valid_from"], viken["valid_to"], viken["snapshot"]["valid_to"]) == (*VIKEN, "2020-10-28")
    found = q.units(session, search="  fylkeskommune ", limit=2)
    assert found.total == 3 and len(found.rows) == 2
    assert list(q.units(session, search="ås").rows["name"]) == ["Ås"]  # æ, ø, å fold too


def test_the_sub_regions_of_a_municipality_come_with_their_dates(session):
    units = _region(session)
    make_sub_region_member(
        session,
        sub_region=units["follo"],
        municipality=units["moss"],
        valid_from=dt.date(2018, 1, 1),
        valid_to=dt.date(2019, 12, 31),
    )
    links = q.sub_region_links(session, municipality_id=units["moss"].id)
    assert list(links["sub_region"]) == ["Folloregionen", "Mosseregionen"]
    assert list(links["valid_to"])[0] == dt.date(2019, 12, 31)
    assert links.iloc[0]["snapshot"]["municipality_id"] == units["moss"].id
    assert q.sub_region_links(session, municipality_id=units["oslo"].id).empty


def test_a_persons_terms_in_every_body_latest_first(session):
    units = _region(session)
    kari = make_person(session, name="Kari")
    make_membership(
        session, person=kari, body=make_body(session, name="Faggruppe A"), start_on=dt.date(2019, 1, 1)
    )
    make_membership(
        session,
        person=kari,
        body=make_body(session, name="Faggruppe B"),
        represents=units["oslo"],
        role=LEADER,
        start_on=dt.date(2022, 1, 1),
    )
    terms = q.memberships_of(session, person_id=kari.id)
    assert list(terms["body"]) == ["Faggruppe B", "Faggruppe A"]
    assert list(terms["role"]) == [LEADER, MEMBER] and terms["unit"][0] == "Oslo kommune"
    assert q.memberships_of(session, person_id=make_person(session).id).empty
    assert q.person_detail(session, person_id=kari.id)["name"] == "Kari"


def test_the_units_a_membership_may_represent_are_those_valid_on_the_day(session):
    units = _region(session)
    on_the_day = dict(q.unit_choices(session, on=dt.date(2020, 9, 1)))
    assert on_the_day[units["viken"].id] == "Viken fylkeskommune"
    today = q.unit_choices(session, on=TODAY)
    assert units["viken"].id not in dict(today)
    assert [name for _, name in today][:2] == ["Innlandet fylkeskommune", "Vestland fylkeskommune"]
    assert len(q.unit_choices(session)) == len(units)
