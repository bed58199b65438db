"""Projects needing attention and strategy coverage, on SQLite and PostgreSQL: each reason counted
and listed, the SQL agreeing with the pure rule, points and action-plan measures without projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState, CheckpointKind, MeetingStatus, ProjectStatus
from osloreg.models import (
    ActionMeasure,
    ActionMeasurePoint,
    ActionPlan,
    Milestone,
    Project,
    ProjectCheckpoint,
)
from osloreg.queries import projects as q
from osloreg.queries.project_detail import project_detail
from osloreg.queries.projects import PipelineFilters
from osloreg.queries.strategy import action_plan_measures, strategy_coverage
from osloreg.rules import projects as rules
from osloreg.rules.projects import Attention
from tests.factories import (
    at,
    days,
    make_advice,
    make_body,
    make_meeting,
    make_project,
)
from tests.integration.queries.project_rows import (
    add,
    checkpoint,
    link,
    milestone,
    period_of,
    strategy,
)

TODAY = dt.date(2024, 6, 12)
S = ProjectStatus
K = CheckpointKind
EVERY_REASON = [str(reason) for reason in Attention]


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


# --- Needs attention ----------------------------------------------------------------------------


def _attention_world(session: Session) -> dict[str, Project]:
    """One project per reason, one with all four, one in order, and closed ones that would have all."""
    recent = at(TODAY - days(10))
    made: dict[str, Project] = {}

    def project(title, status, **fields):
        fields.setdefault("status_changed_at", recent)
        made[title] = make_project(session, title=title, status=status, **fields)
        return made[title]

    quality = project("Ikke kvalitetssikret", S.ONGOING, start_on=TODAY - days(30))
    checkpoint(session, quality, K.INFORMED, on_date=TODAY - days(40))
    informed_late = project("Informert for sent", S.PAUSED, start_on=TODAY - days(30))
    checkpoint(session, informed_late, K.INFORMED, on_date=TODAY - days(20))
    late = project("Forsinket milepæl", S.PLANNED, start_on=TODAY + days(10))
    milestone(session, late, TODAY - days(1))
    project("Stille", S.IDEA, status_changed_at=at(TODAY - days(120)))
    everything = project(
        "Alt galt", S.ONGOING, start_on=TODAY - days(10), status_changed_at=at(TODAY - days(100))
    )
    milestone(session, everything, TODAY - days(3))
    fine = project("I rute", S.ONGOING, start_on=TODAY - days(30))
    checkpoint(session, fine, K.INFORMED, on_date=TODAY - days(30))
    checkpoint(session, fine, K.QUALITY_ASSURED, on_date=TODAY - days(5))
    milestone(session, fine, TODAY)
    milestone(session, fine, TODAY - days(9), done_on=TODAY - days(9))
    for status in (S.COMPLETED, S.CANCELLED):
        closed = project(
            f"Lukket {status}", status, start_on=TODAY - days(50), status_changed_at=at(TODAY - days(400))
        )
        milestone(session, closed, TODAY - days(30))
    return made


def test_each_reason_is_counted_and_listed_with_ongoing_projects_first(session):
    made = _attention_world(session)

    summary = q.needs_attention(session, today=TODAY)

    assert summary.counts == {
        "not_quality_assured": 2,
        "started_before_informed": 2,
        "overdue_milestones": 2,
        "idle": 2,
    }
    assert summary.total == summary.rows.total == 5
    rows = summary.rows.rows
    assert list(rows.columns) == q.ATTENTION_COLUMNS
    assert list(rows["title"]) == [
        "Ikke kvalitetssikret",  # ongoing, the earliest start
        "Alt galt",
        "Informert for sent",  # then the rest by start, no start last
        "Forsinket milepæl",
        "Stille",
    ]
    reasons = dict(zip(rows["title"], rows["reasons"], strict=True))
    assert reasons == {
        "Ikke kvalitetssikret": ["not_quality_assured"],
        "Alt galt": EVERY_REASON,
        "Informert for sent": ["started_before_informed"],
        "Forsinket milepæl": ["overdue_milestones"],
        "Stille": ["idle"],
    }
    stille = rows.set_index("title").loc["Stille"]
    assert stille["last_status_change"] == at(TODAY - days(120))
    assert made["I rute"].id not in set(rows["id"])


def test_completed_and_cancelled_projects_never_need_attention(session):
    made = _attention_world(session)
    closed = {made["Lukket completed"].id, made["Lukket cancelled"].id}
    for reason in [None, *EVERY_REASON]:
        listed = q.needs_attention(session, today=TODAY, reason=reason, limit=100).rows.rows
        assert not closed & set(listed["id"])
    only_closed = PipelineFilters(statuses=(S.COMPLETED, S.CANCELLED))
    summary = q.needs_attention(session, today=TODAY, filters=only_closed)
    assert summary.total == 0 and set(summary.counts.values()) == {0} and summary.rows.rows.empty


@pytest.mark.parametrize(
    "reason, titles",
    [
        ("not_quality_assured", ["Ikke kvalitetssikret", "Alt galt"]),
        ("started_before_informed", ["Alt galt", "Informert for sent"]),
        ("overdue_milestones", ["Alt galt", "Forsinket milepæl"]),
        ("idle", ["Alt galt", "Stille"]),
    ],
)
def test_the_list_can_be_narrowed_to_one_reason(session, reason, titles):
    _attention_world(session)
    summary = q.needs_attention(session, today=TODAY, reason=reason)
    assert list(summary.rows.rows["title"]) == titles and summary.rows.total == 2
    assert summary.total == 5 and summary.counts[reason] == 2  # the counts stay those of every reason
    assert all(reason in listed for listed in summary.rows.rows["reasons"])


def test_attention_follows_the_pipeline_filters_and_pages(session):
    made = _attention_world(session)
    group = make_body(session, name="Faggruppe A")
    for title in ("Alt galt", "Stille"):
        made[title].body_id = group.id
    session.flush()

    mine = q.needs_attention(session, today=TODAY, filters=PipelineFilters(body_id=group.id))
    assert mine.total == 2 and mine.counts == dict.fromkeys(EVERY_REASON, 1) | {"idle": 2}
    assert list(mine.rows.rows["title"]) == ["Alt galt", "Stille"]
    assert mine.rows.rows["body"].tolist() == ["Faggruppe A", "Faggruppe A"]
    pages = [q.needs_attention(session, today=TODAY, limit=2, offset=offset).rows for offset in (0, 2, 4)]
    assert [page.total for page in pages] == [5, 5, 5]
    assert [title for page in pages for title in page.rows["title"]] == [
        "Ikke kvalitetssikret",
        "Alt galt",
        "Informert for sent",
        "Forsinket milepæl",
        "Stille",
    ]


def _varied_projects(session: Session) -> None:
    """Projects that touch every edge of every reason."""
    meeting = make_meeting(session, starts_at=at(TODAY - days(60)), status=MeetingStatus.HELD)
    advice = make_advice(session, state=AdviceState.SUBMITTED)
    start = TODAY - days(20)
    specs: list[dict[str, Any]] = [
        # status, start, informed (a date, or "no_date": a meeting only), QA ("date", "meeting", "advice",
        # "bare": a row with none of them), milestones, days since the status changed (None: never
        # changed; then created 500 days ago in odd rows, 2 days ago in even ones)
        dict(status=S.ONGOING, start=start, informed=start - days(1), qa="date", ms=[], changed=89),
        dict(status=S.ONGOING, start=start, informed=start, qa="meeting", ms=["due_today"], changed=90),
        dict(status=S.ONGOING, start=start, informed=start + days(1), qa="advice", ms=["done"], changed=91),
        dict(status=S.ONGOING, start=start, informed="no_date", qa="bare", ms=["overdue"], changed=5),
        dict(status=S.ONGOING, start=TODAY, informed=None, qa=None, ms=["future"], changed=None),
        dict(status=S.ONGOING, start=TODAY + days(5), informed=None, qa=None, ms=[], changed=1),
        dict(status=S.ONGOING, start=None, informed=None, qa=None, ms=["overdue", "done"], changed=200),
        dict(status=S.PAUSED, start=start, informed=None, qa=None, ms=[], changed=30),
        dict(status=S.PAUSED, start=start, informed=start, qa=None, ms=["overdue"], changed=91),
        dict(status=S.PLANNED, start=start, informed=None, qa=None, ms=[], changed=90),
        dict(
            status=S.PLANNED,
            start=TODAY + days(30),
            informed=TODAY - days(1),
            qa="date",
            ms=["overdue"],
            changed=3,
        ),
        dict(status=S.IDEA, start=None, informed=None, qa=None, ms=[], changed=None),
        dict(status=S.IDEA, start=None, informed=None, qa="bare", ms=["done"], changed=120),
        dict(status=S.COMPLETED, start=start, informed=None, qa=None, ms=["overdue"], changed=300),
        dict(status=S.CANCELLED, start=None, informed=None, qa=None, ms=["overdue"], changed=300),
        dict(
            status=S.ONGOING, start=start - days(400), informed=start, qa="bare", ms=["overdue"], changed=None
        ),
    ]
    for n, spec in enumerate(specs):
        changed = spec["changed"]
        project = make_project(
            session,
            title=f"Prosjekt {n:02d}",
            status=spec["status"],
            start_on=spec["start"],
            status_changed_at=None if changed is None else at(TODAY - days(changed), 9),
            created_at=at(TODAY - days(500)) if changed is None and n % 2 else at(TODAY - days(2)),
        )
        if spec["informed"] == "no_date":
            checkpoint(session, project, K.INFORMED, meeting=meeting)
        elif spec["informed"] is not None:
            checkpoint(session, project, K.INFORMED, on_date=spec["informed"])
        qa = spec["qa"]
        if qa is not None:
            checkpoint(
                session,
                project,
                K.QUALITY_ASSURED,
                on_date=TODAY - days(2) if qa == "date" else None,
                meeting=meeting if qa == "meeting" else None,
                advice=advice if qa == "advice" else None,
            )
        for kind in spec["ms"]:
            due, done = {
                "due_today": (TODAY, None),
                "done": (TODAY - days(15), TODAY - days(16)),
                "overdue": (TODAY - days(1), None),
                "future": (TODAY + days(7), None),
            }[kind]
            milestone(session, project, due, done)


def _attention_by_rule(session: Session) -> dict[int, frozenset[str]]:
    """Every project's reasons as the pure rule gives them, from the facts read back from the database."""
    expected = {}
    for project in session.scalars(sa.select(Project)):
        kept = {
            c.kind: c for c in session.scalars(sa.select(ProjectCheckpoint).filter_by(project_id=project.id))
        }
        informed, qa = kept.get(K.INFORMED), kept.get(K.QUALITY_ASSURED)
        milestones = session.scalars(sa.select(Milestone).filter_by(project_id=project.id)).all()
        last_change = project.status_changed_at or project.created_at
        reasons = rules.attention(
            status=project.status,
            start_on=project.start_on,
            informed_on=informed.on_date if informed else None,
            quality_assured=qa is not None
            and any(value is not None for value in (qa.on_date, qa.meeting_id, qa.advice_id)),
            overdue_milestones=sum(rules.milestone_overdue(m.due_on, m.done_on, TODAY) for m in milestones),
            last_status_change=last_change.date(),
            today=TODAY,
        )
        expected[project.id] = frozenset(str(reason) for reason in reasons)
    return expected


