"""The browser side of `make bench`: click to settled page in Chromium, at 1x and 100x, beside a blank app.

A server (`streamlit run app.py`) runs on a copy of each scale's database (the flows write), and one
on benchmarks/blank_app.py. The scales take turns round by round, with a blank click before every
flow. Each click is timed in the page's own clock (performance.now()), from the pointer (or key)
going down to the later of the server's last message and the page's last change while drawn (not
running, nothing stale), read once every run the click asked for has finished and the websocket has
been quiet for QUIET_S. A link and the login are timed from the start of the navigation, or from the
button press, to the drawn page. Starting a server and waiting for a settled page follow tests/browser
(copied, not imported: the test helpers are moving).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import data
from benchmarks.stats import Budget, median, ratio, spread
from tests.browser import helpers
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, QUIET_S, RunWatch  # noqa: F401 - QUIET_S: see the docstring

BLANK_APP = "benchmarks/blank_app.py"
BLANK_BUTTON = "Klikk"
TIMEOUT_MS = 30_000
COOKIE_NAME = "osloreg_auth"
# streamlit-authenticator's login form, in bokmål (the app's default language)
USERNAME_LABEL, PASSWORD_LABEL, LOGIN_BUTTON = "Brukernavn", "Passord", "Logg inn"
RUNS = 5
GROUP = "Faggruppe for næringssamarbeid"  # `medlem` sits in it; `koordinator` may advise any group
HEADER_PX, ROW_PX, CHECKBOX_X = 36, 35, 16  # Streamlit's data grid: header and row height, checkbox column

# The flows and their clicks, in the order a person makes them. A click's name is "flow: click".
BLANK_CLICK = "blank: click"
DECIDE = ("decide: select", "decide: open", "decide: choose", "decide: confirm")
INPUT = ("input: subject type", "input: send")
STATUS = ("status: tab", "status: choose", "status: save")
LINK = ("link: open project",)
LOGIN = ("login: to drawn overview",)
FLOWS = {"decide": DECIDE, "input": INPUT, "status": STATUS, "link": LINK, "login": LOGIN}


def _nb(key: str, **params: object) -> str:
    from osloreg import i18n

    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def missing() -> str | None:
    """Why the browser side cannot run here, or None."""
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r requirements.lock)"
    if not CHROMIUM.exists():
        return f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)"
    return None


# --- the pure part: the table and the budgets --------------------------------------------------------


def _limit_of(click: str) -> float | None:
    """The budget of one click against the blank click (None: budgeted otherwise, as the login)."""
    from benchmarks.run import MAX_CLICK_OVER_BLANK, MAX_LINK_OVER_BLANK

    if click in DECIDE + INPUT + STATUS:
        return MAX_CLICK_OVER_BLANK
    if click in LINK:
        return MAX_LINK_OVER_BLANK
    return None


def _scale(result: dict, scale: int) -> dict:
    """One scale's part of a result, measured now (int keys) or read back from JSON (str keys)."""
    scales = result.get("scales", {})
    return scales.get(scale) or scales.get(str(scale)) or {}


def _timings(result: dict, scale: int) -> dict[str, list[float]]:
    return _scale(result, scale).get("timings", {})


def _errors(result: dict, scale: int) -> list[str]:
    return _scale(result, scale).get("errors", [])


