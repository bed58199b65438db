"""Hostile text in the calendar feeds over HTTP (all, mine, a body's): one VEVENT per meeting, nothing added.

The titles, places, agenda headings and the body's name hold line breaks that try to end the event, add
a URL, an attachment or an alarm, and text long enough to be folded in the middle of a letter. Each
feed is read as a calendar program reads it: one VEVENT per meeting, no property or component from the
data, the only URL the meeting's own page, every line at most 75 octets, each value whole unfolded."""

from __future__ import annotations

import sqlalchemy as sa
from icalendar import Calendar

from osloreg import ical
from osloreg.models import AgendaItem, Body, Meeting
from tests.conftest import test_settings
from tests.integration.web.feed_world import build_feed_world
from tests.reliability.test_hostile_mail import ALARM, INJECTION, MARKUP, _lines, calendar_problems

LONG_WORDS = " ".join(["blåbærsyltetøy"] * 12)  # multi-byte letters across the 75-octet folds


def test_every_feed_holds_one_whole_inert_event_per_meeting(session, engine, serve_web, figures):
    world = build_feed_world(session)
    values = {
        "body": f"Styret {MARKUP}"[:200],
        "title": f"Styremøte {MARKUP}{INJECTION}{ALARM}"[:300],
        "place": f"Rådhuset {LONG_WORDS}{INJECTION}"[:300],
        "heading": f"Eventuelt {MARKUP}{ALARM}"[:300],
    }
    session.get(Body, world.board).name = values["body"]
    for meeting_id in world.board_meetings:
        meeting = session.get(Meeting, meeting_id)
        meeting.title, meeting.place = values["title"], values["place"]
    headings = sa.select(AgendaItem).where(
        AgendaItem.meeting_id.in_(world.board_meetings), AgendaItem.heading.is_not(None)
    )
    for item in session.scalars(headings):
        item.heading = values["heading"]
    session.commit()
    web = serve_web(test_settings(engine), engine)
    feeds = {
        "all": (f"/feeds/{world.token}/all.ics", [*world.board_meetings, *world.group_meetings]),
        "mine": (f"/feeds/{world.token}/mine.ics", list(world.board_meetings)),
        "body": (f"/feeds/{world.token}/body/{world.board}.ics", list(world.board_meetings)),
    }
    problems, events = [], 0
    for name, (path, meeting_ids) in feeds.items():
        answer = web.request(path)
        assert answer.status == 200, (name, answer.status)
        problems += [f"{name}: {problem}" for problem in calendar_problems(answer.body, meeting_ids)]
        for event in Calendar.from_ical(answer.body).walk("VEVENT"):
            if str(event["UID"]) not in {ical.uid(meeting_id) for meeting_id in world.board_meetings}:
                continue
            events += 1
            if _lines(str(event["SUMMARY"])) != _lines(f"{values['body']}: {values['title']}"):
                problems.append(f"{name}: SUMMARY cut or changed")
            if _lines(str(event["LOCATION"])) != _lines(values["place"]):
                problems.append(f"{name}: LOCATION cut or changed")
    assert events == 3 * len(world.board_meetings)
    heading_shown = sum(
        _lines(values["heading"]) in _lines(str(event["DESCRIPTION"]))
        for name, (path, _) in feeds.items()
        for event in Calendar.from_ical(web.request(path).body).walk("VEVENT")
    )
    assert heading_shown >= 3, "the agenda heading is in the first meeting's description in every feed"
    figures.record(
        f"{engine.dialect.name}: 3 feeds, {events} events of hostile meetings: one VEVENT per meeting, "
        f"lines <= 75 octets, summaries, places and headings whole; {len(problems)} properties, alarms, "
        "foreign URLs or cut values"
    )
    assert problems == [], problems
