"""SQLAlchemy 2 typed models: the only place that defines tables."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import false as sa_false
from sqlalchemy import text as sa_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from osloreg import clock
from osloreg.audit import chain as audit_chain
from osloreg.enums import (
    AdviceState,
    Basis,
    BodyKind,
    CallAnswer,
    CaseLinkKind,
    CheckpointKind,
    ConsultationResult,
    ConsultationRole,
    CoverageRule,
    DeliveryStatus,
    DigestFrequency,
    DisqualificationGround,
    DisqualificationStatus,
    DocumentKind,
    InvitationMethod,
    Language,
    MeetingStatus,
    MemberForm,
    MembershipRole,
    MemberStatus,
    Outcome,
    ProjectStatus,
    ProtocolApproval,
    QuorumRule,
    Role,
    SubjectType,
    UnitKind,
)

# Named constraints make migrations deterministic and let SQLite batch mode drop them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, enum_class: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK that keeps a text column within an enumeration (portable across SQLite and PostgreSQL)."""
    allowed = ", ".join(f"'{member.value}'" for member in enum_class)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or column)


def dates_in_order(start: str, end: str, name: str = "dates_in_order") -> CheckConstraint:
    return CheckConstraint(f"{end} IS NULL OR {end} >= {start}", name=name)


def basis_check() -> CheckConstraint:
    return one_of("basis", Basis)


def utcnow() -> dt.datetime:
    return clock.utc_now().replace(tzinfo=None)


class BasisMixin:
    """Every fact carries how it is known, and where from, so the UI can show it."""

    basis: Mapped[str] = mapped_column(String(12), default=Basis.ILLUSTRATIVE)
    source: Mapped[str | None] = mapped_column(Text)


# --- Units and their structure ---------------------------------------------------------------


