"""Login in a real browser: the form for each role, staying logged in over a reload, logging out
for good (also for a copied cookie and in other browsers), logins ended by a new password, disable
and enable, new roles, and by time; bad cookies; the Secure cookie in production; the throttle."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n, login_tokens
from osloreg.db import make_engine, read_session
from osloreg.enums import Role
from osloreg.models import User
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user, disable_user, enable_user, reset_password, set_roles
from tests.browser.fixtures import LOCK_USER
from tests.browser.helpers import (
    COOKIE_NAME,
    DATA_SELECTORS,
    DEMO_PASSWORD,
    LOGOUT_BUTTON,
    OVERVIEW,
    OWN_PASSWORD,
    TIMEOUT_MS,
    USERNAME_LABEL,
    Server,
    auth_cookie,
    demo_user,
    log_in,
    log_out,
    open_page,
    settle,
    streamlit_server,
    submit_login,
    wait_for_login_form,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

# How long a verdict may take to show on a busy machine (a run, then the cookie component's run).
VERDICT_MS = 45_000
THROTTLED = re.compile(r"For mange mislykkede innloggingsforsøk\. Vent \d+ sekund")


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE)


def _overview(page):
    return page.get_by_role("heading", name=OVERVIEW)


def _expect_logged_out(page, when: str) -> None:
    """The login form, and nothing of the app behind it."""
    settle(page)
    expect(_overview(page), f"{when}: the overview shows, so the browser is logged in").to_have_count(0)
    wait_for_login_form(page)
    expect(page.get_by_role("button", name=LOGOUT_BUTTON)).to_have_count(0)
    for selector in DATA_SELECTORS:
        expect(page.locator(selector)).to_have_count(0)


def _wait_for(condition, what: str) -> None:
    """Poll a condition on the database (where the server records its verdicts), bounded."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_each_role_logs_in_through_the_form_and_sees_the_overview(server, page, role):
    username = demo_user(role)
    log_in(page, server.url, username)
    expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"({username})")).to_be_visible()
    roles_line = f"{_nb('sidebar.roles')}: {_nb(f'role.{role}')}"
    expect(sidebar.get_by_text(roles_line, exact=True)).to_be_visible()
    expect(sidebar.get_by_role("button", name=LOGOUT_BUTTON)).to_be_visible()


def test_a_reload_keeps_the_user_logged_in(server, context, page):
    log_in(page, server.url, demo_user("director"))
    assert auth_cookie(context) is not None, "the login cookie was never set in the browser"
    page.reload()
    settle(page)
    expect(_overview(page)).to_be_visible()
    expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)


def test_after_logout_a_reload_shows_the_login_form(server, context, page):
    log_in(page, server.url, demo_user("member"))
    assert auth_cookie(context) is not None, "the login cookie was never set in the browser"
    log_out(page)
    _expect_logged_out(page, "right after logout")
    page.reload()
    _expect_logged_out(page, "after logout and a reload")


def test_logout_deletes_the_login_cookie_from_the_browser(server, context, page):
    log_in(page, server.url, demo_user("viewer"))
    assert auth_cookie(context) is not None, "the login cookie was never set in the browser"
    log_out(page)  # waits (bounded) for the browser to delete it, the server not only refusing it
    assert auth_cookie(context, timeout_ms=0) is None, "logout left the login cookie in the browser"


def test_a_cookie_copied_before_logout_is_refused_afterwards(server, make_context):
    first = make_context()
    page = open_page(first)
    log_in(page, server.url, demo_user("coordinator"))
    cookie = auth_cookie(first)
    assert cookie is not None, "the login cookie was never set in the browser"

    # While the login lives, the copied cookie alone logs another browser in: it is the real thing.
    before = make_context()
    before.add_cookies([cookie])
    copy_page = open_page(before)
    copy_page.goto(server.url)
    settle(copy_page)
    expect(_overview(copy_page)).to_be_visible()

    log_out(page)

    after = make_context()
    after.add_cookies([cookie])
    refused_page = open_page(after)
    refused_page.goto(server.url)
    _expect_logged_out(refused_page, "a new browser with the cookie copied before logout")


def test_after_five_wrong_passwords_the_name_waits_then_the_right_one_logs_in(server, browser_database, page):
    engine = make_engine(browser_database)

    def failed_logins() -> int:
        with read_session(engine) as session:
            return session.scalar(sa.select(User.failed_logins).where(User.username == LOCK_USER))

    try:
        page.goto(server.url)
        for attempt in range(1, 6):
            submit_login(page, LOCK_USER, f"feil passord nr {attempt}")
            # The message looks the same after every wrong attempt: wait for the server's count.
            _wait_for(lambda n=attempt: failed_logins() == n, f"failed login number {attempt}")
        expect(page.get_by_text(_nb("login.failed"))).to_be_visible()

        # The right password at once is refused without being checked, with the wait in words.
        submit_login(page, LOCK_USER, OWN_PASSWORD)
        _wait_for(lambda: failed_logins() == 6, "the refusal of the right password while throttled")
        expect(page.get_by_text(THROTTLED)).to_be_visible()
        _expect_logged_out(page, "the right password while the name waits")

        time.sleep(2.5)  # the wait after five failures: two seconds
        submit_login(page, LOCK_USER, OWN_PASSWORD)
        expect(_overview(page)).to_be_visible(timeout=TIMEOUT_MS)
        # Told of the six attempts that failed since the last login.
        expect(page.get_by_test_id("stSidebar").get_by_text(re.compile(r"siden sist: 6,"))).to_be_visible()
    finally:
        engine.dispose()


