"""Read side of the meeting cycle: a meeting's steps, innkalling versions and protokoll approval; the
meetings whose innkalling is due and those whose protokoll awaits approval; the bodies' notice periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import MeetingStatus
from osloreg.i18n import case_label
from osloreg.models import (
    AgendaItem,
    Body,
    Case,
    CaseNumber,
    Meeting,
    MeetingNotice,
    MeetingStatusChange,
    MinutesApproval,
    MinutesSigner,
    Person,
    User,
)
from osloreg.queries import case_numbers
from osloreg.queries.common import Listing, frame, midnight
from osloreg.rules import meetings as rules

STEP_COLUMNS = ["changed_at", "from_status", "to_status", "by", "reason"]
LIST_COLUMNS = ["id", "starts_at", "body", "title", "due_on"]


@dataclass(frozen=True)
class NoticeVersion:
    version: int
    sent_at: dt.datetime
    sent_by: str | None
    reason: str | None
    agenda: list[dict[str, Any]]  # the saksliste as sent (services.meeting_steps.frozen_agenda)
    documents: list[dict[str, Any]]  # the document versions sent


@dataclass(frozen=True)
class Approval:
    method: str  # ProtocolApproval
    approved_on: dt.date
    meeting_id: int | None  # the later meeting it was approved at
    meeting_starts_at: dt.datetime | None
    case: str | None  # that item's number in the body ("3/26"), if a case with one
    position: int | None
    heading: str | None  # the item's heading or case title
    signers: list[tuple[str, dt.date]]  # (name, signed on)


@dataclass(frozen=True)
class MeetingCycle:
    steps: pd.DataFrame  # STEP_COLUMNS, oldest first
    notices: list[NoticeVersion]  # newest first
    approval: Approval | None
    notice_days: int | None
    notice_basis: str | None
    notice_source: str | None
    notice_due_on: dt.date | None


def _item_rows(where: list) -> sa.Select:
    """Agenda items with their meeting, and the case's number in that body that year, if any."""
    return (
        sa.select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            Meeting.starts_at,
            AgendaItem.position,
            CaseNumber.number,
            CaseNumber.year,
            sa.func.coalesce(Case.title, AgendaItem.heading),
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(
            CaseNumber,
            case_numbers.in_meetings_series(Meeting.body_id, sa.extract("year", Meeting.starts_at)),
        )
        .where(*where)
    )


def meeting_cycle(session: Session, *, meeting_id: int) -> MeetingCycle | None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    body = session.get(Body, meeting.body_id)
    steps = frame(
        session.execute(
            sa.select(
                MeetingStatusChange.changed_at,
                MeetingStatusChange.from_status,
                MeetingStatusChange.to_status,
                User.display_name,
                MeetingStatusChange.reason,
            )
            .outerjoin(User, User.id == MeetingStatusChange.changed_by_user_id)
            .where(MeetingStatusChange.meeting_id == meeting_id)
            .order_by(MeetingStatusChange.id)
        ),
        STEP_COLUMNS,
    )
    notices = [
        NoticeVersion(row.version, row.sent_at, name, row.reason, list(row.agenda), list(row.documents))
        for row, name in session.execute(
            sa.select(MeetingNotice, User.display_name)
            .outerjoin(User, User.id == MeetingNotice.sent_by_user_id)
            .where(MeetingNotice.meeting_id == meeting_id)
            .order_by(MeetingNotice.version.desc())
        )
    ]
    approval = None
    found = session.scalars(
        sa.select(MinutesApproval).where(MinutesApproval.meeting_id == meeting_id)
    ).first()
    if found is not None:
        item = None
        if found.agenda_item_id is not None:
            item = session.execute(_item_rows([AgendaItem.id == found.agenda_item_id])).first()
        signers = session.execute(
            sa.select(Person.name, MinutesSigner.signed_on)
            .join(Person, Person.id == MinutesSigner.person_id)
            .where(MinutesSigner.approval_id == found.id)
            .order_by(MinutesSigner.signed_on, Person.name)
        ).all()
        approval = Approval(
            method=found.method,
            approved_on=found.approved_on,
            meeting_id=item[1] if item else None,
            meeting_starts_at=item[2] if item else None,
            case=case_label(item[4], item[5]) if item and item[4] is not None else None,
            position=item[3] if item else None,
            heading=item[6] if item else None,
            signers=[(name, on) for name, on in signers],
        )
    return MeetingCycle(
        steps=steps,
        notices=notices,
        approval=approval,
        notice_days=body.notice_days,
        notice_basis=body.notice_basis,
        notice_source=body.notice_source,
        notice_due_on=rules.notice_due_on(meeting.starts_at.date(), body.notice_days),
    )


