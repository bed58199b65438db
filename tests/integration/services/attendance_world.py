"""Shared by the forfall, vara and habilitet tests: a faggruppe with four members (two for Follo), vara
for Follo in order and a personal vara for Oslo's member, a meeting ahead with headings and saker, and a
user for every role (two members linked to their persons); and one valid call of every service of
services.attendance and services.disqualifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import Basis, CoverageRule, MembershipRole, QuorumRule, Role, UnitKind
from osloreg.models import Absence, AgendaItem, Disqualification, Meeting, Membership, SubstituteCall, User
from osloreg.services.attendance import (
    answer_call,
    call_substitute,
    report_absence,
    set_quorum_rule,
    withdraw_absence,
)
from osloreg.services.base import Actor
from osloreg.services.disqualifications import (
    decide_disqualification,
    declare_disqualification,
    withdraw_disqualification,
)
from tests.factories import (
    at,
    days,
    make_agenda_item,
    make_body,
    make_case,
    make_meeting,
    make_person,
    make_unit,
)
from tests.integration.services.meeting_world import Call, call, table

START = dt.date(2020, 1, 1)
# The members, the vara of Follo (in order), the personal vara of Oslo's member, and Vestregionen's vara.
MEMBERS = {"kari": "Kari Follo", "ola": "Ola Follo", "per": "Per Vest", "anne": "Anne Oslo"}
VARAS = {"vf1": "Vera Follo", "vf2": "Vidar Follo", "siri": "Siri Oslo", "vv1": "Viggo Vest"}


@dataclass
class AttendanceWorld:
    body: int
    meeting: int  # ahead (today + 10), planned: 1 heading, 2 and 3 saker, 4 Eventuelt
    items: list[int]  # the meeting's agenda items by position
    units: dict[str, int]  # follo, vest, oslo
    people: dict[str, int]  # MEMBERS and VARAS by key, and "outsider" (no term in the body)
    coordinator: Actor
    director: Actor
    admin: Actor
    viewer: Actor
    kari: Actor  # a member user linked to Kari
    ola: Actor  # a member user linked to Ola

    def member_of(self, key: str) -> Actor:
        return {"kari": self.kari, "ola": self.ola}[key]


def _user(session: Session, name: str, role: str, person_id: int | None = None) -> Actor:
    user = User(username=name, display_name=name.capitalize(), password_hash="-", person_id=person_id)
    session.add(user)
    session.flush()
    return Actor(user_id=user.id, username=name, roles=frozenset({role}), person_id=person_id)


def seat(
    session: Session, body: int, person: int, unit: int | None, role: str = MembershipRole.MEMBER, **vara: Any
):
    row = Membership(
        person_id=person,
        body_id=body,
        role=role,
        represents_unit_id=unit,
        start_on=START,
        basis=Basis.ILLUSTRATIVE,
    )
    row.substitute_order = vara.get("order")
    row.substitute_for_person_id = vara.get("for_person")
    session.add(row)
    session.flush()
    return row


def agenda_of(session: Session, meeting: Meeting | int) -> list[int]:
    """A heading, two saker and Eventuelt on the meeting's agenda: their ids by position."""
    first = make_agenda_item(session, meeting=meeting, heading="Godkjenning av innkalling og saksliste")
    saker = [make_agenda_item(session, meeting=meeting, case=make_case(session)) for _ in range(2)]
    last = make_agenda_item(session, meeting=meeting, heading="Eventuelt")
    return [first.id, *(item.id for item in saker), last.id]


