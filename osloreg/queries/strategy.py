"""Read side of strategy coverage: per strategic area and point, how many projects are planned,
ongoing and completed; and, for an action-plan year, which measures have no project."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import ProjectStatus
from osloreg.models import (
    ActionMeasure,
    ActionMeasurePoint,
    ActionPlan,
    Project,
    ProjectPoint,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
)
from osloreg.queries.common import frame

# What counts as a point being worked on: a project planned or under way.
ACTIVE = (ProjectStatus.PLANNED, ProjectStatus.ONGOING)
COUNTED = (ProjectStatus.PLANNED, ProjectStatus.ONGOING, ProjectStatus.COMPLETED)
COVERAGE_COLUMNS = ["area_id", "area", "point_id", "point", "text", *COUNTED, "active", "label", "basis"]
COVERAGE_COLUMNS += ["source"]
AREA_COLUMNS = ["area_id", "area", "points", "basis", "source"]


@dataclass(frozen=True)
class StrategyCoverage:
    periods: list[tuple[int, str]]  # newest first
    period_id: int | None  # the period shown
    points: pd.DataFrame  # COVERAGE_COLUMNS: point "3.2", a count per status, active (planned + ongoing)
    years: list[int]  # the period's action-plan years, newest first
    period_basis: str | None = None
    period_source: str | None = None
    # AREA_COLUMNS: every innsatsområde of the period ("1 Areal og transport"), with its number of
    # delmål and its own basis: areas 1 and 2 of 2021-2024 are uncertain and have no delmål to list.
    areas: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AREA_COLUMNS))


def strategy_coverage(session: Session, *, period_id: int | None = None) -> StrategyCoverage:
    """Every point of the period (the newest if None) with its projects counted by status; points
    with no active project have active == 0."""
    periods = session.execute(
        sa.select(StrategyPeriod.id, StrategyPeriod.name).order_by(
            StrategyPeriod.start_year.desc(), StrategyPeriod.id.desc()
        )
    ).all()
    if period_id is None or period_id not in {row.id for row in periods}:
        period_id = periods[0].id if periods else None
    points = session.execute(
        sa.select(StrategyArea.id, StrategyArea.number, StrategyArea.name, StrategyPoint.id)
        .add_columns(StrategyPoint.number, StrategyPoint.text, StrategyPoint.short_label, StrategyPoint.basis)
        .add_columns(StrategyPoint.source)
        .join(StrategyPoint, StrategyPoint.area_id == StrategyArea.id)
        .where(StrategyArea.period_id == period_id)
        .order_by(StrategyArea.number, StrategyPoint.number)
    ).all()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for point_id, status, count in session.execute(
        sa.select(ProjectPoint.point_id, Project.status, sa.func.count())
        .join(Project, Project.id == ProjectPoint.project_id)
        .join(StrategyPoint, StrategyPoint.id == ProjectPoint.point_id)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .where(StrategyArea.period_id == period_id, Project.status.in_(COUNTED))
        .group_by(ProjectPoint.point_id, Project.status)
    ):
        counts[point_id][status] = int(count)
    records = []
    for area_id, area_number, area_name, point_id, point_number, text, short_label, basis, source in points:
        per_status = [counts[point_id].get(status, 0) for status in COUNTED]
        active = sum(counts[point_id].get(status, 0) for status in ACTIVE)
        records.append(
            (area_id, f"{area_number} {area_name}", point_id, f"{area_number}.{point_number}", text)
            + (*per_status, active, short_label or text, basis, source)
        )
    point_count = sa.select(sa.func.count()).where(StrategyPoint.area_id == StrategyArea.id).scalar_subquery()
    areas = [
        (row.id, f"{row.number} {row.name}", int(row.points), row.basis, row.source)
        for row in session.execute(
            sa.select(
                StrategyArea.id,
                StrategyArea.number,
                StrategyArea.name,
                point_count.label("points"),
                StrategyArea.basis,
                StrategyArea.source,
            )
            .where(StrategyArea.period_id == period_id)
            .order_by(StrategyArea.number)
        )
    ]
    years = list(
        session.scalars(
            sa.select(ActionPlan.year)
            .where(ActionPlan.period_id == period_id)
            .order_by(ActionPlan.year.desc())
        )
    )
    period = session.get(StrategyPeriod, period_id) if period_id is not None else None
    return StrategyCoverage(
        periods=[(row.id, row.name) for row in periods],
        period_id=period_id,
        points=frame(records, COVERAGE_COLUMNS),
        years=years,
        period_basis=period.basis if period else None,
        period_source=period.source if period else None,
        areas=frame(areas, AREA_COLUMNS),
    )


MEASURE_COLUMNS = ["id", "title", "points", "project_id", "project", "project_status", "has_project"]


def action_plan_measures(session: Session, *, period_id: int, year: int) -> pd.DataFrame:
    """The measures of the period's action plan for the year, those without a project first, with
    their points ("3.2, 3.4") and their project, if any. Columns: MEASURE_COLUMNS."""
    rows = session.execute(
        sa.select(ActionMeasure.id, ActionMeasure.title, Project.id, Project.title, Project.status)
        .join(ActionPlan, ActionPlan.id == ActionMeasure.plan_id)
        .outerjoin(Project, Project.id == ActionMeasure.project_id)
        .where(ActionPlan.period_id == period_id, ActionPlan.year == year)
        .order_by(ActionMeasure.project_id.is_not(None), ActionMeasure.title, ActionMeasure.id)
    ).all()
    labels: dict[int, list[str]] = defaultdict(list)
    for measure_id, area, point in session.execute(
        sa.select(ActionMeasurePoint.measure_id, StrategyArea.number, StrategyPoint.number)
        .join(StrategyPoint, StrategyPoint.id == ActionMeasurePoint.point_id)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .where(ActionMeasurePoint.measure_id.in_([row[0] for row in rows]))
        .order_by(ActionMeasurePoint.measure_id, StrategyArea.number, StrategyPoint.number)
    ):
        labels[measure_id].append(f"{area}.{point}")
    records = [
        (
            measure_id,
            title,
            ", ".join(labels.get(measure_id, [])),
            project_id,
            project,
            status,
            project_id is not None,
        )
        for measure_id, title, project_id, project, status in rows
    ]
    return frame(records, MEASURE_COLUMNS)
