"""Cached reads of the admin's pages (audit trail, body rules), keyed by parameters and data versions."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from osloreg.audit.verify import Verdict
from osloreg.queries import audit, bodies, meeting_cycle, projects
from osloreg.queries.audit import AuditFilters, EventDetail, TrailOptions
from osloreg.queries.common import Listing
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read(
    "advice", "audit", "cases", "directory", "inputs", "meetings", "projects", "users", max_entries=256
)
def trail(filters: AuditFilters, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return audit.trail(session, filters=filters, limit=limit, offset=offset)


@cached_read(
    "advice", "audit", "cases", "directory", "inputs", "meetings", "projects", "users", max_entries=256
)
def event_detail(event_id: int) -> EventDetail | None:
    with db_session() as session:
        return audit.event_detail(session, event_id=event_id)


@cached_read("audit", "users")
def trail_options() -> TrailOptions:
    with db_session() as session:
        return audit.trail_options(session)


@cached_read("advice", "cases", "directory", "inputs", "meetings", "projects", "users", max_entries=256)
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


@cached_read("directory", max_entries=256)
def person_options(search: str = "", limit: int = 30, include: int | None = None) -> list[tuple[int, str]]:
    """People by name, for a person picker (the one `include`d always among them)."""
    with db_session() as session:
        return projects.person_options(session, search=search, limit=limit, include=include)


@cached_read("directory")
def notice_periods() -> pd.DataFrame:
    """Every body with its notice period and how it is known."""
    with db_session() as session:
        return meeting_cycle.notice_periods(session)


@cached_read("directory")
def quorum_rules() -> pd.DataFrame:
    """Every body with its rule for vedtaksførhet and how it is known."""
    with db_session() as session:
        return bodies.quorum_rules(session)
