"""The search page (AppTest): the query from the address, hits labelled by kind in words with the match
marked and a link to the record, "Ingen treff", more on request, drafts hidden from a viewer, and the
search box in every page's sidebar."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.enums import AdviceState
from osloreg.queries import search as search_queries
from tests import factories as f
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test


def WORLD(engine: Engine) -> None:  # noqa: N802 - the name the world_template fixture looks for
    with read_session(engine) as session:
        body = f.make_body(session, name="Styret for Osloregionen")
        group = f.make_body(session, name="Faggruppe for næringssamarbeid")
        case = f.make_case(
            session, year=2020, number=48, numbered_by=body, title="Revidert mandat for faggruppen"
        )
        f.make_advice(session, body=group, title="Utkast om mandatet", state=AdviceState.DRAFT)
        for n in range(25):
            f.make_project(session, title=f"Sykkelprosjekt nummer {n}")
        f.make_person(session, name="Ragnhild Sæther")
        session.commit()
        add_users(session, ROLE_USERS)
        assert case.id == 1


def search_page(username: str, query: str | None):
    at = page_test("pages/search.py", username=username)
    if query is not None:
        at.query_params["q"] = query
    at.run()
    ok(at)
    return at


def results(at) -> pd.DataFrame:
    (table,) = [frame for frame in at.dataframe]
    return table.value


def test_a_case_number_finds_the_case_with_its_kind_the_match_marked_and_a_link(world):
    at = search_page("koordinator", "48/20")
    rows = results(at)
    first = rows.iloc[0]
    assert first["kind"] == nb("search.kind.case") == "Sak"
    assert first["title"] == "Revidert mandat for faggruppen"
    assert "«48»/«20»" in first["context"]
    assert first["link"] == "cases?case=1"


def test_a_stemmed_word_finds_the_case_and_the_coordinator_also_the_draft(world):
    rows = results(search_page("koordinator", "mandatet"))
    assert set(rows["kind"]) == {"Sak", "Råd"}
    assert "«mandat»" in " ".join(rows["context"])


def test_a_viewer_does_not_find_the_draft(world):
    rows = results(search_page("leser", "mandatet"))
    assert list(rows["kind"]) == ["Sak"]


def test_a_misspelled_name_finds_the_person(world):
    rows = results(search_page("leser", "Ragnhild Sæter"))
    assert list(rows["title"]) == ["Ragnhild Sæther"] and list(rows["kind"]) == ["Person"]


def test_nothing_found_is_said_in_words_with_the_query_as_text(world):
    at = search_page("leser", "**finnes** [ikke](javascript:x)")
    assert not at.dataframe
    (info,) = at.info
    assert info.value.startswith("Ingen treff på «") and "](javascript" not in info.value


def test_show_more_pages_on(world):
    at = search_page("leser", "sykkelprosjekt")
    assert len(results(at)) == 20
    assert at.caption[0].value == nb("search.count", shown="20", total="25")
    at.button(key="search_more").click().run()
    ok(at)
    assert len(results(at)) == 25


def test_past_the_count_limit_the_page_says_over(world, monkeypatch):
    monkeypatch.setattr(search_queries, "COUNT_LIMIT", 22)
    at = search_page("leser", "sykkelprosjekt")
    assert at.caption[0].value == nb("search.count_more", shown="20", total="22")
    assert at.caption[0].value.startswith("Viser 20 av over 22 treff.")


def test_without_a_query_the_page_says_what_it_searches(world):
    at = search_page("medlem", None)
    assert at.title[0].value == "Søk"
    assert nb("search.help") in [caption.value for caption in at.caption]


def test_the_sidebar_of_another_page_has_the_search_box(world):
    at = page_test("pages/cases.py", username="leser")
    at.run()
    ok(at)
    assert nb("search.sidebar.box") in [box.label for box in at.sidebar.text_input]


def test_enter_in_the_sidebar_box_searches(world):
    at = page_test("pages/cases.py", username="leser")
    at.run()
    at.sidebar.text_input(key="osloreg_search_box").input("48/20").run()
    ok(at)
    # A page run on its own has no menu to switch in: the query lands in the address (in the app, the
    # search page opens with it: tests/browser/test_search_flow.py), and the box is empty again.
    assert at.query_params["q"] == "48/20"
    assert at.sidebar.text_input(key="osloreg_search_box").value == ""
