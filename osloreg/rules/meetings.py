"""Meeting rules: the month grid of the calendar, a colour per body, a meeting's status moves and
times, and what recording a result needs."""

from __future__ import annotations

import calendar
import datetime as dt

from osloreg.enums import ConsultationResult, MeetingStatus
from osloreg.rules.validation import Invalid

M = MeetingStatus
# The cycle: planlagt -> innkalt -> avholdt -> protokoll godkjent -> publisert. A planned meeting may
# be recorded as held without an innkalling in the app (meetings from before it, held on paper).
# Avlyst from every state until it is held, with a reason, its history kept (the innkalling sent
# stays); a meeting that took place cannot be called off afterwards (correct its protokoll instead),
# and a cancelled meeting is not reinstated (plan a new one).
TRANSITIONS: dict[str, frozenset[str]] = {
    M.PLANNED: frozenset({M.CALLED, M.HELD, M.CANCELLED}),
    M.CALLED: frozenset({M.HELD, M.CANCELLED}),
    M.HELD: frozenset({M.APPROVED}),
    M.APPROVED: frozenset({M.PUBLISHED}),
    M.PUBLISHED: frozenset(),
    M.CANCELLED: frozenset(),
}
# The order of the cycle (cancelled stands outside it).
CYCLE = (M.PLANNED, M.CALLED, M.HELD, M.APPROVED, M.PUBLISHED)
# A meeting that has taken place: held, and every step after it.
TOOK_PLACE = frozenset({M.HELD, M.APPROVED, M.PUBLISHED})
# How long before an innkalling is due the coordinator's overview lists it.
NOTICE_WARNING_DAYS = 7
# How far back the coordinator's overview looks for protokoller awaiting approval: a meeting held longer
# ago with its protokoll never approved in the app was held on paper before it, or is past chasing.
MINUTES_WAITING_DAYS = 365
# Streamlit's markdown colours, in the order bodies get them (a body keeps its colour everywhere).
BODY_COLOURS = ("blue", "green", "orange", "violet", "red", "gray")
DEFAULT_HOURS = 2
MAX_HOURS = 24


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def took_place(status: str) -> bool:
    """Held, or further on in the cycle (its protokoll approved or published)."""
    return status in TOOK_PLACE


def check_move(from_status: str, to_status: str, *, meeting_day: dt.date, today: dt.date) -> None:
    """A step of the cycle, refused in words: no protokoll approved before the meeting is held, no
    meeting held before its day, nothing after a cancellation."""
    if from_status == M.CANCELLED:
        raise Invalid("error.meeting_cancelled", {})
    if to_status == M.CANCELLED and took_place(from_status):
        raise Invalid("error.meeting_held", {})
    if to_status == M.HELD and meeting_day > today:
        raise Invalid("error.result_before_meeting", {})
    if to_status in (M.APPROVED, M.PUBLISHED) and not took_place(from_status):
        raise Invalid("error.minutes_before_held", {})
    if not can_move(from_status, to_status):
        raise Invalid("error.meeting_step", {"from": str(from_status), "to": str(to_status)})


def notice_due_on(meeting_day: dt.date, notice_days: int | None) -> dt.date | None:
    """The last day the innkalling may be sent, if the body has a notice period."""
    return None if notice_days is None else meeting_day - dt.timedelta(days=notice_days)


def notice_due_soon(status: str, meeting_day: dt.date, notice_days: int | None, *, today: dt.date) -> bool:
    """A planned meeting, still ahead, whose innkalling is due within NOTICE_WARNING_DAYS or late."""
    due = notice_due_on(meeting_day, notice_days)
    return (
        status == M.PLANNED
        and meeting_day >= today
        and due is not None
        and due <= today + dt.timedelta(days=NOTICE_WARNING_DAYS)
    )


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
