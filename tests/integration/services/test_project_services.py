"""Projects through the services, on SQLite and PostgreSQL: who may manage them, registering a project,
editing it with optimistic locking, the status machine and its history, milestones and the reference
group's checkpoints, one audit event per change, and a database left exactly as it was after every
refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.db import read_sessions
from osloreg.enums import AdviceState, CheckpointKind, ProjectStatus, Role
from osloreg.models import (
    AuditEvent,
    Milestone,
    Project,
    ProjectCheckpoint,
    ProjectStatusChange,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    User,
)
from osloreg.services.base import REGISTRY, Actor, Conflict, DomainError, PermissionDenied, ValidationFailed
from osloreg.services.projects import (
    add_milestone,
    change_status,
    clear_checkpoint,
    create_project,
    record_checkpoint,
    remove_milestone,
    update_milestone,
    update_project,
)
from osloreg.snapshots import checkpoint_state, snapshot
from tests.database_state import every_row
from tests.factories import (
    at,
    days,
    make_advice,
    make_body,
    make_checkpoint,
    make_meeting,
    make_person,
    make_project,
    make_unit,
)

S = ProjectStatus
INFORMED, INPUT_ROUND, QUALITY_ASSURED = (
    CheckpointKind.INFORMED,
    CheckpointKind.INPUT_ROUND,
    CheckpointKind.QUALITY_ASSURED,
)


# --- The world: a group, an owner, partner units, strategy points, a past meeting; every role ----------


@dataclass
class World:
    body: int
    owner: int
    units: list[int]
    points: list[int]
    meeting: int  # a meeting of the group two weeks ago
    meeting_day: dt.date
    coordinator: Actor  # a real user, so that what records "who" can be checked
    other_coordinator: Actor
    director: Actor
    admin: Actor
    member: Actor
    viewer: Actor


def _actor(name: str, role: str, user_id: int | None = None) -> Actor:
    return Actor(user_id=user_id, username=name, roles=frozenset({role}))


@pytest.fixture
def world(session: Session) -> World:
    body = make_body(session, name="Referansegruppen for profilering")
    owner = make_person(session, name="Prosjekteier")
    units = [
        make_unit(session, name=name) for name in ("Asker kommune", "Bærum kommune", "Lillestrøm kommune")
    ]
    period = StrategyPeriod(name="Strategiske føringer 2021–2024", start_year=2021, end_year=2024)
    area = StrategyArea(period=period, number=1, name="Profilering av regionen")
    points = [StrategyPoint(area=area, number=n, text=f"Mål {n}") for n in (1, 2)]
    user = User(username="koordinator", display_name="Koordinatoren", password_hash="-")
    session.add_all([period, area, *points, user])
    meeting_day = today() - days(14)
    meeting = make_meeting(session, body=body, starts_at=at(meeting_day))
    session.flush()
    world = World(
        body=body.id,
        owner=owner.id,
        units=[unit.id for unit in units],
        points=[point.id for point in points],
        meeting=meeting.id,
        meeting_day=meeting_day,
        coordinator=_actor("koordinator", Role.COORDINATOR, user.id),
        other_coordinator=_actor("koordinator2", Role.COORDINATOR),
        director=_actor("direktor", Role.DIRECTOR),
        admin=_actor("admin", Role.ADMIN),
        member=_actor("medlem", Role.MEMBER),
        viewer=_actor("leser", Role.VIEWER),
    )
    session.commit()
    return world


@pytest.fixture
def other_session(session: Session) -> Iterator[Session]:
    """A second user's session on the same database (another browser tab, another coordinator)."""
    with read_sessions(session.get_bind())() as other:
        yield other


# --- Reading the database -------------------------------------------------------------------------------


def _everything(session: Session) -> dict[str, list[Any]]:
    """Every row of every table (the test databases are small): a refusal must leave all of it."""
    state = every_row(session)
    session.commit()  # end the read; expire_on_commit is off, so the test's objects stay usable
    return state


def _events(session: Session) -> list[AuditEvent]:
    events = list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))
    session.commit()
    return events


def _audit_count(session: Session) -> int:
    count = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    session.commit()
    return count


def _stored(session: Session, project_id: int) -> Project:
    """The project as the database has it now, with its partners and points loaded."""
    project = session.get(Project, project_id, populate_existing=True)
    assert project is not None
    project.partners, project.points  # noqa: B018 - load them before the read ends
    session.commit()
    return project


def _history(session: Session, project_id: int) -> list[ProjectStatusChange]:
    rows = list(
        session.scalars(
            sa.select(ProjectStatusChange)
            .where(ProjectStatusChange.project_id == project_id)
            .order_by(ProjectStatusChange.id)
        )
    )
    session.commit()
    return rows


def _milestones(session: Session, project_id: int) -> list[Milestone]:
    query = sa.select(Milestone).where(Milestone.project_id == project_id).order_by(Milestone.id)
    rows = list(session.scalars(query.execution_options(populate_existing=True)))
    session.commit()
    return rows


