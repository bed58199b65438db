"""The cases page (Saker) in AppTest: the list, found by "48/20" or title and filtered by year; a case
opened from it with its path, where it is now and its decision; the stalled cases; the coordinator
registers a case with its path, edits it (with the conflict case), plans and removes a step; members
and viewers read only; hostile text; English."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import BodyKind, CaseLinkKind, ConsultationResult, ConsultationRole, MeetingStatus
from osloreg.models import Case, CaseNumber, Consultation, User
from osloreg.queries.cases import case_detail
from osloreg.services.base import Actor
from osloreg.services.cases import update_case
from tests.factories import make_body, make_case, make_consultation, make_meeting, make_person
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/cases.py"
GROUP = "Faggruppe for næringssamarbeid"
COORDINATION = "Administrativ koordineringsgruppe"
BOARD = "Styret"
MANDATE = "Revidert mandat for faggruppe for næringssamarbeid"
HOSTILE = "<script>alert(1)</script> og [klikk](javascript:alert(1))"
HOSTILE_ESCAPED = "\\<script\\>alert\\(1\\)\\</script\\> og \\[klikk\\]\\(javascript\\:alert\\(1\\)\\)"
YEAR = today().year
YY = f"{YEAR % 100:02d}"


def _ago(weeks: int) -> dt.date:
    return today() - dt.timedelta(weeks=weeks)


def _world(engine: Engine) -> None:
    """Case 48/20 on its real path (group, coordination group, the board deciding) with its decision;
    this year: 1/YY treated 12 weeks ago and waiting for the board (stalled), 2/YY sent back 10 weeks
    ago with nothing planned (stalled), 3/YY new with hostile text; last year: 7 planned for next month."""
    with read_session(engine) as session:
        group = make_body(session, name=GROUP)
        coordination = make_body(session, name=COORDINATION, kind=BodyKind.COORDINATION_GROUP)
        board = make_body(session, name=BOARD, kind=BodyKind.BOARD)
        kari = make_person(session, name="Kari Saksbehandler")
        make_person(session, name="Ola Nordmann")
        mandate = make_case(
            session,
            year=2020,
            number=48,
            title=MANDATE,
            officer=kari,
            created_at=dt.datetime(2020, 8, 1, 9),
            proposed_decision="Styret vedtar det reviderte mandatet.",
            final_decision="Styret vedtok mandatet med endringene fra faggruppen.",
            numbered_by=board,
        )
        held = make_meeting(
            session, body=group, starts_at=dt.datetime(2020, 8, 18, 9), status=MeetingStatus.HELD
        )
        make_consultation(
            session,
            case=mandate,
            body=group,
            meeting=held,
            treated_on=dt.date(2020, 8, 18),
            result=ConsultationResult.ENDORSED_WITH_CHANGES,
        )
        make_consultation(
            session, case=mandate, body=coordination, treated_on=dt.date(2020, 8, 25), result="noted"
        )
        make_consultation(
            session,
            case=mandate,
            body=board,
            role=ConsultationRole.DECISION,
            authoritative=True,
            treated_on=dt.date(2020, 9, 11),
            result=ConsultationResult.ENDORSED,
        )
        long_ago = dt.datetime.combine(_ago(20), dt.time(9))
        plan = make_case(
            session,
            year=YEAR,
            number=1,
            title="Handlingsplan for næringssamarbeid",
            officer=kari,
            created_at=long_ago,
            numbered_by=board,
        )
        make_consultation(
            session, case=plan, body=group, treated_on=_ago(12), result=ConsultationResult.ENDORSED
        )
        make_consultation(
            session,
            case=plan,
            body=board,
            role=ConsultationRole.DECISION,
            authoritative=True,
            planned_on=today() + dt.timedelta(days=14),
        )
        returned = make_case(
            session,
            year=YEAR,
            number=2,
            title="Felles næringsarealstrategi",
            created_at=long_ago,
            numbered_by=coordination,
        )
        make_consultation(
            session, case=returned, body=coordination, treated_on=_ago(10), result=ConsultationResult.RETURNED
        )
        make_case(session, year=YEAR, number=3, title=HOSTILE, proposed_decision=HOSTILE, numbered_by=board)
        later = make_case(
            session, year=YEAR - 1, number=7, title="Regional kompetansestrategi", numbered_by=group
        )
        make_consultation(session, case=later, body=group, planned_on=today() + dt.timedelta(days=30))
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


# --- Helpers ----------------------------------------------------------------------------------------


def _run(username: str, case: int | None = None, language: str | None = None):
    at = page_test(PAGE, username=username)
    if case is not None:
        at.query_params["case"] = str(case)
    if language is not None:
        at.session_state["language"] = language
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _click(at, label: str) -> None:
    _button(at, label).click()
    at.run()
    ok(at)


def _tab(at, key: str, label: str) -> None:
    at.session_state[key] = label
    at.run()
    ok(at)


def _tabs(at) -> list[str]:
    return [tab.label for tab in at.tabs]


def _case(engine: Engine, number: int, year: int = YEAR) -> Case | None:
    """The case holding number/year in some body's series."""
    with read_session(engine) as session:
        return session.scalar(
            sa.select(Case)
            .join(CaseNumber, CaseNumber.case_id == Case.id)
            .where(CaseNumber.number == number, CaseNumber.year == year)
        )


