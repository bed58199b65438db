"""Forfall, vara, habilitet and vedtaksførhet: which vara to call in, who is present for each item,
whether the body is vedtaksfør (kommuneloven § 11-9), and the coverage forecast of a meeting."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import CallAnswer, QuorumRule
from osloreg.rules.coverage import BodyCoverage, UnitCoverage, UnitRef


@dataclass(frozen=True)
class Vara:
    """A vara's term in the body on the meeting's day: for a unit in an order, or one member's own."""

    person_id: int
    name: str
    unit_id: int | None
    order: int | None = None
    for_person_id: int | None = None  # a personal vara (styret)


def vara_offers(
    varas: Iterable[Vara], *, member_id: int, unit_id: int | None, passed_over: Iterable[int] = ()
) -> list[Vara]:
    """The vara to call in for a member with forfall, the next first: the member's personal vara, then
    the vara of the member's unit by their order. `passed_over`: those already asked (declined or
    waiting for an answer) or with forfall themselves."""
    skip = set(passed_over)
    own = [vara for vara in varas if vara.for_person_id == member_id and vara.person_id not in skip]
    of_unit = [
        vara
        for vara in varas
        if vara.for_person_id is None
        and unit_id is not None
        and vara.unit_id == unit_id
        and vara.person_id not in skip
    ]
    of_unit.sort(key=lambda vara: (vara.order is None, vara.order or 0, vara.name, vara.person_id))
    return [*sorted(own, key=lambda vara: (vara.name, vara.person_id)), *of_unit]


def may_meet_for(vara: Vara, *, member_id: int, unit_id: int | None) -> bool:
    """A vara meets only for the member whose personal vara they are, or for a member of their unit."""
    if vara.for_person_id is not None:
        return vara.for_person_id == member_id
    return unit_id is not None and vara.unit_id == unit_id


# --- Presence item by item ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The items a forfall covers, by position, both ends inclusive; an open end is open."""

    first: int | None = None
    last: int | None = None

    @property
    def whole(self) -> bool:
        return self.first is None and self.last is None

    def covers(self, position: int) -> bool:
        return (self.first is None or self.first <= position) and (self.last is None or position <= self.last)


def check_span(first: int | None, last: int | None) -> Span:
    """A forfall from an item to an item: the first not after the last."""
    if first is not None and last is not None and last < first:
        raise ValueError("span: the last item is before the first")
    return Span(first, last)


@dataclass(frozen=True)
class Attendee:
    person_id: int
    present: bool
    attended_for: int | None = None  # the member a vara met for


def present_by_item(
    positions: Sequence[int],
    attendees: Iterable[Attendee],
    *,
    absences: Mapping[int, Span],
    inhabil: Iterable[tuple[int, int]],
) -> dict[int, frozenset[int]]:
    """Position -> the people present for that item. A person recorded present is there for every item
    but those of their forfall (a forfall from or to an item: they came late or left) and those they
    were inhabil in. A vara who met for a member is there for the items the member missed."""
    away = set(inhabil)
    attendees = list(attendees)
    result = {}
    for position in positions:
        here = set()
        for person in attendees:
            if not person.present or (position, person.person_id) in away:
                continue
            if person.attended_for is not None:
                member_span = absences.get(person.attended_for)
                if member_span is not None and not member_span.covers(position):
                    continue  # the member was there for this item
            else:
                span = absences.get(person.person_id)
                if span is not None and not span.whole and span.covers(position):
                    continue
            here.add(person.person_id)
        result[position] = frozenset(here)
    return result


# --- Vedtaksførhet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    members: int  # the body's members (seats held) on the day
    present: int  # members, and vara meeting for one, present and not inhabil
    required: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


def quorum(rule: str, *, members: int, present: int) -> Quorum | None:
    """Kommuneloven § 11-9 first paragraph: a folkevalgt organ makes a vedtak only if at least half
    of its members are present. None where the body has no rule (it makes no vedtak)."""
    if rule != QuorumRule.HALF_MEMBERS or members <= 0:
        return None
    return Quorum(members=members, present=min(present, members), required=math.ceil(members / 2))


