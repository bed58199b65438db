"""axe-core on every page of the app: the login form, every page as every role that may open it with
the deep links the bench opens (a project, a meeting, a case, a record's history), each tab of a page
as the role that uses the page most, and two pages in English. The WCAG 2.0 and 2.1 A and AA rules and
axe's best practices run; any critical, serious or moderate finding fails the test unless the
allow-list (tests/browser/axe_allowlist.py) names it as Streamlit's own, with its upstream issue (the
app had only moderate ones, a skipped heading level on most pages, and fixed them). Minor findings are
counted in the figures, which the run prints at its end."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from osloreg import i18n
from osloreg.enums import Role
from osloreg.navigation import PAGES
from tests.browser.axe_allowlist import ALLOWED, Allowed
from tests.browser.helpers import (
    TIMEOUT_MS,
    Server,
    demo_user,
    log_in,
    new_context,
    new_run,
    open_page,
    settle,
    wait_for_login_form,
)
from tests.browser.screenshot import _CHARTS_DRAWN
from tests.browser.test_decision_flow import CHECKBOX_X, HEADER_PX, ROW_PX

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    Axe = expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Streamlit's own iframes (the cookie component) hold no content of the app's; axe, not injected into
# them, would wait for each.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"], "iframes": False}
BLOCKING = ("critical", "serious", "moderate")
IMPACTS = ("critical", "serious", "moderate", "minor")
ENGLISH_PAGES = ("overview", "pipeline")
# AXE_REPORT=path adds every state's findings to that file as JSON lines, for a closer look.
REPORT = os.environ.get("AXE_REPORT")


def _nb(key: str) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE)


def _en(key: str) -> str:
    return i18n.translate(key, "en")


@dataclass
class Audit:
    """What axe found over the run: each element it flagged counts once per state it was seen in."""

    pages: set[str] = field(default_factory=set)
    states: int = 0
    rules: set[str] = field(default_factory=set)
    impacts: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    allowed: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    used: set[Allowed] = field(default_factory=set)

    def check(self, page, where: str, state: str, *, dialogs: int = 0) -> None:
        skeletons = page.get_by_test_id("stMain").get_by_test_id("stSkeleton")
        expect(skeletons).to_have_count(0, timeout=TIMEOUT_MS)
        # Only the dialogs the test opens: another would be Streamlit's "Page not found" over the page.
        expect(page.get_by_role("dialog")).to_have_count(dialogs)
        page.wait_for_function(_CHARTS_DRAWN, timeout=TIMEOUT_MS)
        results = Axe().run(page, options=AXE_OPTIONS).response
        if REPORT:
            with open(REPORT, "a", encoding="utf-8") as report:
                report.write(json.dumps({"state": state, "violations": results["violations"]}) + "\n")
        self.pages.add(where)
        self.states += 1
        for kind in ("violations", "passes", "incomplete", "inapplicable"):
            self.rules.update(rule["id"] for rule in results.get(kind, []))
        for violation in results["violations"]:
            for node in violation["nodes"]:
                parts = node["target"]  # a selector into a shadow root is a list of selectors
                target = " ".join(part if isinstance(part, str) else json.dumps(part) for part in parts)
                impact = node.get("impact") or violation["impact"]
                rule = violation["id"]
                entry = next((entry for entry in ALLOWED if entry.matches(rule, target)), None)
                if entry is not None:
                    self.used.add(entry)
                    self.allowed[rule] += 1
                    continue
                self.impacts[impact] += 1
                self.by_rule[rule] += 1
                if impact in BLOCKING:
                    self.failures.append(
                        f"{rule} ({impact}) on {state}: {target}\n    {violation['help']}"
                        f" ({violation['helpUrl']})\n    {node['html'][:200]}"
                    )

    def figures(self) -> str:
        impacts = ", ".join(f"{self.impacts[impact]} {impact}" for impact in IMPACTS)
        rules = ", ".join(f"{rule} {count}" for rule, count in self.by_rule.most_common()) or "none"
        allowed = ", ".join(f"{rule} {count}" for rule, count in self.allowed.most_common()) or "none"
        return (
            f"{len(self.pages)} pages, {self.states} states, {len(self.rules)} rules checked; elements in"
            f" violation: {impacts}; by rule: {rules}; allowed (Streamlit's own): {allowed}"
        )


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _open(page, url: str) -> None:
    page.goto(url)
    settle(page)


def _tabs(page) -> list[str]:
    tabs = page.get_by_test_id("stMain").get_by_role("tab")
    return [tabs.nth(index).inner_text().strip() for index in range(tabs.count())]


def _expand(page) -> None:
    """Open every closed expander on the page (axe leaves out what is hidden)."""
    closed = page.get_by_test_id("stMain").locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(50)  # a rerun, where the expander asks for one, has been asked for
        settle(page)


def _each_tab(page, audit: Audit, where: str, state: str) -> None:
    """Open each tab of the page after the first (which the page opens with, already checked), and in it
    every expander."""
    for name in _tabs(page)[1:]:
        page.get_by_test_id("stMain").get_by_role("tab", name=name, exact=True).first.click()
        page.wait_for_timeout(200)  # the tab's rerun, where it asks for one, has been asked for
        settle(page)
        _expand(page)
        audit.check(page, where, f"{state}, tab {name}, expanders open")


def _address(name: str, query: str = "") -> str:
    """The page's address: the first page of the menu (the overview, every role's) is the app's root."""
    path = "" if name == PAGES[0].name else name
    return f"{path}?{query}" if query else path


