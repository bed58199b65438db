"""The meeting calendar's read side on SQLite and PostgreSQL: the month grid (and that it reads only the
days it shows), the list, one meeting with its agenda, attendance and absent units, the members the
attendance form offers, and the meetings a calendar file holds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from osloreg.enums import BodyKind, ConsultationResult, CoverageRule, MeetingStatus, UnitKind
from osloreg.models import Attendance
from osloreg.queries import meetings as q
from osloreg.queries.common import midnight
from osloreg.rules import meetings as rules
from tests.factories import (
    at,
    days,
    make_agenda_item,
    make_body,
    make_case,
    make_case_number,
    make_consultation,
    make_meeting,
    make_membership,
    make_person,
    make_sub_region_member,
    make_unit,
)

R = ConsultationResult
YEAR, MONTH = 2024, 5  # May 2024: the grid runs from Monday 29 April to Sunday 2 June
GRID_FIRST, GRID_AFTER = dt.date(2024, 4, 29), dt.date(2024, 6, 3)
MEETING_DAY = dt.date(2026, 3, 10)
PLAN = "Regional plan for areal og transport"


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


def clean(value: Any) -> Any:
    """A frame's missing value (None, NaN) as None."""
    return None if not isinstance(value, list | dict | tuple) and pd.isna(value) else value


def records(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(clean(value) for value in row) for row in frame[list(columns)].itertuples(index=False)]


# --- The month grid -----------------------------------------------------------------------------------


def month_world(session: Session) -> dict[str, Any]:
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for areal og transport")
    made = {"board": board, "group": group}

    def meeting(key: str, body: Any, starts_at: dt.datetime, **fields: Any) -> None:
        made[key] = make_meeting(session, body=body, starts_at=starts_at, **fields)

    meeting("before_grid", group, dt.datetime(2024, 4, 28, 23, 30))  # the day before the first grid day
    meeting("first_grid_day", group, midnight(GRID_FIRST))
    for hour, body in ((14, group), (9, board), (12, group), (11, board)):  # a busy day, out of order
        meeting(f"busy_{hour}", body, at(dt.date(2024, 5, 15), hour))
    meeting("cancelled", board, at(dt.date(2024, 5, 20)), status=MeetingStatus.CANCELLED)
    meeting("last_grid_day", board, dt.datetime(2024, 6, 2, 23, 30))
    meeting("after_grid", group, midnight(GRID_AFTER))  # the day after the last grid day
    make_agenda_item(session, meeting=made["busy_9"], heading="Orientering")
    make_agenda_item(session, meeting=made["busy_9"], heading="Eventuelt")
    return made


def test_the_month_counts_the_meetings_of_every_day_its_grid_shows_and_none_outside_it(session):
    month_world(session)
    assert rules.grid_span(YEAR, MONTH) == (GRID_FIRST, GRID_AFTER)
    view = q.month_view(session, year=YEAR, month=MONTH)
    assert (view.year, view.month, view.weeks) == (YEAR, MONTH, rules.month_grid(YEAR, MONTH))
    may = {dt.date(2024, 5, 15): 4, dt.date(2024, 5, 20): 1}
    assert view.per_day == {GRID_FIRST: 1, **may, dt.date(2024, 6, 2): 1}
    assert set(view.days) == set(view.per_day)
    assert [m.starts_at for m in view.days[dt.date(2024, 6, 2)]] == [dt.datetime(2024, 6, 2, 23, 30)]
    assert [m.starts_at for m in view.days[GRID_FIRST]] == [midnight(GRID_FIRST)]


def test_the_month_total_counts_only_the_month_itself_not_the_neighbouring_days_of_its_grid(session):
    month_world(session)
    assert q.month_view(session, year=YEAR, month=MONTH).total == 5  # four on the 15th, one on the 20th
    assert q.month_view(session, year=2024, month=4).total == 2  # 28 and 29 April
    assert q.month_view(session, year=2024, month=7).total == 0


