"""Read side of members' input: subject search, a member's groups and units, "my input" and what
became of it, a group's input on a subject and its completeness. Bounded and paged in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState, MembershipRole
from osloreg.models import (
    Advice,
    AdviceInput,
    Body,
    Decision,
    Input,
    Membership,
    Person,
    Unit,
)
from osloreg.queries.common import Listing, active_on, frame
from osloreg.queries.coverage import expected_units_among
from osloreg.queries.subjects import (  # noqa: F401 - the picker's reads, kept here too
    policy_topics,
    split_subject,
    subject_filter,
    subject_options,
    with_subject,
)
from osloreg.rules import advice as advice_rules

LEAD_ROLES = (MembershipRole.LEADER, MembershipRole.DEPUTY)


# --- A member's groups --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberContext:
    person_id: int
    bodies: list[tuple[int, str]]  # active memberships today, any role, by name
    leads: frozenset[int]  # body ids where the person is leader or deputy
    default_unit: dict[int, int | None]  # body id -> the unit the person represents there, if just one
    units: list[tuple[int, str]]  # every unit valid today: the secretariat may name any of them
    represented: dict[int, list[tuple[int, str]]]  # body id -> the units the person represents there


def represented_units(
    session: Session, *, person_id: int, body_id: int, on: dt.date
) -> list[tuple[int, str]]:
    """The units (id, name) the person represents in the body on the day, by name: those a member
    may give input on behalf of (a vara's unit is not: services.inputs.represented_unit_ids)."""
    rows = session.execute(
        sa.select(Unit.id, Unit.name)
        .join(Membership, Membership.represents_unit_id == Unit.id)
        .where(
            Membership.person_id == person_id,
            Membership.body_id == body_id,
            Membership.role != MembershipRole.SUBSTITUTE,
            active_on(Membership.start_on, Membership.end_on, on),
        )
        .distinct()
        .order_by(Unit.name, Unit.id)
    ).all()
    return [(row.id, row.name) for row in rows]


def member_context(session: Session, *, person_id: int, today: dt.date) -> MemberContext:
    rows = session.execute(
        sa.select(Body.id, Body.name, Membership.role, Membership.represents_unit_id, Unit.name.label("unit"))
        .join(Body, Body.id == Membership.body_id)
        .outerjoin(Unit, Unit.id == Membership.represents_unit_id)
        .where(Membership.person_id == person_id, active_on(Membership.start_on, Membership.end_on, today))
        .order_by(Body.name, Body.id, Unit.name, Unit.id)
    ).all()
    bodies: dict[int, str] = {}
    represented: dict[int, dict[int, str]] = {}
    for row in rows:
        bodies.setdefault(row.id, row.name)
        if row.represents_unit_id is not None and row.role != MembershipRole.SUBSTITUTE:
            represented.setdefault(row.id, {})[row.represents_unit_id] = row.unit
    # The unit is chosen for the member only where there is no choice to make.
    default_unit = {
        body: next(iter(represented[body])) if len(represented.get(body, ())) == 1 else None
        for body in bodies
    }
    units = session.execute(
        sa.select(Unit.id, Unit.name)
        .where(active_on(Unit.valid_from, Unit.valid_to, today))
        .order_by(Unit.name, Unit.id)
    ).all()
    return MemberContext(
        person_id=person_id,
        bodies=list(bodies.items()),
        leads=frozenset(row.id for row in rows if row.role in LEAD_ROLES),
        default_unit=default_unit,
        units=[(row.id, row.name) for row in units],
        represented={body: list(units.items()) for body, units in represented.items()},
    )


def active_groups(session: Session, *, today: dt.date) -> list[tuple[int, str]]:
    """Every body not dissolved today, by name: the groups a coordinator may advise for."""
    rows = session.execute(
        sa.select(Body.id, Body.name)
        .where(active_on(Body.founded_on, Body.dissolved_on, today))
        .order_by(Body.name, Body.id)
    ).all()
    return [(row.id, row.name) for row in rows]


# --- My input -----------------------------------------------------------------------------------

STATUS_WITHDRAWN = "withdrawn"
STATUS_AWAITING = "awaiting"
STATUS_SUBMITTED = "submitted"
STATUS_DECIDED = "decided"
MY_INPUT_COLUMNS = ["id", "created_at", "body", "subject_type", "subject", "text", "link", "unit_id", "unit"]
MY_INPUT_COLUMNS += ["status"]
MY_INPUT_COLUMNS += ["outcome", "decided_at", "rationale", "editable", "version", "body_id"]


@dataclass(frozen=True)
class _Fate:
    status: str
    outcome: str | None = None
    decided_at: dt.datetime | None = None
    rationale: str | None = None


def input_fates(session: Session, input_ids: Sequence[int]) -> dict[int, _Fate]:
    """What became of each input: the furthest its advice got (decided, with the current decision,
    over submitted, over draft). Withdrawn advice no longer carries the input."""
    if not input_ids:
        return {}
    links = session.execute(
        sa.select(AdviceInput.input_id, Advice.id, Advice.state)
        .join(Advice, Advice.id == AdviceInput.advice_id)
        .where(AdviceInput.input_id.in_(input_ids), Advice.state != AdviceState.WITHDRAWN)
    ).all()
    decided = sorted({row.id for row in links if row.state == AdviceState.DECIDED})
    current: dict[int, Decision] = {}
    if decided:
        for decision in session.scalars(
            sa.select(Decision)
            .where(Decision.advice_id.in_(decided), Decision.reopened_at.is_(None))
            .order_by(Decision.decided_at, Decision.id)
        ):
            current[decision.advice_id] = decision  # the latest wins
    fates: dict[int, _Fate] = {}
    rank = {STATUS_AWAITING: 0, STATUS_SUBMITTED: 1, STATUS_DECIDED: 2}
    for input_id, advice_id, state in links:
        if state == AdviceState.DECIDED:
            decision = current.get(advice_id)
            fate = _Fate(
                STATUS_DECIDED,
                decision.outcome if decision else None,
                decision.decided_at if decision else None,
                decision.rationale if decision else None,
            )
        else:
            fate = _Fate(STATUS_SUBMITTED if state == AdviceState.SUBMITTED else STATUS_AWAITING)
        known = fates.get(input_id)
        if known is None or rank[fate.status] > rank[known.status]:
            fates[input_id] = fate
        elif rank[fate.status] == rank[known.status] == 2 and (fate.decided_at or dt.datetime.min) > (
            known.decided_at or dt.datetime.min
        ):
            fates[input_id] = fate
    return fates


def my_inputs(session: Session, *, person_id: int, limit: int = 50, offset: int = 0) -> Listing:
    """The person's input, newest first, with what became of it. Columns: id, created_at, body,
    subject_type, subject, text, link, unit_id, unit, status ("withdrawn", "awaiting" (in no advice, or in a
    draft), "submitted", "decided"), outcome, decided_at, rationale (of the current decision, when
    decided), editable (not withdrawn and not locked by a decision), version, body_id."""
    mine = Input.author_person_id == person_id
    total = session.scalar(sa.select(sa.func.count()).select_from(Input).where(mine)) or 0
    statement = (
        sa.select(
            Input.id,
            Input.created_at,
            Body.name,
            Input.text,
            Input.link,
            Input.unit_id,
            Unit.name,
            Input.withdrawn_at,
            Input.version,
            Input.body_id,
        )
        .join(Body, Body.id == Input.body_id)
        .outerjoin(Unit, Unit.id == Input.unit_id)
        .where(mine)
        .order_by(Input.created_at.desc(), Input.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = [split_subject(row) for row in session.execute(with_subject(statement, Input))]
    fates = input_fates(session, [head[0] for head, _, _ in rows])
    records = []
    for head, subject_type, subject in rows:
        id_, created_at, body, text, link, unit_id, unit, withdrawn_at, version, body_id = head
        fate = _Fate(STATUS_WITHDRAWN) if withdrawn_at else fates.get(id_, _Fate(STATUS_AWAITING))
        locked = advice_rules.input_locked([AdviceState.DECIDED] if fate.status == STATUS_DECIDED else [])
        editable = fate.status != STATUS_WITHDRAWN and not locked
        records.append(
            (id_, created_at, body, subject_type, subject, text, link, unit_id, unit, fate.status)
            + (fate.outcome, fate.decided_at, fate.rationale, editable, version, body_id)
        )
    return Listing(int(total), frame(records, MY_INPUT_COLUMNS))


# --- A group's input on a subject -------------------------------------------------------------


def inputs_for_subject(
    session: Session,
    *,
    body_id: int,
    subject_type: str,
    subject_id: int | None = None,
    policy_topic: str | None = None,
    limit: int = 200,
) -> pd.DataFrame:
    """The group's input on the subject, not withdrawn, newest first. Columns: id, created_at,
    author, unit_id, unit, text, used_in_advice (linked to advice that is not withdrawn)."""
    used = (
        sa.select(AdviceInput.input_id)
        .join(Advice, Advice.id == AdviceInput.advice_id)
        .where(AdviceInput.input_id == Input.id, Advice.state != AdviceState.WITHDRAWN)
        .exists()
    )
    rows = session.execute(
        sa.select(Input.id, Input.created_at, Person.name, Input.unit_id, Unit.name, Input.text, used)
        .join(Person, Person.id == Input.author_person_id)
        .outerjoin(Unit, Unit.id == Input.unit_id)
        .where(
            Input.body_id == body_id,
            Input.withdrawn_at.is_(None),
            subject_filter(
                Input, subject_type=subject_type, subject_id=subject_id, policy_topic=policy_topic
            ),
        )
        .order_by(Input.created_at.desc(), Input.id.desc())
        .limit(limit)
    ).all()
    columns = ["id", "created_at", "author", "unit_id", "unit", "text", "used_in_advice"]
    result = frame(rows, columns)
    result["used_in_advice"] = result["used_in_advice"].astype(bool)
    return result


def input_completeness(
    session: Session,
    *,
    body_id: int,
    subject_type: str,
    subject_id: int | None = None,
    policy_topic: str | None = None,
    today: dt.date,
) -> advice_rules.Completeness:
    """Which of the group's expected units (its coverage rule, today) gave input on the subject,
    directly or through a municipality of a sub-region, and which did not (rules.advice). Input
    counts for its unit only if its author represented the unit in the group on the day it was
    given, or the secretariat registered it for the unit (rules.advice.input_counts); the units of
    input that does not count are listed as such."""
    given = session.execute(
        sa.select(
            Input.unit_id, Input.author_person_id, Input.created_at, Input.registered_by_secretariat
        ).where(
            Input.body_id == body_id,
            Input.withdrawn_at.is_(None),
            Input.unit_id.is_not(None),
            subject_filter(
                Input, subject_type=subject_type, subject_id=subject_id, policy_topic=policy_topic
            ),
        )
    ).all()
    terms: dict[int, list[advice_rules.Term]] = {}
    authors = sorted({row.author_person_id for row in given if not row.registered_by_secretariat})
    if authors:
        for person_id, unit_id, start_on, end_on in session.execute(
            sa.select(
                Membership.person_id, Membership.represents_unit_id, Membership.start_on, Membership.end_on
            ).where(
                Membership.body_id == body_id,
                Membership.person_id.in_(authors),
                Membership.represents_unit_id.is_not(None),
                # A vara's input does not count as the unit's (services.inputs.represented_unit_ids).
                Membership.role != MembershipRole.SUBSTITUTE,
            )
        ):
            terms.setdefault(person_id, []).append(advice_rules.Term(unit_id, start_on, end_on))
    counted, uncounted = set(), set()
    for row in given:
        counts = advice_rules.input_counts(
            unit_id=row.unit_id,
            day=advice_rules.input_day(row.created_at),
            author_terms=terms.get(row.author_person_id, ()),
            by_secretariat=row.registered_by_secretariat,
        )
        (counted if counts else uncounted).add(row.unit_id)
    names = {}
    if uncounted - counted:
        names = dict(
            session.execute(
                sa.select(Unit.id, Unit.name)
                .where(Unit.id.in_(sorted(uncounted - counted)))
                .order_by(Unit.name)
            ).all()
        )
    return expected_units_among(
        session, body_id=body_id, unit_ids=counted, on=today, not_counted=list(names.items())
    )


# --- Advice of a member's groups --------------------------------------------------------------


def advice_inputs_count():
    """How many inputs an advice rests on (a correlated count over the advice_inputs key)."""
    return (
        sa.select(sa.func.count())
        .select_from(AdviceInput)
        .where(AdviceInput.advice_id == Advice.id)
        .scalar_subquery()
    )


def advice_for_groups(
    session: Session,
    *,
    body_ids: Sequence[int] | None,
    states: Sequence[str] = (AdviceState.DRAFT, AdviceState.SUBMITTED),
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    """Advice of these groups (None: of every group) in these states, newest first. Columns: id,
    title, body, state, subject, target_date, submitted_at, inputs, version."""
    columns = ["id", "title", "body", "state", "subject", "target_date", "submitted_at", "inputs", "version"]
    if body_ids is not None and not body_ids:
        return Listing(0, frame([], columns))
    where = [Advice.state.in_(list(states))]
    if body_ids is not None:
        where.append(Advice.body_id.in_(list(body_ids)))
    total = session.scalar(sa.select(sa.func.count()).select_from(Advice).where(*where)) or 0
    statement = (
        sa.select(
            Advice.id,
            Advice.title,
            Body.name,
            Advice.state,
            Advice.target_date,
            Advice.submitted_at,
            advice_inputs_count(),
            Advice.version,
        )
        .join(Body, Body.id == Advice.body_id)
        .where(*where)
        # Newest created first, by id: a walk down the primary key that stops after the page. Ordering
        # by a computed date sorted every open advice of every group on each visit.
        .order_by(Advice.id.desc())
        .limit(limit)
        .offset(offset)
    )
    records = []
    for row in session.execute(with_subject(statement, Advice)):
        head, _, subject = split_subject(row)
        id_, title, body, state, target_date, submitted_at, inputs, version = head
        records.append((id_, title, body, state, subject, target_date, submitted_at, int(inputs), version))
    return Listing(int(total), frame(records, columns))


def decided_for_author(session: Session, *, person_id: int, limit: int = 5) -> pd.DataFrame:
    """The latest decisions on advice that rests on this person's input: what became of it, for the
    member's overview. Columns: advice_id, title, body, outcome, rationale, decided_at."""
    statement = (
        sa.select(
            Advice.id, Advice.title, Body.name, Decision.outcome, Decision.rationale, Decision.decided_at
        )
        .join(Decision, Decision.advice_id == Advice.id)
        .join(Body, Body.id == Advice.body_id)
        .where(
            Decision.reopened_at.is_(None),
            Advice.id.in_(
                sa.select(AdviceInput.advice_id)
                .join(Input, Input.id == AdviceInput.input_id)
                .where(Input.author_person_id == person_id)
            ),
        )
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
        .limit(limit)
    )
    columns = ["advice_id", "title", "body", "outcome", "rationale", "decided_at"]
    return frame(session.execute(statement), columns)