def approval_items(session: Session, *, meeting_id: int, limit: int = 60) -> list[tuple[int, str]]:
    """(item id, "12.10.2026: 3/26 Godkjenning av protokoll") of the later meetings of the body that
    took place, the next ones first: where the protokoll may have been approved."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return []
    rows = session.execute(
        _item_rows(
            [
                Meeting.body_id == meeting.body_id,
                Meeting.starts_at > meeting.starts_at,
                Meeting.status.in_(sorted(rules.TOOK_PLACE)),
            ]
        )
        .order_by(Meeting.starts_at, AgendaItem.position)
        .limit(limit)
    ).all()
    return [
        (
            row[0],
            f"{row[2]:%d.%m.%Y}: "
            + (f"{case_label(row[4], row[5])} " if row[4] is not None else f"{row[3]}. ")
            + (row[6] or ""),
        )
        for row in rows
    ]


# --- The coordinator's overview ---------------------------------------------------------------------------


def notice_due(session: Session, *, today: dt.date, limit: int = 10) -> Listing:
    """Planned meetings (the innkalling not sent) whose innkalling is due within the warning days or
    late (rules.notice_due_soon), the earliest due first. Columns: LIST_COLUMNS."""
    longest = session.scalar(sa.select(sa.func.max(Body.notice_days)))
    if longest is None:
        return Listing(0, frame([], LIST_COLUMNS))
    horizon = today + dt.timedelta(days=rules.NOTICE_WARNING_DAYS + longest + 1)
    rows = session.execute(
        sa.select(Meeting.id, Meeting.starts_at, Body.name, Meeting.title, Body.notice_days)
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at >= midnight(today),
            Meeting.starts_at < midnight(horizon),
            Body.notice_days.is_not(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    due = [
        (
            row.id,
            row.starts_at,
            row.name,
            row.title,
            rules.notice_due_on(row.starts_at.date(), row.notice_days),
        )
        for row in rows
        if rules.notice_due_soon(MeetingStatus.PLANNED, row.starts_at.date(), row.notice_days, today=today)
    ]
    due.sort(key=lambda row: (row[4], row[1], row[0]))
    return Listing(len(due), frame(due[:limit], LIST_COLUMNS))


def minutes_waiting(session: Session, *, today: dt.date, limit: int = 10) -> Listing:
    """Held meetings of the last rules.MINUTES_WAITING_DAYS whose protokoll is not yet approved, the most
    recent first (older ones were held on paper before the app, or are past chasing: the meeting page
    still shows their status). Columns: LIST_COLUMNS (due_on empty)."""
    since = midnight(today - dt.timedelta(days=rules.MINUTES_WAITING_DAYS))
    where = (Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= since)
    total = session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(*where)) or 0
    rows = session.execute(
        sa.select(Meeting.id, Meeting.starts_at, Body.name, Meeting.title, sa.null())
        .join(Body, Body.id == Meeting.body_id)
        .where(*where)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    return Listing(int(total), frame(rows, LIST_COLUMNS))


# --- The admin's notice periods -----------------------------------------------------------------------------


def notice_periods(session: Session) -> pd.DataFrame:
    """Every body with its notice period and how it is known. Columns: id, body, notice_days,
    notice_basis, notice_source."""
    rows = session.execute(
        sa.select(Body.id, Body.name, Body.notice_days, Body.notice_basis, Body.notice_source).order_by(
            Body.name
        )
    ).all()
    return frame(rows, ["id", "body", "notice_days", "notice_basis", "notice_source"])
