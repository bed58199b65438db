"""The protokoll's attendance on SQLite and PostgreSQL, read back from the generated DOCX and PDF:
møtende medlemmer (one who left after the first case), forfall, the vara who met for a member, others
present; the member inhabil in the second case only, declared or decided, with the legal ground; the
body not vedtaksfør in that case alone (kommuneloven § 11-9), vedtaksfør when no one is inhabil, and
nothing said of vedtaksførhet for a body without a rule or before attendance is recorded."""

from __future__ import annotations

import pytest

from osloreg import papers
from osloreg.enums import DisqualificationStatus, QuorumRule
from osloreg.papers.content import minutes_content
from osloreg.papers.presence import Words
from osloreg.rules.attendance import Span
from tests.integration.papers.presence_world import FIRST, SECOND, build
from tests.papers_reading import docx_blocks, in_order, pdf_text, squeezed

INHABIL = (
    "Anne Aas erklærte seg inhabil og fratrådte under behandlingen av saken, jf. forvaltningsloven § 6 "
    "første ledd bokstav a (selv part i saken)."
)
NOT_QUORATE = "Organet var ikke vedtaksfør i saken: 1 av 4 medlemmer til stede, jf. kommuneloven § 11-9."


def _section(blocks: list[tuple[str, str]], heading: str) -> list[tuple[str, str]]:
    """The blocks under a heading, up to the next heading."""
    start = blocks.index(heading if isinstance(heading, tuple) else ("Heading 2", heading)) + 1
    end = next((i for i in range(start, len(blocks)) if blocks[i][0].startswith("Heading")), len(blocks))
    return blocks[start:end]


def test_the_docx_lists_who_met_for_whom_who_had_forfall_and_who_left_when(rolled_back_session):
    blocks = docx_blocks(papers.minutes_docx(rolled_back_session, build(rolled_back_session)))
    assert _section(blocks, "Møtende medlemmer") == [
        ("table", "Navn | Representerer"),
        ("table", "Anne Aas | Asker testkommune"),
        ("table", "Dag Dahl (forlot møtet etter sak 12/24) | Lillestrøm testkommune"),
    ]
    assert _section(blocks, "Forfall") == [
        ("table", "Navn | Representerer"),
        ("table", "Bjørn Berg | Bærum testkommune"),
        ("table", "Cecilie Cruz | Follo testkommune"),
    ]
    assert _section(blocks, "Møtende varamedlemmer") == [
        ("table", "Navn | Representerer | Møtte for"),
        ("table", "Vera Vik | Follo testkommune | Cecilie Cruz"),
    ]
    assert _section(blocks, "Andre til stede") == [
        ("table", "Navn | Representerer"),
        ("table", "Siri Sekretær | "),
    ]
    assert _section(blocks, "Vedtaksførhet") == [("Normal", "Møtet var ikke vedtaksfør i sak 13/24.")]
    assert blocks.index(("Heading 2", "Vedtaksførhet")) < blocks.index(("Heading 2", "Saksliste"))


def test_the_docx_names_the_inhabil_member_and_the_failed_quorum_under_that_case_only(rolled_back_session):
    blocks = docx_blocks(papers.minutes_docx(rolled_back_session, build(rolled_back_session)))
    first = _section(blocks, ("Heading 3", f"Sak 12/24 {FIRST}"))
    second = _section(blocks, ("Heading 3", f"Sak 13/24 {SECOND}"))
    assert second[:2] == [("Normal", INHABIL), ("Normal", NOT_QUORATE)]
    assert not [text for _, text in first if "inhabil" in text or "vedtaksfør" in text]


def test_the_pdf_says_the_same_in_the_same_order(rolled_back_session):
    text = squeezed(pdf_text(papers.minutes_pdf(rolled_back_session, build(rolled_back_session))))
    parts = ("Møtende medlemmer", "Anne Aas", "Dag Dahl (forlot møtet etter sak 12/24)", "Forfall")
    parts += ("Bjørn Berg", "Cecilie Cruz", "Møtende varamedlemmer", "Vera Vik", "Cecilie Cruz")
    parts += ("Andre til stede", "Siri Sekretær", "Vedtaksførhet", "Møtet var ikke vedtaksfør i sak 13/24.")
    parts += (f"Sak 12/24 {FIRST}", f"Sak 13/24 {SECOND}", INHABIL, NOT_QUORATE)
    assert in_order(text, *(squeezed(part) for part in parts))
    first = text[text.index(squeezed(f"Sak 12/24 {FIRST}")) : text.index(squeezed(f"Sak 13/24 {SECOND}"))]
    assert "inhabil" not in first and "vedtaksfør" not in first


