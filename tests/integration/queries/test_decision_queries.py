"""The director's queries (inbox, detail, decision log, follow-ups, filters) on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState, Outcome, SubjectType, UnitKind
from osloreg.models import (
    AdviceInput,
    AdvicePoint,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    User,
)
from osloreg.queries import decisions as q
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
    make_unit,
)

TODAY = dt.date(2024, 6, 12)


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


def submitted(session, *, days_ago: int, target_in: int | None = None, **fields):
    return make_advice(
        session,
        state=AdviceState.SUBMITTED,
        submitted_at=at(TODAY - days(days_ago)),
        target_date=None if target_in is None else TODAY + days(target_in),
        **fields,
    )


def strategy(session) -> dict[int, StrategyArea]:
    """Areas 1 and 3 of a period, with points 1.1, 3.1 and 3.2."""
    period = StrategyPeriod(name="Strategi 2021-2024", start_year=2021, end_year=2024)
    session.add(period)
    session.flush()
    areas = {
        1: StrategyArea(period_id=period.id, number=1, name="Areal og transport"),
        3: StrategyArea(period_id=period.id, number=3, name="Konkurransekraft og attraktivitet"),
    }
    session.add_all(areas.values())
    session.flush()
    session.add_all(
        [
            StrategyPoint(area_id=areas[1].id, number=1, text="Bærekraftig arealbruk"),
            StrategyPoint(area_id=areas[3].id, number=1, text="Internasjonal profilering"),
            StrategyPoint(area_id=areas[3].id, number=2, text="Fireårig strategi for næringsutvikling"),
        ]
    )
    session.flush()
    return areas


def point(session, area: StrategyArea, number: int) -> StrategyPoint:
    return session.query(StrategyPoint).filter_by(area_id=area.id, number=number).one()


def link_point(session, advice, strategy_point) -> None:
    session.add(AdvicePoint(advice_id=advice.id, point_id=strategy_point.id))
    session.flush()


def link_inputs(session, advice, *inputs) -> None:
    session.add_all(AdviceInput(advice_id=advice.id, input_id=row.id) for row in inputs)
    session.flush()


# --- The inbox ----------------------------------------------------------------------------------


def test_overdue_advice_comes_first_then_the_oldest(session):
    on_time_new = submitted(session, days_ago=3, target_in=10, title="Ny, i rute")
    overdue_recent = submitted(session, days_ago=5, target_in=-1, title="Over fristen i går")
    no_target_old = submitted(session, days_ago=40, title="Gammel, uten frist")
    overdue_old = submitted(session, days_ago=30, target_in=-20, title="Lenge over fristen")
    make_advice(session, state=AdviceState.DRAFT, title="Utkast")
    make_decision(session, advice=submitted(session, days_ago=60, target_in=-50, title="Avgjort"))

    inbox = q.decision_inbox(session, today=TODAY)

    assert inbox.total == 4
    assert list(inbox.rows["id"]) == [overdue_old.id, overdue_recent.id, no_target_old.id, on_time_new.id]
    assert list(inbox.rows["overdue"]) == [True, True, False, False]
    assert list(inbox.rows["days_overdue"]) == [20, 1, 0, 0]
    assert list(inbox.rows["days_waiting"]) == [30, 5, 40, 3]


def test_the_inbox_pages_across_overdue_and_on_time_advice(session):
    overdue = [submitted(session, days_ago=30 - n, target_in=-1) for n in range(3)]
    on_time = [submitted(session, days_ago=20 - n, target_in=5) for n in range(3)]
    everything = [row.id for row in overdue + on_time]

    pages = [q.decision_inbox(session, today=TODAY, limit=2, offset=offset) for offset in (0, 2, 4, 6)]

    assert [page.total for page in pages] == [6, 6, 6, 6]
    assert [list(page.rows["id"]) for page in pages] == [
        everything[0:2],
        everything[2:4],
        everything[4:6],
        [],
    ]


def test_advice_due_today_is_not_overdue(session):
    submitted(session, days_ago=2, target_in=0)

    (row,) = q.decision_inbox(session, today=TODAY).rows.itertuples()

    assert not row.overdue and row.days_overdue == 0


def test_the_inbox_names_each_subject_and_counts_the_inputs(session):
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    project = make_project(session, title="Osloregionens internasjonale profilering")
    case = make_case(session, year=2020, number=48, title="Mandat for faggruppen")
    meeting = make_meeting(session, body=group, starts_at=dt.datetime(2024, 5, 3, 9))
    by_subject = {
        SubjectType.PROJECT: submitted(session, days_ago=4, subject=project, body=group),
        SubjectType.CASE: submitted(session, days_ago=3, subject=case, body=group),
        SubjectType.MEETING: submitted(session, days_ago=2, subject=meeting, body=group),
        SubjectType.POLICY: submitted(session, days_ago=1, subject="Næringspolitikk", body=group),
    }
    link_inputs(session, by_subject[SubjectType.CASE], make_input(session, body=group, subject=case))
    link_inputs(
        session,
        by_subject[SubjectType.PROJECT],
        *(make_input(session, body=group, subject=project) for _ in range(2)),
    )

    rows = q.decision_inbox(session, today=TODAY).rows.set_index("subject_type")

    assert rows.loc["project", "subject"] == "Osloregionens internasjonale profilering"
    assert rows.loc["case", "subject"] == "48/20 Mandat for faggruppen"
    assert rows.loc["meeting", "subject"] == "03.05.2024 Faggruppe for næringssamarbeid"
    assert rows.loc["policy", "subject"] == "Næringspolitikk"
    assert rows.loc["project", "inputs"] == 2 and rows.loc["case", "inputs"] == 1
    assert rows.loc["policy", "inputs"] == 0
    assert set(rows["body"]) == {"Faggruppe for næringssamarbeid"}


def test_filters_by_group_subject_type_and_area_narrow_the_inbox(session):
    areas = strategy(session)
    group, other_group = make_body(session), make_body(session)
    project = make_project(session)
    project_advice = submitted(session, days_ago=5, body=group, subject=project)
    policy_advice = submitted(session, days_ago=4, body=group, subject="Arealpolitikk")
    other_advice = submitted(session, days_ago=3, body=other_group, subject=project)
    link_point(session, project_advice, point(session, areas[3], 2))
    link_point(session, project_advice, point(session, areas[3], 1))  # two points, one row
    link_point(session, policy_advice, point(session, areas[1], 1))
    link_point(session, other_advice, point(session, areas[3], 1))

    def ids(**filters) -> list[int]:
        listing = q.decision_inbox(session, today=TODAY, **filters)
        assert listing.total == len(listing.rows)
        return list(listing.rows["id"])

    assert ids() == [project_advice.id, policy_advice.id, other_advice.id]
    assert ids(body_id=group.id) == [project_advice.id, policy_advice.id]
    assert ids(subject_type=SubjectType.PROJECT) == [project_advice.id, other_advice.id]
    assert ids(area_id=areas[3].id) == [project_advice.id, other_advice.id]
    assert ids(area_id=areas[3].id, body_id=other_group.id) == [other_advice.id]
    assert ids(area_id=areas[1].id, subject_type=SubjectType.PROJECT) == []


# --- One advice ---------------------------------------------------------------------------------


def test_advice_detail_shows_points_inputs_with_units_and_decisions_oldest_first(session):
    areas = strategy(session)
    follo, oslo = (
        make_unit(session, kind=UnitKind.SUB_REGION, name="Follo"),
        make_unit(session, name="Oslo", county_level=True),
    )
    make_unit(session, kind=UnitKind.SUB_REGION, name="Østlandet nord")
    group = make_body(session, name="Faggruppe A")
    project = make_project(session, title="Profilering")
    kari = make_person(session, name="Kari Nordmann")
    make_membership(session, person=kari, body=group, represents=follo)  # her input speaks for Follo
    first = make_input(session, body=group, subject=project, author=kari, unit=follo, text="Bra tiltak")
    second = make_input(session, body=group, subject=project, unit=oslo, withdrawn_at=at(TODAY - days(1)))
    advice = submitted(session, days_ago=10, body=group, subject=project, title="Råd om profilering")
    link_inputs(session, advice, second, first)
    link_point(session, advice, point(session, areas[3], 2))
    link_point(session, advice, point(session, areas[1], 1))
    director = User(username="direktor", display_name="Direktøren", password_hash="x")
    session.add(director)
    session.flush()
    old = make_decision(session, advice=advice, outcome=Outcome.NOTED, decided_at=at(TODAY - days(5)))
    old.reopened_at, old.reopen_reason = at(TODAY - days(2)), "Nye opplysninger"
    new = make_decision(session, advice=advice, outcome=Outcome.FOLLOWED, decided_at=at(TODAY - days(2), 11))
    new.decided_by_user_id = director.id
    session.flush()

    detail = q.advice_detail(session, advice_id=advice.id, today=TODAY)

    assert detail is not None
    assert (detail.title, detail.body, detail.subject, detail.state) == (
        "Råd om profilering",
        "Faggruppe A",
        "Profilering",
        AdviceState.DECIDED,
    )
    assert detail.points == ["1.1 Bærekraftig arealbruk", "3.2 Fireårig strategi for næringsutvikling"]
    assert list(detail.inputs["id"]) == [first.id, second.id]
    assert list(detail.inputs["author"])[0] == "Kari Nordmann"
    assert list(detail.inputs["unit"]) == ["Follo", "Oslo"]
    assert list(detail.inputs["withdrawn"]) == [False, True]
    assert list(detail.decisions["id"]) == [old.id, new.id]
    assert list(detail.decisions["outcome"]) == [Outcome.NOTED, Outcome.FOLLOWED]
    assert detail.decisions["reopen_reason"].iloc[0] == "Nye opplysninger"
    assert detail.decisions["decided_by"].iloc[1] == "Direktøren"
    # Completeness of the group's input on the project: the withdrawn input from Oslo does not count.
    assert [name for _, name in detail.completeness.given] == ["Follo"]
    assert [name for _, name in detail.completeness.missing] == ["Østlandet nord", "Oslo"]


def test_advice_detail_of_an_unknown_advice_is_none(session):
    assert q.advice_detail(session, advice_id=987654, today=TODAY) is None


# --- The decision log ---------------------------------------------------------------------------


def test_a_reopened_decision_shows_both_rows_newest_first_the_old_one_marked(session):
    advice = submitted(session, days_ago=30, title="Gjenåpnet råd")
    old = make_decision(session, advice=advice, outcome=Outcome.NOT_FOLLOWED, decided_at=at(TODAY - days(20)))
    old.reopened_at = at(TODAY - days(10))
    new = make_decision(
        session, advice=advice, outcome=Outcome.PARTLY_FOLLOWED, decided_at=at(TODAY - days(10))
    )
    other = make_decision(session, decided_at=at(TODAY - days(15)))
    session.flush()

    log = q.decision_log(session)

    assert log.total == 3
    assert list(log.rows["decision_id"]) == [new.id, other.id, old.id]
    assert list(log.rows["reopened"]) == [False, False, True]
    assert list(log.rows["outcome"])[::2] == [Outcome.PARTLY_FOLLOWED, Outcome.NOT_FOLLOWED]
    assert set(log.rows["title"][log.rows["advice_id"] == advice.id]) == {"Gjenåpnet råd"}


def test_the_decision_log_filters_by_dates_group_outcome_and_subject_type(session):
    group = make_body(session)
    in_group = submitted(session, days_ago=40, body=group, subject=make_project(session))
    policy = submitted(session, days_ago=40, subject="Klimapolitikk")
    early = make_decision(session, advice=in_group, outcome=Outcome.NOTED, decided_at=at(dt.date(2024, 3, 1)))
    late = make_decision(
        session, advice=policy, outcome=Outcome.FOLLOWED, decided_at=at(dt.date(2024, 5, 31), 23)
    )

    def ids(**filters) -> list[int]:
        listing = q.decision_log(session, **filters)
        assert listing.total == len(listing.rows)
        return list(listing.rows["decision_id"])

    assert ids(date_from=dt.date(2024, 5, 31)) == [late.id]
    assert ids(date_to=dt.date(2024, 5, 31)) == [late.id, early.id]  # the end day is included
    assert ids(date_to=dt.date(2024, 5, 30)) == [early.id]
    assert ids(body_id=group.id) == [early.id]
    assert ids(outcome=Outcome.FOLLOWED) == [late.id]
    assert ids(subject_type=SubjectType.PROJECT) == [early.id]
    assert ids(subject_type=SubjectType.POLICY, outcome=Outcome.NOTED) == []


def test_the_log_is_paged_and_the_export_rows_are_the_whole_filtered_log(session):
    decisions = [make_decision(session, decided_at=at(TODAY - days(n))) for n in range(5)]

    page = q.decision_log(session, limit=2, offset=2)
    rows = q.decision_log_rows(session)

    assert page.total == 5
    assert list(page.rows["decision_id"]) == [decisions[2].id, decisions[3].id]
    assert list(rows["decision_id"]) == [row.id for row in decisions]
    assert list(rows.columns) == list(page.rows.columns)
    assert len(q.decision_log_rows(session, max_rows=3)) == 3
    assert len(q.decision_log_rows(session, date_from=TODAY - days(1))) == 2


# --- Follow-ups ---------------------------------------------------------------------------------


def test_follow_ups_falling_due_list_overdue_first_and_leave_out_reopened_and_far_ones(session):
    overdue = make_decision(session, follow_up_on=TODAY - days(3))
    soon = make_decision(session, follow_up_on=TODAY + days(10))
    today_ = make_decision(session, follow_up_on=TODAY)
    make_decision(session, follow_up_on=TODAY + days(31))  # beyond the window
    make_decision(session)  # no follow-up
    reopened = make_decision(session, follow_up_on=TODAY + days(1))
    reopened.reopened_at = at(TODAY - days(1))
    session.flush()

    due = q.follow_ups_due(session, today=TODAY)

    assert due.total == 3
    assert list(due.rows["advice_id"]) == [overdue.advice_id, today_.advice_id, soon.advice_id]
    assert list(due.rows["overdue"]) == [True, False, False]
    assert list(q.follow_ups_due(session, today=TODAY, within_days=31).rows["follow_up_on"])[-1] == (
        TODAY + days(31)
    )


def test_follow_ups_overdue_long_ago_are_left_out_unless_asked_for(session):
    ancient = make_decision(session, follow_up_on=TODAY - days(400))

    assert q.follow_ups_due(session, today=TODAY).total == 0
    due = q.follow_ups_due(session, today=TODAY, overdue_days=None)
    assert list(due.rows["advice_id"]) == [ancient.advice_id]


# --- Filters ------------------------------------------------------------------------------------


def test_filter_options_list_groups_with_advice_and_numbered_strategy_areas(session):
    areas = strategy(session)
    with_advice = make_body(session, name="B-gruppen")
    also = make_body(session, name="A-gruppen")
    make_body(session, name="Uten råd")
    make_advice(session, body=with_advice)
    make_decision(session, advice=make_advice(session, body=also, state=AdviceState.SUBMITTED))

    options = q.filter_options(session)

    assert options.bodies == [(also.id, "A-gruppen"), (with_advice.id, "B-gruppen")]
    assert options.areas == [
        (areas[1].id, "1 Areal og transport"),
        (areas[3].id, "3 Konkurransekraft og attraktivitet"),
    ]


def test_strategy_points_are_numbered_by_area_for_the_advice_form(session):
    areas = strategy(session)

    assert q.strategy_points(session) == [
        (point(session, areas[1], 1).id, "1.1 Bærekraftig arealbruk"),
        (point(session, areas[3], 1).id, "3.1 Internasjonal profilering"),
        (point(session, areas[3], 2).id, "3.2 Fireårig strategi for næringsutvikling"),
    ]


def test_advice_subject_says_what_the_inputs_are_about(session):
    case = make_case(session)

    assert q.advice_subject(session, advice_id=make_advice(session, subject=case).id) == (
        "case",
        case.id,
        None,
    )
    assert q.advice_subject(session, advice_id=make_advice(session, subject="Klima").id) == (
        "policy",
        None,
        "Klima",
    )
    assert q.advice_subject(session, advice_id=987654) is None
