"""The crowd's people, by role: each logs in on its own server, then repeats its core flow (a round),
writing with a marker of its own and reading the write back through the other server."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from osloreg.enums import Outcome, ProjectStatus, SubjectType
from tests.browser.helpers import LOGIN_BUTTON, Server
from tests.reliability.crowd import (
    WAIT_MS,
    Browsing,
    StepFailed,
    Tally,
    first_row_text,
    grid_after,
    grid_rows,
    nb,
    pattern,
    tick_first_row,
)

INBOX = pattern("decisions.inbox.title", count=r"(\d+)")
TOPIC = re.compile(
    f"^({re.escape(nb('decisions.form.policy_new'))}|{re.escape(nb('decisions.form.policy_topic'))})$"
)
# What viewers open: pages and deep links (project 1, meeting 3 and case 4 exist at
# every demo scale, as the benchmarks use them).
VIEWER_LINKS = (
    "overview",
    "pipeline?project=1",
    "calendar?meeting=3",
    "cases?case=4",
    "search?q=handlingsprogram",
    "decisions",
    "coverage",
    "pipeline",
)


class Exhausted(Exception):
    """The person has nothing left to do (a director's inbox is empty)."""


@dataclass
class Person:
    """One of the crowd: its account, the two servers (its own first), what it saw saved."""

    label: str  # D1, M2, ...: in every marker it writes
    username: str
    password: str
    home: Server
    other: Server
    browsing: Browsing | None = None
    rounds: int = 0
    seen: dict[str, list[str]] = field(default_factory=dict)

    @property
    def tally(self) -> Tally:
        return self.browsing.tally

    def saw(self, kind: str, marker: str) -> None:
        self.seen.setdefault(kind, []).append(marker)
        self.tally.wrote(kind)

    async def start(self, browser, tally: Tally) -> None:
        context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="nb-NO")
        context.set_default_timeout(WAIT_MS)
        self.browsing = Browsing(context, self.label, tally)
        # Page a on the person's own server, where it works; page b for reading through the other.
        self.a = await self.browsing.page()
        self.b = await self.browsing.page()
        await self.browsing.log_in(self.a, self.home, self.username, self.password)
        await self.setup()

    async def setup(self) -> None:
        """Bring the pages to where a round starts (again after a failed round)."""

    async def round(self) -> None:
        raise NotImplementedError

    async def load(self, page, server: Server, path: str) -> None:
        await self.browsing.load(page, f"{server.url}/{path}")
        if await page.get_by_role("button", name=LOGIN_BUTTON, exact=True).count():
            raise StepFailed(f"{path} on {server.url} showed the login form: the login was lost")

    async def fresh(self, locator, count: int, what: str) -> None:
        """A read across the processes: `locator` has `count` matches on the other server's run (the
        page has settled: nothing runs again until the person acts, so waiting only lets the grid draw)."""
        from playwright.async_api import expect

        self.tally.fresh_checks += 1
        try:
            await expect(locator).to_have_count(count, timeout=WAIT_MS)
        except AssertionError:
            self.tally.stale.append(f"{self.label}: {what}")

    def marker(self, noun: str) -> str:
        return f"Crowd {self.label} {noun} {self.rounds:03d}"


@dataclass
class Director(Person):
    """Decides the submitted advice of a group of its own, the first in the inbox each round."""

    group: str = ""

    async def setup(self) -> None:
        await self.load(self.a, self.home, "decisions")
        await self.browsing.choose(self.a, nb("decisions.filter.group"), self.group)

    async def inbox_count(self, page) -> int:
        from playwright.async_api import expect

        heading = page.get_by_role("heading", name=INBOX)
        await expect(heading).to_be_visible(timeout=WAIT_MS)
        return int(INBOX.match(await heading.inner_text()).group(1))

    async def round(self) -> None:
        from playwright.async_api import expect

        page, browsing = self.a, self.browsing
        waiting = await self.inbox_count(page)
        if waiting == 0:
            raise Exhausted(self.label)
        grid = grid_after(page, INBOX)
        found = re.search(rf"Crowd {self.label} råd \d+", await first_row_text(grid))
        if found is None:
            raise StepFailed(f"the first row of {self.group}'s inbox is not its advice")
        title = found.group()
        detail = page.get_by_role("heading", name=title, exact=True)
        if not await detail.count():
            await tick_first_row(browsing, page, grid)
        await expect(detail).to_be_visible(timeout=WAIT_MS)
        await browsing.click(page, page.get_by_role("button", name=nb("decisions.decide"), exact=True))
        dialog = page.get_by_role("dialog")
        await expect(dialog.get_by_text(title)).to_be_visible(timeout=WAIT_MS)
        followed = dialog.get_by_role("radio", name=nb(f"outcome.{Outcome.FOLLOWED}"), exact=True)
        await browsing.click(page, followed)
        await browsing.click(page, dialog.get_by_role("button", name=nb("decisions.dialog.save")))
        await expect(page.get_by_text(nb("decisions.decided", count=1))).to_be_visible(timeout=WAIT_MS)
        self.saw("decision", title)
        if await self.inbox_count(page) != waiting - 1:
            raise StepFailed(f"{title} decided, but the inbox on the same server did not shrink by one")
        # The other process: the director opens the inbox there and narrows it to the group again.
        await self.load(self.b, self.other, "decisions")
        await browsing.choose(self.b, nb("decisions.filter.group"), self.group)
        heading = self.b.get_by_role("heading", name=INBOX)
        counted = await heading.inner_text(timeout=WAIT_MS)
        await self.fresh(
            heading.filter(has_text=nb("decisions.inbox.title", count=waiting - 1)),
            1,
            f"{title} decided: the other server's inbox says {counted!r}, not {waiting - 1}",
        )
        if waiting > 1:
            rows = grid_rows(grid_after(self.b, INBOX))
            await first_row_text(grid_after(self.b, INBOX))  # the grid has drawn its rows
            listed = rows.filter(has_text=title)
            await self.fresh(listed, 0, f"{title} still listed in the other server's inbox")


