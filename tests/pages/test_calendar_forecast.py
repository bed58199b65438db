"""The calendar's coverage forecast in AppTest: meetings ahead show how many expected units will be
covered, which are missing and whether the body would be vedtaksfør; meetings past show none."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import MeetingStatus, QuorumRule, UnitKind
from osloreg.services.attendance import report_absence
from osloreg.services.base import SYSTEM
from tests.factories import make_body, make_meeting, make_membership, make_person, make_unit
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test

PAGE = "pages/calendar.py"
GROUP = "Faggruppe for næringssamarbeid"
HOSTILE_UNIT = "**Follo** <img src=x>"


def _day(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def _world(engine: Engine) -> None:
    """A group (§ 11-9 rule) of Kari for Oslo and Per for a sub-region with a hostile name. In a week:
    a planned meeting both have sent forfall to, and a cancelled one. Forty days ago: a meeting still
    marked planned and a held one."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        follo = make_unit(session, name=HOSTILE_UNIT, kind=UnitKind.SUB_REGION)
        group = make_body(session, name=GROUP, quorum_rule=QuorumRule.HALF_MEMBERS, quorum_basis="sourced")
        kari, per = make_person(session, name="Kari Medlem"), make_person(session, name="Per Follo")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_membership(session, person=per, body=group, represents=follo)
        ahead = make_meeting(
            session, body=group, starts_at=dt.datetime.combine(_day(7), dt.time(9)), title="Møte som kommer"
        )
        make_meeting(
            session,
            body=group,
            starts_at=dt.datetime.combine(_day(7), dt.time(13)),
            title="Avlyst møte",
            status=MeetingStatus.CANCELLED,
        )
        for hour, title, status in (
            (9, "Møte som ikke er ført", MeetingStatus.PLANNED),
            (13, "Holdt møte", "held"),
        ):
            make_meeting(
                session,
                body=group,
                starts_at=dt.datetime.combine(_day(-40), dt.time(hour)),
                title=title,
                status=status,
            )
        session.commit()
        ids = (ahead.id, kari.id, per.id)
    meeting_id, *people = ids
    with read_session(engine) as session:
        for person_id in people:
            report_absence(session, actor=SYSTEM, meeting_id=meeting_id, person_id=person_id, reason="Reise")
        add_users(session, ROLE_USERS)


WORLD = _world


def _list_of(day: dt.date):
    """The calendar's list of the month holding `day`, as the viewer sees it."""
    at = page_test(PAGE, username="leser")
    at.session_state["calendar_month"] = (day.year, day.month)
    at.run()
    ok(at)
    return at, at.dataframe[0].value


def test_a_meeting_ahead_shows_its_forecast_in_the_list(world):
    at, rows = _list_of(_day(7))
    by_title = rows.set_index("title")
    ahead = by_title.loc["Møte som kommer"]
    assert ahead["coverage"] == "0 av 2"
    assert ahead["missing"] == f"{HOSTILE_UNIT}, Oslo kommune"  # a cell shows the name as it is
    assert ahead["quorum"] == "Ikke vedtaksfør? 0 av 1"
    cancelled = by_title.loc["Avlyst møte"]
    assert (cancelled["coverage"], cancelled["missing"], cancelled["quorum"]) == ("", "", "")
    headings = {
        column["label"] for column in json.loads(at.dataframe[0].proto.columns).values() if "label" in column
    }
    assert {nb("calendar.col.coverage"), nb("calendar.col.missing"), nb("calendar.col.quorum")} <= headings


def test_a_past_meeting_shows_no_forecast(world):
    _, rows = _list_of(_day(-40))
    assert set(rows["title"]) == {"Møte som ikke er ført", "Holdt møte"}
    assert "coverage" not in rows.columns and "quorum" not in rows.columns