def table(result: dict) -> str:
    """Per click, and per flow (its clicks' medians added up): medians and p25-p75 at both scales (ms),
    the ratio to the blank click at each scale, and 100x/1x."""
    from benchmarks.run import LARGE, SMALL, _fmt, _fmt_spread, render

    blank = median(result.get("blank", []))
    small, large = _timings(result, SMALL), _timings(result, LARGE)
    lines = [
        (
            BLANK_CLICK,
            _fmt(blank, ".1f"),
            _fmt_spread(spread(result.get("blank", []))),
            "",
            "",
            "1.00",
            "",
            "",
        )
    ]
    for flow, clicks in FLOWS.items():
        for click in clicks:
            one, hundred = median(small.get(click, [])), median(large.get(click, []))
            lines.append(
                (
                    click,
                    _fmt(one, ".1f"),
                    _fmt_spread(spread(small.get(click, []))),
                    _fmt(hundred, ".1f"),
                    _fmt_spread(spread(large.get(click, []))),
                    _fmt(ratio(one, blank), ".2f"),
                    _fmt(ratio(hundred, blank), ".2f"),
                    _fmt(ratio(hundred, one), ".2f"),
                )
            )
        if len(clicks) > 1:
            one, hundred = flow_total(small, clicks), flow_total(large, clicks)
            total = f"{flow}: all {len(clicks)} clicks"
            lines.append(
                (
                    total,
                    _fmt(one, ".1f"),
                    "",
                    _fmt(hundred, ".1f"),
                    "",
                    "",
                    "",
                    _fmt(ratio(hundred, one), ".2f"),
                )
            )
    header = (
        "click",
        f"{SMALL}x ms",
        f"{SMALL}x p25-p75",
        f"{LARGE}x ms",
        f"{LARGE}x p25-p75",
        f"/blank {SMALL}x",
        f"/blank {LARGE}x",
        f"{LARGE}x/{SMALL}x",
    )
    return render(header, lines, left=1)


def answer_table(result: dict) -> str:
    """Per click, the median ms from the click to the server's first message, at both scales, and its
    share of the whole click: what passes before the app has run any code. The rest is the server's
    run and the browser's drawing."""
    from benchmarks.run import LARGE, SMALL, _fmt, render

    def row(answers: list[float], whole: list[float]) -> tuple[str, str]:
        first = median(answers)
        share = ratio(first, median(whole))
        return _fmt(first, ".1f"), _fmt(None if share is None else 100 * share, ".0f")

    small, large = _scale(result, SMALL), _scale(result, LARGE)
    lines = [(BLANK_CLICK, *row(result.get("blank_answers", []), result.get("blank", [])), "", "")]
    for clicks in FLOWS.values():
        for click in clicks:
            one = row(small.get("answers", {}).get(click, []), small.get("timings", {}).get(click, []))
            hundred = row(large.get("answers", {}).get(click, []), large.get("timings", {}).get(click, []))
            lines.append((click, *one, *hundred))
    header = (
        "click",
        f"{SMALL}x first answer ms",
        f"{SMALL}x % of click",
        f"{LARGE}x first answer ms",
        f"{LARGE}x % of click",
    )
    return render(header, lines, left=1)


def flow_total(timings: dict[str, list[float]], clicks: Sequence[str]) -> float | None:
    """A flow's time: the medians of its clicks added up (None if any click was not measured)."""
    medians = [median(timings.get(click, [])) for click in clicks]
    return None if any(value is None for value in medians) else sum(medians)


def budgets(result: dict) -> list[Budget]:
    """Every browser budget as a verdict; a flow that broke, or was not measured, fails its budgets."""
    from benchmarks.run import LARGE, MAX_100X_OVER_1X, MAX_LOGIN_MS, SMALL

    blank = median(result.get("blank", []))
    verdicts = []
    for flow, clicks in FLOWS.items():
        failed = {
            scale: [e for e in _errors(result, scale) if e.startswith(f"{flow}:")] for scale in (SMALL, LARGE)
        }
        why = next((f"{scale}x {errors[0]}" for scale, errors in failed.items() if errors), None)
        totals = [flow_total(_timings(result, scale), clicks) for scale in (SMALL, LARGE)]
        verdicts.append(
            Budget(
                f"browser {flow}: {LARGE}x/{SMALL}x",
                None if why else ratio(totals[1], totals[0]),
                MAX_100X_OVER_1X,
                missing=why or "not measured",
            )
        )
        for scale in (SMALL, LARGE):
            timings = _timings(result, scale)
            for click in clicks:
                value = None if failed[scale] else median(timings.get(click, []))
                missing = f"{failed[scale][0]}" if failed[scale] else "not measured"
                limit = _limit_of(click)
                if limit is not None:
                    verdicts.append(
                        Budget(
                            f"browser {click} at {scale}x / blank click",
                            ratio(value, blank),
                            limit,
                            missing=missing,
                        )
                    )
                else:
                    verdicts.append(
                        Budget(
                            f"browser {click} at {scale}x", value, MAX_LOGIN_MS, unit="ms", missing=missing
                        )
                    )
    return verdicts


