"""The search index's rows: built per kind of record from the tables, rewritten for the records a
transaction touched (in that transaction, before it commits), or rebuilt whole."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, aliased

from osloreg.enums import AdviceState
from osloreg.models import (
    Advice,
    AgendaItem,
    Body,
    Case,
    CaseNumber,
    Consultation,
    Decision,
    Document,
    DocumentVersion,
    Input,
    Meeting,
    Person,
    Project,
    SearchDocument,
    SearchNameWord,
    Unit,
    UnitName,
)
from osloreg.rules.search import index_words, words
from osloreg.search.extract import document_text

KINDS = ("case", "project", "meeting", "person", "unit", "advice", "decision", "input", "document")
TITLE_MAX = 300
INPUT_TITLE_MAX = 120  # an input has no title: its first words stand for it
BODY_MAX = 20_000  # the text kept for the line of context; the stems cover the whole text
_CHUNK = 500
_TOUCHED = "osloreg_search_touched"  # session.info: {kind: {ids}} written in this transaction
TABLE = SearchDocument.__table__
NAME_WORDS = SearchNameWord.__table__
NAME_KINDS = ("person", "unit")

Row = dict[str, Any]


def _text(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def shortened(text: str, limit: int) -> str:
    """The text, or its first words up to `limit` characters with an ellipsis that says it goes on."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _row(
    kind: str, entity_id: int, title: str, text: str, link: tuple[str, str | None, int | None], **extra
) -> Row:
    title = shortened((title or "").strip(), TITLE_MAX) or f"#{entity_id}"
    page, key, target = link
    return {
        "kind": kind,
        "entity_id": entity_id,
        "title": title,
        "body": text[:BODY_MAX],
        # Spaces around, so that a phrase is matched by whole words: ' viken ' in ' viken fylkeskommune '.
        "title_plain": f" {' '.join(words(title))} ",
        "title_words": index_words(title),
        "text_words": index_words(text),
        "draft_body_id": extra.get("draft_body_id"),
        "link_page": page,
        "link_key": key,
        "link_id": target,
    }


def _subject_link(subject_type: str, project_id, case_id, meeting_id, fallback: str):
    if project_id is not None:
        return ("pipeline", "project", project_id)
    if case_id is not None:
        return ("cases", "case", case_id)
    if meeting_id is not None:
        return ("calendar", "meeting", meeting_id)
    return (fallback, None, None)


def _where(column, ids: list[int] | None):
    return sa.true() if ids is None else column.in_(ids)


