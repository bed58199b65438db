"""Coverage in a real browser, as the coordinator keeps it: the expert group lacks a sub-region today,
the coordinator adds a member for it on the coverage page, and the group's coverage counts it (the
metric, the warning, the table of units); then the database agrees."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import MembershipRole, UnitKind
from osloreg.models import AuditEvent, Body, Membership, Person, User
from osloreg.queries.coverage import coverage_view
from osloreg.queries.memberships import DEFAULT_BODY
from osloreg.rules.coverage import Cover
from tests.browser.helpers import TIMEOUT_MS, Server, log_in, new_run, open_page, settle

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]  # ~15 s; slower on a loaded machine

GROUP = "Faggruppe for næringssamarbeid"
ROLE = MembershipRole.MEMBER


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def _exactly(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


# --- What the database says before ---------------------------------------------------------------------


@dataclass(frozen=True)
class Before:
    body_id: int
    covered: int  # expected units covered today
    expected: int
    missing: tuple[str, ...]  # the units not represented today, as the page lists them
    unit_id: int  # the missing sub-region the new member represents
    unit: str
    person_id: int  # someone who has never been a member of the group
    person: str
    members: int  # the group's current members today
    last_event: int  # the audit trail's last event so far


def _before(database_url: str, today: dt.date) -> Before:
    """The group's coverage today, the first sub-region it lacks, and a person to add for it: never a
    member of the group (no term to overlap), no one's login (their overview stays as the other tests
    know it), and with a name no other person's name contains (the search finds them alone)."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            assert GROUP == DEFAULT_BODY  # the body the page opens on
            body_id = session.scalars(sa.select(Body.id).where(Body.name == GROUP)).one()
            view = coverage_view(session, body_id=body_id, on=today)
            assert view is not None
            cover = view.body.coverage
            missing = [unit for unit in cover.missing if unit.unit.kind == UnitKind.SUB_REGION]
            assert missing, f"the demo data's {GROUP} lacks no sub-region on {today}"
            unit = missing[0].unit
            in_group = sa.select(Membership.person_id).where(Membership.body_id == body_id)
            with_login = sa.select(User.person_id).where(User.person_id.is_not(None))
            names = session.scalars(sa.select(Person.name)).all()
            candidates = session.execute(
                sa.select(Person.id, Person.name)
                .where(Person.id.not_in(in_group), Person.id.not_in(with_login))
                .order_by(Person.name, Person.id)
            ).all()
            person = next(
                (row for row in candidates if sum(row.name.lower() in name.lower() for name in names) == 1),
                None,
            )
            assert person is not None, f"the demo data has no one to add to {GROUP}"
            members = session.scalar(
                sa.select(sa.func.count())
                .select_from(Membership)
                .where(
                    Membership.body_id == body_id,
                    Membership.role != MembershipRole.SUBSTITUTE,  # the vara are listed apart
                    Membership.start_on <= today,
                    sa.or_(Membership.end_on.is_(None), Membership.end_on >= today),
                )
            )
            last_event = session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))
            return Before(
                body_id=body_id,
                covered=len(cover.covered),
                expected=cover.expected,
                missing=tuple(unit.unit.name for unit in cover.missing),
                unit_id=unit.id,
                unit=unit.name,
                person_id=person.id,
                person=person.name,
                members=members,
                last_event=last_event,
            )
    finally:
        engine.dispose()


# --- Acting as a person ------------------------------------------------------------------------------


def _alert(page, text: str):
    """A message box (success, warning) saying `text` (beside its icon, if it has one)."""
    return page.get_by_test_id("stAlert").filter(has=page.get_by_text(text, exact=True))


def _metric(page, key: str):
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").filter(has_text=_exactly(_nb(key)))
    )
    return metric.get_by_test_id("stMetricValue")


def _missing_warning(page):
    """The text of the warning "Ikke representert: …" (beside its icon)."""
    prefix = _nb("coverage.missing", units="").removesuffix(".")
    return (
        page.get_by_test_id("stAlert")
        .get_by_test_id("stMarkdownContainer")
        .filter(has_text=re.compile(f"^{re.escape(prefix)}"))
    )


