"""A small world with every kind of OParl object: styret's held meeting (an open case with its vedtak,
a closed item, an exempt attachment), a faggruppe's meeting, units, persons, memberships, an admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from osloreg.enums import (
    BodyKind,
    ConsultationRole,
    DocumentKind,
    MeetingStatus,
    MembershipRole,
    Role,
    UnitKind,
)
from osloreg.models import Membership
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.users import create_user
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
from tests.integration.services.document_world import make_document

OPEN_CASE = "Revidert mandat for faggruppen"
CLOSED_CASE = "Ansettelse av daglig leder"
CLOSED_BASIS = "offl. § 25"
EXEMPT_TITLE = "Notat om forhandlingene"
GROUP_MEETING = "Arbeidsmøte i faggruppen"
CLOSED_ATTACHMENT = "Vedlegg i lukket sak"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class OparlWorld:
    board: int
    group: int
    unit: int
    board_meeting: int
    group_meeting: int
    open_case: int
    closed_case: int
    exempt_document: int
    notice_document: int
    admin: Actor
    viewer: Actor


def _document(session: Session, *, kind: str, title: str, exempt: str | None = None, **owner) -> int:
    document = make_document(session, title=title, kind=kind, exempt_basis=exempt, content=PDF, **owner)
    session.commit()
    return document.id


def build_oparl_world(session: Session) -> OparlWorld:
    asker = make_unit(session, name="Asker kommune")
    make_unit(session, name="Vestregionen", kind=UnitKind.SUB_REGION)
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL)
    group = make_body(session, name="Faggruppe for areal og transport")
    kari, ola = make_person(session, name="Kari Nordmann"), make_person(session, name="Ola Hemmelig")
    make_membership(session, person=kari, body=board, role=MembershipRole.LEADER, represents=asker)
    # Appointed for Asker by a sub-region of its own (as a sub-region names a municipality's person):
    # Ola covers Follorådet, and Vestregionen stays uncovered.
    follo = make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
    make_membership(session, person=ola, body=group, represents=asker, appointed_by=follo)
    vara = make_person(session, name="Vara Varasen")
    session.add(
        Membership(
            person_id=vara.id,
            body_id=board.id,
            role=MembershipRole.SUBSTITUTE,
            represents_unit_id=asker.id,
            start_on=dt.date(2020, 1, 1),
            substitute_for_person_id=kari.id,
            basis="illustrative",
        )
    )
    day = dt.date(2026, 3, 10)
    meeting = make_meeting(
        session,
        body=board,
        starts_at=dt.datetime(2026, 3, 10, 10),
        status=MeetingStatus.HELD,
        title="Styremøte",
    )
    group_meeting = make_meeting(
        session, body=group, starts_at=dt.datetime(2026, 3, 12, 9), title=GROUP_MEETING
    )
    open_case = make_case(session, title=OPEN_CASE, number=12, numbered_by=board, year=2026)
    closed_case = make_case(session, title=CLOSED_CASE, number=13, numbered_by=board, year=2026)
    make_consultation(session, case=open_case, body=group, role=ConsultationRole.PREPARATION, treated_on=day)
    make_consultation(
        session,
        case=open_case,
        body=board,
        meeting=meeting,
        role=ConsultationRole.DECISION,
        authoritative=True,
        treated_on=day,
        result="endorsed",
    )
    make_consultation(session, case=closed_case, body=board, meeting=meeting, role=ConsultationRole.DECISION)
    item = make_agenda_item(session, meeting=meeting, case=open_case)
    closed = make_agenda_item(session, meeting=meeting, case=closed_case)
    closed.closed_basis = CLOSED_BASIS
    make_agenda_item(session, meeting=meeting, heading="Eventuelt")
    make_agenda_item(session, meeting=group_meeting, heading="Orientering")
    session.commit()
    notice = _document(
        session, kind=DocumentKind.NOTICE, title="Innkalling til styremøte", meeting_id=meeting.id
    )
    _document(session, kind=DocumentKind.CASE_PAPER, title="Saksframlegg mandat", case_id=open_case.id)
    exempt = _document(
        session, kind=DocumentKind.ATTACHMENT, title=EXEMPT_TITLE, exempt="offl. § 23", agenda_item_id=item.id
    )
    _document(session, kind=DocumentKind.ATTACHMENT, title=CLOSED_ATTACHMENT, agenda_item_id=closed.id)
    admin = create_user(
        session,
        actor=SYSTEM,
        username="admin",
        display_name="Admin",
        password="et langt testpassord",
        roles=[Role.ADMIN],
    )
    viewer = create_user(
        session,
        actor=SYSTEM,
        username="leser",
        display_name="Leser",
        password="et langt testpassord",
        roles=[Role.VIEWER],
    )
    return OparlWorld(
        board=board.id,
        group=group.id,
        unit=asker.id,
        board_meeting=meeting.id,
        group_meeting=group_meeting.id,
        open_case=open_case.id,
        closed_case=closed_case.id,
        exempt_document=exempt,
        notice_document=notice,
        admin=Actor.of(admin),
        viewer=Actor.of(viewer),
    )
