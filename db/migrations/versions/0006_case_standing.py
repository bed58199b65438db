"""case standing

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 11:44:48.172742
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on both databases: recreating `cases` on SQLite would trip the foreign keys to it.
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("waiting", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("idle_since", sa.Date(), nullable=True))
        batch_op.create_index("ix_cases_waiting_idle", ["waiting", "idle_since"], unique=False)
    # Fill the new columns from the consultations already there, with the same rule the app uses.
    from osloreg.services import case_standing

    case_standing.refresh_all(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_cases_waiting_idle")
        batch_op.drop_column("idle_since")
        batch_op.drop_column("waiting")
