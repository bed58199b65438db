"""Login in a real browser: the form for each role, staying logged in over a reload, logging out
for good (also for a copied cookie), and the lockout after five wrong passwords."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.enums import Role
from osloreg.models import AuditEvent, User
from tests.browser import (
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
    submit_login,
    wait_for_login_form,
)
from tests.browser.fixtures import LOCK_USER

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


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


def test_five_wrong_passwords_lock_the_account(server, browser_database, page):
    engine = make_engine(browser_database)

    def user() -> User:
        with read_session(engine) as session:
            return session.scalar(sa.select(User).where(User.username == LOCK_USER))

    def refusals_while_locked() -> int:
        with read_session(engine) as session:
            query = sa.select(sa.func.count()).select_from(AuditEvent)
            query = query.where(AuditEvent.entity == "users", AuditEvent.entity_id == user().id)
            return session.scalar(query.where(AuditEvent.action == "login.refused_locked"))

    try:
        page.goto(server.url)
        for attempt in range(1, 6):
            submit_login(page, LOCK_USER, f"feil passord nr {attempt}")
            # The message looks the same after every wrong attempt: wait for the server's count.
            _wait_for(lambda n=attempt: user().failed_logins == n, f"failed login number {attempt}")
        expect(page.get_by_text("låst")).to_be_visible()
        assert user().locked_until is not None

        # The right password while locked is refused too.
        submit_login(page, LOCK_USER, OWN_PASSWORD)
        _wait_for(lambda: refusals_while_locked() == 1, "the refusal of the right password while locked")
        expect(page.get_by_text("låst")).to_be_visible()
        _expect_logged_out(page, "the right password on a locked account")
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
    # The next run (here: the cookie component reporting the new cookie, then a click) keeps the login.
    projects = _nb("nav.pipeline")
    link = page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(projects, exact=True))
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name=projects, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("(medlem)")
