"""Read side of user administration: the list of users with their roles, person and login state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import Person, SsoIdentity, User, UserRole

USER_COLUMNS = (
    "id",
    "username",
    "display_name",
    "roles",
    "person_id",
    "person",
    "email",
    "language",
    "disabled",
    "locked_until",
    "failed_logins",
    "last_failed_login_at",
    "last_login_at",
)


@dataclass(frozen=True)
class UserDetail:
    """One user as the edit forms start from."""

    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    person_id: int | None
    email: str | None
    language: str
    disabled: bool
    locked_until: dt.datetime | None
    failed_logins: int


def user_list(session: Session) -> pd.DataFrame:
    """Every user, by username: roles as a sorted tuple, the linked person's name, the login state."""
    roles: dict[int, list[str]] = {}
    for user_id, role in session.execute(sa.select(UserRole.user_id, UserRole.role).order_by(UserRole.role)):
        roles.setdefault(user_id, []).append(role)
    rows = session.execute(
        sa.select(
            User.id,
            User.username,
            User.display_name,
            User.person_id,
            Person.name.label("person"),
            User.email,
            User.language,
            User.disabled,
            User.locked_until,
            User.failed_logins,
            User.last_failed_login_at,
            User.last_login_at,
        )
        .outerjoin(Person, Person.id == User.person_id)
        .order_by(User.username)
    ).all()
    frame = pd.DataFrame([row._asdict() for row in rows], columns=[c for c in USER_COLUMNS if c != "roles"])
    frame.insert(3, "roles", [tuple(roles.get(int(user_id), ())) for user_id in frame["id"]])
    return frame


def user_detail(session: Session, *, user_id: int) -> UserDetail | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    return UserDetail(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=tuple(sorted(user.roles)),
        person_id=user.person_id,
        email=user.email,
        language=user.language,
        disabled=user.disabled,
        locked_until=user.locked_until,
        failed_logins=user.failed_logins,
    )


@dataclass(frozen=True)
class LinkedIdentity:
    """An identity at a provider linked to a user, as the admin sees it: never the subject itself
    (for ID-porten that is a hash of the national identity number)."""

    id: int
    provider: str
    email: str | None
    linked_at: dt.datetime
    linked_by: str
    last_login_at: dt.datetime | None


def linked_identities(session: Session, *, user_id: int) -> list[LinkedIdentity]:
    rows = session.scalars(
        sa.select(SsoIdentity)
        .where(SsoIdentity.user_id == user_id)
        .order_by(SsoIdentity.linked_at, SsoIdentity.id)
    ).all()
    return [
        LinkedIdentity(row.id, row.provider, row.email, row.linked_at, row.linked_by, row.last_login_at)
        for row in rows
    ]