def _walk(page, server: Server, audit: Audit, role: str) -> None:
    for spec in PAGES:
        if not spec.allows([role]):
            continue
        for query in spec.bench_queries:
            state = f"{spec.name}{'?' + query if query else ''} as {role}"
            _open(page, f"{server.url}/{_address(spec.name, query)}")
            if role == spec.bench_role:  # the page as its own user sees it, every part opened
                _expand(page)
                audit.check(page, spec.name, f"{state}, expanders open")
                _each_tab(page, audit, spec.name, state)
            else:
                audit.check(page, spec.name, state)


def _decision_dialog(page, server: Server, audit: Audit) -> None:
    """The director's own task: an advice chosen in the inbox (its first row), and the dialog that
    decides it."""
    _open(page, f"{server.url}/{_address('decisions')}")
    inbox = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first
    decide = page.get_by_role("button", name=_nb("decisions.decide"), exact=True)
    with new_run(page):
        inbox.locator(".dvn-scroller").click(position={"x": CHECKBOX_X, "y": HEADER_PX + ROW_PX // 2})
    expect(decide).to_be_visible()
    audit.check(page, "decisions", "decisions as director, an advice chosen")
    with new_run(page):
        decide.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    audit.check(page, "decisions", "decisions as director, the decision dialog", dialogs=1)


def _user_tabs(page, server: Server, audit: Audit) -> None:
    """The admin's users tab with a user chosen, each of its tabs."""
    _open(page, f"{server.url}/{_address('admin')}")
    page.get_by_label(_nb("admin.users.choose"), exact=True).click()
    page.keyboard.type("leser")
    with new_run(page):
        page.get_by_role("option", name=re.compile(r"^leser \(")).click()
    for key in ("details", "roles", "state", "reset"):
        name = _nb(f"admin.users.{key}")
        page.get_by_test_id("stMain").get_by_role("tab", name=name, exact=True).click()
        settle(page)
        audit.check(page, "admin", f"admin as admin, user leser chosen, tab {name}")


def _choose_language(page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("radio", name=label, exact=True).click()
    page.wait_for_timeout(200)
    settle(page)


def test_axe_finds_nothing_worse_than_minor_on_any_page_as_any_role(
    server, browser, accessibility_figures, capsys
):
    audit = Audit()
    context = new_context(browser)
    try:
        page = open_page(context)
        page.goto(server.url)
        wait_for_login_form(page)
        audit.check(page, "login", "the login form")
        _choose_language(page, _nb("language.en"))  # logged out, the choice is only the session's
        expect(page.get_by_label(_en("login.username"), exact=True)).to_be_visible()
        audit.check(page, "login", "the login form, in English")
    finally:
        context.close()
    for role in Role:
        context = new_context(browser)
        try:
            page = open_page(context)
            log_in(page, server.url, demo_user(role))
            _walk(page, server, audit, role)
            if role == Role.DIRECTOR:
                _decision_dialog(page, server, audit)
            if role == Role.ADMIN:
                _user_tabs(page, server, audit)
            if role == Role.COORDINATOR:  # the same pages in English; the choice is saved, so undone
                _choose_language(page, _nb("language.en"))
                try:
                    for name in ENGLISH_PAGES:
                        _open(page, f"{server.url}/{_address(name)}")
                        audit.check(page, name, f"{name} as {role}, in English")
                finally:
                    _choose_language(page, _en("language.nb"))
                expect(page.get_by_test_id("stSidebar").get_by_text(_nb("sidebar.language"))).to_be_visible()
        finally:
            context.close()
    stale = [entry for entry in ALLOWED if entry not in audit.used]
    text = audit.figures()
    accessibility_figures.record(text)
    with capsys.disabled():
        print(f"\naccessibility (axe-core): {text}")
    found = "\n".join(audit.failures)
    assert not audit.failures, f"{len(audit.failures)} critical, serious or moderate axe findings:\n{found}"
    assert not stale, f"allow-list entries that match nothing any more: {stale}"
