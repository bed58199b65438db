"""Cached reads of the search page, keyed by the query, who asks, and the data versions of every area."""

from __future__ import annotations

import datetime as dt

from osloreg.queries import search as queries
from osloreg.services.base import Actor
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


# Every area a record found can come from; "users" and "audit" hold nothing searched.
@cached_read("advice", "inputs", "projects", "meetings", "cases", "directory")
def search(
    text: str, roles: tuple[str, ...], person_id: int | None, day: dt.date, limit: int
) -> queries.SearchResults:
    """The first `limit` hits for what the user may see (who asks is part of the key)."""
    actor = Actor(user_id=None, username="search", roles=frozenset(roles), person_id=person_id)
    with db_session() as session:
        return queries.search(session, actor=actor, text=text, limit=limit, today=day)
