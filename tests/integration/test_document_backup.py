"""Documents live in the database, so a backup carries them: restored, each version keeps bytes and sha256."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from osloreg.backup import backup_database
from osloreg.db import make_engine
from osloreg.enums import DocumentKind
from osloreg.restore import restore_database
from osloreg.services.documents import add_document, add_version
from tests.integration.services.document_world import build_papers, pdf
from tests.integration.services.meeting_world import build_meeting_world


def _versions(engine: sa.Engine, schema: str = "") -> list[tuple[int, int, str, str, bytes]]:
    table = f'"{schema}".document_versions' if schema else "document_versions"
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(f"SELECT document_id, number, filename, sha256, content FROM {table}")  # noqa: S608
        )
        return sorted((row[0], row[1], row[2], row[3], bytes(row[4])) for row in found)


def test_documents_survive_a_backup_and_restore_with_the_same_sha256(
    engine, session, restore_target, tmp_path
):
    world = build_meeting_world(session)
    papers = build_papers(session, world)
    # Bytes of every value, so that no encoding on the way (text, escaping in a dump) can pass unnoticed.
    binary = pdf("Vedlegg") + bytes(range(256)) + b"\n%%EOF\n"
    document = add_document(
        session,
        actor=world.coordinator,
        meeting_id=papers.meeting,
        kind=DocumentKind.ATTACHMENT,
        title="Vedlegg",
        filename="vedlegg.pdf",
        content=binary,
        exempt_basis="offentleglova § 13",
    )
    add_version(
        session,
        actor=world.coordinator,
        document_id=document.id,
        expected_version=1,
        filename="vedlegg-2.pdf",
        content=pdf("Andre versjon"),
    )
    original = _versions(engine)
    assert [row[4] for row in original] == [binary, pdf("Andre versjon")]
    session.close()

    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, tmp_path / f"backup{suffix}")
    assert backup.ok, backup.integrity
    target = restore_target(engine)
    restored = restore_database(backup.path, target)
    assert restored.ok, restored

    # A PostgreSQL dump keeps the schema the tests' database used.
    (name,) = [name for name in backup.counts if name.split(".")[-1] == "document_versions"]
    schema = name.rpartition(".")[0]
    copy = make_engine(target)
    try:
        again = _versions(copy, schema)
        documents = f'"{schema}".documents' if schema else "documents"
        with copy.connect() as connection:
            basis = connection.execute(sa.text(f"SELECT exempt_basis FROM {documents}")).scalar_one()  # noqa: S608
    finally:
        copy.dispose()
    assert again == original
    assert [hashlib.sha256(bytes(row[4])).hexdigest() for row in again] == [row[3] for row in again]
    assert basis == "offentleglova § 13"
