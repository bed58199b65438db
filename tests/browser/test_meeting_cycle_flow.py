"""A meeting's cycle in a real browser, as the coordinator runs it: plans a meeting of a group for today
in the calendar, puts a heading on its saksliste, sends the innkalling (version 1 keeps the saksliste
as sent), changes the saksliste (version 2, version 1 kept), marks the meeting held, writes the
behandling of the item in the protokoll, records the protokoll as approved by a member's signature
and publishes it; then the database agrees (the steps as rows, the innkalling's versions with their
frozen saksliste and generated PDFs, the approval, the protokoll's PDF)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import DocumentKind, MeetingStatus, ProtocolApproval
from osloreg.models import (
    AgendaItem,
    Body,
    Document,
    DocumentVersion,
    Meeting,
    MeetingNotice,
    MeetingStatusChange,
    MinutesApproval,
    MinutesSigner,
)
from osloreg.queries import meetings as meeting_queries
from osloreg.services.documents import GENERATED_TITLES
from tests.browser.helpers import TIMEOUT_MS, Server, log_in, log_out, new_run, open_page, settle

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]  # ~30 s; slower on a loaded machine

# A group of its own (test_meeting_flow plans its extra meeting in another), with members to sign.
GROUP = "Faggruppe for Klima og Miljø"
PLACE = "Oslo rådhus"
TITLE = "Syklusmøte"
STARTS, ENDS = "09:00", "11:00"  # the plan form's defaults: the rules count the day, not the hour
HEADING = "Orientering fra sekretariatet"
LATER_HEADING = "Eventuelt"  # added after the innkalling: its second version
PROCEEDINGS = "Sekretariatet orienterte om arbeidet siden forrige møte."
DECISION = "Orienteringen tas til etterretning."
M = MeetingStatus


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _status(status: str) -> str:
    return _nb(f"meeting_status.{status}")


# --- The data chosen from the demo ----------------------------------------------------------------------


def _group_and_signer(database_url: str, today: dt.date) -> tuple[int, str]:
    """(the group's id, the name of a member of it today, the first by name: the one who signs)."""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            group_id = session.scalars(sa.select(Body.id).where(Body.name == GROUP)).one()
            members = meeting_queries.members_on(session, body_id=group_id, on=today)
    finally:
        engine.dispose()
    assert members, f"the demo data has no member of {GROUP} today"
    return group_id, min(name for _, name, _, _ in members)


# --- Acting as a person --------------------------------------------------------------------------------


def _alert(page, text: str):
    """A message box (success, warning) saying `text` (beside its icon, if it has one)."""
    return page.get_by_test_id("stAlert").filter(has=page.get_by_text(text, exact=True))


def _click(page, button, message: str) -> None:
    """Press a button whose action ends in a message above the title, and wait for the app to settle."""
    button.click()
    expect(_alert(page, message)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def _choose(page, scope, label: str, option: str) -> None:
    """Pick an option of a select box, as a person does: open it, type to narrow it, click the option."""
    box = scope.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def _pick(page, scope, label: str, option: str) -> None:
    """Pick an option of a multiselect: open it, type to narrow it, click the option, and close the list
    with Escape (it stays open for more; the choice reaches the app as it closes)."""
    box = scope.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)
    settle(page)


def _type_into(page, field, typed: str, shown: str) -> None:
    """Type into a Streamlit date field, as a person does: click the day, type, leave with Tab (see
    test_meeting_flow)."""
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(typed)
    page.keyboard.press("Tab")
    expect(field).to_have_text(shown)
    settle(page)


def _open(page, expander) -> None:
    """Open an expander (click its title) unless it is open."""
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
        settle(page)
    expect(expander.locator("details")).to_have_attribute("open", "")


def _expander(page, title: str):
    return page.get_by_test_id("stExpander").filter(has=page.get_by_text(title, exact=True))


def _tab(page, key: str, **params: object) -> None:
    """Open a tab of the meeting page and wait for the run that draws it (tabs are drawn on demand)."""
    tab = page.get_by_role("tab", name=_nb(key, **params), exact=True)
    if tab.get_attribute("aria-selected") != "true":
        with new_run(page):
            tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")


def _status_line(page, status: str):
    """ "Status: Innkalt (Planlagt → Innkalt → ...)" on the tab "Innkalling og status"."""
    words = re.escape(_nb("meeting.cycle.status", status=_status(status)).replace("**", ""))
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(f"^{words} \\("))