def _cases(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    numbers: dict[int, list[str]] = defaultdict(list)
    for case_id, number, year in c.execute(
        sa.select(CaseNumber.case_id, CaseNumber.number, CaseNumber.year).where(
            _where(CaseNumber.case_id, ids)
        )
    ):
        numbers[case_id].append(f"{number}/{year % 100:02d}")
    statement = sa.select(
        Case.id, Case.title, Case.reg_year, Case.reg_number, Case.proposed_decision, Case.final_decision
    ).where(_where(Case.id, ids))
    for id_, title, reg_year, reg_number, proposed, final in c.execute(statement):
        text = _text(title, " ".join(numbers[id_]), f"{reg_year}/{reg_number}", proposed, final)
        yield _row("case", id_, title, text, ("cases", "case", id_))


def _projects(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    statement = sa.select(Project.id, Project.title, Project.description, Project.outside_partners)
    for id_, title, description, partners in c.execute(statement.where(_where(Project.id, ids))):
        yield _row("project", id_, title, _text(title, description, partners), ("pipeline", "project", id_))


def _meetings(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    headings: dict[int, list[str]] = defaultdict(list)
    for meeting_id, heading in c.execute(
        sa.select(AgendaItem.meeting_id, AgendaItem.heading).where(
            _where(AgendaItem.meeting_id, ids), AgendaItem.heading.is_not(None)
        )
    ):
        headings[meeting_id].append(heading)
    statement = sa.select(
        Meeting.id, Meeting.title, Body.name, Meeting.starts_at, Meeting.place, Meeting.minutes
    ).join(Body, Body.id == Meeting.body_id)
    for id_, title, body, starts_at, place, minutes in c.execute(statement.where(_where(Meeting.id, ids))):
        day = starts_at.strftime("%d.%m.%Y")
        shown = f"{shortened(title or body, TITLE_MAX - len(day) - 1)} {day}"  # the date is never cut off
        text = _text(shown, body, place, " ".join(headings[id_]), minutes)
        yield _row("meeting", id_, shown, text, ("calendar", "meeting", id_))


def _persons(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    statement = sa.select(Person.id, Person.name, Person.title, Person.employer)
    for id_, name, title, employer in c.execute(statement.where(_where(Person.id, ids))):
        yield _row("person", id_, name, _text(name, title, employer), ("coverage", "person", id_))


def _units(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    former: dict[int, list[str]] = defaultdict(list)
    for unit_id, name in c.execute(
        sa.select(UnitName.unit_id, UnitName.name).where(_where(UnitName.unit_id, ids))
    ):
        former[unit_id].append(name)
    for id_, name in c.execute(sa.select(Unit.id, Unit.name).where(_where(Unit.id, ids))):
        text = _text(name, " ".join(n for n in former[id_] if n != name))
        yield _row("unit", id_, name, text, ("coverage", "unit", id_))


_SUBJECT = (Advice.subject_type, Advice.project_id, Advice.case_id, Advice.meeting_id)


def _advice(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    # Withdrawn advice is left out: it no longer speaks for the group.
    statement = sa.select(
        Advice.id, Advice.title, Advice.recommendation, Advice.state, Advice.body_id, *_SUBJECT
    )
    statement = statement.where(_where(Advice.id, ids), Advice.state != AdviceState.WITHDRAWN)
    for id_, title, recommendation, state, body_id, *subject in c.execute(statement):
        draft = state == AdviceState.DRAFT
        link = _subject_link(*subject, fallback="advice" if draft else "decisions")
        yield _row(
            "advice", id_, title, _text(title, recommendation), link, draft_body_id=body_id if draft else None
        )


def _decisions(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    # The decision in force: a reopened one gave way to a newer row.
    statement = (
        sa.select(Decision.id, Advice.title, Decision.rationale, *_SUBJECT)
        .join(Advice, Advice.id == Decision.advice_id)
        .where(_where(Decision.id, ids), Decision.reopened_at.is_(None))
    )
    for id_, title, rationale, *subject in c.execute(statement):
        yield _row(
            "decision", id_, title, _text(title, rationale), _subject_link(*subject, fallback="decisions")
        )


def _inputs(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    statement = sa.select(
        Input.id, Input.text, Input.subject_type, Input.project_id, Input.case_id, Input.meeting_id
    )
    statement = statement.where(_where(Input.id, ids), Input.withdrawn_at.is_(None))
    for id_, text, *subject in c.execute(statement):
        title = shortened(" ".join(text.split()), INPUT_TITLE_MAX)
        yield _row("input", id_, title, text, _subject_link(*subject, fallback="input"))


def _documents(c: Connection, ids: list[int] | None) -> Iterator[Row]:
    other = aliased(DocumentVersion)
    newest = sa.select(sa.func.max(other.id)).where(other.document_id == Document.id).scalar_subquery()
    statement = (
        sa.select(
            Document.id,
            Document.title,
            Document.case_id,
            Document.meeting_id,
            Consultation.case_id,
            AgendaItem.meeting_id,
            DocumentVersion.content,
            DocumentVersion.content_type,
        )
        .outerjoin(Consultation, Consultation.id == Document.consultation_id)
        .outerjoin(AgendaItem, AgendaItem.id == Document.agenda_item_id)
        .outerjoin(DocumentVersion, DocumentVersion.id == newest)
        .where(_where(Document.id, ids), Document.removed_at.is_(None))
    )
    for id_, title, case_id, meeting_id, step_case, item_meeting, content, content_type in c.execute(
        statement
    ):
        meeting = meeting_id or item_meeting
        link = ("calendar", "meeting", meeting) if meeting else ("cases", "case", case_id or step_case)
        text = _text(title, document_text(content, content_type or ""))
        yield _row("document", id_, title, text, link)


BUILDERS = {
    "case": _cases,
    "project": _projects,
    "meeting": _meetings,
    "person": _persons,
    "unit": _units,
    "advice": _advice,
    "decision": _decisions,
    "input": _inputs,
    "document": _documents,
}


def reindex(connection: Connection, kind: str, ids: Iterable[int]) -> None:
    """Rewrite the index rows of these records (a record gone, withdrawn or removed loses its row)."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        connection.execute(TABLE.delete().where(TABLE.c.kind == kind, TABLE.c.entity_id.in_(chunk)))
        rows = list(BUILDERS[kind](connection, chunk))
        if rows:
            connection.execute(TABLE.insert(), rows)
            _add_name_words(connection, rows)


def rebuild(connection: Connection) -> dict[str, int]:
    """Empty the index and fill it from every table; returns rows per kind."""
    connection.execute(TABLE.delete())
    connection.execute(NAME_WORDS.delete())
    counts = {}
    for kind, build in BUILDERS.items():
        batch: list[Row] = []
        counts[kind] = 0
        for row in build(connection, None):
            batch.append(row)
            if len(batch) >= 2000:
                _insert(connection, batch)
                counts[kind] += len(batch)
                batch = []
        if batch:
            _insert(connection, batch)
            counts[kind] += len(batch)
    return counts


def _insert(connection: Connection, rows: list[Row]) -> None:
    connection.execute(TABLE.insert(), rows)
    _add_name_words(connection, rows)


def _add_name_words(connection: Connection, rows: list[Row]) -> None:
    """The words of the names among these rows, each kept once (see SearchNameWord)."""
    found = {word[:100] for row in rows if row["kind"] in NAME_KINDS for word in words(row["title"])}
    if not found:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(NAME_WORDS).on_conflict_do_nothing()
    connection.execute(statement, [{"word": word} for word in sorted(found)])


def is_empty(connection: Connection) -> bool:
    return connection.scalar(sa.select(sa.func.count()).select_from(TABLE)) == 0


# --- Kept in step: every flush notes what it wrote; the commit rewrites their index rows -------------


def _keys(obj: Any) -> Iterator[tuple[str, Any]]:
    """The index rows a written object changes: its own, and its dependants'."""
    match obj:
        case Case():
            yield "case", obj.id
        case CaseNumber():
            yield "case", obj.case_id
        case Project():
            yield "project", obj.id
        case Meeting():
            yield "meeting", obj.id
        case AgendaItem():
            yield "meeting", obj.meeting_id
        case Body():
            yield "body", obj.id  # its meetings are titled by its name
        case Person():
            yield "person", obj.id
        case Unit():
            yield "unit", obj.id
        case UnitName():
            yield "unit", obj.unit_id
        case Advice():
            yield "advice", obj.id
            yield "advice_decisions", obj.id  # a decision is found by its advice's title
        case Decision():
            yield "decision", obj.id
            yield "advice", obj.advice_id
        case Input():
            yield "input", obj.id
        case Document():
            yield "document", obj.id
        case DocumentVersion():
            yield "document", obj.document_id


@event.listens_for(Session, "after_flush")
def _note_written(session: Session, _context) -> None:
    touched = session.info.setdefault(_TOUCHED, defaultdict(set))
    for obj in (*session.new, *session.dirty, *session.deleted):
        for kind, id_ in _keys(obj):
            if id_ is not None:
                touched[kind].add(id_)


@event.listens_for(Session, "before_commit")
def _reindex_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # what is still pending is noted by the flush
    if not session.info.get(_TOUCHED):
        return
    touched = session.info.pop(_TOUCHED)
    connection = session.connection()
    if not sa.inspect(connection).has_table(TABLE.name):
        return  # a database before migration 0019 (the migration fills the index)
    if ids := touched.pop("body", None):
        meetings = connection.scalars(sa.select(Meeting.id).where(Meeting.body_id.in_(sorted(ids))))
        touched["meeting"].update(meetings)
    if ids := touched.pop("advice_decisions", None):
        decisions = connection.scalars(sa.select(Decision.id).where(Decision.advice_id.in_(sorted(ids))))
        touched["decision"].update(decisions)
    for kind in KINDS:
        if touched.get(kind):
            reindex(connection, kind, touched[kind])


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous) -> None:
    if not previous.nested:
        session.info.pop(_TOUCHED, None)
