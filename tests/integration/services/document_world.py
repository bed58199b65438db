"""Shared by the document tests: small files of each kind, a stored document made without a service,
the people who read them, and one valid call of every document service."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import DocumentKind, Role
from osloreg.filetypes import PDF
from osloreg.models import Document, DocumentVersion
from osloreg.services.base import Actor
from osloreg.services.documents import add_document, add_version, remove_document, set_access
from tests.factories import (
    at,
    days,
    make_agenda_item,
    make_case,
    make_consultation,
    make_meeting,
    make_membership,
)
from tests.integration.services.meeting_world import Call, World, call, table


def pdf(text: str = "Saksframlegg") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\ntrailer<<>>\n%%EOF\n"


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def make_document(
    session: Session,
    *,
    title: str = "Saksframlegg",
    kind: str = DocumentKind.CASE_PAPER,
    exempt_basis: str | None = None,
    content: bytes | None = None,
    **owner: int,
) -> Document:
    """A document with one version, stored directly (no audit event), for the services to work on."""
    content = content if content is not None else pdf(title)
    document = Document(kind=kind, title=title, exempt_basis=exempt_basis, **owner)
    session.add(document)
    session.flush()
    session.add(
        DocumentVersion(
            document_id=document.id,
            number=1,
            filename="saksframlegg.pdf",
            content_type=PDF,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
    )
    session.flush()
    return document


@dataclass
class Papers:
    """A board meeting with a case on its agenda, the case prepared by the group, and who reads."""

    meeting: int
    item: int
    case: int
    step: int  # the case's treatment by the group
    board_member: Actor  # sits in the board today
    group_member: Actor  # sits in the group only
    former_member: Actor  # sat in the board, no longer


def build_papers(session: Session, world: World) -> Papers:
    meeting = make_meeting(session, body=world.board, starts_at=at(today() + days(7)))
    case = make_case(session, year=today().year)
    step = make_consultation(session, case=case, body=world.group)
    make_consultation(session, case=case, body=world.board, meeting=meeting)
    item = make_agenda_item(session, meeting=meeting, case=case)
    seated = []
    for body, end_on in ((world.board, None), (world.group, None), (world.board, today() - days(1))):
        membership = make_membership(session, body=body, start_on=today() - days(400), end_on=end_on)
        seated.append(membership.person_id)
    session.commit()
    member = frozenset({Role.MEMBER})
    return Papers(
        meeting=meeting.id,
        item=item.id,
        case=case.id,
        step=step.id,
        board_member=Actor(user_id=None, username="styremedlem", roles=member, person_id=seated[0]),
        group_member=Actor(user_id=None, username="gruppemedlem", roles=member, person_id=seated[1]),
        former_member=Actor(user_id=None, username="tidligere", roles=member, person_id=seated[2]),
    )


def every_document_service(session: Session, world: World) -> dict[str, Call]:
    """One valid call of each service of services.documents, each on rows of its own, made without
    services so that no audit event precedes them."""
    meeting = make_meeting(session, body=world.board, starts_at=at(today() + days(10)))
    versioned, opened, removed = (make_document(session, meeting_id=meeting.id) for _ in range(3))
    session.commit()
    v1 = {"expected_version": 1}
    return table(
        call(
            add_document,
            "document.add",
            meeting_id=meeting.id,
            kind=DocumentKind.ATTACHMENT,
            title="Vedlegg",
            filename="vedlegg.pdf",
            content=pdf("Vedlegg"),
        ),
        call(
            add_version,
            "document.version",
            document_id=versioned.id,
            **v1,
            filename="ny.pdf",
            content=pdf("Ny"),
        ),
        call(set_access, "document.access", document_id=opened.id, **v1, exempt_basis="offentleglova § 13"),
        call(remove_document, "document.remove", document_id=removed.id, **v1, reason="Feil fil"),
    )
