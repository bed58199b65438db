"""Shared by the meeting and case service tests: the world (bodies, people, units, an actor for every
role), readers that end their read (so the next service may open its own transaction), the check that a
refusal leaves every row of every table as it was, the audit events a call writes, the stored
standing of a case checked against the rule, and the table of one valid call of every meeting service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import Role
from osloreg.models import AgendaItem, AuditEvent, Case, Consultation, Meeting, User
from osloreg.rules import cases as case_rules
from osloreg.services.base import REGISTRY, Actor, DomainError
from osloreg.services.cases import register_case
from osloreg.services.meeting_cycle import (
    approve_minutes,
    hold_meeting,
    publish_minutes,
    record_proceedings,
    send_notice,
    set_notice_period,
)
from osloreg.services.meetings import (
    add_agenda_item,
    attendance_state,
    cancel_meeting,
    move_agenda_item,
    plan_meeting,
    record_attendance,
    record_minutes,
    record_result,
    remove_agenda_item,
    set_item_closed,
    update_meeting,
)
from tests.database_state import every_row
from tests.factories import (
    at,
    days,
    make_agenda_item,
    make_body,
    make_case,
    make_consultation,
    make_meeting,
    make_person,
    make_unit,
)

# --- The world ------------------------------------------------------------------------------------------


@dataclass
class World:
    board: int  # the deciding body (styret)
    group: int  # a preparing body (a faggruppe)
    persons: list[int]
    units: list[int]
    coordinator: Actor  # a real user, so that the audit trail's "who" can be checked
    director: Actor
    admin: Actor
    member: Actor
    viewer: Actor


def actor(name: str, role: str, user_id: int | None = None) -> Actor:
    return Actor(user_id=user_id, username=name, roles=frozenset({role}))


def build_meeting_world(session: Session) -> World:
    """The rows every test starts from, committed (services open their own transaction)."""
    board = make_body(session, name="Styret for Osloregionen", kind="board")
    group = make_body(session, name="Faggruppe for areal og transport")
    persons = [make_person(session, name=name) for name in ("Kari Nordmann", "Ola Hansen", "Per Berg")]
    units = [make_unit(session, name=name) for name in ("Asker kommune", "Bærum kommune")]
    user = User(username="koordinator", display_name="Koordinatoren", password_hash="-")
    session.add(user)
    session.flush()
    world = World(
        board=board.id,
        group=group.id,
        persons=[person.id for person in persons],
        units=[unit.id for unit in units],
        coordinator=actor("koordinator", Role.COORDINATOR, user.id),
        director=actor("direktor", Role.DIRECTOR),
        admin=actor("admin", Role.ADMIN),
        member=actor("medlem", Role.MEMBER),
        viewer=actor("leser", Role.VIEWER),
    )
    session.commit()
    return world


@dataclass
class Clerk:
    """Runs services as the world's coordinator: `clerk(service, **kwargs)`, and a few shorthands."""

    session: Session
    world: World

    def __call__(self, service: Callable[..., Any], **kwargs: Any) -> Any:
        return service(self.session, actor=self.world.coordinator, **kwargs)

    def plan(self, day: Any, hour: int = 10, **changes: Any) -> Meeting:
        """A meeting of the board on `day`."""
        values = {"body_id": self.world.board, "starts_at": at(day, hour), "place": "Oslo rådhus"}
        return self(plan_meeting, **{**values, **changes})

    def case(self, *steps: tuple[int, str, bool], **changes: Any) -> Case:
        """A case registered this year whose path is `steps`, each (body, role, deciding)."""
        values = {
            "year": today().year,
            "title": "Regional plan for areal og transport",
            "proposed_decision": "Styret slutter seg til planen.",
            "path": [
                {"body_id": body, "role": role, "authoritative": deciding} for body, role, deciding in steps
            ],
        }
        return self(register_case, **{**values, **changes})

    def add(self, meeting: Meeting, case: Case, **changes: Any) -> AgendaItem:
        return self(add_agenda_item, meeting_id=meeting.id, case_id=case.id, **changes)

    def heading(self, meeting: Meeting, heading: str = "Eventuelt") -> AgendaItem:
        return self(add_agenda_item, meeting_id=meeting.id, heading=heading)

    def result(self, item: AgendaItem, result: str, text: str | None = None, expected: Any = None) -> Any:
        return self(record_result, item_id=item.id, expected=expected, result=result, text=text)


