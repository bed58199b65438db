"""The calendar page (Møtekalender) in AppTest: the month grid and list, the body filter, one meeting
with its agenda, results, minutes and attendance; the coordinator plans and moves meetings, builds the
agenda and records results that move the case on; others read; calendar files."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import BodyKind, ConsultationResult, MeetingStatus, UnitKind
from osloreg.models import Attendance, Case, Consultation, Meeting, User
from osloreg.rules.meetings import body_colour
from osloreg.services.base import Actor
from osloreg.services.meetings import update_meeting
from osloreg.ui.meetings import calendar as calendar_view
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_consultation,
    make_meeting,
    make_membership,
    make_person,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/calendar.py"
GROUP = "Faggruppe for næringssamarbeid"
BOARD = "Styret"
MARCH = (2026, 3)
HOSTILE = "<script>alert(1)</script> og [klikk](javascript:alert(1))"


def _world(engine: Engine) -> None:
    """March 2026: a held group meeting on the 10th with case 7/26 endorsed and a heading, Kari present
    for Oslo; four board meetings on the 20th; case 8/26 waiting for the group. Next week: a planned
    group meeting."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        follo = make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
        make_unit(session, name="Akershus fylkeskommune", kind=UnitKind.COUNTY)
        group = make_body(session, name=GROUP)
        board = make_body(session, name=BOARD, kind=BodyKind.BOARD)
        kari, per = make_person(session, name="Kari Medlem"), make_person(session, name="Per Follo")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_membership(session, person=per, body=group, represents=follo)
        held = make_meeting(
            session,
            body=group,
            starts_at=dt.datetime(2026, 3, 10, 9),
            status=MeetingStatus.HELD,
            title="Møte 2/2026",
            place="Rådhuset",
        )
        held.minutes = HOSTILE
        decided = make_case(session, year=2026, number=7, title="Revidert mandat", numbered_by=group)
        make_agenda_item(session, meeting=held, case=decided)
        make_agenda_item(session, meeting=held, heading="Eventuelt")
        make_consultation(
            session,
            case=decided,
            body=group,
            meeting=held,
            treated_on=dt.date(2026, 3, 10),
            result=ConsultationResult.ENDORSED,
        )
        session.add(Attendance(meeting_id=held.id, person_id=kari.id, unit_id=oslo.id, present=True))
        for hour in (9, 11, 13, 15):
            make_meeting(
                session, body=board, starts_at=dt.datetime(2026, 3, 20, hour), title=f"Styremøte {hour}"
            )
        # Numbered 15/26 by the board; the group gives it a number of its own when it takes it up.
        waiting = make_case(session, year=2026, number=15, title="Næringsarealer", numbered_by=board)
        make_consultation(session, case=waiting, body=group)
        make_meeting(
            session,
            body=group,
            starts_at=dt.datetime.combine(today() + dt.timedelta(days=7), dt.time(9)),
            title="Neste møte",
        )
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _run(username: str, *, meeting: int | None = None, month: tuple[int, int] | None = MARCH):
    at = page_test(PAGE, username=username)
    if month is not None:
        at.session_state["calendar_month"] = month
    if meeting is not None:
        at.query_params["meeting"] = str(meeting)
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "success", "error", "warning", "header")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _meeting_id(engine: Engine, title: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Meeting.id).where(Meeting.title == title))


def _tab(at, label: str) -> None:
    at.session_state["meeting_tab"] = label
    at.run()
    ok(at)


# --- The month -----------------------------------------------------------------------------------------


def test_the_month_grid_shows_each_days_meetings_in_their_bodys_colour(world):
    at = _run("leser")
    assert "Mars 2026" in [h.value for h in at.header]
    texts = _texts(at)
    with read_session(world) as session:
        group_id = session.scalar(sa.select(Meeting.body_id).where(Meeting.title == "Møte 2/2026"))
    assert f":{body_colour(group_id)}[●] 09:00 Faggruppe for næringssamarbeid" in texts
    assert "5 møter denne måneden." in texts
    assert "+1 til" in texts  # four board meetings on the 20th: three shown, one more
    assert list(at.dataframe[0].value["title"])[:2] == ["Møte 2/2026", "Styremøte 9"]


