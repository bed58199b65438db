"""Projects: create and edit them, move them through their statuses, keep their milestones and the
reference group's checkpoints. Every change is audited on the project it belongs to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from osloreg import clock
from osloreg.enums import Basis, CheckpointKind, ProjectStatus
from osloreg.models import (
    Advice,
    Body,
    Meeting,
    Milestone,
    Person,
    Project,
    ProjectCheckpoint,
    ProjectStatusChange,
    StrategyPoint,
    Unit,
    utcnow,
)
from osloreg.rules import projects as rules
from osloreg.rules.permissions import Action
from osloreg.rules.validation import TEXT_MAX, TITLE_MAX, clean_text
from osloreg.services.base import (
    Actor,
    Conflict,
    ValidationFailed,
    audit,
    check_unchanged,
    check_version,
    flush_or_conflict,
    load_for_update,
    service,
    snapshot,
)
from osloreg.snapshots import checkpoint_state

ENTITY = "project"  # every change below is audited on its project, so the project page shows them all
NOTE_MAX = 2000
# The statuses a project may be registered in; later ones are reached by moves, with their notes.
START_STATUSES = (ProjectStatus.IDEA, ProjectStatus.PLANNED)


# --- Checks -----------------------------------------------------------------------------------------


def _date(value: dt.date | None, field: str) -> dt.date | None:
    """A calendar date or None (a datetime is refused rather than cut to its date)."""
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationFailed("error.date_invalid", field=field)
    return value


def _existing(session: Session, model: type, entity_id: int | None, error: str) -> int | None:
    if entity_id is not None and session.get(model, entity_id) is None:
        raise ValidationFailed(error, id=entity_id)
    return entity_id


def _all_existing(session: Session, model: type, ids: Sequence[int], error: str) -> list[Any]:
    rows = []
    for entity_id in dict.fromkeys(ids):
        row = session.get(model, entity_id)
        if row is None:
            raise ValidationFailed(error, id=entity_id)
        rows.append(row)
    return rows


def _fields(
    session: Session,
    *,
    title: str,
    description: str | None,
    body_id: int | None,
    owner_person_id: int | None,
    start_on: dt.date | None,
    end_on: dt.date | None,
    progress: int,
    outside_partners: str | None,
) -> dict[str, Any]:
    """The project's own columns as a form gives them, checked."""
    start_on, end_on = _date(start_on, "start_on"), _date(end_on, "end_on")
    rules.check_dates(start_on, end_on)
    return {
        "title": clean_text(title, field_name="title", max_length=TITLE_MAX),
        "description": clean_text(description, field_name="description", max_length=TEXT_MAX, required=False),
        "body_id": _existing(session, Body, body_id, "error.body_missing"),
        "owner_person_id": _existing(session, Person, owner_person_id, "error.person_missing"),
        "start_on": start_on,
        "end_on": end_on,
        "progress": rules.check_progress(progress),
        "outside_partners": clean_text(
            outside_partners, field_name="outside_partners", max_length=TEXT_MAX, required=False
        ),
    }


def project_state(project: Project) -> dict[str, Any]:
    """What an audit event records of a project: its columns, its partner units and its points."""
    state = snapshot(project)
    state["partner_unit_ids"] = sorted(unit.id for unit in project.partners)
    state["point_ids"] = sorted(point.id for point in project.points)
    return state


def _note(note: str | None, *, required: bool) -> str | None:
    return clean_text(note, field_name="status_note", max_length=NOTE_MAX, required=required)


def _record_move(
    session: Session, actor: Actor, project: Project, from_status: str | None, note: str | None
) -> ProjectStatusChange:
    now = utcnow()
    project.status_changed_at = now
    change = ProjectStatusChange(
        project=project,
        from_status=from_status,
        to_status=project.status,
        changed_at=now,
        changed_by_user_id=actor.user_id,
        note=note,
    )
    session.add(change)
    return change


# --- Projects ---------------------------------------------------------------------------------------


