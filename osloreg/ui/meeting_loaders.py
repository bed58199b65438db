"""Cached reads for the calendar and meeting pages (ttl, keyed by their parameters), like `loaders`;
a page that writes to a meeting calls `clear()`."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from osloreg.queries import history, meetings
from osloreg.queries.common import Listing
from osloreg.ui import case_loaders, loaders
from osloreg.ui.core import db_session

TTL = loaders.TTL_SECONDS


@st.cache_data(ttl=TTL, show_spinner=False)
def month_view(year: int, month: int, body_ids: tuple[int, ...] = ()) -> meetings.MonthView:
    with db_session() as session:
        return meetings.month_view(session, year=year, month=month, body_ids=body_ids)


@st.cache_data(ttl=TTL, show_spinner=False)
def meeting_list(
    first: dt.date, after: dt.date, body_ids: tuple[int, ...] = (), limit: int = 50, offset: int = 0
) -> Listing:
    with db_session() as session:
        return meetings.meeting_list(
            session, first=first, after=after, body_ids=body_ids, limit=limit, offset=offset
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def body_options() -> list[tuple[int, str]]:
    with db_session() as session:
        return meetings.body_options(session)


@st.cache_data(ttl=TTL, show_spinner=False)
def meeting(meeting_id: int) -> meetings.MeetingDetail | None:
    with db_session() as session:
        return meetings.meeting_detail(session, meeting_id=meeting_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def members_on(body_id: int, day: dt.date) -> list[tuple[int, str, int | None, str | None]]:
    with db_session() as session:
        return meetings.members_on(session, body_id=body_id, on=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def meeting_history(meeting_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(
            session, entity="meeting", entity_id=meeting_id, limit=limit, offset=offset
        )


def clear() -> None:
    """After a write to a meeting: every loader that shows meetings, and the cases' (a meeting's
    agenda and results are where its cases stand)."""
    clear_meetings()
    case_loaders.clear_cases()


def clear_meetings() -> None:
    """Every loader that shows meetings (this process), the overview's among them."""
    for loader in (
        month_view,
        meeting_list,
        body_options,
        meeting,
        members_on,
        meeting_history,
        loaders.subject_options,
        loaders.overview_coordinator,
        loaders.overview_member,
        loaders.overview_shared,
    ):
        loader.clear()
