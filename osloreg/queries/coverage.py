"""Read side of coverage: which expected units a body's members cover on a date (rules.coverage)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import BodyKind, MembershipRole, UnitKind
from osloreg.models import (
    Body,
    BodyMandate,
    BodyName,
    Case,
    Membership,
    OsloregionMembership,
    Person,
    SubRegionMember,
    Unit,
    UnitName,
)
from osloreg.queries.case_numbers import latest_number, number_label
from osloreg.queries.common import Listing, active_on, frame
from osloreg.rules import advice as advice_rules
from osloreg.rules.coverage import (
    SEATED_ROLES,
    BodyCoverage,
    MemberPeriod,
    Seat,
    SubRegionLink,
    UnitRef,
    coverage,
    expected_units,
)

# A seat as rules.coverage.Seat takes it, in its field order (a membership joined to its person).
SEAT_COLUMNS = (
    Membership.person_id,
    Person.name,
    Membership.role,
    Membership.represents_unit_id,
    Membership.start_on,
    Membership.end_on,
    Membership.id,
    Membership.basis,
    Membership.appointed_by_unit_id,
)
CANDIDATE = sa.or_(Unit.kind.in_((UnitKind.SUB_REGION, UnitKind.COUNTY)), Unit.county_level.is_(True))


def member_periods(session: Session, unit_ids: Iterable[int]) -> dict[int, tuple[MemberPeriod, ...]]:
    """Each unit's membership periods of Osloregionen, oldest first."""
    periods: dict[int, list[MemberPeriod]] = defaultdict(list)
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    for row in session.execute(
        sa.select(
            OsloregionMembership.unit_id,
            OsloregionMembership.status,
            OsloregionMembership.valid_from,
            OsloregionMembership.valid_to,
            OsloregionMembership.basis,
        )
        .where(OsloregionMembership.unit_id.in_(ids))
        .order_by(OsloregionMembership.unit_id, OsloregionMembership.valid_from, OsloregionMembership.id)
    ):
        periods[row.unit_id].append(MemberPeriod(row.status, row.valid_from, row.valid_to, row.basis))
    return {unit_id: tuple(found) for unit_id, found in periods.items()}


