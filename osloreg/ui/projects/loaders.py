"""Cached reads of the pipeline and project pages, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg.queries import decisions, history, inputs, project_detail, projects, strategy
from osloreg.queries.common import Listing
from osloreg.queries.projects import PipelineFilters
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("projects")
def status_counts(filters: PipelineFilters) -> pd.DataFrame:
    with db_session() as session:
        return projects.status_counts(session, filters=filters)


@cached_read("directory", "projects")
def pipeline(day: dt.date, filters: PipelineFilters, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return projects.pipeline(session, today=day, filters=filters, limit=limit, offset=offset)


@cached_read("directory", "projects")
def timeline(day: dt.date, filters: PipelineFilters, limit: int = 40) -> projects.Timeline:
    with db_session() as session:
        return projects.timeline(session, today=day, filters=filters, limit=limit)


@cached_read("directory", "projects")
def pipeline_options() -> projects.PipelineOptions:
    with db_session() as session:
        return projects.pipeline_options(session)


@cached_read("directory", "projects", max_entries=256)
def person_options(
    search: str = "", owners_only: bool = False, limit: int = 30, include: int | None = None
) -> list[tuple[int, str]]:
    with db_session() as session:
        return projects.person_options(
            session, search=search, owners_only=owners_only, limit=limit, include=include
        )


@cached_read("directory", "projects")
def needs_attention(
    day: dt.date,
    filters: PipelineFilters | None = None,
    reason: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> projects.AttentionSummary:
    with db_session() as session:
        return projects.needs_attention(
            session, today=day, filters=filters, reason=reason, limit=limit, offset=offset
        )


@cached_read("projects")
def strategy_coverage(period_id: int | None = None) -> strategy.StrategyCoverage:
    with db_session() as session:
        return strategy.strategy_coverage(session, period_id=period_id)


@cached_read("projects")
def action_plan_measures(period_id: int, year: int) -> pd.DataFrame:
    with db_session() as session:
        return strategy.action_plan_measures(session, period_id=period_id, year=year)


@cached_read("advice", "directory", "meetings", "projects", "users")
def project(project_id: int, day: dt.date) -> project_detail.ProjectDetail | None:
    with db_session() as session:
        return project_detail.project_detail(session, project_id=project_id, today=day)


@cached_read("advice", "directory", "inputs")
def project_input(project_id: int) -> project_detail.ProjectInput:
    with db_session() as session:
        return project_detail.project_input(session, project_id=project_id)


@cached_read("advice", "audit", "directory", "meetings", "projects")
def project_history(project_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(
            session, entity="project", entity_id=project_id, limit=limit, offset=offset
        )


@cached_read("advice", "directory", "meetings")
def checkpoint_choices(
    project_id: int, body_id: int | None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    with db_session() as session:
        return project_detail.checkpoint_choices(session, project_id=project_id, body_id=body_id)


@cached_read("directory")
def unit_options(day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return projects.unit_options(session, today=day)


@cached_read("directory")
def active_groups(day: dt.date) -> list[tuple[int, str]]:
    """The groups active on `day`, for a group picker."""
    with db_session() as session:
        return inputs.active_groups(session, today=day)


@cached_read("projects")
def strategy_points() -> list[tuple[int, str]]:
    """The strategy's points, for a picker."""
    with db_session() as session:
        return decisions.strategy_points(session)