def test_a_decided_inhabilitet_says_the_body_declared_it(rolled_back_session):
    content = minutes_content(
        rolled_back_session, build(rolled_back_session, status=DisqualificationStatus.DECIDED)
    )
    assert content.items[1].presence[0] == INHABIL.replace("erklærte seg inhabil", "ble erklært inhabil")
    assert content.items[0].presence == ()


def test_the_meeting_was_vedtaksfoert_when_every_item_met_the_rule(rolled_back_session):
    meeting_id = build(rolled_back_session, inhabil=False)
    content = minutes_content(rolled_back_session, meeting_id)
    assert content.quorum == "Møtet var vedtaksfør."
    assert [item.presence for item in content.items] == [(), ()]
    blocks = docx_blocks(papers.minutes_docx(rolled_back_session, meeting_id))
    assert _section(blocks, "Vedtaksførhet") == [("Normal", "Møtet var vedtaksfør.")]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_body_without_a_rule_says_nothing_of_vedtaksfoerhet(rolled_back_session, fmt):
    meeting_id = build(rolled_back_session, rule=QuorumRule.NONE)
    data = papers.render(rolled_back_session, meeting_id, paper="minutes", fmt=fmt)
    text = pdf_text(data) if fmt == "pdf" else "\n".join(text for _, text in docx_blocks(data))
    assert "vedtaksfør" not in text.casefold() and "11-9" not in text
    assert squeezed(INHABIL) in squeezed(text)  # the inhabilitet is still there


def test_before_attendance_is_recorded_the_forfall_is_listed_and_no_quorum_is_claimed(rolled_back_session):
    content = minutes_content(rolled_back_session, build(rolled_back_session, recorded=False))
    members, absent = content.attendance[:2]
    assert (members.people, members.note) == ((), "Ingen oppmøte er registrert.")
    assert [(person.person, person.note) for person in absent.people] == [
        ("Bjørn Berg", ""),
        ("Cecilie Cruz", ""),
        ("Dag Dahl", "forfall under sak 13/24"),
    ]
    assert content.quorum == "" and content.items[1].presence == (INHABIL,)


def test_the_protokoll_in_english(rolled_back_session):
    content = minutes_content(rolled_back_session, build(rolled_back_session), language="en")
    assert [group.label for group in content.attendance] == [
        "Members present",
        "Apologies",
        "Substitutes present",
        "Also present",
    ]
    assert content.items[1].presence == (
        "Anne Aas declared themselves disqualified and withdrew while the case was dealt with, see Public "
        "Administration Act s. 6 (1)(a) (a party to the case).",
        "The body was not quorate for this item: 1 of 4 members present, see the Local Government Act "
        "s. 11-9.",
    )
    assert content.quorum == "The meeting was not quorate for item 13/24."


def test_hostile_names_are_printed_literally(rolled_back_session):
    hostile = "**bold** <script>alert(1)</script>"
    names = {"inhabil": hostile, "absent": "Bjørn Berg", "replaced": "Cecilie Cruz", "left": "Dag Dahl"}
    names |= {"vara": f"Vara {hostile}", "other": "Siri Sekretær"}
    meeting_id = build(rolled_back_session, names=names)
    blocks = docx_blocks(papers.minutes_docx(rolled_back_session, meeting_id))
    assert ("table", f"{hostile} | Asker testkommune") in blocks
    assert ("table", f"Vara {hostile} | Follo testkommune | Cecilie Cruz") in blocks
    assert ("Normal", INHABIL.replace("Anne Aas", hostile)) in blocks
    text = squeezed(pdf_text(papers.minutes_pdf(rolled_back_session, meeting_id)))
    assert squeezed(INHABIL.replace("Anne Aas", hostile)) in text


# --- The words for a member there for part of the meeting (no database) -------------------------------

LABELS = {1: "1", 2: "12/24", 3: "13/24", 4: "4"}


@pytest.mark.parametrize(
    ("span", "member", "vara"),
    [
        (Span(None, 2), "til stede fra sak 13/24", "forlot møtet etter sak 12/24"),
        (Span(3, None), "forlot møtet etter sak 12/24", "til stede fra sak 13/24"),
        (Span(2, 3), "fraværende under sak 12/24–13/24", "til stede under sak 12/24–13/24"),
        (Span(2, 2), "fraværende under sak 12/24", "til stede under sak 12/24"),
        (Span(None, None), "", ""),
        (None, "", ""),
    ],
)
def test_a_partial_forfall_is_worded_by_the_items_case_numbers(span, member, vara):
    words = Words("nb", LABELS, [1, 2, 3, 4])
    assert (words.away(span), words.stood_in(span)) == (member, vara)