def _versions(page, number: int | str = "\\d+"):
    """The innkalling's versions (or the one numbered `number`), each an expander titled "Versjon N:
    sendt ... av ..."."""
    prefix = re.escape(_nb("meeting.cycle.version", version="@", when="", by="").split("@")[0])
    title = page.locator("summary", has_text=re.compile(f"{prefix}{number}: "))
    return page.get_by_test_id("stExpander").filter(has=title)


def _grid_rows(scope, text: str):
    """The rows of the data grid in `scope` (st.dataframe keeps an accessibility table of them)."""
    rows = scope.get_by_test_id("stDataFrame").locator('tbody tr[role="row"]')
    expect(rows.first).to_be_attached()
    return rows.filter(has_text=text)


def _meeting_facts(page):
    """The caption under the meeting's title: body · time · place · status · basis."""
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(f"^{re.escape(GROUP)} · "))


def _document(page, kind: str):
    """A document of the meeting, by its title, in the documents section under the tabs."""
    title = re.compile(f"^{re.escape(GENERATED_TITLES[DocumentKind(kind)])}$")
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=title)


def _add_heading(page, heading: str) -> None:
    field = page.get_by_label(_nb("meeting.agenda.heading"), exact=True)
    field.fill(heading)
    field.press("Tab")
    settle(page)
    _click(
        page,
        page.get_by_role("button", name=_nb("meeting.agenda.add_heading"), exact=True),
        _nb("meeting.agenda.added"),
    )


# --- The scenario --------------------------------------------------------------------------------------


