"""Cached reads of the advice pages, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg import clock
from osloreg.queries import decisions, inputs, subjects
from osloreg.queries.common import Listing
from osloreg.rules.advice import Completeness
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session

today = clock.oslo_today  # the advice pages' name for it (osloreg.clock is its home)


# --- Decisions (the director's inbox, the log, follow-ups) ---------------------------------------


@cached_read("advice", "cases", "directory", "meetings", "projects")
def decision_inbox(
    day: dt.date,
    body_id: int | None = None,
    subject_type: str | None = None,
    area_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    with db_session() as session:
        return decisions.decision_inbox(
            session,
            today=day,
            body_id=body_id,
            subject_type=subject_type,
            area_id=area_id,
            limit=limit,
            offset=offset,
        )


@cached_read("advice", "cases", "directory", "inputs", "meetings", "projects", "users")
def advice_detail(advice_id: int, day: dt.date) -> decisions.AdviceDetail | None:
    with db_session() as session:
        return decisions.advice_detail(session, advice_id=advice_id, today=day)


@cached_read("advice", "directory", "users")
def decision_log(
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    body_id: int | None = None,
    outcome: str | None = None,
    subject_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    with db_session() as session:
        return decisions.decision_log(
            session,
            date_from=date_from,
            date_to=date_to,
            body_id=body_id,
            outcome=outcome,
            subject_type=subject_type,
            limit=limit,
            offset=offset,
        )


@cached_read("advice", "directory")
def follow_ups_due(day: dt.date, within_days: int = 30, limit: int = 50) -> Listing:
    with db_session() as session:
        return decisions.follow_ups_due(session, today=day, within_days=within_days, limit=limit)


@cached_read("advice", "directory", "projects")
def decision_filter_options() -> decisions.FilterOptions:
    with db_session() as session:
        return decisions.filter_options(session)


@cached_read("projects")
def strategy_points() -> list[tuple[int, str]]:
    with db_session() as session:
        return decisions.strategy_points(session)


@cached_read("advice")
def advice_subject(advice_id: int) -> tuple[str, int | None, str | None] | None:
    with db_session() as session:
        return decisions.advice_subject(session, advice_id=advice_id)


# --- Input and advice (members, leaders, coordinators) -------------------------------------------


@cached_read("cases", "directory", "meetings", "projects", max_entries=256)
def subject_options(
    subject_type: str, search: str = "", limit: int = 30, body_id: int | None = None
) -> list[tuple[int, str]]:
    with db_session() as session:
        return subjects.subject_options(
            session, subject_type=subject_type, search=search, limit=limit, body_id=body_id
        )


@cached_read("advice", "inputs", max_entries=256)
def policy_topics(search: str = "", body_id: int | None = None, limit: int = 30) -> list[str]:
    with db_session() as session:
        return subjects.policy_topics(session, search=search, body_id=body_id, limit=limit)


@cached_read("directory")
def active_groups(day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return inputs.active_groups(session, today=day)


@cached_read("directory")
def member_context(person_id: int, day: dt.date) -> inputs.MemberContext:
    with db_session() as session:
        return inputs.member_context(session, person_id=person_id, today=day)


@cached_read("directory")
def represented_units(person_id: int, body_id: int, day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return inputs.represented_units(session, person_id=person_id, body_id=body_id, on=day)


@cached_read("advice", "cases", "directory", "inputs", "meetings", "projects")
def my_inputs(person_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return inputs.my_inputs(session, person_id=person_id, limit=limit, offset=offset)


@cached_read("advice", "directory", "inputs")
def inputs_for_subject(
    body_id: int,
    subject_type: str,
    subject_id: int | None = None,
    policy_topic: str | None = None,
    limit: int = 200,
) -> pd.DataFrame:
    with db_session() as session:
        return inputs.inputs_for_subject(
            session,
            body_id=body_id,
            subject_type=subject_type,
            subject_id=subject_id,
            policy_topic=policy_topic,
            limit=limit,
        )


@cached_read("directory", "inputs")
def input_completeness(
    body_id: int,
    subject_type: str,
    day: dt.date,
    subject_id: int | None = None,
    policy_topic: str | None = None,
) -> Completeness:
    with db_session() as session:
        return inputs.input_completeness(
            session,
            body_id=body_id,
            subject_type=subject_type,
            subject_id=subject_id,
            policy_topic=policy_topic,
            today=day,
        )


@cached_read("advice", "cases", "directory", "meetings", "projects")
def advice_for_groups(
    body_ids: tuple[int, ...] | None,
    states: tuple[str, ...] = ("draft", "submitted"),
    limit: int = 50,
    offset: int = 0,
) -> Listing:
    with db_session() as session:
        return inputs.advice_for_groups(
            session,
            body_ids=None if body_ids is None else tuple(body_ids),
            states=tuple(states),
            limit=limit,
            offset=offset,
        )
