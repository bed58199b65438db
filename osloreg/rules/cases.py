"""A case's path through the bodies: its number, where it is now, the state of each step, whether it
has stalled, and what a treatment's result does to the case."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import ConsultationResult
from osloreg.rules.validation import Invalid

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
    role: str = ""
    authoritative: bool = False

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


# --- Numbers --------------------------------------------------------------------------------------

NUMBER_MAX = 9999
YEAR_MIN, YEAR_MAX = 1990, 2200  # as the schema allows
_LABEL = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{2}|\d{4})\s*$")


def next_number(taken: Iterable[int]) -> int:
    """The number a new case of the year gets: one after the highest taken (1 for the first)."""
    return max(taken, default=0) + 1


def check_number(number: object, year: object) -> tuple[int, int]:
    """A case number (1-9999) and a year the schema allows, or Invalid."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid("error.case_year", {"min": YEAR_MIN, "max": YEAR_MAX})
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= NUMBER_MAX:
        raise Invalid("error.case_number", {"max": NUMBER_MAX})
    return number, year


def parse_label(text: str, *, today: dt.date) -> tuple[int, int] | None:
    """ "48/20" -> (48, 2020); a two-digit year is the latest such year not after next year."""
    match = _LABEL.match(text or "")
    if match is None:
        return None
    number, year = int(match[1]), int(match[2])
    if year < 100:
        century = (today.year + 1) // 100 * 100
        year = century + year if century + year <= today.year + 1 else century - 100 + year
    return number, year


# --- The path ----------------------------------------------------------------------------------------


class StepState(StrEnum):
    """A step of the path as the case page shows it."""

    DONE = "done"  # treated
    NEXT = "next"  # the next treatment on the path
    WAITING = "waiting"  # planned after the next one
    SKIPPED = "skipped"  # planned before the last treatment, never treated (passed over)


def step_states(steps: Iterable[Step]) -> list[tuple[Step, StepState]]:
    """Every step in order with its state (where_is_it decides which is next)."""
    ordered = sorted(steps, key=lambda step: step.sequence)
    position = where_is_it(ordered)
    after = position.last_treated.sequence if position.last_treated else None
    states = []
    for step in ordered:
        if step.treated:
            state = StepState.DONE
        elif position.next_planned is not None and step.sequence == position.next_planned.sequence:
            state = StepState.NEXT
        elif after is not None and step.sequence < after:
            state = StepState.SKIPPED
        else:
            state = StepState.WAITING
        states.append((step, state))
    return states


class CaseState(StrEnum):
    """Where the case stands, in a word."""

    NEW = "new"  # nothing planned or treated yet
    PLANNED = "planned"  # a treatment is planned, none has happened
    UNDER_WAY = "under_way"  # treated, and the path goes on
    HANGING = "hanging"  # returned or postponed, with no new treatment planned
    DECIDED = "decided"  # the deciding body has treated it with a result that closes it
    REJECTED = "rejected"  # the deciding body has treated it: "ikke vedtatt"
    UNRECORDED = "unrecorded"  # the deciding body has treated it; its vedtak is not recorded
    AT_END = "at_end"  # treated, nothing more planned, no deciding body's result


# A deciding body's result that closes the case (a returned or postponed one does not).
CLOSING_RESULTS = frozenset(
    {ConsultationResult.ENDORSED, ConsultationResult.ENDORSED_WITH_CHANGES, ConsultationResult.NOTED}
)


def case_state(steps: Iterable[Step]) -> CaseState:
    ordered = list(steps)
    position = where_is_it(ordered)
    deciding = [step for step in ordered if step.treated and step.authoritative]
    decided = any(step.result in CLOSING_RESULTS for step in deciding)
    if decided and position.next_planned is None:
        return CaseState.DECIDED
    if deciding and position.next_planned is None and not position.hanging:
        # The deciding body's last treatment: refused, or treated with no result on record (the
        # source says nothing of its vedtak): never shown as decided.
        if deciding[-1].result == ConsultationResult.REJECTED:
            return CaseState.REJECTED
        if deciding[-1].result is None:
            return CaseState.UNRECORDED
    if position.hanging:
        return CaseState.HANGING
    if position.last_treated is None:
        return CaseState.PLANNED if position.next_planned is not None else CaseState.NEW
    return CaseState.UNDER_WAY if position.next_planned is not None else CaseState.AT_END


def decides_case(*, authoritative: bool, result: str | None) -> bool:
    """A treatment by the deciding body with a closing result gives the case its final decision."""
    return authoritative and result in CLOSING_RESULTS


# --- The vote -----------------------------------------------------------------------------------------

VOTES_MAX = 999


def check_vote(
    *, unanimous: bool | None, votes_for: object, votes_against: object
) -> tuple[bool | None, int | None, int | None]:
    """A vote as recorded: enstemmig, or the numbers for and against (both), or none at all."""
    for value in (votes_for, votes_against):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= VOTES_MAX
        ):
            raise Invalid("error.vote_number", {"max": VOTES_MAX})
    if (votes_for is None) != (votes_against is None):
        raise Invalid("error.vote_both", {})
    if unanimous and votes_against:
        raise Invalid("error.vote_unanimous_against", {})
    return (True if unanimous else None), votes_for, votes_against  # type: ignore[return-value]
