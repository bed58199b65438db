"""Read side of what is published: the public bodies' meetings, their saksliste, cases, vedtak and files,
filtered in SQL by rules.publication (scope PUBLIC), or everything a viewer may read (scope INTERNAL,
the read API with a token). The public view, the static site and the OParl API all read through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import MeetingStatus
from osloreg.i18n import case_label
from osloreg.models import (
    AgendaItem,
    Body,
    Case,
    CaseNumber,
    Consultation,
    Document,
    DocumentVersion,
    Meeting,
)
from osloreg.rules import publication as rules


class Scope(StrEnum):
    PUBLIC = "public"  # the public view, the static site, the API without a token
    INTERNAL = "internal"  # the API with a token for internal use: what a viewer reads


# --- SQL building blocks ----------------------------------------------------------------------------------


def body_visible(scope: Scope, kind: sa.ColumnElement[str] = Body.kind) -> sa.ColumnElement[bool]:
    """The bodies a scope shows: styret and representantskapet publicly, every body internally."""
    return kind.in_(sorted(rules.PUBLIC_BODY_KINDS)) if scope is Scope.PUBLIC else sa.true()


def _agenda_visible(scope: Scope, status: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return status.in_(sorted(rules.AGENDA_PUBLIC_STATUSES)) if scope is Scope.PUBLIC else sa.true()


def public_items(scope: Scope) -> sa.Select:
    """The agenda items a scope shows, with their meeting's body: publicly those of a public body's
    meeting whose saksliste is out (closed ones included: they are listed, without their title)."""
    return (
        sa.select(AgendaItem.id, AgendaItem.case_id, AgendaItem.closed_basis, Meeting.id.label("meeting_id"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .where(body_visible(scope), _agenda_visible(scope, Meeting.status))
    )


def case_ids(scope: Scope, *, only: int | Iterable[int] | None = None) -> sa.Select:
    """The cases a scope shows: publicly, those on an open item of a public saksliste and on no closed
    item anywhere (rules.publication.case_is_public); internally every case on any agenda or in any
    body's series. `only`: just this case (or these), if shown (one case's check then reads its own
    rows, not every case's: the static site asks it once per case, the API once per page)."""
    ids = None if only is None else [only] if isinstance(only, int) else list(only)
    if scope is Scope.INTERNAL:
        every = sa.select(Case.id)
        return every if ids is None else every.where(Case.id.in_(ids))
    mine = sa.true() if ids is None else AgendaItem.case_id.in_(ids)
    shown = (
        public_items(scope)
        .where(AgendaItem.closed_basis.is_(None), AgendaItem.case_id.is_not(None), mine)
        .subquery()
    )
    closed = sa.select(AgendaItem.case_id).where(
        AgendaItem.closed_basis.is_not(None), AgendaItem.case_id.is_not(None), mine
    )
    return sa.select(shown.c.case_id).where(shown.c.case_id.not_in(closed)).distinct()


# --- Meetings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    body_id: int
    body: str
    title: str | None
    starts_at: dt.datetime  # local (Europe/Oslo) wall-clock time
    ends_at: dt.datetime | None
    place: str | None
    status: str
    basis: str

    @property
    def cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


def _summary(row) -> MeetingSummary:
    return MeetingSummary(
        row.id, row.body_id, row.body, row.title, row.starts_at, row.ends_at, row.place, row.status, row.basis
    )


def _meetings_select(scope: Scope) -> sa.Select:
    return (
        sa.select(
            Meeting.id,
            Meeting.body_id,
            Body.name.label("body"),
            Meeting.title,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.place,
            Meeting.status,
            Meeting.basis,
        )
        .join(Body, Body.id == Meeting.body_id)
        .where(body_visible(scope))
    )


