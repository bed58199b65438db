"""The directory through the services, on SQLite and PostgreSQL: who may manage it; memberships added,
ended (never deleted) and their roles changed, with the one leader and the one deputy of a body taking
over from a day; persons; units (Viken ended 28.10.2020); which sub-regions a municipality belongs to
from when. Every success writes one audit event; every refusal leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import MembershipRole, Role, UnitKind
from osloreg.models import Membership, Person, SubRegionMember, Unit, User
from osloreg.queries.coverage import body_coverage
from osloreg.services.base import Actor, Conflict, NotFound, PermissionDenied, ValidationFailed
from osloreg.services.directory import (
    add_membership,
    add_osloregion_membership,
    add_sub_region_link,
    change_role,
    create_person,
    create_unit,
    end_membership,
    end_sub_region_link,
    update_person,
    update_unit,
)
from osloreg.snapshots import snapshot
from tests.factories import make_body, make_membership, make_person, make_sub_region_member, make_unit
from tests.integration.services.meeting_world import actor, audited, call, refused, registered, stored, table

D, ONE_DAY = dt.date, dt.timedelta(days=1)
LEADER, DEPUTY, MEMBER = MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER
SR, MUNI, COUNTY = UnitKind.SUB_REGION, UnitKind.MUNICIPALITY, UnitKind.COUNTY


@dataclass
class World:
    group: int  # a faggruppe whose leader is Kari, for Follo, from 2020-01-01
    other: int  # another body, where Kari also leads
    kari: int
    ola: int
    per: int
    siri: int
    follo: int
    moss: int
    vestby: int
    oslo: int
    viken: int  # a county valid from 2020-01-01, not yet ended
    leader: int  # Kari's term as leader of the group
    other_leader: int
    coordinator: Actor  # a real user, so that the audit trail's "who" can be checked
    admin: Actor
    director: Actor
    member: Actor
    viewer: Actor


@pytest.fixture
def world(session: Session) -> World:
    group, other = make_body(session, name="Faggruppe for areal og transport"), make_body(session)
    kari, ola, per, siri = (make_person(session, name=n) for n in ("Kari", "Ola", "Per", "Siri"))
    follo, moss = (make_unit(session, kind=SR, name=n) for n in ("Folloregionen", "Mosseregionen"))
    vestby = make_unit(session, name="Vestby kommune")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    viken = make_unit(session, kind=COUNTY, name="Viken fylkeskommune", valid_from=D(2020, 1, 1))
    make_sub_region_member(session, sub_region=follo, municipality=vestby)
    leader = make_membership(session, person=kari, body=group, role=LEADER, represents=follo)
    other_leader = make_membership(session, person=kari, body=other, role=LEADER)
    user = User(username="koordinator", display_name="Koordinatoren", password_hash="-")
    session.add(user)
    session.flush()
    rows = (group, other, kari, ola, per, siri, follo, moss, vestby, oslo, viken, leader, other_leader)
    world = World(
        *(row.id for row in rows),
        coordinator=actor("koordinator", Role.COORDINATOR, user.id),
        admin=actor("admin", Role.ADMIN),
        director=actor("direktor", Role.DIRECTOR),
        member=actor("medlem", Role.MEMBER),
        viewer=actor("leser", Role.VIEWER),
    )
    session.commit()
    return world


# --- Reading the database (every reader ends its read) ---------------------------------------------------


def terms(session: Session, body_id: int) -> list[tuple[int, str, int | None, dt.date, dt.date | None]]:
    """(person, role, unit, start, end) of every term of the body, in order."""
    query = sa.select(Membership).filter_by(body_id=body_id).order_by(Membership.start_on, Membership.id)
    rows = session.scalars(query.execution_options(populate_existing=True))
    found = [(r.person_id, r.role, r.represents_unit_id, r.start_on, r.end_on) for r in rows]
    session.commit()
    return found


def count(session: Session, model: type) -> int:
    n = session.scalar(sa.select(sa.func.count()).select_from(model))
    session.commit()
    return n


def assert_one_leader_and_one_deputy(session: Session, body_id: int) -> None:
    """On every day a term begins or the day after one ends, at most one leader and one deputy."""
    rows = terms(session, body_id)
    days = {start for *_, start, _ in rows} | {end + ONE_DAY for *_, end in rows if end is not None}
    for day in days:
        for role in (LEADER, DEPUTY):
            holders = [r for r in rows if r[1] == role and r[3] <= day and (r[4] is None or day <= r[4])]
            assert len(holders) <= 1, (day, role, holders)


# --- Who may manage the directory: every service, table-driven -------------------------------------------


def every_directory_service(session: Session, world: World, label: str) -> dict[str, Any]:
    """One valid call of each service of services.directory, each on rows of its own (made with the
    factories, so that no audit event precedes them)."""
    newcomer, edited = make_person(session), make_person(session)
    ending, changing = (make_membership(session, body=world.group) for _ in range(2))
    unit, linked, unlinked = make_unit(session), make_unit(session), make_unit(session)
    county = make_unit(session, kind=COUNTY)
    link = make_sub_region_member(session, sub_region=world.moss, municipality=unlinked)
    session.commit()
    day = D(2024, 6, 1)
    ended, changed = ({"membership_id": r.id, "expected": snapshot(r)} for r in (ending, changing))
    return table(
        call(add_membership, "membership.add", person_id=newcomer.id, body_id=world.group, start_on=day),
        call(end_membership, "membership.end", **ended, end_on=day),
        call(change_role, "membership.role", **changed, role=MembershipRole.OBSERVER, on=day),
        call(create_person, "person.create", name=f"Ny person {label}"),
        call(update_person, "person.update", person_id=edited.id, expected=snapshot(edited), name="Nytt"),
        call(create_unit, "unit.create", kind=MUNI, name=f"Ny kommune {label}"),
        call(update_unit, "unit.update", unit_id=unit.id, expected=snapshot(unit), kind=MUNI, name=label),
        call(add_sub_region_link, "unit.link_add", sub_region_id=world.follo, municipality_id=linked.id),
        call(end_sub_region_link, "unit.link_end", link_id=link.id, expected=snapshot(link), valid_to=day),
        call(
            add_osloregion_membership,
            "unit.membership_period.add",
            unit_id=county.id,
            member_form="ipr",
            status="member",
            valid_from=day,
        ),
    )


def test_directors_members_and_viewers_are_refused_every_directory_service(session, world):
    calls = every_directory_service(session, world, "refused")
    assert set(calls) == registered("directory")  # so that a new service cannot slip past
    assert len(calls) == 10
    for who in (world.director, world.member, world.viewer):
        for name, each in calls.items():
            with refused(session, "error.permission_denied", PermissionDenied) as caught:
                each.run(session, actor=who, **each.kwargs)
            assert caught.value.params == {"action": "manage_directory"}, (who.username, name)


def test_admins_and_coordinators_run_every_directory_service_with_one_audit_event(session, world):
    for who in (world.admin, world.coordinator):
        for name, each in every_directory_service(session, world, who.username).items():
            with audited(session, *each.actions) as added:
                each.run(session, actor=who, **each.kwargs)
            assert (added[0].actor_name, added[0].actor_user_id) == (who.username, who.user_id), name


# --- Adding a membership -----------------------------------------------------------------------------------


@pytest.fixture
def run(session: Session, world: World):
    """Runs a service as the world's coordinator."""
    return lambda service, **kwargs: service(session, actor=world.coordinator, **kwargs)