# --- servers ---------------------------------------------------------------------------------------


@contextmanager
def streamlit_server(script: str, var_dir: Path, database_url: str | None = None) -> Iterator[str]:
    """`streamlit run script` on a free port from the repository root, in demo mode; yields its URL."""
    with helpers.streamlit_server(database_url, var_dir, script=script) as server:
        yield server.url


def prepare_database(scale: int, work: Path, *, decisions: int) -> str:
    """A copy of the scale's database (the flows write to it) with `decisions` more advice items
    submitted to the director, so that every round has one to decide; returns its URL."""
    from sqlalchemy import select

    from osloreg.db import make_engine, read_session
    from osloreg.models import Body, User
    from osloreg.services.advice import create_advice, submit_advice
    from osloreg.services.base import Actor

    path = work / f"browser-{scale}x.sqlite3"
    shutil.copyfile(data.db_path(scale), path)
    url = data.database_url(path)
    engine = make_engine(url)
    try:
        with read_session(engine) as session:
            coordinator = Actor.of(session.scalars(select(User).where(User.username == "koordinator")).one())
            body_id = session.scalars(select(Body.id).where(Body.name == GROUP)).first()
            if body_id is None:
                raise RuntimeError(f"no body named {GROUP!r} in the {scale}x database")
        for number in range(decisions):
            with read_session(engine) as session:
                advice = create_advice(
                    session,
                    actor=coordinator,
                    body_id=body_id,
                    subject_type="policy",
                    policy_topic=f"Benkmerking {number + 1}",
                    title=f"Råd til benkmerking {number + 1}",
                    recommendation="Regionen bør følge rådet (laget av benkmerkingen).",
                    target_date=data.TODAY + dt.timedelta(days=30),
                )
                submit_advice(
                    session, actor=coordinator, advice_id=advice.id, expected_version=advice.version
                )
    finally:
        engine.dispose()
    return url


# --- the page's clock, and waiting for a settled page ----------------------------------------------

# Installed in every document before the app's own scripts, in the page's clock (performance.now()):
# when the pointer or a key last went down; when the last message from the server arrived; and when
# the page last changed while drawn (not running, nothing stale). A run that changes nothing on the
# page changes no element at all (React draws "running" and "not running" in one go), so the click is
# settled when the later of the last message and the last drawn change happened.
_CLOCK = """(() => {
  const bench = (window.__bench = { downAt: null, answerAt: null, messageAt: null, drawnAt: null });
  const drawn = () => {
    const app = document.querySelector("[data-test-script-state]");
    return app !== null && app.getAttribute("data-test-script-state") === "notRunning"
      && document.querySelector("[data-stale='true']") === null;
  };
  window.__benchDrawn = drawn;
  new MutationObserver(() => { if (drawn()) bench.drawnAt = performance.now(); }).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-test-script-state", "data-stale"],
  });
  for (const kind of ["pointerdown", "keydown"]) {
    document.addEventListener(kind, () => { bench.downAt = performance.now(); bench.answerAt = null; }, true);
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        bench.messageAt = performance.now();
        if (bench.answerAt === null) bench.answerAt = bench.messageAt;
      });
    }
  };
})();"""
_READ_CLOCK = "() => ({ ...window.__bench, drawn: window.__benchDrawn() })"
_COOKIE_SET = "(name) => document.cookie.split('; ').some((pair) => pair.startsWith(name + '='))"


