"""Logins: password check with lockout kept in the database, and revocation of logged-out cookies.

These run before anyone is logged in, so there is no actor to authorise: they are not `@service`
functions, but they keep the same rules: one transaction, write lock up front, an audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import RevokedLogin, User, utcnow
from osloreg.passwords import hash_password, verify_password
from osloreg.services.base import Actor, audit

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
# Checked against when the username is unknown, so a wrong name costs the same time as a wrong
# password and response times do not reveal which usernames exist.
_DUMMY_HASH = hash_password("not a real password, only for timing", rounds=12)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    reason: str | None = None  # catalogue key when refused
    locked_until: dt.datetime | None = None
    user_id: int | None = None
    session_epoch: int = 0


def _begin_write(session: Session) -> None:
    session.connection(execution_options={"sqlite_write": True})


def attempt_login(
    session: Session,
    *,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    allow_demo: bool = True,
) -> LoginResult:
    """Check a password; count failures and lock the account for 15 minutes after the fifth.
    Production passes allow_demo=False: the published demo passwords must never open it."""
    now = now or utcnow()
    with session.begin():
        _begin_write(session)
        user = session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            verify_password(password, _DUMMY_HASH)
            return LoginResult(ok=False, reason="login.failed")
        actor = Actor(user_id=user.id, username=user.username)
        if user.locked_until is not None and user.locked_until > now:
            audit(session, actor, action="login.refused_locked", entity="users", entity_id=user.id)
            return LoginResult(ok=False, reason="login.locked", locked_until=user.locked_until)
        if user.locked_until is not None:  # the lock has run out: a fresh count
            user.locked_until = None
            user.failed_logins = 0
        if not verify_password(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                audit(
                    session,
                    actor,
                    action="login.locked",
                    entity="users",
                    entity_id=user.id,
                    after={
                        "failed_logins": user.failed_logins,
                        "locked_until": user.locked_until.isoformat(),
                    },
                )
                return LoginResult(ok=False, reason="login.locked", locked_until=user.locked_until)
            audit(
                session,
                actor,
                action="login.failed",
                entity="users",
                entity_id=user.id,
                after={"failed_logins": user.failed_logins},
            )
            return LoginResult(ok=False, reason="login.failed")
        if user.disabled:
            audit(session, actor, action="login.refused_disabled", entity="users", entity_id=user.id)
            return LoginResult(ok=False, reason="login.disabled")
        if user.is_demo and not allow_demo:
            audit(session, actor, action="login.refused_demo", entity="users", entity_id=user.id)
            return LoginResult(ok=False, reason="login.demo_refused")
        user.failed_logins = 0
        user.last_login_at = now
        audit(session, actor, action="login.success", entity="users", entity_id=user.id)
        return LoginResult(ok=True, user_id=user.id, session_epoch=user.session_epoch)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def revoke_login(
    session: Session, *, user_id: int | None, username: str, token: str | None, expires_at: dt.datetime
) -> None:
    """Logout: this cookie is refused from now on (other browsers of the user stay logged in)."""
    with session.begin():
        _begin_write(session)
        if token:
            digest = token_digest(token)
            exists = session.scalar(sa.select(RevokedLogin.id).where(RevokedLogin.token_sha256 == digest))
            if exists is None:
                session.add(RevokedLogin(token_sha256=digest, user_id=user_id, expires_at=expires_at))
        # Expired revocations can go: the cookie they name is refused for its age anyway.
        session.execute(sa.delete(RevokedLogin).where(RevokedLogin.expires_at < utcnow()))
        audit(
            session,
            Actor(user_id=user_id, username=username),
            action="logout",
            entity="users",
            entity_id=user_id,
        )


def is_revoked(session: Session, token: str) -> bool:
    digest = token_digest(token)
    return session.scalar(sa.select(RevokedLogin.id).where(RevokedLogin.token_sha256 == digest)) is not None
