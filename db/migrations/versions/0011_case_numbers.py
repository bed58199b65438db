"""case numbers per body and year, innstilling and votes, links between cases

Revision ID: 0011_case_numbers
Revises: 0010
Create Date: 2026-12-03 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_case_numbers"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = "role IN ('preparation', 'hearing', 'decision')"
RESULTS = "'endorsed', 'endorsed_with_changes', 'returned', 'postponed', 'noted'"
RESULTS_BEFORE = f"result IS NULL OR result IN ({RESULTS})"
RESULTS_AFTER = f"result IS NULL OR result IN ({RESULTS}, 'rejected')"
ROLES_AFTER = "role IN ('preparation', 'hearing', 'recommendation', 'decision')"
VOTE = (
    "(votes_for IS NULL OR votes_for >= 0) AND (votes_against IS NULL OR votes_against >= 0)"
    " AND NOT (unanimous AND votes_against > 0)"
)
# Each case's old number becomes its number in the body of its deciding consultation, or of its
# first one if none decides. Old numbers were unique per year, so no two land on one body's number.
_CARRY_NUMBERS = """
INSERT INTO case_numbers (case_id, body_id, year, number, assigned_at)
SELECT cases.id, chosen.body_id, cases.year, cases.number, COALESCE(cases.created_at, CURRENT_TIMESTAMP)
FROM cases
JOIN consultations AS chosen ON chosen.id = (
    SELECT step.id FROM consultations AS step
    WHERE step.case_id = cases.id
    ORDER BY CASE WHEN step.authoritative THEN 0 ELSE 1 END, step.sequence
    LIMIT 1
)
"""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "case_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_case_numbers_number_positive")),
        sa.CheckConstraint("year >= 1990 AND year <= 2200", name=op.f("ck_case_numbers_year_range")),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_case_numbers_body_id_bodies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_numbers_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_numbers")),
        sa.UniqueConstraint("body_id", "year", "number", name=op.f("uq_case_numbers_body_id_year_number")),
        sa.UniqueConstraint("case_id", "body_id", "year", name=op.f("uq_case_numbers_case_id_body_id_year")),
    )
    op.create_index(op.f("ix_case_numbers_case_id"), "case_numbers", ["case_id"], unique=False)
    op.create_index("ix_case_numbers_year_number", "case_numbers", ["year", "number"], unique=False)
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_case_id", sa.Integer(), nullable=False),
        sa.Column("to_case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_case_links_basis")
        ),
        sa.CheckConstraint("from_case_id <> to_case_id", name=op.f("ck_case_links_not_self")),
        sa.CheckConstraint("kind IN ('builds_on', 'requires')", name=op.f("ck_case_links_kind")),
        sa.ForeignKeyConstraint(
            ["from_case_id"], ["cases.id"], name=op.f("fk_case_links_from_case_id_cases")
        ),
        sa.ForeignKeyConstraint(["to_case_id"], ["cases.id"], name=op.f("fk_case_links_to_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_links")),
        sa.UniqueConstraint(
            "from_case_id", "to_case_id", "kind", name=op.f("uq_case_links_from_case_id_to_case_id_kind")
        ),
    )
    op.create_index(op.f("ix_case_links_to_case_id"), "case_links", ["to_case_id"], unique=False)
    # Nothing refers to consultations, so SQLite may rebuild it to change its CHECK constraints.
    with op.batch_alter_table("consultations", recreate="always" if sqlite else "never") as batch_op:
        batch_op.add_column(sa.Column("unanimous", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("votes_for", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("votes_against", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("protocol_remarks", sa.Text(), nullable=True))
        batch_op.alter_column("role", existing_type=sa.String(length=12), type_=sa.String(length=16))
        batch_op.drop_constraint(op.f("ck_consultations_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consultations_role"), ROLES_AFTER)
        batch_op.create_check_constraint(op.f("ck_consultations_vote"), VOTE)
        batch_op.drop_constraint(op.f("ck_consultations_result"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consultations_result"), RESULTS_AFTER)
    op.execute(_CARRY_NUMBERS)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # An innstilling was a preparation before this revision.
    op.execute("UPDATE consultations SET role = 'preparation' WHERE role = 'recommendation'")
    # "Ikke vedtatt" did not exist: the treatment keeps its date and text, without a result word.
    op.execute("UPDATE consultations SET result = NULL WHERE result = 'rejected'")
    with op.batch_alter_table("consultations", recreate="always" if sqlite else "never") as batch_op:
        batch_op.drop_constraint(op.f("ck_consultations_vote"), type_="check")
        batch_op.drop_constraint(op.f("ck_consultations_result"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consultations_result"), RESULTS_BEFORE)
        batch_op.drop_constraint(op.f("ck_consultations_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consultations_role"), ROLES_BEFORE)
        batch_op.alter_column("role", existing_type=sa.String(length=16), type_=sa.String(length=12))
        batch_op.drop_column("protocol_remarks")
        batch_op.drop_column("votes_against")
        batch_op.drop_column("votes_for")
        batch_op.drop_column("unanimous")
    op.drop_index(op.f("ix_case_links_to_case_id"), table_name="case_links")
    op.drop_table("case_links")
    op.drop_index("ix_case_numbers_year_number", table_name="case_numbers")
    op.drop_index(op.f("ix_case_numbers_case_id"), table_name="case_numbers")
    op.drop_table("case_numbers")