def build_attendance_world(
    session: Session, *, quorum_rule: str = QuorumRule.HALF_MEMBERS
) -> AttendanceWorld:
    """The rows every test starts from, committed (services open their own transaction)."""
    body = make_body(
        session,
        name="Faggruppe for areal og transport",
        coverage_rule=CoverageRule.SUB_REGIONS_OSLO,
        quorum_rule=quorum_rule,
    )
    units = {
        "follo": make_unit(session, kind=UnitKind.SUB_REGION, name="Follorådet").id,
        "vest": make_unit(session, kind=UnitKind.SUB_REGION, name="Vestregionen").id,
        "oslo": make_unit(session, name="Oslo kommune", county_level=True).id,
    }
    people = {key: make_person(session, name=name).id for key, name in {**MEMBERS, **VARAS}.items()}
    people["outsider"] = make_person(session, name="Otto Utenfor").id
    seat(session, body.id, people["kari"], units["follo"])
    seat(session, body.id, people["ola"], units["follo"])
    seat(session, body.id, people["per"], units["vest"])
    seat(session, body.id, people["anne"], units["oslo"], MembershipRole.LEADER)
    vara = MembershipRole.SUBSTITUTE
    seat(session, body.id, people["vf2"], units["follo"], vara, order=2)
    seat(session, body.id, people["vf1"], units["follo"], vara, order=1)
    seat(session, body.id, people["siri"], units["oslo"], vara, for_person=people["anne"])
    seat(session, body.id, people["vv1"], units["vest"], vara, order=1)
    meeting = make_meeting(session, body=body, starts_at=at(today() + days(10)))
    world = AttendanceWorld(
        body=body.id,
        meeting=meeting.id,
        items=agenda_of(session, meeting),
        units=units,
        people=people,
        coordinator=_user(session, "koordinator", Role.COORDINATOR),
        director=_user(session, "direktor", Role.DIRECTOR),
        admin=_user(session, "admin", Role.ADMIN),
        viewer=_user(session, "leser", Role.VIEWER),
        kari=_user(session, "kari", Role.MEMBER, people["kari"]),
        ola=_user(session, "ola", Role.MEMBER, people["ola"]),
    )
    session.commit()
    return world


def absence(session: Session, meeting: int, person: int, **span: Any) -> Absence:
    row = Absence(meeting_id=meeting, person_id=person, reason="Syk", **span)
    session.add(row)
    session.flush()
    return row


def vara_call(session: Session, found: Absence, person: int, answer: str = "pending") -> SubstituteCall:
    row = SubstituteCall(absence_id=found.id, meeting_id=found.meeting_id, person_id=person, answer=answer)
    session.add(row)
    session.flush()
    return row


def inhabil(session: Session, item: int, person: int, status: str = "declared") -> Disqualification:
    meeting = session.get(AgendaItem, item).meeting_id
    row = Disqualification(
        meeting_id=meeting,
        agenda_item_id=item,
        person_id=person,
        status=status,
        ground="fvl_6_1_a",
        reason="Part",
    )
    session.add(row)
    session.flush()
    return row


def every_attendance_service(session: Session, w: AttendanceWorld) -> dict[str, Call]:
    """One valid call of each service of services.attendance and services.disqualifications, each on
    rows of its own (a meeting of its own where the call needs one), made with the factories so that
    no audit event precedes them."""
    meetings = [make_meeting(session, body=w.body, starts_at=at(today() + days(20 + n))) for n in range(7)]
    agendas = [agenda_of(session, meeting) for meeting in meetings]
    p = w.people
    withdrawn = absence(session, meetings[1].id, p["per"])
    to_cover = absence(session, meetings[2].id, p["kari"])
    asked = vara_call(session, absence(session, meetings[3].id, p["kari"]), p["vf1"])
    declared = inhabil(session, agendas[5][1], p["ola"])
    taken_back = inhabil(session, agendas[6][1], p["ola"])
    session.commit()
    reason = {"reason": "Annet møte"}
    return table(
        call(report_absence, "meeting.forfall", meeting_id=meetings[0].id, person_id=p["kari"], **reason),
        call(withdraw_absence, "meeting.forfall_withdrawn", absence_id=withdrawn.id),
        call(call_substitute, "meeting.vara_called", absence_id=to_cover.id, vara_person_id=p["vf1"]),
        call(answer_call, "meeting.vara_answer", call_id=asked.id, accepted=True),
        call(
            set_quorum_rule,
            "body.quorum_rule",
            body_id=w.body,
            expected=None,
            rule=QuorumRule.NONE,
            basis=None,
            source=None,
        ),
        call(
            declare_disqualification,
            "meeting.inhabil",
            agenda_item_id=agendas[4][1],
            person_id=p["ola"],
            ground="fvl_6_2",
            reason="Styreleder i søkerselskapet",
        ),
        call(
            decide_disqualification, "meeting.inhabil_decided", disqualification_id=declared.id, inhabil=True
        ),
        call(withdraw_disqualification, "meeting.inhabil_withdrawn", disqualification_id=taken_back.id),
    )
