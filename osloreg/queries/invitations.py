"""Meeting invitations by e-mail, read: the outbox's rows left to send, and what a mail needs to say."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import DeliveryStatus, InvitationMethod, MeetingStatus
from osloreg.models import Invitation, MeetingStatusChange

# A CANCEL sorts after a REQUEST of the same version: it is the later word on the meeting.
_METHOD_ORDER = {InvitationMethod.REQUEST: 0, InvitationMethod.CANCEL: 1}


@dataclass(frozen=True)
class Pending:
    """One row of the outbox that a run still has to deal with (queued, refused, or left claimed)."""

    id: int
    meeting_id: int
    user_id: int
    method: str
    sequence: int
    status: str
    attempts: int

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.sequence, _METHOD_ORDER.get(self.method, 0), self.id)


def pending(session: Session) -> list[Pending]:
    """Every row not done: queued or claimed (sending) and refused (failed), by meeting, user and age."""
    rows = session.execute(
        sa.select(
            Invitation.id,
            Invitation.meeting_id,
            Invitation.user_id,
            Invitation.method,
            Invitation.sequence,
            Invitation.status,
            Invitation.attempts,
        )
        .where(Invitation.status.in_([DeliveryStatus.SENDING, DeliveryStatus.FAILED]))
        .order_by(Invitation.meeting_id, Invitation.user_id, Invitation.sequence, Invitation.id)
    ).all()
    return [Pending(*row) for row in rows]


def request_delivered(
    session: Session, *, meeting_id: int, user_id: int, other_than: int | None = None
) -> bool:
    """Whether the user was sent a REQUEST for the meeting (by a row other than `other_than`): accepted
    by the relay, or claimed by a run that stopped before it knew (it may have gone out). A row closed
    unsent is dropped."""
    found = session.scalar(
        sa.select(Invitation.id)
        .where(
            Invitation.meeting_id == meeting_id,
            Invitation.user_id == user_id,
            Invitation.method == InvitationMethod.REQUEST,
            Invitation.id != (other_than or 0),
            sa.or_(
                Invitation.status == DeliveryStatus.SENT,
                sa.and_(Invitation.status == DeliveryStatus.SENDING, Invitation.attempts > 0),
            ),
        )
        .limit(1)
    )
    return found is not None


def cancel_reason(session: Session, meeting_id: int) -> str | None:
    """Why the meeting was cancelled, as the secretariat wrote it."""
    return session.scalar(
        sa.select(MeetingStatusChange.reason)
        .where(
            MeetingStatusChange.meeting_id == meeting_id,
            MeetingStatusChange.to_status == MeetingStatus.CANCELLED,
        )
        .order_by(MeetingStatusChange.changed_at.desc(), MeetingStatusChange.id.desc())
        .limit(1)
    )