@dataclass
class Tab:
    """A browser page, its websocket watch, and the server it talks to."""

    page: object
    watch: RunWatch
    url: str
    # Per click, ms from the pointer going down (or the navigation's start) to the server's first
    # message: the part of a click spent before the server has heard of it and run anything.
    answers: dict[str, float] = field(default_factory=dict)

    def settle(self, *, cookie: bool = False) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not (
            self.watch.idle(helpers.runs_asked_for(self.page))
            and self.page.evaluate(_READ_CLOCK)["drawn"]
            and (not cookie or self.page.evaluate(_COOKIE_SET, COOKIE_NAME))
        ):
            if time.monotonic() > deadline:
                raise AssertionError(f"the app at {self.page.url} did not settle")
            self.page.wait_for_timeout(20)  # lets Playwright deliver the websocket events

    def timed(self, action: Callable[[], None], *, shows=None, cookie: bool = False) -> float:
        """Do `action` (a click or a key), wait for the run it asks for and a settled page (showing
        `shows`, if given); milliseconds from the pointer or key going down to the page drawn."""
        from playwright.sync_api import expect

        before = self.watch.reruns
        action()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.watch.reruns <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"the action asked for no run on {self.page.url}")
            self.page.wait_for_timeout(10)
        if shows is not None:
            expect(shows).to_be_visible(timeout=TIMEOUT_MS)
        self.settle(cookie=cookie)
        return self._settled_at() - self.page.evaluate(_READ_CLOCK)["downAt"]

    def click(self, times: dict[str, float], name: str, action: Callable[[], None], **how) -> None:
        """`timed`, its time put in `times` under `name`, and its first answer in `answers`."""
        times[name] = self.timed(action, **how)
        clock = self.page.evaluate(_READ_CLOCK)
        self.answers[name] = clock["answerAt"] - clock["downAt"]

    def _settled_at(self) -> float:
        clock = self.page.evaluate(_READ_CLOCK)
        if clock["downAt"] is None or clock["messageAt"] is None or clock["messageAt"] < clock["downAt"]:
            raise AssertionError(f"no answer from the server after the action on {self.page.url}: {clock}")
        return max(clock["messageAt"], clock["drawnAt"] or 0.0)

    def load(self, path: str, *, shows=None) -> float:
        """Open `path` as a link; milliseconds from the navigation's start to the settled page."""
        from playwright.sync_api import expect

        self.page.goto(self.url + path)
        if shows is not None:
            expect(shows).to_be_visible(timeout=TIMEOUT_MS)
        self.settle()
        clock = self.page.evaluate(_READ_CLOCK)
        if clock["messageAt"] is None:
            raise AssertionError(f"{path}: no message from the server")
        return max(clock["messageAt"], clock["drawnAt"] or 0.0)


