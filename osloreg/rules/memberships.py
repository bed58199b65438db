"""Membership rules: terms and their dates, the one leader and one deputy of a body, vara (by order or
personal), what makes a membership's data doubtful, and coverage month by month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import MembershipRole
from osloreg.rules import coverage as coverage_rules
from osloreg.rules.coverage import SEATED_ROLES, valid_on
from osloreg.rules.validation import Invalid

# A body has at most one active leader and one active deputy.
SINGLE_ROLES = frozenset({MembershipRole.LEADER, MembershipRole.DEPUTY})
FAR_AHEAD_DAYS = 366  # a term starting later than this is more likely a typing error than a plan


@dataclass(frozen=True)
class Term:
    """A membership as the rules need it."""

    id: int
    person_id: int
    role: str
    start_on: dt.date
    end_on: dt.date | None = None
    unit_id: int | None = None
    order: int | None = None  # a vara's order among the unit's vara (1: første vara)
    for_person_id: int | None = None  # a personal vara: the member they stand in for

    def active_on(self, day: dt.date) -> bool:
        return valid_on(day, self.start_on, self.end_on)

    def overlaps(self, start_on: dt.date, end_on: dt.date | None) -> bool:
        """The term shares at least a day with [start_on, end_on] (open ends open)."""
        return (end_on is None or self.start_on <= end_on) and (
            self.end_on is None or start_on <= self.end_on
        )


def check_dates(start_on: dt.date | None, end_on: dt.date | None) -> dt.date:
    """A term has a start; an end, if any, on or after it."""
    if start_on is None:
        raise Invalid("error.required", {"field": "start_on"})
    if end_on is not None and end_on < start_on:
        raise Invalid("error.end_before_start", {})
    return start_on


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


@dataclass(frozen=True)
class Handover:
    """What taking a single role (leader, deputy) from a day does to the one who held it: their term
    in that role ends the day before, and they go on as a member from the day (if their term went on)."""

    ended: tuple[Term, ...]  # terms in the role that end on the day before
    continued: tuple[Term, ...]  # of those, the ones that went on after the day: a member term follows


def handover(terms: Iterable[Term], *, role: str, on: dt.date, person_id: int) -> Handover:
    """The terms of others in `role` that the person's new term from `on` takes over. A term in the
    role that starts on or after `on` cannot be taken over (it would be ended before it begins):
    that is Invalid, so the user sorts it out rather than the rule guessing."""
    if role not in SINGLE_ROLES:
        return Handover((), ())
    taken = []
    for term in terms:
        if term.role != role or term.person_id == person_id:
            continue
        if term.start_on >= on and term.overlaps(on, None):
            raise Invalid("error.role_taken_later", {"role": role, "date": term.start_on})
        if term.active_on(on):
            taken.append(term)
    continued = tuple(term for term in taken if term.end_on is None or term.end_on > on)
    return Handover(tuple(taken), continued)


def active_single_roles(terms: Iterable[Term], on: dt.date) -> dict[str, list[Term]]:
    """role -> the terms holding it on the day, for leader and deputy (more than one is an error)."""
    held: dict[str, list[Term]] = {role: [] for role in SINGLE_ROLES}
    for term in terms:
        if term.role in SINGLE_ROLES and term.active_on(on):
            held[term.role].append(term)
    return held


# --- Vara --------------------------------------------------------------------------------------------


def check_vara(
    role: str, *, person_id: int, unit_id: int | None, order: object, for_person_id: int | None
) -> tuple[int | None, int | None]:
    """(order, for_person_id) of a term, checked: only a vara has either; a vara is either one unit's,
    with its order (1 for første vara), or one member's personal vara, never both, and never their own.
    `unit_id` is the unit a unit's vara represents (a personal vara takes the member's)."""
    if role != MembershipRole.SUBSTITUTE:
        if order is not None or for_person_id is not None:
            raise Invalid("error.substitute_fields_only", {})
        return None, None
    if for_person_id is not None:
        if order is not None:
            raise Invalid("error.substitute_both", {})
        if for_person_id == person_id:
            raise Invalid("error.substitute_for_self", {})
        return None, for_person_id
    if unit_id is None:
        raise Invalid("error.substitute_needs_unit", {})
    if order is None:
        raise Invalid("error.substitute_order_missing", {})
    # bool is an int to Python; a ticked box is no order.
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise Invalid("error.substitute_order_invalid", {"value": str(order)})
    return order, None


def order_holder(
    terms: Iterable[Term],
    *,
    unit_id: int,
    order: int,
    start_on: dt.date,
    end_on: dt.date | None,
    skip: Iterable[int] = (),
) -> Term | None:
    """The unit's vara who holds `order` on some day of [start_on, end_on], if any: two vara of one
    unit in the same place at once would leave the secretariat not knowing whom to call first."""
    skipped = set(skip)
    for term in terms:
        if (
            term.id not in skipped
            and term.role == MembershipRole.SUBSTITUTE
            and term.for_person_id is None
            and term.unit_id == unit_id
            and term.order == order
            and term.overlaps(start_on, end_on)
        ):
            return term
    return None


def seat_on(terms: Iterable[Term], person_id: int, day: dt.date) -> Term | None:
    """The person's seat (leader, deputy, member) on the day: what a personal vara stands in for."""
    return next(
        (
            term
            for term in terms
            if term.person_id == person_id and term.role in SEATED_ROLES and term.active_on(day)
        ),
        None,
    )


