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
    # A varamedlem: meets only when called in for a member with forfall (or inhabil), in the order
    # of `substitute_order` among the vara of the same unit, or as one member's personal vara.
    SUBSTITUTE = "substitute"


class QuorumRule(StrEnum):
    """When a body may make a vedtak (vedtaksførhet)."""

    NONE = "none"  # no rule recorded: an administrative group gives advice, it makes no vedtak
    # Kommuneloven § 11-9: at least half of the members present and voting, in a folkevalgt organ.
    HALF_MEMBERS = "half_members"


class CallAnswer(StrEnum):
    """A vara's answer when called in for a meeting."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class DisqualificationStatus(StrEnum):
    """Inhabil in one sak: declared by the member (not yet decided), or decided by the body
    (forvaltningsloven § 8 andre ledd). Either way the member leaves the item."""

    DECLARED = "declared"
    DECIDED = "decided"


class DisqualificationGround(StrEnum):
    """The legal basis for inhabilitet (kommuneloven § 11-10 and forvaltningsloven § 6)."""

    FVL_6_1_A = "fvl_6_1_a"  # is a party to the case
    FVL_6_1_B = "fvl_6_1_b"  # related by blood or marriage to a party
    FVL_6_1_C = "fvl_6_1_c"  # married, engaged or cohabiting with a party
    FVL_6_1_D = "fvl_6_1_d"  # guardian or attorney of a party
    FVL_6_1_E = "fvl_6_1_e"  # leads or sits on the board of a company or body that is a party
    FVL_6_2 = "fvl_6_2"  # other particular circumstances that weaken confidence in impartiality
    KOML_11_10_2 = "koml_11_10_2"  # earlier part in the matter as employee or for another body


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


class DigestFrequency(StrEnum):
    """How often a user gets the digest by e-mail (issue 18): a daily one, a weekly one, or none."""

    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryStatus(StrEnum):
    """Where one mail stands: claimed by a run and being sent, accepted by the relay, refused by it
    (tried again by the next run), or closed unsent (superseded by a newer one, or no longer
    deliverable: the reason is kept with it)."""

    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DROPPED = "dropped"


class InvitationMethod(StrEnum):
    """iTIP's method of an invitation (RFC 5546): a new or changed meeting, or a cancelled one."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]