def test_a_login_in_the_tab_someone_logged_out_of_lasts(server, page):
    """The page still carries the cookie revoked at logout: the new login is judged by its own."""
    log_in(page, server.url, "koordinator")
    page.reload()  # a session started from the login cookie, as every later visit is
    expect(_overview(page)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    log_out(page)
    submit_login(page, "medlem", DEMO_PASSWORD)
    expect(_overview(page)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    # The next run (here: a click) keeps the login.
    projects = _nb("nav.pipeline")
    link = page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(projects, exact=True))
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name=projects, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("(medlem)")
    # A later visit stands on the new login's cookie. The cookie component that deleted the old one
    # once deleted the new one too, when it was written before the component had left the page.
    page.reload()
    expect(page.get_by_role("heading", name=projects, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("(medlem)")


# --- Logins that end ---------------------------------------------------------------------------------


def _on_database(browser_database: str, call):
    """Do something to the server's database from outside, as an admin at the command line would."""
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            return call(session)
    finally:
        engine.dispose()


def _new_user(browser_database: str, role: str = "viewer") -> str:
    """A user of the test's own (these tests change passwords, roles and access)."""
    username = f"b{secrets.token_hex(4)}"
    _on_database(
        browser_database,
        lambda session: create_user(
            session,
            actor=SYSTEM,
            username=username,
            display_name=username.title(),
            password=OWN_PASSWORD,
            roles=[role],
        ),
    )
    return username


def _with_cookie(make_context, server: Server, cookie: dict):
    """A new browser holding only this login cookie, opening the app."""
    context = make_context()
    context.add_cookies([cookie])
    page = open_page(context)
    page.goto(server.url)
    return page


def _logged_in_with_a_copy(make_context, server: Server, username: str) -> tuple[object, dict]:
    """Log in through the form, copy the cookie, and show that the copy alone logs another browser in
    (it is the real thing until the login ends)."""
    page = open_page(make_context())
    log_in(page, server.url, username, OWN_PASSWORD)
    cookie = auth_cookie(page.context)
    assert cookie is not None, "the login cookie was never set in the browser"
    copy = _with_cookie(make_context, server, cookie)
    expect(_overview(copy)).to_be_visible(timeout=VERDICT_MS)
    expect(copy.get_by_test_id("stSidebar")).to_contain_text(f"({username})")
    return page, cookie


def _next_run(page) -> None:
    """Whatever the user does next in an open tab: here, a click on a menu link."""
    link = page.get_by_test_id("stSidebarNavLink").filter(
        has=page.get_by_text(_nb("nav.pipeline"), exact=True)
    )
    link.click()


def _shows_only_the_login_form(page, when: str) -> None:
    """The login form once the app has judged the login, and nothing of the app behind it. (These
    visits do not type into the form, so they need not wait for the cookie component's run.)"""
    expect(page.get_by_label(USERNAME_LABEL), when).to_be_visible(timeout=VERDICT_MS)
    expect(_overview(page), f"{when}: the overview shows").to_have_count(0)
    expect(page.get_by_role("button", name=LOGOUT_BUTTON)).to_have_count(0)
    for selector in DATA_SELECTORS:
        expect(page.locator(selector)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _ended(page, when: str, notice: str = "login.ended") -> None:
    """The login form with the notice why, and nothing of the app."""
    expect(page.get_by_text(_nb(notice)), when).to_be_visible(timeout=VERDICT_MS)
    _shows_only_the_login_form(page, when)


def _cookie_gone(context) -> bool:
    """Whether the login cookie leaves the browser (the app deletes it a run later), bounded."""
    deadline = time.monotonic() + VERDICT_MS / 1000
    while auth_cookie(context, timeout_ms=0) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize(
    "ending",
    ["a new password", "disable and enable", "new roles"],
)
def test_a_login_ends_everywhere_at_once_when_an_admin_changes_the_account(
    server, browser_database, make_context, ending
):
    username = _new_user(browser_database)
    page, cookie = _logged_in_with_a_copy(make_context, server, username)

    def change(session) -> None:
        if ending == "a new password":
            reset_password(session, actor=SYSTEM, username=username, password="et helt nytt langt passord")
        elif ending == "disable and enable":
            disable_user(session, actor=SYSTEM, username=username)
            enable_user(session, actor=SYSTEM, username=username)
        else:
            set_roles(session, actor=SYSTEM, username=username, roles=["coordinator"])

    _on_database(browser_database, change)
    # The open tab ends on its next run, and does not log straight back in from its cookie.
    _next_run(page)
    _ended(page, f"the open tab after {ending}")
    page.reload()
    _shows_only_the_login_form(page, f"the open tab reloaded after {ending}")
    # The copied cookie in a new browser is refused, and says why.
    _ended(_with_cookie(make_context, server, cookie), f"a copied cookie after {ending}")


def test_logout_ends_the_users_login_in_every_other_browser_too(server, browser_database, make_context):
    username = _new_user(browser_database)
    here = open_page(make_context())
    log_in(here, server.url, username, OWN_PASSWORD)
    elsewhere, cookie = _logged_in_with_a_copy(make_context, server, username)
    expect(here.get_by_test_id("stSidebar").get_by_role("button", name=LOGOUT_BUTTON)).to_be_visible()
    log_out(here)
    _next_run(elsewhere)
    _ended(elsewhere, "another browser's open tab after logout")
    _ended(_with_cookie(make_context, server, cookie), "the other browser's cookie, copied, after logout")


def _token(server: Server, browser_database: str, username: str, *, lifetime: dt.timedelta) -> str:
    """A token as the server makes them, on its own key and the user's current epoch."""
    key = (server.log_path.parent / "cookie_key").read_text(encoding="utf-8").strip()
    epoch = _on_database(
        browser_database,
        lambda session: session.scalar(sa.select(User.session_epoch).where(User.username == username)),
    )
    token, _ = login_tokens.issue(key=key, username=username, epoch=epoch, lifetime=lifetime)
    return token


def test_an_open_tab_ends_when_its_login_runs_out(server, browser_database, make_context):
    username = _new_user(browser_database)
    lifetime = dt.timedelta(seconds=20)  # long enough to log in on a busy machine
    started = time.monotonic()
    token = _token(server, browser_database, username, lifetime=lifetime)
    page = _with_cookie(make_context, server, {"name": COOKIE_NAME, "value": token, "url": server.url})
    expect(_overview(page)).to_be_visible(timeout=VERDICT_MS)
    time.sleep(max(0.0, lifetime.total_seconds() + 1 - (time.monotonic() - started)))
    _next_run(page)
    _ended(page, "an open tab whose login ran out", notice="login.expired")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("kind", ["alg none", "garbage"])
def test_a_bad_cookie_shows_the_login_form_and_is_deleted(server, make_context, kind):
    later = int(time.time()) + 3600
    claims = {"sub": "admin", "epoch": 0, "jti": "x", "iat": later - 3600, "exp": later}
    value = (
        f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}." if kind == "alg none" else "garbage%%.{}.x"
    )
    page = _with_cookie(make_context, server, {"name": COOKIE_NAME, "value": value, "url": server.url})
    _shows_only_the_login_form(page, f"a browser with a cookie of {kind}")
    expect(page.get_by_role("alert")).to_have_count(0)  # no error box, no notice: it was never a login
    assert _cookie_gone(page.context), "the bad cookie was left in the browser"
    # The form works as ever.
    submit_login(page, "leser", DEMO_PASSWORD)
    expect(_overview(page)).to_be_visible(timeout=VERDICT_MS)


@pytest.mark.timeout(120)
def test_the_first_login_after_the_server_starts_works_at_the_first_try(
    browser_database, make_context, tmp_path_factory
):
    """The first session after a start once drew the login form under other widget ids than the
    run its submit started: the password was lost, and the form came back empty (no attempt was
    even recorded). A second run of the page hid it, until the login page ran only once."""
    with streamlit_server(browser_database, tmp_path_factory.mktemp("fresh-var")) as fresh:
        page = open_page(make_context())
        log_in(page, fresh.url, demo_user("director"))
        expect(_overview(page)).to_be_visible()
        assert auth_cookie(page.context) is not None, "the login cookie was never set in the browser"


def test_in_production_the_login_cookie_is_secure_strict_and_short_lived(
    browser_database, make_context, tmp_path_factory
):
    username = _new_user(browser_database)  # production refuses the demo accounts
    environment = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": secrets.token_urlsafe(48)}
    var_dir = tmp_path_factory.mktemp("production-var")
    with streamlit_server(browser_database, var_dir, env=environment) as production:
        page = open_page(make_context())
        before = time.time()
        log_in(page, production.url, username, OWN_PASSWORD)
        cookie = auth_cookie(page.context)
    assert (cookie["secure"], cookie["sameSite"]) == (True, "Strict"), cookie
    # Eight hours by default (the browser counts from when it set it).
    assert before + 8 * 3600 - 60 < cookie["expires"] < time.time() + 8 * 3600 + 60, cookie
