"""advice points

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 11:40:57.144153
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advice_points",
        sa.Column("advice_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["advice_id"], ["advice.id"], name=op.f("fk_advice_points_advice_id_advice")),
        sa.ForeignKeyConstraint(
            ["point_id"], ["strategy_points.id"], name=op.f("fk_advice_points_point_id_strategy_points")
        ),
        sa.PrimaryKeyConstraint("advice_id", "point_id", name=op.f("pk_advice_points")),
    )
    with op.batch_alter_table("advice_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advice_points_point_id"), ["point_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("advice_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_points_point_id"))

    op.drop_table("advice_points")