def add(session: Session, world: World, person: int, **changes: Any) -> Membership:
    values = {"body_id": world.group, "start_on": D(2023, 3, 1), "represents_unit_id": world.vestby}
    return add_membership(session, actor=world.coordinator, person_id=person, **{**values, **changes})


def columns(row: Any, *names: str) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in names)


def test_a_membership_is_stored_and_audited_on_its_body(session, world):
    with audited(session, "membership.add") as added:
        row = add(session, world, world.ola, end_on=D(2024, 12, 31), note="  Oppnevnt av rådet ")
    saved = stored(session, Membership, row.id)
    who = (world.ola, world.group, MEMBER, world.vestby)
    assert columns(saved, "person_id", "body_id", "role", "represents_unit_id") == who
    assert (saved.start_on, saved.end_on) == (D(2023, 3, 1), D(2024, 12, 31))
    assert (saved.note, saved.basis) == ("Oppnevnt av rådet", "sourced")
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("body", world.group, None)
    assert event.after == {"membership": snapshot(saved)}  # no handover for a member
    # The term next to it, from the day after it ends, and the same person in another body are fine.
    with audited(session, "membership.add", "membership.add"):
        add(session, world, world.ola, start_on=D(2025, 1, 1), represents_unit_id=None)
        add(session, world, world.ola, body_id=world.other, start_on=D(2023, 6, 1))