# --- Reading the database (every reader ends its read) ---------------------------------------------------


def everything(session: Session) -> dict[str, list[Any]]:
    """Every row of every table (the test databases are small): a refusal must leave all of it."""
    state = every_row(session)
    session.commit()  # end the read; expire_on_commit is off, so the test's objects stay usable
    return state


def events(session: Session) -> list[AuditEvent]:
    rows = list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))
    session.commit()
    return rows


def stored(session: Session, model: type, row_id: int) -> Any:
    """The row as the database has it now (None if it is gone)."""
    row = session.get(model, row_id, populate_existing=True)
    session.commit()
    return row


def path(session: Session, case_id: int) -> list[Consultation]:
    """The case's steps as stored, in order."""
    query = sa.select(Consultation).where(Consultation.case_id == case_id).order_by(Consultation.sequence)
    rows = list(session.scalars(query.execution_options(populate_existing=True)))
    session.commit()
    return rows


def steps(session: Session, case: Case) -> list[tuple[int, int | None, Any]]:
    """(sequence, meeting_id, planned_on) of each of the case's steps."""
    return [(step.sequence, step.meeting_id, step.planned_on) for step in path(session, case.id)]


def agenda(session: Session, meeting_id: int) -> list[tuple[int, int | None, str | None]]:
    """(position, case_id, heading) of each item, in order."""
    query = sa.select(AgendaItem.position, AgendaItem.case_id, AgendaItem.heading).where(
        AgendaItem.meeting_id == meeting_id
    )
    rows = [tuple(row) for row in session.execute(query.order_by(AgendaItem.position))]
    session.commit()
    return rows


def attendance(session: Session, meeting_id: int) -> list[dict[str, Any]]:
    state = attendance_state(session, meeting_id)
    session.commit()
    return state


def standing(session: Session, case_id: int) -> tuple[case_rules.Standing, case_rules.CaseState]:
    """The case's stored standing, checked against what the rule gives from its consultations; the
    standing and the case's state in a word are handed back."""
    case = session.get(Case, case_id, populate_existing=True)
    steps = [
        case_rules.Step(
            sequence=row.sequence,
            body_id=row.body_id,
            planned_on=row.planned_on,
            treated_on=row.treated_on,
            result=row.result,
            authoritative=row.authoritative,
        )
        for row in path(session, case_id)
    ]
    rule = case_rules.standing(steps, opened_on=case.created_at.date())
    assert (bool(case.waiting), case.idle_since) == (rule.waiting, rule.idle_since), case.label
    return rule, case_rules.case_state(steps)


# --- Expectations ----------------------------------------------------------------------------------------


