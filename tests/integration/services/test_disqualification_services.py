"""Habilitet through the services, on SQLite and PostgreSQL: a member declares themselves inhabil in a
sak (never another, never as the body's decision), the secretariat records the body's decision (inhabil,
or habil with its reason, the declaration kept), and who may take a declaration back. Every success
writes its audit event under the meeting with before and after; every refusal leaves the database as
it was."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import DisqualificationStatus, MeetingStatus
from osloreg.models import Disqualification, Meeting
from osloreg.services.base import PermissionDenied, ValidationFailed
from osloreg.services.disqualifications import (
    decide_disqualification,
    declare_disqualification,
    withdraw_disqualification,
)
from osloreg.snapshots import snapshot
from tests.integration.services.attendance_world import AttendanceWorld, build_attendance_world
from tests.integration.services.meeting_world import audited, refused, stored

DECLARED, DECIDED = DisqualificationStatus.DECLARED, DisqualificationStatus.DECIDED
GROUND = {"ground": "fvl_6_1_e", "reason": "Styremedlem i selskapet som søker"}


@pytest.fixture
def w(session: Session) -> AttendanceWorld:
    return build_attendance_world(session)


def declare(session: Session, w: AttendanceWorld, who: str, *, by=None, item: int = 1, **changes):
    """`who` declared inhabil in the item at index `item` (1 and 2 are the saker), by `by` or themselves."""
    form = {**GROUND, **changes}
    actor = by or w.member_of(who)
    return declare_disqualification(
        session, actor=actor, agenda_item_id=w.items[item], person_id=w.people[who], **form
    )


def test_a_member_declares_themselves_inhabil_in_a_sak(session, w):
    with audited(session, "meeting.inhabil") as added:
        found = declare(session, w, "kari", reason="  Styremedlem i selskapet som søker ")
    row = stored(session, Disqualification, found.id)
    assert (row.meeting_id, row.agenda_item_id, row.person_id) == (w.meeting, w.items[1], w.people["kari"])
    assert (row.status, row.ground, row.reason) == (DECLARED, "fvl_6_1_e", GROUND["reason"])
    assert (row.recorded_by_user_id, row.withdrawn_at) == (w.kari.user_id, None)
    [event] = added
    assert (event.entity, event.entity_id, event.before, event.after) == (
        "meeting",
        w.meeting,
        None,
        snapshot(row),
    )


def test_a_member_cannot_record_the_bodys_decision_nor_declare_another(session, w):
    with refused(session, "error.habilitet_decide", PermissionDenied):
        declare(session, w, "kari", decided=True)
    with refused(session, "error.habilitet_not_own", PermissionDenied):
        declare(session, w, "ola", by=w.kari)
    with refused(session, "error.permission_denied", PermissionDenied):
        declare(session, w, "kari", by=w.viewer)
    # The secretariat records for anyone, and may record the body's decision straight away.
    found = declare(session, w, "ola", by=w.coordinator, decided=True)
    assert stored(session, Disqualification, found.id).status == DECIDED


def test_habilitet_concerns_a_sak_on_a_legal_ground_of_someone_in_the_body(session, w):
    for heading in (0, 3):
        with refused(session, "error.habilitet_no_case", ValidationFailed):
            declare(session, w, "kari", item=heading)
    with refused(session, "error.habilitet_ground", ValidationFailed):
        declare(session, w, "kari", ground="fvl_7")
    with refused(session, "error.required", ValidationFailed):
        declare(session, w, "kari", reason=" ")
    with refused(session, "error.forfall_not_member", ValidationFailed):
        declare(session, w, "outsider", by=w.coordinator)
    # A vara (who may meet for a member) may be inhabil too.
    assert declare(session, w, "vf1", by=w.coordinator).person_id == w.people["vf1"]


def test_one_standing_declaration_per_person_and_sak_and_one_in_each_sak(session, w):
    first = declare(session, w, "kari")
    with refused(session, "error.habilitet_exists", ValidationFailed):
        declare(session, w, "kari", ground="fvl_6_2")
    assert declare(session, w, "kari", item=2).agenda_item_id == w.items[2]
    withdraw_disqualification(session, actor=w.kari, disqualification_id=first.id)
    assert declare(session, w, "kari").id != first.id


def test_the_secretariat_records_the_body_found_the_member_inhabil(session, w):
    found = declare(session, w, "kari")
    with refused(session, "error.permission_denied", PermissionDenied):
        decide_disqualification(session, actor=w.kari, disqualification_id=found.id, inhabil=True)
    with audited(session, "meeting.inhabil_decided") as added:
        decide_disqualification(session, actor=w.coordinator, disqualification_id=found.id, inhabil=True)
    row = stored(session, Disqualification, found.id)
    assert (row.status, row.withdrawn_at) == (DECIDED, None)
    [event] = added
    assert (event.entity, event.entity_id) == ("meeting", w.meeting)
    assert (event.before["status"], event.after["status"]) == ("declared", "decided")
    with refused(session, "error.nothing_changed", ValidationFailed):
        decide_disqualification(session, actor=w.director, disqualification_id=found.id, inhabil=True)


def test_found_habil_the_declaration_is_withdrawn_with_the_bodys_reason_and_kept(session, w):
    found = declare(session, w, "kari")
    with refused(session, "error.required", ValidationFailed):
        decide_disqualification(session, actor=w.coordinator, disqualification_id=found.id, inhabil=False)
    with audited(session, "meeting.habil_decided") as added:
        decide_disqualification(
            session,
            actor=w.coordinator,
            disqualification_id=found.id,
            inhabil=False,
            reason="Eierskapet er for lite til å svekke tilliten",
        )
    row = stored(session, Disqualification, found.id)
    assert row.withdrawn_reason == "Eierskapet er for lite til å svekke tilliten"
    assert (row.status, row.withdrawn_by_user_id) == (DECLARED, w.coordinator.user_id)
    assert row.withdrawn_at is not None
    [event] = added
    assert (event.before["withdrawn_at"], event.after["withdrawn_reason"]) == (None, row.withdrawn_reason)
    for inhabil in (True, False):
        with refused(session, "error.habilitet_withdrawn", ValidationFailed):
            decide_disqualification(
                session, actor=w.coordinator, disqualification_id=found.id, inhabil=inhabil, reason="Igjen"
            )


def test_a_member_withdraws_their_own_declaration_until_the_body_has_decided_it(session, w):
    own, other = declare(session, w, "kari"), declare(session, w, "ola")
    with refused(session, "error.habilitet_not_own", PermissionDenied):
        withdraw_disqualification(session, actor=w.kari, disqualification_id=other.id)
    with refused(session, "error.permission_denied", PermissionDenied):
        withdraw_disqualification(session, actor=w.viewer, disqualification_id=own.id)
    with audited(session, "meeting.inhabil_withdrawn") as added:
        withdraw_disqualification(session, actor=w.kari, disqualification_id=own.id)
    row = stored(session, Disqualification, own.id)
    assert (row.withdrawn_by_user_id, row.withdrawn_reason) == (w.kari.user_id, None)
    assert added[0].before["withdrawn_at"] is None and added[0].after["withdrawn_at"] is not None
    with refused(session, "error.habilitet_withdrawn", ValidationFailed):
        withdraw_disqualification(session, actor=w.kari, disqualification_id=own.id)
    # Decided, it stands until the secretariat takes it back.
    decide_disqualification(session, actor=w.coordinator, disqualification_id=other.id, inhabil=True)
    with refused(session, "error.habilitet_decide", PermissionDenied):
        withdraw_disqualification(session, actor=w.ola, disqualification_id=other.id)
    withdraw_disqualification(session, actor=w.coordinator, disqualification_id=other.id)
    assert stored(session, Disqualification, other.id).withdrawn_at is not None


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (MeetingStatus.CANCELLED, "error.meeting_cancelled"),
        (MeetingStatus.APPROVED, "error.forfall_closed"),
    ],
)
def test_habilitet_is_closed_with_the_meeting(session, w, status, key):
    declared = declare(session, w, "kari")
    stored(session, Meeting, w.meeting).status = status
    session.commit()
    for attempt in (
        lambda: declare(session, w, "ola"),
        lambda: decide_disqualification(
            session, actor=w.coordinator, disqualification_id=declared.id, inhabil=True
        ),
        lambda: withdraw_disqualification(session, actor=w.kari, disqualification_id=declared.id),
    ):
        with refused(session, key, ValidationFailed):
            attempt()
