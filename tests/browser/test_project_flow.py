"""A project starts, in a real browser, as the people involved do it: the coordinator moves a planned
project to ongoing (the page then says the group has not quality-assured it), records the group's
quality check, and a member sees the new status, the checkpoint and the note in the history, without
any editor; then the database agrees."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import CheckpointKind, ProjectStatus
from osloreg.models import AuditEvent, Project, ProjectCheckpoint, ProjectStatusChange, User
from tests.browser.helpers import (
    TIMEOUT_MS,
    Server,
    log_in,
    log_out,
    new_run,
    open_page,
    settle,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]  # ~25 s and ~17 s; slower on a loaded machine

QUALITY = CheckpointKind.QUALITY_ASSURED
START_NOTE = "Oppstart etter vedtak"
PLAN_NOTE = "Vedtatt gjennomført"  # only if the demo data has no planned project (see _pick_project)
CHECK_NOTE = "Gjennomgått i faggruppens møte"


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def _status(status: str) -> str:
    return _nb(f"project_status.{status}")


def _exactly(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


# --- The project to start ------------------------------------------------------------------------------


def _pick_project(database_url: str) -> tuple[int, str, str]:
    """(id, title, status) of a planned project of the demo data, preferably one the group has not
    quality-assured. The demo data set (generated around today) may have no planned project at all:
    then an idea, which the coordinator first moves to planned through the same form."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            assured = sa.select(ProjectCheckpoint.project_id).where(ProjectCheckpoint.kind == QUALITY)
            for status in (ProjectStatus.PLANNED, ProjectStatus.IDEA):
                found = session.execute(
                    sa.select(Project.id, Project.title, Project.status)
                    .where(Project.status == status)
                    .order_by(Project.id.in_(assured), Project.id)
                    .limit(1)
                ).first()
                if found is not None:
                    return found.id, found.title, found.status
    finally:
        engine.dispose()
    raise AssertionError("the demo data has no planned project nor an idea to plan")


def _user_and_last_event(database_url: str, username: str) -> tuple[int, str, int]:
    """(id, display name) of a demo account, and the id of the audit trail's last event so far."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            found = session.execute(
                sa.select(User.id, User.display_name).where(User.username == username)
            ).one()
            last_event = session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))
            return found.id, found.display_name, last_event
    finally:
        engine.dispose()


# --- Acting as a person ------------------------------------------------------------------------------


def _open_project(page, base_url: str, project_id: int, title: str) -> None:
    page.goto(f"{base_url}/pipeline?project={project_id}")
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)


def _open_tab(page, tab_key: str, shows) -> None:
    """Click a tab of the project page and wait for the run that draws it (tabs are drawn on demand)."""
    tab = page.get_by_role("tab", name=_nb(tab_key), exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(shows).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def _status_metric(page):
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").filter(has_text=_exactly(_nb("field.status")))
    )
    return metric.get_by_test_id("stMetricValue")


def _alert(page, text: str):
    """A message box (success, warning) saying `text` (beside its icon, if it has one)."""
    return page.get_by_test_id("stAlert").filter(has=page.get_by_text(text, exact=True))


def _change_status(page, to_status: str, note: str) -> None:
    """In the "Endre" tab: pick the new status, write the note, press the button; see it done."""
    choice = page.get_by_role("radiogroup", name=_nb("project.status.to"), exact=True)
    option = choice.get_by_role("radio", name=_status(to_status), exact=True)
    option.click()
    expect(option).to_have_attribute("aria-checked", "true")
    settle(page)
    page.get_by_label(_nb("field.status_note"), exact=True).fill(note)
    page.get_by_role("button", name=_nb("project.status.save"), exact=True).click()
    done = _alert(page, _nb("project.status.done", status=_status(to_status)))
    expect(done).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    expect(_status_metric(page)).to_have_text(_status(to_status))


def _checkpoint(page, kind: str):
    """The bordered box of one checkpoint: its line ("✓ name: registrert"), facts and editor."""
    line = page.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(f"^[✓○] {re.escape(_nb(f'checkpoint.{kind}'))}: ")
    )
    expect(line).to_be_visible()
    return line, line.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")


def _type_date(page, field, day: str) -> None:
    """Type a day (DD.MM.YYYY) into a Streamlit date field, as a person does: click its first part
    (the day), type, and leave the field with Tab. The field is a row of spin buttons (day, month,
    year) that move on by themselves; the dots are typed over."""
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(day)
    page.keyboard.press("Tab")
    expect(field).to_have_text(day)
    settle(page)


def _expect_checkpoint_recorded(page, day: str) -> None:
    line, box = _checkpoint(page, QUALITY)
    expect(line).to_have_text(f"✓ {_nb(f'checkpoint.{QUALITY}')}: {_nb('project.checkpoint.passed')}")
    expect(box.get_by_test_id("stMarkdownContainer").filter(has_text=_exactly(day))).to_be_visible()
    expect(box.get_by_text(CHECK_NOTE, exact=True)).to_be_visible()


def _history_rows(page):
    """The status history's grid (newest first): the rows of its accessibility table."""
    heading = page.get_by_role("heading", name=_nb("project.status_history"), exact=True)
    expect(heading).to_be_visible()
    grid = heading.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    rows = grid.locator('tbody tr[role="row"]')
    expect(rows.first).to_be_attached()
    return grid, rows


