"""Documents of cases, treatments, agenda items and meetings: upload, versions, access, removal, reading."""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from osloreg import clock, filetypes
from osloreg.enums import DocumentKind, Role
from osloreg.models import AgendaItem, Case, Consultation, Document, DocumentVersion, Meeting, utcnow
from osloreg.queries.documents import may_read
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.validation import TITLE_MAX, clean_text
from osloreg.services.base import (
    Actor,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    audit,
    check_version,
    flush_or_conflict,
    get_or_404,
    load_for_update,
    service,
    snapshot,
)

ENTITY = "document"
FILENAME_MAX = 255
BASIS_MAX = 200
REASON_MAX = 2000
OWNERS: dict[str, type] = {
    "case_id": Case,
    "consultation_id": Consultation,
    "agenda_item_id": AgendaItem,
    "meeting_id": Meeting,
}
MEETING_KINDS = frozenset({DocumentKind.NOTICE, DocumentKind.MINUTES})  # a meeting's own, never a case's
# The title of a document the app makes, the first time it is made (a record's title, in Norwegian).
GENERATED_TITLES = {DocumentKind.NOTICE: "Møteinnkalling", DocumentKind.MINUTES: "Møteprotokoll"}


def _owner(session: Session, owners: dict[str, int | None]) -> dict[str, int]:
    """Exactly one owner, which exists."""
    given = {name: value for name, value in owners.items() if value is not None}
    if len(given) != 1:
        raise ValidationFailed("error.document_owner")
    ((name, value),) = given.items()
    get_or_404(session, OWNERS[name], value)
    return given


def _kind(kind: str, owner: dict[str, int]) -> str:
    if kind not in set(DocumentKind):
        raise ValidationFailed("error.document_kind")
    if kind in MEETING_KINDS and "meeting_id" not in owner:
        raise ValidationFailed("error.document_kind_owner")
    return str(kind)


def _filename(filename: str | None) -> str:
    """The name as given, without any folder a browser may send with it."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return clean_text(name, field_name="filename", max_length=FILENAME_MAX - 5)  # room for an ending


def _basis(exempt_basis: str | None) -> str | None:
    return clean_text(exempt_basis, field_name="exempt_basis", max_length=BASIS_MAX, required=False)


def _file(filename: str | None, content: bytes, max_bytes: int) -> dict[str, Any]:
    """The version's columns for a file: its type read from the bytes, size and sha256 computed here."""
    name = _filename(filename)
    if not isinstance(content, bytes | bytearray | memoryview):
        raise ValidationFailed("error.file_empty")
    content = bytes(content)
    content_type = filetypes.sniff(content, max_bytes=max_bytes)
    return {
        "filename": filetypes.with_extension(name, content_type),
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": content,
    }


def _described(version: DocumentVersion) -> dict[str, Any]:
    """What an audit event keeps of a version: never its bytes."""
    return {
        "version_id": version.id,
        "number": version.number,
        "filename": version.filename,
        "content_type": version.content_type,
        "size": version.size,
        "sha256": version.sha256,
        "generated": version.generated,
    }


def _add_version(
    session: Session, actor: Actor, document: Document, file: dict[str, Any], generated: bool
) -> DocumentVersion:
    newest = session.scalar(
        sa.select(sa.func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document.id)
    )
    version = DocumentVersion(
        document_id=document.id,
        number=(newest or 0) + 1,
        uploaded_at=utcnow(),
        uploaded_by_user_id=actor.user_id,
        generated=generated,
        **file,
    )
    session.add(version)
    return version


def _open_document(session: Session, document_id: int, expected_version: int | None) -> Document:
    """The document, locked, if it is not removed and not changed since it was read."""
    document: Document = load_for_update(session, Document, document_id)
    check_version(document, expected_version, before=snapshot(document))
    if document.removed_at is not None:
        raise ValidationFailed("error.document_removed")
    return document


@service(Action.MANAGE_DOCUMENTS)
def add_document(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    title: str,
    filename: str,
    content: bytes,
    exempt_basis: str | None = None,
    case_id: int | None = None,
    consultation_id: int | None = None,
    agenda_item_id: int | None = None,
    meeting_id: int | None = None,
    max_bytes: int = filetypes.DEFAULT_MAX_BYTES,
) -> Document:
    """A new document of one owner with its first version; public, or exempt with its legal basis."""
    owner = _owner(
        session,
        {
            "case_id": case_id,
            "consultation_id": consultation_id,
            "agenda_item_id": agenda_item_id,
            "meeting_id": meeting_id,
        },
    )
    document = Document(
        kind=_kind(kind, owner),
        title=clean_text(title, field_name="document_title", max_length=TITLE_MAX),
        exempt_basis=_basis(exempt_basis),
        created_at=utcnow(),
        created_by_user_id=actor.user_id,
        **owner,
    )
    file = _file(filename, content, max_bytes)
    session.add(document)
    session.flush()
    version = _add_version(session, actor, document, file, generated=False)
    session.flush()
    after = {**snapshot(document), "file": _described(version)}
    audit(session, actor, action="document.add", entity=ENTITY, entity_id=document.id, after=after)
    return document


