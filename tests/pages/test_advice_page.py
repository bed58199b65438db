"""The advice page (Råd) in AppTest: who may compose advice, input completeness, drafting, submitting
and withdrawing; hostile text shown as text."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import clock
from osloreg.db import read_session
from osloreg.enums import AdviceState, MembershipRole, UnitKind
from osloreg.models import Advice, StrategyArea, StrategyPeriod, StrategyPoint, User
from osloreg.services.advice import update_advice
from osloreg.services.base import Actor
from tests.factories import (
    make_advice,
    make_body,
    make_input,
    make_membership,
    make_person,
    make_project,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, page_test

PAGE = "pages/advice.py"
GROUP = "Faggruppe for næringssamarbeid"
OTHER_GROUP = "Faggruppe for areal og transport"
HOSTILE = "<script>alert(1)</script> og [x](javascript:alert(1))"


def _world(engine: Engine) -> None:
    """Two groups; Kari (`medlem`) a member and Lars (`leder`) the leader of the first; input from
    two of its four expected units on a project; a strategy point; advice in both groups."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        follo = make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
        make_unit(session, name="Romerike", kind=UnitKind.SUB_REGION)
        make_unit(session, name="Akershus fylkeskommune", kind=UnitKind.COUNTY)
        group = make_body(session, name=GROUP)
        other = make_body(session, name=OTHER_GROUP)
        kari = make_person(session, name="Kari Medlem")
        lars = make_person(session, name="Lars Leder")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_membership(session, person=lars, body=group, represents=follo, role=MembershipRole.LEADER)
        make_membership(session, person=kari, body=other, represents=oslo)
        project = make_project(session, title="Oslo Urban Week", body=group)
        make_input(session, body=group, author=kari, unit=oslo, subject=project, text="Satse på byfestivalen")
        make_input(session, body=group, author=lars, unit=follo, subject=project, text="Ta med Follo")
        make_input(
            session, body=group, author=kari, unit=oslo, subject="Næringspolitikk", text="Om politikken"
        )
        make_advice(session, body=other, title="Utkast om transport")
        make_advice(
            session, body=group, state=AdviceState.SUBMITTED, title="Innsendt råd", recommendation=HOSTILE
        )
        period = StrategyPeriod(name="Strategi 2021–2024", start_year=2021, end_year=2024)
        area = StrategyArea(period=period, number=3, name="Konkurransekraft og attraktivitet")
        session.add(StrategyPoint(area=area, number=2, text="Tiltrekke og beholde talent"))
        session.commit()
        people = {"medlem": kari.id, "leder": lars.id}
        add_users(session, {**ROLE_USERS, "leder": "member"}, people)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _run(username: str):
    at = page_test(PAGE, username=username)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _by_key(widgets, prefix: str):
    return next(widget for widget in widgets if widget.key and widget.key.startswith(prefix))


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _select_advice(at, title: str) -> None:
    table = at.dataframe[0]
    position = list(table.value["title"]).index(title)
    at.session_state[table.key] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _pick_subject(at, group: str = GROUP) -> None:
    box = at.selectbox(key="advice_body")
    box.select(next(value for value in box.options if value == group)).run()
    at.text_input(key="advice_new_search_project").input("urban").run()
    picker = _by_key(at.selectbox, "advice_new_subject_project")
    picker.select("Oslo Urban Week").run()
    assert not at.exception, [e.value for e in at.exception]


def _compose(at, *, title: str, recommendation: str, inputs: int = 2, points: int = 1) -> None:
    """Fill in the advice form; the first `inputs` inputs and `points` strategy points (by label)."""
    next(box for box in at.text_input if box.key and box.key.endswith("_title")).input(title)
    next(area for area in at.text_area if area.key and area.key.endswith("_recommendation")).input(
        recommendation
    )
    target = next(field for field in at.date_input if field.key and field.key.endswith("_target_date"))
    target.set_value(clock.oslo_today() + dt.timedelta(days=14))
    for suffix, count in (("_input_ids", inputs), ("_point_ids", points)):
        chooser = next(m for m in at.multiselect if m.key and m.key.endswith(suffix))
        chooser.set_value(chooser.options[:count])


def test_a_viewer_and_the_director_are_refused(world):
    for username in ("leser", "direktor"):
        at = _run(username)
        assert "Du har ikke tilgang til denne siden" in at.error[0].value
        assert not at.text_area and not at.dataframe and not at.main.button


def test_a_plain_member_is_told_who_composes_advice_and_sees_no_form(world):
    at = _run("medlem")
    assert "leder eller nestleder" in at.info[0].value
    assert not at.text_area and not at.dataframe and not at.selectbox


def test_a_group_leader_works_only_on_the_group_they_lead(world):
    at = _run("leder")
    assert list(at.dataframe[0].value["title"]) == ["Innsendt råd"]  # not the other group's draft
    assert at.selectbox(key="advice_body").options == [GROUP]


