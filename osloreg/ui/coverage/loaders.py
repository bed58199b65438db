"""Cached reads of the coverage page, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg.queries import coverage, history, memberships, projects
from osloreg.queries.common import Listing
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("directory")
def body_choices() -> list[tuple[int, str]]:
    with db_session() as session:
        return memberships.body_choices(session)


@cached_read("directory")
def default_body() -> int | None:
    with db_session() as session:
        return memberships.default_body(session)


@cached_read("directory")
def coverage_view(body_id: int, day: dt.date) -> coverage.CoverageView | None:
    with db_session() as session:
        return coverage.coverage_view(session, body_id=body_id, on=day)


@cached_read("cases", "directory")
def mandate(body_id: int, day: dt.date) -> coverage.Mandate | None:
    with db_session() as session:
        return coverage.body_mandate(session, body_id, on=day)


@cached_read("directory")
def members(body_id: int, day: dt.date) -> memberships.Members:
    with db_session() as session:
        return memberships.members(session, body_id=body_id, on=day)


@cached_read("directory")
def coverage_history(body_id: int, last: dt.date) -> pd.DataFrame:
    with db_session() as session:
        return memberships.coverage_history(session, body_id=body_id, last=last)


@cached_read("directory", "meetings", show_spinner="…")
def alerts(day: dt.date, body_id: int | None = None, limit: int = 20) -> memberships.Alerts:
    with db_session() as session:
        return memberships.alerts(session, today=day, body_id=body_id, limit=limit)


@cached_read("directory")
def unit_choices(day: dt.date | None = None) -> list[tuple[int, str]]:
    with db_session() as session:
        return memberships.unit_choices(session, on=day)


@cached_read("directory")
def units(search: str = "", limit: int = 200) -> Listing:
    with db_session() as session:
        return memberships.units(session, search=search, limit=limit)


@cached_read("directory")
def sub_region_links(municipality_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.sub_region_links(session, municipality_id=municipality_id)


@cached_read("directory")
def osloregion_periods(unit_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.osloregion_periods(session, unit_id=unit_id)


@cached_read("directory")
def person(person_id: int) -> dict | None:
    with db_session() as session:
        return memberships.person_detail(session, person_id=person_id)


@cached_read("directory")
def unit(unit_id: int) -> dict | None:
    with db_session() as session:
        return memberships.unit_detail(session, unit_id=unit_id)


@cached_read("directory")
def representatives_of(unit_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.representatives_of(session, unit_id=unit_id)


@cached_read("directory")
def memberships_of(person_id: int) -> pd.DataFrame:
    with db_session() as session:
        return memberships.memberships_of(session, person_id=person_id)


@cached_read("advice", "audit", "directory", "meetings", "projects")
def body_history(body_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(session, entity="body", entity_id=body_id, limit=limit, offset=offset)


@cached_read("directory", max_entries=256)
def person_options(search: str = "", limit: int = 30, include: int | None = None) -> list[tuple[int, str]]:
    """People by name, for a person picker (the one `include`d always among them)."""
    with db_session() as session:
        return projects.person_options(session, search=search, limit=limit, include=include)
