"""From input to decision in a real browser, as the people involved do it: a member gives input on a
policy matter, the coordinator turns it into advice and submits it, the director partly follows it,
and the member sees the outcome and the rationale; then the database agrees."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.enums import AdviceState, Outcome, SubjectType
from osloreg.models import Advice, AuditEvent, Decision, Input, User
from tests.browser.helpers import Server, log_in, log_out, open_page, settle

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]  # ~40 s; slower on a loaded machine

GROUP = "Faggruppe for næringssamarbeid"  # `medlem` sits in it; `koordinator` may advise any group
# Streamlit's data grid draws on a canvas: a header and rows of this height (px), a checkbox column
# first. Beside the canvas it keeps an accessibility table of the rows and columns in view.
HEADER_PX = 36
ROW_PX = 35
CHECKBOX_X = 16


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


# --- Acting as a person ------------------------------------------------------------------------------


def _open(page, title_key: str) -> None:
    """Follow the sidebar's link to a page and wait for its title."""
    title = _nb(title_key)
    page.get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)).click()
    settle(page)
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def _choose(page, label: str, option: str) -> None:
    """Pick an option of a select box, as a person does: open it, type to narrow it (the list draws only
    the options in view), click the option."""
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def _grid(page, heading: str | re.Pattern):
    """The data grid that follows a heading (st.dataframe renders as stDataFrame)."""
    section = page.get_by_role("heading", name=heading, exact=True)
    expect(section).to_be_visible()
    return section.locator("xpath=following::*[@data-testid='stDataFrame'][1]")


def _rows(grid):
    return grid.locator('tbody tr[role="row"]')


def _find_row(grid, text: str) -> int:
    """The accessibility row index (header = 1) of the row containing `text`, scrolling the grid down
    as a person would until it is in view (the accessibility table lists only the rows in view)."""
    scroller = grid.locator(".dvn-scroller")
    expect(_rows(grid).first).to_be_attached()
    row = _rows(grid).filter(has_text=text)
    while row.count() == 0:
        first = _rows(grid).first.get_attribute("aria-rowindex")
        moved = scroller.evaluate(
            f"(e) => {{ const before = e.scrollTop; e.scrollTop += e.clientHeight - 2 * {HEADER_PX};"
            " return e.scrollTop !== before; }"
        )
        assert moved, f"no row with {text!r} in the grid"
        expect(_rows(grid).first).not_to_have_attribute("aria-rowindex", first)
    return int(row.get_attribute("aria-rowindex"))


def _row(grid, index: int):
    return grid.locator(f'tbody tr[role="row"][aria-rowindex="{index}"]')


