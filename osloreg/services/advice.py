"""The group's advice to the director (compose, submit, withdraw) and the director's decisions on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from osloreg import clock
from osloreg.enums import AdviceState, Basis, Outcome
from osloreg.models import Advice, Body, Decision, Input, StrategyPoint, utcnow
from osloreg.rules.advice import can_transition, rationale_required
from osloreg.rules.permissions import Action, may_submit_advice
from osloreg.rules.text import ADVICE_TEXT_MAX
from osloreg.rules.validation import TITLE_MAX, clean_text
from osloreg.services.base import (
    Actor,
    DomainError,
    NotFound,
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
from osloreg.services.inputs import (
    LEADING_ROLES,
    active_membership_roles,
    subject_columns,
)

# --- Helpers --------------------------------------------------------------------------------------


def _advice_state(advice: Advice) -> dict[str, Any]:
    """What an audit event records of an advice: its columns and what it rests on."""
    state = snapshot(advice)
    state["input_ids"] = sorted(row.id for row in advice.inputs)
    state["point_ids"] = sorted(row.id for row in advice.points)
    return state


def _check_may_compose(session: Session, actor: Actor, body_id: int) -> None:
    """Coordinators and admins compose advice for any group; a member only as the group's leader or
    deputy today; the director never (the director decides it)."""
    roles = active_membership_roles(session, actor.person_id, body_id, clock.oslo_today())
    leads = bool(roles & LEADING_ROLES)
    if not may_submit_advice(actor.roles, leads_group=leads):
        raise PermissionDenied("error.not_group_leader")


def _inputs(session: Session, body_id: int, input_ids: Sequence[int]) -> list[Input]:
    rows = []
    for input_id in dict.fromkeys(input_ids):
        row = session.get(Input, input_id)
        if row is None:
            raise NotFound("error.not_found", entity="inputs", id=input_id)
        if row.body_id != body_id:
            raise ValidationFailed("error.input_other_group", id=input_id)
        if row.withdrawn_at is not None:
            raise ValidationFailed("error.input_withdrawn", id=input_id)
        rows.append(row)
    return rows


def _points(session: Session, point_ids: Sequence[int]) -> list[StrategyPoint]:
    rows = []
    for point_id in dict.fromkeys(point_ids):
        row = session.get(StrategyPoint, point_id)
        if row is None:
            raise ValidationFailed("error.point_missing", id=point_id)
        rows.append(row)
    return rows


def _check_date(value: dt.date | None, field: str) -> dt.date | None:
    """A calendar date or None (a datetime is refused rather than cut to its date)."""
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise ValidationFailed("error.date_invalid", field=field)
    return value


def _check_move(advice: Advice, to_state: str | None) -> None:
    """Refuse what the state machine does not allow, with a reason the user can act on.
    `to_state` None is an edit, which only drafts allow. Reopening is not a move: see reopen_decision."""
    if advice.state == AdviceState.DECIDED:
        raise DomainError("error.advice_locked", title=advice.title)
    if to_state is None:
        if advice.state != AdviceState.DRAFT:
            raise DomainError("error.advice_not_draft", title=advice.title)
        return
    if can_transition(advice.state, to_state):
        return
    if to_state == AdviceState.DECIDED:
        raise DomainError("error.advice_not_submitted", title=advice.title)
    if advice.state == AdviceState.WITHDRAWN:
        raise DomainError("error.advice_withdrawn", title=advice.title)
    raise DomainError("error.advice_not_draft", title=advice.title)


def _composed_advice(session: Session, actor: Actor, advice_id: int) -> Advice:
    """The advice, locked for the transaction, if the actor may compose advice for its group."""
    advice: Advice = load_for_update(session, Advice, advice_id)
    _check_may_compose(session, actor, advice.body_id)
    return advice


# --- Composing advice (the group) -----------------------------------------------------------------


@service(Action.LOG_INPUT)
def create_advice(
    session: Session,
    *,
    actor: Actor,
    body_id: int,
    subject_type: str,
    subject_id: int | None = None,
    policy_topic: str | None = None,
    title: str,
    recommendation: str,
    target_date: dt.date | None = None,
    input_ids: Sequence[int] = (),
    point_ids: Sequence[int] = (),
) -> Advice:
    """A draft advice of a group, resting on inputs given to that group."""
    body: Body = get_or_404(session, Body, body_id)
    _check_may_compose(session, actor, body.id)
    columns = subject_columns(session, subject_type, subject_id, policy_topic)
    advice = Advice(
        body_id=body.id,
        title=clean_text(title, field_name="title", max_length=TITLE_MAX),
        recommendation=clean_text(recommendation, field_name="recommendation", max_length=ADVICE_TEXT_MAX),
        target_date=_check_date(target_date, "target_date"),
        state=AdviceState.DRAFT,
        created_at=utcnow(),
        created_by_user_id=actor.user_id,
        basis=Basis.SOURCED,
        **columns,
    )
    advice.inputs = _inputs(session, body.id, input_ids)
    advice.points = _points(session, point_ids)
    session.add(advice)
    session.flush()
    audit(
        session,
        actor,
        action="advice.create",
        entity="advice",
        entity_id=advice.id,
        after=_advice_state(advice),
    )
    return advice


@service(Action.LOG_INPUT)
def update_advice(
    session: Session,
    *,
    actor: Actor,
    advice_id: int,
    expected_version: int,
    title: str,
    recommendation: str,
    target_date: dt.date | None = None,
    input_ids: Sequence[int] = (),
    point_ids: Sequence[int] = (),
) -> Advice:
    """Replace a draft's title, recommendation, target date, inputs and points (the whole form)."""
    advice = _composed_advice(session, actor, advice_id)
    _check_move(advice, None)
    before = _advice_state(advice)
    check_version(advice, expected_version, before=before)
    # Read the related rows before changing the advice: a read after a change would autoflush it,
    # and the save would move the version twice.
    inputs = _inputs(session, advice.body_id, input_ids)
    points = _points(session, point_ids)
    advice.title = clean_text(title, field_name="title", max_length=TITLE_MAX)
    advice.recommendation = clean_text(
        recommendation, field_name="recommendation", max_length=ADVICE_TEXT_MAX
    )
    advice.target_date = _check_date(target_date, "target_date")
    advice.inputs, advice.points = inputs, points
    after = _advice_state(advice)
    if after == before:
        raise ValidationFailed("error.nothing_changed")
    # A change of inputs or points alone changes no column of the advice; mark one, so that the
    # mapper still moves the version on and a concurrent edit of the same draft is caught.
    flag_modified(advice, "title")
    flush_or_conflict(session, advice)
    audit(
        session,
        actor,
        action="advice.update",
        entity="advice",
        entity_id=advice.id,
        before=before,
        after=_advice_state(advice),
    )
    return advice


