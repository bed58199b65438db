"""The board's meeting of 11.09.2020 in the demo data: its innkalling and protokoll read back from
DOCX (python-docx) and PDF (pypdf), items in order with 48/20's number and forslag til vedtak, the
attendance as recorded (none is), the PDF's structure tree, language and title."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import papers
from osloreg.db import read_session
from osloreg.models import Attendance, Body, Meeting
from tests.papers_reading import (
    docx_blocks,
    docx_properties,
    in_order,
    pdf_catalog,
    pdf_text,
    pdf_title,
    squeezed,
    structure_types,
)

TITLE = "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
PROPOSAL = "Styret slutter seg til revidert mandat for faggruppen for næringssamarbeidet i Osloregionen"


def _board_meeting(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalars(
            sa.select(Meeting.id)
            .join(Body, Body.id == Meeting.body_id)
            .where(
                Body.name == "Styret",
                Meeting.starts_at >= dt.datetime(2020, 9, 11),
                Meeting.starts_at < dt.datetime(2020, 9, 12),
            )
        ).one()


@pytest.fixture(scope="module")
def generated(demo_engine: Engine) -> dict[str, bytes]:
    meeting_id = _board_meeting(demo_engine)
    with read_session(demo_engine) as session:
        return {
            "notice.docx": papers.notice_docx(session, meeting_id),
            "notice.pdf": papers.notice_pdf(session, meeting_id),
            "minutes.docx": papers.minutes_docx(session, meeting_id),
            "minutes.pdf": papers.minutes_pdf(session, meeting_id),
        }


def test_the_innkalling_as_docx_lists_the_saksliste_in_order(generated):
    blocks = docx_blocks(generated["notice.docx"])
    headings = [(style, text) for style, text in blocks if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Møteinnkalling – Styret 11.09.2020"),
        ("Heading 2", "Saksliste"),
        ("Heading 3", "Godkjenning av innkalling og saksliste"),
        ("Heading 3", f"Sak 48/20 {TITLE}"),
        ("Heading 3", "Eventuelt"),
        ("Heading 2", "Dokumenter"),
    ]
    case = blocks.index(("Heading 3", f"Sak 48/20 {TITLE}"))
    assert blocks[case + 1 : case + 3] == [
        ("Normal", "Saksansvarlig: Øyvind Såtvedt"),
        ("Normal", f"Forslag til vedtak: {PROPOSAL}"),
    ]
    assert ("Normal", "Organ: Styret") in blocks and ("Normal", "Tid: 11.09.2020 kl. 10:00–13:00") in blocks
    properties = docx_properties(generated["notice.docx"])
    assert properties.title == "Møteinnkalling – Styret 11.09.2020" and properties.language == "nb-NO"


def test_the_innkalling_as_pdf_reads_in_the_same_order(generated):
    text = squeezed(pdf_text(generated["notice.pdf"]))
    parts = ("Møteinnkalling–Styret11.09.2020", "Saksliste", "Godkjenningavinnkallingogsaksliste")
    parts += (f"Sak48/20{TITLE}", "Saksansvarlig:ØyvindSåtvedt", f"Forslagtilvedtak:{PROPOSAL}", "Eventuelt")
    assert in_order(text, *(squeezed(part) for part in parts))


def test_the_protokoll_shows_the_attendance_as_recorded_and_the_items(demo_engine, generated):
    with read_session(demo_engine) as session:
        recorded = session.scalar(
            sa.select(sa.func.count()).where(Attendance.meeting_id == _board_meeting(demo_engine))
        )
    assert recorded == 0  # the sources name no one: the protokoll says so rather than invent
    blocks = docx_blocks(generated["minutes.docx"])
    members = blocks.index(("Heading 2", "Møtende medlemmer"))
    assert blocks[members + 1] == ("Normal", "Ingen oppmøte er registrert.")
    assert ("Heading 2", "Vedtaksførhet") not in blocks  # nothing recorded: no quorum is claimed
    assert blocks[blocks.index(("Heading 2", "Forfall")) + 1] == ("Normal", "Ingen forfall er registrert.")
    case = blocks.index(("Heading 3", f"Sak 48/20 {TITLE}"))
    # The case paper holds no vedtak, and the protokoll adds no item the agenda lacks.
    assert blocks[case + 1] == ("Normal", "Vedtak: Vedtaket er ikke registrert.")
    assert blocks[case + 2] == ("Heading 2", "Protokollen godkjennes")
    assert blocks[case + 3] == ("Normal", "Protokollen er ikke godkjent ennå.")
    text = squeezed(pdf_text(generated["minutes.pdf"]))
    parts = (
        "Møteprotokoll",
        "Møtendemedlemmer",
        "Forfall",
        f"Sak48/20{TITLE}",
        "Vedtak",
        "Protokollengodkjennes",
    )
    assert in_order(text, *(squeezed(part) for part in parts))


@pytest.mark.parametrize("name", ["notice.pdf", "minutes.pdf"])
def test_each_pdf_is_tagged_in_norwegian_with_its_title(generated, name):
    data = generated[name]
    catalog = pdf_catalog(data)
    assert str(catalog["/Lang"]) == "nb"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    types = structure_types(data)
    assert {"/H1", "/H2", "/H3", "/P"} <= set(types)
    kind = "Møteinnkalling" if name.startswith("notice") else "Møteprotokoll"
    assert pdf_title(data) == f"{kind} – Styret 11.09.2020"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # the PDF/UA identification


def test_the_papers_are_english_when_asked(demo_engine):
    meeting_id = _board_meeting(demo_engine)
    with read_session(demo_engine) as session:
        blocks = docx_blocks(papers.notice_docx(session, meeting_id, language="en"))
    assert blocks[0] == ("Heading 1", "Notice of meeting – Styret 11/09/2020")
    assert ("Heading 3", f"Case 48/20 {TITLE}") in blocks
    assert ("Normal", "Case officer: Øyvind Såtvedt") in blocks