def test_a_membership_that_overlaps_has_no_start_or_an_unknown_role_or_person_is_refused(session, world):
    add(session, world, world.ola, start_on=D(2021, 1, 1), end_on=D(2022, 12, 31))
    for start, end in [(D(2022, 12, 31), None), (D(2020, 1, 1), D(2021, 1, 1)), (D(2021, 6, 1), None)]:
        with refused(session, "error.membership_overlap", ValidationFailed) as caught:
            add(session, world, world.ola, start_on=start, end_on=end)
        assert caught.value.params == {"start": D(2021, 1, 1)}
    for changes, key in [
        ({"end_on": D(2023, 2, 28)}, "error.end_before_start"),
        ({"start_on": None}, "error.required"),
        ({"start_on": dt.datetime(2023, 3, 1, 10)}, "error.date_invalid"),
        ({"role": "chair"}, "error.membership_role"),
        ({"represents_unit_id": world.viken + 1000}, "error.unit_missing"),
    ]:
        with refused(session, key, ValidationFailed):
            add(session, world, world.per, **changes)
    for person, body in [(world.per + 1000, world.group), (world.per, world.group + 1000)]:
        with refused(session, "error.not_found", NotFound):
            add(session, world, person, body_id=body)


def test_a_new_leader_ends_the_leaders_term_the_day_before_and_they_go_on_as_a_member(session, world):
    before = snapshot(stored(session, Membership, world.leader))
    with audited(session, "membership.add") as added:
        row = add(session, world, world.ola, role=LEADER, represents_unit_id=world.oslo)
    assert terms(session, world.group) == [
        (world.kari, LEADER, world.follo, D(2020, 1, 1), D(2023, 2, 28)),
        (world.kari, MEMBER, world.follo, D(2023, 3, 1), None),  # the same unit, from the day
        (world.ola, LEADER, world.oslo, D(2023, 3, 1), None),
    ]
    [event] = added
    assert event.after["membership"]["id"] == row.id
    ended, continued = event.after["handover"]
    assert ended == {"ended": before, "end_on": "2023-02-28"}
    follow = stored(session, Membership, continued["continued_as_member"]["id"])
    assert (follow.person_id, follow.role, follow.basis) == (world.kari, MEMBER, "sourced")
    assert stored(session, Membership, world.other_leader).end_on is None  # she still leads the other body
    # A deputy with no one before them takes nothing over; the next deputy takes over from them.
    add(session, world, world.per, role=DEPUTY, start_on=D(2023, 6, 1), end_on=D(2024, 6, 30))
    add(session, world, world.siri, role=DEPUTY, start_on=D(2024, 1, 1))
    assert terms(session, world.group)[3:] == [
        (world.per, DEPUTY, world.vestby, D(2023, 6, 1), D(2023, 12, 31)),
        (world.per, MEMBER, world.vestby, D(2024, 1, 1), D(2024, 6, 30)),
        (world.siri, DEPUTY, world.vestby, D(2024, 1, 1), None),
    ]
    assert_one_leader_and_one_deputy(session, world.group)
    # A leader whose term starts on or after the day cannot be taken over.
    newcomer = make_person(session).id
    session.commit()
    for start in (D(2023, 1, 1), D(2023, 3, 1)):
        with refused(session, "error.role_taken_later", ValidationFailed) as caught:
            add(session, world, newcomer, role=LEADER, start_on=start)
        assert caught.value.params == {"role": "leader", "date": D(2023, 3, 1)}
    # A refusal after the handover was made (the note is too long) takes the handover back too.
    with refused(session, "error.too_long", ValidationFailed):
        add(session, world, newcomer, role=LEADER, start_on=D(2024, 3, 1), note="x" * 10_001)