class Unit(BasisMixin, Base):
    """Something that can be represented: a municipality, a sub-region, a county; Oslo is both."""

    __tablename__ = "units"
    __table_args__ = (
        one_of("kind", UnitKind),
        basis_check(),
        dates_in_order("valid_from", "valid_to"),
        UniqueConstraint("kind", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Oslo kommune is a municipality that is also its own county-level member.
    county_level: Mapped[bool] = mapped_column(Boolean, default=False)
    # Membership of Osloregionen is dated in osloregion_memberships; for a unit with no periods there,
    # this says whether it counts as a member while it exists (False: membership unknown).
    is_member: Mapped[bool] = mapped_column(Boolean, default=True)
    # The unit's own life (Viken fylkeskommune 2020-2023), not its membership.
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    names: Mapped[list[UnitName]] = relationship(back_populates="unit", order_by="UnitName.valid_from")


class OsloregionMembership(BasisMixin, Base):
    """A unit's membership of Osloregionen in a period, apart from the unit's own life (valid_from/to):
    Viken fylkeskommune existed until 2023 but was a member only until 28.10.2020."""

    __tablename__ = "osloregion_memberships"
    __table_args__ = (
        one_of("member_form", MemberForm),
        one_of("status", MemberStatus),
        basis_check(),
        dates_in_order("valid_from", "valid_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    member_form: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()


class UnitName(BasisMixin, Base):
    """A unit's earlier or later name (Follorådet became Folloregionen IPR)."""

    __tablename__ = "unit_names"
    __table_args__ = (basis_check(), dates_in_order("valid_from", "valid_to"))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    unit: Mapped[Unit] = relationship(back_populates="names")


class SubRegionMember(BasisMixin, Base):
    """A municipality's membership of a sub-region, dated; a municipality may sit in two."""

    __tablename__ = "sub_region_members"
    __table_args__ = (
        basis_check(),
        dates_in_order("valid_from", "valid_to"),
        CheckConstraint("sub_region_id <> municipality_id", name="not_self"),
        UniqueConstraint("sub_region_id", "municipality_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_region_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    sub_region: Mapped[Unit] = relationship(foreign_keys=[sub_region_id])
    municipality: Mapped[Unit] = relationship(foreign_keys=[municipality_id])


# --- Bodies, people, memberships --------------------------------------------------------------


class Body(BasisMixin, Base):
    """An organ: board, council, coordination group, expert group, secretariat, committee."""

    __tablename__ = "bodies"
    __table_args__ = (
        one_of("kind", BodyKind),
        one_of("coverage_rule", CoverageRule),
        basis_check(),
        CheckConstraint("max_members IS NULL OR max_members > 0", name="max_members_positive"),
        dates_in_order("founded_on", "dissolved_on"),
        CheckConstraint(
            "notice_days IS NULL OR (notice_days >= 0 AND notice_days <= 365)", name="notice_days"
        ),
        one_of("notice_basis", Basis),
        one_of("quorum_rule", QuorumRule),
        one_of("quorum_basis", Basis),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)
    # Shown as a limit only where a source sets one (the case paper sets none for the expert groups).
    max_members: Mapped[int | None] = mapped_column(Integer)
    coverage_rule: Mapped[str] = mapped_column(String(32), default=CoverageRule.NONE)
    note: Mapped[str | None] = mapped_column(Text)
    # How many days before a meeting its innkalling must be sent, and how that is known: from a source
    # (a statute or the body's rules, named in notice_source) or set by an admin (illustrative).
    notice_days: Mapped[int | None] = mapped_column(Integer)
    notice_basis: Mapped[str | None] = mapped_column(String(12))
    notice_source: Mapped[str | None] = mapped_column(Text)
    # When the body is vedtaksfør, with how that is known (the law for a folkevalgt organ).
    quorum_rule: Mapped[str] = mapped_column(
        String(16), default=QuorumRule.NONE, server_default=QuorumRule.NONE
    )
    quorum_basis: Mapped[str | None] = mapped_column(String(12))
    quorum_source: Mapped[str | None] = mapped_column(Text)

    names: Mapped[list[BodyName]] = relationship(back_populates="body", order_by="BodyName.valid_from")


class BodyMandate(BasisMixin, Base):
    """A body's mandate from a date, and the case that set it (48/20 revised the faggruppe's); its
    basis is its own: the case paper holds the proposed mandate, not the board's decision."""

    __tablename__ = "body_mandates"
    __table_args__ = (basis_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)

    body: Mapped[Body] = relationship()


class BodyName(BasisMixin, Base):
    """A body's name over time (the expert group was renamed in 2019)."""

    __tablename__ = "body_names"
    __table_args__ = (basis_check(), dates_in_order("valid_from", "valid_to"))

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    body: Mapped[Body] = relationship(back_populates="names")


class Person(BasisMixin, Base):
    __tablename__ = "persons"
    __table_args__ = (basis_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    employer: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class Membership(BasisMixin, Base):
    """Person x body x time. Ended, never deleted."""

    __tablename__ = "memberships"
    __table_args__ = (
        one_of("role", MembershipRole),
        basis_check(),
        dates_in_order("start_on", "end_on"),
        # Only a vara has an order among the unit's vara, or is one member's personal vara.
        CheckConstraint(
            "role = 'substitute' OR (substitute_order IS NULL AND substitute_for_person_id IS NULL)",
            name="substitute_only",
        ),
        CheckConstraint("substitute_order IS NULL OR substitute_order >= 1", name="substitute_order"),
        # A body's seats on a day, with what coverage reads of each, from the index alone.
        Index(
            "ix_memberships_body_seats",
            "body_id",
            "start_on",
            "end_on",
            "role",
            "represents_unit_id",
            "appointed_by_unit_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    role: Mapped[str] = mapped_column(String(12), default=MembershipRole.MEMBER)
    represents_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # The sub-region that appointed a person who represents one of its municipalities: a municipality
    # in two sub-regions (Holmestrand) covers only the one that appointed. None: the represented unit
    # appointed, or (for a municipality in two) not known.
    appointed_by_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # A vara: 1 for første vara of the represented unit, 2 for the next, ...; or the member whose
    # personal vara this is (styret has personlige vararepresentanter).
    substitute_order: Mapped[int | None] = mapped_column(Integer)
    substitute_for_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    body: Mapped[Body] = relationship()
    represents: Mapped[Unit | None] = relationship(foreign_keys=[represents_unit_id])
    appointed_by: Mapped[Unit | None] = relationship(foreign_keys=[appointed_by_unit_id])


# --- Strategy ---------------------------------------------------------------------------------


class StrategyPeriod(BasisMixin, Base):
    __tablename__ = "strategy_periods"
    __table_args__ = (basis_check(), CheckConstraint("end_year >= start_year", name="years_in_order"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    adopted_by_body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    adopted_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    areas: Mapped[list[StrategyArea]] = relationship(back_populates="period", order_by="StrategyArea.number")


class StrategyArea(BasisMixin, Base):
    __tablename__ = "strategy_areas"
    __table_args__ = (basis_check(), UniqueConstraint("period_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("strategy_periods.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    period: Mapped[StrategyPeriod] = relationship(back_populates="areas")
    points: Mapped[list[StrategyPoint]] = relationship(back_populates="area", order_by="StrategyPoint.number")


class StrategyPoint(BasisMixin, Base):
    __tablename__ = "strategy_points"
    __table_args__ = (basis_check(), UniqueConstraint("area_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("strategy_areas.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the full wording (delmål)
    short_label: Mapped[str | None] = mapped_column(String(200))  # for tables

    area: Mapped[StrategyArea] = relationship(back_populates="points")


class ActionPlan(BasisMixin, Base):
    """A yearly action plan (handlingsplan) within a strategy period."""

    __tablename__ = "action_plans"
    __table_args__ = (basis_check(), UniqueConstraint("period_id", "year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("strategy_periods.id"))
    year: Mapped[int] = mapped_column(Integer)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)

    measures: Mapped[list[ActionMeasure]] = relationship(back_populates="plan")


class ActionMeasure(BasisMixin, Base):
    __tablename__ = "action_measures"
    __table_args__ = (basis_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)

    plan: Mapped[ActionPlan] = relationship(back_populates="measures")
    points: Mapped[list[StrategyPoint]] = relationship(secondary="action_measure_points")


class ActionMeasurePoint(Base):
    __tablename__ = "action_measure_points"

    measure_id: Mapped[int] = mapped_column(ForeignKey("action_measures.id"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("strategy_points.id"), primary_key=True)


# --- Projects ---------------------------------------------------------------------------------


class Project(BasisMixin, Base):
    """A profiling project or another project the reference group follows."""

    __tablename__ = "projects"
    __table_args__ = (
        one_of("status", ProjectStatus),
        basis_check(),
        one_of("status_basis", Basis),
        one_of("dates_basis", Basis),
        dates_in_order("start_on", "end_on"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ProjectStatus.IDEA, index=True)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    start_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # Indexed for the year filter and the pipeline's date range (max(end_on) is one index seek).
    end_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # A real project's name can be sourced while its status and dates are made up (issue 14): each
    # has a basis of its own, shown beside it.
    status_basis: Mapped[str] = mapped_column(
        String(12), default=Basis.ILLUSTRATIVE, server_default=Basis.ILLUSTRATIVE.value
    )
    dates_basis: Mapped[str] = mapped_column(
        String(12), default=Basis.ILLUSTRATIVE, server_default=Basis.ILLUSTRATIVE.value
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)
    outside_partners: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Optimistic locking: a save carries the version it read; a stale one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[Person | None] = relationship()
    partners: Mapped[list[Unit]] = relationship(secondary="project_partners")
    points: Mapped[list[StrategyPoint]] = relationship(secondary="project_points")
    status_changes: Mapped[list[ProjectStatusChange]] = relationship(
        back_populates="project", order_by="ProjectStatusChange.changed_at"
    )
    milestones: Mapped[list[Milestone]] = relationship(back_populates="project", order_by="Milestone.due_on")
    checkpoints: Mapped[list[ProjectCheckpoint]] = relationship(back_populates="project")

    __mapper_args__ = {"version_id_col": version}


class ProjectPartner(Base):
    __tablename__ = "project_partners"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class ProjectPoint(Base):
    __tablename__ = "project_points"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("strategy_points.id"), primary_key=True, index=True)


class ProjectStatusChange(Base):
    __tablename__ = "project_status_changes"
    __table_args__ = (
        one_of("to_status", ProjectStatus),
        CheckConstraint(
            "from_status IS NULL OR from_status IN ("
            + ", ".join(f"'{s.value}'" for s in ProjectStatus)
            + ")",
            name="from_status",
        ),
        Index("ix_project_status_changes_project_at", "project_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="status_changes")


class Milestone(Base):
    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="milestones")


class ProjectCheckpoint(Base):
    """One of the reference group's checkpoints: informed, input round, content quality-assured."""

    __tablename__ = "project_checkpoints"
    __table_args__ = (one_of("kind", CheckpointKind), UniqueConstraint("project_id", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    kind: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[dt.date | None] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    advice_id: Mapped[int | None] = mapped_column(ForeignKey("advice.id"))
    note: Mapped[str | None] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="checkpoints")


# --- Cases and meetings -----------------------------------------------------------------------


class Case(BasisMixin, Base):
    """A case (sak), registered once. Its registration number (year, serial) is its own; the case
    numbers NN/YY are given by each body whose agenda it is put on (CaseNumber)."""

    __tablename__ = "cases"
    __table_args__ = (
        # The columns keep their old names: they held the one case number before 0011, and
        # recreating `cases` on SQLite would trip the foreign keys to it.
        UniqueConstraint("year", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("year >= 1990 AND year <= 2200", name="year_range"),
        basis_check(),
        Index("ix_cases_waiting_idle", "waiting", "idle_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reg_year: Mapped[int] = mapped_column("year", Integer)
    reg_number: Mapped[int] = mapped_column("number", Integer)
    title: Mapped[str] = mapped_column(String(300), index=True)
    officer_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    proposed_decision: Mapped[str | None] = mapped_column(Text)
    # The deciding (authoritative) body's vedtak, kept in step by the services (derived).
    final_decision: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Derived from the consultations by rules.cases.standing and kept in step by
    # services.case_standing whenever they change; stored so "stalled" is an indexed range query.
    waiting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    idle_since: Mapped[dt.date | None] = mapped_column(Date)

    officer: Mapped[Person | None] = relationship()
    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="case", order_by="Consultation.sequence"
    )

    @property
    def label(self) -> str:
        """The registration number, "2020/48" (a body's case number reads 48/20)."""
        return f"{self.reg_year}/{self.reg_number}"


class CaseNumber(Base):
    """A case's number in one body's yearly series (NN/YY), given when it is put on that body's agenda."""

    __tablename__ = "case_numbers"
    __table_args__ = (
        UniqueConstraint("body_id", "year", "number"),
        # A case treated again by the same body in the same year keeps its number there.
        UniqueConstraint("case_id", "body_id", "year"),
        Index("ix_case_numbers_year_number", "year", "number"),  # a search by "5/20", any body
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("year >= 1990 AND year <= 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def label(self) -> str:
        return f"{self.number}/{self.year % 100:02d}"


class CaseLink(BasisMixin, Base):
    """One case refers to another (48/20 builds on 33/20), with the condition the paper quotes."""

    __tablename__ = "case_links"
    __table_args__ = (
        one_of("kind", CaseLinkKind),
        basis_check(),
        CheckConstraint("from_case_id <> to_case_id", name="not_self"),
        UniqueConstraint("from_case_id", "to_case_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    to_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    condition: Mapped[str | None] = mapped_column(Text)


class Meeting(BasisMixin, Base):
    """A meeting of a body. Times are local (Europe/Oslo) wall-clock times."""

    __tablename__ = "meetings"
    __table_args__ = (
        one_of("status", MeetingStatus),
        basis_check(),
        dates_in_order("starts_at", "ends_at"),
        Index("ix_meetings_body_starts", "body_id", "starts_at"),
        # A month's meetings by time, with what the overview counts them by: read from the index alone.
        Index("ix_meetings_starts_status_body", "starts_at", "status", "body_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    title: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default=MeetingStatus.PLANNED, index=True)
    minutes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    body: Mapped[Body] = relationship()
    agenda: Mapped[list[AgendaItem]] = relationship(back_populates="meeting", order_by="AgendaItem.position")
    attendance: Mapped[list[Attendance]] = relationship(back_populates="meeting")

    __mapper_args__ = {"version_id_col": version}


class AgendaItem(Base):
    """An ordered item on a meeting's agenda: a case, or a free heading such as 'Eventuelt'."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position"),
        CheckConstraint("case_id IS NOT NULL OR heading IS NOT NULL", name="case_or_heading"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    position: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    heading: Mapped[str | None] = mapped_column(String(300))
    # None: an open item. Otherwise treated behind closed doors (lukket møte), with the legal basis
    # ("kommuneloven § 11-5 andre ledd, jf. offentleglova § 13") that the public view shows instead of
    # its title, its case and its vedtak.
    closed_basis: Mapped[str | None] = mapped_column(String(200))

    # The protokoll of the item: its behandling (what was proposed, amendments) and, for an item with
    # no case ("Godkjenning av innkalling og saksliste"), its vedtak. A case's vedtak, vote and
    # protokolltilførsel are its treatment's (Consultation).
    proceedings: Mapped[str | None] = mapped_column(Text)
    decision_text: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    case: Mapped[Case | None] = relationship()


class Consultation(BasisMixin, Base):
    """One treatment of a case by a body (at a meeting), in order; planned until it has a result."""

    __tablename__ = "consultations"
    __table_args__ = (
        one_of("role", ConsultationRole),
        CheckConstraint(
            "result IS NULL OR result IN (" + ", ".join(f"'{r.value}'" for r in ConsultationResult) + ")",
            name="result",
        ),
        basis_check(),
        UniqueConstraint("case_id", "sequence"),
        Index("ix_consultations_result", "result"),
        CheckConstraint(
            "(votes_for IS NULL OR votes_for >= 0) AND (votes_against IS NULL OR votes_against >= 0)"
            " AND NOT (unanimous AND votes_against > 0)",
            name="vote",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=ConsultationRole.PREPARATION)
    authoritative: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    treated_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    result: Mapped[str | None] = mapped_column(String(24))
    # This body's own text: its innstilling, or its vedtak.
    result_text: Mapped[str | None] = mapped_column(Text)
    # The vote where there was one: unanimous (enstemmig), or the numbers for and against.
    unanimous: Mapped[bool | None] = mapped_column(Boolean)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    protocol_remarks: Mapped[str | None] = mapped_column(Text)  # protokolltilførsel

    case: Mapped[Case] = relationship(back_populates="consultations")
    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


class Attendance(Base):
    """Who met (or sent forfall), for which unit, and for whom a vara met ("møtte for")."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    attended_for_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    unit: Mapped[Unit | None] = relationship()


class Absence(Base):
    """Forfall: a person cannot meet, for the whole meeting or from / to an item, with the reason.
    Withdrawn, never deleted; one standing forfall per person and meeting."""

    __tablename__ = "absences"
    __table_args__ = (
        Index(
            "uq_absences_standing",
            "meeting_id",
            "person_id",
            unique=True,
            sqlite_where=sa_text("withdrawn_at IS NULL"),
            postgresql_where=sa_text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    # The items missed, inclusive: none from the first, none to the last; neither: the whole meeting.
    from_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    to_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    reason: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reported_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SubstituteCall(Base):
    """A vara called in for a member's forfall, and the answer (pending until recorded)."""

    __tablename__ = "substitute_calls"
    __table_args__ = (one_of("answer", CallAnswer), UniqueConstraint("absence_id", "person_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    absence_id: Mapped[int] = mapped_column(ForeignKey("absences.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))  # the vara
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # the unit the vara meets for
    called_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    called_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str] = mapped_column(String(10), default=CallAnswer.PENDING)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answer_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Disqualification(Base):
    """Inhabil in one item (sak) of a meeting: the person leaves that item only. Withdrawn (with the
    reason, e.g. the body found the member habil), never deleted."""

    __tablename__ = "disqualifications"
    __table_args__ = (
        one_of("status", DisqualificationStatus),
        one_of("ground", DisqualificationGround),
        Index(
            "uq_disqualifications_standing",
            "agenda_item_id",
            "person_id",
            unique=True,
            sqlite_where=sa_text("withdrawn_at IS NULL"),
            postgresql_where=sa_text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=DisqualificationStatus.DECLARED)
    ground: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class MeetingStatusChange(Base):
    """One step of a meeting's cycle (innkalt, avholdt, protokoll godkjent, publisert, avlyst): when,
    by whom, from what and why; the history a cancelled meeting keeps."""

    __tablename__ = "meeting_status_changes"
    __table_args__ = (one_of("to_status", MeetingStatus), one_of("from_status", MeetingStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)


class MeetingNotice(Base):
    """One version of a meeting's innkalling: sent when and by whom, with a frozen copy of the
    saksliste and of the documents sent (JSON). A saksliste changed after it makes the next version;
    none is ever changed or deleted."""

    __tablename__ = "meeting_notices"
    __table_args__ = (
        UniqueConstraint("meeting_id", "version"),
        CheckConstraint("version > 0", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    version: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # why a new version: the saksliste changed
    agenda: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # the saksliste as sent
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # each document version sent
    # The innkalling generated and sent with this version (a version of the meeting's NOTICE document).
    document_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))


class MinutesApproval(Base):
    """How and when a meeting's protokoll was approved: as an item of a later meeting of the body, or
    signed by named persons (MinutesSigner)."""

    __tablename__ = "minutes_approvals"
    __table_args__ = (
        one_of("method", ProtocolApproval),
        CheckConstraint(
            "(method = 'meeting' AND agenda_item_id IS NOT NULL)"
            " OR (method = 'signers' AND agenda_item_id IS NULL)",
            name="method_item",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    method: Mapped[str] = mapped_column(String(8))
    approved_on: Mapped[dt.date] = mapped_column(Date)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    signers: Mapped[list[MinutesSigner]] = relationship(
        back_populates="approval", order_by="MinutesSigner.id"
    )


class MinutesSigner(Base):
    """A person who signed a protokoll, and the day they signed."""

    __tablename__ = "minutes_signers"
    __table_args__ = (UniqueConstraint("approval_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_id: Mapped[int] = mapped_column(ForeignKey("minutes_approvals.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)

    approval: Mapped[MinutesApproval] = relationship(back_populates="signers")
    person: Mapped[Person] = relationship()


# --- Documents -----------------------------------------------------------------------------------

_ONE_OWNER = (
    "(CASE WHEN case_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN consultation_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN agenda_item_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN meeting_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class Document(Base):
    """A document of a case, a consultation, an agenda item or a meeting (saksframlegg, vedlegg,
    innkalling, protokoll), in versions; public, or exempt with its legal basis. Removed documents
    are kept (removed_at), never deleted."""

    __tablename__ = "documents"
    __table_args__ = (one_of("kind", DocumentKind), CheckConstraint(_ONE_OWNER, name="one_owner"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # None: public. Otherwise exempt from public access (unntatt offentlighet), with the legal basis
    # ("offentleglova § 13"): it never reaches a viewer.
    exempt_basis: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )

    __mapper_args__ = {"version_id_col": version}


class DocumentVersion(Base):
    """One version of a document's file: its bytes (kept in the database, so backups carry them),
    sha256, size, the content type read from the bytes, and who stored it when."""

    __tablename__ = "document_versions"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("size >= 0", name="size"),
        CheckConstraint("number > 0", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated: Mapped[bool] = mapped_column(Boolean, default=False)  # made by the app (innkalling, protokoll)

    document: Mapped[Document] = relationship(back_populates="versions")


# --- Input, advice, decisions -----------------------------------------------------------------

_SUBJECT_CONSISTENT = (
    "(subject_type = 'project' AND project_id IS NOT NULL AND case_id IS NULL AND meeting_id IS NULL)"
    " OR (subject_type = 'case' AND case_id IS NOT NULL AND project_id IS NULL AND meeting_id IS NULL)"
    " OR (subject_type = 'meeting' AND meeting_id IS NOT NULL AND project_id IS NULL AND case_id IS NULL)"
    " OR (subject_type = 'policy' AND policy_topic IS NOT NULL"
    " AND project_id IS NULL AND case_id IS NULL AND meeting_id IS NULL)"
)


class SubjectMixin:
    """What an input or advice is about: a project, a case, a meeting or a policy matter."""

    subject_type: Mapped[str] = mapped_column(String(8))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    policy_topic: Mapped[str | None] = mapped_column(String(300))


class Input(SubjectMixin, BasisMixin, Base):
    """A member's contribution (innspill), on behalf of a unit; editable until its advice is decided."""

    __tablename__ = "inputs"
    __table_args__ = (
        one_of("subject_type", SubjectType),
        CheckConstraint(_SUBJECT_CONSISTENT, name="subject_consistent"),
        basis_check(),
        Index("ix_inputs_body_created", "body_id", "created_at"),
        Index("ix_inputs_author_created", "author_person_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    author_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # The secretariat registered it on behalf of its unit (a letter from a municipality, say): it
    # counts for the unit although the author does not represent it. Otherwise input counts for a
    # unit only if the author represented that unit in the group on the day it was given.
    registered_by_secretariat: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[Person] = relationship()
    unit: Mapped[Unit | None] = relationship()
    body: Mapped[Body] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Advice(SubjectMixin, BasisMixin, Base):
    """The group's recommendation (råd) to the director: draft -> submitted -> decided, or withdrawn."""

    __tablename__ = "advice"
    __table_args__ = (
        one_of("subject_type", SubjectType),
        one_of("state", AdviceState),
        CheckConstraint(_SUBJECT_CONSISTENT, name="subject_consistent"),
        CheckConstraint("state <> 'submitted' OR submitted_at IS NOT NULL", name="submitted_has_time"),
        basis_check(),
        Index("ix_advice_state_submitted", "state", "submitted_at"),
        Index("ix_advice_state_target", "state", "target_date"),
        Index("ix_advice_body_state", "body_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    title: Mapped[str] = mapped_column(String(300))
    recommendation: Mapped[str] = mapped_column(Text)
    target_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(10), default=AdviceState.DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    body: Mapped[Body] = relationship()
    inputs: Mapped[list[Input]] = relationship(secondary="advice_inputs")
    points: Mapped[list[StrategyPoint]] = relationship(secondary="advice_points")
    decisions: Mapped[list[Decision]] = relationship(back_populates="advice", order_by="Decision.decided_at")

    __mapper_args__ = {"version_id_col": version}


class AdviceInput(Base):
    __tablename__ = "advice_inputs"

    advice_id: Mapped[int] = mapped_column(ForeignKey("advice.id"), primary_key=True)
    input_id: Mapped[int] = mapped_column(ForeignKey("inputs.id"), primary_key=True, index=True)


class AdvicePoint(Base):
    """The strategy points an advice serves, so the director can filter by strategic area."""

    __tablename__ = "advice_points"

    advice_id: Mapped[int] = mapped_column(ForeignKey("advice.id"), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("strategy_points.id"), primary_key=True, index=True)


class Decision(BasisMixin, Base):
    """The director's outcome on advice. Reopening adds a new row; the old one stays, marked."""

    __tablename__ = "decisions"
    __table_args__ = (
        one_of("outcome", Outcome),
        basis_check(),
        Index("ix_decisions_advice_at", "advice_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(ForeignKey("advice.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str | None] = mapped_column(Text)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reopened_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    advice: Mapped[Advice] = relationship(back_populates="decisions")


# --- Users and audit --------------------------------------------------------------------------


class User(Base):
    """A login. Users live in the database, never in a YAML file."""

    __tablename__ = "users"
    __table_args__ = (
        one_of("language", Language),
        one_of("digest_frequency", DigestFrequency),
        Index("uq_users_feed_token_hash", "feed_token_hash", unique=True),
        CheckConstraint("failed_logins >= 0", name="failed_logins_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    # Failed or throttled login attempts at this username since its last successful login (the user
    # is told at the next one), and until when attempts at it must wait (the login throttle).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Every login token carries the epoch it was issued under; raising it (logout, a new password,
    # disable, enable, new roles) ends every open login of the user at once.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    language: Mapped[str] = mapped_column(String(2), default=Language.NB)
    # The digest by e-mail: daily, weekly or none (the user's choice; the opt-out link sets none).
    digest_frequency: Mapped[str] = mapped_column(String(8), default=DigestFrequency.WEEKLY)
    # The calendar feeds' token, kept as its SHA-256 only; renewing it replaces it (the old one stops).
    feed_token_hash: Mapped[str | None] = mapped_column(String(64))
    feed_token_issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    person: Mapped[Person | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (one_of("role", Role),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class AuditEvent(Base):
    """Who did what to which record, with before/after. Append-only (database triggers; on PostgreSQL
    also the app role's grants) and hash-chained: `hash` covers the event and `prev_hash`, the hash of
    the event before it (osloreg.audit.chain sets id, at and both hashes as the event is flushed)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity", "entity_id"),
        Index("ix_audit_events_actor_at", "actor_user_id", "at"),
        # The admin's trail filters by kind of record or by action and shows the newest first.
        Index("ix_audit_events_entity_at", "entity", "at"),
        Index("ix_audit_events_action_at", "action", "at"),
        # One successor per event: two writers that both read the same head cannot fork the chain.
        UniqueConstraint("prev_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now(), index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LoginThrottle(Base):
    """The login throttle's counts: failed and refused attempts per client, account name or known
    client of an account, one row per key per window; and (kind 'known') when an account last
    logged in from a client. Old rows are pruned as new ones come."""

    __tablename__ = "login_throttle"
    __table_args__ = (
        UniqueConstraint("kind", "key", "window_start"),
        CheckConstraint("kind IN ('account', 'client', 'pair', 'known')", name="kind"),
        CheckConstraint("failures >= 0 AND refused >= 0 AND reported >= 0", name="counts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(160))
    window_start: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    # The highest audit threshold already reported for this window (so each is reported once).
    reported: Mapped[int] = mapped_column(Integer, default=0)
    # The last failure in the window; for kind 'known', the last successful login.
    last_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RevokedLogin(Base):
    """A login cookie ended by logout: refused on every later run until it would have expired."""

    __tablename__ = "revoked_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class DataVersion(Base):
    """A counter per area of the data, raised in the transaction of every audited write that changes
    the area (osloreg.data_versions); the row `generation` holds a random number drawn anew when a
    database is created or restored. Cached reads are keyed by them, so they are never stale."""

    __tablename__ = "data_versions"

    area: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


# Every audit event joins the hash chain as it is flushed, whoever adds it.
audit_chain.install(AuditEvent)


class DigestDelivery(Base):
    """One user's digest of one window (a day, or an ISO week): claimed by the run that sends it, so
    a second run in the same window (or one after a crash) sends it at most once more, never twice."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (
        one_of("frequency", DigestFrequency),
        one_of("status", DeliveryStatus),
        UniqueConstraint("user_id", "frequency", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    frequency: Mapped[str] = mapped_column(String(8))
    period: Mapped[str] = mapped_column(String(10))  # 2026-12-04 (daily) or 2026-W49 (weekly)
    status: Mapped[str] = mapped_column(String(8))
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str] = mapped_column(String(200))  # the same on a retry: a client sees one mail
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str | None] = mapped_column(Text)


class Invitation(Base):
    """The calendar invitation of one user to one version of a meeting (METHOD:REQUEST), or its
    cancellation (METHOD:CANCEL): queued by the service that calls, moves or cancels the meeting, in
    its transaction; sent by `python -m osloreg invitations send`."""

    __tablename__ = "invitations"
    __table_args__ = (
        one_of("method", InvitationMethod),
        one_of("status", DeliveryStatus),
        UniqueConstraint("meeting_id", "user_id", "sequence", "method"),
        Index("ix_invitations_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    method: Mapped[str] = mapped_column(String(8))
    sequence: Mapped[int] = mapped_column(Integer)  # the meeting's version when it was queued
    status: Mapped[str] = mapped_column(String(8), default=DeliveryStatus.SENDING)
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class UsedLink(Base):
    """A signed one-time link (forfall from an invitation) that has been used: a second use is refused.
    Keyed by the link's id (its jti), never the link itself."""

    __tablename__ = "used_links"

    link_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SearchDocument(Base):
    """One searchable record (osloreg.search.index keeps it in step, in the writer's transaction): the
    title and text shown, their Norwegian stems that the full-text index holds (an FTS5 table on
    SQLite, a tsvector column on PostgreSQL, both made by migration 0019), where a hit links to, and
    for draft advice its group (only the group and the secretariat find a draft)."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    entity_id: Mapped[int] = mapped_column(Integer)
    # Small columns first, long texts last (see migration 0019).
    draft_body_id: Mapped[int | None] = mapped_column(Integer)
    link_page: Mapped[str] = mapped_column(String(20))
    link_key: Mapped[str | None] = mapped_column(String(12))
    link_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    title_plain: Mapped[str] = mapped_column(Text)  # the title's words as typed, lowercased
    title_words: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    text_words: Mapped[str] = mapped_column(Text)


class SearchNameWord(Base):
    """Every word of a person's or a unit's name, once (osloreg.search.index adds them as names are
    indexed): the name search compares the words typed with these, a few hundred however many people
    there are. A word no name holds any longer stays; it only finds nothing."""

    __tablename__ = "search_name_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)


class SsoIdentity(Base):
    """An identity at an OpenID provider linked to a user (issue 20): Entra ID by its object id (not
    secret, kept as is), ID-porten by an HMAC of the national identity number (never the number)."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    provider: Mapped[str] = mapped_column(String(32))  # the name under [auth.<name>]
    subject: Mapped[str] = mapped_column(String(128))  # Entra: the oid; ID-porten: the pid's HMAC
    email: Mapped[str | None] = mapped_column(String(254))  # the address it was linked by, if any
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    linked_by: Mapped[str] = mapped_column(String(64))  # the admin's username, or "e-mail" (first login)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SsoNonce(Base):
    """A provider's login (its ID token's nonce, as a SHA-256 of provider and nonce) the app has seen:
    an identity is accepted once, so a replayed or stolen identity cookie logs no one in. The outcome
    says what the first look decided, so a reload of a refused identity repeats the same words."""

    __tablename__ = "sso_nonces"

    nonce_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(40))  # "ok" or the refusal's catalogue key
    used_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ObjectChange(Base):
    """One published object (an OParl object: kind "meeting", "paper", "file", ...) that an audit
    event changed: an object's `modified`, and the API's `modified_since`, are read from the audit
    trail through these rows (services.base.audit() writes them with the event, as
    rules.oparl.changed_objects says)."""

    __tablename__ = "object_changes"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "audit_event_id"),
        Index("ix_object_changes_event_kind", "audit_event_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column(Integer)
    audit_event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"))

    # So that audit() adds the rows with their event before the event has its id.
    event: Mapped[AuditEvent] = relationship()


class ApiToken(Base):
    """A token for internal use of the read API (issue 21): with it the API shows what a viewer
    sees, not only what is public. Kept as its SHA-256 (it is 256 random bits); revoked, never deleted."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # what it is for ("Intranett", "Statistikk")
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
