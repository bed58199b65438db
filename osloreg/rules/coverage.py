"""Coverage of a body on a date: which expected units someone represents, directly or through a
municipality of a sub-region, which have no one, and whether the body has its size and its leaders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import CoverageRule, MembershipRole, UnitKind

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
    MISSING = "missing"


@dataclass(frozen=True)
class UnitRef:
    """A unit as the rule needs it."""

    id: int
    name: str
    kind: str
    county_level: bool = False
    is_member: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    basis: str = ""

    def active_on(self, day: dt.date) -> bool:
        return self.is_member and valid_on(day, self.valid_from, self.valid_to)


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

    @property
    def status(self) -> Cover:
        if self.direct:
            return Cover.DIRECT
        return Cover.INDIRECT if self.indirect else Cover.MISSING

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
        """The municipalities through which the unit is covered, by name, each once."""
        return tuple(dict.fromkeys(link.municipality_name for link in self.indirect))


@dataclass(frozen=True)
class BodyCoverage:
    on: dt.date
    units: tuple[UnitCoverage, ...]
    seats: tuple[Seat, ...]  # the seated memberships active on the date
    outside: tuple[Seat, ...]  # seats that cover no expected unit (no unit, or a unit not expected)
    ending_soon: tuple[Seat, ...]  # seats whose term ends within the window, soonest first
    max_members: int | None = None

    @property
    def expected(self) -> int:
        return len(self.units)

    @property
    def covered(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.status is not Cover.MISSING)

    @property
    def missing(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.status is Cover.MISSING)

    @property
    def several(self) -> tuple[UnitCoverage, ...]:
        return tuple(unit for unit in self.units if unit.has_several)

    @property
    def share(self) -> float | None:
        """Covered units / expected units; None when the body is expected to cover nothing."""
        return len(self.covered) / self.expected if self.units else None

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


def expected_units(rule: str, units: Iterable[UnitRef], on: dt.date) -> list[UnitRef]:
    """The units a body with this rule is expected to cover on the date: active sub-regions, active
    member counties (for the rule that names them) and the county-level municipality, Oslo."""
    if rule == CoverageRule.NONE:
        return []
    with_counties = rule == CoverageRule.SUB_REGIONS_COUNTIES_OSLO
    chosen = []
    for unit in units:
        if not unit.active_on(on):
            continue
        if (
            unit.kind == UnitKind.SUB_REGION
            or (with_counties and unit.kind == UnitKind.COUNTY)
            or (unit.kind == UnitKind.MUNICIPALITY and unit.county_level)
        ):
            chosen.append(unit)
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
    outside = []
    for seat in active:
        unit_id = seat.unit_id
        if unit_id is None:
            outside.append(seat)
            continue
        if unit_id in expected_ids:
            direct[unit_id].append(seat)
        through = [
            sr for sr in sorted(sub_regions_of.get(unit_id, ())) if sr in expected_ids and sr != unit_id
        ]
        for sub_region_id in through:
            indirect[sub_region_id].append(Indirect(seat, unit_id, names.get(unit_id, str(unit_id))))
        if unit_id not in expected_ids and not through:
            outside.append(seat)

    horizon = on + dt.timedelta(days=ending_within_days)
    ending = sorted(
        (seat for seat in active if seat.end_on is not None and seat.end_on <= horizon),
        key=lambda seat: (seat.end_on, seat.person_name),
    )
    return BodyCoverage(
        on=on,
        units=tuple(
            UnitCoverage(unit, tuple(direct.get(unit.id, ())), tuple(indirect.get(unit.id, ())))
            for unit in expected
        ),
        seats=active,
        outside=tuple(outside),
        ending_soon=tuple(ending),
        max_members=max_members,
    )