def test_today_is_marked_and_the_arrows_move_between_months(world):
    at = _run("leser", month=None)
    day = today()
    # Today in words as well as in colour: "fre. 4. – i dag".
    marked = re.compile(rf"^:red-background\[\*\*\w+\. {day.day}\. – i dag\*\*\]$")
    assert [b.label for b in at.button if marked.match(b.label)] != []
    _button(at, "›").click()
    at.run()
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    assert calendar_view.month_name(following.year, following.month).capitalize() in [
        h.value for h in at.header
    ]
    _button(at, "I dag").click()
    at.run()
    assert [b.label for b in at.button if marked.match(b.label)] != []


def test_a_day_chosen_in_the_grid_lists_its_meetings(world):
    at = _run("leser")
    next(b for b in at.button if b.key == "calendar_day_2026-03-20").click()
    at.run()
    ok(at)
    assert "Møter 20. mars 2026 (4)" in [h.value for h in at.header]
    assert list(at.dataframe[0].value["title"]) == [f"Styremøte {hour}" for hour in (9, 11, 13, 15)]
    _button(at, "Vis hele måneden").click()
    at.run()
    assert "Møter i mars 2026 (5)" in [h.value for h in at.header]


def test_the_body_filter_narrows_the_grid_and_the_list(world):
    at = _run("leser")
    box = at.multiselect(key="calendar_bodies")
    box.set_value([next(option for option in box.options if option == BOARD)]).run()
    assert "4 møter denne måneden." in _texts(at)
    assert set(at.dataframe[0].value["body"]) == {BOARD}


def test_choosing_a_meeting_in_the_list_opens_it(world):
    at = _run("medlem")
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    ok(at)
    assert at.query_params["meeting"] == str(_meeting_id(world, "Møte 2/2026"))
    assert at.title[0].value.startswith(GROUP)


def test_a_calendar_file_holds_the_bodys_meetings_with_a_stable_uid(world):
    at = _run("koordinator")
    ok(at)
    with read_session(world) as session:
        group_id = session.scalar(sa.select(Meeting.body_id).where(Meeting.title == "Møte 2/2026"))
    data = calendar_view._ics_file(body_id=group_id, name=GROUP)()
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [f"{GROUP}: Møte 2/2026", f"{GROUP}: Neste møte"]
    held = events[0]
    assert held["dtstart"].dt == dt.datetime(2026, 3, 10, 9, tzinfo=held["dtstart"].dt.tzinfo)
    assert str(held["location"]) == "Rådhuset" and "1. 7/26 Revidert mandat" in str(held["description"])
    assert str(held["uid"]) in calendar_view._ics_file(body_id=None, name="Alle")().decode()


# --- One meeting ----------------------------------------------------------------------------------------


def test_a_meeting_shows_its_agenda_results_minutes_and_who_was_missing(world):
    at = _run("medlem", meeting=_meeting_id(world, "Møte 2/2026"))
    assert "Rådhuset" in at.caption[0].value and "Avholdt" in at.caption[0].value
    agenda = at.dataframe[0].value
    assert list(agenda["item"]) == ["7/26 Revidert mandat", "Eventuelt"]
    assert list(agenda["result_word"])[0] == "sluttet seg til"
    assert "Du kan lese; koordinatorer planlegger møter og fører protokoll." in _texts(at)
    _tab(at, "Protokoll")
    shown = [m.value for m in at.markdown if "alert(1)" in m.value]
    assert shown and all(
        "<script" not in value and "](javascript" not in value.replace("\\", "") for value in shown
    )
    _tab(at, "Oppmøte")
    assert "**1 av 3** forventede enheter var representert." in _texts(at)
    assert "Ikke representert: Follorådet, Akershus fylkeskommune." in [w.value for w in at.warning]
    assert list(at.dataframe[0].value["person"]) == ["Kari Medlem"]
    assert not at.get("data_editor") and "Flytt eller avlys" not in [tab.label for tab in at.tabs]


