"""Read side of documents: an owner's documents with their newest version, exempt ones hidden in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import DocumentKind, Role
from osloreg.models import (
    AgendaItem,
    Case,
    CaseNumber,
    Consultation,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    User,
)
from osloreg.queries.common import active_on
from osloreg.rules.permissions import may_see_exempt


def _member_of_owner(person_id: int, today: dt.date) -> sa.ColumnElement[bool]:
    """True for a document of a body the person sits in on `today`: the meeting's body (for a meeting
    and its agenda items), the consultation's body, and for a case every body that treats it."""
    seats = sa.select(Membership.body_id).where(
        Membership.person_id == person_id, active_on(Membership.start_on, Membership.end_on, today)
    )
    meeting, item, step, number = (
        aliased(Meeting),
        aliased(AgendaItem),
        aliased(Consultation),
        aliased(CaseNumber),
    )
    item_meeting, case_step = aliased(Meeting), aliased(Consultation)
    return sa.or_(
        sa.exists().where(meeting.id == Document.meeting_id, meeting.body_id.in_(seats)),
        sa.exists().where(
            item.id == Document.agenda_item_id,
            item_meeting.id == item.meeting_id,
            item_meeting.body_id.in_(seats),
        ),
        sa.exists().where(step.id == Document.consultation_id, step.body_id.in_(seats)),
        sa.exists().where(case_step.case_id == Document.case_id, case_step.body_id.in_(seats)),
        sa.exists().where(number.case_id == Document.case_id, number.body_id.in_(seats)),
    )


def visible(roles: Iterable[str], person_id: int | None, today: dt.date) -> sa.ColumnElement[bool]:
    """Whether a user may see a document's title and file (rules.permissions.may_see_exempt, in SQL):
    a public one always; an exempt one as the secretariat, or as a member of the owning body."""
    roles = frozenset(roles)
    if may_see_exempt(roles, member_of_body=False):
        return sa.true()
    if person_id is not None and may_see_exempt(roles, member_of_body=True):
        return sa.or_(Document.exempt_basis.is_(None), _member_of_owner(person_id, today))
    return Document.exempt_basis.is_(None)


def _latest_number() -> sa.ScalarSelect[Any]:
    newest = aliased(DocumentVersion)
    return sa.select(sa.func.max(newest.number)).where(newest.document_id == Document.id).scalar_subquery()


class DocumentRow(NamedTuple):
    """A document and its newest version. For a user who may not see it (exempt), the title, file
    name, checksum and version id are None: that it exists, its kind and legal basis are shown."""

    document_id: int
    document_version: int  # for optimistic locking of a change
    kind: str
    owner: str  # "meeting", "agenda_item", "case" or "consultation"
    title: str | None
    exempt_basis: str | None
    removed_at: dt.datetime | None
    version_id: int | None
    number: int
    filename: str | None
    content_type: str
    size: int
    sha256: str | None
    uploaded_at: dt.datetime
    uploaded_by: str | None
    generated: bool
    visible: bool


def owned_by(
    *,
    meeting_id: int | None,
    agenda_item_id: int | None,
    case_id: int | None,
    consultation_id: int | None,
) -> sa.ColumnElement[bool]:
    """The documents shown with one owner: a meeting's own and those of its agenda items, their cases
    and the cases' treatments at it; a case's own, its treatments' and its agenda items'."""
    if meeting_id is not None:
        items = sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
        cases = sa.select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting_id)
        steps = sa.select(Consultation.id).where(Consultation.meeting_id == meeting_id)
        return sa.or_(
            Document.meeting_id == meeting_id,
            Document.agenda_item_id.in_(items),
            Document.case_id.in_(cases),
            Document.consultation_id.in_(steps),
        )
    if case_id is not None:
        steps = sa.select(Consultation.id).where(Consultation.case_id == case_id)
        items = sa.select(AgendaItem.id).where(AgendaItem.case_id == case_id)
        return sa.or_(
            Document.case_id == case_id,
            Document.consultation_id.in_(steps),
            Document.agenda_item_id.in_(items),
        )
    if agenda_item_id is not None:
        return Document.agenda_item_id == agenda_item_id
    if consultation_id is not None:
        return Document.consultation_id == consultation_id
    raise ValueError("name one owner")


