"""The directory: memberships (added, ended, a role changed; never deleted), persons, units and which
sub-regions a municipality belongs to from when. Membership changes are audited on their body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg.enums import Basis, MemberForm, MembershipRole, MemberStatus, UnitKind
from osloreg.models import Body, Membership, OsloregionMembership, Person, SubRegionMember, Unit
from osloreg.rules import memberships as rules
from osloreg.rules.coverage import valid_on
from osloreg.rules.permissions import Action
from osloreg.rules.validation import NAME_MAX, TEXT_MAX, clean_text, fold_name
from osloreg.services.base import (
    Actor,
    ValidationFailed,
    audit,
    check_unchanged,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)

EMAIL_MAX = 254


def _date(value: dt.date | None, field: str) -> dt.date | None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationFailed("error.date_invalid", field=field)
    return value


def _terms(session: Session, body_id: int) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.body_id == body_id)
            .order_by(Membership.start_on)
            .with_for_update()
        )
    )


def _term(row: Membership) -> rules.Term:
    return rules.Term(
        row.id,
        row.person_id,
        row.role,
        row.start_on,
        row.end_on,
        row.represents_unit_id,
        row.substitute_order,
        row.substitute_for_person_id,
    )


def _check_unit(session: Session, unit_id: int | None, on: dt.date) -> int | None:
    """The unit a membership represents exists and is valid on the day it starts."""
    if unit_id is None:
        return None
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationFailed("error.unit_missing", id=unit_id)
    if not valid_on(on, unit.valid_from, unit.valid_to):
        raise ValidationFailed("error.unit_not_valid", unit=unit.name, date=on)
    return unit.id


def _appointing_sub_region(
    session: Session, unit_id: int | None, appointed_by_unit_id: int | None, on: dt.date
) -> int | None:
    """The sub-region that appointed a person who represents one of its municipalities: the one named,
    which must hold the municipality on the day; else the municipality's only sub-region; else (a
    municipality in two, such as Holmestrand) None, shown as "oppnevnt av: ukjent"."""
    if unit_id is None:
        if appointed_by_unit_id is not None:
            raise ValidationFailed("error.appointed_by_needs_unit")
        return None
    holding = set(
        session.scalars(
            select(SubRegionMember.sub_region_id).where(
                SubRegionMember.municipality_id == unit_id,
                sa.or_(SubRegionMember.valid_from.is_(None), SubRegionMember.valid_from <= on),
                sa.or_(SubRegionMember.valid_to.is_(None), SubRegionMember.valid_to >= on),
            )
        )
    )
    if appointed_by_unit_id is None:
        return next(iter(holding)) if len(holding) == 1 else None
    appointing = session.get(Unit, appointed_by_unit_id)
    if appointing is None:
        raise ValidationFailed("error.unit_missing", id=appointed_by_unit_id)
    if appointing.id not in holding:
        unit = session.get(Unit, unit_id)
        raise ValidationFailed(
            "error.appointed_by_not_holding", sub_region=appointing.name, unit=unit.name if unit else ""
        )
    return appointing.id


def _role(role: str) -> str:
    if role not in set(MembershipRole):
        raise ValidationFailed("error.membership_role", role=str(role))
    return MembershipRole(role).value


def _hand_over(
    session: Session, terms: list[Membership], *, role: str, on: dt.date, person_id: int
) -> list[dict[str, Any]]:
    """End the single role's holder the day before `on`; they go on as a member from `on`. Returns
    what changed, for the audit event."""
    by_id = {row.id: row for row in terms}
    plan = rules.handover([_term(row) for row in terms], role=role, on=on, person_id=person_id)
    changes = []
    for term in plan.ended:
        row = by_id[term.id]
        before = snapshot(row)
        row.end_on = rules.day_before(on)
        changes.append({"ended": before, "end_on": row.end_on.isoformat()})
    for term in plan.continued:
        row = by_id[term.id]
        follow = Membership(
            person_id=row.person_id,
            body_id=row.body_id,
            role=MembershipRole.MEMBER,
            represents_unit_id=row.represents_unit_id,
            appointed_by_unit_id=row.appointed_by_unit_id,
            start_on=on,
            end_on=term.end_on,
            basis=Basis.SOURCED,
            note=row.note,
        )
        session.add(follow)
        session.flush()
        changes.append({"continued_as_member": snapshot(follow)})
    return changes


def _check_no_overlap(
    terms: list[Membership], person_id: int, start_on: dt.date, end_on: dt.date | None, skip=()
):
    for row in terms:
        if row.person_id == person_id and row.id not in skip and _term(row).overlaps(start_on, end_on):
            raise ValidationFailed("error.membership_overlap", start=row.start_on)


@dataclass(frozen=True)
class VaraFields:
    """A term's vara columns as checked, and the seat a personal vara stands in for (None otherwise)."""

    order: int | None = None
    for_person_id: int | None = None
    seat: Membership | None = None