def test_viken_ended_on_28_10_2020_keeps_its_terms_and_none_can_start_after(session, world, run):
    term = add(session, world, world.per, start_on=D(2020, 3, 1), represents_unit_id=world.viken)
    viken = stored(session, Unit, world.viken)
    fields = {"kind": COUNTY, "name": viken.name, "valid_from": D(2020, 1, 1), "valid_to": D(2020, 10, 28)}
    with audited(session, "unit.update") as added:
        run(update_unit, unit_id=viken.id, expected=snapshot(viken), **fields, note="Gikk ut av IPR")
    assert stored(session, Unit, world.viken).valid_to == D(2020, 10, 28)
    assert stored(session, Membership, term.id).represents_unit_id == world.viken  # still points at it
    [event] = added
    assert (event.entity, event.entity_id) == ("unit", world.viken)
    assert (event.before["valid_to"], event.after["valid_to"]) == (None, "2020-10-28")
    # Its last day is valid; the day after, and the day before it began, are not.
    with audited(session, "membership.add"):
        add(session, world, world.ola, start_on=D(2020, 10, 28), represents_unit_id=world.viken)
    for day in (D(2020, 10, 29), D(2023, 3, 1), D(2019, 12, 31)):
        with refused(session, "error.unit_not_valid", ValidationFailed) as caught:
            add(session, world, world.siri, start_on=day, represents_unit_id=world.viken)
        assert caught.value.params == {"unit": "Viken fylkeskommune", "date": day}


# --- Ending a membership, changing a role ------------------------------------------------------------------


def test_an_ended_membership_stays_on_record_with_its_last_day(session, world, run):
    read, rows = snapshot(stored(session, Membership, world.leader)), count(session, Membership)
    with audited(session, "membership.end") as added:
        run(end_membership, membership_id=world.leader, expected=read, end_on=D(2024, 6, 30))
    assert stored(session, Membership, world.leader).end_on == D(2024, 6, 30)
    assert count(session, Membership) == rows  # never deleted
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("body", world.group, {"membership": read})
    assert event.after["membership"]["end_on"] == "2024-06-30"
    now = snapshot(stored(session, Membership, world.leader))
    with refused(session, "error.conflict", Conflict) as caught:  # read before the end was set
        run(end_membership, membership_id=world.leader, expected=read, end_on=D(2024, 1, 31))
    assert caught.value.params["current"]["end_on"] == "2024-06-30"
    for end_on, key in [
        (D(2019, 12, 31), "error.end_before_start"),
        (D(2024, 6, 30), "error.nothing_changed"),
        (None, "error.required"),
    ]:
        with refused(session, key, ValidationFailed):
            run(end_membership, membership_id=world.leader, expected=now, end_on=end_on)
    with audited(session, "membership.end"):  # its first day is the earliest a term can end
        run(end_membership, membership_id=world.leader, expected=now, end_on=D(2020, 1, 1))
    assert count(session, Membership) == rows


def role(
    session: Session, world: World, row_id: int, new_role: str, on: dt.date, expected=None
) -> Membership:
    expected = expected or snapshot(stored(session, Membership, row_id))
    kwargs = {"membership_id": row_id, "expected": expected, "role": new_role, "on": on}
    return change_role(session, actor=world.coordinator, **kwargs)


def test_a_role_changed_from_a_day_ends_the_term_and_begins_one_in_the_new_role(session, world):
    ola = add(session, world, world.ola, start_on=D(2021, 1, 1), end_on=D(2025, 12, 31))
    read = snapshot(ola)
    with audited(session, "membership.role") as added:
        deputy = role(session, world, ola.id, DEPUTY, D(2023, 5, 1))
    assert terms(session, world.group)[1:] == [
        (world.ola, MEMBER, world.vestby, D(2021, 1, 1), D(2023, 4, 30)),
        (world.ola, DEPUTY, world.vestby, D(2023, 5, 1), D(2025, 12, 31)),  # the same unit and end
    ]
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("body", world.group, {"membership": read})
    assert (event.after["membership"]["id"], event.after["ended"]["end_on"]) == (deputy.id, "2023-04-30")
    assert event.after["handover"] == []
    # Becoming leader hands over: Kari ends the day before and goes on as a member.
    with audited(session, "membership.role"):
        leader = role(session, world, deputy.id, LEADER, D(2024, 1, 1))
    assert terms(session, world.group) == [
        (world.kari, LEADER, world.follo, D(2020, 1, 1), D(2023, 12, 31)),
        (world.ola, MEMBER, world.vestby, D(2021, 1, 1), D(2023, 4, 30)),
        (world.ola, DEPUTY, world.vestby, D(2023, 5, 1), D(2023, 12, 31)),
        (world.kari, MEMBER, world.follo, D(2024, 1, 1), None),
        (world.ola, LEADER, world.vestby, D(2024, 1, 1), D(2025, 12, 31)),
    ]
    assert_one_leader_and_one_deputy(session, world.group)
    for on, new_role, key in [
        (D(2023, 12, 31), MEMBER, "error.membership_not_active"),
        (D(2026, 1, 1), MEMBER, "error.membership_not_active"),
        (D(2024, 6, 1), LEADER, "error.nothing_changed"),
        (D(2024, 6, 1), "chair", "error.membership_role"),
    ]:
        with refused(session, key, ValidationFailed):
            role(session, world, leader.id, new_role, on)
    with refused(session, "error.conflict", Conflict):  # the term was read before it was ended
        role(session, world, ola.id, DEPUTY, D(2022, 1, 1), expected=read)