def test_the_attention_query_agrees_with_the_attention_rule_for_every_project(session):
    _varied_projects(session)
    session.expire_all()
    expected = _attention_by_rule(session)

    summary = q.needs_attention(session, today=TODAY, limit=100)

    listed = {row.id: frozenset(row.reasons) for row in summary.rows.rows.itertuples()}
    found = {project_id: listed.get(project_id, frozenset()) for project_id in expected}
    assert found == expected
    assert set(listed) <= set(expected)
    assert all(len(row.reasons) == len(set(row.reasons)) for row in summary.rows.rows.itertuples())
    assert summary.total == summary.rows.total == sum(1 for reasons in expected.values() if reasons)
    assert summary.counts == {reason: sum(reason in r for r in expected.values()) for reason in EVERY_REASON}
    for reason in EVERY_REASON:
        narrowed = q.needs_attention(session, today=TODAY, reason=reason, limit=100).rows
        assert set(narrowed.rows["id"]) == {pid for pid, reasons in expected.items() if reason in reasons}
    # The data reaches every reason, and both sides of each (else the comparison proves little).
    assert all(summary.counts[reason] >= 2 for reason in EVERY_REASON)
    assert sum(1 for reasons in expected.values() if not reasons) >= 4
    # The project page applies the same rule to the same facts.
    for project_id, reasons in expected.items():
        assert project_detail(session, project_id=project_id, today=TODAY).attention == reasons


