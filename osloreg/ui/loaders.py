"""Cached reads for the pages: each loader opens a session, calls the queries, and keeps the answer
for a short while (ttl), keyed by its (hashable) parameters. The only place pages get data from.

A page that writes clears the loaders it affects (`loader.clear()`); other processes see the change
when the ttl runs out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from osloreg.queries import decisions, inputs, overview, subjects
from osloreg.queries.common import Listing
from osloreg.rules.advice import Completeness
from osloreg.ui.core import db_session

OSLO = ZoneInfo("Europe/Oslo")
TTL_SECONDS = 60


def today() -> dt.date:
    """Today in Oslo: the day the overview's "now" is measured from (and part of each cache key)."""
    return dt.datetime.now(OSLO).date()


# --- Overview -----------------------------------------------------------------------------------


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview_director(day: dt.date) -> overview.DirectorSummary:
    with db_session() as session:
        return overview.director_summary(session, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview_coordinator(day: dt.date) -> overview.CoordinatorLists:
    with db_session() as session:
        return overview.coordinator_lists(session, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview_member(person_id: int, day: dt.date) -> overview.MemberView:
    with db_session() as session:
        return overview.member_view(session, person_id=person_id, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview_shared(day: dt.date) -> overview.SharedOverview:
    with db_session() as session:
        return overview.shared_overview(session, today=day)


# --- Decisions (the director's inbox, the log, follow-ups) ---------------------------------------


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def advice_detail(advice_id: int, day: dt.date) -> decisions.AdviceDetail | None:
    with db_session() as session:
        return decisions.advice_detail(session, advice_id=advice_id, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def follow_ups_due(day: dt.date, within_days: int = 30, limit: int = 50) -> Listing:
    with db_session() as session:
        return decisions.follow_ups_due(session, today=day, within_days=within_days, limit=limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def decision_filter_options() -> decisions.FilterOptions:
    with db_session() as session:
        return decisions.filter_options(session)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def strategy_points() -> list[tuple[int, str]]:
    with db_session() as session:
        return decisions.strategy_points(session)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def advice_subject(advice_id: int) -> tuple[str, int | None, str | None] | None:
    with db_session() as session:
        return decisions.advice_subject(session, advice_id=advice_id)


# --- Input and advice (members, leaders, coordinators) -------------------------------------------


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def subject_options(
    subject_type: str, search: str = "", limit: int = 30, body_id: int | None = None
) -> list[tuple[int, str]]:
    with db_session() as session:
        return subjects.subject_options(
            session, subject_type=subject_type, search=search, limit=limit, body_id=body_id
        )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def policy_topics(search: str = "", body_id: int | None = None, limit: int = 30) -> list[str]:
    with db_session() as session:
        return subjects.policy_topics(session, search=search, body_id=body_id, limit=limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def active_groups(day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return inputs.active_groups(session, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def member_context(person_id: int, day: dt.date) -> inputs.MemberContext:
    with db_session() as session:
        return inputs.member_context(session, person_id=person_id, today=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def represented_units(person_id: int, body_id: int, day: dt.date) -> list[tuple[int, str]]:
    with db_session() as session:
        return inputs.represented_units(session, person_id=person_id, body_id=body_id, on=day)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def decided_for_author(person_id: int, limit: int = 5) -> pd.DataFrame:
    with db_session() as session:
        return inputs.decided_for_author(session, person_id=person_id, limit=limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def my_inputs(person_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return inputs.my_inputs(session, person_id=person_id, limit=limit, offset=offset)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


def clear_advice_loaders() -> None:
    """After a write to input, advice or decisions: every loader that shows them (this process)."""
    for loader in (
        decision_inbox,
        advice_detail,
        decision_log,
        follow_ups_due,
        decision_filter_options,
        policy_topics,
        my_inputs,
        decided_for_author,
        inputs_for_subject,
        input_completeness,
        advice_for_groups,
        overview_director,
        overview_member,
    ):
        loader.clear()
