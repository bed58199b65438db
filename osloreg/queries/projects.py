"""Read side of the project pipeline: filtered counts per status, the paged list, the timeline, the
export rows, the filter choices, and the projects that need attention. Filtered, counted and paged
in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import Basis, CheckpointKind, ProjectStatus
from osloreg.models import (
    Advice,
    Body,
    Milestone,
    Person,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    Unit,
)
from osloreg.queries.common import Listing, frame, like_any, midnight
from osloreg.rules import projects as rules
from osloreg.rules.projects import Attention

SEARCH_MAX = 100


@dataclass(frozen=True)
class PipelineFilters:
    """What the pipeline is narrowed to (hashable: a cache key). Empty means everything."""

    statuses: tuple[str, ...] = ()
    body_id: int | None = None
    area_id: int | None = None
    point_id: int | None = None
    owner_person_id: int | None = None
    partner_unit_id: int | None = None
    year: int | None = None
    search: str = ""

    @property
    def empty(self) -> bool:
        return self == PipelineFilters()


def _where(filters: PipelineFilters | None) -> list:
    """The filters as conditions on Project."""
    if filters is None:
        return []
    where: list = []
    if filters.statuses:
        where.append(Project.status.in_(filters.statuses))
    if filters.body_id is not None:
        where.append(Project.body_id == filters.body_id)
    if filters.owner_person_id is not None:
        where.append(Project.owner_person_id == filters.owner_person_id)
    if filters.point_id is not None:
        where.append(
            sa.exists().where(
                ProjectPoint.project_id == Project.id, ProjectPoint.point_id == filters.point_id
            )
        )
    if filters.area_id is not None:
        where.append(
            sa.exists()
            .where(ProjectPoint.project_id == Project.id)
            .where(StrategyPoint.id == ProjectPoint.point_id, StrategyPoint.area_id == filters.area_id)
        )
    if filters.partner_unit_id is not None:
        where.append(
            sa.exists().where(
                ProjectPartner.project_id == Project.id, ProjectPartner.unit_id == filters.partner_unit_id
            )
        )
    if filters.year is not None:
        # Runs at some time in the year (rules.projects.active_in_year).
        where += [
            Project.start_on.is_not(None),
            Project.start_on <= dt.date(filters.year, 12, 31),
            sa.or_(Project.end_on.is_(None), Project.end_on >= dt.date(filters.year, 1, 1)),
        ]
    search = filters.search.strip()[:SEARCH_MAX]
    if search:
        where.append(sa.or_(like_any(Project.title, search), like_any(Project.description, search)))
    return where


def _status_order():
    """Statuses in the pipeline's order (rules.projects.ORDER), as a sort key."""
    return sa.case({status: position for position, status in enumerate(rules.ORDER)}, value=Project.status)


# --- Counts and the list -----------------------------------------------------------------------------


def status_counts(session: Session, *, filters: PipelineFilters | None = None) -> pd.DataFrame:
    """Projects per status under the filters, every status listed, in the pipeline's order.
    Columns: status, count."""
    counts = dict(
        session.execute(
            sa.select(Project.status, sa.func.count()).where(*_where(filters)).group_by(Project.status)
        ).all()
    )
    return frame([(status, int(counts.get(status, 0))) for status in rules.ORDER], ["status", "count"])


def _point_labels(session: Session, project_ids: Iterable[int] | sa.Select) -> dict[int, list[str]]:
    """project id -> its strategy points as "3.2", in order."""
    rows = session.execute(
        sa.select(ProjectPoint.project_id, StrategyArea.number, StrategyPoint.number)
        .join(StrategyPoint, StrategyPoint.id == ProjectPoint.point_id)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .where(ProjectPoint.project_id.in_(project_ids))
        .order_by(ProjectPoint.project_id, StrategyArea.number, StrategyPoint.number)
    )
    labels: dict[int, list[str]] = defaultdict(list)
    for project_id, area, point in rows:
        labels[project_id].append(f"{area}.{point}")
    return labels


