"""Forfall, vara, habilitet and vedtaksførhet of one meeting, read: its roster, the vara to call in next,
who is present item by item, whether the body will be vedtaksfør. The meetings ahead: meetings_ahead.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import CallAnswer, MembershipRole
from osloreg.models import (
    Absence,
    AgendaItem,
    Attendance,
    Body,
    Disqualification,
    Meeting,
    Membership,
    Person,
    SubstituteCall,
    Unit,
    User,
)
from osloreg.queries.common import active_on, frame, optional_int
from osloreg.queries.coverage import body_coverage
from osloreg.rules import attendance as rules
from osloreg.rules.coverage import SEATED_ROLES

ABSENCE_COLUMNS = [
    "absence_id",
    "person_id",
    "person",
    "unit_id",
    "unit",
    "reason",
    "from_position",
    "to_position",
    "reported_at",
    "reported_by",
]
CALL_COLUMNS = [
    "call_id",
    "absence_id",
    "member_id",
    "vara_id",
    "vara",
    "unit",
    "answer",
    "called_at",
    "answered_at",
]
INHABIL_COLUMNS = [
    "disqualification_id",
    "item_id",
    "position",
    "person_id",
    "person",
    "status",
    "ground",
    "reason",
]


@dataclass(frozen=True)
class Roster:
    """Who is expected at a meeting and what stands in the way, as the meeting page shows it."""

    meeting_id: int
    body_id: int
    day: dt.date
    status: str
    quorum_rule: str
    quorum_basis: str | None
    quorum_source: str | None
    members: pd.DataFrame  # person_id, person, role, unit_id, unit: the seats on the day, by name
    varas: list[rules.Vara]
    unit_names: dict[int, str]
    absences: pd.DataFrame  # ABSENCE_COLUMNS: the standing forfall, by name
    calls: pd.DataFrame  # CALL_COLUMNS: every vara called in for a standing forfall, in order
    inhabil: pd.DataFrame  # INHABIL_COLUMNS: standing, by item then name
    positions: list[int]
    forecast: rules.Forecast | None  # None when not asked for
    offers: dict[int, list[rules.Vara]] = field(default_factory=dict)  # absence -> vara to call, next first

    @property
    def member_ids(self) -> set[int]:
        return {int(person) for person in self.members["person_id"]}


def _seats(session: Session, body_id: int, day: dt.date) -> pd.DataFrame:
    rows = session.execute(
        sa.select(
            Membership.person_id, Person.name, Membership.role, Membership.represents_unit_id, Unit.name
        )
        .join(Person, Person.id == Membership.person_id)
        .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
        .where(
            Membership.body_id == body_id,
            Membership.role.in_(sorted(SEATED_ROLES)),
            active_on(Membership.start_on, Membership.end_on, day),
        )
        .order_by(Person.name, Person.id)
    ).all()
    seen: dict[int, tuple] = {}
    for row in rows:
        seen.setdefault(row[0], tuple(row))
    return frame(seen.values(), ["person_id", "person", "role", "unit_id", "unit"])


def _vara(session: Session, body_id: int, day: dt.date) -> list[rules.Vara]:
    rows = session.execute(
        sa.select(
            Membership.person_id,
            Person.name,
            Membership.represents_unit_id,
            Membership.substitute_order,
            Membership.substitute_for_person_id,
        )
        .join(Person, Person.id == Membership.person_id)
        .where(
            Membership.body_id == body_id,
            Membership.role == MembershipRole.SUBSTITUTE,
            active_on(Membership.start_on, Membership.end_on, day),
        )
        .order_by(Person.name, Person.id)
    ).all()
    return [rules.Vara(*row) for row in rows]


def _absences(session: Session, meeting_id: int, units: dict[int, int | None]) -> pd.DataFrame:
    first, last = aliased(AgendaItem), aliased(AgendaItem)
    rows = session.execute(
        sa.select(
            Absence.id,
            Absence.person_id,
            Person.name,
            Absence.reason,
            first.position,
            last.position,
            Absence.reported_at,
            User.display_name,
        )
        .join(Person, Person.id == Absence.person_id)
        .outerjoin(first, first.id == Absence.from_item_id)
        .outerjoin(last, last.id == Absence.to_item_id)
        .outerjoin(User, User.id == Absence.reported_by_user_id)
        .where(Absence.meeting_id == meeting_id, Absence.withdrawn_at.is_(None))
        .order_by(Person.name, Absence.id)
    ).all()
    records = [(row[0], row[1], row[2], units.get(row[1]), None, *row[3:]) for row in rows]
    return frame(records, ABSENCE_COLUMNS)


def _calls(session: Session, meeting_id: int) -> pd.DataFrame:
    rows = session.execute(
        sa.select(
            SubstituteCall.id,
            SubstituteCall.absence_id,
            Absence.person_id,
            SubstituteCall.person_id,
            Person.name,
            Unit.name,
            SubstituteCall.answer,
            SubstituteCall.called_at,
            SubstituteCall.answered_at,
        )
        .join(Absence, Absence.id == SubstituteCall.absence_id)
        .join(Person, Person.id == SubstituteCall.person_id)
        .outerjoin(Unit, Unit.id == SubstituteCall.unit_id)
        .where(SubstituteCall.meeting_id == meeting_id, Absence.withdrawn_at.is_(None))
        .order_by(SubstituteCall.called_at, SubstituteCall.id)
    ).all()
    return frame(rows, CALL_COLUMNS)


def _inhabil(session: Session, meeting_id: int) -> pd.DataFrame:
    rows = session.execute(
        sa.select(
            Disqualification.id,
            Disqualification.agenda_item_id,
            AgendaItem.position,
            Disqualification.person_id,
            Person.name,
            Disqualification.status,
            Disqualification.ground,
            Disqualification.reason,
        )
        .join(AgendaItem, AgendaItem.id == Disqualification.agenda_item_id)
        .join(Person, Person.id == Disqualification.person_id)
        .where(Disqualification.meeting_id == meeting_id, Disqualification.withdrawn_at.is_(None))
        .order_by(AgendaItem.position, Person.name)
    ).all()
    return frame(rows, INHABIL_COLUMNS)


def _unit_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(sa.select(Unit.id, Unit.name).where(Unit.id.in_(sorted(ids)))).all())


def _whole(absences: pd.DataFrame) -> set[int]:
    """The people with forfall for the whole meeting."""
    return {
        int(row.person_id)
        for row in absences.itertuples()
        if pd.isna(row.from_position) and pd.isna(row.to_position)
    }


def _forecast_calls(calls: pd.DataFrame) -> list[rules.Call]:
    return [
        rules.Call(int(row.member_id), int(row.vara_id), row.vara, row.answer) for row in calls.itertuples()
    ]


def roster(session: Session, *, meeting_id: int, with_forecast: bool = True) -> Roster | None:
    """The meeting's roster: seats and vara on its day, standing forfall with the vara called in and
    the next to call, standing inhabilitet, and (unless not asked for: it reads the body's coverage,
    the costly part) the coverage forecast."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    body = session.get(Body, meeting.body_id)
    day = meeting.starts_at.date()
    members = _seats(session, body.id, day)
    varas = _vara(session, body.id, day)
    seat_units = {int(row.person_id): optional_int(row.unit_id) for row in members.itertuples()}
    var_units = {vara.person_id: vara.unit_id for vara in varas}
    absences = _absences(session, meeting.id, {**var_units, **seat_units})
    unit_names = _unit_names(
        session, {unit for unit in [*seat_units.values(), *var_units.values()] if unit is not None}
    )
    absences["unit"] = absences["unit_id"].map(
        lambda unit: unit_names.get(unit) if unit is not None else None
    )
    calls = _calls(session, meeting.id)
    away = _whole(absences)
    with_forfall = {int(person) for person in absences["person_id"]}
    offers = {}
    for row in absences.itertuples():
        if int(row.person_id) not in seat_units:
            offers[int(row.absence_id)] = []  # a vara's own forfall: no one is called in for a vara
            continue
        asked = {int(call.vara_id) for call in calls.itertuples() if call.absence_id == row.absence_id}
        # A vara asked for another member, or coming for one, meets for one member only.
        engaged = {
            int(call.vara_id)
            for call in calls.itertuples()
            if call.absence_id != row.absence_id and call.answer != CallAnswer.DECLINED
        }
        offers[int(row.absence_id)] = rules.vara_offers(
            varas,
            member_id=int(row.person_id),
            unit_id=optional_int(row.unit_id),
            passed_over=asked | engaged | with_forfall,
        )
    return Roster(
        meeting_id=meeting.id,
        body_id=body.id,
        day=day,
        status=meeting.status,
        quorum_rule=body.quorum_rule,
        quorum_basis=body.quorum_basis,
        quorum_source=body.quorum_source,
        members=members,
        varas=varas,
        unit_names=unit_names,
        absences=absences,
        calls=calls,
        inhabil=_inhabil(session, meeting.id),
        positions=list(
            session.scalars(
                sa.select(AgendaItem.position)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(AgendaItem.position)
            )
        ),
        forecast=rules.forecast(
            body_coverage(session, on=day, body_ids=[body.id])[0].coverage,
            away=away,
            calls=_forecast_calls(calls),
            quorum_rule=body.quorum_rule,
        )
        if with_forecast
        else None,
        offers=offers,
    )