@service(Action.MANAGE_WORK)
def create_project(
    session: Session,
    *,
    actor: Actor,
    title: str,
    description: str | None = None,
    body_id: int | None = None,
    owner_person_id: int | None = None,
    status: str = ProjectStatus.IDEA,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    progress: int = 0,
    outside_partners: str | None = None,
    partner_unit_ids: Sequence[int] = (),
    point_ids: Sequence[int] = (),
    note: str | None = None,
) -> Project:
    """A new project, as an idea or planned; its first status change says so."""
    if status not in START_STATUSES:
        raise ValidationFailed("error.project_start_status", status=str(status))
    fields = _fields(
        session,
        title=title,
        description=description,
        body_id=body_id,
        owner_person_id=owner_person_id,
        start_on=start_on,
        end_on=end_on,
        progress=progress,
        outside_partners=outside_partners,
    )
    now = utcnow()
    # What the secretariat records is its own record: name, status and dates alike.
    project = Project(
        **fields,
        status=status,
        created_at=now,
        updated_at=now,
        basis=Basis.SOURCED,
        status_basis=Basis.SOURCED,
        dates_basis=Basis.SOURCED,
    )
    project.partners = _all_existing(session, Unit, partner_unit_ids, "error.unit_missing")
    project.points = _all_existing(session, StrategyPoint, point_ids, "error.point_missing")
    session.add(project)
    _record_move(session, actor, project, None, _note(note, required=False))
    session.flush()
    audit(
        session,
        actor,
        action="project.create",
        entity=ENTITY,
        entity_id=project.id,
        after=project_state(project),
    )
    return project


@service(Action.MANAGE_WORK)
def update_project(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_version: int,
    title: str,
    description: str | None = None,
    body_id: int | None = None,
    owner_person_id: int | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    progress: int = 0,
    outside_partners: str | None = None,
    partner_unit_ids: Sequence[int] = (),
    point_ids: Sequence[int] = (),
) -> Project:
    """Replace the project's details (the whole form; the status moves only by change_status).
    Refused if someone saved the project since `expected_version` was read."""
    project: Project = load_for_update(session, Project, project_id)
    before = project_state(project)
    check_version(project, expected_version, before=before)
    fields = _fields(
        session,
        title=title,
        description=description,
        body_id=body_id,
        owner_person_id=owner_person_id,
        start_on=start_on,
        end_on=end_on,
        progress=progress,
        outside_partners=outside_partners,
    )
    if project.status == ProjectStatus.COMPLETED and fields["progress"] != rules.PROGRESS_MAX:
        raise ValidationFailed("error.progress_completed")
    # Read the related rows before changing the project: a read after a change would autoflush it,
    # and the save would move the version twice.
    partners = _all_existing(session, Unit, partner_unit_ids, "error.unit_missing")
    points = _all_existing(session, StrategyPoint, point_ids, "error.point_missing")
    if (fields["start_on"], fields["end_on"]) != (project.start_on, project.end_on):
        project.dates_basis = Basis.SOURCED  # dates the secretariat sets are no longer the demo's
    for name, value in fields.items():
        setattr(project, name, value)
    project.partners, project.points = partners, points
    if project_state(project) == before:
        raise ValidationFailed("error.nothing_changed")
    project.updated_at = utcnow()
    # Partners or points alone change no column of the project: mark one so that the version still
    # moves on and a concurrent edit of the same project is caught.
    flag_modified(project, "title")
    flush_or_conflict(session, project)
    audit(
        session,
        actor,
        action="project.update",
        entity=ENTITY,
        entity_id=project.id,
        before=before,
        after=project_state(project),
    )
    return project


