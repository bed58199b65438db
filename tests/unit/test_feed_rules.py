"""The calendar feeds' rules: whose bodies "mine" follows on a day, when that last changed by itself, the
addresses, and when a conditional request is answered 304."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from osloreg.rules.feeds import Feed, Term, digest, last_turn, my_bodies, path, url
from osloreg.web.feeds import entity_tag, not_modified

TODAY = dt.date(2026, 12, 4)
MODIFIED = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
ETAG = '"abc"'


def term(body: int, start: dt.date | None, end: dt.date | None = None) -> Term:
    return Term(body, start, end)


def test_my_bodies_are_those_with_a_seat_today():
    terms = [
        term(1, dt.date(2020, 1, 1)),  # open-ended
        term(2, dt.date(2026, 1, 1), TODAY),  # ends today: still a member today
        term(3, dt.date(2020, 1, 1), TODAY - dt.timedelta(days=1)),  # ended yesterday
        term(4, TODAY + dt.timedelta(days=1)),  # starts tomorrow
        term(5, TODAY),  # starts today
        term(6, None),
        term(1, dt.date(2024, 1, 1)),  # two seats in one body (a new role): one body
    ]
    assert my_bodies(terms, TODAY) == (1, 2, 5, 6)
    assert my_bodies([], TODAY) == ()


def test_the_last_turn_is_the_latest_first_day_or_day_after_an_end_up_to_today():
    assert last_turn([term(1, dt.date(2020, 1, 1))], TODAY) == dt.date(2020, 1, 1)
    ended = term(1, dt.date(2020, 1, 1), TODAY - dt.timedelta(days=3))
    assert last_turn([ended], TODAY) == TODAY - dt.timedelta(days=2)
    assert last_turn([term(1, dt.date(2020, 1, 1), TODAY)], TODAY) == dt.date(2020, 1, 1)  # ends tonight
    assert last_turn([term(1, TODAY + dt.timedelta(days=1))], TODAY) is None  # not yet
    assert last_turn([term(1, TODAY)], TODAY) == TODAY
    assert last_turn([], TODAY) is None


def test_the_token_is_kept_as_its_sha256_and_the_addresses_carry_it():
    assert digest("abc") == hashlib.sha256(b"abc").hexdigest()
    assert path("tok", Feed.ALL) == "/feeds/tok/all.ics"
    assert path("tok", Feed.MINE) == "/feeds/tok/mine.ics"
    assert (
        url("https://kalender.example/", "tok", Feed.BODY, 12)
        == "https://kalender.example/feeds/tok/body/12.ics"
    )
    with pytest.raises(ValueError):
        path("tok", Feed.BODY)


def test_the_etag_is_strong_and_follows_the_bytes():
    assert entity_tag(b"a") == entity_tag(b"a") != entity_tag(b"b")
    assert entity_tag(b"a").startswith('"') and entity_tag(b"a").endswith('"')


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"if-none-match": ETAG}, True),
        ({"if-none-match": f'"x", {ETAG}'}, True),
        ({"if-none-match": f"W/{ETAG}"}, True),  # If-None-Match compares weakly
        ({"if-none-match": "*"}, True),
        ({"if-none-match": '"x"'}, False),
        ({"if-modified-since": "Tue, 01 Dec 2026 08:30:00 GMT"}, True),
        ({"if-modified-since": "Wed, 02 Dec 2026 00:00:00 GMT"}, True),
        ({"if-modified-since": "Tue, 01 Dec 2026 08:29:59 GMT"}, False),
        ({"if-modified-since": "yesterday"}, False),
        ({"if-none-match": '"x"', "if-modified-since": "Wed, 02 Dec 2026 00:00:00 GMT"}, False),
    ],
)
def test_a_conditional_request_is_not_modified_by_the_tag_first_then_the_date(headers, expected):
    assert not_modified(headers, etag=ETAG, modified=MODIFIED) is expected