def test_on_a_terms_first_day_the_role_is_corrected_in_place(session, world):
    per = add(session, world, world.per, start_on=D(2023, 3, 1))
    rows = count(session, Membership)
    with audited(session, "membership.role"):
        corrected = role(session, world, per.id, MembershipRole.OBSERVER, D(2023, 3, 1))
    assert corrected.id == per.id and count(session, Membership) == rows
    assert stored(session, Membership, per.id).role == MembershipRole.OBSERVER
    # Becoming leader before the leader's term begins is refused: that term cannot be taken over.
    siri = add(session, world, world.siri, start_on=D(2019, 1, 1), end_on=D(2019, 12, 31))
    with refused(session, "error.role_taken_later", ValidationFailed):
        role(session, world, siri.id, LEADER, D(2019, 6, 1))


# --- Persons and units -------------------------------------------------------------------------------------


def test_a_person_is_registered_and_edited_with_a_name_and_a_plausible_email(session, world, run):
    with audited(session, "person.create") as added:
        person = run(create_person, name=" Nina Berg ", email="nina@lillestrom.kommune.no")
    saved = stored(session, Person, person.id)
    assert columns(saved, "name", "email", "basis") == ("Nina Berg", "nina@lillestrom.kommune.no", "sourced")
    assert (added[0].entity, added[0].entity_id, added[0].after) == ("person", person.id, snapshot(saved))
    for name, email, key in [
        ("  ", None, "error.required"),
        ("Nina", "nina.lillestrom.no", "error.email_invalid"),
        ("Nina", "nina @x.no", "error.email_invalid"),
    ]:
        with refused(session, key, ValidationFailed):
            run(create_person, name=name, email=email)
    read, edit = snapshot(saved), {"person_id": person.id, "name": "Nina Berg", "email": "nb@x.no"}
    with audited(session, "person.update") as added:
        run(update_person, **edit, expected=read, title="Rådgiver")
    assert stored(session, Person, person.id).email == "nb@x.no"
    assert (added[0].before, added[0].after["title"]) == (read, "Rådgiver")
    now = snapshot(stored(session, Person, person.id))
    with refused(session, "error.conflict", Conflict):
        run(update_person, **edit, expected=read)
    with refused(session, "error.nothing_changed", ValidationFailed):
        run(update_person, **edit, expected=now, title="Rådgiver")
    with refused(session, "error.email_invalid", ValidationFailed):
        run(update_person, **{**edit, "email": "nb"}, expected=now)


