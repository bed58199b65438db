"""Cached reads for the overview (ttl, keyed by their parameters); a write clears those it affects."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg.queries import inputs, overview
from osloreg.ui.kit.session import db_session

TTL_SECONDS = 60  # as the other areas' loaders


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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def decided_for_author(person_id: int, limit: int = 5) -> pd.DataFrame:
    with db_session() as session:
        return inputs.decided_for_author(session, person_id=person_id, limit=limit)