def _case_id(engine: Engine, number: int, year: int = YEAR) -> int:
    return _case(engine, number, year).id


def _listed(at) -> list[str]:
    return list(at.dataframe[0].value["case"])


def _select(at, label: str) -> None:
    table = at.dataframe[0]
    position = list(table.value["case"]).index(label)
    at.session_state[table.key] = {"selection": {"rows": [position], "columns": [], "cells": []}}
    at.run()
    ok(at)


def _path(at):
    return next(frame.value for frame in at.dataframe if "step" in frame.value.columns)


# --- The list ---------------------------------------------------------------------------------------


def test_the_list_shows_where_each_case_is_and_only_coordinators_may_register(world):
    at = _run("koordinator")
    assert at.title[0].value == "Saker"
    assert _tabs(at) == ["Saker", "Står stille", "Ny sak"]
    assert "Saker (5)" in _texts(at)
    assert _listed(at) == [f"3/{YY}", f"2/{YY}", f"1/{YY}", f"7/{(YEAR - 1) % 100:02d}", "48/20"]
    frame = at.dataframe[0].value.set_index("case")
    assert frame.loc["48/20", "state_text"] == "Vedtatt"
    assert frame.loc["48/20", "last"] == "Styret 11.09.2020: vedtatt"  # the vedtaksorgan's word
    assert frame.loc["48/20", "officer_text"] == "Kari Saksbehandler"
    assert frame.loc[f"1/{YY}", "next"].startswith("Styret ")
    assert frame.loc[f"2/{YY}", "state_text"] == "Må settes opp på nytt"
    assert frame.loc[f"3/{YY}", "state_text"] == "Ny"
    viewer = _run("leser")
    assert _tabs(viewer) == ["Saker", "Står stille"]
    assert "koordinatorer registrerer og endrer saker" in _texts(viewer)


def test_a_case_is_found_by_its_number_or_title_and_the_list_filtered_by_year(world):
    at = _run("medlem")
    at.text_input(key="cases_f_search").input("48/20").run()
    assert _listed(at) == ["48/20"] and "Saker (1)" in _texts(at)
    at.text_input(key="cases_f_search").input("NÆRINGSAREAL").run()
    assert _listed(at) == [f"2/{YY}"]
    at.text_input(key="cases_f_search").input("48").run()
    assert _listed(at) == ["48/20"]
    at.text_input(key="cases_f_search").input("99/20").run()
    assert not at.dataframe and "Ingen saker passer søket." in _texts(at)
    at.text_input(key="cases_f_search").input("").run()
    at.selectbox(key="cases_f_year").select("2020").run()
    assert _listed(at) == ["48/20"]
    at.selectbox(key="cases_f_year").select(str(YEAR)).run()
    assert _listed(at) == [f"3/{YY}", f"2/{YY}", f"1/{YY}"]


