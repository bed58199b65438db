"""A case's path through the bodies: where it is now, and whether it has stalled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from osloreg.enums import ConsultationResult

STALLED_AFTER_WEEKS = 8
# Results after which the case needs a new consultation to move on. The brief names `returned`;
# a `postponed` case with nothing planned is left hanging in the same way.
HANGING_RESULTS = frozenset({ConsultationResult.RETURNED, ConsultationResult.POSTPONED})


@dataclass(frozen=True)
class Step:
    """One consultation of the case: planned until it has been treated (has a treated date)."""

    sequence: int
    body_id: int
    planned_on: dt.date | None = None
    treated_on: dt.date | None = None
    result: str | None = None
    body_name: str = ""
    meeting_id: int | None = None

    @property
    def treated(self) -> bool:
        return self.treated_on is not None


@dataclass(frozen=True)
class Position:
    """Where the case is now: the last treatment it had, and the next one on its path."""

    last_treated: Step | None
    next_planned: Step | None

    @property
    def hanging(self) -> bool:
        """The last treatment sent the case back (or put it off) and nothing new is planned."""
        return (
            self.next_planned is None
            and self.last_treated is not None
            and self.last_treated.result in HANGING_RESULTS
        )


def where_is_it(steps: Iterable[Step]) -> Position:
    """The last treated consultation (highest sequence) and the first untreated one after it."""
    ordered = sorted(steps, key=lambda step: step.sequence)
    treated = [step for step in ordered if step.treated]
    last = treated[-1] if treated else None
    after = last.sequence if last is not None else None
    upcoming = [step for step in ordered if not step.treated and (after is None or step.sequence > after)]
    return Position(last_treated=last, next_planned=upcoming[0] if upcoming else None)


def idle_since(position: Position, *, opened_on: dt.date) -> dt.date:
    """The day the case last moved: its last treatment, or the day it was opened."""
    if position.last_treated is not None and position.last_treated.treated_on is not None:
        return position.last_treated.treated_on
    return opened_on


@dataclass(frozen=True)
class Standing:
    """What decides whether a case stalls, apart from the date: stored on the case (cases.waiting,
    cases.idle_since) so that "stalled" is one indexed range query however many cases there are."""

    waiting: bool  # the path goes on: a next planned consultation, or a result that left it hanging
    idle_since: dt.date


def standing(steps: Iterable[Step], *, opened_on: dt.date) -> Standing:
    position = where_is_it(steps)
    return Standing(
        waiting=position.next_planned is not None or position.hanging,
        idle_since=idle_since(position, opened_on=opened_on),
    )


def is_stalled(
    steps: Iterable[Step], *, today: dt.date, opened_on: dt.date, weeks: int = STALLED_AFTER_WEEKS
) -> bool:
    """No treatment for `weeks` while the path has a next planned consultation, or while the last
    result left the case hanging. A case at the end of its path (or with no path) is not stalled."""
    now = standing(steps, opened_on=opened_on)
    return now.waiting and now.idle_since < stalled_cutoff(today, weeks)


def stalled_cutoff(today: dt.date, weeks: int = STALLED_AFTER_WEEKS) -> dt.date:
    """A case that last moved before this day has stalled (exactly `weeks` ago is not yet)."""
    return today - dt.timedelta(weeks=weeks)
