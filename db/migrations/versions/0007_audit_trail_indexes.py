"""audit trail indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:05:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place: audit_events is append-only (triggers), and SQLite's batch copy would trip them.
    # (action, at) serves every lookup the single-column index on action served.
    with op.batch_alter_table("audit_events", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_audit_events_action")
        batch_op.create_index("ix_audit_events_action_at", ["action", "at"], unique=False)
        batch_op.create_index("ix_audit_events_entity_at", ["entity", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_audit_events_entity_at")
        batch_op.drop_index("ix_audit_events_action_at")
        batch_op.create_index("ix_audit_events_action", ["action"], unique=False)