def _checkpoints(session: Session, project_id: int) -> dict[str, ProjectCheckpoint]:
    query = sa.select(ProjectCheckpoint).where(ProjectCheckpoint.project_id == project_id)
    rows = session.scalars(query.execution_options(populate_existing=True))
    by_kind = {row.kind: row for row in rows}
    session.commit()
    return by_kind


def _form(session: Session, project_id: int) -> dict[str, Any]:
    """The edit form as a user reads it: every field of the project and the version it was read at."""
    project = _stored(session, project_id)
    return {
        "project_id": project.id,
        "expected_version": project.version,
        "title": project.title,
        "description": project.description,
        "body_id": project.body_id,
        "owner_person_id": project.owner_person_id,
        "start_on": project.start_on,
        "end_on": project.end_on,
        "progress": project.progress,
        "outside_partners": project.outside_partners,
        "partner_unit_ids": sorted(unit.id for unit in project.partners),
        "point_ids": sorted(point.id for point in project.points),
    }


# --- Expectations ---------------------------------------------------------------------------------------


@contextmanager
def refused(
    session: Session, key: str, error: type[DomainError] = DomainError
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The call inside is refused with `key`, and the database (audit trail included) is unchanged."""
    before = _everything(session)
    with pytest.raises(error) as caught:
        yield caught
    assert caught.value.key == key, caught.value
    assert _everything(session) == before
    # The service's rollback expired the test's objects; load them again (and end that read), so
    # that reading one of them later does not leave a transaction open for the next service.
    for obj in list(session.identity_map.values()):
        session.refresh(obj)
    session.commit()


@contextmanager
def one_audit_event(session: Session, action: str) -> Iterator[list[AuditEvent]]:
    """The call inside writes exactly one audit event, `action`, on a project; it is handed back."""
    count = _audit_count(session)
    seen = {event.id for event in _events(session)}
    added: list[AuditEvent] = []
    yield added
    added.extend(event for event in _events(session) if event.id not in seen)
    assert [event.action for event in added] == [action]
    assert _audit_count(session) == count + 1
    assert added[0].entity == "project"


# --- Making things through the services -------------------------------------------------------------------


def _project(session: Session, world: World, actor: Actor | None = None, **changes: Any) -> Project:
    values: dict[str, Any] = {
        "title": "Felles næringsarealstrategi",
        "description": "Kartlegging av ledige næringsarealer i regionen.",
        "body_id": world.body,
        "owner_person_id": world.owner,
        "status": S.PLANNED,
        "progress": 0,
        "outside_partners": "NHO Oslo og Akershus",
        "partner_unit_ids": world.units[:2],
        "point_ids": world.points[:1],
        "note": "Meldt inn av referansegruppen.",
    }
    return create_project(session, actor=actor or world.coordinator, **{**values, **changes})


def _move(session: Session, world: World, project_id: int, *path: str) -> None:
    """Move the project along `path`, each step from the status before it."""
    for from_status, to_status in zip(path, path[1:], strict=False):
        change_status(
            session,
            actor=world.coordinator,
            project_id=project_id,
            expected_status=from_status,
            to_status=to_status,
            note=f"Fra {from_status} til {to_status}",
        )


def _milestone(session: Session, world: World, project_id: int, **changes: Any) -> Milestone:
    values: dict[str, Any] = {"title": "Kartlegging ferdig", "due_on": today() + days(30)}
    return add_milestone(session, actor=world.coordinator, project_id=project_id, **{**values, **changes})


def _informed(session: Session, world: World, project_id: int, **changes: Any) -> ProjectCheckpoint:
    values: dict[str, Any] = {"kind": INFORMED, "expected": None, "on_date": today() - days(3)}
    return record_checkpoint(session, actor=world.coordinator, project_id=project_id, **{**values, **changes})


# --- Who may manage projects: every service, table-driven -------------------------------------------------


@dataclass(frozen=True)
class Call:
    run: Callable[..., Any]
    kwargs: dict[str, Any]
    action: str  # the audit event it writes when allowed


def _every_service(session: Session, world: World) -> dict[str, Call]:
    """One valid call of each service of the module, each on rows of its own (so they may run in any
    order), made with the factories so that no audit event precedes them."""
    edited = make_project(session, title="Redigeres", status=S.PLANNED)
    moved = make_project(session, title="Flyttes", status=S.PLANNED)
    with_milestones = make_project(session, title="Med milepæler", status=S.ONGOING)
    to_mark, to_remove = (
        Milestone(project_id=with_milestones.id, title=title, due_on=today() + days(10))
        for title in ("Merkes", "Fjernes")
    )
    session.add_all([to_mark, to_remove])
    checkpoint = make_checkpoint(session, project=with_milestones, kind=INFORMED, on_date=today() - days(5))
    session.commit()
    return {
        "create_project": Call(create_project, {"title": "Et nytt prosjekt"}, "project.create"),
        "update_project": Call(
            update_project,
            {"project_id": edited.id, "expected_version": edited.version, "title": "Redigert"},
            "project.update",
        ),
        "change_status": Call(
            change_status,
            {
                "project_id": moved.id,
                "expected_status": S.PLANNED,
                "to_status": S.ONGOING,
                "note": "Oppstart",
            },
            "project.status",
        ),
        "add_milestone": Call(
            add_milestone,
            {"project_id": with_milestones.id, "title": "Ny", "due_on": today() + days(20)},
            "project.milestone_add",
        ),
        "update_milestone": Call(
            update_milestone,
            {
                "milestone_id": to_mark.id,
                "expected": snapshot(to_mark),
                "title": to_mark.title,
                "due_on": to_mark.due_on,
                "done_on": today(),
            },
            "project.milestone_update",
        ),
        "remove_milestone": Call(
            remove_milestone,
            {"milestone_id": to_remove.id, "expected": snapshot(to_remove)},
            "project.milestone_remove",
        ),
        "record_checkpoint": Call(
            record_checkpoint,
            {"project_id": with_milestones.id, "kind": QUALITY_ASSURED, "expected": None, "on_date": today()},
            "project.checkpoint",
        ),
        "clear_checkpoint": Call(
            clear_checkpoint,
            {"project_id": with_milestones.id, "kind": INFORMED, "expected": checkpoint_state(checkpoint)},
            "project.checkpoint_clear",
        ),
    }


def test_members_and_viewers_are_refused_every_project_service(session, world):
    calls = _every_service(session, world)
    # The table covers every service the module registers, so a new one cannot slip past it.
    assert set(calls) == {name.split(".", 1)[1] for name in REGISTRY if name.startswith("projects.")}
    assert len(calls) == 8
    for actor in (world.member, world.viewer):
        for name, call in calls.items():
            with refused(session, "error.permission_denied", PermissionDenied) as caught:
                call.run(session, actor=actor, **call.kwargs)
            assert caught.value.params == {"action": "manage_work"}, (actor.username, name)


def test_coordinators_directors_and_admins_run_every_project_service(session, world):
    for actor in (world.coordinator, world.director, world.admin):
        for name, call in _every_service(session, world).items():
            with one_audit_event(session, call.action) as added:
                call.run(session, actor=actor, **call.kwargs)
            event = added[0]
            assert (event.actor_name, event.actor_user_id) == (actor.username, actor.user_id), name


# --- Registering a project -----------------------------------------------------------------------------


def test_a_new_project_is_stored_with_its_partners_points_and_first_status_change(session, world):
    with one_audit_event(session, "project.create") as added:
        project = _project(
            session,
            world,
            title="  Felles næringsarealstrategi ",
            start_on=today(),
            end_on=today() + days(365),
            progress=5,
            partner_unit_ids=[world.units[1], world.units[0], world.units[1]],
            point_ids=world.points,
        )
    stored = _stored(session, project.id)
    assert stored.title == "Felles næringsarealstrategi"
    assert (stored.status, stored.progress, stored.version, stored.basis) == (S.PLANNED, 5, 1, "sourced")
    assert (stored.start_on, stored.end_on) == (today(), today() + days(365))
    assert (stored.body_id, stored.owner_person_id) == (world.body, world.owner)
    assert sorted(unit.id for unit in stored.partners) == sorted(world.units[:2])
    assert sorted(point.id for point in stored.points) == sorted(world.points)
    [first] = _history(session, project.id)
    assert (first.from_status, first.to_status) == (None, S.PLANNED)
    assert first.note == "Meldt inn av referansegruppen."
    assert first.changed_by_user_id == world.coordinator.user_id is not None
    assert first.changed_at == stored.status_changed_at is not None
    [event] = added
    assert (event.entity, event.entity_id, event.before) == ("project", project.id, None)
    assert event.actor_user_id == world.coordinator.user_id
    assert event.after["partner_unit_ids"] == sorted(world.units[:2])
    assert event.after["point_ids"] == sorted(world.points)
    assert event.after["title"] == "Felles næringsarealstrategi" and event.after["status"] == "planned"


def test_a_project_is_registered_as_an_idea_or_planned_never_further_along(session, world):
    with one_audit_event(session, "project.create"):
        project = create_project(session, actor=world.director, title="Bare en idé")
    stored = _stored(session, project.id)
    assert (stored.status, stored.progress, stored.partners, stored.points) == (S.IDEA, 0, [], [])
    [first] = _history(session, project.id)
    assert (first.from_status, first.to_status, first.note, first.changed_by_user_id) == (
        None,
        S.IDEA,
        None,
        None,
    )
    # Later statuses are reached by moves, each with its note.
    for status in (S.ONGOING, S.PAUSED, S.COMPLETED, S.CANCELLED, "archived"):
        with refused(session, "error.project_start_status", ValidationFailed) as caught:
            _project(session, world, status=status)
        assert caught.value.params == {"status": status}


def test_a_new_project_with_bad_values_or_rows_that_do_not_exist_is_refused(session, world):
    with refused(session, "error.end_before_start", ValidationFailed):
        _project(session, world, start_on=today(), end_on=today() - days(1))
    for progress in (101, -1, True, 12.5):
        with refused(session, "error.progress_range", ValidationFailed):
            _project(session, world, progress=progress)
    with refused(session, "error.required", ValidationFailed) as caught:
        _project(session, world, title=" \n ")
    assert caught.value.params["field"] == "title"
    with refused(session, "error.date_invalid", ValidationFailed):
        _project(session, world, start_on=dt.datetime.now())
    with refused(session, "error.unit_missing", ValidationFailed) as caught:
        _project(session, world, partner_unit_ids=[world.units[0], world.units[-1] + 1000])
    assert caught.value.params == {"id": world.units[-1] + 1000}
    with refused(session, "error.point_missing", ValidationFailed):
        _project(session, world, point_ids=[world.points[-1] + 1000])
    with refused(session, "error.body_missing", ValidationFailed):
        _project(session, world, body_id=world.body + 1000)
    with refused(session, "error.person_missing", ValidationFailed):
        _project(session, world, owner_person_id=world.owner + 1000)


def test_services_on_a_project_that_does_not_exist_find_nothing(session, world):
    missing = 999_999
    with refused(session, "error.not_found"):
        update_project(session, actor=world.coordinator, project_id=missing, expected_version=1, title="x")
    with refused(session, "error.not_found"):
        change_status(
            session,
            actor=world.coordinator,
            project_id=missing,
            expected_status=S.IDEA,
            to_status=S.PLANNED,
            note="x",
        )
    with refused(session, "error.not_found"):
        _milestone(session, world, missing)
    with refused(session, "error.not_found"):
        _informed(session, world, missing)


# --- Editing a project -----------------------------------------------------------------------------------


def test_an_update_replaces_the_fields_moves_the_version_and_audits_before_and_after(session, world):
    project = _project(session, world)
    form = _form(session, project.id)
    changes = {
        "title": "Næringsarealer i Osloregionen",
        "description": None,
        "start_on": today() - days(10),
        "end_on": today() + days(100),
        "progress": 30,
        "outside_partners": "NHO og LO",
        "partner_unit_ids": [world.units[2]],
        "point_ids": world.points,
    }
    with one_audit_event(session, "project.update") as added:
        update_project(session, actor=world.coordinator, **{**form, **changes})
    stored = _stored(session, project.id)
    assert (stored.title, stored.description, stored.progress) == ("Næringsarealer i Osloregionen", None, 30)
    assert (stored.start_on, stored.end_on) == (today() - days(10), today() + days(100))
    assert [unit.id for unit in stored.partners] == [world.units[2]]
    assert sorted(point.id for point in stored.points) == sorted(world.points)
    assert stored.version > 1 and stored.status == S.PLANNED  # by how much: see the test below
    assert stored.updated_at >= stored.created_at
    [event] = added
    assert event.entity_id == project.id
    assert event.before["title"] == "Felles næringsarealstrategi" and event.before["version"] == 1
    assert event.before["partner_unit_ids"] == sorted(world.units[:2])
    assert event.after["title"] == "Næringsarealer i Osloregionen"
    assert event.after["version"] == stored.version
    assert event.after["partner_unit_ids"] == [world.units[2]]
    assert event.after["start_on"] == (today() - days(10)).isoformat()


def test_one_save_of_a_field_and_a_new_point_moves_the_version_by_exactly_one(session, world):
    """One save is one step of the version, whatever it changes: the audit trail's before and after
    are consecutive versions, and no version is skipped. (A title alone, or partners or points alone,
    are checked in the tests above and below.)"""
    project = _project(session, world)
    form = _form(session, project.id)
    session.expunge_all()  # the app saves from a fresh session on every rerun
    with one_audit_event(session, "project.update") as added:
        update_project(
            session,
            actor=world.coordinator,
            **{**form, "title": "Nytt navn", "point_ids": world.points, "partner_unit_ids": world.units},
        )
    assert (added[0].before["version"], added[0].after["version"]) == (1, 2)
    assert _stored(session, project.id).version == 2


def test_an_update_that_changes_nothing_or_has_bad_values_is_refused(session, world):
    project = _project(session, world)
    with refused(session, "error.nothing_changed", ValidationFailed):
        update_project(session, actor=world.coordinator, **_form(session, project.id))
    # Surrounding whitespace is not a change either.
    form = _form(session, project.id)
    with refused(session, "error.nothing_changed", ValidationFailed):
        update_project(session, actor=world.coordinator, **{**form, "title": f"  {form['title']}  "})
    with refused(session, "error.end_before_start", ValidationFailed):
        update_project(
            session, actor=world.coordinator, **{**form, "start_on": today(), "end_on": today() - days(1)}
        )
    with refused(session, "error.progress_range", ValidationFailed):
        update_project(session, actor=world.coordinator, **{**form, "progress": 101})
    with refused(session, "error.unit_missing", ValidationFailed):
        update_project(
            session, actor=world.coordinator, **{**form, "partner_unit_ids": [world.units[0] + 999]}
        )


def test_the_second_of_two_saves_from_the_same_read_gets_a_conflict_and_overwrites_nothing(
    session, other_session, world
):
    project = _project(session, world)
    first_read, second_read = _form(session, project.id), _form(other_session, project.id)
    assert first_read["expected_version"] == second_read["expected_version"] == 1
    update_project(
        session,
        actor=world.coordinator,
        **{**first_read, "title": "Næringsarealer i Osloregionen", "progress": 20},
    )
    audit_count = _audit_count(session)
    with refused(session, "error.conflict", Conflict) as caught:
        update_project(
            other_session,
            actor=world.other_coordinator,
            **{**second_read, "title": "Arealstrategien", "outside_partners": None, "partner_unit_ids": []},
        )
    current = caught.value.params["current"]
    assert (current["title"], current["progress"], current["version"]) == (
        "Næringsarealer i Osloregionen",
        20,
        2,
    )
    stored = _stored(session, project.id)
    assert (stored.title, stored.progress, stored.version) == ("Næringsarealer i Osloregionen", 20, 2)
    assert stored.outside_partners == "NHO Oslo og Akershus"
    assert sorted(unit.id for unit in stored.partners) == sorted(world.units[:2])
    assert _audit_count(session) == audit_count


def test_changing_only_the_partners_moves_the_version_so_a_stale_save_is_caught(session, world):
    project = _project(session, world)
    read = _form(session, project.id)
    with one_audit_event(session, "project.update"):
        update_project(session, actor=world.coordinator, **{**read, "partner_unit_ids": world.units})
    assert _stored(session, project.id).version == 2
    with refused(session, "error.conflict", Conflict):
        update_project(session, actor=world.other_coordinator, **{**read, "title": "Et annet navn"})
    stored = _stored(session, project.id)
    assert sorted(unit.id for unit in stored.partners) == sorted(world.units)
    assert stored.title == read["title"]
    # The points alone move it on as well.
    with one_audit_event(session, "project.update"):
        update_project(
            session,
            actor=world.coordinator,
            **{**read, "expected_version": 2, "partner_unit_ids": world.units, "point_ids": world.points},
        )
    assert _stored(session, project.id).version == 3


def test_a_completed_projects_progress_stays_at_100(session, world):
    project = _project(session, world)
    _move(session, world, project.id, S.PLANNED, S.ONGOING, S.COMPLETED)
    form = _form(session, project.id)
    assert form["progress"] == 100
    with refused(session, "error.progress_completed", ValidationFailed):
        update_project(session, actor=world.coordinator, **{**form, "progress": 90, "title": "Ferdig?"})
    with one_audit_event(session, "project.update"):
        update_project(session, actor=world.coordinator, **{**form, "title": "Ferdig"})


# --- Moving a project through its statuses -------------------------------------------------------------


def test_a_project_moves_through_its_life_with_a_note_at_every_step(session, world):
    project = _project(session, world, status=S.IDEA, note=None)
    assert project.start_on is None and project.end_on is None
    steps = [
        (S.IDEA, S.PLANNED, "Planlagt i møtet"),
        (S.PLANNED, S.ONGOING, "Oppstart"),
        (S.ONGOING, S.PAUSED, "Venter på finansiering"),
        (S.PAUSED, S.ONGOING, "Finansieringen er på plass"),
        (S.ONGOING, S.COMPLETED, "Levert"),
    ]
    changed_at = _stored(session, project.id).status_changed_at
    for from_status, to_status, note in steps:
        with one_audit_event(session, "project.status") as added:
            change_status(
                session,
                actor=world.coordinator,
                project_id=project.id,
                expected_status=from_status,
                to_status=to_status,
                note=f"  {note}\n",
            )
        stored = _stored(session, project.id)
        last = _history(session, project.id)[-1]
        assert stored.status == to_status
        assert stored.status_changed_at > changed_at
        changed_at = stored.status_changed_at
        assert (last.from_status, last.to_status, last.note) == (from_status, to_status, note)
        assert last.changed_by_user_id == world.coordinator.user_id
        assert last.changed_at == stored.status_changed_at
        [event] = added
        assert event.entity_id == project.id and event.actor_user_id == world.coordinator.user_id
        assert (event.before["status"], event.after["status"]) == (from_status, to_status)
        assert event.after["status_change_id"] == last.id
        if to_status == S.ONGOING:
            assert stored.start_on == today()  # work began today, as no start date was set
    history = _history(session, project.id)
    assert [(row.from_status, row.to_status) for row in history] == [
        (None, S.IDEA),
        *((from_status, to_status) for from_status, to_status, _ in steps),
    ]
    stored = _stored(session, project.id)
    assert (stored.progress, stored.start_on, stored.end_on) == (100, today(), today())
    assert stored.version == 1 + len(steps)


def test_starting_and_completing_keep_dates_already_set(session, world):
    start, end = today() - days(30), today() + days(60)
    project = _project(session, world, start_on=start, end_on=end, progress=40)
    _move(session, world, project.id, S.PLANNED, S.ONGOING)
    stored = _stored(session, project.id)
    assert (stored.start_on, stored.end_on, stored.progress) == (start, end, 40)
    _move(session, world, project.id, S.ONGOING, S.COMPLETED)
    stored = _stored(session, project.id)
    assert (stored.start_on, stored.end_on, stored.progress) == (start, end, 100)


def test_a_status_move_needs_a_note_and_a_move_the_rules_allow(session, world):
    project = _project(session, world)
    for note in (None, "", " \n "):
        with refused(session, "error.required", ValidationFailed) as caught:
            change_status(
                session,
                actor=world.coordinator,
                project_id=project.id,
                expected_status=S.PLANNED,
                to_status=S.ONGOING,
                note=note,
            )
        assert caught.value.params["field"] == "status_note"
    idea = _project(session, world, status=S.IDEA)
    refusals = [
        (S.COMPLETED, "error.project_transition"),
        (S.ONGOING, "error.project_transition"),
        (S.PAUSED, "error.project_transition"),
        (S.IDEA, "error.project_status_same"),
        ("archived", "error.project_status_unknown"),
    ]
    for to_status, key in refusals:
        with refused(session, key, ValidationFailed):
            change_status(
                session,
                actor=world.coordinator,
                project_id=idea.id,
                expected_status=S.IDEA,
                to_status=to_status,
                note="Prøver",
            )
    assert _stored(session, idea.id).status == S.IDEA


def test_a_move_from_a_status_someone_else_has_changed_gets_a_conflict(session, other_session, world):
    project = _project(session, world)
    # Both coordinators see it planned; the first starts it, the second then tries to cancel it.
    _move(session, world, project.id, S.PLANNED, S.ONGOING)
    with refused(session, "error.conflict", Conflict) as caught:
        change_status(
            other_session,
            actor=world.other_coordinator,
            project_id=project.id,
            expected_status=S.PLANNED,
            to_status=S.CANCELLED,
            note="Avlyst",
        )
    assert caught.value.params["current"]["status"] == S.ONGOING
    assert _stored(session, project.id).status == S.ONGOING
    assert [row.to_status for row in _history(session, project.id)] == [S.PLANNED, S.ONGOING]


# --- Milestones -----------------------------------------------------------------------------------------


def test_a_milestone_is_added_with_a_title_and_due_date_and_audited_on_its_project(session, world):
    project = _project(session, world)
    due = today() + days(30)
    with one_audit_event(session, "project.milestone_add") as added:
        milestone = _milestone(session, world, project.id, title=" Kartlegging ferdig ", due_on=due)
    [stored] = _milestones(session, project.id)
    assert (stored.id, stored.title, stored.due_on, stored.done_on) == (
        milestone.id,
        "Kartlegging ferdig",
        due,
        None,
    )
    [event] = added
    assert event.entity_id == project.id and event.before is None
    assert event.after["milestone"]["id"] == milestone.id
    assert event.after["milestone"]["due_on"] == due.isoformat()
    with refused(session, "error.required", ValidationFailed) as caught:
        _milestone(session, world, project.id, due_on=None)
    assert caught.value.params["field"] == "due_on"
    with refused(session, "error.required", ValidationFailed) as caught:
        _milestone(session, world, project.id, title="  ")
    assert caught.value.params["field"] == "milestone_title"
    with refused(session, "error.done_future", ValidationFailed):
        _milestone(session, world, project.id, done_on=today() + days(1))
    with refused(session, "error.date_invalid", ValidationFailed):
        _milestone(session, world, project.id, due_on=dt.datetime.now())
    # Done today is not in the future.
    with one_audit_event(session, "project.milestone_add"):
        _milestone(session, world, project.id, done_on=today())


def test_a_milestone_is_marked_done_from_the_snapshot_read_earlier(session, world):
    project = _project(session, world)
    milestone = _milestone(session, world, project.id)
    read = snapshot(milestone)
    with one_audit_event(session, "project.milestone_update") as added:
        update_milestone(
            session,
            actor=world.coordinator,
            milestone_id=milestone.id,
            expected=read,
            title=milestone.title,
            due_on=milestone.due_on,
            done_on=today() - days(1),
        )
    [stored] = _milestones(session, project.id)
    assert stored.done_on == today() - days(1)
    [event] = added
    assert event.entity_id == project.id
    assert event.before["milestone"]["done_on"] is None
    assert event.after["milestone"]["done_on"] == (today() - days(1)).isoformat()
    # Saving the same values again changes nothing, and is refused as such.
    with refused(session, "error.nothing_changed", ValidationFailed):
        update_milestone(
            session,
            actor=world.coordinator,
            milestone_id=milestone.id,
            expected=snapshot(stored),
            title=stored.title,
            due_on=stored.due_on,
            done_on=stored.done_on,
        )
    with refused(session, "error.done_future", ValidationFailed):
        update_milestone(
            session,
            actor=world.coordinator,
            milestone_id=milestone.id,
            expected=snapshot(stored),
            title=stored.title,
            due_on=stored.due_on,
            done_on=today() + days(1),
        )


def test_a_milestone_changed_after_it_was_read_is_neither_updated_nor_removed(session, other_session, world):
    project = _project(session, world)
    milestone = _milestone(session, world, project.id)
    read, due, moved = snapshot(milestone), milestone.due_on, milestone.due_on + days(14)
    # Someone else moves the due date after the first user read the milestone.
    update_milestone(
        other_session,
        actor=world.other_coordinator,
        milestone_id=milestone.id,
        expected=read,
        title=milestone.title,
        due_on=moved,
    )
    with refused(session, "error.conflict", Conflict) as caught:
        update_milestone(
            session,
            actor=world.coordinator,
            milestone_id=milestone.id,
            expected=read,
            title=read["title"],
            due_on=due,
            done_on=today(),
        )
    assert caught.value.params["current"]["due_on"] == moved.isoformat()
    with refused(session, "error.conflict", Conflict):
        remove_milestone(session, actor=world.coordinator, milestone_id=milestone.id, expected=read)
    [stored] = _milestones(session, project.id)
    assert (stored.due_on, stored.done_on) == (moved, None)


def test_removing_a_milestone_deletes_it_and_the_audit_keeps_what_it_was(session, world):
    project = _project(session, world)
    keep = _milestone(session, world, project.id, title="Beholdes")
    milestone = _milestone(session, world, project.id, title="Lagt inn ved en feil")
    read = snapshot(milestone)
    with one_audit_event(session, "project.milestone_remove") as added:
        project_id = remove_milestone(
            session, actor=world.coordinator, milestone_id=milestone.id, expected=read
        )
    assert project_id == project.id
    assert [row.id for row in _milestones(session, project.id)] == [keep.id]
    [event] = added
    assert event.entity_id == project.id and event.after is None
    assert event.before == {"milestone": read}
    assert event.before["milestone"]["title"] == "Lagt inn ved en feil"
    with refused(session, "error.not_found"):
        remove_milestone(session, actor=world.coordinator, milestone_id=milestone.id, expected=read)


# --- The reference group's checkpoints ---------------------------------------------------------------------


def test_the_group_is_recorded_informed_at_a_meeting_on_a_date_given_or_the_meetings(session, world):
    project = _project(session, world)
    on_date = today() - days(3)
    with one_audit_event(session, "project.checkpoint") as added:
        row = _informed(
            session, world, project.id, on_date=on_date, meeting_id=world.meeting, note=" Orientert "
        )
    stored = _checkpoints(session, project.id)[INFORMED]
    assert stored.id == row.id
    assert (stored.on_date, stored.meeting_id, stored.advice_id, stored.note) == (
        on_date,
        world.meeting,
        None,
        "Orientert",
    )
    [event] = added
    assert event.entity_id == project.id and event.before is None
    assert event.after == {
        "checkpoint": "informed",
        "on_date": on_date.isoformat(),
        "meeting_id": world.meeting,
        "advice_id": None,
        "note": "Orientert",
    }
    # Given only the meeting, the group was informed on the day of the meeting.
    other = _project(session, world, title="Et annet prosjekt")
    with one_audit_event(session, "project.checkpoint"):
        _informed(session, world, other.id, on_date=None, meeting_id=world.meeting)
    stored = _checkpoints(session, other.id)[INFORMED]
    assert (stored.on_date, stored.meeting_id) == (world.meeting_day, world.meeting)


def test_informed_and_quality_assured_need_a_date_that_is_not_in_the_future(session, world):
    project = _project(session, world)
    with refused(session, "error.required", ValidationFailed) as caught:
        record_checkpoint(
            session, actor=world.coordinator, project_id=project.id, kind=QUALITY_ASSURED, expected=None
        )
    assert caught.value.params["field"] == "checkpoint_date"
    with refused(session, "error.required", ValidationFailed):
        _informed(session, world, project.id, on_date=None)
    with refused(session, "error.checkpoint_future", ValidationFailed):
        _informed(session, world, project.id, kind=QUALITY_ASSURED, on_date=today() + days(1))
    # A meeting still ahead does not date the group informed either.
    upcoming = make_meeting(session, body=world.body, starts_at=at(today() + days(7)))
    session.commit()
    with refused(session, "error.checkpoint_future", ValidationFailed):
        _informed(session, world, project.id, on_date=None, meeting_id=upcoming.id)
    with refused(session, "error.meeting_missing", ValidationFailed):
        _informed(session, world, project.id, meeting_id=upcoming.id + 1000)
    with refused(session, "error.checkpoint_kind", ValidationFailed):
        _informed(session, world, project.id, kind="approved")
    with one_audit_event(session, "project.checkpoint"):
        _informed(session, world, project.id, kind=QUALITY_ASSURED, on_date=today())
    assert _checkpoints(session, project.id)[QUALITY_ASSURED].on_date == today()


def test_the_input_round_needs_advice_about_this_project(session, world):
    project = _project(session, world)
    other = _project(session, world, title="Et annet prosjekt")
    submitted = at(today() - days(2))
    advice = make_advice(
        session, body=world.body, subject=project, state=AdviceState.SUBMITTED, submitted_at=submitted
    )
    elsewhere = make_advice(session, body=world.body, subject=other, state=AdviceState.SUBMITTED)
    on_policy = make_advice(session, body=world.body, subject="Reiseliv", state=AdviceState.SUBMITTED)
    session.commit()
    with refused(session, "error.required", ValidationFailed) as caught:
        _informed(session, world, project.id, kind=INPUT_ROUND, on_date=None)
    assert caught.value.params["field"] == "checkpoint_advice"
    for wrong in (elsewhere, on_policy):
        with refused(session, "error.checkpoint_advice", ValidationFailed):
            _informed(session, world, project.id, kind=INPUT_ROUND, on_date=None, advice_id=wrong.id)
    with refused(session, "error.checkpoint_advice", ValidationFailed):
        _informed(session, world, project.id, kind=INPUT_ROUND, on_date=None, advice_id=advice.id + 1000)
    with one_audit_event(session, "project.checkpoint"):
        _informed(session, world, project.id, kind=INPUT_ROUND, on_date=None, advice_id=advice.id)
    stored = _checkpoints(session, project.id)[INPUT_ROUND]
    assert (stored.advice_id, stored.on_date) == (advice.id, submitted.date())


def test_recording_over_an_entry_the_user_did_not_see_gets_a_conflict(session, other_session, world):
    project = _project(session, world)
    # The second coordinator opened the form when there was no entry; the first then recorded one.
    _informed(session, world, project.id, on_date=today() - days(3), meeting_id=world.meeting)
    existing = checkpoint_state(_checkpoints(session, project.id)[INFORMED])
    with refused(session, "error.conflict", Conflict) as caught:
        record_checkpoint(
            other_session,
            actor=world.other_coordinator,
            project_id=project.id,
            kind=INFORMED,
            expected=None,
            on_date=today() - days(1),
        )
    assert caught.value.params["current"] == existing
    assert checkpoint_state(_checkpoints(session, project.id)[INFORMED]) == existing
    with refused(session, "error.conflict", Conflict):
        clear_checkpoint(
            session, actor=world.coordinator, project_id=project.id, kind=INFORMED, expected=None
        )


def test_a_checkpoint_is_corrected_from_what_the_user_read(session, world):
    project = _project(session, world)
    row = _informed(session, world, project.id, on_date=today() - days(3))
    read = checkpoint_state(row)
    with one_audit_event(session, "project.checkpoint") as added:
        _informed(
            session, world, project.id, expected=read, on_date=today() - days(4), meeting_id=world.meeting
        )
    checkpoints = _checkpoints(session, project.id)
    assert list(checkpoints) == [INFORMED]  # corrected in place, not a second entry
    corrected = checkpoints[INFORMED]
    assert (corrected.id, corrected.on_date, corrected.meeting_id) == (
        row.id,
        today() - days(4),
        world.meeting,
    )
    [event] = added
    assert event.before == {"checkpoint": "informed", **read}
    assert event.after == {"checkpoint": "informed", **checkpoint_state(corrected)}
    # The same values again change nothing; the old reading is stale now.
    with refused(session, "error.nothing_changed", ValidationFailed):
        _informed(
            session,
            world,
            project.id,
            expected=checkpoint_state(corrected),
            on_date=today() - days(4),
            meeting_id=world.meeting,
        )
    with refused(session, "error.conflict", Conflict):
        _informed(session, world, project.id, expected=read, on_date=today() - days(5))


def test_clearing_a_checkpoint_removes_it_and_the_audit_keeps_what_it_said(session, world):
    project = _project(session, world)
    row = _informed(session, world, project.id, meeting_id=world.meeting, note="Orientert i møtet")
    stale = {**checkpoint_state(row), "note": "Noe annet"}
    with refused(session, "error.conflict", Conflict):
        clear_checkpoint(
            session, actor=world.coordinator, project_id=project.id, kind=INFORMED, expected=stale
        )
    read = checkpoint_state(row)
    with one_audit_event(session, "project.checkpoint_clear") as added:
        clear_checkpoint(
            session, actor=world.coordinator, project_id=project.id, kind=INFORMED, expected=read
        )
    assert _checkpoints(session, project.id) == {}
    [event] = added
    assert event.entity_id == project.id and event.after is None
    assert event.before == {"checkpoint": "informed", **read}
    assert event.before["note"] == "Orientert i møtet"
    # Cleared already: nothing is there to clear.
    with refused(session, "error.conflict", Conflict):
        clear_checkpoint(
            session, actor=world.coordinator, project_id=project.id, kind=INFORMED, expected=read
        )
