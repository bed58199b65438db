"""revoked logins

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:43:30.052511
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revoked_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_revoked_logins_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revoked_logins")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_revoked_logins_token_sha256")),
    )
    with op.batch_alter_table("revoked_logins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revoked_logins_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_revoked_logins_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("revoked_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revoked_logins_user_id"))
        batch_op.drop_index(batch_op.f("ix_revoked_logins_expires_at"))

    op.drop_table("revoked_logins")