def _vara(
    session: Session,
    terms: list[Membership],
    *,
    role: str,
    person_id: int,
    unit_id: int | None,
    order: object,
    for_person_id: int | None,
    start_on: dt.date,
    end_on: dt.date | None,
    skip: frozenset[int] = frozenset(),
) -> VaraFields:
    """The vara columns of a term in the body of `terms`, checked (rules.memberships.check_vara): a
    personal vara's member holds a seat in the body on the first day (the vara then represents the
    member's unit); a unit's vara takes an order no other vara of the unit holds in the same days."""
    seat = None
    if role == MembershipRole.SUBSTITUTE and for_person_id is not None and order is None:
        if for_person_id == person_id:
            raise ValidationFailed("error.substitute_for_self")
        # Paired by identity: an import's rows not yet flushed have no id.
        pairs = [(_term(row), row) for row in terms]
        found = rules.seat_on([term for term, _ in pairs], for_person_id, start_on)
        if found is None:
            member = session.get(Person, for_person_id)
            raise ValidationFailed(
                "error.substitute_for_not_member",
                person=member.name if member else f"#{for_person_id}",
                date=start_on,
            )
        seat = next(row for term, row in pairs if term is found)
        unit_id = seat.represents_unit_id
    order, for_person_id = rules.check_vara(
        role, person_id=person_id, unit_id=unit_id, order=order, for_person_id=for_person_id
    )
    if order is not None and unit_id is not None:
        holder = rules.order_holder(
            [_term(row) for row in terms],
            unit_id=unit_id,
            order=order,
            start_on=start_on,
            end_on=end_on,
            skip=skip,
        )
        if holder is not None:
            taken_by = session.get(Person, holder.person_id)
            unit = session.get(Unit, unit_id)
            raise ValidationFailed(
                "error.substitute_order_taken",
                order=order,
                unit=unit.name if unit else "",
                person=taken_by.name if taken_by else "",
                start=holder.start_on,
            )
    return VaraFields(order, for_person_id, seat)


def _vara_unit(
    session: Session, vara: VaraFields, represents_unit_id: int | None
) -> tuple[int | None, int | None] | None:
    """(unit, appointing sub-region) of a personal vara: the member's; a unit named that is not the
    member's is refused. None for any other term (its unit is checked as a member's is)."""
    if vara.seat is None:
        return None
    if represents_unit_id is not None and represents_unit_id != vara.seat.represents_unit_id:
        member = session.get(Person, vara.seat.person_id)
        unit = session.get(Unit, vara.seat.represents_unit_id) if vara.seat.represents_unit_id else None
        raise ValidationFailed(
            "error.substitute_unit_differs",
            person=member.name if member else "",
            unit=unit.name if unit else "–",
        )
    return vara.seat.represents_unit_id, vara.seat.appointed_by_unit_id


# --- Memberships -----------------------------------------------------------------------------------------


