"""User administration on both databases: every operation works and is audited in its own transaction,
every other role is refused with nothing changed, the password policy, and no self-lockout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.backup import BackupError, backup_database
from osloreg.models import AuditEvent, User
from osloreg.passwords import hash_password, verify_password
from osloreg.services import backups, users
from osloreg.services.base import SYSTEM, Actor, DomainError, PermissionDenied, ValidationFailed
from osloreg.services.logins import attempt_login
from tests.database_state import every_row
from tests.factories import make_person

PASSWORD = "et langt passord"
NON_ADMIN_ROLES = ["director", "coordinator", "member", "viewer"]


def _add(session: Session, username: str, roles: list[str], **extra) -> User:
    return users.create_user(
        session,
        actor=SYSTEM,
        username=username,
        display_name=username.title(),
        password=PASSWORD,
        roles=roles,
        **extra,
    )


def _admin(session: Session) -> Actor:
    return Actor.of(_add(session, "sjef", ["admin"]))


def _state(session: Session) -> dict:
    """Every row of every table: the database as a value, to show that a refusal changed nothing."""
    state = every_row(session)
    session.rollback()
    return state


def _events(session: Session) -> list[tuple[str, int | None, str]]:
    rows = session.execute(
        sa.select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.actor_name).order_by(AuditEvent.id)
    ).all()
    session.rollback()
    return [tuple(row) for row in rows]


def _user(session: Session, username: str) -> User:
    user = users.find_user(session, username)
    session.expunge(user)  # detached, it keeps what it read instead of loading again
    session.rollback()
    return user


def _locked(session: Session, username: str) -> None:
    with session.begin():
        session.execute(
            sa.update(User)
            .where(User.username == username)
            .values(failed_logins=5, locked_until=dt.datetime(2100, 1, 1))
        )


# --- every operation works and is audited --------------------------------------------------------


def test_an_admin_creates_a_user_linked_to_a_person_with_language_and_email(session):
    admin = _admin(session)
    with session.begin():
        person_id = make_person(session, name="Kari Nordmann").id
    created = users.create_user(
        session,
        actor=admin,
        username="kari",
        display_name="  Kari Nordmann ",
        password=PASSWORD,
        roles=["member", "viewer", "member"],
        person_id=person_id,
        email="kari@example.org",
        language="en",
    )
    kari = _user(session, "kari")
    assert (kari.id, kari.display_name, kari.person_id) == (created.id, "Kari Nordmann", person_id)
    assert (kari.email, kari.language, kari.roles) == ("kari@example.org", "en", {"member", "viewer"})
    assert verify_password(PASSWORD, kari.password_hash)
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.create")).all()[-1]
    assert (event.actor_user_id, event.entity_id) == (admin.user_id, kari.id)
    assert event.after["roles"] == ["member", "viewer"] and event.after["person_id"] == person_id
    assert "password_hash" not in event.after  # the hash never goes into the audit trail
    session.rollback()


def test_each_admin_operation_changes_the_user_and_writes_one_audit_event_naming_the_admin(session):
    admin = _admin(session)
    kari = _add(session, "kari", ["viewer"])
    with session.begin():
        person_id = make_person(session, name="Kari").id
    _locked(session, "kari")
    steps: list[tuple[str, Callable[[], object], Callable[[User], bool]]] = [
        (
            "user.update",
            lambda: users.update_user(
                session,
                actor=admin,
                username="kari",
                display_name="Kari N.",
                person_id=person_id,
                language="en",
            ),
            lambda u: (
                (u.display_name, u.person_id, u.language, u.email) == ("Kari N.", person_id, "en", None)
            ),
        ),
        (
            "user.update",
            lambda: users.update_user(session, actor=admin, username="kari", person_id=None),
            lambda u: u.person_id is None and u.display_name == "Kari N.",  # only what was given changes
        ),
        (
            "user.set_roles",
            lambda: users.set_roles(session, actor=admin, username="kari", roles=["coordinator", "member"]),
            lambda u: u.roles == {"coordinator", "member"} and u.session_epoch == 1,  # open logins end
        ),
        (
            "user.unlock",
            lambda: users.unlock_user(session, actor=admin, username="kari"),
            lambda u: (u.failed_logins, u.locked_until) == (0, None),
        ),
        (
            "user.disable",
            lambda: users.disable_user(session, actor=admin, username="kari"),
            lambda u: u.disabled and u.session_epoch == 2,  # open logins end
        ),
        (
            "user.enable",
            lambda: users.enable_user(session, actor=admin, username="kari"),
            lambda u: not u.disabled and u.session_epoch == 3,  # no login from before comes back
        ),
        (
            "user.reset_password",
            lambda: users.reset_password(
                session, actor=admin, username="kari", password="et helt nytt passord"
            ),
            lambda u: (
                verify_password("et helt nytt passord", u.password_hash)
                and not verify_password(PASSWORD, u.password_hash)
                and u.session_epoch == 4
            ),
        ),
    ]
    for action, step, check in steps:
        before = _events(session)
        step()
        assert _events(session) == [*before, (action, kari.id, "sjef")], action
        assert check(_user(session, "kari")), action


def test_a_change_and_its_audit_event_are_one_transaction(session):
    """A refused update (a name too long) leaves neither the change nor an event behind."""
    admin = _admin(session)
    _add(session, "kari", ["viewer"])
    before = _state(session)
    with pytest.raises(ValidationFailed) as refused:
        users.update_user(session, actor=admin, username="kari", language="en", display_name="x" * 201)
    assert refused.value.key == "error.too_long"
    assert _state(session) == before


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (
            lambda s, a: users.update_user(s, actor=a, username="kari", person_id=999_999),
            "error.unknown_person",
        ),
        (
            lambda s, a: users.update_user(s, actor=a, username="kari", language="sv"),
            "error.unknown_language",
        ),
        (lambda s, a: users.update_user(s, actor=a, username="kari", display_name="  "), "error.required"),
        (lambda s, a: users.set_roles(s, actor=a, username="kari", roles=[]), "error.no_roles"),
        (lambda s, a: users.set_roles(s, actor=a, username="kari", roles=["root"]), "error.unknown_role"),
        (lambda s, a: users.disable_user(s, actor=a, username="nobody"), "error.unknown_user"),
        (
            lambda s, a: users.create_user(
                s, actor=a, username="kari", display_name="K", password=PASSWORD, roles=["viewer"]
            ),
            "error.username_taken",
        ),
        (
            lambda s, a: users.create_user(
                s, actor=a, username="Ola Nordmann", display_name="O", password=PASSWORD, roles=["viewer"]
            ),
            "error.username_format",
        ),
        (
            lambda s, a: users.create_user(
                s,
                actor=a,
                username="ola",
                display_name="O",
                password=PASSWORD,
                roles=["viewer"],
                person_id=999,
            ),
            "error.unknown_person",
        ),
    ],
)
def test_bad_input_is_refused_with_its_message_key_and_nothing_changes(session, call, key):
    admin = _admin(session)
    _add(session, "kari", ["viewer"])
    before = _state(session)
    with pytest.raises(DomainError) as refused:
        call(session, admin)
    assert refused.value.key == key
    assert _state(session) == before


# --- refused for every other role -----------------------------------------------------------------

OPERATIONS: dict[str, Callable[[Session, Actor], object]] = {
    "create_user": lambda s, a: users.create_user(
        s, actor=a, username="ny", display_name="Ny", password=PASSWORD, roles=["admin"]
    ),
    "update_user": lambda s, a: users.update_user(s, actor=a, username="kari", display_name="Hacked"),
    "set_roles": lambda s, a: users.set_roles(s, actor=a, username="kari", roles=["admin"]),
    "disable_user": lambda s, a: users.disable_user(s, actor=a, username="kari"),
    "enable_user": lambda s, a: users.enable_user(s, actor=a, username="kari"),
    "unlock_user": lambda s, a: users.unlock_user(s, actor=a, username="kari"),
    "reset_password": lambda s, a: users.reset_password(s, actor=a, username="kari", password="x" * 20),
    # make_backup checks the role itself before copying (the copy runs outside the write transaction);
    # record_backup is the service that audits it.
    "make_backup": lambda s, a: backups.make_backup(s, actor=a, destination=_BACKUP_TARGET),
    "record_backup": lambda s, a: backups.record_backup(s, actor=a, result=None),
}
_BACKUP_TARGET = "refused-backup-never-written.sqlite3"


def test_the_table_names_every_user_service_and_the_backup():
    from osloreg.services.base import REGISTRY

    names = {name.split(".", 1)[1] for name in REGISTRY if name.startswith(("users.", "backups."))}
    assert names - {"set_own_language"} == set(OPERATIONS) - {"make_backup"}


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_every_admin_operation_is_refused_for_every_other_role_and_changes_nothing(session, role):
    kari = _add(session, "kari", ["viewer"])
    _locked(session, "kari")
    actor = Actor(user_id=kari.id, username="kari", roles=frozenset({role}))
    before = _state(session)
    for name, operation in OPERATIONS.items():
        with pytest.raises(PermissionDenied):
            operation(session, actor)
        assert _state(session) == before, name
    assert not Path(_BACKUP_TARGET).exists()  # the tests run from the repository root


# --- the password policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("a" * 11, "error.password_too_short"),
        ("", "error.password_too_short"),
        ("a" * 129, "error.password_too_long"),
        ("æ" * 129, "error.password_too_long"),
        # 11 characters of 4 bytes each: 44 bytes, still too short, since characters are counted.
        ("🔑" * 11, "error.password_too_short"),
        ("a" * 11 + "\x00", "error.control_characters"),
    ],
)
def test_a_password_outside_the_policy_is_refused_on_create_and_reset(session, password, key):
    admin = _admin(session)
    _add(session, "kari", ["viewer"])
    before = _state(session)
    with pytest.raises(ValidationFailed) as on_create:
        users.create_user(
            session, actor=admin, username="ola", display_name="Ola", password=password, roles=["viewer"]
        )
    with pytest.raises(ValidationFailed) as on_reset:
        users.reset_password(session, actor=admin, username="kari", password=password)
    assert on_create.value.key == on_reset.value.key == key
    assert _state(session) == before


@pytest.mark.parametrize(
    "password",
    [
        "tre blå hest",  # 12 characters
        ("Blåbær og tyttebær i Nordmarka, " * 4)[:127] + "!",  # 128 characters
        "æøå på kaien",  # 12 characters, 16 bytes
        "🔑🐎🌲🚲🏔🍓🎻🦉🌊🧀🚂🌙",  # 12 characters, 48 bytes
        # 128 different emoji in turn: 128 characters, 512 bytes, far past bcrypt's 72
        "".join(chr(0x1F600 + i * 7 % 80) for i in range(128)),
        "  mellomrom i begge ender  ",
    ],
)
def test_a_password_inside_the_policy_is_stored_as_given_and_logs_in(session, password):
    admin = _admin(session)
    users.create_user(
        session, actor=admin, username="kari", display_name="Kari", password=password, roles=["viewer"]
    )
    assert attempt_login(session, username="kari", password=password).ok
    session.rollback()
    assert _user(session, "kari").password_hash.startswith("$2b$")  # bcrypt


def test_spaces_are_part_of_the_password_and_required_to_log_in(session):
    admin = _admin(session)
    users.create_user(
        session,
        actor=admin,
        username="kari",
        display_name="Kari",
        password="  passord med mellomrom ",
        roles=["viewer"],
    )
    for wrong in ("passord med mellomrom", "  passord med mellomrom", "passord med mellomrom "):
        assert not attempt_login(session, username="kari", password=wrong).ok, repr(wrong)
    assert attempt_login(session, username="kari", password="  passord med mellomrom ").ok


def test_every_character_of_a_long_unicode_password_counts():
    """bcrypt reads 72 bytes; the SHA-256 pre-hash keeps all 512 bytes of 128 four-byte characters."""
    full = "🔑" * 127 + "😀"
    stored = hash_password(full, rounds=4)
    assert verify_password(full, stored)
    assert not verify_password(full[:-1], stored)  # the 127-character prefix
    assert not verify_password("🔑" * 128, stored)  # differs only in the last character


def test_a_reset_password_replaces_the_old_one_for_logging_in(session):
    admin = _admin(session)
    _add(session, "kari", ["viewer"])
    users.reset_password(session, actor=admin, username="kari", password="Blåbærsyltetøy 🫐 ")
    assert not attempt_login(session, username="kari", password=PASSWORD).ok
    assert attempt_login(session, username="kari", password="Blåbærsyltetøy 🫐 ").ok


# --- no self-lockout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (lambda s, a: users.disable_user(s, actor=a, username="sjef"), "error.disable_self"),
        (lambda s, a: users.set_roles(s, actor=a, username="sjef", roles=["viewer"]), "error.own_admin_role"),
    ],
)
def test_an_admin_cannot_lock_themselves_out(session, call, key):
    admin = _admin(session)
    before = _state(session)
    with pytest.raises(ValidationFailed) as refused:
        call(session, admin)
    assert refused.value.key == key
    assert _state(session) == before


def test_an_admin_may_change_their_own_roles_keeping_admin_and_another_admin_may_remove_it(session):
    admin = _admin(session)
    users.set_roles(session, actor=admin, username="sjef", roles=["admin", "coordinator"])
    assert _user(session, "sjef").roles == {"admin", "coordinator"}
    other = Actor.of(_add(session, "nestsjef", ["admin"]))
    users.set_roles(session, actor=other, username="sjef", roles=["viewer"])
    users.disable_user(session, actor=other, username="sjef")
    assert _user(session, "sjef").roles == {"viewer"} and _user(session, "sjef").disabled


# --- the backup service -------------------------------------------------------------------------


def test_a_backup_made_by_an_admin_is_audited_with_its_size_and_counts(session, tmp_path):
    admin = _admin(session)
    result = backups.make_backup(session, actor=admin, destination=tmp_path / "b.backup")
    assert result.ok and result.bytes == (tmp_path / "b.backup").stat().st_size
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "backup.made")).one()
    assert (event.actor_user_id, event.entity) == (admin.user_id, "database")
    assert event.after["bytes"] == result.bytes and event.after["integrity"] == "ok"
    users_table = next(name for name in event.after["counts"] if name.split(".")[-1] == "users")
    assert event.after["counts"][users_table] == 1
    session.rollback()


def test_a_backup_that_cannot_be_made_is_refused_with_a_message_and_not_audited(session, tmp_path):
    admin = _admin(session)
    (tmp_path / "taken").write_bytes(b"older")
    before = _state(session)
    with pytest.raises(DomainError) as refused:
        backups.make_backup(session, actor=admin, destination=tmp_path / "taken")
    assert refused.value.key == "error.backup_failed"
    assert _state(session) == before
    # The plain function refuses the same way: the service only adds the check and the audit.
    with pytest.raises(BackupError, match="already exists"):
        backup_database(session.get_bind(), tmp_path / "taken")