def test_idle_starts_on_the_ninety_first_day_without_a_status_change(session):
    by_days = {
        n: make_project(session, status=S.IDEA, status_changed_at=at(TODAY - days(n), hour)).id
        for n, hour in ((89, 23), (90, 0), (90, 23), (91, 23))
    }
    never_moved = make_project(session, status=S.IDEA, created_at=at(TODAY - days(91), 8)).id
    summary = q.needs_attention(session, today=TODAY, reason="idle")
    assert set(summary.rows.rows["id"]) == {by_days[91], never_moved}


# --- Strategy coverage --------------------------------------------------------------------------


def test_strategy_coverage_counts_projects_per_point_and_active_is_planned_plus_ongoing(session):
    new = strategy(session, start_year=2021, labels=("1.1", "3.2", "3.4"))
    old = strategy(session, start_year=2017, labels=("1.1",))
    for status in (S.PLANNED, S.ONGOING, S.ONGOING, S.COMPLETED, S.IDEA, S.PAUSED, S.CANCELLED):
        link(session, make_project(session, status=status), points=[new["3.2"]])
    for _ in range(2):
        link(session, make_project(session, status=S.COMPLETED), points=[new["3.4"]])
    link(session, make_project(session, status=S.ONGOING), points=[old["1.1"], new["3.4"]])
    link(session, make_project(session, status=S.ONGOING), points=[old["1.1"]])

    coverage = strategy_coverage(session)

    new_period, old_period = period_of(session, new["1.1"]), period_of(session, old["1.1"])
    assert coverage.period_id == new_period
    assert [period_id for period_id, _ in coverage.periods] == [new_period, old_period]
    points = coverage.points.set_index("point")
    assert list(points.index) == ["1.1", "3.2", "3.4"]
    assert points.loc["3.2", ["planned", "ongoing", "completed", "active"]].tolist() == [1, 2, 1, 3]
    assert points.loc["3.4", ["planned", "ongoing", "completed", "active"]].tolist() == [0, 1, 2, 1]
    assert points.loc["1.1", ["planned", "ongoing", "completed", "active"]].tolist() == [0, 0, 0, 0]
    assert points.loc["3.2", "area"] == "3 Konkurransekraft og attraktivitet"
    assert points.loc["3.2", "text"] == "Mål 3.2"
    earlier = strategy_coverage(session, period_id=old_period)
    assert earlier.period_id == old_period and earlier.points["ongoing"].tolist() == [2]
    assert strategy_coverage(session, period_id=-1).period_id == new_period


