"""Cached reads for the coverage page (ttl, keyed by their parameters); a write calls `clear()`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg.queries import coverage, history, memberships
from osloreg.queries.common import Listing
from osloreg.ui import loaders
from osloreg.ui.core import db_session

TTL = loaders.TTL_SECONDS


@st.cache_data(ttl=TTL, show_spinner=False)
def body_choices() -> list[tuple[int, str]]:
    with db_session() as session:
        return memberships.body_choices(session)


@st.cache_data(ttl=TTL, show_spinner=False)
def default_body() -> int | None:
    with db_session() as session:
        return memberships.default_body(session)


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage_view(body_id: int, day: dt.date) -> memberships.CoverageView | None:
    with db_session() as session:
        return memberships.coverage_view(session, body_id=body_id, on=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def mandate(body_id: int, day: dt.date) -> coverage.Mandate | None:
    with db_session() as session:
        return coverage.body_mandate(session, body_id, on=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def members(body_id: int, day: dt.date) -> memberships.Members:
    with db_session() as session:
        return memberships.members(session, body_id=body_id, on=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage_history(body_id: int, last: dt.date) -> pd.DataFrame:
    with db_session() as session:
        return memberships.coverage_history(session, body_id=body_id, last=last)


@st.cache_data(ttl=TTL, show_spinner="…")
def alerts(day: dt.date, body_id: int | None = None, limit: int = 20) -> memberships.Alerts:
    with db_session() as session:
        return memberships.alerts(session, today=day, body_id=body_id, limit=limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def unit_choices(day: dt.date | None = None) -> list[tuple[int, str]]:
    with db_session() as session:
        return memberships.unit_choices(session, on=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def units(search: str = "", limit: int = 200) -> Listing:
    with db_session() as session:
        return memberships.units(session, search=search, limit=limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def sub_region_links(municipality_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.sub_region_links(session, municipality_id=municipality_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def osloregion_periods(unit_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.osloregion_periods(session, unit_id=unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def person(person_id: int) -> dict | None:
    with db_session() as session:
        return memberships.person_detail(session, person_id=person_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def memberships_of(person_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.memberships_of(session, person_id=person_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def body_history(body_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(session, entity="body", entity_id=body_id, limit=limit, offset=offset)


def clear() -> None:
    """After a write to the directory: everything that shows memberships, persons or units."""
    for loader in (
        body_choices,
        default_body,
        coverage_view,
        mandate,
        members,
        coverage_history,
        alerts,
        unit_choices,
        units,
        sub_region_links,
        osloregion_periods,
        person,
        memberships_of,
        body_history,
        loaders.overview_shared,
        loaders.overview_member,
        loaders.member_context,
        loaders.represented_units,
        loaders.active_groups,
        loaders.input_completeness,
    ):
        loader.clear()
