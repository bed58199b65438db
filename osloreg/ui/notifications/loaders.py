"""Cached reads for the notification settings, keyed by the users area's data version."""

from __future__ import annotations

from osloreg.queries import digest, meetings
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("users")
def own_settings(user_id: int) -> digest.OwnSettings | None:
    with db_session() as session:
        return digest.own_settings(session, user_id=user_id)


@cached_read("directory", "meetings")
def feed_bodies() -> list[tuple[int, str]]:
    """The bodies a feed can follow: those of the calendar's own body filter."""
    with db_session() as session:
        return meetings.body_options(session)
