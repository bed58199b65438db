"""The decisions page (Beslutninger) in AppTest: the director's inbox, deciding in the dialog (one or
several), reopening, the log with export, follow-ups; read-only for everyone else; and the whole path
from a member's input to the member seeing the director's decision."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import clock
from osloreg.db import read_session
from osloreg.enums import AdviceState, Outcome, UnitKind
from osloreg.models import (
    Advice,
    AdviceInput,
    AdvicePoint,
    Decision,
    Project,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    User,
)
from osloreg.services.advice import withdraw_advice
from osloreg.services.base import Actor
from osloreg.ui.advice import widgets as forms
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
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/decisions.py"
GROUP = "Faggruppe for næringssamarbeid"
HOSTILE = "<script>alert(1)</script> og [x](javascript:alert(1))"
OVERDUE, OLDER, NEWER, DECIDED = (
    "Råd om Oslo Urban Week",
    "Råd om talent",
    "Råd om Team Oslo",
    "Besluttet råd",
)


def _world(engine: Engine) -> None:
    """Three submitted advice items (one overdue, with Kari's input behind it) and a decided one."""
    now = dt.datetime.now().replace(microsecond=0)
    today = clock.oslo_today()
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        group = make_body(session, name=GROUP)
        kari = make_person(session, name="Kari Medlem")
        lars = make_person(session, name="Lars Leder")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_membership(session, person=lars, body=group, represents=oslo, role="leader")
        project = make_project(session, title="Oslo Urban Week", body=group)
        overdue = make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=OVERDUE,
            subject=project,
            submitted_at=now - dt.timedelta(days=20),
            target_date=today - dt.timedelta(days=3),
        )
        given = make_input(
            session, body=group, author=kari, unit=oslo, subject=project, text="Satse på festivalen"
        )
        session.add(AdviceInput(advice_id=overdue.id, input_id=given.id))
        make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=OLDER,
            submitted_at=now - dt.timedelta(days=5),
        )
        make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=NEWER,
            recommendation=HOSTILE,
            submitted_at=now - dt.timedelta(days=1),
        )
        decided = make_advice(session, body=group, state=AdviceState.SUBMITTED, title=DECIDED)
        make_decision(
            session,
            advice=decided,
            outcome=Outcome.FOLLOWED,
            rationale="Godt råd",
            follow_up_on=today + dt.timedelta(days=10),
        )
        session.commit()
        people = {"medlem": kari.id, "leder": lars.id}
        add_users(session, {**ROLE_USERS, "leder": "member"}, people)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _run(username: str, page: str = PAGE):
    at = page_test(page, username=username)
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _buttons(at) -> list[str]:
    return [button.label for button in at.main.button]


def _select(at, titles: list[str], *, table: int = 0) -> None:
    frame = at.dataframe[table]
    shown = list(frame.value["title"])
    rows = [shown.index(title) for title in titles]
    at.session_state[frame.key] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    at.run()
    ok(at)


def _tab(at, label: str) -> None:
    at.session_state["decisions_tab"] = label
    at.run()
    ok(at)


def _decide(at, *, outcome: str, rationale: str = "") -> None:
    at.segmented_control(key="decide_outcome").set_value(outcome)
    at.text_area(key="decide_rationale").input(rationale)
    _button(at, "Lagre beslutningen").click()
    at.run()
    ok(at)


def _decisions(engine: Engine) -> list[tuple[str, str, str | None, bool]]:
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Advice.title, Decision.outcome, Decision.rationale, Decision.reopened_at.is_not(None))
            .join(Advice, Advice.id == Decision.advice_id)
            .order_by(Decision.id)
        ).all()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("username", ["koordinator", "medlem", "leser", "admin"])
def test_everyone_else_reads_the_inbox_and_a_detail_but_cannot_decide(world, username):
    at = _run(username)
    assert list(at.dataframe[0].value["title"]) == [OVERDUE, OLDER, NEWER]
    _select(at, [OVERDUE])
    assert "Satse på festivalen" in set(at.dataframe[1].value["text"])
    assert "Beslutt" not in _buttons(at)
    assert "Bare direktøren kan beslutte" in _texts(at)
    _select(at, [OVERDUE, OLDER])
    assert not [label for label in _buttons(at) if label.startswith("Beslutt")]


