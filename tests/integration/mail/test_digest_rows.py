"""The digest's rows are the overview's: for the demo's director, coordinator and member (SQLite and
PostgreSQL), each section holds the records the overview's own query (the decisions page's follow-ups,
the coverage page's terms ending) returns for that user and day, in its order, and counts its total; and
a member's answers are those decided since their last digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.db import read_session, write_session
from osloreg.enums import AdviceState, Outcome
from osloreg.mail.digest_run import send_digests
from osloreg.models import AdviceInput, Body, User
from osloreg.queries import decisions, inputs, meetings_ahead, overview
from osloreg.queries.common import active_on
from osloreg.queries.coverage import coverage_view
from osloreg.queries.digest import Digest, compose
from osloreg.rules.digest import ROWS_SHOWN
from tests.conftest import DEMO_TODAY, LoadedDemo
from tests.factories import make_advice, make_decision, make_input
from tests.integration.mail.digest_world import GETS, NOW, body_of, build, set_now

BASE = "https://osloreg.example"
EVER = dt.datetime(2000, 1, 1)


@pytest.fixture
def session(loaded_demo: LoadedDemo) -> Iterator[Session]:
    with read_session(loaded_demo.engine) as session:
        yield session


def _digest(session: Session, username: str) -> tuple[User, Digest]:
    user = session.scalar(sa.select(User).where(User.username == username))
    digest = compose(
        session,
        roles=user.roles,
        person_id=user.person_id,
        language=user.language,
        today=DEMO_TODAY,
        since=EVER,
        base_url=BASE,
    )
    return user, digest


def _shown(digest: Digest, key: str) -> list[int]:
    found = {section.key: section for section in digest.sections}
    return [row.id for row in found[key].rows] if key in found else []


def _total(digest: Digest, key: str) -> int:
    return digest.counts().get(key, 0)


def _first(values) -> list[int]:
    return [int(value) for value in list(values)[:ROWS_SHOWN]]


def test_the_directors_digest_is_the_overviews_queue_and_the_follow_ups_due(session):
    _user, digest = _digest(session, "direktor")
    summary = overview.director_summary(session, today=DEMO_TODAY)
    assert summary.pending > 0  # the demo has advice waiting: the comparison is not of two empty lists
    assert _shown(digest, "advice") == _first(summary.items["id"])
    assert _total(digest, "advice") == summary.pending
    due = decisions.follow_ups_due(session, today=DEMO_TODAY)
    assert _shown(digest, "follow_ups") == _first(due.rows["advice_id"])
    assert _total(digest, "follow_ups") == due.total
    assert set(digest.counts()) <= {"advice", "follow_ups"}  # no coordinator's or member's sections


def test_the_coordinators_digest_is_the_overviews_lists(session):
    _user, digest = _digest(session, "koordinator")
    lists = overview.coordinator_lists(session, today=DEMO_TODAY)  # as the overview's loader calls it
    for key, listing in (
        ("stalled", lists.stalled),
        ("notice_due", lists.notice_due),
        ("minutes_waiting", lists.minutes_waiting),
    ):
        assert _shown(digest, key) == _first(listing.rows["id"]), key
        assert _total(digest, key) == listing.total, key
    assert lists.stalled.total > 0
    forecasts = meetings_ahead.forecasts(session, start=DEMO_TODAY, days=meetings_ahead.FORECAST_DAYS)
    gaps = meetings_ahead.coverage_gaps(forecasts)
    assert _shown(digest, "coverage_gaps") == _first(gaps["meeting_id"])
    assert _total(digest, "coverage_gaps") == len(gaps)
    absences, total = meetings_ahead.absences_to_handle(session, today=DEMO_TODAY, limit=20)
    assert _shown(digest, "forfall") == _first(absences["absence_id"]) and _total(digest, "forfall") == total
    # Terms ending: what the coverage page lists under each body active today, soonest end first.
    bodies = session.scalars(
        sa.select(Body.id).where(active_on(Body.founded_on, Body.dissolved_on, DEMO_TODAY))
    )
    seats = [
        seat
        for body_id in bodies
        for seat in coverage_view(session, body_id=body_id, on=DEMO_TODAY).body.coverage.ending_soon
    ]
    assert _total(digest, "terms_ending") == len(seats)
    assert set(_shown(digest, "terms_ending")) <= {seat.membership_id for seat in seats}
    soonest = sorted(seat.end_on for seat in seats)[:ROWS_SHOWN]
    ends = {seat.membership_id: seat.end_on for seat in seats}
    assert [ends[membership] for membership in _shown(digest, "terms_ending")] == soonest
    assert set(digest.counts()) <= {"stalled", "notice_due", "minutes_waiting", "terms_ending"} | {
        "coverage_gaps",
        "forfall",
    }


@pytest.mark.parametrize("username", ["medlem", "leder"])
def test_a_members_digest_is_their_meetings_with_forfall_their_vara_calls_and_the_answers(session, username):
    user, digest = _digest(session, username)
    meetings = meetings_ahead.my_meetings(session, person_id=user.person_id, today=DEMO_TODAY)
    assert not meetings.empty
    assert _shown(digest, "my_meetings") == _first(meetings["meeting_id"])
    assert _total(digest, "my_meetings") == len(meetings)
    calls = meetings_ahead.calls_to(session, person_id=user.person_id, today=DEMO_TODAY)
    assert _shown(digest, "vara_calls") == _first(calls["call_id"])
    answers = inputs.decided_for_author(session, person_id=user.person_id)  # the overview's call
    assert _shown(digest, "answers") == _first(answers["advice_id"])
    assert set(digest.counts()) <= {"my_meetings", "vara_calls", "answers"}


def test_the_admin_and_the_viewer_have_nothing_to_say(session):
    for username in ("admin", "leser"):
        _user, digest = _digest(session, username)
        assert not digest and digest.sections == ()


def _answer(session: Session, person_id: int, title: str, moment: dt.datetime) -> None:
    """Advice resting on the person's input, decided at `moment`."""
    advice = make_advice(session, state=AdviceState.DECIDED, title=title)
    session.add(AdviceInput(advice_id=advice.id, input_id=make_input(session, author=person_id).id))
    make_decision(session, advice=advice, outcome=Outcome.PARTLY_FOLLOWED, decided_at=moment)


def test_a_members_answers_are_those_decided_since_their_last_digest(engine, smtp_server, monkeypatch):
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    with write_session(engine) as session, session.begin():
        person = session.get(User, world.users["medlem"]).person_id
        # Before the previous window (which began on Monday 23 November), and within it.
        _answer(session, person, "Gammelt svar", dt.datetime(2026, 11, 20, 12))
        _answer(session, person, "Nytt svar", dt.datetime(2026, 11, 30, 12))
    send_digests(engine, world.settings, report=lambda line: None)
    first = body_of(smtp_server.handler.to(GETS["medlem"])[0], "plain")
    assert "New answers to your input (1)" in first
    assert "Nytt svar (" in first and "Partly followed" in first and "Gammelt svar" not in first
    # Week 50: only what was decided after the last digest went out.
    with write_session(engine) as session, session.begin():
        _answer(session, person, "Svar etter oversikten", dt.datetime(2026, 12, 4, 9))
    set_now(monkeypatch, NOW + dt.timedelta(days=5))
    send_digests(engine, world.settings, report=lambda line: None)
    second = body_of(smtp_server.handler.to(GETS["medlem"])[1], "plain")
    assert "New answers to your input (1)" in second
    assert "Svar etter oversikten" in second and "Nytt svar" not in second
