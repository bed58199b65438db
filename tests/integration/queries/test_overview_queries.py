"""The overview's queries on SQLite and PostgreSQL, with small factory-made data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import (
    AdviceState,
    BodyKind,
    CheckpointKind,
    MeetingStatus,
    MembershipRole,
    ProjectStatus,
    UnitKind,
)
from osloreg.models import Milestone
from osloreg.queries import coverage as cq
from osloreg.queries import overview as q
from osloreg.rules import cases as case_rules
from tests.factories import (
    at,
    days,
    make_advice,
    make_agenda_item,
    make_body,
    make_case,
    make_checkpoint,
    make_consultation,
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


# --- The director -------------------------------------------------------------------------------


def test_overdue_advice_comes_first_then_the_oldest(session):
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    make_advice(session, body=group, state="submitted", title="Eldst", submitted_at=at(TODAY - days(40)))
    make_advice(
        session,
        body=group,
        state="submitted",
        title="Forfalt",
        submitted_at=at(TODAY - days(10)),
        target_date=TODAY - days(1),
    )
    make_advice(session, body=group, state="submitted", title="Nyest", submitted_at=at(TODAY - days(2)))
    make_advice(session, body=group, state="draft", title="Utkast")
    make_decision(session, advice=make_advice(session, body=group, state="submitted", title="Besluttet"))

    summary = q.director_summary(session, today=TODAY)

    assert list(summary.items["title"]) == ["Forfalt", "Eldst", "Nyest"]
    assert (summary.pending, summary.overdue) == (3, 1)
    assert summary.oldest_submitted == at(TODAY - days(40))
    first = summary.items.iloc[0]
    assert bool(first["overdue"]) and first["days_waiting"] == 10
    assert first["body"] == "Faggruppe for næringssamarbeid"


def test_the_director_sees_at_most_five_items_but_counts_all(session):
    empty = q.director_summary(session, today=TODAY)
    assert (empty.pending, empty.overdue, empty.oldest_submitted, len(empty.items)) == (0, 0, None, 0)
    group = make_body(session)
    for n in range(7):
        make_advice(session, body=group, state="submitted", submitted_at=at(TODAY - days(n + 1)))
    summary = q.director_summary(session, today=TODAY)
    assert len(summary.items) == 5 and summary.pending == 7 and summary.overdue == 0


# --- A coordinator ------------------------------------------------------------------------------


def _project_needing(session, title, status=ProjectStatus.ONGOING, *, informed=None, quality=None, **fields):
    """A project whose status last changed ten days ago (not idle), with the checkpoints given."""
    fields.setdefault("status_changed_at", at(TODAY - days(10)))
    project = make_project(session, title=title, status=status, **fields)
    if informed is not None:
        make_checkpoint(session, project=project, kind=CheckpointKind.INFORMED, on_date=informed)
    if quality is not None:
        make_checkpoint(session, project=project, kind=CheckpointKind.QUALITY_ASSURED, on_date=quality)
    return project


def _overdue_milestone(session, project) -> None:
    session.add(Milestone(project_id=project.id, title="Rapport", due_on=TODAY - days(1)))
    session.flush()


def test_the_coordinator_sees_how_many_open_projects_need_attention_for_each_reason(session):
    started = TODAY - days(30)
    _project_needing(session, "Ikke kvalitetssikret", start_on=started, informed=started - days(5))
    _project_needing(
        session, "Informert for sent", ProjectStatus.PAUSED, start_on=started, informed=started + days(1)
    )
    _overdue_milestone(session, _project_needing(session, "Forsinket", ProjectStatus.PLANNED))
    _project_needing(session, "Stille", ProjectStatus.IDEA, status_changed_at=at(TODAY - days(91)))
    _project_needing(session, "I rute", start_on=started, informed=started, quality=TODAY - days(1))
    _project_needing(session, "Planlagt", ProjectStatus.PLANNED, start_on=TODAY + days(30))

    projects = q.coordinator_lists(session, today=TODAY).projects

    assert projects.counts == {
        "not_quality_assured": 1,
        "started_before_informed": 1,
        "overdue_milestones": 1,
        "idle": 1,
    }
    assert projects.total == projects.rows.total == 4
    reasons = dict(zip(projects.rows.rows["title"], projects.rows.rows["reasons"], strict=True))
    assert reasons == {
        "Ikke kvalitetssikret": ["not_quality_assured"],
        "Informert for sent": ["started_before_informed"],
        "Forsinket": ["overdue_milestones"],
        "Stille": ["idle"],
    }


def test_the_coordinators_first_projects_are_the_ongoing_ones_then_the_earliest_start(session):
    for n in range(6):
        _project_needing(session, f"På vent {n}", ProjectStatus.PAUSED, start_on=TODAY - days(50 + n))
    for n in range(6):
        _project_needing(session, f"Pågår {n}", start_on=TODAY - days(10 + n), informed=TODAY - days(60))

    projects = q.coordinator_lists(session, today=TODAY).projects

    assert projects.total == projects.rows.total == 12
    titles = list(projects.rows.rows["title"])
    assert len(titles) == 10  # the first ten; the counts cover all
    assert titles[:6] == [f"Pågår {n}" for n in (5, 4, 3, 2, 1, 0)]
    assert titles[6:] == [f"På vent {n}" for n in (5, 4, 3, 2)]
    assert projects.counts["not_quality_assured"] == 6 and projects.counts["started_before_informed"] == 6


def test_completed_and_cancelled_projects_are_not_listed_for_the_coordinator(session):
    for status in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
        closed = _project_needing(
            session,
            f"Lukket {status}",
            status,
            start_on=TODAY - days(200),
            status_changed_at=at(TODAY - days(300)),
        )
        _overdue_milestone(session, closed)
    open_ = _project_needing(session, "Åpen", start_on=TODAY - days(5), informed=TODAY - days(6))

    projects = q.coordinator_lists(session, today=TODAY).projects

    assert projects.total == 1 and list(projects.rows.rows["id"]) == [open_.id]
    assert projects.counts == {
        "not_quality_assured": 1,
        "started_before_informed": 0,
        "overdue_milestones": 0,
        "idle": 0,
    }


def test_a_quality_assurance_with_no_date_meeting_or_advice_does_not_count(session):
    project = _project_needing(
        session, "Tom kontroll", start_on=TODAY - days(5), informed=TODAY - days(6), quality=TODAY - days(1)
    )
    assert q.coordinator_lists(session, today=TODAY).projects.total == 0
    (checkpoint,) = [c for c in project.checkpoints if c.kind == CheckpointKind.QUALITY_ASSURED]
    checkpoint.on_date = None
    session.flush()
    projects = q.coordinator_lists(session, today=TODAY).projects
    assert projects.total == 1 and projects.rows.rows["reasons"][0] == ["not_quality_assured"]


def test_a_stalled_case_is_listed_with_where_it_is_now(session):
    group, board = (
        make_body(session, name="Faggruppe A"),
        make_body(session, name="Styret", kind=BodyKind.BOARD),
    )
    stuck = make_case(session, year=2024, number=7, title="Står fast", created_at=at(TODAY - days(200)))
    make_consultation(session, case=stuck, body=group, treated_on=TODAY - days(90), result="endorsed")
    make_consultation(session, case=stuck, body=board, planned_on=TODAY - days(30))
    moving = make_case(session, title="I rute")
    make_consultation(session, case=moving, body=group, treated_on=TODAY - days(10), result="endorsed")
    make_consultation(session, case=moving, body=board, planned_on=TODAY + days(20))
    done = make_case(session, title="Ferdig")
    make_consultation(session, case=done, body=board, treated_on=TODAY - days(300), result="endorsed")

    listing = q.stalled_cases(session, today=TODAY)

    assert listing.total == 1
    row = listing.rows.iloc[0]
    assert (row["case"], row["title"]) == ("7/24", "Står fast")
    assert (row["last_body"], row["last_treated_on"], row["last_result"]) == (
        "Faggruppe A",
        TODAY - days(90),
        "endorsed",
    )
    assert (row["next_body"], row["next_planned_on"]) == ("Styret", TODAY - days(30))
    assert row["idle_since"] == TODAY - days(90) and row["weeks_idle"] == 12


def test_a_returned_case_with_nothing_planned_is_stalled_until_it_gets_a_new_consultation(session):
    group = make_body(session)
    case = make_case(session, title="Sendt tilbake")
    make_consultation(session, case=case, body=group, treated_on=TODAY - days(70), result="returned")
    assert q.stalled_cases(session, today=TODAY).total == 1
    make_consultation(session, case=case, body=group, treated_on=TODAY - days(5), result="endorsed")
    assert q.stalled_cases(session, today=TODAY).total == 0


def test_a_case_never_treated_counts_from_when_it_was_opened(session):
    group = make_body(session)
    old = make_case(session, title="Gammel", created_at=at(TODAY - days(100)))
    make_consultation(session, case=old, body=group, planned_on=TODAY - days(80))
    new = make_case(session, title="Ny", created_at=at(TODAY - days(3)))
    make_consultation(session, case=new, body=group, planned_on=TODAY + days(3))
    assert list(q.stalled_cases(session, today=TODAY).rows["title"]) == ["Gammel"]


def test_stalled_cases_are_limited_longest_idle_first_and_agree_with_the_rule(session):
    group = make_body(session)
    results = [None, "endorsed", "returned", "postponed", "noted"]
    made = []
    for n in range(24):
        case = make_case(session, title=f"Sak {n}", created_at=at(TODAY - days(400)))
        treated_days_ago = 20 + 9 * n
        result = results[n % len(results)]
        if result is not None:
            make_consultation(
                session, case=case, body=group, treated_on=TODAY - days(treated_days_ago), result=result
            )
        if n % 3 == 0:
            make_consultation(session, case=case, body=group, planned_on=TODAY + days(n))
        made.append(case)

    listing = q.stalled_cases(session, today=TODAY, limit=10)

    session.expire_all()
    expected = []
    for case in made:
        steps = [
            case_rules.Step(c.sequence, c.body_id, c.planned_on, c.treated_on, c.result)
            for c in case.consultations
        ]
        if case_rules.is_stalled(steps, today=TODAY, opened_on=case.created_at.date()):
            expected.append(case.title)
    assert listing.total == len(expected) > 10
    assert len(listing.rows) == 10
    idle = list(listing.rows["idle_since"])
    assert idle == sorted(idle) and set(listing.rows["title"]) <= set(expected)


def test_a_meeting_with_an_agenda_is_not_listed_as_lacking_one(session):
    group = make_body(session, name="Faggruppe B")
    bare = make_meeting(session, body=group, starts_at=at(TODAY + days(3)), title="Uten saksliste")
    ready = make_meeting(session, body=group, starts_at=at(TODAY + days(4)))
    make_agenda_item(session, meeting=ready, heading="Eventuelt")
    make_meeting(session, body=group, starts_at=at(TODAY + days(20)))  # beyond 14 days
    make_meeting(session, body=group, starts_at=at(TODAY - days(1)))  # past
    make_meeting(session, body=group, starts_at=at(TODAY + days(5)), status=MeetingStatus.CANCELLED)
    last_day = make_meeting(session, body=group, starts_at=at(TODAY + days(14), 18))

    listing = q.meetings_without_agenda(session, today=TODAY)

    assert listing.total == 2
    assert list(listing.rows["id"]) == [bare.id, last_day.id]
    assert listing.rows["body"][0] == "Faggruppe B"


# --- A member -----------------------------------------------------------------------------------


def _member_world(session):
    person = make_person(session, name="Kari Medlem")
    mine = make_body(session, name="Faggruppe Min")
    other = make_body(session, name="Faggruppe Annen")
    former = make_body(session, name="Faggruppe Tidligere")
    make_membership(session, person=person, body=mine, role=MembershipRole.DEPUTY)
    make_membership(session, person=person, body=former, end_on=TODAY - days(30))
    return person, mine, other, former


def test_a_member_sees_the_bodies_they_belong_to_now(session):
    person, *_ = _member_world(session)
    bodies = q.member_bodies(session, person_id=person.id, today=TODAY)
    assert list(bodies["body"]) == ["Faggruppe Min"] and list(bodies["role"]) == ["deputy"]
    loner = q.member_view(session, person_id=make_person(session).id, today=TODAY)
    assert loner.bodies.empty and loner.meetings.empty and loner.subjects.empty


def test_a_member_sees_their_next_five_meetings_in_order(session):
    person, mine, other, former = _member_world(session)
    for n in (9, 2, 5, 1, 7, 3, 8):
        make_meeting(session, body=mine, starts_at=at(TODAY + days(n)))
    make_meeting(session, body=other, starts_at=at(TODAY))
    make_meeting(session, body=former, starts_at=at(TODAY))
    make_meeting(session, body=mine, starts_at=at(TODAY - days(1)))
    make_meeting(session, body=mine, starts_at=at(TODAY), status=MeetingStatus.CANCELLED)

    view = q.member_view(session, person_id=person.id, today=TODAY)

    assert [when.date() for when in view.meetings["starts_at"]] == [TODAY + days(n) for n in (1, 2, 3, 5, 7)]
    assert set(view.meetings["body"]) == {"Faggruppe Min"}


def test_a_member_sees_open_advice_and_recent_input_of_their_bodies(session):
    person, mine, other, _ = _member_world(session)
    make_advice(session, body=mine, state=AdviceState.DRAFT, title="Utkast", created_at=at(TODAY - days(1)))
    make_advice(
        session, body=mine, state=AdviceState.SUBMITTED, title="Sendt", submitted_at=at(TODAY - days(4))
    )
    make_decision(
        session, advice=make_advice(session, body=mine, state=AdviceState.SUBMITTED, title="Avgjort")
    )
    make_advice(session, body=other, state=AdviceState.DRAFT, title="Andres")
    make_input(session, body=mine, author=person, text="Nytt innspill", created_at=at(TODAY - days(2)))
    make_input(session, body=mine, text="Gammelt innspill", created_at=at(TODAY - days(90)))
    make_input(session, body=mine, text="Trukket", created_at=at(TODAY - days(1)), withdrawn_at=at(TODAY))

    subjects = q.member_view(session, person_id=person.id, today=TODAY).subjects

    assert list(subjects["title"]) == ["Utkast", "Nytt innspill", "Sendt"]
    assert list(subjects["kind"]) == ["advice", "input", "advice"]
    assert list(subjects["state"])[0] == "draft"


def test_open_subjects_are_limited_to_ten(session):
    person, mine, *_ = _member_world(session)
    for n in range(8):
        make_advice(session, body=mine, state=AdviceState.DRAFT, created_at=at(TODAY - days(n)))
        make_input(session, body=mine, created_at=at(TODAY - days(n), 12))
    assert len(q.member_view(session, person_id=person.id, today=TODAY).subjects) == 10


# --- Everyone -----------------------------------------------------------------------------------


def test_projects_are_counted_by_status_with_every_status_shown(session):
    for status in (ProjectStatus.ONGOING, ProjectStatus.ONGOING, ProjectStatus.IDEA):
        make_project(session, status=status)
    counts = dict(zip(*q.projects_by_status(session).to_dict("list").values(), strict=True))
    assert counts == {s.value: {"ongoing": 2, "idea": 1}.get(s.value, 0) for s in ProjectStatus}


def test_meetings_this_month_are_counted_per_body(session):
    a, b = make_body(session, name="A-gruppen"), make_body(session, name="B-gruppen")
    for day in (1, 12, 30):
        make_meeting(session, body=a, starts_at=at(TODAY.replace(day=day)))
    make_meeting(session, body=b, starts_at=at(TODAY.replace(day=2)))
    make_meeting(session, body=b, starts_at=at(TODAY.replace(day=3)), status=MeetingStatus.CANCELLED)
    make_meeting(session, body=b, starts_at=at(dt.date(2024, 7, 1)))
    make_meeting(session, body=b, starts_at=at(dt.date(2024, 5, 31), 23))
    month = q.meetings_in_month(session, today=TODAY)
    assert (month.meetings, month.bodies) == (4, 2)
    assert month.rows.to_dict("list") == {"body": ["A-gruppen", "B-gruppen"], "count": [3, 1]}
    assert list(q.meetings_in_month(session, today=TODAY, limit=1).rows["body"]) == ["A-gruppen"]


def test_coverage_share_per_expert_group_counts_indirect_cover(session):
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
    vestby = make_unit(session, name="Vestby")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    make_unit(session, kind=UnitKind.COUNTY, name="Innlandet fylkeskommune")
    make_unit(session, kind=UnitKind.COUNTY, name="Viken fylkeskommune", valid_to=dt.date(2020, 10, 28))
    make_sub_region_member(session, sub_region=follo, municipality=vestby)
    group = make_body(session, name="Faggruppe for næringssamarbeid", max_members=20)
    make_membership(session, body=group, represents=vestby, role=MembershipRole.LEADER)
    make_membership(session, body=group, represents=oslo)
    make_membership(session, body=group, represents=oslo, end_on=TODAY - days(1))
    make_body(session, name="Styret", kind=BodyKind.BOARD)
    make_body(session, name="Nedlagt faggruppe", dissolved_on=dt.date(2020, 1, 1))

    listing = cq.expert_group_coverage(session, today=TODAY)

    assert listing.total == 1 and list(listing.rows["body"]) == ["Faggruppe for næringssamarbeid"]
    row = listing.rows.iloc[0]
    assert (row["expected"], row["covered"], row["share"]) == (4, 2, 0.5)
    assert sorted(row["missing"]) == ["Innlandet fylkeskommune", "Mosseregionen"]
    assert (row["size"], row["max_members"], bool(row["has_leader"]), bool(row["has_deputy"])) == (
        2,
        20,
        True,
        False,
    )


def test_body_coverage_shows_through_which_municipality(session):
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    moss = make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
    vestby = make_unit(session, name="Vestby")
    make_sub_region_member(session, sub_region=follo, municipality=vestby)
    make_sub_region_member(session, sub_region=moss, municipality=vestby)
    group = make_body(session)
    make_membership(session, body=group, represents=vestby)
    (covered,) = cq.body_coverage(session, on=TODAY, body_ids=[group.id])
    assert {unit.unit.name: unit.through for unit in covered.coverage.units} == {
        "Folloregionen": ("Vestby",),
        "Mosseregionen": ("Vestby",),
    }


def test_the_least_covered_expert_groups_come_first_and_the_count_agrees_with_the_rule(session):
    sub_regions = [make_unit(session, kind=UnitKind.SUB_REGION, name=f"Region {n}") for n in range(4)]
    towns = [make_unit(session, name=f"Kommune {n}") for n in range(4)]
    for region, town in zip(sub_regions, towns, strict=True):
        make_sub_region_member(session, sub_region=region, municipality=town)
    make_sub_region_member(session, sub_region=sub_regions[1], municipality=towns[0])  # in two
    groups = []
    for n in range(5):
        group = make_body(session, name=f"Gruppe {n}")
        groups.append(group)
        for town in towns[:n]:  # group n covers n units, some directly, some through a municipality
            make_membership(session, body=group, represents=town if n % 2 else sub_regions[towns.index(town)])
    make_membership(session, body=groups[1], represents=sub_regions[0], role=MembershipRole.OBSERVER)

    listing = cq.expert_group_coverage(session, today=TODAY, limit=3)

    assert listing.total == 5
    assert list(listing.rows["body"]) == ["Gruppe 0", "Gruppe 1", "Gruppe 2"]
    by_rule = {
        body.name: body.coverage.covered_count
        for body in cq.body_coverage(session, on=TODAY, body_ids=[g.id for g in groups])
    }
    assert list(listing.rows["covered"]) == [by_rule[name] for name in listing.rows["body"]]
    # Kommune 0 sits in region 0 and region 1, with no appointing sub-region recorded: it counts once.
    assert by_rule["Gruppe 1"] == 1
    assert list(listing.rows["share"]) == [0.0, 0.25, 0.5]


def test_the_ranking_counts_a_seat_for_the_sub_region_that_appointed_it_as_the_rule_does(session):
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    moss = make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
    vestby = make_unit(session, name="Vestby")
    aas = make_unit(session, name="Ås")
    for region in (follo, moss):
        make_sub_region_member(session, sub_region=region, municipality=vestby)  # Vestby in both
    make_sub_region_member(session, sub_region=follo, municipality=aas)
    # Ås was in Mosseregionen until last month: a seat it appointed then still stands.
    make_sub_region_member(session, sub_region=moss, municipality=aas, valid_to=TODAY - days(30))
    appointed = make_body(session, name="Gruppe A")  # Vestby's seat, appointed by Mosseregionen
    make_membership(session, body=appointed, represents=vestby, appointed_by=moss)
    moved = make_body(session, name="Gruppe B")  # Ås's seat, appointed by Mosseregionen before it left
    make_membership(session, body=moved, represents=aas, appointed_by=moss)
    make_membership(session, body=moved, represents=vestby, appointed_by=follo)
    unresolved = make_body(session, name="Gruppe C")  # Vestby, with no appointing sub-region recorded
    make_membership(session, body=unresolved, represents=vestby)
    ended = make_body(session, name="Gruppe D")  # a seat that ended yesterday covers nothing today
    make_membership(session, body=ended, represents=aas, end_on=TODAY - days(1))

    listing = cq.expert_group_coverage(session, today=TODAY)

    groups = [appointed.id, moved.id, unresolved.id, ended.id]
    by_rule = {
        body.name: (body.coverage.covered_count, sorted(unit.unit.name for unit in body.coverage.missing))
        for body in cq.body_coverage(session, on=TODAY, body_ids=groups)
    }
    assert by_rule == {
        "Gruppe A": (1, ["Folloregionen"]),
        "Gruppe B": (2, []),
        "Gruppe C": (1, []),  # one of the two, not known which: counted once, neither missing
        "Gruppe D": (0, ["Folloregionen", "Mosseregionen"]),
    }
    # Least covered first, the name breaking a tie; each count shown is the rule's, in the same order.
    assert list(listing.rows["body"]) == ["Gruppe D", "Gruppe A", "Gruppe C", "Gruppe B"]
    assert list(listing.rows["covered"]) == [0, 1, 1, 2]
