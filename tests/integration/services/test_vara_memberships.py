"""Vara memberships through the directory services, on SQLite and PostgreSQL: a unit's vara with an
order, a member's personal vara (representing the member's unit), the refusals in words, a role changed
to and from vara; coverage that does not count a vara, and input a vara cannot give as the unit's.
Every refusal leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today
from osloreg.enums import MembershipRole, Role, SubjectType, UnitKind
from osloreg.models import Membership, User
from osloreg.queries.coverage import body_coverage
from osloreg.queries.inputs import member_context
from osloreg.services.base import Actor, PermissionDenied, ValidationFailed
from osloreg.services.directory import add_membership, change_role, end_membership
from osloreg.services.inputs import log_input
from osloreg.snapshots import snapshot
from tests.factories import make_body, make_membership, make_person, make_sub_region_member, make_unit
from tests.integration.services.meeting_world import actor, audited, refused, stored

D = dt.date
LEADER, MEMBER, VARA = MembershipRole.LEADER, MembershipRole.MEMBER, MembershipRole.SUBSTITUTE
DAY = D(2024, 3, 1)


@dataclass
class World:
    group: int  # a faggruppe: Kari leads for Oslo, Ola is member for Folloregionen (from 2020)
    kari: int
    ola: int
    per: int
    siri: int
    nils: int
    follo: int
    moss: int
    oslo: int
    ola_term: int
    coordinator: Actor


@pytest.fixture
def world(session: Session) -> World:
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    people = [make_person(session, name=name) for name in ("Kari", "Ola", "Per", "Siri", "Nils")]
    kari, ola, per, siri, nils = people
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    moss = make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    make_sub_region_member(session, sub_region=follo, municipality=make_unit(session, name="Ås"))
    make_membership(session, person=kari, body=group, role=LEADER, represents=oslo)
    ola_term = make_membership(session, person=ola, body=group, represents=follo)
    user = User(username="koordinator", display_name="Koordinatoren", password_hash="-")
    session.add(user)
    session.flush()
    ids = [row.id for row in (group, *people, follo, moss, oslo, ola_term)]
    world = World(*ids, coordinator=actor("koordinator", Role.COORDINATOR, user.id))
    session.commit()
    return world


def add(session: Session, world: World, person: int, **changes: Any) -> Membership:
    values = {"body_id": world.group, "start_on": DAY, "role": VARA}
    return add_membership(session, actor=world.coordinator, person_id=person, **{**values, **changes})


def vara_columns(session: Session, row_id: int) -> tuple:
    row = stored(session, Membership, row_id)
    return row.role, row.represents_unit_id, row.substitute_order, row.substitute_for_person_id


def coverage_of(session: Session, world: World, on: dt.date = DAY):
    [found] = body_coverage(session, on=on, body_ids=[world.group])
    session.commit()
    return found.coverage


# --- Adding a vara ---------------------------------------------------------------------------------------


def test_a_units_vara_is_stored_with_its_order_and_the_audit_event_holds_it(session, world):
    with audited(session, "membership.add") as added:
        row = add(session, world, world.per, represents_unit_id=world.follo, substitute_order=1)
    assert vara_columns(session, row.id) == (VARA, world.follo, 1, None)
    [event] = added
    assert event.after["membership"]["substitute_order"] == 1
    assert event.after["membership"]["substitute_for_person_id"] is None
    # Andre vara for the unit, and første vara for another, take no one's place.
    with audited(session, "membership.add", "membership.add"):
        add(session, world, world.siri, represents_unit_id=world.follo, substitute_order=2)
        add(session, world, world.nils, represents_unit_id=world.moss, substitute_order=1)


def test_a_personal_vara_represents_the_members_unit(session, world):
    with audited(session, "membership.add") as added:
        row = add(session, world, world.per, substitute_for_person_id=world.ola)
    assert vara_columns(session, row.id) == (VARA, world.follo, None, world.ola)
    assert added[0].after["membership"]["substitute_for_person_id"] == world.ola
    # Naming the member's own unit is fine; another unit is refused, naming the member's.
    add(session, world, world.siri, substitute_for_person_id=world.kari, represents_unit_id=world.oslo)
    with refused(session, "error.substitute_unit_differs", ValidationFailed) as caught:
        add(session, world, world.nils, substitute_for_person_id=world.ola, represents_unit_id=world.moss)
    assert caught.value.params == {"person": "Ola", "unit": "Folloregionen"}


def test_a_vara_without_a_valid_order_or_with_both_kinds_or_for_themselves_is_refused(session, world):
    unit = {"represents_unit_id": world.follo}
    for changes, key, params in [
        ({**unit}, "error.substitute_order_missing", {}),
        ({**unit, "substitute_order": 0}, "error.substitute_order_invalid", {"value": "0"}),
        ({**unit, "substitute_order": 2.5}, "error.substitute_order_invalid", {"value": "2.5"}),
        ({"substitute_order": 1}, "error.substitute_needs_unit", {}),
        ({**unit, "substitute_order": 1, "substitute_for_person_id": world.ola}, "error.substitute_both", {}),
        ({"substitute_for_person_id": world.per}, "error.substitute_for_self", {}),
        ({**unit, "role": MEMBER, "substitute_order": 1}, "error.substitute_fields_only", {}),
    ]:
        with refused(session, key, ValidationFailed) as caught:
            add(session, world, world.per, **changes)
        assert caught.value.params == params, key


def test_a_personal_vara_for_someone_without_a_seat_on_the_first_day_is_refused(session, world):
    add(session, world, world.siri, represents_unit_id=world.moss, substitute_order=1)
    later = make_membership(session, person=world.nils, body=world.group, start_on=D(2025, 1, 1))
    session.commit()
    # Siri is a vara, not a member; Nils's seat begins later; Kari has no seat in another body.
    for member in (world.siri, world.nils):
        with refused(session, "error.substitute_for_not_member", ValidationFailed) as caught:
            add(session, world, world.per, substitute_for_person_id=member)
        assert caught.value.params["date"] == DAY
    assert caught.value.params["person"] == "Nils"
    elsewhere = make_body(session)
    session.commit()
    with refused(session, "error.substitute_for_not_member", ValidationFailed):
        add(session, world, world.per, body_id=elsewhere.id, substitute_for_person_id=world.kari)
    # From the day his seat begins, Nils may have one.
    add(session, world, world.per, start_on=later.start_on, substitute_for_person_id=world.nils)


def test_two_vara_of_one_unit_in_the_same_place_at_once_are_refused_naming_who_holds_it(session, world):
    first = add(
        session, world, world.per, represents_unit_id=world.follo, substitute_order=1, end_on=D(2024, 12, 31)
    )
    with refused(session, "error.substitute_order_taken", ValidationFailed) as caught:
        add(
            session,
            world,
            world.siri,
            represents_unit_id=world.follo,
            substitute_order=1,
            start_on=D(2024, 12, 31),
        )
    assert caught.value.params == {"order": 1, "unit": "Folloregionen", "person": "Per", "start": DAY}
    # The day after Per's term ends, the place is free.
    add(
        session, world, world.siri, represents_unit_id=world.follo, substitute_order=1, start_on=D(2025, 1, 1)
    )
    # Ending Per's term is unaffected by the order (a vara's term ends as a member's does).
    with audited(session, "membership.end"):
        end_membership(
            session,
            actor=world.coordinator,
            membership_id=first.id,
            expected=snapshot(stored(session, Membership, first.id)),
            end_on=D(2024, 6, 30),
        )


# --- Changing a role to and from vara ----------------------------------------------------------------------


def role(session: Session, world: World, row_id: int, new_role: str, on: dt.date, **vara: Any) -> Membership:
    expected = snapshot(stored(session, Membership, row_id))
    kwargs = {"membership_id": row_id, "expected": expected, "role": new_role, "on": on, **vara}
    return change_role(session, actor=world.coordinator, **kwargs)


def terms(session: Session, person_id: int) -> list[tuple]:
    rows = session.scalars(
        sa.select(Membership)
        .where(Membership.person_id == person_id)
        .order_by(Membership.start_on, Membership.id)
        .execution_options(populate_existing=True)
    )
    found = [
        (r.role, r.represents_unit_id, r.substitute_order, r.substitute_for_person_id, r.start_on, r.end_on)
        for r in rows
    ]
    session.commit()
    return found


def test_a_member_becomes_vara_from_a_day_with_an_order_and_back_to_member_without_one(session, world):
    with refused(session, "error.substitute_order_missing", ValidationFailed):
        role(session, world, world.ola_term, VARA, DAY)
    with audited(session, "membership.role") as added:
        vara = role(session, world, world.ola_term, VARA, DAY, substitute_order=1)
    assert terms(session, world.ola) == [
        (MEMBER, world.follo, None, None, D(2020, 1, 1), D(2024, 2, 29)),
        (VARA, world.follo, 1, None, DAY, None),
    ]
    assert added[0].after["membership"]["substitute_order"] == 1
    # Andre vara moves up when første vara's place is free; the same place again is nothing changed.
    with refused(session, "error.nothing_changed", ValidationFailed):
        role(session, world, vara.id, VARA, D(2024, 6, 1), substitute_order=1)
    with audited(session, "membership.role"):
        member = role(session, world, vara.id, MEMBER, D(2024, 6, 1))
    assert terms(session, world.ola)[1:] == [
        (VARA, world.follo, 1, None, DAY, D(2024, 5, 31)),
        (MEMBER, world.follo, None, None, D(2024, 6, 1), None),
    ]
    assert member.substitute_order is None


def test_a_vara_changes_place_and_a_new_place_taken_by_another_is_refused(session, world):
    second = add(session, world, world.per, represents_unit_id=world.follo, substitute_order=2)
    add(session, world, world.siri, represents_unit_id=world.follo, substitute_order=1, end_on=D(2024, 5, 31))
    with refused(session, "error.substitute_order_taken", ValidationFailed) as caught:
        role(session, world, second.id, VARA, D(2024, 5, 1), substitute_order=1)
    assert caught.value.params["person"] == "Siri"
    with audited(session, "membership.role"):
        role(session, world, second.id, VARA, D(2024, 6, 1), substitute_order=1)
    assert terms(session, world.per) == [
        (VARA, world.follo, 2, None, DAY, D(2024, 5, 31)),
        (VARA, world.follo, 1, None, D(2024, 6, 1), None),
    ]
    # On the term's first day the place is corrected in place; so is a vara made personal vara.
    third = add(session, world, world.nils, represents_unit_id=world.follo, substitute_order=3)
    role(session, world, third.id, VARA, DAY, substitute_for_person_id=world.kari)
    assert terms(session, world.nils) == [(VARA, world.oslo, None, world.kari, DAY, None)]


# --- Coverage does not count a vara -------------------------------------------------------------------------


def test_a_vara_for_a_missing_unit_leaves_it_missing_and_the_body_no_larger(session, world):
    before = coverage_of(session, world)
    assert [unit.unit.name for unit in before.missing] == ["Mosseregionen"]
    add(session, world, world.per, represents_unit_id=world.moss, substitute_order=1)
    add(session, world, world.siri, substitute_for_person_id=world.kari)
    after = coverage_of(session, world)
    assert [unit.unit.name for unit in after.missing] == ["Mosseregionen"]
    assert (after.covered_count, after.size) == (before.covered_count, before.size) == (2, 2)
    assert not after.over_max
    # A vara who becomes a member does count, from that day.
    vara = session.scalar(sa.select(Membership.id).where(Membership.person_id == world.per))
    session.commit()
    role(session, world, vara, MEMBER, D(2024, 6, 1))
    assert coverage_of(session, world, D(2024, 6, 1)).missing == ()
    assert coverage_of(session, world, D(2024, 5, 31)).covered_count == 2


# --- A vara does not speak for the unit ---------------------------------------------------------------------


def test_a_vara_gives_input_in_the_group_but_not_as_the_units_and_is_offered_no_unit(session, world):
    add(session, world, world.per, represents_unit_id=world.follo, substitute_order=1)
    vara = Actor(user_id=None, username="per", roles=frozenset({Role.MEMBER}), person_id=world.per)
    member = Actor(user_id=None, username="ola", roles=frozenset({Role.MEMBER}), person_id=world.ola)
    given = {"body_id": world.group, "subject_type": SubjectType.POLICY, "policy_topic": "Næring"}
    with refused(session, "error.unit_not_represented", PermissionDenied):
        log_input(session, actor=vara, **given, unit_id=world.follo, text="For Follo.")
    assert log_input(session, actor=vara, **given, unit_id=None, text="Mitt innspill.").unit_id is None
    assert log_input(session, actor=member, **given, unit_id=world.follo, text="For Follo.").unit_id
    context = member_context(session, person_id=world.per, today=oslo_today())
    session.commit()
    assert context.bodies == [(world.group, "Faggruppe for næringssamarbeid")]
    assert context.represented == {} and context.default_unit == {world.group: None}
