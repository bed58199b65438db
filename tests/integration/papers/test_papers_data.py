"""The papers on data built for the purpose, SQLite and PostgreSQL: attendance present and absent with
the unit attended for, behandling, vote, vedtak and protokolltilførsel, the approval, the documents
(exempt and removed ones left out), the agenda's own opening and closing items kept once, per-meeting
numbers in an expert group, hostile text printed literally with no request made, and a fixed number of
queries whatever the agenda's length."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import papers
from osloreg.enums import BodyKind, ConsultationRole, DocumentKind, MeetingStatus, ProtocolApproval
from osloreg.models import AgendaItem, Attendance, Document, MinutesApproval, MinutesSigner
from osloreg.papers.content import MeetingNotFound, minutes_content, notice_content
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_consultation,
    make_meeting,
    make_membership,
    make_person,
    make_unit,
)
from tests.papers_reading import connections, docx_blocks, listener, pdf_text, squeezed

DAY = dt.datetime(2024, 3, 5, 9, 0)


def _board_meeting(session: Session, *, title: str = "Handlingsprogram 2024", with_headings: bool = False):
    board = make_body(session, name="Styret for testen", kind=BodyKind.BOARD)
    meeting = make_meeting(session, body=board, starts_at=DAY, status=MeetingStatus.HELD, place="Oslo rådhus")
    if with_headings:
        opening = make_agenda_item(session, meeting=meeting, heading="Godkjenning av innkalling og saksliste")
        opening.decision_text = "Innkalling og saksliste godkjent."
    officer = make_person(session, name="Saksansvarlig Person")
    case = make_case(session, year=2024, number=12, title=title, numbered_by=board, officer=officer)
    case.proposed_decision = "Styret vedtar handlingsprogrammet."
    item = make_agenda_item(session, meeting=meeting, case=case)
    item.proceedings = "Leder foreslo et tillegg.\nTillegget ble trukket."
    treatment = make_consultation(
        session,
        case=case,
        body=board,
        meeting=meeting,
        role=ConsultationRole.DECISION,
        authoritative=True,
        treated_on=DAY.date(),
        result="endorsed",
    )
    treatment.result_text = "Handlingsprogrammet vedtas."
    treatment.votes_for, treatment.votes_against = 7, 2
    treatment.protocol_remarks = "Medlem B ba om at dissensen protokolleres."
    if with_headings:
        make_agenda_item(session, meeting=meeting, heading="Eventuelt")
    follo = make_unit(session, name="Follorådet")
    for name, unit, present in (
        ("Anne A", follo, True),
        ("Bjørn B", None, True),
        ("Cecilie C", follo, False),
    ):
        person = make_person(session, name=name)
        make_membership(session, person=person, body=board, represents=unit)
        session.add(
            Attendance(meeting_id=meeting.id, person_id=person.id, unit_id=unit and unit.id, present=present)
        )
    session.add_all(
        [
            Document(kind=DocumentKind.CASE_PAPER, title="Saksframlegg handlingsprogram", case_id=case.id),
            Document(
                kind=DocumentKind.ATTACHMENT, title="Taushetsbelagt", case_id=case.id, exempt_basis="§ 13"
            ),
            Document(
                kind=DocumentKind.ATTACHMENT,
                title="Fjernet",
                case_id=case.id,
                removed_at=dt.datetime(2024, 3, 1),
            ),
            Document(kind=DocumentKind.ATTACHMENT, title="Møteplan", meeting_id=meeting.id),
        ]
    )
    session.flush()
    return meeting, case


def test_the_innkalling_numbers_the_case_in_its_body_and_lists_public_documents(rolled_back_session):
    session = rolled_back_session
    meeting, _ = _board_meeting(session)
    content = notice_content(session, meeting.id)
    assert [item.heading for item in content.items] == [
        "Godkjenning av innkalling og saksliste",
        "Sak 12/24 Handlingsprogram 2024",
        "Eventuelt",
    ]
    assert [(line.label, line.text) for line in content.items[1].lines] == [
        ("Saksansvarlig", "Saksansvarlig Person"),
        ("Forslag til vedtak", "Styret vedtar handlingsprogrammet."),
    ]
    assert content.documents == (
        "Til møtet – Vedlegg: Møteplan",
        "Sak 12/24 – Saksframlegg: Saksframlegg handlingsprogram",
    )
    assert content.documents_note == "1 dokument(er) er unntatt offentlighet og står ikke i listen."
    assert ("Sted", "Oslo rådhus") in [(line.label, line.text) for line in content.header.facts]


def test_the_innkalling_gives_another_bodys_innstilling_made_before_the_meeting(rolled_back_session):
    session = rolled_back_session
    meeting, case = _board_meeting(session)
    group = make_body(session, name="Faggruppe for testen")
    earlier = make_consultation(
        session, case=case, body=group, role=ConsultationRole.RECOMMENDATION, treated_on=dt.date(2024, 2, 1)
    )
    earlier.result_text = "Faggruppen tilrår at styret vedtar handlingsprogrammet."
    later = make_consultation(
        session, case=case, body=group, role=ConsultationRole.RECOMMENDATION, treated_on=dt.date(2024, 4, 1)
    )
    later.result_text = "Etter møtet: ikke med."
    session.flush()
    lines = [(line.label, line.text) for line in notice_content(session, meeting.id).items[1].lines]
    assert lines[-1] == (
        "Innstilling fra Faggruppe for testen",
        "Faggruppen tilrår at styret vedtar handlingsprogrammet.",
    )


def test_the_agendas_own_opening_and_closing_items_are_not_doubled(rolled_back_session):
    session = rolled_back_session
    meeting, _ = _board_meeting(session, with_headings=True)
    headings = [item.heading for item in notice_content(session, meeting.id).items]
    assert headings == [
        "Godkjenning av innkalling og saksliste",
        "Sak 12/24 Handlingsprogram 2024",
        "Eventuelt",
    ]
    minutes = minutes_content(session, meeting.id)
    assert [(line.label, line.text) for line in minutes.items[0].lines] == [
        ("Vedtak", "Innkalling og saksliste godkjent.")
    ]


def test_the_protokoll_records_attendance_treatment_and_signers(rolled_back_session):
    session = rolled_back_session
    meeting, _ = _board_meeting(session)
    signer = make_person(session, name="Leder Lie")
    approval = MinutesApproval(
        meeting_id=meeting.id, method=ProtocolApproval.SIGNERS, approved_on=dt.date(2024, 3, 8)
    )
    session.add(approval)
    session.flush()
    session.add(MinutesSigner(approval_id=approval.id, person_id=signer.id, signed_on=dt.date(2024, 3, 7)))
    session.flush()
    meeting.minutes = "Sekretariatet orienterte om høsten."
    session.flush()
    content = minutes_content(session, meeting.id)
    assert content.notes == "Sekretariatet orienterte om høsten."
    members, absent = content.attendance
    assert [(a.person, a.unit) for a in members.people] == [("Anne A", "Follorådet"), ("Bjørn B", "")]
    assert [(a.person, a.unit) for a in absent.people] == [("Cecilie C", "Follorådet")]
    assert content.quorum == ""  # the board has no rule recorded
    assert [item.heading for item in content.items] == ["Sak 12/24 Handlingsprogram 2024"]
    assert [(line.label, line.text) for line in content.items[0].lines] == [
        ("Behandling", "Leder foreslo et tillegg.\nTillegget ble trukket."),
        ("Votering", "7 mot 2 stemmer"),
        ("Vedtak", "Handlingsprogrammet vedtas."),
        ("Protokolltilførsel", "Medlem B ba om at dissensen protokolleres."),
    ]
    assert content.approval == ("Godkjent 08.03.2024, signert av:", "Leder Lie, signert 07.03.2024")
    blocks = docx_blocks(papers.minutes_docx(session, meeting.id))
    present = blocks.index(("Heading 2", "Møtende medlemmer"))
    assert blocks[present + 1 : present + 4] == [
        ("table", "Navn | Representerer"),
        ("table", "Anne A | Follorådet"),
        ("table", "Bjørn B | "),
    ]
    absent = blocks.index(("Heading 2", "Forfall"))
    assert blocks[absent + 2] == ("table", "Cecilie C | Follorådet")
    assert ("Normal", "Votering: 7 mot 2 stemmer") in blocks
    assert ("Normal", "Protokolltilførsel: Medlem B ba om at dissensen protokolleres.") in blocks


def test_a_protokoll_approved_at_a_later_meeting_names_it(rolled_back_session):
    session = rolled_back_session
    meeting, _ = _board_meeting(session)
    later = make_meeting(session, body=meeting.body_id, starts_at=DAY + dt.timedelta(days=30))
    item = make_agenda_item(session, meeting=later, heading="Godkjenning av protokoll fra forrige møte")
    session.add(
        MinutesApproval(
            meeting_id=meeting.id,
            method=ProtocolApproval.AT_MEETING,
            approved_on=dt.date(2024, 4, 4),
            agenda_item_id=item.id,
        )
    )
    session.flush()
    assert minutes_content(session, meeting.id).approval == (
        "Godkjent 04.04.2024 i møte i Styret for testen 04.04.2024, sak 1.",
    )


def test_an_expert_group_numbers_its_cases_by_their_place_on_the_agenda(rolled_back_session):
    session = rolled_back_session
    group = make_body(session, kind=BodyKind.EXPERT_GROUP)
    meeting = make_meeting(session, body=group, starts_at=DAY)
    make_agenda_item(session, meeting=meeting, heading="Godkjenning av innkalling og saksliste")
    make_agenda_item(session, meeting=meeting, case=make_case(session, year=2024, title="Regional plan"))
    headings = [item.heading for item in notice_content(session, meeting.id).items]
    assert headings == ["Godkjenning av innkalling og saksliste", "Sak 2 Regional plan", "Eventuelt"]


def test_an_unknown_meeting_or_language_is_said_so(rolled_back_session):
    with pytest.raises(MeetingNotFound):
        papers.notice_pdf(rolled_back_session, 987654)
    meeting, _ = _board_meeting(rolled_back_session)
    with pytest.raises(ValueError):
        papers.minutes_docx(rolled_back_session, meeting.id, language='nb"><script>')


def test_hostile_text_from_the_database_is_printed_literally_with_no_request(rolled_back_session):
    session = rolled_back_session
    with listener() as (port, server):
        title = f"{{{{ 7*7 }}}} <script>alert(1)</script> ![x](http://127.0.0.1:{port}/x.png)"
        meeting, _ = _board_meeting(session, title=title)
        docx_notice = papers.notice_docx(session, meeting.id)
        pdf_notice = papers.notice_pdf(session, meeting.id)
        pdf_minutes = papers.minutes_pdf(session, meeting.id)
        assert connections(server) == 0
    assert ("Heading 3", f"Sak 12/24 {title}") in docx_blocks(docx_notice)
    for data in (pdf_notice, pdf_minutes):
        assert squeezed(f"Sak 12/24 {title}") in squeezed(pdf_text(data))
        assert "Sak12/2449" not in squeezed(pdf_text(data))  # no template engine worked out 7*7


def test_the_number_of_queries_does_not_grow_with_the_agenda(rolled_back_session):
    session = rolled_back_session
    meeting, _ = _board_meeting(session)
    counts: list[int] = []
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = session.get_bind()
    for _ in range(2):
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            notice_content(session, meeting.id)
            minutes_content(session, meeting.id)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        counts.append(len(statements))
        for n in range(5):  # five more cases on the agenda, each with a treatment and a document
            case = make_case(session, year=2024, title=f"Sak ekstra {n}")
            make_agenda_item(session, meeting=meeting, case=case)
            make_consultation(
                session, case=case, body=meeting.body_id, meeting=meeting, treated_on=DAY.date()
            )
            session.add(Document(kind=DocumentKind.CASE_PAPER, title=f"Dok {n}", case_id=case.id))
            session.flush()
    assert counts[0] == counts[1], counts
    # The roster (seats, vara, forfall, calls, inhabil, coverage) is most of them.
    assert counts[0] <= 30, counts


def test_a_closed_item_is_named_only_by_its_basis_in_the_innkalling_and_the_protokoll(rolled_back_session):
    session = rolled_back_session
    meeting, case = _board_meeting(session)
    item = session.scalar(sa.select(AgendaItem).where(AgendaItem.case_id == case.id))
    item.closed_basis = "kommuneloven § 11-5 andre ledd bokstav a"
    session.flush()
    notice = notice_content(session, meeting.id)
    assert (
        notice.items[1].heading == "Sak 12/24 Unntatt offentlighet (kommuneloven § 11-5 andre ledd bokstav a)"
    )
    assert notice.items[1].lines == ()
    # The case's documents are counted with the exempt ones, never named.
    assert notice.documents == ("Til møtet – Vedlegg: Møteplan",)
    assert notice.documents_note == "2 dokument(er) er unntatt offentlighet og står ikke i listen."
    minutes = minutes_content(session, meeting.id)
    closed = minutes.items[0]
    assert closed.heading.endswith("Unntatt offentlighet (kommuneloven § 11-5 andre ledd bokstav a)")
    assert closed.lines == ()
    for words in ("Handlingsprogram 2024", "Handlingsprogrammet vedtas", "dissensen", "tillegg"):
        assert words not in repr(notice) + repr(minutes)
