"""Cached reads of the calendar and meeting pages, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

from osloreg.queries import history, meetings
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
