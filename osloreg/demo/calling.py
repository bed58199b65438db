"""The demo's innkallinger: the meetings ahead whose notice period has begun, called by the coordinator
with the saksliste frozen as the app freezes it. Run once every agenda and case number is written."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import update
from sqlalchemy.orm import Session

from osloreg.demo.scale import Rows
from osloreg.enums import MeetingStatus
from osloreg.models import AgendaItem, Body, Meeting, MeetingNotice, MeetingStatusChange
from osloreg.rules import meetings as rules
from osloreg.services.meeting_steps import frozen_agenda


def send_notices(session: Session, rows: Rows, *, today: dt.date, coordinator: int) -> int:
    """Call every planned meeting from today on that has an agenda and whose innkalling is due by today:
    version 1 of its innkalling sent by the coordinator on the day it was due or a day or two before
    (never after today), with no documents (demo meetings have none). Meetings whose innkalling is due
    later stay planned: the coordinator's overview lists those due within the coming week. Returns how
    many meetings were called."""
    longest = session.scalar(sa.select(sa.func.max(Body.notice_days))) or 0
    midnight = dt.datetime.combine(today, dt.time())
    candidates = session.execute(
        sa.select(Meeting.id, Meeting.body_id, Meeting.starts_at, Body.notice_days)
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at >= midnight,
            Meeting.starts_at < midnight + dt.timedelta(days=longest + 1),
            Body.notice_days.is_not(None),
            sa.exists().where(AgendaItem.meeting_id == Meeting.id),
        )
        .order_by(Meeting.id)
    ).all()
    called = []
    for meeting in candidates:
        due = rules.notice_due_on(meeting.starts_at.date(), meeting.notice_days)
        if due is None or due > today:
            continue
        sent_at = dt.datetime.combine(due - dt.timedelta(days=meeting.id % 3), dt.time(14))
        rows.add(
            MeetingNotice,
            meeting_id=meeting.id,
            version=1,
            sent_at=sent_at,
            sent_by_user_id=coordinator,
            reason=None,
            agenda=frozen_agenda(session, meeting),  # type: ignore[arg-type]  # id, body_id, starts_at
            documents=[],
            document_version_id=None,
        )
        rows.add(
            MeetingStatusChange,
            meeting_id=meeting.id,
            from_status=MeetingStatus.PLANNED,
            to_status=MeetingStatus.CALLED,
            changed_at=sent_at,
            changed_by_user_id=coordinator,
            reason=None,
        )
        called.append(meeting.id)
    if called:
        session.execute(update(Meeting).where(Meeting.id.in_(called)).values(status=MeetingStatus.CALLED))
    return len(called)
