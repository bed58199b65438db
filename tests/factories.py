"""Small factories that insert rows with sensible defaults, for tests that need a few of them.

Each takes the session first and keyword-only fields; anything left out gets a plausible value.
Related rows may be passed as objects or ids; a missing parent is made on the fly. The factories
flush (so ids exist) but do not commit: a test that reads through another connection (AppTest)
commits itself."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import (
    AdviceState,
    Basis,
    BodyKind,
    CheckpointKind,
    ConsultationRole,
    CoverageRule,
    MeetingStatus,
    MembershipRole,
    Outcome,
    ProjectStatus,
    SubjectType,
    UnitKind,
)
from osloreg.models import (
    Advice,
    AgendaItem,
    Body,
    Case,
    CaseNumber,
    Consultation,
    Decision,
    Input,
    Meeting,
    Membership,
    Person,
    Project,
    ProjectCheckpoint,
    SubRegionMember,
    Unit,
)
from osloreg.services import case_standing

_counter = itertools.count(1)
Ref = Any  # a model object or its id


def _n() -> int:
    return next(_counter)


def _id(value: Ref) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return value.id


def _save(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on a day, at a whole hour."""
    return dt.datetime.combine(day, dt.time(hour))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- Units, bodies, people ----------------------------------------------------------------------


def make_unit(
    session: Session,
    *,
    kind: str = UnitKind.MUNICIPALITY,
    name: str | None = None,
    county_level: bool = False,
    is_member: bool = True,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    basis: str = Basis.ILLUSTRATIVE,
    **extra: Any,
) -> Unit:
    return _save(
        session,
        Unit(
            kind=kind,
            name=name or f"{kind} {_n()}",
            county_level=county_level,
            is_member=is_member,
            valid_from=valid_from,
            valid_to=valid_to,
            basis=basis,
            **extra,
        ),
    )


