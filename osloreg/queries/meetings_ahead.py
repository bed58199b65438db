"""The meetings ahead, read for the overview and the calendar: each one's coverage forecast, the forfall
the secretariat must follow up, and a member's own next meetings with her forfall."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import CallAnswer, CoverageRule, MeetingStatus, MembershipRole, QuorumRule
from osloreg.models import Absence, Body, Meeting, Membership, Person, SubstituteCall
from osloreg.queries.common import frame, midnight
from osloreg.queries.coverage import body_names_on, coverage_on_days
from osloreg.rules import attendance as rules
from osloreg.rules.coverage import SEATED_ROLES

FORECAST_DAYS = 30  # the overview's window of meetings ahead
MY_MEETINGS_DAYS = 60  # a member's window of meetings to send forfall for

# --- The forecasts ------------------------------------------------------------------------------------------

FORECAST_COLUMNS = [
    "meeting_id",
    "starts_at",
    "body_id",
    "body",
    "expected",
    "covered",
    "missing",
    "vara_asked",
    "forfall",
    "members",
    "expected_present",
    "quorum_required",
]


def forecasts(
    session: Session,
    *,
    meeting_ids: Sequence[int] | None = None,
    start: dt.date | None = None,
    days: int = FORECAST_DAYS,
) -> pd.DataFrame:
    """The coverage forecast of each meeting ahead (planned or innkalt), soonest first: the given
    meetings, or those from `start` within `days`. `missing` names the units that will not be
    covered; `quorum_required` is None where the body has no rule. Bodies with neither a unit to
    cover nor a quorum rule are left out."""
    # A body expected to cover no unit and with no quorum rule (the secretariat) has nothing to forecast.
    query = (
        sa.select(Meeting.id, Meeting.starts_at, Meeting.body_id)
        .join(Body, Body.id == Meeting.body_id)
        .where(
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.CALLED)),
            sa.or_(Body.coverage_rule != CoverageRule.NONE, Body.quorum_rule != QuorumRule.NONE),
        )
    )
    if meeting_ids is not None:
        query = query.where(Meeting.id.in_(list(meeting_ids)))
    if start is not None:
        query = query.where(
            Meeting.starts_at >= midnight(start),
            Meeting.starts_at < midnight(start + dt.timedelta(days=days)),
        )
    meetings = session.execute(query.order_by(Meeting.starts_at, Meeting.id)).all()
    if not meetings:
        return frame([], FORECAST_COLUMNS)
    ids = [row.id for row in meetings]
    absent = defaultdict(set)
    with_forfall: dict[int, set[int]] = defaultdict(set)
    for meeting_id, person_id, whole in session.execute(
        sa.select(
            Absence.meeting_id,
            Absence.person_id,
            sa.and_(Absence.from_item_id.is_(None), Absence.to_item_id.is_(None)),
        ).where(Absence.meeting_id.in_(ids), Absence.withdrawn_at.is_(None))
    ):
        with_forfall[meeting_id].add(person_id)
        if whole:
            absent[meeting_id].add(person_id)
    calls = defaultdict(list)
    for row in session.execute(
        sa.select(
            SubstituteCall.meeting_id,
            Absence.person_id,
            SubstituteCall.person_id,
            Person.name,
            SubstituteCall.answer,
        )
        .join(Absence, Absence.id == SubstituteCall.absence_id)
        .join(Person, Person.id == SubstituteCall.person_id)
        .where(SubstituteCall.meeting_id.in_(ids), Absence.withdrawn_at.is_(None))
    ):
        calls[row[0]].append(rules.Call(row[1], row[2], row[3], row[4]))
    rules_of = dict(
        session.execute(
            sa.select(Body.id, Body.quorum_rule).where(Body.id.in_({r.body_id for r in meetings}))
        ).all()
    )
    coverage = coverage_on_days(session, pairs={(row.starts_at.date(), row.body_id) for row in meetings})
    records = []
    for row in meetings:
        covered = coverage[(row.starts_at.date(), row.body_id)]
        found = rules.forecast(
            covered.coverage, away=absent[row.id], calls=calls[row.id], quorum_rule=rules_of[row.body_id]
        )
        records.append(
            (
                row.id,
                row.starts_at,
                row.body_id,
                covered.name,
                len(found.units),
                found.covered,
                [unit.unit.name for unit in found.missing],
                sum(unit.expect == rules.Expect.VARA_ASKED for unit in found.units),
                # Forfall of the members; a vara's own forfall is no gap in the body.
                len(with_forfall[row.id] & {seat.person_id for seat in covered.coverage.seats}),
                found.members,
                found.expected_present,
                found.quorum.required if found.quorum else None,
            )
        )
    return frame(records, FORECAST_COLUMNS)


def coverage_gaps(forecasts: pd.DataFrame) -> pd.DataFrame:
    """The forecasts of meetings that will miss a unit or, on the replies so far, their quorum (the
    overview's coverage gaps, and the coordinator's in the digest)."""
    missing = forecasts["missing"].map(len) > 0
    short = forecasts["quorum_required"].notna() & (
        forecasts["expected_present"] < forecasts["quorum_required"].fillna(0)
    )
    return forecasts[missing | short]


# --- For the overview: forfall to handle, and a member's own meetings ---------------------------------------

HANDLE_COLUMNS = ["absence_id", "meeting_id", "starts_at", "body", "person", "reason", "state", "reported_at"]


def absences_to_handle(session: Session, *, today: dt.date, limit: int = 20) -> tuple[pd.DataFrame, int]:
    """Standing forfall of members for meetings from today on with no vara who has accepted, soonest
    meeting first: `state` is 'none' (no vara called), 'pending' (asked, no answer) or 'declined' (the last
    asked declined). With the count of all such."""
    accepted = (
        sa.select(SubstituteCall.id)
        .where(SubstituteCall.absence_id == Absence.id, SubstituteCall.answer == CallAnswer.ACCEPTED)
        .exists()
    )
    pending = (
        sa.select(SubstituteCall.id)
        .where(SubstituteCall.absence_id == Absence.id, SubstituteCall.answer == CallAnswer.PENDING)
        .exists()
    )
    declined = (
        sa.select(SubstituteCall.id)
        .where(SubstituteCall.absence_id == Absence.id, SubstituteCall.answer == CallAnswer.DECLINED)
        .exists()
    )
    state = sa.case((pending, "pending"), (declined, "declined"), else_="none")
    # A vara's own forfall only keeps them from being called in: no vara is needed for it.
    seated = (
        sa.select(Membership.id)
        .where(
            Membership.person_id == Absence.person_id,
            Membership.body_id == Meeting.body_id,
            Membership.role.in_(sorted(SEATED_ROLES)),
            Membership.start_on <= sa.func.date(Meeting.starts_at),
            sa.or_(Membership.end_on.is_(None), Membership.end_on >= sa.func.date(Meeting.starts_at)),
        )
        .exists()
    )
    where = (
        Absence.withdrawn_at.is_(None),
        seated,
        Meeting.starts_at >= midnight(today),
        Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.CALLED)),
        ~accepted,
    )
    base = sa.select(Absence.id).join(Meeting, Meeting.id == Absence.meeting_id).where(*where)
    total = session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        sa.select(
            Absence.id,
            Meeting.id,
            Meeting.starts_at,
            Meeting.body_id,
            Body.name,
            Person.name,
            Absence.reason,
            state,
            Absence.reported_at,
        )
        .join(Meeting, Meeting.id == Absence.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .join(Person, Person.id == Absence.person_id)
        .where(*where)
        .order_by(Meeting.starts_at, Person.name, Absence.id)
        .limit(limit)
    ).all()
    names = body_names_on(session, on=today, body_ids={row[3] for row in rows})
    records = [(*row[:3], names.get(row[3]) or row[4], *row[5:]) for row in rows]
    return frame(records, HANDLE_COLUMNS), total


MY_COLUMNS = ["meeting_id", "starts_at", "body", "role", "absence_id", "reason", "vara"]


def my_meetings(
    session: Session, *, person_id: int, today: dt.date, days: int = MY_MEETINGS_DAYS
) -> pd.DataFrame:
    """The meetings ahead of the bodies the person sits in (or is vara for) on the meeting's day,
    soonest first, with their own standing forfall and the vara who accepted for it, if any."""
    vara = aliased(Person)
    accepted = aliased(SubstituteCall)
    rows = session.execute(
        sa.select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.body_id,
            Body.name,
            Membership.role,
            Absence.id,
            Absence.reason,
            vara.name,
        )
        .join(Membership, Membership.body_id == Meeting.body_id)
        .join(Body, Body.id == Meeting.body_id)
        .outerjoin(
            Absence,
            sa.and_(
                Absence.meeting_id == Meeting.id,
                Absence.person_id == person_id,
                Absence.withdrawn_at.is_(None),
            ),
        )
        .outerjoin(
            accepted, sa.and_(accepted.absence_id == Absence.id, accepted.answer == CallAnswer.ACCEPTED)
        )
        .outerjoin(vara, vara.id == accepted.person_id)
        .where(
            Membership.person_id == person_id,
            Membership.role != MembershipRole.SECRETARY,
            Membership.start_on <= sa.func.date(Meeting.starts_at),
            sa.or_(Membership.end_on.is_(None), Membership.end_on >= sa.func.date(Meeting.starts_at)),
            Meeting.starts_at >= midnight(today),
            Meeting.starts_at < midnight(today + dt.timedelta(days=days)),
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.CALLED)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    seen: dict[int, tuple] = {}
    for row in rows:
        seen.setdefault(row[0], tuple(row))
    names = body_names_on(session, on=today, body_ids={row[2] for row in seen.values()})
    records = [(row[0], row[1], names.get(row[2]) or row[3], *row[4:]) for row in seen.values()]
    return frame(records, MY_COLUMNS)


CALL_COLUMNS = ["call_id", "meeting_id", "starts_at", "body", "member", "answer"]


def calls_to(session: Session, *, person_id: int, today: dt.date) -> pd.DataFrame:
    """The vara calls naming the person for meetings ahead (planned or innkalt) that are still asked
    (pending) or said yes to (accepted), soonest meeting first: `member` is the one with forfall."""
    member = aliased(Person)
    rows = session.execute(
        sa.select(
            SubstituteCall.id,
            Meeting.id,
            Meeting.starts_at,
            Meeting.body_id,
            Body.name,
            member.name,
            SubstituteCall.answer,
        )
        .join(Absence, Absence.id == SubstituteCall.absence_id)
        .join(Meeting, Meeting.id == SubstituteCall.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .join(member, member.id == Absence.person_id)
        .where(
            SubstituteCall.person_id == person_id,
            SubstituteCall.answer.in_((CallAnswer.PENDING, CallAnswer.ACCEPTED)),
            Absence.withdrawn_at.is_(None),
            Meeting.starts_at >= midnight(today),
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.CALLED)),
        )
        .order_by(Meeting.starts_at, Meeting.id, SubstituteCall.id)
    ).all()
    names = body_names_on(session, on=today, body_ids={row[3] for row in rows})
    records = [(*row[:3], names.get(row[3]) or row[4], *row[5:]) for row in rows]
    return frame(records, CALL_COLUMNS)