@service(Action.MANAGE_DIRECTORY)
def add_membership(
    session: Session,
    *,
    actor: Actor,
    person_id: int,
    body_id: int,
    role: str = MembershipRole.MEMBER,
    represents_unit_id: int | None = None,
    start_on: dt.date,
    end_on: dt.date | None = None,
    note: str | None = None,
    appointed_by_unit_id: int | None = None,
    substitute_order: int | None = None,
    substitute_for_person_id: int | None = None,
) -> Membership:
    """A person's term in a body, for a unit, from a day, and for a municipality the sub-region that
    appointed them. A new leader or deputy takes over: the one who held the role ends it the day
    before and goes on as a member. A vara (role substitute) is a unit's, with its order
    (`substitute_order`, 1 for første vara), or one member's personal vara (`substitute_for_person_id`),
    representing that member's unit."""
    body: Body = load_for_update(session, Body, body_id)
    get_or_404(session, Person, person_id)
    start_on = rules.check_dates(_date(start_on, "start_on"), _date(end_on, "end_on"))
    role = _role(role)
    terms = _terms(session, body.id)
    _check_no_overlap(terms, person_id, start_on, end_on)
    vara = _vara(
        session,
        terms,
        role=role,
        person_id=person_id,
        unit_id=represents_unit_id,
        order=substitute_order,
        for_person_id=substitute_for_person_id,
        start_on=start_on,
        end_on=end_on,
    )
    members_unit = _vara_unit(session, vara, represents_unit_id)
    if members_unit is not None:
        unit_id, appointed_by = members_unit
    else:
        unit_id = _check_unit(session, represents_unit_id, start_on)
        appointed_by = _appointing_sub_region(session, unit_id, appointed_by_unit_id, start_on)
    changes = _hand_over(session, terms, role=role, on=start_on, person_id=person_id)
    row = Membership(
        person_id=person_id,
        body_id=body.id,
        role=role,
        represents_unit_id=unit_id,
        appointed_by_unit_id=appointed_by,
        start_on=start_on,
        end_on=end_on,
        note=clean_text(note, field_name="note", max_length=TEXT_MAX, required=False),
        basis=Basis.SOURCED,
        substitute_order=vara.order,
        substitute_for_person_id=vara.for_person_id,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor,
        action="membership.add",
        entity="body",
        entity_id=body.id,
        after={"membership": snapshot(row), "handover": changes}
        if changes
        else {"membership": snapshot(row)},
    )
    return row


@service(Action.MANAGE_DIRECTORY)
def end_membership(
    session: Session, *, actor: Actor, membership_id: int, expected: Mapping[str, Any] | None, end_on: dt.date
) -> Membership:
    """End a term on a day (it stays on record). Refused if it changed since it was read."""
    row: Membership = load_for_update(session, Membership, membership_id)
    load_for_update(session, Body, row.body_id)
    before = snapshot(row)
    check_unchanged(before, expected, "memberships")
    end_on = _date(end_on, "end_on")
    if end_on is None:
        raise ValidationFailed("error.required", field="end_on")
    rules.check_dates(row.start_on, end_on)
    if row.end_on == end_on:
        raise ValidationFailed("error.nothing_changed")
    # A later end must not run into the person's next term, nor into someone else's in a single role.
    terms = _terms(session, row.body_id)
    _check_no_overlap(terms, row.person_id, row.start_on, end_on, skip={row.id})
    if row.role in rules.SINGLE_ROLES:
        for other in terms:
            if other.id != row.id and other.role == row.role and _term(other).overlaps(row.start_on, end_on):
                raise ValidationFailed("error.role_taken_later", role=row.role, date=other.start_on)
    row.end_on = end_on
    session.flush()
    audit(
        session,
        actor,
        action="membership.end",
        entity="body",
        entity_id=row.body_id,
        before={"membership": before},
        after={"membership": snapshot(row)},
    )
    return row