def test_a_busy_day_shows_its_first_meetings_earliest_first_but_counts_them_all(session):
    made = month_world(session)
    busy = q.month_view(session, year=YEAR, month=MONTH).days[dt.date(2024, 5, 15)]
    assert q.PER_DAY == 3 and len(busy) == q.PER_DAY
    assert [m.starts_at.hour for m in busy] == [9, 11, 12]
    assert list(q.DayMeeting._fields) == q.MEETING_COLUMNS
    first = busy[0]
    assert (first.id, first.body, first.items) == (made["busy_9"].id, "Styret", 2)
    assert busy[1].items == 0


def test_the_body_filter_narrows_the_counts_the_total_and_the_meetings_shown(session):
    made = month_world(session)
    view = q.month_view(session, year=YEAR, month=MONTH, body_ids=(made["board"].id,))
    assert view.per_day == {dt.date(2024, 5, 15): 2, dt.date(2024, 5, 20): 1, dt.date(2024, 6, 2): 1}
    assert view.total == 3
    assert [m.starts_at.hour for m in view.days[dt.date(2024, 5, 15)]] == [9, 11]
    assert {m.body for day in view.days.values() for m in day} == {"Styret"}
    both = q.month_view(session, year=YEAR, month=MONTH, body_ids=(made["board"].id, made["group"].id))
    assert both.per_day == q.month_view(session, year=YEAR, month=MONTH).per_day


def test_a_cancelled_meeting_is_shown_marked_by_its_status(session):
    made = month_world(session)
    shown = q.month_view(session, year=YEAR, month=MONTH).days[dt.date(2024, 5, 20)]
    assert [(m.id, m.status) for m in shown] == [(made["cancelled"].id, MeetingStatus.CANCELLED)]
    busy = q.month_view(session, year=YEAR, month=MONTH).days[dt.date(2024, 5, 15)]
    assert {m.status for m in busy} == {MeetingStatus.PLANNED}


