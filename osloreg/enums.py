"""Enumerations of the domain, shared by models, rules, services and the UI catalogue."""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    """How a fact in the data is known (see db/seed/osloregionen.yaml)."""

    SOURCED = "sourced"
    UNCERTAIN = "uncertain"
    ILLUSTRATIVE = "illustrative"


class UnitKind(StrEnum):
    MUNICIPALITY = "municipality"
    SUB_REGION = "sub_region"
    COUNTY = "county"


class MemberStatus(StrEnum):
    """A unit's membership of Osloregionen in a period: unknown is shown as unknown, never as missing."""

    MEMBER = "member"
    NOT_MEMBER = "not_member"
    UNKNOWN = "unknown"


class MemberForm(StrEnum):
    """The form of Osloregionen a membership period belongs to: the alliance (to 28.10.2020) or the IPR."""

    ALLIANCE = "alliance"
    IPR = "ipr"


class BodyKind(StrEnum):
    COUNCIL = "council"
    BOARD = "board"
    COMMITTEE = "committee"
    SECRETARIAT = "secretariat"
    COORDINATION_GROUP = "coordination_group"
    EXPERT_GROUP = "expert_group"


class CoverageRule(StrEnum):
    """Which units a body is expected to cover."""

    NONE = "none"
    SUB_REGIONS_COUNTIES_OSLO = "sub_regions_counties_oslo"
    SUB_REGIONS_OSLO = "sub_regions_oslo"


class MembershipRole(StrEnum):
    LEADER = "leader"
    DEPUTY = "deputy"
    MEMBER = "member"
    OBSERVER = "observer"
    SECRETARY = "secretary"


class ProjectStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    PAUSED = "paused"
    CANCELLED = "cancelled"


class CheckpointKind(StrEnum):
    """The reference group's three checkpoints on a project (mandate, case 48/20)."""

    INFORMED = "informed"
    INPUT_ROUND = "input_round"
    QUALITY_ASSURED = "quality_assured"


class ConsultationRole(StrEnum):
    PREPARATION = "preparation"
    HEARING = "hearing"
    RECOMMENDATION = "recommendation"  # innstilling to the deciding body
    DECISION = "decision"


class ConsultationResult(StrEnum):
    ENDORSED = "endorsed"
    ENDORSED_WITH_CHANGES = "endorsed_with_changes"
    RETURNED = "returned"
    POSTPONED = "postponed"
    NOTED = "noted"
    REJECTED = "rejected"  # a deciding body's "ikke vedtatt"


class CaseLinkKind(StrEnum):
    """How one case refers to another."""

    BUILDS_ON = "builds_on"  # bygger på
    REQUIRES = "requires"  # forutsetter vedtak i


class MeetingStatus(StrEnum):
    """A meeting's cycle: planlagt -> innkalt -> avholdt -> protokoll godkjent -> publisert; avlyst
    from any state (rules.meetings.TRANSITIONS)."""

    PLANNED = "planned"  # planlagt
    CALLED = "called"  # innkalt: the innkalling (møteinnkalling) is sent
    HELD = "held"  # avholdt
    APPROVED = "approved"  # protokoll godkjent
    PUBLISHED = "published"  # publisert
    CANCELLED = "cancelled"  # avlyst


class ProtocolApproval(StrEnum):
    """How a protokoll was approved: as an item of a later meeting, or signed by named members."""

    AT_MEETING = "meeting"
    SIGNERS = "signers"


class DocumentKind(StrEnum):
    """A meeting document's kind, after Noark 5's møtedokumenttype."""

    CASE_PAPER = "case_paper"  # saksframlegg
    ATTACHMENT = "attachment"  # vedlegg
    NOTICE = "notice"  # møteinnkalling
    MINUTES = "minutes"  # møteprotokoll


class SubjectType(StrEnum):
    """What an input or a piece of advice is about."""

    PROJECT = "project"
    CASE = "case"
    MEETING = "meeting"
    POLICY = "policy"


class AdviceState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    FOLLOWED = "followed"
    PARTLY_FOLLOWED = "partly_followed"
    NOT_FOLLOWED = "not_followed"
    NOTED = "noted"


class Role(StrEnum):
    """Roles of a user of the dashboard (not of a person in a body)."""

    ADMIN = "admin"
    DIRECTOR = "director"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    VIEWER = "viewer"


class Language(StrEnum):
    NB = "nb"
    EN = "en"


def values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]