def test_a_coordinator_sees_the_input_and_its_completeness_then_composes_and_submits(world):
    at = _run("koordinator")
    assert set(at.dataframe[0].value["title"]) == {"Innsendt råd", "Utkast om transport"}
    _pick_subject(at)
    texts = _texts(at)
    assert "**2 av 4** forventede enheter har gitt innspill." in texts
    assert "Ikke gitt innspill: Romerike, Akershus fylkeskommune." in texts
    assert set(at.dataframe[1].value["text"]) == {"Satse på byfestivalen", "Ta med Follo"}
    _compose(at, title="Råd om Oslo Urban Week", recommendation="Faggruppen anbefaler å *satse*.")
    _button(at, "Send til direktøren").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Rådet er sendt til direktøren." in [s.value for s in at.success], _texts(at)
    with read_session(world) as session:
        advice = session.scalar(sa.select(Advice).where(Advice.title == "Råd om Oslo Urban Week"))
        assert advice.state == AdviceState.SUBMITTED and advice.submitted_at is not None
        assert len(advice.inputs) == 2 and len(advice.points) == 1
        assert advice.target_date == clock.oslo_today() + dt.timedelta(days=14)


def test_advice_on_a_policy_matter_finds_the_input_by_a_topic_used_before(world):
    at = _run("leder")
    at.segmented_control(key="advice_subject_type").set_value("policy").run()
    # The list of matters has a name of its own: not the subject type's, which a screen reader (and a
    # browser test) would take for the same control.
    topics = _by_key(at.selectbox, "advice_new_topic_")
    assert topics.label == "Hvilken interessepolitisk sak"
    assert topics.label not in at.segmented_control(key="advice_subject_type").options
    topics.select("Næringspolitikk").run()
    assert list(at.dataframe[1].value["text"]) == ["Om politikken"]
    assert "**1 av 4** forventede enheter har gitt innspill." in _texts(at)


def test_a_draft_is_saved_edited_and_then_submitted(world):
    at = _run("koordinator")
    _pick_subject(at)
    _compose(at, title="Første utkast", recommendation="Vi anbefaler noe.", inputs=1, points=0)
    _button(at, "Lagre utkast").click()
    at.run()
    assert "Utkastet er lagret." in [s.value for s in at.success]
    _select_advice(at, "Første utkast")
    assert "Råd: Første utkast" in [h.value for h in at.header]
    next(box for box in at.text_input if box.key and box.key.endswith("_title")).input("Andre utkast")
    _button(at, "Lagre utkast").click()
    at.run()
    assert "Utkastet er lagret." in [s.value for s in at.success], _texts(at)
    _select_advice(at, "Andre utkast")
    _button(at, "Send til direktøren").click()  # unchanged: submitted as it stands
    at.run()
    assert "Rådet er sendt til direktøren." in [s.value for s in at.success], _texts(at)
    with read_session(world) as session:
        advice = session.scalar(sa.select(Advice).where(Advice.title == "Andre utkast"))
        assert advice.state == AdviceState.SUBMITTED and len(advice.inputs) == 1


def test_a_draft_changed_meanwhile_is_a_conflict_that_keeps_what_was_typed(world):
    at = _run("koordinator")
    _select_advice(at, "Utkast om transport")
    title = next(box for box in at.text_input if box.key and box.key.endswith("_title"))
    title.input("Min tittel")
    with read_session(world) as session:  # a colleague saves the same draft first
        advice = session.scalar(sa.select(Advice).where(Advice.title == "Utkast om transport"))
        coordinator = Actor.of(session.scalar(sa.select(User).where(User.username == "koordinator")))
        advice_id, version, recommendation = advice.id, advice.version, advice.recommendation
    with read_session(world) as session:
        update_advice(
            session,
            actor=coordinator,
            advice_id=advice_id,
            expected_version=version,
            title="Kollegaens tittel",
            recommendation=recommendation,
        )
    _button(at, "Lagre utkast").click()
    at.run()
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    assert "Tittel" in "\n".join(w.value for w in at.warning)
    assert next(box for box in at.text_input if box.key and box.key.endswith("_title")).value == "Min tittel"
    _button(at, "Lagre utkast").click()  # reviewed: save over it
    at.run()
    assert "Utkastet er lagret." in [s.value for s in at.success], _texts(at)
    with read_session(world) as session:
        assert session.get(Advice, advice_id).title == "Min tittel"


def test_a_refused_save_shows_why_and_keeps_the_form(world):
    at = _run("koordinator")
    _pick_subject(at)
    _compose(at, title="", recommendation="En anbefaling uten tittel.")
    _button(at, "Lagre utkast").click()
    at.run()
    assert at.error and not at.success
    assert next(a for a in at.text_area if a.key and a.key.endswith("_recommendation")).value == (
        "En anbefaling uten tittel."
    )
    with read_session(world) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Advice)) == 2


def test_a_coordinator_withdraws_a_draft(world):
    at = _run("koordinator")
    _select_advice(at, "Utkast om transport")
    _by_key(at.checkbox, "advice_withdraw_confirm_").check()
    at.run()
    _button(at, "Trekk tilbake").click()
    at.run()
    assert "Rådet er trukket tilbake." in [s.value for s in at.success]
    assert "Utkast om transport" not in set(at.dataframe[0].value["title"])
    with read_session(world) as session:
        state = session.scalar(sa.select(Advice.state).where(Advice.title == "Utkast om transport"))
        assert state == AdviceState.WITHDRAWN


def test_submitted_advice_is_shown_read_only_with_hostile_text_as_text(world):
    at = _run("koordinator")
    _select_advice(at, "Innsendt råd")
    assert not [button for button in at.button if button.label == "Lagre utkast"]
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown
    for value in shown:
        assert "<script" not in value and "](javascript" not in value.replace("\\", "")