# --- The scenario --------------------------------------------------------------------------------------


def test_coordinator_starts_a_project_and_records_the_quality_check_and_a_member_sees_it(
    server, browser_database, make_context
):
    project_id, title, status = _pick_project(browser_database)
    coordinator_id, coordinator_name, last_event = _user_and_last_event(browser_database, "koordinator")
    today = oslo_today()
    today_text = today.strftime("%d.%m.%Y")
    ongoing = _status(ProjectStatus.ONGOING)
    not_assured = _nb("attention.not_quality_assured.one")
    quality = _nb(f"checkpoint.{QUALITY}")

    # (1) The coordinator opens the project and moves it to ongoing, with a note (an idea is planned first).
    page = open_page(make_context())
    log_in(page, server.url, "koordinator")
    _open_project(page, server.url, project_id, title)
    expect(_status_metric(page)).to_have_text(_status(status))
    expect(page.get_by_text(not_assured, exact=True)).to_have_count(0)
    _open_tab(page, "project.tab.edit", page.get_by_role("heading", name=_nb("project.status.title")))
    if status == ProjectStatus.IDEA:
        _change_status(page, ProjectStatus.PLANNED, PLAN_NOTE)
    _change_status(page, ProjectStatus.ONGOING, START_NOTE)
    expect(
        page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(f"^{ongoing} · "))
    ).to_be_visible()
    expect(_alert(page, not_assured)).to_be_visible()

    # (2) The group's quality check, recorded for today: the warning goes.
    _open_tab(page, "project.tab.checkpoints", page.get_by_text(_nb("project.checkpoints.help")))
    line, box = _checkpoint(page, QUALITY)
    expect(line).to_have_text(f"○ {quality}: {_nb('project.checkpoint.missing')}")
    box.get_by_test_id("stExpander").get_by_text(_nb("project.checkpoint.record"), exact=True).click()
    date_field = box.get_by_role("group", name=_nb("field.checkpoint_date"), exact=True)
    expect(date_field).to_be_visible()
    _type_date(page, date_field, today_text)
    note = box.get_by_label(_nb("field.checkpoint_note"), exact=True)
    note.fill(CHECK_NOTE)
    # Leaving the field commits it, with a run of its own; the click waits for that run, as a person's
    # hand moving to the button does (a click landing inside that run was once lost in CI).
    with new_run(page):
        note.press("Tab")
    box.get_by_role("button", name=_nb("project.checkpoint.save"), exact=True).click()
    saved = _alert(page, _nb("project.checkpoint.saved", checkpoint=quality))
    expect(saved).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    _expect_checkpoint_recorded(page, today_text)
    expect(page.get_by_text(not_assured, exact=True)).to_have_count(0)
    expect(_status_metric(page)).to_have_text(ongoing)
    log_out(page)

    # (3) A member, on a browser of their own, opens the same link: the status, the checkpoint, the
    # history with the note, and nothing to edit. (Not on the coordinator's: see the test below.)
    page = open_page(make_context())
    log_in(page, server.url, "medlem")
    _open_project(page, server.url, project_id, title)
    expect(_status_metric(page)).to_have_text(ongoing)
    expect(page.get_by_text(not_assured, exact=True)).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(5)
    expect(page.get_by_role("tab", name=_nb("project.tab.edit"), exact=True)).to_have_count(0)
    expect(page.get_by_text(_nb("project.read_only"), exact=True)).to_be_visible()
    expect(page.get_by_role("tab", name=_nb("project.tab.about"), exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    grid, rows = _history_rows(page)
    newest = rows.first
    expect(newest).to_contain_text(f"{_status(ProjectStatus.PLANNED)} → {ongoing}")
    expect(newest).to_contain_text(coordinator_name)
    expect(newest).to_contain_text(today_text)
    if status == ProjectStatus.IDEA:
        expect(rows.nth(1)).to_contain_text(
            f"{_status(ProjectStatus.IDEA)} → {_status(ProjectStatus.PLANNED)}"
        )
    grid.locator(".dvn-scroller").evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
    expect(newest).to_contain_text(START_NOTE)
    _open_tab(page, "project.tab.checkpoints", page.get_by_text(_nb("project.checkpoints.help")))
    _expect_checkpoint_recorded(page, today_text)
    _, box = _checkpoint(page, QUALITY)
    expect(box.get_by_test_id("stExpander")).to_have_count(0)
    expect(page.get_by_test_id("stExpander")).to_have_count(0)
    expect(page.get_by_role("button", name=_nb("project.checkpoint.save"))).to_have_count(0)
    log_out(page)

    # The database: ongoing, the move with its note by the coordinator, the checkpoint, the audit trail.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            project = session.get(Project, project_id)
            moves = session.execute(
                sa.select(
                    ProjectStatusChange.from_status,
                    ProjectStatusChange.to_status,
                    ProjectStatusChange.note,
                    ProjectStatusChange.changed_by_user_id,
                )
                .where(ProjectStatusChange.project_id == project_id)
                .order_by(ProjectStatusChange.id)
            ).all()
            checkpoints = session.scalars(
                sa.select(ProjectCheckpoint).where(ProjectCheckpoint.project_id == project_id)
            ).all()
            events = session.execute(
                sa.select(AuditEvent.action, AuditEvent.actor_name)
                .where(AuditEvent.id > last_event)
                .where(AuditEvent.entity == "project", AuditEvent.entity_id == project_id)
                .order_by(AuditEvent.id)
            ).all()
            assert project.status == ProjectStatus.ONGOING
            assert project.start_on is not None
    finally:
        engine.dispose()
    ours = [
        (ProjectStatus.IDEA, ProjectStatus.PLANNED, PLAN_NOTE, coordinator_id),
        (ProjectStatus.PLANNED, ProjectStatus.ONGOING, START_NOTE, coordinator_id),
    ]
    if status == ProjectStatus.PLANNED:
        ours = ours[1:]
    assert [tuple(move) for move in moves[-len(ours) :]] == ours
    assert [(item.kind, item.on_date, item.note) for item in checkpoints if item.kind == QUALITY] == [
        (QUALITY, today, CHECK_NOTE)
    ]
    assert [tuple(event) for event in events] == [("project.status", "koordinator")] * len(ours) + [
        ("project.checkpoint", "koordinator")
    ]
