"""The calendar feeds over real HTTP, on SQLite and PostgreSQL: the events of the calendar file, 304 on a
matching ETag, a new ETag when a meeting changes, 404 for a token that no longer holds, and a member's
own feed that follows their seats."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from osloreg import clock, ical
from osloreg.enums import MembershipRole
from osloreg.models import Meeting
from osloreg.queries.meetings import calendar_meetings
from osloreg.rules import feeds as feed_rules
from osloreg.services.base import SYSTEM
from osloreg.services.directory import add_membership, end_membership
from osloreg.services.feeds import renew_feed_token, revoke_feed_token
from osloreg.services.meetings import cancel_meeting, update_meeting
from osloreg.services.users import disable_user
from osloreg.snapshots import snapshot
from tests.conftest import test_settings
from tests.factories import make_meeting
from tests.integration.web.feed_world import at, build_feed_world, day, make_user

NOT_FOUND = "Ingen kalender her: adressen er feil eller ikke lenger i bruk."


@pytest.fixture
def world(session):
    return build_feed_world(session)


@pytest.fixture
def settings(engine):
    return test_settings(engine)


@pytest.fixture
def web(serve_web, settings, engine):
    return serve_web(settings, engine)


def events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def uids(body: bytes) -> list[str]:
    return [str(event["uid"]) for event in events(body)]


def content(event) -> dict[str, bytes]:
    """An event's properties as written, all but DTSTAMP (the file export stamps it with now)."""
    return {name: value.to_ical() for name, value in event.items() if name != "DTSTAMP"}


def exported(session, settings, *, name: str, language: str = "nb", **selection) -> bytes:
    """The calendar file the calendar page offers for the same meetings."""
    found = calendar_meetings(session, **selection)
    return ical.calendar_file(found, name=name, base_url=settings.base_url, labels=ical.labels(language))


def version(session, meeting_id: int) -> int:
    value = session.scalar(sa.select(Meeting.version).where(Meeting.id == meeting_id))
    session.rollback()
    return value


# --- What a feed holds ------------------------------------------------------------------------------------


def test_each_feed_holds_the_events_of_the_calendar_file_of_the_same_meetings(session, world, settings, web):
    feeds = {
        "all": ({}, "Osloregionen: alle møter"),
        f"body/{world.board}": ({"body_id": world.board}, "Osloregionen: Styret"),
        f"body/{world.group}": ({"body_id": world.group}, "Osloregionen: Faggruppe for næring"),
        "mine": ({"body_ids": (world.board,)}, "Osloregionen: mine møter"),  # Kari sits in styret
    }
    for feed, (selection, name) in feeds.items():
        answer = web.request(f"/feeds/{world.token}/{feed}.ics")
        assert answer.status == 200, feed
        assert answer.header("content-type") == "text/calendar; charset=utf-8"
        assert answer.header("cache-control") == "private, max-age=300"
        calendar = Calendar.from_ical(answer.body)
        assert str(calendar["x-wr-calname"]) == name
        file = exported(session, settings, name=name, **selection)
        assert uids(answer.body) == uids(file) and uids(file), feed
        assert [content(event) for event in events(answer.body)] == [content(event) for event in events(file)]
    mine = web.request(f"/feeds/{world.token}/mine.ics")
    assert uids(mine.body) == [ical.uid(meeting) for meeting in world.board_meetings]


def test_the_calendar_is_named_and_described_in_the_readers_language(session, world, settings, web):
    english = make_user(session, "nora", roles=["viewer"], language="en")
    token = renew_feed_token(session, actor=english)
    answer = web.request(f"/feeds/{token}/all.ics")
    assert str(Calendar.from_ical(answer.body)["x-wr-calname"]) == "Osloregionen: every meeting"
    file = exported(session, settings, name="Osloregionen: every meeting", language="en")
    assert [content(event) for event in events(answer.body)] == [content(event) for event in events(file)]
    first = next(
        event for event in events(answer.body) if str(event["uid"]) == ical.uid(world.board_meetings[1])
    )
    text = str(first["description"])
    assert "Agenda:" in text and f"48/{day(10).year % 100:02d} Revidert mandat" in text
    assert str(first["url"]) == f"{settings.base_url}/calendar?meeting={world.board_meetings[1]}"


