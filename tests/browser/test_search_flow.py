"""The search in a real browser: the sidebar's box on any page opens the search page with the query in
its address and the hits in a table (their links are checked by tests/pages/test_search_page.py: the
table is drawn on a canvas), and the search's own address is a deep link."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from osloreg import i18n
from osloreg.enums import Role
from tests.browser.helpers import Server, demo_user, log_in, new_context, new_run, open_page, settle

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, "nb", **params)


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def test_the_sidebar_search_opens_the_search_page_with_the_query_in_its_address(server, browser):
    context = new_context(browser)
    try:
        page = open_page(context)
        log_in(page, server.url, demo_user(Role.VIEWER))
        box = page.get_by_test_id("stSidebar").get_by_label(_nb("search.sidebar.box"), exact=True)
        box.fill("48/20")
        with new_run(page, runs=1):  # the search page then runs on the server (st.switch_page)
            box.press("Enter")
        settle(page, logged_in=True)
        expect(page).to_have_url(re.compile(r"/search\?q=48(%2F|/)20$"))
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name=_nb("search.title"), exact=True)).to_be_visible()
        table = main.get_by_test_id("stDataFrame")
        expect(table).to_be_visible()

        page.goto(f"{server.url}/search?q=mandatet")  # the search's own address is a deep link
        settle(page, logged_in=True)
        expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_visible()
        expect(page.get_by_test_id("stMain").get_by_label(_nb("search.box"), exact=True)).to_have_value(
            "mandatet"
        )
    finally:
        context.close()