def test_a_coordinator_plans_a_meeting_and_lands_on_it(world):
    at = _run("koordinator")
    assert [box for box in at.selectbox if box.key == "meeting_new_body_id"] == []  # closed: not drawn
    at.session_state["calendar_new_open"] = True  # the person opens "Nytt møte": the form is drawn
    at.run()
    box = at.selectbox(key="meeting_new_body_id")
    box.select(next(option for option in box.options if option == BOARD)).run()
    at.date_input(key="meeting_new_day").set_value(dt.date(2026, 3, 27))
    at.text_input(key="meeting_new_place").input("Oslo rådhus")
    _button(at, "Planlegg møtet").click()
    at.run()
    ok(at)
    assert "Møtet er planlagt." in [s.value for s in at.success]
    assert at.title[0].value == f"{BOARD} 27\\.03\\.2026"
    with read_session(world) as session:
        planned = session.scalar(sa.select(Meeting).where(Meeting.place == "Oslo rådhus"))
        assert planned.starts_at == dt.datetime(2026, 3, 27, 9) and planned.status == MeetingStatus.PLANNED


def _number_input(at, meeting_id: int):
    """The agenda's case number field (one per case chosen)."""
    return next(box for box in at.number_input if box.key.startswith(f"agenda_number_{meeting_id}_"))


def test_a_case_put_on_the_agenda_is_planned_there_and_its_result_moves_it_on(world):
    meeting_id = _meeting_id(world, "Møte 2/2026")
    at = _run("koordinator", meeting=meeting_id)
    # Found by the board's number; the group's series of 2026 has 7/26, so 8/26 is suggested.
    at.text_input(key=f"agenda_search_{meeting_id}").input("15/26").run()
    box = at.selectbox(key=f"agenda_case_{meeting_id}")
    box.select(box.options[0]).run()
    number = _number_input(at, meeting_id)
    assert number.value == 8
    number.set_value(7)  # taken in the group: refused in words, with the next free one
    _button(at, "Legg til saken").click()
    at.run()
    ok(at)
    assert f"Saksnummer 7/26 er allerede brukt i {GROUP}. Neste ledige er 8/26." in [
        e.value for e in at.error
    ]
    assert list(at.dataframe[0].value["item"]) == ["7/26 Revidert mandat", "Eventuelt"]
    _number_input(at, meeting_id).set_value(8)
    _button(at, "Legg til saken").click()
    at.run()
    ok(at)
    assert "Lagt til på sakslisten." in [s.value for s in at.success]
    assert list(at.dataframe[0].value["item"])[-1] == "8/26 Næringsarealer"  # the group's own number
    with read_session(world) as session:
        case = session.scalar(sa.select(Case).where(Case.title == "Næringsarealer"))
        step = session.scalar(sa.select(Consultation).where(Consultation.case_id == case.id))
        assert step.meeting_id == meeting_id and step.planned_on == dt.date(2026, 3, 10)
        item_id = session.execute(
            sa.text("select id from agenda_items where case_id = :c"), {"c": case.id}
        ).scalar()
    at.segmented_control(key=f"result_{item_id}_result").set_value(ConsultationResult.RETURNED)
    at.text_area(key=f"result_{item_id}_text").input("Sendes tilbake for mer utredning")
    # The vote (numbers for and against) and a protocol remark are kept with the treatment.
    at.number_input(key=f"result_{item_id}_votes_for").set_value(5)
    at.number_input(key=f"result_{item_id}_votes_against").set_value(2)
    at.text_area(key=f"result_{item_id}_remarks").input("Oslo kommune ba om å få protokollført sitt syn.")
    next(b for b in at.button if b.key == f"result_{item_id}_save").click()
    at.run()
    ok(at)
    assert any("er lagret" in s.value for s in at.success)
    with read_session(world) as session:
        step = session.scalar(sa.select(Consultation).where(Consultation.case_id == case.id))
        assert (step.treated_on, step.result) == (dt.date(2026, 3, 10), ConsultationResult.RETURNED)
        assert (step.votes_for, step.votes_against, step.unanimous) == (5, 2, None)
        assert step.protocol_remarks == "Oslo kommune ba om å få protokollført sitt syn."
        assert session.get(Case, case.id).waiting  # returned with nothing new planned: it hangs


