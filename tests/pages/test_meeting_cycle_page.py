"""The meeting page's cycle panel and structured protokoll in AppTest: the coordinator sends the
innkalling, records the protokoll approved at a later meeting and the behandling of an item; others read."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import BodyKind, MeetingStatus
from osloreg.models import AgendaItem, Meeting, MeetingNotice, MinutesApproval
from tests.factories import make_agenda_item, make_body, make_meeting, make_membership, make_person
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test

PAGE = "pages/calendar.py"
CYCLE_TAB = "Innkalling og status"
MINUTES_TAB = "Protokoll"


def _world(engine: Engine) -> None:
    """The board (notice period 14 days, sourced): a planned meeting next week with a heading; a held
    meeting a month ago whose protokoll awaits approval; a later held meeting that approved it."""
    with read_session(engine) as session:
        board = make_body(
            session,
            name="Styret",
            kind=BodyKind.BOARD,
            notice_days=14,
            notice_basis="sourced",
            notice_source="Reglement for styret § 4",
        )
        make_membership(session, person=make_person(session, name="Kari Styremedlem"), body=board)
        ahead = make_meeting(
            session, body=board, starts_at=dt.datetime.combine(today() + dt.timedelta(days=7), dt.time(9))
        )
        ahead.title = "Neste styremøte"
        make_agenda_item(session, meeting=ahead, heading="Godkjenning av innkalling og saksliste")
        held = make_meeting(
            session,
            body=board,
            starts_at=dt.datetime.combine(today() - dt.timedelta(days=30), dt.time(9)),
            status=MeetingStatus.HELD,
            title="Forrige styremøte",
        )
        make_agenda_item(session, meeting=held, heading="Orienteringssaker")
        later = make_meeting(
            session,
            body=board,
            starts_at=dt.datetime.combine(today() - dt.timedelta(days=2), dt.time(9)),
            status=MeetingStatus.HELD,
            title="Siste styremøte",
        )
        make_agenda_item(session, meeting=later, heading="Godkjenning av protokoll")
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world


def _meeting_id(engine: Engine, title: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Meeting.id).where(Meeting.title == title))


def _open(username: str, meeting_id: int, tab: str):
    at = page_test(PAGE, username=username)
    at.query_params["meeting"] = str(meeting_id)
    at.session_state["meeting_tab"] = tab
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    # Markdown escapes (\. \-) taken out: the text as the reader sees it.
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind)).replace("\\", "")


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def test_the_coordinator_sends_the_innkalling_and_sees_version_1(world):
    meeting_id = _meeting_id(world, "Neste styremøte")
    at = _open("koordinator", meeting_id, CYCLE_TAB)
    texts = _texts(at)
    assert "Innkallingsfrist: 14 dager før møtet" in texts and "Reglement for styret § 4" in texts
    assert nb("meeting.cycle.no_notices") in texts
    _button(at, "Send innkalling").click()
    at.run()
    ok(at)
    assert nb("meeting.cycle.notice_sent") in [s.value for s in at.success]
    assert "**Status:** Innkalt" in _texts(at)
    assert any(e.label.startswith("Versjon 1: sendt") for e in at.expander)
    with read_session(world) as session:
        [notice] = session.scalars(sa.select(MeetingNotice).where(MeetingNotice.meeting_id == meeting_id))
        assert notice.agenda[0]["title"] == "Godkjenning av innkalling og saksliste"
        assert session.get(Meeting, meeting_id).status == MeetingStatus.CALLED
    assert "Send innkalling" not in [b.label for b in at.button]
    at.session_state["meeting_tab"] = at.tabs[0].label  # the agenda: a change now makes version 2
    at.run()
    ok(at)
    assert nb("meeting.agenda.after_notice") in [i.value for i in at.info]


def test_the_coordinator_records_the_protokoll_approved_at_a_later_meeting(world):
    meeting_id = _meeting_id(world, "Forrige styremøte")
    at = _open("koordinator", meeting_id, CYCLE_TAB)
    box = at.selectbox(key=f"approve_{meeting_id}_item")
    box.select(next(option for option in box.options if "Godkjenning av protokoll" in option)).run()
    _button(at, "Registrer godkjenningen").click()
    at.run()
    ok(at)
    assert nb("meeting.cycle.approved") in [s.value for s in at.success]
    later = (today() - dt.timedelta(days=2)).strftime("%d.%m.%Y")
    assert f"Protokollen godkjent i møte {later}, punkt 1 Godkjenning av protokoll." in _texts(at)
    assert "Publiser protokoll" in [b.label for b in at.button]
    with read_session(world) as session:
        approval = session.scalars(sa.select(MinutesApproval)).one()
        assert (approval.method, approval.meeting_id) == ("meeting", meeting_id)


def test_the_coordinator_records_the_behandling_and_vedtak_of_an_item(world):
    meeting_id = _meeting_id(world, "Forrige styremøte")
    at = _open("koordinator", meeting_id, MINUTES_TAB)
    assert nb("meeting.protokoll.item_empty") in _texts(at)
    with read_session(world) as session:
        item_id = session.scalar(sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id))
    areas = {area.label: area for area in at.text_area}
    areas[nb("field.proceedings")].input("Direktøren orienterte om budsjettet.")
    areas[nb("field.decision_text")].input("Styret tar orienteringene til orientering.")
    _button(at, "Lagre behandlingen").click()
    at.run()
    ok(at)
    texts = _texts(at)
    assert "Direktøren orienterte om budsjettet." in texts
    assert "Styret tar orienteringene til orientering." in texts
    with read_session(world) as session:
        item = session.get(AgendaItem, item_id)
        assert (item.proceedings, item.decision_text) == (
            "Direktøren orienterte om budsjettet.",
            "Styret tar orienteringene til orientering.",
        )


def test_a_viewer_sees_the_status_and_versions_but_no_steps_to_take(world):
    at = _open("leser", _meeting_id(world, "Forrige styremøte"), CYCLE_TAB)
    assert "**Status:** Avholdt" in _texts(at)
    labels = [b.label for b in at.button]
    assert not {"Send innkalling", "Marker som avholdt", "Registrer godkjenningen"} & set(labels)
    at = _open("leser", _meeting_id(world, "Forrige styremøte"), MINUTES_TAB)
    assert not at.text_area


def test_everyone_who_reads_the_meeting_gets_its_innkalling_and_protokoll_as_word_and_pdf(world):
    meeting_id = _meeting_id(world, "Forrige styremøte")
    for username in ("koordinator", "leser"):
        at = _open(username, meeting_id, CYCLE_TAB)
        buttons = {b.label: b for b in at.get("download_button")}
        assert {"Innkalling (Word)", "Innkalling (PDF)"} <= set(buttons), username
        assert nb("meeting.papers.help") in _texts(at)
        at = _open(username, meeting_id, MINUTES_TAB)
        assert {"Protokoll (Word)", "Protokoll (PDF)"} <= {b.label for b in at.get("download_button")}
