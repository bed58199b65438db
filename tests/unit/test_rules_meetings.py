"""Meeting rules: the month grid, a body's colour, status moves, times and what a result needs."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.enums import ConsultationResult, MeetingStatus
from osloreg.rules.meetings import (
    BODY_COLOURS,
    MAX_HOURS,
    TRANSITIONS,
    body_colour,
    can_move,
    check_move,
    check_result,
    check_times,
    grid_span,
    month_grid,
    notice_due_on,
    notice_due_soon,
    shift_month,
)
from osloreg.rules.validation import Invalid

MONDAY = 0
START = dt.datetime(2024, 5, 14, 9, 0)
TODAY = dt.date(2024, 5, 15)


def days_of(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    after = dt.date(*shift_month(year, month, 1), 1)
    return [first + dt.timedelta(days=n) for n in range((after - first).days)]


# --- The month grid -------------------------------------------------------------------------------


def test_february_2021_fits_in_exactly_four_weeks():
    weeks = month_grid(2021, 2)
    assert len(weeks) == 4
    assert weeks[0][0] == dt.date(2021, 2, 1)
    assert weeks[-1][-1] == dt.date(2021, 2, 28)


def test_a_month_starting_on_sunday_begins_with_the_monday_before():
    weeks = month_grid(2021, 8)  # 1 August 2021 is a Sunday
    assert weeks[0][0] == dt.date(2021, 7, 26)
    assert weeks[0][-1] == dt.date(2021, 8, 1)
    assert weeks[-1][-1] == dt.date(2021, 9, 5)
    assert len(weeks) == 6


@pytest.mark.parametrize("year", [2020, 2021, 2024, 2025])
def test_every_month_grid_is_whole_weeks_from_monday_covering_the_month_and_no_more(year):
    for month in range(1, 13):
        weeks = month_grid(year, month)
        shown = [day for week in weeks for day in week]
        assert all(len(week) == 7 for week in weeks)
        assert all(week[0].weekday() == MONDAY for week in weeks)
        assert shown == [shown[0] + dt.timedelta(days=n) for n in range(len(shown))]
        month_days = days_of(year, month)
        assert set(month_days) <= set(shown)
        # The first and the last week each hold a day of the month: no week of other months only.
        assert month_days[0] in weeks[0] and month_days[-1] in weeks[-1]


def test_the_grid_span_runs_from_the_first_day_shown_to_the_day_after_the_last():
    assert grid_span(2021, 2) == (dt.date(2021, 2, 1), dt.date(2021, 3, 1))
    assert grid_span(2021, 8) == (dt.date(2021, 7, 26), dt.date(2021, 9, 6))


def test_the_grid_span_of_december_reaches_into_the_next_year():
    first, after = grid_span(2024, 12)  # 1 December 2024 is a Sunday, 31st a Tuesday
    assert first == dt.date(2024, 11, 25)
    assert after == dt.date(2025, 1, 6)


# --- Moving between months ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "months", "expected"),
    [
        (2024, 5, 1, (2024, 6)),
        (2024, 5, -1, (2024, 4)),
        (2024, 5, 0, (2024, 5)),
        (2024, 12, 1, (2025, 1)),
        (2025, 1, -1, (2024, 12)),
        (2024, 1, 24, (2026, 1)),
        (2024, 1, -13, (2022, 12)),
        (2024, 11, 14, (2026, 1)),
        (2024, 5, -17, (2022, 12)),
    ],
)
def test_shifting_a_month_crosses_years_both_ways(year, month, months, expected):
    assert shift_month(year, month, months) == expected


def test_shifting_forth_and_back_returns_to_the_same_month():
    for months in range(-30, 31):
        assert shift_month(*shift_month(2024, 7, months), -months) == (2024, 7)


# --- A body's colour ------------------------------------------------------------------------------


def test_a_body_keeps_its_colour_and_the_colour_is_from_the_palette():
    for body_id in range(1, 40):
        assert body_colour(body_id) == body_colour(body_id)
        assert body_colour(body_id) in BODY_COLOURS


def test_bodies_next_to_each_other_get_all_the_colours_of_the_palette():
    assert {body_colour(body_id) for body_id in range(1, len(BODY_COLOURS) + 1)} == set(BODY_COLOURS)
    assert body_colour(3) != body_colour(4)


# --- Times ----------------------------------------------------------------------------------------


def test_a_meeting_with_a_start_and_no_end_is_accepted():
    assert check_times(START, None) == START


def test_a_meeting_ending_after_its_start_is_accepted():
    assert check_times(START, START + dt.timedelta(hours=2)) == START


def test_a_meeting_needs_a_start():
    with pytest.raises(Invalid) as caught:
        check_times(None, START)
    assert caught.value.key == "error.required"
    assert caught.value.params == {"field": "starts_at"}


def test_a_day_without_a_time_is_not_a_start():
    with pytest.raises(Invalid) as caught:
        check_times(dt.date(2024, 5, 14), None)
    assert caught.value.key == "error.required"


@pytest.mark.parametrize(
    "ends_at", [START, START - dt.timedelta(minutes=1), START - dt.timedelta(days=1), dt.date(2024, 5, 15)]
)
def test_an_end_at_or_before_the_start_or_without_a_time_is_refused(ends_at):
    with pytest.raises(Invalid) as caught:
        check_times(START, ends_at)
    assert caught.value.key == "error.meeting_end"


def test_a_meeting_of_exactly_a_day_is_accepted_and_a_minute_more_is_not():
    assert check_times(START, START + dt.timedelta(hours=MAX_HOURS)) == START
    with pytest.raises(Invalid) as caught:
        check_times(START, START + dt.timedelta(hours=MAX_HOURS, minutes=1))
    assert caught.value.key == "error.meeting_too_long"
    assert caught.value.params == {"hours": 24}


# --- Results --------------------------------------------------------------------------------------


def test_every_known_result_is_accepted_for_a_meeting_held_before_today():
    for result in ConsultationResult:
        assert check_result(result.value, meeting_day=dt.date(2024, 5, 1), today=TODAY) == result.value


def test_an_unknown_result_is_refused_and_named():
    with pytest.raises(Invalid) as caught:
        check_result("approved", meeting_day=dt.date(2024, 5, 1), today=TODAY)
    assert caught.value.key == "error.unknown_result"
    assert caught.value.params == {"result": "approved"}


def test_a_result_cannot_be_recorded_for_a_meeting_later_than_today():
    with pytest.raises(Invalid) as caught:
        check_result(ConsultationResult.ENDORSED, meeting_day=TODAY + dt.timedelta(days=1), today=TODAY)
    assert caught.value.key == "error.result_before_meeting"


def test_a_result_can_be_recorded_on_the_day_of_the_meeting():
    assert check_result("noted", meeting_day=TODAY, today=TODAY) == "noted"


# --- Status moves ---------------------------------------------------------------------------------


def test_every_status_has_its_moves_named():
    assert set(TRANSITIONS) == set(MeetingStatus)


def test_a_planned_meeting_is_held_or_cancelled():
    assert can_move(MeetingStatus.PLANNED, MeetingStatus.HELD)
    assert can_move(MeetingStatus.PLANNED, MeetingStatus.CANCELLED)
    assert not can_move(MeetingStatus.PLANNED, MeetingStatus.PLANNED)


def test_cancelled_is_final():
    assert TRANSITIONS[MeetingStatus.CANCELLED] == frozenset()
    for status in MeetingStatus:
        assert not can_move(MeetingStatus.CANCELLED, status)


def test_the_cycle_runs_planned_called_held_approved_published_and_never_back():
    cycle = [MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.HELD]
    cycle += [MeetingStatus.APPROVED, MeetingStatus.PUBLISHED]
    for earlier, later in zip(cycle[:-1], cycle[1:], strict=True):
        assert can_move(earlier, later)
        assert not can_move(later, earlier)
    assert can_move(MeetingStatus.PLANNED, MeetingStatus.HELD)  # held on paper, before the app
    assert not can_move(MeetingStatus.PLANNED, MeetingStatus.APPROVED)


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.CALLED])
def test_a_meeting_can_be_cancelled_until_it_is_held(status):
    assert can_move(status, MeetingStatus.CANCELLED)


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED])
def test_a_meeting_that_took_place_is_not_cancelled_afterwards(status):
    assert not can_move(status, MeetingStatus.CANCELLED)
    with pytest.raises(Invalid) as refused:
        check_move(
            status, MeetingStatus.CANCELLED, meeting_day=dt.date(2020, 9, 11), today=dt.date(2026, 1, 1)
        )
    assert refused.value.key == "error.meeting_held"


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.CALLED])
def test_no_protokoll_is_approved_before_the_meeting_is_held(status):
    with pytest.raises(Invalid) as refused:
        check_move(
            status, MeetingStatus.APPROVED, meeting_day=dt.date(2020, 9, 11), today=dt.date(2026, 1, 1)
        )
    assert refused.value.key == "error.minutes_before_held"
    check_move(
        MeetingStatus.HELD,
        MeetingStatus.APPROVED,
        meeting_day=dt.date(2020, 9, 11),
        today=dt.date(2026, 1, 1),
    )


def test_a_meeting_is_not_held_before_its_day():
    with pytest.raises(Invalid) as refused:
        check_move(
            MeetingStatus.CALLED,
            MeetingStatus.HELD,
            meeting_day=dt.date(2026, 12, 9),
            today=dt.date(2026, 12, 4),
        )
    assert refused.value.key == "error.result_before_meeting"


def test_the_notice_is_due_its_notice_period_before_the_meeting_and_listed_a_week_ahead():
    day, today = dt.date(2026, 12, 21), dt.date(2026, 12, 4)
    assert notice_due_on(day, 14) == dt.date(2026, 12, 7)
    assert notice_due_on(day, None) is None
    assert notice_due_soon(MeetingStatus.PLANNED, day, 14, today=today)  # due in 3 days
    assert not notice_due_soon(MeetingStatus.PLANNED, day, 7, today=today)  # due on the 14th: 10 days
    assert not notice_due_soon(MeetingStatus.CALLED, day, 14, today=today)  # sent
    assert not notice_due_soon(MeetingStatus.PLANNED, day, None, today=today)  # no period known
    assert notice_due_soon(MeetingStatus.PLANNED, dt.date(2026, 12, 5), 14, today=today)  # late
    assert not notice_due_soon(MeetingStatus.PLANNED, dt.date(2026, 12, 3), 14, today=today)  # past


def test_an_unknown_status_moves_nowhere():
    assert not can_move("postponed", MeetingStatus.HELD)
