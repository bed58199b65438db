"""Hostile text in every field the generated papers print (innkalling, protokoll; DOCX, PDF): whole and inert.

Each field holds markup, a script, Word field codes, XML that tries to close its element, links and images
on a local listener, and a line break; one holds 10,000 characters. The papers must print every value
whole as text; the DOCX holds no field code, hyperlink, external relationship or linked image; the PDF
no URI, Launch or JavaScript action, and WeasyPrint is asked for no URL at all; nobody connects.
(No emoji: the papers' only font, DejaVu Sans, has none, and pypdf then reads the whole line garbled.)"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from sqlalchemy import select

from osloreg import papers
from osloreg.models import AgendaItem, Attendance, Body, Consultation, Document, Person, Unit
from osloreg.papers import pdf as paper_pdf
from osloreg.papers.content import minutes_content
from tests.integration.papers.test_papers_data import _board_meeting
from tests.papers_reading import (
    connections,
    docx_blocks,
    docx_properties,
    listener,
    pdf_text,
    pdf_title,
    squeezed,
)


def hostile_paper_text(port: int) -> str:
    """Every way a text could try to become something live in a DOCX or a PDF, pointing at `port`."""
    remote = f"http://127.0.0.1:{port}"
    return (
        f'<script>alert(1)</script> <img src="{remote}/i.png" onerror=alert(1)> '
        f'<link rel="stylesheet" href="{remote}/s.css"><style>@import url({remote}/i.css)</style> '
        f'{{ HYPERLINK "{remote}/h" }} {{ INCLUDEPICTURE "{remote}/p.png" \\d }} '
        f'</w:t><w:fldSimple w:instr="HYPERLINK {remote}/f"/><w:t> ]]> &amp; &lt; '
        f"[klikk](javascript:alert(1)) ![bilde]({remote}/m.png) Blåbærsyltetøy\n"
        "andre linje: **fet** {{ 7*7 }}"
    )


def hostile_paper_line(port: int) -> str:
    """The same on one line of at most 190 characters, for names and titles (their columns are short)."""
    remote = f"http://127.0.0.1:{port}"
    line = (
        f'<script>x</script><img src="{remote}">{{HYPERLINK "{remote}"}}'
        f'</w:t><w:fldSimple w:instr="INCLUDEPICTURE {remote}"/>![b]({remote})'
    )
    assert len(line) <= 190
    return line


LONG_TEXT = "Lang behandling med mange ord. " * 330  # 10,230 characters
# DOCX and PDF parts that would make Word or a reader run, link or fetch something.
_DOCX_LIVE = {
    "fldSimple",
    "fldChar",
    "instrText",
    "hyperlink",
    "object",
    "imagedata",
    "altChunk",
    "subDoc",
    "attachedTemplate",
}
_PDF_LIVE = {
    "/URI",
    "/Launch",
    "/JavaScript",
    "/JS",
    "/OpenAction",
    "/AA",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
}


_ONE_LINE = (
    "case.title",
    "meeting.place",
    "meeting.title",
    "document.title",
    "person.name",
    "unit.name",
    "body.name",
)
_FREE_TEXT = ("case.proposed_decision", "result_text", "protocol_remarks", "meeting.minutes")


def _hostile_meeting(session, port: int) -> tuple[int, dict[str, str]]:
    """The papers' test meeting with hostile text (marked by field) in every field a paper prints."""
    values = {name: f"{n}.{hostile_paper_line(port)}" for n, name in enumerate(_ONE_LINE)}
    values |= {name: f"[{name}] {hostile_paper_text(port)}" for name in _FREE_TEXT}
    values["proceedings"] = f"[proceedings] {hostile_paper_text(port)}\n{LONG_TEXT}"
    meeting, case = _board_meeting(session, title=values["case.title"])
    case.proposed_decision = values["case.proposed_decision"]
    meeting.place, meeting.title, meeting.minutes = (
        values["meeting.place"],
        values["meeting.title"],
        values["meeting.minutes"],
    )
    item = session.scalar(select(AgendaItem).where(AgendaItem.case_id == case.id))
    item.proceedings = values["proceedings"]
    treatment = session.scalar(select(Consultation).where(Consultation.meeting_id == meeting.id))
    treatment.result_text, treatment.protocol_remarks = values["result_text"], values["protocol_remarks"]
    session.scalar(select(Document).where(Document.meeting_id == meeting.id)).title = values["document.title"]
    present = session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.present)
    )
    session.get(Person, present.person_id).name = values["person.name"]
    session.scalar(select(Unit).where(Unit.name == "Follorådet")).name = values["unit.name"]
    session.get(Body, meeting.body_id).name = values["body.name"]
    session.flush()
    return meeting.id, values


