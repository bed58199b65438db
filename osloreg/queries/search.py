"""Site-wide search: case numbers first, then full-text hits, then names found despite misspellings;
what the actor may not see is left out in SQL, in the query that pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer

from osloreg import clock
from osloreg.models import Case, CaseNumber, Document, Membership, SearchDocument, SearchNameWord
from osloreg.queries.common import active_on
from osloreg.queries.documents import visible as document_visible
from osloreg.rules import search as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.search.index import KINDS, NAME_KINDS
from osloreg.services.base import Actor

D = SearchDocument
NAME_CANDIDATES = 2000  # names sharing a trigram, ranked by similarity here; the best are kept
NAME_HITS = 20
NAME_CANDIDATES_SQLITE = 50  # SQLite: names holding words like the query's, in the index's order
NAME_SEARCH_BELOW = 20
TEXT_CANDIDATES = 500  # records holding the words that are ranked: the newest (see _text_match)
COUNT_LIMIT = 200  # text hits ordered and counted; as many as a user can page to
_FTS = sa.table("search_fts", sa.column("rowid"), sa.column("search_fts"))
_NAMES = sa.table("search_names", sa.column("rowid"), sa.column("search_names"))
# Within a tier, hits are ordered the same way on both databases: a shorter title is a closer match.
_KIND_ORDER = sa.case({kind: index for index, kind in enumerate(KINDS)}, value=D.kind, else_=len(KINDS))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    entity_id: int
    title: str
    snippet: list[rules.Segment]
    page: str  # the page a hit opens (navigation.PAGES name)
    link_key: str | None  # its query parameter (?case=), None: the page itself
    link_id: int | None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int  # hits in all, or a lower bound when `more`
    query: rules.Query
    more: bool = False  # there are more hits than `total` (the count stops at COUNT_LIMIT)


def visible(actor: Actor, today: dt.date) -> sa.ColumnElement[bool]:
    """What the actor may find: draft advice only in a group they sit in (or as the secretariat, who
    may submit for any group); an exempt document only as documents.visible allows (its title and
    text too); everything else, as every role reads it."""
    if allowed(actor.roles, Action.SUBMIT_ADVICE):
        drafts = sa.true()
    elif actor.person_id is not None:
        seats = sa.select(Membership.body_id).where(
            Membership.person_id == actor.person_id, active_on(Membership.start_on, Membership.end_on, today)
        )
        drafts = sa.or_(D.draft_body_id.is_(None), D.draft_body_id.in_(seats))
    else:
        drafts = D.draft_body_id.is_(None)
    shown = document_visible(actor.roles, actor.person_id, today)
    documents = sa.exists().where(Document.id == D.entity_id, Document.removed_at.is_(None), shown)
    return sa.and_(
        sa.or_(D.kind != "advice", drafts),
        sa.or_(D.kind != "document", documents),
    )


def _kinds(kinds: Iterable[str] | None) -> list[str]:
    return list(KINDS) if kinds is None else [kind for kind in kinds if kind in KINDS]


def _number_ids(session: Session, query: rules.Query) -> list[int]:
    """Cases named by number: NN/YY in any body's series, or the registration id YYYY/N; for each
    number typed, by case id (one order on both databases)."""
    found: list[int] = []
    for first, second in query.numbers:
        series = sa.select(CaseNumber.case_id).where(
            CaseNumber.number == first, CaseNumber.year == rules.full_year(second)
        )
        registered = sa.select(Case.id).where(
            Case.reg_year == rules.full_year(first), Case.reg_number == second
        )
        for case_id in sorted(set(session.scalars(sa.union(series, registered)))):
            if case_id not in found:
                found.append(case_id)
    return found


def _text_match(session: Session, query: rules.Query) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[int]]:
    """(the row is among the newest TEXT_CANDIDATES records holding every word, its tier: 0 when the
    title holds the words as typed, 1 when it holds them all as stems, else 2). The words are letters
    and digits only: no LIKE wildcard. The newest only: ranking every record that holds a common word
    grew with the data (11,000 records hold "kollektivtrafikk" at 100x); at the demo's size every
    record is a candidate, and past the bound the newest are the ones a secretariat looks for."""
    phrase = D.title_plain.contains(f" {query.name} ", autoescape=True) if query.name else sa.false()
    if session.get_bind().dialect.name == "postgresql":
        terms = " ".join(query.stems)
        tsquery = sa.func.plainto_tsquery(sa.literal_column("'simple'::regconfig"), terms)
        title = sa.func.to_tsvector(sa.literal_column("'simple'::regconfig"), D.title_words).op("@@")(tsquery)
        holding = D.__table__.alias("holding")
        newest = (
            sa.select(holding.c.id)
            .where(sa.literal_column("holding.tsv").op("@@")(tsquery))
            .order_by(holding.c.id.desc())
            .limit(TEXT_CANDIDATES)
        )
        return D.id.in_(newest), sa.case((phrase, 0), (title, 1), else_=2)
    # FTS5 quoted terms: the stems are letters and digits only, so nothing typed is read as syntax.
    terms = " AND ".join(f'"{stem}"' for stem in query.stems)
    newest = (
        sa.select(_FTS.c.rowid)
        .where(_FTS.c.search_fts.op("MATCH")(terms))
        .order_by(_FTS.c.rowid.desc())
        .limit(TEXT_CANDIDATES)
    )
    in_title = sa.select(_FTS.c.rowid).where(_FTS.c.search_fts.op("MATCH")(f"title_words : ({terms})"))
    return D.id.in_(newest), sa.case((phrase, 0), (D.id.in_(in_title), 1), else_=2)


def _close_terms(session: Session, query: rules.Query) -> str | None:
    """An FTS5 query for names holding, for each word typed, a word like it (pg_trgm's similarity
    between the two words): the words of all names are a few hundred however many people there are,
    and are compared here. None when no name word is like any typed.
    Every term is quoted and comes from the index itself: never FTS5 syntax."""
    vocabulary = list(session.scalars(sa.select(SearchNameWord.word)))
    groups = [rules.close_words(word, vocabulary) for word in rules.words(query.name)]
    groups = [group for group in groups if group]
    if not groups:
        return None
    return " AND ".join("(" + " OR ".join(_quoted(term) for term in group) + ")" for group in groups)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _name_candidates(
    session: Session, query: rules.Query, kinds: list[str]
) -> list[tuple[int, str, str, int]]:
    """Persons and units with names like the query, the likeliest first (a bounded number).
    Every role sees every person and unit, so no visibility rule applies here."""
    kinds = [kind for kind in NAME_KINDS if kind in kinds]
    if len(query.name) < 3 or not kinds:
        return []
    statement = sa.select(D.id, D.title, D.kind, D.entity_id).where(D.kind.in_(kinds))
    if session.get_bind().dialect.name == "postgresql":
        # Names like the whole query (%), or with some words like it (<%, pg_trgm's word similarity,
        # at the same threshold for this transaction): both answered by the trigram index.
        session.execute(sa.text(f"SET LOCAL pg_trgm.word_similarity_threshold = {rules.NAME_SIMILARITY}"))
        near = sa.or_(D.title.op("%")(query.name), sa.literal(query.name).op("<%")(D.title))
        statement = statement.where(near).order_by(sa.func.word_similarity(query.name, D.title).desc(), D.id)
        return [tuple(row) for row in session.execute(statement.limit(NAME_CANDIDATES))]
    terms = _close_terms(session, query)
    if terms is None:
        return []
    # The first names in the index's order that hold the words: FTS5 hands them over as it reads its
    # lists and stops at the limit, so the cost does not grow with the number of people (at 100x
    # thousands share a surname). They are then scored like any candidate.
    matching = (
        sa.select(_NAMES.c.rowid)
        .where(_NAMES.c.search_names.op("MATCH")(terms))
        .limit(NAME_CANDIDATES_SQLITE)
    )
    return [tuple(row) for row in session.execute(statement.where(D.id.in_(matching)))]


def _names(
    session: Session, query: rules.Query, kinds: list[str], excluded: sa.ColumnElement[bool] | None
) -> list[int]:
    """Index row ids of persons and units whose name is like the query's words (pg_trgm's similarity,
    computed alike for both databases), best first; those the text search found already are left out."""
    scorer = rules.NameScorer(query.name)
    scored = []
    for row_id, title, kind, entity_id in _name_candidates(session, query, kinds):
        score = scorer.score(title)
        if score >= rules.NAME_SIMILARITY:
            scored.append((-score, len(title), kind, entity_id, row_id))
    scored.sort()
    ids = [row_id for *_, row_id in scored[:NAME_HITS]]
    if ids and excluded is not None:
        found = set(session.scalars(sa.select(D.id).where(D.id.in_(ids), excluded)))
        ids = [row_id for row_id in ids if row_id not in found]
    return ids


def _rows(session: Session, ids: Sequence[int]) -> list:
    if not ids:
        return []
    # The stems are not shown: a document's may run to 50,000 characters.
    statement = sa.select(D).options(defer(D.title_words), defer(D.text_words)).where(D.id.in_(list(ids)))
    rows = {row.id: row for row in session.execute(statement).scalars()}
    return [rows[row_id] for row_id in ids if row_id in rows]


def search(
    session: Session,
    *,
    actor: Actor,
    text: str,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    today: dt.date | None = None,
) -> SearchResults:
    """The hits of what the actor typed that the actor may see, a page of them. Whatever is typed
    is read by rules.search into words and case numbers: it is never syntax to either database."""
    query = rules.parse_query(text)
    limit, offset = max(min(int(limit), COUNT_LIMIT), 0), max(int(offset), 0)
    if query.empty:
        return SearchResults([], 0, query)
    wanted_kinds = _kinds(kinds)
    where = [D.kind.in_(wanted_kinds), visible(actor, today or clock.oslo_today())]

    numbered: list[int] = []
    if query.numbers:
        case_ids = _number_ids(session, query)
        if case_ids:
            found = session.execute(
                sa.select(D.id, D.entity_id).where(D.kind == "case", D.entity_id.in_(case_ids), *where)
            ).all()
            order = {entity: index for index, entity in enumerate(case_ids)}
            numbered = [row_id for row_id, entity in sorted(found, key=lambda row: order[row[1]])]

    # The page: numbered hits, then text hits (paged in SQL), then names.
    page_ids: list[int] = numbered[offset : offset + limit]
    text_offset = max(offset - len(numbered), 0)
    matched = None
    text_total = 0
    more = False  # more text hits than counted
    if query.stems:
        matched, tier = _text_match(session, query)
        text_where = [matched, *where]
        if numbered:
            text_where.append(D.id.not_in(numbered))
        # The text hits in order, up to the count limit, in one query: the page is cut from them and
        # they are counted (past the limit, "over N" says enough; a common word is read once).
        ordered = list(
            session.scalars(
                sa.select(D.id)
                .where(*text_where)
                .order_by(tier, sa.func.length(D.title), _KIND_ORDER, D.entity_id)
                .limit(COUNT_LIMIT + 1)
            )
        )
        more = len(ordered) > COUNT_LIMIT
        text_total = min(len(ordered), COUNT_LIMIT)
        page_ids += ordered[:text_total][text_offset : text_offset + limit - len(page_ids)]
    # Names like the query's words, for a misspelled name: looked for when the words themselves find
    # less than a page (the text hits come first, so more names would only follow many pages on).
    named: list[int] = []
    if len(numbered) + text_total < NAME_SEARCH_BELOW:
        named = [row_id for row_id in _names(session, query, wanted_kinds, matched) if row_id not in numbered]
    wanted = limit - len(page_ids)
    name_offset = max(offset - len(numbered) - text_total, 0)
    if wanted > 0:
        page_ids += named[name_offset : name_offset + wanted]
    hits = [
        SearchHit(
            kind=row.kind,
            entity_id=row.entity_id,
            title=row.title,
            snippet=rules.snippet(f"{row.body}", query),
            page=row.link_page,
            link_key=row.link_key,
            link_id=row.link_id,
        )
        for row in _rows(session, page_ids)
    ]
    return SearchResults(hits, len(numbered) + text_total + len(named), query, more=more)
