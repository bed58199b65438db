"""Cached reads for the overview, keyed by their parameters and the data versions of the areas they read."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg.queries import inputs, meetings_ahead, overview
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("advice", "directory")
def overview_director(day: dt.date) -> overview.DirectorSummary:
    with db_session() as session:
        return overview.director_summary(session, today=day)


@cached_read("cases", "directory", "meetings", "projects")
def overview_coordinator(day: dt.date) -> overview.CoordinatorLists:
    with db_session() as session:
        return overview.coordinator_lists(session, today=day)


@cached_read("advice", "directory", "inputs", "meetings")
def overview_member(person_id: int, day: dt.date) -> overview.MemberView:
    with db_session() as session:
        return overview.member_view(session, person_id=person_id, today=day)


@cached_read("directory", "meetings", "projects")
def overview_shared(day: dt.date) -> overview.SharedOverview:
    with db_session() as session:
        return overview.shared_overview(session, today=day)


@cached_read("advice", "directory", "inputs")
def decided_for_author(person_id: int, limit: int = 5) -> pd.DataFrame:
    with db_session() as session:
        return inputs.decided_for_author(session, person_id=person_id, limit=limit)


@cached_read("directory", "meetings")
def forfall_to_handle(day: dt.date, limit: int = 20) -> tuple[pd.DataFrame, int]:
    with db_session() as session:
        return meetings_ahead.absences_to_handle(session, today=day, limit=limit)


@cached_read("directory", "meetings")
def forecasts_ahead(day: dt.date, days: int = meetings_ahead.FORECAST_DAYS) -> pd.DataFrame:
    with db_session() as session:
        return meetings_ahead.forecasts(session, start=day, days=days)


@cached_read("directory", "meetings")
def my_meetings(person_id: int, day: dt.date) -> pd.DataFrame:
    with db_session() as session:
        return meetings_ahead.my_meetings(session, person_id=person_id, today=day)
