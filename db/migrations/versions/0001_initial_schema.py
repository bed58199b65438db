"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:39:08.527907
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=60), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.Column("max_members", sa.Integer(), nullable=True),
        sa.Column("coverage_rule", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint("basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_bodies_basis")),
        sa.CheckConstraint(
            "coverage_rule IN ('none', 'sub_regions_counties_oslo', 'sub_regions_oslo')",
            name=op.f("ck_bodies_coverage_rule"),
        ),
        sa.CheckConstraint(
            "kind IN ('council', 'board', 'committee', 'secretariat', 'coordination_group', 'expert_group')",
            name=op.f("ck_bodies_kind"),
        ),
        sa.CheckConstraint(
            "dissolved_on IS NULL OR dissolved_on >= founded_on", name=op.f("ck_bodies_dates_in_order")
        ),
        sa.CheckConstraint(
            "max_members IS NULL OR max_members > 0", name=op.f("ck_bodies_max_members_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_bodies_name")),
    )
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bodies_kind"), ["kind"], unique=False)

    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("employer", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_persons_basis")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_name"), ["name"], unique=False)

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("county_level", sa.Boolean(), nullable=False),
        sa.Column("is_member", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint("basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_units_basis")),
        sa.CheckConstraint("kind IN ('municipality', 'sub_region', 'county')", name=op.f("ck_units_kind")),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_units_dates_in_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_units_kind_name")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_kind"), ["kind"], unique=False)

    op.create_table(
        "body_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_body_names_basis")
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_body_names_dates_in_order")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_body_names_body_id_bodies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_names")),
    )
    with op.batch_alter_table("body_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_names_body_id"), ["body_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("officer_person_id", sa.Integer(), nullable=True),
        sa.Column("proposed_decision", sa.Text(), nullable=True),
        sa.Column("final_decision", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint("basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_cases_basis")),
        sa.CheckConstraint("number > 0", name=op.f("ck_cases_number_positive")),
        sa.CheckConstraint("year >= 1990 AND year <= 2200", name=op.f("ck_cases_year_range")),
        sa.ForeignKeyConstraint(
            ["officer_person_id"], ["persons.id"], name=op.f("fk_cases_officer_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_cases_year_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_officer_person_id"), ["officer_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_title"), ["title"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_meetings_basis")
        ),
        sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name=op.f("ck_meetings_status")),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at >= starts_at", name=op.f("ck_meetings_dates_in_order")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_meetings_body_id_bodies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index("ix_meetings_body_starts", ["body_id", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_status"), ["status"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("represents_unit_id", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_memberships_basis")
        ),
        sa.CheckConstraint(
            "role IN ('leader', 'deputy', 'member', 'observer', 'secretary')",
            name=op.f("ck_memberships_role"),
        ),
        sa.CheckConstraint(
            "end_on IS NULL OR end_on >= start_on", name=op.f("ck_memberships_dates_in_order")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_memberships_body_id_bodies")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_memberships_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["represents_unit_id"], ["units.id"], name=op.f("fk_memberships_represents_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index("ix_memberships_body_dates", ["body_id", "start_on", "end_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_memberships_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_memberships_represents_unit_id"), ["represents_unit_id"], unique=False
        )

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("outside_partners", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_projects_basis")
        ),
        sa.CheckConstraint(
            "status IN ('idea', 'planned', 'ongoing', 'completed', 'paused', 'cancelled')",
            name=op.f("ck_projects_status"),
        ),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name=op.f("ck_projects_dates_in_order")),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name=op.f("ck_projects_progress_range")),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_projects_body_id_bodies")),
        sa.ForeignKeyConstraint(
            ["owner_person_id"], ["persons.id"], name=op.f("fk_projects_owner_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_owner_person_id"), ["owner_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_start_on"), ["start_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_projects_title"), ["title"], unique=False)

    op.create_table(
        "sub_region_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sub_region_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_sub_region_members_basis")
        ),
        sa.CheckConstraint("sub_region_id <> municipality_id", name=op.f("ck_sub_region_members_not_self")),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_sub_region_members_dates_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["units.id"], name=op.f("fk_sub_region_members_municipality_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["sub_region_id"], ["units.id"], name=op.f("fk_sub_region_members_sub_region_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sub_region_members")),
        sa.UniqueConstraint(
            "sub_region_id",
            "municipality_id",
            "valid_from",
            name=op.f("uq_sub_region_members_sub_region_id_municipality_id_valid_from"),
        ),
    )
    with op.batch_alter_table("sub_region_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sub_region_members_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sub_region_members_sub_region_id"), ["sub_region_id"], unique=False
        )

    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_unit_names_basis")
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_unit_names_dates_in_order")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_names_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_names")),
    )
    with op.batch_alter_table("unit_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_names_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("language IN ('nb', 'en')", name=op.f("ck_users_language")),
        sa.CheckConstraint("failed_logins >= 0", name=op.f("ck_users_failed_logins_positive")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_users_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "advice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=8), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("policy_topic", sa.String(length=300), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(subject_type = 'project' AND project_id IS NOT NULL AND case_id IS NULL AND meeting_id IS NULL) OR (subject_type = 'case' AND case_id IS NOT NULL AND project_id IS NULL AND meeting_id IS NULL) OR (subject_type = 'meeting' AND meeting_id IS NOT NULL AND project_id IS NULL AND case_id IS NULL) OR (subject_type = 'policy' AND policy_topic IS NOT NULL AND project_id IS NULL AND case_id IS NULL AND meeting_id IS NULL)",
            name=op.f("ck_advice_subject_consistent"),
        ),
        sa.CheckConstraint("basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_advice_basis")),
        sa.CheckConstraint(
            "state <> 'submitted' OR submitted_at IS NOT NULL", name=op.f("ck_advice_submitted_has_time")
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'decided', 'withdrawn')", name=op.f("ck_advice_state")
        ),
        sa.CheckConstraint(
            "subject_type IN ('project', 'case', 'meeting', 'policy')", name=op.f("ck_advice_subject_type")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_advice_body_id_bodies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_advice_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_advice_created_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_advice_meeting_id_meetings")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_advice_project_id_projects")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice")),
    )
    with op.batch_alter_table("advice", schema=None) as batch_op:
        batch_op.create_index("ix_advice_body_state", ["body_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_advice_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_advice_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_advice_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_advice_state_submitted", ["state", "submitted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_advice_target_date"), ["target_date"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("heading", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "case_id IS NOT NULL OR heading IS NOT NULL", name=op.f("ck_agenda_items_case_or_heading")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_agenda_items_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
        sa.UniqueConstraint("meeting_id", "position", name=op.f("uq_agenda_items_meeting_id_position")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_case_id"), ["case_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_attendance_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_attendance_person_id_persons")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_attendance_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_attendance_meeting_id_person_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_audit_events_actor_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_events_actor_at", ["actor_user_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_events_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("authoritative", sa.Boolean(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("treated_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=24), nullable=True),
        sa.Column("result_text", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_consultations_basis")
        ),
        sa.CheckConstraint(
            "result IS NULL OR result IN ('endorsed', 'endorsed_with_changes', 'returned', 'postponed', 'noted')",
            name=op.f("ck_consultations_result"),
        ),
        sa.CheckConstraint(
            "role IN ('preparation', 'hearing', 'decision')", name=op.f("ck_consultations_role")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_consultations_body_id_bodies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_consultations_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_consultations_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("case_id", "sequence", name=op.f("uq_consultations_case_id_sequence")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultations_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_treated_on"), ["treated_on"], unique=False)

    op.create_table(
        "inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=8), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("policy_topic", sa.String(length=300), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(subject_type = 'project' AND project_id IS NOT NULL AND case_id IS NULL AND meeting_id IS NULL) OR (subject_type = 'case' AND case_id IS NOT NULL AND project_id IS NULL AND meeting_id IS NULL) OR (subject_type = 'meeting' AND meeting_id IS NOT NULL AND project_id IS NULL AND case_id IS NULL) OR (subject_type = 'policy' AND policy_topic IS NOT NULL AND project_id IS NULL AND case_id IS NULL AND meeting_id IS NULL)",
            name=op.f("ck_inputs_subject_consistent"),
        ),
        sa.CheckConstraint("basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_inputs_basis")),
        sa.CheckConstraint(
            "subject_type IN ('project', 'case', 'meeting', 'policy')", name=op.f("ck_inputs_subject_type")
        ),
        sa.ForeignKeyConstraint(
            ["author_person_id"], ["persons.id"], name=op.f("fk_inputs_author_person_id_persons")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_inputs_body_id_bodies")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_inputs_case_id_cases")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_inputs_meeting_id_meetings")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_inputs_project_id_projects")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_inputs_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inputs")),
    )
    with op.batch_alter_table("inputs", schema=None) as batch_op:
        batch_op.create_index("ix_inputs_author_created", ["author_person_id", "created_at"], unique=False)
        batch_op.create_index("ix_inputs_body_created", ["body_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inputs_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inputs_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inputs_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inputs_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_milestones_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_partners",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_partners_project_id_projects")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_project_partners_unit_id_units")),
        sa.PrimaryKeyConstraint("project_id", "unit_id", name=op.f("pk_project_partners")),
    )
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_partners_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "project_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=True),
        sa.Column("to_status", sa.String(length=12), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "from_status IS NULL OR from_status IN ('idea', 'planned', 'ongoing', 'completed', 'paused', 'cancelled')",
            name=op.f("ck_project_status_changes_from_status"),
        ),
        sa.CheckConstraint(
            "to_status IN ('idea', 'planned', 'ongoing', 'completed', 'paused', 'cancelled')",
            name=op.f("ck_project_status_changes_to_status"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["users.id"],
            name=op.f("fk_project_status_changes_changed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_status_changes_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_status_changes")),
    )
    with op.batch_alter_table("project_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_project_status_changes_project_at", ["project_id", "changed_at"], unique=False
        )

    op.create_table(
        "strategy_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("adopted_by_body_id", sa.Integer(), nullable=True),
        sa.Column("adopted_case_id", sa.Integer(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_strategy_periods_basis")
        ),
        sa.CheckConstraint("end_year >= start_year", name=op.f("ck_strategy_periods_years_in_order")),
        sa.ForeignKeyConstraint(
            ["adopted_by_body_id"], ["bodies.id"], name=op.f("fk_strategy_periods_adopted_by_body_id_bodies")
        ),
        sa.ForeignKeyConstraint(
            ["adopted_case_id"], ["cases.id"], name=op.f("fk_strategy_periods_adopted_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_periods")),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'director', 'coordinator', 'member', 'viewer')",
            name=op.f("ck_user_roles_role"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
    )
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_action_plans_basis")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["strategy_periods.id"], name=op.f("fk_action_plans_period_id_strategy_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
        sa.UniqueConstraint("period_id", "year", name=op.f("uq_action_plans_period_id_year")),
    )
    op.create_table(
        "advice_inputs",
        sa.Column("advice_id", sa.Integer(), nullable=False),
        sa.Column("input_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["advice_id"], ["advice.id"], name=op.f("fk_advice_inputs_advice_id_advice")),
        sa.ForeignKeyConstraint(["input_id"], ["inputs.id"], name=op.f("fk_advice_inputs_input_id_inputs")),
        sa.PrimaryKeyConstraint("advice_id", "input_id", name=op.f("pk_advice_inputs")),
    )
    with op.batch_alter_table("advice_inputs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advice_inputs_input_id"), ["input_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("advice_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by_user_id", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_decisions_basis")
        ),
        sa.CheckConstraint(
            "outcome IN ('followed', 'partly_followed', 'not_followed', 'noted')",
            name=op.f("ck_decisions_outcome"),
        ),
        sa.ForeignKeyConstraint(["advice_id"], ["advice.id"], name=op.f("fk_decisions_advice_id_advice")),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"], ["users.id"], name=op.f("fk_decisions_decided_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reopened_by_user_id"], ["users.id"], name=op.f("fk_decisions_reopened_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index("ix_decisions_advice_at", ["advice_id", "decided_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_decided_at"), ["decided_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_follow_up_on"), ["follow_up_on"], unique=False)

    op.create_table(
        "project_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("advice_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('informed', 'input_round', 'quality_assured')", name=op.f("ck_project_checkpoints_kind")
        ),
        sa.ForeignKeyConstraint(
            ["advice_id"], ["advice.id"], name=op.f("fk_project_checkpoints_advice_id_advice")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_project_checkpoints_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_checkpoints_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_checkpoints")),
        sa.UniqueConstraint("project_id", "kind", name=op.f("uq_project_checkpoints_project_id_kind")),
    )
    op.create_table(
        "strategy_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_strategy_areas_basis")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["strategy_periods.id"], name=op.f("fk_strategy_areas_period_id_strategy_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_areas")),
        sa.UniqueConstraint("period_id", "number", name=op.f("uq_strategy_areas_period_id_number")),
    )
    op.create_table(
        "action_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_action_measures_basis")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"], name=op.f("fk_action_measures_plan_id_action_plans")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_action_measures_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_measures")),
    )
    with op.batch_alter_table("action_measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_measures_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_measures_project_id"), ["project_id"], unique=False)

    op.create_table(
        "strategy_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('sourced', 'uncertain', 'illustrative')", name=op.f("ck_strategy_points_basis")
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["strategy_areas.id"], name=op.f("fk_strategy_points_area_id_strategy_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_points")),
        sa.UniqueConstraint("area_id", "number", name=op.f("uq_strategy_points_area_id_number")),
    )
    op.create_table(
        "action_measure_points",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["action_measures.id"],
            name=op.f("fk_action_measure_points_measure_id_action_measures"),
        ),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["strategy_points.id"],
            name=op.f("fk_action_measure_points_point_id_strategy_points"),
        ),
        sa.PrimaryKeyConstraint("measure_id", "point_id", name=op.f("pk_action_measure_points")),
    )
    op.create_table(
        "project_points",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"], ["strategy_points.id"], name=op.f("fk_project_points_point_id_strategy_points")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_points_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("project_id", "point_id", name=op.f("pk_project_points")),
    )
    with op.batch_alter_table("project_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_points_point_id"), ["point_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_points_point_id"))

    op.drop_table("project_points")
    op.drop_table("action_measure_points")
    op.drop_table("strategy_points")
    with op.batch_alter_table("action_measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_measures_project_id"))
        batch_op.drop_index(batch_op.f("ix_action_measures_plan_id"))

    op.drop_table("action_measures")
    op.drop_table("strategy_areas")
    op.drop_table("project_checkpoints")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_follow_up_on"))
        batch_op.drop_index(batch_op.f("ix_decisions_decided_at"))
        batch_op.drop_index("ix_decisions_advice_at")

    op.drop_table("decisions")
    with op.batch_alter_table("advice_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_inputs_input_id"))

    op.drop_table("advice_inputs")
    op.drop_table("action_plans")
    op.drop_table("user_roles")
    op.drop_table("strategy_periods")
    with op.batch_alter_table("project_status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_project_status_changes_project_at")

    op.drop_table("project_status_changes")
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_partners_unit_id"))

    op.drop_table("project_partners")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_project_id"))
        batch_op.drop_index(batch_op.f("ix_milestones_due_on"))

    op.drop_table("milestones")
    with op.batch_alter_table("inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inputs_unit_id"))
        batch_op.drop_index(batch_op.f("ix_inputs_project_id"))
        batch_op.drop_index(batch_op.f("ix_inputs_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_inputs_case_id"))
        batch_op.drop_index("ix_inputs_body_created")
        batch_op.drop_index("ix_inputs_author_created")

    op.drop_table("inputs")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_treated_on"))
        batch_op.drop_index(batch_op.f("ix_consultations_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_consultations_body_id"))

    op.drop_table("consultations")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index("ix_audit_events_actor_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_case_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("advice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advice_target_date"))
        batch_op.drop_index("ix_advice_state_submitted")
        batch_op.drop_index(batch_op.f("ix_advice_project_id"))
        batch_op.drop_index(batch_op.f("ix_advice_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_advice_case_id"))
        batch_op.drop_index("ix_advice_body_state")

    op.drop_table("advice")
    op.drop_table("users")
    with op.batch_alter_table("unit_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_names_unit_id"))

    op.drop_table("unit_names")
    with op.batch_alter_table("sub_region_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sub_region_members_sub_region_id"))
        batch_op.drop_index(batch_op.f("ix_sub_region_members_municipality_id"))

    op.drop_table("sub_region_members")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_title"))
        batch_op.drop_index(batch_op.f("ix_projects_status"))
        batch_op.drop_index(batch_op.f("ix_projects_start_on"))
        batch_op.drop_index(batch_op.f("ix_projects_owner_person_id"))
        batch_op.drop_index(batch_op.f("ix_projects_body_id"))

    op.drop_table("projects")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_represents_unit_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_person_id"))
        batch_op.drop_index("ix_memberships_body_dates")

    op.drop_table("memberships")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_status"))
        batch_op.drop_index(batch_op.f("ix_meetings_starts_at"))
        batch_op.drop_index("ix_meetings_body_starts")

    op.drop_table("meetings")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_title"))
        batch_op.drop_index(batch_op.f("ix_cases_officer_person_id"))

    op.drop_table("cases")
    with op.batch_alter_table("body_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_names_body_id"))

    op.drop_table("body_names")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_kind"))

    op.drop_table("units")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_name"))

    op.drop_table("persons")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bodies_kind"))

    op.drop_table("bodies")
