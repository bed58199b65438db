"""Hostile names through the forfall and habilitet flows of the meeting page (AppTest): every message the
flows show after a step (the flash, the tables, the vara offered) shows the names as text."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.models import Meeting, Person
from tests.pages.conftest import nb, ok, world, world_template  # noqa: F401 - fixtures
from tests.pages.test_meeting_forfall_page import _button, _by_label, _open, _report
from tests.pages.test_meeting_forfall_page import _world as forfall_world
from tests.reliability.test_hostile_text import _live_markup

HOSTILE_NAME = "Mari [klikk](javascript:alert(1)) <img src=x onerror=alert(1)> **fet**"
HOSTILE_VARA = "Vera [v](javascript:alert(2)) <script>alert(2)</script>"


def _hostile_world(engine: Engine) -> None:
    """The forfall page's world with a hostile member (the `medlem` user) and a hostile first vara."""
    forfall_world(engine)
    with read_session(engine) as session:
        for old, new in (("Mari", HOSTILE_NAME), ("Vera", HOSTILE_VARA)):
            session.scalar(sa.select(Person).where(Person.name == old)).name = new
        session.commit()


WORLD = _hostile_world


def _step(at, name: str, problems: list[str], shown: list[str]) -> None:
    ok(at)
    found, _carrying = _live_markup(at)
    problems += [f"{name}: {item}" for item in found]
    shown += [str(element.value) for element in at.success]


def test_forfall_vara_and_habilitet_messages_show_hostile_names_as_text(world, figures):  # noqa: F811
    with read_session(world) as session:
        meeting_id = session.scalar(sa.select(Meeting.id).where(Meeting.title == "Neste styremøte"))
    problems: list[str] = []
    shown: list[str] = []
    at = _open("medlem", meeting_id)
    _report(at, "Syk")
    _step(at, "forfall reported", problems, shown)
    at = _open("koordinator", meeting_id)
    _step(at, "the tab with a forfall", problems, shown)
    _button(at, nb("forfall.vara.call")).click()
    at.run()
    _step(at, "vara called", problems, shown)
    _button(at, nb("forfall.vara.accepted")).click()
    at.run()
    _step(at, "vara said yes", problems, shown)
    at = _open("medlem", meeting_id)
    items = _by_label(at.selectbox, nb("forfall.inhabil.item"))
    items.select_index(next(n for n, option in enumerate(items.options) if "Tilskudd" in option))
    _by_label(at.selectbox, nb("forfall.inhabil.ground")).set_value("fvl_6_1_e")
    _by_label(at.text_area, nb("field.habilitet_reason")).input("Styreleder i klyngen")
    _button(at, nb("forfall.inhabil.send")).click()
    at.run()
    _step(at, "inhabil declared", problems, shown)
    flashed = [text for text in shown if "javascript" in text]
    figures.record(
        f"forfall, vara and habilitet flows with hostile names: {len(shown)} messages after a step, "
        f"{len(flashed)} naming a hostile person, {len(problems)} live links or raw HTML"
    )
    assert len(flashed) >= 3, shown  # the check saw the names in the messages
    assert problems == [], problems
