"""Cached reads for the pipeline and project pages (ttl, keyed by their parameters), like
`loaders` for the other pages. A page that writes to a project calls `clear()`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg.queries import history, project_detail, projects, strategy
from osloreg.queries.common import Listing
from osloreg.queries.projects import PipelineFilters
from osloreg.ui import loaders
from osloreg.ui.core import db_session

TTL = loaders.TTL_SECONDS


@st.cache_data(ttl=TTL, show_spinner=False)
def status_counts(filters: PipelineFilters) -> pd.DataFrame:
    with db_session() as session:
        return projects.status_counts(session, filters=filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def pipeline(day: dt.date, filters: PipelineFilters, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return projects.pipeline(session, today=day, filters=filters, limit=limit, offset=offset)


@st.cache_data(ttl=TTL, show_spinner=False)
def timeline(day: dt.date, filters: PipelineFilters, limit: int = 40) -> projects.Timeline:
    with db_session() as session:
        return projects.timeline(session, today=day, filters=filters, limit=limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def pipeline_options() -> projects.PipelineOptions:
    with db_session() as session:
        return projects.pipeline_options(session)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def person_options(
    search: str = "", owners_only: bool = False, limit: int = 30, include: int | None = None
) -> list[tuple[int, str]]:
    with db_session() as session:
        return projects.person_options(
            session, search=search, owners_only=owners_only, limit=limit, include=include
        )


@st.cache_data(ttl=TTL, show_spinner=False)
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


@st.cache_data(ttl=TTL, show_spinner=False)
def strategy_coverage(period_id: int | None = None) -> strategy.StrategyCoverage:
    with db_session() as session:
        return strategy.strategy_coverage(session, period_id=period_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def action_plan_measures(period_id: int, year: int) -> pd.DataFrame:
    with db_session() as session:
        return strategy.action_plan_measures(session, period_id=period_id, year=year)


@st.cache_data(ttl=TTL, show_spinner=False)
def project(project_id: int, day: dt.date) -> project_detail.ProjectDetail | None:
    with db_session() as session:
        return project_detail.project_detail(session, project_id=project_id, today=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def project_input(project_id: int) -> project_detail.ProjectInput:
    with db_session() as session:
        return project_detail.project_input(session, project_id=project_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def project_history(project_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(
            session, entity="project", entity_id=project_id, limit=limit, offset=offset
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def checkpoint_choices(
    project_id: int, body_id: int | None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    with db_session() as session:
        return project_detail.checkpoint_choices(session, project_id=project_id, body_id=body_id)


def clear() -> None:
    """After a write to a project: every loader that shows projects (this process)."""
    for loader in (
        status_counts,
        pipeline,
        timeline,
        pipeline_options,
        person_options,
        needs_attention,
        strategy_coverage,
        action_plan_measures,
        project,
        project_input,
        project_history,
        checkpoint_choices,
        loaders.subject_options,
        loaders.overview_coordinator,
        loaders.overview_shared,
    ):
        loader.clear()


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_options(day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return projects.unit_options(session, today=day)