def _names_on(session: Session, history, owner_id, ids: Iterable[int], on: dt.date) -> dict[int, str]:
    """From a name history (UnitName, BodyName), the name each owner had on the date, read at once."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    names: dict[int, str] = {}
    for owner, name in session.execute(
        sa.select(owner_id, history.name)
        .where(owner_id.in_(ids), active_on(history.valid_from, history.valid_to, on))
        .order_by(owner_id, history.valid_from.desc())
    ):
        names.setdefault(owner, name)
    return names


def unit_names_on(session: Session, *, on: dt.date, unit_ids: Iterable[int]) -> dict[int, str]:
    """The name each unit had on the date, where its name history says (Follorådet in 2020)."""
    return _names_on(session, UnitName, UnitName.unit_id, unit_ids, on)


def body_names_on(session: Session, *, on: dt.date, body_ids: Iterable[int]) -> dict[int, str]:
    """The name each body had on the date, where its name history says (Faggruppe for profilering,
    verdiskaping og kompetanse in 2018)."""
    return _names_on(session, BodyName, BodyName.body_id, body_ids, on)


def unit_refs(session: Session, *, on: dt.date | None, also: Iterable[int] = ()) -> list[UnitRef]:
    """The units of the kinds that may be expected (the rule and the membership periods make the
    choice), and `also` these (the municipalities that seats represent, for their names), each with
    its membership periods and, for a date, the name it had then."""
    also = sorted(set(also))
    columns = (Unit.id, Unit.name, Unit.kind, Unit.county_level, Unit.is_member, Unit.valid_from)
    columns += (Unit.valid_to, Unit.basis)
    where = sa.or_(CANDIDATE, Unit.id.in_(also)) if also else CANDIDATE
    rows = session.execute(sa.select(*columns).where(where)).all()
    periods = member_periods(session, [row.id for row in rows])
    names = unit_names_on(session, on=on, unit_ids=[row.id for row in rows]) if on else {}
    return [
        UnitRef(row.id, names.get(row.id, row.name), *row[2:], periods=periods.get(row.id, ()))
        for row in rows
    ]


def _known_before(session: Session, body_ids: Sequence[int], role: str, on: dt.date) -> set[int]:
    """The bodies with someone recorded in the role on or before the date."""
    return set(
        session.scalars(
            sa.select(Membership.body_id)
            .where(Membership.body_id.in_(body_ids), Membership.role == role, Membership.start_on <= on)
            .distinct()
        )
    )


def _sub_region_links(
    session: Session, municipalities: Iterable[int], first: dt.date, last: dt.date
) -> list[SubRegionLink]:
    """The sub-region memberships of the municipalities valid on some day from `first` to `last`."""
    municipalities = sorted(set(municipalities))
    if not municipalities:
        return []
    return [
        SubRegionLink(*row)
        for row in session.execute(
            sa.select(
                SubRegionMember.sub_region_id,
                SubRegionMember.municipality_id,
                SubRegionMember.valid_from,
                SubRegionMember.valid_to,
            ).where(
                SubRegionMember.municipality_id.in_(municipalities),
                sa.or_(SubRegionMember.valid_from.is_(None), SubRegionMember.valid_from <= last),
                sa.or_(SubRegionMember.valid_to.is_(None), SubRegionMember.valid_to >= first),
            )
        )
    ]


@dataclass(frozen=True)
class CoveredBody:
    body_id: int
    name: str
    coverage: BodyCoverage


def body_coverage(session: Session, *, on: dt.date, body_ids: Sequence[int]) -> list[CoveredBody]:
    """The coverage of each body on a date (rules.coverage), read in four small queries."""
    if not body_ids:
        return []
    bodies = session.execute(
        sa.select(Body.id, Body.name, Body.coverage_rule, Body.max_members)
        .where(Body.id.in_(body_ids))
        .order_by(Body.name)
    ).all()
    seats_by_body: dict[int, list[Seat]] = defaultdict(list)
    for row in session.execute(
        sa.select(Membership.body_id, *SEAT_COLUMNS)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.body_id.in_(body_ids), active_on(Membership.start_on, Membership.end_on, on))
    ):
        seats_by_body[row.body_id].append(Seat(*row[1:]))
    represented = {seat.unit_id for seats in seats_by_body.values() for seat in seats if seat.unit_id}
    units = unit_refs(session, on=on, also=represented)
    with_leader = _known_before(session, body_ids, MembershipRole.LEADER, on)
    with_deputy = _known_before(session, body_ids, MembershipRole.DEPUTY, on)
    links = _sub_region_links(session, represented, on, on)
    names = body_names_on(session, on=on, body_ids=body_ids)
    return [
        CoveredBody(
            body.id,
            names.get(body.id) or body.name,
            coverage(
                body.coverage_rule,
                units=units,
                seats=seats_by_body.get(body.id, ()),
                links=links,
                on=on,
                max_members=body.max_members,
                leader_known_before=body.id in with_leader,
                deputy_known_before=body.id in with_deputy,
            ),
        )
        for body in bodies
    ]


def coverage_on_days(
    session: Session, *, pairs: Iterable[tuple[dt.date, int]]
) -> dict[tuple[dt.date, int], CoveredBody]:
    """The coverage of each (day, body), read once for all of them: the seats and sub-region links
    of the whole span, and the units with their names on its first day (a calendar month or the
    weeks ahead: a name that changes within it is read as it was at the start). The rule then takes
    each day's active seats. For the forecasts of many meetings, where one read per day would cost
    a read per day; the leader and deputy are not judged here."""
    pairs = sorted(set(pairs))
    if not pairs:
        return {}
    body_ids = sorted({body_id for _, body_id in pairs})
    first, last = pairs[0][0], max(day for day, _ in pairs)
    bodies = {
        row.id: row
        for row in session.execute(
            sa.select(Body.id, Body.name, Body.coverage_rule, Body.max_members).where(Body.id.in_(body_ids))
        )
    }
    seats_by_body: dict[int, list[Seat]] = defaultdict(list)
    for row in session.execute(
        sa.select(Membership.body_id, *SEAT_COLUMNS)
        .join(Person, Person.id == Membership.person_id)
        .where(
            Membership.body_id.in_(body_ids),
            Membership.role.in_(sorted(SEATED_ROLES)),
            Membership.start_on <= last,
            sa.or_(Membership.end_on.is_(None), Membership.end_on >= first),
        )
    ):
        seats_by_body[row.body_id].append(Seat(*row[1:]))
    represented = {seat.unit_id for seats in seats_by_body.values() for seat in seats if seat.unit_id}
    units = unit_refs(session, on=first, also=represented)
    links = _sub_region_links(session, represented, first, last)
    names = body_names_on(session, on=first, body_ids=body_ids)
    return {
        (day, body_id): CoveredBody(
            body_id,
            names.get(body_id) or bodies[body_id].name,
            coverage(
                bodies[body_id].coverage_rule,
                units=units,
                seats=seats_by_body.get(body_id, ()),
                links=links,
                on=day,
                max_members=bodies[body_id].max_members,
            ),
        )
        for day, body_id in pairs
    }


@dataclass(frozen=True)
class CoverageView:
    body: CoveredBody
    kind: str
    rule: str
    municipalities: pd.DataFrame  # sub_region_id, unit_id, name, represented: each expected sub-region's
    # municipalities on the day, and whether a seat represents one (the picture's outer ring)


def coverage_view(session: Session, *, body_id: int, on: dt.date) -> CoverageView | None:
    """One body's coverage on a day, as the coverage page draws it (None if there is no such body)."""
    body = session.get(Body, body_id)
    if body is None:
        return None
    [covered] = body_coverage(session, on=on, body_ids=[body_id])
    sub_regions = [unit.unit.id for unit in covered.coverage.units if unit.unit.kind == UnitKind.SUB_REGION]
    represented = {seat.unit_id for seat in covered.coverage.seats if seat.unit_id}
    rows = []
    if sub_regions:
        rows = session.execute(
            sa.select(SubRegionMember.sub_region_id, Unit.id, Unit.name)
            .join(Unit, Unit.id == SubRegionMember.municipality_id)
            .where(
                SubRegionMember.sub_region_id.in_(sub_regions),
                active_on(SubRegionMember.valid_from, SubRegionMember.valid_to, on),
            )
            .order_by(SubRegionMember.sub_region_id, Unit.name)
        ).all()
    municipalities = frame(
        [(sub_region, unit_id, name, unit_id in represented) for sub_region, unit_id, name in rows],
        ["sub_region_id", "unit_id", "name", "represented"],
    )
    return CoverageView(covered, body.kind, body.coverage_rule, municipalities)


