"""The digest's reads (issue 18): who gets one, what their settings page shows, and one user's digest:
the sections of their roles (queries.digest_sections) that have anything in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import OSLO
from osloreg.enums import DeliveryStatus
from osloreg.models import DigestDelivery, User, UserRole
from osloreg.queries.digest_sections import SECTIONS, Context, Digest, Row, Section, app_link, section_keys
from osloreg.rules import digest as rules

__all__ = ["Digest", "Recipient", "Row", "Section", "app_link", "compose", "compose_for", "recipients"]


@dataclass(frozen=True)
class Recipient:
    """An active user with an address who has chosen a digest."""

    id: int
    username: str
    display_name: str
    email: str
    language: str
    frequency: str
    roles: frozenset[str]
    person_id: int | None


def recipients(session: Session) -> list[Recipient]:
    """Every user who is not disabled, has an e-mail address and gets a digest (daily or weekly), by id."""
    users = session.execute(
        sa.select(
            User.id,
            User.username,
            User.display_name,
            User.email,
            User.language,
            User.digest_frequency,
            User.person_id,
        )
        .where(
            User.disabled.is_(False),
            User.email.is_not(None),
            User.email != "",
            User.digest_frequency.in_(rules.SENT_FREQUENCIES),
        )
        .order_by(User.id)
    ).all()
    roles: dict[int, set[str]] = {}
    ids = [user.id for user in users]
    if ids:
        for user_id, role in session.execute(
            sa.select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids))
        ):
            roles.setdefault(user_id, set()).add(role)
    return [
        Recipient(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            email=user.email.strip(),
            language=user.language,
            frequency=user.digest_frequency,
            roles=frozenset(roles.get(user.id, ())),
            person_id=user.person_id,
        )
        for user in users
    ]


@dataclass(frozen=True)
class OwnSettings:
    """What the user's notification page shows: where the digest goes, and how often."""

    email: str | None
    frequency: str


def own_settings(session: Session, *, user_id: int) -> OwnSettings | None:
    row = session.execute(
        sa.select(User.email, User.digest_frequency).where(User.id == user_id)
    ).one_or_none()
    if row is None:
        return None
    email = (row.email or "").strip() or None
    return OwnSettings(email, row.digest_frequency)


def answers_since(session: Session, *, user_id: int, frequency: str, today: dt.date) -> dt.datetime:
    """From when a member's answers are new (UTC, as decisions are stored): since the last digest sent
    to them, but no further back than the start of the window before this one."""
    floor = dt.datetime.combine(rules.previous_window_start(frequency, today), dt.time.min, tzinfo=OSLO)
    floor = floor.astimezone(dt.UTC).replace(tzinfo=None)
    last = session.scalar(
        sa.select(sa.func.max(DigestDelivery.sent_at)).where(
            DigestDelivery.user_id == user_id, DigestDelivery.status == DeliveryStatus.SENT
        )
    )
    return max(floor, last) if last is not None else floor


def compose(
    session: Session,
    *,
    roles: Sequence[str] | frozenset[str],
    person_id: int | None,
    language: str,
    today: dt.date,
    since: dt.datetime,
    base_url: str,
) -> Digest:
    """One user's digest on `today` (Oslo's date): the sections of their roles that have anything in
    them. Empty: nothing to say, so no mail."""
    context = Context(session, language, today, base_url, person_id, since)
    wanted = set(section_keys(roles, person_id))
    sections = [build(context) for _, key, build in SECTIONS if key in wanted]
    return Digest(tuple(section for section in sections if section.total > 0))


def compose_for(session: Session, recipient: Recipient, *, today: dt.date, base_url: str) -> Digest:
    """`compose` for a recipient, their answers counted since their last digest."""
    since = answers_since(session, user_id=recipient.id, frequency=recipient.frequency, today=today)
    return compose(
        session,
        roles=recipient.roles,
        person_id=recipient.person_id,
        language=recipient.language,
        today=today,
        since=since,
        base_url=base_url,
    )
