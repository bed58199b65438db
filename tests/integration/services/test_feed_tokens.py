"""A user's own feed token on both databases: renewing makes a new one and stops the old at once,
revoking stops it, only its SHA-256 is kept, and neither the token nor its digest reaches the audit
trail, not even through the admin's later changes to the user."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.models import AuditEvent, User
from osloreg.queries import feeds as feed_queries
from osloreg.services import users
from osloreg.services.base import SYSTEM, Actor, DomainError, ValidationFailed
from osloreg.services.feeds import renew_feed_token, revoke_feed_token
from tests.integration.web.feed_world import make_user


def _token_columns(session: Session, actor: Actor) -> tuple[str | None, dt.datetime | None]:
    row = session.execute(
        sa.select(User.feed_token_hash, User.feed_token_issued_at).where(User.id == actor.user_id)
    ).one()
    session.rollback()
    return tuple(row)


def _reader(session: Session, token: str) -> feed_queries.FeedReader | None:
    found = feed_queries.reader(session, token=token)
    session.rollback()
    return found


def _trail(session: Session) -> list[AuditEvent]:
    events = list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))
    session.rollback()
    return events


def test_a_renewed_token_is_kept_as_its_digest_and_stops_the_one_before(session):
    member = make_user(session, "kari", roles=["member"])
    first = renew_feed_token(session, actor=member)
    assert len(first) == 43  # secrets.token_urlsafe(32)
    digest, issued_at = _token_columns(session, member)
    assert digest == hashlib.sha256(first.encode()).hexdigest()
    assert issued_at is not None
    assert _reader(session, first) == feed_queries.FeedReader(member.user_id, "nb", None)

    second = renew_feed_token(session, actor=member)
    assert second != first
    assert _reader(session, first) is None
    assert _reader(session, second) is not None
    assert _token_columns(session, member)[1] >= issued_at


def test_a_revoked_token_stops_and_revoking_none_is_refused_in_words(session):
    viewer = make_user(session, "leser", roles=["viewer"])  # anyone logged in has their own feeds
    token = renew_feed_token(session, actor=viewer)
    revoke_feed_token(session, actor=viewer)
    assert _reader(session, token) is None
    assert _token_columns(session, viewer) == (None, None)
    with pytest.raises(ValidationFailed) as refused:
        revoke_feed_token(session, actor=viewer)
    assert refused.value.key == "feeds.error.no_token"


def test_the_command_line_has_no_feed_of_its_own(session):
    with pytest.raises(DomainError) as refused:
        renew_feed_token(session, actor=SYSTEM)
    assert refused.value.key == "error.unknown_user"


def test_a_disabled_user_s_token_reads_nothing_until_they_are_enabled(session):
    member = make_user(session, "kari", roles=["member"])
    token = renew_feed_token(session, actor=member)
    users.disable_user(session, actor=SYSTEM, username="kari")
    assert _reader(session, token) is None
    users.enable_user(session, actor=SYSTEM, username="kari")
    assert _reader(session, token) is not None


def test_neither_the_token_nor_its_digest_is_ever_in_the_audit_trail(session):
    member = make_user(session, "kari", roles=["member"])
    tokens = [renew_feed_token(session, actor=member) for _ in range(2)]
    # The admin's changes record the user's row as it was and became: the digest must stay out of it.
    users.update_user(session, actor=SYSTEM, username="kari", display_name="Kari Nordmann")
    users.set_roles(session, actor=SYSTEM, username="kari", roles=["member", "viewer"])
    users.disable_user(session, actor=SYSTEM, username="kari")
    users.enable_user(session, actor=SYSTEM, username="kari")
    revoke_feed_token(session, actor=member)

    secrets = [*tokens, *(hashlib.sha256(token.encode()).hexdigest() for token in tokens)]
    events = _trail(session)
    text = json.dumps([(event.before, event.after) for event in events], default=str)
    assert not [secret for secret in secrets if secret in text]
    assert "feed_token_hash" not in text
    token_events = [event for event in events if event.action.startswith("user.feed_token")]
    assert [(event.action, event.entity, event.entity_id) for event in token_events] == [
        ("user.feed_token_renew", "users", member.user_id),
        ("user.feed_token_renew", "users", member.user_id),
        ("user.feed_token_revoke", "users", member.user_id),
    ]
    first, second, revoked = token_events
    assert first.before == {"feed_token": False, "feed_token_issued_at": None}
    assert first.after["feed_token"] is True and first.after["feed_token_issued_at"]
    assert second.before == first.after
    assert revoked.after == {"feed_token": False, "feed_token_issued_at": None}
    assert {event.actor_name for event in token_events} == {"kari"}
