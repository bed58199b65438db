"""Hostile search: queries made of syntax never error on either database; hostile titles come back as text,
whole or visibly shortened (an ellipsis), and the search page shows queries and hits only as text."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import Engine

from osloreg import clock
from osloreg.db import read_session
from osloreg.queries import search as search_queries
from osloreg.rules.search import QUERY_MAX_CHARS, QUERY_MAX_WORDS, marked, words_left_out
from osloreg.services.base import SYSTEM
from tests import factories as f
from tests.pages.conftest import nb, page_test
from tests.reliability.hostile_fields import PAYLOADS
from tests.reliability.hostile_pages import hostile_db, hostile_template, live_markup  # noqa: F401 - fixtures

# What either database's search syntax, SQL, a regex or a pattern could make of a query.
SYNTAX = {
    "sql_or": "' OR 1=1 --",
    "sql_drop": "x'); DROP TABLE cases; --",
    "fts_operators": 'mandat AND "revidert OR NOT styret NEAR(a b) title:x* ^start',
    "fts_unbalanced": '"revidert (mandat',
    "fts_column": "search_fts:mandat",
    "tsquery": "mandat & !styret | (a <-> b):*",
    "like": "%_% \\ %",
    "regex": ".*(a+)+$ [a-z]{1,} \\d",
    "quotes": "\"'`´“”«»",
    "only_punctuation": "()[]{}<>!?*:;,.-",
    "case_number_like": "48/20 99999999999999999999/99 0/0",
    "very_long": "mandat " * 5000,
    "nul_between": "man\x00dat",
    "many_words": " ".join(f"ord{n}" for n in range(100)),
}
QUERIES = {**PAYLOADS, **SYNTAX}
HOSTILE_TITLE = (
    "<script>alert(1)</script> [klikk](javascript:alert(1)) Revidert mandat <img src=x onerror=alert(1)>"
)
BUDGET_S = 2.0  # one search, the slowest allowed


def _world(engine: Engine) -> dict[str, str]:
    """Hostile records the search finds: a case, a meeting whose title takes all 300 characters, an input
    longer than a title."""
    with read_session(engine) as session:
        body = f.make_body(session, name="Styret")
        case = f.make_case(
            session, year=2031, number=1, title=HOSTILE_TITLE, proposed_decision="Revidert mandat"
        )
        meeting_title = ("Revidert mandat " + "langt møte " * 40)[:300].strip()
        f.make_meeting(
            session, body=body, starts_at=f.at(clock.oslo_today() + dt.timedelta(days=5)), title=meeting_title
        )
        long_input = "Innspill om revidert mandat: " + "mange gode grunner " * 20
        f.make_input(session, body=body, subject="Næringspolitikk", text=long_input)
        session.commit()
        day = f"{clock.oslo_today() + dt.timedelta(days=5):%d.%m.%Y}"
        return {
            "case": case.title,
            "meeting": f"{meeting_title} {day}",  # a meeting's hit is its title and its day
            "input": " ".join(long_input.split()),  # an input's is its text
        }


def test_hostile_queries_never_error_and_hostile_titles_come_back_whole(engine: Engine, figures):
    values = _world(engine)
    slowest, hits_seen, problems = 0.0, 0, []
    with read_session(engine) as session:
        for text in QUERIES.values():
            started = time.perf_counter()
            results = search_queries.search(session, actor=SYSTEM, text=text, limit=20)
            session.rollback()
            slowest = max(slowest, time.perf_counter() - started)
            hits_seen += len(results.hits)
        # The records found, each title whole, or shortened with an ellipsis that says so.
        results = search_queries.search(session, actor=SYSTEM, text="revidert mandat", limit=20)
        titles = {hit.kind: hit.title for hit in results.hits}
        for hit in results.hits:
            if hit.kind in values:
                whole = values[hit.kind]
                if not _whole_or_marked(hit.title, whole):
                    problems.append(f"{hit.kind}: {hit.title!r} is cut with no ellipsis")
            line = marked(hit.snippet)
            if not line:
                problems.append(f"{hit.kind}: no line of context")
            # The input's text is longer than a line of context: the line is a piece of it that says it
            # goes on.
            plain = "".join(text for text, _ in hit.snippet)
            if hit.kind == "input" and not (plain.endswith("…") and plain.strip("…") in values["input"]):
                problems.append(f"input: line of context {line!r} is no marked piece of the text")
    assert set(values) <= set(titles), titles
    assert titles["case"] == HOSTILE_TITLE  # as text, exactly
    figures.record(
        f"{engine.dialect.name}: {len(QUERIES)} hostile queries (payloads, SQL, FTS and tsquery syntax, "
        f"regex, NUL, {len(SYNTAX['very_long']):,} characters): 0 errors, slowest {slowest * 1000:.0f} ms, "
        f"{hits_seen} hits; {len(problems)} titles cut without an ellipsis"
    )
    assert slowest < BUDGET_S
    assert problems == [], problems


def _whole_or_marked(shown: str, whole: str) -> bool:
    """The whole text, or a beginning of it, an ellipsis, and (maybe) its end."""
    if shown == whole:
        return True
    head, mark, tail = shown.partition("…")
    return bool(mark) and whole.startswith(head) and whole.endswith(tail) and len(shown) < len(whole)


PAGE_QUERIES = ("script", "js_markdown_link", "markdown", "breakout_link", "long_100k", "ansi", "many_words")


@pytest.mark.parametrize("name", PAGE_QUERIES)
def test_the_search_page_shows_hostile_queries_and_hits_as_text_and_says_what_it_left_out(
    hostile_db,  # noqa: F811
    name,
    figures,
):
    query = QUERIES[name]
    at = page_test("pages/search.py", username="koordinator")
    at.query_params["q"] = query
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found, carrying = live_markup(at)
    [box] = [field.value for field in at.text_input if field.label == nb("search.box")]
    captions = " ".join(str(caption.value) for caption in at.caption)
    said = []
    if len(query) > QUERY_MAX_CHARS:  # only the first 200 characters are searched: the page says so
        said.append(nb("search.cut_chars", max=QUERY_MAX_CHARS))
    if words_left_out(query):
        said.append(nb("search.cut_words", max=QUERY_MAX_WORDS))
    unsaid = [text for text in said if text not in captions]
    figures.record(
        f"query {name!r}: {len(found)} live links or raw HTML, {carrying} strings showing hostile text, "
        f"box holds {len(box)} of {len(query):,} characters, {len(said) - len(unsaid)} of {len(said)} "
        "shortenings said"
    )
    assert found == [] and unsaid == [], (found, unsaid, captions)
