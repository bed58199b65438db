"""The app shell in AppTest: login form, login throttle, guards, language, logout, roles read every run."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
import streamlit as st

from osloreg import i18n
from osloreg.db import read_session
from osloreg.models import AuditEvent, User
from osloreg.navigation import PAGES
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user, disable_user, set_roles
from tests.pages.conftest import PASSWORD, page_test


def _log_in(at, username: str, password: str) -> None:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.title] + [m.value for m in at.error]
    parts += [m.value for m in at.warning] + [m.value for m in at.caption]
    return "\n".join(str(p) for p in parts)


def test_without_login_the_app_shows_the_login_form_and_no_data(users, run_page):
    at = run_page("app.py")
    assert not at.exception
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]
    assert "Oversikt" not in [title.value for title in at.title]


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_every_page_opened_without_login_shows_only_the_login_form(users, run_page, spec):
    at = run_page(spec.path)
    assert not at.exception
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")


@pytest.mark.parametrize("username", ["admin", "direktor", "koordinator", "medlem", "leser"])
def test_each_role_logs_in_through_the_form_and_sees_the_overview(users, username):
    at = page_test("app.py")
    at.run()
    _log_in(at, username, PASSWORD)
    assert not at.exception
    assert "Oversikt" in [title.value for title in at.title]
    assert at.session_state["roles"] == [users[username]]


def _errors(at) -> list[str]:
    # The wait is told in seconds, which depend on the moment: the words around it must not.
    return [re.sub(r"\d+ sekund(er)?", "N sekunder", message.value) for message in at.error]


def test_wrong_passwords_are_throttled_in_the_same_words_for_a_real_and_an_unknown_name(users, app_engine):
    answers = {}
    for name in ("medlem", "finnesikke"):
        at = page_test("app.py")
        at.run()
        answers[name] = []
        for attempt in range(6):  # five wrong passwords, then the right one (for medlem) at once
            _log_in(at, name, PASSWORD if attempt == 5 else f"feil passord {attempt}")
            answers[name].append(_errors(at))
            assert not at.session_state["authentication_status"]
    failed = [i18n.translate("login.failed", "nb")]
    throttled = [i18n.translate("login.throttled", "nb", wait="N sekunder")]
    assert answers["medlem"] == answers["finnesikke"] == [failed] * 5 + [throttled]
    with read_session(app_engine) as session:
        user = session.scalar(sa.select(User).where(User.username == "medlem"))
        assert user.failed_logins == 6 and user.locked_until is not None
        actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("login%"))).all()
    # One event for each name reaching five attempts; none for each attempt.
    assert actions == ["login.throttled", "login.throttled"]


def test_the_throttle_survives_a_restart(users, app_engine):
    for attempt in range(5):
        at = page_test("app.py")  # a fresh session each time, as after a server restart
        at.run()
        _log_in(at, "leser", f"galt {attempt}")
    app_engine.dispose()
    st.cache_resource.clear()  # the app's engine and settings too
    at = page_test("app.py")
    at.run()
    _log_in(at, "leser", PASSWORD)
    assert not at.session_state["authentication_status"]
    assert _errors(at) == [i18n.translate("login.throttled", "nb", wait="N sekunder")]


def test_a_disabled_user_is_refused_on_the_next_rerun(users, app_engine):
    at = page_test("pages/overview.py", username="medlem")
    at.run()
    assert "Oversikt" in [title.value for title in at.title]
    with read_session(app_engine) as session:
        disable_user(session, actor=SYSTEM, username="medlem")
    at.run()
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]
    assert "Oversikt" not in [title.value for title in at.title]


def test_a_changed_role_applies_on_the_next_rerun(users, app_engine):
    at = page_test("pages/overview.py", username="leser")
    at.run()
    with read_session(app_engine) as session:
        set_roles(session, actor=SYSTEM, username="leser", roles=["coordinator"])
    at.run()
    assert at.session_state["roles"] == ["coordinator"]


def test_logout_ends_the_session(users):
    at = page_test("pages/overview.py", username="direktor")
    at.run()
    at.sidebar.button(key="osloreg_logout_button").click()
    at.run()
    assert not at.session_state["authentication_status"]
    assert [field.label for field in at.text_input] == ["Brukernavn", "Passord"]


def test_language_switch_is_remembered_for_the_user(users, app_engine):
    at = page_test("pages/overview.py", username="koordinator")
    at.run()
    at.sidebar.segmented_control(key="osloreg_language_choice").set_value("en")
    at.run()
    assert "Overview" in [title.value for title in at.title]
    with read_session(app_engine) as session:
        assert session.scalar(sa.select(User.language).where(User.username == "koordinator")) == "en"
    fresh = page_test("app.py")
    fresh.run()
    _log_in(fresh, "koordinator", PASSWORD)
    assert "Overview" in [title.value for title in fresh.title]


def test_production_refuses_a_demo_account(app_engine, monkeypatch):
    from tests.unit.test_config import GOOD_KEY

    with read_session(app_engine) as session:
        create_user(
            session,
            actor=SYSTEM,
            username="demo",
            display_name="Demo",
            password=PASSWORD,
            roles=["viewer"],
            is_demo=True,
        )
    monkeypatch.setenv("OSLOREG_ENV", "production")
    monkeypatch.setenv("OSLOREG_COOKIE_KEY", GOOD_KEY)
    at = page_test("app.py")
    at.run()
    _log_in(at, "demo", PASSWORD)
    assert not at.session_state["authentication_status"]
    assert "produksjon" in _texts(at)


def test_an_unexpected_error_shows_a_friendly_message_and_no_details(caplog):
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from osloreg import ui

        try:
            raise RuntimeError("secret detail from the database")
        except RuntimeError as error:
            ui.show_error(error)

    at = AppTest.from_function(script)
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("Noe gikk galt")
    assert "secret detail" not in at.error[0].value
    assert "secret detail" in caplog.text