def test_units_are_of_a_known_kind_named_once_per_kind_and_dated_in_order(session, world, run):
    def unit(**changes: Any) -> Unit:
        return run(create_unit, **{"kind": MUNI, "name": "Lillestrøm kommune", **changes})

    with audited(session, "unit.create", "unit.create", "unit.create"):
        lillestrom = unit(valid_from=D(2020, 1, 1))
        unit(kind=SR, name="Nedre Romerike")
        unit(kind=COUNTY)  # the same name, another kind
    saved = stored(session, Unit, lillestrom.id)
    expected = (MUNI, "Lillestrøm kommune", False, True, D(2020, 1, 1), "sourced")
    assert columns(saved, "kind", "name", "county_level", "is_member", "valid_from", "basis") == expected
    for changes, key in [
        ({"kind": "region"}, "error.unit_kind"),
        ({"kind": COUNTY, "name": "Akershus", "county_level": True}, "error.county_level_municipality"),
        ({"kind": SR, "name": "Ny", "county_level": True}, "error.county_level_municipality"),
        ({"name": "Ny", "valid_from": D(2020, 1, 1), "valid_to": D(2019, 12, 31)}, "error.end_before_start"),
        ({"name": " Lillestrøm kommune "}, "error.unit_name_taken"),
        ({"name": ""}, "error.required"),
    ]:
        with refused(session, key, ValidationFailed):
            unit(**changes)
    with audited(session, "unit.create"):  # a county-level municipality, as Oslo is
        assert unit(name="Bærum kommune", county_level=True).county_level
    read, same = snapshot(saved), {"unit_id": saved.id, "kind": MUNI}
    with refused(session, "error.unit_name_taken", ValidationFailed):
        run(update_unit, **same, expected=read, name="Vestby kommune")
    edit = {**same, "name": "Lillestrøm kommune", "valid_from": D(2020, 1, 1), "note": "Fra 2020"}
    with audited(session, "unit.update"):  # keeping its own name is no clash
        run(update_unit, **edit, expected=read)
    with refused(session, "error.conflict", Conflict):
        run(update_unit, **same, expected=read, name="Lillestrøm")
    with refused(session, "error.nothing_changed", ValidationFailed):
        run(update_unit, **edit, expected=snapshot(stored(session, Unit, saved.id)))


# --- Which sub-regions a municipality belongs to -----------------------------------------------------------


def link(run, sub_region: int, municipality: int, **dates: Any) -> SubRegionMember:
    return run(add_sub_region_link, sub_region_id=sub_region, municipality_id=municipality, **dates)


def test_a_municipality_may_belong_to_two_sub_regions_but_not_twice_to_one_at_a_time(session, world, run):
    with audited(session, "unit.link_add") as added:  # Vestby: in Follo (the world's link) and Moss
        moss = link(run, world.moss, world.vestby, valid_from=D(2020, 1, 1))
    saved = stored(session, SubRegionMember, moss.id)
    expected = (world.moss, world.vestby, D(2020, 1, 1), None)
    assert columns(saved, "sub_region_id", "municipality_id", "valid_from", "valid_to") == expected
    assert (added[0].entity, added[0].entity_id, added[0].after) == ("unit", world.vestby, snapshot(saved))
    for sub_region, municipality, key in [
        (world.vestby, world.oslo, "error.link_kinds"),
        (world.viken, world.vestby, "error.link_kinds"),
        (world.moss, world.follo, "error.link_kinds"),
        (world.moss, world.vestby, "error.link_overlap"),
        (world.follo, world.vestby, "error.link_overlap"),  # the world's link, open at both ends
    ]:
        with refused(session, key, ValidationFailed):
            link(run, sub_region, municipality, valid_from=D(2024, 1, 1))
    with refused(session, "error.end_before_start", ValidationFailed):
        link(run, world.follo, world.oslo, valid_from=D(2024, 1, 1), valid_to=D(2023, 1, 1))
    # Ended, the link stays on record, and a new one may begin the day after.
    read = snapshot(saved)
    with audited(session, "unit.link_end") as added:
        run(end_sub_region_link, link_id=moss.id, expected=read, valid_to=D(2023, 12, 31))
    assert stored(session, SubRegionMember, moss.id).valid_to == D(2023, 12, 31)
    assert (added[0].entity_id, added[0].before, added[0].after["valid_to"]) == (
        world.vestby,
        read,
        "2023-12-31",
    )
    with refused(session, "error.link_overlap", ValidationFailed):
        link(run, world.moss, world.vestby, valid_from=D(2023, 12, 31))
    with audited(session, "unit.link_add"):
        link(run, world.moss, world.vestby, valid_from=D(2024, 1, 1))
    now = snapshot(stored(session, SubRegionMember, moss.id))
    with refused(session, "error.conflict", Conflict):
        run(end_sub_region_link, link_id=moss.id, expected=read, valid_to=D(2022, 12, 31))
    for valid_to, key in [
        (D(2019, 12, 31), "error.end_before_start"),
        (D(2023, 12, 31), "error.nothing_changed"),
    ]:
        with refused(session, key, ValidationFailed):
            run(end_sub_region_link, link_id=moss.id, expected=now, valid_to=valid_to)


