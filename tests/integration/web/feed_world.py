"""The rows the feed tests start from: two bodies with meetings ahead, a member of one of them with a user
and a feed token, and a coordinator who changes meetings and memberships through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import BodyKind, Role
from osloreg.models import User
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.feeds import renew_feed_token
from osloreg.services.users import create_user
from tests.factories import (
    make_agenda_item,
    make_body,
    make_case,
    make_meeting,
    make_membership,
    make_person,
    make_unit,
)

PASSWORD = "et langt testpassord"


@dataclass(frozen=True)
class FeedWorld:
    board: int  # styret: Kari sits in it
    group: int  # a faggruppe Kari does not sit in (yet)
    unit: int  # a municipality a seat may represent
    board_meetings: tuple[int, ...]
    group_meetings: tuple[int, ...]
    person: int  # Kari's person
    member: Actor  # Kari's user
    token: str  # Kari's feed token, in clear
    coordinator: Actor


def day(offset: int) -> dt.date:
    return clock.oslo_today() + dt.timedelta(days=offset)


def at(offset: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day(offset), dt.time(hour))


def make_user(
    session: Session, username: str, *, roles: list[str], person_id: int | None = None, language: str = "nb"
) -> Actor:
    """A user made through the user service (as an admin would), as the actor the services take."""
    user = create_user(
        session,
        actor=SYSTEM,
        username=username,
        display_name=username.capitalize(),
        password=PASSWORD,
        roles=roles,
        person_id=person_id,
        language=language,
    )
    return Actor.of(user)


def build_feed_world(session: Session) -> FeedWorld:
    board = make_body(session, name="Styret", kind=BodyKind.BOARD)
    group = make_body(session, name="Faggruppe for næring")
    kari = make_person(session, name="Kari Nordmann")
    asker = make_unit(session, name="Asker kommune")
    make_membership(session, person=kari, body=board, start_on=day(-400))
    case = make_case(session, title="Revidert mandat", number=48, numbered_by=board, year=day(10).year)
    first = make_meeting(session, body=board, starts_at=at(10), title="Styremøte", place="Oslo rådhus")
    make_agenda_item(session, meeting=first, case=case)
    make_agenda_item(session, meeting=first, heading="Eventuelt")
    later = make_meeting(session, body=board, starts_at=at(40), title="Styremøte")
    earlier = make_meeting(session, body=board, starts_at=at(-30, 9))
    group_first = make_meeting(session, body=group, starts_at=at(12), title="Gruppemøte")
    group_later = make_meeting(session, body=group, starts_at=at(50, 13))
    coordinator = User(username="koordinator", display_name="Koordinatoren", password_hash="-")
    session.add(coordinator)
    session.commit()
    member = make_user(session, "kari", roles=[Role.MEMBER], person_id=kari.id)
    return FeedWorld(
        board=board.id,
        group=group.id,
        unit=asker.id,
        board_meetings=(earlier.id, first.id, later.id),
        group_meetings=(group_first.id, group_later.id),
        person=kari.id,
        member=member,
        token=renew_feed_token(session, actor=member),
        coordinator=Actor(coordinator.id, "koordinator", frozenset({Role.COORDINATOR})),
    )