def _covered_counts(
    session: Session, *, on: dt.date, groups, expected_ids: list[int]
) -> list[tuple[int, str, int]]:
    """(id, name, covered) of each body in `groups` (a subquery of body ids): how many of the expected
    units its seats cover, directly or through a municipality; near the count rules.coverage gives."""
    expected = set(expected_ids)
    # The day's few links from a municipality to an expected sub-region.
    holders: dict[int, set[int]] = defaultdict(set)
    for municipality_id, sub_region_id in session.execute(
        sa.select(SubRegionMember.municipality_id, SubRegionMember.sub_region_id).where(
            SubRegionMember.sub_region_id.in_(expected_ids),
            SubRegionMember.sub_region_id != SubRegionMember.municipality_id,
            active_on(SubRegionMember.valid_from, SubRegionMember.valid_to, on),
        )
    ):
        holders[municipality_id].add(sub_region_id)
    names = dict(session.execute(sa.select(Body.id, Body.name).where(Body.id.in_(groups))).all())
    covered: dict[int, set[int]] = {body_id: set() for body_id in names}
    # The groups' seats, read from the body index alone and counted here, in the rule's own terms: a
    # union of the four ways to cover in SQL took 3.2 ms at 1x and 12.3 at 100x, this 1.1 and 10.1
    # (most of it the read of 4,400 seats).
    for body_id, unit_id, appointed_by in session.execute(
        sa.select(Membership.body_id, Membership.represents_unit_id, Membership.appointed_by_unit_id).where(
            Membership.body_id.in_(groups),
            Membership.role.in_(sorted(SEATED_ROLES)),
            active_on(Membership.start_on, Membership.end_on, on),
        )
    ):
        units = covered[body_id]
        if unit_id in expected:
            units.add(unit_id)
        if unit_id is None:
            continue
        if appointed_by is not None:
            # The sub-region that appointed the seat, as in the rule: the appointment stands for its
            # term even if the municipality has left that sub-region since.
            if appointed_by in expected and appointed_by != unit_id:
                units.add(appointed_by)
            continue
        held_by = holders.get(unit_id, ())
        if len(held_by) == 1:
            # With no appointing sub-region recorded: the only one that holds the municipality.
            units.add(next(iter(held_by)))
        elif held_by:
            # Held by two (Holmestrand): the seat is unresolved and counts once.
            units.add(-unit_id)
    # An estimate for the ranking: the rule itself gives the numbers shown (an unresolved seat whose
    # sub-regions are both covered by others counts here and not there).
    return [(body_id, names[body_id], len(units)) for body_id, units in covered.items()]


