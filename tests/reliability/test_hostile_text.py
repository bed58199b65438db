"""Hostile text in every free-text field the services accept, and on every page that shows it.

Storage: each field x payload is either stored exactly as given, or cleaned the documented way
(clean_text: surrounding whitespace trimmed, NFC; in names and titles, invisible characters pasted
along dropped), or refused with a catalogue key that reads in
both languages; never an unhandled exception, never a database error (PostgreSQL refuses NUL in
text), never half-written (a refused call leaves every table as it was).
Rendering: with hostile values in every field, every page and record view runs in AppTest without
an exception and shows them only as text: no live link to javascript:, no raw HTML."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock, i18n
from osloreg.db import read_session, read_sessions
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
    Absence,
    Advice,
    AgendaItem,
    ApiToken,
    Base,
    Case,
    Consultation,
    Decision,
    Disqualification,
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
from tests.pages.conftest import PASSWORD, add_users, build_world, page_test, world_copy

REPO_ROOT = Path(__file__).resolve().parents[2]

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


def _with(fn: Store, prepare: Callable[[Session, World], Any] | None = None, **kwargs: Any) -> Field:
    return prepare, lambda session, world, v, *prepared: fn(session, world, v, *prepared, **kwargs)


FIELDS: dict[str, Field] = {
    "input.text": _with(_input),
    "input.link": _with(_input, link=True),
    "input.policy_topic": _with(_policy_topic),
    "advice.title": _with(_advice, attr="title"),
    "advice.recommendation": _with(_advice, attr="recommendation"),
    "decision.rationale": _with(_rationale, _submitted_advice),
    "decision.reopen_reason": _with(_reopen_reason, _decision),
    "project.title": _with(_project, attr="title"),
    "project.description": _with(_project, attr="description"),
    "project.outside_partners": _with(_project, attr="outside_partners"),
    "project.first_note": _with(_first_note),
    "project.status_note": _with(_status_note, _idea),
    "project.checkpoint_note": _with(_checkpoint_note, _ongoing),
    "milestone.title": _with(_milestone),
    "meeting.title": _with(_meeting, attr="title"),
    "meeting.place": _with(_meeting, attr="place"),
    "meeting.minutes": _with(_minutes, _past_meeting),
    "agenda.heading": _with(_heading),
    "consultation.result_text": _with(_result_text, _case_on_past_agenda),
    "case.title": _with(_case, attr="title"),
    "case.proposed_decision": _with(_case, attr="proposed_decision"),
    "case.final_decision": _with(_final_decision, _a_case),
    "person.name": _with(_person, attr="name"),
    "person.email": _with(_person, attr="email"),
    "person.employer": _with(_person, attr="employer"),
    "person.title": _with(_person, attr="title"),
    "unit.name": _with(_unit, attr="name"),
    "unit.note": _with(_unit, attr="note"),
    "membership.note": _with(_membership_note, _a_person),
    "sub_region_link.note": _with(_link_note, _municipality_beside_a_sub_region),
    "user.display_name": _with(_user, attr="display_name"),
    "user.email": _with(_user, attr="email"),
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
    # Straight through the driver's cursor: this runs twice per case, ~900 times a test.
    cursor = session.connection().connection.driver_connection.cursor()
    rows = {}
    for table in Base.metadata.sorted_tables:
        cursor.execute(f'SELECT * FROM "{table.name}"')
        rows[table.name] = sorted(map(tuple, cursor.fetchall()), key=repr)
    cursor.close()
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


def _check_field_matrix(
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


def _summary(counts: Counter, payloads: dict[str, str], fields: dict[str, Field] | None = None) -> str:
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


def test_every_field_stores_or_refuses_every_hostile_payload_on_sqlite(sqlite_engine: Engine, figures):
    counts = _check_field_matrix(sqlite_engine, PAYLOADS)
    assert counts["checked"] == len(FIELDS) * len(PAYLOADS)
    # Every control character is refused before the database; nothing takes 100,000 characters.
    assert counts["refused:error.control_characters"] >= 3 * (len(FIELDS) - 1)
    assert counts["refused:error.too_long"] >= len(FIELDS) - 1
    assert counts["as_given"] > 0 and counts["cleaned"] > 0
    # Every one-line field refuses both direction payloads and drops what was pasted along with text.
    assert counts["refused:error.invisible_characters"] == len(DIRECTION_PAYLOADS) * len(ONE_LINE_FIELDS)
    # (A person's e-mail address refuses it: it has no @; a user's address is not checked for one.)
    assert counts["invisible_dropped"] == len(ONE_LINE_FIELDS) - 1
    # Each field stores something (the table does reach its column), and refuses what it must.
    assert [field for field in FIELDS if not counts[f"stored:{field}"]] == []
    figures.record(_summary(counts, PAYLOADS))


def test_nul_and_control_characters_never_reach_postgresql(postgres_engine: Engine, figures):
    """PostgreSQL refuses NUL in text with a database error: the services must refuse it first."""
    payloads = {
        name: PAYLOADS[name] for name in ("nul", "bel", "ansi", "rtl", "emoji_zwj", "script", "bidi_isolates")
    }
    counts = _check_field_matrix(postgres_engine, payloads)
    assert counts["refused:error.control_characters"] >= 3 * (len(FIELDS) - 1)
    figures.record("PostgreSQL: " + _summary(counts, payloads))


# --- Rendering: hostile values in every field, every page and record view ---------------------------

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [klikk](javascript:alert(1)) "
    "javascript:alert(1) <javascript:alert(1)> \u202eevil\u200f 👩\u200d👩\u200d👧 🇳🇴\n"
    "**fet** # overskrift ![img](http://x) $x$"
)
# Names and titles written through the services refuse direction controls (review #31), so those
# carry the rest of the payload; the rows written directly keep them, as older data may.
HOSTILE_LINE = HOSTILE.replace("\u202e", "").replace("\u200f", "")
HOSTILE_EMAIL = "x@example.org<script>alert(1)</script>"
HOSTILE_LINK = "https://example.org/a)[x](javascript:alert(1)"
# Where the stored text would turn into something live when handed to Streamlit's markdown: a
# link or image whose destination runs script, an
# autolink to such a scheme, or raw HTML.
# A character counts as markup only after an even number of backslashes (none, or escaped ones).
_UNESCAPED = r"(?:^|[^\\])(?:\\\\)*"
_LIVE_LINK = re.compile(_UNESCAPED + r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_LIVE_AUTOLINK = re.compile(_UNESCAPED + r"<\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_RAW_HTML = re.compile(_UNESCAPED + r"<\s*(?:script|img)\b", re.IGNORECASE)
_PEOPLE = {"admin": "admin", "direktor": "director", "koordinator": "coordinator", "medlem": "member"}


def _hostile_world(engine: Engine) -> None:
    """Every free-text column holds hostile text; some of it written through the services, so that
    the audit trail carries it too."""
    day = clock.oslo_today()
    with read_session(engine) as session:
        unit = f.make_unit(session, name="Oslo " + HOSTILE[:150], county_level=True, note=HOSTILE)
        f.make_unit(session, kind=UnitKind.SUB_REGION, name="Follo " + HOSTILE[:150], note=HOSTILE)
        body = f.make_body(session, name="Faggruppe " + HOSTILE[:150])
        author = f.make_person(session, name=HOSTILE[:190], email=HOSTILE_EMAIL, employer=HOSTILE[:190])
        session.get(Person, author.id).title = HOSTILE[:190]
        f.make_membership(session, person=author, body=body, represents=unit, role="leader")
        session.get(Membership, session.scalar(sa.select(sa.func.max(Membership.id)))).note = HOSTILE
        project = f.make_project(
            session,
            title=HOSTILE,
            body=body,
            owner=author,
            description=HOSTILE,
            outside_partners=HOSTILE,
            start_on=day - dt.timedelta(days=100),
            end_on=day + dt.timedelta(days=100),
        )
        session.add_all(
            [
                Milestone(project_id=project.id, title=HOSTILE, due_on=day - dt.timedelta(days=5)),
                ProjectStatusChange(
                    project_id=project.id,
                    from_status=None,
                    to_status="ongoing",
                    note=HOSTILE,
                    changed_at=f.now(),
                ),
                ProjectCheckpoint(
                    project_id=project.id, kind=CheckpointKind.INFORMED, on_date=day, note=HOSTILE
                ),
            ]
        )
        case = f.make_case(
            session, title=HOSTILE, proposed_decision=HOSTILE, final_decision=HOSTILE, officer=author
        )
        held = f.make_meeting(
            session, body=body, starts_at=f.at(day - dt.timedelta(days=2)), title=HOSTILE, place=HOSTILE
        )
        session.get(Meeting, held.id).minutes = HOSTILE
        session.get(Meeting, held.id).status = "held"
        heading = f.make_agenda_item(session, meeting=held, heading=HOSTILE)
        heading.proceedings, heading.decision_text = HOSTILE, HOSTILE
        case_item = f.make_agenda_item(session, meeting=held, case=case)
        _new_hostile_rows(session, held, case_item, author)
        f.make_consultation(
            session, case=case, body=body, meeting=held, treated_on=held.starts_at.date(), result="noted"
        )
        session.get(
            Consultation, session.scalar(sa.select(sa.func.max(Consultation.id)))
        ).result_text = HOSTILE
        f.make_meeting(
            session, body=body, starts_at=f.at(day + dt.timedelta(days=5)), title=HOSTILE, place=HOSTILE
        )
        given = f.make_input(session, body=body, author=author, unit=unit, subject=project, text=HOSTILE)
        session.get(Input, given.id).link = HOSTILE_LINK
        f.make_input(session, body=body, author=author, subject=HOSTILE[:250], text=HOSTILE)
        waiting = f.make_advice(
            session,
            body=body,
            state=AdviceState.SUBMITTED,
            title=HOSTILE[:290],
            recommendation=HOSTILE,
            subject=project,
            target_date=day - dt.timedelta(days=1),
        )
        session.get(Advice, waiting.id).inputs = [session.get(Input, given.id)]
        decided = f.make_advice(
            session,
            body=body,
            state=AdviceState.SUBMITTED,
            title=HOSTILE[:290],
            recommendation=HOSTILE,
            subject=case,
        )
        old = f.make_decision(session, advice=decided, outcome=Outcome.NOT_FOLLOWED, rationale=HOSTILE)
        session.get(Decision, old.id).reopened_at = f.now()
        session.get(Decision, old.id).reopen_reason = HOSTILE
        f.make_decision(
            session,
            advice=decided,
            outcome=Outcome.PARTLY_FOLLOWED,
            rationale=HOSTILE,
            follow_up_on=day + dt.timedelta(days=20),
        )
        session.commit()
        add_users(session, _PEOPLE, people={"medlem": author.id, "koordinator": author.id})
        users.update_user(
            session,
            actor=SYSTEM,
            username="koordinator",
            display_name=HOSTILE_LINE[:190],
            email=HOSTILE_EMAIL,
        )
        # Through the services: the audit trail then holds the hostile text as well.
        projects.create_project(session, actor=SYSTEM, title=HOSTILE_LINE, description=HOSTILE, note=HOSTILE)
        directory.create_person(session, actor=SYSTEM, name=HOSTILE_LINE[:190], email=HOSTILE_EMAIL)
        case_services.register_case(
            session, actor=SYSTEM, year=day.year, title=HOSTILE_LINE, proposed_decision=HOSTILE
        )


def _new_hostile_rows(session: Session, held: Meeting, case_item: AgendaItem, author: Person) -> None:
    """The fields added since: documents (title, exempt basis), a closed item's basis, forfall and
    habilitet reasons, an API token's name, all holding the hostile text."""
    from tests.integration.services.document_world import make_document

    make_document(session, meeting_id=held.id, title=HOSTILE[:290])
    make_document(session, case_id=case_item.case_id, title=HOSTILE[:290], exempt_basis=HOSTILE[:190])
    closed = f.make_agenda_item(session, meeting=held, case=f.make_case(session, title=HOSTILE[:290]))
    closed.closed_basis = "offentleglova § 13 " + HOSTILE[:150]
    session.add_all(
        [
            Absence(meeting_id=held.id, person_id=author.id, reason=HOSTILE),
            Disqualification(
                meeting_id=held.id,
                agenda_item_id=case_item.id,
                person_id=author.id,
                ground="fvl_6_1_a",
                reason=HOSTILE,
            ),
            ApiToken(name=HOSTILE_LINE[:100], token_sha256="0" * 64),
        ]
    )
    session.flush()


