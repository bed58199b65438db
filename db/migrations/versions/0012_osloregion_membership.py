"""membership of Osloregionen as dated periods apart from a unit's life; who appointed a member;
a body's mandate; delmål with a short label

Revision ID: 0012_osloregion_membership
Revises: 0010
Create Date: 2026-12-03 12:00:00
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_osloregion_membership"
down_revision: str | None = "0011_case_numbers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASIS = "'sourced', 'uncertain', 'illustrative'"
CARRIED = "Overført fra enhetens gyldighetsperiode (migrering 0012)"
IPR_START = dt.date(2020, 10, 28)


def upgrade() -> None:
    op.create_table(
        "osloregion_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_form", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(f"basis IN ({BASIS})", name=op.f("ck_osloregion_memberships_basis")),
        sa.CheckConstraint(
            "member_form IN ('alliance', 'ipr')", name=op.f("ck_osloregion_memberships_member_form")
        ),
        sa.CheckConstraint(
            "status IN ('member', 'not_member', 'unknown')", name=op.f("ck_osloregion_memberships_status")
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_osloregion_memberships_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_osloregion_memberships_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_osloregion_memberships")),
    )
    op.create_index(
        op.f("ix_osloregion_memberships_unit_id"), "osloregion_memberships", ["unit_id"], unique=False
    )
    op.create_table(
        "body_mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(f"basis IN ({BASIS})", name=op.f("ck_body_mandates_basis")),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_body_mandates_body_id_bodies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_body_mandates_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_mandates")),
    )
    op.create_index(op.f("ix_body_mandates_body_id"), "body_mandates", ["body_id"], unique=False)
    op.create_index(op.f("ix_body_mandates_case_id"), "body_mandates", ["case_id"], unique=False)
    # memberships is referenced by no table, so SQLite's batch mode may rebuild it with the new key.
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointed_by_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_memberships_appointed_by_unit_id_units"), "units", ["appointed_by_unit_id"], ["id"]
        )
    with op.batch_alter_table("strategy_points", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("short_label", sa.String(length=200), nullable=True))
    _carry_data()


def _carry_data() -> None:
    # A county council's or Oslo's dates were its membership before this revision: they become a
    # membership period with the same meaning (member, or unknown where is_member was false), so
    # coverage on every date stays as it was. The unit's own life keeps the same dates until a
    # coordinator corrects it (Viken existed until 2023).
    op.execute(
        sa.text(
            "INSERT INTO osloregion_memberships (unit_id, member_form, status, valid_from, valid_to, basis, source) "  # noqa: E501
            "SELECT id, CASE WHEN valid_from IS NOT NULL AND valid_from >= :ipr THEN 'ipr' ELSE 'alliance' END, "
            "CASE WHEN is_member THEN 'member' ELSE 'unknown' END, valid_from, valid_to, basis, :carried "
            "FROM units WHERE kind = 'county' OR county_level"
        ).bindparams(sa.bindparam("ipr", IPR_START, type_=sa.Date), carried=CARRIED)
    )
    # A member who represents a municipality in exactly one sub-region was appointed through it; one in
    # two sub-regions (Holmestrand, Vestby, Jevnaker) is left for the coordinator ("oppnevnt av: ukjent").
    op.execute(
        "UPDATE memberships SET appointed_by_unit_id = ("
        "SELECT MIN(s.sub_region_id) FROM sub_region_members s WHERE s.municipality_id = memberships.represents_unit_id"
        ") WHERE represents_unit_id IN ("
        "SELECT municipality_id FROM sub_region_members GROUP BY municipality_id "
        "HAVING COUNT(DISTINCT sub_region_id) = 1)"
    )
    # The expert groups' maximum of 20 was made up (the case paper sets none): not a limit any more.
    op.execute(
        "UPDATE bodies SET max_members = NULL WHERE kind = 'expert_group' "
        "AND source LIKE '%max_members%illustrative%'"
    )
    # The stored delmål texts were short labels: they stay as both until the full wording is entered.
    op.execute("UPDATE strategy_points SET short_label = SUBSTR(text, 1, 200)")


def downgrade() -> None:
    # In place: strategy_points is referenced by other tables, which a rebuild on SQLite would trip.
    op.execute("ALTER TABLE strategy_points DROP COLUMN short_label")
    # memberships is referenced by none: SQLite's batch mode rebuilds it without the key.
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint("fk_memberships_appointed_by_unit_id_units", type_="foreignkey")
        batch_op.drop_column("appointed_by_unit_id")
    op.drop_index(op.f("ix_body_mandates_case_id"), table_name="body_mandates")
    op.drop_index(op.f("ix_body_mandates_body_id"), table_name="body_mandates")
    op.drop_table("body_mandates")
    op.drop_index(op.f("ix_osloregion_memberships_unit_id"), table_name="osloregion_memberships")
    op.drop_table("osloregion_memberships")
