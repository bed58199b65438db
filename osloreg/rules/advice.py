"""Ageing of advice awaiting the director: days waiting, overdue, and the order of the queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from osloreg.enums import AdviceState


class AdviceLike(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def submitted_at(self) -> dt.datetime | dt.date | None: ...
    @property
    def target_date(self) -> dt.date | None: ...


T = TypeVar("T", bound=AdviceLike)


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def days_waiting(submitted_at: dt.datetime | dt.date | None, today: dt.date) -> int:
    """Whole days since the advice was submitted; 0 if it has not been (or is dated ahead)."""
    if submitted_at is None:
        return 0
    return max(0, (today - _day(submitted_at)).days)


def is_overdue(*, state: str, target_date: dt.date | None, today: dt.date) -> bool:
    """Submitted advice whose target date has passed. Draft, decided or withdrawn advice is never
    overdue for the director: it is not in the director's hands."""
    return state == AdviceState.SUBMITTED and target_date is not None and target_date < today


def days_overdue(*, state: str, target_date: dt.date | None, today: dt.date) -> int:
    if target_date is None or not is_overdue(state=state, target_date=target_date, today=today):
        return 0
    return (today - target_date).days


def _moment(value: dt.datetime | dt.date) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time.min)


def queue_key(item: AdviceLike, today: dt.date) -> tuple[int, int, dt.datetime]:
    """Overdue first, then oldest submitted first; advice never submitted goes last."""
    overdue = is_overdue(state=item.state, target_date=item.target_date, today=today)
    submitted = item.submitted_at
    if submitted is None:
        return (0 if overdue else 1, 1, dt.datetime.max)
    return (0 if overdue else 1, 0, _moment(submitted))


def queue_order(items: Iterable[T], *, today: dt.date) -> list[T]:
    """The director's queue order (stable for equal keys)."""
    return sorted(items, key=lambda item: queue_key(item, today))
