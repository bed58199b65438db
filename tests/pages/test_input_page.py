"""The input page (Innspill) in AppTest: a member logs input, sees what became of it, edits and withdraws
it; other roles as the page allows them; hostile text shown as text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.enums import AdviceState, Outcome, UnitKind
from osloreg.models import AdviceInput, Input, User
from osloreg.services.base import Actor
from osloreg.services.inputs import edit_input
from tests.factories import (
    make_advice,
    make_body,
    make_decision,
    make_input,
    make_membership,
    make_person,
    make_project,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, page_test

PAGE = "pages/input.py"
HOSTILE = "<script>alert(1)</script> og [x](javascript:alert(1))"


def _world(engine: Engine) -> None:
    """A group with Kari (the user `medlem`) representing Oslo; earlier input of hers, one decided."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
        group = make_body(session, name="Faggruppe for næringssamarbeid")
        kari = make_person(session, name="Kari Medlem")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_project(session, title="Oslo Urban Week", body=group)
        make_project(session, title="Oslo Talent Pool", body=group)
        earlier = dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=30)
        decided = make_input(
            session, body=group, author=kari, unit=oslo, text="Tidligere innspill", created_at=earlier
        )
        advice = make_advice(session, body=group, state=AdviceState.SUBMITTED, title="Råd om talent")
        session.add(AdviceInput(advice_id=advice.id, input_id=decided.id))
        make_decision(
            session, advice=advice, outcome=Outcome.PARTLY_FOLLOWED, rationale="Delvis, av budsjetthensyn"
        )
        make_input(
            session,
            body=group,
            author=kari,
            unit=oslo,
            text="Åpent innspill",
            created_at=earlier + dt.timedelta(days=1),
        )
        make_input(session, body=group, author=kari, text=HOSTILE, created_at=earlier + dt.timedelta(days=2))
        session.commit()
        add_users(session, ROLE_USERS, {"medlem": kari.id})


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _run(username: str):
    at = page_test(PAGE, username=username)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "title", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _mine(at):
    """The "Mine innspill" table (the only table on the page) and its rows as shown."""
    table = at.dataframe[0]
    return table, table.value


def _select(at, text: str) -> None:
    table, rows = _mine(at)
    position = list(rows["text"]).index(text)
    at.session_state[table.key] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _by_key(widgets, prefix: str):
    return next(widget for widget in widgets if widget.key and widget.key.startswith(prefix))


def _edit_field(widgets, name: str):
    """A field of the form editing the selected input (keys input_edit_<id>_<name>[_<generation>])."""
    return next(w for w in widgets if w.key and re.fullmatch(rf"input_edit_\d+_{name}(_\d+)?", w.key))


def _unit_box(at):
    """The "På vegne av" box of a new input, and the names it offers."""
    box = _by_key(at.selectbox, "input_new_unit_")
    return box, list(box.options)


def _actor(engine: Engine, username: str) -> Actor:
    with read_session(engine) as session:
        return Actor.of(session.scalar(sa.select(User).where(User.username == username)))


def _log_input(at, *, search: str, project: str, text: str, link: str = "") -> None:
    at.text_input(key="input_new_search_project").input(search).run()
    picker = next(box for box in at.selectbox if box.key and box.key.startswith("input_new_subject_project"))
    choice = next(option for option in picker.options if option == project)
    picker.select(choice)
    at.text_area(key="input_new_text").input(text)
    at.text_input(key="input_new_link").input(link)
    next(button for button in at.button if button.label == "Send innspill").click()
    at.run()


def test_a_viewer_is_refused_and_sees_no_form(world):
    at = _run("leser")
    assert "Du har ikke tilgang til denne siden" in at.error[0].value
    assert not at.text_area and not at.dataframe and not at.main.button


@pytest.mark.parametrize("username", ["direktor", "koordinator", "admin"])
def test_roles_without_a_person_are_told_why_they_cannot_log_input(world, username):
    at = _run(username)
    assert "ikke koblet til en person" in at.info[0].value
    assert not at.text_area


def test_a_member_logs_input_in_a_few_steps_and_sees_it_under_my_input(world):
    at = _run("medlem")
    # One group: preselected; the unit defaults to the one she represents there.
    assert at.selectbox(key="input_body").value is not None
    unit_box = next(box for box in at.selectbox if box.key and box.key.startswith("input_new_unit_"))
    assert unit_box.format_func(unit_box.value) == "Oslo kommune"
    _log_input(at, search="urban", project="Oslo Urban Week", text="Bruk **Oslo Urban Week** mer")
    assert not at.exception
    assert "Takk! Innspillet er registrert." in [s.value for s in at.success]
    assert at.text_area(key="input_new_text").value == ""  # a clean form for the next one
    _, rows = _mine(at)
    assert rows["text"][0] == "Bruk **Oslo Urban Week** mer"
    assert rows["subject"][0] == "Oslo Urban Week" and rows["state"][0] == "Ikke behandlet ennå"
    with read_session(world) as session:
        saved = session.scalar(sa.select(Input).order_by(Input.id.desc()))
        assert saved.text == "Bruk **Oslo Urban Week** mer" and saved.unit.name == "Oslo kommune"


