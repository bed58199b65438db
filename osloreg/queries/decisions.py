"""Read side of the director's decisions: the inbox of submitted advice, an advice in detail, the
decision log (paged, and unpaged for export), follow-ups falling due, and the filters' options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState
from osloreg.models import (
    Advice,
    AdviceInput,
    AdvicePoint,
    Body,
    Decision,
    Input,
    Person,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    Unit,
    User,
)
from osloreg.queries.common import Listing, frame, midnight
from osloreg.queries.inputs import advice_inputs_count, input_completeness
from osloreg.queries.subjects import split_subject, with_subject
from osloreg.rules import advice as advice_rules

FOLLOW_UP_OVERDUE_DAYS = 90

# --- The inbox ----------------------------------------------------------------------------------

INBOX_COLUMNS = ["id", "title", "body", "subject_type", "subject", "submitted_at", "days_waiting"]
INBOX_COLUMNS += ["target_date", "overdue", "days_overdue", "inputs", "basis", "version"]


def _inbox_where(*, body_id: int | None, subject_type: str | None, area_id: int | None) -> list:
    where = [Advice.state == AdviceState.SUBMITTED]
    if body_id is not None:
        where.append(Advice.body_id == body_id)
    if subject_type:
        where.append(Advice.subject_type == subject_type)
    if area_id is not None:
        # A probe of the advice_points key per advice, not a join that could repeat rows.
        where.append(
            sa.select(AdvicePoint.advice_id)
            .join(StrategyPoint, StrategyPoint.id == AdvicePoint.point_id)
            .where(AdvicePoint.advice_id == Advice.id, StrategyPoint.area_id == area_id)
            .exists()
        )
    return where


def decision_inbox(
    session: Session,
    *,
    today: dt.date,
    body_id: int | None = None,
    subject_type: str | None = None,
    area_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """Submitted advice awaiting the director: overdue (target date before today) first, then the
    rest, each oldest submitted first; filtered by group, subject type and strategic area. Columns:
    id, title, body, subject_type, subject, submitted_at, days_waiting, target_date, overdue,
    days_overdue, inputs, basis, version."""
    where = _inbox_where(body_id=body_id, subject_type=subject_type, area_id=area_id)
    overdue = sa.and_(Advice.target_date.is_not(None), Advice.target_date < today)
    total, overdue_total = session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((overdue, 1), else_=0)), 0))
        .select_from(Advice)
        .where(*where)
    ).one()
    total, overdue_total = int(total), int(overdue_total)
    statement = sa.select(
        Advice.id,
        Advice.title,
        Body.name,
        Advice.submitted_at,
        Advice.target_date,
        advice_inputs_count(),
        Advice.basis,
        Advice.version,
    ).join(Body, Body.id == Advice.body_id)
    statement = with_subject(statement, Advice).where(*where).order_by(Advice.submitted_at, Advice.id)
    # The page is cut from two walks along the (state, submitted_at) index, overdue then on time,
    # each stopping after the page, instead of sorting every submitted advice on a computed key.
    # Said through coalesce() so that SQLite does not take the target_date range instead, which
    # would sort (and join) every overdue advice to return the first few.
    target = sa.func.coalesce(Advice.target_date, today)
    rows = []
    if offset < overdue_total:
        rows += session.execute(statement.where(target < today).limit(limit).offset(offset)).all()
    if len(rows) < limit and offset + len(rows) < total:
        skip = max(0, offset - overdue_total)
        rows += session.execute(statement.where(target >= today).limit(limit - len(rows)).offset(skip)).all()
    records = []
    for row in rows:
        head, subject_type_, subject = split_subject(row)
        id_, title, body, submitted_at, target_date, inputs, basis, version = head
        state = AdviceState.SUBMITTED
        records.append(
            (id_, title, body, subject_type_, subject, submitted_at)
            + (
                advice_rules.days_waiting(submitted_at, today),
                target_date,
                advice_rules.is_overdue(state=state, target_date=target_date, today=today),
                advice_rules.days_overdue(state=state, target_date=target_date, today=today),
                int(inputs),
                basis,
                version,
            )
        )
    return Listing(total, frame(records, INBOX_COLUMNS))


# --- One advice ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceDetail:
    id: int
    title: str
    recommendation: str
    state: str
    body_id: int
    body: str
    subject_type: str
    subject: str
    target_date: dt.date | None
    submitted_at: dt.datetime | None
    version: int
    basis: str
    points: list[str]  # "3.2 Fireårig strategi ..."
    inputs: pd.DataFrame  # id, author, unit, text, link, created_at, withdrawn
    decisions: pd.DataFrame  # id, decided_at, outcome, rationale, decided_by, follow_up_on, ... oldest first
    completeness: advice_rules.Completeness
    # (basis, source) of each of `points`, in the same order: a delmål not sourced says so.
    point_bases: list[tuple[str, str | None]] = field(default_factory=list)


DECISION_COLUMNS = ["id", "decided_at", "outcome", "rationale", "decided_by", "follow_up_on"]
DECISION_COLUMNS += ["reopened_at", "reopen_reason"]


def advice_detail(session: Session, *, advice_id: int, today: dt.date) -> AdviceDetail | None:
    """An advice with its strategy points, the inputs behind it (and their units), its decisions
    (reopened ones kept, oldest first) and the completeness of the group's input on its subject."""
    statement = sa.select(
        Advice.id,
        Advice.title,
        Advice.recommendation,
        Advice.state,
        Advice.body_id,
        Body.name,
        Advice.target_date,
        Advice.submitted_at,
        Advice.version,
        Advice.basis,
        Advice.project_id,
        Advice.case_id,
        Advice.meeting_id,
        Advice.policy_topic,
    ).join(Body, Body.id == Advice.body_id)
    row = session.execute(with_subject(statement, Advice).where(Advice.id == advice_id)).one_or_none()
    if row is None:
        return None
    head, subject_type, subject = split_subject(row)
    id_, title, recommendation, state, body_id, body, target_date, submitted_at, version, basis = head[:10]
    project_id, case_id, meeting_id, policy_topic = head[10:]
    point_rows = session.execute(
        sa.select(StrategyArea.number, StrategyPoint.number, StrategyPoint.text)
        .add_columns(StrategyPoint.basis, StrategyPoint.source)
        .select_from(AdvicePoint)
        .join(StrategyPoint, StrategyPoint.id == AdvicePoint.point_id)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .where(AdvicePoint.advice_id == advice_id)
        .order_by(StrategyArea.number, StrategyPoint.number)
    ).all()
    points = [f"{area}.{number} {text}" for area, number, text, _, _ in point_rows]
    inputs = frame(
        session.execute(
            sa.select(
                Input.id,
                Person.name,
                Unit.name,
                Input.text,
                Input.link,
                Input.created_at,
                Input.withdrawn_at.is_not(None),
            )
            .join(AdviceInput, AdviceInput.input_id == Input.id)
            .join(Person, Person.id == Input.author_person_id)
            .outerjoin(Unit, Unit.id == Input.unit_id)
            .where(AdviceInput.advice_id == advice_id)
            .order_by(Input.created_at, Input.id)
        ),
        ["id", "author", "unit", "text", "link", "created_at", "withdrawn"],
    )
    inputs["withdrawn"] = inputs["withdrawn"].astype(bool)
    decisions = frame(
        session.execute(
            sa.select(
                Decision.id,
                Decision.decided_at,
                Decision.outcome,
                Decision.rationale,
                User.display_name,
                Decision.follow_up_on,
                Decision.reopened_at,
                Decision.reopen_reason,
            )
            .outerjoin(User, User.id == Decision.decided_by_user_id)
            .where(Decision.advice_id == advice_id)
            .order_by(Decision.decided_at, Decision.id)
        ),
        DECISION_COLUMNS,
    )
    completeness = input_completeness(
        session,
        body_id=body_id,
        subject_type=subject_type,
        subject_id=project_id or case_id or meeting_id,
        policy_topic=policy_topic,
        today=today,
    )
    return AdviceDetail(
        id=id_,
        title=title,
        recommendation=recommendation,
        state=state,
        body_id=body_id,
        body=body,
        subject_type=subject_type,
        subject=subject,
        target_date=target_date,
        submitted_at=submitted_at,
        version=version,
        basis=basis,
        points=points,
        inputs=inputs,
        decisions=decisions,
        completeness=completeness,
        point_bases=[(row.basis, row.source) for row in point_rows],
    )


