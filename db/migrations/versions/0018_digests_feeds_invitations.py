"""digests, calendar feeds and invitations by e-mail

Users choose how often they get the digest (daily, weekly, none) and hold a calendar feed token (its
SHA-256 only); each digest sent is claimed per user and window (digest_deliveries), each invitation
per meeting version and user (invitations), and each one-time link used is remembered (used_links).

Revision ID: 0018_digests_feeds_invitations
Revises: 0017_forfall_vara_habilitet
Create Date: 2026-12-04 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_digests_feeds_invitations"
down_revision: str | None = "0017_forfall_vara_habilitet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FREQUENCIES = "digest_frequency IN ('none', 'daily', 'weekly')"
STATUSES = "status IN ('sending', 'sent', 'failed', 'dropped')"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's ADD COLUMN takes the CHECK inline (batch mode would rebuild users and trip the
        # foreign keys of every table that names a user).
        op.execute(
            "ALTER TABLE users ADD COLUMN digest_frequency VARCHAR(8) DEFAULT 'weekly' NOT NULL "
            f"CONSTRAINT ck_users_digest_frequency CHECK ({FREQUENCIES})"
        )
        op.execute("ALTER TABLE users ADD COLUMN feed_token_hash VARCHAR(64)")
        op.execute("ALTER TABLE users ADD COLUMN feed_token_issued_at DATETIME")
    else:
        op.add_column(
            "users",
            sa.Column("digest_frequency", sa.String(length=8), server_default="weekly", nullable=False),
        )
        op.create_check_constraint(op.f("ck_users_digest_frequency"), "users", FREQUENCIES)
        op.add_column("users", sa.Column("feed_token_hash", sa.String(length=64), nullable=True))
        op.add_column("users", sa.Column("feed_token_issued_at", sa.DateTime(), nullable=True))
    # A unique index, not a constraint: SQLite adds no constraint to a table that exists.
    op.create_index(op.f("uq_users_feed_token_hash"), "users", ["feed_token_hash"], unique=True)

    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=8), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "frequency IN ('none', 'daily', 'weekly')", name=op.f("ck_digest_deliveries_frequency")
        ),
        sa.CheckConstraint(STATUSES, name=op.f("ck_digest_deliveries_status")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_digest_deliveries_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_deliveries")),
        sa.UniqueConstraint(
            "user_id", "frequency", "period", name=op.f("uq_digest_deliveries_user_id_frequency_period")
        ),
    )

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("method IN ('REQUEST', 'CANCEL')", name=op.f("ck_invitations_method")),
        sa.CheckConstraint(STATUSES, name=op.f("ck_invitations_status")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_invitations_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_invitations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint(
            "meeting_id",
            "user_id",
            "sequence",
            "method",
            name=op.f("uq_invitations_meeting_id_user_id_sequence_method"),
        ),
    )
    op.create_index(op.f("ix_invitations_meeting_id"), "invitations", ["meeting_id"], unique=False)
    op.create_index("ix_invitations_status", "invitations", ["status"], unique=False)

    op.create_table(
        "used_links",
        sa.Column("link_id", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_used_links_user_id_users")),
        sa.PrimaryKeyConstraint("link_id", name=op.f("pk_used_links")),
    )


def downgrade() -> None:
    op.drop_table("used_links")
    op.drop_index("ix_invitations_status", table_name="invitations")
    op.drop_index(op.f("ix_invitations_meeting_id"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_table("digest_deliveries")
    op.drop_index(op.f("uq_users_feed_token_hash"), table_name="users")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column a constraint names: take the CHECK out of the table's SQL first.
        bind = op.get_bind()
        table_sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'users'").scalar()
        check = f" CONSTRAINT ck_users_digest_frequency CHECK ({FREQUENCIES})"
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema = ON")
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'users'",
            (table_sql.replace(check, ""),),
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    else:
        op.drop_constraint(op.f("ck_users_digest_frequency"), "users", type_="check")
    op.drop_column("users", "feed_token_issued_at")
    op.drop_column("users", "feed_token_hash")
    op.drop_column("users", "digest_frequency")
