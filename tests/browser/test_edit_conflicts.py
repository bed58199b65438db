"""Two coordinators edit one record in two browsers (a project, a meeting, a case, a membership). The one
who saves second is told of the conflict; the form then shows the other's saved changes and keeps
only what this one changed; saving again writes this one's changes and never writes back a value
this one did not touch. Where both changed a field, it is named, with what the other saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import MeetingStatus, MembershipRole, ProjectStatus
from osloreg.models import AuditEvent, Case, Meeting, Membership, Project
from osloreg.queries.memberships import default_body
from tests.browser.fixtures import SECOND_COORDINATOR
from tests.browser.helpers import (
    OWN_PASSWORD,
    TIMEOUT_MS,
    Server,
    log_in,
    new_context,
    new_run,
    open_page,
    settle,
)
from tests.browser.test_project_flow import _type_date

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

FIRST = "koordinator"


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


@contextmanager
def _session(database_url: str) -> Iterator[Any]:
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _last_event(database_url: str) -> int:
    with _session(database_url) as session:
        return session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))


@dataclass(frozen=True)
class Event:
    action: str
    actor: str
    before: dict
    after: dict


def _events(database_url: str, since: int, entity: str, entity_id: int) -> list[Event]:
    with _session(database_url) as session:
        rows = session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.before, AuditEvent.after)
            .where(AuditEvent.id > since, AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        ).all()
    return [Event(row[0], row[1], row[2] or {}, row[3] or {}) for row in rows]


# --- Acting in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coordinators(server: Server, browser) -> Iterator[tuple[Any, Any]]:
    """A (koordinator) and B (a second coordinator), each logged in on a browser of their own, once
    for the module (logging in is the slow part; each test opens its record anew)."""
    contexts = [new_context(browser), new_context(browser)]
    first, second = open_page(contexts[0]), open_page(contexts[1])
    log_in(first, server.url, FIRST)
    log_in(second, server.url, SECOND_COORDINATOR, OWN_PASSWORD)
    yield first, second
    for context in contexts:
        context.close()


def _open(page, url: str, tab: str, shows: str) -> None:
    """Open a record's page and its editing tab; wait until the field `shows` is there."""
    page.goto(url)
    opened = page.get_by_role("tab", name=tab, exact=True)
    expect(opened).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    opened.click()
    expect(opened).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label(shows, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def _type(page, label: str, text: str) -> None:
    """Type into a text field as a person does, and leave it (which sends it to the app)."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    with new_run(page):
        field.press("Tab")


def _alert(page, text: str):
    return page.get_by_test_id("stAlert").filter(has=page.get_by_text(text, exact=True))


def _save(page, button: str, done: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(_alert(page, done)).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)


def _refused(page, button: str, *, both_changed: str | None = None) -> None:
    """Press save; see the conflict, and either that the form holds the saved record with this user's
    changes (nothing named) or which fields both changed."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(_alert(page, _nb("error.conflict"))).to_be_visible(timeout=TIMEOUT_MS)
    settle(page)
    warnings = page.get_by_test_id("stAlertContentWarning")
    if both_changed is None:
        expect(_alert(page, _nb("forms.conflict.merged"))).to_be_visible()
        expect(page.get_by_text(_nb("forms.conflict.both_changed", fields=""), exact=False)).to_have_count(0)
    else:
        expect(_alert(page, _nb("forms.conflict.both_changed", fields=both_changed))).to_be_visible()
        expect(warnings.filter(has_text="Dere har begge endret")).to_have_count(1)


def _shows(page, label: str, value: str) -> None:
    """The field, as Chromium shows it, holds `value` (not only the app's session)."""
    expect(page.get_by_label(label, exact=True)).to_have_value(value)


# --- A project -------------------------------------------------------------------------------------


def test_a_project_edited_by_two_coordinators_keeps_both_changes(server, browser_database, coordinators):
    with _session(browser_database) as session:
        project = session.scalars(
            sa.select(Project).where(Project.status == ProjectStatus.ONGOING).order_by(Project.id.desc())
        ).first()
        project_id, title, description = project.id, project.title, project.description or ""
    since = _last_event(browser_database)
    url = f"{server.url}/pipeline?project={project_id}"
    title_label, description_label = _nb("field.title"), _nb("field.description")
    save, saved = _nb("project.form.save"), _nb("project.saved")
    a, b = coordinators
    for page in (a, b):  # both open the form before either saves
        _open(page, url, _nb("project.tab.edit"), title_label)

    # A changes the title and saves; B, who changed the description, is told and sees A's title.
    _type(a, title_label, f"{title} (A)")
    _save(a, save, saved)
    _type(b, description_label, "Beskrivelse fra B")
    _refused(b, save)
    _shows(b, title_label, f"{title} (A)")
    _shows(b, description_label, "Beskrivelse fra B")
    _save(b, save, saved)
    with _session(browser_database) as session:
        stored = session.get(Project, project_id)
        assert (stored.title, stored.description) == (f"{title} (A)", "Beskrivelse fra B")

    # Both change the description: the one who saves second (A, whose form is from before B's save)
    # sees it named with B's text, keeps A's own in the form, and replaces B's only by saving again.
    _type(b, description_label, "B igjen")
    _save(b, save, saved)
    _type(a, description_label, "A sin beskrivelse")
    _refused(a, save, both_changed=description_label)
    expect(a.get_by_text(f"{description_label}: B igjen", exact=True)).to_be_visible()
    _shows(a, description_label, "A sin beskrivelse")
    _shows(a, title_label, f"{title} (A)")
    with _session(browser_database) as session:
        assert session.get(Project, project_id).description == "B igjen"
    _save(a, save, saved)

    events = _events(browser_database, since, "project", project_id)
    assert [(e.action, e.actor) for e in events] == [
        ("project.update", FIRST),
        ("project.update", SECOND_COORDINATOR),
        ("project.update", SECOND_COORDINATOR),
        ("project.update", FIRST),
    ]
    # No save wrote back a value its author had not touched: the title stays A's from A's save on.
    assert [e.after["title"] for e in events] == [f"{title} (A)"] * 4
    assert events[1].before["description"] == (description or None)
    assert [e.after["description"] for e in events] == [
        description or None,
        "Beskrivelse fra B",
        "B igjen",
        "A sin beskrivelse",
    ]


# --- A meeting -------------------------------------------------------------------------------------


def test_a_meeting_edited_by_two_coordinators_keeps_both_changes(server, browser_database, coordinators):
    with _session(browser_database) as session:
        meeting = session.scalars(
            sa.select(Meeting)
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.starts_at > dt.datetime.now())
            .order_by(Meeting.starts_at.desc())
        ).first()
        meeting_id, place = meeting.id, meeting.place or ""
    since = _last_event(browser_database)
    url = f"{server.url}/calendar?meeting={meeting_id}"
    place_label, title_label = _nb("field.place"), _nb("field.meeting_title")
    save, saved = _nb("meeting.edit.save"), _nb("meeting.edit.done")
    a, b = coordinators
    for page in (a, b):
        _open(page, url, _nb("meeting.tab.edit"), place_label)

    _type(a, place_label, "Oslo rådhus, sal A")
    _save(a, save, saved)
    _type(b, title_label, "Møte med tittel fra B")
    _refused(b, save)
    _shows(b, place_label, "Oslo rådhus, sal A")
    _save(b, save, saved)
    with _session(browser_database) as session:
        stored = session.get(Meeting, meeting_id)
        assert (stored.place, stored.title) == ("Oslo rådhus, sal A", "Møte med tittel fra B")

    _type(b, place_label, "Sted fra B")
    _save(b, save, saved)
    _type(a, place_label, "Sted fra A")
    _refused(a, save, both_changed=place_label)
    expect(a.get_by_text(f"{place_label}: Sted fra B", exact=True)).to_be_visible()
    _shows(a, place_label, "Sted fra A")
    _shows(a, title_label, "Møte med tittel fra B")
    _save(a, save, saved)

    events = [
        e for e in _events(browser_database, since, "meeting", meeting_id) if e.action == "meeting.update"
    ]
    assert [e.actor for e in events] == [FIRST, SECOND_COORDINATOR, SECOND_COORDINATOR, FIRST]
    assert [e.after["place"] for e in events] == ["Oslo rådhus, sal A"] * 2 + ["Sted fra B", "Sted fra A"]
    assert [e.after["title"] for e in events[1:]] == ["Møte med tittel fra B"] * 3
    assert events[0].before["place"] == (place or None)