def _move(session: Session, actor: Actor, advice: Advice, to_state: str, action: str) -> Advice:
    before = _advice_state(advice)
    advice.state = to_state
    if to_state == AdviceState.SUBMITTED:
        advice.submitted_at = utcnow()
    flush_or_conflict(session, advice)
    audit(
        session,
        actor,
        action=action,
        entity="advice",
        entity_id=advice.id,
        before=before,
        after=_advice_state(advice),
    )
    return advice


@service(Action.LOG_INPUT)
def submit_advice(session: Session, *, actor: Actor, advice_id: int, expected_version: int) -> Advice:
    """Send a draft to the director."""
    advice = _composed_advice(session, actor, advice_id)
    _check_move(advice, AdviceState.SUBMITTED)
    check_version(advice, expected_version, before=_advice_state(advice))
    return _move(session, actor, advice, AdviceState.SUBMITTED, "advice.submit")


@service(Action.LOG_INPUT)
def withdraw_advice(session: Session, *, actor: Actor, advice_id: int, expected_version: int) -> Advice:
    """Take back a draft or a submitted advice before the director decides it."""
    advice = _composed_advice(session, actor, advice_id)
    _check_move(advice, AdviceState.WITHDRAWN)
    check_version(advice, expected_version, before=_advice_state(advice))
    return _move(session, actor, advice, AdviceState.WITHDRAWN, "advice.withdraw")


# --- Deciding (the director) ----------------------------------------------------------------------


def _decision_terms(
    outcome: str, rationale: str | None, follow_up_on: dt.date | None
) -> tuple[str, str | None, dt.date | None]:
    """The outcome, rationale and follow-up date, checked."""
    if outcome not in set(Outcome):
        raise ValidationFailed("error.unknown_outcome", outcome=str(outcome))
    rationale = clean_text(rationale, field_name="rationale", max_length=ADVICE_TEXT_MAX, required=False)
    if rationale is None and rationale_required(outcome):
        raise ValidationFailed("error.rationale_required")
    follow_up_on = _check_date(follow_up_on, "follow_up_on")
    if follow_up_on is not None and follow_up_on < clock.oslo_today():
        raise ValidationFailed("error.follow_up_past")
    return Outcome(outcome).value, rationale, follow_up_on


