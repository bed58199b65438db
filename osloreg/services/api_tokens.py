"""Tokens of the OParl read API (admin only): made with a name and an optional expiry, shown once, revoked."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.models import ApiToken, utcnow
from osloreg.rules.feeds import digest
from osloreg.rules.permissions import Action
from osloreg.rules.validation import clean_text
from osloreg.services.base import Actor, ValidationFailed, audit, load_for_update, service

ENTITY = "api_token"
NAME_MAX = 100


def _state(row: ApiToken) -> dict:
    # Never the digest: the trail says which token, not what would find it.
    return {
        "id": row.id,
        "name": row.name,
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
    }


@service(Action.ADMINISTER)
def create_api_token(
    session: Session, *, actor: Actor, name: str, expires_on: dt.date | None = None
) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown this once and kept only as its SHA-256."""
    # As every text a user types: control characters refused, nothing cut (validation.clean_text).
    name = clean_text(name, field_name="token_name", max_length=NAME_MAX, required=False)
    if not name:
        raise ValidationFailed("error.token_name")
    if expires_on is not None and expires_on <= clock.oslo_today():
        raise ValidationFailed("error.token_expiry")
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        name=name, token_sha256=digest(token), created_by_user_id=actor.user_id, expires_on=expires_on
    )
    session.add(row)
    session.flush()
    audit(session, actor, action="api_token.create", entity=ENTITY, entity_id=row.id, after=_state(row))
    return row, token


@service(Action.ADMINISTER)
def revoke_api_token(session: Session, *, actor: Actor, token_id: int) -> ApiToken:
    row: ApiToken = load_for_update(session, ApiToken, token_id)
    if row.revoked_at is not None:
        raise ValidationFailed("error.token_revoked")
    before = _state(row)
    row.revoked_at, row.revoked_by_user_id = utcnow(), actor.user_id
    session.flush()
    audit(
        session,
        actor,
        action="api_token.revoke",
        entity=ENTITY,
        entity_id=row.id,
        before=before,
        after=_state(row),
    )
    return row
