"""Point 6 of issue 20: the same queries on the demo data give the same top hit on SQLite and PostgreSQL,
and it is the record a user would expect (checked by its title, not only by the two agreeing)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from docx import Document as Docx

from osloreg.db import read_session, write_session
from osloreg.enums import DocumentKind, Role
from osloreg.models import SearchDocument
from osloreg.queries.search import search
from osloreg.rules.search import stems, words
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.documents import add_document
from tests.conftest import LoadedDemo

CASE_48_20 = "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
MEMO = "Notat om kollektivknutepunkter"

# (what a user types, the kind and title of the hit expected first)
QUERIES = [
    ("48/20", "case", CASE_48_20),
    ("sak 48 / 20", "case", CASE_48_20),
    ("2020/48", "case", CASE_48_20),  # its registration id
    ("mandatet", "case", CASE_48_20),  # stemmed: the title says "mandat"
    ("profileringsarbeid", "case", "Evaluering av Osloregionens internasjonale profileringsarbeid"),
    ("Energistasjoner", "project", "Energistasjoner for grønn næringstransport"),
    ("Sverre Rønning Sæter", "person", "Sverre Rønning Sæther"),  # misspelled
    ("Aksel Sæter", "person", "Aksel Sæther"),  # misspelled
    ("Sæter", "person", "Tor Sæther"),  # one word like one of the name's: the shortest such name first
    ("Rasmusen", "person", "Liv Rasmussen"),
    ("Viken", "unit", "Viken fylkeskommune"),
    ("Follorådet", "unit", "Folloregionen IPR"),  # by its former name
    ("Styret 11.09.2020", "meeting", "Styret 11.09.2020"),
    ("interessepolitikk Oslofjorden", "advice", "Råd om interessepolitikk for Oslofjorden"),
    ("hovedpunktene", "decision", "Råd om saker til neste møte"),  # the director's rationale
    ("BEST-konferansen", "project", "BEST-konferansen"),
    ("innfartsparkeringen", "document", MEMO),  # a word inside the document's file only
]
COORDINATOR = Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}))


def _docx(text: str) -> bytes:
    document = Docx()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _top_hits(demo: LoadedDemo) -> dict[str, tuple[str, int, str] | None]:
    with write_session(demo.engine) as session:
        add_document(
            session,
            actor=SYSTEM,
            case_id=3,
            kind=DocumentKind.ATTACHMENT,
            title=MEMO,
            filename="notat.docx",
            content=_docx("Innfartsparkeringen ved stasjonene i Follo bør utvides før 2028."),
        )
    found: dict[str, tuple[str, int, str] | None] = {}
    with read_session(demo.engine) as session:
        for text, _, _ in QUERIES:
            hits = search(session, actor=COORDINATOR, text=text, limit=5).hits
            found[text] = (hits[0].kind, hits[0].entity_id, hits[0].title) if hits else None
    return found


@pytest.fixture(scope="module")
def top_hits(loaded_demos: tuple[LoadedDemo, LoadedDemo]) -> dict[str, dict[str, tuple | None]]:
    """Per database, each query's top hit."""
    return {demo.backend: _top_hits(demo) for demo in loaded_demos}


@pytest.mark.parametrize(("text", "kind", "title"), QUERIES, ids=[text for text, _, _ in QUERIES])
def test_both_databases_give_the_expected_record_first(top_hits, text, kind, title):
    sqlite, postgres = top_hits["sqlite"][text], top_hits["postgres"][text]
    assert sqlite is not None and postgres is not None, (sqlite, postgres)
    assert sqlite[:2] == postgres[:2], (sqlite, postgres)
    assert sqlite[0] == kind and sqlite[2] == title, sqlite


def test_the_stems_are_those_of_postgresqls_norwegian_configuration(loaded_demos):
    """The index holds Snowball's Norwegian stems, made in Python so that SQLite holds the very same
    words: for every word of every record of the demo, they are what PostgreSQL's own `norwegian`
    text search configuration makes of it (stop words dropped alike)."""
    postgres = next(demo for demo in loaded_demos if demo.backend == "postgres")
    with postgres.engine.connect() as connection:
        texts = connection.execute(sa.select(SearchDocument.title, SearchDocument.body)).all()
        vocabulary = sorted({word for title, body in texts for word in words(f"{title} {body}")})
        theirs = dict(
            connection.execute(
                sa.text(
                    "SELECT w, coalesce((SELECT string_agg(lexeme, ' ' ORDER BY lexeme)"
                    " FROM unnest(to_tsvector('norwegian', w))), '') FROM unnest(CAST(:ws AS text[])) AS w"
                ),
                {"ws": vocabulary},
            ).all()
        )
    ours = {word: " ".join(sorted(stems(word))) for word in vocabulary}
    assert len(vocabulary) > 500
    assert {word: (ours[word], theirs[word]) for word in vocabulary if ours[word] != theirs[word]} == {}
