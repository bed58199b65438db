"""Many people in one Chromium at once: Playwright's async API, each person a context of its own,
waiting on the same signals as tests/browser/helpers.py (settle), timing every click to settled."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

from osloreg import i18n
from tests.browser.helpers import (
    _COOKIE_COMPONENT,
    _DRAWN,
    _PAGE_STATE,
    COOKIE_NAME,
    LOGIN_BUTTON,
    OVERVIEW,
    PASSWORD_LABEL,
    USERNAME_LABEL,
    RunWatch,
    Server,
)

# Twenty sessions on two cores wait longer than one: every wait is bounded by this.
WAIT_MS = 45_000
UNEXPECTED = i18n.translate("error.unexpected", i18n.DEFAULT_LANGUAGE)
# Streamlit's own dialog when the browser loses the server.
CONNECTION_ERROR = "Connection error"


def nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def pattern(key: str, **slots: str) -> re.Pattern:
    """A message of the catalogue as a whole-text pattern, its {slots} matching these expressions."""
    text = re.escape(nb(key, **{name: f"@{name}@" for name in slots}))
    for name, expression in slots.items():
        text = text.replace(f"@{name}@", expression)
    return re.compile(f"^{text}$")


@dataclass
class Tally:
    """What a phase measured: click-to-settled seconds, page loads (seconds), writes by kind, fresh
    reads across the processes (and the stale ones), errors seen on a page or in a step."""

    clicks: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    writes: dict[str, int] = field(default_factory=dict)
    fresh_checks: int = 0
    stale: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def wrote(self, kind: str) -> None:
        self.writes[kind] = self.writes.get(kind, 0) + 1


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 when nothing was measured)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


class StepFailed(Exception):
    """A step of a person's flow did not end as a person would see it end."""