# --- An end moved later must not run over what follows it ----------------------------------------------


def test_a_term_cannot_be_extended_over_the_persons_next_term_in_the_body(session, world, run):
    # Ola leads from 1.3.2023: Kari's term as leader ends 28.2.2023 and she goes on as a member.
    add(session, world, world.ola, role=LEADER)
    read = snapshot(stored(session, Membership, world.leader))
    with refused(session, "error.membership_overlap", ValidationFailed):
        run(end_membership, membership_id=world.leader, expected=read, end_on=D(2023, 12, 31))
    assert_one_leader_and_one_deputy(session, world.group)


def test_a_link_cannot_be_extended_over_the_next_link_of_the_same_pair(session, world, run):
    first = link(run, world.moss, world.vestby, valid_from=D(2020, 1, 1), valid_to=D(2021, 12, 31))
    link(run, world.moss, world.vestby, valid_from=D(2022, 1, 1))
    with refused(session, "error.link_overlap", ValidationFailed):
        run(end_sub_region_link, link_id=first.id, expected=snapshot(first), valid_to=D(2022, 6, 30))


# --- Who appointed a member (issue 14: represents = the unit that appointed) ---------------------------


def test_a_municipality_in_one_sub_region_is_appointed_through_it(session, world):
    row = add(session, world, world.ola)
    assert stored(session, Membership, row.id).appointed_by_unit_id == world.follo


def test_a_municipality_in_two_sub_regions_records_the_one_that_appointed(session, world):
    make_sub_region_member(session, sub_region=world.moss, municipality=world.vestby)
    session.commit()
    unknown = add(session, world, world.ola)
    assert stored(session, Membership, unknown.id).appointed_by_unit_id is None  # "oppnevnt av: ukjent"
    chosen = add(session, world, world.per, appointed_by_unit_id=world.moss)
    assert stored(session, Membership, chosen.id).appointed_by_unit_id == world.moss


def test_a_sub_region_that_does_not_hold_the_municipality_cannot_have_appointed(session, world):
    with refused(session, "error.appointed_by_not_holding", ValidationFailed):
        add(session, world, world.ola, appointed_by_unit_id=world.moss)
    with refused(session, "error.appointed_by_needs_unit", ValidationFailed):
        add(session, world, world.ola, represents_unit_id=None, appointed_by_unit_id=world.follo)


def test_a_unit_that_comes_back_as_a_member_is_expected_again_from_that_day(session, world):
    """Akershus fylkeskommune: a member of the alliance until 2019, re-established 2024; a coordinator
    records its membership of the IPR from a day, and coverage expects it from that day."""
    akershus = make_unit(session, kind=COUNTY, name="Akershus fylkeskommune")
    session.commit()
    for form, status, since, until in (
        ("alliance", "member", None, D(2019, 12, 31)),
        ("ipr", "unknown", D(2024, 1, 1), D(2024, 12, 31)),
        ("ipr", "member", D(2025, 1, 1), None),
    ):
        with audited(session, "unit.membership_period.add"):
            add_osloregion_membership(
                session,
                actor=world.coordinator,
                unit_id=akershus.id,
                member_form=form,
                status=status,
                valid_from=since,
                valid_to=until,
            )
    expected = {
        day: {
            unit.unit.name
            for unit in body_coverage(session, on=day, body_ids=[world.group])[0].coverage.units
        }
        for day in (D(2019, 6, 1), D(2022, 6, 1), D(2024, 6, 1), D(2025, 6, 1))
    }
    assert [("Akershus fylkeskommune" in names) for names in expected.values()] == [True, False, False, True]
    with refused(session, "error.member_period_overlap", ValidationFailed):
        add_osloregion_membership(
            session,
            actor=world.coordinator,
            unit_id=akershus.id,
            member_form="ipr",
            status="not_member",
            valid_from=D(2026, 1, 1),
        )
    with refused(session, "error.member_status", ValidationFailed):
        add_osloregion_membership(
            session,
            actor=world.coordinator,
            unit_id=akershus.id,
            member_form="ipr",
            status="maybe",
            valid_from=None,
        )
    with refused(session, "error.permission_denied", PermissionDenied):
        add_osloregion_membership(
            session,
            actor=world.member,
            unit_id=akershus.id,
            member_form="ipr",
            status="member",
            valid_from=None,
        )
