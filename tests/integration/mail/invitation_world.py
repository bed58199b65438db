"""Shared by the invitation and forfall-link tests: the attendance world (a faggruppe with four members,
vara, a meeting ahead with an agenda) with users who have e-mail addresses (Kari and Ola in bokmål,
Anne in English), Per's user without one, and a user for the vara Vera; and the steps of the meeting
cycle run as the coordinator."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage

import sqlalchemy as sa
from icalendar import Calendar
from sqlalchemy.orm import Session

from osloreg.enums import Language, Role
from osloreg.models import Invitation, Meeting, User, UserRole
from osloreg.services.meeting_cycle import send_notice
from osloreg.services.meetings import cancel_meeting, update_meeting
from tests.integration.services.attendance_world import AttendanceWorld, build_attendance_world

ADDRESSES = {
    "kari": "kari.follo@follo.example",
    "ola": "ola.follo@follo.example",
    "anne": "anne.oslo@oslo.example",
    "vf1": "vera.follo@follo.example",
}


@dataclass
class InvitationWorld:
    w: AttendanceWorld
    users: dict[str, int]  # kari, ola, anne, per (no address), vf1 (the vara Vera)

    @property
    def meeting(self) -> int:
        return self.w.meeting


def _role(session: Session, user_id: int, role: str) -> None:
    session.add(UserRole(user_id=user_id, role=role))


def build_invitation_world(session: Session) -> InvitationWorld:
    w = build_attendance_world(session)
    users = {"kari": w.kari.user_id, "ola": w.ola.user_id}
    for key in ("kari", "ola"):
        _role(session, users[key], Role.MEMBER)
    for key, name, language in (
        ("anne", "Anne Oslo", Language.EN),
        ("per", "Per Vest", Language.NB),
        ("vf1", "Vera Follo", Language.NB),
    ):
        user = User(
            username=key, display_name=name, password_hash="-", person_id=w.people[key], language=language
        )
        session.add(user)
        session.flush()
        _role(session, user.id, Role.MEMBER)
        users[key] = user.id
    for key, address in ADDRESSES.items():
        session.get(User, users[key]).email = address
    session.commit()
    return InvitationWorld(w=w, users=users)


def version(session: Session, meeting_id: int) -> int:
    found = session.scalar(sa.select(Meeting.version).where(Meeting.id == meeting_id))
    session.rollback()  # end the read: the next service opens its own transaction
    return found


def innkall(session: Session, world: InvitationWorld) -> None:
    send_notice(
        session,
        actor=world.w.coordinator,
        meeting_id=world.meeting,
        expected_version=version(session, world.meeting),
    )


def move(session: Session, world: InvitationWorld, *, days: int = 1, place: str | None = None) -> None:
    meeting = session.get(Meeting, world.meeting)
    starts, place = meeting.starts_at + dt.timedelta(days=days), place or meeting.place
    expected = meeting.version
    session.rollback()
    update_meeting(
        session,
        actor=world.w.coordinator,
        meeting_id=world.meeting,
        expected_version=expected,
        starts_at=starts,
        place=place,
    )


def cancel(session: Session, world: InvitationWorld) -> None:
    cancel_meeting(
        session,
        actor=world.w.coordinator,
        meeting_id=world.meeting,
        expected_version=version(session, world.meeting),
        reason="For få saker",
    )


def rows(session: Session) -> list[Invitation]:
    """The outbox as it is now, detached (read once; the read ended for the next service)."""
    found = list(session.scalars(sa.select(Invitation).order_by(Invitation.id)))
    session.expunge_all()
    session.rollback()
    return found


# --- Reading a mail as a calendar program does ----------------------------------------------------------


def parsed(message: EmailMessage) -> EmailMessage:
    """The message as a receiving client parses it from its bytes."""
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def calendar_part(message: EmailMessage) -> EmailMessage:
    """The text/calendar part inside the multipart/alternative (where Outlook and Gmail look)."""
    alternative = next(part for part in message.walk() if part.get_content_type() == "multipart/alternative")
    return next(part for part in alternative.iter_parts() if part.get_content_type() == "text/calendar")


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def attachment(message: EmailMessage) -> EmailMessage:
    return next(part for part in message.iter_attachments() if part.get_filename() == "invite.ics")


def calendar_of(message: EmailMessage) -> Calendar:
    return Calendar.from_ical(calendar_part(message).get_content())


def event_of(message: EmailMessage):
    (event,) = calendar_of(message).walk("VEVENT")
    return event