def test_a_coordinator_with_a_person_gives_input_on_a_policy_matter_to_a_group_they_are_not_in(world):
    with read_session(world) as session:
        kim = make_person(session, name="Kim Koordinator")
        session.execute(sa.update(User).where(User.username == "koordinator").values(person_id=kim.id))
        session.commit()
    at = _run("koordinator")
    at.selectbox(key="input_body").select("Faggruppe for næringssamarbeid")
    at.segmented_control(key="input_subject_type").set_value("policy").run()
    _by_key(at.selectbox, "input_new_topic_").select("Næringspolitikk")  # a topic used before
    at.text_area(key="input_new_text").input("Et innspill fra sekretariatet")
    next(button for button in at.button if button.label == "Send innspill").click()
    at.run()
    assert "Takk! Innspillet er registrert." in [s.value for s in at.success], _texts(at)
    with read_session(world) as session:
        saved = session.scalar(sa.select(Input).order_by(Input.id.desc()))
        assert (saved.policy_topic, saved.author_person_id, saved.unit_id) == (
            "Næringspolitikk",
            kim.id,
            None,
        )


def test_a_member_is_offered_only_the_unit_they_represent_and_the_coordinator_every_unit(world):
    at = _run("medlem")
    box, names = _unit_box(at)
    assert names == ["Meg selv (ingen enhet)", "Oslo kommune"]  # not Follorådet
    assert box.format_func(box.value) == "Oslo kommune"  # chosen for her: the one she represents
    _select(at, "Åpent innspill")
    assert list(_edit_field(at.selectbox, "unit_id").options) == ["Meg selv (ingen enhet)", "Oslo kommune"]

    with read_session(world) as session:
        kim = make_person(session, name="Kim Koordinator")
        session.execute(sa.update(User).where(User.username == "koordinator").values(person_id=kim.id))
        session.commit()
    at = _run("koordinator")
    at.selectbox(key="input_body").select("Faggruppe for næringssamarbeid").run()
    box, names = _unit_box(at)
    assert names == ["Meg selv (ingen enhet)", "Follorådet", "Oslo kommune"]
    assert box.value is None  # she represents none: nothing is chosen for her


def test_a_refused_save_keeps_what_was_typed(world):
    at = _run("medlem")
    _log_input(
        at, search="urban", project="Oslo Urban Week", text="Et viktig innspill", link="javascript:alert(1)"
    )
    assert at.error, "the bad link is refused"
    assert at.text_area(key="input_new_text").value == "Et viktig innspill"
    with read_session(world) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Input)) == 3


def test_a_member_sees_the_outcome_and_rationale_of_decided_input(world):
    at = _run("medlem")
    _, rows = _mine(at)
    decided = rows[rows["text"] == "Tidligere innspill"].iloc[0]
    assert decided["state"] == "Besluttet" and decided["result"] == "Delvis fulgt"
    assert decided["rationale"] == "Delvis, av budsjetthensyn"
    _select(at, "Tidligere innspill")
    texts = _texts(at)
    assert "Delvis fulgt" in texts and "Delvis, av budsjetthensyn" in texts and "låst" in texts
    assert not [button for button in at.button if button.label == "Lagre endringene"]


def test_a_member_edits_own_input_and_a_concurrent_change_is_a_conflict_that_keeps_the_text(world):
    at = _run("medlem")
    _select(at, "Åpent innspill")
    editor = _edit_field(at.text_area, "text")
    editor.input("Åpent innspill, utdypet")
    next(button for button in at.button if button.label == "Lagre endringene").click()
    at.run()
    assert "Endringene er lagret." in [s.value for s in at.success]
    with read_session(world) as session:
        row = session.scalar(sa.select(Input).where(Input.text == "Åpent innspill, utdypet"))
        assert row is not None and row.unit.name == "Oslo kommune"  # the unit is kept
        input_id, version = row.id, row.version

    _select(at, "Åpent innspill, utdypet")
    editor = _edit_field(at.text_area, "text")
    editor.input("Min tredje versjon")
    with read_session(world) as session:  # meanwhile, in another tab
        edit_input(
            session,
            actor=_actor(world, "medlem"),
            input_id=input_id,
            expected_version=version,
            text="Endret i en annen fane",
        )
    next(button for button in at.button if button.label == "Lagre endringene").click()
    at.run()
    assert not at.exception
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    assert "Innspill" in "\n".join(w.value for w in at.warning)  # which field changed
    editor = _edit_field(at.text_area, "text")
    assert editor.value == "Min tredje versjon"
    next(button for button in at.button if button.label == "Lagre endringene").click()
    at.run()
    assert "Endringene er lagret." in [s.value for s in at.success]
    with read_session(world) as session:
        assert session.get(Input, input_id).text == "Min tredje versjon"


def test_a_member_withdraws_own_input(world):
    at = _run("medlem")
    _select(at, "Åpent innspill")
    next(box for box in at.checkbox if box.key and box.key.startswith("input_withdraw_confirm_")).check()
    at.run()
    next(button for button in at.button if button.label == "Trekk tilbake").click()
    at.run()
    assert "Innspillet er trukket tilbake." in [s.value for s in at.success]
    _, rows = _mine(at)
    assert rows[rows["text"] == "Åpent innspill"].iloc[0]["state"] == "Trukket"


def test_hostile_text_is_shown_as_text(world):
    at = _run("medlem")
    _select(at, HOSTILE)
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown, "the text is shown"
    for value in shown:
        assert "<script" not in value and "](javascript" not in value.replace("\\", "")


def test_the_page_in_english(world):
    at = _run("medlem")
    at.sidebar.segmented_control(key="osloreg_language_choice").set_value("en")
    at.run()
    assert not at.exception
    assert [h.value for h in at.header] == ["New input", "My input"]
