"""Deep links without login: every page's URL shows the login form and no data, both on a freshly
started server (Streamlit's old automatic multipage mode, in which a URL runs the page file without
app.py) and once app.py has run (st.navigation decides); and a link to a project leads there after login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.models import Project
from osloreg.navigation import PAGES, PageSpec
from tests.browser.helpers import (
    DATA_SELECTORS,
    DEMO_PASSWORD,
    LOGOUT_BUTTON,
    Server,
    new_context,
    open_page,
    settle,
    submit_login,
    wait_for_login_form,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


@pytest.fixture(scope="module")
def fresh_server(start_server) -> Iterator[Server]:
    """A server for this module on which no session runs app.py: only deep links are opened on it,
    never the root URL, so st.navigation never runs in its process."""
    with start_server() as running:
        yield running


@pytest.fixture(scope="module")
def shell_server(start_server, browser) -> Iterator[Server]:
    """A server on which app.py has run once (logged out), as on any server after its first visitor."""
    with start_server() as running:
        context = new_context(browser)
        try:
            page = open_page(context)
            page.goto(running.url)
            wait_for_login_form(page)
        finally:
            context.close()
        yield running


def _expect_login_form_and_no_data(page, spec: PageSpec) -> None:
    wait_for_login_form(page)
    title = i18n.translate(spec.title_key, i18n.DEFAULT_LANGUAGE)
    expect(page.get_by_role("heading", name=title, exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=LOGOUT_BUTTON)).to_have_count(0)
    for selector in DATA_SELECTORS:
        expect(page.locator(selector)).to_have_count(0)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_on_a_fresh_server_every_page_url_shows_only_the_login_form(fresh_server, page, spec):
    page.goto(f"{fresh_server.url}/{spec.name}")
    _expect_login_form_and_no_data(page, spec)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_after_app_py_has_run_every_page_url_shows_only_the_login_form(shell_server, page, spec):
    page.goto(f"{shell_server.url}/{spec.name}")
    _expect_login_form_and_no_data(page, spec)


def test_a_link_to_a_project_opens_that_project_once_logged_in(shell_server, page, browser_database):
    """A colleague's link (/pipeline?project=ID) leads through the login form to that project."""
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            project_id, title = session.execute(
                sa.select(Project.id, Project.title).order_by(Project.id)
            ).first()
    finally:
        engine.dispose()
    page.goto(f"{shell_server.url}/pipeline?project={project_id}")
    wait_for_login_form(page)
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "page not found"
    submit_login(page, "leser", DEMO_PASSWORD)
    heading = page.get_by_role("heading", name=title, exact=True)
    # While the run after the login is drawn, the previous run's heading can linger a moment beside it.
    expect(heading.first).to_be_visible()
    settle(page, logged_in=True)
    expect(heading).to_have_count(1)
    assert page.url.endswith(f"/pipeline?project={project_id}")


@pytest.mark.parametrize(
    "path, gone",
    [
        ("pipeline?project=%C2%B2", "project.gone"),  # ² (superscript two)
        ("cases?case=%D9%A1", "case.gone"),  # ١ (Arabic-Indic one): not case 1
        ("calendar?meeting=99999999999999999999", "meeting.gone"),  # too large for any id
    ],
    ids=["project-superscript", "case-arabic-indic", "meeting-huge"],
)
def test_a_malformed_id_in_a_link_says_not_found_once_logged_in(shell_server, page, path, gone):
    """The review's links, in Chromium: after the login the page says it found nothing, in words."""
    page.goto(f"{shell_server.url}/{path}")
    submit_login(page, "leser", DEMO_PASSWORD)
    message = page.get_by_test_id("stAlert").filter(
        has=page.get_by_text(i18n.translate(gone, i18n.DEFAULT_LANGUAGE), exact=True)
    )
    expect(message).to_be_visible()
    settle(page, logged_in=True)
    expect(page.get_by_text(i18n.translate("error.unexpected", i18n.DEFAULT_LANGUAGE))).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_count(0)  # no record's title
    assert "Traceback" not in shell_server.log_tail(100_000)
