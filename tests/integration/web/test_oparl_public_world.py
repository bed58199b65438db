"""The OParl API on the shared public world (tests/publication_world.py), SQLite and PostgreSQL: what the
public reads through the API is what the public view shows, and a token adds what a viewer reads (an
exempt document's title still not); every object reached is what OParl 1.1 asks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from osloreg.services.api_tokens import create_api_token
from osloreg.services.base import Actor
from tests.integration.web.oparl_client import API, get, read, walk
from tests.publication_world import (
    CLOSED_BASIS,
    CLOSED_CASE,
    CLOSED_DECISION,
    DRAFT_MINUTES,
    EXEMPT_BASIS,
    EXEMPT_DOCUMENT,
    GROUP_CASE,
    GROUP_MEETING_TITLE,
    HOSTILE_TITLE,
    OPEN_CASE,
    OPEN_DECISION,
    PLANNED_CASE,
    PUBLISHED_MINUTES,
    public_database,  # noqa: F401  (a fixture)
    public_web,  # noqa: F401  (a fixture)
)

NEVER_PUBLIC = (CLOSED_CASE, CLOSED_DECISION, EXEMPT_DOCUMENT, DRAFT_MINUTES, PLANNED_CASE, GROUP_CASE)


@pytest.fixture(scope="module")
def walked(public_web):  # noqa: F811
    return walk(public_web)


@pytest.fixture(scope="module")
def token(public_database) -> str:  # noqa: F811
    # The module's own copy of the world: one token row more changes nothing the other tests read.
    with Session(public_database.engine) as session:
        _row, text = create_api_token(session, actor=Actor(None, "test", frozenset({"admin"})), name="Test")
    return text


def test_the_public_reads_through_the_api_what_the_public_view_shows(walked):
    _seen, everything = walked
    text = everything.decode("utf-8")  # JSON as the API writes it: no escapes but quotes and backslashes
    for hidden in NEVER_PUBLIC:
        assert hidden not in text, hidden
    assert GROUP_MEETING_TITLE not in text
    for shown in (OPEN_CASE, OPEN_DECISION, PUBLISHED_MINUTES, HOSTILE_TITLE):
        assert shown in text, shown
    assert (
        f"Unntatt offentlighet ({CLOSED_BASIS})" in text and f"Unntatt offentlighet ({EXEMPT_BASIS})" in text
    )


def test_the_faggruppe_meeting_is_404_publicly_and_there_with_a_token(public_web, public_database, token):  # noqa: F811
    path = f"{API}/meeting/{public_database.world.group_meeting}"
    assert get(public_web, path).status == 404
    assert read(public_web, path, token)["name"] == GROUP_MEETING_TITLE


def test_with_a_token_every_object_is_still_oparl_and_exempt_titles_stay_out(public_web, token):  # noqa: F811
    _seen, everything = walk(public_web, token)
    text = everything.decode("utf-8")
    assert GROUP_MEETING_TITLE in text and CLOSED_CASE in text
    assert EXEMPT_DOCUMENT not in text