def test_coordinator_calls_holds_records_and_approves_a_meeting(server, browser_database, make_context):
    today = oslo_today()
    today_text = _day(today)
    group_id, signer = _group_and_signer(browser_database, today)

    page = open_page(make_context())
    log_in(page, server.url, "koordinator")

    # (1) A meeting of the group today, planned in the calendar: it opens, planned.
    page.goto(f"{server.url}/calendar")
    expect(page.get_by_role("heading", name=_nb("nav.calendar"), exact=True)).to_be_visible()
    settle(page, logged_in=True)
    plan = page.get_by_test_id("stExpander").filter(has_text=_nb("calendar.new.title"))
    _open(page, plan)
    _choose(page, plan, _nb("field.body_id"), GROUP)
    day_field = plan.get_by_role("group", name=_nb("field.meeting_day"), exact=True)
    _type_into(page, day_field, today_text, today_text)
    plan.get_by_label(_nb("field.place"), exact=True).fill(PLACE)
    title_field = plan.get_by_label(_nb("field.meeting_title"), exact=True)
    title_field.fill(TITLE)
    title_field.press("Tab")
    settle(page)
    _click(
        page, plan.get_by_role("button", name=_nb("meeting.new.save"), exact=True), _nb("meeting.new.done")
    )
    expect(page.get_by_role("heading", name=f"{GROUP} {today_text}: {TITLE}", exact=True)).to_be_visible()
    found = re.search(r"[?&]meeting=(\d+)", page.url)
    assert found, page.url
    meeting_id = int(found[1])
    expect(_meeting_facts(page)).to_contain_text(f"{GROUP} · {today_text} {STARTS}–{ENDS} · {PLACE} · ")
    expect(_meeting_facts(page)).to_contain_text(_status(M.PLANNED))

    # (2) A heading on the saksliste.
    _add_heading(page, HEADING)
    expect(page.get_by_role("tab", name=_nb("meeting.tab.agenda", count=1), exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(_grid_rows(page, HEADING)).to_have_count(1)

    # (3) The innkalling: sent, the meeting innkalt, version 1 with the saksliste as sent.
    _tab(page, "meeting.tab.cycle")
    expect(_status_line(page, M.PLANNED)).to_be_visible()
    expect(page.get_by_text(_nb("meeting.cycle.no_notices"), exact=True)).to_be_visible()
    _click(
        page,
        page.get_by_role("button", name=_nb("meeting.cycle.send_notice"), exact=True),
        _nb("meeting.cycle.notice_sent"),
    )
    expect(_status_line(page, M.CALLED)).to_be_visible()
    expect(_meeting_facts(page)).to_contain_text(_status(M.CALLED))
    expect(_versions(page)).to_have_count(1)
    first = _versions(page, 1)
    _open(page, first)
    expect(first.get_by_text(_nb("meeting.cycle.first_version"), exact=True)).to_be_visible()
    expect(_grid_rows(first, HEADING)).to_have_count(1)
    # The button is gone with the step it takes; the innkalling is among the meeting's documents.
    expect(page.get_by_role("button", name=_nb("meeting.cycle.send_notice"), exact=True)).to_have_count(0)
    expect(_document(page, DocumentKind.NOTICE)).to_be_visible()

    # (4) The saksliste changed after the innkalling: version 2, version 1 kept as it was sent.
    _tab(page, "meeting.tab.agenda", count=1)
    expect(page.get_by_text(_nb("meeting.agenda.after_notice"), exact=True)).to_be_visible()
    _add_heading(page, LATER_HEADING)
    _tab(page, "meeting.tab.cycle")
    expect(_versions(page)).to_have_count(2)
    second = _versions(page, 2)
    _open(page, second)
    reason = _nb("notice.reason.added", item=_nb("notice.item.named", name=LATER_HEADING))
    expect(second.get_by_text(reason, exact=True)).to_be_visible()
    expect(_grid_rows(second, LATER_HEADING)).to_have_count(1)
    first = _versions(page, 1)
    _open(page, first)
    expect(_grid_rows(first, HEADING)).to_have_count(1)
    expect(_grid_rows(first, LATER_HEADING)).to_have_count(0)

    # (5) Held (it is the meeting's day).
    _click(
        page,
        page.get_by_role("button", name=_nb("meeting.cycle.hold"), exact=True),
        _nb("meeting.cycle.held"),
    )
    expect(_status_line(page, M.HELD)).to_be_visible()
    expect(_meeting_facts(page)).to_contain_text(_status(M.HELD))

    # (6) The protokoll: the behandling and the vedtak of the first item.
    _tab(page, "meeting.tab.minutes")
    item_name = f"1. {HEADING}"
    item = (
        page.get_by_test_id("stVerticalBlock")
        .filter(
            has=page.get_by_test_id("stMarkdownContainer").filter(
                has_text=re.compile(f"^{re.escape(item_name)}$")
            )
        )
        .filter(has=page.get_by_test_id("stExpander"))
        .last
    )
    expect(item.get_by_text(_nb("meeting.protokoll.item_empty"), exact=True)).to_be_visible()
    record = item.get_by_test_id("stExpander")
    _open(page, record)
    record.get_by_label(_nb("field.proceedings"), exact=True).fill(PROCEEDINGS)
    decision = record.get_by_label(_nb("field.decision_text"), exact=True)
    decision.fill(DECISION)
    decision.press("Tab")
    settle(page)
    _click(
        page,
        record.get_by_role("button", name=_nb("meeting.protokoll.save"), exact=True),
        _nb("meeting.protokoll.done", item=item_name),
    )
    # What the protokoll says of the item (the form below keeps the text as saved).
    said = item.get_by_test_id("stMarkdownContainer")
    expect(item.get_by_text(_nb("meeting.protokoll.item_empty"), exact=True)).to_have_count(0)
    parts = {"meeting.protokoll.proceedings": PROCEEDINGS, "meeting.protokoll.decision": DECISION}
    for key, text in parts.items():
        heading = re.compile(f"^{re.escape(_nb(key))}$")
        expect(said.locator("strong").filter(has_text=heading)).to_have_count(1)
        expect(said.get_by_text(text, exact=True)).to_be_visible()

    # (7) The protokoll approved by a member's signature today: the approval line, "protokoll godkjent".
    _tab(page, "meeting.tab.cycle")
    approve = _expander(page, _nb("meeting.cycle.approve"))
    _open(page, approve)
    approve.get_by_role("radio", name=_nb("meeting.cycle.method.signers"), exact=True).click()
    settle(page)
    _pick(page, approve, _nb("meeting.cycle.signers"), signer)
    signed = approve.get_by_role("group", name=_nb("meeting.cycle.signed_on", person=signer), exact=True)
    expect(signed).to_have_text(today_text)  # the day it offers: today
    _click(
        page,
        approve.get_by_role("button", name=_nb("meeting.cycle.approve_save"), exact=True),
        _nb("meeting.cycle.approved"),
    )
    expect(_status_line(page, M.APPROVED)).to_be_visible()
    expect(_meeting_facts(page)).to_contain_text(_status(M.APPROVED))
    approval = _nb("meeting.cycle.approved_by_signers", names=f"{signer} ({today_text})", day=today)
    expect(_alert(page, approval)).to_be_visible()
    expect(_document(page, DocumentKind.MINUTES)).to_be_visible()

    # (8) Published; the meeting's steps are listed, one a step.
    _click(
        page,
        page.get_by_role("button", name=_nb("meeting.cycle.publish"), exact=True),
        _nb("meeting.cycle.published"),
    )
    expect(_status_line(page, M.PUBLISHED)).to_be_visible()
    expect(_meeting_facts(page)).to_contain_text(_status(M.PUBLISHED))
    expect(page.get_by_role("button", name=_nb("meeting.cycle.publish"), exact=True)).to_have_count(0)
    steps = page.get_by_role("heading", name=_nb("meeting.cycle.steps"), exact=True)
    grid = steps.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    rows = grid.locator('tbody tr[role="row"]')
    expect(rows).to_have_count(4)
    log_out(page)

    # The database: each step a row, the innkalling's two versions (the first with the saksliste as
    # first sent), each linked to a generated PDF, the approval with its signer, the protokoll's PDF.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            meeting = session.get(Meeting, meeting_id)
            assert (meeting.body_id, meeting.status, meeting.place, meeting.title) == (
                group_id,
                M.PUBLISHED,
                PLACE,
                TITLE,
            )
            assert meeting.starts_at.date() == today
            items = session.scalars(
                sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
            ).all()
            assert [(item.position, item.heading, item.case_id) for item in items] == [
                (1, HEADING, None),
                (2, LATER_HEADING, None),
            ]
            assert (items[0].proceedings, items[0].decision_text) == (PROCEEDINGS, DECISION)
            changes = session.execute(
                sa.select(MeetingStatusChange.from_status, MeetingStatusChange.to_status)
                .where(MeetingStatusChange.meeting_id == meeting_id)
                .order_by(MeetingStatusChange.id)
            ).all()
            assert [tuple(change) for change in changes] == [
                (M.PLANNED, M.CALLED),
                (M.CALLED, M.HELD),
                (M.HELD, M.APPROVED),
                (M.APPROVED, M.PUBLISHED),
            ]
            notices = session.scalars(
                sa.select(MeetingNotice)
                .where(MeetingNotice.meeting_id == meeting_id)
                .order_by(MeetingNotice.version)
            ).all()
            assert [notice.version for notice in notices] == [1, 2]
            assert [[row["title"] for row in notice.agenda] for notice in notices] == [
                [HEADING],
                [HEADING, LATER_HEADING],
            ]
            assert [notice.reason for notice in notices] == [None, reason]
            papers = {}
            for kind in (DocumentKind.NOTICE, DocumentKind.MINUTES):
                document = session.scalars(
                    sa.select(Document).where(Document.meeting_id == meeting_id, Document.kind == kind)
                ).one()
                papers[kind] = session.scalars(
                    sa.select(DocumentVersion)
                    .where(DocumentVersion.document_id == document.id)
                    .order_by(DocumentVersion.number)
                ).all()
            notice_files = papers[DocumentKind.NOTICE]
            assert [notice.document_version_id for notice in notices] == [file.id for file in notice_files]
            assert [file.number for file in notice_files] == [1, 2]
            (minutes_file,) = papers[DocumentKind.MINUTES]
            for file in (*notice_files, minutes_file):
                assert file.generated and file.content_type == "application/pdf" and file.size > 0
                assert file.content.startswith(b"%PDF")
            approval_row = session.scalars(
                sa.select(MinutesApproval).where(MinutesApproval.meeting_id == meeting_id)
            ).one()
            assert (approval_row.method, approval_row.approved_on, approval_row.agenda_item_id) == (
                ProtocolApproval.SIGNERS,
                today,
                None,
            )
            signers = session.scalars(
                sa.select(MinutesSigner).where(MinutesSigner.approval_id == approval_row.id)
            ).all()
            assert [(row.person.name, row.signed_on) for row in signers] == [(signer, today)]
    finally:
        engine.dispose()