@service(Action.MANAGE_WORK)
def change_status(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    expected_status: str,
    to_status: str,
    note: str,
) -> Project:
    """Move the project along its allowed transitions, with a note for the history. Starting work
    sets a missing start date to today; completing sets progress to 100 % and a missing end date.
    Refused if the status is no longer the one the user saw (`expected_status`)."""
    project: Project = load_for_update(session, Project, project_id)
    before = project_state(project)
    if project.status != expected_status:
        raise Conflict("error.conflict", entity=ENTITY, id=project.id, current=before)
    note = _note(note, required=True)
    move = rules.plan_move(
        project.status,
        to_status,
        start_on=project.start_on,
        end_on=project.end_on,
        progress=project.progress,
        today=clock.oslo_today(),
    )
    from_status = project.status
    project.status = to_status
    project.status_basis = Basis.SOURCED  # a status the secretariat sets is its own record
    if (move.start_on, move.end_on) != (project.start_on, project.end_on):
        project.dates_basis = Basis.SOURCED
    project.start_on, project.end_on, project.progress = move.start_on, move.end_on, move.progress
    project.updated_at = utcnow()
    change = _record_move(session, actor, project, from_status, note)
    flush_or_conflict(session, project)
    after = project_state(project)
    after["status_change_id"] = change.id
    audit(
        session,
        actor,
        action="project.status",
        entity=ENTITY,
        entity_id=project.id,
        before=before,
        after=after,
    )
    return project


# --- Milestones -------------------------------------------------------------------------------------


def _milestone_fields(title: str, due_on: dt.date | None, done_on: dt.date | None) -> dict[str, Any]:
    due_on, done_on = _date(due_on, "due_on"), _date(done_on, "done_on")
    if due_on is None:
        raise ValidationFailed("error.required", field="due_on")
    if done_on is not None and done_on > clock.oslo_today():
        raise ValidationFailed("error.done_future")
    return {
        "title": clean_text(title, field_name="milestone_title", max_length=TITLE_MAX),
        "due_on": due_on,
        "done_on": done_on,
    }


def _milestone(session: Session, milestone_id: int, expected: Mapping[str, Any] | None) -> Milestone:
    milestone: Milestone = load_for_update(session, Milestone, milestone_id)
    check_unchanged(snapshot(milestone), expected, "milestones")
    load_for_update(session, Project, milestone.project_id)  # one writer per project at a time
    return milestone


@service(Action.MANAGE_WORK)
def add_milestone(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    title: str,
    due_on: dt.date | None,
    done_on: dt.date | None = None,
) -> Milestone:
    project: Project = load_for_update(session, Project, project_id)
    milestone = Milestone(project_id=project.id, **_milestone_fields(title, due_on, done_on))
    session.add(milestone)
    session.flush()
    audit(
        session,
        actor,
        action="project.milestone_add",
        entity=ENTITY,
        entity_id=project.id,
        after={"milestone": snapshot(milestone)},
    )
    return milestone


@service(Action.MANAGE_WORK)
def update_milestone(
    session: Session,
    *,
    actor: Actor,
    milestone_id: int,
    expected: Mapping[str, Any] | None,
    title: str,
    due_on: dt.date | None,
    done_on: dt.date | None = None,
) -> Milestone:
    """Change a milestone (mark it done by giving `done_on`); refused if it changed since it was read."""
    milestone = _milestone(session, milestone_id, expected)
    before = snapshot(milestone)
    fields = _milestone_fields(title, due_on, done_on)
    if all(getattr(milestone, name) == value for name, value in fields.items()):
        raise ValidationFailed("error.nothing_changed")
    for name, value in fields.items():
        setattr(milestone, name, value)
    session.flush()
    audit(
        session,
        actor,
        action="project.milestone_update",
        entity=ENTITY,
        entity_id=milestone.project_id,
        before={"milestone": before},
        after={"milestone": snapshot(milestone)},
    )
    return milestone


@service(Action.MANAGE_WORK)
def remove_milestone(
    session: Session, *, actor: Actor, milestone_id: int, expected: Mapping[str, Any] | None
) -> int:
    """Remove a milestone entered by mistake; the audit trail keeps what it was."""
    milestone = _milestone(session, milestone_id, expected)
    before, project_id = snapshot(milestone), milestone.project_id
    session.delete(milestone)
    session.flush()
    audit(
        session,
        actor,
        action="project.milestone_remove",
        entity=ENTITY,
        entity_id=project_id,
        before={"milestone": before},
    )
    return project_id


