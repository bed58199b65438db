"""Meeting rules: the month grid of the calendar, a colour per body, a meeting's status moves and
times, and what recording a result needs."""

from __future__ import annotations

import calendar
import datetime as dt

from osloreg.enums import ConsultationResult, MeetingStatus
from osloreg.rules.validation import Invalid

M = MeetingStatus
# A planned meeting is held or cancelled; a cancelled one is not reinstated (plan a new one), and a
# held one stays held (its minutes and results are the record).
TRANSITIONS: dict[str, frozenset[str]] = {
    M.PLANNED: frozenset({M.HELD, M.CANCELLED}),
    M.HELD: frozenset(),
    M.CANCELLED: frozenset(),
}
# Streamlit's markdown colours, in the order bodies get them (a body keeps its colour everywhere).
BODY_COLOURS = ("blue", "green", "orange", "violet", "red", "gray")
DEFAULT_HOURS = 2
MAX_HOURS = 24


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def body_colour(body_id: int) -> str:
    """The colour of a body in the calendar: stable, from its id."""
    return BODY_COLOURS[body_id % len(BODY_COLOURS)]


def month_grid(year: int, month: int) -> list[list[dt.date]]:
    """The weeks (Monday first, as in Norway) that show the month, with the days of the months
    before and after that fill its first and last week."""
    return [list(week) for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]


def grid_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """[first day shown, the day after the last day shown) of the month's grid."""
    weeks = month_grid(year, month)
    return weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1)


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """The month `months` after (or before, if negative) the given one."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def check_times(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> dt.datetime:
    """A meeting has a start; an end, if given, is after it and within a day."""
    if not isinstance(starts_at, dt.datetime):
        raise Invalid("error.required", {"field": "starts_at"})
    if ends_at is not None:
        if not isinstance(ends_at, dt.datetime) or ends_at <= starts_at:
            raise Invalid("error.meeting_end", {})
        if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
            raise Invalid("error.meeting_too_long", {"hours": MAX_HOURS})
    return starts_at


def check_result(result: str, *, meeting_day: dt.date, today: dt.date) -> str:
    """A structured result, for a meeting that has taken place (today or before)."""
    if result not in set(ConsultationResult):
        raise Invalid("error.unknown_result", {"result": str(result)})
    if meeting_day > today:
        raise Invalid("error.result_before_meeting", {})
    return ConsultationResult(result).value