@contextmanager
def refused(
    session: Session, key: str, error: type[DomainError] = DomainError
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The call inside is refused with `key`, and the database (audit trail included) is unchanged."""
    before = everything(session)
    with pytest.raises(error) as caught:
        yield caught
    assert caught.value.key == key, caught.value
    assert everything(session) == before
    # The service's rollback expired the test's objects; load them again (and end that read), so
    # that reading one of them later does not leave a transaction open for the next service.
    for obj in list(session.identity_map.values()):
        session.refresh(obj)
    session.commit()


@contextmanager
def audited(session: Session, *actions: str) -> Iterator[list[AuditEvent]]:
    """The call inside writes exactly these audit events, in this order; they are handed back."""
    seen = {event.id for event in events(session)}
    added: list[AuditEvent] = []
    yield added
    added.extend(event for event in events(session) if event.id not in seen)
    assert [event.action for event in added] == list(actions)


# --- The table of every service of a module ----------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    run: Callable[..., Any]
    kwargs: dict[str, Any]
    actions: tuple[str, ...]  # the audit events it writes when allowed


def call(run: Callable[..., Any], *actions: str, **kwargs: Any) -> Call:
    return Call(run, kwargs, actions)


def table(*calls: Call) -> dict[str, Call]:
    """The calls by the name of their service."""
    return {each.run.__name__: each for each in calls}


def registered(module: str) -> set[str]:
    """The names of the services a module registers."""
    return {name.split(".", 1)[1] for name in REGISTRY if name.startswith(f"{module}.")}


def every_meeting_service(session: Session, world: World) -> dict[str, Call]:
    """One valid call of each service of services.meetings, each on rows of its own, made with the
    factories so that no audit event precedes them."""
    future, past = at(today() + days(10)), at(today() - days(3))
    moved, cancelled, minuted, extended, reordered, shortened, treated, attended = (
        make_meeting(session, body=world.board, starts_at=when)
        for when in (future, future, past, future, future, future, past, future)
    )
    _, second = (
        make_agenda_item(session, meeting=reordered, heading=h) for h in ("Orientering", "Eventuelt")
    )
    removed = make_agenda_item(session, meeting=shortened, heading="Eventuelt")
    closed = make_agenda_item(session, meeting=extended, heading="Personalsak")
    case = make_case(session, year=2019)
    make_consultation(session, case=case, body=world.board, meeting=treated, planned_on=past.date())
    item = make_agenda_item(session, meeting=treated, case=case)
    session.commit()
    v1 = {"expected_version": 1}
    return table(
        call(plan_meeting, "meeting.plan", body_id=world.board, starts_at=future),
        call(update_meeting, "meeting.move", meeting_id=moved.id, **v1, starts_at=future + days(1)),
        call(cancel_meeting, "meeting.cancel", meeting_id=cancelled.id, **v1, reason="Syk"),
        call(record_minutes, "meeting.minutes", meeting_id=minuted.id, **v1, minutes="Protokoll"),
        call(add_agenda_item, "meeting.agenda_add", meeting_id=extended.id, heading="Eventuelt"),
        call(move_agenda_item, "meeting.agenda_move", item_id=second.id, offset=-1),
        call(remove_agenda_item, "meeting.agenda_remove", item_id=removed.id),
        call(
            set_item_closed,
            "meeting.agenda_closed",
            item_id=closed.id,
            closed_basis="kommuneloven § 11-5 andre ledd bokstav a",
        ),
        call(record_result, "meeting.result", "case.treated", item_id=item.id, expected=None, result="noted"),
        call(
            record_attendance,
            "meeting.attendance",
            meeting_id=attended.id,
            expected=[],
            attendees=[{"person_id": world.persons[0]}],
        ),
    )


def every_cycle_service(session: Session, world: World) -> dict[str, Call]:
    """One valid call of each service of services.meeting_cycle, each on rows of its own, made with the
    factories so that no audit event precedes them."""
    future, past = at(today() + days(10)), at(today() - days(3))
    to_call = make_meeting(session, body=world.board, starts_at=future)
    make_agenda_item(session, meeting=to_call, heading="Godkjenning av innkalling og saksliste")
    to_hold = make_meeting(session, body=world.board, starts_at=past)
    held, signed = (make_meeting(session, body=world.board, starts_at=past, status="held") for _ in range(2))
    approved = make_meeting(session, body=world.board, starts_at=past, status="approved")
    item = make_agenda_item(session, meeting=held, heading="Eventuelt")
    session.commit()
    v1 = {"expected_version": 1}
    return table(
        call(send_notice, "document.generate", "meeting.notice", meeting_id=to_call.id, **v1),
        call(hold_meeting, "meeting.held", meeting_id=to_hold.id, **v1),
        call(
            approve_minutes,
            "meeting.approve",
            "document.generate",
            meeting_id=signed.id,
            **v1,
            method="signers",
            signers=[(world.persons[0], today())],
        ),
        call(publish_minutes, "meeting.publish", meeting_id=approved.id, **v1),
        call(
            record_proceedings,
            "meeting.proceedings",
            item_id=item.id,
            expected=None,
            proceedings="Lagt fram uten endringer.",
            decision_text="Ingen saker.",
        ),
        call(
            set_notice_period,
            "body.notice_period",
            body_id=world.group,
            expected=None,
            days=7,
            basis="illustrative",
            source="Satt av administrator",
        ),
    )
