"""The papers' layout and both renderers on hand-made content: order, escaping, tags, no network."""

from __future__ import annotations

import socket

import pytest

from osloreg.papers.content import Attendee, Group, Header, Item, Line, MinutesContent, NoticeContent
from osloreg.papers.docx import render_docx
from osloreg.papers.layout import Bullets, Heading, Paragraph, Table, clean, minutes_paper, notice_paper
from osloreg.papers.pdf import NoFetching, paper_html, refusing_fetcher, render_pdf
from tests.papers_reading import (
    connections,
    docx_blocks,
    docx_properties,
    in_order,
    listener,
    pdf_catalog,
    pdf_text,
    pdf_title,
    squeezed,
    structure_types,
)

HEADER = Header(
    language="nb",
    kind="Møteinnkalling",
    title="Møteinnkalling – Styret 11.09.2020",
    facts=(Line("Organ", "Styret"), Line("Tid", "11.09.2020 kl. 10:00")),
    agenda_label="Saksliste",
)


def hostile(port: int) -> str:
    return f"{{{{ 7*7 }}}} {{% if 1 %}}x{{% endif %}} <script>alert(1)</script> ![x](http://127.0.0.1:{port}/x.png)"


def _notice(title: str = "Revidert mandat") -> NoticeContent:
    items = (
        Item(None, "Godkjenning av innkalling og saksliste"),
        Item(
            "Sak 48/20",
            title,
            (Line("Saksansvarlig", "Øyvind Såtvedt"), Line("Forslag til vedtak", "Ja.\nNei.")),
        ),
        Item(None, "Eventuelt"),
    )
    return NoticeContent(HEADER, items, "Dokumenter", ("Sak 48/20 – Saksframlegg: Mandat",), "")


def _minutes() -> MinutesContent:
    header = Header("nb", "Møteprotokoll", "Møteprotokoll – Styret 11.09.2020", (), "Saksliste")
    return MinutesContent(
        header=header,
        attendance=(
            Group("Møtende medlemmer", ("Navn", "Representerer"), (Attendee("Kari Nordmann", "Follorådet"),)),
            Group("Forfall", ("Navn", "Representerer"), (), "Ingen forfall er registrert."),
        ),
        quorum_label="Vedtaksførhet",
        quorum="",
        notes_label="Fra møtet",
        notes="Sekretariatet orienterte.",
        items=(Item("Sak 48/20", "Mandat", (Line("Votering", "Enstemmig"), Line("Vedtak", "Vedtatt."))),),
        approval_label="Protokollen godkjennes",
        approval=("Protokollen er ikke godkjent ennå.",),
    )


def test_clean_drops_what_xml_cannot_hold_and_keeps_the_rest():
    assert clean("a\x00b\x0bc\r\nd\re\tf ÆØÅ 🙂") == "abc\nd\ne\tf ÆØÅ 🙂"


def test_the_notice_is_laid_out_as_headings_with_the_items_under_the_agenda():
    paper = notice_paper(_notice())
    assert paper.title == HEADER.title and paper.language_tag == "nb-NO"
    headings = [(block.level, block.text) for block in paper.blocks if isinstance(block, Heading)]
    assert headings == [
        (1, HEADER.title),
        (2, "Saksliste"),
        (3, "Godkjenning av innkalling og saksliste"),
        (3, "Sak 48/20 Revidert mandat"),
        (3, "Eventuelt"),
        (2, "Dokumenter"),
    ]
    assert Paragraph("Øyvind Såtvedt", "Saksansvarlig") in paper.blocks
    assert Bullets(("Sak 48/20 – Saksframlegg: Mandat",)) in paper.blocks


def test_the_minutes_put_attendance_in_a_table_with_a_header():
    paper = minutes_paper(_minutes())
    members = Table("Møtende medlemmer", ("Navn", "Representerer"), (("Kari Nordmann", "Follorådet"),))
    assert members in paper.blocks
    assert Paragraph("Ingen forfall er registrert.") in paper.blocks
    notes = paper.blocks.index(Heading(2, "Fra møtet"))
    assert paper.blocks[notes + 1 : notes + 3] == (
        Paragraph("Sekretariatet orienterte."),
        Heading(2, "Saksliste"),
    )


def test_the_html_escapes_every_value_and_names_language_and_title():
    page = paper_html(notice_paper(_notice(hostile(9))))
    assert '<html lang="nb">' in page
    assert "<title>Møteinnkalling – Styret 11.09.2020</title>" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "src=" not in page
    assert "Ja.<br>Nei." in page


def test_the_docx_has_real_headings_a_title_and_the_language():
    data = render_docx(notice_paper(_notice()))
    blocks = docx_blocks(data)
    assert blocks[0] == ("Heading 1", HEADER.title)
    assert ("Heading 3", "Sak 48/20 Revidert mandat") in blocks
    assert ("Normal", "Saksansvarlig: Øyvind Såtvedt") in blocks
    assert ("Normal", "Forslag til vedtak: Ja.\nNei.") in blocks
    assert ("List Bullet", "Sak 48/20 – Saksframlegg: Mandat") in blocks
    properties = docx_properties(data)
    assert properties.title == HEADER.title and properties.language == "nb-NO"
    assert properties.author == "Osloregionen"


def test_the_minutes_docx_table_has_a_repeated_header_row():
    data = render_docx(minutes_paper(_minutes()))
    assert ("table", "Navn | Representerer") in docx_blocks(data)
    assert ("table", "Kari Nordmann | Follorådet") in docx_blocks(data)
    assert b"tblHeader" in _document_xml(data)


def _document_xml(data: bytes) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_the_pdf_is_tagged_with_language_title_and_structure():
    data = render_pdf(minutes_paper(_minutes()))
    catalog = pdf_catalog(data)
    assert catalog["/Lang"] == "nb"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert pdf_title(data) == "Møteprotokoll – Styret 11.09.2020"
    types = structure_types(data)
    for kind in ("/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD"):
        assert kind in types, (kind, types)
    assert in_order(
        pdf_text(data), "Møtende medlemmer", "Kari Nordmann", "Forfall", "Sak 48/20 Mandat", "Enstemmig"
    )


def test_hostile_text_is_printed_literally_and_nothing_is_fetched():
    with listener() as (port, server):
        text = hostile(port)
        notice = notice_paper(_notice(text))
        docx_data, pdf_data = render_docx(notice), render_pdf(notice)
        assert connections(server) == 0
    assert ("Heading 3", f"Sak 48/20 {text}") in docx_blocks(docx_data)
    assert squeezed(text) in squeezed(pdf_text(pdf_data))  # lines wrap where they will


def test_the_fetcher_refuses_every_url_so_even_real_markup_reaches_nothing():
    from weasyprint import HTML

    with pytest.raises(NoFetching):
        refusing_fetcher()("https://example.org/logo.png")
    with listener() as (port, server):
        url = f"http://127.0.0.1:{port}/x"
        page = f'<html lang="nb"><style>@import "{url}.css"; p {{ background: url({url}.png) }}</style>'
        page += f'<body><p>x</p><img src="{url}.png"><link rel="stylesheet" href="{url}2.css"></body></html>'
        HTML(string=page, url_fetcher=refusing_fetcher()).write_pdf()
        assert connections(server) == 0
        # The listener does see a connection when one is made: the check above can fail.
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        assert connections(server) == 1
