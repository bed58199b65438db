"""Malformed ids in links (?project=², ?meeting=99999999999999999999, ?case=١, admin's entity_id=-1,
...) in AppTest: each page says in words that it found nothing, raises nothing, logs no traceback, and
never opens another record (an Arabic-Indic one is not record 1)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.ui.kit.tables import escape_markdown
from tests.factories import make_case, make_meeting, make_project
from tests.pages.conftest import ROLE_USERS, add_users, nb, page_test

# Values a link can carry that are not an id: Unicode digits (superscript two, Arabic-Indic one,
# full-width one), too large for any id column, zero, negative, words, empty, decimals, spaces, signs.
MALFORMED = [
    "²",
    "١",
    "１",
    "99999999999999999999",
    "2147483648",
    "-1",
    "0",
    "abc",
    "",
    "1.0",
    " 1",
    "1 ",
    "+1",
    "0x1",
    "1e3",
]
# Each page's link parameter, and the message its record's page gives when there is no such record.
PAGES = {
    "project": ("pages/pipeline.py", "project.gone"),
    "meeting": ("pages/calendar.py", "meeting.gone"),
    "case": ("pages/cases.py", "case.gone"),
}
TITLES = {"project": "Prosjektet som har id 1", "meeting": "Møtet som har id 1", "case": "Saken som har id 1"}


def _world(engine: Engine) -> None:
    """Record 1 of each kind (the id an Arabic-Indic or full-width "1" must not open)."""
    with read_session(engine) as session:
        project = make_project(session, title=TITLES["project"])
        meeting = make_meeting(session, title=TITLES["meeting"])
        case = make_case(session, title=TITLES["case"])
        assert (project.id, meeting.id, case.id) == (1, 1, 1)
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _texts(at) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "success", "error", "warning")
    return [str(element.value) for kind in kinds for element in at.get(kind)]


def _open(script: str, username: str, **query: str):
    at = page_test(script, username=username)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at


@pytest.mark.parametrize("value", MALFORMED, ids=repr)
@pytest.mark.parametrize("name", PAGES)
def test_a_malformed_id_in_a_link_says_not_found_in_words(world, caplog, name, value):
    script, gone = PAGES[name]
    caplog.set_level(logging.INFO)
    at = _open(script, "leser", **{name: value})
    assert not at.exception, [e.value for e in at.exception]
    assert [warning.value for warning in at.warning] == [nb(gone)]
    texts = _texts(at)
    assert nb("error.unexpected") not in texts
    assert not any(TITLES[name] in text for text in texts)  # neither record 1 nor the list
    assert not at.dataframe
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text


@pytest.mark.parametrize("name", PAGES)
def test_a_well_formed_id_still_opens_its_record_and_no_id_shows_the_list(world, name):
    script, gone = PAGES[name]
    at = _open(script, "leser", **{name: "1"})
    assert not at.exception and nb(gone) not in [warning.value for warning in at.warning]
    assert TITLES[name] in at.title[0].value
    listing = _open(script, "leser")
    assert not listing.exception and nb(gone) not in _texts(listing)


@pytest.mark.parametrize("value", MALFORMED, ids=repr)
def test_a_malformed_record_number_in_a_history_link_is_refused_in_words(world, caplog, value):
    caplog.set_level(logging.INFO)
    at = _open("pages/admin.py", "admin", entity="project", entity_id=value)
    assert not at.exception, [e.value for e in at.exception]
    expected = nb("audit_trail.history.bad_id", value=escape_markdown(value))
    assert [error.value for error in at.error] == [expected]
    assert not at.header and not at.dataframe  # no record's history, not even an empty one
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text