# --- One case ---------------------------------------------------------------------------------------


def test_a_case_opened_from_the_list_shows_its_path_and_its_decision_and_back_keeps_the_filter(world):
    at = _run("medlem")
    at.selectbox(key="cases_f_year").select("2020").run()
    _select(at, "48/20")
    assert at.query_params["case"] == str(_case_id(world, 48, 2020))
    assert at.title[0].value == f"48/20 {MANDATE}"
    texts = _texts(at)
    assert "saksansvarlig: Kari Saksbehandler" in texts
    assert "**Status**: Vedtatt" in texts
    assert "Sist behandlet: Styret 11\\.09\\.2020\\: vedtatt" in texts
    assert not at.warning  # decided: not stalled
    path = _path(at)
    assert list(path["step"]) == ["✓ Behandlet"] * 3
    assert list(path["body"]) == [GROUP, COORDINATION, BOARD]
    assert list(path["authoritative"]) == [False, False, True]
    assert list(path["result_words"]) == [
        "sluttet seg til med endringer",
        "tatt til orientering",
        "vedtatt",
    ]
    assert list(path["treated"]) == ["18.08.2020", "25.08.2020", "11.09.2020"]
    assert path["meeting_text"][0] == f"18.08.2020 {GROUP}"
    assert "✓ Styret (vedtaksorgan)" in texts
    _tab(at, "case_tab", "Vedtak")
    texts = _texts(at)
    assert "Styret vedtok mandatet med endringene fra faggruppen." in texts
    assert "Styret vedtar det reviderte mandatet." in texts
    _click(at, "Tilbake til sakene")
    assert "case" not in at.query_params
    assert _listed(at) == ["48/20"]  # the year filter is kept


def test_the_stalled_cases_are_listed_for_everyone_and_warned_about_on_the_case(world):
    at = _run("leser")
    _tab(at, "cases_tab", "Står stille")
    texts = _texts(at)
    assert "Saker som står stille (2)" in texts
    assert "ikke er behandlet på 8 uker selv om en ny behandling er planlagt" in texts
    frame = at.dataframe[0].value
    assert list(frame["case"]) == [f"1/{YY}", f"2/{YY}"]  # longest idle first
    assert list(frame["weeks_idle"]) == [12, 10]
    _select(at, f"1/{YY}")
    assert at.title[0].value == f"1/{YY} Handlingsplan for næringssamarbeid"
    assert any("Saken står stille" in warning.value for warning in at.warning)
    assert list(_path(at)["step"]) == ["✓ Behandlet", "▶ Neste"]
    assert "**Status**: Under behandling" in _texts(at)
    _click(at, "Tilbake til sakene")
    assert "Saker som står stille (2)" in _texts(at)  # back on the tab it was opened from


def test_a_case_that_does_not_exist_says_so(world):
    at = _run("leser", case=99999)
    assert "Fant ikke saken" in _texts(at) and not at.dataframe


def test_members_and_viewers_see_no_editors(world):
    for username in ("medlem", "leser"):
        at = _run(username, case=_case_id(world, 1))
        assert _tabs(at) == ["Saksgang", "Vedtak", "Endringslogg"]
        assert not at.expander and not at.main.text_input and not at.text_area
        assert [button.label for button in at.main.button] == ["Tilbake til sakene"]
        assert "koordinatorer endrer saken" in _texts(at)