def counted_present(here: Iterable[int], *, members: Iterable[int], attended_for: Mapping[int, int]) -> int:
    """Of the people present for an item, how many count towards the quorum: members, and a vara for
    a member who is not there themselves (each seat once)."""
    members = set(members)
    here = set(here)
    seats = {person for person in here if person in members}
    for vara, member in attended_for.items():
        if vara in here and member in members and member not in here:
            seats.add(member)
    return len(seats)


# --- Coverage forecast ----------------------------------------------------------------------------------


class Expect(StrEnum):
    """What the coordinator can expect of a unit at a meeting."""

    ATTENDS = "attends"  # someone who covers it has sent no forfall
    VARA = "vara"  # all who cover it have forfall, and a vara has accepted
    VARA_ASKED = "vara_asked"  # a vara is called in, with no answer yet
    FORFALL = "forfall"  # all who cover it have forfall, and no vara has accepted
    NO_ONE = "no_one"  # no one covers the unit at all


COVERED = frozenset({Expect.ATTENDS, Expect.VARA})


@dataclass(frozen=True)
class Call:
    """A vara called in for a member's forfall (for the whole meeting or part of it)."""

    member_id: int
    vara_id: int
    vara_name: str
    answer: str


@dataclass(frozen=True)
class UnitForecast:
    unit: UnitRef
    expect: Expect
    people: tuple[str, ...]  # who covers it (by name)
    vara: str | None = None  # the vara who meets or is asked


@dataclass(frozen=True)
class Forecast:
    units: tuple[UnitForecast, ...]
    members: int
    expected_present: int
    quorum: Quorum | None

    @property
    def covered(self) -> int:
        return sum(unit.expect in COVERED for unit in self.units)

    @property
    def missing(self) -> tuple[UnitForecast, ...]:
        return tuple(unit for unit in self.units if unit.expect not in COVERED)


def _covering(unit: UnitCoverage) -> list[tuple[int, str]]:
    seats = [*unit.direct, *(link.seat for link in unit.indirect), *(link.seat for link in unit.unresolved)]
    return list(dict.fromkeys((seat.person_id, seat.person_name) for seat in seats))


def _unit_forecast(unit: UnitCoverage, away: set[int], calls: Mapping[int, list[Call]]) -> UnitForecast:
    people = _covering(unit)
    names = tuple(name for _, name in people)
    if not people:
        return UnitForecast(unit.unit, Expect.NO_ONE, names)
    if any(person not in away for person, _ in people):
        return UnitForecast(unit.unit, Expect.ATTENDS, names)
    answers = [call for person, _ in people for call in calls.get(person, ())]
    for answer, expect in ((CallAnswer.ACCEPTED, Expect.VARA), (CallAnswer.PENDING, Expect.VARA_ASKED)):
        found = next((call for call in answers if call.answer == answer), None)
        if found is not None:
            return UnitForecast(unit.unit, expect, names, found.vara_name)
    return UnitForecast(unit.unit, Expect.FORFALL, names)


def expected_present(members: Iterable[int], *, away: Iterable[int], calls: Iterable[Call]) -> int:
    """How many members will be there: those without forfall for the whole meeting, and those whose
    vara has said yes (each seat once)."""
    members, away = set(members), set(away)
    accepted = {call.member_id for call in calls if call.answer == CallAnswer.ACCEPTED}
    return len(members - away) + len(members & away & accepted)


def forecast(
    coverage: BodyCoverage, *, away: Iterable[int], calls: Iterable[Call], quorum_rule: str
) -> Forecast:
    """For a meeting ahead: each expected unit covered by someone who comes, by a vara, or missing,
    given the memberships on the day, forfall for the whole meeting (`away`) and the vara called in;
    and how many members will be there, against the quorum."""
    away, calls = set(away), list(calls)
    by_member: dict[int, list[Call]] = {}
    for call in calls:
        by_member.setdefault(call.member_id, []).append(call)
    members = {seat.person_id for seat in coverage.seats}
    present = expected_present(members, away=away, calls=calls)
    return Forecast(
        units=tuple(_unit_forecast(unit, away, by_member) for unit in coverage.units),
        members=len(members),
        expected_present=present,
        quorum=quorum(quorum_rule, members=len(members), present=present),
    )
