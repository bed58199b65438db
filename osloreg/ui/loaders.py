"""Cached reads for the pages: each loader opens a session, calls the queries, and keeps the answer
for a short while (ttl), keyed by its (hashable) parameters. The only place pages get data from.

A page that writes clears the loaders it affects (`loader.clear()`); other processes see the change
when the ttl runs out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from osloreg.queries import overview
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
