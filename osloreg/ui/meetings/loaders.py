"""Cached reads of the calendar and meeting pages, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg.papers.model import MeetingNotFound, Presence
from osloreg.papers.presence import meeting_presence
from osloreg.queries import (
    attendance,
    cases,
    history,
    inputs,
    meeting_cycle,
    meetings,
    meetings_ahead,
    subjects,
)
from osloreg.queries.common import Listing
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("directory", "meetings")
def month_view(year: int, month: int, body_ids: tuple[int, ...] = ()) -> meetings.MonthView:
    with db_session() as session:
        return meetings.month_view(session, year=year, month=month, body_ids=body_ids)


@cached_read("directory", "meetings")
def meeting_list(
    first: dt.date, after: dt.date, body_ids: tuple[int, ...] = (), limit: int = 50, offset: int = 0
) -> Listing:
    with db_session() as session:
        return meetings.meeting_list(
            session, first=first, after=after, body_ids=body_ids, limit=limit, offset=offset
        )


@cached_read("directory", "meetings")
def body_options() -> list[tuple[int, str]]:
    with db_session() as session:
        return meetings.body_options(session)


@cached_read("cases", "directory", "meetings")
def meeting(meeting_id: int) -> meetings.MeetingDetail | None:
    with db_session() as session:
        return meetings.meeting_detail(session, meeting_id=meeting_id)


@cached_read("directory")
def members_on(body_id: int, day: dt.date) -> list[tuple[int, str, int | None, str | None]]:
    with db_session() as session:
        return meetings.members_on(session, body_id=body_id, on=day)


@cached_read("advice", "audit", "directory", "meetings", "projects")
def meeting_history(meeting_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(
            session, entity="meeting", entity_id=meeting_id, limit=limit, offset=offset
        )


@cached_read("directory")
def active_groups(day: dt.date) -> list[tuple[int, str]]:
    """The groups active on `day`, for a group picker."""
    with db_session() as session:
        return inputs.active_groups(session, today=day)


@cached_read("cases", "directory", "meetings", "projects", max_entries=256)
def subject_options(
    subject_type: str, search: str = "", limit: int = 30, body_id: int | None = None
) -> list[tuple[int, str]]:
    """Cases, projects or meetings to choose as a subject, by what the user typed."""
    with db_session() as session:
        return subjects.subject_options(
            session, subject_type=subject_type, search=search, limit=limit, body_id=body_id
        )


@cached_read("cases", "directory", "meetings")
def case_detail(case_id: int, day: dt.date) -> cases.CaseDetail | None:
    """A case on the agenda, with its path (the cases' own query)."""
    with db_session() as session:
        return cases.case_detail(session, case_id=case_id, today=day)


@cached_read("cases")
def next_number(body_id: int, year: int) -> int:
    """The body's next free case number of `year`, suggested when a case is put on its agenda."""
    with db_session() as session:
        return cases.next_number(session, body_id=body_id, year=year)


@cached_read("cases")
def held_number(case_id: int, body_id: int, year: int) -> int | None:
    """The number the case already holds in the body's series of `year`, if any."""
    with db_session() as session:
        return cases.held_number(session, case_id=case_id, body_id=body_id, year=year)


@cached_read("directory", "meetings")
def cycle(meeting_id: int) -> meeting_cycle.MeetingCycle | None:
    """The meeting's steps, innkalling versions and protokoll approval, with its body's notice period."""
    with db_session() as session:
        return meeting_cycle.meeting_cycle(session, meeting_id=meeting_id)


@cached_read("cases", "meetings")
def approval_items(meeting_id: int) -> list[tuple[int, str]]:
    """Items of the body's later meetings that took place: where the protokoll may have been approved."""
    with db_session() as session:
        return meeting_cycle.approval_items(session, meeting_id=meeting_id)


# --- Forfall, vara, habilitet and the coverage forecast ---------------------------------------------------


@cached_read("directory", "meetings")
def roster(meeting_id: int, with_forecast: bool = False) -> attendance.Roster | None:
    """The meeting's roster; with the coverage forecast (the costly part) only where it is shown."""
    with db_session() as session:
        return attendance.roster(session, meeting_id=meeting_id, with_forecast=with_forecast)


@cached_read("directory", "meetings")
def item_quorums(meeting_id: int) -> list[attendance.ItemQuorum]:
    found = roster(meeting_id)  # the page's own cached roster, not read a second time
    if found is None:
        return []
    with db_session() as session:
        return attendance.item_quorums(session, found)


@cached_read("directory", "meetings")
def forecasts(meeting_ids: tuple[int, ...]) -> pd.DataFrame:
    """The coverage forecast of the given meetings that lie ahead (planned or innkalt)."""
    with db_session() as session:
        return meetings_ahead.forecasts(session, meeting_ids=meeting_ids)


@cached_read("cases", "directory", "meetings")
def presence(meeting_id: int, language: str) -> Presence | None:
    """What the protokoll says of attendance, forfall, inhabilitet and vedtaksførhet: the same words as
    the generated paper, so the page and the paper never disagree."""
    with db_session() as session:
        try:
            return meeting_presence(session, meeting_id, language=language)
        except MeetingNotFound:
            return None
