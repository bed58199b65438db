"""Calendar feeds to subscribe to: the token's digest, the feeds' addresses, the bodies "mine" follows."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# The most events one feed holds (the latest): a decade of every body's meetings at today's pace is a
# few hundred; a calendar program that polls every hour should not fetch megabytes.
MAX_EVENTS = 2_000
# A token in a path is secrets.token_urlsafe(32): 43 characters. Anything far longer is no token.
TOKEN_MAX = 100


class Feed(StrEnum):
    ALL = "all"
    MINE = "mine"
    BODY = "body"


def digest(token: str) -> str:
    """What the users table keeps of a feed token: its SHA-256 in hex. A token is 256 random bits, so
    its digest can be looked up as it is (no salt, no slow hash, no guessing the preimage)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def path(token: str, feed: Feed, body_id: int | None = None) -> str:
    """The feed's path on the web app: /feeds/<token>/all.ics, /mine.ics, /body/<id>.ics."""
    if feed == Feed.BODY:
        if body_id is None:
            raise ValueError("a body's feed needs the body")
        return f"/feeds/{token}/body/{int(body_id)}.ics"
    return f"/feeds/{token}/{feed.value}.ics"


def url(web_url: str, token: str, feed: Feed, body_id: int | None = None) -> str:
    return web_url.rstrip("/") + path(token, feed, body_id)


@dataclass(frozen=True)
class Term:
    """A membership as the "mine" feed reads it: any role counts (my_bodies)."""

    body_id: int
    start_on: dt.date | None
    end_on: dt.date | None


def _current(term: Term, today: dt.date) -> bool:
    return (term.start_on is None or term.start_on <= today) and (term.end_on is None or term.end_on >= today)


def my_bodies(terms: Iterable[Term], today: dt.date) -> tuple[int, ...]:
    """The bodies where the person holds a seat today, whatever its role, by id. A vara's too: a vara is
    called in at short notice and needs the dates. And a secretary's: the secretary (the director, for
    styret) is at every meeting, though the overview's "your next meetings" leaves them out, since
    it is about sending forfall."""
    return tuple(sorted({term.body_id for term in terms if _current(term, today)}))


def last_turn(terms: Iterable[Term], today: dt.date) -> dt.date | None:
    """The latest day, up to today, on which the bodies of `my_bodies` may have changed without a write:
    a term's first day or the day after its last. A feed's Last-Modified is never older than it."""
    days = []
    for term in terms:
        if term.start_on is not None and term.start_on <= today:
            days.append(term.start_on)
        if term.end_on is not None and term.end_on + dt.timedelta(days=1) <= today:
            days.append(term.end_on + dt.timedelta(days=1))
    return max(days, default=None)
