"""The text of stored documents for the search index: a generated PDF and a Word file give their words;
a damaged, oversized or wordless file gives none (it is found by its title), never an error."""

from __future__ import annotations

import io
import zipfile

from docx import Document as Docx

from osloreg.filetypes import DOCX, PDF
from osloreg.papers.content import Header, Item, Line, NoticeContent
from osloreg.papers.layout import notice_paper
from osloreg.papers.pdf import render_pdf
from osloreg.search.extract import MAX_BYTES, MAX_XML, document_text


def test_a_pdf_gives_its_words():
    header = Header("nb", "Møteinnkalling", "Møteinnkalling – Styret 11.09.2020", (), "Saksliste")
    item = Item("Sak 48/20", "Revidert mandat", (Line("Forslag til vedtak", "Innfartsparkeringen utvides."),))
    data = render_pdf(notice_paper(NoticeContent(header, (item,), "Dokumenter", (), "")))
    text = document_text(data, PDF)
    assert "Revidert mandat" in text and "Innfartsparkeringen" in text


def test_a_word_file_gives_its_paragraphs_as_separate_words():
    document = Docx()
    document.add_paragraph("Første avsnitt om kollektivknutepunkter.")
    document.add_paragraph("Andre avsnitt & mer.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = document_text(buffer.getvalue(), DOCX)
    assert "kollektivknutepunkter." in text and "Andre avsnitt & mer." in text
    assert "kollektivknutepunkter.Andre" not in text


def test_damaged_huge_and_wordless_files_give_no_text():
    assert document_text(b"%PDF-1.4 broken", PDF) == ""
    assert document_text(b"PK\x03\x04 not a zip", DOCX) == ""
    assert document_text(b"x" * (MAX_BYTES + 1), PDF) == ""
    assert document_text(b"\x89PNG\r\n", "image/png") == ""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:t>a</w:t>" * (MAX_XML // 10))
    assert document_text(bomb.getvalue(), DOCX) == ""
