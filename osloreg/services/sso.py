"""Single sign-on: an identity from an OpenID provider (Entra ID, ID-porten) becomes a login of a user,
or is refused in words and audited; an admin links and unlinks ID-porten identities.

sso_login runs before anyone is logged in, so, like logins.attempt_login, it is no `@service`: one
transaction, write lock up front, audit events. The national identity number is never stored, logged
or audited: only its salted hash (sso_identities) and a prefix of that (audit rows)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import SsoIdentity, SsoNonce, User, UserRole, utcnow
from osloreg.rules import sso as rules
from osloreg.rules.permissions import Action
from osloreg.services.base import Actor, ValidationFailed, audit, get_or_404, service
from osloreg.services.logins import LoginResult
from osloreg.sso_settings import SsoProvider

log = logging.getLogger(__name__)

ENTITY = "sso_identity"  # audit rows about an identity that is no user's (yet)
# The nonces of logins seen are kept a day: an older identity is refused for its age anyway.
NONCES_KEPT = dt.timedelta(days=1)
PENDING = "pending"


def _begin_write(session: Session) -> None:
    session.connection(execution_options={"sqlite_write": True})


def _claim_nonce(session: Session, digest: str, now: dt.datetime) -> bool:
    """Remember this login's nonce; False if it was seen before (a replay). Two concurrent runs with
    the same nonce: one inserts, the other finds it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = (
        insert(SsoNonce.__table__)
        .values(nonce_sha256=digest, outcome=PENDING, used_at=now)
        .on_conflict_do_nothing()
        .returning(SsoNonce.__table__.c.nonce_sha256)
    )
    return session.execute(statement).first() is not None


def _subject(provider: SsoProvider, claims: Mapping[str, Any], salt: str | None) -> str | None:
    """What the identity is known by: Entra's object id; ID-porten's pid as its salted hash."""
    if provider.kind == rules.ENTRA:
        oid = claims.get("oid")
        return oid if isinstance(oid, str) and 0 < len(oid) <= 128 else None
    pid = claims.get("pid")
    if not isinstance(pid, str) or rules.pid_problem(pid) is not None or not salt:
        return None
    return rules.pid_hash(pid, salt=salt)


def shown_subject(provider_kind: str, subject: str) -> str:
    """What an audit row, the log or a page may show of a subject: ID-porten's only as a hash prefix."""
    return subject if provider_kind == rules.ENTRA else f"hash:{subject[: rules.HASH_PREFIX]}"


def _link_by_email(
    session: Session, provider: SsoProvider, subject: str, claims: Mapping[str, Any], now: dt.datetime
) -> SsoIdentity | None:
    """An Entra identity seen for the first time: linked to the one enabled user with its e-mail."""
    email = rules.email_of(claims)
    if email is None:
        return None
    users = session.scalars(
        sa.select(User).where(sa.func.lower(User.email) == email, User.disabled.is_(False))
    ).all()
    if len(users) != 1:
        return None
    identity = SsoIdentity(
        user_id=users[0].id,
        provider=provider.name,
        subject=subject,
        email=email,
        linked_at=now,
        linked_by="e-mail",
    )
    session.add(identity)
    session.flush()
    audit(
        session,
        Actor(user_id=users[0].id, username=users[0].username),
        action="login.sso_linked",
        entity="users",
        entity_id=users[0].id,
        after={"provider": provider.name, "subject": subject, "email": email, "linked_by": "e-mail"},
    )
    return identity


def _refuse(
    session: Session,
    digest: str | None,
    reason: str,
    *,
    action: str,
    provider: SsoProvider,
    user: User | None = None,
    details: dict[str, Any] | None = None,
) -> LoginResult:
    if digest is not None:
        session.execute(sa.update(SsoNonce).where(SsoNonce.nonce_sha256 == digest).values(outcome=reason))
    actor = (
        Actor(user_id=user.id, username=user.username)
        if user
        else Actor(user_id=None, username=provider.name)
    )
    after = {"provider": provider.name, "reason": reason, **(details or {})}
    audit(
        session,
        actor,
        action=action,
        entity="users" if user else ENTITY,
        entity_id=user.id if user else None,
        after=after,
    )
    log.warning("single sign-on refused: %s", after)
    return LoginResult(ok=False, reason=reason)