def test_a_point_with_only_completed_projects_is_not_active(session):
    points = strategy(session, labels=("2.1",))
    link(session, make_project(session, status=S.COMPLETED), points=[points["2.1"]])
    (row,) = strategy_coverage(session).points.itertuples()
    assert (row.completed, row.active) == (1, 0)


def test_the_newest_period_is_shown_by_its_start_year_not_the_order_it_was_entered(session):
    newest = strategy(session, start_year=2025, labels=("1.1",))
    strategy(session, start_year=2021, labels=("1.1", "1.2"))
    coverage = strategy_coverage(session)
    assert coverage.period_id == period_of(session, newest["1.1"]) and len(coverage.points) == 1


def test_without_a_strategy_coverage_is_empty(session):
    coverage = strategy_coverage(session)
    assert (coverage.periods, coverage.period_id, coverage.years) == ([], None, [])
    assert coverage.points.empty


def test_action_plan_measures_list_those_without_a_project_first_with_their_points(session):
    points = strategy(session)
    period_id = period_of(session, points["1.1"])
    plans = {year: add(session, ActionPlan(period_id=period_id, year=year)) for year in (2022, 2024, 2023)}
    project = make_project(session, title="Profilering", status=S.ONGOING)

    def measure(title, year=2024, project=None, on=()):
        row = add(
            session, ActionMeasure(plan_id=plans[year].id, title=title, project_id=project and project.id)
        )
        session.add_all(ActionMeasurePoint(measure_id=row.id, point_id=points[label].id) for label in on)
        session.flush()
        return row

    done = measure("Alfa", project=project, on=("1.1",))
    measure("Gamma", on=("3.4", "3.2"))
    measure("Beta")
    measure("Annet år", year=2023)

    measures = action_plan_measures(session, period_id=period_id, year=2024)

    assert list(measures["title"]) == ["Beta", "Gamma", "Alfa"]
    assert list(measures["points"]) == ["", "3.2, 3.4", "1.1"]
    assert list(measures["has_project"]) == [False, False, True]
    alfa = measures.set_index("title").loc["Alfa"]
    assert (alfa["id"], alfa["project_id"], alfa["project"], alfa["project_status"]) == (
        done.id,
        project.id,
        "Profilering",
        "ongoing",
    )
    assert strategy_coverage(session).years == [2024, 2023, 2022]
    assert action_plan_measures(session, period_id=period_id, year=2030).empty
