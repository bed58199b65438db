"""Read side of membership coverage: a body's coverage on a date and the units behind it, its current
and former members, its coverage month by month, and the data-quality alerts; what the forms offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import BodyKind, MembershipRole, MemberStatus
from osloreg.models import (
    Attendance,
    Body,
    Meeting,
    Membership,
    OsloregionMembership,
    Person,
    SubRegionMember,
    Unit,
)
from osloreg.queries.common import Listing, active_on, frame, like_any
from osloreg.queries.coverage import SEAT_COLUMNS, unit_refs
from osloreg.rules import memberships as rules
from osloreg.rules.coverage import SEATED_ROLES, Seat, SubRegionLink
from osloreg.snapshots import snapshot

DEFAULT_BODY = "Faggruppe for næringssamarbeid"  # the expert group the case paper is about


def body_choices(session: Session) -> list[tuple[int, str]]:
    """Bodies that have members: those expected to cover units first (expert groups), then the rest,
    each by name."""
    rows = session.execute(
        sa.select(Body.id, Body.name, Body.coverage_rule)
        .where(sa.exists().where(Membership.body_id == Body.id))
        .order_by(sa.case((Body.coverage_rule == "none", 1), else_=0), Body.name)
    ).all()
    return [(row.id, row.name) for row in rows]


def default_body(session: Session) -> int | None:
    """The expert group for næringssamarbeid, else the first expert group, else the first body."""
    found = session.scalar(sa.select(Body.id).where(Body.name == DEFAULT_BODY))
    if found is None:
        found = session.scalar(
            sa.select(Body.id).where(Body.kind == BodyKind.EXPERT_GROUP).order_by(Body.name).limit(1)
        )
    return found or session.scalar(sa.select(Body.id).order_by(Body.name).limit(1))


# --- Members ---------------------------------------------------------------------------------------------

MEMBER_COLUMNS = ["id", "person_id", "person", "role", "unit_id", "unit", "employer", "email", "start_on"]
MEMBER_COLUMNS += ["end_on", "basis", "snapshot", "appointed_by", "substitute_order", "for_person_id"]
MEMBER_COLUMNS += ["for_person"]


@dataclass(frozen=True)
class Members:
    current: pd.DataFrame  # seated (and observers, secretaries) on the day: MEMBER_COLUMNS, leader and
    # deputy first, then by name
    former: pd.DataFrame  # ended before the day, latest first (vara among them)
    coming: pd.DataFrame  # starting after the day, soonest first (vara among them)
    # vara on the day, apart: they hold no seat until called in. By unit, a unit's by order, then the
    # personal vara (for_person: the member they stand in for)
    varas: pd.DataFrame


def members(session: Session, *, body_id: int, on: dt.date) -> Members:
    order = sa.case({MembershipRole.LEADER: 0, MembershipRole.DEPUTY: 1}, value=Membership.role, else_=2)
    appointing, stands_in_for = aliased(Unit), aliased(Person)
    rows = session.execute(
        sa.select(
            Membership,
            Person.name,
            Unit.name,
            Person.employer,
            Person.email,
            appointing.name,
            stands_in_for.name,
        )
        .join(Person, Person.id == Membership.person_id)
        .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
        .outerjoin(appointing, appointing.id == Membership.appointed_by_unit_id)
        .outerjoin(stands_in_for, stands_in_for.id == Membership.substitute_for_person_id)
        .where(Membership.body_id == body_id)
        .order_by(order, Person.name, Membership.start_on)
    ).all()
    current, former, coming, varas = [], [], [], []
    for row in rows:
        term = row.Membership
        record = (term.id, term.person_id, row[1], term.role, term.represents_unit_id, row[2], row[3], row[4])
        record += (term.start_on, term.end_on, term.basis, snapshot(term), row[5])
        record += (term.substitute_order, term.substitute_for_person_id, row[6])
        if term.start_on > on:
            coming.append(record)
        elif term.end_on is not None and term.end_on < on:
            former.append(record)
        elif term.role == MembershipRole.SUBSTITUTE:
            varas.append(record)
        else:
            current.append(record)
    former.sort(key=lambda record: record[9], reverse=True)
    coming.sort(key=lambda record: record[8])
    # A unit's vara by their order, its personal vara after them; units by name (None last).
    unit, order, for_person = 5, 13, 14  # positions in a record (MEMBER_COLUMNS)
    varas.sort(
        key=lambda record: (
            record[unit] is None,
            record[unit] or "",
            record[for_person] is not None,
            record[order] or 0,
        )
    )
    return Members(
        frame(current, MEMBER_COLUMNS),
        frame(former, MEMBER_COLUMNS),
        frame(coming, MEMBER_COLUMNS),
        frame(varas, MEMBER_COLUMNS),
    )


# --- Coverage month by month ------------------------------------------------------------------------------


def coverage_history(session: Session, *, body_id: int, last: dt.date) -> pd.DataFrame:
    """The body's coverage on the first day of every month from its first membership (or founding) to
    `last`. Columns: month, expected, covered, share (None when nothing is expected)."""
    body = session.get(Body, body_id)
    if body is None:
        return frame([], ["month", "expected", "covered", "share"])
    seats = [
        Seat(*row)
        for row in session.execute(
            sa.select(*SEAT_COLUMNS)
            .join(Person, Person.id == Membership.person_id)
            .where(Membership.body_id == body_id, Membership.role.in_(sorted(SEATED_ROLES)))
        )
    ]
    first = min(
        [seat.start_on for seat in seats] + ([body.founded_on] if body.founded_on else []), default=None
    )
    if first is None:
        return frame([], ["month", "expected", "covered", "share"])
    represented = sorted({seat.unit_id for seat in seats if seat.unit_id})
    units = unit_refs(session, on=None, also=represented)
    links = [
        SubRegionLink(*row)
        for row in session.execute(
            sa.select(
                SubRegionMember.sub_region_id,
                SubRegionMember.municipality_id,
                SubRegionMember.valid_from,
                SubRegionMember.valid_to,
            ).where(SubRegionMember.municipality_id.in_(represented))
        )
    ]
    history = rules.coverage_by_month(
        body.coverage_rule, units=units, seats=seats, links=links, months=rules.month_starts(first, last)
    )
    return frame(
        [
            (month, expected, covered, covered / expected if expected else None)
            for month, expected, covered in history
        ],
        ["month", "expected", "covered", "share"],
    )


# --- Data quality ----------------------------------------------------------------------------------------

ALERT_COLUMNS = [
    "doubt",
    "body_id",
    "body",
    "membership_id",
    "person",
    "unit",
    "start_on",
    "end_on",
    "detail",
]


@dataclass(frozen=True)
class Alerts:
    counts: dict[str, int]  # doubt -> how many
    rows: pd.DataFrame  # the first `limit` of each doubt: ALERT_COLUMNS (detail: a date or a unit's end)


def _term_columns():
    return (Membership.body_id, Body.name, Membership.id, Person.name, Unit.name)


def alerts(session: Session, *, today: dt.date, body_id: int | None = None, limit: int = 20) -> Alerts:
    """Memberships whose data look wrong (rules.memberships.Doubt), counted and the first of each
    listed: for a unit not valid then, bodies with seats but no leader today, odd dates, two in one
    single role today, people at a meeting of the body after their term ended."""
    by_body = [Membership.body_id == body_id] if body_id is not None else []
    found: dict[str, list[tuple]] = {}
    counts: dict[str, int] = {}

    def collect(doubt: rules.Doubt, where: list, detail) -> None:
        statement = (
            sa.select(*_term_columns(), Membership.start_on, Membership.end_on, detail)
            .join(Body, Body.id == Membership.body_id)
            .join(Person, Person.id == Membership.person_id)
            .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
            .where(*by_body, *where)
        )
        counts[doubt] = session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0
        rows = session.execute(statement.order_by(Body.name, Membership.start_on, Membership.id).limit(limit))
        found[doubt] = [(str(doubt), *row) for row in rows]

    # A term (up to today if it runs on) outside its unit's validity (rules.memberships.unit_not_valid).
    last_day = sa.case(
        (Membership.end_on.is_(None), today), (Membership.end_on > today, today), else_=Membership.end_on
    )
    last_day = sa.case((Membership.start_on > today, Membership.start_on), else_=last_day)
    collect(
        rules.Doubt.UNIT_NOT_VALID,
        [
            sa.or_(
                sa.and_(Unit.valid_from.is_not(None), Membership.start_on < Unit.valid_from),
                sa.and_(Unit.valid_to.is_not(None), last_day > Unit.valid_to),
            )
        ],
        Unit.valid_to,
    )
    # A term (up to today) inside a period in which its unit is recorded as no member of Osloregionen
    # (Viken from 28.10.2020). Sharing only the period's first or last day is no overlap: Viken's
    # membership ended on 28.10.2020, the day its period as no member begins.
    outside = aliased(OsloregionMembership)
    collect(
        rules.Doubt.NOT_MEMBER,
        [
            sa.exists().where(
                outside.unit_id == Membership.represents_unit_id,
                outside.status == MemberStatus.NOT_MEMBER,
                sa.or_(outside.valid_from.is_(None), last_day > outside.valid_from),
                sa.or_(outside.valid_to.is_(None), Membership.start_on < outside.valid_to),
            )
        ],
        sa.select(sa.func.min(outside.valid_from))
        .where(
            outside.unit_id == Membership.represents_unit_id,
            outside.status == MemberStatus.NOT_MEMBER,
            sa.or_(outside.valid_from.is_(None), last_day > outside.valid_from),
            sa.or_(outside.valid_to.is_(None), Membership.start_on < outside.valid_to),
        )
        .scalar_subquery(),
    )
    # Before the body was founded, after it was dissolved, or more than a year ahead.
    collect(
        rules.Doubt.DATES_ODD,
        [
            sa.or_(
                sa.and_(Body.founded_on.is_not(None), Membership.start_on < Body.founded_on),
                sa.and_(
                    Body.dissolved_on.is_not(None),
                    sa.or_(Membership.end_on.is_(None), Membership.end_on > Body.dissolved_on),
                ),
                Membership.start_on > today + dt.timedelta(days=rules.FAR_AHEAD_DAYS),
            )
        ],
        Body.founded_on,
    )
    # Two active terms in one single role today.
    other = aliased(Membership)
    collect(
        rules.Doubt.TWO_IN_ROLE,
        [
            Membership.role.in_(sorted(rules.SINGLE_ROLES)),
            active_on(Membership.start_on, Membership.end_on, today),
            sa.exists().where(
                other.body_id == Membership.body_id,
                other.role == Membership.role,
                other.id != Membership.id,
                active_on(other.start_on, other.end_on, today),
            ),
        ],
        Membership.role,
    )
    # At a meeting of the body after the person's last term in it ended: the people whose terms in a
    # body have all ended (grouped once), then their attendance there after the last end.
    ended = (
        sa.select(
            Membership.person_id.label("person_id"),
            Membership.body_id.label("body_id"),
            sa.func.max(Membership.end_on).label("last_end"),
        )
        .where(*by_body)
        .group_by(Membership.person_id, Membership.body_id)
        .having(sa.func.count() == sa.func.count(Membership.end_on))
        .cte("ended")
    )
    after_end = (
        sa.select(
            ended.c.person_id,
            ended.c.body_id,
            ended.c.last_end,
            sa.func.min(Meeting.starts_at).label("first"),
        )
        .join(Attendance, Attendance.person_id == ended.c.person_id)
        .join(Meeting, sa.and_(Meeting.id == Attendance.meeting_id, Meeting.body_id == ended.c.body_id))
        # The meeting's day after the term's last day (date() reads both databases' timestamps).
        .where(Attendance.present.is_(True), sa.func.date(Meeting.starts_at) > ended.c.last_end)
        .group_by(ended.c.person_id, ended.c.body_id, ended.c.last_end)
        .subquery()
    )
    collect(
        rules.Doubt.LISTED_AFTER_END,
        [
            Membership.person_id == after_end.c.person_id,
            Membership.body_id == after_end.c.body_id,
            Membership.end_on == after_end.c.last_end,
        ],
        after_end.c.first,
    )
    # Bodies with seats today but no leader.
    seated = (
        sa.select(Membership.body_id)
        .where(
            Membership.role.in_(sorted(SEATED_ROLES)),
            active_on(Membership.start_on, Membership.end_on, today),
        )
        .distinct()
    )
    led = sa.select(Membership.body_id).where(
        Membership.role == MembershipRole.LEADER, active_on(Membership.start_on, Membership.end_on, today)
    )
    leaderless = sa.select(Body.id, Body.name).where(Body.id.in_(seated), Body.id.not_in(led))
    if body_id is not None:
        leaderless = leaderless.where(Body.id == body_id)
    counts[rules.Doubt.NO_LEADER] = (
        session.scalar(sa.select(sa.func.count()).select_from(leaderless.subquery())) or 0
    )
    found[rules.Doubt.NO_LEADER] = [
        (str(rules.Doubt.NO_LEADER), row.id, row.name, None, None, None, None, None, None)
        for row in session.execute(leaderless.order_by(Body.name).limit(limit))
    ]
    records = [record for doubt in rules.Doubt for record in found.get(doubt, [])]
    return Alerts({str(doubt): counts.get(doubt, 0) for doubt in rules.Doubt}, frame(records, ALERT_COLUMNS))


# --- What the forms offer ----------------------------------------------------------------------------------


def unit_choices(session: Session, *, on: dt.date | None = None) -> list[tuple[int, str]]:
    """Units (valid on the day, if given) by kind and name: what a membership may represent."""
    statement = sa.select(Unit.id, Unit.name, Unit.kind).order_by(Unit.kind, Unit.name)
    if on is not None:
        statement = statement.where(active_on(Unit.valid_from, Unit.valid_to, on))
    return [(row.id, row.name) for row in session.execute(statement)]


def units(session: Session, *, search: str = "", limit: int = 200) -> Listing:
    """Units for the directory, by kind and name. Columns: id, kind, name, county_level, is_member,
    valid_from, valid_to, basis, snapshot."""
    where = [like_any(Unit.name, search.strip())] if search.strip() else []
    total = session.scalar(sa.select(sa.func.count()).select_from(Unit).where(*where)) or 0
    rows = session.scalars(sa.select(Unit).where(*where).order_by(Unit.kind, Unit.name).limit(limit)).all()
    records = [
        (u.id, u.kind, u.name, u.county_level, u.is_member, u.valid_from, u.valid_to, u.basis, snapshot(u))
        for u in rows
    ]
    columns = [
        "id",
        "kind",
        "name",
        "county_level",
        "is_member",
        "valid_from",
        "valid_to",
        "basis",
        "snapshot",
    ]
    return Listing(int(total), frame(records, columns))


def sub_region_links(session: Session, *, municipality_id: int) -> pd.DataFrame:
    """The sub-regions a municipality belongs to, with dates. Columns: id, sub_region_id, sub_region,
    valid_from, valid_to, basis, snapshot."""
    rows = session.execute(
        sa.select(SubRegionMember, Unit.name)
        .join(Unit, Unit.id == SubRegionMember.sub_region_id)
        .where(SubRegionMember.municipality_id == municipality_id)
        .order_by(Unit.name, SubRegionMember.valid_from)
    ).all()
    records = [
        (
            row[0].id,
            row[0].sub_region_id,
            row[1],
            row[0].valid_from,
            row[0].valid_to,
            row[0].basis,
            snapshot(row[0]),
        )
        for row in rows
    ]
    return frame(
        records, ["id", "sub_region_id", "sub_region", "valid_from", "valid_to", "basis", "snapshot"]
    )


def person_detail(session: Session, *, person_id: int) -> dict | None:
    person = session.get(Person, person_id)
    return None if person is None else snapshot(person)


def memberships_of(session: Session, *, person_id: int) -> pd.DataFrame:
    """A person's terms in every body, latest first. Columns: body, role, unit, start_on, end_on, basis."""
    rows = session.execute(
        sa.select(
            Body.name, Membership.role, Unit.name, Membership.start_on, Membership.end_on, Membership.basis
        )
        .join(Body, Body.id == Membership.body_id)
        .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
        .where(Membership.person_id == person_id)
        .order_by(Membership.start_on.desc())
    ).all()
    return frame(rows, ["body", "role", "unit", "start_on", "end_on", "basis"])