# --- Data quality ----------------------------------------------------------------------------------


class Doubt(StrEnum):
    """Why a membership's data looks wrong (the coverage page's data-quality alerts)."""

    UNIT_NOT_VALID = "unit_not_valid"  # it represents a unit that did not exist then (its own life)
    NOT_MEMBER = (
        "not_member"  # it represents a unit while that unit was recorded as no member of Osloregionen
    )
    NO_LEADER = "no_leader"  # a body with seats has no active leader
    DATES_ODD = "dates_odd"  # before the body was founded, after it was dissolved, or far ahead
    LISTED_AFTER_END = "listed_after_end"  # the person attended a meeting of the body after the term ended
    TWO_IN_ROLE = "two_in_role"  # two active leaders (or deputies) at once


def unit_not_valid(
    start_on: dt.date,
    end_on: dt.date | None,
    unit_valid_from: dt.date | None,
    unit_valid_to: dt.date | None,
    today: dt.date,
) -> bool:
    """The term (up to today, if open) reaches outside the unit's own life (valid_from/valid_to, not
    its membership of Osloregionen): a term for Viken fylkeskommune running into 2024 is doubtful."""
    last = min(end_on or today, today) if start_on <= today else start_on
    return (unit_valid_from is not None and start_on < unit_valid_from) or (
        unit_valid_to is not None and last > unit_valid_to
    )


def dates_odd(
    start_on: dt.date,
    end_on: dt.date | None,
    *,
    founded_on: dt.date | None,
    dissolved_on: dt.date | None,
    today: dt.date,
) -> bool:
    """The term begins before its body was founded, goes on after it was dissolved, or starts more
    than a year ahead."""
    if founded_on is not None and start_on < founded_on:
        return True
    if dissolved_on is not None and (end_on is None or end_on > dissolved_on):
        return True
    return start_on > today + dt.timedelta(days=FAR_AHEAD_DAYS)


# --- Coverage over time -------------------------------------------------------------------------------


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s month to `last`'s, in order."""
    day = first.replace(day=1)
    months = []
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def coverage_by_month(
    rule: str,
    *,
    units: list[coverage_rules.UnitRef],
    seats: list[coverage_rules.Seat],
    links: list[coverage_rules.SubRegionLink],
    months: Iterable[dt.date],
) -> list[tuple[dt.date, int, int]]:
    """(month, expected units, covered units) on the first day of each month."""
    history = []
    for month in months:
        found = coverage_rules.coverage(rule, units=units, seats=seats, links=links, on=month)
        history.append((month, found.expected, found.covered_count))
    return history
