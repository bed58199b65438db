"""Advice awaiting the director: days waiting, overdue, and the queue order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osloreg.enums import AdviceState
from osloreg.rules.advice import days_overdue, days_waiting, is_overdue, queue_order

TODAY = dt.date(2024, 5, 15)


@dataclass
class Item:
    name: str
    submitted_at: dt.datetime | None
    target_date: dt.date | None = None
    state: str = AdviceState.SUBMITTED


def test_days_waiting_counts_whole_days_since_submission():
    assert days_waiting(dt.datetime(2024, 5, 1, 23, 59), TODAY) == 14
    assert days_waiting(dt.date(2024, 5, 15), TODAY) == 0


def test_advice_not_submitted_or_dated_ahead_has_waited_no_days():
    assert days_waiting(None, TODAY) == 0
    assert days_waiting(dt.datetime(2024, 5, 20), TODAY) == 0


def test_submitted_advice_past_its_target_date_is_overdue():
    assert is_overdue(state=AdviceState.SUBMITTED, target_date=dt.date(2024, 5, 14), today=TODAY)
    assert days_overdue(state=AdviceState.SUBMITTED, target_date=dt.date(2024, 5, 10), today=TODAY) == 5


def test_advice_due_today_is_not_yet_overdue():
    assert not is_overdue(state=AdviceState.SUBMITTED, target_date=TODAY, today=TODAY)


def test_advice_without_a_target_date_is_never_overdue():
    assert not is_overdue(state=AdviceState.SUBMITTED, target_date=None, today=TODAY)
    assert days_overdue(state=AdviceState.SUBMITTED, target_date=None, today=TODAY) == 0


def test_advice_not_in_the_directors_hands_is_not_overdue():
    past = dt.date(2024, 1, 1)
    for state in (AdviceState.DRAFT, AdviceState.DECIDED, AdviceState.WITHDRAWN):
        assert not is_overdue(state=state, target_date=past, today=TODAY)


def test_the_queue_puts_overdue_first_then_the_oldest():
    items = [
        Item("new", dt.datetime(2024, 5, 10)),
        Item("overdue but recent", dt.datetime(2024, 5, 12), target_date=dt.date(2024, 5, 14)),
        Item("old", dt.datetime(2024, 3, 1), target_date=dt.date(2024, 6, 1)),
        Item("overdue and old", dt.datetime(2024, 4, 1), target_date=dt.date(2024, 4, 20)),
    ]
    order = [item.name for item in queue_order(items, today=TODAY)]
    assert order == ["overdue and old", "overdue but recent", "old", "new"]


def test_advice_never_submitted_goes_last():
    items = [Item("draft", None, state=AdviceState.DRAFT), Item("submitted", dt.datetime(2024, 5, 1))]
    assert [item.name for item in queue_order(items, today=TODAY)] == ["submitted", "draft"]


def test_the_same_day_is_ordered_by_the_time_of_submission():
    items = [Item("afternoon", dt.datetime(2024, 5, 1, 15)), Item("morning", dt.datetime(2024, 5, 1, 9))]
    assert [item.name for item in queue_order(items, today=TODAY)] == ["morning", "afternoon"]
