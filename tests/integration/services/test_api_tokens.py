"""The read API's tokens, on SQLite and PostgreSQL: made and revoked by an admin only, audited (never
with the token), kept as SHA-256, shown once."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from osloreg import clock
from osloreg.enums import Role
from osloreg.models import ApiToken, AuditEvent
from osloreg.queries.api_tokens import api_tokens
from osloreg.rules.feeds import digest
from osloreg.services.api_tokens import create_api_token, revoke_api_token
from osloreg.services.base import SYSTEM, Actor, PermissionDenied, ValidationFailed
from osloreg.services.users import create_user


def _user(session, name: str, role: str) -> Actor:
    user = create_user(
        session, actor=SYSTEM, username=name, display_name=name, password="et langt testpassord", roles=[role]
    )
    return Actor.of(user)


def test_an_admin_makes_and_revokes_a_token_and_the_trail_says_so(session):
    admin = _user(session, "admin", Role.ADMIN)
    row, token = create_api_token(session, actor=admin, name="Intranett")
    assert len(token) >= 43 and row.token_sha256 == digest(token)
    revoke_api_token(session, actor=admin, token_id=row.id)
    events = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity == "api_token").order_by(AuditEvent.id)
    ).all()
    assert [event.action for event in events] == ["api_token.create", "api_token.revoke"]
    assert all(token not in str(e.after) and row.token_sha256 not in str(e.after) for e in events)
    assert [t.name for t in api_tokens(session)] == ["Intranett"]
    assert session.scalar(sa.select(ApiToken.revoked_at)) is not None


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DIRECTOR, Role.MEMBER, Role.VIEWER])
def test_no_one_but_an_admin_may_make_or_revoke_one(session, role):
    admin, other = _user(session, "admin", Role.ADMIN), _user(session, "annen", role)
    row, _ = create_api_token(session, actor=admin, name="Statistikk")
    with pytest.raises(PermissionDenied):
        create_api_token(session, actor=other, name="Min egen")
    with pytest.raises(PermissionDenied):
        revoke_api_token(session, actor=other, token_id=row.id)


def test_a_token_needs_a_name_and_an_expiry_after_today(session):
    admin = _user(session, "admin", Role.ADMIN)
    with pytest.raises(ValidationFailed):
        create_api_token(session, actor=admin, name="  ")
    # Typed text as everywhere: control characters refused in words, a long name refused, not cut.
    with pytest.raises(ValidationFailed) as caught:
        create_api_token(session, actor=admin, name="Intra\x00nett")
    assert caught.value.key == "error.control_characters"
    with pytest.raises(ValidationFailed) as caught:
        create_api_token(session, actor=admin, name="x" * 101)
    assert caught.value.key == "error.too_long"
    with pytest.raises(ValidationFailed):
        create_api_token(session, actor=admin, name="Gammel", expires_on=clock.oslo_today())
    row, _ = create_api_token(
        session, actor=admin, name="Ny", expires_on=clock.oslo_today() + dt.timedelta(days=30)
    )
    revoke_api_token(session, actor=admin, token_id=row.id)
    with pytest.raises(ValidationFailed):
        revoke_api_token(session, actor=admin, token_id=row.id)