class Browsing:
    """One person's browser context and its pages (one per server), timed into `tally`."""

    def __init__(self, context, label: str, tally: Tally) -> None:
        self.context = context
        self.label = label
        self.tally = tally
        self.watches: dict[object, RunWatch] = {}

    async def page(self):
        page = await self.context.new_page()
        self.watches[page] = RunWatch(page)
        return page

    async def settle(self, page, *, logged_in: bool = False) -> None:
        """Every run asked for has finished and the page shows it (helpers.settle, awaited)."""
        watch = self.watches[page]
        cookie = COOKIE_NAME if logged_in else ""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            # The page is asked only once the websocket says the runs are done: twenty pages asking
            # Chromium every 50 ms would take the cores the servers need.
            if watch.idle(1):
                runs = 2 if await page.evaluate(_COOKIE_COMPONENT) else 1
                if watch.idle(runs) and await page.evaluate(_DRAWN, cookie):
                    return
            if time.monotonic() > deadline:
                state = await page.evaluate(_PAGE_STATE)
                raise StepFailed(f"the app did not settle: {watch}; page: {state}")
            await asyncio.sleep(0.05)

    async def check(self, page, where: str) -> None:
        """No error on the page: no exception box, no 'Noe gikk galt', no lost connection."""
        found = []
        if await page.locator('[data-testid="stException"]').count():
            found.append("exception")
        if await page.get_by_text(UNEXPECTED).count():
            found.append("'Noe gikk galt'")
        if await page.get_by_text(CONNECTION_ERROR, exact=True).count():
            found.append("connection error")
        if found:
            raise StepFailed(f"{', '.join(found)} on the page after {where}")

    async def load(self, page, url: str) -> None:
        """Open an address (a page load: a new Streamlit session, logged in by the cookie)."""
        start = time.monotonic()
        await page.goto(url, wait_until="domcontentloaded", timeout=WAIT_MS)
        await self.settle(page, logged_in=True)
        self.tally.loads.append(time.monotonic() - start)
        await self.check(page, f"opening {url}")

    async def click(self, page, target, *, runs: int = 1, position: dict | None = None) -> None:
        """Click, wait until the browser has asked for `runs` runs and the app is idle again; the
        time from the click to then is the click's."""
        options = {"timeout": WAIT_MS} | ({"position": position} if position else {})
        await self._timed(page, target.click(**options), runs)

    async def press(self, page, target, key: str = "Enter") -> None:
        """A key in a field (Enter in a text input sends it: one run), timed as a click."""
        await self._timed(page, target.press(key, timeout=WAIT_MS), 1)

    async def _timed(self, page, action, runs: int) -> None:
        watch = self.watches[page]
        before = watch.reruns
        start = time.monotonic()
        await action
        deadline = start + WAIT_MS / 1000
        while watch.reruns < before + runs:
            if time.monotonic() > deadline:
                raise StepFailed(f"an action asked for {watch.reruns - before} of {runs} runs: {watch}")
            await asyncio.sleep(0.02)
        await self.settle(page)
        self.tally.clicks.append(time.monotonic() - start)
        await self.check(page, "a click")

    async def log_in(self, page, server: Server, username: str, password: str) -> None:
        """The login form, as helpers.log_in fills it; then the overview and the login cookie."""
        from playwright.async_api import expect

        await page.goto(server.url, timeout=WAIT_MS)
        await self.settle(page)
        await page.wait_for_load_state("networkidle", timeout=WAIT_MS)
        await expect(page.get_by_label(USERNAME_LABEL)).to_be_visible(timeout=WAIT_MS)
        await expect(page.get_by_label(PASSWORD_LABEL)).to_be_visible(timeout=WAIT_MS)
        await page.get_by_label(USERNAME_LABEL).fill(username)
        await page.get_by_label(PASSWORD_LABEL).fill(password)
        await self.click(page, page.get_by_role("button", name=LOGIN_BUTTON))
        await expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=WAIT_MS)
        await self.settle(page, logged_in=True)
        deadline = time.monotonic() + WAIT_MS / 1000
        while not any(c["name"] == COOKIE_NAME and c["value"] for c in await self.context.cookies()):
            if time.monotonic() > deadline:
                raise StepFailed(f"no login cookie for {username}")
            await asyncio.sleep(0.05)

    async def choose(self, page, label: str, option: str) -> None:
        """Pick an option of a select box as a person does: open it, type, click the option."""
        await page.get_by_label(label, exact=True).click(timeout=WAIT_MS)
        await page.keyboard.type(option)
        await self.click(page, page.get_by_role("option", name=option, exact=True))

    async def open_tab(self, page, name: str) -> None:
        """Click a tab unless it is open already (the app's tabs rerun when changed)."""
        tab = page.get_by_role("tab", name=name, exact=True)
        if await tab.get_attribute("aria-selected", timeout=WAIT_MS) != "true":
            await self.click(page, tab)


# Streamlit's data grid draws on a canvas: a header and rows of this height (px), a checkbox column
# first; beside the canvas it keeps an accessibility table of the rows in view (test_decision_flow).
HEADER_PX = 36
ROW_PX = 35
CHECKBOX_X = 16


def grid_after(page, heading):
    """The data grid that follows a heading."""
    return page.get_by_role("heading", name=heading, exact=True).locator(
        "xpath=following::*[@data-testid='stDataFrame'][1]"
    )


def grid_rows(grid):
    return grid.locator('tbody tr[role="row"]')


async def first_row_text(grid) -> str:
    from playwright.async_api import expect

    first = grid.locator('tbody tr[role="row"][aria-rowindex="2"]')
    await expect(first).to_be_attached(timeout=WAIT_MS)
    return await first.inner_text()


async def tick_first_row(browsing: Browsing, page, grid) -> None:
    """Tick the checkbox of the grid's first row (scrolled to the top); the selection reruns."""
    from playwright.async_api import expect

    scroller = grid.locator(".dvn-scroller")
    await scroller.evaluate("(e) => { e.scrollTop = 0; }")
    await browsing.click(page, scroller, position={"x": CHECKBOX_X, "y": HEADER_PX + ROW_PX // 2})
    first = grid.locator('tbody tr[role="row"][aria-rowindex="2"]')
    await expect(first).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
