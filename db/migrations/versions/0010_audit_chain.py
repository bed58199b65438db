"""audit_events is hash-chained (prev_hash, hash); SQLite refuses INSERT OR REPLACE onto an event;
PostgreSQL grants the app's role (OSLOREG_DATABASE_APP_ROLE) only SELECT and INSERT on the trail

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from osloreg.audit import chain as audit_chain
from osloreg.audit import roles as audit_roles

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "audit_events is append-only"
BATCH = 2000
SQLITE_TRIGGERS = {
    "audit_events_no_update": f"BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "audit_events_no_delete": f"BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    # REPLACE deletes the row it conflicts with without firing DELETE triggers (recursive_triggers is
    # off), so an insert that would meet an existing id or successor is refused before it gets there.
    # Two EXISTS, each found through its own index: one EXISTS with an OR scans the whole table.
    "audit_events_no_replace": (
        "BEFORE INSERT ON audit_events WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id) "  # noqa: S608 - constants only
        "OR EXISTS (SELECT 1 FROM audit_events WHERE prev_hash = NEW.prev_hash) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
}


def _chain_existing(bind: sa.Connection) -> tuple[int, int | None]:
    """Hash the events already there, in id order, a batch at a time; (how many, the last id)."""
    events = audit_chain.EVENTS
    columns = [events.c[name] for name in audit_chain.CONTENT]
    prev_hash, last, count = audit_chain.GENESIS, None, 0
    while True:
        query = sa.select(*columns).order_by(events.c.id).limit(BATCH)
        if last is not None:
            query = query.where(events.c.id > last)
        rows = [row._mapping for row in bind.execute(query)]
        if not rows:
            return count, last
        links = audit_chain.chain_rows(rows, prev_hash)
        bind.execute(
            sa.update(events).where(events.c.id == sa.bindparam("b_id")),
            [{"b_id": i, "prev_hash": p, "hash": h} for i, p, h in links],
        )
        prev_hash, last, count = links[-1][2], links[-1][0], count + len(links)


def _mark_start(bind: sa.Connection, count: int, last: int | None) -> None:
    """Say in the trail itself that the chain starts here and which events it carried forward."""
    if count:
        audit_chain.append(
            bind,
            [
                {
                    "actor_name": "system",
                    "action": audit_chain.CHAIN_ACTION,
                    "entity": audit_chain.CHAIN_ENTITY,
                    "after": {"carried_forward": count, "through_id": last},
                }
            ],
        )


def _restore_statistics(bind: sa.Connection) -> None:
    """SQLite: the copy of the table lost its planner statistics; gather them again where the database
    had some (the demo loader runs ANALYZE), so the trail's filters keep their query plans."""
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        op.execute("ANALYZE audit_events")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("audit_events", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    if sqlite:
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    else:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    count, last = _chain_existing(bind)
    if not sqlite:
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    _mark_start(bind, count, last)
    # SQLite alters a column's NOT NULL only by copying the table (its triggers go with the old one).
    with op.batch_alter_table("audit_events", recreate="always" if sqlite else "never") as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_audit_events_prev_hash", ["prev_hash"])
    if sqlite:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        _restore_statistics(bind)
        return
    role = audit_roles.configured_app_role()
    if role:
        audit_roles.grant_app_role(bind, role)


def downgrade() -> None:
    # The events stay, the chain's marker among them: the trail is append-only in both directions.
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("audit_events", recreate="always" if sqlite else "never") as batch_op:
        batch_op.drop_constraint("uq_audit_events_prev_hash", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    if sqlite:
        for name in ("audit_events_no_update", "audit_events_no_delete"):
            op.execute(f"CREATE TRIGGER {name} {SQLITE_TRIGGERS[name]}")
        _restore_statistics(bind)
