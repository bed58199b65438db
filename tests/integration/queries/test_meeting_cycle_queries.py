"""The meeting cycle's queries on SQLite and PostgreSQL: innkallinger due and not sent, protokoller
awaiting approval (both on the coordinator's overview), and one meeting's steps, versions and approval."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from osloreg.enums import MeetingStatus
from osloreg.models import MeetingNotice, MeetingStatusChange, MinutesApproval, MinutesSigner
from osloreg.queries import meeting_cycle as q
from osloreg.queries import overview
from osloreg.rules import meetings as rules
from tests.factories import at, days, make_agenda_item, make_body, make_meeting, make_person

M = MeetingStatus
TODAY = dt.date(2026, 12, 4)


def _ids(listing) -> list[int]:
    return [int(value) for value in listing.rows["id"]]


def test_a_meeting_whose_innkalling_is_due_is_listed_until_it_is_sent(session: Session):
    board = make_body(session, name="Styret", kind="board", notice_days=14)
    silent = make_body(session, name="Uten frist")  # no notice period known: nothing is due
    late = make_meeting(session, body=board, starts_at=at(TODAY + days(10)))  # due 4 days ago
    soon = make_meeting(session, body=board, starts_at=at(TODAY + days(20)))  # due in 6 days
    later = make_meeting(session, body=board, starts_at=at(TODAY + days(30)))  # due in 16 days
    sent = make_meeting(session, body=board, starts_at=at(TODAY + days(12)), status=M.CALLED)
    make_meeting(session, body=board, starts_at=at(TODAY + days(5)), status=M.CANCELLED)
    make_meeting(session, body=board, starts_at=at(TODAY - days(1)))  # past: not an innkalling to send
    make_meeting(session, body=silent, starts_at=at(TODAY + days(3)))
    session.commit()
    due = q.notice_due(session, today=TODAY)
    assert _ids(due) == [late.id, soon.id] and due.total == 2
    assert list(due.rows["due_on"]) == [TODAY - days(4), TODAY + days(6)]
    assert later.id not in _ids(due) and sent.id not in _ids(due)
    lists = overview.coordinator_lists(session, today=TODAY)
    assert _ids(lists.notice_due) == [late.id, soon.id]


def test_a_held_meeting_waits_for_its_protokoll_until_approved(session: Session):
    board = make_body(session, name="Styret", kind="board")
    waiting = make_meeting(session, body=board, starts_at=at(TODAY - days(20)), status=M.HELD)
    newer = make_meeting(session, body=board, starts_at=at(TODAY - days(2)), status=M.HELD)
    approved = make_meeting(session, body=board, starts_at=at(TODAY - days(40)), status=M.APPROVED)
    make_meeting(session, body=board, starts_at=at(TODAY - days(60)), status=M.PUBLISHED)
    make_meeting(session, body=board, starts_at=at(TODAY + days(2)))
    session.commit()
    listed = q.minutes_waiting(session, today=TODAY)
    assert _ids(listed) == [newer.id, waiting.id] and approved.id not in _ids(listed)
    assert _ids(overview.coordinator_lists(session, today=TODAY).minutes_waiting) == [newer.id, waiting.id]


def test_protokoller_awaiting_approval_are_those_of_meetings_of_the_last_twelve_months(session: Session):
    board = make_body(session, name="Styret", kind="board")
    window = rules.MINUTES_WAITING_DAYS
    inside = make_meeting(session, body=board, starts_at=at(TODAY - days(window)), status=M.HELD)
    make_meeting(session, body=board, starts_at=at(TODAY - days(window + 1)), status=M.HELD)  # on paper
    make_meeting(session, body=board, starts_at=at(dt.date(2020, 9, 11)), status=M.HELD)
    session.commit()
    listed = q.minutes_waiting(session, today=TODAY)
    assert _ids(listed) == [inside.id] and listed.total == 1
    assert _ids(overview.coordinator_lists(session, today=TODAY).minutes_waiting) == [inside.id]
    # A year on, that one too is past the window.
    assert q.minutes_waiting(session, today=TODAY + days(1)).total == 0


def test_a_called_meeting_ahead_counts_as_ahead_on_the_overview(session: Session):
    board = make_body(session, name="Styret", kind="board")
    called = make_meeting(session, body=board, starts_at=at(TODAY + days(3)), status=M.CALLED)
    make_meeting(session, body=board, starts_at=at(TODAY + days(4)), status=M.APPROVED)
    session.commit()
    assert _ids(overview.meetings_without_agenda(session, today=TODAY)) == [called.id]


def test_one_meetings_cycle_its_steps_versions_and_approval(session: Session):
    board = make_body(session, name="Styret", kind="board", notice_days=7, notice_basis="illustrative")
    meeting = make_meeting(session, body=board, starts_at=at(TODAY - days(30)), status=M.APPROVED)
    later = make_meeting(session, body=board, starts_at=at(TODAY - days(2)), status=M.HELD)
    item = make_agenda_item(session, meeting=later, heading="Godkjenning av protokoll")
    signer = make_person(session, name="Kari Nordmann")
    for from_status, to_status in [(M.PLANNED, M.CALLED), (M.CALLED, M.HELD), (M.HELD, M.APPROVED)]:
        session.add(MeetingStatusChange(meeting_id=meeting.id, from_status=from_status, to_status=to_status))
    for version in (1, 2):
        session.add(
            MeetingNotice(
                meeting_id=meeting.id,
                version=version,
                reason=None if version == 1 else "Saksliste endret: rekkefølgen endret",
                agenda=[{"position": 1, "title": "Eventuelt"}],
                documents=[],
            )
        )
    approval = MinutesApproval(
        meeting_id=meeting.id, method="meeting", approved_on=TODAY - days(2), agenda_item_id=item.id
    )
    session.add(approval)
    session.flush()
    session.add(MinutesSigner(approval_id=approval.id, person_id=signer.id, signed_on=TODAY - days(2)))
    session.commit()
    cycle = q.meeting_cycle(session, meeting_id=meeting.id)
    assert list(cycle.steps["to_status"]) == [M.CALLED, M.HELD, M.APPROVED]
    assert [(n.version, n.reason) for n in cycle.notices] == [
        (2, "Saksliste endret: rekkefølgen endret"),
        (1, None),
    ]
    assert cycle.notice_due_on == TODAY - days(37)
    assert (cycle.approval.meeting_id, cycle.approval.position, cycle.approval.heading) == (
        later.id,
        1,
        "Godkjenning av protokoll",
    )
    assert q.approval_items(session, meeting_id=meeting.id) == [
        (item.id, f"{later.starts_at:%d.%m.%Y}: 1. Godkjenning av protokoll")
    ]
    assert q.meeting_cycle(session, meeting_id=meeting.id + 1000) is None
