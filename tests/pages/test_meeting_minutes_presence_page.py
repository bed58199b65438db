"""The meeting page's protokoll in AppTest: who met, the vara who met for a member, forfall, the member
inhabil in one case and the body not vedtaksfør there, in the protokoll's words; names from the data
shown as typed, never as markup."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.models import Meeting
from osloreg.ui.kit.tables import escape_markdown
from tests.integration.papers.presence_world import FIRST, NAMES, SECOND, build
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/calendar.py"
MINUTES_TAB = "Protokoll"
HOSTILE = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"
WORLD_NAMES = {**NAMES, "inhabil": f"Anne {HOSTILE}"}


def _world(engine: Engine) -> None:
    with read_session(engine) as session:
        build(session, names=WORLD_NAMES)
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world


def _open(engine: Engine, username: str):
    with read_session(engine) as session:
        meeting_id = session.scalar(sa.select(Meeting.id))
    at = page_test(PAGE, username=username)
    at.query_params["meeting"] = str(meeting_id)
    at.session_state["meeting_tab"] = MINUTES_TAB
    at.run()
    ok(at)
    return at


def _markdown(at) -> list[str]:
    return [str(element.value) for element in at.markdown]


def _shown(at) -> str:
    """The text as the reader sees it: markdown's escapes taken out."""
    return "\n".join(_markdown(at)).replace("\\", "")


def test_the_protokoll_shows_who_met_for_whom_and_who_left_the_case_as_inhabil(world):
    for username in ("leser", "koordinator"):
        at = _open(world, username)
        shown = _shown(at)
        assert "**Møtende varamedlemmer:** Vera Vik (Follo testkommune, møtte for Cecilie Cruz)" in shown
        assert "Dag Dahl (Lillestrøm testkommune, forlot møtet etter sak 12/24)" in shown
        assert "**Forfall:** Bjørn Berg (Bærum testkommune), Cecilie Cruz (Follo testkommune)" in shown
        assert f"Anne {HOSTILE} erklærte seg inhabil og fratrådte under behandlingen av saken" in shown
        assert "Organet var ikke vedtaksfør i saken: 1 av 4 medlemmer til stede" in shown
        assert "Møtet var ikke vedtaksfør i sak 13/24." in shown
        # Said once, under the second case only.
        assert shown.count("fratrådte under behandlingen") == 1
        assert shown.index(f"12/24 {FIRST}") < shown.index(f"13/24 {SECOND}") < shown.index("erklærte seg")


def test_a_hostile_name_is_shown_as_text_not_as_markup(world):
    at = _open(world, "leser")
    markdown = _markdown(at)
    inhabil = next(text for text in markdown if "erklærte seg inhabil" in text)
    assert inhabil.startswith(escape_markdown(f"Anne {HOSTILE}"))
    for text in markdown:
        assert "<script>" not in text and "**bold**" not in text and "](javascript" not in text
