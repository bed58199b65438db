"""Documents through the services, on SQLite and PostgreSQL: who may manage them, versions numbered with
their sha256 and size, every refusal in words with the rows unchanged, exempt files served only to those
who may see them, removed documents kept, and the generated innkalling stored inside another transaction."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today
from osloreg.enums import DocumentKind
from osloreg.filetypes import MB, PDF
from osloreg.models import Document, DocumentVersion
from osloreg.queries import documents as queries
from osloreg.services.base import Conflict, NotFound, PermissionDenied, ValidationFailed, audit
from osloreg.services.documents import (
    add_document,
    add_version,
    read_file,
    remove_document,
    set_access,
    store_generated,
)
from tests.integration.services.document_world import (
    EXE,
    Papers,
    build_papers,
    every_document_service,
    make_document,
    pdf,
)
from tests.integration.services.meeting_world import World, audited, build_meeting_world, refused, registered

BASIS = "offentleglova § 13"


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


@pytest.fixture
def papers(session: Session, world: World) -> Papers:
    return build_papers(session, world)


def versions(session: Session, document_id: int) -> list[tuple]:
    rows = session.execute(
        sa.select(
            DocumentVersion.number, DocumentVersion.size, DocumentVersion.sha256, DocumentVersion.generated
        )
        .where(DocumentVersion.document_id == document_id)
        .order_by(DocumentVersion.number)
    ).all()
    session.commit()
    return [tuple(row) for row in rows]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def listed(session: Session, actor, **owner) -> list[queries.DocumentRow]:
    rows = queries.documents(
        session, roles=actor.roles, person_id=actor.person_id, today=oslo_today(), **owner
    )
    session.commit()
    return rows


# --- Who may manage documents ----------------------------------------------------------------------------


def test_members_and_viewers_are_refused_every_document_service(session, world):
    calls = every_document_service(session, world)
    assert set(calls) == registered("documents")
    for actor in (world.member, world.viewer):
        for each in calls.values():
            with refused(session, "error.permission_denied", PermissionDenied) as caught:
                each.run(session, actor=actor, **each.kwargs)
            assert caught.value.params == {"action": "manage_documents"}


def test_coordinators_directors_and_admins_run_every_document_service(session, world):
    for actor in (world.coordinator, world.director, world.admin):
        for name, each in every_document_service(session, world).items():
            with audited(session, *each.actions) as added:
                each.run(session, actor=actor, **each.kwargs)
            assert added[0].entity == "document", name


# --- Versions, checksums and refusals ---------------------------------------------------------------------


def test_versions_are_numbered_with_their_sha256_size_and_type_and_the_audit_keeps_no_bytes(
    session, world, papers
):
    first, second, third = pdf("Første"), pdf("Andre utkast"), pdf("Tredje")
    with audited(session, "document.add") as added:
        document = add_document(
            session,
            actor=world.coordinator,
            case_id=papers.case,
            kind=DocumentKind.CASE_PAPER,
            title=" Saksframlegg: regional plan ",
            filename="C:\\Users\\kari\\saksframlegg",
            content=first,
        )
    row = session.get(Document, document.id, populate_existing=True)
    assert (row.title, row.case_id, row.exempt_basis, row.version) == (
        "Saksframlegg: regional plan",
        papers.case,
        None,
        1,
    )
    [event] = added
    assert event.after["file"]["sha256"] == digest(first)
    assert event.after["file"]["filename"] == "saksframlegg.pdf"  # no folder, and the type's ending
    assert "content" not in event.after["file"] and first.decode("latin-1") not in str(event.after)
    session.commit()
    add_version(
        session,
        actor=world.coordinator,
        document_id=document.id,
        expected_version=1,
        filename="v2.pdf",
        content=second,
    )
    add_version(
        session,
        actor=world.director,
        document_id=document.id,
        expected_version=2,
        filename="v3.pdf",
        content=third,
    )
    assert versions(session, document.id) == [
        (1, len(first), digest(first), False),
        (2, len(second), digest(second), False),
        (3, len(third), digest(third), False),
    ]
    assert read_file(session, actor=world.viewer, version_id=_version_id(session, document.id, 2)) == (
        "v2.pdf",
        PDF,
        second,
    )
    session.commit()


def _version_id(session: Session, document_id: int, number: int) -> int:
    found = session.scalar(
        sa.select(DocumentVersion.id).where(
            DocumentVersion.document_id == document_id, DocumentVersion.number == number
        )
    )
    session.commit()
    return found


def test_every_refusal_is_in_words_and_changes_nothing(session, world, papers):
    clerk = world.coordinator
    good = {"kind": DocumentKind.ATTACHMENT, "title": "Vedlegg", "filename": "v.pdf", "content": pdf()}
    cases = [
        ({**good, "content": EXE, "filename": "rapport.pdf", "case_id": papers.case}, "error.file_type"),
        (
            {**good, "content": b"<html><script>alert(1)</script></html>", "case_id": papers.case},
            "error.file_type",
        ),
        ({**good, "content": b"", "case_id": papers.case}, "error.file_empty"),
        (
            {**good, "case_id": papers.case, "max_bytes": MB, "content": pdf("x" * (2 * MB))},
            "error.file_too_large",
        ),
        ({**good, "title": "  ", "case_id": papers.case}, "error.required"),
        ({**good, "title": "Tittel\x00", "case_id": papers.case}, "error.control_characters"),
        ({**good, "filename": "", "case_id": papers.case}, "error.required"),
        ({**good, "exempt_basis": "x" * 201, "case_id": papers.case}, "error.too_long"),
        ({**good}, "error.document_owner"),
        ({**good, "case_id": papers.case, "meeting_id": papers.meeting}, "error.document_owner"),
        ({**good, "kind": DocumentKind.NOTICE, "case_id": papers.case}, "error.document_kind_owner"),
        ({**good, "kind": "memo", "case_id": papers.case}, "error.document_kind"),
    ]
    for kwargs, key in cases:
        with refused(session, key, ValidationFailed):
            add_document(session, actor=clerk, **kwargs)
    with refused(session, "error.not_found", NotFound):
        add_document(session, actor=clerk, **good, meeting_id=papers.meeting + 1000)

    document = make_document(session, meeting_id=papers.meeting, content=pdf("Saksframlegg"))
    session.commit()
    same = {"document_id": document.id, "filename": "igjen.pdf"}
    with refused(session, "error.document_same_file", ValidationFailed):
        add_version(session, actor=clerk, **same, expected_version=1, content=pdf("Saksframlegg"))
    with refused(session, "error.file_type", ValidationFailed):
        add_version(session, actor=clerk, **same, expected_version=1, content=EXE)
    with refused(session, "error.conflict", Conflict):
        add_version(session, actor=clerk, **same, expected_version=7, content=pdf("Ny"))
    with refused(session, "error.nothing_changed", ValidationFailed):
        set_access(session, actor=clerk, document_id=document.id, expected_version=1, exempt_basis="  ")
    with refused(session, "error.required", ValidationFailed):
        remove_document(session, actor=clerk, document_id=document.id, expected_version=1, reason="")
    remove_document(session, actor=clerk, document_id=document.id, expected_version=1, reason="Feil møte")
    with refused(session, "error.document_removed", ValidationFailed):
        remove_document(session, actor=clerk, document_id=document.id, expected_version=2, reason="Igjen")
    with refused(session, "error.document_removed", ValidationFailed):
        add_version(session, actor=clerk, **same, expected_version=2, content=pdf("Ny"))


# --- Who gets an exempt file --------------------------------------------------------------------------------


def test_an_exempt_file_reaches_the_secretariat_and_members_of_the_body_never_a_viewer(
    session, world, papers
):
    meeting_doc = make_document(session, meeting_id=papers.meeting, exempt_basis=BASIS, title="Lønn")
    case_doc = make_document(session, case_id=papers.case, exempt_basis=BASIS, title="Tilbud")
    step_doc = make_document(session, consultation_id=papers.step, exempt_basis=BASIS, title="Notat")
    public = make_document(session, meeting_id=papers.meeting, title="Innkalling")
    session.commit()
    ids = {doc.id: _version_id(session, doc.id, 1) for doc in (meeting_doc, case_doc, step_doc, public)}

    def may(actor, document) -> bool:
        try:
            read_file(session, actor=actor, version_id=ids[document.id])
        except PermissionDenied as denied:
            assert denied.key == "error.document_exempt"
            return False
        finally:
            session.commit()
        return True

    for actor in (world.coordinator, world.director, world.admin):
        assert all(may(actor, doc) for doc in (meeting_doc, case_doc, step_doc, public)), actor.username
    # The board treats the case at its meeting; the group's own treatment (its papers) is the group's.
    assert [may(papers.board_member, doc) for doc in (meeting_doc, case_doc, step_doc, public)] == [
        True,
        True,
        False,
        True,
    ]
    # The group treats the case (and owns the treatment), but does not sit in the board's meeting.
    assert [may(papers.group_member, doc) for doc in (meeting_doc, case_doc, step_doc, public)] == [
        False,
        True,
        True,
        True,
    ]
    for actor in (world.viewer, papers.former_member, world.member):
        assert [may(actor, doc) for doc in (meeting_doc, case_doc, step_doc, public)] == [False] * 3 + [True]


def test_a_viewer_sees_that_an_exempt_document_exists_with_its_basis_but_not_its_title(
    session, world, papers
):
    make_document(session, meeting_id=papers.meeting, exempt_basis=BASIS, title="Lønnsforhandlinger")
    make_document(session, agenda_item_id=papers.item, title="Saksframlegg til sak 1")
    session.commit()
    [secret, public] = listed(session, world.viewer, meeting_id=papers.meeting)
    assert (secret.title, secret.filename, secret.version_id, secret.sha256, secret.visible) == (
        None,
        None,
        None,
        None,
        False,
    )
    assert (secret.exempt_basis, secret.kind, secret.number) == (BASIS, DocumentKind.CASE_PAPER, 1)
    assert (public.title, public.owner, public.visible) == ("Saksframlegg til sak 1", "agenda_item", True)
    assert [row.title for row in listed(session, papers.board_member, meeting_id=papers.meeting)] == [
        "Lønnsforhandlinger",
        "Saksframlegg til sak 1",
    ]
    assert listed(session, papers.group_member, meeting_id=papers.meeting)[0].title is None
    # The case page shows the agenda item's document too.
    assert [row.title for row in listed(session, world.viewer, case_id=papers.case)] == [
        "Saksframlegg til sak 1"
    ]


def test_a_removed_document_is_kept_listed_to_admins_and_served_only_to_them(session, world, papers):
    document = make_document(session, meeting_id=papers.meeting, title="Feil vedlegg")
    session.commit()
    version_id = _version_id(session, document.id, 1)
    with audited(session, "document.remove") as added:
        remove_document(
            session, actor=world.coordinator, document_id=document.id, expected_version=1, reason="Feil"
        )
    assert added[0].after["reason"] == "Feil"
    assert versions(session, document.id)[0][0] == 1  # the version is kept
    assert listed(session, world.coordinator, meeting_id=papers.meeting) == []
    [row] = listed(session, world.admin, meeting_id=papers.meeting)
    assert row.removed_at is not None
    with pytest.raises(PermissionDenied) as caught:
        read_file(session, actor=world.coordinator, version_id=version_id)
    assert caught.value.key == "error.document_removed"
    session.commit()
    assert read_file(session, actor=world.admin, version_id=version_id)[2] == pdf("Feil vedlegg")
    session.commit()


def test_access_can_be_changed_and_is_audited(session, world, papers):
    document = make_document(session, meeting_id=papers.meeting)
    session.commit()
    with audited(session, "document.access") as added:
        set_access(
            session, actor=world.coordinator, document_id=document.id, expected_version=1, exempt_basis=BASIS
        )
    assert (added[0].before["exempt_basis"], added[0].after["exempt_basis"]) == (None, BASIS)
    set_access(
        session, actor=world.coordinator, document_id=document.id, expected_version=2, exempt_basis=None
    )
    assert session.get(Document, document.id, populate_existing=True).exempt_basis is None
    session.commit()


# --- Files the app makes ------------------------------------------------------------------------------------


def test_a_generated_file_is_stored_inside_the_callers_transaction_as_the_meetings_document(
    session, world, papers
):
    def generate(content: bytes, actor=world.coordinator):
        with session.begin():
            version = store_generated(
                session,
                actor=actor,
                meeting_id=papers.meeting,
                kind=DocumentKind.NOTICE,
                filename="innkalling.pdf",
                content=content,
                content_type=PDF,
            )
            # The calling service's own change and audit event commit with it.
            audit(session, actor, action="meeting.notice", entity="meeting", entity_id=papers.meeting)
        return version

    first, second = generate(pdf("Innkalling 1")), generate(pdf("Innkalling 2"))
    assert first.document_id == second.document_id
    assert versions(session, first.document_id) == [
        (1, len(pdf("Innkalling 1")), digest(pdf("Innkalling 1")), True),
        (2, len(pdf("Innkalling 2")), digest(pdf("Innkalling 2")), True),
    ]
    row = session.get(Document, first.document_id)
    assert (row.kind, row.title, row.meeting_id) == (DocumentKind.NOTICE, "Møteinnkalling", papers.meeting)
    session.commit()
    with pytest.raises(RuntimeError):
        store_generated(
            session,
            actor=world.coordinator,
            meeting_id=papers.meeting,
            kind=DocumentKind.NOTICE,
            filename="x.pdf",
            content=pdf(),
            content_type=PDF,
        )
    with pytest.raises(PermissionDenied):
        generate(pdf("Innkalling 3"), actor=world.viewer)
    assert len(versions(session, first.document_id)) == 2
    # An innkalling sends the cases' papers, not the generated innkalling itself.
    assert queries.documents_sent(session, papers.meeting) == []
    [sent] = queries.documents_sent(session, papers.meeting, kinds=[DocumentKind.NOTICE])
    session.commit()
    assert (sent["number"], sent["kind"], sent["sha256"]) == (
        2,
        DocumentKind.NOTICE,
        digest(pdf("Innkalling 2")),
    )


def test_documents_sent_with_an_innkalling_are_the_newest_versions_of_the_meeting_its_items_and_cases(
    session, world, papers
):
    own = make_document(session, meeting_id=papers.meeting, title="Møtebok")
    item = make_document(session, agenda_item_id=papers.item, title="Saksframlegg", exempt_basis=BASIS)
    case = make_document(session, case_id=papers.case, title="Vedlegg 1")
    gone = make_document(session, case_id=papers.case, title="Fjernet")
    elsewhere = make_document(session, case_id=build_papers(session, world).case, title="Annen sak")
    session.commit()
    add_version(
        session,
        actor=world.coordinator,
        document_id=case.id,
        expected_version=1,
        filename="v2.pdf",
        content=pdf("2"),
    )
    remove_document(session, actor=world.coordinator, document_id=gone.id, expected_version=1, reason="Feil")
    sent = queries.documents_sent(session, papers.meeting)
    session.commit()
    assert [(row["document_id"], row["number"], row["exempt_basis"]) for row in sent] == [
        (own.id, 1, None),
        (item.id, 1, BASIS),
        (case.id, 2, None),
    ]
    assert elsewhere.id not in {row["document_id"] for row in sent}
    assert set(sent[0]) == {
        "document_id",
        "version_id",
        "number",
        "title",
        "kind",
        "filename",
        "sha256",
        "size",
        "exempt_basis",
    }