def open_tab(browser, url: str, answers: dict[str, float] | None = None) -> Tab:
    """A new browser context (own cookie jar) and page, Norwegian, with the clock installed."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nb-NO")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_CLOCK)
    page = context.new_page()
    return Tab(page, RunWatch(page), url, {} if answers is None else answers)


def close(tab: Tab) -> None:
    tab.page.context.close()


# --- the flows ---------------------------------------------------------------------------------------


def login(tab: Tab, username: str) -> float:
    """Log in through the form; milliseconds from pressing the button to the overview drawn."""
    from osloreg.demo import DEMO_PASSWORD

    page = tab.page
    page.goto(tab.url)
    tab.settle()
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(DEMO_PASSWORD)
    overview = page.get_by_role("heading", name=_nb("nav.overview")).first
    button = page.get_by_role("button", name=LOGIN_BUTTON)
    times: dict[str, float] = {}
    tab.click(times, LOGIN[0], button.click, shows=overview, cookie=True)
    return times[LOGIN[0]]


def _first_row_checkbox(tab: Tab, heading):
    grid = heading.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    from playwright.sync_api import expect

    expect(grid.locator('tbody tr[role="row"]').first).to_be_attached()
    scroller = grid.locator(".dvn-scroller")
    return lambda: scroller.click(position={"x": CHECKBOX_X, "y": HEADER_PX + ROW_PX // 2})


def decide(tab: Tab) -> dict[str, float]:
    """The director decides the first advice item in the inbox: select it, open the dialog, choose
    "followed", confirm."""
    page = tab.page
    tab.load("/decisions", shows=page.get_by_role("heading", name=_nb("nav.decisions"), exact=True))
    inbox_title = re.compile(
        "^" + re.escape(_nb("decisions.inbox.title", count=999)).replace("999", r"\d+") + "$"
    )
    heading = page.get_by_role("heading", name=inbox_title)
    decide_button = page.get_by_role("button", name=_nb("decisions.decide"), exact=True)
    dialog = page.get_by_role("dialog")
    followed = dialog.get_by_role("radio", name=_nb("outcome.followed"), exact=True)
    times = {}
    tab.click(times, DECIDE[0], _first_row_checkbox(tab, heading), shows=decide_button)
    tab.click(times, DECIDE[1], decide_button.click, shows=followed)
    tab.click(times, DECIDE[2], followed.click)
    save = dialog.get_by_role("button", name=_nb("decisions.dialog.save"))
    tab.click(times, DECIDE[3], save.click, shows=page.get_by_text(_nb("decisions.decided", count=1)))
    return times


def send_input(tab: Tab) -> dict[str, float]:
    """A member gives input on a new policy matter: choose the subject type, write, send."""
    page = tab.page
    tab.load("/input", shows=page.get_by_role("heading", name=_nb("nav.input"), exact=True))
    tag = uuid.uuid4().hex[:8]
    times = {}
    radio = page.get_by_role("radio", name=_nb("subject_type.policy"))
    new_topic = page.get_by_label(_nb("decisions.form.policy_new"), exact=True)
    tab.click(times, INPUT[0], radio.click, shows=new_topic)
    new_topic.fill(f"Benkmerking {tag}")
    tab.timed(lambda: new_topic.press("Enter"))
    page.get_by_role("textbox", name=_nb("input.field.text"), exact=True).fill(
        f"Innspill {tag} fra benkmerkingen."
    )
    send = page.get_by_role("button", name=_nb("input.submit"))
    tab.click(times, INPUT[1], send.click, shows=page.get_by_text(_nb("input.saved")))
    return times


def _movable_projects(database_url: str) -> list[int]:
    """Projects that have a next status (not completed or cancelled), in id order."""
    from sqlalchemy import select

    from osloreg.db import make_engine, read_session
    from osloreg.models import Project

    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            return list(
                session.scalars(
                    select(Project.id)
                    .where(Project.status.in_(("idea", "planned", "ongoing", "paused")))
                    .order_by(Project.id)
                )
            )
    finally:
        engine.dispose()


def move_project(tab: Tab, project_id: int) -> dict[str, float]:
    """The coordinator opens a project, its "Endre" tab, picks the first status offered, saves."""
    page = tab.page
    tab.load(f"/pipeline?project={project_id}", shows=page.get_by_role("tab").first)
    edit = page.get_by_role("tab", name=_nb("project.tab.edit"), exact=True)
    choice = page.get_by_role("radiogroup", name=_nb("project.status.to"), exact=True)
    times: dict[str, float] = {}
    tab.click(times, STATUS[0], edit.click, shows=choice)
    option = choice.get_by_role("radio").first
    tab.click(times, STATUS[1], option.click)
    page.get_by_label(_nb("field.status_note"), exact=True).fill("Flyttet av benkmerkingen")
    save = page.get_by_role("button", name=_nb("project.status.save"), exact=True)
    done = page.get_by_test_id("stAlert").filter(
        has_text=_nb("project.status.done", status="@").split("«")[0]
    )
    tab.click(times, STATUS[2], save.click, shows=done.first)
    return times


def open_link(tab: Tab) -> dict[str, float]:
    page = tab.page
    times = {LINK[0]: tab.load("/pipeline?project=1", shows=page.get_by_role("tab").first)}
    tab.answers[LINK[0]] = page.evaluate(_READ_CLOCK)["answerAt"]  # from the navigation's start
    return times


def blank_click(tab: Tab) -> float:
    times: dict[str, float] = {}
    tab.click(times, BLANK_CLICK, tab.page.get_by_role("button", name=BLANK_BUTTON).click)
    return times[BLANK_CLICK]


# --- the rounds ------------------------------------------------------------------------------------


@dataclass
class ScaleRun:
    """One scale's server, its prepared database, and the browser tabs of its users."""

    scale: int
    url: str
    database_url: str
    projects: list[int]
    tabs: dict[str, Tab] = field(default_factory=dict)
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Per click, ms to the server's first message (see Tab.answers): those of the flow in progress,
    # which its tabs write to, and those counted.
    pending: dict[str, float] = field(default_factory=dict)
    answers: dict[str, list[float]] = field(default_factory=dict)

    def add(self, times: dict[str, float]) -> None:
        """A flow's times, and the first answers of its clicks (not of a login that opened its tab)."""
        for name, ms in times.items():
            self.timings.setdefault(name, []).append(round(ms, 2))
            if name in self.pending:
                self.answers.setdefault(name, []).append(round(self.pending[name], 2))


