"""Cases (saker): register them with their planned path through the bodies, edit them, plan and
remove steps. Every write keeps the case's stored standing in step (services.case_standing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osloreg.enums import Basis, CaseLinkKind, ConsultationRole, MeetingStatus
from osloreg.models import AgendaItem, Body, Case, CaseLink, Consultation, Meeting, Person, utcnow
from osloreg.rules import cases as rules
from osloreg.rules.permissions import Action
from osloreg.rules.validation import TEXT_MAX, TITLE_MAX, clean_text
from osloreg.services import case_numbers, case_standing, meeting_steps
from osloreg.services.base import (
    Actor,
    ValidationFailed,
    audit,
    check_unchanged,
    load_for_update,
    service,
    snapshot,
)
from osloreg.snapshots import case_state

ENTITY = "case"


def _date(value: dt.date | None, field: str) -> dt.date | None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationFailed("error.date_invalid", field=field)
    return value


def _officer(session: Session, person_id: int | None) -> int | None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise ValidationFailed("error.person_missing", id=person_id)
    return person_id


def path_state(session: Session, case_id: int) -> list[dict[str, Any]]:
    return [
        snapshot(step)
        for step in session.scalars(
            select(Consultation).where(Consultation.case_id == case_id).order_by(Consultation.sequence)
        )
    ]


def _step(
    session: Session,
    case: Case,
    *,
    sequence: int,
    body_id: int,
    role: str,
    authoritative: bool,
    planned_on: dt.date | None,
    meeting_id: int | None = None,
) -> Consultation:
    """A planned treatment of the case by a body, checked."""
    if session.get(Body, body_id) is None:
        raise ValidationFailed("error.body_missing", id=body_id)
    if role not in set(ConsultationRole):
        raise ValidationFailed("error.consultation_role", role=str(role))
    step = Consultation(
        case_id=case.id,
        sequence=sequence,
        body_id=body_id,
        role=role,
        authoritative=bool(authoritative),
        planned_on=_date(planned_on, "planned_on"),
        meeting_id=meeting_id,
        basis=Basis.SOURCED,
    )
    session.add(step)
    return step


def next_sequence(session: Session, case_id: int) -> int:
    return (
        session.scalar(select(func.max(Consultation.sequence)).where(Consultation.case_id == case_id)) or 0
    ) + 1


def _check_one_deciding(session: Session, case_id: int) -> None:
    """At most one deciding treatment still to come: the path has one place where it is decided."""
    session.flush()
    pending = session.scalar(
        select(func.count())
        .select_from(Consultation)
        .where(
            Consultation.case_id == case_id,
            Consultation.authoritative.is_(True),
            Consultation.treated_on.is_(None),
        )
    )
    if pending > 1:
        raise ValidationFailed("error.case_two_deciding")


def add_step(
    session: Session,
    case: Case,
    *,
    body_id: int,
    role: str = ConsultationRole.PREPARATION,
    authoritative: bool = False,
    planned_on: dt.date | None = None,
    meeting_id: int | None = None,
) -> Consultation:
    """A new step at the end of the case's path (for the meeting services too)."""
    step = _step(
        session,
        case,
        sequence=next_sequence(session, case.id),
        body_id=body_id,
        role=role,
        authoritative=authoritative,
        planned_on=planned_on,
        meeting_id=meeting_id,
    )
    _check_one_deciding(session, case.id)
    return step


def number_taken(session: Session, year: int, number: int) -> bool:
    """A registration number (the case's own, not a body's case number) already given."""
    return session.scalar(select(Case.id).where(Case.reg_year == year, Case.reg_number == number)) is not None


def next_free_number(session: Session, year: int) -> int:
    """The next registration number of the year."""
    highest = session.scalar(select(func.max(Case.reg_number)).where(Case.reg_year == year))
    return rules.next_number([highest] if highest else [])


