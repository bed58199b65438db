"""indexes for the overview

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 11:38:22.081955
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("advice", schema=None) as batch_op:
        batch_op.create_index("ix_advice_state_target", ["state", "target_date"], unique=False)

    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index("ix_consultations_result", ["result"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_result")

    with op.batch_alter_table("advice", schema=None) as batch_op:
        batch_op.drop_index("ix_advice_state_target")