def _milestone_summary(
    session: Session, project_ids: Iterable[int] | sa.Select, today: dt.date
) -> dict[int, tuple[int, dt.date | None]]:
    """project id -> (overdue milestones, the next open milestone's due date)."""
    open_ = Milestone.done_on.is_(None)
    rows = session.execute(
        sa.select(
            Milestone.project_id,
            sa.func.count(sa.case((sa.and_(open_, Milestone.due_on < today), 1))),
            sa.func.min(sa.case((sa.and_(open_, Milestone.due_on >= today), Milestone.due_on))),
        )
        .where(Milestone.project_id.in_(project_ids))
        .group_by(Milestone.project_id)
    )
    return {project_id: (int(overdue), upcoming) for project_id, overdue, upcoming in rows}


def shown_basis() -> sa.ColumnElement[str]:
    """A project row's basis as a list shows it (name, status and dates): the weakest of the three."""
    parts = (Project.basis, Project.status_basis, Project.dates_basis)
    return sa.case(
        (sa.or_(*(part == Basis.ILLUSTRATIVE.value for part in parts)), Basis.ILLUSTRATIVE.value),
        (sa.or_(*(part == Basis.UNCERTAIN.value for part in parts)), Basis.UNCERTAIN.value),
        else_=Basis.SOURCED.value,
    ).label("basis")


def _listed(where: list, *extra, limit: int, offset: int = 0) -> sa.Select:
    """The list's columns (id, title, status, body, owner, start, end, progress) and `extra`, under
    the filters, in the list's order: by status in the pipeline's order, then start, then id; the
    `limit` rows from `offset`."""
    order = (_status_order(), Project.start_on.is_(None), Project.start_on, Project.id)
    # The page is chosen among the projects alone and only its rows are joined: joining every
    # project before the sort cost 4 of the list's 5 ms at 100x.
    page = sa.select(Project.id).where(*where).order_by(*order).limit(limit).offset(offset).subquery()
    return (
        sa.select(
            Project.id,
            Project.title,
            Project.status,
            Body.name,
            Person.name,
            Project.start_on,
            Project.end_on,
            Project.progress,
            *extra,
        )
        .join(page, page.c.id == Project.id)
        .outerjoin(Body, Body.id == Project.body_id)
        .outerjoin(Person, Person.id == Project.owner_person_id)
        .order_by(*order)
    )


PIPELINE_COLUMNS = ["id", "title", "status", "body", "owner", "start_on", "end_on", "progress", "points"]
PIPELINE_COLUMNS += ["overdue_milestones", "next_milestone", "basis"]


