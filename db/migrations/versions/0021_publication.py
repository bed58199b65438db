"""publication: closed agenda items, what each change touched, and tokens for the read API

Issue 21 (public view of styret and representantskapet, OParl API). agenda_items.closed_basis marks an
item treated behind closed doors (lukket møte) with the legal basis that the public view shows instead
of its title. object_changes ties each audit event to the published objects it changed (an OParl
object's `modified`, and `modified_since`, are read from the audit trail through it). api_tokens are
the read API's tokens for internal use (their SHA-256, never the token).

Revision ID: 0021_publication
Revises: 0020_sso_identities
Create Date: 2026-12-05 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_publication"
down_revision: str | None = "0020_sso_identities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite's batch mode would recreate agenda_items, which other tables refer to.
    op.add_column("agenda_items", sa.Column("closed_basis", sa.String(length=200), nullable=True))
    op.create_table(
        "object_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("audit_event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_event_id"],
            ["audit_events.id"],
            name=op.f("fk_object_changes_audit_event_id_audit_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_changes")),
        sa.UniqueConstraint(
            "kind",
            "object_id",
            "audit_event_id",
            name=op.f("uq_object_changes_kind_object_id_audit_event_id"),
        ),
    )
    op.create_index(
        "ix_object_changes_event_kind", "object_changes", ["audit_event_id", "kind"], unique=False
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_user_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_api_tokens_created_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_user_id"], ["users.id"], name=op.f("fk_api_tokens_revoked_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_index("ix_object_changes_event_kind", table_name="object_changes")
    op.drop_table("object_changes")
    op.drop_column("agenda_items", "closed_basis")
