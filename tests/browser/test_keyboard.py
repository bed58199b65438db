"""Keyboard only (WCAG 2.1 2.1.1 keyboard, 2.1.2 no keyboard trap, 2.4.7 focus visible, 1.4.11 non-text
contrast): logging in, the director deciding one advice from the inbox, a member sending input and a
coordinator recording a meeting's result are done with the keyboard alone (Tab, Shift+Tab, Enter,
Space, the arrow keys, typing); then the database agrees.

After every key press that moves the focus, the focused element is checked: it lies in the window, not
covered by anything, and it has a focus ring (an outline of at least 2 px, on it or on the frame that
holds it, or a box shadow spreading at least 2 px) whose colour has 3:1 against what it is drawn on.
From each widget the flows use, Tab leaves it and Shift+Tab comes back; and tabbing through a whole page
comes round to where it started. The tests print how many keys each flow took and how many focus stops
were checked.

Streamlit's data grid is one canvas: Tab and the arrow keys move from cell to cell inside it (Tab
leaves it after the last cell of the row), and Shift+Space selects the row of the chosen cell (the
glide data grid's key for it), which is how a keyboard user opens a row (the captions under the
grids say so). While the grid's chosen cell has the focus, the focus sits on that cell's twin in the
grid's hidden table for screen readers: the grid itself is then checked. The decision dialog keeps Tab
inside it while it is open, as a modal dialog should; Escape closes it."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.colours import contrast_ratio, over, rgba
from osloreg.db import make_engine, read_session
from osloreg.enums import AdviceState, ConsultationResult, Outcome, SubjectType
from osloreg.models import Advice, AgendaItem, Body, Consultation, Decision, Input, Meeting, User
from tests.browser.helpers import (
    COOKIE_NAME,
    DEMO_PASSWORD,
    LOGIN_BUTTON,
    OVERVIEW,
    PASSWORD_LABEL,
    TIMEOUT_MS,
    USERNAME_LABEL,
    Server,
    new_run,
    open_page,
    settle,
    wait_for_login_form,
)
from tests.factories import make_advice, make_agenda_item, make_case, make_meeting

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

GROUP = "Faggruppe for næringssamarbeid"  # `medlem` sits in it
TAG = uuid.uuid4().hex[:10]
ADVICE_TITLE = f"Tastaturråd {TAG}"
MEETING_TITLE = f"Tastaturmøte {TAG}"
CASE_TITLE = f"Tastatursak {TAG}"
# Focus stops a Tab may pass on its way to an element (a data grid takes one per column).
TAB_LIMIT = 60
# A whole page, round and back to the start.
ROUND_LIMIT = 400
END = "<end of page>"
MIN_RING = 3.0  # WCAG 1.4.11: a focus indicator's contrast with what is next to it
MIN_RING_PX = 2.0


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


@pytest.fixture(scope="module")
def server(start_server, browser_database) -> Iterator[Server]:
    """The app, with an advice that heads the director's inbox (submitted and due long ago) and a
    meeting of the group today at 07:00, first of the day, with one case on its agenda."""
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            body = session.scalars(sa.select(Body).where(Body.name == GROUP)).one()
            make_advice(
                session,
                body=body,
                state=AdviceState.SUBMITTED,
                title=ADVICE_TITLE,
                recommendation="Anbefaling: gjør det.",
                submitted_at=dt.datetime(1999, 1, 4, 9, 0),
                target_date=dt.date(1999, 2, 1),
            )
            meeting = make_meeting(
                session,
                body=body,
                starts_at=dt.datetime.combine(oslo_today(), dt.time(7, 0)),
                title=MEETING_TITLE,
                place="Oslo rådhus",
            )
            make_agenda_item(session, meeting=meeting, case=make_case(session, title=CASE_TITLE, year=1990))
            session.commit()
    finally:
        engine.dispose()
    with start_server() as running:
        yield running


# --- The focused element ----------------------------------------------------------------------------

# What a person sees of the focused element: its name, whether it lies in the window and on top, and
# the focus ring drawn on it or on the frame around it (up to seven boxes up), with what the ring lies on.
_FOCUSED = """() => {
  let e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  // The data grid draws on its canvas; the focus may sit on its cell in the grid's hidden table for
  // screen readers, while the canvas shows the chosen cell.
  const inGrid = e.closest('[data-testid="stDataFrame"]');
  if (inGrid && (e.tagName === "CANVAS" || e.closest("table"))) e = inGrid.querySelector("canvas");
  const name = (n) => {
    if (n.tagName === "CANVAS") return "";
    const label = n.getAttribute("aria-label");
    if (label) return label.trim();
    if (n.labels && n.labels.length) return n.labels[0].innerText.replace(/\\s+/g, " ").trim();
    const copy = n.cloneNode(true);
    copy.querySelectorAll('[data-testid="stIconMaterial"], [aria-hidden="true"]').forEach((x) => x.remove());
    return (copy.textContent || n.title || "").replace(/\\s+/g, " ").trim();
  };
  const background = (n) => {
    for (let b = n; b; b = b.parentElement) {
      const colour = getComputedStyle(b).backgroundColor;
      if (colour && colour !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  let ring = null;
  for (let n = e, up = 0; n && up < 8 && !ring; n = n.parentElement, up++) {
    const s = getComputedStyle(n);
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) {
      ring = {kind: "outline", colour: s.outlineColor, px: parseFloat(s.outlineWidth), up,
              on: background(parseFloat(s.outlineOffset) >= 0 ? n.parentElement || n : n)};
    } else if (s.boxShadow && s.boxShadow !== "none") {
      ring = {kind: "shadow", shadow: s.boxShadow, up, on: background(n.parentElement || n)};
    }
  }
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const r = e.getBoundingClientRect();
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  let onTop = false, hit = null;
  if (right > left && bottom > top) {
    hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    const grid = e.closest('[data-testid="stDataFrame"]');  // its canvas lies under its scroller
    onTop = hit !== null
      && (hit === e || e.contains(hit) || hit.contains(e) || (grid !== null && grid.contains(hit)));
  }
  return {
    name: name(e), tag: e.tagName, role: e.getAttribute("role") || "",
    testid: e.getAttribute("data-testid") || "",
    grid: e.tagName === "CANVAS" && e.closest('[data-testid="stDataFrame"]') !== null,
    inView: right > left && bottom > top, onTop, ring, opacity,
    hit: hit ? `${hit.tagName} ${hit.getAttribute("data-testid") || hit.className}` : null,
    box: [r.left, r.top, r.width, r.height].map(Math.round),
  };
}"""


def _shadow_colour_and_spread(shadow: str) -> tuple[str, float] | None:
    """The colour and spread of a box shadow ("rgba(31, 78, 121, 0.5) 0px 0px 0px 3.2px")."""
    found = re.match(r"^(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+([\d.]+)px", shadow)
    if found is None:
        return None
    return found.group(1), float(found.group(5))


def _ring_contrast(ring: dict) -> tuple[float, float]:
    """(the ring's width in px, its contrast with what it lies on)."""
    background = over(ring["on"], "#FFFFFF")
    if ring["kind"] == "outline":
        colour, px = ring["colour"], ring["px"]
    else:
        parsed = _shadow_colour_and_spread(ring["shadow"])
        if parsed is None:
            return 0.0, 1.0
        colour, px = parsed
    red, green, blue, alpha = rgba(colour)
    drawn = over(f"rgba({red:g}, {green:g}, {blue:g}, {alpha:g})", background)
    return px, contrast_ratio(drawn, background)


@dataclass
class Keys:
    """One person's keyboard: every key pressed, every focus stop checked."""

    page: object
    presses: int = 0
    stops: int = 0
    seen: list[str] = field(default_factory=list)

    def focused(self) -> dict | None:
        return self.page.evaluate(_FOCUSED)

    def check(self) -> dict:
        """The focused element is in the window, on top, with a focus ring of 3:1 and 2 px or more."""
        now = self.focused()
        assert now is not None, f"the focus was lost (on the page's body) after {self.seen[-5:]}"
        self.stops += 1
        what = f"{now['tag']} {now['role']} {now['testid']} {now['name']!r}"
        assert now["inView"], f"focused but outside the window: {what}"
        assert now["opacity"] >= 0.5, f"focused but transparent ({now['opacity']:.2f}): {what}"
        assert now["onTop"], f"focused but covered: {what} at {now['box']}, under {now['hit']}"
        assert now["ring"] is not None, f"no focus ring on {what}"
        px, ratio = _ring_contrast(now["ring"])
        weak = f"a weak focus ring on {what}: {now['ring']}, {ratio:.2f}:1"
        assert px >= MIN_RING_PX and ratio >= MIN_RING, weak
        return now

    def press(self, key: str, *, moves: bool = True) -> dict | None:
        self.page.keyboard.press(key)
        self.presses += 1
        if not moves:
            return None
        if key in ("Tab", "Shift+Tab") and self.focused() is None:
            # Past the page's last (first) element the focus leaves the page for the browser's own
            # controls; the next Tab comes back to its first (last).
            self.seen.append(END)
            return {"name": END, "tag": "BODY", "grid": False}
        now = self.check()
        self.seen.append(now["name"] or now["tag"])
        return now

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.presses += len(text)

    def tab_to(
        self,
        name: str | re.Pattern | None = None,
        *,
        grid: bool = False,
        back: bool = False,
        limit: int = TAB_LIMIT,
    ) -> dict:
        """Tab (Shift+Tab with `back`) until the focus is on the element of this accessible name (or
        in a data grid), checking every stop on the way."""
        passed: list[str] = []
        for _ in range(limit):
            now = self.press("Shift+Tab" if back else "Tab")
            if grid and now["grid"]:
                return now
            if not grid and (now["name"] == name if isinstance(name, str) else name.fullmatch(now["name"])):
                return now
            passed.append(now["name"] or f"<{now['tag'].lower()}>")
        raise AssertionError(f"no {name or 'data grid'} within {limit} Tabs; passed: {passed}")

    def choose(self, options: list[str], option: str) -> None:
        """A segmented control is one Tab stop (its first option, or the chosen one): Tab to it, the
        arrow key to the option, Space chooses it (the app runs)."""
        now = self.tab_to(re.compile("|".join(re.escape(name) for name in options)))
        for _ in options:
            if now["name"] == option:
                break
            now = self.press("ArrowRight")
        assert now["name"] == option, now
        self.no_trap()
        with new_run(self.page, runs=1):
            self.press("Space", moves=False)

    def no_trap(self) -> None:
        """Tab leaves the focused widget and Shift+Tab comes back to it (a data grid: back into it)."""
        marked = self.page.evaluate(
            """() => { const e = document.activeElement;
              const w = e.closest('[data-testid="stDataFrame"]') || e; w.setAttribute("data-keys-here", "");
              return w.tagName; }"""
        )
        inside = """() => document.activeElement.closest("[data-keys-here]") !== null"""
        try:
            for direction, want_inside in (("Tab", False), ("Shift+Tab", True)):
                for _ in range(TAB_LIMIT):
                    self.press(direction)
                    if self.page.evaluate(inside) == want_inside:
                        break
                else:
                    failed = "come back to" if want_inside else "leave"
                    raise AssertionError(f"{direction} did not {failed} the {marked}")
        finally:
            self.page.evaluate("""() => document.querySelectorAll("[data-keys-here]")
              .forEach((e) => e.removeAttribute("data-keys-here"))""")

    def report(self, flow: str) -> None:
        print(f"\n{flow}: {self.presses} key presses, {self.stops} focus stops checked")


# The ring's stylesheet is put into <head> by a script that runs once the first run has drawn the
# sidebar, a moment after a page load (osloreg/ui/kit/focus.py); until then Streamlit's own ring shows.
RING_LOADED_MS = 5_000


def _ring_loaded(page) -> None:
    expect(page.locator("head style#osloreg-focus-ring")).to_be_attached(timeout=RING_LOADED_MS)


def _log_in(keys: Keys, base_url: str, username: str) -> None:
    """Log in with the keyboard: Tab to the fields, type, Tab to the button, Enter."""
    page = keys.page
    page.goto(base_url)
    wait_for_login_form(page)
    _ring_loaded(page)
    keys.tab_to(USERNAME_LABEL)
    keys.type(username)
    keys.tab_to(PASSWORD_LABEL)
    keys.type(DEMO_PASSWORD)
    keys.tab_to(LOGIN_BUTTON)
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    expect(page.get_by_role("heading", name=OVERVIEW)).to_have_count(1)
    assert any(cookie["name"] == COOKIE_NAME for cookie in page.context.cookies())


def _go(keys: Keys, link: str, title: str, *, back: bool = False) -> None:
    """Follow a link with Enter, and wait for the page's title: one further down the page, or with
    `back` one above (Shift+Tab up to the sidebar's)."""
    keys.tab_to(link, back=back, limit=ROUND_LIMIT)
    keys.press("Enter", moves=False)
    settle(keys.page)
    expect(keys.page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    settle(keys.page)


def _selected_rows(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] tr[aria-selected="true"]')]
          .map((row) => row.innerText.replace(/\\s+/g, " "))"""
    )


def _select_row_with(keys: Keys, text: str, *, opens: bool = False) -> None:
    """In the grid just tabbed into (its first cell chosen): down the rows with the arrow key to the row
    with `text`, then Shift+Space selects it (the app runs to show it)."""
    page = keys.page
    index = page.evaluate(
        """(text) => { const focused = document.activeElement.closest('[data-testid="stDataFrame"]');
          const rows = [...focused.querySelectorAll('tbody tr[role="row"]')];
          const row = rows.find((r) => r.innerText.includes(text));
          return row ? Number(row.getAttribute("aria-rowindex")) - 2 : -1; }""",
        text,
    )
    assert index >= 0, f"no row with {text!r} in the grid"
    for _ in range(index):
        keys.press("ArrowDown")
    with new_run(page, runs=1):
        keys.press("Shift+Space")
    assert opens or any(text in row for row in _selected_rows(page)), _selected_rows(page)


# --- The flows -------------------------------------------------------------------------------------------


def test_the_director_decides_an_advice_with_the_keyboard(server, browser_database, make_context):
    page = open_page(make_context())
    keys = Keys(page)
    _log_in(keys, server.url, "direktor")
    _go(keys, _nb("overview.link.decisions"), _nb("nav.decisions"))
    expect(page.get_by_text(_nb("decisions.inbox.select"))).to_be_visible()  # says how, keys included
    keys.tab_to(grid=True)
    _select_row_with(keys, ADVICE_TITLE)
    expect(page.get_by_role("heading", name=ADVICE_TITLE, exact=True)).to_be_visible()
    keys.check()
    keys.no_trap()  # the grid
    keys.tab_to(_nb("decisions.decide"))
    keys.no_trap()
    dialog = page.get_by_role("dialog")
    # The dialog keeps Tab inside it while it is open (a modal dialog should); Escape closes it, and
    # Tab goes on through the page from there. Then it is opened again to decide.
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(dialog.get_by_text(ADVICE_TITLE)).to_be_visible()
    keys.tab_to(_nb("decisions.dialog.save"))
    with new_run(page, runs=1):
        keys.press("Escape", moves=False)
    expect(dialog).to_have_count(0)
    keys.tab_to(_nb("decisions.decide"), limit=ROUND_LIMIT)
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(dialog.get_by_text(ADVICE_TITLE)).to_be_visible()
    partly = _nb(f"outcome.{Outcome.PARTLY_FOLLOWED}")
    keys.choose([_nb(f"outcome.{outcome}") for outcome in Outcome], partly)
    expect(dialog.get_by_role("radio", name=partly)).to_have_attribute("aria-checked", "true")
    rationale = f"Begrunnelse {TAG}: delvis, med tastaturet."
    keys.tab_to(_nb("decisions.field.rationale_required"))
    keys.no_trap()
    keys.type(rationale)
    keys.tab_to(_nb("decisions.dialog.save"))
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(page.get_by_text(_nb("decisions.decided", count=1))).to_be_visible()
    expect(dialog).to_have_count(0)
    keys.report("director decides one advice")

    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            advice = session.scalars(sa.select(Advice).where(Advice.title == ADVICE_TITLE)).one()
            decision = session.scalars(sa.select(Decision).where(Decision.advice_id == advice.id)).one()
            by = session.get(User, decision.decided_by_user_id).username
            assert advice.state == AdviceState.DECIDED
    finally:
        engine.dispose()
    assert (decision.outcome, decision.rationale, by) == (Outcome.PARTLY_FOLLOWED, rationale, "direktor")


def test_a_member_sends_input_with_the_keyboard(server, browser_database, make_context):
    page = open_page(make_context())
    keys = Keys(page)
    _log_in(keys, server.url, "medlem")
    _go(keys, _nb("nav.input"), _nb("nav.input"), back=True)
    # The group, chosen as a member in two groups does (the forfall flow's committee may be the
    # second, in the shared database): Tab to it, type to narrow the list, Enter takes the first match.
    group = page.get_by_label(_nb("input.field.group"), exact=True)
    keys.tab_to(_nb("input.field.group"))
    keys.no_trap()
    # A member of one group finds it chosen already; otherwise choosing it asks for a run, which
    # `settle` alone can miss (the app looks idle before the request arrives), and a run that
    # arrives while the next Tab is pressed redraws the form under the focus.
    chosen_already = group.input_value() == GROUP
    keys.type(GROUP)
    with new_run(page, runs=0 if chosen_already else 1):
        keys.press("Enter", moves=False)
    expect(group).to_have_value(GROUP)
    keys.choose([_nb(f"subject_type.{kind}") for kind in SubjectType], _nb("subject_type.policy"))
    topic = f"Tastaturtema {TAG}"
    keys.tab_to(_nb("decisions.form.policy_new"))
    keys.no_trap()
    keys.type(topic)
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    text = f"Innspill {TAG}: skrevet uten mus."
    keys.tab_to(_nb("input.field.text"))
    keys.no_trap()
    keys.type(text)
    keys.tab_to(_nb("input.submit"))
    keys.no_trap()
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(page.get_by_text(_nb("input.saved"))).to_be_visible()
    keys.report("member sends input")

    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            given = session.scalars(sa.select(Input).where(Input.text == text)).one()
            member = session.scalars(sa.select(User).where(User.username == "medlem")).one()
    finally:
        engine.dispose()
    assert given.policy_topic == topic
    assert given.author_person_id == member.person_id and given.withdrawn_at is None


def test_a_coordinator_records_a_meeting_result_with_the_keyboard(server, browser_database, make_context):
    page = open_page(make_context())
    keys = Keys(page)
    _log_in(keys, server.url, "koordinator")
    _go(keys, _nb("nav.calendar"), _nb("nav.calendar"), back=True)
    today = oslo_today()
    keys.tab_to(re.compile(".*" + re.escape(_nb("chart_text.calendar.today", day="@")[1:])))
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(page.get_by_text(_nb("calendar.list.select"))).to_be_visible()
    keys.tab_to(grid=True)
    _select_row_with(keys, MEETING_TITLE, opens=True)
    expect(page.get_by_role("heading", name=re.compile(re.escape(MEETING_TITLE)))).to_be_visible()
    settle(page)
    keys.tab_to(_nb("meeting.result.record"))
    keys.press("Enter", moves=False)
    expect(page.get_by_test_id("stExpander").locator("details").first).to_have_attribute("open", "")
    result = ConsultationResult.ENDORSED
    words = i18n.case_result(result, i18n.DEFAULT_LANGUAGE, deciding=False)
    results = [i18n.case_result(code, i18n.DEFAULT_LANGUAGE, deciding=False) for code in ConsultationResult]
    keys.choose(results, words)
    remark = f"Vedtak {TAG}: støttet, registrert med tastaturet."
    keys.tab_to(_nb("meeting.result.text"))
    keys.no_trap()
    keys.type(remark)
    keys.tab_to(_nb("meeting.result.save"))
    with new_run(page, runs=1):
        keys.press("Enter", moves=False)
    expect(page.get_by_test_id("stAlert").filter(has_text=CASE_TITLE)).to_be_visible()
    keys.report("coordinator records a meeting result")

    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            meeting = session.scalars(sa.select(Meeting).where(Meeting.title == MEETING_TITLE)).one()
            item = session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).one()
            step = session.scalars(
                sa.select(Consultation).where(
                    Consultation.case_id == item.case_id, Consultation.meeting_id == meeting.id
                )
            ).one()
    finally:
        engine.dispose()
    assert (step.result, step.result_text, step.treated_on) == (result, remark, today)


# --- No trap: round each page and back -------------------------------------------------------------------

_MARK_START = """() => { document.activeElement.setAttribute("data-keys-start", ""); }"""
_AT_START = """() => document.activeElement.hasAttribute("data-keys-start")"""


def _round(keys: Keys, key: str) -> list[str]:
    """Press `key` from the marked element until the focus is back on it; the stops on the way."""
    stops: list[str] = []
    for _ in range(ROUND_LIMIT):
        now = keys.press(key)
        if keys.page.evaluate(_AT_START):
            return stops
        stops.append(now["testid"] if now.get("testid") == "stSidebarNavLink" else now["name"] or now["tag"])
    raise AssertionError(f"{key} did not come round within {ROUND_LIMIT} presses: {stops[-30:]}")


@pytest.mark.parametrize(
    ("username", "page_name", "title_key"),
    [
        ("direktor", "decisions", "nav.decisions"),
        ("medlem", "input", "nav.input"),
        ("koordinator", "meeting", ""),
    ],
)
def test_tab_and_shift_tab_go_round_the_page_and_back(
    server, browser_database, make_context, username, page_name, title_key
):
    """From the page's first focus stop, Tab passes every control (each with its ring) and the sidebar's
    page links and comes round to it; Shift+Tab does the same the other way."""
    page = open_page(make_context())
    keys = Keys(page)
    _log_in(keys, server.url, username)
    if page_name == "meeting":
        engine = make_engine(browser_database)
        try:
            with read_session(engine) as session:
                meeting_id = session.scalars(
                    sa.select(Meeting.id).where(Meeting.title == MEETING_TITLE)
                ).one()
        finally:
            engine.dispose()
        page.goto(f"{server.url}/calendar?meeting={meeting_id}")
        settle(page)
        expect(page.get_by_role("heading", name=re.compile(re.escape(MEETING_TITLE)))).to_be_visible()
    else:
        page.goto(f"{server.url}/{page_name}")
        settle(page)
        expect(page.get_by_role("heading", name=_nb(title_key), exact=True)).to_be_visible()
    settle(page)
    _ring_loaded(page)
    keys.press("Tab")
    page.evaluate(_MARK_START)
    forward = _round(keys, "Tab")
    backward = _round(keys, "Shift+Tab")
    assert "stSidebarNavLink" in forward and "stSidebarNavLink" in backward, forward
    assert len(forward) > 10 and len(backward) > 10, (forward, backward)
    keys.report(f"round the {page_name} page ({len(forward)} stops forward, {len(backward)} back)")
