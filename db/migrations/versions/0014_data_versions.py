"""a version per area of the data, raised with every audited write, that cached reads are keyed by

Revision ID: 0014_data_versions
Revises: 0013_basis_fields
Create Date: 2026-12-03 15:00:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_data_versions"
down_revision: str | None = "0013_basis_fields"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As osloreg.data_versions.GENERATION (migrations do not import the application).
GENERATION = "generation"


def upgrade() -> None:
    table = op.create_table(
        "data_versions",
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("area", name=op.f("pk_data_versions")),
    )
    # A database of its own draw: two databases (or one before and after a restore) never share keys
    # even where their areas' counters agree. The areas' rows come with their first write.
    op.bulk_insert(table, [{"area": GENERATION, "version": secrets.randbits(62)}])


def downgrade() -> None:
    op.drop_table("data_versions")
