"""A paper as an editable Word document (python-docx): real headings, tables, title and language set."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from osloreg.papers.layout import Bullets, Heading, Paper, Paragraph, Table

AUTHOR = "Osloregionen"


def _set_language(document: DocxDocument, tag: str) -> None:
    """The language of all text (spelling, hyphenation, screen readers): the default run properties."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)


def _paragraph(document: DocxDocument, block: Paragraph) -> None:
    # Text goes in as runs: python-docx writes it as XML text, so nothing in it is read as markup.
    paragraph = document.add_paragraph()
    if block.label:
        paragraph.add_run(f"{block.label}: ").bold = True
    paragraph.add_run(block.text)  # a \n becomes a line break


def _table(document: DocxDocument, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    header = table.rows[0]
    # The first row is the header row: repeated on each page and announced as such by screen readers.
    tr_pr = header._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)
    for cell, text in zip(header.cells, block.header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(text)
    table_pr = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), block.caption)
    table_pr.append(caption)


def render_docx(paper: Paper) -> bytes:
    """The paper as .docx bytes."""
    document = Document()
    properties = document.core_properties
    properties.title = paper.title
    properties.language = paper.language_tag
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.revision = 1
    _set_language(document, paper.language_tag)
    document.styles["Normal"].font.size = Pt(11)
    for block in paper.blocks:
        if isinstance(block, Heading):
            document.add_heading(level=block.level).add_run(block.text)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Bullets):
            for text in block.items:
                document.add_paragraph(style="List Bullet").add_run(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
