"""Passwords are stored at bcrypt's production cost; only the tests' own fixtures hash cheaply."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from osloreg import passwords
from osloreg.models import User
from osloreg.passwords import verify_password
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.conftest import PRODUCTION_BCRYPT_ROUNDS

PASSWORD = "et langt passord"


def _stored_hash(session, username: str) -> str:
    try:
        return session.scalar(sa.select(User.password_hash).where(User.username == username))
    finally:
        session.rollback()


@pytest.mark.production_password_cost
def test_the_user_service_hashes_at_cost_12_as_in_production(session):
    assert PRODUCTION_BCRYPT_ROUNDS == passwords.BCRYPT_ROUNDS == 12
    create_user(
        session, actor=SYSTEM, username="kari", display_name="Kari", password=PASSWORD, roles=["viewer"]
    )
    stored = _stored_hash(session, "kari")
    assert stored.startswith("$2b$12$"), stored[:7]
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "!", stored)


def test_test_fixtures_hash_at_bcrypt_minimum_cost(session):
    # The autouse fixture in tests/conftest.py: the same bcrypt, a cheaper work factor.
    create_user(
        session, actor=SYSTEM, username="ola", display_name="Ola", password=PASSWORD, roles=["viewer"]
    )
    stored = _stored_hash(session, "ola")
    assert stored.startswith("$2b$04$"), stored[:7]
    assert verify_password(PASSWORD, stored)