def _select_row(page, grid, text: str, shows) -> int:
    """Tick the checkbox of the row containing `text` (scrolled wholly into the grid's view first) and
    wait for the run that shows the selection: for what it `shows`, then for the run to end. (The grid
    reports a selection a moment after the click, so `settle` right after it can see an idle app.)"""
    index = _find_row(grid, text)
    scroller = grid.locator(".dvn-scroller")
    offset = (index - 2) * ROW_PX  # the row's top in the grid's rows
    top = scroller.evaluate(
        f"(e) => {{ const shown = e.clientHeight - {HEADER_PX};"
        f" if ({offset} < e.scrollTop || {offset + ROW_PX} > e.scrollTop + shown) e.scrollTop = {offset};"
        " return Math.floor(e.scrollTop); }"
    )
    # The grid has drawn the rows from there (its first row in the accessibility table shows it).
    expect(_rows(grid).first).to_have_attribute("aria-rowindex", str(top // ROW_PX + 2))
    scroller.click(position={"x": CHECKBOX_X, "y": HEADER_PX + offset - top + ROW_PX // 2})
    expect(_row(grid, index)).to_have_attribute("aria-selected", "true")
    expect(shows).to_be_visible()
    settle(page)
    return index


def _expect_row_on_the_right(grid, index: int, *texts: str) -> None:
    """Scroll the grid to its last columns, as a person would, and see `texts` in the row."""
    grid.locator(".dvn-scroller").evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
    for text in texts:
        expect(_row(grid, index)).to_contain_text(text)


def _pattern(key: str, **slots: str) -> re.Pattern:
    """A message of the catalogue as a whole-text pattern, its {slots} matching these expressions."""
    text = re.escape(_nb(key, **{name: f"@{name}@" for name in slots}))
    for name, expression in slots.items():
        text = text.replace(f"@{name}@", expression)
    return re.compile(f"^{text}$")


def _inbox_count(page) -> int:
    inbox_title = _pattern("decisions.inbox.title", count=r"(\d+)")
    heading = page.get_by_role("heading", name=inbox_title)
    expect(heading).to_be_visible()
    return int(inbox_title.match(heading.inner_text()).group(1))


# --- The scenario --------------------------------------------------------------------------------------


def test_input_becomes_advice_is_partly_followed_and_the_member_sees_why(
    server, browser_database, make_context
):
    tag = uuid.uuid4().hex[:12]
    topic = f"Næringsarealer {tag}"
    input_text = f"Innspill {tag}: sett av arealer ved knutepunktene til næring."
    title = f"Råd om næringsarealer {tag}"
    recommendation = f"Anbefaling {tag}: regionen bør sikre næringsarealer ved knutepunktene."
    rationale = f"Begrunnelse {tag}: vi følger rådet for knutepunktene, ikke for resten av regionen."
    partly = _nb(f"outcome.{Outcome.PARTLY_FOLLOWED}")

    # (1) The member gives input on a new policy matter and sees it under "Mine innspill", not yet taken up.
    member = open_page(make_context())
    log_in(member, server.url, "medlem")
    _open(member, "nav.input")
    expect(member.get_by_label(_nb("input.field.group"), exact=True)).to_have_value(GROUP)
    member.get_by_role("radio", name=_nb(f"subject_type.{SubjectType.POLICY}")).click()
    settle(member)
    new_topic = member.get_by_label(_nb("decisions.form.policy_new"), exact=True)
    new_topic.fill(topic)
    new_topic.press("Enter")
    settle(member)
    member.get_by_role("textbox", name=_nb("input.field.text"), exact=True).fill(input_text)
    member.get_by_role("button", name=_nb("input.submit")).click()
    settle(member)
    expect(member.get_by_text(_nb("input.saved"))).to_be_visible()
    mine = _grid(member, _nb("input.mine.title"))
    index = _find_row(mine, tag)
    expect(_row(mine, index)).to_contain_text(topic)
    expect(_row(mine, index)).to_contain_text(input_text)
    _expect_row_on_the_right(mine, index, _nb("input_status.awaiting"))
    log_out(member)

    # (2) The coordinator finds the input on that subject, composes advice from it, saves the draft,
    # then opens the draft and submits it to the director.
    coordinator = open_page(make_context())
    log_in(coordinator, server.url, "koordinator")
    _open(coordinator, "nav.advice")
    _choose(coordinator, _nb("advice.field.group"), GROUP)
    coordinator.get_by_role("radio", name=_nb(f"subject_type.{SubjectType.POLICY}")).click()
    settle(coordinator)
    _choose(coordinator, _nb("decisions.form.policy_topic"), topic)
    given = _grid(coordinator, _nb("advice.inputs.title"))
    expect(_row(given, _find_row(given, tag))).to_contain_text(input_text)
    coordinator.get_by_label(_nb("advice.field.title"), exact=True).fill(title)
    coordinator.get_by_label(_nb("advice.field.recommendation"), exact=True).fill(recommendation)
    coordinator.get_by_label(_nb("advice.field.inputs"), exact=True).click()
    coordinator.get_by_role("option").filter(has_text=input_text).click()
    coordinator.keyboard.press("Escape")
    coordinator.get_by_role("button", name=_nb("advice.save_draft")).click()
    settle(coordinator)
    expect(coordinator.get_by_text(_nb("advice.saved"))).to_be_visible()

    in_progress = _grid(coordinator, _nb("advice.list.title"))
    draft_heading = coordinator.get_by_role("heading", name=_nb("advice.edit.title", title=title))
    draft_row = _select_row(coordinator, in_progress, title, shows=draft_heading)
    expect(_row(in_progress, draft_row)).to_contain_text(_nb(f"advice_state.{AdviceState.DRAFT}"))
    expect(coordinator.get_by_label(_nb("advice.field.title"), exact=True)).to_have_value(title)
    expect(
        coordinator.get_by_test_id("stMultiSelect").filter(has_text=_nb("advice.field.inputs"))
    ).to_contain_text(input_text)
    coordinator.get_by_role("button", name=_nb("advice.submit")).click()
    settle(coordinator)
    expect(coordinator.get_by_text(_nb("advice.submitted"))).to_be_visible()
    submitted_row = _find_row(in_progress, title)
    expect(_row(in_progress, submitted_row)).to_contain_text(_nb(f"advice_state.{AdviceState.SUBMITTED}"))
    log_out(coordinator)

    # (3) The director narrows the inbox to the group, decides the advice (partly followed, with a
    # rationale); it leaves the inbox and shows in the decision log.
    director = open_page(make_context())
    log_in(director, server.url, "direktor")
    _open(director, "nav.decisions")
    _choose(director, _nb("decisions.filter.group"), GROUP)
    waiting = _inbox_count(director)
    inbox = _grid(director, _nb("decisions.inbox.title", count=waiting))
    decide = director.get_by_role("button", name=_nb("decisions.decide"), exact=True)
    _select_row(director, inbox, title, shows=decide)
    expect(director.get_by_role("heading", name=title, exact=True)).to_be_visible()
    decide.click()
    settle(director)
    dialog = director.get_by_role("dialog")
    expect(dialog.get_by_text(title)).to_be_visible()
    dialog.get_by_role("radio", name=partly).click()
    settle(director)
    dialog.get_by_label(_nb("decisions.field.rationale_required"), exact=True).fill(rationale)
    dialog.get_by_role("button", name=_nb("decisions.dialog.save")).click()
    settle(director)
    expect(director.get_by_text(_nb("decisions.decided", count=1))).to_be_visible()
    expect(dialog).to_have_count(0)
    if waiting == 1:
        expect(director.get_by_text(_nb("decisions.inbox.none"))).to_be_visible()
    else:
        inbox = _grid(director, _nb("decisions.inbox.title", count=waiting - 1))
        expect(_rows(inbox).first).to_be_attached()
        expect(_rows(inbox).filter(has_text=title)).to_have_count(0)

    director.get_by_role("tab", name=_nb("decisions.tab.log")).click()
    expect(director.get_by_role("button", name=_nb("export.csv"))).to_be_visible()
    settle(director)
    _choose(director, _nb("decisions.filter.group"), GROUP)
    log = _grid(director, _pattern("decisions.log.title", count=r"\d+"))
    decided_row = _find_row(log, title)
    _expect_row_on_the_right(log, decided_row, partly, rationale)
    log_out(director)

    # (4) The member logs in again and sees what became of the input, and why.
    log_in(member, server.url, "medlem")
    _open(member, "nav.input")
    mine = _grid(member, _nb("input.mine.title"))
    one = member.get_by_role("heading", name=_nb("input.one.title", subject=topic))
    index = _select_row(member, mine, tag, shows=one)
    decided_on = _pattern("input.one.decided", date=r"\d\d\.\d\d\.\d{4}", outcome=re.escape(partly))
    expect(member.get_by_test_id("stAlert").filter(has_text=decided_on)).to_be_visible()
    shown = member.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(f"^{re.escape(rationale)}$")
    )
    expect(shown).to_be_visible()
    _expect_row_on_the_right(mine, index, _nb("input_status.decided"), partly, rationale)
    log_out(member)

    # The database: one decision, partly followed, on advice resting on this input; an audit event per step.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            given_input = session.scalars(sa.select(Input).where(Input.text == input_text)).one()
            advice = session.scalars(sa.select(Advice).where(Advice.title == title)).one()
            decisions = session.scalars(sa.select(Decision).where(Decision.advice_id == advice.id)).all()
            users = dict(session.execute(sa.select(User.id, User.username)).all())
            events = session.execute(
                sa.select(AuditEvent.action, AuditEvent.actor_name)
                .where(
                    sa.or_(
                        sa.and_(AuditEvent.entity == "inputs", AuditEvent.entity_id == given_input.id),
                        sa.and_(AuditEvent.entity == "advice", AuditEvent.entity_id == advice.id),
                    )
                )
                .order_by(AuditEvent.id)
            ).all()
            assert given_input.policy_topic == topic and given_input.withdrawn_at is None
            assert advice.state == AdviceState.DECIDED
            assert advice.policy_topic == topic
            assert advice.recommendation == recommendation
            assert [item.id for item in advice.inputs] == [given_input.id]
    finally:
        engine.dispose()
    assert len(decisions) == 1, decisions
    decision = decisions[0]
    assert decision.outcome == Outcome.PARTLY_FOLLOWED
    assert decision.rationale == rationale
    assert users[decision.decided_by_user_id] == "direktor"
    assert decision.reopened_at is None
    assert [tuple(event) for event in events] == [
        ("input.log", "medlem"),
        ("advice.create", "koordinator"),
        ("advice.submit", "koordinator"),
        ("decision.make", "direktor"),
    ]