@service(Action.MANAGE_DIRECTORY)
def change_role(
    session: Session,
    *,
    actor: Actor,
    membership_id: int,
    expected: Mapping[str, Any] | None,
    role: str,
    on: dt.date,
    substitute_order: int | None = None,
    substitute_for_person_id: int | None = None,
) -> Membership:
    """The person takes another role from a day: the term ends the day before and a new one begins
    (so the history shows both); on the term's first day the role is corrected in place. A new leader
    or deputy takes over from the one who held the role. A vara's order and the member a personal
    vara stands in for go with the role: given when it becomes vara (or a vara's place changes, as
    when andre vara becomes første), cleared when it stops being vara."""
    row: Membership = load_for_update(session, Membership, membership_id)
    body: Body = load_for_update(session, Body, row.body_id)
    before = snapshot(row)
    check_unchanged(before, expected, "memberships")
    role, on = _role(role), _date(on, "on")
    if on is None:
        raise ValidationFailed("error.required", field="on")
    if (role, substitute_order, substitute_for_person_id) == (
        row.role,
        row.substitute_order,
        row.substitute_for_person_id,
    ):
        raise ValidationFailed("error.nothing_changed")
    if not _term(row).active_on(on):
        raise ValidationFailed("error.membership_not_active", date=on)
    terms = _terms(session, body.id)
    vara = _vara(
        session,
        terms,
        role=role,
        person_id=row.person_id,
        unit_id=row.represents_unit_id,
        order=substitute_order,
        for_person_id=substitute_for_person_id,
        start_on=on,
        end_on=row.end_on,
        skip=frozenset({row.id}),
    )
    # A personal vara represents the member's unit, whatever the term represented before.
    unit_id, appointed_by = (
        (vara.seat.represents_unit_id, vara.seat.appointed_by_unit_id)
        if vara.seat is not None
        else (row.represents_unit_id, row.appointed_by_unit_id)
    )
    changes = _hand_over(session, terms, role=role, on=on, person_id=row.person_id)
    if on == row.start_on:
        row.role = role
        row.substitute_order, row.substitute_for_person_id = vara.order, vara.for_person_id
        row.represents_unit_id, row.appointed_by_unit_id = unit_id, appointed_by
        current = row
    else:
        current = Membership(
            person_id=row.person_id,
            body_id=row.body_id,
            role=role,
            represents_unit_id=unit_id,
            appointed_by_unit_id=appointed_by,
            start_on=on,
            end_on=row.end_on,
            note=row.note,
            basis=Basis.SOURCED,
            substitute_order=vara.order,
            substitute_for_person_id=vara.for_person_id,
        )
        row.end_on = rules.day_before(on)
        session.add(current)
    session.flush()
    audit(
        session,
        actor,
        action="membership.role",
        entity="body",
        entity_id=body.id,
        before={"membership": before},
        after={"membership": snapshot(current), "ended": snapshot(row), "handover": changes},
    )
    return current


# --- Persons and units -------------------------------------------------------------------------------------


def _person_fields(name: str, email: str | None, employer: str | None, title: str | None) -> dict[str, Any]:
    email = clean_text(email, field_name="email", max_length=EMAIL_MAX, required=False)
    if email is not None and ("@" not in email or " " in email):
        raise ValidationFailed("error.email_invalid")
    return {
        "name": clean_text(name, field_name="name", max_length=NAME_MAX),
        "email": email,
        "employer": clean_text(employer, field_name="employer", max_length=NAME_MAX, required=False),
        "title": clean_text(title, field_name="person_title", max_length=NAME_MAX, required=False),
    }


@service(Action.MANAGE_DIRECTORY)
def create_person(
    session: Session,
    *,
    actor: Actor,
    name: str,
    email: str | None = None,
    employer: str | None = None,
    title: str | None = None,
) -> Person:
    person = Person(**_person_fields(name, email, employer, title), basis=Basis.SOURCED)
    session.add(person)
    session.flush()
    audit(
        session, actor, action="person.create", entity="person", entity_id=person.id, after=snapshot(person)
    )
    return person


def _apply_changes(
    session: Session, actor: Actor, record: Any, fields: Mapping[str, Any], before: dict, *, entity: str
) -> Any:
    """Set the fields of an edited person or unit and audit the edit; an edit that changes nothing
    is refused, so the trail holds no empty events."""
    if all(getattr(record, name_) == value for name_, value in fields.items()):
        raise ValidationFailed("error.nothing_changed")
    for name_, value in fields.items():
        setattr(record, name_, value)
    session.flush()
    audit(
        session,
        actor,
        action=f"{entity}.update",
        entity=entity,
        entity_id=record.id,
        before=before,
        after=snapshot(record),
    )
    return record


