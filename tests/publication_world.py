"""A "public world" for the publication tests (public view, static site, OParl): styret's,
representantskapet's and a faggruppe's meetings in every state, a closed item, exempt, public and
draft documents, and hostile titles."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.db import make_engine, read_sessions
from osloreg.enums import BodyKind, ConsultationResult, ConsultationRole, DocumentKind, MeetingStatus
from osloreg.services.base import SYSTEM
from osloreg.services.documents import add_document
from tests.conftest import POSTGRES, test_settings
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_case_number,
    make_consultation,
    make_meeting,
)

# Texts the tests look for (or make sure never appear) in what the public sees.
OPEN_CASE = "Regional transportplan 2027"
OPEN_DECISION = "Styret slutter seg til den regionale transportplanen."
OPEN_PROPOSAL = "Styret anbefaler planen."
CLOSED_CASE = "Fortrolig personalsak om direktøren"
CLOSED_DECISION = "Hemmelig vedtak om direktørens lønn"
CLOSED_BASIS = "offentleglova § 13 jf. forvaltningsloven § 13"
PUBLIC_DOCUMENT = "Saksframlegg om transportplanen"
EXEMPT_DOCUMENT = "Notat om tomtekjøp i Lillestrøm"
EXEMPT_BASIS = "offentleglova § 23 tredje ledd"
DRAFT_MINUTES = "Utkast til protokoll fra styremøtet"
PUBLISHED_MINUTES = "Protokoll fra styremøtet i februar"
PUBLISHED_CASE = "Handlingsprogram 2027"
PLANNED_CASE = "Ny sak som ennå ikke er kunngjort"
GROUP_CASE = "Faggruppens interne sak om næringsareal"
GROUP_MEETING_TITLE = "Faggruppemøte om næringsareal"
HOSTILE_TITLE = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=http://evil>"
HOSTILE_PLACE = '<img src=http://evil onerror="alert(2)">'


@dataclass(frozen=True)
class PublicWorld:
    board: int  # styret
    council: int  # representantskapet
    group: int  # a faggruppe: nothing of it is public
    held: int  # styret's meeting last week: a closed item, an exempt and a public document, draft minutes
    published: int  # styret's meeting two months ago: published minutes
    planned: int  # styret's next meeting, not called: no saksliste yet
    called: int  # representantskapet's coming meeting: saksliste out, a hostile title on it
    group_meeting: int
    open_case: int
    closed_case: int
    published_case: int
    planned_case: int
    group_case: int
    hostile_case: int
    public_document: int
    exempt_document: int
    draft_minutes: int
    published_minutes: int
    closed_item: int


def day(offset: int) -> dt.date:
    return clock.oslo_today() + dt.timedelta(days=offset)


def at(offset: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day(offset), dt.time(hour))


def pdf(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\ntrailer<<>>\n%%EOF\n"


def _case(session: Session, title: str, *, body, number: int, year: int, **extra):
    case = make_case(session, title=title, year=year, **extra)
    make_case_number(session, case=case, body=body, year=year, number=number)
    return case


def _decision(session: Session, *, case, body, meeting, text: str, result=ConsultationResult.ENDORSED):
    step = make_consultation(
        session,
        case=case,
        body=body,
        meeting=meeting,
        role=ConsultationRole.DECISION,
        authoritative=True,
        treated_on=meeting.starts_at.date(),
        result=result,
    )
    step.result_text = text
    step.unanimous = True
    return step


def build_public_world(session: Session) -> PublicWorld:
    """The rows, made by the factories and committed; the documents added through the document service."""
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    council = make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL)
    group = make_body(session, name="Faggruppe for næringsutvikling")

    held = make_meeting(
        session,
        body=board,
        starts_at=at(-7),
        status=MeetingStatus.HELD,
        title="Styremøte",
        place="Oslo rådhus",
    )
    year = held.starts_at.year
    make_agenda_item(session, meeting=held, heading="Godkjenning av innkalling og saksliste")
    open_case = _case(session, OPEN_CASE, body=board, number=12, year=year, proposed_decision=OPEN_PROPOSAL)
    open_item = make_agenda_item(session, meeting=held, case=open_case)
    _decision(session, case=open_case, body=board, meeting=held, text=OPEN_DECISION)
    closed_case = _case(session, CLOSED_CASE, body=board, number=13, year=year)
    closed_item = make_agenda_item(session, meeting=held, case=closed_case)
    closed_item.closed_basis = CLOSED_BASIS
    _decision(session, case=closed_case, body=board, meeting=held, text=CLOSED_DECISION)

    published = make_meeting(
        session,
        body=board,
        starts_at=at(-60),
        status=MeetingStatus.PUBLISHED,
        title="Styremøte",
        place="Drammen",
    )
    published_case = _case(session, PUBLISHED_CASE, body=board, number=3, year=published.starts_at.year)
    make_agenda_item(session, meeting=published, case=published_case)
    _decision(session, case=published_case, body=board, meeting=published, text="Handlingsprogrammet vedtas.")

    planned = make_meeting(session, body=board, starts_at=at(30), title="Styremøte", place="Lillestrøm")
    planned_case = _case(session, PLANNED_CASE, body=board, number=20, year=planned.starts_at.year)
    make_agenda_item(session, meeting=planned, case=planned_case)

    called = make_meeting(
        session, body=council, starts_at=at(10, 13), status=MeetingStatus.CALLED, place=HOSTILE_PLACE
    )
    hostile_case = _case(session, HOSTILE_TITLE, body=council, number=5, year=called.starts_at.year)
    make_agenda_item(session, meeting=called, case=hostile_case)
    make_consultation(
        session, case=hostile_case, body=council, meeting=called, role=ConsultationRole.DECISION
    )

    group_meeting = make_meeting(
        session, body=group, starts_at=at(5), status=MeetingStatus.CALLED, title=GROUP_MEETING_TITLE
    )
    group_case = _case(session, GROUP_CASE, body=group, number=7, year=group_meeting.starts_at.year)
    make_agenda_item(session, meeting=group_meeting, case=group_case)
    session.commit()

    def document(title: str, kind: str, **owner) -> int:
        return add_document(
            session,
            actor=SYSTEM,
            kind=kind,
            title=title,
            filename=f"{title}.pdf",
            content=pdf(title),
            **owner,
        ).id

    return PublicWorld(
        board=board.id,
        council=council.id,
        group=group.id,
        held=held.id,
        published=published.id,
        planned=planned.id,
        called=called.id,
        group_meeting=group_meeting.id,
        open_case=open_case.id,
        closed_case=closed_case.id,
        published_case=published_case.id,
        planned_case=planned_case.id,
        group_case=group_case.id,
        hostile_case=hostile_case.id,
        public_document=document(PUBLIC_DOCUMENT, DocumentKind.CASE_PAPER, agenda_item_id=open_item.id),
        exempt_document=add_document(
            session,
            actor=SYSTEM,
            kind=DocumentKind.ATTACHMENT,
            title=EXEMPT_DOCUMENT,
            filename="tomt.pdf",
            content=pdf(EXEMPT_DOCUMENT),
            exempt_basis=EXEMPT_BASIS,
            agenda_item_id=open_item.id,
        ).id,
        draft_minutes=document(DRAFT_MINUTES, DocumentKind.MINUTES, meeting_id=held.id),
        published_minutes=document(PUBLISHED_MINUTES, DocumentKind.MINUTES, meeting_id=published.id),
        closed_item=closed_item.id,
    )


# --- Module-wide fixtures: the world built once per module and database, read by every test ---------------


@dataclass(frozen=True)
class PublicDatabase:
    backend: str
    engine: Engine
    world: PublicWorld


@pytest.fixture(scope="module", params=["sqlite", POSTGRES])
def public_database(request: pytest.FixtureRequest) -> Iterator[PublicDatabase]:
    """The public world on a copy of the migrated SQLite template, or on the module's PostgreSQL clone,
    built once per module: the tests that use it only read (import it into the test module)."""
    if request.param == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp("public") / "public.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = request.getfixturevalue("module_postgres_engine")
    with read_sessions(engine)() as session:
        world = build_public_world(session)
    yield PublicDatabase(request.param, engine, world)
    if request.param == "sqlite":
        engine.dispose()


@pytest.fixture(scope="module")
def public_web(public_database: PublicDatabase) -> Iterator:
    """The web app (tests/web_server.py) over the public world, for the module."""
    from tests.web_server import serving

    with serving(test_settings(public_database.engine), public_database.engine) as server:
        yield server
