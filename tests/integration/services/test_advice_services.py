"""Input, advice and decisions through the services, on SQLite and PostgreSQL: who may do what, the
advice state machine, the rationale rule, optimistic locking, one audit event per change, and a
database left exactly as it was after every refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today
from osloreg.enums import AdviceState, MembershipRole, Outcome, Role, SubjectType, UnitKind
from osloreg.models import (
    Advice,
    AuditEvent,
    Decision,
    Input,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
)
from osloreg.rules.text import INPUT_TEXT_MAX
from osloreg.services.advice import (
    create_advice,
    decide_advice,
    decide_many,
    reopen_decision,
    submit_advice,
    update_advice,
    withdraw_advice,
)
from osloreg.services.base import Actor, Conflict, DomainError, PermissionDenied, ValidationFailed
from osloreg.services.inputs import edit_input, log_input, withdraw_input
from tests.database_state import every_row
from tests.factories import make_body, make_membership, make_person, make_project, make_unit

TOMORROW = oslo_today() + dt.timedelta(days=1)


# --- The world: a group with a leader, a deputy and two members; actors for every role ----------


@dataclass
class World:
    body: int
    other_body: int
    project: int
    oslo: int
    points: list[int]
    leader: Actor
    deputy: Actor
    member: Actor
    other_member: Actor
    outsider: Actor  # a member of the other group only
    coordinator: Actor
    director: Actor
    admin: Actor
    viewer: Actor


def _actor(name: str, role: str, person_id: int | None = None) -> Actor:
    return Actor(user_id=None, username=name, roles=frozenset({role}), person_id=person_id)


@pytest.fixture
def world(session: Session) -> World:
    body = make_body(session, name="Faggruppe for næringssamarbeid")
    other_body = make_body(session, name="Faggruppe for areal og transport")
    oslo = make_unit(session, kind=UnitKind.MUNICIPALITY, name="Oslo kommune", county_level=True)
    people = {
        name: make_person(session, name=name) for name in ("Leder", "Nestleder", "Medlem", "Annen", "Ute")
    }
    make_membership(session, person=people["Leder"], body=body, role=MembershipRole.LEADER, represents=oslo)
    make_membership(session, person=people["Nestleder"], body=body, role=MembershipRole.DEPUTY)
    make_membership(session, person=people["Medlem"], body=body, represents=oslo)
    make_membership(session, person=people["Annen"], body=body)
    make_membership(session, person=people["Ute"], body=other_body, role=MembershipRole.LEADER)
    # A former leader of the group, whose term has ended, leads it no more.
    make_membership(
        session,
        person=people["Annen"],
        body=body,
        role=MembershipRole.LEADER,
        start_on=dt.date(2020, 1, 1),
        end_on=dt.date(2021, 12, 31),
    )
    project = make_project(session, body=body)
    period = StrategyPeriod(name="Strategiske føringer 2021–2024", start_year=2021, end_year=2024)
    area = StrategyArea(period=period, number=3, name="Konkurransekraft og attraktivitet")
    points = [StrategyPoint(area=area, number=n, text=f"Mål {n}") for n in (1, 2)]
    session.add_all([period, area, *points])
    session.flush()
    world = World(
        body=body.id,
        other_body=other_body.id,
        project=project.id,
        oslo=oslo.id,
        points=[point.id for point in points],
        leader=_actor("leder", Role.MEMBER, people["Leder"].id),
        deputy=_actor("nestleder", Role.MEMBER, people["Nestleder"].id),
        member=_actor("medlem", Role.MEMBER, people["Medlem"].id),
        other_member=_actor("annen", Role.MEMBER, people["Annen"].id),
        outsider=_actor("ute", Role.MEMBER, people["Ute"].id),
        coordinator=_actor("koordinator", Role.COORDINATOR),
        director=_actor("direktor", Role.DIRECTOR),
        admin=_actor("admin", Role.ADMIN),
        viewer=_actor("leser", Role.VIEWER, people["Medlem"].id),
    )
    session.commit()
    return world


# --- Helpers ----------------------------------------------------------------------------------------


def _everything(session: Session) -> dict[str, list[Any]]:
    """Every row of every table (the test databases are small): a refusal must leave all of it."""
    state = every_row(session)
    session.commit()  # end the read; expire_on_commit is off, so the test's objects stay usable
    return state


def _audit_count(session: Session) -> int:
    count = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    session.commit()
    return count


def _actions(session: Session) -> list[str]:
    actions = list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    session.commit()
    return actions


def _fresh(session: Session, model: type, entity_id: int) -> Any:
    """The row as the database has it now."""
    row = session.get(model, entity_id, populate_existing=True)
    session.commit()
    return row


def _decisions(session: Session, advice_id: int) -> list[Decision]:
    rows = list(
        session.scalars(
            sa.select(Decision)
            .where(Decision.advice_id == advice_id)
            .order_by(Decision.decided_at, Decision.id)
        )
    )
    session.commit()
    return rows


@contextmanager
def refused(session: Session, key: str, error: type[DomainError] = DomainError) -> Iterator[None]:
    """The call inside is refused with `key`, and the database (audit trail included) is unchanged."""
    before = _everything(session)
    with pytest.raises(error) as caught:
        yield
    assert caught.value.key == key, caught.value
    assert _everything(session) == before
    # The service's rollback expired the test's objects; load them again (and end that read), so
    # that reading one of them later does not leave a transaction open for the next service.
    for obj in list(session.identity_map.values()):
        session.refresh(obj)
    session.commit()


@contextmanager
def one_audit_event(session: Session, action: str) -> Iterator[None]:
    before = _audit_count(session)
    yield
    assert _audit_count(session) == before + 1
    assert _actions(session)[-1] == action


def _input(session: Session, world: World, author: Actor | None = None, **changes: Any) -> Input:
    values: dict[str, Any] = {
        "body_id": world.body,
        "subject_type": SubjectType.PROJECT,
        "subject_id": world.project,
        "unit_id": world.oslo,
        "text": "Oslo støtter prosjektet, men ber om en tydeligere tidsplan.",
    }
    return log_input(session, actor=author or world.member, **{**values, **changes})


def _advice(session: Session, world: World, actor: Actor | None = None, **changes: Any) -> Advice:
    values: dict[str, Any] = {
        "body_id": world.body,
        "subject_type": SubjectType.PROJECT,
        "subject_id": world.project,
        "title": "Råd om prosjektet",
        "recommendation": "Faggruppen anbefaler å videreføre prosjektet med en enkel evaluering.",
        "target_date": TOMORROW,
    }
    return create_advice(session, actor=actor or world.coordinator, **{**values, **changes})


def _submitted(session: Session, world: World, **changes: Any) -> Advice:
    advice = _advice(session, world, **changes)
    return submit_advice(
        session, actor=world.coordinator, advice_id=advice.id, expected_version=advice.version
    )


def _decided(session: Session, world: World, **changes: Any) -> Advice:
    advice = _submitted(session, world, **changes)
    decide_advice(session, actor=world.director, advice_id=advice.id, outcome=Outcome.FOLLOWED)
    return _fresh(session, Advice, advice.id)


# --- Input --------------------------------------------------------------------------------------------


def test_a_member_logs_input_on_behalf_of_a_unit(session, world):
    with one_audit_event(session, "input.log"):
        row = _input(session, world, link=" https://example.org/notat ")
    stored = _fresh(session, Input, row.id)
    assert stored.author_person_id == world.member.person_id
    assert (stored.body_id, stored.project_id, stored.unit_id) == (world.body, world.project, world.oslo)
    assert stored.link == "https://example.org/notat"
    assert stored.version == 1 and stored.withdrawn_at is None and stored.basis == "sourced"


def test_input_on_a_policy_matter_names_the_matter(session, world):
    row = _input(session, world, subject_type=SubjectType.POLICY, subject_id=None, policy_topic="Reiseliv")
    stored = _fresh(session, Input, row.id)
    assert (stored.subject_type, stored.policy_topic, stored.project_id) == ("policy", "Reiseliv", None)
    with refused(session, "error.required", ValidationFailed):
        _input(session, world, subject_type=SubjectType.POLICY, subject_id=None, policy_topic="  ")


def test_a_viewer_cannot_log_input(session, world):
    with refused(session, "error.permission_denied", PermissionDenied):
        _input(session, world, author=world.viewer)


def test_a_member_gives_input_only_to_a_group_they_sit_in_today(session, world):
    with refused(session, "error.not_in_group", PermissionDenied):
        _input(session, world, author=world.outsider)
    # The coordinator (here with a person of its own) gives input to any group.
    coordinator = Actor(None, "koordinator", frozenset({Role.COORDINATOR}), world.outsider.person_id)
    _input(session, world, author=coordinator)


def test_input_needs_a_person_to_be_its_author(session, world):
    with refused(session, "error.no_person"):
        _input(session, world, author=world.coordinator)


def test_input_on_a_subject_that_does_not_exist_is_refused(session, world):
    with refused(session, "error.subject_missing", ValidationFailed):
        _input(session, world, subject_id=world.project + 1000)
    with refused(session, "error.subject_missing", ValidationFailed):
        _input(session, world, subject_type=SubjectType.CASE, subject_id=None)
    with refused(session, "error.subject_type", ValidationFailed):
        _input(session, world, subject_type="tweet")


def test_input_with_a_javascript_link_or_too_long_a_text_is_refused(session, world):
    with refused(session, "error.link_scheme", ValidationFailed):
        _input(session, world, link="javascript:alert(1)")
    with refused(session, "error.too_long", ValidationFailed):
        _input(session, world, text="x" * (INPUT_TEXT_MAX + 1))
    with refused(session, "error.required", ValidationFailed):
        _input(session, world, text=" \n ")


def test_a_member_cannot_edit_or_withdraw_another_members_input_by_its_id(session, world):
    row = _input(session, world)
    with refused(session, "error.not_author", PermissionDenied):
        edit_input(session, actor=world.other_member, input_id=row.id, expected_version=1, text="Overskrevet")
    with refused(session, "error.not_author", PermissionDenied):
        withdraw_input(session, actor=world.other_member, input_id=row.id, expected_version=1)
    # Not even the coordinator edits someone else's input.
    with refused(session, "error.not_author", PermissionDenied):
        edit_input(session, actor=world.admin, input_id=row.id, expected_version=1, text="Overskrevet")


def test_the_author_edits_and_withdraws_own_input(session, world):
    row = _input(session, world, link="https://example.org/a")
    with one_audit_event(session, "input.edit"):
        edit_input(session, actor=world.member, input_id=row.id, expected_version=1, text="Ny tekst")
    stored = _fresh(session, Input, row.id)
    # The edit replaces the form: the link and the unit left out are gone.
    assert (stored.text, stored.link, stored.unit_id, stored.version) == ("Ny tekst", None, None, 2)
    event = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.before["text"] != event.after["text"] and event.after["version"] == 2
    session.commit()
    with one_audit_event(session, "input.withdraw"):
        withdraw_input(session, actor=world.member, input_id=row.id, expected_version=2)
    assert _fresh(session, Input, row.id).withdrawn_at is not None
    with refused(session, "error.input_withdrawn"):
        edit_input(session, actor=world.member, input_id=row.id, expected_version=3, text="Igjen")


def test_an_edit_that_changes_nothing_is_refused(session, world):
    row = _input(session, world)
    with refused(session, "error.nothing_changed", ValidationFailed):
        edit_input(
            session,
            actor=world.member,
            input_id=row.id,
            expected_version=1,
            text=row.text,
            unit_id=row.unit_id,
        )


def test_two_edits_from_the_same_read_version_the_second_gets_a_conflict(session, world):
    row = _input(session, world)
    read_version = row.version
    edit_input(session, actor=world.member, input_id=row.id, expected_version=read_version, text="Først")
    with refused(session, "error.conflict", Conflict):
        edit_input(session, actor=world.member, input_id=row.id, expected_version=read_version, text="Sist")
    assert _fresh(session, Input, row.id).text == "Først"
    with refused(session, "error.conflict", Conflict):
        withdraw_input(session, actor=world.member, input_id=row.id, expected_version=read_version)


def test_input_locks_when_the_advice_it_feeds_is_decided(session, world):
    row = _input(session, world)
    advice = _submitted(session, world, input_ids=[row.id])
    # Submitted, not yet decided: the author may still edit.
    edit_input(session, actor=world.member, input_id=row.id, expected_version=1, text="Presisert")
    decide_advice(session, actor=world.director, advice_id=advice.id, outcome=Outcome.FOLLOWED)
    with refused(session, "error.input_locked"):
        edit_input(session, actor=world.member, input_id=row.id, expected_version=2, text="For sent")
    with refused(session, "error.input_locked"):
        withdraw_input(session, actor=world.member, input_id=row.id, expected_version=2)


# --- Composing advice -----------------------------------------------------------------------------------


def test_a_member_who_is_not_leader_or_deputy_cannot_compose_advice(session, world):
    with refused(session, "error.not_group_leader", PermissionDenied):
        _advice(session, world, actor=world.member)
    # A former leader, whose term has ended, neither.
    with refused(session, "error.not_group_leader", PermissionDenied):
        _advice(session, world, actor=world.other_member)
    # The leader of another group does not compose advice for this one.
    with refused(session, "error.not_group_leader", PermissionDenied):
        _advice(session, world, actor=world.outsider)


def test_a_director_cannot_compose_advice(session, world):
    with refused(session, "error.not_group_leader", PermissionDenied):
        _advice(session, world, actor=world.director)


def test_a_viewer_cannot_compose_advice(session, world):
    with refused(session, "error.permission_denied", PermissionDenied):
        _advice(session, world, actor=world.viewer)


def test_the_groups_leader_composes_and_submits_advice_from_input(session, world):
    first = _input(session, world)
    second = _input(session, world, author=world.other_member, unit_id=None)
    with one_audit_event(session, "advice.create"):
        advice = _advice(
            session,
            world,
            actor=world.leader,
            input_ids=[first.id, second.id, first.id],
            point_ids=world.points,
        )
    stored = _fresh(session, Advice, advice.id)
    assert stored.state == AdviceState.DRAFT and stored.submitted_at is None
    assert sorted(i.id for i in stored.inputs) == sorted([first.id, second.id])
    assert sorted(p.id for p in stored.points) == sorted(world.points)
    session.commit()
    event = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.entity == "advice" and event.entity_id == advice.id
    assert event.after["input_ids"] == sorted([first.id, second.id])
    session.commit()
    with one_audit_event(session, "advice.submit"):
        submit_advice(session, actor=world.leader, advice_id=advice.id, expected_version=1)
    stored = _fresh(session, Advice, advice.id)
    assert stored.state == AdviceState.SUBMITTED and stored.submitted_at is not None and stored.version == 2


def test_the_deputy_and_the_coordinator_compose_advice_too(session, world):
    _advice(session, world, actor=world.deputy)
    _advice(session, world, actor=world.coordinator, body_id=world.other_body)
    _advice(session, world, actor=world.admin)


def test_advice_rests_only_on_open_input_to_its_own_group(session, world):
    elsewhere = _input(session, world, author=world.outsider, body_id=world.other_body, unit_id=None)
    with refused(session, "error.input_other_group", ValidationFailed):
        _advice(session, world, input_ids=[elsewhere.id])
    taken_back = _input(session, world)
    withdraw_input(session, actor=world.member, input_id=taken_back.id, expected_version=1)
    with refused(session, "error.input_withdrawn", ValidationFailed):
        _advice(session, world, input_ids=[taken_back.id])
    with refused(session, "error.not_found"):
        _advice(session, world, input_ids=[taken_back.id + 1000])
    with refused(session, "error.point_missing", ValidationFailed):
        _advice(session, world, point_ids=[world.points[0] + 1000])


def test_a_draft_is_updated_and_a_stale_update_gets_a_conflict(session, world):
    row = _input(session, world)
    advice = _advice(session, world)
    with one_audit_event(session, "advice.update"):
        update_advice(
            session,
            actor=world.coordinator,
            advice_id=advice.id,
            expected_version=1,
            title="Nytt råd",
            recommendation=advice.recommendation,
            input_ids=[row.id],
        )
    with refused(session, "error.conflict", Conflict):
        update_advice(
            session,
            actor=world.coordinator,
            advice_id=advice.id,
            expected_version=1,
            title="Et annet råd",
            recommendation=advice.recommendation,
        )
    stored = _fresh(session, Advice, advice.id)
    assert stored.title == "Nytt råd" and stored.version == 2 and stored.target_date is None
    # A change of the inputs alone moves the version on, so it too is protected.
    update_advice(
        session,
        actor=world.coordinator,
        advice_id=advice.id,
        expected_version=2,
        title="Nytt råd",
        recommendation=advice.recommendation,
    )
    assert _fresh(session, Advice, advice.id).version == 3


def test_only_drafts_are_updated(session, world):
    advice = _submitted(session, world)
    with refused(session, "error.advice_not_draft"):
        update_advice(
            session,
            actor=world.coordinator,
            advice_id=advice.id,
            expected_version=2,
            title="x",
            recommendation="y",
        )
    with refused(session, "error.advice_not_draft"):
        submit_advice(session, actor=world.coordinator, advice_id=advice.id, expected_version=2)


def test_draft_or_submitted_advice_is_withdrawn_and_stays_withdrawn(session, world):
    draft = _advice(session, world)
    submitted = _submitted(session, world)
    with one_audit_event(session, "advice.withdraw"):
        withdraw_advice(session, actor=world.coordinator, advice_id=draft.id, expected_version=1)
    withdraw_advice(session, actor=world.coordinator, advice_id=submitted.id, expected_version=2)
    assert _fresh(session, Advice, submitted.id).state == AdviceState.WITHDRAWN
    with refused(session, "error.advice_withdrawn"):
        withdraw_advice(session, actor=world.coordinator, advice_id=draft.id, expected_version=2)
    with refused(session, "error.advice_withdrawn"):
        submit_advice(session, actor=world.coordinator, advice_id=draft.id, expected_version=2)
    with refused(session, "error.advice_not_submitted"):
        decide_advice(session, actor=world.director, advice_id=submitted.id, outcome=Outcome.FOLLOWED)


def test_a_member_cannot_submit_or_withdraw_the_groups_advice(session, world):
    advice = _advice(session, world)
    with refused(session, "error.not_group_leader", PermissionDenied):
        submit_advice(session, actor=world.member, advice_id=advice.id, expected_version=1)
    with refused(session, "error.not_group_leader", PermissionDenied):
        withdraw_advice(session, actor=world.member, advice_id=advice.id, expected_version=1)


# --- Deciding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "leader", "coordinator", "admin", "viewer"])
def test_only_the_director_decides(session, world, who):
    actor = getattr(world, who)
    advice = _submitted(session, world)
    decided = _decided(session, world)
    with refused(session, "error.permission_denied", PermissionDenied):
        decide_advice(session, actor=actor, advice_id=advice.id, outcome=Outcome.FOLLOWED)
    with refused(session, "error.permission_denied", PermissionDenied):
        decide_many(session, actor=actor, advice_ids=[advice.id], outcome=Outcome.FOLLOWED)
    with refused(session, "error.permission_denied", PermissionDenied):
        reopen_decision(
            session,
            actor=actor,
            advice_id=decided.id,
            reason="Nye opplysninger",
            outcome=Outcome.NOTED,
            rationale="Tatt til orientering.",
        )


def test_the_director_decides_submitted_advice_and_it_is_then_locked(session, world):
    advice = _advice(session, world)
    with refused(session, "error.advice_not_submitted"):
        decide_advice(session, actor=world.director, advice_id=advice.id, outcome=Outcome.FOLLOWED)
    submit_advice(session, actor=world.coordinator, advice_id=advice.id, expected_version=1)
    with one_audit_event(session, "decision.make"):
        decision = decide_advice(
            session,
            actor=world.director,
            advice_id=advice.id,
            outcome=Outcome.PARTLY_FOLLOWED,
            rationale="  Hovedpunktene tas med videre.  ",
            follow_up_on=TOMORROW,
            expected_version=2,
        )
    stored = _fresh(session, Advice, advice.id)
    assert stored.state == AdviceState.DECIDED and stored.version == 3
    [row] = _decisions(session, advice.id)
    assert row.id == decision.id and row.outcome == "partly_followed"
    assert row.rationale == "Hovedpunktene tas med videre." and row.follow_up_on == TOMORROW
    assert row.reopened_at is None


def test_a_decided_advice_is_locked_for_everyone(session, world):
    row = _input(session, world)
    advice = _decided(session, world, input_ids=[row.id])
    version = advice.version
    for actor in (world.coordinator, world.admin):
        with refused(session, "error.advice_locked"):
            update_advice(
                session,
                actor=actor,
                advice_id=advice.id,
                expected_version=version,
                title="x",
                recommendation="y",
            )
        with refused(session, "error.advice_locked"):
            submit_advice(session, actor=actor, advice_id=advice.id, expected_version=version)
        with refused(session, "error.advice_locked"):
            withdraw_advice(session, actor=actor, advice_id=advice.id, expected_version=version)
    with refused(session, "error.advice_locked"):
        decide_advice(
            session,
            actor=world.director,
            advice_id=advice.id,
            outcome=Outcome.NOT_FOLLOWED,
            rationale="Likevel",
        )
    with refused(session, "error.advice_locked"):
        decide_many(session, actor=world.director, advice_ids=[advice.id], outcome=Outcome.FOLLOWED)
    with refused(session, "error.input_locked"):
        edit_input(session, actor=world.member, input_id=row.id, expected_version=1, text="Endret")


def test_a_rationale_is_required_unless_the_advice_is_followed(session, world):
    advice = _submitted(session, world)
    for outcome in (Outcome.PARTLY_FOLLOWED, Outcome.NOT_FOLLOWED, Outcome.NOTED):
        for rationale in (None, "", "  \n "):
            with refused(session, "error.rationale_required", ValidationFailed):
                decide_advice(
                    session, actor=world.director, advice_id=advice.id, outcome=outcome, rationale=rationale
                )
    decide_advice(session, actor=world.director, advice_id=advice.id, outcome=Outcome.FOLLOWED)
    assert _decisions(session, advice.id)[0].rationale is None


def test_a_decision_needs_a_known_outcome_and_a_follow_up_date_not_in_the_past(session, world):
    advice = _submitted(session, world)
    with refused(session, "error.unknown_outcome", ValidationFailed):
        decide_advice(session, actor=world.director, advice_id=advice.id, outcome="ignored", rationale="Nei")
    yesterday = oslo_today() - dt.timedelta(days=1)
    with refused(session, "error.follow_up_past", ValidationFailed):
        decide_advice(
            session,
            actor=world.director,
            advice_id=advice.id,
            outcome=Outcome.FOLLOWED,
            follow_up_on=yesterday,
        )
    decide_advice(
        session, actor=world.director, advice_id=advice.id, outcome="followed", follow_up_on=oslo_today()
    )


def test_a_stale_decision_gets_a_conflict(session, world):
    advice = _advice(session, world)
    submit_advice(session, actor=world.coordinator, advice_id=advice.id, expected_version=1)
    with refused(session, "error.conflict", Conflict):
        decide_advice(
            session, actor=world.director, advice_id=advice.id, outcome=Outcome.FOLLOWED, expected_version=1
        )


def test_decide_many_decides_all_or_nothing(session, world):
    submitted = [_submitted(session, world, title=f"Råd {n}") for n in range(3)]
    draft = _advice(session, world, title="Utkastet")
    ids = [advice.id for advice in submitted]
    with refused(session, "error.advice_not_submitted"):
        decide_many(
            session,
            actor=world.director,
            advice_ids=[*ids[:2], draft.id, ids[2]],
            outcome=Outcome.NOTED,
            rationale="Tatt til orientering.",
        )
    assert all(_fresh(session, Advice, i).state == AdviceState.SUBMITTED for i in ids)
    with refused(session, "error.nothing_selected", ValidationFailed):
        decide_many(session, actor=world.director, advice_ids=[], outcome=Outcome.FOLLOWED)
    before = _audit_count(session)
    decisions = decide_many(
        session, actor=world.director, advice_ids=[*ids, ids[0]], outcome=Outcome.NOTED, rationale="Notert."
    )
    assert sorted(d.advice_id for d in decisions) == sorted(ids)
    assert _audit_count(session) == before + 3
    assert _actions(session)[-3:] == ["decision.make"] * 3
    assert all(_fresh(session, Advice, i).state == AdviceState.DECIDED for i in ids)
    assert _fresh(session, Advice, draft.id).state == AdviceState.DRAFT


def test_reopening_keeps_the_old_decision_marked_and_adds_a_new_one(session, world):
    advice = _decided(session, world)
    [old] = _decisions(session, advice.id)
    with one_audit_event(session, "decision.reopen"):
        new = reopen_decision(
            session,
            actor=world.director,
            advice_id=advice.id,
            reason="Faggruppen la fram nye opplysninger om kostnadene.",
            outcome=Outcome.PARTLY_FOLLOWED,
            rationale="Følges delvis.",
        )
    first, second = _decisions(session, advice.id)
    assert first.id == old.id and second.id == new.id
    assert first.outcome == "followed" and first.reopened_at is not None
    assert first.reopen_reason == "Faggruppen la fram nye opplysninger om kostnadene."
    assert second.outcome == "partly_followed" and second.reopened_at is None
    assert second.decided_at >= first.decided_at
    assert _fresh(session, Advice, advice.id).state == AdviceState.DECIDED
    # Reopened again: the second is marked now, the first keeps its mark, a third is current.
    reopen_decision(
        session, actor=world.director, advice_id=advice.id, reason="Igjen", outcome=Outcome.FOLLOWED
    )
    rows = _decisions(session, advice.id)
    assert [r.reopened_at is None for r in rows] == [False, False, True]


def test_reopening_needs_a_reason_and_a_decided_advice(session, world):
    advice = _decided(session, world)
    with refused(session, "error.required", ValidationFailed):
        reopen_decision(
            session, actor=world.director, advice_id=advice.id, reason=" ", outcome=Outcome.FOLLOWED
        )
    with refused(session, "error.rationale_required", ValidationFailed):
        reopen_decision(
            session, actor=world.director, advice_id=advice.id, reason="Nytt", outcome=Outcome.NOTED
        )
    submitted = _submitted(session, world)
    with refused(session, "error.advice_not_decided"):
        reopen_decision(
            session, actor=world.director, advice_id=submitted.id, reason="Nytt", outcome=Outcome.FOLLOWED
        )
    with refused(session, "error.not_found"):
        reopen_decision(
            session,
            actor=world.director,
            advice_id=submitted.id + 1000,
            reason="Nytt",
            outcome=Outcome.FOLLOWED,
        )