@service(Action.MANAGE_WORK)
def register_case(
    session: Session,
    *,
    actor: Actor,
    year: int,
    number: int | None = None,
    title: str,
    officer_person_id: int | None = None,
    proposed_decision: str | None = None,
    path: Sequence[Mapping[str, Any]] = (),
) -> Case:
    """A new case, registered once with the registration number year/serial (the next free one of the
    year unless one is given), with its planned path: each step a mapping of body_id, role,
    authoritative (the deciding body) and planned_on. Its case numbers NN/YY come from the bodies
    whose agendas it is put on (services.case_numbers)."""
    rules.check_number(1 if number is None else number, year)  # the year first: a number is per year
    chosen = number
    if number is None:
        number = next_free_number(session, year)
    number, year = rules.check_number(number, year)
    if chosen is not None and number_taken(session, year, number):
        free = next_free_number(session, year)
        raise ValidationFailed("error.registration_taken", label=f"{year}/{number}", next=f"{year}/{free}")
    case = Case(
        reg_year=year,
        reg_number=number,
        title=clean_text(title, field_name="title", max_length=TITLE_MAX),
        officer_person_id=_officer(session, officer_person_id),
        proposed_decision=clean_text(
            proposed_decision, field_name="proposed_decision", max_length=TEXT_MAX, required=False
        ),
        created_at=utcnow(),
        basis=Basis.SOURCED,
    )
    for _ in range(case_numbers.TAKE_ATTEMPTS):
        try:
            with session.begin_nested():
                session.add(case)
                session.flush()
            break
        except IntegrityError:
            # Someone registered a case at the same moment: their serial stands, take the next.
            if chosen is not None:
                raise ValidationFailed(
                    "error.registration_taken", label=f"{year}/{number}", next=f"{year}/{number + 1}"
                ) from None
            case.reg_number = next_free_number(session, year)
    for sequence, step in enumerate(path, start=1):
        _step(
            session,
            case,
            sequence=sequence,
            body_id=step["body_id"],
            role=step.get("role", ConsultationRole.PREPARATION),
            authoritative=step.get("authoritative", False),
            planned_on=step.get("planned_on"),
        )
    _check_one_deciding(session, case.id)
    case_standing.refresh(session, [case.id])
    audit(
        session,
        actor,
        action="case.register",
        entity=ENTITY,
        entity_id=case.id,
        after={**case_state(case), "path": path_state(session, case.id)},
    )
    return case


def _keep_vedtak_in_step(session: Session, case_id: int, text: str | None) -> None:
    """The final decision is the vedtaksorgan's vedtak: a corrected final decision corrects the text
    of the deciding treatment that gave it (the latest one with a closing result)."""
    deciding = session.scalars(
        select(Consultation)
        .where(
            Consultation.case_id == case_id,
            Consultation.authoritative.is_(True),
            Consultation.result.in_(rules.CLOSING_RESULTS),
        )
        .order_by(Consultation.sequence.desc())
        .with_for_update()
    ).first()
    if deciding is not None:
        deciding.result_text = text


@service(Action.MANAGE_WORK)
def update_case(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    expected: Mapping[str, Any] | None,
    title: str,
    officer_person_id: int | None = None,
    proposed_decision: str | None = None,
    final_decision: str | None = None,
) -> Case:
    """Replace the case's title, officer, proposed and final decision (the whole form); refused if
    someone changed them since `expected` was read."""
    case: Case = load_for_update(session, Case, case_id)
    before = case_state(case)
    check_unchanged(before, expected, "cases")
    values = {
        "title": clean_text(title, field_name="title", max_length=TITLE_MAX),
        "officer_person_id": _officer(session, officer_person_id),
        "proposed_decision": clean_text(
            proposed_decision, field_name="proposed_decision", max_length=TEXT_MAX, required=False
        ),
        "final_decision": clean_text(
            final_decision, field_name="final_decision", max_length=TEXT_MAX, required=False
        ),
    }
    if all(getattr(case, name) == value for name, value in values.items()):
        raise ValidationFailed("error.nothing_changed")
    if values["final_decision"] != case.final_decision:
        _keep_vedtak_in_step(session, case.id, values["final_decision"])
    for name, value in values.items():
        setattr(case, name, value)
    session.flush()
    audit(
        session,
        actor,
        action="case.update",
        entity=ENTITY,
        entity_id=case.id,
        before=before,
        after=case_state(case),
    )
    # On the saksliste of a meeting already innkalt: a changed title, saksansvarlig or innstilling
    # makes the innkalling's next version (meeting_steps compares it with the version sent).
    for item in session.scalars(
        select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id == case.id, Meeting.status == MeetingStatus.CALLED)
        .order_by(AgendaItem.id)
    ):
        meeting_steps.after_agenda_change(
            session, actor, item.meeting, "case_changed", item=meeting_steps.item_label(session, item)
        )
    return case


