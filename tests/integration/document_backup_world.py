"""Shared by the document backup tests: documents with versions (exempt, and a binary of every byte
value) stored through the services, a backup and a restore into a fresh database, and the versions as
the restored database holds them (a PostgreSQL dump keeps the schema the tests' database used)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.backup import BackupResult, backup_database
from osloreg.db import make_engine
from osloreg.enums import DocumentKind
from osloreg.restore import RestoreResult, restore_database
from osloreg.services.documents import add_document, add_version
from tests.integration.services.document_world import Papers, pdf
from tests.integration.services.meeting_world import World

# Bytes of every value, so that no encoding on the way (text, escaping in a dump) can pass unnoticed.
BINARY = pdf("Vedlegg") + bytes(range(256)) + b"\n%%EOF\n"
EXEMPT_BASIS = "offentleglova § 13"

Version = tuple[int, int, str, str, bytes]  # document id, number, filename, sha256, content


def add_binary_with_a_version(session: Session, world: World, papers: Papers) -> None:
    """An exempt attachment of every byte value, and a second version of it."""
    document = add_document(
        session,
        actor=world.coordinator,
        meeting_id=papers.meeting,
        kind=DocumentKind.ATTACHMENT,
        title="Vedlegg",
        filename="vedlegg.pdf",
        content=BINARY,
        exempt_basis=EXEMPT_BASIS,
    )
    add_version(
        session,
        actor=world.coordinator,
        document_id=document.id,
        expected_version=1,
        filename="vedlegg-2.pdf",
        content=pdf("Andre versjon"),
    )


def versions(engine: sa.Engine, schema: str = "") -> list[Version]:
    table = f'"{schema}".document_versions' if schema else "document_versions"
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(f"SELECT document_id, number, filename, sha256, content FROM {table}")  # noqa: S608
        )
        return sorted((row[0], row[1], row[2], row[3], bytes(row[4])) for row in found)


@dataclass
class Restored:
    backup: BackupResult
    result: RestoreResult
    url: str  # the restored database
    schema: str  # where its tables are ("" on SQLite)

    def table(self, name: str) -> str:
        return f'"{self.schema}".{name}' if self.schema else name


def backup_and_restore(
    engine: sa.Engine, restore_target: Callable[[sa.Engine], str], folder: Path
) -> Restored:
    """Back the database up with osloreg.backup and restore it into a new, empty database."""
    suffix = ".sqlite3" if engine.dialect.name == "sqlite" else ".dump"
    backup = backup_database(engine, folder / f"backup{suffix}")
    assert backup.ok, backup.integrity
    target = restore_target(engine)
    result = restore_database(backup.path, target)
    (name,) = [name for name in backup.counts if name.split(".")[-1] == "document_versions"]
    return Restored(backup, result, target, name.rpartition(".")[0])


def restored_versions(restored: Restored) -> tuple[list[Version], list[str | None]]:
    """The restored database's versions, and its documents' exempt bases."""
    copy = make_engine(restored.url)
    try:
        again = versions(copy, restored.schema)
        with copy.connect() as connection:
            bases = connection.execute(
                sa.text(f"SELECT exempt_basis FROM {restored.table('documents')} ORDER BY id")  # noqa: S608
            ).scalars()
            return again, list(bases)
    finally:
        copy.dispose()
