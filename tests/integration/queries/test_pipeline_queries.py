"""The pipeline's read side on SQLite and PostgreSQL: every filter, counts per status, the list and its
paging, the timeline, the export rows and the filter choices."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import CheckpointKind, ProjectStatus, UnitKind
from osloreg.models import (
    Project,
    StrategyPoint,
)
from osloreg.queries import projects as q
from osloreg.queries.projects import PipelineFilters
from osloreg.rules import projects as rules
from osloreg.rules.projects import Attention
from tests.factories import (
    days,
    make_advice,
    make_body,
    make_person,
    make_project,
    make_unit,
)
from tests.integration.queries.project_rows import (
    checkpoint,
    counts_of,
    every_status,
    link,
    milestone,
    missing,
    strategy,
)

TODAY = dt.date(2024, 6, 12)
S = ProjectStatus
K = CheckpointKind
EVERY_REASON = [str(reason) for reason in Attention]


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


# --- Filters ------------------------------------------------------------------------------------


@dataclass
class PipelineWorld:
    group_a: Any
    group_b: Any
    kari: Any
    ola: Any
    oslo: Any
    lillestrom: Any
    points: dict[str, StrategyPoint]
    projects: dict[str, Project]


def pipeline_world(session: Session) -> PipelineWorld:
    group_a = make_body(session, name="Faggruppe for næringssamarbeid")
    group_b = make_body(session, name="Faggruppe for areal og transport")
    kari, ola = make_person(session, name="Kari Eier"), make_person(session, name="Ola Eier")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    lillestrom = make_unit(session, name="Lillestrøm kommune")
    points = strategy(session)
    made = {}

    def project(title, status, **fields):
        made[title] = make_project(session, title=title, status=status, **fields)
        return made[title]

    economy = project(
        "Regional økonomi",
        S.ONGOING,
        body=group_a,
        owner=kari,
        start_on=dt.date(2022, 1, 1),
        end_on=dt.date(2024, 12, 31),
        description="Analyse av verdiskaping i regionen",
    )
    link(session, economy, points=[points["3.2"], points["3.4"]], partners=[oslo])
    talent = project(
        "Talentprogram",
        S.PLANNED,
        body=group_b,
        owner=ola,
        start_on=dt.date(2025, 3, 1),
        description="Tiltrekke og beholde talent",
    )
    link(session, talent, points=[points["1.1"]], partners=[lillestrom, oslo])
    finished = project(
        "Avsluttet profilering",
        S.COMPLETED,
        body=group_a,
        owner=kari,
        start_on=dt.date(2020, 1, 1),
        end_on=dt.date(2021, 12, 31),
    )
    link(session, finished, points=[points["3.4"]])
    waiting = project(
        "Satt på vent",
        S.PAUSED,
        body=group_b,
        start_on=dt.date(2023, 5, 1),
        end_on=dt.date(2023, 12, 31),
        description="Venter på NÆRINGSØKONOMISK analyse",
    )
    link(session, waiting, partners=[lillestrom])
    project("Hub_2024", S.IDEA, description="Rabatt 50% for medlemmer")
    # No start date, only an end: not yet placed in any year.
    project("Hub 2024", S.CANCELLED, end_on=dt.date(2023, 6, 30), description="Over 500 deltakere")
    return PipelineWorld(group_a, group_b, kari, ola, oslo, lillestrom, points, made)


FILTER_CASES = {
    "statuses": (
        lambda w: PipelineFilters(statuses=(S.ONGOING, S.PAUSED)),
        {"Regional økonomi", "Satt på vent"},
    ),
    "body": (lambda w: PipelineFilters(body_id=w.group_a.id), {"Regional økonomi", "Avsluttet profilering"}),
    "area": (
        lambda w: PipelineFilters(area_id=w.points["3.2"].area_id),
        {"Regional økonomi", "Avsluttet profilering"},
    ),
    "point": (
        lambda w: PipelineFilters(point_id=w.points["3.4"].id),
        {"Regional økonomi", "Avsluttet profilering"},
    ),
    "other_point": (lambda w: PipelineFilters(point_id=w.points["1.1"].id), {"Talentprogram"}),
    "owner": (
        lambda w: PipelineFilters(owner_person_id=w.ola.id),
        {"Talentprogram"},
    ),
    "partner": (lambda w: PipelineFilters(partner_unit_id=w.oslo.id), {"Regional økonomi", "Talentprogram"}),
    "year_inside_a_longer_run": (lambda w: PipelineFilters(year=2023), {"Regional økonomi", "Satt på vent"}),
    "year_after_the_end": (lambda w: PipelineFilters(year=2025), {"Talentprogram"}),
    "year_before_any_start": (lambda w: PipelineFilters(year=2019), set()),
    "search_upper_case_finds_lower_case_title": (
        lambda w: PipelineFilters(search="ØKONOMI"),
        {"Regional økonomi", "Satt på vent"},
    ),
    "search_lower_case_finds_upper_case_description": (
        lambda w: PipelineFilters(search="næringsøkonomisk"),
        {"Satt på vent"},
    ),
    "search_description": (lambda w: PipelineFilters(search="  Verdiskaping "), {"Regional økonomi"}),
    "search_percent_is_literal": (lambda w: PipelineFilters(search="50%"), {"Hub_2024"}),
    "search_underscore_is_literal": (lambda w: PipelineFilters(search="hub_2"), {"Hub_2024"}),
    "filters_combine": (
        lambda w: PipelineFilters(body_id=w.group_a.id, year=2021),
        {"Avsluttet profilering"},
    ),
}


@pytest.mark.parametrize("case", list(FILTER_CASES))
def test_each_filter_narrows_the_list_the_counts_the_export_and_the_timeline_alike(session, case):
    world = pipeline_world(session)
    make_filters, expected = FILTER_CASES[case]
    filters = make_filters(world)

    listing = q.pipeline(session, today=TODAY, filters=filters)
    counts = counts_of(q.status_counts(session, filters=filters))
    exported = q.pipeline_rows(session, today=TODAY, filters=filters)
    timeline = q.timeline(session, today=TODAY, filters=filters)

    assert set(listing.rows["title"]) == expected and listing.total == len(expected)
    assert counts == every_status(**Counter(world.projects[title].status for title in expected))
    assert list(exported["id"]) == list(listing.rows["id"])
    on_timeline = {
        title
        for title in expected
        if world.projects[title].status in rules.TIMELINE_STATUSES and world.projects[title].start_on
    }
    assert set(timeline.projects["title"]) == on_timeline and timeline.total == len(on_timeline)


def test_no_filters_and_blank_filters_list_every_project(session):
    world = pipeline_world(session)
    everything = set(world.projects)
    assert PipelineFilters().empty and not PipelineFilters(year=2023).empty
    for filters in (None, PipelineFilters(), PipelineFilters(search="   ")):
        listing = q.pipeline(session, today=TODAY, filters=filters)
        assert set(listing.rows["title"]) == everything and listing.total == len(everything)
        assert sum(counts_of(q.status_counts(session, filters=filters)).values()) == len(everything)


def test_a_search_with_a_backslash_is_taken_literally(session):
    make_project(session, title=r"Filer på S:\felles")
    make_project(session, title="Filer på S:felles")
    found = q.pipeline(session, today=TODAY, filters=PipelineFilters(search=r"s:\f"))
    assert list(found.rows["title"]) == [r"Filer på S:\felles"]


def test_a_long_search_is_cut_to_the_first_hundred_characters(session):
    make_project(session, title="x" * 120)
    make_project(session, title="x" * 99 + "y")
    found = q.pipeline(session, today=TODAY, filters=PipelineFilters(search="x" * 100 + "zzz"))
    assert found.total == 1 and found.rows["title"][0] == "x" * 120


# --- Counts and the list ------------------------------------------------------------------------


def test_status_counts_list_every_status_in_the_pipelines_order_with_zeros(session):
    empty = q.status_counts(session)
    assert list(empty["status"]) == ["idea", "planned", "ongoing", "completed", "paused", "cancelled"]
    assert list(empty["count"]) == [0] * 6
    for status in (S.CANCELLED, S.ONGOING, S.ONGOING, S.IDEA):
        make_project(session, status=status)
    counts = q.status_counts(session)
    assert list(counts["status"]) == ["idea", "planned", "ongoing", "completed", "paused", "cancelled"]
    assert list(counts["count"]) == [1, 0, 2, 0, 0, 1]


def _ordering_world(session: Session) -> list[int]:
    """Projects made out of order; returns their ids in the order the pipeline lists them."""
    p = {}
    for name, status, start in [
        ("ongoing_late", S.ONGOING, dt.date(2024, 3, 1)),
        ("cancelled", S.CANCELLED, None),
        ("ongoing_no_start", S.ONGOING, None),
        ("ongoing_early", S.ONGOING, dt.date(2023, 1, 1)),
        ("paused", S.PAUSED, dt.date(2022, 1, 1)),
        ("planned_no_start", S.PLANNED, None),
        ("completed", S.COMPLETED, dt.date(2019, 1, 1)),
        ("ongoing_early_too", S.ONGOING, dt.date(2023, 1, 1)),
        ("planned", S.PLANNED, dt.date(2025, 1, 1)),
        ("idea", S.IDEA, None),
    ]:
        p[name] = make_project(session, title=name, status=status, start_on=start).id
    order = ["idea", "planned", "planned_no_start", "ongoing_early", "ongoing_early_too", "ongoing_late"]
    order += ["ongoing_no_start", "completed", "paused", "cancelled"]
    return [p[name] for name in order]


def test_the_pipeline_is_ordered_by_status_then_start_with_no_start_last_then_id(session):
    expected = _ordering_world(session)
    listing = q.pipeline(session, today=TODAY)
    assert list(listing.rows["id"]) == expected and listing.total == len(expected)
    assert list(q.pipeline_rows(session, today=TODAY)["id"]) == expected


def test_the_pipeline_pages_with_limit_and_offset_and_counts_the_whole(session):
    expected = _ordering_world(session)
    pages = [q.pipeline(session, today=TODAY, limit=3, offset=offset) for offset in (0, 3, 6, 9, 12)]
    assert [page.total for page in pages] == [10] * 5
    assert [len(page.rows) for page in pages] == [3, 3, 3, 1, 0]
    assert [id_ for page in pages for id_ in page.rows["id"]] == expected
    narrowed = q.pipeline(session, today=TODAY, filters=PipelineFilters(statuses=(S.ONGOING,)), limit=2)
    assert narrowed.total == 4 and list(narrowed.rows["id"]) == expected[3:5]


def test_a_pipeline_row_has_its_points_overdue_milestones_and_next_open_milestone(session):
    points = strategy(session)
    group, owner = make_body(session, name="Faggruppe A"), make_person(session, name="Kari Eier")
    busy = make_project(session, title="Travelt", body=group, owner=owner, start_on=dt.date(2024, 1, 1))
    link(session, busy, points=[points["3.4"], points["3.2"]])
    milestone(session, busy, TODAY - days(10))  # overdue
    milestone(session, busy, TODAY - days(1))  # overdue
    milestone(session, busy, TODAY - days(5), done_on=TODAY - days(6))  # done late: not overdue
    milestone(session, busy, TODAY + days(30))
    milestone(session, busy, TODAY)  # due today: not late yet, and the next one
    later = make_project(session, title="Senere", start_on=dt.date(2024, 2, 1))
    link(session, later, points=[points["1.1"], points["3.4"]])
    milestone(session, later, TODAY + days(3), done_on=TODAY - days(1))  # done early: not next
    milestone(session, later, TODAY + days(9))
    make_project(session, title="Uten noe", start_on=dt.date(2024, 3, 1))

    rows = q.pipeline(session, today=TODAY).rows.set_index("title")

    assert list(rows.columns) == [column for column in q.PIPELINE_COLUMNS if column != "title"]
    assert rows.loc["Travelt", "points"] == "3.2, 3.4"
    assert (rows.loc["Travelt", "overdue_milestones"], rows.loc["Travelt", "next_milestone"]) == (2, TODAY)
    assert (rows.loc["Travelt", "body"], rows.loc["Travelt", "owner"]) == ("Faggruppe A", "Kari Eier")
    assert rows.loc["Senere", "points"] == "1.1, 3.4"
    assert (rows.loc["Senere", "overdue_milestones"], rows.loc["Senere", "next_milestone"]) == (
        0,
        TODAY + days(9),
    )
    assert rows.loc["Uten noe", "points"] == "" and rows.loc["Uten noe", "overdue_milestones"] == 0
    assert missing(rows.loc["Uten noe", "next_milestone"]) and missing(rows.loc["Uten noe", "body"])


# --- The timeline -------------------------------------------------------------------------------


def test_the_timeline_shows_planned_and_ongoing_projects_with_a_start_ending_soonest_first(session):
    group = make_body(session, name="Faggruppe A")
    open_end = make_project(session, title="Uten slutt", status=S.ONGOING, start_on=dt.date(2023, 1, 1))
    late = make_project(
        session,
        title="Slutter sent",
        status=S.PLANNED,
        start_on=dt.date(2024, 9, 1),
        end_on=dt.date(2025, 6, 1),
    )
    soon = make_project(
        session,
        title="Slutter snart",
        status=S.ONGOING,
        body=group,
        start_on=dt.date(2024, 1, 1),
        end_on=dt.date(2024, 8, 1),
    )
    also_soon = make_project(
        session,
        title="Slutter snart, startet før",
        status=S.ONGOING,
        start_on=dt.date(2023, 6, 1),
        end_on=dt.date(2024, 8, 1),
    )
    make_project(session, title="Uten start", status=S.ONGOING)
    make_project(session, title="Idé", status=S.IDEA, start_on=dt.date(2024, 1, 1))
    make_project(session, title="Ferdig", status=S.COMPLETED, start_on=dt.date(2024, 1, 1))
    make_project(session, title="På vent", status=S.PAUSED, start_on=dt.date(2024, 1, 1))
    make_project(session, title="Avlyst", status=S.CANCELLED, start_on=dt.date(2024, 1, 1))

    timeline = q.timeline(session, today=TODAY)

    assert timeline.total == 4
    assert list(timeline.projects["id"]) == [also_soon.id, soon.id, late.id, open_end.id]
    assert timeline.projects.set_index("title").loc["Slutter snart", "body"] == "Faggruppe A"
    short = q.timeline(session, today=TODAY, limit=2)
    assert short.total == 4 and list(short.projects["id"]) == [also_soon.id, soon.id]
    only_planned = q.timeline(session, today=TODAY, filters=PipelineFilters(statuses=(S.PLANNED, S.IDEA)))
    assert list(only_planned.projects["id"]) == [late.id]
    nothing = q.timeline(session, today=TODAY, filters=PipelineFilters(statuses=(S.COMPLETED,)))
    assert nothing.total == 0 and nothing.projects.empty and nothing.milestones.empty


def test_timeline_milestones_belong_to_the_projects_shown_and_are_flagged_overdue(session):
    first = make_project(session, status=S.ONGOING, start_on=dt.date(2024, 1, 1), end_on=dt.date(2024, 7, 1))
    second = make_project(session, status=S.PLANNED, start_on=dt.date(2024, 7, 1), end_on=dt.date(2024, 9, 1))
    beyond = make_project(session, status=S.PLANNED, start_on=dt.date(2024, 8, 1), end_on=dt.date(2025, 1, 1))
    milestone(session, first, TODAY, title="I dag")
    milestone(session, first, TODAY - days(1), title="I går")
    milestone(session, second, TODAY - days(3), done_on=TODAY - days(4), title="Levert")
    milestone(session, second, TODAY + days(2), title="Snart")
    milestone(session, beyond, TODAY - days(30), title="Utenfor")

    timeline = q.timeline(session, today=TODAY, limit=2)

    assert timeline.total == 3 and list(timeline.projects["id"]) == [first.id, second.id]
    flagged = {row.title: (row.project_id, bool(row.overdue)) for row in timeline.milestones.itertuples()}
    assert flagged == {
        "I går": (first.id, True),
        "I dag": (first.id, False),
        "Levert": (second.id, False),
        "Snart": (second.id, False),
    }
    assert list(timeline.milestones["title"]) == ["I går", "I dag", "Levert", "Snart"]  # by project, due


# --- The export ---------------------------------------------------------------------------------


def test_export_rows_carry_partners_by_name_points_checkpoints_and_the_input_rounds_advice(session):
    points = strategy(session)
    group = make_body(session, name="Faggruppe A")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    lillestrom = make_unit(session, name="Lillestrøm kommune")
    full = make_project(
        session,
        title="Fullt registrert",
        body=group,
        owner=make_person(session, name="Kari Eier"),
        start_on=dt.date(2024, 1, 1),
        outside_partners="NHO Oslo og Akershus",
        source="Sak 48/20",
    )
    link(session, full, points=[points["3.4"], points["3.2"]], partners=[oslo, lillestrom])
    round_advice = make_advice(session, body=group, title="Råd om profileringen", subject=full)
    checkpoint(session, full, K.INFORMED, on_date=dt.date(2023, 12, 1))
    checkpoint(session, full, K.INPUT_ROUND, advice=round_advice)
    checkpoint(session, full, K.QUALITY_ASSURED, on_date=dt.date(2024, 2, 1))
    milestone(session, full, TODAY - days(2))
    milestone(session, full, TODAY + days(4))
    bare = make_project(session, title="Uten noe", status=S.IDEA)

    rows = q.pipeline_rows(session, today=TODAY)

    assert list(rows.columns) == q.EXPORT_COLUMNS
    assert list(rows["id"]) == [bare.id, full.id]
    row = rows.set_index("title").loc["Fullt registrert"]
    assert (row["partners"], row["points"]) == ("Lillestrøm kommune, Oslo kommune", "3.2, 3.4")
    assert (row["informed_on"], row["input_round"], row["quality_assured_on"]) == (
        dt.date(2023, 12, 1),
        "Råd om profileringen",
        dt.date(2024, 2, 1),
    )
    assert (row["overdue_milestones"], row["next_milestone"]) == (1, TODAY + days(4))
    assert (row["body"], row["owner"], row["outside_partners"], row["source"]) == (
        "Faggruppe A",
        "Kari Eier",
        "NHO Oslo og Akershus",
        "Sak 48/20",
    )
    empty = rows.set_index("title").loc["Uten noe"]
    assert (empty["partners"], empty["points"], empty["overdue_milestones"]) == ("", "", 0)
    assert all(
        missing(empty[c]) for c in ("informed_on", "input_round", "quality_assured_on", "next_milestone")
    )


def test_export_stops_at_max_rows_in_the_lists_order(session):
    expected = _ordering_world(session)
    assert list(q.pipeline_rows(session, today=TODAY, max_rows=4)["id"]) == expected[:4]


# --- Filter choices -----------------------------------------------------------------------------


def test_filter_choices_offer_what_the_projects_use(session):
    old = strategy(session, start_year=2017, labels=("2.1",))
    new = strategy(session, start_year=2021, labels=("3.2", "1.1"))
    following = make_body(session, name="B-gruppen")
    make_body(session, name="A-gruppen uten prosjekter")
    oslo, _unused = make_unit(session, name="Oslo kommune"), make_unit(session, name="Asker kommune")
    first = make_project(session, body=following, start_on=dt.date(2021, 3, 1), end_on=dt.date(2022, 1, 1))
    make_project(session, body=following, start_on=dt.date(2023, 5, 1), end_on=dt.date(2025, 2, 1))
    link(session, first, partners=[oslo])

    options = q.pipeline_options(session)

    assert options.bodies == [(following.id, "B-gruppen")]
    assert options.units == [(oslo.id, "Oslo kommune")]
    assert options.years == [2025, 2024, 2023, 2022, 2021]
    assert [label for _, label in options.areas] == [
        "1 Areal og transport",
        "3 Konkurransekraft og attraktivitet",
        "2 Område 2",
    ]  # the newest period first
    assert options.points == [
        (new["1.1"].id, new["1.1"].area_id, "1.1 Mål 1.1"),
        (new["3.2"].id, new["3.2"].area_id, "3.2 Mål 3.2"),
        (old["2.1"].id, old["2.1"].area_id, "2.1 Mål 2.1"),
    ]


def test_filter_choices_of_an_empty_pipeline_have_no_years(session):
    make_project(session, status=S.IDEA)
    assert q.pipeline_options(session).years == []


def test_person_choices_search_limit_owners_and_always_include_the_current_value(session):
    kari = make_person(session, name="Kari Ås")
    make_person(session, name="Kåre Ødegård")
    ola = make_person(session, name="Ola Nordmann")
    make_project(session, owner=ola)
    assert [name for _, name in q.person_options(session, search="ØDEGÅRD")] == ["Kåre Ødegård"]
    assert q.person_options(session, owners_only=True) == [(ola.id, "Ola Nordmann")]
    assert q.person_options(session, search="ola", include=kari.id) == [
        (kari.id, "Kari Ås"),
        (ola.id, "Ola Nordmann"),
    ]
    assert q.person_options(session, limit=1, include=kari.id) == [(kari.id, "Kari Ås")]
    assert len(q.person_options(session, limit=2)) == 2


def test_unit_choices_are_the_units_valid_today_by_name(session):
    oslo = make_unit(session, name="Oslo kommune")
    asker = make_unit(session, name="Asker kommune", valid_from=dt.date(2020, 1, 1))
    make_unit(session, kind=UnitKind.COUNTY, name="Viken fylkeskommune", valid_to=dt.date(2023, 12, 31))
    make_unit(session, name="Ny kommune", valid_from=TODAY + days(1))
    assert q.unit_options(session, today=TODAY) == [(asker.id, "Asker kommune"), (oslo.id, "Oslo kommune")]