def test_a_feed_holds_the_latest_meetings_when_there_are_more_than_it_may(world, web, monkeypatch):
    monkeypatch.setattr(feed_rules, "MAX_EVENTS", 2)
    answer = web.request(f"/feeds/{world.token}/all.ics")
    # The two furthest ahead (styret's in 40 days, the group's in 50), by time.
    assert uids(answer.body) == [ical.uid(world.board_meetings[2]), ical.uid(world.group_meetings[1])]


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(session, world, web):
    meeting = world.board_meetings[1]
    before = web.request(f"/feeds/{world.token}/body/{world.board}.ics")
    cancel_meeting(
        session,
        actor=world.coordinator,
        meeting_id=meeting,
        expected_version=version(session, meeting),
        reason="For få saker",
    )
    after = web.request(f"/feeds/{world.token}/body/{world.board}.ics")
    assert uids(after.body) == uids(before.body)
    status = {str(event["uid"]): str(event["status"]) for event in events(after.body)}
    assert status[ical.uid(meeting)] == "CANCELLED"
    assert [value for uid, value in status.items() if uid != ical.uid(meeting)] == ["CONFIRMED", "CONFIRMED"]
    assert after.header("etag") != before.header("etag")


def test_a_hostile_title_is_one_escaped_text_value(session, world, web):
    hostile = 'Møte\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected@evil\r\nSUMMARY:pwned;X-A="b",c\\'
    make_meeting(
        session, body=world.board, starts_at=at(20), title=hostile, place="Rom 1\nATTACH:http://evil"
    )
    session.commit()
    answer = web.request(f"/feeds/{world.token}/body/{world.board}.ics")
    found = events(answer.body)
    assert len(found) == len(world.board_meetings) + 1
    assert "injected@evil" not in uids(answer.body)
    hostile_event = next(event for event in found if "pwned" in str(event["summary"]))
    # One text value, the line breaks in it escaped (RFC 5545: CRLF in a text is written as one \n).
    assert str(hostile_event["summary"]) == f"Styret: {hostile}".replace("\r\n", "\n")
    assert str(hostile_event["location"]) == "Rom 1\nATTACH:http://evil"
    lines = answer.body.decode("utf-8").split("\r\n")
    assert not [line for line in lines if line.startswith(("UID:injected", "SUMMARY:pwned", "ATTACH:"))]
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(found)


# --- Caching: ETag and Last-Modified ------------------------------------------------------------------------


