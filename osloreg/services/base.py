"""The write path: acting user, domain errors, permission check, one transaction, audit event."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from osloreg import data_versions
from osloreg.enums import Role
from osloreg.models import AuditEvent, ObjectChange, User
from osloreg.rules.oparl import changed_objects
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.validation import Invalid
from osloreg.snapshots import jsonable, snapshot  # noqa: F401 - re-exported for the services

_AUDIT_COUNT = "osloreg_audit_events"


@dataclass(frozen=True)
class Actor:
    """The user a service acts for. Roles are read from the database when the actor is made."""

    user_id: int | None
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    person_id: int | None = None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user_id=user.id, username=user.username, roles=user.roles, person_id=user.person_id)


# The command line acts as this actor: someone with shell access to the server is an admin.
SYSTEM = Actor(user_id=None, username="system", roles=frozenset({Role.ADMIN}))


class DomainError(Exception):
    """An expected refusal; `key` names the catalogue message shown to the user."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass


class ValidationFailed(DomainError):
    pass


class Conflict(DomainError):
    """Someone else saved the record since it was read; `params['changes']` says what changed."""


F = TypeVar("F", bound=Callable[..., Any])

# name -> (function, action): every service there is, so tests can check each one denies by default.
REGISTRY: dict[str, tuple[Callable[..., Any], Action]] = {}


def service(action: Action) -> Callable[[F], F]:
    """Make a function a service: check `action` for the actor (default deny), run it in one write
    transaction that takes the write lock up front, and refuse to commit without an audit event."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def run(session: Session, *, actor: Actor, **kwargs: Any) -> Any:
            if not isinstance(actor, Actor) or not allowed(actor.roles, action):
                raise PermissionDenied("error.permission_denied", action=str(action))
            if session.in_transaction():
                # A service owns its transaction so that its write and its audit event commit
                # together; continuing a caller's transaction would blur that boundary.
                raise RuntimeError(f"{fn.__name__}: session already in a transaction")
            try:
                with session.begin():
                    session.connection(execution_options={"sqlite_write": True})
                    session.info[_AUDIT_COUNT] = 0
                    result = fn(session, actor=actor, **kwargs)
                    session.flush()
                    if session.info[_AUDIT_COUNT] < 1:
                        raise RuntimeError(f"{fn.__name__} wrote no audit event")
            except Invalid as exc:
                raise ValidationFailed(exc.key, **exc.params) from exc
            return result

        REGISTRY[f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"] = (run, action)
        return run  # type: ignore[return-value]

    return decorate


def audit(
    session: Session,
    actor: Actor,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add the audit event for a change, in the change's own transaction. When it is flushed it joins
    the hash chain (osloreg.audit.chain: id, time and hashes are set under the chain's lock); when the
    transaction commits, the data versions of what `entity`'s writes change are raised with it."""
    event = AuditEvent(
        actor_user_id=actor.user_id,
        actor_name=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    session.add(event)
    # The published objects it changed, for their OParl `modified` (the event's id comes at flush).
    for kind, object_id in sorted(changed_objects(entity, entity_id, before, after)):
        session.add(ObjectChange(kind=kind, object_id=object_id, event=event))
    session.info[_AUDIT_COUNT] = session.info.get(_AUDIT_COUNT, 0) + 1
    data_versions.touch(session, entity)
    return event


def get_or_404(session: Session, model: type, entity_id: int) -> Any:
    obj = session.get(model, entity_id)
    if obj is None:
        raise NotFound("error.not_found", entity=model.__tablename__, id=entity_id)
    return obj


def load_for_update(session: Session, model: type, entity_id: int) -> Any:
    """The row, locked for this transaction on PostgreSQL (SQLite holds its write lock already) and
    read afresh, so that the checks below see what a concurrent writer committed."""
    obj = session.get(model, entity_id, with_for_update=True, populate_existing=True)
    if obj is None:
        raise NotFound("error.not_found", entity=model.__tablename__, id=entity_id)
    return obj


def flush_or_conflict(session: Session, obj: Any) -> None:
    """Flush; a concurrent save of the same row (the version moved under us) is a Conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict("error.conflict", entity=obj.__tablename__, id=obj.id) from None


def check_version(obj: Any, expected_version: int | None, *, before: dict[str, Any]) -> None:
    """Optimistic locking across reruns: refuse a save based on an older read of the record."""
    if expected_version is not None and obj.version != expected_version:
        raise Conflict("error.conflict", entity=obj.__tablename__, id=obj.id, current=before)


def check_unchanged(current: Mapping[str, Any], expected: Mapping[str, Any] | None, entity: str) -> None:
    """Optimistic locking for rows without a version: refuse when the row is no longer what the user
    read (`expected`, as snapshot() gave it)."""
    if expected is None:
        return
    if any(jsonable(current.get(name)) != jsonable(value) for name, value in expected.items()):
        raise Conflict("error.conflict", entity=entity, current=dict(current))