def test_the_director_sees_overdue_first_then_the_oldest_with_the_inputs_behind_each(world):
    at = _run("direktor")
    queue = at.dataframe[0].value
    assert list(queue["title"]) == [OVERDUE, OLDER, NEWER]
    assert list(queue["overdue"]) == [True, False, False] and queue["late"][0] == "3 dager over fristen"
    _select(at, [OVERDUE])
    inputs = at.dataframe[1].value
    assert list(inputs["author"]) == ["Kari Medlem"] and list(inputs["unit"]) == ["Oslo kommune"]
    texts = _texts(at)
    assert "**1 av 1** forventede enheter har gitt innspill." in texts and "Ikke besluttet ennå." in texts


def test_the_director_sees_input_for_a_unit_its_author_did_not_represent_listed_as_not_counted(world):
    with read_session(world) as session:  # Kari (for Oslo) names Gjøvikregionen, as in the review
        gjovik = make_unit(session, name="Gjøvikregionen IPR", kind=UnitKind.SUB_REGION)
        advice = session.scalar(sa.select(Advice).where(Advice.title == OVERDUE))
        kari = session.scalar(sa.select(User.person_id).where(User.username == "medlem"))
        project = session.get(Project, advice.project_id)
        make_input(session, body=advice.body_id, author=kari, unit=gjovik, subject=project)
        session.commit()
    at = _run("direktor")
    _select(at, [OVERDUE])
    texts = _texts(at)
    assert "**1 av 2** forventede enheter har gitt innspill." in texts
    assert "Ikke gitt innspill: Gjøvikregionen IPR." in texts
    assert "Ikke talt med: Gjøvikregionen IPR (den som ga innspillet, representerte ikke" in texts


def test_the_director_decides_in_the_dialog_and_a_rationale_is_required_unless_followed(world):
    at = _run("direktor")
    _select(at, [OVERDUE])
    _button(at, "Beslutt").click()
    at.run()
    ok(at)
    assert "Begrunnelse kreves for alle utfall unntatt «Fulgt»." in _texts(at)
    _decide(at, outcome=Outcome.NOT_FOLLOWED)
    assert "Skriv en begrunnelse" in "\n".join(e.value for e in at.error)
    assert at.text_area(key="decide_rationale").label == "Begrunnelse (påkrevd)"
    assert _decisions(world) == [(DECIDED, "followed", "Godt råd", False)]  # nothing saved
    _decide(at, outcome=Outcome.NOT_FOLLOWED, rationale="Passer ikke med budsjettet")
    assert "Beslutningen er lagret (1 råd)." in [s.value for s in at.success]
    assert list(at.dataframe[0].value["title"]) == [OLDER, NEWER]
    assert _decisions(world)[-1] == (OVERDUE, "not_followed", "Passer ikke med budsjettet", False)


def test_advice_withdrawn_while_the_dialog_is_open_is_not_decided(world):
    at = _run("direktor")
    _select(at, [OLDER])
    _button(at, "Beslutt").click()
    at.run()
    with read_session(world) as session:
        advice = session.scalar(sa.select(Advice).where(Advice.title == OLDER))
        coordinator = Actor.of(session.scalar(sa.select(User).where(User.username == "koordinator")))
        advice_id, version = advice.id, advice.version
    with read_session(world) as session:
        withdraw_advice(session, actor=coordinator, advice_id=advice_id, expected_version=version)
    _decide(at, outcome=Outcome.FOLLOWED)
    assert at.error and not at.success
    assert [title for title, *_ in _decisions(world)] == [DECIDED]


def test_the_director_decides_several_at_once_with_one_outcome(world):
    at = _run("direktor")
    _select(at, [OLDER, NEWER])
    _button(at, "Beslutt alle 2").click()
    at.run()
    _decide(at, outcome=Outcome.FOLLOWED)  # no rationale needed
    assert "Beslutningen er lagret (2 råd)." in [s.value for s in at.success], _texts(at)
    assert list(at.dataframe[0].value["title"]) == [OVERDUE]
    assert {(title, outcome) for title, outcome, _, _ in _decisions(world)} >= {
        (OLDER, "followed"),
        (NEWER, "followed"),
    }


