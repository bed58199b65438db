"""Backups made from the app: admins only, each one recorded in the audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.orm import Session

from osloreg.backup import BackupError, BackupResult, backup_database
from osloreg.rules.permissions import Action, allowed
from osloreg.services.base import Actor, DomainError, PermissionDenied, audit, service


def make_backup(session: Session, *, actor: Actor, destination: Path) -> BackupResult:
    """Back up the session's database to `destination`, then audit it (size, check, rows per table).
    The copy is taken before the audit's write transaction: holding SQLite's write lock through the
    copy would make every other writer wait for it (and, on a large database, give up)."""
    if not isinstance(actor, Actor) or not allowed(actor.roles, Action.ADMINISTER):
        raise PermissionDenied("error.permission_denied", action=str(Action.ADMINISTER))
    engine = session.get_bind().engine
    try:
        result = backup_database(engine, Path(destination))
    except (BackupError, OSError, sqlite3.Error) as exc:  # a full disk or a bad folder is said, not raised
        raise DomainError("error.backup_failed", reason=str(exc)) from exc
    return record_backup(session, actor=actor, result=result)


@service(Action.ADMINISTER)
def record_backup(session: Session, *, actor: Actor, result: BackupResult) -> BackupResult:
    """The audit event of a backup taken: the file, its size, its check and its rows per table."""
    audit(
        session,
        actor,
        action="backup.made",
        entity="database",
        entity_id=None,
        after={
            "file": result.path.name,
            "bytes": result.bytes,
            "integrity": result.integrity,
            "check": result.check,
            "seconds": round(result.seconds, 3),
            "counts": result.counts,
        },
    )
    return result