# --- A case ----------------------------------------------------------------------------------------


def test_a_case_edited_by_two_coordinators_keeps_both_changes(server, browser_database, coordinators):
    with _session(browser_database) as session:
        case = session.scalars(sa.select(Case).order_by(Case.id.desc())).first()
        case_id, title = case.id, case.title
    since = _last_event(browser_database)
    url = f"{server.url}/cases?case={case_id}"
    title_label, proposed_label = _nb("field.title"), _nb("field.proposed_decision")
    save, saved = _nb("case.edit.save"), _nb("case.saved")
    a, b = coordinators
    for page in (a, b):
        _open(page, url, _nb("case.tab.edit"), title_label)

    _type(a, title_label, f"{title} (A)")
    _save(a, save, saved)
    _type(b, proposed_label, "Forslag fra B")
    _refused(b, save)
    _shows(b, title_label, f"{title} (A)")
    _save(b, save, saved)

    _type(b, title_label, f"{title} (B)")
    _save(b, save, saved)
    _type(a, title_label, f"{title} (A igjen)")
    _refused(a, save, both_changed=title_label)
    expect(a.get_by_text(f"{title_label}: {title} (B)", exact=True)).to_be_visible()
    _shows(a, proposed_label, "Forslag fra B")
    _save(a, save, saved)
    with _session(browser_database) as session:
        stored = session.get(Case, case_id)
        assert (stored.title, stored.proposed_decision) == (f"{title} (A igjen)", "Forslag fra B")

    events = _events(browser_database, since, "case", case_id)
    assert [(e.action, e.actor) for e in events] == [
        ("case.update", FIRST),
        ("case.update", SECOND_COORDINATOR),
        ("case.update", SECOND_COORDINATOR),
        ("case.update", FIRST),
    ]
    assert [e.after["title"] for e in events] == [
        f"{title} (A)",
        f"{title} (A)",
        f"{title} (B)",
        f"{title} (A igjen)",
    ]
    assert [e.after["proposed_decision"] for e in events[1:]] == ["Forslag fra B"] * 3


