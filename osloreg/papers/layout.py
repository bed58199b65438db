"""The papers as a sequence of blocks (headings, labelled paragraphs, tables, lists) both formats render."""

from __future__ import annotations

import re
from dataclasses import dataclass

from osloreg.papers.content import Group, Header, Item, MinutesContent, NoticeContent

# Tags for the document's language: DOCX and the PDF's metadata take a region, HTML's lang the language.
LANGUAGE_TAGS = {"nb": "nb-NO", "en": "en-GB"}
# Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/FFFF):
# dropped, so text a user typed can never break the document it goes into.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """User text as a paper holds it: characters XML cannot carry dropped, line ends made \\n."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the paper's title, 2 a section, 3 an item of the saksliste
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # may hold \n: each line is shown on its own line
    label: str | None = None  # shown first, in bold, followed by a colon


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Heading | Paragraph | Table | Bullets


@dataclass(frozen=True)
class Paper:
    title: str
    language: str  # "nb" or "en"
    blocks: tuple[Block, ...]

    @property
    def language_tag(self) -> str:
        return LANGUAGE_TAGS.get(self.language, self.language)


def _opening(header: Header) -> list[Block]:
    blocks: list[Block] = [Heading(1, clean(header.title))]
    blocks += [Paragraph(clean(line.text), clean(line.label)) for line in header.facts]
    return blocks


def _items(items: tuple[Item, ...]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        blocks.append(Heading(3, clean(item.heading)))
        blocks += [Paragraph(clean(text)) for text in item.presence]
        blocks += [Paragraph(clean(line.text), clean(line.label)) for line in item.lines]
    return blocks


def notice_paper(content: NoticeContent) -> Paper:
    blocks = _opening(content.header)
    blocks.append(Heading(2, content.header.agenda_label))
    blocks += _items(content.items)
    blocks.append(Heading(2, content.documents_label))
    if content.documents:
        blocks.append(Bullets(tuple(clean(text) for text in content.documents)))
    if content.documents_note:
        blocks.append(Paragraph(content.documents_note))
    return Paper(clean(content.header.title), content.header.language, tuple(blocks))


def _attendance(group: Group) -> list[Block]:
    blocks: list[Block] = [Heading(2, group.label)]
    if group.people:
        rows = tuple(tuple(clean(text) for text in row) for row in group.rows)
        blocks.append(Table(group.label, group.columns, rows))
    if group.note:
        blocks.append(Paragraph(group.note))
    return blocks


def minutes_paper(content: MinutesContent) -> Paper:
    blocks = _opening(content.header)
    for group in content.attendance:
        blocks += _attendance(group)
    if content.quorum:
        blocks += [Heading(2, content.quorum_label), Paragraph(content.quorum)]
    if content.notes:
        blocks += [Heading(2, content.notes_label), Paragraph(clean(content.notes))]
    blocks.append(Heading(2, content.header.agenda_label))
    blocks += _items(content.items)
    blocks.append(Heading(2, content.approval_label))
    blocks += [Paragraph(clean(line)) for line in content.approval]
    return Paper(clean(content.header.title), content.header.language, tuple(blocks))
