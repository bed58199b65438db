"""Colours as the browser draws them: Streamlit uses the theme's colours the way the contrast test
(tests/unit/test_contrast.py) assumes, and every text of every chart, as plotly draws it, has at least
4.5:1 against what it lies on (so Streamlit's plotly theme overrides none of the chart's colours)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import pytest

from osloreg import charts, i18n
from osloreg.colours import CAPTION_OPACITY, MIN_TEXT, NAV_LINK_OPACITY, contrast_ratio, over, rgba
from tests.browser.helpers import REPO_ROOT, TIMEOUT_MS, Server, log_in, settle
from tests.browser.screenshot import _CHARTS_DRAWN

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

THEME = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
PAGE = THEME["backgroundColor"]
STRATEGY_PERIOD = "Strategiske føringer 2021–2024"
# Every chart of the app, as (page, tab or None, how many charts it draws).
CHART_VIEWS = (
    ("", None, 2),
    ("pipeline", None, 1),
    ("pipeline", "pipeline.tab.timeline", 1),
    ("pipeline", "pipeline.tab.strategy", 1),
    ("coverage", None, 1),
    ("coverage", "coverage.tab.history", 1),
)


def _nb(key: str) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE)


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _choose(page, label: str, option: str) -> None:
    """Pick an option of a select box as a person does: open it, type, click the option."""
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def _same(drawn: str, configured: str) -> bool:
    return rgba(drawn) == rgba(configured)


def _open(page, url: str, path: str, tab: str | None = None) -> None:
    page.goto(f"{url}/{path}")
    settle(page)
    if tab is not None:
        page.get_by_role("tab", name=_nb(tab)).click()
        settle(page)
    expect(page.get_by_test_id("stMain").get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)


# --- The theme -----------------------------------------------------------------------------------------

_STYLE = """(element) => { const s = getComputedStyle(element);
  return {color: s.color, background: s.backgroundColor, opacity: s.opacity}; }"""


def test_streamlit_draws_the_theme_s_text_as_the_contrast_test_assumes(server, page):
    log_in(page, server.url, "koordinator")
    text = THEME["textColor"]
    # A caption: the text colour at 60 % opacity; a page link in the sidebar: at 80 %.
    caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first.evaluate(_STYLE)
    assert _same(caption["color"], text) and float(caption["opacity"]) == CAPTION_OPACITY, caption
    link = page.get_by_test_id("stSidebarNavLink").filter(has_text=_nb("nav.pipeline"))
    drawn = link.get_by_test_id("stMarkdownContainer").evaluate(_STYLE)["color"]
    assert rgba(drawn) == (*rgba(text)[:3], NAV_LINK_OPACITY), drawn
    # The calendar: a day of the month before in :gray[...], today on :red-background[...].
    _open(page, server.url, "calendar")
    marks = page.locator(
        "[class*='st-key-calendar_day_'] button:visible [data-testid='stMarkdownContainer'] span"
    )
    grey = marks.filter(has_text=re.compile(r"\. \w+\.$"))
    assert _same(grey.first.evaluate(_STYLE)["color"], THEME["grayTextColor"])
    today = marks.filter(has_text="i dag")
    assert _same(today.first.evaluate(_STYLE)["background"], THEME["redBackgroundColor"])
    # The coverage page's alerts: a unit missing (st.warning) and membership unknown (st.info).
    _open(page, server.url, "coverage")
    for alert, colour in (("stAlertContentWarning", "yellow"), ("stAlertContentInfo", "blue")):
        box = page.get_by_test_id(alert).first
        drawn = box.get_by_test_id("stMarkdownContainer").first.evaluate(_STYLE)["color"]
        assert _same(drawn, THEME[f"{colour}TextColor"]), (alert, drawn)
        background = box.locator("xpath=..").evaluate(_STYLE)["background"]
        assert _same(background, THEME[f"{colour}BackgroundColor"]), (alert, background)


# --- The charts ----------------------------------------------------------------------------------------

# Every text plotly drew, with its colour and what lies under it: the bar or tile it sits on (a
# hatched tile's pattern names its background), or else nothing (the page).
_CHART_TEXTS = """() => {
  const fillOf = (shape) => {
    const fill = shape.style.fill || getComputedStyle(shape).fill;
    const url = fill.match(/url\\("?#([^")]+)"?\\)/);
    if (!url) return fill;
    const pattern = document.getElementById(url[1]);
    return pattern ? pattern.querySelector("rect").getAttribute("fill") : null;
  };
  const found = [];
  for (const plot of document.querySelectorAll(".js-plotly-plot")) {
    for (const text of plot.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      const style = getComputedStyle(text);
      if (!text.textContent.trim() || box.width === 0 || style.visibility === "hidden") continue;
      if (+style.opacity === 0 || +style.fillOpacity === 0) continue;
      let under = null;
      const group = text.closest("g.slice, g.point");
      const shape = group && group.querySelector("path");
      if (shape) {
        const area = shape.getBoundingClientRect();
        const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
        if (x >= area.left && x <= area.right && y >= area.top && y <= area.bottom) under = fillOf(shape);
      }
      const opacity = +style.fillOpacity;
      found.push({text: text.textContent.slice(0, 40), colour: style.fill, opacity, under});
    }
  }
  return found;
}"""


def test_every_text_of_every_chart_as_drawn_has_at_least_4_5_to_1(server, page, capsys):
    log_in(page, server.url, "koordinator")
    ratios: list[tuple[float, str, str, str, str]] = []
    for path, tab, count in CHART_VIEWS:
        _open(page, server.url, path, tab)
        if tab == "pipeline.tab.strategy":  # the period in force has no delmål in the sources: the one before
            _choose(page, _nb("pipeline.strategy.period"), STRATEGY_PERIOD)
        expect(page.locator(".js-plotly-plot")).to_have_count(count, timeout=TIMEOUT_MS)
        page.wait_for_function(_CHARTS_DRAWN, timeout=TIMEOUT_MS)
        texts = page.evaluate(_CHART_TEXTS)
        assert texts, (path, tab)
        if path == "coverage" and tab is None:
            # The demo group misses units: their tiles are hatched over their own red.
            hatched = page.locator(".js-plotly-plot pattern rect").evaluate_all(
                "(rects) => rects.map((rect) => rect.getAttribute('fill'))"
            )
            assert any(_same(fill, charts.COVER_COLOURS["missing"]) for fill in hatched), hatched
        for text in texts:
            under = text["under"] or PAGE
            colour = over(text["colour"], under, opacity=text["opacity"])
            ratios.append(
                (
                    contrast_ratio(colour, under),
                    f"{path or 'overview'} {tab or ''}",
                    text["text"],
                    colour,
                    under,
                )
            )
    lowest = min(ratios)
    with capsys.disabled():
        print(
            f"\nchart texts as drawn: {len(ratios)} in {sum(n for *_, n in CHART_VIEWS)} charts, lowest "
            f"{lowest[0]:.2f}:1 ({lowest[1].strip()}: {lowest[2]!r}, {lowest[3]} on {lowest[4]})"
        )
    failing = [ratio for ratio in ratios if ratio[0] < MIN_TEXT]
    assert failing == []