@service(Action.MANAGE_WORK)
def plan_step(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    body_id: int,
    role: str = ConsultationRole.PREPARATION,
    authoritative: bool = False,
    planned_on: dt.date | None = None,
) -> Consultation:
    """Add a treatment to the end of the case's path (a returned case gets its new plan this way)."""
    case: Case = load_for_update(session, Case, case_id)
    step = add_step(
        session, case, body_id=body_id, role=role, authoritative=authoritative, planned_on=planned_on
    )
    session.flush()
    case_standing.refresh(session, [case.id])
    audit(
        session,
        actor,
        action="case.plan_step",
        entity=ENTITY,
        entity_id=case.id,
        after={"step": snapshot(step)},
    )
    return step


@service(Action.MANAGE_WORK)
def remove_step(
    session: Session, *, actor: Actor, consultation_id: int, expected: Mapping[str, Any] | None
) -> int:
    """Take a planned step off the path (one planned by mistake); a treated step is the record and
    stays, and a step on a meeting's agenda is taken off the agenda first."""
    step: Consultation = load_for_update(session, Consultation, consultation_id)
    load_for_update(session, Case, step.case_id)
    before = snapshot(step)
    check_unchanged(before, expected, "consultations")
    if step.treated_on is not None or step.result is not None:
        raise ValidationFailed("error.step_treated")
    if step.meeting_id is not None and session.scalar(
        select(AgendaItem.id).where(
            AgendaItem.meeting_id == step.meeting_id, AgendaItem.case_id == step.case_id
        )
    ):
        raise ValidationFailed("error.step_on_agenda")
    case_id = step.case_id
    session.delete(step)
    session.flush()
    case_standing.refresh(session, [case_id])
    audit(
        session, actor, action="case.remove_step", entity=ENTITY, entity_id=case_id, before={"step": before}
    )
    return case_id


@service(Action.MANAGE_WORK)
def link_cases(
    session: Session,
    *,
    actor: Actor,
    from_case_id: int,
    to_case_id: int,
    kind: str,
    condition: str | None = None,
    basis: str = Basis.SOURCED,
    source: str | None = None,
) -> CaseLink:
    """Record that one case refers to another (48/20 builds on 33/20; requires the vedtak in 5/20,
    "med forbehold om representantskapets vedtak"), with the condition quoted."""
    load_for_update(session, Case, from_case_id)
    load_for_update(session, Case, to_case_id)
    if from_case_id == to_case_id:
        raise ValidationFailed("error.case_link_self")
    if kind not in set(CaseLinkKind):
        raise ValidationFailed("error.case_link_kind", kind=str(kind))
    if basis not in set(Basis):
        raise ValidationFailed("error.case_link_basis", basis=str(basis))
    if session.scalar(
        select(CaseLink.id).where(
            CaseLink.from_case_id == from_case_id, CaseLink.to_case_id == to_case_id, CaseLink.kind == kind
        )
    ):
        raise ValidationFailed("error.case_link_exists")
    link = CaseLink(
        from_case_id=from_case_id,
        to_case_id=to_case_id,
        kind=kind,
        condition=clean_text(condition, field_name="condition", max_length=TEXT_MAX, required=False),
        basis=basis,
        source=clean_text(source, field_name="source", max_length=TEXT_MAX, required=False),
    )
    session.add(link)
    session.flush()
    audit(
        session,
        actor,
        action="case.link",
        entity=ENTITY,
        entity_id=from_case_id,
        after={"link": snapshot(link)},
    )
    return link
