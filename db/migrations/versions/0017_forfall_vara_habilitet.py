"""forfall, vararepresentanter, habilitet and vedtaksførhet

Memberships gain the role vara (substitute) with an order among the unit's vara, or the member whose
personal vara it is; forfall per person and meeting (absences), the vara called in for it and their
answer (substitute_calls); inhabilitet per person and agenda item (disqualifications); attendance
records for whom a vara met; bodies their rule for vedtaksførhet with its basis.

Revision ID: 0017_forfall_vara_habilitet
Revises: 0016_meeting_cycle_documents
Create Date: 2026-12-04 17:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_forfall_vara_habilitet"
down_revision: str | None = "0016_meeting_cycle_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ROLES_BEFORE = "role IN ('leader', 'deputy', 'member', 'observer', 'secretary')"
ROLES_AFTER = "role IN ('leader', 'deputy', 'member', 'observer', 'secretary', 'substitute')"
SUBSTITUTE_ONLY = "role = 'substitute' OR (substitute_order IS NULL AND substitute_for_person_id IS NULL)"
SUBSTITUTE_ORDER = "substitute_order IS NULL OR substitute_order >= 1"
QUORUM_RULES = "quorum_rule IN ('none', 'half_members')"
QUORUM_BASES = "quorum_basis IN ('sourced', 'uncertain', 'illustrative')"


def _sqlite_edit(table: str, before: str, after: str) -> None:
    """Change a constraint in a table's SQL in place, as 0016 does for meetings: SQLite cannot alter
    a constraint, and rebuilding these tables would trip the foreign keys of the tables that refer to
    them. Safe when every row satisfies the new constraints (a wider CHECK, or one taken away)."""
    bind = op.get_bind()
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    if table_sql.count(before) != 1:
        raise RuntimeError(f"{table}: expected one {before!r} in {table_sql!r}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
        (table_sql.replace(before, after), table),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


# The added columns as SQLite's ADD COLUMN takes them, with their constraints inline (their text is
# also what the downgrade strips before it drops them: SQLite drops no column a constraint names).
SQLITE_COLUMNS = {
    "memberships": (
        (
            "substitute_order",
            f"INTEGER CONSTRAINT ck_memberships_substitute_order CHECK ({SUBSTITUTE_ORDER})",
        ),
        (
            "substitute_for_person_id",
            "INTEGER CONSTRAINT fk_memberships_substitute_for_person_id_persons REFERENCES persons (id) "
            f"CONSTRAINT ck_memberships_substitute_only CHECK ({SUBSTITUTE_ONLY})",
        ),
    ),
    "attendance": (
        (
            "attended_for_person_id",
            "INTEGER CONSTRAINT fk_attendance_attended_for_person_id_persons REFERENCES persons (id)",
        ),
    ),
    "bodies": (
        (
            "quorum_rule",
            f"VARCHAR(16) DEFAULT 'none' NOT NULL CONSTRAINT ck_bodies_quorum_rule CHECK ({QUORUM_RULES})",
        ),
        ("quorum_basis", f"VARCHAR(12) CONSTRAINT ck_bodies_quorum_basis CHECK ({QUORUM_BASES})"),
        ("quorum_source", "TEXT"),
    ),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_edit("memberships", ROLES_BEFORE, ROLES_AFTER)
        for table, columns in SQLITE_COLUMNS.items():
            for name, definition in columns:
                op.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
    else:
        op.drop_constraint(op.f("ck_memberships_role"), "memberships", type_="check")
        op.create_check_constraint(op.f("ck_memberships_role"), "memberships", ROLES_AFTER)
        op.add_column("memberships", sa.Column("substitute_order", sa.Integer(), nullable=True))
        op.add_column("memberships", sa.Column("substitute_for_person_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_memberships_substitute_for_person_id_persons"),
            "memberships",
            "persons",
            ["substitute_for_person_id"],
            ["id"],
        )
        op.create_check_constraint(op.f("ck_memberships_substitute_only"), "memberships", SUBSTITUTE_ONLY)
        op.create_check_constraint(op.f("ck_memberships_substitute_order"), "memberships", SUBSTITUTE_ORDER)
        op.add_column("attendance", sa.Column("attended_for_person_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_attendance_attended_for_person_id_persons"),
            "attendance",
            "persons",
            ["attended_for_person_id"],
            ["id"],
        )
        op.add_column(
            "bodies", sa.Column("quorum_rule", sa.String(length=16), server_default="none", nullable=False)
        )
        op.add_column("bodies", sa.Column("quorum_basis", sa.String(length=12), nullable=True))
        op.add_column("bodies", sa.Column("quorum_source", sa.Text(), nullable=True))
        op.create_check_constraint(op.f("ck_bodies_quorum_rule"), "bodies", QUORUM_RULES)
        op.create_check_constraint(op.f("ck_bodies_quorum_basis"), "bodies", QUORUM_BASES)

    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("from_item_id", sa.Integer(), nullable=True),
        sa.Column("to_item_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("reported_by_user_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_item_id"], ["agenda_items.id"], name=op.f("fk_absences_from_item_id_agenda_items")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_absences_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_absences_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["reported_by_user_id"], ["users.id"], name=op.f("fk_absences_reported_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["to_item_id"], ["agenda_items.id"], name=op.f("fk_absences_to_item_id_agenda_items")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_user_id"], ["users.id"], name=op.f("fk_absences_withdrawn_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    op.create_index(op.f("ix_absences_meeting_id"), "absences", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_absences_person_id"), "absences", ["person_id"], unique=False)
    op.create_index(
        "uq_absences_standing",
        "absences",
        ["meeting_id", "person_id"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )

    op.create_table(
        "disqualifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("ground", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_by_user_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "ground IN ('fvl_6_1_a', 'fvl_6_1_b', 'fvl_6_1_c', 'fvl_6_1_d', 'fvl_6_1_e', 'fvl_6_2', "
            "'koml_11_10_2')",
            name=op.f("ck_disqualifications_ground"),
        ),
        sa.CheckConstraint("status IN ('declared', 'decided')", name=op.f("ck_disqualifications_status")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_disqualifications_agenda_item_id_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_disqualifications_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_disqualifications_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"], ["users.id"], name=op.f("fk_disqualifications_recorded_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_user_id"],
            ["users.id"],
            name=op.f("fk_disqualifications_withdrawn_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqualifications")),
    )
    op.create_index(
        op.f("ix_disqualifications_agenda_item_id"), "disqualifications", ["agenda_item_id"], unique=False
    )
    op.create_index(
        op.f("ix_disqualifications_meeting_id"), "disqualifications", ["meeting_id"], unique=False
    )
    op.create_index(op.f("ix_disqualifications_person_id"), "disqualifications", ["person_id"], unique=False)
    op.create_index(
        "uq_disqualifications_standing",
        "disqualifications",
        ["agenda_item_id", "person_id"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )

    op.create_table(
        "substitute_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("absence_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.Column("called_by_user_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answer_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "answer IN ('pending', 'accepted', 'declined')", name=op.f("ck_substitute_calls_answer")
        ),
        sa.ForeignKeyConstraint(
            ["absence_id"], ["absences.id"], name=op.f("fk_substitute_calls_absence_id_absences")
        ),
        sa.ForeignKeyConstraint(
            ["answer_by_user_id"], ["users.id"], name=op.f("fk_substitute_calls_answer_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["called_by_user_id"], ["users.id"], name=op.f("fk_substitute_calls_called_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_substitute_calls_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_substitute_calls_person_id_persons")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_substitute_calls_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_substitute_calls")),
        sa.UniqueConstraint("absence_id", "person_id", name=op.f("uq_substitute_calls_absence_id_person_id")),
    )
    op.create_index(op.f("ix_substitute_calls_absence_id"), "substitute_calls", ["absence_id"], unique=False)
    op.create_index(op.f("ix_substitute_calls_meeting_id"), "substitute_calls", ["meeting_id"], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_table("substitute_calls")
    op.drop_table("disqualifications")
    op.drop_table("absences")
    # Before this revision there was no vara: their terms go, with the rest of what they were.
    op.execute("DELETE FROM memberships WHERE role = 'substitute'")
    if sqlite:
        _sqlite_edit("memberships", ROLES_AFTER, ROLES_BEFORE)
        for table, columns in SQLITE_COLUMNS.items():
            for name, definition in reversed(columns):
                bare = definition.split(" CONSTRAINT ")[0]
                if bare != definition:
                    _sqlite_edit(table, f"{name} {definition}", f"{name} {bare}")
                op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
        return
    op.drop_constraint(op.f("ck_bodies_quorum_basis"), "bodies", type_="check")
    op.drop_constraint(op.f("ck_bodies_quorum_rule"), "bodies", type_="check")
    op.drop_column("bodies", "quorum_source")
    op.drop_column("bodies", "quorum_basis")
    op.drop_column("bodies", "quorum_rule")
    op.drop_constraint(op.f("fk_attendance_attended_for_person_id_persons"), "attendance", type_="foreignkey")
    op.drop_column("attendance", "attended_for_person_id")
    op.drop_constraint(op.f("ck_memberships_substitute_order"), "memberships", type_="check")
    op.drop_constraint(op.f("ck_memberships_substitute_only"), "memberships", type_="check")
    op.drop_constraint(
        op.f("fk_memberships_substitute_for_person_id_persons"), "memberships", type_="foreignkey"
    )
    op.drop_column("memberships", "substitute_for_person_id")
    op.drop_column("memberships", "substitute_order")
    op.drop_constraint(op.f("ck_memberships_role"), "memberships", type_="check")
    op.create_check_constraint(op.f("ck_memberships_role"), "memberships", ROLES_BEFORE)