# --- The decision log ---------------------------------------------------------------------------

LOG_COLUMNS = ["decision_id", "advice_id", "decided_at", "title", "body", "subject_type", "outcome"]
LOG_COLUMNS += ["rationale", "decided_by", "follow_up_on", "reopened"]


def _log_where(
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    body_id: int | None,
    outcome: str | None,
    subject_type: str | None,
) -> list:
    where = []
    if date_from is not None:
        where.append(Decision.decided_at >= midnight(date_from))
    if date_to is not None:
        where.append(Decision.decided_at < midnight(date_to + dt.timedelta(days=1)))
    if body_id is not None:
        where.append(Advice.body_id == body_id)
    if outcome:
        where.append(Decision.outcome == outcome)
    if subject_type:
        where.append(Advice.subject_type == subject_type)
    return where


def _log_select(where: list) -> sa.Select:
    return (
        sa.select(
            Decision.id,
            Decision.advice_id,
            Decision.decided_at,
            Advice.title,
            Body.name,
            Advice.subject_type,
            Decision.outcome,
            Decision.rationale,
            User.display_name,
            Decision.follow_up_on,
            Decision.reopened_at.is_not(None),
        )
        .join(Advice, Advice.id == Decision.advice_id)
        .join(Body, Body.id == Advice.body_id)
        .outerjoin(User, User.id == Decision.decided_by_user_id)
        .where(*where)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )


def _log_frame(rows) -> pd.DataFrame:
    log = frame(rows, LOG_COLUMNS)
    log["reopened"] = log["reopened"].astype(bool)
    return log


