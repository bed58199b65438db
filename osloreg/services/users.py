"""User administration: create, edit, disable, enable, unlock, set roles, reset password (admin only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg.enums import Language, Role
from osloreg.models import Person, User, UserRole
from osloreg.passwords import check_password, hash_password
from osloreg.rules.permissions import Action
from osloreg.rules.validation import NAME_MAX, check_username, clean_text
from osloreg.services import logins
from osloreg.services.base import (
    Actor,
    DomainError,
    ValidationFailed,
    audit,
    get_or_404,
    service,
    snapshot,
)
from osloreg.services.directory import EMAIL_MAX


def _check_roles(roles: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    unknown = sorted(set(roles) - {role.value for role in Role})
    if unknown:
        raise ValidationFailed("error.unknown_role", roles=", ".join(unknown))
    if not roles:
        raise ValidationFailed("error.no_roles")
    return sorted(set(roles))


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


# update_user's default for a field it is not asked to change (None is a value: "no person").
UNCHANGED: Any = _Unchanged()


def _check_language(language: str) -> str:
    if language not in {lang.value for lang in Language}:
        raise ValidationFailed("error.unknown_language", language=language)
    return language


def _check_person(session: Session, person_id: int | None) -> int | None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise ValidationFailed("error.unknown_person", id=person_id)
    return person_id


def _refuse_self_lockout(actor: Actor, user: User, *, roles: list[str] | None = None) -> None:
    """An admin may not take away their own way back in: disabling themselves, or dropping their own
    admin role. Another admin, or the command line, can still do it."""
    if actor.user_id is None or actor.user_id != user.id:
        return
    if roles is None:
        raise ValidationFailed("error.disable_self")
    if Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise ValidationFailed("error.own_admin_role")


def _user_state(user: User) -> dict:
    state = snapshot(user)
    state["roles"] = sorted(user.roles)
    return state


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _user_by_name(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise DomainError("error.unknown_user", username=username)
    return user


@service(Action.ADMINISTER)
def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    person_id: int | None = None,
    email: str | None = None,
    is_demo: bool = False,
    language: str = "nb",
) -> User:
    username = check_username(username)
    display_name = clean_text(display_name, field_name="display_name", max_length=NAME_MAX)
    password = check_password(password, username=username, display_name=display_name)
    roles = _check_roles(roles)
    language = _check_language(language)
    person_id = _check_person(session, person_id)
    email = clean_text(email, field_name="email", max_length=EMAIL_MAX, required=False)
    if find_user(session, username) is not None:
        raise ValidationFailed("error.username_taken", username=username)
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        person_id=person_id,
        email=email,
        is_demo=is_demo,
        language=language,
        role_rows=[UserRole(role=role) for role in roles],
    )
    session.add(user)
    session.flush()
    audit(session, actor, action="user.create", entity="users", entity_id=user.id, after=_user_state(user))
    return user


@service(Action.ADMINISTER)
def update_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    display_name: Any = UNCHANGED,
    person_id: Any = UNCHANGED,
    email: Any = UNCHANGED,
    language: Any = UNCHANGED,
) -> User:
    """Change a user's display name, linked person, e-mail or language; fields not given stay."""
    user = _user_by_name(session, username)
    before = _user_state(user)
    if display_name is not UNCHANGED:
        user.display_name = clean_text(display_name, field_name="display_name", max_length=NAME_MAX)
    if person_id is not UNCHANGED:
        user.person_id = _check_person(session, person_id)
    if email is not UNCHANGED:
        user.email = clean_text(email, field_name="email", max_length=EMAIL_MAX, required=False)
    if language is not UNCHANGED:
        user.language = _check_language(language)
    session.flush()
    audit(
        session,
        actor,
        action="user.update",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.ADMINISTER)
def set_roles(session: Session, *, actor: Actor, username: str, roles: list[str]) -> User:
    user = _user_by_name(session, username)
    roles = _check_roles(roles)
    _refuse_self_lockout(actor, user, roles=roles)
    before = _user_state(user)
    if set(roles) != set(user.roles):
        user.role_rows = [UserRole(role=role) for role in roles]
        user.session_epoch += 1  # new roles end the old logins: each starts again with the new ones
    session.flush()
    audit(
        session,
        actor,
        action="user.set_roles",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.ADMINISTER)
def disable_user(session: Session, *, actor: Actor, username: str) -> User:
    user = _user_by_name(session, username)
    _refuse_self_lockout(actor, user)
    before = _user_state(user)
    user.disabled = True
    user.session_epoch += 1  # ends every login the user has open
    audit(
        session,
        actor,
        action="user.disable",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.ADMINISTER)
def enable_user(session: Session, *, actor: Actor, username: str) -> User:
    user = _user_by_name(session, username)
    before = _user_state(user)
    user.disabled = False
    # A login from before the account was disabled must not come back to life with it.
    user.session_epoch += 1
    audit(
        session,
        actor,
        action="user.enable",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.ADMINISTER)
def unlock_user(session: Session, *, actor: Actor, username: str) -> User:
    user = _user_by_name(session, username)
    before = _user_state(user)
    user.failed_logins = 0
    user.last_failed_login_at = None
    user.locked_until = None
    logins.clear_account_throttle(session, user.username)  # the name may be tried again at once
    audit(
        session,
        actor,
        action="user.unlock",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.ADMINISTER)
def reset_password(session: Session, *, actor: Actor, username: str, password: str) -> User:
    user = _user_by_name(session, username)
    password = check_password(password, username=user.username, display_name=user.display_name)
    before = _user_state(user)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.session_epoch += 1  # a new password ends the old logins
    # The hash itself is never written to the audit trail (snapshot excludes it).
    audit(
        session,
        actor,
        action="user.reset_password",
        entity="users",
        entity_id=user.id,
        before=before,
        after=_user_state(user),
    )
    return user


@service(Action.READ)
def set_own_language(session: Session, *, actor: Actor, language: str) -> User:
    """Remember a user's language choice; anyone logged in may set their own, nobody another's."""
    _check_language(language)
    user = get_or_404(session, User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise DomainError("error.unknown_user", username=actor.username)
    before = {"language": user.language}
    user.language = language
    audit(
        session,
        actor,
        action="user.set_language",
        entity="users",
        entity_id=user.id,
        before=before,
        after={"language": language},
    )
    return user
