"""The document's language in Chromium: `<html lang>` is "nb" on the login page (also opened by deep
link on a fresh server, where the page file runs without app.py), after login, on a deep link, and
"en" once the user picks English in the sidebar, across page switches and a new page load, and "nb"
again when they pick bokmål; the component that sets it takes no room and asks no other host for
anything."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.models import Meeting
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from osloreg.ui.kit.document_language import KEY
from tests.browser.helpers import (
    OWN_PASSWORD,
    TIMEOUT_MS,
    Server,
    log_in,
    new_run,
    settle,
    wait_for_login_form,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

# A user of this module's own: choosing English is saved for the user, and must not reach the demo
# accounts the other browser tests log in as (they expect bokmål).
USER = "spraakvelger"
COMPONENT = f".st-key-{KEY}"
# The sidebar's first element the user can see starts where its column starts: the component before
# it left no gap (Streamlit puts 1rem between elements, even around one of height 0).
_SIDEBAR_GAP = """() => {
  const block = document.querySelector(
    '[data-testid="stSidebarUserContent"] [data-testid="stVerticalBlock"]');
  const shown = [...block.children].filter((child) => child.getBoundingClientRect().height > 0);
  return shown[0].getBoundingClientRect().top - block.getBoundingClientRect().top;
}"""


def _nb(key: str) -> str:
    return i18n.translate(key, "nb")


def _en(key: str) -> str:
    return i18n.translate(key, "en")


@pytest.fixture(scope="module")
def server(start_server, browser_database) -> Iterator[Server]:
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            create_user(
                session,
                actor=SYSTEM,
                username=USER,
                display_name="Språkvelger",
                password=OWN_PASSWORD,
                roles=["viewer"],
            )
    finally:
        engine.dispose()
    with start_server() as running:
        yield running


@pytest.fixture(scope="module")
def meeting_id(browser_database) -> int:
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            return session.scalar(sa.select(Meeting.id).order_by(Meeting.id))
    finally:
        engine.dispose()


def _other_hosts(page, server: Server) -> list[str]:
    """Start recording the requests of `page` that go over the network anywhere but the app's own
    server (the component's inline script is loaded from a blob: address, inside the browser)."""
    own = urlsplit(server.url).netloc
    elsewhere: list[str] = []

    def seen(request) -> None:
        address = urlsplit(request.url)
        if address.scheme not in ("blob", "data") and address.netloc != own:
            elsewhere.append(request.url)

    page.on("request", seen)
    return elsewhere


# Every value `<html lang>` takes, with the time since the page load began: what Streamlit's own HTML
# says, and how long until the first run's component corrects it.
_WATCH_LANG = """(() => {
  const seen = (window.osloregLang = []);
  const note = () => seen.push(
    [Math.round(performance.now()), document.documentElement.getAttribute("lang")]);
  const watch = () => {
    note();
    new MutationObserver(note).observe(
      document.documentElement, {attributes: true, attributeFilter: ["lang"]});
  };
  if (document.documentElement) {
    watch();
  } else {  // the script runs before the parser has made <html>
    new MutationObserver((_, observer) => {
      if (document.documentElement) { observer.disconnect(); watch(); }
    }).observe(document, {childList: true});
  }
})();"""


# The component's script runs once the sidebar is drawn, a moment after the run has finished (about
# 0.5 s after a page load here; longer on a loaded machine): the language must be set within this.
LANG_SET_MS = 5_000


def _expect_lang(page, code: str) -> None:
    settle(page)
    expect(page.locator("html")).to_have_attribute("lang", code, timeout=LANG_SET_MS)


def _takes_no_room(page) -> None:
    component = page.locator(COMPONENT)
    expect(component).to_have_count(1)
    expect(component).to_be_hidden()
    assert page.evaluate(_SIDEBAR_GAP) == 0


def _pick(page, language_label: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    with new_run(page):
        sidebar.get_by_role("radio", name=language_label, exact=True).click()


def _go_to(page, title: str) -> None:
    with new_run(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=TIMEOUT_MS)


def test_logged_out_the_document_is_in_bokmal(server, page, meeting_id):
    """First in this module, so that the deep link reaches a server on which app.py has not run yet:
    the page file's own guard draws the login form (and the sidebar) there."""
    elsewhere = _other_hosts(page, server)
    page.add_init_script(_WATCH_LANG)
    page.goto(f"{server.url}/calendar?meeting={meeting_id}")
    wait_for_login_form(page)
    _expect_lang(page, "nb")
    _takes_no_room(page)
    page.goto(server.url)
    wait_for_login_form(page)
    _expect_lang(page, "nb")
    _takes_no_room(page)
    assert elsewhere == []
    changes = page.evaluate("() => window.osloregLang")
    print(f"\nlogin page: <html lang> as loaded and as changed (ms since the load began): {changes}")
    assert changes[-1][1] == "nb" and all(lang in ("en", "nb") for _, lang in changes)


def test_the_document_language_follows_the_user_s_choice(server, page, meeting_id):
    elsewhere = _other_hosts(page, server)
    log_in(page, server.url, USER, OWN_PASSWORD)
    _expect_lang(page, "nb")
    _takes_no_room(page)

    page.goto(f"{server.url}/calendar?meeting={meeting_id}")
    settle(page, logged_in=True)
    expect(page.get_by_text(_nb("meeting.gone"))).to_have_count(0)
    _expect_lang(page, "nb")

    _pick(page, _nb("language.en"))
    expect(page.get_by_test_id("stSidebar").get_by_text(_en("sidebar.language"), exact=True)).to_be_visible()
    _expect_lang(page, "en")
    _takes_no_room(page)
    _go_to(page, _en("nav.overview"))
    _expect_lang(page, "en")
    _go_to(page, _en("nav.calendar"))
    _expect_lang(page, "en")
    page.reload()  # a new session: the saved choice comes back with the login cookie
    settle(page, logged_in=True)
    _expect_lang(page, "en")

    _pick(page, _en("language.nb"))
    expect(page.get_by_test_id("stSidebar").get_by_text(_nb("sidebar.language"), exact=True)).to_be_visible()
    _expect_lang(page, "nb")
    _go_to(page, _nb("nav.overview"))
    _expect_lang(page, "nb")
    _takes_no_room(page)
    assert elsewhere == []
