"""The focus ring's stylesheet is put into every page, logged in or not, by a script that carries our
own static CSS and nothing else: no markup, no request, no data (the browser side, that the ring shows
at every stop, is tests/browser/test_keyboard.py)."""

from __future__ import annotations

import json

import pytest

from osloreg.ui.kit.focus import KEY, STYLESHEET
from tests.pages.conftest import ok, page_test


@pytest.mark.parametrize(("script", "username"), [("app.py", None), ("pages/decisions.py", "direktor")])
def test_every_run_puts_the_ring_into_the_page_and_nothing_else(users, script, username):
    at = page_test(script, username=username)
    at.run()
    ok(at)
    (drawn,) = [element for element in at.sidebar.get("bidi_component") if element.key == KEY]
    proto = drawn.proto
    assert proto.html_content == "" and "http" not in proto.js_content
    assert json.dumps(STYLESHEET.read_text(encoding="utf-8")) in proto.js_content
    assert not json.loads(proto.json or "null")  # no data: nothing of anyone's reaches the script