def pipeline(
    session: Session,
    *,
    today: dt.date,
    filters: PipelineFilters | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """One page of the filtered pipeline, by status (in the pipeline's order), then start, then id.
    Columns: PIPELINE_COLUMNS (points as "3.2, 3.4")."""
    where = _where(filters)
    total = session.scalar(sa.select(sa.func.count()).select_from(Project).where(*where)) or 0
    rows = session.execute(_listed(where, shown_basis(), limit=limit, offset=offset)).all()
    ids = [row.id for row in rows]
    points = _point_labels(session, ids) if ids else {}
    milestones = _milestone_summary(session, ids, today) if ids else {}
    records = [
        (*row[:8], ", ".join(points.get(row.id, [])), *milestones.get(row.id, (0, None)), row.basis)
        for row in rows
    ]
    return Listing(int(total), frame(records, PIPELINE_COLUMNS))


# --- The timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    total: int  # planned and ongoing projects under the filters that have a start date
    projects: pd.DataFrame  # id, title, status, body, start_on, end_on, progress (the first `limit`)
    milestones: pd.DataFrame  # project_id, title, due_on, done_on, overdue


def timeline(
    session: Session, *, today: dt.date, filters: PipelineFilters | None = None, limit: int = 40
) -> Timeline:
    """Planned and ongoing projects with a start date, soonest ending first (what is due to finish
    leads), with their milestones: what the Gantt chart draws."""
    statuses = [
        s for s in rules.TIMELINE_STATUSES if not filters or not filters.statuses or s in filters.statuses
    ]
    where = [*_where(filters), Project.status.in_(statuses), Project.start_on.is_not(None)]
    total = session.scalar(sa.select(sa.func.count()).select_from(Project).where(*where)) or 0
    rows = session.execute(
        sa.select(
            Project.id,
            Project.title,
            Project.status,
            Body.name,
            Project.start_on,
            Project.end_on,
            Project.progress,
        )
        .outerjoin(Body, Body.id == Project.body_id)
        .where(*where)
        .order_by(Project.end_on.is_(None), Project.end_on, Project.start_on, Project.id)
        .limit(limit)
    ).all()
    projects = frame(rows, ["id", "title", "status", "body", "start_on", "end_on", "progress"])
    ids = [row.id for row in rows]
    milestone_rows = (
        session.execute(
            sa.select(Milestone.project_id, Milestone.title, Milestone.due_on, Milestone.done_on)
            .where(Milestone.project_id.in_(ids))
            .order_by(Milestone.project_id, Milestone.due_on)
        ).all()
        if ids
        else []
    )
    milestones = frame(milestone_rows, ["project_id", "title", "due_on", "done_on"])
    milestones["overdue"] = [
        rules.milestone_overdue(due, done, today)
        for due, done in zip(milestones["due_on"], milestones["done_on"], strict=True)
    ]
    return Timeline(int(total), projects, milestones)


# --- Export -----------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["id", "title", "status", "body", "owner", "start_on", "end_on", "progress"]
EXPORT_COLUMNS += [
    "partners",
    "outside_partners",
    "points",
    "informed_on",
    "input_round",
    "quality_assured_on",
]
EXPORT_COLUMNS += ["overdue_milestones", "next_milestone", "basis", "source"]


def pipeline_rows(
    session: Session, *, today: dt.date, filters: PipelineFilters | None = None, max_rows: int = 50_000
) -> pd.DataFrame:
    """Every project under the filters (up to `max_rows`), with partners, points and checkpoints,
    in the list's order: what the export writes. Columns: EXPORT_COLUMNS."""
    where = _where(filters)
    extra = (Project.outside_partners, shown_basis(), Project.source)
    rows = session.execute(_listed(where, *extra, limit=max_rows)).all()
    # The related rows of the same projects, each in one query joined on the filter (no id lists).
    chosen = sa.select(Project.id).where(*where)
    partners: dict[int, list[str]] = defaultdict(list)
    for project_id, name in session.execute(
        sa.select(ProjectPartner.project_id, Unit.name)
        .join(Unit, Unit.id == ProjectPartner.unit_id)
        .where(ProjectPartner.project_id.in_(chosen))
        .order_by(ProjectPartner.project_id, Unit.name)
    ):
        partners[project_id].append(name)
    points = _point_labels(session, chosen)
    milestones = _milestone_summary(session, chosen, today)
    checkpoints: dict[int, dict[str, object]] = defaultdict(dict)
    for project_id, kind, on_date, advice_title in session.execute(
        sa.select(
            ProjectCheckpoint.project_id, ProjectCheckpoint.kind, ProjectCheckpoint.on_date, Advice.title
        )
        .outerjoin(Advice, Advice.id == ProjectCheckpoint.advice_id)
        .where(ProjectCheckpoint.project_id.in_(chosen))
    ):
        checkpoints[project_id][kind] = advice_title if kind == CheckpointKind.INPUT_ROUND else on_date
    records = []
    for row in rows:
        passed = checkpoints.get(row.id, {})
        overdue, upcoming = milestones.get(row.id, (0, None))
        records.append(
            (
                *row[:8],
                ", ".join(partners.get(row.id, [])),
                row.outside_partners,
                ", ".join(points.get(row.id, [])),
            )
            + (passed.get(CheckpointKind.INFORMED), passed.get(CheckpointKind.INPUT_ROUND))
            + (passed.get(CheckpointKind.QUALITY_ASSURED), overdue, upcoming, row.basis, row.source)
        )
    return frame(records, EXPORT_COLUMNS)


# --- Filter choices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineOptions:
    bodies: list[tuple[int, str]]  # bodies that follow projects, by name
    areas: list[tuple[int, str]]  # "3 Konkurransekraft og attraktivitet"
    points: list[tuple[int, int, str]]  # (id, area id, "3.2 Tiltrekke og beholde talent")
    units: list[tuple[int, str]]  # units that are partners in a project, by name
    years: list[int]  # from the first start to the last end, newest first


def pipeline_options(session: Session) -> PipelineOptions:
    bodies = session.execute(
        sa.select(Body.id, Body.name).where(sa.exists().where(Project.body_id == Body.id)).order_by(Body.name)
    ).all()
    points = session.execute(
        sa.select(
            StrategyPoint.id,
            StrategyArea.id,
            StrategyArea.number,
            StrategyArea.name,
            StrategyPoint.number,
            StrategyPoint.text,
            StrategyPeriod.start_year,
        )
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .join(StrategyPeriod, StrategyPeriod.id == StrategyArea.period_id)
        .order_by(StrategyPeriod.start_year.desc(), StrategyArea.number, StrategyPoint.number)
    ).all()
    areas = list(dict.fromkeys((row[1], f"{row[2]} {row[3]}") for row in points))
    units = session.execute(
        sa.select(Unit.id, Unit.name)
        .where(sa.exists().where(ProjectPartner.unit_id == Unit.id))
        .order_by(Unit.name)
    ).all()
    # Three scalar subqueries, each one seek in its index; as one select they read every project.
    first, last_start, last_end = session.execute(
        sa.select(
            *(
                sa.select(extreme(column)).scalar_subquery()
                for extreme, column in (
                    (sa.func.min, Project.start_on),
                    (sa.func.max, Project.start_on),
                    (sa.func.max, Project.end_on),
                )
            )
        )
    ).one()
    years: list[int] = []
    if first is not None:
        last = max(value.year for value in (last_start, last_end) if value is not None)
        years = list(range(last, first.year - 1, -1))
    return PipelineOptions(
        bodies=[(row.id, row.name) for row in bodies],
        areas=areas,
        points=[(row[0], row[1], f"{row[2]}.{row[4]} {row[5]}") for row in points],
        units=[(row.id, row.name) for row in units],
        years=years,
    )


def person_options(
    session: Session,
    *,
    search: str = "",
    owners_only: bool = False,
    limit: int = 30,
    include: int | None = None,
) -> list[tuple[int, str]]:
    """(id, name) of people whose name matches `search`, by name, at most `limit`; with `owners_only`,
    only people who own a project. `include` is always among them (the value a form starts from)."""
    statement = sa.select(Person.id, Person.name).order_by(Person.name, Person.id)
    if owners_only:
        statement = statement.where(sa.exists().where(Project.owner_person_id == Person.id))
    search = search.strip()[:SEARCH_MAX]
    if search:
        statement = statement.where(like_any(Person.name, search))
    options = [(row.id, row.name) for row in session.execute(statement.limit(limit))]
    if include is not None and include not in {person_id for person_id, _ in options}:
        name = session.scalar(sa.select(Person.name).where(Person.id == include))
        if name is not None:
            options.insert(0, (include, name))
    return options


# --- Needs attention --------------------------------------------------------------------------------


def _passed(kind: str):
    """The project has passed the checkpoint: it has a date, a meeting or an advice."""
    checkpoint = ProjectCheckpoint
    return (
        sa.exists()
        .where(checkpoint.project_id == Project.id, checkpoint.kind == kind)
        .where(
            sa.or_(
                checkpoint.on_date.is_not(None),
                checkpoint.meeting_id.is_not(None),
                checkpoint.advice_id.is_not(None),
            )
        )
    )


def attention_conditions(today: dt.date) -> dict[Attention, sa.ColumnElement[bool]]:
    """Each reason of rules.projects.attention as a condition on Project (open projects only)."""
    informed_in_time = (
        sa.exists()
        .where(ProjectCheckpoint.project_id == Project.id, ProjectCheckpoint.kind == CheckpointKind.INFORMED)
        .where(ProjectCheckpoint.on_date <= Project.start_on)
    )
    overdue = (
        sa.exists()
        .where(Milestone.project_id == Project.id)
        .where(Milestone.done_on.is_(None), Milestone.due_on < today)
    )
    last_change = sa.func.coalesce(Project.status_changed_at, Project.created_at)
    return {
        Attention.NOT_QUALITY_ASSURED: sa.and_(
            Project.status == ProjectStatus.ONGOING, ~_passed(CheckpointKind.QUALITY_ASSURED)
        ),
        Attention.STARTED_BEFORE_INFORMED: sa.and_(
            Project.status.in_((ProjectStatus.ONGOING, ProjectStatus.PAUSED)),
            Project.start_on.is_not(None),
            Project.start_on <= today,
            ~informed_in_time,
        ),
        Attention.OVERDUE_MILESTONES: overdue,
        Attention.IDLE: last_change < midnight(rules.idle_cutoff(today)),
    }


ATTENTION_COLUMNS = ["id", "title", "status", "body", "start_on", "last_status_change", "reasons", "basis"]


@dataclass(frozen=True)
class AttentionSummary:
    total: int  # projects with at least one reason
    counts: dict[str, int]  # reason -> projects with it
    rows: Listing  # the first projects (with `reason`, if given): ATTENTION_COLUMNS


def needs_attention(
    session: Session,
    *,
    today: dt.date,
    filters: PipelineFilters | None = None,
    reason: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> AttentionSummary:
    """Open projects that need attention (rules.projects.attention): how many per reason, and a page
    of them (with `reason`, only those), ongoing first, then the earliest start."""
    conditions = attention_conditions(today)
    where = [*_where(filters), Project.status.in_(rules.OPEN_STATUSES)]
    flags = [sa.case((condition, 1), else_=0) for condition in conditions.values()]
    any_reason = sa.or_(*conditions.values())
    counted = session.execute(
        sa.select(
            *(sa.func.coalesce(sa.func.sum(flag), 0) for flag in flags),
            sa.func.count(sa.case((any_reason, 1))),
        ).where(*where)
    ).one()
    counts = {str(reason_): int(value) for reason_, value in zip(conditions, counted[:-1], strict=True)}
    chosen = conditions[Attention(reason)] if reason else any_reason
    listed_where = [*where, chosen]
    total = counts[reason] if reason else int(counted[-1])
    rows = session.execute(
        sa.select(
            Project.id,
            Project.title,
            Project.status,
            Body.name,
            Project.start_on,
            sa.func.coalesce(Project.status_changed_at, Project.created_at),
            shown_basis(),
            *flags,
        )
        .outerjoin(Body, Body.id == Project.body_id)
        .where(*listed_where)
        .order_by(
            sa.case((Project.status == ProjectStatus.ONGOING, 0), else_=1),
            Project.start_on.is_(None),
            Project.start_on,
            Project.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    records = [
        (*row[:6], [str(r) for r, flag in zip(conditions, row[7:], strict=True) if flag], row[6])
        for row in rows
    ]
    return AttentionSummary(int(counted[-1]), counts, Listing(total, frame(records, ATTENTION_COLUMNS)))


def unit_options(session: Session, *, today: dt.date) -> list[tuple[int, str]]:
    """Every unit valid today, by name: the partners a project may have."""
    rows = session.execute(
        sa.select(Unit.id, Unit.name)
        .where(sa.or_(Unit.valid_from.is_(None), Unit.valid_from <= today))
        .where(sa.or_(Unit.valid_to.is_(None), Unit.valid_to >= today))
        .order_by(Unit.name, Unit.id)
    ).all()
    return [(row.id, row.name) for row in rows]