def test_a_result_for_a_meeting_still_ahead_is_refused(world):
    meeting_id = _meeting_id(world, "Neste møte")
    at = _run("koordinator", meeting=meeting_id)
    at.text_input(key=f"agenda_search_{meeting_id}").input("7/26").run()
    box = at.selectbox(key=f"agenda_case_{meeting_id}")
    box.select(box.options[0]).run()
    _button(at, "Legg til saken").click()
    at.run()
    with read_session(world) as session:
        item_id = session.execute(
            sa.text("select id from agenda_items where meeting_id = :m"), {"m": meeting_id}
        ).scalar()
    at.segmented_control(key=f"result_{item_id}_result").set_value(ConsultationResult.ENDORSED)
    next(b for b in at.button if b.key == f"result_{item_id}_save").click()
    at.run()
    assert "Resultater og protokoll registreres når møtet har vært." in [e.value for e in at.error]


def test_moving_a_meeting_someone_else_moved_first_shows_the_change_and_keeps_theirs(world):
    meeting_id = _meeting_id(world, "Neste møte")
    at = _run("koordinator", meeting=meeting_id)
    _tab(at, "Flytt eller avlys")
    at.text_input(key=f"meeting_{meeting_id}_place").input("Mitt sted")
    with read_session(world) as session:
        colleague = Actor.of(session.scalar(sa.select(User).where(User.username == "admin")))
        meeting = session.get(Meeting, meeting_id)
        version, starts_at = meeting.version, meeting.starts_at
    with read_session(world) as session:
        update_meeting(
            session,
            actor=colleague,
            meeting_id=meeting_id,
            expected_version=version,
            starts_at=starts_at + dt.timedelta(days=1),
            place="Kollegaens sted",
            title="Neste møte",
        )
    _button(at, "Lagre").click()
    at.run()
    ok(at)
    assert "Noen andre har endret dette" in "\n".join(e.value for e in at.error)
    warned = "\n".join(w.value for w in at.warning)
    assert "Dere har begge endret Sted." in warned and "Dato" not in warned  # only the place both changed
    assert at.text_input(key=f"meeting_{meeting_id}_place").value == "Mitt sted"
    day = next(d for d in at.date_input if d.key and d.key.startswith(f"meeting_{meeting_id}_day"))
    assert day.value == (starts_at + dt.timedelta(days=1)).date()  # the colleague's move, in the form
    with read_session(world) as session:
        assert session.get(Meeting, meeting_id).place == "Kollegaens sted"
    _button(at, "Lagre").click()  # seen it: save the place over theirs
    at.run()
    ok(at)
    with read_session(world) as session:
        saved = session.get(Meeting, meeting_id)
        assert (saved.place, saved.starts_at) == ("Mitt sted", starts_at + dt.timedelta(days=1))


def test_cancelling_a_meeting_keeps_it_marked_with_the_reason(world):
    meeting_id = _meeting_id(world, "Neste møte")
    at = _run("koordinator", meeting=meeting_id)
    _tab(at, "Flytt eller avlys")
    at.text_input(key=f"meeting_{meeting_id}_reason").input("For få påmeldte")
    at.checkbox(key=f"meeting_{meeting_id}_cancel_confirm").check().run()
    _button(at, "Avlys").click()
    at.run()
    ok(at)
    assert "Møtet er avlyst. Årsak: For få påmeldte" in [w.value for w in at.warning]
    assert "Avlyst" in at.caption[0].value
    with read_session(world) as session:
        assert session.get(Meeting, meeting_id).status == MeetingStatus.CANCELLED


