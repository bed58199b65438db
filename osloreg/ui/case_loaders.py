"""Cached reads for the cases page (ttl, keyed by their parameters), like `loaders` for the other
pages. A page that writes to a case calls `clear()`."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from osloreg.queries import cases, coverage, history, overview
from osloreg.queries.common import Listing
from osloreg.ui import loaders
from osloreg.ui.core import db_session

TTL = loaders.TTL_SECONDS


@st.cache_data(ttl=TTL, show_spinner=False)
def case_list(
    day: dt.date, search: str = "", year: int | None = None, limit: int = 50, offset: int = 0
) -> Listing:
    with db_session() as session:
        return cases.case_list(session, search=search, year=year, today=day, limit=limit, offset=offset)


@st.cache_data(ttl=TTL, show_spinner=False)
def case_detail(case_id: int, day: dt.date) -> cases.CaseDetail | None:
    with db_session() as session:
        return cases.case_detail(session, case_id=case_id, today=day)


@st.cache_data(ttl=TTL, show_spinner=False)
def mandates_set(case_id: int) -> list[coverage.CaseMandate]:
    with db_session() as session:
        return coverage.mandates_set_by_case(session, case_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def next_number(body_id: int, year: int) -> int:
    with db_session() as session:
        return cases.next_number(session, body_id=body_id, year=year)


@st.cache_data(ttl=TTL, show_spinner=False)
def held_number(case_id: int, body_id: int, year: int) -> int | None:
    with db_session() as session:
        return cases.held_number(session, case_id=case_id, body_id=body_id, year=year)


@st.cache_data(ttl=TTL, show_spinner=False)
def case_years() -> list[int]:
    with db_session() as session:
        return cases.case_years(session)


@st.cache_data(ttl=TTL, show_spinner=False)
def stalled(day: dt.date, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return overview.stalled_cases(session, today=day, limit=limit, offset=offset)


@st.cache_data(ttl=TTL, show_spinner=False)
def case_history(case_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(session, entity="case", entity_id=case_id, limit=limit, offset=offset)


def clear() -> None:
    """After a write to a case: every loader that shows cases, and the meetings' (their agendas name
    the cases)."""
    from osloreg.ui import meeting_loaders  # here: meeting_loaders imports this module

    clear_cases()
    meeting_loaders.clear_meetings()


def clear_cases() -> None:
    """Every loader that shows cases (this process): the overview's stalled cases and the case picker
    of the input, advice and meeting pages among them."""
    for loader in (
        case_list,
        case_detail,
        next_number,
        held_number,
        case_years,
        stalled,
        case_history,
        loaders.subject_options,
        loaders.overview_coordinator,
    ):
        loader.clear()
