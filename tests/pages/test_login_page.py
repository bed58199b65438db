"""Logins in AppTest: the user told of failed attempts since the last login, new roles and logout
ending open logins on their next run, and admins shown the accounts many attempts failed at."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import OSLO
from osloreg.db import read_session
from osloreg.models import User
from osloreg.services.base import SYSTEM
from osloreg.services.users import set_roles
from tests.pages.conftest import PASSWORD, nb, page_test
from tests.pages.test_shell import _log_in


def _logged_in_through_the_form(username: str):
    at = page_test("app.py")
    at.run()
    _log_in(at, username, PASSWORD)
    assert at.session_state["authentication_status"], [e.value for e in at.error]
    # The user's next click: the page's widgets settle (the login run drew them while the page was
    # still the login page).
    at.run()
    return at


def _login_form_with(at, notice: str) -> bool:
    return [f.label for f in at.text_input] == ["Brukernavn", "Passord"] and [
        w.value for w in at.warning
    ] == [nb(notice)]


def test_the_user_is_told_of_the_attempts_that_failed_since_the_last_login(users, app_engine):
    at = page_test("app.py")
    at.run()
    _log_in(at, "medlem", "feil passord 1")
    _log_in(at, "medlem", "feil passord 2")
    with read_session(app_engine) as session:
        last = session.scalar(sa.select(User.last_failed_login_at).where(User.username == "medlem"))
    _log_in(at, "medlem", PASSWORD)
    assert at.session_state["authentication_status"]
    oslo = last.replace(tzinfo=dt.UTC).astimezone(OSLO).replace(tzinfo=None)
    told = nb("login.failures_since_last", count=2, when=i18n.format_datetime(oslo, "nb"))
    assert [w.value for w in at.sidebar.warning] == [told]
    at.run()  # and on every run of the session
    assert [w.value for w in at.sidebar.warning] == [told]
    # The count starts anew: the next login has nothing to tell.
    again = _logged_in_through_the_form("medlem")
    assert not again.sidebar.warning


def test_new_roles_end_an_open_login_on_its_next_run(users, app_engine):
    at = _logged_in_through_the_form("koordinator")
    with read_session(app_engine) as session:
        set_roles(session, actor=SYSTEM, username="koordinator", roles=["viewer"])
    at.run()
    assert not at.session_state["authentication_status"]
    assert _login_form_with(at, "login.ended")


def test_logout_ends_the_users_logins_in_every_other_tab_and_says_so(users, app_engine):
    here = _logged_in_through_the_form("direktor")
    elsewhere = _logged_in_through_the_form("direktor")
    other_user = _logged_in_through_the_form("leser")
    button = here.sidebar.button(key="osloreg_logout_button")
    assert button.help == nb("sidebar.logout_help")
    button.click()
    here.run()
    assert not here.session_state["authentication_status"]
    assert not here.warning, [w.value for w in here.warning]  # a logout of its own is no news
    elsewhere.run()
    assert not elsewhere.session_state["authentication_status"]
    assert _login_form_with(elsewhere, "login.ended")
    other_user.run()
    assert other_user.session_state["authentication_status"]


def test_admins_see_the_accounts_many_attempts_failed_at_since_their_last_login(users, app_engine):
    when = dt.datetime(2026, 12, 3, 4, 16)  # UTC: 05:16 in Oslo
    with app_engine.begin() as connection:
        connection.execute(
            sa.update(User)
            .where(User.username == "direktor")
            .values(failed_logins=37, last_failed_login_at=when)
        )
        connection.execute(sa.update(User).where(User.username == "leser").values(failed_logins=4))
    at = page_test("pages/admin.py", username="admin")
    at.run()
    assert not at.exception
    account = nb("login.admin_alert_account", username="direktor", count=37, when="03.12.2026 kl. 05:16")
    assert nb("login.admin_alert", accounts=account) in [w.value for w in at.warning]