def _owner_kind() -> sa.Case[str]:
    return sa.case(
        (Document.meeting_id.is_not(None), "meeting"),
        (Document.agenda_item_id.is_not(None), "agenda_item"),
        (Document.consultation_id.is_not(None), "consultation"),
        else_="case",
    )


def documents(
    session: Session,
    *,
    roles: Iterable[str],
    person_id: int | None,
    today: dt.date,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    case_id: int | None = None,
    consultation_id: int | None = None,
) -> list[DocumentRow]:
    """The documents of one owner (see owned_by) with their newest version, oldest document first.
    Removed documents are listed to admins only (marked by removed_at). What a user may not see of an
    exempt document is left out by the database: it never reaches the page."""
    roles = frozenset(roles)
    shown = visible(roles, person_id, today)

    def hidden_unless(column: Any) -> Any:
        return sa.case((shown, column), else_=sa.null())

    where = [
        owned_by(
            meeting_id=meeting_id,
            agenda_item_id=agenda_item_id,
            case_id=case_id,
            consultation_id=consultation_id,
        ),
        DocumentVersion.document_id == Document.id,
        DocumentVersion.number == _latest_number(),
    ]
    if Role.ADMIN not in roles:
        where.append(Document.removed_at.is_(None))
    statement = (
        sa.select(
            Document.id,
            Document.version,
            Document.kind,
            _owner_kind(),
            hidden_unless(Document.title),
            Document.exempt_basis,
            Document.removed_at,
            hidden_unless(DocumentVersion.id),
            DocumentVersion.number,
            hidden_unless(DocumentVersion.filename),
            DocumentVersion.content_type,
            DocumentVersion.size,
            hidden_unless(DocumentVersion.sha256),
            DocumentVersion.uploaded_at,
            User.display_name,
            DocumentVersion.generated,
            shown,
        )
        .select_from(Document)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .outerjoin(User, User.id == DocumentVersion.uploaded_by_user_id)
        .where(*where)
        .order_by(Document.created_at, Document.id)
    )
    return [DocumentRow(*row[:-1], bool(row[-1])) for row in session.execute(statement)]


# The documents an innkalling sends: the papers of the cases, not the generated innkalling and protokoll.
SENT_KINDS = (DocumentKind.CASE_PAPER, DocumentKind.ATTACHMENT)


def documents_sent(
    session: Session, meeting_id: int, *, kinds: Iterable[str] = SENT_KINDS
) -> list[dict[str, Any]]:
    """Every document of the meeting, its agenda items and their cases (not removed) of the given
    kinds, as its newest version stands now: what an innkalling sends, frozen with it."""
    statement = (
        sa.select(
            Document.id.label("document_id"),
            DocumentVersion.id.label("version_id"),
            DocumentVersion.number,
            Document.title,
            Document.kind,
            DocumentVersion.filename,
            DocumentVersion.sha256,
            DocumentVersion.size,
            Document.exempt_basis,
        )
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            owned_by(meeting_id=meeting_id, agenda_item_id=None, case_id=None, consultation_id=None),
            Document.kind.in_(list(kinds)),
            Document.removed_at.is_(None),
            DocumentVersion.number == _latest_number(),
        )
        .order_by(Document.created_at, Document.id)
    )
    return [dict(row._mapping) for row in session.execute(statement)]


def may_read(
    session: Session, *, document_id: int, roles: Iterable[str], person_id: int | None, today: dt.date
) -> bool:
    """Whether the user may see the document's title and file (the same rule as the listing)."""
    found = session.scalar(
        sa.select(visible(roles, person_id, today)).select_from(Document).where(Document.id == document_id)
    )
    return bool(found)


def agenda_choices(session: Session, *, meeting_id: int) -> list[tuple[int, int, str]]:
    """(agenda item id, position, heading or the case's title) of a meeting's items, in order: where a
    document may be attached on the meeting's page."""
    statement = (
        sa.select(AgendaItem.id, AgendaItem.position, sa.func.coalesce(AgendaItem.heading, Case.title))
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position)
    )
    return [(row[0], row[1], row[2] or "") for row in session.execute(statement)]
