"""Input speaks only for the units one represents, through the services on SQLite and PostgreSQL: a
member names only a unit they represent in the group on the day, the secretariat's registrars (admin,
coordinator) any valid unit, the director none he does not represent; refusals change nothing. And the
migration that marks the secretariat's existing input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import migrate
from osloreg.enums import MembershipRole, Role, SubjectType, UnitKind
from osloreg.models import Input
from osloreg.services.base import Actor, PermissionDenied, ValidationFailed
from osloreg.services.inputs import edit_input, log_input
from tests.factories import at, make_body, make_input, make_membership, make_person, make_unit
from tests.integration.services.test_advice_services import _fresh, refused

TODAY = dt.datetime.now(ZoneInfo("Europe/Oslo")).date()  # the day the services check input on


@dataclass
class World:
    body: int
    oslo: int
    follo: int
    romerike: int
    viken: int  # a unit no longer valid
    member: Actor  # represents Oslo in the group
    former: Actor  # sits in the group; represented Follo until a week ago, Romerike from three days ago
    director: Actor
    coordinator: Actor
    admin: Actor


def _actor(session: Session, name: str, role: str) -> Actor:
    return Actor(user_id=None, username=name, roles=frozenset({role}), person_id=make_person(session).id)


@pytest.fixture
def world(session: Session) -> World:
    body = make_body(session, name="Faggruppe for næringssamarbeid")
    other = make_body(session, name="Faggruppe for areal og transport")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Follorådet")
    romerike = make_unit(session, kind=UnitKind.SUB_REGION, name="Romerike")
    viken = make_unit(session, kind=UnitKind.COUNTY, name="Viken", valid_to=dt.date(2023, 12, 31))
    member = _actor(session, "medlem", Role.MEMBER)
    make_membership(session, person=member.person_id, body=body, represents=oslo)
    make_membership(session, person=member.person_id, body=other, represents=follo)  # another group
    former = _actor(session, "tidligere", Role.MEMBER)
    week_ago, three_days_ago = TODAY - dt.timedelta(days=7), TODAY - dt.timedelta(days=3)
    make_membership(session, person=former.person_id, body=body, represents=follo, end_on=week_ago)
    make_membership(session, person=former.person_id, body=body, represents=romerike, start_on=three_days_ago)
    coordinator = _actor(session, "koordinator", Role.COORDINATOR)
    # The coordinator also sits in the group, for Oslo: input on Oslo's behalf is then the member's.
    make_membership(
        session, person=coordinator.person_id, body=body, represents=oslo, role=MembershipRole.OBSERVER
    )
    world = World(
        body=body.id,
        oslo=oslo.id,
        follo=follo.id,
        romerike=romerike.id,
        viken=viken.id,
        member=member,
        former=former,
        director=_actor(session, "direktor", Role.DIRECTOR),
        coordinator=coordinator,
        admin=_actor(session, "admin", Role.ADMIN),
    )
    session.commit()
    return world


def _log(session: Session, world: World, actor: Actor, unit_id: int | None) -> Input:
    row = log_input(
        session,
        actor=actor,
        body_id=world.body,
        subject_type=SubjectType.POLICY,
        policy_topic="Næringspolitikk",
        unit_id=unit_id,
        text="Et innspill.",
    )
    return _fresh(session, Input, row.id)


def test_a_member_gives_input_on_behalf_of_the_unit_they_represent_or_of_none(session, world):
    assert _log(session, world, world.member, world.oslo).unit_id == world.oslo
    assert _log(session, world, world.member, None).unit_id is None


@pytest.mark.parametrize("unit", ["follo", "romerike", "viken"])
def test_a_member_is_refused_a_unit_they_do_not_represent_in_the_group_today(session, world, unit):
    # Follo: represented in another group only; Romerike: by someone else; Viken: no longer a unit.
    with refused(session, "error.unit_not_represented", PermissionDenied):
        _log(session, world, world.member, getattr(world, unit))


def test_a_former_representative_speaks_only_for_the_unit_represented_today(session, world):
    with refused(session, "error.unit_not_represented", PermissionDenied):
        _log(session, world, world.former, world.follo)
    assert _log(session, world, world.former, world.romerike).unit_id == world.romerike


def test_the_director_names_no_unit_he_does_not_represent(session, world):
    with refused(session, "error.unit_not_represented", PermissionDenied):
        _log(session, world, world.director, world.follo)
    assert _log(session, world, world.director, None).unit_id is None


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_secretariat_registers_input_for_any_valid_unit(session, world, role):
    actor = getattr(world, role)
    row = _log(session, world, actor, world.follo)
    assert (row.unit_id, row.registered_by_secretariat) == (world.follo, True)
    with refused(session, "error.unit_not_valid", ValidationFailed):
        _log(session, world, actor, world.viken)
    with refused(session, "error.unit_missing", ValidationFailed):
        _log(session, world, actor, world.viken + 1000)


def test_input_for_a_unit_the_coordinator_represents_is_not_marked_as_the_secretariats(session, world):
    row = _log(session, world, world.coordinator, world.oslo)
    assert (row.unit_id, row.registered_by_secretariat) == (world.oslo, False)


def test_an_edit_names_only_a_unit_the_author_represented_on_the_day_of_the_input(session, world):
    # Given ten days ago, while the author represented Follo (not yet Romerike).
    given = make_input(
        session, body=world.body, author=world.former.person_id, created_at=at(TODAY - dt.timedelta(days=10))
    )
    session.commit()
    with refused(session, "error.unit_not_represented", PermissionDenied):
        edit_input(
            session,
            actor=world.former,
            input_id=given.id,
            expected_version=1,
            text="Nå",
            unit_id=world.romerike,
        )
    edit_input(
        session, actor=world.former, input_id=given.id, expected_version=1, text="Nå", unit_id=world.follo
    )
    assert _fresh(session, Input, given.id).unit_id == world.follo


def test_an_edit_keeps_a_unit_it_does_not_change_and_the_mark_follows_the_unit(session, world):
    # Input from before the rule, on behalf of a unit its author never represented: its text may be
    # corrected (the unit stays, and still does not count), but no other such unit named.
    legacy = make_input(session, body=world.body, author=world.member.person_id, unit=world.follo)
    session.commit()
    edit_input(
        session,
        actor=world.member,
        input_id=legacy.id,
        expected_version=1,
        text="Rettet",
        unit_id=world.follo,
    )
    assert _fresh(session, Input, legacy.id).registered_by_secretariat is False
    with refused(session, "error.unit_not_represented", PermissionDenied):
        edit_input(
            session,
            actor=world.member,
            input_id=legacy.id,
            expected_version=2,
            text="Rettet",
            unit_id=world.romerike,
        )
    # The coordinator's own input: registered for Follo, then for no unit.
    row = _log(session, world, world.coordinator, None)
    edit_input(
        session,
        actor=world.coordinator,
        input_id=row.id,
        expected_version=1,
        text="Brev",
        unit_id=world.follo,
    )
    assert _fresh(session, Input, row.id).registered_by_secretariat is True
    edit_input(
        session, actor=world.coordinator, input_id=row.id, expected_version=2, text="Brev", unit_id=None
    )
    assert _fresh(session, Input, row.id).registered_by_secretariat is False


# --- The migration: existing input keeps its rows, and the secretariat's keeps counting ---------------


def test_the_migration_marks_input_the_secretariat_wrote_for_a_unit_and_keeps_every_row(engine):
    migrate.downgrade(engine, "0007")
    tables = sa.MetaData()
    tables.reflect(engine, only=["persons", "bodies", "units", "users", "user_roles", "inputs"])
    t = tables.tables
    now = dt.datetime(2026, 11, 2, 10)
    with engine.begin() as connection:
        for person_id, name in ((1, "Kim Koordinator"), (2, "Kari Medlem"), (3, "Ada Admin")):
            connection.execute(t["persons"].insert().values(id=person_id, name=name, basis="sourced"))
        connection.execute(
            t["bodies"]
            .insert()
            .values(id=1, name="Faggruppe", kind="expert_group", coverage_rule="none", basis="sourced")
        )
        connection.execute(
            t["units"]
            .insert()
            .values(
                id=1, kind="municipality", name="Gjøvik", county_level=False, is_member=True, basis="sourced"
            )
        )
        for user_id, (username, person_id, role) in enumerate(
            (("koordinator", 1, "coordinator"), ("medlem", 2, "member"), ("admin", 3, "admin")), start=1
        ):
            connection.execute(
                t["users"]
                .insert()
                .values(
                    id=user_id,
                    username=username,
                    display_name=username,
                    password_hash="-",
                    person_id=person_id,
                    failed_logins=0,
                    disabled=False,
                    session_epoch=0,
                    language="nb",
                    is_demo=False,
                    created_at=now,
                )
            )
            connection.execute(t["user_roles"].insert().values(user_id=user_id, role=role))
        # (input id, author, unit): the coordinator's letter, the member's (like the review's 1491), the
        # admin's without a unit, the member's without a unit.
        for input_id, author, unit in ((1, 1, 1), (2, 2, 1), (3, 3, None), (4, 2, None)):
            connection.execute(
                t["inputs"]
                .insert()
                .values(
                    id=input_id,
                    body_id=1,
                    author_person_id=author,
                    unit_id=unit,
                    text=f"Innspill {input_id}",
                    created_at=now,
                    updated_at=now,
                    version=1,
                    subject_type="policy",
                    policy_topic="Næring",
                    basis="sourced",
                )
            )

    migrate.upgrade(engine)
    with engine.connect() as connection:
        marked = connection.execute(
            sa.text("SELECT id, registered_by_secretariat FROM inputs ORDER BY id")
        ).all()
    assert [(row[0], bool(row[1])) for row in marked] == [(1, True), (2, False), (3, False), (4, False)]

    migrate.downgrade(engine, "0007")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM inputs")).scalar() == 4
    migrate.upgrade(engine)