def make_sub_region_member(
    session: Session,
    *,
    sub_region: Ref,
    municipality: Ref,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> SubRegionMember:
    return _save(
        session,
        SubRegionMember(
            sub_region_id=_id(sub_region),
            municipality_id=_id(municipality),
            valid_from=valid_from,
            valid_to=valid_to,
            basis=Basis.ILLUSTRATIVE,
        ),
    )


def make_body(
    session: Session,
    *,
    name: str | None = None,
    kind: str = BodyKind.EXPERT_GROUP,
    coverage_rule: str | None = None,
    max_members: int | None = None,
    founded_on: dt.date | None = None,
    dissolved_on: dt.date | None = None,
    basis: str = Basis.ILLUSTRATIVE,
    **extra: Any,
) -> Body:
    if coverage_rule is None:
        coverage_rule = (
            CoverageRule.SUB_REGIONS_COUNTIES_OSLO if kind == BodyKind.EXPERT_GROUP else CoverageRule.NONE
        )
    return _save(
        session,
        Body(
            name=name or f"Faggruppe {_n()}",
            kind=kind,
            coverage_rule=coverage_rule,
            max_members=max_members,
            founded_on=founded_on,
            dissolved_on=dissolved_on,
            basis=basis,
            **extra,
        ),
    )


def make_person(session: Session, *, name: str | None = None, basis: str = Basis.ILLUSTRATIVE, **extra: Any):
    return _save(session, Person(name=name or f"Person {_n()}", basis=basis, **extra))


def make_membership(
    session: Session,
    *,
    person: Ref = None,
    body: Ref = None,
    role: str = MembershipRole.MEMBER,
    represents: Ref = None,
    start_on: dt.date = dt.date(2020, 1, 1),
    end_on: dt.date | None = None,
    basis: str = Basis.ILLUSTRATIVE,
    appointed_by: Ref = None,
) -> Membership:
    return _save(
        session,
        Membership(
            person_id=_id(person) or make_person(session).id,
            body_id=_id(body) or make_body(session).id,
            role=role,
            represents_unit_id=_id(represents),
            appointed_by_unit_id=_id(appointed_by),
            start_on=start_on,
            end_on=end_on,
            basis=basis,
        ),
    )


# --- Projects -----------------------------------------------------------------------------------


def make_project(
    session: Session,
    *,
    title: str | None = None,
    status: str = ProjectStatus.ONGOING,
    body: Ref = None,
    owner: Ref = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    checkpoints: tuple[str, ...] = (),
    basis: str = Basis.ILLUSTRATIVE,
    **extra: Any,
) -> Project:
    """A project; `checkpoints` names the reference group's checkpoints it has passed (dated today)."""
    project = _save(
        session,
        Project(
            title=title or f"Prosjekt {_n()}",
            status=status,
            body_id=_id(body),
            owner_person_id=_id(owner),
            start_on=start_on,
            end_on=end_on,
            basis=basis,
            **extra,
        ),
    )
    for kind in checkpoints:
        make_checkpoint(session, project=project, kind=kind)
    return project


def make_checkpoint(
    session: Session,
    *,
    project: Ref,
    kind: str = CheckpointKind.INFORMED,
    on_date: dt.date | None = None,
    meeting: Ref = None,
    advice: Ref = None,
) -> ProjectCheckpoint:
    return _save(
        session,
        ProjectCheckpoint(
            project_id=_id(project),
            kind=kind,
            on_date=on_date or clock.oslo_today(),
            meeting_id=_id(meeting),
            advice_id=_id(advice),
        ),
    )


# --- Cases and meetings -------------------------------------------------------------------------


def make_case(
    session: Session,
    *,
    year: int | None = None,
    number: int | None = None,
    title: str | None = None,
    created_at: dt.datetime | None = None,
    officer: Ref = None,
    basis: str = Basis.ILLUSTRATIVE,
    numbered_by: Ref = None,
    **extra: Any,
) -> Case:
    """A case registered in `year`; given a `number`, it holds number/year in the series of the body
    `numbered_by` (a new body unless given), as if that body had put it on its agenda."""
    n = _n()
    year = year or clock.oslo_today().year
    case = _save(
        session,
        Case(
            reg_year=year,
            reg_number=n,
            title=title or f"Sak {n}",
            created_at=created_at or now(),
            officer_person_id=_id(officer),
            basis=basis,
            **extra,
        ),
    )
    if number is not None:
        make_case_number(session, case=case, body=numbered_by or make_body(session), year=year, number=number)
    case_standing.refresh(session, [case.id])
    return case


def make_case_number(session: Session, *, case: Ref, body: Ref, year: int, number: int) -> CaseNumber:
    return _save(session, CaseNumber(case_id=_id(case), body_id=_id(body), year=year, number=number))


def make_meeting(
    session: Session,
    *,
    body: Ref = None,
    starts_at: dt.datetime | None = None,
    status: str = MeetingStatus.PLANNED,
    title: str | None = None,
    place: str | None = None,
    basis: str = Basis.ILLUSTRATIVE,
) -> Meeting:
    starts_at = starts_at or dt.datetime.combine(clock.oslo_today() + dt.timedelta(days=7), dt.time(10))
    return _save(
        session,
        Meeting(
            body_id=_id(body) or make_body(session).id,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            status=status,
            title=title,
            place=place,
            basis=basis,
        ),
    )


def make_agenda_item(
    session: Session,
    *,
    meeting: Ref,
    case: Ref = None,
    heading: str | None = None,
    position: int | None = None,
) -> AgendaItem:
    meeting_id = _id(meeting)
    if position is None:
        taken = session.query(AgendaItem.position).filter(AgendaItem.meeting_id == meeting_id).all()
        position = max((row[0] for row in taken), default=0) + 1
    if case is None and heading is None:
        heading = "Eventuelt"
    return _save(
        session, AgendaItem(meeting_id=meeting_id, case_id=_id(case), heading=heading, position=position)
    )


def make_consultation(
    session: Session,
    *,
    case: Ref = None,
    body: Ref = None,
    sequence: int | None = None,
    meeting: Ref = None,
    role: str = ConsultationRole.PREPARATION,
    authoritative: bool = False,
    planned_on: dt.date | None = None,
    treated_on: dt.date | None = None,
    result: str | None = None,
    basis: str = Basis.ILLUSTRATIVE,
) -> Consultation:
    """A treatment of a case; planned unless `treated_on` is given. `sequence` follows the last one."""
    case_id = _id(case) or make_case(session).id
    if sequence is None:
        taken = session.query(Consultation.sequence).filter(Consultation.case_id == case_id).all()
        sequence = max((row[0] for row in taken), default=0) + 1
    consultation = _save(
        session,
        Consultation(
            case_id=case_id,
            sequence=sequence,
            body_id=_id(body) or make_body(session).id,
            meeting_id=_id(meeting),
            role=role,
            authoritative=authoritative,
            planned_on=planned_on or treated_on,
            treated_on=treated_on,
            result=result,
            basis=basis,
        ),
    )
    case_standing.refresh(session, [case_id])  # as the services do after every consultation change
    return consultation


# --- Input, advice, decisions -------------------------------------------------------------------


def _subject(subject: Any) -> dict[str, Any]:
    """A Project, Case or Meeting object, or a policy topic (a string)."""
    if isinstance(subject, Project):
        return {"subject_type": SubjectType.PROJECT, "project_id": subject.id}
    if isinstance(subject, Case):
        return {"subject_type": SubjectType.CASE, "case_id": subject.id}
    if isinstance(subject, Meeting):
        return {"subject_type": SubjectType.MEETING, "meeting_id": subject.id}
    return {"subject_type": SubjectType.POLICY, "policy_topic": subject or "Næringspolitikk"}


def make_input(
    session: Session,
    *,
    body: Ref = None,
    author: Ref = None,
    unit: Ref = None,
    subject: Any = None,
    text: str | None = None,
    created_at: dt.datetime | None = None,
    withdrawn_at: dt.datetime | None = None,
    basis: str = Basis.ILLUSTRATIVE,
    by_secretariat: bool = False,
) -> Input:
    created_at = created_at or now()
    return _save(
        session,
        Input(
            body_id=_id(body) or make_body(session).id,
            author_person_id=_id(author) or make_person(session).id,
            unit_id=_id(unit),
            registered_by_secretariat=by_secretariat,
            text=text or f"Innspill {_n()}",
            created_at=created_at,
            updated_at=created_at,
            withdrawn_at=withdrawn_at,
            basis=basis,
            **_subject(subject),
        ),
    )


def make_advice(
    session: Session,
    *,
    body: Ref = None,
    state: str = AdviceState.DRAFT,
    title: str | None = None,
    target_date: dt.date | None = None,
    submitted_at: dt.datetime | None = None,
    created_at: dt.datetime | None = None,
    subject: Any = None,
    recommendation: str = "Faggruppen anbefaler å gå videre med saken.",
    basis: str = Basis.ILLUSTRATIVE,
) -> Advice:
    """Advice in `state`; submitted (or later) advice gets a submitted time a day ago unless given."""
    if submitted_at is None and state != AdviceState.DRAFT:
        submitted_at = now() - dt.timedelta(days=1)
    created_at = created_at or (submitted_at or now()) - dt.timedelta(days=1)
    return _save(
        session,
        Advice(
            body_id=_id(body) or make_body(session).id,
            title=title or f"Råd {_n()}",
            recommendation=recommendation,
            target_date=target_date,
            state=state,
            created_at=created_at,
            submitted_at=submitted_at,
            basis=basis,
            **_subject(subject),
        ),
    )


def make_decision(
    session: Session,
    *,
    advice: Ref = None,
    outcome: str = Outcome.FOLLOWED,
    rationale: str | None = "I tråd med faggruppens råd.",
    decided_at: dt.datetime | None = None,
    follow_up_on: dt.date | None = None,
    basis: str = Basis.ILLUSTRATIVE,
) -> Decision:
    """The director's decision; the advice it decides is marked decided."""
    advice_row = advice if isinstance(advice, Advice) else None
    if advice_row is None:
        advice_row = (
            session.get(Advice, advice)
            if advice is not None
            else make_advice(session, state=AdviceState.SUBMITTED)
        )
    advice_row.state = AdviceState.DECIDED
    return _save(
        session,
        Decision(
            advice_id=advice_row.id,
            outcome=outcome,
            rationale=rationale,
            decided_at=decided_at or now(),
            follow_up_on=follow_up_on,
            basis=basis,
        ),
    )