def test_hostile_text_in_a_title_and_a_proposed_decision_is_shown_as_text(world):
    at = _run("leser", case=_case_id(world, 3))
    # Every markdown character of the title is escaped: shown as typed, never as HTML or a link.
    assert at.title[0].value == f"3/{YY} " + HOSTILE_ESCAPED
    _tab(at, "case_tab", "Vedtak")
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown
    for value in shown:
        assert "<script" not in value and "](javascript" not in value.replace("\\", "")


def test_the_page_speaks_english_when_asked(world):
    at = _run("leser", language="en")
    assert at.title[0].value == "Cases" and _tabs(at) == ["Cases", "Stalled"]
    frame = at.dataframe[0].value.set_index("case")
    assert frame.loc["48/20", "state_text"] == "Decided"
    assert frame.loc["48/20", "last"] == "Styret 11/09/2020: adopted"
    at = _run("leser", case=_case_id(world, 2), language="en")
    assert "**Status**: To be scheduled again" in _texts(at)
    assert list(_path(at)["step"]) == ["✓ Considered"]


# --- Coordinators' editors ---------------------------------------------------------------------------


def _body_id(engine: Engine, name: str) -> int:
    from osloreg.models import Body

    with read_session(engine) as session:
        return session.scalar(sa.select(Body.id).where(Body.name == name))


def _titled(engine: Engine, title: str) -> Case | None:
    with read_session(engine) as session:
        return session.scalar(sa.select(Case).where(Case.title == title))


def test_a_coordinator_registers_a_case_with_its_path_and_it_waits_for_a_body_to_number_it(world):
    at = _run("koordinator")
    _tab(at, "cases_tab", "Ny sak")
    assert at.number_input(key="case_new_year").value == YEAR
    # No case number is asked for: each body gives its own when it puts the case on its agenda.
    assert [box.key for box in at.number_input] == ["case_new_year"]
    at.text_input(key="case_new_title").input("Næringsvennlig region")
    at.text_input(key="case_new_officer_search").input("Kari").run()
    officer = at.selectbox(key="case_new_officer")
    officer.select("Kari Saksbehandler")
    at.text_area(key="case_new_proposed").input("Styret slutter seg til.")
    planned = today() + dt.timedelta(days=21)
    at.session_state["case_new_path"] = {
        "edited_rows": {},
        "added_rows": [
            {"body_id": _body_id(world, GROUP), "role": "preparation", "planned_on": planned.isoformat()},
            {
                "body_id": _body_id(world, BOARD),
                "role": "decision",
                "authoritative": True,
                "planned_on": (planned + dt.timedelta(days=14)).isoformat(),
            },
        ],
        "deleted_rows": [],
    }
    _click(at, "Registrer saken")
    case = _titled(world, "Næringsvennlig region")
    registration = f"{YEAR}/{case.reg_number}"
    assert f"Saken «Næringsvennlig region» er registrert med reg.nr. {registration}." in [
        s.value for s in at.success
    ]
    assert at.title[0].value == "Næringsvennlig region"  # no body has numbered it yet
    assert (
        f"Ingen organ har satt saken på sakslisten ennå, så den har ikke saksnummer. · reg.nr. {registration}"
        in _texts(at)
    )
    assert at.query_params["case"] == str(case.id)
    assert (case.officer_person_id is not None, case.proposed_decision) == (True, "Styret slutter seg til.")
    path = _path(at)
    assert list(path["body"]) == [GROUP, BOARD]
    assert list(path["step"]) == ["▶ Neste", "○ Venter"]
    assert list(path["role_text"]) == ["Forberedende behandling", "Vedtak"]
    assert list(path["authoritative"]) == [False, True]
    assert "**Status**: Planlagt" in _texts(at)
    _tab(at, "case_tab", "Endringslogg")
    history = next(frame.value for frame in at.dataframe if "details" in frame.value.columns)
    assert list(history["what"]) == ["Registrert"] and list(history["actor"]) == ["koordinator"]
    details = history["details"][0]
    assert "Saksansvarlig: – → Kari Saksbehandler" in details
    assert f"Steg 1, Organ: – → {GROUP}" in details and "Steg 2, Vedtaksorgan: – → ja" in details
    assert "Steg 2, Rolle: – → Vedtak" in details


