"""a basis of their own for a project's status and dates

Revision ID: 0013_basis_fields
Revises: 0010
Create Date: 2026-12-03 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_basis_fields"
down_revision: str | None = "0012_osloregion_membership"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASES = ("sourced", "uncertain", "illustrative")
COLUMNS = ("status_basis", "dates_basis")


def _check(column: str) -> str:
    return f"{column} IN ({', '.join(repr(basis) for basis in BASES)})"


def upgrade() -> None:
    for column in COLUMNS:
        if op.get_bind().dialect.name == "sqlite":
            # In place: SQLite takes a column CHECK in ADD COLUMN, and recreating `projects` would trip
            # the foreign keys to it.
            op.execute(
                f"ALTER TABLE projects ADD COLUMN {column} VARCHAR(12) DEFAULT 'illustrative' NOT NULL "
                f"CONSTRAINT ck_projects_{column} CHECK ({_check(column)})"
            )
        else:
            op.add_column(
                "projects", sa.Column(column, sa.String(12), server_default="illustrative", nullable=False)
            )
            op.create_check_constraint(f"ck_projects_{column}", "projects", _check(column))
    # Until now one basis stood for the whole row: it carries over to status and dates, except where
    # the row's source said they were made up (the demo's real projects: "status, dates ... illustrative").
    projects = sa.table(
        "projects",
        sa.column("basis", sa.String),
        sa.column("source", sa.String),
        sa.column("status_basis", sa.String),
        sa.column("dates_basis", sa.String),
    )
    source = projects.c.source
    # The demo's sources, old ("... status, dates, owner and the rest are illustrative") and new (note keys).
    made_up = sa.or_(
        sa.and_(source.like("%status, dates%"), source.like("%illustrative%")),
        *(source.like(f"%note:{key}%") for key in ("status_dates_made_up", "year_known", "adopted_known")),
    )
    years_known = source.like("%note:years_known%")
    op.execute(
        projects.update()
        .where(sa.or_(source.is_(None), sa.not_(sa.or_(made_up, years_known))))
        .values(status_basis=projects.c.basis, dates_basis=projects.c.basis)
    )
    op.execute(projects.update().where(years_known).values(status_basis="uncertain", dates_basis="uncertain"))


def downgrade() -> None:
    for column in reversed(COLUMNS):
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"ck_projects_{column}", "projects", type_="check")
        with op.batch_alter_table("projects", schema=None, recreate="never") as batch_op:
            batch_op.drop_column(column)