def test_a_decided_advice_is_locked_and_reopening_keeps_the_old_decision(world):
    at = _run("direktor")
    _tab(at, "Beslutningslogg")
    assert list(at.dataframe[0].value["title"]) == [DECIDED]
    _select(at, [DECIDED])
    assert "Rådet er besluttet og låst." in _texts(at)
    _button(at, "Gjenåpne").click()
    at.run()
    ok(at)
    _button(at, "Gjenåpne og lagre ny beslutning").click()
    at.run()
    assert "Skriv hvorfor beslutningen gjenåpnes." in "\n".join(e.value for e in at.error)
    at.text_area(key="reopen_reason").input("Nye opplysninger")
    at.segmented_control(key="reopen_outcome").set_value(Outcome.NOTED)
    at.text_area(key="reopen_rationale").input("Tas til orientering")
    _button(at, "Gjenåpne og lagre ny beslutning").click()
    at.run()
    ok(at)
    assert "Beslutningen er gjenåpnet, og den nye beslutningen er lagret." in [s.value for s in at.success]
    assert _decisions(world) == [
        (DECIDED, "followed", "Godt råd", True),
        (DECIDED, "noted", "Tas til orientering", False),
    ]
    log = at.dataframe[0].value
    assert list(log["reopened"]) == [False, True]
    _select(at, [DECIDED])
    history = at.dataframe[-1].value
    assert list(history["result"]) == ["Fulgt", "Tatt til orientering"]
    assert list(history["reopen_reason"])[0] == "Nye opplysninger"


def test_only_the_director_reopens(world):
    at = _run("koordinator")
    _tab(at, "Beslutningslogg")
    _select(at, [DECIDED])
    assert "Rådet er besluttet og låst." in _texts(at)
    assert "Gjenåpne" not in _buttons(at)


def test_the_log_filters_and_exports_what_is_filtered(world):
    at = _run("leser")
    _tab(at, "Beslutningslogg")
    assert [b.label for b in at.get("download_button")] == ["Last ned Excel", "Last ned CSV"]
    at.segmented_control(key="decisions_log_outcome").set_value(Outcome.NOT_FOLLOWED).run()
    ok(at)
    assert "Ingen beslutninger med disse filtrene." in _texts(at)
    csv = forms.decision_log_file(forms.LogFilters(outcome=Outcome.FOLLOWED), kind="csv")()
    table = pd.read_csv(io.BytesIO(csv), sep=None, engine="python")
    assert list(table["Tittel"]) == [DECIDED] and list(table["Utfall"]) == ["Fulgt"]
    assert forms.decision_log_file(forms.LogFilters(outcome=Outcome.NOTED), kind="xlsx")()[:2] == b"PK"


def test_follow_ups_falling_due(world):
    at = _run("direktor")
    _tab(at, "Oppfølging")
    assert list(at.dataframe[0].value["title"]) == [DECIDED]
    at.segmented_control(key="decisions_follow_up_within").set_value(7).run()
    assert "Ingen oppfølginger forfaller de neste 7 dagene." in _texts(at)


def test_hostile_text_in_advice_is_shown_as_text(world):
    at = _run("direktor")
    _select(at, [NEWER])
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown
    for value in shown:
        assert "<script" not in value and "](javascript" not in value.replace("\\", "")