def test_a_coordinator_records_who_attended_and_the_absent_units_follow(world):
    meeting_id = _meeting_id(world, "Møte 2/2026")
    at = _run("koordinator", meeting=meeting_id)
    _tab(at, "Oppmøte")
    assert "**1 av 3** forventede enheter var representert." in _texts(at)
    editor = next(frame for frame in at.dataframe if frame.key and frame.key.startswith("attendance_"))
    members = list(editor.value["person"])
    assert members == ["Kari Medlem", "Per Follo"]
    at.session_state[editor.key] = {
        "edited_rows": {members.index("Per Follo"): {"present": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _button(at, "Lagre oppmøtet").click()
    at.run()
    ok(at)
    assert "Oppmøtet er lagret." in [s.value for s in at.success]
    assert "**2 av 3** forventede enheter var representert." in _texts(at)
    with read_session(world) as session:
        present = session.scalars(
            sa.select(Attendance.present).where(Attendance.meeting_id == meeting_id)
        ).all()
        assert sorted(present) == [True, True]


@pytest.mark.parametrize("username", sorted(ROLE_USERS))
def test_every_role_reads_the_calendar_and_a_meeting_and_only_the_secretariat_edits(world, username):
    at = _run(username)
    assert "Mars 2026" in [h.value for h in at.header]
    staff = ROLE_USERS[username] in ("admin", "director", "coordinator")
    assert ("Planlegg et møte" in [expander.label for expander in at.expander]) == staff
    meeting = _run(username, meeting=_meeting_id(world, "Neste møte"))
    assert ("Flytt eller avlys" in [tab.label for tab in meeting.tabs]) == staff
    assert bool([b for b in meeting.button if b.label == "Legg til saken"]) == staff


def test_a_coordinator_closes_an_item_with_its_legal_basis_and_opens_it_again(world):
    meeting_id = _meeting_id(world, "Møte 2/2026")
    with read_session(world) as session:
        item_id = session.execute(
            sa.text("select id from agenda_items where meeting_id = :m and heading = 'Eventuelt'"),
            {"m": meeting_id},
        ).scalar()
    at = _run("koordinator", meeting=meeting_id)
    # A basis that cites no provision is refused in words, and nothing is stored.
    at.text_input(key=f"agenda_closed_{item_id}").input("Fordi saken er ømfintlig").run()
    next(b for b in at.button if b.key == f"agenda_close_{item_id}").click()
    at.run()
    ok(at)
    assert any("Oppgi lovhjemmelen for å lukke behandlingen" in e.value for e in at.error)
    basis = "kommuneloven § 11-5 andre ledd bokstav a"
    at.text_input(key=f"agenda_closed_{item_id}").input(basis).run()
    next(b for b in at.button if b.key == f"agenda_close_{item_id}").click()
    at.run()
    ok(at)
    assert "Punktet behandles for lukkede dører." in [s.value for s in at.success]
    # Shown in the agenda and in the editor, the basis as typed (escaped for markdown).
    shown = [
        c.value.replace("\\", "") for c in at.caption if c.value.startswith("Behandles for lukkede dører")
    ]
    assert len(shown) == 2 and all(f"({basis})" in text for text in shown)
    with read_session(world) as session:
        assert (
            session.execute(
                sa.text("select closed_basis from agenda_items where id = :i"), {"i": item_id}
            ).scalar()
            == basis
        )
    next(b for b in at.button if b.key == f"agenda_reopen_{item_id}").click()
    at.run()
    ok(at)
    assert "Punktet er åpent for offentligheten." in [s.value for s in at.success]
    with read_session(world) as session:
        assert (
            session.execute(
                sa.text("select closed_basis from agenda_items where id = :i"), {"i": item_id}
            ).scalar()
            is None
        )
