"""The public view in Chromium: axe-core finds nothing critical, serious or moderate on the front page, a
year, a month, a meeting with a closed item and an exempt document, a case and the English front page;
at 320 CSS pixels no page scrolls sideways; the skip link is the first stop and shows when focused."""

from __future__ import annotations

import pytest

from tests.browser.helpers import new_context
from tests.browser.test_accessibility import AXE_OPTIONS, BLOCKING
from tests.publication_world import day, public_database, public_web  # noqa: F401  (fixtures)

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    Axe = None

# SQLite only: the pages are the same on PostgreSQL (tests/integration/web/test_public_view.py).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
    pytest.mark.parametrize("public_database", ["sqlite"], indirect=True),
]


def _pages(world) -> dict[str, str]:
    held = day(-7)
    return {
        "front page": "",
        "year list": f"moter/{held.year}.html",
        "year list of one body": f"moter/{held.year}-organ{world.board}.html",
        "month": f"kalender/{held.year}-{held.month:02d}.html",
        "meeting with a closed item and an exempt document": f"mote/{world.held}.html",
        "meeting with hostile text": f"mote/{world.called}.html",
        "case": f"sak/{world.open_case}.html",
        "English front page": "en/",
    }


def _url(web, path: str) -> str:
    return f"{web.url}/offentlig/{path}"


def test_axe_finds_nothing_worse_than_minor_on_the_public_pages(browser, public_database, public_web):  # noqa: F811
    # axe is injected as a script: the page's CSP (no script at all) would refuse it.
    context = new_context(browser, bypass_csp=True)
    try:
        page = context.new_page()
        failures = []
        for name, path in _pages(public_database.world).items():
            page.goto(_url(public_web, path))
            results = Axe().run(page, options=AXE_OPTIONS).response
            for violation in results["violations"]:
                for node in violation["nodes"]:
                    impact = node.get("impact") or violation["impact"]
                    if impact in BLOCKING:
                        failures.append(f"{violation['id']} ({impact}) on {name}: {node['html'][:160]}")
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_no_public_page_scrolls_sideways_at_320_pixels(browser, public_database, public_web):  # noqa: F811
    context = new_context(browser, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        wide = {}
        for name, path in _pages(public_database.world).items():
            page.goto(_url(public_web, path))
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 320:
                wide[name] = width
        assert not wide, wide
    finally:
        context.close()


def test_the_skip_link_comes_first_and_shows_when_focused(browser, public_database, public_web):  # noqa: F811
    context = new_context(browser, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(_url(public_web, f"mote/{public_database.world.held}.html"))
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent")
        assert focused == "Hopp til innholdet"
        box = page.locator("a.skip").bounding_box()
        assert box is not None and box["x"] >= 0 and box["width"] > 0
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#innhold"
        scripts = page.evaluate("() => document.scripts.length")
        assert scripts == 0  # no script at all, not even the hostile title's
    finally:
        context.close()
