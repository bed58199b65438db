"""The publication read model (osloreg/queries/publication.py) on SQLite and PostgreSQL: what the public
sees of styret's and representantskapet's meetings, and what a token for internal use adds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.queries import publication as q
from osloreg.queries.publication import Scope
from tests import publication_world as w

PUBLIC, INTERNAL = Scope.PUBLIC, Scope.INTERNAL


@pytest.fixture
def world(session: Session) -> w.PublicWorld:
    return w.build_public_world(session)


def _item(record: q.MeetingRecord, *, position: int) -> q.PublishedItem:
    return next(item for item in record.items if item.position == position)


def test_the_public_sees_styret_and_representantskapet_in_every_state_and_nothing_of_a_faggruppe(
    session, world
):
    public = {meeting.id for meeting in q.meetings(session, scope=PUBLIC)}
    assert public == {world.held, world.published, world.planned, world.called}
    assert q.meeting_record(session, meeting_id=world.group_meeting, scope=PUBLIC) is None
    assert q.meeting_count(session, scope=PUBLIC) == 4
    internal = {meeting.id for meeting in q.meetings(session, scope=INTERNAL)}
    assert internal == public | {world.group_meeting}
    # Paging by id continues after the last one seen, and visits each meeting once.
    seen, after = [], None
    while page := q.meetings(session, scope=PUBLIC, by_id=True, after_id=after, limit=3):
        seen += [meeting.id for meeting in page]
        after = page[-1].id
    assert sorted(seen) == sorted(public) and len(seen) == len(set(seen))


def test_a_closed_item_shows_its_number_and_basis_never_its_title_case_or_vedtak(session, world):
    record = q.meeting_record(session, meeting_id=world.held, scope=PUBLIC)
    assert record.agenda_shown and record.results_shown and not record.minutes_shown
    closed = next(item for item in record.items if item.id == world.closed_item)
    assert (closed.closed_basis, closed.number) == (w.CLOSED_BASIS, f"13/{record.meeting.starts_at:%y}")
    assert (closed.title, closed.case_id, closed.text, closed.result, closed.files) == (
        None,
        None,
        None,
        None,
        (),
    )
    shown = next(item for item in record.items if item.case_id == world.open_case)
    assert (shown.title, shown.text, shown.unanimous) == (w.OPEN_CASE, w.OPEN_DECISION, True)
    # The case closed here is not published at all; internally it is, with its title.
    assert q.case_record(session, case_id=world.closed_case, scope=PUBLIC) is None
    ids = {row[0] for row in session.execute(q.case_ids(PUBLIC))}
    assert ids == {world.open_case, world.published_case, world.hostile_case}
    inside = q.meeting_record(session, meeting_id=world.held, scope=INTERNAL)
    closed_inside = next(item for item in inside.items if item.id == world.closed_item)
    assert (closed_inside.title, closed_inside.text) == (w.CLOSED_CASE, w.CLOSED_DECISION)


def test_documents_an_exempt_one_by_its_basis_only_and_a_protokoll_once_published(session, world):
    record = q.meeting_record(session, meeting_id=world.held, scope=PUBLIC)
    shown = next(item for item in record.items if item.case_id == world.open_case)
    by_id = {file.document_id: file for file in shown.files}
    assert by_id[world.public_document].title == w.PUBLIC_DOCUMENT and by_id[world.public_document].open
    exempt = by_id[world.exempt_document]
    assert (exempt.title, exempt.filename, exempt.sha256, exempt.version_id) == (None, None, None, None)
    assert exempt.exempt_basis == w.EXEMPT_BASIS
    # The held meeting's draft protokoll is not listed; the published meeting's is.
    assert record.files == ()
    assert q.file_record(session, document_id=world.draft_minutes, scope=PUBLIC) is None
    published = q.meeting_record(session, meeting_id=world.published, scope=PUBLIC)
    assert published.minutes_shown
    assert [file.title for file in published.files] == [w.PUBLISHED_MINUTES]
    found = q.file_record(session, document_id=world.published_minutes, scope=PUBLIC)
    assert q.file_content(session, version_id=found.version_id) == w.pdf(w.PUBLISHED_MINUTES)
    # A token for internal use reads the draft; an exempt document stays without title for it too.
    assert q.file_record(session, document_id=world.draft_minutes, scope=INTERNAL).title == w.DRAFT_MINUTES
    assert q.file_record(session, document_id=world.exempt_document, scope=INTERNAL).title is None


def test_a_meeting_not_yet_called_shows_no_saksliste_and_a_called_one_no_vedtak(session, world):
    planned = q.meeting_record(session, meeting_id=world.planned, scope=PUBLIC)
    assert (planned.agenda_shown, planned.items) == (False, ())
    assert q.case_record(session, case_id=world.planned_case, scope=PUBLIC) is None
    called = q.meeting_record(session, meeting_id=world.called, scope=PUBLIC)
    assert called.agenda_shown and not called.results_shown
    assert [item.title for item in called.items] == [w.HOSTILE_TITLE]


def test_a_case_shows_its_path_and_the_deciding_bodys_vedtak(session, world):
    record = q.case_record(session, case_id=world.open_case, scope=PUBLIC)
    assert (record.title, record.proposed_decision, record.final_decision) == (
        w.OPEN_CASE,
        w.OPEN_PROPOSAL,
        w.OPEN_DECISION,
    )
    [step] = record.steps
    assert (step.body, step.meeting_id, step.role, step.text) == (
        "Styret",
        world.held,
        "decision",
        w.OPEN_DECISION,
    )
    assert record.numbers == (("Styret", step.number),)


def test_a_case_closed_once_stays_unpublished_where_it_is_on_an_open_item_too(session, world):
    # The closed case put on representantskapet's coming (open) saksliste: still only its basis there.
    session.execute(
        sa.text("INSERT INTO agenda_items (meeting_id, position, case_id) VALUES (:m, 2, :c)"),
        {"m": world.called, "c": world.closed_case},
    )
    session.commit()
    called = q.meeting_record(session, meeting_id=world.called, scope=PUBLIC)
    item = _item(called, position=2)
    assert (item.title, item.case_id, item.closed_basis) == (None, None, w.CLOSED_BASIS)
    assert q.case_record(session, case_id=world.closed_case, scope=PUBLIC) is None
