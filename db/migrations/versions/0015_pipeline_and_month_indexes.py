"""indexes for the pipeline's date range, the overview's meetings of the month and its coverage

projects.end_on gets an index (the year filter and max(end_on)); the index on meetings.starts_at
becomes (starts_at, status, body_id), so a month's meetings are counted per body from the index; the
index of memberships by body and dates also holds role, represented and appointing unit, so the
overview ranks the expert groups' coverage from the index alone.

Revision ID: 0015_pipeline_and_month_indexes
Revises: 0014_data_versions
Create Date: 2026-12-04 09:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015_pipeline_and_month_indexes"
down_revision: str | None = "0014_data_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_projects_end_on"), "projects", ["end_on"], unique=False)
    op.create_index(
        "ix_meetings_starts_status_body", "meetings", ["starts_at", "status", "body_id"], unique=False
    )
    op.drop_index(op.f("ix_meetings_starts_at"), table_name="meetings")
    op.create_index(
        "ix_memberships_body_seats",
        "memberships",
        ["body_id", "start_on", "end_on", "role", "represents_unit_id", "appointed_by_unit_id"],
        unique=False,
    )
    op.drop_index("ix_memberships_body_dates", table_name="memberships")


def downgrade() -> None:
    op.create_index(
        "ix_memberships_body_dates", "memberships", ["body_id", "start_on", "end_on"], unique=False
    )
    op.drop_index("ix_memberships_body_seats", table_name="memberships")
    op.create_index(op.f("ix_meetings_starts_at"), "meetings", ["starts_at"], unique=False)
    op.drop_index("ix_meetings_starts_status_body", table_name="meetings")
    op.drop_index(op.f("ix_projects_end_on"), table_name="projects")
