"""Read side of the calendar feeds: whose token a path holds, which meetings a feed holds, and since when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import navigation
from osloreg.clock import OSLO
from osloreg.models import AgendaItem, AuditEvent, Body, Meeting, Membership, User
from osloreg.queries.meetings import CalendarMeeting, calendar_meetings
from osloreg.rules import feeds as rules

# The page whose meetings the feeds publish: whoever may open it may read every feed (navigation.py).
CALENDAR_PAGE = "calendar"
# The audit trail's entities whose writes can change what a feed says (osloreg.services: meetings and
# their agendas, attendance and cycle as "meeting"; cases' titles and numbers as "case"; a body's name
# and its memberships as "body"; the reader's own account, whose language names the calendar, as
# "users"), and the bulk writes that can change anything (imports, the demo data, a restore).
_MEETING, _CASE, _BODY, _USERS = "meeting", "case", "body", "users"
_BULK = ("import", "demo", "database")
# A feed with no write on record (rows made outside the services) says it was made on this day.
NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedReader:
    """The active user a feed token belongs to, as a feed needs them."""

    user_id: int
    language: str
    person_id: int | None


def reader(session: Session, *, token: str) -> FeedReader | None:
    """The user whose current feed token this is, if they are active and may open the calendar page;
    else None (a token unknown, renewed away, revoked, or its user disabled: the caller cannot tell)."""
    if not token or len(token) > rules.TOKEN_MAX:
        return None
    user = session.scalar(
        sa.select(User).where(User.feed_token_hash == rules.digest(token), User.disabled.is_(False))
    )
    if user is None or not navigation.page(CALENDAR_PAGE).allows(user.roles):
        return None
    return FeedReader(user.id, user.language, user.person_id)


def token_issued_at(session: Session, *, user_id: int) -> dt.datetime | None:
    """When the user's feed token was made (UTC), or None if they have none."""
    return session.scalar(sa.select(User.feed_token_issued_at).where(User.id == user_id))


def terms_of(session: Session, *, person_id: int | None) -> list[rules.Term]:
    """Every membership of the person, past and future (a person has a handful)."""
    if person_id is None:
        return []
    rows = session.execute(
        sa.select(Membership.body_id, Membership.start_on, Membership.end_on).where(
            Membership.person_id == person_id
        )
    ).all()
    return [rules.Term(*row) for row in rows]


@dataclass(frozen=True)
class FeedContent:
    meetings: list[CalendarMeeting]  # by time, at most rules.MAX_EVENTS (the latest)
    modified: dt.datetime  # aware UTC, whole seconds: the feed's DTSTAMP and Last-Modified
    body: str | None = None  # the body's name, for a body's feed


def feed(
    session: Session, *, reader: FeedReader, kind: rules.Feed, today: dt.date, body_id: int | None = None
) -> FeedContent | None:
    """What a feed holds for its reader on `today` (Oslo): every meeting, one body's, or those of the
    bodies where the reader's person holds a seat today (rules.feeds.my_bodies). None: no such body.
    The events are calendar_meetings', as in the calendar files; a few queries whatever the size."""
    name = None
    turn = None
    if kind == rules.Feed.BODY:
        name = session.scalar(sa.select(Body.name).where(Body.id == body_id))
        if name is None:
            return None
        body_ids: tuple[int, ...] | None = (int(body_id),)
        written_bodies: Collection[int] | None = body_ids
    elif kind == rules.Feed.MINE:
        terms = terms_of(session, person_id=reader.person_id)
        body_ids = rules.my_bodies(terms, today)
        # A seat ended or added is a write on its body: on every body the person ever sat in.
        written_bodies = {term.body_id for term in terms}
        turn = rules.last_turn(terms, today)
    else:
        body_ids = written_bodies = None
    # The time first, the meetings after: a write in between then makes the next answer newer, never
    # an answer older than what it holds.
    modified = last_write(session, user_id=reader.user_id, body_ids=body_ids, written_bodies=written_bodies)
    if turn is not None:
        turned = dt.datetime.combine(turn, dt.time.min, tzinfo=OSLO).astimezone(dt.UTC)
        modified = max(modified, turned)
    meetings = calendar_meetings(session, body_ids=body_ids, max_meetings=rules.MAX_EVENTS, keep_latest=True)
    return FeedContent(meetings, modified.replace(microsecond=0), name)


def _newest(entity: str, ids: sa.Select | Collection[int] | None = None) -> sa.Select:
    where = [AuditEvent.entity == entity]
    if ids is not None:
        where.append(AuditEvent.entity_id.in_(ids if isinstance(ids, sa.Select) else sorted(ids)))
    return sa.select(sa.func.max(AuditEvent.at).label("at")).where(*where)


def last_write(
    session: Session,
    *,
    user_id: int,
    body_ids: Collection[int] | None,
    written_bodies: Collection[int] | None,
) -> dt.datetime:
    """The time (aware UTC) of the newest audited write that can have changed a feed of the meetings of
    `body_ids` (None: all): on those meetings, the cases on their agendas, the bodies `written_bodies`,
    the reader's account, or anything in bulk. One statement; each part an index look-up."""
    meetings = sa.select(Meeting.id)
    cases = sa.select(AgendaItem.case_id).where(AgendaItem.case_id.is_not(None))
    if body_ids is not None:
        chosen = sorted(body_ids)
        meetings = meetings.where(Meeting.body_id.in_(chosen))
        cases = cases.join(Meeting, Meeting.id == AgendaItem.meeting_id).where(Meeting.body_id.in_(chosen))
    parts = [
        _newest(_MEETING, None if body_ids is None else meetings),
        _newest(_CASE, cases),
        _newest(_BODY, written_bodies),
        _newest(_USERS, (user_id,)),
        *(_newest(entity) for entity in _BULK),
    ]
    newest = sa.union_all(*parts).subquery()
    found = session.scalar(sa.select(sa.func.max(newest.c.at)))
    if found is None:
        return NEVER
    return found.replace(tzinfo=dt.UTC)