@service(Action.MANAGE_DOCUMENTS)
def add_version(
    session: Session,
    *,
    actor: Actor,
    document_id: int,
    expected_version: int,
    filename: str,
    content: bytes,
    max_bytes: int = filetypes.DEFAULT_MAX_BYTES,
) -> DocumentVersion:
    """A new version of a document's file; the earlier ones are kept. The same file again is refused."""
    document = _open_document(session, document_id, expected_version)
    before = snapshot(document)
    file = _file(filename, content, max_bytes)
    newest = session.scalar(
        sa.select(DocumentVersion.sha256)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    )
    if newest == file["sha256"]:
        raise ValidationFailed("error.document_same_file")
    version = _add_version(session, actor, document, file, generated=False)
    flag_modified(document, "title")  # the document's own version moves, so stale forms are told
    flush_or_conflict(session, document)
    audit(
        session,
        actor,
        action="document.version",
        entity=ENTITY,
        entity_id=document.id,
        before=before,
        after={**snapshot(document), "file": _described(version)},
    )
    return version


@service(Action.MANAGE_DOCUMENTS)
def set_access(
    session: Session, *, actor: Actor, document_id: int, expected_version: int, exempt_basis: str | None
) -> Document:
    """Make a document public (None) or exempt from public access with its legal basis."""
    document = _open_document(session, document_id, expected_version)
    before = snapshot(document)
    basis = _basis(exempt_basis)
    if basis == document.exempt_basis:
        raise ValidationFailed("error.nothing_changed")
    document.exempt_basis = basis
    flush_or_conflict(session, document)
    audit(
        session,
        actor,
        action="document.access",
        entity=ENTITY,
        entity_id=document.id,
        before=before,
        after=snapshot(document),
    )
    return document


@service(Action.MANAGE_DOCUMENTS)
def remove_document(
    session: Session, *, actor: Actor, document_id: int, expected_version: int, reason: str
) -> Document:
    """Remove a document from the lists, saying why. It is kept, with every version, never deleted."""
    document = _open_document(session, document_id, expected_version)
    before = snapshot(document)
    reason = clean_text(reason, field_name="reason", max_length=REASON_MAX)
    document.removed_at = utcnow()
    flush_or_conflict(session, document)
    audit(
        session,
        actor,
        action="document.remove",
        entity=ENTITY,
        entity_id=document.id,
        before=before,
        after={**snapshot(document), "reason": reason},
    )
    return document


def store_generated(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    kind: str,
    filename: str,
    content: bytes,
    content_type: str,
) -> DocumentVersion:
    """A file the app made (the innkalling, the protokoll) as the newest version of the meeting's
    document of that kind, made the first time. Runs inside the calling service's transaction (it
    neither begins nor commits one) and adds its audit event to it."""
    if not session.in_transaction():
        raise RuntimeError("store_generated runs inside a service's transaction")
    if not isinstance(actor, Actor) or not allowed(actor.roles, Action.MANAGE_DOCUMENTS):
        raise PermissionDenied("error.permission_denied", action=str(Action.MANAGE_DOCUMENTS))
    if kind not in MEETING_KINDS:
        raise ValueError(f"not a generated kind: {kind}")
    get_or_404(session, Meeting, meeting_id)
    file = _file(filename, content, max(len(content), 1))
    if file["content_type"] != content_type:
        raise ValueError(f"the generated file is {file['content_type']}, not {content_type}")
    document = session.scalar(
        sa.select(Document)
        .where(Document.meeting_id == meeting_id, Document.kind == kind, Document.removed_at.is_(None))
        .order_by(Document.id)
        .limit(1)
        .with_for_update()
    )
    before = snapshot(document) if document is not None else None
    if document is None:
        document = Document(
            kind=kind,
            title=GENERATED_TITLES[DocumentKind(kind)],
            meeting_id=meeting_id,
            created_at=utcnow(),
            created_by_user_id=actor.user_id,
        )
        session.add(document)
        session.flush()
    else:
        flag_modified(document, "title")
    version = _add_version(session, actor, document, file, generated=True)
    flush_or_conflict(session, document)
    audit(
        session,
        actor,
        action="document.generate",
        entity=ENTITY,
        entity_id=document.id,
        before=before,
        after={**snapshot(document), "file": _described(version)},
    )
    return version


def read_file(session: Session, *, actor: Actor, version_id: int) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a version, if the user may have it: an exempt document only
    as rules.permissions.may_see_exempt allows (a member: of a body they sit in today); a removed one
    only as an admin. Otherwise PermissionDenied, and the bytes are never read."""
    if not isinstance(actor, Actor) or not allowed(actor.roles, Action.READ):
        raise PermissionDenied("error.permission_denied", action=str(Action.READ))
    found = session.execute(
        sa.select(DocumentVersion.filename, DocumentVersion.content_type, Document.id, Document.removed_at)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.id == version_id)
    ).first()
    if found is None:
        raise NotFound("error.not_found", entity="document_versions", id=version_id)
    filename, content_type, document_id, removed_at = found
    if removed_at is not None and Role.ADMIN not in actor.roles:
        raise PermissionDenied("error.document_removed")
    if not may_read(
        session,
        document_id=document_id,
        roles=actor.roles,
        person_id=actor.person_id,
        today=clock.oslo_today(),
    ):
        raise PermissionDenied("error.document_exempt")
    content = session.scalar(sa.select(DocumentVersion.content).where(DocumentVersion.id == version_id))
    return filename, content_type, bytes(content)
