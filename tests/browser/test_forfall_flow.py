"""Forfall, vara and habilitet in a real browser: the demo member sends forfall for a meeting of a
committee she sits in; the coordinator sees it on the overview, calls in the unit's første vara and
records her yes; the coverage forecast and the attendance follow ("møtte for"); another member is
found inhabil in one sak and leaves that item only, and the protokoll says so; the database agrees."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.db import make_engine, read_session
from osloreg.enums import BodyKind, CallAnswer, CoverageRule, MembershipRole, QuorumRule, UnitKind
from osloreg.models import Absence, Attendance, Disqualification, Person, SubstituteCall, Unit, User
from osloreg.services.base import SYSTEM
from osloreg.services.cases import register_case
from tests.browser.helpers import Server, log_in, log_out, new_run, open_page, settle
from tests.browser.test_meeting_cycle_flow import _click, _day, _grid_rows, _open  # the same steps
from tests.factories import make_agenda_item, make_body, make_meeting, make_membership, make_person

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]

BODY = "Utvalg for forfallsprøven"
HEADING = "Godkjenning av innkalling og saksliste"
CASE = "Tilskudd til klyngeprosjekt"
REASON = "Sykdom"
VARA, OTHER, INHABIL_REASON = "Vera Varamedlem", "Per Utvalgsmedlem", "Styreleder i selskapet som søker"


@pytest.fixture(scope="module")
def server(start_server) -> Iterator[Server]:
    with start_server() as running:
        yield running


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def _committee(database_url: str) -> tuple[int, str, int]:
    """A committee of its own in the demo database (quorum: half of the members; expected to cover the
    sub-regions and Oslo): the demo member for Oslo, Per for a sub-region, Vera første vara for Oslo; a
    meeting in two days with a heading and a case. (The meeting id, the member's name, Per's id.)"""
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            member = session.scalars(sa.select(User).where(User.username == "medlem")).one()
            person = session.get(Person, member.person_id)
            oslo = session.scalars(
                sa.select(Unit).where(Unit.kind == UnitKind.MUNICIPALITY, Unit.county_level.is_(True))
            ).first()
            sub_region = session.scalars(
                sa.select(Unit).where(Unit.kind == UnitKind.SUB_REGION).order_by(Unit.name)
            ).first()
            body = make_body(
                session, name=BODY, kind=BodyKind.COMMITTEE, coverage_rule=CoverageRule.SUB_REGIONS_OSLO
            )
            body.quorum_rule, body.quorum_basis, body.quorum_source = (
                QuorumRule.HALF_MEMBERS,
                "illustrative",
                "Satt for prøven",
            )
            start = oslo_today() - dt.timedelta(days=30)
            make_membership(session, person=person, body=body, represents=oslo, start_on=start)
            other = make_person(session, name=OTHER)
            make_membership(session, person=other, body=body, represents=sub_region, start_on=start)
            vara = make_membership(
                session,
                person=make_person(session, name=VARA),
                body=body,
                represents=oslo,
                role=MembershipRole.SUBSTITUTE,
                start_on=start,
            )
            vara.substitute_order = 1
            meeting = make_meeting(
                session,
                body=body,
                starts_at=dt.datetime.combine(oslo_today() + dt.timedelta(days=2), dt.time(10)),
            )
            make_agenda_item(session, meeting=meeting, heading=HEADING)
            session.commit()
            # Registered as the secretariat does, with the next free registration number of the year.
            case = register_case(session, actor=SYSTEM, year=oslo_today().year, title=CASE, path=[])
            make_agenda_item(session, meeting=meeting, case=case)
            session.commit()
            return meeting.id, person.name, other.id
    finally:
        engine.dispose()


def _choose(page, scope, label: str, option: str) -> None:
    box = scope.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option[:20])
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def _tab(page, key: str) -> None:
    tab = page.get_by_role("tab", name=_nb(key), exact=True)
    if tab.get_attribute("aria-selected") != "true":
        with new_run(page):
            tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")


def _grid_after(page, heading: str):
    """The first data grid after a section heading."""
    title = page.get_by_role("heading", name=heading, exact=True)
    return title.locator("xpath=following::*[@data-testid='stDataFrame'][1]/..")


def _meeting(page, url: str, meeting_id: int, tab: str) -> None:
    page.goto(f"{url}/calendar?meeting={meeting_id}")
    settle(page, logged_in=True)
    _tab(page, tab)


def test_forfall_vara_and_habilitet_from_the_member_to_the_protokoll(server, browser_database, make_context):
    meeting_id, member, other_id = _committee(browser_database)
    page = open_page(make_context())

    # (1) The member sends forfall for the whole meeting; the forecast: Oslo, forfall and no vara.
    log_in(page, server.url, "medlem")
    _meeting(page, server.url, meeting_id, "meeting.tab.forfall")
    page.get_by_label(_nb("field.forfall_reason"), exact=True).fill(REASON)
    page.get_by_label(_nb("field.forfall_reason"), exact=True).press("Tab")
    settle(page)
    _click(
        page,
        page.get_by_role("button", name=_nb("forfall.report.send"), exact=True),
        _nb("forfall.report.done", person=member),
    )
    expect(_grid_rows(page, REASON)).to_have_count(1)
    expect(_grid_rows(page, _nb("expect.forfall")).filter(has_text="Oslo")).to_have_count(1)
    # She cannot call in a vara.
    expect(page.get_by_role("button", name=_nb("forfall.vara.call"), exact=True)).to_have_count(0)
    log_out(page)

    # (2) The coordinator sees it on the overview, calls in the første vara and records her yes.
    log_in(page, server.url, "koordinator")
    title = _nb("forecast.handle.title", count="@").split("@")[0]
    expect(page.get_by_role("heading", name=re.compile("^" + re.escape(title)))).to_be_visible()
    link = _nb(
        "forecast.handle.link", person=member, body=BODY, date=_day(oslo_today() + dt.timedelta(days=2))
    )
    with new_run(page):
        page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^" + re.escape(BODY)))).to_be_visible()
    settle(page, logged_in=True)
    _tab(page, "meeting.tab.forfall")
    handling = page.get_by_test_id("stExpander").filter(has_text=_nb("forfall.handle", person=member))
    _open(page, handling)
    offered = _nb("forfall.offer.ordered", name=VARA, order=1, unit=_oslo_name(browser_database))
    # The next vara is the one chosen.
    expect(handling.get_by_role("combobox", name=_nb("forfall.vara.choose"))).to_have_value(offered)
    _click(
        page,
        handling.get_by_role("button", name=_nb("forfall.vara.call"), exact=True),
        _nb("forfall.vara.called_done", name=VARA),
    )
    expect(_grid_rows(page, _nb("expect.vara_asked")).filter(has_text=VARA)).to_have_count(1)
    handling = page.get_by_test_id("stExpander").filter(has_text=_nb("forfall.handle", person=member))
    _open(page, handling)
    _click(
        page,
        handling.get_by_role("button", name=_nb("forfall.vara.accepted"), exact=True),
        _nb("forfall.vara.accepted_done", name=VARA),
    )
    expect(_grid_rows(page, _nb("expect.vara")).filter(has_text=VARA)).to_have_count(1)

    # (3) Per is found inhabil in the case (decided by the body): he leaves that item only.
    _choose(page, page, _nb("forfall.inhabil.item"), f"2. {CASE}")
    _choose(page, page, _nb("forfall.inhabil.person"), OTHER)
    _choose(page, page, _nb("forfall.inhabil.ground"), _nb("inhabil_ground.fvl_6_1_e"))
    reason = page.get_by_label(_nb("field.habilitet_reason"), exact=True)
    reason.fill(INHABIL_REASON)
    reason.press("Tab")
    settle(page)
    # A person ticks the box by its words (Streamlit's label, not the hidden input, takes the click).
    page.get_by_test_id("stCheckbox").filter(has_text=_nb("forfall.inhabil.decided_box")).locator(
        "label"
    ).click()
    expect(page.get_by_label(_nb("forfall.inhabil.decided_box"), exact=True)).to_be_checked()
    settle(page)
    _click(
        page,
        page.get_by_role("button", name=_nb("forfall.inhabil.send"), exact=True),
        _nb("forfall.inhabil.done", person=OTHER),
    )
    expect(_grid_rows(page, INHABIL_REASON)).to_have_count(1)
    quorum = _grid_after(page, _nb("forfall.quorum.title"))
    expect(_grid_rows(quorum, f"2. {CASE}").filter(has_text=OTHER)).to_have_count(1)
    expect(_grid_rows(quorum, HEADING)).to_have_count(1)
    expect(_grid_rows(quorum, HEADING).filter(has_text=OTHER)).to_have_count(0)

    # (4) The attendance starts from this: the member has forfall, the vara meets for her. Saved.
    _tab(page, "meeting.tab.attendance")
    expect(page.get_by_text(_nb("meeting.attendance.from_forfall"), exact=True)).to_be_visible()
    _click(
        page,
        page.get_by_role("button", name=_nb("meeting.attendance.save"), exact=True),
        _nb("meeting.attendance.done"),
    )
    expect(_grid_rows(page, VARA).filter(has_text=member).first).to_be_attached()  # "møtte for" the member

    # (5) The protokoll: who met for whom, and who left which item as inhabil.
    _tab(page, "meeting.tab.minutes")
    expect(page.get_by_text(re.compile(re.escape(OTHER) + ".*" + re.escape("inhabil")))).to_have_count(1)
    log_out(page)

    # The database agrees.
    engine = make_engine(browser_database)
    try:
        with read_session(engine) as session:
            member_id = session.scalars(sa.select(User.person_id).where(User.username == "medlem")).one()
            vara_id = session.scalars(sa.select(Person.id).where(Person.name == VARA)).one()
            [absence] = session.scalars(sa.select(Absence).where(Absence.meeting_id == meeting_id))
            assert (absence.person_id, absence.reason, absence.from_item_id, absence.to_item_id) == (
                member_id,
                REASON,
                None,
                None,
            )
            [call] = session.scalars(sa.select(SubstituteCall).where(SubstituteCall.meeting_id == meeting_id))
            assert (call.absence_id, call.person_id, call.answer) == (
                absence.id,
                vara_id,
                CallAnswer.ACCEPTED,
            )
            attendance = {
                row.person_id: (row.present, row.attended_for_person_id)
                for row in session.scalars(sa.select(Attendance).where(Attendance.meeting_id == meeting_id))
            }
            assert attendance == {
                member_id: (False, None),
                vara_id: (True, member_id),
                other_id: (True, None),
            }
            [found] = session.scalars(
                sa.select(Disqualification).where(Disqualification.meeting_id == meeting_id)
            )
            assert (found.person_id, found.status, found.ground, found.reason) == (
                other_id,
                "decided",
                "fvl_6_1_e",
                INHABIL_REASON,
            )
    finally:
        engine.dispose()


def _oslo_name(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            return session.scalars(
                sa.select(Unit.name).where(Unit.kind == UnitKind.MUNICIPALITY, Unit.county_level.is_(True))
            ).first()
    finally:
        engine.dispose()
