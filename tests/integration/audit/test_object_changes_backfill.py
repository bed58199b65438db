"""A trail that began before migration 0021 gets its object_changes from `db upgrade`, on SQLite and
PostgreSQL: the very rows the services would have written with each event, once."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.audit.object_changes import backfill_if_empty
from osloreg.enums import BodyKind
from osloreg.models import ObjectChange
from osloreg.services.base import SYSTEM
from osloreg.services.directory import add_membership
from osloreg.services.meetings import update_meeting
from tests.factories import make_body, make_meeting, make_person


def _rows(session: Session) -> list[tuple[str, int, int]]:
    rows = session.execute(
        sa.select(ObjectChange.kind, ObjectChange.object_id, ObjectChange.audit_event_id).order_by(
            ObjectChange.audit_event_id, ObjectChange.kind, ObjectChange.object_id
        )
    ).all()
    session.commit()
    return [tuple(row) for row in rows]


def test_the_upgrade_maps_the_old_trail_as_the_services_do_and_only_once(session):
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    meeting = make_meeting(session, body=board)
    person = make_person(session)
    session.commit()
    update_meeting(
        session,
        actor=SYSTEM,
        meeting_id=meeting.id,
        expected_version=1,
        starts_at=meeting.starts_at,
        place="Rådhuset",
    )
    add_membership(session, actor=SYSTEM, person_id=person.id, body_id=board.id, start_on=clock.oslo_today())
    written = _rows(session)
    assert {kind for kind, _, _ in written} >= {"meeting", "body", "membership"}
    # As a database upgraded to 0021 has it: the trail, and no object_changes yet.
    session.execute(sa.delete(ObjectChange))
    session.commit()
    with session.get_bind().begin() as connection:
        assert backfill_if_empty(connection) == len(written)
    assert _rows(session) == written
    with session.get_bind().begin() as connection:
        assert backfill_if_empty(connection) is None  # filled: never again
