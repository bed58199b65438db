"""Varsler og kalender in AppTest: every role opens it; it shows where the digest goes, or that an address
is missing and who adds one; choosing daily, weekly or none saves the user's own choice (audited), and a
choice made through the opt-out link shows on the next run."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session, write_session
from osloreg.models import AuditEvent, User
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.notifications import set_own_digest_frequency
from osloreg.services.users import update_user
from tests.pages.conftest import ROLE_USERS, nb, ok, page_test

PAGE = "pages/notifications.py"


def _page(username: str):
    at = page_test(PAGE, username=username)
    at.run()
    ok(at)
    return at


def _frequency(engine: Engine, username: str) -> str:
    with read_session(engine) as session:
        return session.scalar(sa.select(User.digest_frequency).where(User.username == username))


def _texts(at) -> str:
    return "\n".join(str(element.value) for element in [*at.markdown, *at.warning, *at.success, *at.caption])


@pytest.mark.parametrize("username", sorted(ROLE_USERS))
def test_every_role_opens_the_page_and_sees_its_choice(users, username):
    at = _page(username)
    assert [title.value for title in at.title] == [nb("nav.notifications")]
    [choice] = at.radio
    assert choice.value == "weekly"  # the default
    assert choice.options == ["Daglig", "Ukentlig", "Ingen"]


def test_without_an_address_the_page_says_so_and_who_can_add_one(users):
    at = _page("medlem")
    assert nb("notifications.digest.no_address") in _texts(at)


def test_with_an_address_the_page_names_it(users, app_engine):
    with write_session(app_engine) as session:
        update_user(session, actor=SYSTEM, username="medlem", email="medlem_1@osloreg.example")
    at = _page("medlem")
    assert "Oversikten sendes til medlem\\_1@osloreg\\.example\\." in _texts(at)  # markdown escaped
    assert nb("notifications.digest.no_address") not in _texts(at)


def test_choosing_daily_then_none_saves_the_users_own_choice(users, app_engine):
    at = _page("medlem")
    at.radio[0].set_value("daily")
    at.button(key="notifications_digest_save").click()
    at.run()
    ok(at)
    assert _frequency(app_engine, "medlem") == "daily"
    assert nb("notifications.digest.saved.daily") in _texts(at)
    assert at.radio[0].value == "daily"
    at.radio[0].set_value("none")
    at.button(key="notifications_digest_save").click()
    at.run()
    assert _frequency(app_engine, "medlem") == "none"
    with read_session(app_engine) as session:
        events = session.execute(
            sa.select(AuditEvent.actor_name, AuditEvent.after).where(
                AuditEvent.action == "user.set_digest_frequency"
            )
        ).all()
    assert [tuple(event) for event in events] == [
        ("medlem", {"digest_frequency": "daily", "via": "app"}),
        ("medlem", {"digest_frequency": "none", "via": "app"}),
    ]
    assert _frequency(app_engine, "leser") == "weekly"  # nobody else's changed


def test_a_choice_made_through_the_opt_out_link_shows_on_the_next_run(users, app_engine):
    at = _page("leser")
    with read_session(app_engine) as session:
        user = session.scalar(sa.select(User).where(User.username == "leser"))
        actor = Actor(user_id=user.id, username="leser", roles=user.roles)
    with write_session(app_engine) as session:
        set_own_digest_frequency(session, actor=actor, frequency="none", via="opt_out_link")
    at.run()
    ok(at)
    assert at.radio[0].value == "none"
