"""Coverage of a body on a date: which member units someone represents, directly or through a
municipality its sub-region appointed, which have no one, whose membership is unknown, and leaders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import CoverageRule, MembershipRole, MemberStatus, UnitKind

# Roles that hold a seat: they count towards max_members and represent their unit. Observers and
# secretaries take part in the meetings without a seat.
SEATED_ROLES = frozenset({MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER})
TERM_ENDING_DAYS = 90


def valid_on(day: dt.date, valid_from: dt.date | None, valid_to: dt.date | None) -> bool:
    """Both ends inclusive; an open end is open."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


class Cover(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    # Only a person from a municipality in two sub-regions, with no record of which one appointed them.
    UNRESOLVED = "unresolved"
    MISSING = "missing"


@dataclass(frozen=True)
class MemberPeriod:
    """A unit's membership of Osloregionen in a period (status member / not_member / unknown)."""

    status: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    basis: str = ""


@dataclass(frozen=True)
class UnitRef:
    """A unit as the rule needs it. valid_from/valid_to is the unit's own life; `periods` its
    membership of Osloregionen. A unit with no periods recorded is a member while it lives if
    `is_member` (a unit added in the directory), else its membership is unknown."""

    id: int
    name: str
    kind: str
    county_level: bool = False
    is_member: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    basis: str = ""
    periods: tuple[MemberPeriod, ...] = ()

    def exists_on(self, day: dt.date) -> bool:
        return valid_on(day, self.valid_from, self.valid_to)

    def status_on(self, day: dt.date) -> MemberStatus:
        if not self.exists_on(day):
            return MemberStatus.NOT_MEMBER
        if not self.periods:
            return MemberStatus.MEMBER if self.is_member else MemberStatus.UNKNOWN
        found = {
            period.status for period in self.periods if valid_on(day, period.valid_from, period.valid_to)
        }
        # On 28.10.2020 an alliance period ends and an IPR period starts: a member in either is a member.
        for status in (MemberStatus.MEMBER, MemberStatus.UNKNOWN):
            if status in found:
                return status
        return MemberStatus.NOT_MEMBER

    def period_on(self, day: dt.date) -> MemberPeriod | None:
        """The period that gives the status on the day (for its basis)."""
        status = self.status_on(day)
        return next(
            (
                period
                for period in self.periods
                if period.status == status and valid_on(day, period.valid_from, period.valid_to)
            ),
            None,
        )

    def active_on(self, day: dt.date) -> bool:
        """A member of Osloregionen on the day."""
        return self.status_on(day) == MemberStatus.MEMBER


@dataclass(frozen=True)
class Seat:
    """A membership: a person in the body, in a role, representing a unit (or none), for a term."""

    person_id: int
    person_name: str
    role: str
    unit_id: int | None
    start_on: dt.date
    end_on: dt.date | None = None
    membership_id: int | None = None
    basis: str = ""
    appointed_by: int | None = None  # the sub-region that appointed a municipality's person

    def active_on(self, day: dt.date) -> bool:
        return valid_on(day, self.start_on, self.end_on)


@dataclass(frozen=True)
class SubRegionLink:
    """A municipality's membership of a sub-region, dated (a municipality may sit in two)."""

    sub_region_id: int
    municipality_id: int
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Indirect:
    """A seat that covers a sub-region through one of its municipalities."""

    seat: Seat
    municipality_id: int
    municipality_name: str


@dataclass(frozen=True)
class UnitCoverage:
    unit: UnitRef
    direct: tuple[Seat, ...] = ()
    indirect: tuple[Indirect, ...] = ()
    # Seats of a municipality in two sub-regions with no appointing sub-region recorded: they may
    # cover this unit or the other one, and count once between them (BodyCoverage.covered_count).
    unresolved: tuple[Indirect, ...] = ()

    @property
    def status(self) -> Cover:
        if self.direct:
            return Cover.DIRECT
        if self.indirect:
            return Cover.INDIRECT
        return Cover.UNRESOLVED if self.unresolved else Cover.MISSING

    @property
    def person_ids(self) -> frozenset[int]:
        return frozenset(seat.person_id for seat in self.direct) | frozenset(
            link.seat.person_id for link in self.indirect
        )

    @property
    def has_several(self) -> bool:
        """More than one person covers the unit, directly or through its municipalities."""
        return len(self.person_ids) > 1

    @property
    def through(self) -> tuple[str, ...]:
        """The municipalities through which the unit is (or may be) covered, by name, each once."""
        links = self.indirect or self.unresolved
        return tuple(dict.fromkeys(link.municipality_name for link in links))


@dataclass(frozen=True)
class BodyCoverage:
    on: dt.date
    units: tuple[UnitCoverage, ...]
    seats: tuple[Seat, ...]  # the seated memberships active on the date
    outside: tuple[Seat, ...]  # seats that cover no expected unit (no unit, or a unit not expected)
    ending_soon: tuple[Seat, ...]  # seats whose term ends within the window, soonest first
    max_members: int | None = None
    # Units of the rule's kinds whose membership of Osloregionen is unknown on the date: not expected,
    # and shown as unknown, never as missing.
    unknown: tuple[UnitRef, ...] = ()
    # Whether a leader / deputy is recorded before the date at all: before the first record the
    # holder is unknown, not missing.
    leader_known_before: bool = True
    deputy_known_before: bool = True

    @property
    def expected(self) -> int:
        return len(self.units)

    @property
    def covered(self) -> tuple[UnitCoverage, ...]:
        """The units covered for certain (directly or through a municipality its sub-region appointed)."""
        return tuple(unit for unit in self.units if unit.status in (Cover.DIRECT, Cover.INDIRECT))

    @property
    def unresolved(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.status is Cover.UNRESOLVED)

    @property
    def covered_count(self) -> int:
        """Units covered: the certain ones, and each unresolved person once (not once per sub-region)."""
        people = {link.seat.person_id for unit in self.unresolved for link in unit.unresolved}
        return len(self.covered) + min(len(people), len(self.unresolved))

    @property
    def missing(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.status is Cover.MISSING)

    @property
    def several(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.has_several)

    @property
    def share(self) -> float | None:
        """Covered units / expected units; None when the body is expected to cover nothing."""
        return self.covered_count / self.expected if self.units else None

    @property
    def size(self) -> int:
        return len({seat.person_id for seat in self.seats})

    @property
    def over_max(self) -> bool:
        return self.max_members is not None and self.size > self.max_members

    @property
    def has_leader(self) -> bool:
        return any(seat.role == MembershipRole.LEADER for seat in self.seats)

    @property
    def has_deputy(self) -> bool:
        return any(seat.role == MembershipRole.DEPUTY for seat in self.seats)

    @property
    def leader_state(self) -> str:
        """yes / no / unknown (no one recorded in the role before this date)."""
        return _role_state(self.has_leader, self.leader_known_before)

    @property
    def deputy_state(self) -> str:
        return _role_state(self.has_deputy, self.deputy_known_before)


def _role_state(held: bool, known_before: bool) -> str:
    if held:
        return "yes"
    return "no" if known_before else "unknown"


def _rule_kinds(rule: str, unit: UnitRef) -> bool:
    return (
        unit.kind == UnitKind.SUB_REGION
        or (rule == CoverageRule.SUB_REGIONS_COUNTIES_OSLO and unit.kind == UnitKind.COUNTY)
        or (unit.kind == UnitKind.MUNICIPALITY and unit.county_level)
    )


def unknown_units(rule: str, units: Iterable[UnitRef], on: dt.date) -> list[UnitRef]:
    """Units of the rule's kinds whose membership of Osloregionen is unknown on the date."""
    if rule == CoverageRule.NONE:
        return []
    chosen = [
        unit for unit in units if _rule_kinds(rule, unit) and unit.status_on(on) == MemberStatus.UNKNOWN
    ]
    return sorted(chosen, key=lambda unit: unit.name)


def expected_units(rule: str, units: Iterable[UnitRef], on: dt.date) -> list[UnitRef]:
    """The units a body with this rule is expected to cover on the date: the sub-regions, the county
    councils (for the rule that names them) and the county-level municipality, Oslo, that are
    members of Osloregionen on that date."""
    if rule == CoverageRule.NONE:
        return []
    chosen = [unit for unit in units if unit.active_on(on) and _rule_kinds(rule, unit)]
    order = {UnitKind.SUB_REGION: 0, UnitKind.COUNTY: 1, UnitKind.MUNICIPALITY: 2}
    return sorted(chosen, key=lambda unit: (order.get(unit.kind, 3), unit.name))


def coverage(
    rule: str,
    *,
    units: Iterable[UnitRef],
    seats: Iterable[Seat],
    links: Iterable[SubRegionLink],
    on: dt.date,
    max_members: int | None = None,
    ending_within_days: int = TERM_ENDING_DAYS,
    leader_known_before: bool = True,
    deputy_known_before: bool = True,
) -> BodyCoverage:
    """Coverage of one body on a date.

    `units` are the units known to the caller: at least the candidates for expected units and the
    units the seats represent (for the names of municipalities). `seats` and `links` may include
    ones that are not active on the date; they are left out here."""
    units = list(units)
    names = {unit.id: unit.name for unit in units}
    expected = expected_units(rule, units, on)
    expected_ids = {unit.id for unit in expected}
    active = tuple(seat for seat in seats if seat.role in SEATED_ROLES and seat.active_on(on))

    sub_regions_of: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if valid_on(on, link.valid_from, link.valid_to):
            sub_regions_of[link.municipality_id].add(link.sub_region_id)

    direct: dict[int, list[Seat]] = defaultdict(list)
    indirect: dict[int, list[Indirect]] = defaultdict(list)
    unresolved: dict[int, list[Indirect]] = defaultdict(list)
    outside = []
    for seat in active:
        unit_id = seat.unit_id
        if unit_id is None:
            outside.append(seat)
            continue
        if unit_id in expected_ids:
            direct[unit_id].append(seat)
        candidates = [
            sr for sr in sorted(sub_regions_of.get(unit_id, ())) if sr in expected_ids and sr != unit_id
        ]
        # The sub-region that appointed the person is the one covered (DESIGN: represents = appointed
        # by); without that record a municipality in one sub-region covers it, one in two is unresolved.
        if seat.appointed_by is not None:
            through = [seat.appointed_by] if seat.appointed_by in expected_ids else []
            doubtful: list[int] = []
        elif len(candidates) > 1:
            through, doubtful = [], candidates
        else:
            through, doubtful = candidates, []
        link = Indirect(seat, unit_id, names.get(unit_id, str(unit_id)))
        for sub_region_id in through:
            if sub_region_id != unit_id:
                indirect[sub_region_id].append(link)
        for sub_region_id in doubtful:
            unresolved[sub_region_id].append(link)
        if unit_id not in expected_ids and not through and not doubtful:
            outside.append(seat)

    horizon = on + dt.timedelta(days=ending_within_days)
    ending = sorted(
        (seat for seat in active if seat.end_on is not None and seat.end_on <= horizon),
        key=lambda seat: (seat.end_on, seat.person_name),
    )
    return BodyCoverage(
        on=on,
        units=tuple(
            UnitCoverage(
                unit,
                tuple(direct.get(unit.id, ())),
                tuple(indirect.get(unit.id, ())),
                tuple(unresolved.get(unit.id, ())),
            )
            for unit in expected
        ),
        seats=active,
        outside=tuple(outside),
        ending_soon=tuple(ending),
        max_members=max_members,
        unknown=tuple(unknown_units(rule, units, on)),
        leader_known_before=leader_known_before,
        deputy_known_before=deputy_known_before,
    )