def sso_login(
    session: Session,
    *,
    provider: SsoProvider,
    claims: Mapping[str, Any],
    salt: str | None = None,
    now: dt.datetime | None = None,
    allow_demo: bool = True,
) -> LoginResult:
    """Judge an identity a provider vouched for (its ID token's claims, as st.user holds them): fresh,
    for this app, from this provider, seen once, linked to an enabled user. Every outcome is audited.
    `now` is naive UTC (as the database keeps times)."""
    now = now or utcnow()
    aware_now = now.replace(tzinfo=dt.UTC)
    with session.begin():
        _begin_write(session)
        session.execute(sa.delete(SsoNonce).where(SsoNonce.used_at < now - NONCES_KEPT))
        # Age, audience and issuer first: an identity cookie left from a login whose own cookie has
        # run out (the next morning, say) is told it has expired, not that it was used before.
        problem = rules.claims_problem(
            claims,
            kind=provider.kind,
            client_id=provider.client_id,
            issuer=provider.issuer,
            now=aware_now,
            tenant_id=provider.tenant_id,
            min_acr=provider.min_acr,
        )
        if problem is not None:
            return _refuse(session, None, problem, action="login.sso_refused_token", provider=provider)
        nonce = claims.get("nonce")
        digest = rules.nonce_digest(provider.name, nonce) if isinstance(nonce, str) and nonce else None
        if digest is not None and not _claim_nonce(session, digest, now):
            return _refuse(
                session, None, "login.sso_replayed", action="login.sso_refused_replay", provider=provider
            )
        subject = _subject(provider, claims, salt)
        if subject is None:
            return _refuse(
                session, digest, "login.sso_invalid", action="login.sso_refused_token", provider=provider
            )
        identity = session.scalar(
            sa.select(SsoIdentity).where(
                SsoIdentity.provider == provider.name, SsoIdentity.subject == subject
            )
        )
        if identity is None and provider.kind == rules.ENTRA and provider.link_by_email:
            identity = _link_by_email(session, provider, subject, claims, now)
        if identity is None:
            details = {"subject": shown_subject(provider.kind, subject)}
            if provider.kind == rules.ENTRA and rules.email_of(claims):
                details["email"] = rules.email_of(claims)
            return _refuse(
                session,
                digest,
                "login.sso_unknown",
                action="login.sso_refused_unknown",
                provider=provider,
                details=details,
            )
        user = session.get(User, identity.user_id, with_for_update=True, populate_existing=True)
        if user.disabled:
            return _refuse(
                session,
                digest,
                "login.disabled",
                action="login.refused_disabled",
                provider=provider,
                user=user,
            )
        if user.is_demo and not allow_demo:
            return _refuse(
                session,
                digest,
                "login.demo_refused",
                action="login.refused_demo",
                provider=provider,
                user=user,
            )
        if provider.group_roles:
            roles = rules.roles_from_groups(claims.get("groups"), provider.group_roles)
            if not roles:
                return _refuse(
                    session,
                    digest,
                    "login.sso_no_role",
                    action="login.sso_refused_no_role",
                    provider=provider,
                    user=user,
                )
            if roles != user.roles:
                before = sorted(user.roles)
                user.role_rows = [UserRole(role=role) for role in sorted(roles)]
                audit(
                    session,
                    Actor(user_id=user.id, username=user.username),
                    action="user.roles_from_groups",
                    entity="users",
                    entity_id=user.id,
                    before={"roles": before},
                    after={"roles": sorted(roles), "provider": provider.name},
                )
        identity.last_login_at = now
        user.last_login_at = now
        session.execute(sa.update(SsoNonce).where(SsoNonce.nonce_sha256 == digest).values(outcome="ok"))
        audit(
            session,
            Actor(user_id=user.id, username=user.username),
            action="login.success",
            entity="users",
            entity_id=user.id,
            after={"provider": provider.name},
        )
        session.flush()
        return LoginResult(ok=True, user_id=user.id, session_epoch=user.session_epoch)


@service(Action.ADMINISTER)
def link_pid(
    session: Session, *, actor: Actor, username: str, provider: SsoProvider, pid: str, salt: str
) -> SsoIdentity:
    """Link an ID-porten identity to a user by the person's national identity number, kept only as
    its salted hash; the audit row holds a prefix of the hash, never the number."""
    problem = rules.pid_problem(pid)
    if problem is not None:
        raise ValidationFailed(problem)
    user = session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed("error.unknown_user", username=username)
    subject = rules.pid_hash(pid, salt=salt)
    taken = session.scalar(
        sa.select(SsoIdentity).where(SsoIdentity.provider == provider.name, SsoIdentity.subject == subject)
    )
    if taken is not None:
        other = session.get(User, taken.user_id)
        raise ValidationFailed("sso.pid_taken", username=other.username if other else "?")
    identity = SsoIdentity(user_id=user.id, provider=provider.name, subject=subject, linked_by=actor.username)
    session.add(identity)
    session.flush()
    audit(
        session,
        actor,
        action="user.sso_link",
        entity="users",
        entity_id=user.id,
        after={"provider": provider.name, "subject": shown_subject(provider.kind, subject)},
    )
    return identity


@service(Action.ADMINISTER)
def unlink_identity(
    session: Session, *, actor: Actor, identity_id: int, provider_kind: str | None = None
) -> int:
    """Unlink an identity from its user (whose id is returned): the next login with it is refused as
    unknown."""
    identity = get_or_404(session, SsoIdentity, identity_id)
    kind = provider_kind or (rules.ENTRA if identity.provider == rules.ENTRA else rules.IDPORTEN)
    before = {"provider": identity.provider, "subject": shown_subject(kind, identity.subject)}
    user_id = identity.user_id
    session.delete(identity)
    session.flush()
    audit(session, actor, action="user.sso_unlink", entity="users", entity_id=user_id, before=before)
    return user_id
