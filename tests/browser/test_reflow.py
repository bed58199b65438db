"""Reflow (WCAG 2.1 1.4.10): at 320 CSS pixels wide, and at 200 % zoom of a 1280x800 window, the
director's inbox, the member's input form and the calendar work without scrolling sideways. A
screenshot test that checks widths: the page does not scroll sideways (a data grid may, inside
itself: 1.4.10 exempts data tables), no other box does, and every control the task needs lies
within the window; a screenshot of each case is saved (its path printed).

200 % zoom is emulated as the browser does it: zooming a 1280x800 window to 200 % leaves a layout
viewport of 640x400 CSS pixels drawn with 2 device pixels each, which is a 640x400 viewport with
deviceScaleFactor 2. (CSS `zoom` on the page would keep the 1280 px viewport, so Streamlit's
narrow-screen layout, chosen by the viewport's width, would never be tested.)"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.enums import AdviceState, Outcome
from osloreg.models import Body
from tests.browser.helpers import TIMEOUT_MS, Server, log_in, new_context, new_run, open_page, settle
from tests.browser.test_decision_flow import CHECKBOX_X, HEADER_PX, ROW_PX
from tests.factories import make_advice

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

SCREENS = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
GROUP = "Faggruppe for næringssamarbeid"
# Norwegian writes compounds as one word: a long one, and an address, with nowhere to break a line.
LONG_WORD = "Næringsarealplanleggingssamarbeidsavtaleforhandlingsgrunnlagsdokumentasjonsgjennomgang"
LONG_LINK = "https://www.osloregionen.no/" + "naeringsarealer-ved-knutepunktene-" * 3 + "rapport.pdf"
# A screenshot is taken of the whole page, at most this tall (a stacked month grid is long).
SHOT_MAX_PX = 9000


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


@pytest.fixture(scope="module")
def server(start_server, browser_database) -> Iterator[Server]:
    """The app, with an advice in the inbox whose title is one long word and whose recommendation is a
    long address: overdue and the oldest, so the inbox lists it first."""
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            body = session.scalars(sa.select(Body).where(Body.name == GROUP)).one()
            make_advice(
                session,
                body=body,
                state=AdviceState.SUBMITTED,
                title=LONG_WORD,
                recommendation=f"{LONG_WORD}: se {LONG_LINK}",
                submitted_at=dt.datetime(2000, 1, 3, 9, 0),
                target_date=dt.date(2000, 2, 1),
            )
            session.commit()
    finally:
        engine.dispose()
    with start_server() as running:
        yield running


@pytest.fixture(params=list(SCREENS))
def screen(request, browser) -> Iterator[tuple[str, object]]:
    """A page in a window of the screen's size, and the screen's name."""
    context = new_context(browser, **SCREENS[request.param])
    try:
        yield request.param, open_page(context)
    finally:
        context.close()


# --- Widths --------------------------------------------------------------------------------------------

# Boxes that scroll sideways although they should not: anything but the page's own scrollers (checked
# apart), a data grid and its parts, a text field scrolling its own text, and what is off screen (the
# closed sidebar waits left of the window).
_SIDEWAYS = """() => {
  const wide = [];
  for (const box of document.querySelectorAll("body *")) {
    const style = getComputedStyle(box);
    if (!["auto", "scroll"].includes(style.overflowX) || box.scrollWidth <= box.clientWidth + 1) continue;
    if (box.getBoundingClientRect().right <= 0) continue;
    if (box.closest('[data-testid="stDataFrame"]') || ["INPUT", "TEXTAREA"].includes(box.tagName)) continue;
    const name = box.getAttribute("data-testid") || box.className;
    wide.push(`${box.tagName} ${name} ${box.scrollWidth}>${box.clientWidth}`);
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const root = document.documentElement;
  return {wide, page: [root.scrollWidth, root.clientWidth], main: [main.scrollWidth, main.clientWidth]};
}"""


def _no_sideways_scroll(page) -> None:
    """The page does not scroll sideways, nor does any box in it but a data grid."""
    found = page.evaluate(_SIDEWAYS)
    width = page.viewport_size["width"]
    assert found["page"][0] <= found["page"][1] == width, found
    assert found["main"][0] <= found["main"][1], found  # Streamlit's main area is the page's scroller
    assert found["wide"] == [], found


def _within_window(page, *controls) -> None:
    """Each control is drawn, and its box lies within the window, left to right."""
    width = page.viewport_size["width"]
    for control in controls:
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (control, box)


def _screenshot(page, path: Path) -> None:
    """The whole page, top to bottom, at the window's width: the window is made as tall as the page
    for the picture (Streamlit scrolls its main area, not the document), then put back."""
    size = dict(page.viewport_size)
    height = page.evaluate('() => document.querySelector("[data-testid=stMain]").scrollHeight')
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), SHOT_MAX_PX)})
    try:
        settle(page)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    print(f"\nscreenshot: {path}")


def _open(page, url: str, name: str, title_key: str) -> None:
    page.goto(f"{url}/{name}")
    _drawn(page)
    expect(page.get_by_role("heading", name=_nb(title_key), exact=True)).to_be_visible()


def _drawn(page) -> None:
    """The run has finished and every element is drawn: an element whose code the browser is still
    fetching shows a placeholder (stSkeleton) the size of nothing in particular."""
    settle(page)
    expect(page.get_by_test_id("stMain").get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)


# --- The director's inbox ------------------------------------------------------------------------------


def test_the_director_decides_from_the_inbox_without_scrolling_sideways(server, screen, tmp_path):
    name, page = screen
    log_in(page, server.url, "direktor")
    _open(page, server.url, "decisions", "nav.decisions")
    inbox = page.get_by_test_id("stDataFrame").first
    _within_window(
        page,
        page.get_by_role("tab", name=_nb("decisions.tab.inbox")),
        page.get_by_label(_nb("decisions.filter.group"), exact=True),
        page.get_by_label(_nb("decisions.filter.area"), exact=True),
        inbox,
    )
    _no_sideways_scroll(page)
    # The first item (the long-titled one, oldest and overdue): tick it in the grid.
    with new_run(page):
        inbox.locator(".dvn-scroller").click(position={"x": CHECKBOX_X, "y": HEADER_PX + ROW_PX // 2})
    decide = page.get_by_role("button", name=_nb("decisions.decide"), exact=True)
    title = page.get_by_role("heading", name=LONG_WORD, exact=True)
    recommendation = page.get_by_test_id("stMarkdownContainer").filter(has_text=LONG_LINK)
    _drawn(page)
    _within_window(page, decide, title, recommendation)
    _no_sideways_scroll(page)
    _screenshot(page, tmp_path / f"inbox-{name}.png")
    # The dialog in which the director decides fits the window too.
    with new_run(page):
        decide.click()
    _drawn(page)
    dialog = page.get_by_role("dialog")
    _within_window(
        page,
        dialog,
        *(dialog.get_by_role("radio", name=_nb(f"outcome.{outcome}"), exact=True) for outcome in Outcome),
        dialog.get_by_role("textbox").first,
        dialog.get_by_role("button", name=_nb("decisions.dialog.save")),
    )
    _no_sideways_scroll(page)
    _screenshot(page, tmp_path / f"inbox-dialog-{name}.png")


# --- The member's input form ---------------------------------------------------------------------------


def test_a_member_fills_in_the_input_form_without_scrolling_sideways(server, screen, tmp_path):
    name, page = screen
    log_in(page, server.url, "medlem")
    _open(page, server.url, "input", "nav.input")
    text = page.get_by_role("textbox", name=_nb("input.field.text"), exact=True)
    link = page.get_by_label(_nb("input.field.link"), exact=True)
    # Typed, not sent: the fields keep a long word and a long address within their own boxes.
    text.fill(f"{LONG_WORD} {LONG_WORD}")
    link.fill(LONG_LINK)
    _within_window(
        page,
        page.get_by_label(_nb("input.field.group"), exact=True),
        page.get_by_role("radiogroup", name=_nb("input.field.subject_type")),
        page.get_by_label(_nb("input.field.unit"), exact=True),
        text,
        link,
        page.get_by_role("button", name=_nb("input.submit")),
        page.get_by_role("heading", name=_nb("input.mine.title")),
        page.get_by_test_id("stDataFrame").first,
    )
    _no_sideways_scroll(page)
    _screenshot(page, tmp_path / f"input-{name}.png")


# --- The calendar: the month and its list --------------------------------------------------------------

_DAY_KEY = re.compile(r"calendar_day_\d{4}-\d\d-\d\d")


def test_the_calendar_month_and_its_list_read_without_scrolling_sideways(server, screen, tmp_path):
    name, page = screen
    log_in(page, server.url, "koordinator")
    _open(page, server.url, "calendar", "nav.calendar")
    # Streamlit draws a button with a tooltip twice and shows one of them.
    days = page.locator("[class*='st-key-calendar_day_'] button:visible")
    count = days.count()
    assert count in (28, 35, 42), count  # whole weeks, Monday first
    _within_window(
        page,
        page.get_by_role("button", name="‹"),
        page.get_by_role("button", name="›"),
        page.get_by_role("button", name=_nb("calendar.today"), exact=True),
        page.get_by_label(_nb("calendar.filter.bodies")),
        *(days.nth(index) for index in range(count)),
    )
    # Stacked on a narrow screen, each day still says which weekday it is.
    labels = days.all_inner_texts()
    assert all(re.match(r"^(man|tir|ons|tor|fre|lør|søn)\. \d{1,2}\.", label) for label in labels), labels
    _no_sideways_scroll(page)
    # Back a month (a month with meetings in the demo data), then its list.
    with new_run(page):
        page.get_by_role("button", name="‹").click()
    _drawn(page)
    listing = page.get_by_role("heading", name=re.compile(r"^Møter i .+ \(\d+\)$"))
    _within_window(page, listing, page.get_by_test_id("stDataFrame").first)
    _no_sideways_scroll(page)
    _screenshot(page, tmp_path / f"calendar-{name}.png")
