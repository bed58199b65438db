"""Read side of one project: its details, partners and points, status history, milestones, the
reference group's checkpoints, the input and advice on it with their outcomes, and what a form needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState, CheckpointKind, MeetingStatus
from osloreg.models import (
    Advice,
    Body,
    Decision,
    Input,
    Meeting,
    Milestone,
    Person,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    ProjectStatusChange,
    StrategyArea,
    StrategyPoint,
    Unit,
    User,
)
from osloreg.queries.common import frame
from osloreg.queries.inputs import input_fates
from osloreg.queries.subjects import meeting_label
from osloreg.rules import projects as rules
from osloreg.snapshots import checkpoint_state, snapshot


@dataclass(frozen=True)
class Checkpoint:
    kind: str
    on_date: dt.date | None
    meeting_id: int | None
    meeting: str | None  # "18.08.2020 Faggruppe for næringssamarbeid"
    advice_id: int | None
    advice: str | None  # the advice's title
    note: str | None
    state: dict[str, Any] | None  # as record_checkpoint's `expected` takes it

    @property
    def passed(self) -> bool:
        return any(value is not None for value in (self.on_date, self.meeting_id, self.advice_id))


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    title: str
    description: str | None
    status: str
    body_id: int | None
    body: str | None
    owner_person_id: int | None
    owner: str | None
    start_on: dt.date | None
    end_on: dt.date | None
    progress: int
    outside_partners: str | None
    basis: str
    source: str | None
    version: int
    created_at: dt.datetime
    status_basis: str
    dates_basis: str
    status_changed_at: dt.datetime | None
    partners: list[tuple[int, str]]
    points: list[tuple[int, str]]  # (id, "3.2 text")
    status_history: pd.DataFrame  # changed_at, from_status, to_status, changed_by, note; newest first
    milestones: pd.DataFrame  # id, title, due_on, done_on, state, snapshot (for `expected`); by due date
    checkpoints: dict[str, Checkpoint]  # every kind, passed or not
    attention: frozenset[str] = field(default_factory=frozenset)
    # Each point's (basis, source): a delmål not sourced says so where the project lists it.
    point_bases: dict[int, tuple[str, str | None]] = field(default_factory=dict)

    @property
    def next_statuses(self) -> list[str]:
        return rules.next_statuses(self.status)


def project_detail(session: Session, *, project_id: int, today: dt.date) -> ProjectDetail | None:
    project = session.get(Project, project_id)
    if project is None:
        return None
    body = session.get(Body, project.body_id) if project.body_id else None
    owner = session.get(Person, project.owner_person_id) if project.owner_person_id else None
    partners = session.execute(
        sa.select(Unit.id, Unit.name)
        .join(ProjectPartner, ProjectPartner.unit_id == Unit.id)
        .where(ProjectPartner.project_id == project_id)
        .order_by(Unit.name)
    ).all()
    points = session.execute(
        sa.select(StrategyPoint.id, StrategyArea.number, StrategyPoint.number, StrategyPoint.text)
        .add_columns(StrategyPoint.basis, StrategyPoint.source)
        .join(ProjectPoint, ProjectPoint.point_id == StrategyPoint.id)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .where(ProjectPoint.project_id == project_id)
        .order_by(StrategyArea.number, StrategyPoint.number)
    ).all()
    history = frame(
        session.execute(
            sa.select(
                ProjectStatusChange.changed_at,
                ProjectStatusChange.from_status,
                ProjectStatusChange.to_status,
                User.display_name,
                ProjectStatusChange.note,
            )
            .outerjoin(User, User.id == ProjectStatusChange.changed_by_user_id)
            .where(ProjectStatusChange.project_id == project_id)
            .order_by(ProjectStatusChange.changed_at.desc(), ProjectStatusChange.id.desc())
        ),
        ["changed_at", "from_status", "to_status", "changed_by", "note"],
    )
    milestone_rows = session.scalars(
        sa.select(Milestone)
        .where(Milestone.project_id == project_id)
        .order_by(Milestone.due_on, Milestone.id)
    ).all()
    milestones = frame(
        [
            (
                m.id,
                m.title,
                m.due_on,
                m.done_on,
                rules.milestone_state(m.due_on, m.done_on, today),
                snapshot(m),
            )
            for m in milestone_rows
        ],
        ["id", "title", "due_on", "done_on", "state", "snapshot"],
    )
    checkpoints = _checkpoints(session, project_id)
    informed = checkpoints[CheckpointKind.INFORMED]
    last_change = project.status_changed_at or project.created_at
    attention = rules.attention(
        status=project.status,
        start_on=project.start_on,
        informed_on=informed.on_date,
        quality_assured=checkpoints[CheckpointKind.QUALITY_ASSURED].passed,
        overdue_milestones=int((milestones["state"] == "overdue").sum()),
        last_status_change=last_change.date() if last_change else None,
        today=today,
    )
    return ProjectDetail(
        id=project.id,
        title=project.title,
        description=project.description,
        status=project.status,
        body_id=project.body_id,
        body=body.name if body else None,
        owner_person_id=project.owner_person_id,
        owner=owner.name if owner else None,
        start_on=project.start_on,
        end_on=project.end_on,
        progress=project.progress,
        outside_partners=project.outside_partners,
        basis=project.basis,
        source=project.source,
        version=project.version,
        created_at=project.created_at,
        status_basis=project.status_basis,
        dates_basis=project.dates_basis,
        status_changed_at=project.status_changed_at,
        partners=[(row.id, row.name) for row in partners],
        points=[(row[0], f"{row[1]}.{row[2]} {row[3]}") for row in points],
        point_bases={row[0]: (row.basis, row.source) for row in points},
        status_history=history,
        milestones=milestones,
        checkpoints=checkpoints,
        attention=frozenset(str(reason) for reason in attention),
    )


def _checkpoints(session: Session, project_id: int) -> dict[str, Checkpoint]:
    rows = {
        row.ProjectCheckpoint.kind: row
        for row in session.execute(
            sa.select(ProjectCheckpoint, Meeting.starts_at, Body.name, Advice.title)
            .outerjoin(Meeting, Meeting.id == ProjectCheckpoint.meeting_id)
            .outerjoin(Body, Body.id == Meeting.body_id)
            .outerjoin(Advice, Advice.id == ProjectCheckpoint.advice_id)
            .where(ProjectCheckpoint.project_id == project_id)
        )
    }
    checkpoints = {}
    for kind in CheckpointKind:
        row = rows.get(kind)
        if row is None:
            checkpoints[kind.value] = Checkpoint(kind.value, None, None, None, None, None, None, None)
            continue
        checkpoint = row.ProjectCheckpoint
        checkpoints[kind.value] = Checkpoint(
            kind=kind.value,
            on_date=checkpoint.on_date,
            meeting_id=checkpoint.meeting_id,
            meeting=meeting_label(row.starts_at, row.name) if checkpoint.meeting_id else None,
            advice_id=checkpoint.advice_id,
            advice=row.title,
            note=checkpoint.note,
            state=checkpoint_state(checkpoint),
        )
    return checkpoints


# --- Input and advice on the project -------------------------------------------------------------------

INPUT_COLUMNS = ["id", "created_at", "body", "author", "unit", "text", "status", "outcome", "basis"]
ADVICE_COLUMNS = [
    "id",
    "title",
    "body",
    "state",
    "submitted_at",
    "outcome",
    "decided_at",
    "rationale",
    "basis",
]


@dataclass(frozen=True)
class ProjectInput:
    inputs: pd.DataFrame  # INPUT_COLUMNS, newest first (status as queries.inputs: awaiting, submitted, ...)
    advice: pd.DataFrame  # ADVICE_COLUMNS, newest first; outcome of the current decision when decided
    inputs_total: int


def project_input(session: Session, *, project_id: int, limit: int = 100) -> ProjectInput:
    """The input and advice given on the project, by any group, with what became of them."""
    on_project = Input.project_id == project_id
    inputs_total = session.scalar(sa.select(sa.func.count()).select_from(Input).where(on_project)) or 0
    input_rows = session.execute(
        sa.select(
            Input.id,
            Input.created_at,
            Body.name,
            Person.name,
            Unit.name,
            Input.text,
            Input.withdrawn_at,
            Input.basis,
        )
        .join(Body, Body.id == Input.body_id)
        .join(Person, Person.id == Input.author_person_id)
        .outerjoin(Unit, Unit.id == Input.unit_id)
        .where(on_project)
        .order_by(Input.created_at.desc(), Input.id.desc())
        .limit(limit)
    ).all()
    fates = input_fates(session, [row.id for row in input_rows])
    records = []
    for id_, created_at, body, author, unit, text, withdrawn_at, basis in input_rows:
        fate = fates.get(id_)
        status = "withdrawn" if withdrawn_at else (fate.status if fate else "awaiting")
        records.append(
            (id_, created_at, body, author, unit, text, status, fate.outcome if fate else None, basis)
        )
    advice_rows = session.execute(
        sa.select(Advice.id, Advice.title, Body.name, Advice.state, Advice.submitted_at, Advice.basis)
        .join(Body, Body.id == Advice.body_id)
        .where(Advice.project_id == project_id)
        .order_by(sa.func.coalesce(Advice.submitted_at, Advice.created_at).desc(), Advice.id.desc())
        .limit(limit)
    ).all()
    decided = [row.id for row in advice_rows if row.state == AdviceState.DECIDED]
    current: dict[int, tuple[str, dt.datetime, str | None]] = {}
    if decided:
        for advice_id, outcome, decided_at, rationale in session.execute(
            sa.select(Decision.advice_id, Decision.outcome, Decision.decided_at, Decision.rationale)
            .where(Decision.advice_id.in_(decided), Decision.reopened_at.is_(None))
            .order_by(Decision.decided_at, Decision.id)
        ):
            current[advice_id] = (outcome, decided_at, rationale)  # the latest wins
    advice = [
        (
            row.id,
            row.title,
            row.name,
            row.state,
            row.submitted_at,
            *current.get(row.id, (None, None, None)),
            row.basis,
        )
        for row in advice_rows
    ]
    return ProjectInput(frame(records, INPUT_COLUMNS), frame(advice, ADVICE_COLUMNS), int(inputs_total))


# --- What the checkpoint forms offer ---------------------------------------------------------------------


def checkpoint_choices(
    session: Session, *, project_id: int, body_id: int | None, limit: int = 30
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(meetings, advice) a checkpoint may point at: the held and planned meetings of the project's
    group, most recent first; and the advice on the project that was not withdrawn."""
    meetings: list[tuple[int, str]] = []
    if body_id is not None:
        rows = session.execute(
            sa.select(Meeting.id, Meeting.starts_at, Body.name, Meeting.title)
            .join(Body, Body.id == Meeting.body_id)
            .where(Meeting.body_id == body_id, Meeting.status != MeetingStatus.CANCELLED)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        ).all()
        meetings = [
            (row.id, meeting_label(row.starts_at, row.name) + (f": {row.title}" if row.title else ""))
            for row in rows
        ]
    advice = [
        (row.id, row.title)
        for row in session.execute(
            sa.select(Advice.id, Advice.title)
            .where(Advice.project_id == project_id, Advice.state != AdviceState.WITHDRAWN)
            .order_by(Advice.created_at.desc(), Advice.id.desc())
            .limit(limit)
        )
    ]
    return meetings, advice
