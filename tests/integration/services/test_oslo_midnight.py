"""Services go by Oslo's calendar, not the server's (UTC), between 00:00 and 01:00 in Oslo."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import MembershipRole, Outcome, Role, SubjectType
from osloreg.models import Decision
from osloreg.rules.advice import input_day
from osloreg.services.advice import create_advice, decide_advice, submit_advice
from osloreg.services.base import Actor, PermissionDenied, ValidationFailed
from osloreg.services.inputs import log_input
from tests.factories import make_body, make_membership, make_person, make_project

DAY = dt.date(2031, 1, 15)  # winter: Oslo is UTC+1
HALF_PAST_MIDNIGHT = dt.datetime(2031, 1, 14, 23, 30, tzinfo=dt.UTC)  # 00:30 on DAY in Oslo
HALF_PAST_ELEVEN = dt.datetime(2031, 1, 14, 22, 30, tzinfo=dt.UTC)  # 23:30 the evening before, in Oslo


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch):
    """Set the moment at osloreg.clock's one seam: the services' "today" and the rows' stamps read it."""

    def set_moment(moment: dt.datetime) -> None:
        monkeypatch.setattr(clock, "utc_now", lambda: moment)

    return set_moment


def _actor(name: str, role: str, person_id: int | None = None) -> Actor:
    return Actor(user_id=None, username=name, roles=frozenset({role}), person_id=person_id)


def _advice(session: Session, actor: Actor, body_id: int, project_id: int):
    return create_advice(
        session,
        actor=actor,
        body_id=body_id,
        subject_type=SubjectType.PROJECT,
        subject_id=project_id,
        title="Råd om prosjektet",
        recommendation="Faggruppen anbefaler å videreføre prosjektet.",
        target_date=DAY + dt.timedelta(days=30),
    )


def test_the_clock_puts_half_past_midnight_in_oslo_on_the_new_day(at):
    at(HALF_PAST_MIDNIGHT)
    assert HALF_PAST_MIDNIGHT.date() == DAY - dt.timedelta(days=1)
    assert clock.oslo_today() == DAY
    assert clock.oslo_now().replace(tzinfo=None) == dt.datetime(2031, 1, 15, 0, 30)


def test_a_leader_whose_term_starts_today_in_oslo_composes_advice_after_midnight(session, at):
    body = make_body(session, name="Faggruppe for næringssamarbeid")
    project = make_project(session, body=body)
    leader = make_person(session, name="Ny Leder")
    make_membership(session, person=leader, body=body, role=MembershipRole.LEADER, start_on=DAY)
    session.commit()
    actor = _actor("leder", Role.MEMBER, leader.id)
    body_id, project_id = body.id, project.id

    at(HALF_PAST_ELEVEN)  # the evening before: not the leader yet
    with pytest.raises(PermissionDenied) as refused:
        _advice(session, actor, body_id, project_id)
    assert refused.value.key == "error.not_group_leader"

    at(HALF_PAST_MIDNIGHT)
    advice = _advice(session, actor, body_id, project_id)
    assert (advice.body_id, advice.created_at) == (body_id, HALF_PAST_MIDNIGHT.replace(tzinfo=None))


def test_input_given_after_midnight_in_oslo_counts_on_the_new_day(session, at):
    body = make_body(session, name="Faggruppe for areal og transport")
    project = make_project(session, body=body)
    member = make_person(session, name="Nytt Medlem")
    make_membership(session, person=member, body=body, start_on=DAY)
    session.commit()

    at(HALF_PAST_MIDNIGHT)
    row = log_input(
        session,
        actor=_actor("medlem", Role.MEMBER, member.id),
        body_id=body.id,
        subject_type=SubjectType.PROJECT,
        subject_id=project.id,
        text="Vi støtter prosjektet.",
    )
    assert row.created_at == HALF_PAST_MIDNIGHT.replace(tzinfo=None)
    assert input_day(row.created_at) == DAY


def test_after_midnight_in_oslo_yesterday_is_past_for_a_follow_up(session, at):
    body = make_body(session, name="Faggruppe for kompetanse")
    project = make_project(session, body=body)
    session.commit()
    coordinator = _actor("koordinator", Role.COORDINATOR)
    director = _actor("direktor", Role.DIRECTOR)

    at(HALF_PAST_MIDNIGHT)
    advice = _advice(session, coordinator, body.id, project.id)
    advice = submit_advice(session, actor=coordinator, advice_id=advice.id, expected_version=advice.version)
    advice_id = advice.id
    with pytest.raises(ValidationFailed) as refused:
        decide_advice(
            session,
            actor=director,
            advice_id=advice_id,
            outcome=Outcome.FOLLOWED,
            follow_up_on=DAY - dt.timedelta(days=1),
        )
    assert refused.value.key == "error.follow_up_past"

    decide_advice(session, actor=director, advice_id=advice_id, outcome=Outcome.FOLLOWED, follow_up_on=DAY)
    decision = session.scalars(select(Decision).where(Decision.advice_id == advice_id)).one()
    assert (decision.follow_up_on, decision.decided_at) == (DAY, HALF_PAST_MIDNIGHT.replace(tzinfo=None))
