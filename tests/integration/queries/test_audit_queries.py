"""The admin's audit trail on SQLite and PostgreSQL, from events the real services wrote: each filter
narrows it (who, kind of record, action, Oslo days at their edges, record id), newest first, paged
with its total, records and ids named, and a record's history holds exactly that record's events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from osloreg.audit import chain as audit_chain
from osloreg.enums import ProjectStatus, Role
from osloreg.queries import audit
from osloreg.queries.audit import NO_USER, AuditFilters
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.directory import create_person, update_person
from osloreg.services.projects import change_status, create_project
from osloreg.services.users import create_user

PASSWORD = "et langt testpassord"


@dataclass(frozen=True)
class World:
    kari: Actor
    ola: Actor
    person_id: int
    talent_id: int  # Kari registered it, owned by the person; Ola moved it to planned
    follo_id: int  # Ola registered it


def _actor(session: Session, username: str) -> Actor:
    user = create_user(
        session,
        actor=SYSTEM,
        username=username,
        display_name=username.title(),
        password=PASSWORD,
        roles=[Role.COORDINATOR],
    )
    return Actor.of(user)


@pytest.fixture
def world(session: Session) -> World:
    kari, ola = _actor(session, "kari"), _actor(session, "ola")
    person = create_person(session, actor=kari, name="Ingrid Hansen")
    talent = create_project(session, actor=kari, title="Oslo Talent Pool", owner_person_id=person.id)
    change_status(
        session,
        actor=ola,
        project_id=talent.id,
        expected_status=ProjectStatus.IDEA,
        to_status=ProjectStatus.PLANNED,
        note="Klar",
    )
    follo = create_project(session, actor=ola, title="Næringsliv i Follo")
    update_person(session, actor=ola, person_id=person.id, expected=None, name="Ingrid Hansen-Berg")
    return World(kari, ola, person.id, talent.id, follo.id)


def _actions(listing) -> list[str]:
    return list(listing.rows["action"])


def test_the_whole_trail_is_newest_first_with_its_total(session, world):
    listing = audit.trail(session)
    assert listing.total == 7  # two users, a person, two projects, a status move, a person's new name
    assert _actions(listing) == [
        "person.update",
        "project.create",
        "project.status",
        "project.create",
        "person.create",
        "user.create",
        "user.create",
    ]
    assert list(listing.rows["id"]) == sorted(listing.rows["id"], reverse=True)


def test_paging_gives_each_event_once_and_the_same_total(session, world):
    pages = [audit.trail(session, limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [page.total for page in pages] == [7, 7, 7]
    assert [len(page.rows) for page in pages] == [3, 3, 1]
    ids = [event_id for page in pages for event_id in page.rows["id"]]
    assert ids == list(audit.trail(session).rows["id"])


def test_the_actor_filter_keeps_that_users_events_and_no_user_means_the_command_line(session, world):
    by_ola = audit.trail(session, filters=AuditFilters(actor_id=world.ola.user_id))
    assert _actions(by_ola) == ["person.update", "project.create", "project.status"]
    assert set(by_ola.rows["actor"]) == {"ola"}
    by_system = audit.trail(session, filters=AuditFilters(actor_id=NO_USER))
    assert _actions(by_system) == ["user.create", "user.create"]
    assert set(by_system.rows["actor"]) == {"system"}


def test_the_entity_and_action_filters_narrow_and_combine(session, world):
    projects = audit.trail(session, filters=AuditFilters(entity="project"))
    assert projects.total == 3 and set(projects.rows["entity"]) == {"project"}
    created = audit.trail(session, filters=AuditFilters(action="project.create"))
    assert list(created.rows["entity_id"]) == [world.follo_id, world.talent_id]
    both = audit.trail(
        session, filters=AuditFilters(entity="project", action="project.create", actor_id=world.kari.user_id)
    )
    assert list(both.rows["entity_id"]) == [world.talent_id]
    assert audit.trail(session, filters=AuditFilters(entity="person", action="project.create")).total == 0


def test_a_record_id_gives_exactly_that_records_events(session, world):
    talent = audit.trail(session, filters=AuditFilters(entity="project", entity_id=world.talent_id))
    assert _actions(talent) == ["project.status", "project.create"]
    assert set(talent.rows["entity_id"]) == {world.talent_id}
    person = audit.trail(session, filters=AuditFilters(entity="person", entity_id=world.person_id))
    assert _actions(person) == ["person.update", "person.create"]
    assert audit.trail(session, filters=AuditFilters(entity="project", entity_id=999_999)).total == 0


def test_records_and_the_ids_in_changes_are_named(session, world):
    rows = audit.trail(session, filters=AuditFilters(entity="project")).rows.set_index("action")
    created = rows.loc["project.create"]
    names = dict(zip(created["entity_id"], created["record"], strict=True))
    assert names == {world.talent_id: "Oslo Talent Pool", world.follo_id: "Næringsliv i Follo"}
    talent_created = audit.trail(
        session, filters=AuditFilters(entity="project", entity_id=world.talent_id, action="project.create")
    ).rows.iloc[0]
    changes = {path: (was, now) for path, was, now in talent_created["changes"]}
    # The owner's id is shown as the person's current name, not as a number.
    assert changes["owner_person_id"] == (None, "Ingrid Hansen-Berg")
    assert changes["title"] == (None, "Oslo Talent Pool")
    moved = rows.loc["project.status"]
    assert {path: (was, now) for path, was, now in moved["changes"]}["status"] == ("idea", "planned")
    person = audit.trail(session, filters=AuditFilters(entity="person", action="person.update")).rows.iloc[0]
    assert person["record"] == "Ingrid Hansen-Berg"
    assert [(p, w, n) for p, w, n in person["changes"]] == [("name", "Ingrid Hansen", "Ingrid Hansen-Berg")]
    users = audit.trail(session, filters=AuditFilters(entity="users")).rows
    assert set(users["record"]) == {"Kari (kari)", "Ola (ola)"}


def test_one_event_in_full_holds_every_field_and_marks_the_changed_ones(session, world):
    event_id = audit.trail(session, filters=AuditFilters(action="project.status")).rows["id"].iloc[0]
    detail = audit.event_detail(session, event_id=int(event_id))
    assert detail is not None and detail.record == "Oslo Talent Pool" and detail.actor == "ola"
    fields = detail.fields.set_index("path")
    assert fields.loc["status", "changed"] and fields.loc["status", "after"] == "planned"
    assert not fields.loc["title", "changed"] and fields.loc["title", "before"] == "Oslo Talent Pool"
    assert fields.loc["owner_person_id", "before"] == "Ingrid Hansen-Berg"  # named, unchanged
    assert "version" not in fields.index  # bookkeeping stays out
    assert detail.before["status"] == "idea" and detail.after["status"] == "planned"
    assert audit.event_detail(session, event_id=999_999) is None


def test_the_filters_offer_the_users_and_what_occurs(session, world):
    options = audit.trail_options(session)
    assert options.actors == [(world.kari.user_id, "kari"), (world.ola.user_id, "ola")]
    assert options.entities == ["person", "project", "users"]
    assert options.actions == [
        "person.create",
        "person.update",
        "project.create",
        "project.status",
        "user.create",
    ]


def _event(session: Session, at: dt.datetime, entity_id: int) -> None:
    # The services stamp events with the time of the write; days at their edges need chosen moments.
    with session.begin():
        audit_chain.append(
            session.connection(),
            [
                dict(
                    at=at,
                    actor_user_id=None,
                    actor_name="system",
                    action="demo.load",
                    entity="demo",
                    entity_id=entity_id,
                )
            ],
        )


@pytest.mark.parametrize(
    ("day", "midnight_utc"),
    [
        (dt.date(2024, 3, 10), dt.datetime(2024, 3, 9, 23, 0)),  # winter time: UTC+1
        (dt.date(2024, 7, 1), dt.datetime(2024, 6, 30, 22, 0)),  # summer time: UTC+2
    ],
)
def test_the_time_range_is_oslo_days_with_both_ends_included(session, day, midnight_utc):
    second = dt.timedelta(seconds=1)
    next_midnight = midnight_utc + dt.timedelta(days=1)
    for number, moment in enumerate(
        [midnight_utc - second, midnight_utc, next_midnight - second, next_midnight], start=1
    ):
        _event(session, moment, number)
    one_day = audit.trail(session, filters=AuditFilters(date_from=day, date_to=day))
    assert list(one_day.rows["entity_id"]) == [3, 2]  # 00:00:00 and 23:59:59 Oslo time of that day
    from_day = audit.trail(session, filters=AuditFilters(date_from=day))
    assert list(from_day.rows["entity_id"]) == [4, 3, 2]
    to_day = audit.trail(session, filters=AuditFilters(date_to=day))
    assert list(to_day.rows["entity_id"]) == [3, 2, 1]
    assert (
        audit.trail(session, filters=AuditFilters(date_from=day + dt.timedelta(days=1), date_to=day)).total
        == 0
    )


def test_the_day_starts_at_oslo_midnight_in_utc():
    assert audit.oslo_day_start(dt.date(2024, 1, 15)) == dt.datetime(2024, 1, 14, 23, 0)
    assert audit.oslo_day_start(dt.date(2024, 3, 31)) == dt.datetime(2024, 3, 30, 23, 0)  # the clocks go on
    assert audit.oslo_day_start(dt.date(2024, 4, 1)) == dt.datetime(2024, 3, 31, 22, 0)