def test_a_step_without_a_body_is_refused_and_nothing_is_saved(world):
    at = _run("koordinator")
    _tab(at, "cases_tab", "Ny sak")
    at.text_input(key="case_new_title").input("Uten organ")
    at.session_state["case_new_path"] = {
        "edited_rows": {},
        "added_rows": [{"role": "hearing", "planned_on": today().isoformat()}],
        "deleted_rows": [],
    }
    _click(at, "Registrer saken")
    assert "Steg 1 i saksgangen mangler organ." in [e.value for e in at.error]
    assert _titled(world, "Uten organ") is None


def test_two_coordinators_editing_the_same_case_the_second_sees_what_changed_and_nothing_is_lost(world):
    case_id = _case_id(world, 1)
    at = _run("koordinator", case=case_id)
    _tab(at, "case_tab", "Endre")
    at.text_input(key=f"case_{case_id}_title").input("Min tittel")
    with read_session(world) as session:  # a colleague saves the same case first
        colleague = Actor.of(session.scalar(sa.select(User).where(User.username == "admin")))
        form = case_detail(session, case_id=case_id, today=today()).form
    with read_session(world) as session:
        update_case(
            session,
            actor=colleague,
            case_id=case_id,
            expected=form,
            title="Kollegaens tittel",
            officer_person_id=form["officer_person_id"],
            proposed_decision="Kollegaens forslag",
        )
    _click(at, "Lagre endringene")
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    # Named: only the title, which both changed, with the colleague's; the proposal only they changed.
    changed = "\n".join(w.value for w in at.warning)
    assert "Dere har begge endret Tittel." in changed and "Forslag til vedtak" not in changed
    texts = _texts(at)
    assert "**Tittel**: Kollegaens tittel" in texts and "**Forslag til vedtak**" not in texts
    assert at.text_input(key=f"case_{case_id}_title").value == "Min tittel"  # what was typed stays
    proposed = next(
        a for a in at.text_area if a.key and a.key.startswith(f"case_{case_id}_proposed_decision")
    )
    assert proposed.value == "Kollegaens forslag"  # what they saved, not what the form was opened with
    assert _case(world, 1).title == "Kollegaens tittel"  # the colleague's save is intact
    _click(at, "Lagre endringene")  # seen the changes: save over the title, keep their proposal
    assert "Endringene er lagret." in [s.value for s in at.success]
    assert at.title[0].value == f"1/{YY} Min tittel"
    assert (_case(world, 1).title, _case(world, 1).proposed_decision) == ("Min tittel", "Kollegaens forslag")


def test_a_coordinator_plans_a_step_then_removes_it(world):
    case_id = _case_id(world, 2)
    at = _run("koordinator", case=case_id)
    assert "**Status**: Må settes opp på nytt" in _texts(at)
    form = f"case_step_new_{case_id}"
    _click(at, "Legg til i saksgangen")
    assert "Velg organet som skal behandle saken." in [e.value for e in at.error]
    at.selectbox(key=f"{form}_body").select(BOARD)
    at.selectbox(key=f"{form}_role").select(ConsultationRole.DECISION)
    at.checkbox(key=f"{form}_deciding").check()
    at.date_input(key=f"{form}_planned_on").set_value(today() + dt.timedelta(days=10))
    _click(at, "Legg til i saksgangen")
    assert "Styret er lagt til i saksgangen." in [s.value for s in at.success]
    path = _path(at)
    assert list(path["step"]) == ["✓ Behandlet", "▶ Neste"] and list(path["body"]) == [COORDINATION, BOARD]
    assert "**Status**: Under behandling" in _texts(at)
    with read_session(world) as session:
        step = session.scalar(
            sa.select(Consultation).where(Consultation.case_id == case_id, Consultation.sequence == 2)
        )
        assert (step.role, step.authoritative) == ("decision", True)
    choice = at.selectbox(key=f"case_step_remove_{case_id}")
    assert len(choice.options) == 2  # "–" and the planned step: the treated one is not offered
    choice.select(choice.options[1])
    at.checkbox(key=f"case_step_remove_{case_id}_confirm").check().run()
    _click(at, "Fjern")
    assert any("er fjernet fra saksgangen" in s.value for s in at.success)
    assert list(_path(at)["body"]) == [COORDINATION]
    assert "**Status**: Må settes opp på nytt" in _texts(at)
    _tab(at, "case_tab", "Endringslogg")
    history = next(frame.value for frame in at.dataframe if "details" in frame.value.columns)
    assert list(history["what"]) == ["Planlagt behandling fjernet", "Behandling planlagt"]
    assert f"Steg, Organ: – → {BOARD}" in history["details"][1]