# --- A membership ----------------------------------------------------------------------------------


def _term_label(session, term: Membership) -> str:
    """How the membership forms name a term: "Person (rolle, Enhet, fra 01.01.2024)"."""
    unit = f", {term.represents.name}" if term.represents is not None else ""
    role = _nb(f"overview.member_role.{term.role}")
    return f"{term.person.name} ({role}{unit}, {_nb('directory.from')} {i18n.format_date(term.start_on)})"


def _visible(page, label: str):
    """The field of that name in the open tab (the membership forms' tabs all hold a "Medlemskap")."""
    return page.get_by_label(label, exact=True).filter(visible=True)


def _pick(page, label: str, option: str) -> None:
    box = _visible(page, label)
    box.click()
    page.keyboard.type(option.split(" (")[0])
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def _membership_form(page, tab: str, term: str) -> None:
    page.get_by_role("tab", name=tab, exact=True).click()
    _pick(page, _nb("directory.term"), term)


def _last_day(page, day: dt.date) -> None:
    field = page.get_by_role("group", name=_nb("directory.last_day"), exact=True).filter(visible=True)
    _type_date(page, field, day.strftime("%d.%m.%Y"))


def test_a_membership_changed_by_two_coordinators_keeps_both_changes(server, browser_database, coordinators):
    today = oslo_today()
    with _session(browser_database) as session:
        term = session.scalars(
            sa.select(Membership)
            .where(
                Membership.body_id == default_body(session),
                Membership.role == MembershipRole.MEMBER,
                Membership.start_on < today,
                Membership.end_on.is_(None),
            )
            .order_by(Membership.id)
        ).first()
        assert term is not None, "the demo data's default group has no open member's term"
        term_id, person_id, body_id, label = term.id, term.person_id, term.body_id, _term_label(session, term)
    since = _last_event(browser_database)
    end_a, end_b, end_a2 = (today + dt.timedelta(days=n) for n in (200, 100, 50))
    end_tab, role_tab = _nb("directory.membership.end"), _nb("directory.membership.role")
    end, ended = (
        _nb("directory.membership.end_button"),
        _nb("directory.membership.ended", person=label.split(" (")[0]),
    )
    change, changed = (
        _nb("directory.membership.role_button"),
        _nb("directory.membership.role_changed", person=label.split(" (")[0]),
    )
    observer = _nb(f"overview.member_role.{MembershipRole.OBSERVER}")
    a, b = coordinators
    for page in (a, b):
        _open(page, f"{server.url}/coverage", _nb("coverage.tab.members"), _nb("directory.person.search"))
    _membership_form(a, end_tab, label)
    _membership_form(b, role_tab, label)

    # A sets the term's last day; B, who makes the person an observer from today, is told and saves
    # again: the new term keeps A's last day.
    _last_day(a, end_a)
    _save(a, end, ended)
    _pick(b, _nb("directory.new_role"), observer)
    _refused(b, change)
    expect(_visible(b, _nb("directory.new_role"))).to_have_value(observer)
    _save(b, change, changed)
    with _session(browser_database) as session:
        old = session.get(Membership, term_id)
        new = session.scalars(
            sa.select(Membership).where(Membership.person_id == person_id, Membership.start_on == today)
        ).one()
        assert (old.end_on, new.role, new.end_on) == (
            today - dt.timedelta(days=1),
            MembershipRole.OBSERVER,
            end_a,
        )
        new_id, new_label = new.id, _term_label(session, new)

    # Both set the new term's last day: the one who saves second sees it named, with the other's day.
    for page in (a, b):  # the page opened afresh: its list of terms holds the new one
        _open(page, f"{server.url}/coverage", _nb("coverage.tab.members"), _nb("directory.person.search"))
        _membership_form(page, end_tab, new_label)
    _last_day(b, end_b)
    _save(b, end, ended)
    _last_day(a, end_a2)
    _refused(a, end, both_changed=_nb("directory.last_day"))
    expect(
        a.get_by_text(f"{_nb('directory.last_day')}: {end_b.strftime('%d.%m.%Y')}", exact=True)
    ).to_be_visible()
    with _session(browser_database) as session:
        assert session.get(Membership, new_id).end_on == end_b
    _save(a, end, ended)
    with _session(browser_database) as session:
        assert session.get(Membership, new_id).end_on == end_a2

    events = _events(browser_database, since, "body", body_id)
    assert [(e.action, e.actor) for e in events] == [
        ("membership.end", FIRST),
        ("membership.role", SECOND_COORDINATOR),
        ("membership.end", SECOND_COORDINATOR),
        ("membership.end", FIRST),
    ]
    # B's change of role was judged against A's last day, and wrote no other back.
    assert (
        events[1].before["membership"]["end_on"]
        == events[1].after["membership"]["end_on"]
        == end_a.isoformat()
    )
    assert [e.after["membership"]["end_on"] for e in events[2:]] == [end_b.isoformat(), end_a2.isoformat()]
