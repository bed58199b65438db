"""Members' input (innspill): log it, and let its author edit or withdraw it until it is locked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import Basis, MembershipRole, Role, SubjectType
from osloreg.models import Advice, AdviceInput, Body, Case, Input, Meeting, Membership, Project, Unit, utcnow
from osloreg.rules.advice import input_day, input_locked
from osloreg.rules.coverage import valid_on
from osloreg.rules.permissions import Action, may_edit_input, may_name_any_unit
from osloreg.rules.text import INPUT_TEXT_MAX, clean_link
from osloreg.rules.validation import TITLE_MAX, clean_text
from osloreg.services.base import (
    Actor,
    DomainError,
    PermissionDenied,
    ValidationFailed,
    audit,
    check_version,
    flush_or_conflict,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)

# Roles that act for the secretariat: they may give input to any group, without sitting in it.
SECRETARIAT_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR})
LEADING_ROLES = frozenset({MembershipRole.LEADER, MembershipRole.DEPUTY})
_SUBJECT_MODELS: dict[str, tuple[type, str]] = {
    SubjectType.PROJECT: (Project, "project_id"),
    SubjectType.CASE: (Case, "case_id"),
    SubjectType.MEETING: (Meeting, "meeting_id"),
}


def subject_columns(
    session: Session, subject_type: str, subject_id: int | None, policy_topic: str | None
) -> dict[str, Any]:
    """The subject columns of an input or advice, checked: the project, case or meeting exists, or
    the policy matter is named."""
    columns: dict[str, Any] = {
        "subject_type": subject_type,
        "project_id": None,
        "case_id": None,
        "meeting_id": None,
        "policy_topic": None,
    }
    if subject_type == SubjectType.POLICY:
        columns["policy_topic"] = clean_text(policy_topic, field_name="policy_topic", max_length=TITLE_MAX)
        return columns
    if subject_type not in _SUBJECT_MODELS:
        raise ValidationFailed("error.subject_type", subject_type=str(subject_type))
    model, column = _SUBJECT_MODELS[subject_type]
    if subject_id is None or session.get(model, subject_id) is None:
        raise ValidationFailed("error.subject_missing", subject_type=str(subject_type), id=subject_id)
    columns[column] = subject_id
    return columns


def represented_unit_ids(session: Session, person_id: int | None, body_id: int, on: dt.date) -> set[int]:
    """The units the person represents in the body on the day (by their memberships). A vara does
    not speak for the unit: the member does, and the vara only at a meeting they are called in to."""
    if person_id is None:
        return set()
    return set(
        session.scalars(
            select(Membership.represents_unit_id).where(
                Membership.person_id == person_id,
                Membership.body_id == body_id,
                Membership.represents_unit_id.is_not(None),
                Membership.role != MembershipRole.SUBSTITUTE,
                Membership.start_on <= on,
                (Membership.end_on.is_(None)) | (Membership.end_on >= on),
            )
        )
    )


def check_on_behalf(session: Session, actor: Actor, body: Body, unit_id: int | None, on: dt.date) -> bool:
    """Whether input of the actor's on behalf of the unit (None: of no unit) is registered by the
    secretariat. A member speaks only for a unit they represent in the group on the day; the
    secretariat's registrars (admin, coordinator) may name any unit valid that day, as when a
    municipality sends its input by letter. Anyone else is refused."""
    if unit_id is None:
        return False
    unit: Unit | None = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationFailed("error.unit_missing", id=unit_id)
    if unit_id in represented_unit_ids(session, actor.person_id, body.id, on):
        return False
    if not may_name_any_unit(actor.roles):
        raise PermissionDenied("error.unit_not_represented", unit=unit.name, body=body.name)
    if not valid_on(on, unit.valid_from, unit.valid_to):
        raise ValidationFailed("error.unit_not_valid", unit=unit.name, date=on)
    return True


def active_membership_roles(session: Session, person_id: int | None, body_id: int, on: dt.date) -> set[str]:
    """The roles the person holds in the body on the date (empty if none, or no person)."""
    if person_id is None:
        return set()
    rows = session.scalars(
        select(Membership.role).where(
            Membership.person_id == person_id,
            Membership.body_id == body_id,
            Membership.start_on <= on,
            (Membership.end_on.is_(None)) | (Membership.end_on >= on),
        )
    )
    return set(rows)


# --- Input ----------------------------------------------------------------------------------------


def _feeding_states(session: Session, input_id: int) -> list[str]:
    """The states of the advice the input feeds."""
    return list(
        session.scalars(
            select(Advice.state)
            .join(AdviceInput, AdviceInput.advice_id == Advice.id)
            .where(AdviceInput.input_id == input_id)
        )
    )


def is_locked(session: Session, input_id: int) -> bool:
    return input_locked(_feeding_states(session, input_id))


def _own_open_input(session: Session, actor: Actor, input_id: int, expected_version: int) -> Input:
    """The input, if the actor may change it now: the author's own, not withdrawn, not locked, and
    not changed since the actor read it."""
    row: Input = load_for_update(session, Input, input_id)
    is_author = actor.person_id is not None and actor.person_id == row.author_person_id
    if not is_author:
        raise PermissionDenied("error.not_author")
    if row.withdrawn_at is not None:
        raise DomainError("error.input_withdrawn")
    locked = is_locked(session, row.id)
    if locked:
        raise DomainError("error.input_locked")
    if not may_edit_input(actor.roles, is_author=is_author, locked=locked):
        raise PermissionDenied("error.permission_denied")
    check_version(row, expected_version, before=snapshot(row))
    return row


@service(Action.LOG_INPUT)
def log_input(
    session: Session,
    *,
    actor: Actor,
    body_id: int,
    subject_type: str,
    subject_id: int | None = None,
    policy_topic: str | None = None,
    unit_id: int | None = None,
    text: str,
    link: str | None = None,
) -> Input:
    """Record a contribution to a group, by the actor's person, optionally on behalf of a unit. A
    member gives input only to a group they sit in today; the secretariat's roles to any group."""
    if actor.person_id is None:
        raise DomainError("error.no_person")
    body: Body = get_or_404(session, Body, body_id)
    day = clock.oslo_today()
    if not (actor.roles & SECRETARIAT_ROLES) and not active_membership_roles(
        session, actor.person_id, body.id, day
    ):
        raise PermissionDenied("error.not_in_group", body=body.name)
    by_secretariat = check_on_behalf(session, actor, body, unit_id, day)
    columns = subject_columns(session, subject_type, subject_id, policy_topic)
    text = clean_text(text, field_name="text", max_length=INPUT_TEXT_MAX)
    link = clean_link(link)
    now = utcnow()
    row = Input(
        body_id=body.id,
        author_person_id=actor.person_id,
        unit_id=unit_id,
        registered_by_secretariat=by_secretariat,
        text=text,
        link=link,
        created_at=now,
        updated_at=now,
        # Recorded by the person who gave it: not an illustration made up for the demo.
        basis=Basis.SOURCED,
        **columns,
    )
    session.add(row)
    session.flush()
    audit(session, actor, action="input.log", entity="inputs", entity_id=row.id, after=snapshot(row))
    return row


