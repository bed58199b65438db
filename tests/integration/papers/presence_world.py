"""A held board meeting with two cases and what its protokoll must state of attendance: a vara who met
for a member with forfall, a member who left after the first case, a member with forfall and no vara,
a member inhabil in the second case, someone from the secretariat, and (under kommuneloven § 11-9) a
body that is vedtaksfør in the first case and not in the second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from osloreg.enums import (
    BodyKind,
    CallAnswer,
    DisqualificationGround,
    DisqualificationStatus,
    MeetingStatus,
    MembershipRole,
    QuorumRule,
)
from osloreg.models import Absence, Attendance, Disqualification, SubstituteCall
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_meeting,
    make_membership,
    make_person,
    make_unit,
)

DAY = dt.datetime(2024, 3, 5, 9, 0)
FIRST, SECOND = "Regional plan for areal og transport", "Tilskudd til næringsforeningen"
# Who plays which part; a test may give anyone another name.
NAMES = {
    "inhabil": "Anne Aas",  # present; inhabil in the second case
    "absent": "Bjørn Berg",  # forfall, no vara
    "replaced": "Cecilie Cruz",  # forfall; the vara met for her
    "left": "Dag Dahl",  # forfall from the second case on: left after the first
    "vara": "Vera Vik",  # Cecilie's unit's first vara, met for her
    "other": "Siri Sekretær",  # from the secretariat: present, no seat
}


def build(
    session: Session,
    *,
    names: Mapping[str, str] = NAMES,
    rule: str = QuorumRule.HALF_MEMBERS,
    status: str = DisqualificationStatus.DECLARED,
    inhabil: bool = True,
    recorded: bool = True,
) -> int:
    """The meeting (its id). Four members, so two make the body vedtaksfør: in the first case Anne,
    Dag and Vera for Cecilie are there (3 of 4); in the second only Vera (1 of 4) when Anne is
    inhabil, else Anne and Vera (2 of 4). `recorded`: whether the attendance is recorded."""
    board = make_body(session, name="Styret for testen", kind=BodyKind.BOARD, quorum_rule=rule)
    meeting = make_meeting(session, body=board, starts_at=DAY, status=MeetingStatus.HELD, place="Oslo")
    items = []
    for number, title in ((12, FIRST), (13, SECOND)):
        case = make_case(session, year=2024, number=number, title=title, numbered_by=board)
        items.append(make_agenda_item(session, meeting=meeting, case=case))
    units = {
        part: make_unit(session, name=f"{unit} testkommune")
        for part, unit in (
            ("inhabil", "Asker"),
            ("absent", "Bærum"),
            ("replaced", "Follo"),
            ("left", "Lillestrøm"),
        )
    }
    people = {part: make_person(session, name=name) for part, name in names.items()}
    for part, unit in units.items():
        make_membership(session, person=people[part], body=board, represents=unit)
    vara = make_membership(
        session,
        person=people["vara"],
        body=board,
        role=MembershipRole.SUBSTITUTE,
        represents=units["replaced"],
    )
    vara.substitute_order = 1
    absences = {
        part: Absence(
            meeting_id=meeting.id, person_id=people[part].id, reason="Kan ikke møte", from_item_id=first
        )
        for part, first in (("absent", None), ("replaced", None), ("left", items[1].id))
    }
    session.add_all(absences.values())
    session.flush()
    session.add(
        SubstituteCall(
            absence_id=absences["replaced"].id,
            meeting_id=meeting.id,
            person_id=people["vara"].id,
            unit_id=units["replaced"].id,
            answer=CallAnswer.ACCEPTED,
        )
    )
    if recorded:
        for part, unit, met_for in (
            ("inhabil", units["inhabil"], None),
            ("left", units["left"], None),
            ("vara", units["replaced"], people["replaced"]),
            ("other", None, None),
        ):
            session.add(
                Attendance(
                    meeting_id=meeting.id,
                    person_id=people[part].id,
                    unit_id=unit and unit.id,
                    present=True,
                    attended_for_person_id=met_for and met_for.id,
                )
            )
    if inhabil:
        session.add(
            Disqualification(
                meeting_id=meeting.id,
                agenda_item_id=items[1].id,
                person_id=people["inhabil"].id,
                status=status,
                ground=DisqualificationGround.FVL_6_1_A,
                reason="Søker er hennes eget selskap.",
            )
        )
    session.flush()
    return meeting.id
