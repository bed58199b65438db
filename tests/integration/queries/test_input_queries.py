"""Members' input queries (subject search, context, my input, completeness, advice of groups) on SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState, CoverageRule, MembershipRole, Outcome, SubjectType, UnitKind
from osloreg.models import AdviceInput
from osloreg.queries import inputs as q
from tests.factories import (
    at,
    days,
    make_advice,
    make_body,
    make_case,
    make_decision,
    make_input,
    make_meeting,
    make_membership,
    make_person,
    make_project,
    make_sub_region_member,
    make_unit,
)

TODAY = dt.date(2024, 6, 12)


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


def link(session, advice, *inputs) -> None:
    session.add_all(AdviceInput(advice_id=advice.id, input_id=row.id) for row in inputs)
    session.flush()


# --- Subject search -----------------------------------------------------------------------------


def test_subject_search_finds_case_48_20_by_its_number(session):
    mandate = make_case(session, year=2020, number=48, title="Mandat for faggruppen")
    make_case(session, year=2021, number=48, title="En annen sak")
    make_case(session, year=2020, number=4, title="Budsjett")

    assert q.subject_options(session, subject_type=SubjectType.CASE, search="48/20") == [
        (mandate.id, "48/20 Mandat for faggruppen")
    ]
    assert q.subject_options(session, subject_type=SubjectType.CASE, search=" 48 / 2020 ") == [
        (mandate.id, "48/20 Mandat for faggruppen")
    ]
    # A bare number finds that number in every year, newest first.
    labels = [label for _, label in q.subject_options(session, subject_type=SubjectType.CASE, search="48")]
    assert labels == ["48/21 En annen sak", "48/20 Mandat for faggruppen"]
    assert [
        label for _, label in q.subject_options(session, subject_type=SubjectType.CASE, search="mandat")
    ] == ["48/20 Mandat for faggruppen"]


def test_project_search_ignores_case_also_for_norwegian_letters(session):
    green = make_project(session, title="Grønn næringsutvikling")
    make_project(session, title="Profilering av regionen")
    ost = make_project(session, title="Østlandssamarbeidet")

    for search in ("grønn", "GRØNN", "Grønn", "næring"):
        assert q.subject_options(session, subject_type=SubjectType.PROJECT, search=search) == [
            (green.id, "Grønn næringsutvikling")
        ], search
    assert q.subject_options(session, subject_type=SubjectType.PROJECT, search="østlands") == [
        (ost.id, "Østlandssamarbeidet")
    ]
    # Wildcards typed by the user are taken literally.
    assert q.subject_options(session, subject_type=SubjectType.PROJECT, search="%") == []
    assert len(q.subject_options(session, subject_type=SubjectType.PROJECT)) == 3
    assert len(q.subject_options(session, subject_type=SubjectType.PROJECT, limit=2)) == 2


def test_meetings_are_found_by_date_or_body_most_recent_first(session):
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    board = make_body(session, name="Styret", kind="board")
    june = make_meeting(session, body=group, starts_at=dt.datetime(2024, 6, 12, 9))
    may = make_meeting(session, body=group, starts_at=dt.datetime(2024, 5, 3, 9), title="Vårmøte")
    board_june = make_meeting(session, body=board, starts_at=dt.datetime(2024, 6, 1, 12))

    def ids(**kwargs) -> list[int]:
        return [id_ for id_, _ in q.subject_options(session, subject_type=SubjectType.MEETING, **kwargs)]

    assert ids() == [june.id, board_june.id, may.id]
    assert ids(body_id=group.id) == [june.id, may.id]
    assert ids(search="12.06.2024") == [june.id]
    assert ids(search="2024-05-03") == [may.id]
    assert ids(search="06.2024") == [june.id, board_june.id]
    assert ids(search="styret") == [board_june.id]
    assert ids(search="vårmøte") == [may.id]
    assert dict(q.subject_options(session, subject_type=SubjectType.MEETING))[may.id] == (
        "03.05.2024 Faggruppe for næringssamarbeid: Vårmøte"
    )


def test_policy_topics_already_used_are_suggested(session):
    group = make_body(session)
    make_input(session, body=group, subject="Næringspolitikk")
    make_advice(session, body=group, subject="Klimapolitikk")
    make_input(session, subject="Boligpolitikk")  # another group

    assert q.subject_options(session, subject_type=SubjectType.POLICY) == []
    assert q.policy_topics(session, body_id=group.id) == ["Klimapolitikk", "Næringspolitikk"]
    assert q.policy_topics(session, search="bolig") == ["Boligpolitikk"]


# --- A member's context -------------------------------------------------------------------------


def test_member_context_knows_the_groups_the_leads_and_the_unit_represented(session):
    person = make_person(session)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follo")
    make_unit(session, name="Viken", kind=UnitKind.COUNTY, valid_to=dt.date(2019, 12, 31))
    led = make_body(session, name="A-gruppen")
    plain = make_body(session, name="B-gruppen")
    ended = make_body(session, name="C-gruppen")
    make_membership(session, person=person, body=led, role=MembershipRole.DEPUTY, represents=follo)
    make_membership(session, person=person, body=plain, role=MembershipRole.OBSERVER)
    make_membership(session, person=person, body=ended, end_on=dt.date(2023, 12, 31))

    context = q.member_context(session, person_id=person.id, today=TODAY)

    assert context.bodies == [(led.id, "A-gruppen"), (plain.id, "B-gruppen")]
    assert context.leads == frozenset({led.id})
    assert context.default_unit == {led.id: follo.id, plain.id: None}
    assert (follo.id, "Follo") in context.units
    assert "Viken" not in {name for _, name in context.units}


# --- My input -----------------------------------------------------------------------------------


def test_my_input_shows_decided_with_the_outcome_and_is_no_longer_editable(session):
    me = make_person(session)
    group = make_body(session, name="Faggruppen")
    unit = make_unit(session, name="Asker")
    case = make_case(session, year=2020, number=48, title="Mandat")
    waiting = make_input(
        session, author=me, body=group, unit=unit, subject=case, created_at=at(TODAY - days(9))
    )
    in_draft = make_input(session, author=me, body=group, created_at=at(TODAY - days(8)))
    in_submitted = make_input(session, author=me, body=group, created_at=at(TODAY - days(7)))
    decided = make_input(session, author=me, body=group, created_at=at(TODAY - days(6)))
    withdrawn = make_input(
        session, author=me, body=group, created_at=at(TODAY - days(5)), withdrawn_at=at(TODAY)
    )
    make_input(session, body=group)  # someone else's
    link(session, make_advice(session, body=group, state=AdviceState.DRAFT), in_draft)
    link(session, make_advice(session, body=group, state=AdviceState.SUBMITTED), in_submitted)
    advice = make_advice(session, body=group, state=AdviceState.SUBMITTED)
    link(session, advice, decided)
    make_decision(
        session, advice=advice, outcome=Outcome.PARTLY_FOLLOWED, rationale="Delvis", decided_at=at(TODAY)
    )

    mine = q.my_inputs(session, person_id=me.id)

    assert mine.total == 5
    rows = mine.rows.set_index("id")
    assert list(rows.index) == [withdrawn.id, decided.id, in_submitted.id, in_draft.id, waiting.id]
    assert rows.loc[decided.id, "status"] == "decided"
    assert rows.loc[decided.id, "outcome"] == Outcome.PARTLY_FOLLOWED
    assert rows.loc[decided.id, "rationale"] == "Delvis"
    assert rows.loc[decided.id, "decided_at"] == at(TODAY)
    assert not rows.loc[decided.id, "editable"]
    assert [rows.loc[i, "status"] for i in (in_submitted.id, in_draft.id, waiting.id, withdrawn.id)] == [
        "submitted",
        "awaiting",
        "awaiting",
        "withdrawn",
    ]
    assert [
        bool(rows.loc[i, "editable"]) for i in (in_submitted.id, in_draft.id, waiting.id, withdrawn.id)
    ] == [
        True,
        True,
        True,
        False,
    ]
    assert (rows.loc[waiting.id, "subject"], rows.loc[waiting.id, "unit"]) == ("48/20 Mandat", "Asker")
    assert rows.loc[waiting.id, "body"] == "Faggruppen"


def test_input_of_withdrawn_advice_awaits_again_and_a_reopened_decision_shows_its_new_outcome(session):
    me = make_person(session)
    again = make_input(session, author=me, created_at=at(TODAY - days(2)))
    reopened = make_input(session, author=me, created_at=at(TODAY - days(1)))
    link(session, make_advice(session, state=AdviceState.WITHDRAWN), again)
    advice = make_advice(session, state=AdviceState.SUBMITTED)
    link(session, advice, reopened)
    old = make_decision(session, advice=advice, outcome=Outcome.NOT_FOLLOWED, decided_at=at(TODAY - days(1)))
    old.reopened_at = at(TODAY)
    make_decision(session, advice=advice, outcome=Outcome.FOLLOWED, decided_at=at(TODAY))

    rows = q.my_inputs(session, person_id=me.id).rows.set_index("id")

    assert rows.loc[again.id, "status"] == "awaiting" and rows.loc[again.id, "editable"]
    assert rows.loc[reopened.id, "outcome"] == Outcome.FOLLOWED


def test_my_input_is_paged_newest_first(session):
    me = make_person(session)
    inputs = [make_input(session, author=me, created_at=at(TODAY - days(n))) for n in range(5)]

    page = q.my_inputs(session, person_id=me.id, limit=2, offset=2)

    assert page.total == 5
    assert list(page.rows["id"]) == [inputs[2].id, inputs[3].id]


# --- A group's input on a subject, and its completeness -----------------------------------------


def test_inputs_for_a_subject_are_the_groups_not_withdrawn_and_say_if_used(session):
    group = make_body(session)
    project = make_project(session)
    unit = make_unit(session, name="Bærum")
    used = make_input(session, body=group, subject=project, unit=unit, created_at=at(TODAY - days(2)))
    fresh = make_input(session, body=group, subject=project, created_at=at(TODAY - days(1)))
    make_input(session, body=group, subject=project, withdrawn_at=at(TODAY))
    make_input(session, body=group, subject=make_project(session))  # another subject
    make_input(session, subject=project)  # another group
    link(session, make_advice(session, body=group, subject=project), used)

    rows = q.inputs_for_subject(
        session, body_id=group.id, subject_type=SubjectType.PROJECT, subject_id=project.id
    )

    assert list(rows["id"]) == [fresh.id, used.id]
    assert list(rows["used_in_advice"]) == [False, True]
    assert list(rows["unit"])[1] == "Bærum"
    policy = make_input(session, body=group, subject="Næringspolitikk")
    assert list(
        q.inputs_for_subject(
            session, body_id=group.id, subject_type=SubjectType.POLICY, policy_topic="Næringspolitikk"
        )["id"]
    ) == [policy.id]


def spoken_for(session, *, body, unit, **input_fields):
    """Input on behalf of `unit` by a person who represents it in `body` (since 2020)."""
    author = make_person(session)
    make_membership(session, person=author, body=body, represents=unit)
    return make_input(session, body=body, unit=unit, author=author, **input_fields)


def test_completeness_is_two_of_three_with_the_missing_unit_named(session):
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follo")
    asker_baerum = make_unit(session, kind=UnitKind.SUB_REGION, name="Vestregionen")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    make_unit(session, kind=UnitKind.COUNTY, name="Akershus")  # not expected under this rule
    make_unit(session, kind=UnitKind.SUB_REGION, name="Nedlagt", valid_to=dt.date(2020, 1, 1))
    project = make_project(session)
    spoken_for(session, body=group, subject=project, unit=follo)
    spoken_for(session, body=group, subject=project, unit=oslo)
    spoken_for(session, body=group, subject=project, unit=oslo)  # counted once
    spoken_for(session, body=group, subject=project, unit=asker_baerum, withdrawn_at=at(TODAY))
    spoken_for(session, body=group, subject=make_project(session), unit=asker_baerum)  # another subject

    result = q.input_completeness(
        session, body_id=group.id, subject_type=SubjectType.PROJECT, subject_id=project.id, today=TODAY
    )

    assert (result.given_count, result.expected_count) == (2, 3)
    assert [name for _, name in result.missing] == ["Vestregionen"]
    assert {name for _, name in result.given} == {"Follo", "Oslo kommune"}


def test_a_sub_region_gave_input_through_its_municipality(session):
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follo")
    make_unit(session, name="Oslo kommune", county_level=True)
    vestby = make_unit(session, name="Vestby")
    ski = make_unit(session, name="Ski")
    make_sub_region_member(session, sub_region=follo, municipality=vestby)
    make_sub_region_member(session, sub_region=follo, municipality=ski, valid_to=dt.date(2019, 12, 31))
    spoken_for(session, body=group, subject="Næringspolitikk", unit=vestby)

    result = q.input_completeness(
        session,
        body_id=group.id,
        subject_type=SubjectType.POLICY,
        policy_topic="Næringspolitikk",
        today=TODAY,
    )

    assert [name for _, name in result.given] == ["Follo"]
    assert [name for _, name in result.missing] == ["Oslo kommune"]
    # Ski left Follo in 2019: its input does not cover Follo today.
    other = spoken_for(session, body=group, subject="Klima", unit=ski)
    assert (
        q.input_completeness(
            session,
            body_id=group.id,
            subject_type=SubjectType.POLICY,
            policy_topic=other.policy_topic,
            today=TODAY,
        ).given
        == ()
    )


def test_input_counts_for_a_unit_only_from_its_representative_on_the_day_or_from_the_secretariat(session):
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    other_group = make_body(session)
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follo")
    romerike = make_unit(session, kind=UnitKind.SUB_REGION, name="Romerike")
    gjovik = make_unit(session, kind=UnitKind.SUB_REGION, name="Gjøvikregionen")
    vestregionen = make_unit(session, kind=UnitKind.SUB_REGION, name="Vestregionen")
    kari, per, ola, kim = (make_person(session, name=name) for name in ("Kari", "Per", "Ola", "Kim"))
    make_membership(session, person=kari, body=group, represents=oslo)
    make_membership(session, person=per, body=group, represents=follo, end_on=TODAY - days(30))
    make_membership(session, person=ola, body=other_group, represents=romerike)
    topic = "Næringspolitikk"

    def give(author, unit, *, on=TODAY, by_secretariat=False):
        make_input(
            session,
            body=group,
            author=author,
            unit=unit,
            subject=topic,
            created_at=at(on),
            by_secretariat=by_secretariat,
        )

    give(kari, oslo)  # her own unit: counts
    give(kari, gjovik)  # a unit she does not represent (the review's input 1491): does not count
    give(per, follo, on=TODAY - days(60))  # while he represented Follo: counts
    give(ola, romerike)  # he represents Romerike in another group, not in this one
    give(kim, vestregionen, by_secretariat=True)  # a letter, registered by the secretariat: counts

    result = q.input_completeness(
        session, body_id=group.id, subject_type=SubjectType.POLICY, policy_topic=topic, today=TODAY
    )

    assert sorted(name for _, name in result.given) == ["Follo", "Oslo kommune", "Vestregionen"]
    assert sorted(name for _, name in result.missing) == ["Gjøvikregionen", "Romerike"]
    assert [name for _, name in result.not_counted] == ["Gjøvikregionen", "Romerike"]
    # Per's term has ended: what he gives on Follo's behalf now no longer counts; Follo's earlier input
    # still does, so Follo is not listed as not counted.
    give(per, follo)
    again = q.input_completeness(
        session, body_id=group.id, subject_type=SubjectType.POLICY, policy_topic=topic, today=TODAY
    )
    assert again.given == result.given and again.not_counted == result.not_counted


def test_a_representatives_input_given_late_in_the_evening_counts_on_that_day_in_oslo(session):
    group = make_body(session, coverage_rule=CoverageRule.SUB_REGIONS_OSLO)
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    kari = make_person(session)
    # Her term begins on the 12th; 22:30 UTC on the 11th is already the 12th in Oslo (summer time).
    make_membership(session, person=kari, body=group, represents=oslo, start_on=TODAY)
    evening = dt.datetime.combine(TODAY - days(1), dt.time(22, 30))
    make_input(session, body=group, author=kari, unit=oslo, subject="Klima", created_at=evening)

    result = q.input_completeness(
        session, body_id=group.id, subject_type=SubjectType.POLICY, policy_topic="Klima", today=TODAY
    )

    assert [name for _, name in result.given] == ["Oslo kommune"] and result.not_counted == ()


def test_member_context_offers_a_member_only_the_units_represented_in_each_group(session):
    person = make_person(session)
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follo")
    romerike = make_unit(session, kind=UnitKind.SUB_REGION, name="Romerike")
    one, two = make_body(session, name="A-gruppen"), make_body(session, name="B-gruppen")
    make_membership(session, person=person, body=one, represents=oslo)
    make_membership(session, person=person, body=two, represents=follo)
    make_membership(session, person=person, body=two, represents=romerike, role=MembershipRole.OBSERVER)
    make_membership(session, person=person, body=one, represents=romerike, end_on=TODAY - days(1))

    context = q.member_context(session, person_id=person.id, today=TODAY)

    assert context.represented == {
        one.id: [(oslo.id, "Oslo kommune")],
        two.id: [(follo.id, "Follo"), (romerike.id, "Romerike")],
    }
    # Chosen for the member only where there is one to choose.
    assert context.default_unit == {one.id: oslo.id, two.id: None}
    assert q.represented_units(session, person_id=person.id, body_id=one.id, on=TODAY - days(1)) == [
        (oslo.id, "Oslo kommune"),
        (romerike.id, "Romerike"),
    ]


# --- Advice of a member's groups ----------------------------------------------------------------


def test_advice_for_groups_lists_open_advice_of_those_groups_newest_first(session):
    mine, other = make_body(session, name="Min gruppe"), make_body(session)
    # Newest first means newest created: the draft was made after the advice already sent.
    sent = make_advice(session, body=mine, state=AdviceState.SUBMITTED, submitted_at=at(TODAY - days(3)))
    draft = make_advice(session, body=mine, created_at=at(TODAY - days(1)), subject="Klima")
    make_decision(session, advice=make_advice(session, body=mine, state=AdviceState.SUBMITTED))
    theirs = make_advice(session, body=other, created_at=at(TODAY))
    link(session, sent, make_input(session, body=mine), make_input(session, body=mine))

    listing = q.advice_for_groups(session, body_ids=[mine.id])

    assert listing.total == 2
    assert list(listing.rows["id"]) == [draft.id, sent.id]
    assert list(listing.rows["inputs"]) == [0, 2]
    assert listing.rows["subject"].iloc[0] == "Klima"
    assert set(q.advice_for_groups(session, body_ids=None).rows["id"]) == {draft.id, sent.id, theirs.id}
    assert q.advice_for_groups(session, body_ids=[]).total == 0
    decided = q.advice_for_groups(session, body_ids=[mine.id], states=[AdviceState.DECIDED])
    assert decided.total == 1 and list(decided.rows["state"]) == [AdviceState.DECIDED]


def test_active_groups_leave_out_dissolved_bodies(session):
    open_ = make_body(session, name="B-gruppen", founded_on=dt.date(2019, 1, 1))
    make_body(session, name="A-gruppen", dissolved_on=dt.date(2023, 12, 31))
    future = make_body(session, name="C-gruppen", founded_on=TODAY + days(30))

    groups = q.active_groups(session, today=TODAY)

    assert (open_.id, "B-gruppen") in groups
    assert {"A-gruppen", "C-gruppen"}.isdisjoint(name for _, name in groups)
    assert future.id not in dict(groups)


def test_a_search_too_long_to_be_a_case_number_looks_in_the_titles(session):
    """An organisation number pasted into the case picker is searched as text, not as a number that
    overflows the database's integers."""
    make_case(session, title="Avtale med 987654321012")
    found = q.subject_options(session, subject_type=SubjectType.CASE, search="987654321012")
    assert [label for _, label in found] == ["Avtale med 987654321012"]  # no body has numbered it
