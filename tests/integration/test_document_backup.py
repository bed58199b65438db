"""Documents live in the database, so a backup carries them: restored, each version keeps bytes and sha256."""

from __future__ import annotations

import hashlib

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


def test_documents_survive_a_backup_and_restore_with_the_same_sha256(
    engine, session, restore_target, tmp_path
):
    world = build_meeting_world(session)
    papers = build_papers(session, world)
    add_binary_with_a_version(session, world, papers)
    original = versions(engine)
    assert [row[4] for row in original] == [BINARY, pdf("Andre versjon")]
    session.close()

    restored = backup_and_restore(engine, restore_target, tmp_path)
    assert restored.result.ok, restored.result
    again, bases = restored_versions(restored)
    assert again == original
    assert [hashlib.sha256(bytes(row[4])).hexdigest() for row in again] == [row[3] for row in again]
    assert bases == [EXEMPT_BASIS]