@service(Action.MANAGE_DIRECTORY)
def update_person(
    session: Session,
    *,
    actor: Actor,
    person_id: int,
    expected: Mapping[str, Any] | None,
    name: str,
    email: str | None = None,
    employer: str | None = None,
    title: str | None = None,
) -> Person:
    person: Person = load_for_update(session, Person, person_id)
    before = snapshot(person)
    check_unchanged(before, expected, "persons")
    fields = _person_fields(name, email, employer, title)
    return _apply_changes(session, actor, person, fields, before, entity="person")


def _unit_fields(
    kind: str,
    name: str,
    county_level: bool,
    is_member: bool,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    note: str | None,
) -> dict[str, Any]:
    if kind not in set(UnitKind):
        raise ValidationFailed("error.unit_kind", kind=str(kind))
    valid_from, valid_to = _date(valid_from, "valid_from"), _date(valid_to, "valid_to")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationFailed("error.end_before_start")
    if county_level and kind != UnitKind.MUNICIPALITY:
        raise ValidationFailed("error.county_level_municipality")
    return {
        "kind": UnitKind(kind).value,
        "name": clean_text(name, field_name="name", max_length=NAME_MAX),
        "county_level": bool(county_level),
        "is_member": bool(is_member),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "note": clean_text(note, field_name="note", max_length=TEXT_MAX, required=False),
    }


def _check_unit_name(session: Session, kind: str, name: str, unit_id: int | None = None) -> None:
    """No two units of a kind with names that read the same: compared as fold_name folds them (case,
    compatibility forms and invisible characters do not count), so "Oslo kommune" wrapped in bidi
    isolates, or written with a zero width space, is the unit there already. A kind has at most a few
    hundred units: their names are folded here rather than kept folded in a column."""
    folded = fold_name(name)
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.kind == kind, Unit.id != (unit_id or -1)))
    taken = next((other for _id, other in rows if fold_name(other) == folded), None)
    if taken is not None:
        raise ValidationFailed("error.unit_name_taken", name=taken)


@service(Action.MANAGE_DIRECTORY)
def create_unit(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    name: str,
    county_level: bool = False,
    is_member: bool = True,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    note: str | None = None,
) -> Unit:
    fields = _unit_fields(kind, name, county_level, is_member, valid_from, valid_to, note)
    _check_unit_name(session, fields["kind"], fields["name"])
    unit = Unit(**fields, basis=Basis.SOURCED)
    session.add(unit)
    session.flush()
    audit(session, actor, action="unit.create", entity="unit", entity_id=unit.id, after=snapshot(unit))
    return unit


@service(Action.MANAGE_DIRECTORY)
def update_unit(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    expected: Mapping[str, Any] | None,
    kind: str,
    name: str,
    county_level: bool = False,
    is_member: bool = True,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    note: str | None = None,
) -> Unit:
    """Change a unit (Follorådet renamed, Viken ended); its memberships keep pointing at it."""
    unit: Unit = load_for_update(session, Unit, unit_id)
    before = snapshot(unit)
    check_unchanged(before, expected, "units")
    fields = _unit_fields(kind, name, county_level, is_member, valid_from, valid_to, note)
    _check_unit_name(session, fields["kind"], fields["name"], unit.id)
    return _apply_changes(session, actor, unit, fields, before, entity="unit")


def _check_no_link_overlap(
    session: Session,
    sub_region_id: int,
    municipality_id: int,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    skip: int | None = None,
) -> None:
    """A municipality belongs to a sub-region through one link at a time (two sub-regions may share it)."""
    for link in session.scalars(
        select(SubRegionMember).where(
            SubRegionMember.sub_region_id == sub_region_id, SubRegionMember.municipality_id == municipality_id
        )
    ):
        term = rules.Term(link.id, 0, "", link.valid_from or dt.date.min, link.valid_to)
        if link.id != skip and term.overlaps(valid_from or dt.date.min, valid_to):
            raise ValidationFailed(
                "error.link_overlap",
                municipality=session.get(Unit, municipality_id).name,
                sub_region=session.get(Unit, sub_region_id).name,
            )