@contextmanager
def statements(session: Session) -> Iterator[list[tuple[str, Any]]]:
    """Every statement (and its parameters) sent to the database inside the block."""
    bind = session.get_bind()
    seen: list[tuple[str, Any]] = []

    def record(connection, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    event.listen(bind, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(bind, "before_cursor_execute", record)


def moments(parameters: Any) -> set[dt.datetime]:
    """The moments among a statement's parameters (SQLite gets them as ISO text, psycopg as datetimes)."""
    values = parameters.values() if isinstance(parameters, Mapping) else parameters or ()
    found = set()
    for value in values:
        if isinstance(value, dt.datetime):
            found.add(value)
        elif isinstance(value, str):
            try:
                found.add(dt.datetime.fromisoformat(value))
            except ValueError:
                pass
    return found


@pytest.mark.parametrize("filtered", [False, True], ids=["all_bodies", "one_body"])
def test_the_month_reads_meetings_only_between_the_first_grid_day_and_the_day_after_the_last(
    session, filtered
):
    made = month_world(session)
    body_ids = (made["board"].id,) if filtered else ()
    with statements(session) as seen:
        view = q.month_view(session, year=YEAR, month=MONTH, body_ids=body_ids)
    reading = [(sql, params) for sql, params in seen if re.search(r"\bmeetings\b", sql, re.IGNORECASE)]
    assert len(reading) >= 2, seen  # the counts per day and the first meetings of each day
    for sql, params in reading:
        assert moments(params) == {midnight(GRID_FIRST), midnight(GRID_AFTER)}, sql
    assert sum(view.per_day.values()) == (4 if filtered else 7)


# --- The list and the body options --------------------------------------------------------------------


def test_the_list_holds_the_meetings_from_the_first_day_up_to_the_day_after_by_time_then_body(session):
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for areal og transport")
    first, after = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    make_meeting(session, body=group, starts_at=dt.datetime(2024, 4, 30, 23, 59))
    late = make_meeting(session, body=group, starts_at=dt.datetime(2024, 5, 31, 23, 59))
    board_ten = make_meeting(session, body=board, starts_at=at(dt.date(2024, 5, 7)))
    group_ten = make_meeting(session, body=group, starts_at=at(dt.date(2024, 5, 7)))
    opening = make_meeting(session, body=board, starts_at=midnight(first))
    make_meeting(session, body=board, starts_at=midnight(after))

    listing = q.meeting_list(session, first=first, after=after)

    assert listing.total == 4
    assert list(listing.rows["id"]) == [opening.id, group_ten.id, board_ten.id, late.id]
    assert list(listing.rows.columns) == q.MEETING_COLUMNS
    page = q.meeting_list(session, first=first, after=after, limit=2, offset=1)
    assert page.total == 4 and list(page.rows["id"]) == [group_ten.id, board_ten.id]
    beyond = q.meeting_list(session, first=first, after=after, limit=2, offset=4)
    assert beyond.total == 4 and beyond.rows.empty
    only_board = q.meeting_list(session, first=first, after=after, body_ids=(board.id,))
    assert only_board.total == 2 and list(only_board.rows["id"]) == [opening.id, board_ten.id]


def test_the_body_options_are_the_bodies_that_have_meetings_by_name(session):
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for areal og transport")
    make_body(session, name="Valgkomité", kind=BodyKind.COMMITTEE)
    for body in (board, group, board):
        make_meeting(session, body=body)
    assert q.body_options(session) == [(group.id, "Faggruppe for areal og transport"), (board.id, "Styret")]


# --- One meeting --------------------------------------------------------------------------------------


def test_the_agenda_lists_items_in_order_with_each_case_items_treatment_at_this_meeting(session):
    group = make_body(session, name="Faggruppe for areal og transport")
    meeting = make_meeting(session, body=group, starts_at=at(MEETING_DAY), status=MeetingStatus.HELD)
    earlier = make_meeting(session, body=group, starts_at=at(MEETING_DAY - days(30)))
    plan = make_case(session, year=2026, number=7, title=PLAN, numbered_by=group)
    # The plan went on to the board too: the group's agenda shows the group's number, not the board's.
    make_case_number(session, case=plan, body=make_body(session, name="Styret"), year=2026, number=30)
    budget = make_case(session, year=2026, number=8, title="Budsjett 2027", numbered_by=group)
    # Numbered by the group in 2025: it has no number in the group's series of 2026 (yet).
    later = make_case(session, year=2025, number=12, title="Høring om næringsareal", numbered_by=group)
    day = MEETING_DAY
    make_consultation(
        session, case=plan, body=group, meeting=earlier, treated_on=day - days(30), result=R.RETURNED
    )
    treated = make_consultation(
        session, case=plan, body=group, meeting=meeting, treated_on=day, result=R.ENDORSED_WITH_CHANGES
    )
    treated.result_text = "Med endringer i punkt 3"
    twice = make_consultation(
        session, case=budget, body=group, meeting=meeting, treated_on=day, result=R.POSTPONED
    )
    twice.result_text = "Utsatt til etter pausen"
    make_consultation(session, case=budget, body=group, meeting=meeting, treated_on=day, result=R.ENDORSED)
    planned = make_consultation(session, case=later, body=group, meeting=meeting, planned_on=day)
    session.flush()
    # Made out of order: the agenda is by position.
    make_agenda_item(session, meeting=meeting, heading="Eventuelt", position=5)
    make_agenda_item(session, meeting=meeting, case=later, position=4)
    make_agenda_item(session, meeting=meeting, case=plan, position=1)
    make_agenda_item(session, meeting=meeting, heading="Orientering fra sekretariatet", position=2)
    make_agenda_item(session, meeting=meeting, case=budget, position=3)

    detail = q.meeting_detail(session, meeting_id=meeting.id)

    assert list(detail.agenda.columns) == q.AGENDA_COLUMNS
    assert records(detail.agenda, "position", "case", "title", "heading", "result", "result_text") == [
        (1, "7/26", PLAN, None, R.ENDORSED_WITH_CHANGES, "Med endringer i punkt 3"),
        (2, None, None, "Orientering fra sekretariatet", None, None),
        (3, "8/26", "Budsjett 2027", None, R.POSTPONED, "Utsatt til etter pausen"),  # its first treatment
        (4, None, "Høring om næringsareal", None, None, None),
        (5, None, None, "Eventuelt", None, None),
    ]
    assert records(detail.agenda, "consultation_id", "case_id") == [
        (treated.id, plan.id),
        (None, None),
        (twice.id, budget.id),
        (planned.id, later.id),
        (None, None),
    ]
    assert (detail.body, detail.status, detail.starts_at) == (group.name, MeetingStatus.HELD, at(MEETING_DAY))
    assert detail.state["id"] == meeting.id and detail.version == meeting.version


def unit_world(session: Session) -> dict[str, Any]:
    """The units an expert group is expected to cover on MEETING_DAY, and some that it is not."""
    unit = {}

    def add(key: str, name: str, kind: str = UnitKind.MUNICIPALITY, **fields: Any) -> None:
        unit[key] = make_unit(session, kind=kind, name=name, **fields)

    add("asker_baerum", "Asker og Bærum regionråd", UnitKind.SUB_REGION)
    add("follo", "Folloregionen IPR", UnitKind.SUB_REGION)
    add("gardermo", "Gardermoregionen", UnitKind.SUB_REGION)
    add("gone", "Nedlagt regionråd", UnitKind.SUB_REGION, valid_to=MEETING_DAY - days(1))
    add("innlandet", "Innlandet fylkeskommune", UnitKind.COUNTY)
    add("akershus", "Akershus fylkeskommune", UnitKind.COUNTY, is_member=False)
    add("oslo", "Oslo kommune", county_level=True)
    add("asker", "Asker kommune")
    add("aas", "Ås kommune")
    add("eidsvoll", "Eidsvoll kommune")
    make_sub_region_member(session, sub_region=unit["asker_baerum"], municipality=unit["asker"])
    # Ås left Follo the day before the meeting: it no longer covers Follo.
    make_sub_region_member(
        session, sub_region=unit["follo"], municipality=unit["aas"], valid_to=MEETING_DAY - days(1)
    )
    make_sub_region_member(session, sub_region=unit["gardermo"], municipality=unit["eidsvoll"])
    return unit


def attend(session: Session, meeting: Any, name: str, unit: Any = None, *, present: bool = True) -> Any:
    person = make_person(session, name=name)
    session.add(
        Attendance(
            meeting_id=meeting.id, person_id=person.id, unit_id=unit.id if unit else None, present=present
        )
    )
    session.flush()
    return person


def test_attendance_is_by_name_with_who_was_present_and_who_sent_apologies(session):
    unit = unit_world(session)
    meeting = make_meeting(session, starts_at=at(MEETING_DAY))
    attend(session, meeting, "Per Berg", unit["innlandet"], present=False)
    kari = attend(session, meeting, "Kari Nordmann", unit["oslo"])
    attend(session, meeting, "Eva Uten Enhet")
    attend(session, meeting, "Anne Ås", unit["aas"])

    attendance = q.meeting_detail(session, meeting_id=meeting.id).attendance

    assert records(attendance, "person", "unit", "present") == [
        ("Anne Ås", "Ås kommune", True),
        ("Eva Uten Enhet", None, True),
        ("Kari Nordmann", "Oslo kommune", True),
        ("Per Berg", "Innlandet fylkeskommune", False),
    ]
    assert records(attendance, "person_id", "unit_id")[2] == (kari.id, unit["oslo"].id)


def test_absent_units_are_the_expected_units_no_one_present_represented_directly_or_through_a_municipality(
    session,
):
    unit = unit_world(session)
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    assert group.coverage_rule == CoverageRule.SUB_REGIONS_COUNTIES_OSLO
    meeting = make_meeting(session, body=group, starts_at=at(MEETING_DAY))
    attend(session, meeting, "Kari Nordmann", unit["oslo"])  # Oslo, directly
    attend(session, meeting, "Ola Hansen", unit["asker"])  # Asker og Bærum, through Asker
    attend(session, meeting, "Berit Dahl", unit["gardermo"])  # Gardermoregionen, directly
    attend(session, meeting, "Per Berg", unit["innlandet"], present=False)  # apologies: does not count
    attend(session, meeting, "Anne Ås", unit["aas"])  # Ås left Follo before the meeting
    attend(session, meeting, "Eva Uten Enhet")

    absent = q.meeting_detail(session, meeting_id=meeting.id).absent

    name = {key: (row.id, row.name) for key, row in unit.items()}
    assert absent.expected == tuple(
        name[key] for key in ("asker_baerum", "follo", "gardermo", "innlandet", "oslo")
    )
    assert absent.given == (name["asker_baerum"], name["gardermo"], name["oslo"])
    assert absent.missing == (name["follo"], name["innlandet"])


def test_a_body_expected_to_cover_sub_regions_and_oslo_does_not_miss_the_counties(session):
    unit = unit_world(session)
    group = make_body(
        session, name="Faggruppe for areal og transport", coverage_rule=CoverageRule.SUB_REGIONS_OSLO
    )
    meeting = make_meeting(session, body=group, starts_at=at(MEETING_DAY))
    attend(session, meeting, "Kari Nordmann", unit["oslo"])
    absent = q.meeting_detail(session, meeting_id=meeting.id).absent
    sub_regions = ["Asker og Bærum regionråd", "Folloregionen IPR", "Gardermoregionen"]
    assert [name for _, name in absent.missing] == sub_regions
    assert [name for _, name in absent.given] == ["Oslo kommune"]


def test_a_body_that_is_expected_to_cover_nothing_has_no_absent_units(session):
    unit = unit_world(session)
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    meeting = make_meeting(session, body=board, starts_at=at(MEETING_DAY))
    attend(session, meeting, "Kari Nordmann", unit["oslo"])
    absent = q.meeting_detail(session, meeting_id=meeting.id).absent
    assert (absent.expected, absent.missing, absent.share) == ((), (), None)


def test_a_meeting_that_does_not_exist_has_no_detail(session):
    meeting = make_meeting(session)
    assert q.meeting_detail(session, meeting_id=meeting.id + 1000) is None


# --- Who the attendance form offers -------------------------------------------------------------------


def test_the_members_on_the_day_are_offered_once_each_with_the_unit_they_represent(session):
    unit = unit_world(session)
    group = make_body(session, name="Faggruppe for areal og transport")
    other = make_body(session, name="Faggruppe for næringssamarbeid")

    def member(name: str, body: Any = group, **fields: Any) -> Any:
        person = make_person(session, name=name)
        make_membership(session, person=person, body=body, **fields)
        return person

    kari = member("Kari Nordmann", represents=unit["oslo"], start_on=dt.date(2025, 1, 1))
    member("Ola Hansen", represents=unit["asker"], end_on=MEETING_DAY - days(1))  # ended the day before
    member("Per Berg", represents=unit["asker"], start_on=MEETING_DAY + days(1))  # starts the day after
    berit = member("Berit Dahl", represents=unit["gardermo"], end_on=MEETING_DAY)  # the last day counts
    eva = member("Eva Uten Enhet")
    anne = member("Anne Ås", represents=unit["aas"])
    make_membership(session, person=anne, body=group, represents=unit["follo"], role="observer")
    member("Siri Annen Gruppe", body=other, represents=unit["oslo"])

    offered = q.members_on(session, body_id=group.id, on=MEETING_DAY)

    assert [person_id for person_id, *_ in offered] == [anne.id, berit.id, eva.id, kari.id]
    assert offered[1:] == [
        (berit.id, "Berit Dahl", unit["gardermo"].id, "Gardermoregionen"),
        (eva.id, "Eva Uten Enhet", None, None),
        (kari.id, "Kari Nordmann", unit["oslo"].id, "Oslo kommune"),
    ]
    assert offered[0][3] in {"Ås kommune", "Folloregionen IPR"}  # one of her two seats


# --- Calendar files -----------------------------------------------------------------------------------


def calendar_world(session: Session) -> dict[str, Any]:
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for areal og transport")
    later = make_meeting(session, body=board, starts_at=at(dt.date(2026, 4, 1)), place="Oslo rådhus")
    first = make_meeting(session, body=board, starts_at=at(MEETING_DAY), title="Styremøte")
    night = make_meeting(session, body=group, starts_at=dt.datetime(2026, 3, 9, 23, 0))
    plan = make_case(session, year=2026, number=7, title=PLAN, numbered_by=board)
    make_case_number(session, case=plan, body=group, year=2026, number=2)  # the group's own number
    make_agenda_item(session, meeting=first, case=plan)
    make_agenda_item(session, meeting=first, heading="Eventuelt")
    make_agenda_item(session, meeting=night, heading="Orientering")
    return {"board": board, "group": group, "first": first, "later": later, "night": night}


def test_a_calendar_file_of_one_meeting_holds_it_with_its_agenda_lines(session):
    made = calendar_world(session)
    [meeting] = q.calendar_meetings(session, meeting_id=made["first"].id)
    assert meeting.agenda == [f"1. 7/26 {PLAN}", "2. Eventuelt"]
    assert (meeting.id, meeting.body, meeting.title) == (made["first"].id, "Styret", "Styremøte")
    assert (meeting.starts_at, meeting.ends_at) == (at(MEETING_DAY), at(MEETING_DAY, 12))
    assert (meeting.status, meeting.version) == (MeetingStatus.PLANNED, 1)


def test_a_calendar_file_of_a_body_holds_its_meetings_by_time(session):
    made = calendar_world(session)
    meetings = q.calendar_meetings(session, body_id=made["board"].id)
    assert [m.id for m in meetings] == [made["first"].id, made["later"].id]
    assert (meetings[1].agenda, meetings[1].place) == ([], "Oslo rådhus")


def test_a_calendar_file_of_everything_holds_every_meeting_by_time_or_those_from_a_day_on(session):
    made = calendar_world(session)
    every = q.calendar_meetings(session)
    assert [m.id for m in every] == [made["night"].id, made["first"].id, made["later"].id]
    assert every[0].agenda == ["1. Orientering"]
    from_day = q.calendar_meetings(session, first=MEETING_DAY)
    assert [m.id for m in from_day] == [made["first"].id, made["later"].id]
    board_later = q.calendar_meetings(session, body_id=made["board"].id, first=MEETING_DAY + days(1))
    assert [m.id for m in board_later] == [made["later"].id]
    assert [m.id for m in q.calendar_meetings(session, max_meetings=1)] == [made["night"].id]


def test_a_calendar_of_some_bodies_holds_theirs_of_no_body_none_and_beyond_the_limit_the_latest(session):
    made = calendar_world(session)
    board, group = made["board"].id, made["group"].id
    both = q.calendar_meetings(session, body_ids=[group, board])
    assert [m.id for m in both] == [made["night"].id, made["first"].id, made["later"].id]
    assert [m.id for m in q.calendar_meetings(session, body_ids=[group])] == [made["night"].id]
    assert q.calendar_meetings(session, body_ids=[]) == []  # "mine" with no seat: nothing, not all
    latest = q.calendar_meetings(session, max_meetings=2, keep_latest=True)
    assert [m.id for m in latest] == [made["first"].id, made["later"].id]  # still by time
    assert latest[0].agenda == [f"1. 7/26 {PLAN}", "2. Eventuelt"]