def test_from_input_to_advice_to_decision_and_back_to_the_member(world):
    # A member logs input.
    member = _run("medlem", "pages/input.py")
    member.text_input(key="input_new_search_project").input("urban").run()
    next(box for box in member.selectbox if box.key.startswith("input_new_subject_project")).select(
        "Oslo Urban Week"
    )
    member.text_area(key="input_new_text").input("Flere besøkende fra regionen")
    _button(member, "Send innspill").click()
    member.run()
    ok(member)
    assert "Takk! Innspillet er registrert." in [s.value for s in member.success]

    # The group's leader makes advice of it and submits it.
    leader = _run("leder", "pages/advice.py")
    leader.text_input(key="advice_new_search_project").input("urban").run()
    next(box for box in leader.selectbox if box.key.startswith("advice_new_subject_project")).select(
        "Oslo Urban Week"
    ).run()
    next(box for box in leader.text_input if box.key.endswith("_title")).input("Råd om besøkende")
    next(area for area in leader.text_area if area.key.endswith("_recommendation")).input("Gjør det.")
    chooser = next(m for m in leader.multiselect if m.key.endswith("_input_ids"))
    chooser.set_value([option for option in chooser.options if "Flere besøkende" in option])
    _button(leader, "Send til direktøren").click()
    leader.run()
    ok(leader)
    assert "Rådet er sendt til direktøren." in [s.value for s in leader.success], _texts(leader)

    # The director decides it: not followed, which needs a rationale.
    director = _run("direktor")
    assert "Råd om besøkende" in list(director.dataframe[0].value["title"])
    _select(director, ["Råd om besøkende"])
    _button(director, "Beslutt").click()
    director.run()
    _decide(director, outcome=Outcome.NOT_FOLLOWED, rationale="Ikke nå")
    assert "Beslutningen er lagret (1 råd)." in [s.value for s in director.success]

    # The member sees the outcome and the rationale under "Mine innspill".
    member = _run("medlem", "pages/input.py")
    mine = member.dataframe[0].value
    row = mine[mine["text"] == "Flere besøkende fra regionen"].iloc[0]
    assert (row["state"], row["result"], row["rationale"]) == ("Besluttet", "Ikke fulgt", "Ikke nå")


def test_a_long_inbox_is_paged(world):
    with read_session(world) as session:
        group = session.scalar(sa.select(Advice.body_id).limit(1))
        for number in range(52):
            make_advice(session, body=group, state=AdviceState.SUBMITTED, title=f"Råd nr. {number}")
        session.commit()
    at = _run("direktor")
    assert len(at.dataframe[0].value) == 50
    assert "Viser 1–50 av 55." in _texts(at)
    at.number_input[0].set_value(2).run()
    ok(at)
    assert len(at.dataframe[0].value) == 5 and "Viser 51–55 av 55." in _texts(at)


def test_every_demo_user_opens_the_three_pages_on_the_demo_data(app_engine):
    from osloreg.demo import DEMO_USERS, load_demo
    from osloreg.navigation import page

    load_demo(app_engine, today=clock.oslo_today())
    for username, role in DEMO_USERS.items():
        for name in ("input", "advice", "decisions"):
            at = _run(username, page(name).path)
            refused = "Du har ikke tilgang til denne siden" in _texts(at)
            assert refused == (role not in page(name).roles), (username, name)
            assert not [e.value for e in at.error if "tilgang" not in e.value], (username, name)


def test_an_advices_delmal_say_their_basis_where_it_is_not_sourced(world):
    """Area 1 of 2021-2024 is uncertain in the facts file, area 3 sourced: the detail says which."""
    with read_session(world) as session:
        period = StrategyPeriod(
            name="Strategiske føringer 2021–2024", start_year=2021, end_year=2024, basis="sourced"
        )
        transport = StrategyArea(
            period=period,
            number=1,
            name="Areal og transport",
            basis="uncertain",
            source="osloregionen.no/prosjekter/klima/",
        )
        profile = StrategyArea(period=period, number=3, name="Konkurransekraft", basis="sourced")
        uncertain = StrategyPoint(
            area=transport,
            number=1,
            text="Bedre kollektivtilbud",
            basis="uncertain",
            source="osloregionen.no/prosjekter/klima/",
        )
        sourced = StrategyPoint(area=profile, number=2, text="Fireårig strategi", basis="sourced")
        session.add_all([period, transport, profile, uncertain, sourced])
        session.flush()
        advice_id = session.scalar(sa.select(Advice.id).where(Advice.title == OVERDUE))
        session.add_all([AdvicePoint(advice_id=advice_id, point_id=p.id) for p in (uncertain, sourced)])
        session.commit()
    at = _run("koordinator")
    _select(at, [OVERDUE])
    captions = [str(caption.value) for caption in at.caption]
    assert (
        "Delmål: 1\\.1 Bedre kollektivtilbud \\(Kilde\\: usikker – osloregionen\\.no \\(Klima\\)\\); "
        "3\\.2 Fireårig strategi"
    ) in captions
