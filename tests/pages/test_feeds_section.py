"""The calendar feeds' section of the notifications page in AppTest: a new address is shown once, on
web_url, and answers over real HTTP; a second one stops the first; stopping the address stops it."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from osloreg.db import read_session
from osloreg.models import User
from osloreg.queries import feeds as feed_queries
from tests.conftest import test_settings
from tests.factories import make_body, make_meeting, make_membership, make_person
from tests.pages.conftest import add_users

WEB_URL = "https://kalender.osloreg.example"


def script() -> None:
    import streamlit as st

    from osloreg.ui.login import CurrentUser
    from osloreg.ui.notifications import feeds

    feeds.render(CurrentUser(**st.session_state["feeds_test_user"]))


@pytest.fixture
def world(app_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("OSLOREG_WEB_URL", WEB_URL)
    with read_session(app_engine) as session:
        board = make_body(session, name="Styret")
        kari = make_person(session, name="Kari Nordmann")
        make_membership(session, person=kari, body=board)
        make_meeting(session, body=board, title="Styremøte")
        session.commit()
        add_users(session, {"medlem": "member", "leser": "viewer"}, {"medlem": kari.id})
    return {"board": board.id, "kari": kari.id}


def _section(engine: Engine, username: str) -> AppTest:
    with read_session(engine) as session:
        user = session.scalar(sa.select(User).where(User.username == username))
        state = {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "roles": user.roles,
            "person_id": user.person_id,
            "language": user.language,
        }
    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["feeds_test_user"] = state
    at.run()
    assert not at.exception
    return at


def _renew(at: AppTest) -> list[str]:
    at.button(key="feeds_renew").click().run()
    assert not at.exception
    return [block.value for block in at.code]


def _digest(engine: Engine, username: str) -> str | None:
    with read_session(engine) as session:
        return session.scalar(sa.select(User.feed_token_hash).where(User.username == username))


def _texts(at: AppTest) -> str:
    return " ".join(str(element.value) for element in [*at.markdown, *at.caption, *at.info, *at.warning])


def test_a_new_address_is_shown_once_on_web_url_and_answers_over_http(app_engine, world, serve_web):
    at = _section(app_engine, "medlem")
    assert "Du har ingen kalenderadresse nå." in _texts(at)
    assert "Abonner fra nettet" in _texts(at) and "Fra URL" in _texts(at)
    assert not at.code

    urls = _renew(at)
    token = urls[0].removeprefix(f"{WEB_URL}/feeds/").split("/")[0]
    assert urls == [
        f"{WEB_URL}/feeds/{token}/mine.ics",
        f"{WEB_URL}/feeds/{token}/all.ics",
        f"{WEB_URL}/feeds/{token}/body/{world['board']}.ics",
    ]
    assert "Adressene vises bare nå" in _texts(at) and "slutter disse å virke" in _texts(at)
    assert _digest(app_engine, "medlem") == hashlib.sha256(token.encode()).hexdigest()

    web = serve_web(test_settings(app_engine), app_engine)
    for address in urls:
        answer = web.request(address.removeprefix(WEB_URL))
        assert answer.status == 200 and b"Styrem\xc3\xb8te" in answer.body

    at.run()  # any later run: the address is not shown again, only since when it exists
    assert not at.code
    assert "Kalenderadressen din ble laget" in _texts(at)


def test_a_second_address_stops_the_first_and_stopping_it_stops_the_second(app_engine, world):
    at = _section(app_engine, "medlem")
    first = _renew(at)[1].removeprefix(f"{WEB_URL}/feeds/").split("/")[0]
    second = _renew(at)[1].removeprefix(f"{WEB_URL}/feeds/").split("/")[0]
    assert first != second
    with read_session(app_engine) as session:
        assert feed_queries.reader(session, token=first) is None
        assert feed_queries.reader(session, token=second) is not None

    at.run()
    at.button(key="feeds_revoke").click().run()
    assert not at.exception
    assert at.success[0].value == "Kalenderadressen er stoppet."
    assert "Du har ingen kalenderadresse nå." in _texts(at)
    assert _digest(app_engine, "medlem") is None


def test_a_user_with_no_person_is_told_why_my_meetings_is_empty(app_engine, world):
    at = _section(app_engine, "leser")
    assert "ikke knyttet til en person" in _texts(at)
    assert len(_renew(at)) == 3  # the feeds of every meeting and of a body serve them all the same
