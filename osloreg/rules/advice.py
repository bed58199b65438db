"""Advice rules: the state machine, the rationale rule, when input locks, input completeness, and
the ageing of advice awaiting the director (days waiting, overdue, the order of the queue)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, TypeVar

from osloreg.clock import OSLO
from osloreg.enums import AdviceState, Outcome

# --- The state machine --------------------------------------------------------------------------

# A decided advice stays decided: reopening a decision adds a new Decision row, the state is kept.
# Withdrawn is final.
ADVICE_TRANSITIONS: dict[str, frozenset[str]] = {
    AdviceState.DRAFT: frozenset({AdviceState.SUBMITTED, AdviceState.WITHDRAWN}),
    AdviceState.SUBMITTED: frozenset({AdviceState.DECIDED, AdviceState.WITHDRAWN}),
    AdviceState.DECIDED: frozenset({AdviceState.DECIDED}),
    AdviceState.WITHDRAWN: frozenset(),
}


def can_transition(from_state: str, to_state: str) -> bool:
    """True if advice in `from_state` may move to `to_state`; unknown states move nowhere."""
    return to_state in ADVICE_TRANSITIONS.get(from_state, frozenset())


def rationale_required(outcome: str) -> bool:
    """The director explains every outcome but `followed`: the group should learn why its advice
    was only partly followed, not followed, or merely noted."""
    return outcome != Outcome.FOLLOWED


def input_locked(feeding_advice_states: Iterable[str]) -> bool:
    """Input is locked once any advice it feeds is decided: the decision rests on it as it was."""
    return any(state == AdviceState.DECIDED for state in feeding_advice_states)


# --- Completeness of input ----------------------------------------------------------------------

_NO_LINKS: Mapping[int, Iterable[int]] = MappingProxyType({})


def input_day(created_at: dt.datetime) -> dt.date:
    """The day (in Oslo) input was given; moments are stored in UTC."""
    return created_at.replace(tzinfo=dt.UTC).astimezone(OSLO).date()


@dataclass(frozen=True)
class Term:
    """A term of the author's in the group, on behalf of a unit (start and end inclusive, open ends)."""

    unit_id: int
    start_on: dt.date | None
    end_on: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return (self.start_on is None or self.start_on <= day) and (self.end_on is None or day <= self.end_on)


def input_counts(
    *, unit_id: int | None, day: dt.date, author_terms: Iterable[Term], by_secretariat: bool
) -> bool:
    """Whether input counts for its unit: the secretariat registered it for the unit, or the author
    represented the unit in the group on the day it was given (anyone can type a unit's name)."""
    if unit_id is None:
        return False
    return by_secretariat or any(term.unit_id == unit_id and term.active_on(day) for term in author_terms)


@dataclass(frozen=True)
class Completeness:
    """Which of the expected units, each as (id, name), gave input and which did not."""

    expected: tuple[tuple[int, str], ...]
    given: tuple[tuple[int, str], ...]
    missing: tuple[tuple[int, str], ...]
    # Units named on input that does not count (see input_counts), and that no counted input covers:
    # shown, so that nothing is left out silently.
    not_counted: tuple[tuple[int, str], ...] = ()

    @property
    def given_count(self) -> int:
        return len(self.given)

    @property
    def expected_count(self) -> int:
        return len(self.expected)

    @property
    def share(self) -> float | None:
        """Given / expected; None when no unit is expected (as coverage's share)."""
        return self.given_count / self.expected_count if self.expected else None


def completeness(
    expected: Iterable[tuple[int, str]],
    units_with_input: Iterable[int],
    *,
    sub_region_of: Mapping[int, Iterable[int]] = _NO_LINKS,
    not_counted: Iterable[tuple[int, str]] = (),
) -> Completeness:
    """Which expected units gave input. A unit gave input if input was given on its behalf, or, for a
    sub-region, on behalf of one of its municipalities (`sub_region_of`: municipality id -> the ids
    of the sub-regions it sits in). Units keep the order of `expected`; a repeated one counts once.
    `not_counted`: the units of input that does not count, kept (once) unless they gave input anyway."""
    names: dict[int, str] = {}
    for unit_id, name in expected:
        names.setdefault(unit_id, name)
    units = tuple(names.items())
    with_input = set(units_with_input)
    through = {sub_region for unit_id in with_input for sub_region in sub_region_of.get(unit_id, ())}
    gave = with_input | through
    return Completeness(
        expected=units,
        given=tuple(unit for unit in units if unit[0] in gave),
        missing=tuple(unit for unit in units if unit[0] not in gave),
        not_counted=tuple({unit_id: name for unit_id, name in not_counted if unit_id not in gave}.items()),
    )


# --- Ageing -------------------------------------------------------------------------------------


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