def unit_detail(session: Session, *, unit_id: int) -> dict | None:
    unit = session.get(Unit, unit_id)
    return None if unit is None else snapshot(unit)


def representatives_of(session: Session, *, unit_id: int) -> pd.DataFrame:
    """Who the unit has appointed to a body, latest first. Columns: person, body, role, start_on,
    end_on, basis."""
    rows = session.execute(
        sa.select(
            Person.name, Body.name, Membership.role, Membership.start_on, Membership.end_on, Membership.basis
        )
        .join(Person, Person.id == Membership.person_id)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.represents_unit_id == unit_id)
        .order_by(Membership.end_on.is_(None).desc(), Membership.start_on.desc(), Membership.id)
        .limit(200)
    ).all()
    return frame(rows, ["person", "body", "role", "start_on", "end_on", "basis"])


def osloregion_periods(session: Session, *, unit_id: int) -> pd.DataFrame:
    """The unit's membership periods of Osloregionen, oldest first. Columns: id, member_form, status,
    valid_from, valid_to, basis, note."""
    rows = session.execute(
        sa.select(
            OsloregionMembership.id,
            OsloregionMembership.member_form,
            OsloregionMembership.status,
            OsloregionMembership.valid_from,
            OsloregionMembership.valid_to,
            OsloregionMembership.basis,
            OsloregionMembership.note,
        )
        .where(OsloregionMembership.unit_id == unit_id)
        .order_by(
            OsloregionMembership.valid_from.is_not(None),
            OsloregionMembership.valid_from,
            OsloregionMembership.id,
        )
    ).all()
    return frame(
        [tuple(row) for row in rows],
        ["id", "member_form", "status", "valid_from", "valid_to", "basis", "note"],
    )