def expert_group_coverage(session: Session, *, today: dt.date, limit: int = 10) -> Listing:
    """Coverage of the active expert groups today: the `limit` least covered, in full, and how many
    groups there are. Every group is ranked by an estimate from one read of its seats; the rule then
    describes the few shown. Columns: body_id, body, expected, covered, share (0..1, or None when
    nothing is expected), missing (unit names), several (unit names), size, max_members, has_leader,
    has_deputy."""
    active = sa.and_(Body.kind == BodyKind.EXPERT_GROUP, active_on(Body.founded_on, Body.dissolved_on, today))
    rules = session.scalars(sa.select(Body.coverage_rule).where(active).distinct()).all()
    units = unit_refs(session, on=today)
    ranked = []
    for rule in rules:
        expected = [unit.id for unit in expected_units(rule, units, today)]
        groups = sa.select(Body.id).where(active, Body.coverage_rule == rule)
        for body_id, name, covered in _covered_counts(
            session, on=today, groups=groups, expected_ids=expected
        ):
            share = covered / len(expected) if expected else None
            ranked.append((share is None, share or 0.0, name, body_id))
    ranked.sort()
    shown = [body_id for *_, body_id in ranked[:limit]]
    described = {body.body_id: body for body in body_coverage(session, on=today, body_ids=shown)}
    records = []
    for body_id in shown:
        body = described[body_id]
        cover = body.coverage
        records.append(
            (
                body.body_id,
                body.name,
                cover.expected,
                cover.covered_count,
                cover.share,
                [unit.unit.name for unit in cover.missing],
                [unit.unit.name for unit in cover.several],
                cover.size,
                cover.max_members,
                cover.has_leader,
                cover.has_deputy,
            )
        )
    columns = ["body_id", "body", "expected", "covered", "share", "missing", "several", "size"]
    columns += ["max_members", "has_leader", "has_deputy"]
    return Listing(len(ranked), frame(records, columns))


def expected_units_among(
    session: Session,
    *,
    body_id: int,
    unit_ids: Iterable[int],
    on: dt.date,
    not_counted: Iterable[tuple[int, str]] = (),
) -> advice_rules.Completeness:
    """Which of the body's expected units (its coverage rule, on the day) are among `unit_ids`:
    directly, or a sub-region through one of its municipalities (rules.advice.completeness). The
    units that gave input on a matter, or that someone at a meeting represented. `not_counted`
    (units of input that does not count) is passed through to the result."""
    unit_ids = set(unit_ids)
    rule = session.scalar(sa.select(Body.coverage_rule).where(Body.id == body_id))
    expected = expected_units(rule, unit_refs(session, on=on), on) if rule else []
    sub_region_of: dict[int, set[int]] = defaultdict(set)
    if unit_ids:
        for municipality_id, sub_region_id in session.execute(
            sa.select(SubRegionMember.municipality_id, SubRegionMember.sub_region_id).where(
                SubRegionMember.municipality_id.in_(sorted(unit_ids)),
                active_on(SubRegionMember.valid_from, SubRegionMember.valid_to, on),
            )
        ):
            sub_region_of[municipality_id].add(sub_region_id)
    return advice_rules.completeness(
        [(unit.id, unit.name) for unit in expected],
        unit_ids,
        sub_region_of=dict(sub_region_of),
        not_counted=not_counted,
    )


@dataclass(frozen=True)
class Mandate:
    """A body's mandate in force on a date and the case that set it, with its basis."""

    body_id: int
    text: str
    case_id: int | None
    case_title: str | None
    case_label: str | None  # "48/20"
    valid_from: dt.date | None
    basis: str
    source: str | None


def body_mandate(session: Session, body_id: int, *, on: dt.date | None = None) -> Mandate | None:
    """The body's mandate in force on the date (the latest if None), for the coverage page and the
    case page; None if none is recorded."""
    query = sa.select(BodyMandate).where(BodyMandate.body_id == body_id)
    if on is not None:
        query = query.where(sa.or_(BodyMandate.valid_from.is_(None), BodyMandate.valid_from <= on))
    found = session.scalars(
        query.order_by(BodyMandate.valid_from.desc(), BodyMandate.id.desc()).limit(1)
    ).first()
    if found is None:
        return None
    case = session.get(Case, found.case_id) if found.case_id else None
    label = None
    if case is not None:
        # The case's number on the agenda it was last put on (48/20: styret's, the only one it has).
        label = number_label(*session.execute(sa.select(*latest_number(sa.literal(case.id)))).one())
    return Mandate(
        body_id,
        found.text,
        found.case_id,
        case.title if case else None,
        label,
        found.valid_from,
        found.basis,
        found.source,
    )


@dataclass(frozen=True)
class CaseMandate:
    """A body's mandate that a case set, for the case page."""

    body_name: str
    text: str
    valid_from: dt.date | None
    basis: str
    source: str | None


def mandates_set_by_case(session: Session, case_id: int) -> list[CaseMandate]:
    """The mandates the case set (48/20: the faggruppe for næringssamarbeid's), by body name."""
    rows = session.execute(
        sa.select(Body.name, BodyMandate.text, BodyMandate.valid_from, BodyMandate.basis, BodyMandate.source)
        .join(BodyMandate, BodyMandate.body_id == Body.id)
        .where(BodyMandate.case_id == case_id)
        .order_by(Body.name, BodyMandate.valid_from)
    )
    return [CaseMandate(*row) for row in rows]
