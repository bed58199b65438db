"""The coordinator's overview in AppTest: innkallinger due and not sent, and protokoller awaiting
approval, each meeting with a link to its page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import BodyKind, MeetingStatus
from tests.factories import make_body, make_meeting
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test


def _world(engine: Engine) -> None:
    """The board (notice period 14 days): a planned meeting in ten days (innkalling overdue), one
    already called, a held one awaiting approval and an approved one."""
    with read_session(engine) as session:
        board = make_body(session, name="Styret", kind=BodyKind.BOARD, notice_days=14, notice_basis="sourced")
        for days, status, title in [
            (10, MeetingStatus.PLANNED, "Møte som skal kalles inn"),
            (11, MeetingStatus.CALLED, "Møte som er kalt inn"),
            (-5, MeetingStatus.HELD, "Møte med protokoll til godkjenning"),
            (-40, MeetingStatus.APPROVED, "Møte med godkjent protokoll"),
        ]:
            starts_at = dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(9))
            make_meeting(session, body=board, starts_at=starts_at, status=status, title=title)
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world


def test_the_coordinator_sees_innkallinger_due_and_protokoller_waiting(world):
    at = page_test("pages/overview.py", username="koordinator")
    at.run()
    ok(at)
    subheaders = [s.value for s in at.subheader]
    assert nb("overview.coordinator.notice_due", count="1") in subheaders
    assert nb("overview.coordinator.minutes_waiting", count="1") in subheaders
    # A page link, or (a page run on its own, as here) a markdown link to the calendar page.
    links = [link.label for link in at.get("page_link")]
    links += [m.value.replace("\\", "") for m in at.markdown if "calendar?meeting=" in m.value]
    assert any("Møte som skal kalles inn" in label for label in links)
    assert any("Møte med protokoll til godkjenning" in label for label in links)
    assert not any("Møte som er kalt inn" in label or "godkjent protokoll" in label for label in links)