def meetings(
    session: Session,
    *,
    scope: Scope,
    body_id: int | None = None,
    first: dt.date | None = None,
    after: dt.date | None = None,
    ids: Iterable[int] | None = None,
    after_id: int | None = None,
    limit: int | None = None,
    by_id: bool = False,
    newest_first: bool = False,
) -> list[MeetingSummary]:
    """The meetings a scope shows (every status: a planned or cancelled meeting is public too), by time
    (or by id, for paging: `after_id` then continues after the last one seen); optionally of one body,
    from `first` up to before `after`, or only `ids`; `newest_first` with `limit`: the latest ones."""
    query = _meetings_select(scope)
    if body_id is not None:
        query = query.where(Meeting.body_id == body_id)
    if first is not None:
        query = query.where(Meeting.starts_at >= dt.datetime.combine(first, dt.time()))
    if after is not None:
        query = query.where(Meeting.starts_at < dt.datetime.combine(after, dt.time()))
    if ids is not None:
        query = query.where(Meeting.id.in_(list(ids)))
    if after_id is not None:
        query = query.where(Meeting.id > after_id)
    if by_id:
        query = query.order_by(Meeting.id)
    elif newest_first:
        query = query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    else:
        query = query.order_by(Meeting.starts_at, Meeting.id)
    if limit is not None:
        query = query.limit(limit)
    return [_summary(row) for row in session.execute(query)]


def bodies(session: Session, *, scope: Scope) -> list[tuple[int, str]]:
    """The bodies a scope shows that have a meeting, as (id, name), by name."""
    has_meeting = sa.exists().where(Meeting.body_id == Body.id)
    rows = session.execute(
        sa.select(Body.id, Body.name).where(body_visible(scope), has_meeting).order_by(Body.name, Body.id)
    )
    return [(row.id, row.name) for row in rows]


def meeting_count(session: Session, *, scope: Scope) -> int:
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .join(Body, Body.id == Meeting.body_id)
        .where(body_visible(scope))
    )


