"""The published objects each audit event changed (table object_changes, read by the OParl API's created,
modified and *_since): written with every event by services.base.audit; for a trail that began before
migration 0021, filled once by `db upgrade` from the events themselves, through the same pure mapping."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from osloreg.models import AuditEvent, ObjectChange
from osloreg.rules.oparl import changed_objects

BATCH = 2_000  # events read at a time: a long trail is never held in memory whole


def backfill_if_empty(connection: Connection) -> int | None:
    """Map every audit event to the objects it changed, when object_changes is still empty and the trail
    is not; the number of rows written, or None when there was nothing to do."""
    if connection.scalar(sa.select(ObjectChange.id).limit(1)) is not None:
        return None
    if connection.scalar(sa.select(AuditEvent.id).limit(1)) is None:
        return None
    written, after = 0, 0
    columns = (AuditEvent.id, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.before, AuditEvent.after)
    while events := connection.execute(
        sa.select(*columns).where(AuditEvent.id > after).order_by(AuditEvent.id).limit(BATCH)
    ).all():
        rows = [
            {"kind": kind, "object_id": object_id, "audit_event_id": event.id}
            for event in events
            for kind, object_id in sorted(
                changed_objects(event.entity, event.entity_id, event.before, event.after)
            )
        ]
        if rows:
            connection.execute(sa.insert(ObjectChange), rows)
        written += len(rows)
        after = events[-1].id
    return written