# --- The reference group's checkpoints ---------------------------------------------------------------


def _checkpoint(session: Session, project_id: int, kind: str) -> ProjectCheckpoint | None:
    return session.scalars(
        select(ProjectCheckpoint)
        .where(ProjectCheckpoint.project_id == project_id, ProjectCheckpoint.kind == kind)
        .with_for_update()
    ).one_or_none()


@service(Action.MANAGE_WORK)
def record_checkpoint(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    kind: str,
    expected: Mapping[str, Any] | None,
    on_date: dt.date | None = None,
    meeting_id: int | None = None,
    advice_id: int | None = None,
    note: str | None = None,
) -> ProjectCheckpoint:
    """Record (or correct) one of the group's checkpoints: informed (a date, and the meeting where
    it happened), the input round (the advice it gave) or content quality-assured (a date).
    `expected` is the checkpoint as the user saw it (None: none yet); if it has changed since, the
    save is refused rather than overwriting someone else's entry."""
    project: Project = load_for_update(session, Project, project_id)
    if kind not in set(CheckpointKind):
        raise ValidationFailed("error.checkpoint_kind", kind=str(kind))
    current = _checkpoint(session, project.id, kind)
    if checkpoint_state(current) != (dict(expected) if expected is not None else None):
        raise Conflict(
            "error.conflict", entity="project_checkpoints", current=checkpoint_state(current) or {}
        )
    on_date = _date(on_date, "checkpoint_date")
    meeting = None
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise ValidationFailed("error.meeting_missing", id=meeting_id)
        on_date = on_date or meeting.starts_at.date()
    if advice_id is not None:
        advice = session.get(Advice, advice_id)
        if advice is None or advice.project_id != project.id:
            raise ValidationFailed("error.checkpoint_advice")
        on_date = on_date or (advice.submitted_at or advice.created_at).date()
    if kind == CheckpointKind.INPUT_ROUND and advice_id is None:
        raise ValidationFailed("error.required", field="checkpoint_advice")
    rules.check_checkpoint_date(kind, on_date, clock.oslo_today())
    values = {
        "on_date": on_date,
        "meeting_id": meeting.id if meeting else None,
        "advice_id": advice_id,
        "note": _note(note, required=False),
    }
    before = checkpoint_state(current)
    if current is None:
        current = ProjectCheckpoint(project_id=project.id, kind=kind, **values)
        session.add(current)
    elif all(getattr(current, name) == value for name, value in values.items()):
        raise ValidationFailed("error.nothing_changed")
    else:
        for name, value in values.items():
            setattr(current, name, value)
    session.flush()
    audit(
        session,
        actor,
        action="project.checkpoint",
        entity=ENTITY,
        entity_id=project.id,
        before={"checkpoint": kind, **(before or {})} if before else None,
        after={"checkpoint": kind, **checkpoint_state(current)},
    )
    return current


@service(Action.MANAGE_WORK)
def clear_checkpoint(
    session: Session, *, actor: Actor, project_id: int, kind: str, expected: Mapping[str, Any] | None
) -> None:
    """Take back a checkpoint recorded by mistake; the audit trail keeps what it said."""
    project: Project = load_for_update(session, Project, project_id)
    current = _checkpoint(session, project.id, kind)
    if current is None or checkpoint_state(current) != (dict(expected) if expected is not None else None):
        raise Conflict(
            "error.conflict", entity="project_checkpoints", current=checkpoint_state(current) or {}
        )
    before = {"checkpoint": kind, **checkpoint_state(current)}
    session.delete(current)
    session.flush()
    audit(
        session, actor, action="project.checkpoint_clear", entity=ENTITY, entity_id=project.id, before=before
    )
