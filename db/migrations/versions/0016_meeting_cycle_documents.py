"""the meeting cycle and documents

Meetings move planlagt -> innkalt -> avholdt -> protokoll godkjent -> publisert (or avlyst), each step
kept in meeting_status_changes; each version of the innkalling is kept in meeting_notices with a frozen
saksliste; a protokoll's approval in minutes_approvals and minutes_signers; agenda items get their
behandling and (for items with no case) vedtak; bodies their notice period with its basis; documents
and their versions (bytes in the database, so backups carry them).

Revision ID: 0016_meeting_cycle_documents
Revises: 0015_pipeline_and_month_indexes
Create Date: 2026-12-04 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_meeting_cycle_documents"
down_revision: str | None = "0015_pipeline_and_month_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


STATUSES_BEFORE = "status IN ('planned', 'held', 'cancelled')"
STATUSES_AFTER = "status IN ('planned', 'called', 'held', 'approved', 'published', 'cancelled')"
BASES = "notice_basis IN ('sourced', 'uncertain', 'illustrative')"
NOTICE_DAYS = "notice_days IS NULL OR (notice_days >= 0 AND notice_days <= 365)"


def _sqlite_meetings_check(before: str, after: str) -> None:
    """Change the CHECK on meetings.status in place. SQLite cannot alter a CHECK, and rebuilding
    `meetings` would trip the foreign keys of the five tables that refer to it; SQLite's documented
    procedure for changing a CHECK (ALTER TABLE, section "Making Other Kinds Of Table Schema Changes")
    edits the table's SQL in sqlite_schema, which is safe when every row satisfies the new CHECK."""
    bind = op.get_bind()
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meetings'"
    ).scalar()
    if table_sql.count(before) != 1:
        raise RuntimeError(f"meetings: expected one CHECK ({before}) in {table_sql!r}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'meetings'",
        (table_sql.replace(before, after),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_meetings_check(STATUSES_BEFORE, STATUSES_AFTER)
        # In place, with their CHECKs: SQLite takes a column CHECK in ADD COLUMN.
        op.execute(
            "ALTER TABLE bodies ADD COLUMN notice_days INTEGER CONSTRAINT ck_bodies_notice_days CHECK "
            f"({NOTICE_DAYS})"
        )
        op.execute(
            f"ALTER TABLE bodies ADD COLUMN notice_basis VARCHAR(12) CONSTRAINT ck_bodies_notice_basis CHECK ({BASES})"
        )
        op.execute("ALTER TABLE bodies ADD COLUMN notice_source TEXT")
    else:
        op.drop_constraint(op.f("ck_meetings_status"), "meetings", type_="check")
        op.create_check_constraint(op.f("ck_meetings_status"), "meetings", STATUSES_AFTER)
        op.add_column("bodies", sa.Column("notice_days", sa.Integer(), nullable=True))
        op.add_column("bodies", sa.Column("notice_basis", sa.String(length=12), nullable=True))
        op.add_column("bodies", sa.Column("notice_source", sa.Text(), nullable=True))
        op.create_check_constraint(op.f("ck_bodies_notice_days"), "bodies", NOTICE_DAYS)
        op.create_check_constraint(op.f("ck_bodies_notice_basis"), "bodies", BASES)
    op.create_table(
        "meeting_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=10), nullable=False),
        sa.Column("to_status", sa.String(length=10), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "from_status IN ('planned', 'called', 'held', 'approved', 'published', 'cancelled')",
            name=op.f("ck_meeting_status_changes_from_status"),
        ),
        sa.CheckConstraint(
            "to_status IN ('planned', 'called', 'held', 'approved', 'published', 'cancelled')",
            name=op.f("ck_meeting_status_changes_to_status"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["users.id"],
            name=op.f("fk_meeting_status_changes_changed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_status_changes_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_status_changes")),
    )
    with op.batch_alter_table("meeting_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_status_changes_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("exempt_basis", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('case_paper', 'attachment', 'notice', 'minutes')", name=op.f("ck_documents_kind")
        ),
        sa.CheckConstraint(
            "(CASE WHEN case_id IS NULL THEN 0 ELSE 1 END + CASE WHEN consultation_id IS NULL THEN 0 ELSE 1 END + CASE WHEN agenda_item_id IS NULL THEN 0 ELSE 1 END + CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_documents_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_items.id"], name=op.f("fk_documents_agenda_item_id_agenda_items")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_documents_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"], name=op.f("fk_documents_consultation_id_consultations")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_documents_created_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_documents_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_consultation_id"), ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "minutes_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(method = 'meeting' AND agenda_item_id IS NOT NULL) OR (method = 'signers' AND agenda_item_id IS NULL)",
            name=op.f("ck_minutes_approvals_method_item"),
        ),
        sa.CheckConstraint("method IN ('meeting', 'signers')", name=op.f("ck_minutes_approvals_method")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_minutes_approvals_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_approvals_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"], ["users.id"], name=op.f("fk_minutes_approvals_recorded_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_approvals")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_approvals_meeting_id")),
    )
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_approvals_agenda_item_id"), ["agenda_item_id"], unique=False
        )

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("generated", sa.Boolean(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_document_versions_number")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_document_versions_size")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_versions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"], ["users.id"], name=op.f("fk_document_versions_uploaded_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint("document_id", "number", name=op.f("uq_document_versions_document_id_number")),
    )
    op.create_table(
        "minutes_signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approval_id"],
            ["minutes_approvals.id"],
            name=op.f("fk_minutes_signers_approval_id_minutes_approvals"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_minutes_signers_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_signers")),
        sa.UniqueConstraint(
            "approval_id", "person_id", name=op.f("uq_minutes_signers_approval_id_person_id")
        ),
    )
    with op.batch_alter_table("minutes_signers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_signers_person_id"), ["person_id"], unique=False)

    op.create_table(
        "meeting_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("version > 0", name=op.f("ck_meeting_notices_version")),
        sa.ForeignKeyConstraint(
            ["document_version_id"],
            ["document_versions.id"],
            name=op.f("fk_meeting_notices_document_version_id_document_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_notices_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_user_id"], ["users.id"], name=op.f("fk_meeting_notices_sent_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_notices")),
        sa.UniqueConstraint("meeting_id", "version", name=op.f("uq_meeting_notices_meeting_id_version")),
    )
    with op.batch_alter_table("agenda_items", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("proceedings", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("decision_text", sa.Text(), nullable=True))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Before this revision a meeting was planned, held or cancelled: innkalt was still planned, and a
    # meeting with an approved or published protokoll had been held.
    op.execute("UPDATE meetings SET status = 'planned' WHERE status = 'called'")
    op.execute("UPDATE meetings SET status = 'held' WHERE status IN ('approved', 'published')")
    if sqlite:
        _sqlite_meetings_check(STATUSES_AFTER, STATUSES_BEFORE)
    else:
        op.drop_constraint(op.f("ck_meetings_status"), "meetings", type_="check")
        op.create_check_constraint(op.f("ck_meetings_status"), "meetings", STATUSES_BEFORE)
        op.drop_constraint(op.f("ck_bodies_notice_basis"), "bodies", type_="check")
        op.drop_constraint(op.f("ck_bodies_notice_days"), "bodies", type_="check")
    with op.batch_alter_table("bodies", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("notice_source")
        batch_op.drop_column("notice_basis")
        batch_op.drop_column("notice_days")

    with op.batch_alter_table("agenda_items", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("decision_text")
        batch_op.drop_column("proceedings")

    op.drop_table("meeting_notices")
    with op.batch_alter_table("minutes_signers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_signers_person_id"))

    op.drop_table("minutes_signers")
    op.drop_table("document_versions")
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_approvals_agenda_item_id"))

    op.drop_table("minutes_approvals")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_documents_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_documents_case_id"))
        batch_op.drop_index(batch_op.f("ix_documents_agenda_item_id"))

    op.drop_table("documents")
    with op.batch_alter_table("meeting_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_status_changes_meeting_id"))

    op.drop_table("meeting_status_changes")
