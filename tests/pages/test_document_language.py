"""The component that sets the document's language (`<html lang>`, for screen readers) is drawn on
every run of every page, logged in or not, with the session's language and nothing else; the browser
side (that Chromium's document takes it, and that it takes no room) is in
tests/browser/test_document_language.py."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.models import User
from osloreg.navigation import PAGES
from osloreg.services.base import Actor
from osloreg.services.users import set_own_language
from osloreg.ui import LANGUAGE_KEY, LANGUAGE_WIDGET
from osloreg.ui.kit.document_language import KEY
from tests.pages.conftest import PASSWORD, ok, page_test


def _sets(at) -> str:
    """The one language this run has the browser set, from the sidebar (whatever else is drawn there
    first: the component takes no room, see the browser test)."""
    ok(at)
    drawn = [element for element in at.get("bidi_component") if element.key == KEY]
    assert len(drawn) == 1 and KEY in [element.key for element in at.sidebar.get("bidi_component")]
    element = drawn[0].proto
    assert element.html_content == "" and "http" not in element.js_content  # no markup, no request
    told = json.loads(element.json)
    assert list(told) == ["lang"]  # the language and nothing else: no text of anyone's
    return told["lang"]


def _choose_english(at) -> None:
    at.sidebar.button_group(key=LANGUAGE_WIDGET).set_value("en")
    at.run()


def _back_to_bokmal(at) -> None:
    """AppTest formats the picked option outside the run, where the picker's labels are bokmål while
    the drawn ones are English, so a click on "Norwegian (bokmål)" cannot be played here; set the
    session's language as the click does (the browser test clicks it)."""
    at.session_state[LANGUAGE_KEY] = "nb"
    at.run()


def test_the_login_page_is_bokmal_and_english_once_chosen(users):
    at = page_test("app.py")
    at.run()
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]
    assert _sets(at) == "nb"
    _choose_english(at)
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    assert _sets(at) == "en"
    _back_to_bokmal(at)
    assert _sets(at) == "nb"


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_every_page_file_sets_it_before_login_too(users, spec):
    """A deep link on a fresh server runs the page file without app.py: its guard draws the sidebar."""
    at = page_test(spec.path)
    at.run()
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]
    assert _sets(at) == "nb"


def test_logged_in_it_follows_the_choice_on_every_run(users):
    at = page_test("pages/calendar.py", username="leser")
    at.run()
    assert _sets(at) == "nb"
    _choose_english(at)
    assert _sets(at) == "en"
    at.run()  # a rerun without a click keeps it
    assert _sets(at) == "en"
    _back_to_bokmal(at)
    assert _sets(at) == "nb"


def test_a_user_s_saved_english_sets_it_from_the_first_run(users, app_engine):
    with read_session(app_engine) as session:
        user = session.scalar(sa.select(User).where(User.username == "medlem"))
        actor = Actor.of(user)
    with read_session(app_engine) as session:
        set_own_language(session, actor=actor, language="en")
    at = page_test("app.py")
    at.run()
    at.text_input[0].input("medlem")
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    at.run()
    assert "Overview" in [title.value for title in at.title]
    assert _sets(at) == "en"
