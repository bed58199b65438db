"""Hostile names through the meeting pages' new paths (AppTest): every message the forfall, vara and habilitet
flows show after a step, and the calendar's download for one body, show the names as text."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.models import Body, Meeting, Person
from osloreg.ui.meetings.calendar import BODIES_KEY
from tests.pages.conftest import nb, ok, page_test, world, world_template  # noqa: F401 - fixtures
from tests.pages.test_meeting_forfall_page import _button, _by_label, _open, _report
from tests.pages.test_meeting_forfall_page import _world as forfall_world
from tests.reliability.hostile_pages import hostile_db, hostile_template, live_markup  # noqa: F401 - fixtures

HOSTILE_NAME = "Mari [klikk](javascript:alert(1)) <img src=x onerror=alert(1)> **fet**"
HOSTILE_VARA = "Vera [v](javascript:alert(2)) <script>alert(2)</script>"


def build_hostile_world(engine: Engine) -> None:
    """The forfall page's world with a hostile member (the `medlem` user) and a hostile first vara."""
    forfall_world(engine)
    with read_session(engine) as session:
        for old, new in (("Mari", HOSTILE_NAME), ("Vera", HOSTILE_VARA)):
            session.scalar(sa.select(Person).where(Person.name == old)).name = new
        session.commit()


WORLD = build_hostile_world


def _step(at, name: str, problems: list[str], shown: list[str]) -> None:
    ok(at)
    found, _carrying = live_markup(at)
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


def test_the_calendar_with_one_hostile_body_chosen_shows_its_name_as_text(hostile_db, figures):  # noqa: F811
    """The calendar's download button for one body carries the body's name in its label (markdown)."""
    with read_session(hostile_db) as session:
        body_id = session.scalar(sa.select(sa.func.min(Body.id)))
    at = page_test("pages/calendar.py", username="koordinator")
    at.session_state[BODIES_KEY] = [body_id]
    at.run()
    ok(at)
    found, carrying = live_markup(at)
    labels = [button.label for button in at.get("download_button") if "alert" in str(button.label)]
    figures.record(
        f"calendar, one hostile body chosen: {len(labels)} download labels naming it, {carrying} strings "
        f"showing hostile text, {len(found)} live links or raw HTML"
    )
    assert labels and found == [], (labels, found)
