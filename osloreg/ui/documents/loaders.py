"""Cached reads of the documents section, keyed by the user's sight of exempt documents and data versions."""

from __future__ import annotations

import datetime as dt

from osloreg.queries import documents
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session

# A document's write is audited under "document", which no area names yet: it raises every area's
# version (data_versions._ENTITY_AREAS), so keying on these is never stale.


@cached_read("cases", "directory", "meetings")
def document_rows(
    roles: tuple[str, ...],
    person_id: int | None,
    day: dt.date,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    case_id: int | None = None,
    consultation_id: int | None = None,
) -> list[documents.DocumentRow]:
    """An owner's documents as this user may see them (the seats read on `day`)."""
    with db_session() as session:
        return documents.documents(
            session,
            roles=roles,
            person_id=person_id,
            today=day,
            meeting_id=meeting_id,
            agenda_item_id=agenda_item_id,
            case_id=case_id,
            consultation_id=consultation_id,
        )


@cached_read("cases", "meetings")
def agenda_choices(meeting_id: int) -> list[tuple[int, int, str]]:
    with db_session() as session:
        return documents.agenda_choices(session, meeting_id=meeting_id)
