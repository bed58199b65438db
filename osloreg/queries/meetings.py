"""Read side of the meeting calendar: a month's meetings (only that month is read), the list, one
meeting with its agenda, results, minutes and attendance (and the expected units that were absent),
what the editors offer, and the meetings a calendar file holds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import MembershipRole, QuorumRule
from osloreg.i18n import case_label
from osloreg.models import (
    AgendaItem,
    Attendance,
    Body,
    Case,
    CaseNumber,
    Consultation,
    Meeting,
    Membership,
    Person,
    Unit,
)
from osloreg.queries import case_numbers
from osloreg.queries.common import Listing, active_on, frame, midnight
from osloreg.queries.coverage import expected_units_among
from osloreg.rules import advice as advice_rules
from osloreg.rules import meetings as rules
from osloreg.snapshots import snapshot

PER_DAY = 3  # meetings a day shows in the month grid before "+N more"


def _where(*, first: dt.date, after: dt.date, body_ids: tuple[int, ...] = ()) -> list:
    where = [Meeting.starts_at >= midnight(first), Meeting.starts_at < midnight(after)]
    if body_ids:
        where.append(Meeting.body_id.in_(body_ids))
    return where


class DayMeeting(NamedTuple):
    """One meeting in a cell of the month's grid; its fields name every meeting list's columns. A tuple, not a
    table: a cell holds at most PER_DAY of them, and a table per day cost a busy month 30 ms a run."""

    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    body_id: int
    body: str
    title: str | None
    place: str | None
    status: str
    items: int
    source: str | None  # where the meeting is known from (its note says when the time of day is made up)


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    weeks: list[list[dt.date]]
    days: dict[dt.date, list[DayMeeting]]  # the first PER_DAY meetings of each day, earliest first
    per_day: dict[dt.date, int]  # meetings on each day shown
    total: int  # meetings in the month itself (not the days before and after it in the grid)


MEETING_COLUMNS = list(DayMeeting._fields)


def _agenda_count():
    return (
        sa.select(sa.func.count())
        .select_from(AgendaItem)
        .where(AgendaItem.meeting_id == Meeting.id)
        .scalar_subquery()
    )


def _meeting_select(where: list) -> sa.Select:
    return (
        sa.select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.body_id,
            Body.name,
            Meeting.title,
            Meeting.place,
            Meeting.status,
            _agenda_count(),
            Meeting.source,
        )
        .join(Body, Body.id == Meeting.body_id)
        .where(*where)
        .order_by(Meeting.starts_at, Body.name, Meeting.id)
    )


def month_view(session: Session, *, year: int, month: int, body_ids: tuple[int, ...] = ()) -> MonthView:
    """The month's grid: per day the number of meetings and the first few. Reads the days the grid
    shows and nothing else: counted per day in SQL, then at most PER_DAY meetings a day read."""
    weeks = rules.month_grid(year, month)
    first, after = rules.grid_span(year, month)
    where = _where(first=first, after=after, body_ids=body_ids)
    day = sa.func.date(Meeting.starts_at)
    per_day: dict[dt.date, int] = {}
    for value, count in session.execute(sa.select(day, sa.func.count()).where(*where).group_by(day)):
        per_day[value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))] = int(count)
    month_first = dt.date(year, month, 1)
    month_after = dt.date(*rules.shift_month(year, month, 1), 1)
    total = sum(count for value, count in per_day.items() if month_first <= value < month_after)
    # The first meetings of each day, ranked in SQL so a busy month reads only what the grid shows.
    rank = sa.func.row_number().over(partition_by=day, order_by=(Meeting.starts_at, Meeting.id)).label("rank")
    ranked = sa.select(Meeting.id, rank).where(*where).subquery()
    shown = sa.select(ranked.c.id).where(ranked.c.rank <= PER_DAY)
    rows = session.execute(_meeting_select([Meeting.id.in_(shown)])).all()
    days: dict[dt.date, list[DayMeeting]] = defaultdict(list)
    for row in rows:
        days[row.starts_at.date()].append(DayMeeting(*row))
    return MonthView(year, month, weeks, dict(days), per_day, total)


def meeting_list(
    session: Session,
    *,
    first: dt.date,
    after: dt.date,
    body_ids: tuple[int, ...] = (),
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """The meetings in [first, after), by time. Columns: MEETING_COLUMNS."""
    where = _where(first=first, after=after, body_ids=body_ids)
    total = session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(*where)) or 0
    rows = session.execute(_meeting_select(where).limit(limit).offset(offset)).all()
    return Listing(int(total), frame(rows, MEETING_COLUMNS))


def body_options(session: Session) -> list[tuple[int, str]]:
    """Bodies that have meetings, by name."""
    rows = session.execute(
        sa.select(Body.id, Body.name).where(sa.exists().where(Meeting.body_id == Body.id)).order_by(Body.name)
    ).all()
    return [(row.id, row.name) for row in rows]


# --- One meeting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    body_id: int
    body: str
    title: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str | None
    status: str
    minutes: str | None
    version: int
    basis: str
    source: str | None
    agenda: pd.DataFrame  # AGENDA_COLUMNS, in order
    # person_id, person, unit_id, unit, present, attended_for_person_id, attended_for (a vara's
    # member: "møtte for"); by name
    attendance: pd.DataFrame
    absent: advice_rules.Completeness  # expected units and which of them someone present represented
    state: dict  # the meeting's columns as the services' expected_version and a form start from
    quorum_rule: str = QuorumRule.NONE  # the body's rule for vedtaksførhet


AGENDA_COLUMNS = ["item_id", "position", "case_id", "case", "title", "heading", "consultation_id"]
AGENDA_COLUMNS += ["role", "authoritative", "result", "result_text"]
AGENDA_COLUMNS += ["unanimous", "votes_for", "votes_against", "protocol_remarks"]
AGENDA_COLUMNS += ["proceedings", "decision_text"]  # the item's behandling; a heading's vedtak
AGENDA_COLUMNS += ["closed_basis"]  # treated behind closed doors, with its legal basis (None: open)


def agenda(session: Session, meeting_id: int) -> pd.DataFrame:
    """The agenda in order; a case item with its number in this body's series of the meeting's year,
    and its treatment at the meeting (result once recorded); each item's behandling, a heading's vedtak."""
    treatment = sa.orm.aliased(Consultation)
    meeting = session.get(Meeting, meeting_id)
    body_id, year = (meeting.body_id, meeting.starts_at.year) if meeting is not None else (None, None)
    rows = session.execute(
        sa.select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.case_id,
            CaseNumber.number,
            CaseNumber.year,
            Case.title,
            AgendaItem.heading,
            treatment.id,
            treatment.role,
            treatment.authoritative,
            treatment.result,
            treatment.result_text,
            treatment.unanimous,
            treatment.votes_for,
            treatment.votes_against,
            treatment.protocol_remarks,
            AgendaItem.proceedings,
            AgendaItem.decision_text,
            AgendaItem.closed_basis,
        )
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(CaseNumber, case_numbers.in_meetings_series(body_id, year))
        .outerjoin(
            treatment,
            sa.and_(treatment.case_id == AgendaItem.case_id, treatment.meeting_id == AgendaItem.meeting_id),
        )
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, treatment.sequence)
    ).all()
    records, seen = [], set()
    for row in rows:
        if row[0] in seen:  # a case treated twice at one meeting: its first treatment is the item's
            continue
        seen.add(row[0])
        label = case_label(row.number, row.year) if row.number is not None else None
        records.append((row[0], row.position, row.case_id, label, row[5], row.heading, *row[7:]))
    return frame(records, AGENDA_COLUMNS)


def meeting_detail(session: Session, *, meeting_id: int) -> MeetingDetail | None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    body = session.get(Body, meeting.body_id)
    member = sa.orm.aliased(Person)
    attendance = frame(
        session.execute(
            sa.select(
                Attendance.person_id,
                Person.name,
                Attendance.unit_id,
                Unit.name,
                Attendance.present,
                Attendance.attended_for_person_id,
                member.name,
            )
            .join(Person, Person.id == Attendance.person_id)
            .outerjoin(Unit, Unit.id == Attendance.unit_id)
            .outerjoin(member, member.id == Attendance.attended_for_person_id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(Person.name, Person.id)
        ),
        ["person_id", "person", "unit_id", "unit", "present", "attended_for_person_id", "attended_for"],
    )
    attendance["present"] = attendance["present"].astype(bool)
    present_units = {
        int(unit_id)
        for unit_id, present in zip(attendance["unit_id"], attendance["present"], strict=True)
        if present and unit_id is not None and not pd.isna(unit_id)
    }
    return MeetingDetail(
        id=meeting.id,
        body_id=meeting.body_id,
        body=body.name,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        status=meeting.status,
        minutes=meeting.minutes,
        version=meeting.version,
        basis=meeting.basis,
        source=meeting.source,
        agenda=agenda(session, meeting_id),
        attendance=attendance,
        absent=expected_units_among(
            session, body_id=meeting.body_id, unit_ids=present_units, on=meeting.starts_at.date()
        ),
        state=snapshot(meeting),
        quorum_rule=body.quorum_rule,
    )


def members_on(
    session: Session, *, body_id: int, on: dt.date
) -> list[tuple[int, str, int | None, str | None]]:
    """(person id, name, unit id, unit) of the body's members on the day, by name: who the attendance
    form offers, with the unit each represents."""
    rows = session.execute(
        sa.select(Person.id, Person.name, Membership.represents_unit_id, Unit.name)
        .join(Membership, Membership.person_id == Person.id)
        .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
        .where(
            Membership.body_id == body_id,
            # A vara meets only when called in: the attendance form adds those who accepted.
            Membership.role != MembershipRole.SUBSTITUTE,
            active_on(Membership.start_on, Membership.end_on, on),
        )
        .order_by(Person.name, Person.id, Membership.start_on.desc(), Membership.id.desc())
    ).all()
    chosen: dict[int, tuple[int, str, int | None, str | None]] = {}
    for row in rows:
        chosen.setdefault(row[0], tuple(row))  # a person with two seats: the latest
    return list(chosen.values())


# --- Calendar files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarMeeting:
    """What a calendar file says of a meeting."""

    id: int
    body: str
    title: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str | None
    status: str
    version: int
    agenda: list[str]  # "1. 48/20 Revidert mandat ...", "2. Eventuelt"
    source: str | None = None  # osloreg.sources: a note may say the time of day is made up


def calendar_meetings(
    session: Session,
    *,
    meeting_id: int | None = None,
    body_id: int | None = None,
    body_ids: Collection[int] | None = None,
    first: dt.date | None = None,
    max_meetings: int = 100_000,
    keep_latest: bool = False,
) -> list[CalendarMeeting]:
    """One meeting, a body's meetings, those of `body_ids` (none if it is empty), or all (from `first`
    on, if given), by time, with agendas. Beyond `max_meetings` the earliest are kept, or the latest
    with `keep_latest` (a subscribed feed wants what lies ahead)."""
    where: list = []
    if meeting_id is not None:
        where.append(Meeting.id == meeting_id)
    if body_id is not None:
        where.append(Meeting.body_id == body_id)
    if body_ids is not None:
        where.append(Meeting.body_id.in_(sorted(body_ids)))
    if first is not None:
        where.append(Meeting.starts_at >= midnight(first))
    order = (Meeting.starts_at.desc(), Meeting.id.desc()) if keep_latest else (Meeting.starts_at, Meeting.id)
    # The meetings kept, as one subquery: the agendas below are read for those alone.
    chosen = sa.select(Meeting.id).where(*where).order_by(*order).limit(max_meetings)
    rows = session.execute(
        sa.select(
            Meeting.id,
            Body.name,
            Meeting.title,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.place,
            Meeting.status,
            Meeting.version,
            Meeting.source,
        )
        .join(Body, Body.id == Meeting.body_id)
        .where(Meeting.id.in_(chosen))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    lines: dict[int, list[str]] = defaultdict(list)
    # Each case with its number in the meeting's body, of the meeting's year.
    for item_meeting, position, number, year, title, heading in session.execute(
        sa.select(
            AgendaItem.meeting_id,
            AgendaItem.position,
            CaseNumber.number,
            CaseNumber.year,
            Case.title,
            AgendaItem.heading,
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Case, Case.id == AgendaItem.case_id)
        .outerjoin(
            CaseNumber,
            case_numbers.in_meetings_series(Meeting.body_id, sa.extract("year", Meeting.starts_at)),
        )
        .where(AgendaItem.meeting_id.in_(chosen))
        .order_by(AgendaItem.meeting_id, AgendaItem.position)
    ):
        if title is None:
            text = heading or ""
        else:
            text = f"{case_label(number, year)} {title}" if number is not None else title
        lines[item_meeting].append(f"{position}. {text}")
    return [CalendarMeeting(*row[:8], agenda=lines.get(row.id, []), source=row.source) for row in rows]