@pytest.fixture(scope="module")
def hostile_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(sqlite_template, tmp_path_factory.mktemp("hostile"), _hostile_world)


@pytest.fixture
def hostile_db(hostile_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with world_copy(hostile_template, tmp_path, monkeypatch) as engine:
        yield engine


def _record_ids(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        first = lambda model, *where: session.scalar(sa.select(sa.func.min(model.id)).where(*where))  # noqa: E731
        return {
            "project": first(Project),
            "meeting": first(Meeting, Meeting.minutes.is_not(None)),
            "case": first(Case, Case.final_decision.is_not(None)),
            # A member who represents a unit: both records then show a term.
            "person": session.scalar(
                sa.select(sa.func.min(Membership.person_id)).where(Membership.represents_unit_id.is_not(None))
            ),
            "unit": session.scalar(sa.select(sa.func.min(Membership.represents_unit_id))),
            # The last ones were made through the services, so they have a history in the audit trail.
            "audited_project": session.scalar(sa.select(sa.func.max(Project.id))),
            "audited_case": session.scalar(sa.select(sa.func.max(Case.id))),
        }


def _views(ids: dict[str, int]) -> list[tuple[str, str, dict[str, str], tuple[str, ...]]]:
    """(page, user, query, tab keys): every page as a user who sees its data, and the record views."""
    return [
        ("pages/overview.py", "direktor", {}, ()),
        ("pages/input.py", "medlem", {}, ()),
        ("pages/advice.py", "koordinator", {}, ()),
        ("pages/decisions.py", "direktor", {}, ("decisions_tab",)),
        ("pages/pipeline.py", "koordinator", {}, ("pipeline_tab",)),
        ("pages/pipeline.py", "koordinator", {"project": str(ids["project"])}, ("project_tab",)),
        ("pages/calendar.py", "koordinator", {}, ()),
        ("pages/calendar.py", "koordinator", {"meeting": str(ids["meeting"])}, ("meeting_tab",)),
        ("pages/cases.py", "koordinator", {}, ("cases_tab",)),
        ("pages/cases.py", "koordinator", {"case": str(ids["case"])}, ("case_tab",)),
        ("pages/coverage.py", "koordinator", {}, ("coverage_tab",)),
        # A person's and a unit's record, where the search's hits for them lead.
        ("pages/coverage.py", "koordinator", {"person": str(ids["person"])}, ()),
        ("pages/coverage.py", "koordinator", {"unit": str(ids["unit"])}, ()),
        ("pages/admin.py", "admin", {}, ("admin_tab",)),
        ("pages/admin.py", "admin", {"entity": "project", "entity_id": str(ids["audited_project"])}, ()),
        ("pages/admin.py", "admin", {"entity": "case", "entity_id": str(ids["audited_case"])}, ()),
        # The search's hits: titles and lines of context cut from the hostile text, and its query.
        ("pages/search.py", "koordinator", {"q": "alert overskrift"}, ()),
        ("pages/search.py", "koordinator", {"q": "alert"}, ()),
        ("pages/search.py", "direktor", {"q": HOSTILE_LINE[:150]}, ()),
    ]


def _nodes(at) -> Iterator[Any]:
    yield from at._tree  # every element and block of the run, nested ones included


def _live_markup(at) -> tuple[list[str], int]:
    """What in the run Streamlit would render as a live link or HTML, and how many strings shown
    (markdown, labels, table cells) carried the hostile text (so that the check is not vacuous)."""
    from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Markdown, Toast

    found, carrying = [], 0
    for node in _nodes(at):
        texts = []
        if isinstance(node, (Markdown, AlertBase, HeadingBase, Toast)) and isinstance(node.value, str):
            texts.append(node.value)
        for name in ("label", "help"):  # widget, tab and expander labels and help are markdown too
            value = getattr(node, name, None)
            if isinstance(value, str):
                texts.append(value)
        for text in texts:
            carrying += "alert(1)" in text
            if _LIVE_LINK.search(text) or _LIVE_AUTOLINK.search(text) or _RAW_HTML.search(text):
                found.append(f"{node.type}: {text[:200]!r}")
        proto = getattr(node, "proto", None)
        for name in ("url", "page"):
            url = getattr(proto, name, "") if proto is not None else ""
            if isinstance(url, str) and url.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{node.type} {name}: {url!r}")
        if node.type in ("dataframe", "table"):  # drawn as plain text cells: shown, never rendered
            carrying += sum("alert(1)" in str(cell) for cell in node.value.to_numpy().ravel())
        if node.type == "html":
            found.append(f"html element: {getattr(node, 'value', '')[:200]!r}")
    return found, carrying


def test_every_page_shows_hostile_text_as_text(hostile_db: Engine, figures):
    # The checks below do catch the hostile text if it were handed to markdown as it was typed.
    assert _LIVE_LINK.search(HOSTILE) and _LIVE_AUTOLINK.search(HOSTILE) and _RAW_HTML.search(HOSTILE)
    ids = _record_ids(hostile_db)
    runs, carrying, problems = 0, 0, []
    for page, username, query, tab_keys in _views(ids):
        at = page_test(page, username=username)
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        variants = [at]
        labels = [tab.label for tab in at.tabs]
        for key in tab_keys:
            for label in labels:
                tab_run = page_test(page, username=username)
                for name, value in query.items():
                    tab_run.query_params[name] = value
                tab_run.session_state[key] = label
                tab_run.run()
                variants.append(tab_run)
        view = f"{page}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
        view_carrying = 0
        for run in variants:
            runs += 1
            assert not run.exception, (view, [e.value for e in run.exception])
            found, count = _live_markup(run)
            problems += [f"{view}: {item}" for item in found]
            view_carrying += count
        assert view_carrying > 0, f"{view} shows none of the hostile text: the check would be vacuous"
        carrying += view_carrying
    figures.record(
        f"{len(_views(ids))} pages and record views, {runs} runs (tabs included), 0 exceptions, "
        f"{carrying} strings and cells showing the hostile text, {len(problems)} live links or raw HTML"
    )
    assert problems == []


def test_no_page_code_hands_html_to_streamlit():
    """Raw HTML is never switched on: no unsafe_allow_html=True and no st.html( anywhere."""
    sources = [
        REPO_ROOT / "app.py",
        *(REPO_ROOT / "pages").glob("*.py"),
        *(REPO_ROOT / "osloreg").rglob("*.py"),
    ]
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.html\(", line)
    ]
    assert len(sources) > 20 and offending == []
