"""A meeting in a real browser, as the coordinator runs it: plans an extra meeting of an expert group
for today in the calendar, puts a case on its agenda, records the group's result, and the case's path
moves on (the group's step treated today, where the case is now); then the database agrees."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import ConsultationResult, ConsultationRole, MeetingStatus
from osloreg.models import AgendaItem, AuditEvent, Body, Case, CaseNumber, Consultation, Meeting
from osloreg.queries.cases import case_detail
from osloreg.rules import cases as rules
from tests.browser.helpers import TIMEOUT_MS, Server, log_in, log_out, open_page, settle

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]  # ~30 s; slower on a loaded machine

GROUP = "Faggruppe for næringssamarbeid"
PLACE = "Oslo rådhus"
TITLE = "Ekstra møte"
# Today 08:00-09:00: results are recorded once the meeting's day has come (the day counts, not the
# hour: services.meetings.record_result), so the result is recordable whatever the hour of the run.
STARTS, ENDS = "08:00", "09:00"
RESULT = ConsultationResult.ENDORSED_WITH_CHANGES
RESULT_TEXT = "Faggruppen støtter forslaget med en endring"
# How the case page marks a step of the path (the legend under it: ✓ behandlet · ▶ neste ...).
STEP_ICONS = {"done": "✓", "next": "▶", "waiting": "○", "skipped": "–"}


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


# --- The case to put on the agenda -------------------------------------------------------------------


@dataclass(frozen=True)
class Picked:
    id: int
    label: str
    title: str
    steps: tuple[rules.Step, ...]  # its path before the meeting
    group_step: int | None  # the sequence of the group's step that is next (None: the agenda adds one)


def _steps(session, case_id: int) -> tuple[rules.Step, ...]:
    rows = session.execute(
        sa.select(
            Consultation.sequence,
            Consultation.body_id,
            Consultation.planned_on,
            Consultation.treated_on,
            Consultation.result,
            Body.name,
            Consultation.meeting_id,
            Consultation.role,
            Consultation.authoritative,
        )
        .join(Body, Body.id == Consultation.body_id)
        .where(Consultation.case_id == case_id)
        .order_by(Consultation.sequence)
    )
    return tuple(rules.Step(*row) for row in rows)


def _pick_case(database_url: str, today: dt.date) -> tuple[int, Picked]:
    """(the group's id, the case). Preferably a case whose next step is at the group and not yet at
    any meeting: the group's treatment is that step, and the path goes on after it. The demo data set
    (generated around today) may have none (its group steps may all be on the group's next meeting):
    then a case with nothing planned, one sent back first, to which the agenda adds a step at the
    group at the end of its path. Never a case with a step planned elsewhere: the group's new step
    after it would pass it over."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            group_id = session.scalars(sa.select(Body.id).where(Body.name == GROUP)).one()
            untreated = sa.select(Consultation.case_id).where(Consultation.treated_on.is_(None))
            on_meeting = untreated.where(Consultation.meeting_id.is_not(None))
            at_group = untreated.where(Consultation.meeting_id.is_(None), Consultation.body_id == group_id)
            for case_id in session.scalars(
                sa.select(Case.id).where(Case.id.in_(at_group), Case.id.not_in(on_meeting)).order_by(Case.id)
            ):
                detail = case_detail(session, case_id=case_id, today=today)
                upcoming = detail.next_planned
                if upcoming is not None and upcoming.body_id == group_id and upcoming.meeting_id is None:
                    return group_id, _picked(session, detail, upcoming.sequence)
            at_rest = session.scalars(sa.select(Case.id).where(Case.id.not_in(untreated)).order_by(Case.id))
            found = [case_detail(session, case_id=case_id, today=today) for case_id in at_rest]
            for state in (rules.CaseState.HANGING, rules.CaseState.AT_END, rules.CaseState.DECIDED):
                for detail in found:
                    if detail.state == state:
                        return group_id, _picked(session, detail, None)
    finally:
        engine.dispose()
    raise AssertionError("the demo data has no case to put on the group's agenda")


def _cases_numbered(database_url: str, label: str) -> int:
    """How many cases hold this number in some body: each body numbers its own agenda, so a number
    such as 12/24 can belong to a case in each of several bodies, and the search finds them all."""
    number, year = (int(part) for part in label.split("/"))
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            return session.scalar(
                sa.select(sa.func.count(sa.distinct(CaseNumber.case_id))).where(
                    CaseNumber.number == number, CaseNumber.year == 2000 + year
                )
            )
    finally:
        engine.dispose()


def _number_in(database_url: str, case_id: int, body_id: int) -> str:
    """The case's newest number in the body, "5/26"."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            number, year = session.execute(
                sa.select(CaseNumber.number, CaseNumber.year)
                .where(CaseNumber.case_id == case_id, CaseNumber.body_id == body_id)
                .order_by(CaseNumber.year.desc())
                .limit(1)
            ).one()
    finally:
        engine.dispose()
    return f"{number}/{year % 100:02d}"


def _picked(session, detail, group_step: int | None) -> Picked:
    steps = _steps(session, detail.id)
    return Picked(id=detail.id, label=detail.label, title=detail.title, steps=steps, group_step=group_step)


def _path_after(picked: Picked, group_id: int, meeting_id: int, today: dt.date) -> tuple[rules.Step, ...]:
    """The path as it must be once the group has treated the case today at the meeting."""
    treated = {"planned_on": today, "treated_on": today, "result": RESULT, "meeting_id": meeting_id}
    if picked.group_step is not None:
        return tuple(
            dataclasses.replace(step, **treated) if step.sequence == picked.group_step else step
            for step in picked.steps
        )
    sequence = max((step.sequence for step in picked.steps), default=0) + 1
    new = rules.Step(sequence, group_id, body_name=GROUP, role=ConsultationRole.PREPARATION, **treated)
    return (*picked.steps, new)


def _last_event(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            return session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))
    finally:
        engine.dispose()


# --- What the case page must say ---------------------------------------------------------------------


def _where_text(steps: Iterable[rules.Step]) -> str:
    """ "Status: <state>", then the last consideration and the next one, as the page has them
    (line breaks count as spaces)."""
    steps = list(steps)
    position = rules.where_is_it(steps)
    lines = [f"{_nb('case.where.title')}: {_nb(f'case_state.{rules.case_state(steps)}')}"]
    if (last := position.last_treated) is not None:
        result = _nb(f"overview.result.{last.result}") if last.result else ""
        step = f"{last.body_name} {_day(last.treated_on)}" + (f": {result}" if result else "")
        lines.append(_nb("case.where.last", step=step))
    if (upcoming := position.next_planned) is not None:
        when = _day(upcoming.planned_on) if upcoming.planned_on else f"({_nb('case.no_date')})"
        lines.append(_nb("case.where.next", step=f"{upcoming.body_name} {when}"))
    return " ".join(lines)


def _glance_text(steps: Iterable[rules.Step]) -> str:
    """The path at a glance: "✓ Faggruppen → ▶ Styret (vedtaksorgan)"."""
    return " → ".join(
        f"{STEP_ICONS[state]} {step.body_name}"
        + (f" ({_nb('case.path.deciding')})" if step.authoritative else "")
        for step, state in rules.step_states(steps)
    )


# --- Acting as a person ------------------------------------------------------------------------------


def _alert(page, text: str):
    """A message box (success, warning) saying `text` (beside its icon, if it has one)."""
    return page.get_by_test_id("stAlert").filter(has=page.get_by_text(text, exact=True))


def _choose(page, scope, label: str, option: str) -> None:
    """Pick an option of a select box, as a person does: open it, type to narrow it (the list draws only
    the options in view), click the option."""
    box = scope.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def _type_into(page, field, typed: str, shown: str | re.Pattern) -> None:
    """Type into a Streamlit date or time field, as a person does: click its first part (the day, the
    hour), type, and leave the field with Tab. The field is a row of spin buttons that move on by
    themselves; the separators are typed over (see test_project_flow)."""
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(typed)
    page.keyboard.press("Tab")
    expect(field).to_have_text(shown)
    settle(page)


def _time_shown(value: str) -> re.Pattern:
    """A time field's text: the time between the bidi isolation marks Streamlit puts around it."""
    return re.compile(f"^\\W*{re.escape(value)}\\W*$")


def _open(page, expander, title: str) -> None:
    """Open an expander (click its title) unless it is open."""
    if expander.locator("details").get_attribute("open") is None:
        expander.get_by_text(title, exact=True).click()
    expect(expander.locator("details")).to_have_attribute("open", "")


def _meeting_facts(page):
    """The caption under the meeting's title: body · time · place · status · basis."""
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(f"^{re.escape(GROUP)} · "))


def _grid_after(element):
    """The data grid that follows an element (st.dataframe renders as stDataFrame). It draws on a
    canvas; beside it, it keeps an accessibility table of the rows and columns in view."""
    return element.locator("xpath=following::*[@data-testid='stDataFrame'][1]")


def _grid_rows(grid, text: str):
    rows = grid.locator('tbody tr[role="row"]')
    expect(rows.first).to_be_attached()
    return rows.filter(has_text=text)


def _scroll_right(grid) -> None:
    """Scroll a grid to its last columns, as a person would."""
    grid.locator(".dvn-scroller").evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")


def _open_case(page, base_url: str, case: Picked, steps: tuple[rules.Step, ...]) -> None:
    """The case's page, saying where the case is now and its path at a glance as `steps` have it."""
    page.goto(f"{base_url}/cases?case={case.id}")
    expect(page.get_by_role("heading", name=f"{case.label} {case.title}", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    settle(page, logged_in=True)
    where = page.get_by_test_id("stMarkdownContainer").filter(has_text=_nb("case.where.title"))
    expect(where).to_have_text(_where_text(steps))
    path_heading = page.get_by_role("heading", name=_nb("case.path.title"), exact=True)
    glance = path_heading.locator("xpath=following::*[@data-testid='stMarkdownContainer'][1]")
    expect(glance).to_have_text(_glance_text(steps))


# --- The scenario --------------------------------------------------------------------------------------


def test_coordinator_plans_a_meeting_records_a_result_and_the_case_moves_on(
    server, browser_database, make_context
):
    today = oslo_today()
    today_text = _day(today)
    group_id, case = _pick_case(browser_database, today)
    last_event = _last_event(browser_database)
    result_words = _nb(f"overview.result.{RESULT}")
    case_name = f"{case.label} {case.title}"

    # (0) The coordinator sees where the case is before the meeting.
    page = open_page(make_context())
    log_in(page, server.url, "koordinator")
    _open_case(page, server.url, case, case.steps)

    # (1) An extra meeting of the group, today, planned in the calendar: it opens.
    page.goto(f"{server.url}/calendar")
    expect(page.get_by_role("heading", name=_nb("nav.calendar"), exact=True)).to_be_visible()
    settle(page, logged_in=True)
    plan = page.get_by_test_id("stExpander").filter(has_text=_nb("calendar.new.title"))
    _open(page, plan, _nb("calendar.new.title"))
    settle(page)
    _choose(page, plan, _nb("field.body_id"), GROUP)
    day_field = plan.get_by_role("group", name=_nb("field.meeting_day"), exact=True)
    _type_into(page, day_field, today_text, today_text)
    for key, value in (("field.starts_at", STARTS), ("field.ends_at", ENDS)):
        field = plan.get_by_role("group", name=_nb(key), exact=True)
        _type_into(page, field, value.replace(":", ""), _time_shown(value))
    plan.get_by_label(_nb("field.place"), exact=True).fill(PLACE)
    title_field = plan.get_by_label(_nb("field.meeting_title"), exact=True)
    title_field.fill(TITLE)
    title_field.press("Tab")
    settle(page)
    plan.get_by_role("button", name=_nb("meeting.new.save"), exact=True).click()
    expect(_alert(page, _nb("meeting.new.done"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=f"{GROUP} {today_text}: {TITLE}", exact=True)).to_be_visible()
    settle(page)
    found = re.search(r"[?&]meeting=(\d+)", page.url)
    assert found, page.url
    meeting_id = int(found[1])
    facts = _meeting_facts(page)
    expect(facts).to_contain_text(f"{GROUP} · {today_text} {STARTS}–{ENDS} · {PLACE} · ")
    expect(facts).to_contain_text(_nb("meeting_status.planned"))

    # (2) On the agenda: find the case by its number, choose it, add it; the agenda lists it.
    expect(page.get_by_role("tab", name=_nb("meeting.tab.agenda", count=0), exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.get_by_text(_nb("meeting.agenda.none"), exact=True)).to_be_visible()
    search = page.get_by_label(_nb("meeting.agenda.find_case"), exact=True)
    search.fill(case.label)
    search.press("Enter")
    # The run the search asks for: the planning message goes, the select box offers the one case.
    # (`settle` alone could see the app idle before the browser has asked for that run.)
    expect(_alert(page, _nb("meeting.new.done"))).to_have_count(0)
    case_box = page.get_by_label(_nb("meeting.agenda.case"), exact=True)
    hits = _cases_numbered(browser_database, case.label)
    assert hits >= 1
    expect(case_box).to_have_attribute("placeholder", _nb("meeting.agenda.choose_case", count=hits))
    settle(page)
    _choose(page, page, _nb("meeting.agenda.case"), case_name)
    page.get_by_role("button", name=_nb("meeting.agenda.add_case"), exact=True).click()
    expect(_alert(page, _nb("meeting.agenda.added"))).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    # On the group's agenda the case carries the group's own number for the year, which the agenda
    # (and from now on the case's heading, its latest number) shows.
    case = dataclasses.replace(case, label=_number_in(browser_database, case.id, group_id))
    case_name = f"{case.label} {case.title}"
    agenda_tab = page.get_by_role("tab", name=_nb("meeting.tab.agenda", count=1), exact=True)
    expect(agenda_tab).to_have_attribute("aria-selected", "true")
    agenda = _grid_after(agenda_tab)
    expect(_grid_rows(agenda, case_name)).to_have_count(1)
    expect(page.get_by_text(_nb("meeting.agenda.open_case", case=case.label), exact=True)).to_be_visible()

    # (3) The group's result on the item, with a remark; the agenda shows it, the meeting is held.
    item_name = f"1. {case_name}"
    item = (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_test_id("stMarkdownContainer").filter(has_text=_exactly(item_name)))
        .filter(has=page.get_by_test_id("stExpander"))
        .last
    )
    record = item.get_by_test_id("stExpander").filter(has_text=_nb("meeting.result.record"))
    _open(page, record, _nb("meeting.result.record"))
    choice = record.get_by_role("radio", name=result_words, exact=True)  # a segmented control
    choice.click()
    # The run the choice asks for: the first since the message, which it no longer shows.
    expect(_alert(page, _nb("meeting.agenda.added"))).to_have_count(0)
    settle(page)
    # The message above the title is gone and the page's elements moved up one place: the expander
    # (keyed) stays open with the choice in it.
    expect(record.locator("details")).to_have_attribute("open", "")
    expect(choice).to_have_attribute("aria-checked", "true")
    record.get_by_label(_nb("meeting.result.text"), exact=True).fill(RESULT_TEXT)
    record.get_by_role("button", name=_nb("meeting.result.save"), exact=True).click()
    expect(_alert(page, _nb("meeting.result.done", item=item_name))).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    row = _grid_rows(_grid_after(agenda_tab), case_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(result_words)
    _scroll_right(_grid_after(agenda_tab))
    expect(_grid_rows(_grid_after(agenda_tab), RESULT_TEXT)).to_have_count(1)
    expect(page.get_by_text(_nb("meeting.result.edit"), exact=True)).to_be_visible()
    expect(_meeting_facts(page)).to_contain_text(_nb("meeting_status.held"))

    # (4) The case's page: the group's step treated today with the result and the remark, and where
    # the case is now has moved on (last treated: the group today; next: what follows, if anything).
    after = _path_after(case, group_id, meeting_id, today)
    position = rules.where_is_it(after)
    assert position.last_treated is not None and position.last_treated.body_id == group_id
    assert position != rules.where_is_it(case.steps)
    _open_case(page, server.url, case, after)
    path = _grid_after(page.get_by_role("heading", name=_nb("case.path.title"), exact=True))
    group_row = _grid_rows(path, GROUP).filter(has_text=today_text)
    expect(group_row).to_have_count(1)
    expect(group_row).to_contain_text(f"{STEP_ICONS['done']} {_nb('step_state.done')}")
    expect(group_row).to_contain_text(result_words)
    upcoming = _grid_rows(path, f"{STEP_ICONS['next']} {_nb('step_state.next')}")
    if position.next_planned is None:
        expect(upcoming).to_have_count(0)
    else:
        expect(upcoming).to_have_count(1)
        expect(upcoming).to_contain_text(position.next_planned.body_name)
    _scroll_right(path)
    treated = _grid_rows(path, RESULT_TEXT)
    expect(treated).to_have_count(1)
    expect(treated).to_contain_text(f"{today_text} {GROUP}")  # the meeting
    log_out(page)

    # The database: the group's treatment today at the new meeting, the meeting held, the case's
    # stored standing as the rules have it, and the coordinator's steps in the audit trail.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            meeting = session.get(Meeting, meeting_id)
            items = session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()
            treatments = session.scalars(
                sa.select(Consultation).where(
                    Consultation.case_id == case.id, Consultation.meeting_id == meeting_id
                )
            ).all()
            stored = session.get(Case, case.id)
            steps = _steps(session, case.id)
            detail = case_detail(session, case_id=case.id, today=today)
            events = session.execute(
                sa.select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.entity, AuditEvent.entity_id)
                .where(AuditEvent.id > last_event, AuditEvent.entity.in_(["meeting", "case"]))
                .order_by(AuditEvent.id)
            ).all()
            assert (meeting.body_id, meeting.status, meeting.place, meeting.title) == (
                group_id,
                MeetingStatus.HELD,
                PLACE,
                TITLE,
            )
            assert (meeting.starts_at, meeting.ends_at) == tuple(
                dt.datetime.combine(today, dt.time.fromisoformat(value)) for value in (STARTS, ENDS)
            )
            assert [(item.position, item.case_id) for item in items] == [(1, case.id)]
            assert len(treatments) == 1, treatments
            treatment = treatments[0]
            assert treatment.body_id == group_id
            assert (treatment.treated_on, treatment.result, treatment.result_text) == (
                today,
                RESULT,
                RESULT_TEXT,
            )
            if case.group_step is not None:
                assert treatment.sequence == case.group_step
            standing = rules.standing(steps, opened_on=stored.created_at.date())
            assert (stored.waiting, stored.idle_since) == (standing.waiting, standing.idle_since)
            assert stored.idle_since == today
    finally:
        engine.dispose()
    assert steps == after
    assert (detail.state, detail.last_treated, detail.next_planned) == (
        rules.case_state(after),
        position.last_treated,
        position.next_planned,
    )
    assert not detail.stalled
    assert [tuple(event) for event in events] == [
        ("meeting.plan", "koordinator", "meeting", meeting_id),
        ("meeting.agenda_add", "koordinator", "meeting", meeting_id),
        ("meeting.result", "koordinator", "meeting", meeting_id),
        ("case.treated", "koordinator", "case", case.id),
    ]