def decision_log(
    session: Session,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    body_id: int | None = None,
    outcome: str | None = None,
    subject_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """Every decision, the current and the reopened (marked `reopened`), newest first; dates are
    inclusive. Columns: decision_id, advice_id, decided_at, title, body, subject_type, outcome,
    rationale, decided_by, follow_up_on, reopened."""
    where = _log_where(
        date_from=date_from, date_to=date_to, body_id=body_id, outcome=outcome, subject_type=subject_type
    )
    counted = sa.select(sa.func.count()).select_from(Decision)
    if body_id is not None or subject_type:
        counted = counted.join(Advice, Advice.id == Decision.advice_id)
    total = session.scalar(counted.where(*where)) or 0
    rows = session.execute(_log_select(where).limit(limit).offset(offset)).all()
    return Listing(int(total), _log_frame(rows))


def decision_log_rows(
    session: Session,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    body_id: int | None = None,
    outcome: str | None = None,
    subject_type: str | None = None,
    max_rows: int = 100_000,
) -> pd.DataFrame:
    """The decision log as filtered, unpaged (at most `max_rows`), for export. Columns as
    decision_log."""
    where = _log_where(
        date_from=date_from, date_to=date_to, body_id=body_id, outcome=outcome, subject_type=subject_type
    )
    return _log_frame(session.execute(_log_select(where).limit(max_rows)).all())


# --- Follow-ups ---------------------------------------------------------------------------------


def follow_ups_due(
    session: Session,
    *,
    today: dt.date,
    within_days: int = 30,
    limit: int = 50,
    overdue_days: int | None = FOLLOW_UP_OVERDUE_DAYS,
) -> Listing:
    """Current (not reopened) decisions whose follow-up date falls within `within_days` from today,
    or has passed within the last `overdue_days` (None: ever), soonest first (so overdue first).
    Columns: advice_id, title, body, outcome, follow_up_on, overdue."""
    where = [
        Decision.follow_up_on.is_not(None),
        Decision.follow_up_on <= today + dt.timedelta(days=within_days),
        Decision.reopened_at.is_(None),
    ]
    if overdue_days is not None:
        where.append(Decision.follow_up_on >= today - dt.timedelta(days=overdue_days))
    total = session.scalar(sa.select(sa.func.count()).select_from(Decision).where(*where)) or 0
    rows = session.execute(
        sa.select(Advice.id, Advice.title, Body.name, Decision.outcome, Decision.follow_up_on)
        .join(Advice, Advice.id == Decision.advice_id)
        .join(Body, Body.id == Advice.body_id)
        .where(*where)
        .order_by(Decision.follow_up_on, Decision.id)
        .limit(limit)
    ).all()
    due = frame(rows, ["advice_id", "title", "body", "outcome", "follow_up_on"])
    due["overdue"] = [day < today for day in due["follow_up_on"]]
    due["overdue"] = due["overdue"].astype(bool)
    return Listing(int(total), due)


# --- Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    bodies: list[tuple[int, str]]  # bodies that have advice, by name
    areas: list[tuple[int, str]]  # strategy areas: "3 Konkurransekraft og attraktivitet"


def filter_options(session: Session) -> FilterOptions:
    has_advice = sa.select(Advice.id).where(Advice.body_id == Body.id).exists()
    bodies = session.execute(sa.select(Body.id, Body.name).where(has_advice).order_by(Body.name)).all()
    areas = session.execute(
        sa.select(StrategyArea.id, StrategyArea.number, StrategyArea.name, StrategyPeriod.name)
        .join(StrategyPeriod, StrategyPeriod.id == StrategyArea.period_id)
        .order_by(StrategyPeriod.start_year.desc(), StrategyArea.number)
    ).all()
    # The period is named only when there is more than one, to tell equal numbers apart.
    several_periods = len({row[3] for row in areas}) > 1
    return FilterOptions(
        bodies=[(row.id, row.name) for row in bodies],
        areas=[(row[0], f"{row[1]} {row[2]}" + (f" ({row[3]})" if several_periods else "")) for row in areas],
    )


def strategy_points(session: Session) -> list[tuple[int, str]]:
    """Every strategy point as (id, "3.2 text"), newest period first: what an advice may serve."""
    rows = session.execute(
        sa.select(StrategyPoint.id, StrategyArea.number, StrategyPoint.number, StrategyPoint.text)
        .join(StrategyArea, StrategyArea.id == StrategyPoint.area_id)
        .join(StrategyPeriod, StrategyPeriod.id == StrategyArea.period_id)
        .order_by(StrategyPeriod.start_year.desc(), StrategyArea.number, StrategyPoint.number)
    ).all()
    return [(row[0], f"{row[1]}.{row[2]} {row[3]}") for row in rows]


def advice_subject(session: Session, *, advice_id: int) -> tuple[str, int | None, str | None] | None:
    """(subject_type, subject id, policy topic) of an advice, what its inputs are about; None if
    there is no such advice."""
    row = session.execute(
        sa.select(
            Advice.subject_type, Advice.project_id, Advice.case_id, Advice.meeting_id, Advice.policy_topic
        ).where(Advice.id == advice_id)
    ).one_or_none()
    if row is None:
        return None
    return row[0], row[1] or row[2] or row[3], row[4]