def _tab(browser, run: ScaleRun, user: str) -> Tab:
    """The logged-in tab of this user at this scale (logged in once, kept for every round)."""
    if user not in run.tabs:
        tab = open_tab(browser, run.url, run.pending)
        login(tab, user)
        run.tabs[user] = tab
    return run.tabs[user]


def _round(browser, run: ScaleRun, number: int, between: Callable[[], None]) -> None:
    """One round of every flow at this scale, `between` each two (the blank click, so that it meets
    the same moments of a busy machine); a flow that breaks is noted under its name."""

    def fresh_login() -> dict[str, float]:
        tab = open_tab(browser, run.url, run.pending)
        try:
            return {LOGIN[0]: login(tab, "direktor")}
        finally:
            close(tab)

    def move() -> dict[str, float]:
        if not run.projects:
            raise RuntimeError("no project left to move")
        return move_project(_tab(browser, run, "koordinator"), run.projects.pop(0))

    steps = {
        "login": fresh_login,
        "decide": lambda: decide(_tab(browser, run, "direktor")),
        "input": lambda: send_input(_tab(browser, run, "medlem")),
        "status": move,
        "link": lambda: open_link(_tab(browser, run, "leser")),
    }
    for flow, step in steps.items():
        between()
        run.pending.clear()
        try:
            times = step()
        except Exception as exc:  # a flow that breaks fails its budgets, and says why
            run.errors.append(f"{flow}: round {number}: {type(exc).__name__}: {str(exc)[:300]}")
            run.tabs.pop(
                {"decide": "direktor", "input": "medlem", "status": "koordinator"}.get(flow, ""), None
            )
            continue
        if number > 0:  # round 0 warms up: not counted
            run.add(times)


def measure(runs: int = RUNS, *, log: Callable[[str], None] = print) -> dict:
    """Every flow `runs` times at each scale, a blank click before each, taking turns; returns
    {"blank": [ms...], "blank_answers": [ms...], "scales": {scale: {"timings": {click: [ms...]},
    "answers": {click: [ms to the server's first message...]}, "errors": [...]}}}."""
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="osloreg-bench-browser-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)  # runs last: after the servers stop
        scale_runs = []
        for scale in data.SCALES:
            database_url = prepare_database(scale, work, decisions=runs + 2)
            url = stack.enter_context(streamlit_server("app.py", work / f"var-{scale}x", database_url))
            scale_runs.append(ScaleRun(scale, url, database_url, _movable_projects(database_url)))
        blank_url = stack.enter_context(streamlit_server(BLANK_APP, work / "var-blank"))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        blank = open_tab(browser, blank_url)
        blank.load("/")
        blank_click(blank)  # warm-up, not counted
        blank_ms: list[float] = []
        blank_answers: list[float] = []
        for number in range(runs + 1):  # a warm-up round, then the timed ones

            def between(number: int = number) -> None:
                ms = blank_click(blank)
                if number > 0:
                    blank_ms.append(round(ms, 2))
                    blank_answers.append(round(blank.answers[BLANK_CLICK], 2))

            for run in scale_runs if number % 2 == 0 else scale_runs[::-1]:
                _round(browser, run, number, between)
            log(f"bench browser: round {number}/{runs} done" + (" (warm-up)" if number == 0 else ""))
    return {
        "runs": runs,
        "blank": blank_ms,
        "blank_answers": blank_answers,
        "scales": {
            run.scale: {"timings": run.timings, "answers": run.answers, "errors": run.errors}
            for run in scale_runs
        },
    }
