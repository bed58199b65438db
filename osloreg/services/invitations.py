"""Meeting invitations by e-mail, the write side: queued in the transaction of the service that calls,
moves or cancels a meeting (or hears a vara say yes), and the outbox's bookkeeping as a run sends them
(claimed, sent, refused, or not needed any more)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import CallAnswer, DeliveryStatus, InvitationMethod, MeetingStatus
from osloreg.models import Invitation, Meeting, SubstituteCall, User, utcnow
from osloreg.queries.attendance import roster
from osloreg.services.base import SYSTEM, audit, snapshot

ENTITY = "meeting"
ERROR_MAX = 300
# What a change of an innkalt meeting must tell the calendars (update_meeting): its time or its place.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place")


# --- Queueing, inside the service's transaction ---------------------------------------------------------


def recipients(session: Session, meeting: Meeting) -> list[User]:
    """Who is invited: the active users with an e-mail address linked to a person who holds a seat
    (leader, deputy, member) in the meeting's body on its day, and to each vara called in for a
    standing forfall who said yes. Observers, secretaries and vara not called in get none."""
    found = roster(session, meeting_id=meeting.id, with_forecast=False)
    if found is None:
        return []
    people = found.member_ids | {
        int(call.vara_id) for call in found.calls.itertuples() if call.answer == CallAnswer.ACCEPTED
    }
    return _users_of(session, people)


def _users_of(session: Session, people: Iterable[int]) -> list[User]:
    people = sorted(people)
    if not people:
        return []
    return list(
        session.scalars(
            sa.select(User)
            .where(
                User.person_id.in_(people),
                User.disabled.is_(False),
                User.email.is_not(None),
                User.email != "",
            )
            .order_by(User.id)
        )
    )


def _queue(session: Session, meeting: Meeting, users: Iterable[User], method: str) -> int:
    """One row per user at the meeting's version as it stands after the change (flushed first), unless
    the user has one of that version and method already."""
    session.flush()
    users = list(users)
    if not users:
        return 0
    sequence = meeting.version
    queued = set(
        session.scalars(
            sa.select(Invitation.user_id).where(
                Invitation.meeting_id == meeting.id,
                Invitation.sequence == sequence,
                Invitation.method == method,
            )
        )
    )
    rows = [
        Invitation(
            meeting_id=meeting.id,
            user_id=user.id,
            method=method,
            sequence=sequence,
            status=DeliveryStatus.SENDING,  # attempts 0: queued, not yet claimed by a run
            attempts=0,
        )
        for user in users
        if user.id not in queued
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def queue_notice(session: Session, meeting: Meeting) -> int:
    """The meeting was innkalt (meeting_cycle.send_notice): a REQUEST for each recipient."""
    if meeting.status != MeetingStatus.CALLED:
        return 0
    return _queue(session, meeting, recipients(session, meeting), InvitationMethod.REQUEST)


def queue_change(session: Session, meeting: Meeting, before: dict[str, Any]) -> int:
    """The meeting was changed (meetings.update_meeting; `before` is its snapshot before): if it is
    innkalt and its time or place moved, a new REQUEST (a higher SEQUENCE) for each recipient."""
    after = snapshot(meeting)
    if meeting.status != MeetingStatus.CALLED or all(before[name] == after[name] for name in CALENDAR_FIELDS):
        return 0
    return _queue(session, meeting, recipients(session, meeting), InvitationMethod.REQUEST)


def queue_cancel(session: Session, meeting: Meeting) -> int:
    """The meeting was cancelled (meetings.cancel_meeting): a CANCEL for each user who had a REQUEST
    queued (a run sends it only to those who were sent one). A meeting never innkalt has none."""
    if meeting.status != MeetingStatus.CANCELLED:
        return 0
    invited = session.scalars(
        sa.select(Invitation.user_id)
        .where(Invitation.meeting_id == meeting.id, Invitation.method == InvitationMethod.REQUEST)
        .distinct()
    )
    users = [session.get(User, user_id) for user_id in sorted(set(invited))]
    return _queue(session, meeting, users, InvitationMethod.CANCEL)


def queue_vara(session: Session, call: SubstituteCall) -> int:
    """A vara said yes to meet (attendance.answer_call) at an innkalt meeting: a REQUEST for them."""
    meeting = session.get(Meeting, call.meeting_id)
    if call.answer != CallAnswer.ACCEPTED or meeting is None or meeting.status != MeetingStatus.CALLED:
        return 0
    return _queue(session, meeting, _users_of(session, [call.person_id]), InvitationMethod.REQUEST)


# --- The outbox, as a run sends it ------------------------------------------------------------------------
# Each step is its own short transaction with the write lock up front. A claimed row is counted
# (attempts) and a refusal kept on the row (last_error), never in the audit trail one try at a time;
# a row's last state (sent, or not sent and why) is audited on its meeting.


def _begin_write(session: Session) -> None:
    session.connection(execution_options={"sqlite_write": True})


def claim(session: Session, invitation_id: int, *, status: str, attempts: int) -> bool:
    """Take the row for this run, if it still is as the run read it: sending, one attempt more. False:
    another run took it, or it changed since."""
    with session.begin():
        _begin_write(session)
        taken = session.execute(
            sa.update(Invitation)
            .where(
                Invitation.id == invitation_id,
                Invitation.status == status,
                Invitation.attempts == attempts,
            )
            .values(status=DeliveryStatus.SENDING, attempts=attempts + 1)
        )
        return taken.rowcount == 1


def mark_sent(
    session: Session,
    invitation_id: int,
    *,
    superseded: Iterable[int],
    sequence: int,
    message_id: str,
) -> None:
    """The relay accepted the mail: the row is sent, and the user's older rows of the meeting are
    done too (superseded: this mail carries the meeting as it now stands)."""
    with session.begin():
        _begin_write(session)
        row = session.get(Invitation, invitation_id, with_for_update=True, populate_existing=True)
        row.status, row.sent_at, row.last_error = DeliveryStatus.SENT, utcnow(), None
        older = _finish(session, superseded, f"superseded by {row.method} {row.sequence}")
        audit(
            session,
            SYSTEM,
            action="meeting.invitation_sent",
            entity=ENTITY,
            entity_id=row.meeting_id,
            after={
                "invitation_id": row.id,
                "user_id": row.user_id,
                "method": row.method,
                "sequence": sequence,
                "attempts": row.attempts,
                "message_id": message_id,
                "superseded": older,
            },
        )


def mark_failed(session: Session, invitation_id: int, error: str) -> None:
    """The relay refused the mail (or the line dropped): failed, with why; the next run tries again."""
    with session.begin():
        _begin_write(session)
        session.execute(
            sa.update(Invitation)
            .where(Invitation.id == invitation_id)
            .values(status=DeliveryStatus.FAILED, last_error=error[:ERROR_MAX])
        )


def drop(
    session: Session, invitation_ids: Iterable[int], *, meeting_id: int, user_id: int, reason: str
) -> None:
    """Rows that will never be sent (the meeting has begun, nothing to cancel, no address): done,
    with the reason, never sent."""
    with session.begin():
        _begin_write(session)
        ids = _finish(session, invitation_ids, reason)
        audit(
            session,
            SYSTEM,
            action="meeting.invitation_dropped",
            entity=ENTITY,
            entity_id=meeting_id,
            after={"user_id": user_id, "invitations": ids, "reason": reason},
        )


def _finish(session: Session, invitation_ids: Iterable[int], reason: str) -> list[int]:
    """Close rows that are not sent: dropped, with the reason in last_error (nothing is left to do
    for them, and nothing says they went out)."""
    ids = sorted(set(invitation_ids))
    if ids:
        session.execute(
            sa.update(Invitation)
            .where(Invitation.id.in_(ids), Invitation.status != DeliveryStatus.SENT)
            .values(status=DeliveryStatus.DROPPED, last_error=reason[:ERROR_MAX])
        )
    return ids
