"""The admin page's password fields (security review #25): a password of emoji or other characters
outside the Basic Multilingual Plane reaches the service whole, and the service's rule, counted in
characters, decides; the field never cuts it short. AppTest takes any text; a browser stops an <input>
at its maxlength counted in UTF-16 units (an emoji is two), so the fields are filled here as a browser
fills them."""

from __future__ import annotations

from osloreg import i18n
from osloreg.db import read_session
from osloreg.services.logins import attempt_login
from osloreg.services.users import find_user
from tests.pages.conftest import page_test

# 70 different emoji (a row of one emoji over and over is refused as a repeat): 70 characters,
# 140 UTF-16 units. The review typed 70 and the browser kept 64.
SEVENTY = "".join(chr(0x1F600 + i * 7 % 80) for i in range(70))
TOO_LONG = "".join(chr(0x1F600 + i * 7 % 80) for i in range(129))


def _type(widget, text: str) -> None:
    """What a browser puts in an <input maxlength=N>: the first N UTF-16 units of what is typed or
    pasted (it never splits an emoji's pair); all of it when there is no maxlength."""
    limit = widget.max_chars
    if limit:
        kept, units = [], 0
        for char in text:
            units += 2 if ord(char) > 0xFFFF else 1
            if units > limit:
                break
            kept.append(char)
        text = "".join(kept)
    widget.input(text)


def _page():
    at = page_test("pages/admin.py", username="admin")
    at.run()
    assert not at.exception
    return at


def _create(at, password: str) -> None:
    at.text_input(key="user_new_username").input("kari")
    at.text_input(key="user_new_display_name").input("Kari Nordmann")
    at.multiselect(key="user_new_roles").set_value(["viewer"])
    _type(at.text_input(key="user_new_password"), password)
    _type(at.text_input(key="user_new_password_repeat"), password)
    at.button(key="user_new_save").click()
    at.run()


def _logs_in(engine, username: str, password: str) -> bool:
    with read_session(engine) as session:
        return attempt_login(session, username=username, password=password).ok


def test_seventy_emoji_reach_the_service_whole_and_open_the_account(users, app_engine):
    at = _page()
    _create(at, SEVENTY)
    assert not at.exception and not at.error
    assert [m.value for m in at.success] == [i18n.translate("admin.users.created", "nb", username="kari")]
    assert _logs_in(app_engine, "kari", SEVENTY)
    assert not _logs_in(app_engine, "kari", SEVENTY[:64])  # what the browser used to keep


def test_a_password_over_the_limit_gets_the_services_words_not_a_silent_cut(users, app_engine):
    at = _page()
    _create(at, TOO_LONG)
    assert [e.value for e in at.error] == [i18n.translate("error.password_too_long", "nb", max=128)]
    with read_session(app_engine) as session:
        assert find_user(session, "kari") is None


def test_a_reset_to_seventy_emoji_opens_the_account_with_all_seventy(users, app_engine):
    at = _page()
    with read_session(app_engine) as session:
        user_id = find_user(session, "medlem").id
    at.selectbox(key="user_edit_choice").set_value(user_id)
    at.run()
    prefix = f"user_{user_id}_password"
    reset = SEVENTY[::-1]
    _type(at.text_input(key=f"{prefix}_password"), reset)
    _type(at.text_input(key=f"{prefix}_password_repeat"), reset)
    at.button(key=f"{prefix}_save").click()
    at.run()
    assert not at.error
    assert _logs_in(app_engine, "medlem", reset) and not _logs_in(app_engine, "medlem", reset[:64])
