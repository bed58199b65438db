"""A restore of a backup with documents, on SQLite and PostgreSQL: documents of a case, a treatment, an
agenda item and a meeting, several versions each, one exempt and one of every byte value, stored
through the services (so with their audit events); backed up, restored into a fresh database: every
file's sha256 recomputed from the restored bytes equals the stored one and the original's, and the
audit chain of the restored database verifies (the same walk `audit verify` makes)."""

from __future__ import annotations

import hashlib
import time

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from osloreg.audit.restore import _engine as restored_audit_engine
from osloreg.audit.verify import verify
from osloreg.enums import DocumentKind
from osloreg.services.documents import add_document, add_version
from tests.integration.document_backup_world import (
    BINARY,
    EXEMPT_BASIS,
    add_binary_with_a_version,
    backup_and_restore,
    restored_versions,
    versions,
)
from tests.integration.services.document_world import build_papers, pdf
from tests.integration.services.meeting_world import build_meeting_world

VERSIONS_EACH = 3  # versions of each further document


def _add_documents(session, world, papers) -> None:
    owners = {"case_id": papers.case, "consultation_id": papers.step, "agenda_item_id": papers.item}
    for owner, value in owners.items():
        document = add_document(
            session,
            actor=world.coordinator,
            kind=DocumentKind.ATTACHMENT,
            title=f"Dokument til {owner}",
            filename=f"{owner}.pdf",
            content=pdf(f"{owner} 1"),
            **{owner: value},
        )
        for number in range(2, VERSIONS_EACH + 1):
            add_version(
                session,
                actor=world.coordinator,
                document_id=document.id,
                expected_version=number - 1,
                filename=f"{owner}-{number}.pdf",
                content=pdf(f"{owner} {number}") + bytes([number]) * 1000,
            )


def _audit_count(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM audit_events")).scalar_one()


def test_a_restored_backup_keeps_every_files_sha256_and_a_valid_audit_chain(
    engine, session, restore_target, tmp_path, figures
):
    world = build_meeting_world(session)
    papers = build_papers(session, world)
    add_binary_with_a_version(session, world, papers)
    _add_documents(session, world, papers)
    session.close()
    original = versions(engine)
    events = _audit_count(engine)
    with engine.connect() as connection:
        assert verify(connection, witness=None).ok  # the trail is sound before the backup

    started = time.monotonic()
    restored = backup_and_restore(engine, restore_target, tmp_path)
    seconds = time.monotonic() - started
    again, bases = restored_versions(restored)
    recomputed = [hashlib.sha256(row[4]).hexdigest() for row in again]
    differing = sum(
        stored != computed or stored != before[3]
        for (*_, stored, _), computed, before in zip(again, recomputed, original, strict=False)
    )
    audit_engine = restored_audit_engine(make_url(restored.url))
    assert audit_engine is not None, "no single audit_events table in the restored database"
    try:
        with audit_engine.connect() as connection:
            verdict = verify(connection, witness=None)
    finally:
        audit_engine.dispose()
    figures.record(
        f"{len(again)}/{len(original)} versions of {len({row[0] for row in original})} documents restored, "
        f"{differing} sha256 differing; audit chain {verdict.summary().split(',')[0]} "
        f"({verdict.events} events: {events} + the restore's); backup+restore {seconds:.1f} s"
    )
    assert restored.result.ok, restored.result
    assert len(original) == 2 + 3 * VERSIONS_EACH
    assert BINARY in [row[4] for row in again]
    assert again == original  # the same bytes, names and stored sha256, version for version
    assert recomputed == [row[3] for row in original]
    assert differing == 0
    assert EXEMPT_BASIS in bases
    assert verdict.ok, verdict.summary()
    assert verdict.events == events + 1  # every event of the original, and the restore's own
