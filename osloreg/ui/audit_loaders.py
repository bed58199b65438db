"""Cached reads for the admin's audit trail and a record's history (ttl, keyed by their parameters)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from osloreg.audit.verify import Verdict
from osloreg.queries import audit
from osloreg.queries.audit import AuditFilters, EventDetail, TrailOptions
from osloreg.queries.common import Listing
from osloreg.ui import loaders
from osloreg.ui.core import db_session

TTL = loaders.TTL_SECONDS


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def trail(filters: AuditFilters, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return audit.trail(session, filters=filters, limit=limit, offset=offset)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def event_detail(event_id: int) -> EventDetail | None:
    with db_session() as session:
        return audit.event_detail(session, event_id=event_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def trail_options() -> TrailOptions:
    with db_session() as session:
        return audit.trail_options(session)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def record_name(entity: str, entity_id: int) -> str | None:
    with db_session() as session:
        return audit.record_name(session, entity=entity, entity_id=entity_id)


def chain_tail() -> Verdict:
    """Not cached: a check that remembered its answer would miss a change made since (a few ms)."""
    with db_session() as session:
        return audit.chain_tail(session)


def chain_walk(progress: Callable[[int, int], None]) -> Verdict:
    """The whole chain; `progress(done, total)` after each batch."""
    with db_session() as session:
        total = audit.chain_size(session)
        return audit.chain_walk(session, progress=lambda done: progress(done, total))


def clear() -> None:
    """The trail only grows by others' writes; the ttl shows them. A page that wants them at once
    clears these."""
    for loader in (trail, event_detail, trail_options, record_name):
        loader.clear()