def expected_quorum(roster: Roster) -> rules.Quorum | None:
    """Whether the body will be vedtaksfør, from the forfall and the vara who said yes (no coverage
    read: the warning above a meeting's tabs needs only this)."""
    present = rules.expected_present(
        roster.member_ids, away=_whole(roster.absences), calls=_forecast_calls(roster.calls)
    )
    return rules.quorum(roster.quorum_rule, members=len(roster.member_ids), present=present)


# --- Item by item: presence and vedtaksførhet ------------------------------------------------------------


@dataclass(frozen=True)
class ItemQuorum:
    position: int
    present: frozenset[int]
    quorum: rules.Quorum | None
    left: tuple[str, ...]  # who left the item as inhabil, by name


def item_quorums(session: Session, roster: Roster) -> list[ItemQuorum]:
    """Per item, who is present and whether the body is vedtaksfør: from the recorded attendance once
    there is one, else from what is expected (members without forfall, vara who accepted)."""
    recorded = session.execute(
        sa.select(Attendance.person_id, Attendance.present, Attendance.attended_for_person_id).where(
            Attendance.meeting_id == roster.meeting_id
        )
    ).all()
    spans = {
        int(row.person_id): rules.Span(optional_int(row.from_position), optional_int(row.to_position))
        for row in roster.absences.itertuples()
    }
    if recorded:
        attendees = [rules.Attendee(row[0], bool(row[1]), row[2]) for row in recorded]
    else:
        whole = {person for person, span in spans.items() if span.whole}
        attendees = [rules.Attendee(person, person not in whole) for person in roster.member_ids]
        attendees += [
            rules.Attendee(int(call.vara_id), True, int(call.member_id))
            for call in roster.calls.itertuples()
            if call.answer == CallAnswer.ACCEPTED
        ]
    inhabil = [(int(row.position), int(row.person_id)) for row in roster.inhabil.itertuples()]
    present = rules.present_by_item(roster.positions, attendees, absences=spans, inhabil=inhabil)
    attended_for = {person.person_id: person.attended_for for person in attendees if person.attended_for}
    members = roster.member_ids
    names = defaultdict(list)
    for row in roster.inhabil.itertuples():
        names[int(row.position)].append(row.person)
    return [
        ItemQuorum(
            position=position,
            present=present[position],
            quorum=rules.quorum(
                roster.quorum_rule,
                members=len(members),
                present=rules.counted_present(present[position], members=members, attended_for=attended_for),
            ),
            left=tuple(names.get(position, ())),
        )
        for position in roster.positions
    ]