def _decision_state(advice: Advice, decision: Decision | None) -> dict[str, Any]:
    state = {"advice": snapshot(advice)}
    if decision is not None:
        state["decision"] = snapshot(decision)
    return state


def _decide(
    session: Session,
    actor: Actor,
    advice_id: int,
    terms: tuple[str, str | None, dt.date | None],
    expected_version: int | None,
) -> Decision:
    advice: Advice = load_for_update(session, Advice, advice_id)
    _check_move(advice, AdviceState.DECIDED)
    check_version(advice, expected_version, before=_advice_state(advice))
    before = _decision_state(advice, None)
    outcome, rationale, follow_up_on = terms
    decision = Decision(
        advice=advice,
        outcome=outcome,
        rationale=rationale,
        decided_by_user_id=actor.user_id,
        decided_at=utcnow(),
        follow_up_on=follow_up_on,
        basis=Basis.SOURCED,
    )
    session.add(decision)
    advice.state = AdviceState.DECIDED
    flush_or_conflict(session, advice)
    # One event per advice decided: the advice's move to decided and the decision that moved it.
    audit(
        session,
        actor,
        action="decision.make",
        entity="advice",
        entity_id=advice.id,
        before=before,
        after=_decision_state(advice, decision),
    )
    return decision


@service(Action.DECIDE_ADVICE)
def decide_advice(
    session: Session,
    *,
    actor: Actor,
    advice_id: int,
    outcome: str,
    rationale: str | None = None,
    follow_up_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Decision:
    """The director's decision on a submitted advice; the advice is then decided and locked."""
    terms = _decision_terms(outcome, rationale, follow_up_on)
    return _decide(session, actor, advice_id, terms, expected_version)


@service(Action.DECIDE_ADVICE)
def decide_many(
    session: Session,
    *,
    actor: Actor,
    advice_ids: Sequence[int],
    outcome: str,
    rationale: str | None = None,
    follow_up_on: dt.date | None = None,
) -> list[Decision]:
    """The same decision on several submitted advice items: all of them, or (on any refusal) none."""
    ids = list(dict.fromkeys(advice_ids))
    if not ids:
        raise ValidationFailed("error.nothing_selected")
    terms = _decision_terms(outcome, rationale, follow_up_on)
    return [_decide(session, actor, advice_id, terms, None) for advice_id in ids]


@service(Action.DECIDE_ADVICE)
def reopen_decision(
    session: Session,
    *,
    actor: Actor,
    advice_id: int,
    reason: str,
    outcome: str,
    rationale: str | None = None,
    follow_up_on: dt.date | None = None,
) -> Decision:
    """Reconsider a decided advice: the current decision is kept, marked reopened with the reason, and
    a new decision is added. The advice stays decided."""
    reason = clean_text(reason, field_name="reason", max_length=ADVICE_TEXT_MAX)
    outcome, rationale, follow_up_on = _decision_terms(outcome, rationale, follow_up_on)
    advice: Advice = load_for_update(session, Advice, advice_id)
    if advice.state != AdviceState.DECIDED or not can_transition(advice.state, AdviceState.DECIDED):
        raise DomainError("error.advice_not_decided", title=advice.title)
    current = session.scalars(
        select(Decision)
        .where(Decision.advice_id == advice.id, Decision.reopened_at.is_(None))
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
        .with_for_update()
    ).first()
    if current is None:
        raise DomainError("error.advice_not_decided", title=advice.title)
    before = {"advice": snapshot(advice), "reopened": snapshot(current)}
    now = utcnow()
    current.reopened_at = now
    current.reopened_by_user_id = actor.user_id
    current.reopen_reason = reason
    decision = Decision(
        advice=advice,
        outcome=outcome,
        rationale=rationale,
        decided_by_user_id=actor.user_id,
        decided_at=now,
        follow_up_on=follow_up_on,
        basis=Basis.SOURCED,
    )
    session.add(decision)
    session.flush()
    audit(
        session,
        actor,
        action="decision.reopen",
        entity="advice",
        entity_id=advice.id,
        before=before,
        after={**_decision_state(advice, decision), "reopened": snapshot(current)},
    )
    return decision