@service(Action.LOG_INPUT)
def edit_input(
    session: Session,
    *,
    actor: Actor,
    input_id: int,
    expected_version: int,
    text: str,
    link: str | None = None,
    unit_id: int | None = None,
) -> Input:
    """Replace the text, link and unit of one's own input (the whole form: a link or unit left out
    is removed). Refused once the input is locked or withdrawn, or if it changed since it was read.
    Another unit is checked as a new one is (`check_on_behalf`), on the day the input was given."""
    row = _own_open_input(session, actor, input_id, expected_version)
    before = snapshot(row)
    text = clean_text(text, field_name="text", max_length=INPUT_TEXT_MAX)
    link = clean_link(link)
    by_secretariat = row.registered_by_secretariat
    if unit_id != row.unit_id:
        by_secretariat = check_on_behalf(session, actor, row.body, unit_id, input_day(row.created_at))
    if (row.text, row.link, row.unit_id) == (text, link, unit_id):
        raise ValidationFailed("error.nothing_changed")
    row.text, row.link, row.unit_id = text, link, unit_id
    row.registered_by_secretariat = by_secretariat
    row.updated_at = utcnow()
    flush_or_conflict(session, row)
    audit(
        session,
        actor,
        action="input.edit",
        entity="inputs",
        entity_id=row.id,
        before=before,
        after=snapshot(row),
    )
    return row


@service(Action.LOG_INPUT)
def withdraw_input(session: Session, *, actor: Actor, input_id: int, expected_version: int) -> Input:
    """Withdraw one's own input: it stays on record, marked, and no new advice may rest on it."""
    row = _own_open_input(session, actor, input_id, expected_version)
    before = snapshot(row)
    row.withdrawn_at = row.updated_at = utcnow()
    flush_or_conflict(session, row)
    audit(
        session,
        actor,
        action="input.withdraw",
        entity="inputs",
        entity_id=row.id,
        before=before,
        after=snapshot(row),
    )
    return row
