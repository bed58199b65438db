"""The hostile payloads and every free-text field the services accept: how a value is stored in each,
and the matrix that stores every payload in every field (test_hostile_text, test_hostile_fields)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock, i18n
from osloreg.db import read_sessions
from osloreg.enums import (
    AdviceState,
    CheckpointKind,
    ConsultationResult,
    Outcome,
    ProjectStatus,
    Role,
    UnitKind,
)
from osloreg.models import (
    Advice,
    AgendaItem,
    Case,
    Consultation,
    Decision,
    Input,
    Meeting,
    Membership,
    Milestone,
    Person,
    Project,
    ProjectCheckpoint,
    ProjectStatusChange,
    SubRegionMember,
    Unit,
    User,
)
from osloreg.services import advice as advice_services
from osloreg.services import cases as case_services
from osloreg.services import directory, inputs, meetings, projects, users
from osloreg.services.base import SYSTEM, Actor, DomainError
from tests import factories as f
from tests.database_state import every_row
from tests.pages.conftest import PASSWORD

PAYLOADS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "js_markdown_link": "[klikk](javascript:alert(1))",
    "bare_js": "javascript:alert(1)",
    "long_100k": "x" * 100_000,
    "nul": "før\x00etter",
    "bel": "ring\x07ring",
    "ansi": "\x1b[31mrød\x1b[0m",
    "rtl": "abc\u202etxt.exe\u200fdef",
    "emoji_zwj": "Team 👩\u200d👩\u200d👧\u200d👦 🇳🇴 👍🏽",
    "markdown": "**fet** _kursiv_\n# overskrift\n![img](http://x)",
    # Documented cleaning: surrounding whitespace trimmed, decomposed letters composed (NFC).
    "needs_cleaning": "  Kafe\u0301 \u2003",
    # An address with an @ and no space (the only check on e-mail) that carries markup.
    "email_markup": "x@example.org<script>alert(1)</script>",
    # A link that is a web address but tries to close the markdown link it may be shown in.
    "breakout_link": "https://example.org/a)[x](javascript:alert(1)",
    # A look-alike of a registered name (review #31): bidi isolates around "Oslo kommune".
    "bidi_isolates": "\u2066\u2067\u2068Oslo kommune\u2069",
    # What text pasted from Word or a web page carries: a byte order mark, a soft hyphen, a zero
    # width space.
    "pasted_invisible": "\ufeffLille\u00adstrøm\u200bkommune",
}
# The one-line fields (names, titles, places, addresses: at most 300 characters). There direction
# controls are refused, and invisible characters pasted along are dropped (a zero width space becomes
# a space); free text keeps them as written.
ONE_LINE_FIELDS = frozenset(
    {
        "input.policy_topic",
        "advice.title",
        "project.title",
        "milestone.title",
        "meeting.title",
        "meeting.place",
        "agenda.heading",
        "case.title",
        "person.name",
        "person.email",
        "person.employer",
        "person.title",
        "unit.name",
        "user.display_name",
        "user.email",
    }
)
DIRECTION_PAYLOADS = ("rtl", "bidi_isolates")
ONE_LINE_CLEANED = {"pasted_invisible": "Lillestrøm kommune"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MESSAGES = i18n.catalogue()

DIRECTOR = Actor(user_id=None, username="direktor", roles=frozenset({Role.DIRECTOR}))
_n = itertools.count(1)


# --- The fields: how to store a value in each, and where it lands -----------------------------------


@dataclass
class World:
    body: int
    person: int
    project: int
    future_meeting: int
    coordinator: Actor


def _past_meeting(session: Session, world: World) -> Meeting:
    return f.make_meeting(session, body=world.body, starts_at=f.at(clock.oslo_today() - dt.timedelta(days=3)))


def _input(session: Session, world: World, v: str, *, link: bool = False) -> tuple[type, int, str]:
    row = inputs.log_input(
        session,
        actor=world.coordinator,
        body_id=world.body,
        subject_type="policy",
        policy_topic="Næringspolitikk",
        text="Innspill" if link else v,
        link=v if link else None,
    )
    return Input, row.id, "link" if link else "text"


def _policy_topic(session: Session, world: World, v: str) -> tuple[type, int, str]:
    row = inputs.log_input(
        session, actor=world.coordinator, body_id=world.body, subject_type="policy", policy_topic=v, text="x"
    )
    return Input, row.id, "policy_topic"


def _advice(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    values = {"title": "Råd", "recommendation": "Anbefaling", attr: v}
    row = advice_services.create_advice(
        session,
        actor=world.coordinator,
        body_id=world.body,
        subject_type="policy",
        policy_topic="Næringspolitikk",
        **values,
    )
    return Advice, row.id, attr


def _submitted_advice(session: Session, world: World) -> Advice:
    return f.make_advice(session, body=world.body, state=AdviceState.SUBMITTED)


def _rationale(session: Session, world: World, v: str, advice: Advice) -> tuple[type, int, str]:
    row = advice_services.decide_advice(
        session, actor=DIRECTOR, advice_id=advice.id, outcome=Outcome.FOLLOWED, rationale=v
    )
    return Decision, row.id, "rationale"


def _decision(session: Session, world: World) -> Decision:
    return f.make_decision(session, advice=_submitted_advice(session, world))


def _reopen_reason(session: Session, world: World, v: str, old: Decision) -> tuple[type, int, str]:
    advice_services.reopen_decision(
        session,
        actor=DIRECTOR,
        advice_id=old.advice_id,
        reason=v,
        outcome=Outcome.NOTED,
        rationale="Ny vurdering",
    )
    return Decision, old.id, "reopen_reason"


def _project(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    values = {"title": "Prosjekt", attr: v}
    row = projects.create_project(session, actor=SYSTEM, body_id=world.body, **values)
    return Project, row.id, attr


def _first_note(session: Session, world: World, v: str) -> tuple[type, int, str]:
    row = projects.create_project(session, actor=SYSTEM, title="Prosjekt", note=v)
    change = session.scalar(sa.select(ProjectStatusChange.id).where(ProjectStatusChange.project_id == row.id))
    return ProjectStatusChange, change, "note"


def _idea(session: Session, world: World) -> Project:
    return f.make_project(session, status=ProjectStatus.IDEA)


def _ongoing(session: Session, world: World) -> Project:
    return f.make_project(session, status=ProjectStatus.ONGOING)


def _status_note(session: Session, world: World, v: str, project: Project) -> tuple[type, int, str]:
    projects.change_status(
        session,
        actor=SYSTEM,
        project_id=project.id,
        expected_status=ProjectStatus.IDEA,
        to_status=ProjectStatus.PLANNED,
        note=v,
    )
    change = session.scalar(
        sa.select(sa.func.max(ProjectStatusChange.id)).where(ProjectStatusChange.project_id == project.id)
    )
    return ProjectStatusChange, change, "note"


def _checkpoint_note(session: Session, world: World, v: str, project: Project) -> tuple[type, int, str]:
    row = projects.record_checkpoint(
        session,
        actor=SYSTEM,
        project_id=project.id,
        kind=CheckpointKind.INFORMED,
        expected=None,
        on_date=clock.oslo_today(),
        note=v,
    )
    return ProjectCheckpoint, row.id, "note"


def _milestone(session: Session, world: World, v: str) -> tuple[type, int, str]:
    row = projects.add_milestone(
        session,
        actor=SYSTEM,
        project_id=world.project,
        title=v,
        due_on=clock.oslo_today() + dt.timedelta(days=30),
    )
    return Milestone, row.id, "title"


def _meeting(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    starts = f.at(clock.oslo_today() + dt.timedelta(days=30 + next(_n)))
    row = meetings.plan_meeting(session, actor=SYSTEM, body_id=world.body, starts_at=starts, **{attr: v})
    return Meeting, row.id, attr


def _minutes(session: Session, world: World, v: str, meeting: Meeting) -> tuple[type, int, str]:
    meetings.record_minutes(
        session, actor=SYSTEM, meeting_id=meeting.id, expected_version=meeting.version, minutes=v
    )
    return Meeting, meeting.id, "minutes"


def _heading(session: Session, world: World, v: str) -> tuple[type, int, str]:
    row = meetings.add_agenda_item(session, actor=SYSTEM, meeting_id=world.future_meeting, heading=v)
    return AgendaItem, row.id, "heading"


def _case_on_past_agenda(session: Session, world: World) -> AgendaItem:
    return f.make_agenda_item(
        session, meeting=_past_meeting(session, world), case=f.make_case(session, year=2031, number=next(_n))
    )


def _result_text(session: Session, world: World, v: str, item: AgendaItem) -> tuple[type, int, str]:
    row = meetings.record_result(
        session, actor=SYSTEM, item_id=item.id, expected=None, result=ConsultationResult.NOTED, text=v
    )
    return Consultation, row.id, "result_text"


def _case(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    values = {"title": "Sak", attr: v}
    row = case_services.register_case(session, actor=SYSTEM, year=clock.oslo_today().year, **values)
    return Case, row.id, attr


def _a_case(session: Session, world: World) -> Case:
    return f.make_case(session, year=2031, number=next(_n), title="Sak")


def _final_decision(session: Session, world: World, v: str, case: Case) -> tuple[type, int, str]:
    case_services.update_case(
        session,
        actor=SYSTEM,
        case_id=case.id,
        expected=None,
        title="Sak",
        officer_person_id=None,
        proposed_decision=None,
        final_decision=v,
    )
    return Case, case.id, "final_decision"


def _person(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    values = {"name": "Kari Nordmann", attr: v}
    row = directory.create_person(session, actor=SYSTEM, **values)
    return Person, row.id, attr


def _unit(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    values = {"name": f"Enhet {next(_n)}", attr: v}
    row = directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, **values)
    return Unit, row.id, attr


def _a_person(session: Session, world: World) -> Person:
    return f.make_person(session)


def _membership_note(session: Session, world: World, v: str, person: Person) -> tuple[type, int, str]:
    row = directory.add_membership(
        session, actor=SYSTEM, person_id=person.id, body_id=world.body, start_on=dt.date(2024, 1, 1), note=v
    )
    return Membership, row.id, "note"


def _municipality_beside_a_sub_region(session: Session, world: World) -> Unit:
    directory.create_unit(session, actor=SYSTEM, kind=UnitKind.SUB_REGION, name=f"Enhet {next(_n)}")
    return directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, name=f"Enhet {next(_n)}")


def _link_note(session: Session, world: World, v: str, municipality: Unit) -> tuple[type, int, str]:
    sub_region_id = session.scalar(sa.select(sa.func.max(Unit.id)).where(Unit.kind == UnitKind.SUB_REGION))
    session.rollback()  # the service opens its own transaction
    row = directory.add_sub_region_link(
        session,
        actor=SYSTEM,
        sub_region_id=sub_region_id,
        municipality_id=municipality.id,
        note=v,
    )
    return SubRegionMember, row.id, "note"


def _user(session: Session, world: World, v: str, attr: str) -> tuple[type, int, str]:
    row = users.update_user(session, actor=SYSTEM, username="hostile", **{attr: v})
    return User, row.id, attr


Store = Callable[..., tuple[type, int, str]]
# A field: the rows its service needs, made fresh for each payload (committed before the database is
# read, so that a refusal can be seen to change nothing), and the service call that stores a value.
Field = tuple[Callable[[Session, World], Any] | None, Store]


def stored_by(fn: Store, prepare: Callable[[Session, World], Any] | None = None, **kwargs: Any) -> Field:
    return prepare, lambda session, world, v, *prepared: fn(session, world, v, *prepared, **kwargs)


FIELDS: dict[str, Field] = {
    "input.text": stored_by(_input),
    "input.link": stored_by(_input, link=True),
    "input.policy_topic": stored_by(_policy_topic),
    "advice.title": stored_by(_advice, attr="title"),
    "advice.recommendation": stored_by(_advice, attr="recommendation"),
    "decision.rationale": stored_by(_rationale, _submitted_advice),
    "decision.reopen_reason": stored_by(_reopen_reason, _decision),
    "project.title": stored_by(_project, attr="title"),
    "project.description": stored_by(_project, attr="description"),
    "project.outside_partners": stored_by(_project, attr="outside_partners"),
    "project.first_note": stored_by(_first_note),
    "project.status_note": stored_by(_status_note, _idea),
    "project.checkpoint_note": stored_by(_checkpoint_note, _ongoing),
    "milestone.title": stored_by(_milestone),
    "meeting.title": stored_by(_meeting, attr="title"),
    "meeting.place": stored_by(_meeting, attr="place"),
    "meeting.minutes": stored_by(_minutes, _past_meeting),
    "agenda.heading": stored_by(_heading),
    "consultation.result_text": stored_by(_result_text, _case_on_past_agenda),
    "case.title": stored_by(_case, attr="title"),
    "case.proposed_decision": stored_by(_case, attr="proposed_decision"),
    "case.final_decision": stored_by(_final_decision, _a_case),
    "person.name": stored_by(_person, attr="name"),
    "person.email": stored_by(_person, attr="email"),
    "person.employer": stored_by(_person, attr="employer"),
    "person.title": stored_by(_person, attr="title"),
    "unit.name": stored_by(_unit, attr="name"),
    "unit.note": stored_by(_unit, attr="note"),
    "membership.note": stored_by(_membership_note, _a_person),
    "sub_region_link.note": stored_by(_link_note, _municipality_beside_a_sub_region),
    "user.display_name": stored_by(_user, attr="display_name"),
    "user.email": stored_by(_user, attr="email"),
}


def _world(session: Session) -> World:
    body = f.make_body(session, name="Faggruppe for næringssamarbeid")
    person = f.make_person(session, name="Koordinator Person")
    project = f.make_project(session, title="Prosjekt med milepæler", body=body)
    meeting = f.make_meeting(session, body=body, starts_at=f.at(clock.oslo_today() + dt.timedelta(days=10)))
    session.commit()
    users.create_user(
        session, actor=SYSTEM, username="hostile", display_name="Hostile", password=PASSWORD, roles=["viewer"]
    )
    coordinator = Actor(
        user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}), person_id=person.id
    )
    return World(body.id, person.id, project.id, meeting.id, coordinator)


def _database(session: Session) -> dict[str, list[tuple]]:
    """Every row of every table, to prove a refused call changed nothing."""
    rows = every_row(session)
    session.rollback()
    return rows


def _stored(session: Session, model: type | Callable[[Session], Any], row_id: int, attr: str) -> Any:
    """The column's value; a field kept only in its audit event gives a function that reads it."""
    if isinstance(model, type):
        value = session.scalar(sa.select(getattr(model, attr)).where(model.id == row_id))
    else:
        value = model(session)
    session.rollback()
    return value