@dataclass
class Member(Person):
    """Logs input on a policy matter of its group (the input page picks the member's one group);
    a leader (`advises`) also submits advice for the group every third round."""

    advises: bool = False

    async def setup(self) -> None:
        await self.load(self.a, self.home, "input")
        await self._policy_topic(self.a, "innspill")

    async def _policy_topic(self, page, noun: str) -> None:
        policy = page.get_by_role("radio", name=nb(f"subject_type.{SubjectType.POLICY}"))
        if await policy.get_attribute("aria-checked", timeout=WAIT_MS) != "true":
            await self.browsing.click(page, policy)
        topic = page.get_by_role("textbox", name=TOPIC)
        await topic.fill(f"Crowd {self.label} tema for {noun}")
        await self.browsing.press(page, topic)

    async def round(self) -> None:
        from playwright.async_api import expect

        page, browsing = self.a, self.browsing
        text = self.marker("innspill")
        await page.get_by_role("textbox", name=nb("input.field.text"), exact=True).fill(text)
        await browsing.click(page, page.get_by_role("button", name=nb("input.submit")))
        await expect(page.get_by_text(nb("input.saved"))).to_be_visible(timeout=WAIT_MS)
        self.saw("input", text)
        await self.load(self.b, self.other, "input")
        mine = grid_rows(grid_after(self.b, nb("input.mine.title"))).filter(has_text=text)
        await self.fresh(mine, 1, f"{text} not under 'Mine innspill' on the other server")
        if self.advises and self.rounds % 3 == 0:
            await self.advise()

    async def advise(self) -> None:
        from playwright.async_api import expect

        page, browsing = self.a, self.browsing
        title = self.marker("forslag")
        await self.load(page, self.home, "advice")
        await self._policy_topic(page, "råd")
        await page.get_by_label(nb("advice.field.title"), exact=True).fill(title)
        await page.get_by_label(nb("advice.field.recommendation"), exact=True).fill(f"Anbefaling: {title}")
        await browsing.click(page, page.get_by_role("button", name=nb("advice.submit")))
        await expect(page.get_by_text(nb("advice.submitted"))).to_be_visible(timeout=WAIT_MS)
        self.saw("advice", title)
        await self.load(self.b, self.other, "advice")
        listed = grid_rows(grid_after(self.b, nb("advice.list.title"))).filter(has_text=title)
        await self.fresh(listed, 1, f"{title} not among the advice on the other server")
        await self.setup()


@dataclass
class Coordinator(Person):
    """Moves a project of its own between ongoing and paused, with a note saying so."""

    project_id: int = 0

    async def setup(self) -> None:
        await self.load(self.a, self.home, f"pipeline?project={self.project_id}")

    def status_metric(self, page):
        metric = page.get_by_test_id("stMetric").filter(
            has=page.get_by_test_id("stMetricLabel").filter(
                has_text=re.compile(f"^{re.escape(nb('field.status'))}$")
            )
        )
        return metric.get_by_test_id("stMetricValue")

    async def round(self) -> None:
        from playwright.async_api import expect

        page, browsing = self.a, self.browsing
        await browsing.open_tab(page, nb("project.tab.edit"))
        now = (await self.status_metric(page).inner_text(timeout=WAIT_MS)).strip()
        ongoing = nb(f"project_status.{ProjectStatus.ONGOING}")
        target = nb(f"project_status.{ProjectStatus.PAUSED}") if now == ongoing else ongoing
        choice = page.get_by_role("radiogroup", name=nb("project.status.to"), exact=True)
        await browsing.click(page, choice.get_by_role("radio", name=target, exact=True))
        note = self.marker("status")
        await page.get_by_label(nb("field.status_note"), exact=True).fill(note)
        await browsing.click(page, page.get_by_role("button", name=nb("project.status.save"), exact=True))
        done = page.get_by_test_id("stAlert").filter(has_text=nb("project.status.done", status=target))
        await expect(done).to_be_visible(timeout=WAIT_MS)
        await expect(self.status_metric(page)).to_have_text(target, timeout=WAIT_MS)
        self.saw("status", note)
        await self.load(self.b, self.other, f"pipeline?project={self.project_id}")
        shown = self.status_metric(self.b).filter(has_text=re.compile(f"^{re.escape(target)}$"))
        await self.fresh(shown, 1, f"project {self.project_id} not {target} on the other server")


@dataclass
class Admin(Person):
    """Opens the administration's users and audit trail, on either server."""

    async def round(self) -> None:
        server = self.home if self.rounds % 2 == 0 else self.other
        await self.load(self.a, server, "admin")
        await self.browsing.open_tab(self.a, nb("admin.tab.audit"))
        await self.browsing.open_tab(self.a, nb("admin.tab.users"))


@dataclass
class Viewer(Person):
    """Opens pages and deep links in turn, on either server; on the decisions page, the log tab."""

    async def round(self) -> None:
        link = VIEWER_LINKS[self.rounds % len(VIEWER_LINKS)]
        server = self.home if self.rounds % 2 == 0 else self.other
        await self.load(self.a, server, link)
        if link == "decisions":
            await self.browsing.open_tab(self.a, nb("decisions.tab.log"))