def _open_tab(page, name: str, shows) -> None:
    """Click a tab of the page and wait for the run that draws it (tabs are drawn on demand)."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(shows).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def _choose(page, label: str, option: str, *, typed: str | None = None) -> None:
    """Pick an option of a select box, as a person does: open it, type to narrow a long list down
    (the list draws only the options in view), click the option."""
    box = page.get_by_label(label, exact=True)
    box.click()
    if typed:
        page.keyboard.type(typed)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def _grid_after(element):
    """The data grid that follows an element (st.dataframe renders as stDataFrame). It draws on a
    canvas; beside it, it keeps an accessibility table of the rows and columns in view."""
    return element.locator("xpath=following::*[@data-testid='stDataFrame'][1]")


# Scrolls the grid down by most of a screenful (back to the top from the bottom: a run may have
# redrawn the rows above meanwhile), as a person scrolls to a row below the fold.
_SCROLL_ON = """(scroller) => {
  const bottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
  scroller.scrollTop = bottom ? 0 : scroller.scrollTop + scroller.clientHeight - 80;
}"""
# How long the grid is given to draw the rows in view before it is scrolled on. It draws new data
# once scrolling pauses: scrolled a little every 100 ms, it showed the rows of before an added
# member for all of 15 s.
_LOOK_MS = 1_000


def _row(grid, text: str):
    """The one row of a grid that holds `text`, scrolled into view. The grid is looked up afresh at
    every step: a run may draw it anew while it is scrolled."""
    rows = grid.locator('tbody tr[role="row"]')
    expect(rows.first).to_be_attached()
    grid.scroll_into_view_if_needed()
    scroller = grid.locator(".dvn-scroller")
    scroller.evaluate("(e) => { e.scrollTop = 0; }")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        try:
            expect(rows.filter(has_text=text)).to_have_count(1, timeout=_LOOK_MS)
            return rows.filter(has_text=text)
        except AssertionError:
            if time.monotonic() > deadline:
                shown = grid.locator("tbody tr").all_inner_texts()
                raise AssertionError(
                    f"no row of the grid holds {text!r}; the rows in view: {shown}"
                ) from None
        scroller.evaluate(_SCROLL_ON)


def _units_grid(page):
    """The table of the expected units beside the picture (headed Enhet, Dekning, Hvem, …)."""
    return page.get_by_test_id("stDataFrame").filter(
        has=page.locator('th[role="columnheader"]', has_text=_exactly(_nb("coverage.col.status")))
    )


def _members_heading(page, today: dt.date, count: int):
    return page.get_by_role(
        "heading", name=_nb("coverage.members.current", date=_day(today), count=count), exact=True
    )


def _open_coverage(page, base_url: str) -> None:
    page.goto(f"{base_url}/coverage")
    expect(page.get_by_role("heading", name=_nb("nav.coverage"), exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    settle(page, logged_in=True)
    expect(page.get_by_label(_nb("coverage.body"), exact=True)).to_have_value(GROUP)
    expect(page.get_by_role("tab", name=_nb("coverage.tab.coverage"), exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(_metric(page, "coverage.metric.covered")).to_be_visible()


# --- The scenario --------------------------------------------------------------------------------------


def test_coordinator_adds_a_member_for_a_missing_sub_region_and_the_coverage_counts_it(
    server, browser_database, make_context
):
    today = oslo_today()
    today_text = _day(today)
    before = _before(browser_database, today)
    still_missing = [name for name in before.missing if name != before.unit]
    role_text = _nb(f"overview.member_role.{ROLE}")

    # (1) The coordinator opens the coverage page: the group, today, lacks the sub-region.
    page = open_page(make_context())
    log_in(page, server.url, "koordinator")
    _open_coverage(page, server.url)
    expect(page.get_by_role("group", name=_nb("coverage.date"), exact=True)).to_have_text(today_text)
    expect(_metric(page, "coverage.metric.covered")).to_have_text(f"{before.covered} / {before.expected}")
    warning = _missing_warning(page)
    expect(warning).to_have_text(_nb("coverage.missing", units=", ".join(before.missing)))
    row = _row(_units_grid(page), before.unit)
    expect(row).to_contain_text(_nb("coverage.status.missing"))
    expect(row).not_to_contain_text(before.person)

    # (2) The members tab: the group's current members, and the form to add one.
    add_tab = page.get_by_role("tab", name=_nb("directory.membership.add"), exact=True)
    _open_tab(page, _nb("coverage.tab.members"), add_tab)
    expect(_members_heading(page, today, before.members)).to_be_visible()
    expect(add_tab).to_have_attribute("aria-selected", "true")

    # (3) Find the person by name and pick them; the role stays member, the start today; choose the
    # sub-region they represent; add.
    search = page.get_by_label(_nb("directory.person.search"), exact=True)
    search.fill(before.person)
    with new_run(page):
        search.press("Enter")
    person_box = page.get_by_label(_nb("directory.person"), exact=True)
    # Right after Enter in the search field, a click only focuses the box (Streamlit's combobox);
    # the arrow key opens it, as it does for a person using the keyboard.
    person_box.click()
    person_box.press("ArrowDown")
    # After the search the box offers no one but the person (beside "–", no one).
    expect(page.get_by_role("option")).to_have_count(2)
    page.get_by_role("option", name=before.person, exact=True).click()
    expect(person_box).to_have_value(before.person)
    settle(page)
    expect(page.get_by_label(_nb("directory.role"), exact=True)).to_have_value(role_text)
    expect(page.get_by_role("group", name=_nb("field.start_on"), exact=True)).to_have_text(today_text)
    represents = page.get_by_label(_nb("directory.represents"), exact=True)
    expect(represents).to_have_attribute("placeholder", _nb("directory.no_unit"))
    _choose(page, _nb("directory.represents"), before.unit, typed=before.unit)
    page.get_by_role("button", name=_nb("directory.membership.add_button"), exact=True).click()
    expect(_alert(page, _nb("directory.membership.added"))).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)

    # The members tab is still open and lists the person among the current members, for the unit.
    expect(page.get_by_role("tab", name=_nb("coverage.tab.members"), exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    heading = _members_heading(page, today, before.members + 1)
    expect(heading).to_be_visible()
    member = _row(_grid_after(heading), before.person)
    for shown in (role_text, before.unit, today_text):
        expect(member).to_contain_text(shown)
    # The form starts afresh.
    expect(page.get_by_label(_nb("directory.person"), exact=True)).to_have_value("")
    expect(page.get_by_label(_nb("directory.represents"), exact=True)).to_have_value("")

    # (4) The coverage tab again: one more unit covered, the sub-region no longer missing, and the
    # table has it covered directly by the person.
    covered = _metric(page, "coverage.metric.covered")
    _open_tab(page, _nb("coverage.tab.coverage"), covered)
    expect(covered).to_have_text(f"{before.covered + 1} / {before.expected}")
    if still_missing:
        expect(warning).to_have_text(_nb("coverage.missing", units=", ".join(still_missing)))
    else:
        expect(warning).to_have_count(0)
    row = _row(_units_grid(page), before.unit)
    expect(row).to_contain_text(_nb("coverage.status.direct"))
    expect(row).to_contain_text(before.person)

    # The database: the person's term in the group from today for the sub-region, the coverage counts
    # it, and the coordinator's addition in the audit trail.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            terms = session.scalars(
                sa.select(Membership).where(
                    Membership.person_id == before.person_id, Membership.body_id == before.body_id
                )
            ).all()
            view = coverage_view(session, body_id=before.body_id, on=today)
            events = session.execute(
                sa.select(
                    AuditEvent.action,
                    AuditEvent.actor_name,
                    AuditEvent.entity,
                    AuditEvent.entity_id,
                    AuditEvent.after,
                )
                .where(AuditEvent.id > before.last_event)
                .order_by(AuditEvent.id)
            ).all()
            assert [
                (term.role, term.represents_unit_id, term.start_on, term.end_on, term.note) for term in terms
            ] == [(ROLE, before.unit_id, today, None, None)]
            term_id = terms[0].id
    finally:
        engine.dispose()
    assert view is not None
    cover = view.body.coverage
    assert (len(cover.covered), cover.expected) == (before.covered + 1, before.expected)
    [unit] = [unit for unit in cover.units if unit.unit.id == before.unit_id]
    assert unit.status == Cover.DIRECT
    assert [(seat.person_id, seat.membership_id) for seat in unit.direct] == [(before.person_id, term_id)]
    assert tuple(unit.unit.name for unit in cover.missing) == tuple(still_missing)
    added = [event for event in events if event.action == "membership.add"]
    assert [tuple(event[:4]) for event in added] == [
        ("membership.add", "koordinator", "body", before.body_id)
    ]
    assert added[0].after["membership"]["id"] == term_id
    assert "handover" not in added[0].after
