"""The admin's tab for the read API's tokens in AppTest: a token is made with a name, shown once (and
then works against the API's rules), listed without itself, and revoked by a click."""

from __future__ import annotations

import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.models import ApiToken
from osloreg.queries.oparl import token_row
from osloreg.rules.feeds import digest
from tests.pages.conftest import nb, ok, page_test


def _tab():
    at = page_test("pages/admin.py", username="admin")
    at.session_state["admin_tab"] = nb("admin.tab.api_tokens")
    at.run()
    ok(at)
    return at


def test_an_admin_makes_a_token_sees_it_once_and_revokes_it(users, app_engine):
    at = _tab()
    assert nb("oparl.none") in [caption.value for caption in at.caption]
    at.text_input(key="api_token_name").input("Intranett")
    next(button for button in at.button if button.label == nb("oparl.create")).click()
    at.run()
    ok(at)
    assert nb("oparl.created", name="Intranett") in [s.value for s in at.success]
    (shown,) = [code.value for code in at.code]
    with read_session(app_engine) as session:
        row = session.scalar(sa.select(ApiToken))
        assert row.name == "Intranett" and row.token_sha256 == digest(shown) and row.token_sha256 != shown
        assert token_row(session, shown) is not None
    at.run()  # the next run shows it no more
    ok(at)
    assert not at.code
    table = at.dataframe[0].value
    assert list(table["name"]) == ["Intranett"] and list(table["state"]) == [nb("oparl.state.active")]
    assert shown not in table.to_string()

    at.button(key=f"api_token_revoke_{row.id}").click()
    at.run()
    ok(at)
    assert nb("oparl.revoked", name="Intranett") in [s.value for s in at.success]
    assert list(at.dataframe[0].value["state"]) == [nb("oparl.state.revoked")]
    with read_session(app_engine) as session:
        assert token_row(session, shown) is None


def test_a_name_refused_stays_as_typed_and_a_token_made_empties_the_form(users, app_engine):
    at = _tab()
    at.text_input(key="api_token_name").input("Intra\x07nett")
    next(button for button in at.button if button.label == nb("oparl.create")).click()
    at.run()
    ok(at)
    assert at.error and not at.code  # refused in words, nothing made
    assert at.text_input(key="api_token_name").value == "Intra\x07nett"
    at.text_input(key="api_token_name").input("Statistikk")
    next(button for button in at.button if button.label == nb("oparl.create")).click()
    at.run()
    ok(at)
    assert nb("oparl.created", name="Statistikk") in [s.value for s in at.success]
    assert at.text_input(key="api_token_name_1").value == ""
