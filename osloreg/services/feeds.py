"""A user's own calendar feed token: made anew (the old one stops at once) or revoked; kept as a digest."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from osloreg.models import User, utcnow
from osloreg.rules import feeds as rules
from osloreg.rules.permissions import Action
from osloreg.services.base import Actor, DomainError, ValidationFailed, audit, load_for_update, service

ENTITY = "users"


def _own_user(session: Session, actor: Actor) -> User:
    if actor.user_id is None:
        raise DomainError("error.unknown_user", username=actor.username)
    return load_for_update(session, User, actor.user_id)


def _state(user: User) -> dict:
    """What the audit trail records of the token: whether there is one and when it was made, never the
    token or its digest (the digest is what a feed is looked up by)."""
    issued = user.feed_token_issued_at
    return {
        "feed_token": user.feed_token_hash is not None,
        "feed_token_issued_at": issued.isoformat() if issued is not None else None,
    }


@service(Action.READ)
def renew_feed_token(session: Session, *, actor: Actor) -> str:
    """A new feed token for the acting user, returned once in clear; only its SHA-256 is kept. The one
    before it, if any, stops working at once. Anyone logged in may renew their own, nobody another's."""
    user = _own_user(session, actor)
    before = _state(user)
    token = secrets.token_urlsafe(32)
    user.feed_token_hash = rules.digest(token)
    user.feed_token_issued_at = utcnow().replace(microsecond=0)
    session.flush()
    audit(
        session,
        actor,
        action="user.feed_token_renew",
        entity=ENTITY,
        entity_id=user.id,
        before=before,
        after=_state(user),
    )
    return token


@service(Action.READ)
def revoke_feed_token(session: Session, *, actor: Actor) -> User:
    """Stop the acting user's feeds: the token is forgotten, and every feed address with it answers 404."""
    user = _own_user(session, actor)
    if user.feed_token_hash is None:
        raise ValidationFailed("feeds.error.no_token")
    before = _state(user)
    user.feed_token_hash = None
    user.feed_token_issued_at = None
    session.flush()
    audit(
        session,
        actor,
        action="user.feed_token_revoke",
        entity=ENTITY,
        entity_id=user.id,
        before=before,
        after=_state(user),
    )
    return user
