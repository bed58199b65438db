"""The admin page's users tab in AppTest: create a user and see it listed; a refused password keeps the
form; change roles, disable and enable, unlock, reset a password; an admin cannot lock themselves out."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.models import AuditEvent, User
from osloreg.passwords import verify_password
from osloreg.services.logins import attempt_login
from osloreg.services.users import find_user
from tests.pages.conftest import nb, page_test


def _page():
    at = page_test("pages/admin.py", username="admin")
    at.run()
    assert not at.exception
    return at


def _fill_new_user(at, *, password: str, repeat: str | None = None) -> None:
    at.text_input(key="user_new_username").input("kari")
    at.text_input(key="user_new_display_name").input("Kari Nordmann")
    at.text_input(key="user_new_email").input("kari@example.org")
    at.multiselect(key="user_new_roles").set_value(["coordinator", "viewer"])
    at.selectbox(key="user_new_language").set_value("en")
    at.text_input(key="user_new_password").input(password)
    at.text_input(key="user_new_password_repeat").input(password if repeat is None else repeat)
    at.button(key="user_new_save").click()
    at.run()


def _user(engine: Engine, username: str) -> User | None:
    with read_session(engine) as session:
        return find_user(session, username)


def _actions(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(
            session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.action.like("user.%")).order_by(AuditEvent.id)
            )
        )


def _choose(at, engine: Engine, username: str) -> int:
    user_id = _user(engine, username).id
    at.selectbox(key="user_edit_choice").set_value(user_id)
    at.run()
    assert not at.exception
    return user_id


def test_the_list_shows_every_user_with_roles_and_state(users, app_engine):
    at = _page()
    assert nb("admin.users.list", count=5) in [header.value for header in at.header]
    table = at.dataframe[0].value
    assert list(table["username"]) == sorted(users)
    assert dict(zip(table["username"], table["roles"], strict=True))["direktor"] == "Direktør"
    assert not table["disabled"].any() and set(table["locked_until"]) == {""}
    # The new user's roles box asks in the user's language, not in Streamlit's English default.
    placeholders = {box.proto.placeholder for box in at.multiselect}
    assert nb("admin.users.choose_roles") in placeholders and "Choose options" not in placeholders


def test_an_admin_creates_a_user_and_sees_it_listed(users, app_engine):
    at = _page()
    _fill_new_user(at, password="  et langt passord æøå  ")
    assert not at.exception and not at.error
    assert [message.value for message in at.success] == [nb("admin.users.created", username="kari")]
    table = at.dataframe[0].value
    row = table[table["username"] == "kari"].iloc[0]
    assert (row["display_name"], row["roles"], row["language"]) == (
        "Kari Nordmann",
        "Koordinator, Leser",
        "English",
    )
    kari = _user(app_engine, "kari")
    assert kari.roles == {"coordinator", "viewer"} and (kari.email, kari.language) == (
        "kari@example.org",
        "en",
    )
    assert verify_password("  et langt passord æøå  ", kari.password_hash)  # nothing trimmed
    assert _actions(app_engine) == [*["user.create"] * 5, "user.create"]
    # The form starts empty again, under new keys, so the browser shows it empty too.
    assert at.text_input(key="user_new_username_1").value == ""
    assert at.text_input(key="user_new_password_1").value == ""


def test_a_too_short_password_is_refused_with_the_policy_and_the_form_keeps_its_values(users, app_engine):
    at = _page()
    _fill_new_user(at, password="elleve tegn")  # 11 characters
    assert not at.exception
    assert [error.value for error in at.error] == [nb("error.password_too_short", min=12)]
    assert at.text_input(key="user_new_username").value == "kari"
    assert at.text_input(key="user_new_display_name").value == "Kari Nordmann"
    assert at.multiselect(key="user_new_roles").value == ["coordinator", "viewer"]
    assert at.text_input(key="user_new_password").value == "elleve tegn"
    assert _user(app_engine, "kari") is None

    at.text_input(key="user_new_password").input("x" * 129)
    at.text_input(key="user_new_password_repeat").input("x" * 129)
    at.button(key="user_new_save").click()
    at.run()
    assert [error.value for error in at.error] == [nb("error.password_too_long", max=128)]
    assert _user(app_engine, "kari") is None


def test_two_different_passwords_are_refused_before_anything_is_saved(users, app_engine):
    at = _page()
    _fill_new_user(at, password="et langt passord", repeat="et langt passorD")
    assert [error.value for error in at.error] == [nb("admin.users.password_mismatch")]
    assert _user(app_engine, "kari") is None and at.text_input(key="user_new_username").value == "kari"


def test_a_taken_username_is_refused_in_words(users, app_engine):
    at = _page()
    at.text_input(key="user_new_username").input("medlem")
    at.text_input(key="user_new_display_name").input("Noen")
    at.multiselect(key="user_new_roles").set_value(["viewer"])
    at.text_input(key="user_new_password").input("et langt passord")
    at.text_input(key="user_new_password_repeat").input("et langt passord")
    at.button(key="user_new_save").click()
    at.run()
    assert [error.value for error in at.error] == [nb("error.username_taken", username="medlem")]


def test_roles_details_disable_enable_and_reset_through_the_page(users, app_engine):
    at = _page()
    user_id = _choose(at, app_engine, "medlem")
    prefix = f"user_{user_id}"

    at.multiselect(key=f"{prefix}_roles_roles").set_value(["coordinator"])
    at.button(key=f"{prefix}_roles_save").click()
    at.run()
    assert [m.value for m in at.success] == [
        nb("admin.users.roles_saved", username="medlem", roles="Koordinator")
    ]
    assert _user(app_engine, "medlem").roles == {"coordinator"}

    at.text_input(key=f"{prefix}_details_display_name").input("Mette Medlem")
    at.button(key=f"{prefix}_details_save").click()
    at.run()
    assert _user(app_engine, "medlem").display_name == "Mette Medlem"

    assert at.button(key=f"{prefix}_disable").disabled  # until the confirmation is ticked
    at.checkbox(key=f"{prefix}_disable_confirm").check()
    at.run()
    at.button(key=f"{prefix}_disable").click()
    at.run()
    assert [m.value for m in at.success] == [nb("admin.users.disabled", username="medlem")]
    assert _user(app_engine, "medlem").disabled
    assert at.dataframe[0].value.set_index("username").loc["medlem", "disabled"]

    at.button(key=f"{prefix}_enable").click()
    at.run()
    assert not _user(app_engine, "medlem").disabled

    at.text_input(key=f"{prefix}_password_password").input(" nytt passord 🔑 ")
    at.text_input(key=f"{prefix}_password_password_repeat").input(" nytt passord 🔑 ")
    at.button(key=f"{prefix}_password_save").click()
    at.run()
    assert [m.value for m in at.success] == [nb("admin.users.reset_done", username="medlem")]
    with read_session(app_engine) as session:
        assert attempt_login(session, username="medlem", password=" nytt passord 🔑 ").ok
    assert _actions(app_engine)[5:] == [
        "user.set_roles",
        "user.update",
        "user.disable",
        "user.enable",
        "user.reset_password",
    ]


def test_a_locked_user_is_shown_locked_and_unlocked_with_one_click(users, app_engine):
    with app_engine.begin() as connection:
        connection.execute(
            sa.update(User)
            .where(User.username == "leser")
            .values(failed_logins=5, locked_until=dt.datetime(2100, 1, 1, 12))
        )
    at = _page()
    assert at.dataframe[0].value.set_index("username").loc["leser", "locked_until"] == "01.01.2100 kl. 13:00"
    user_id = _choose(at, app_engine, "leser")
    assert any(w.value.startswith("Låst til 01.01.2100") for w in at.warning)
    at.button(key=f"user_{user_id}_unlock").click()
    at.run()
    assert [m.value for m in at.success] == [nb("admin.users.unlocked", username="leser")]
    leser = _user(app_engine, "leser")
    assert (leser.failed_logins, leser.locked_until) == (0, None)
    assert f"user_{user_id}_unlock" not in [button.key for button in at.button]


def test_an_admin_cannot_disable_themselves_or_drop_their_own_admin_role(users, app_engine):
    at = _page()
    user_id = _choose(at, app_engine, "admin")
    assert nb("admin.users.you") in [caption.value for caption in at.caption]
    prefix = f"user_{user_id}"
    at.checkbox(key=f"{prefix}_disable_confirm").check()
    at.run()
    at.button(key=f"{prefix}_disable").click()
    at.run()
    assert [error.value for error in at.error] == [nb("error.disable_self")]
    at.multiselect(key=f"{prefix}_roles_roles").set_value(["viewer"])
    at.button(key=f"{prefix}_roles_save").click()
    at.run()
    assert [error.value for error in at.error] == [nb("error.own_admin_role")]
    assert at.multiselect(key=f"{prefix}_roles_roles").value == ["viewer"]  # the form keeps the choice
    admin = _user(app_engine, "admin")
    assert admin.roles == {"admin"} and not admin.disabled
    assert _actions(app_engine) == ["user.create"] * 5