def test_an_unchanged_feed_is_the_same_bytes_and_a_matching_etag_gets_304(world, web):
    path = f"/feeds/{world.token}/all.ics"
    first, second = web.request(path), web.request(path)
    assert first.body == second.body
    etag, modified = first.header("etag"), first.header("last-modified")
    assert etag == second.header("etag") and etag.startswith('"') and not etag.startswith("W/")
    assert parsedate_to_datetime(modified) <= dt.datetime.now(dt.UTC)

    same = web.request(path, headers={"If-None-Match": etag})
    assert (same.status, same.body) == (304, b"")
    assert same.header("etag") == etag and same.header("last-modified") == modified
    assert web.request(path, headers={"If-None-Match": f'"other", W/{etag}'}).status == 304
    assert web.request(path, headers={"If-None-Match": '"other"'}).status == 200
    assert web.request(path, headers={"If-Modified-Since": modified}).status == 304
    older = format_datetime(parsedate_to_datetime(modified) - dt.timedelta(seconds=1), usegmt=True)
    assert web.request(path, headers={"If-Modified-Since": older}).status == 200
    assert web.request(path, headers={"If-Modified-Since": "not a date"}).status == 200
    # If-None-Match decides when both are sent: another tag is a change, whatever the date says.
    both = web.request(path, headers={"If-None-Match": '"other"', "If-Modified-Since": modified})
    assert both.status == 200

    head = web.request(path, method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert head.header("etag") == etag and head.header("content-length") == str(len(first.body))


def test_a_meeting_moved_through_the_service_gives_its_feeds_a_new_etag(session, world, web):
    meeting = world.board_meetings[1]
    board_path, group_path = (f"/feeds/{world.token}/body/{body}.ics" for body in (world.board, world.group))
    board, group = web.request(board_path), web.request(group_path)
    update_meeting(
        session,
        actor=world.coordinator,
        meeting_id=meeting,
        expected_version=version(session, meeting),
        starts_at=at(11, 14),
        place="Oslo rådhus",
        title="Styremøte",
    )
    moved = web.request(board_path, headers={"If-None-Match": board.header("etag")})
    assert moved.status == 200 and moved.header("etag") != board.header("etag")
    assert parsedate_to_datetime(moved.header("last-modified")) >= parsedate_to_datetime(
        board.header("last-modified")
    )
    event = next(event for event in events(moved.body) if str(event["uid"]) == ical.uid(meeting))
    assert event.decoded("dtstart").replace(tzinfo=None) == at(11, 14)
    assert int(event["sequence"]) == 2
    # The group's feed holds nothing of styret: it is the same bytes, and still 304.
    assert web.request(group_path, headers={"If-None-Match": group.header("etag")}).status == 304


# --- 404 ------------------------------------------------------------------------------------------------


def test_an_address_that_holds_no_calendar_answers_404_in_the_same_words(session, world, web):
    old = world.token
    new = renew_feed_token(session, actor=world.member)
    for path in (
        f"/feeds/{old}/all.ics",  # renewed away
        f"/feeds/{'x' * 43}/all.ics",  # never issued
        f"/feeds/{new[:-1]}/mine.ics",
        f"/feeds/{new}/body/{world.group + 1000}.ics",  # no such body
    ):
        answer = web.request(path)
        assert answer.status == 404, path
        assert NOT_FOUND in answer.body.decode("utf-8")
        assert answer.header("cache-control") == "no-store"
    assert web.request(f"/feeds/{new}/all.ics").status == 200

    revoke_feed_token(session, actor=world.member)
    assert web.request(f"/feeds/{new}/all.ics").status == 404


def test_a_disabled_users_feeds_answer_404(session, world, web):
    path = f"/feeds/{world.token}/mine.ics"
    assert web.request(path).status == 200
    disable_user(session, actor=SYSTEM, username="kari")
    answer = web.request(path)
    assert answer.status == 404 and NOT_FOUND in answer.body.decode("utf-8")


# --- "Mine møter" follows the seats ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [MembershipRole.MEMBER, MembershipRole.SUBSTITUTE, MembershipRole.SECRETARY])
def test_my_feed_gains_a_bodys_meetings_with_a_seat_and_loses_them_when_it_ends(session, world, web, role):
    path = f"/feeds/{world.token}/mine.ics"
    board_only = [ical.uid(meeting) for meeting in world.board_meetings]
    before = web.request(path)
    assert uids(before.body) == board_only

    vara = {"substitute_order": 1, "represents_unit_id": world.unit}  # a unit's første vara
    vara = vara if role == MembershipRole.SUBSTITUTE else {}
    seat = add_membership(
        session,
        actor=world.coordinator,
        person_id=world.person,
        body_id=world.group,
        role=role,
        start_on=day(-60),
        **vara,
    )
    gained = web.request(path, headers={"If-None-Match": before.header("etag")})
    assert gained.status == 200
    earlier, first, later = world.board_meetings
    by_time = [earlier, first, world.group_meetings[0], later, world.group_meetings[1]]
    assert uids(gained.body) == [ical.uid(meeting) for meeting in by_time]

    end_membership(
        session, actor=world.coordinator, membership_id=seat.id, expected=snapshot(seat), end_on=day(-1)
    )
    lost = web.request(path, headers={"If-None-Match": gained.header("etag")})
    assert lost.status == 200 and uids(lost.body) == board_only


def test_a_seat_that_starts_tomorrow_joins_my_feed_tomorrow_with_a_newer_last_modified(
    session, world, web, monkeypatch
):
    add_membership(
        session, actor=world.coordinator, person_id=world.person, body_id=world.group, start_on=day(1)
    )
    path = f"/feeds/{world.token}/mine.ics"
    today = web.request(path)
    assert uids(today.body) == [ical.uid(meeting) for meeting in world.board_meetings]

    midnight = dt.datetime.combine(day(1), dt.time.min, tzinfo=clock.OSLO)
    tomorrow = clock.utc_now() + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "utc_now", lambda: tomorrow)
    later = web.request(path, headers={"If-Modified-Since": today.header("last-modified")})
    assert later.status == 200  # no write since, and yet the feed changed: its date says so
    assert len(uids(later.body)) == len(world.board_meetings) + len(world.group_meetings)
    assert parsedate_to_datetime(later.header("last-modified")) == midnight


def test_a_user_with_no_person_has_an_empty_feed_of_their_own(session, world, web):
    viewer = make_user(session, "leser", roles=["viewer"])
    token = renew_feed_token(session, actor=viewer)
    answer = web.request(f"/feeds/{token}/mine.ics")
    assert answer.status == 200 and events(answer.body) == []
    assert str(Calendar.from_ical(answer.body)["x-wr-calname"]) == "Osloregionen: mine møter"


# --- Cost --------------------------------------------------------------------------------------------------


def test_a_feed_takes_as_many_queries_for_many_meetings_as_for_few(session, world, engine, web):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        few = len(world.board_meetings) + len(world.group_meetings)
        web.request(f"/feeds/{world.token}/all.ics")
        with_few = len(statements)
        for n in range(40):
            make_meeting(session, body=world.group, starts_at=at(60 + n))
        session.commit()
        statements.clear()
        answer = web.request(f"/feeds/{world.token}/all.ics")
        assert len(events(answer.body)) == few + 40
        assert len(statements) == with_few <= 8
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
