"""The search index kept in step with every kind of write, on SQLite and PostgreSQL: after a service
writes a record it is found, after an edit by its new words only, after a withdrawal or removal not at
all; a refused write leaves the index as it was; an import and a restore leave it complete."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.backup import backup_database
from osloreg.clock import oslo_today as today
from osloreg.db import make_engine, read_session
from osloreg.enums import DocumentKind, Outcome, Role, SubjectType, UnitKind
from osloreg.importer import Kind, parse_upload
from osloreg.models import Body
from osloreg.queries.search import search
from osloreg.restore import restore_database
from osloreg.services.advice import create_advice, decide_advice, submit_advice, withdraw_advice
from osloreg.services.base import SYSTEM, Actor, PermissionDenied
from osloreg.services.cases import register_case, update_case
from osloreg.services.directory import create_person, create_unit, update_person
from osloreg.services.documents import add_document, remove_document, set_access
from osloreg.services.imports import import_rows
from osloreg.services.inputs import log_input, withdraw_input
from osloreg.services.meetings import plan_meeting
from osloreg.services.projects import create_project
from tests.factories import days, make_membership
from tests.integration.services.document_world import pdf
from tests.integration.services.meeting_world import World, build_meeting_world

EVERYONE = Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}))
VIEWER = Actor(user_id=None, username="leser", roles=frozenset({Role.VIEWER}))


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


def found(session: Session, text: str, who: Actor = EVERYONE) -> list[tuple[str, int]]:
    """The hits, read in a session of their own (the test's session stays out of a transaction)."""
    with read_session(session.get_bind()) as reader:
        return [(hit.kind, hit.entity_id) for hit in search(reader, actor=who, text=text, limit=50).hits]


def test_a_case_is_found_by_its_title_and_after_an_edit_by_its_new_title_only(session, world):
    case = register_case(session, actor=world.coordinator, year=2026, title="Regional plan for vannforsyning")
    assert found(session, "vannforsyningen") == [("case", case.id)]
    update_case(
        session, actor=world.coordinator, case_id=case.id, expected=None, title="Regional plan for avløp"
    )
    assert found(session, "vannforsyning") == []
    assert found(session, "avløp") == [("case", case.id)]


def test_a_project_a_meeting_a_person_and_a_unit_are_found_once_written(session, world):
    project = create_project(
        session, actor=world.coordinator, title="Solcellepiloten", description="Tak i Asker"
    )
    meeting = plan_meeting(
        session,
        actor=world.coordinator,
        body_id=world.board,
        starts_at=dt.datetime.combine(today() + days(20), dt.time(10)),
        place="Drammen rådhus",
    )
    person = create_person(session, actor=world.coordinator, name="Gunnhild Fjellheim")
    unit = create_unit(
        session, actor=world.coordinator, kind=UnitKind.MUNICIPALITY, name="Nye Lunnerød kommune"
    )
    assert found(session, "solcellepiloten") == [("project", project.id)]
    assert ("meeting", meeting.id) in found(session, "drammen rådhus")
    assert found(session, "Gunhild Fjelheim") == [("person", person.id)]  # misspelled
    assert found(session, "lunnerød") == [("unit", unit.id)]
    update_person(session, actor=world.coordinator, person_id=person.id, expected=None, name="Gunnhild Berge")
    assert found(session, "fjellheim") == []
    assert found(session, "Gunnhild Berge") == [("person", person.id)]


def test_input_and_advice_through_their_life(session, world):
    membership = make_membership(session, body=world.group, start_on=today() - days(30))
    session.commit()
    member = Actor(
        user_id=None, username="medlem", roles=frozenset({Role.MEMBER}), person_id=membership.person_id
    )
    given = log_input(
        session,
        actor=member,
        body_id=world.group,
        subject_type=SubjectType.POLICY,
        policy_topic="Vann",
        text="Vi ber om at flomsikring prioriteres.",
    )
    advice = create_advice(
        session,
        actor=world.coordinator,
        body_id=world.group,
        subject_type=SubjectType.POLICY,
        policy_topic="Vann",
        title="Råd om flomsikring",
        recommendation="Faggruppen anbefaler en felles flomplan.",
    )
    assert set(found(session, "flomsikring")) == {("input", given.id), ("advice", advice.id)}
    assert found(session, "flomsikring", VIEWER) == [("input", given.id)]  # a draft, not the viewer's
    submit_advice(session, actor=world.coordinator, advice_id=advice.id, expected_version=advice.version)
    assert ("advice", advice.id) in found(session, "flomplan", VIEWER)
    decision = decide_advice(
        session,
        actor=world.director,
        advice_id=advice.id,
        outcome=Outcome.FOLLOWED,
        rationale="Flomplanen lages i 2027.",
    )
    assert ("decision", decision.id) in found(session, "flomplanen", VIEWER)
    withdraw_input(session, actor=member, input_id=given.id, expected_version=given.version)
    assert ("input", given.id) not in found(session, "flomsikring")


def test_withdrawn_advice_is_no_longer_found(session, world):
    advice = create_advice(
        session,
        actor=world.coordinator,
        body_id=world.group,
        subject_type=SubjectType.POLICY,
        policy_topic="Skog",
        title="Råd om skogvern",
        recommendation="Vern mer skog.",
    )
    withdraw_advice(session, actor=world.coordinator, advice_id=advice.id, expected_version=advice.version)
    assert found(session, "skogvern") == []


def test_a_document_is_found_by_its_words_hidden_when_exempt_and_gone_when_removed(session, world):
    case = register_case(session, actor=world.coordinator, year=2026, title="Kulturminner")
    document = add_document(
        session,
        actor=world.coordinator,
        case_id=case.id,
        kind=DocumentKind.ATTACHMENT,
        title="Verneplan for steingarder",
        filename="verneplan.pdf",
        content=pdf("Verneplan"),
    )
    assert found(session, "steingarder", VIEWER) == [("document", document.id)]
    exempt = set_access(
        session,
        actor=world.coordinator,
        document_id=document.id,
        expected_version=document.version,
        exempt_basis="offentleglova § 13",
    )
    assert found(session, "steingarder", VIEWER) == []
    assert found(session, "steingarder") == [("document", document.id)]
    remove_document(
        session,
        actor=world.coordinator,
        document_id=document.id,
        expected_version=exempt.version,
        reason="Feil",
    )
    assert found(session, "steingarder") == []


def test_a_refused_write_leaves_the_index_as_it_was(session, world):
    with pytest.raises(PermissionDenied):
        create_person(session, actor=VIEWER, name="Ingen Skalfinnes")
    session.rollback()
    assert found(session, "Ingen Skalfinnes") == []


def test_imported_persons_are_found(session):
    data = "Navn;E-post;Arbeidsgiver;Stilling\r\nTorbjørg Liavåg;t@example.no;Lier kommune;Rådgiver\r\n"
    parsed = parse_upload(Kind.PERSONS, data.encode("utf-8-sig"))
    import_rows(session, actor=SYSTEM, kind=Kind.PERSONS, rows=parsed.rows, file_name="personer.csv")
    assert [kind for kind, _ in found(session, "Liavåg")] == ["person"]


def test_a_restored_database_finds_what_the_backup_held(engine, session, world, restore_target, tmp_path):
    case = register_case(session, actor=world.coordinator, year=2026, title="Tursti langs Akerselva")
    session.close()
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, tmp_path / f"backup{suffix}")
    target = restore_target(engine)
    restored = restore_database(backup.path, target)
    assert restored.ok, restored
    copy = make_engine(target)
    try:
        with read_session(copy) as other:
            assert [
                (hit.kind, hit.entity_id) for hit in search(other, actor=EVERYONE, text="akerselva").hits
            ] == [("case", case.id)]
    finally:
        copy.dispose()


def test_a_bodys_new_name_reaches_its_meetings(session, world):
    meeting = plan_meeting(
        session,
        actor=world.coordinator,
        body_id=world.group,
        starts_at=dt.datetime.combine(today() + days(9), dt.time(9)),
    )
    assert ("meeting", meeting.id) in found(session, "areal transport")
    session.get(Body, world.group).name = "Faggruppe for kystsoneplanlegging"
    session.commit()  # written past the services (as an import of bodies would): the commit re-indexes
    assert found(session, "kystsoneplanlegging") == [("meeting", meeting.id)]
    assert ("meeting", meeting.id) not in found(session, "areal transport")