def check_field_matrix(
    engine: Engine,
    payloads: dict[str, str],
    fields: dict[str, Field] | None = None,
    one_line: frozenset[str] = ONE_LINE_FIELDS,
    make_world: Callable[[Session], Any] | None = None,
) -> Counter:
    """Every field x payload; returns the counts of each outcome. A field's store returns (model, id,
    column), or (model, id, column, the text it sent) where it sends the payload inside a longer one."""
    fields = FIELDS if fields is None else fields
    counts: Counter = Counter()
    with read_sessions(engine)() as session:
        world = (make_world or _world)(session)
        for (field, (prepare, store)), (name, value) in itertools.product(fields.items(), payloads.items()):
            case = f"{field} <- {name}"
            prepared = ()
            if prepare is not None:
                row = prepare(session, world)
                session.commit()
                # Its column values, not the object: the rollbacks below expire it.
                columns = sa.inspect(row).mapper.column_attrs
                prepared = (SimpleNamespace(**{c.key: getattr(row, c.key) for c in columns}),)
            before = _database(session)
            try:
                model, row_id, attr, *sent = store(session, world, value, *prepared)
            except DomainError as refusal:
                session.rollback()
                texts = _MESSAGES.get(refusal.key)
                assert texts is not None, f"{case}: refused with {refusal.key}, not in the catalogue"
                assert texts["nb"].strip() and texts["en"].strip(), f"{case}: {refusal.key} lacks a language"
                assert i18n.translate(refusal.key, "en", **refusal.params) != refusal.key
                assert _database(session) == before, f"{case}: refused, but the database changed"
                if field in one_line and name in DIRECTION_PAYLOADS:
                    assert refusal.key == "error.invisible_characters", f"{case}: refused as {refusal.key}"
                counts["refused"] += 1
                counts[f"refused:{refusal.key}"] += 1
                continue
            # Anything else than a domain error (a database error, a crash) fails the test right here.
            stored = _stored(session, model, row_id, attr)
            value = sent[0] if sent else value
            assert not _CONTROL.search(stored), f"{case}: control characters stored"
            assert not (field in one_line and name in DIRECTION_PAYLOADS), f"{case}: stored {stored!r}"
            counts[f"stored:{field}"] += 1
            if field in one_line and name in ONE_LINE_CLEANED:
                expected = value.replace(payloads[name], ONE_LINE_CLEANED[name])
                assert stored == expected, f"{case}: stored {stored!r}"
                counts["cleaned"] += 1
                counts["invisible_dropped"] += 1
            elif stored == value:
                counts["as_given"] += 1
            else:
                assert stored == unicodedata.normalize("NFC", value.strip()), f"{case}: stored {stored!r}"
                counts["cleaned"] += 1
            assert _database(session) != before, f"{case}: stored, but nothing was written"
    counts["checked"] = counts["refused"] + counts["as_given"] + counts["cleaned"]
    return counts


def matrix_summary(counts: Counter, payloads: dict[str, str], fields: dict[str, Field] | None = None) -> str:
    fields = FIELDS if fields is None else fields
    return (
        f"{len(fields)} fields x {len(payloads)} payloads = {counts['checked']} checked: "
        f"{counts['as_given']} stored as given, {counts['cleaned']} cleaned, {counts['refused']} refused "
        f"({counts['refused:error.control_characters']} control characters, "
        f"{counts['refused:error.too_long']} too long, {counts['refused:error.link_scheme']} link scheme, "
        f"{counts['refused:error.email_invalid']} e-mail, "
        f"{counts['refused:error.invisible_characters']} direction or invisible characters in a name or "
        f"title), {counts['invisible_dropped']} pasted invisible characters dropped from a name or title, "
        "0 unhandled, 0 half-written"
    )