def meeting_span(session: Session, *, scope: Scope) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and the last start of a meeting the scope shows, or None if it shows none."""
    # Each end read along the index on starts_at, stopping at the first shown meeting: min() and max()
    # over the join would read every public meeting (a few thousand at 100x).
    shown = sa.select(Meeting.starts_at).join(Body, Body.id == Meeting.body_id).where(body_visible(scope))
    first = session.scalar(shown.order_by(Meeting.starts_at).limit(1))
    last = session.scalar(shown.order_by(Meeting.starts_at.desc()).limit(1))
    return None if first is None else (first, last)


def meeting_years(session: Session, *, scope: Scope) -> list[int]:
    """The years with a meeting the scope shows, newest first."""
    span = meeting_span(session, scope=scope)
    return [] if span is None else list(range(span[1].year, span[0].year - 1, -1))


# --- Files ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedFile:
    """A document as published: its newest version; for an exempt one only that it exists, its kind
    and legal basis (`title`, `filename`, `sha256` and `version_id` are None)."""

    document_id: int
    kind: str
    title: str | None
    exempt_basis: str | None
    version_id: int | None
    filename: str | None
    content_type: str
    size: int
    sha256: str | None
    uploaded_at: dt.datetime
    meeting_id: int | None  # the owner, as documents.owner says: one of these four
    agenda_item_id: int | None
    case_id: int | None
    consultation_id: int | None

    @property
    def open(self) -> bool:
        return self.title is not None


def _files(session: Session, condition: sa.ColumnElement[bool]) -> list[tuple[PublishedFile, str]]:
    """Every document (not removed) meeting the condition with its newest version, and the status of
    the meeting it belongs to (for a case's own document: the case's latest public treatment)."""
    newest = aliased(DocumentVersion)
    latest = sa.select(sa.func.max(newest.number)).where(newest.document_id == Document.id).scalar_subquery()
    rows = session.execute(
        sa.select(Document, DocumentVersion)
        .join(
            DocumentVersion,
            sa.and_(DocumentVersion.document_id == Document.id, DocumentVersion.number == latest),
        )
        .where(condition, Document.removed_at.is_(None))
        .order_by(Document.id)
    ).all()
    return [(row.Document, row.DocumentVersion) for row in rows]


def _published(document: Document, version: DocumentVersion, *, shown: rules.DocumentShown) -> PublishedFile:
    return PublishedFile(
        document_id=document.id,
        kind=document.kind,
        title=document.title if shown.open else None,
        exempt_basis=shown.exempt_basis,
        version_id=version.id if shown.open else None,
        filename=version.filename if shown.open else None,
        content_type=version.content_type,
        size=version.size,
        sha256=version.sha256 if shown.open else None,
        uploaded_at=version.uploaded_at,
        meeting_id=document.meeting_id,
        agenda_item_id=document.agenda_item_id,
        case_id=document.case_id,
        consultation_id=document.consultation_id,
    )


def _shown(
    scope: Scope, document: Document, *, meeting_status: str, item_closed: bool
) -> rules.DocumentShown:
    if scope is Scope.INTERNAL:
        # What a viewer reads: everything but an exempt document's title and file.
        exempt = (document.exempt_basis or "").strip() or None
        return rules.DocumentShown(listed=True, open=exempt is None, exempt_basis=exempt)
    return rules.document_shown(
        kind=document.kind,
        exempt_basis=document.exempt_basis,
        removed=document.removed_at is not None,
        meeting_status=meeting_status,
        item_closed=item_closed,
    )


# --- One meeting ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedItem:
    """One item of a saksliste. A closed item shows its number and `closed_basis`, never its title,
    case or texts (title, case_id and the texts are None)."""

    id: int
    position: int
    number: str | None  # the case's number in this body's series ("48/20"), or None for a heading
    case_id: int | None
    title: str | None  # the case's title, or the heading
    closed_basis: str | None
    role: str | None  # the treatment's role here (innstilling, vedtak, ...)
    result: str | None
    text: str | None  # the body's innstilling or vedtak (or a heading's vedtak), once public
    unanimous: bool | None
    votes_for: int | None
    votes_against: int | None
    files: tuple[PublishedFile, ...]

    @property
    def closed(self) -> bool:
        return self.closed_basis is not None


@dataclass(frozen=True)
class MeetingRecord:
    meeting: MeetingSummary
    agenda_shown: bool  # the saksliste is out (publicly: from the innkalling on)
    results_shown: bool  # the vedtak are out (the meeting has taken place)
    minutes_shown: bool  # the protokoll is out (publicly: published after approval)
    items: tuple[PublishedItem, ...]
    files: tuple[PublishedFile, ...]  # the meeting's own: innkalling, protokoll


def meeting_record(session: Session, *, meeting_id: int, scope: Scope) -> MeetingRecord | None:
    """One meeting as the scope shows it, or None if the scope does not show the meeting at all."""
    found = meetings(session, scope=scope, ids=[meeting_id])
    if not found:
        return None
    meeting = found[0]
    internal = scope is Scope.INTERNAL
    agenda_shown = internal or rules.agenda_is_public(meeting.status)
    results_shown = internal or rules.results_are_public(meeting.status)
    minutes_shown = internal or rules.minutes_are_public(meeting.status)
    items = _items(session, meeting, scope=scope, results_shown=results_shown) if agenda_shown else ()
    files = tuple(
        _published(document, version, shown=shown)
        for document, version in _files(session, Document.meeting_id == meeting.id)
        if (shown := _shown(scope, document, meeting_status=meeting.status, item_closed=False)).listed
    )
    return MeetingRecord(meeting, agenda_shown, results_shown, minutes_shown, items, files)


def _items(
    session: Session, meeting: MeetingSummary, *, scope: Scope, results_shown: bool
) -> tuple[PublishedItem, ...]:
    treatment = aliased(Consultation)
    rows = session.execute(
        sa.select(AgendaItem, Case.title, CaseNumber.number, CaseNumber.year, treatment, Body.kind)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(
            CaseNumber,
            sa.and_(
                CaseNumber.case_id == AgendaItem.case_id,
                CaseNumber.body_id == meeting.body_id,
                CaseNumber.year == meeting.starts_at.year,
            ),
        )
        .outerjoin(
            treatment,
            sa.and_(treatment.case_id == AgendaItem.case_id, treatment.meeting_id == AgendaItem.meeting_id),
        )
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, treatment.sequence)
    ).all()
    closed_cases = _closed_cases(session, [row.AgendaItem.case_id for row in rows if row.AgendaItem.case_id])
    item_ids = [row.AgendaItem.id for row in rows]
    case_ids_here = [row.AgendaItem.case_id for row in rows if row.AgendaItem.case_id]
    step_ids = [row[4].id for row in rows if row[4] is not None]
    documents = _files(
        session,
        sa.or_(
            Document.agenda_item_id.in_(item_ids),
            Document.case_id.in_(case_ids_here),
            Document.consultation_id.in_(step_ids),
        ),
    )
    items, seen = [], set()
    for row in rows:
        item, step = row.AgendaItem, row[4]
        if item.id in seen:  # a case treated twice at one meeting: its first treatment is the item's
            continue
        seen.add(item.id)
        # Publicly a case closed anywhere stays closed here too (its title would name it).
        closed_basis = (item.closed_basis or "").strip() or None
        if closed_basis is None and scope is Scope.PUBLIC and item.case_id in closed_cases:
            closed_basis = closed_cases[item.case_id]
        hidden = closed_basis is not None and scope is Scope.PUBLIC
        text = None
        if step is not None and step.result_text and results_shown and not hidden:
            if scope is Scope.INTERNAL or rules.consultation_text_is_public(
                role=step.role, body_kind=row.kind, meeting_status=meeting.status, closed=False
            ):
                text = step.result_text
        elif item.case_id is None and item.decision_text and results_shown and not hidden:
            text = item.decision_text
        mine = [
            (document, version)
            for document, version in documents
            if document.agenda_item_id == item.id
            or (item.case_id is not None and document.case_id == item.case_id)
            or (step is not None and document.consultation_id == step.id)
        ]
        files = tuple(
            _published(document, version, shown=shown)
            for document, version in mine
            if (shown := _shown(scope, document, meeting_status=meeting.status, item_closed=hidden)).listed
        )
        number = case_label(row.number, row.year) if row.number is not None else None
        items.append(
            PublishedItem(
                id=item.id,
                position=item.position,
                number=number,
                case_id=None if hidden else item.case_id,
                title=None if hidden else (row.title if item.case_id else item.heading),
                closed_basis=closed_basis,
                role=step.role if step is not None else None,
                result=step.result if step is not None and results_shown and not hidden else None,
                text=text,
                unanimous=step.unanimous if step is not None and text else None,
                votes_for=step.votes_for if step is not None and text else None,
                votes_against=step.votes_against if step is not None and text else None,
                files=files,
            )
        )
    return tuple(items)


def _closed_cases(session: Session, case_ids_: Sequence[int]) -> dict[int, str]:
    """Of these cases, those treated behind closed doors somewhere, with the basis given there."""
    if not case_ids_:
        return {}
    rows = session.execute(
        sa.select(AgendaItem.case_id, AgendaItem.closed_basis)
        .where(AgendaItem.case_id.in_(list(case_ids_)), AgendaItem.closed_basis.is_not(None))
        .order_by(AgendaItem.id)
    )
    return {case_id: basis for case_id, basis in rows}


# --- One case ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedStep:
    """One treatment on a case's path. The body's name and the date are always shown; the meeting
    (to link to) only where the scope shows it; the text only where rules.publication allows."""

    id: int
    sequence: int
    body_id: int
    body: str
    body_public: bool
    role: str
    authoritative: bool
    meeting_id: int | None
    day: dt.date | None  # treated on, else the meeting's day, else planned on
    number: str | None  # the case's number in this body's series that year
    result: str | None
    text: str | None
    unanimous: bool | None
    votes_for: int | None
    votes_against: int | None


@dataclass(frozen=True)
class CaseRecord:
    id: int
    registration: str  # "2020/48"
    title: str
    numbers: tuple[tuple[str, str], ...]  # (body, "48/20") in the order given
    proposed_decision: str | None  # forslag til vedtak (part of the saksframlegg)
    final_decision: str | None  # the deciding body's vedtak, once public
    steps: tuple[PublishedStep, ...]
    files: tuple[PublishedFile, ...]
    basis: str


def case_record(session: Session, *, case_id: int, scope: Scope) -> CaseRecord | None:
    """One case as the scope shows it, or None if the scope does not show it."""
    return case_records(session, case_ids_=[case_id], scope=scope).get(case_id)


def case_records(session: Session, *, case_ids_: Iterable[int], scope: Scope) -> dict[int, CaseRecord]:
    """Several cases as the scope shows them (those it shows), asking once which of them it shows
    (the API's lists read a page of cases)."""
    wanted = list(dict.fromkeys(case_ids_))
    shown = set(session.scalars(case_ids(scope, only=wanted))) if wanted else set()
    return {
        case_id: _case_record(session, case_id=case_id, scope=scope) for case_id in wanted if case_id in shown
    }


def _case_record(session: Session, *, case_id: int, scope: Scope) -> CaseRecord:
    """One case the scope shows (the caller has made sure it does)."""
    case = session.get(Case, case_id)
    numbers = session.execute(
        sa.select(CaseNumber.body_id, Body.name, CaseNumber.year, CaseNumber.number)
        .join(Body, Body.id == CaseNumber.body_id)
        .where(CaseNumber.case_id == case_id)
        .order_by(CaseNumber.year, CaseNumber.assigned_at, CaseNumber.id)
    ).all()
    by_body_year = {(row.body_id, row.year): case_label(row.number, row.year) for row in numbers}
    visible_meetings = {
        row.id
        for row in session.execute(
            _meetings_select(scope).where(
                Meeting.id.in_(sa.select(Consultation.meeting_id).where(Consultation.case_id == case_id))
            )
        )
    }
    rows = session.execute(
        sa.select(Consultation, Body.name, Body.kind, Meeting.starts_at, Meeting.status)
        .join(Body, Body.id == Consultation.body_id)
        .outerjoin(Meeting, Meeting.id == Consultation.meeting_id)
        .where(Consultation.case_id == case_id)
        .order_by(Consultation.sequence)
    ).all()
    steps = []
    for row in rows:
        step = row.Consultation
        day = step.treated_on or (row.starts_at.date() if row.starts_at else step.planned_on)
        public_text = scope is Scope.INTERNAL or rules.consultation_text_is_public(
            role=step.role, body_kind=row.kind, meeting_status=row.status, closed=False
        )
        text = step.result_text if public_text else None
        result_shown = scope is Scope.INTERNAL or (
            rules.body_is_public(row.kind) and row.status is not None and rules.results_are_public(row.status)
        )
        steps.append(
            PublishedStep(
                id=step.id,
                sequence=step.sequence,
                body_id=step.body_id,
                body=row.name,
                body_public=rules.body_is_public(row.kind),
                role=step.role,
                authoritative=step.authoritative,
                meeting_id=step.meeting_id if step.meeting_id in visible_meetings else None,
                day=day,
                number=by_body_year.get((step.body_id, day.year)) if day else None,
                result=step.result if result_shown else None,
                text=text,
                unanimous=step.unanimous if text else None,
                votes_for=step.votes_for if text else None,
                votes_against=step.votes_against if text else None,
            )
        )
    deciding = [step for step in steps if step.authoritative and step.text]
    step_ids = [step.id for step in steps]
    documents = _files(session, sa.or_(Document.case_id == case_id, Document.consultation_id.in_(step_ids)))
    statuses = {row.Consultation.id: row.status for row in rows}
    latest_status = _latest_public_status(rows, scope)
    files = tuple(
        _published(document, version, shown=shown_)
        for document, version in documents
        if (
            shown_ := _shown(
                scope,
                document,
                meeting_status=statuses.get(document.consultation_id) or latest_status
                if document.consultation_id
                else latest_status,
                item_closed=False,
            )
        ).listed
    )
    return CaseRecord(
        id=case.id,
        registration=case.label,
        title=case.title,
        numbers=tuple((row.name, case_label(row.number, row.year)) for row in numbers),
        proposed_decision=case.proposed_decision,
        final_decision=deciding[-1].text if deciding else None,
        steps=tuple(steps),
        files=files,
        basis=case.basis,
    )


def _latest_public_status(rows: Sequence, scope: Scope) -> str:
    """The furthest status among the case's public bodies' meetings: a case's own documents are
    published as the saksliste they came out with."""
    order = {
        status: index
        for index, status in enumerate(
            (
                MeetingStatus.PLANNED,
                MeetingStatus.CALLED,
                MeetingStatus.HELD,
                MeetingStatus.APPROVED,
                MeetingStatus.PUBLISHED,
            )
        )
    }
    statuses = [
        row.status
        for row in rows
        if row.status in order and (scope is Scope.INTERNAL or rules.body_is_public(row.kind))
    ]
    return max(statuses, key=order.__getitem__, default=MeetingStatus.PLANNED)


# --- One file ---------------------------------------------------------------------------------------------


def file_record(session: Session, *, document_id: int, scope: Scope) -> PublishedFile | None:
    """One document as the scope shows it, found through the meeting or case that publishes it; None
    if neither shows it."""
    return file_records(session, document_ids=[document_id], scope=scope).get(document_id)


def file_records(session: Session, *, document_ids: Iterable[int], scope: Scope) -> dict[int, PublishedFile]:
    """Several documents as the scope shows them (those it shows), each found through the meeting or
    case that publishes it; a meeting or case owning several is read once (the API's file list)."""
    owners = session.execute(
        sa.select(
            Document.id, Document.meeting_id, AgendaItem.meeting_id, Document.case_id, Consultation.case_id
        )
        .outerjoin(AgendaItem, AgendaItem.id == Document.agenda_item_id)
        .outerjoin(Consultation, Consultation.id == Document.consultation_id)
        .where(Document.id.in_(list(document_ids)), Document.removed_at.is_(None))
        .order_by(Document.id)
    ).all()
    by_meeting: dict[int, dict[int, PublishedFile]] = {}
    by_case: dict[int, dict[int, PublishedFile]] = {}
    found: dict[int, PublishedFile] = {}
    for document_id, own_meeting, item_meeting, own_case, step_case in owners:
        meeting_id = own_meeting or item_meeting
        if meeting_id is not None:
            if meeting_id not in by_meeting:
                record = meeting_record(session, meeting_id=meeting_id, scope=scope)
                files = [] if record is None else [*record.files, *(f for i in record.items for f in i.files)]
                by_meeting[meeting_id] = {file.document_id: file for file in files}
            shown = by_meeting[meeting_id]
        else:
            case_id = own_case or step_case
            if case_id is not None and case_id not in by_case:
                record_ = case_record(session, case_id=case_id, scope=scope)
                by_case[case_id] = (
                    {} if record_ is None else {file.document_id: file for file in record_.files}
                )
            shown = by_case.get(case_id, {}) if case_id is not None else {}
        if document_id in shown:
            found[document_id] = shown[document_id]
    return found


def file_content(session: Session, *, version_id: int) -> bytes:
    return session.scalar(sa.select(DocumentVersion.content).where(DocumentVersion.id == version_id))
