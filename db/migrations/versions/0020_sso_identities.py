"""single sign-on: identities linked to users, and the logins already seen

Users may log in through OpenID Connect (Entra ID, ID-porten; issue 20). sso_identities links an
identity at a provider to a user (Entra: the object id; ID-porten: an HMAC of the national identity
number, never the number); sso_nonces remembers each login's nonce (its SHA-256) so that an identity
is accepted once.

Revision ID: 0020_sso_identities
Revises: 0019_search_index
Create Date: 2026-12-05 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_sso_identities"
down_revision: str | None = "0019_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("linked_by", sa.String(length=64), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sso_identities_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("provider", "subject", name=op.f("uq_sso_identities_provider_subject")),
    )
    op.create_index(op.f("ix_sso_identities_user_id"), "sso_identities", ["user_id"], unique=False)
    op.create_table(
        "sso_nonces",
        sa.Column("nonce_sha256", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("nonce_sha256", name=op.f("pk_sso_nonces")),
    )
    op.create_index(op.f("ix_sso_nonces_used_at"), "sso_nonces", ["used_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sso_nonces_used_at"), table_name="sso_nonces")
    op.drop_table("sso_nonces")
    op.drop_index(op.f("ix_sso_identities_user_id"), table_name="sso_identities")
    op.drop_table("sso_identities")
