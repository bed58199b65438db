"""The meeting page's forfall and habilitet tab in AppTest: a member sends forfall, the coordinator calls
in the next vara and records the answer, the forecast and the attendance editor follow; inhabil in one
sak; the vedtaksførhet warning; what a viewer and a member may not do."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import BodyKind, CoverageRule, MembershipRole, QuorumRule, UnitKind
from osloreg.models import Absence, Disqualification, Meeting, Person, SubstituteCall
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_meeting,
    make_membership,
    make_person,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test

PAGE = "pages/calendar.py"
TAB = nb("meeting.tab.forfall")
REASON = nb("field.forfall_reason")


def _world(engine: Engine) -> None:
    """Styret (quorum: half of the members, § 11-9), covering Oslo and two sub-regions: Mari for Oslo
    (the `medlem` user), Per and Siri for the sub-regions; Vera and Vidar 1. and 2. vara for Oslo. A
    meeting next week with a heading and a case."""
    with read_session(engine) as session:
        board = make_body(
            session,
            name="Styret",
            kind=BodyKind.BOARD,
            coverage_rule=CoverageRule.SUB_REGIONS_OSLO,
        )
        board.quorum_rule, board.quorum_basis, board.quorum_source = (
            QuorumRule.HALF_MEMBERS,
            "sourced",
            "Kommuneloven § 11-9",
        )
        oslo = make_unit(session, name="Oslo kommune", kind=UnitKind.MUNICIPALITY, county_level=True)
        follo = make_unit(session, name="Folloregionen IPR", kind=UnitKind.SUB_REGION)
        vestregionen = make_unit(session, name="Vestregionen", kind=UnitKind.SUB_REGION)
        people = {name: make_person(session, name=name) for name in ("Mari", "Per", "Siri", "Vera", "Vidar")}
        make_membership(session, person=people["Mari"], body=board, represents=oslo)
        make_membership(session, person=people["Per"], body=board, represents=follo)
        make_membership(session, person=people["Siri"], body=board, represents=vestregionen)
        for order, name in enumerate(("Vera", "Vidar"), start=1):
            vara = make_membership(
                session, person=people[name], body=board, represents=oslo, role=MembershipRole.SUBSTITUTE
            )
            vara.substitute_order = order
        ahead = make_meeting(
            session, body=board, starts_at=dt.datetime.combine(today() + dt.timedelta(days=7), dt.time(9))
        )
        ahead.title = "Neste styremøte"
        make_agenda_item(session, meeting=ahead, heading="Godkjenning av innkalling og saksliste")
        make_agenda_item(session, meeting=ahead, case=make_case(session, title="Tilskudd til næringsklynge"))
        session.commit()
        add_users(session, ROLE_USERS, people={"medlem": people["Mari"].id})


WORLD = _world


def _ids(engine: Engine) -> tuple[int, dict[str, int]]:
    with read_session(engine) as session:
        meeting = session.scalar(sa.select(Meeting.id).where(Meeting.title == "Neste styremøte"))
        return meeting, dict(session.execute(sa.select(Person.name, Person.id)).all())


def _open(username: str, meeting_id: int):
    at = page_test(PAGE, username=username)
    at.query_params["meeting"] = str(meeting_id)
    at.session_state["meeting_tab"] = TAB
    at.run()
    ok(at)
    return at


def _texts(at) -> str:
    kinds = ("markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind)).replace("\\", "")


def _table_text(at) -> str:
    return "\n".join(frame.value.to_string() for frame in at.dataframe)


def _button(at, label: str):
    return next(button for button in at.button if button.label == label)


def _by_label(widgets, label: str):
    return next(widget for widget in widgets if widget.label == label)


def _report(at, reason: str) -> None:
    _by_label(at.text_input, REASON).input(reason)
    _button(at, nb("forfall.report.send")).click()
    at.run()
    ok(at)


def test_a_member_sends_forfall_for_herself_and_the_forecast_names_her_unit(world):
    meeting_id, _ = _ids(world)
    at = _open("medlem", meeting_id)
    person_box = _by_label(at.selectbox, nb("forfall.report.person"))
    assert person_box.options == ["Mari"]  # herself, and no one else
    _report(at, "Sykdom")
    assert nb("forfall.report.done", person="Mari") in [s.value for s in at.success]
    texts, tables = _texts(at), _table_text(at)
    assert "Sykdom" in tables and nb("forfall.whole") in tables
    assert nb("expect.forfall") in tables  # Oslo: forfall, no vara yet
    assert nb("forfall.forecast.covered", covered="2", expected="3") in texts
    # A member neither calls in vara nor sees the secretariat's buttons.
    assert nb("forfall.vara.call") not in [b.label for b in at.button]
    with read_session(world) as session:
        [absence] = session.scalars(sa.select(Absence))
        assert (absence.reason, absence.from_item_id, absence.withdrawn_at) == ("Sykdom", None, None)


def test_an_empty_reason_is_refused_in_words_and_nothing_is_saved(world):
    meeting_id, _ = _ids(world)
    at = _open("medlem", meeting_id)
    _report(at, "  ")
    assert any(nb("field.forfall_reason") in e.value for e in at.error)
    with read_session(world) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Absence)) == 0


def test_a_span_that_ends_before_it_begins_is_refused_and_the_reason_is_kept(world):
    meeting_id, _ = _ids(world)
    at = _open("medlem", meeting_id)
    _by_label(at.toggle, nb("forfall.whole")).set_value(False)
    at.run()
    _by_label(at.selectbox, nb("forfall.report.first")).select_index(2)  # the case, item 2
    _by_label(at.selectbox, nb("forfall.report.last")).select_index(1)  # the heading, item 1
    at.run()
    _report(at, "Kommer sent")
    assert nb("error.forfall_span") in [e.value for e in at.error]
    assert _by_label(at.text_input, REASON).value == "Kommer sent"
    with read_session(world) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Absence)) == 0


def test_the_coordinator_calls_in_the_first_vara_records_yes_and_the_attendance_follows(world):
    meeting_id, people = _ids(world)
    _report(_open("medlem", meeting_id), "Sykdom")
    at = _open("koordinator", meeting_id)
    choice = _by_label(at.selectbox, nb("forfall.vara.choose"))
    assert choice.options[0] == nb("forfall.offer.ordered", name="Vera", order=1, unit="Oslo kommune")
    assert choice.value == people["Vera"]  # the next vara is offered first
    _button(at, nb("forfall.vara.call")).click()
    at.run()
    ok(at)
    assert nb("forfall.vara.called_done", name="Vera") in [s.value for s in at.success]
    assert nb("expect.vara_asked") in _table_text(at)
    _button(at, nb("forfall.vara.accepted")).click()
    at.run()
    ok(at)
    assert nb("expect.vara") in _table_text(at) and "Vera" in _table_text(at)
    with read_session(world) as session:
        [call] = session.scalars(sa.select(SubstituteCall))
        assert (call.person_id, call.answer) == (people["Vera"], "accepted")
    at.session_state["meeting_tab"] = nb("meeting.tab.attendance")
    at.run()
    ok(at)
    [editor] = at.get("arrow_data_editor") or at.get("data_editor")
    rows = editor.value.set_index("person")
    assert bool(rows.loc["Mari", "apologies"]) and not bool(rows.loc["Mari", "present"])
    assert bool(rows.loc["Vera", "present"]) and rows.loc["Vera", "attended_for"] == "Mari"
    assert "Vidar" not in rows.index  # a vara not called in is not on the list


def test_a_declined_vara_makes_the_next_one_the_offer(world):
    meeting_id, people = _ids(world)
    _report(_open("medlem", meeting_id), "Sykdom")
    at = _open("koordinator", meeting_id)
    _button(at, nb("forfall.vara.call")).click()
    at.run()
    _button(at, nb("forfall.vara.declined")).click()
    at.run()
    ok(at)
    choice = _by_label(at.selectbox, nb("forfall.vara.choose"))
    assert choice.value == people["Vidar"]
    assert nb("call_answer.declined") in _table_text(at)


def test_forfall_from_two_of_three_warns_that_the_board_will_not_be_vedtaksfor(world):
    meeting_id, people = _ids(world)
    at = _open("koordinator", meeting_id)
    for name in ("Per", "Siri"):
        _by_label(at.selectbox, nb("forfall.report.person")).set_value(people[name])
        _report(at, "Annet møte")
    warning = nb("forfall.quorum.forecast_short", present=1, members=3, required=2)
    assert warning in [w.value for w in at.warning]
    assert nb("forfall.forecast.missing", units="Folloregionen IPR, Vestregionen") in [
        w.value for w in at.warning
    ]


def test_a_member_declares_herself_inhabil_in_the_case_and_leaves_that_item_only(world):
    meeting_id, people = _ids(world)
    at = _open("medlem", meeting_id)
    items = _by_label(at.selectbox, nb("forfall.inhabil.item"))
    items.select_index(next(n for n, option in enumerate(items.options) if "Tilskudd" in option))
    _by_label(at.selectbox, nb("forfall.inhabil.ground")).set_value("fvl_6_1_e")
    _by_label(at.text_area, nb("field.habilitet_reason")).input("Styreleder i næringsklyngen som søker")
    assert nb("forfall.inhabil.decided_box") not in [c.label for c in at.checkbox]  # only the secretariat
    _button(at, nb("forfall.inhabil.send")).click()
    at.run()
    ok(at)
    tables = _table_text(at)
    assert nb("inhabil_status.declared") in tables and "Styreleder i næringsklyngen" in tables
    with read_session(world) as session:
        [found] = session.scalars(sa.select(Disqualification))
        assert (found.person_id, found.ground, found.status) == (people["Mari"], "fvl_6_1_e", "declared")
    quorum = at.dataframe[-1].value.set_index("item")
    [case_row] = [name for name in quorum.index if "Tilskudd" in name]
    [heading_row] = [name for name in quorum.index if "Godkjenning" in name]
    assert quorum.loc[case_row, "left"] == "Mari" and quorum.loc[case_row, "present"] == 2
    assert quorum.loc[heading_row, "left"] == "" and quorum.loc[heading_row, "present"] == 3


def test_a_hostile_reason_is_shown_as_text(world):
    meeting_id, _ = _ids(world)
    at = _open("medlem", meeting_id)
    _report(at, "**Viktig** <img src=x onerror=alert(1)>")
    assert "**Viktig** <img src=x onerror=alert(1)>" in _table_text(at)
    assert all("<img" not in str(element.value) for element in at.markdown)


def test_a_viewer_reads_the_tab_and_can_report_nothing(world):
    meeting_id, _ = _ids(world)
    _report(_open("medlem", meeting_id), "Sykdom")
    at = _open("leser", meeting_id)
    assert "Sykdom" in _table_text(at)
    labels = [b.label for b in at.button]
    assert nb("forfall.report.send") not in labels and nb("forfall.vara.call") not in labels
    assert nb("forfall.inhabil.send") not in labels