@service(Action.MANAGE_DIRECTORY)
def add_sub_region_link(
    session: Session,
    *,
    actor: Actor,
    sub_region_id: int,
    municipality_id: int,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    note: str | None = None,
) -> SubRegionMember:
    """A municipality belongs to a sub-region from a day (it may belong to two: Vestby, Jevnaker)."""
    sub_region, municipality = (
        get_or_404(session, Unit, sub_region_id),
        get_or_404(session, Unit, municipality_id),
    )
    if sub_region.kind != UnitKind.SUB_REGION or municipality.kind != UnitKind.MUNICIPALITY:
        raise ValidationFailed("error.link_kinds")
    valid_from, valid_to = _date(valid_from, "valid_from"), _date(valid_to, "valid_to")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationFailed("error.end_before_start")
    _check_no_link_overlap(session, sub_region.id, municipality.id, valid_from, valid_to)
    link = SubRegionMember(
        sub_region_id=sub_region.id,
        municipality_id=municipality.id,
        valid_from=valid_from,
        valid_to=valid_to,
        note=clean_text(note, field_name="note", max_length=TEXT_MAX, required=False),
        basis=Basis.SOURCED,
    )
    session.add(link)
    session.flush()
    audit(
        session, actor, action="unit.link_add", entity="unit", entity_id=municipality.id, after=snapshot(link)
    )
    return link


@service(Action.MANAGE_DIRECTORY)
def end_sub_region_link(
    session: Session, *, actor: Actor, link_id: int, expected: Mapping[str, Any] | None, valid_to: dt.date
) -> SubRegionMember:
    """The municipality leaves the sub-region after a day (the link stays on record)."""
    link: SubRegionMember = load_for_update(session, SubRegionMember, link_id)
    before = snapshot(link)
    check_unchanged(before, expected, "sub_region_members")
    valid_to = _date(valid_to, "valid_to")
    if valid_to is None:
        raise ValidationFailed("error.required", field="valid_to")
    if link.valid_from is not None and valid_to < link.valid_from:
        raise ValidationFailed("error.end_before_start")
    if link.valid_to == valid_to:
        raise ValidationFailed("error.nothing_changed")
    _check_no_link_overlap(
        session, link.sub_region_id, link.municipality_id, link.valid_from, valid_to, link.id
    )
    link.valid_to = valid_to
    session.flush()
    audit(
        session,
        actor,
        action="unit.link_end",
        entity="unit",
        entity_id=link.municipality_id,
        before=before,
        after=snapshot(link),
    )
    return link


# --- Membership of Osloregionen (dated, apart from the unit's own life) ------------------------------------


@service(Action.MANAGE_DIRECTORY)
def add_osloregion_membership(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    member_form: str,
    status: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None = None,
    note: str | None = None,
) -> OsloregionMembership:
    """A period of the unit's membership of Osloregionen (member, not a member, or unknown), as the
    alliance (to 28.10.2020) or the IPR; periods of one form do not overlap."""
    unit: Unit = load_for_update(session, Unit, unit_id)
    if member_form not in set(MemberForm):
        raise ValidationFailed("error.member_form", value=str(member_form))
    if status not in set(MemberStatus):
        raise ValidationFailed("error.member_status", value=str(status))
    valid_from, valid_to = _date(valid_from, "valid_from"), _date(valid_to, "valid_to")
    if valid_from and valid_to:
        rules.check_dates(valid_from, valid_to)
    for other in session.scalars(
        select(OsloregionMembership).where(
            OsloregionMembership.unit_id == unit.id, OsloregionMembership.member_form == member_form
        )
    ):
        earliest, latest = dt.date.min, dt.date.max
        if (valid_from or earliest) <= (other.valid_to or latest) and (other.valid_from or earliest) <= (
            valid_to or latest
        ):
            raise ValidationFailed("error.member_period_overlap", unit=unit.name)
    row = OsloregionMembership(
        unit_id=unit.id,
        member_form=MemberForm(member_form).value,
        status=MemberStatus(status).value,
        valid_from=valid_from,
        valid_to=valid_to,
        note=clean_text(note, field_name="note", max_length=TEXT_MAX, required=False),
        basis=Basis.SOURCED,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor,
        action="unit.membership_period.add",
        entity="unit",
        entity_id=unit.id,
        after={"period": snapshot(row)},
    )
    return row