def _docx_live_parts(data: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                local = etree.QName(element).localname
                if local in _DOCX_LIVE:
                    found.append(f"{name}: <{local}>")
                if local == "Relationship" and element.get("TargetMode") == "External":
                    found.append(f"{name}: external {element.get('Target')}")
                if local == "blip" and any(etree.QName(key).localname == "link" for key in element.attrib):
                    found.append(f"{name}: linked image")
    return found


def _pdf_objects(data: bytes) -> Iterator[DictionaryObject]:
    reader = PdfReader(io.BytesIO(data))
    seen: set[int] = set()
    stack = [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            yield node
            stack += [value for key, value in node.items() if key != "/Parent"]
        elif isinstance(node, ArrayObject):
            stack += list(node)


def _pdf_live_parts(data: bytes) -> list[str]:
    return [f"{key}" for node in _pdf_objects(data) for key in node if key in _PDF_LIVE] + [
        f"/S {node['/S']}" for node in _pdf_objects(data) if node.get("/S") in _PDF_LIVE
    ]


def test_the_checks_find_a_live_part_when_there_is_one():
    """A DOCX with an external hyperlink and a PDF with a URI link: the checks above are not vacuous."""
    document = docx.Document()
    document.part.relate_to("http://127.0.0.1/x", RT.HYPERLINK, is_external=True)
    buffer = io.BytesIO()
    document.save(buffer)
    assert _docx_live_parts(buffer.getvalue()) != []
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_annotation(0, Link(rect=(0, 0, 10, 10), url="http://127.0.0.1/x"))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "/URI" in _pdf_live_parts(buffer.getvalue())


@pytest.fixture
def asked_for(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs WeasyPrint asks the papers' fetcher for (it refuses them all; none should be asked)."""
    urls: list[str] = []
    original = paper_pdf.refusing_fetcher

    def recording():
        fetcher = original()
        refuse = fetcher.fetch

        def fetch(url, headers=None):
            urls.append(url)
            return refuse(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(paper_pdf, "refusing_fetcher", recording)
    return urls


def test_every_hostile_value_is_printed_whole_and_inert_in_both_papers_and_formats(
    rolled_back_session, asked_for, figures
):
    session = rolled_back_session
    with listener() as (port, server):
        meeting_id, values = _hostile_meeting(session, port)
        made = {
            (paper, fmt): papers.render(session, meeting_id, paper=paper, fmt=fmt)
            for paper in papers.PAPERS
            for fmt in papers.FORMATS
        }
        assert connections(server) == 0
        captions = [group.label for group in minutes_content(session, meeting_id).attendance]
    assert asked_for == []
    printed, missing, live = 0, [], []
    for (paper, fmt), data in made.items():
        if fmt == "docx":  # exactly as stored, line breaks included
            text = "\n".join(block for _, block in docx_blocks(data))
            live += [f"{paper}.docx {part}" for part in _docx_live_parts(data)]
            shown = lambda value, text=text: value in text  # noqa: E731
            # The document's title (its properties) names the body whole too.
            if values["body.name"] not in docx_properties(data).title:
                missing.append(f"{paper}.docx: body.name in the title property")
        else:  # the page breaks the lines where it will
            text = squeezed(pdf_text(data))
            # A table's caption (hidden off the page for screen readers) is drawn at the end of its
            # page, so the text read back may hold it in the middle of a value that runs on.
            for caption in captions:
                text = text.replace(squeezed(caption), "")
            live += [f"{paper}.pdf {part}" for part in _pdf_live_parts(data)]
            shown = lambda value, text=text: squeezed(value) in text  # noqa: E731
            if values["body.name"] not in (pdf_title(data) or ""):
                missing.append(f"{paper}.pdf: body.name in the title")
        # The innkalling prints what is known before the meeting; the protokoll what happened in it.
        printed_here = _NOTICE_FIELDS if paper == "notice" else set(values) - _BEFORE_ONLY
        fields = {name: value for name, value in values.items() if name in printed_here}
        for name, value in fields.items():
            if shown(value):
                printed += 1
            else:
                missing.append(f"{paper}.{fmt}: {name}")
        assert "Sak12/2449" not in squeezed(text)  # no template engine worked out {{ 7*7 }}
    figures.record(
        f"{len(values)} hostile fields x 2 papers x DOCX/PDF: {printed} printed whole (one of "
        f"{len(values['proceedings']):,} characters), {len(missing)} missing or cut; "
        f"{len(live)} field codes, hyperlinks, external relationships or PDF actions; "
        f"{len(asked_for)} URLs asked of WeasyPrint, "
        "0 connections to the listener"
    )
    assert missing == [] and live == [], (missing, live)


_NOTICE_FIELDS = {
    "body.name",
    "case.title",
    "case.proposed_decision",
    "meeting.place",
    "meeting.title",
    "document.title",
}
_BEFORE_ONLY = {"case.proposed_decision", "document.title"}