def test_every_state_role_and_change_of_a_case_has_its_words():
    """The page names these through computed keys (case_state.{state}, ...), which the catalogue test
    cannot see in the code."""
    from osloreg.i18n import catalogue
    from osloreg.rules.cases import CaseState, StepState
    from osloreg.ui.cases import case as case_view

    keys = {f"case_state.{state}" for state in CaseState} | {
        f"case_state.{state}.help" for state in CaseState
    }
    keys |= {f"step_state.{state}" for state in StepState} | {
        f"consultation_role.{role}" for role in ConsultationRole
    }
    keys |= {f"overview.result.{result}" for result in ConsultationResult}
    keys |= {
        f"audit.case.{action}" for action in ("register", "update", "plan_step", "remove_step", "treated")
    }
    keys |= {f"case.tab.{name}" for name in ("path", "decision", "history", "edit")}
    keys |= {f"case.list.tab.{name}" for name in ("cases", "stalled", "new")}
    keys |= set(case_view.HISTORY_FIELDS.values())
    assert sorted(keys - set(catalogue())) == []


@pytest.mark.parametrize("username", sorted(ROLE_USERS))
def test_every_role_reads_the_cases_and_a_case_and_only_the_secretariat_edits(world, username):
    at = _run(username)
    staff = ROLE_USERS[username] in ("admin", "director", "coordinator")
    assert ("Ny sak" in [tab.label for tab in at.tabs]) == staff
    case = _run(username, case=_case_id(world, 1))
    assert at.dataframe and case.title
    assert ("Endre" in [tab.label for tab in case.tabs]) == staff


def test_a_coordinator_links_a_case_to_another_and_both_pages_show_it(world):
    plan, mandate = _case_id(world, 1), _case_id(world, 48, 2020)
    at = _run("koordinator", case=plan)
    assert "Saken viser ikke til andre saker." in _texts(at)
    form = f"case_link_new_{plan}"
    _click(at, "Lagre koblingen")
    assert "Velg saken det vises til." in [e.value for e in at.error]
    at.text_input(key=f"{form}_search").input("48/20").run()
    box = at.selectbox(key=f"{form}_case")
    assert box.options[1:] == [f"48/20 {MANDATE}"]  # found by its number; the case itself is not offered
    box.select(box.options[1])
    at.selectbox(key=f"{form}_kind").select(CaseLinkKind.REQUIRES)
    at.text_area(key=f"{form}_condition").input("med forbehold om styrets vedtak")
    _click(at, "Lagre koblingen")
    assert "Koblingen er lagret." in [s.value for s in at.success]
    texts = _texts(at)
    assert f"[forutsetter vedtak i 48/20 i {BOARD}\\: {MANDATE}](cases?case={mandate})" in texts
    assert "Vilkår / sitat: «med forbehold om styrets vedtak»" in texts
    back = _texts(_run("leser", case=mandate))
    assert (
        f"[er forutsetning for 1/{YY} i {BOARD}\\: Handlingsplan for næringssamarbeid](cases?case={plan})"
        in back
    )
