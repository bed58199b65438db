"""The case page on the demo data (AppTest): 48/20 with the board's number, its path as the case paper
tells it ("behandlet" where the paper gives no result; the board's vedtak said to be unrecorded), its
links to 33/20 and 5/20; 35/20 and 5/20 as one case with both numbers, found by either."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.demo import load_demo
from osloreg.models import Body, CaseNumber
from tests.pages.conftest import page_test

PAGE = "pages/cases.py"
MANDATE = "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
GUIDELINES = "Strategiske føringer 2021–2024"


def WORLD(engine: Engine) -> None:  # noqa: N802 - the name `world` in tests/pages/conftest.py looks for
    """The demo data, built once per module."""
    load_demo(engine, today=today())


def _case_id(engine: Engine, label: str, body: str) -> int:
    number, year = (int(part) for part in label.split("/"))
    with read_session(engine) as session:
        return session.scalars(
            sa.select(CaseNumber.case_id)
            .join(Body, Body.id == CaseNumber.body_id)
            .where(Body.name == body, CaseNumber.number == number, CaseNumber.year == 2000 + year)
        ).one()


def _run(case_id: int | None = None):
    at = page_test(PAGE, username="leser")
    if case_id is not None:
        at.query_params["case"] = str(case_id)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _links(at) -> list[tuple[str, str]]:
    """(text, address) of the page's links to other cases (markdown links when the page runs on its
    own, as here; st.page_link under the app's menu)."""
    found = []
    for element in at.markdown:
        match = re.fullmatch(r"\[(.*)\]\((cases\?case=\d+)\)", element.value)
        if match:
            found.append((match[1].replace("\\", ""), match[2]))
    return found


def _path(at):
    return next(frame.value for frame in at.dataframe if "step" in frame.value.columns)


def _decision_tab(at):
    at.session_state["case_tab"] = "Vedtak"
    at.run()
    assert not at.exception
    return _texts(at)


def test_48_20_shows_the_boards_number_the_path_as_the_paper_tells_it_and_its_links(world):
    at = _run(_case_id(world, "48/20", "Styret"))
    assert at.title[0].value == f"48/20 {MANDATE}"
    texts = _texts(at)
    assert "Saksnummer: 48/20 i Styret · reg.nr. 2020/48" in texts
    assert "**Status**: Behandlet, vedtaket er ikke registrert" in texts
    path = _path(at)
    assert list(path["body"]) == [
        "Faggruppe for næringssamarbeid",
        "Administrativ koordineringsgruppe",
        "Styret",
    ]
    # The group's result is the paper's; the coordination group and the board: treated, no result.
    assert list(path["result_words"]) == ["sluttet seg til med endringer", "behandlet", "behandlet"]
    assert list(path["number_text"]) == ["", "", "48/20"]
    assert list(path["basis_text"])[2] == "usikker"
    # Links both ways, each with the other case's number in its own body.
    assert _links(at) == [
        (
            "bygger på 33/20 i Styret: Evaluering av Osloregionens internasjonale profileringsarbeid",
            f"cases?case={_case_id(world, '33/20', 'Styret')}",
        ),
        (
            f"forutsetter vedtak i 5/20 i Representantskapet: {GUIDELINES}",
            f"cases?case={_case_id(world, '5/20', 'Representantskapet')}",
        ),
    ]
    assert "med forbehold om representantskapets vedtak" in texts
    # The substance of 48/20, the group's mandate, on the case page too, with its basis.
    assert "Mandat for Faggruppe for næringssamarbeid, satt i denne saken" in texts
    assert "Faggruppen for næringssamarbeid i Osloregionen skal sammen med sekretariatet" in texts
    decision = _decision_tab(at)
    assert "Vedtaket i Styret er ikke registrert." in decision
    assert "Vedtatt" not in decision and "vedtaket er ikke registrert" in decision


def test_35_20_and_5_20_are_one_case_with_both_numbers_and_the_link_from_48_20(world):
    at = _run(_case_id(world, "5/20", "Representantskapet"))
    assert at.title[0].value == f"5/20 {GUIDELINES}"
    texts = _texts(at)
    assert "Saksnummer: 35/20 i Styret, 5/20 i Representantskapet" in texts
    path = _path(at)
    assert list(path["role_text"]) == ["Innstilling", "Vedtak"]
    assert list(path["result_words"]) == ["sluttet seg til", "vedtatt"]
    assert list(path["number_text"]) == ["35/20", "5/20"]
    assert _links(at) == [
        (f"er forutsetning for 48/20 i Styret: {MANDATE}", f"cases?case={_case_id(world, '48/20', 'Styret')}")
    ]
    decision = _decision_tab(at)
    assert "Resultatet i Representantskapet: vedtatt. Vedtaksteksten er ikke registrert." in decision


def test_the_list_finds_the_boards_35_20_by_representantskapets_5_20(world):
    at = _run()
    # Every body numbers its own agenda: a search for a number finds each case holding it anywhere.
    for search in ("35/20", "5/20"):
        at.text_input(key="cases_f_search").input(search).run()
        rows = at.dataframe[0].value.set_index("title")
        assert rows.loc[GUIDELINES, "case"] == "5/20", search
