"""The write path: default deny for every service, one audit event per write, nothing on refusal."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from osloreg.enums import Role
from osloreg.models import AuditEvent, User
from osloreg.passwords import verify_password
from osloreg.rules.permissions import MATRIX
from osloreg.services import load_all_services
from osloreg.services.base import REGISTRY, SYSTEM, Actor, PermissionDenied, ValidationFailed
from osloreg.services.users import create_user, disable_user, reset_password, set_roles, unlock_user

load_all_services()
NOBODY = Actor(user_id=None, username="nobody", roles=frozenset())


def _row_counts(session) -> dict[str, int]:
    from osloreg.models import Base

    counts = {
        t.name: session.scalar(sa.select(sa.func.count()).select_from(t)) for t in Base.metadata.sorted_tables
    }
    session.rollback()
    return counts


def test_the_registry_lists_the_services():
    assert {"users.create_user", "users.set_roles", "users.disable_user", "users.reset_password"} <= set(
        REGISTRY
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_service_denies_an_actor_without_roles(session, name):
    run, _action = REGISTRY[name]
    before = _row_counts(session)
    with pytest.raises(PermissionDenied):
        run(session, actor=NOBODY)
    assert _row_counts(session) == before


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_service_denies_each_role_the_matrix_does_not_give(session, name):
    run, action = REGISTRY[name]
    for role in set(Role) - set(MATRIX[action]):
        with pytest.raises(PermissionDenied):
            run(session, actor=Actor(user_id=None, username=f"as-{role}", roles=frozenset({role})))


def _audit_count(session) -> int:
    count = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    session.rollback()
    return count


def test_each_user_service_write_leaves_exactly_one_audit_event(session):
    writes = [
        lambda: create_user(
            session,
            actor=SYSTEM,
            username="kari",
            display_name="Kari Nordmann",
            password="et langt passord",
            roles=["member"],
        ),
        lambda: set_roles(session, actor=SYSTEM, username="kari", roles=["member", "viewer"]),
        lambda: disable_user(session, actor=SYSTEM, username="kari"),
        lambda: unlock_user(session, actor=SYSTEM, username="kari"),
        lambda: reset_password(session, actor=SYSTEM, username="kari", password="  nytt passord æøå  "),
    ]
    for number, write in enumerate(writes, start=1):
        write()
        assert _audit_count(session) == number
    user = session.scalar(sa.select(User).where(User.username == "kari"))
    assert user.roles == {"member", "viewer"} and user.disabled
    assert verify_password("  nytt passord æøå  ", user.password_hash)
    assert not verify_password("nytt passord æøå", user.password_hash)
    events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "user.create",
        "user.set_roles",
        "user.disable",
        "user.unlock",
        "user.reset_password",
    ]
    assert all("password_hash" not in (e.after or {}) for e in events)


def test_a_refused_write_changes_nothing(session):
    before = _row_counts(session)
    with pytest.raises(ValidationFailed) as refused:
        create_user(
            session, actor=SYSTEM, username="kari", display_name="Kari", password="kort", roles=["member"]
        )
    assert refused.value.key == "error.password_too_short"
    with pytest.raises(ValidationFailed):
        create_user(
            session,
            actor=SYSTEM,
            username="kari",
            display_name="Kari",
            password="et langt passord",
            roles=["emperor"],
        )
    assert _row_counts(session) == before


def test_passwords_of_128_unicode_characters_count_in_full(session):
    long_password = ("Blåbær og tyttebær i Nordmarka, " * 4)[:127] + "a"  # 128 characters, 139 bytes
    create_user(
        session, actor=SYSTEM, username="lang", display_name="Lang", password=long_password, roles=["viewer"]
    )
    user = session.scalar(sa.select(User).where(User.username == "lang"))
    assert verify_password(long_password, user.password_hash)
    assert not verify_password(long_password[:127] + "b", user.password_hash)  # beyond bcrypt's 72 bytes
