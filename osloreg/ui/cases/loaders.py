"""Cached reads of the cases page, keyed by their parameters and data versions."""

from __future__ import annotations

import datetime as dt

from osloreg.queries import cases, coverage, history, inputs, overview, projects, subjects
from osloreg.queries.common import Listing
from osloreg.ui.kit.cache import cached_read
from osloreg.ui.kit.session import db_session


@cached_read("cases", "directory")
def case_list(
    day: dt.date, search: str = "", year: int | None = None, limit: int = 50, offset: int = 0
) -> Listing:
    with db_session() as session:
        return cases.case_list(session, search=search, year=year, today=day, limit=limit, offset=offset)


@cached_read("cases", "directory", "meetings")
def case_detail(case_id: int, day: dt.date) -> cases.CaseDetail | None:
    with db_session() as session:
        return cases.case_detail(session, case_id=case_id, today=day)


@cached_read("cases", "directory")
def mandates_set(case_id: int) -> list[coverage.CaseMandate]:
    with db_session() as session:
        return coverage.mandates_set_by_case(session, case_id)


@cached_read("cases")
def next_number(body_id: int, year: int) -> int:
    with db_session() as session:
        return cases.next_number(session, body_id=body_id, year=year)


@cached_read("cases")
def held_number(case_id: int, body_id: int, year: int) -> int | None:
    with db_session() as session:
        return cases.held_number(session, case_id=case_id, body_id=body_id, year=year)


@cached_read("cases")
def case_years() -> list[int]:
    with db_session() as session:
        return cases.case_years(session)


@cached_read("cases", "directory")
def stalled(day: dt.date, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return overview.stalled_cases(session, today=day, limit=limit, offset=offset)


@cached_read("advice", "audit", "directory", "meetings", "projects")
def case_history(case_id: int, limit: int = 50, offset: int = 0) -> Listing:
    with db_session() as session:
        return history.entity_history(session, entity="case", entity_id=case_id, limit=limit, offset=offset)


@cached_read("directory", max_entries=256)
def person_options(search: str = "", limit: int = 30, include: int | None = None) -> list[tuple[int, str]]:
    """People by name, for a person picker (the one `include`d always among them)."""
    with db_session() as session:
        return projects.person_options(session, search=search, limit=limit, include=include)


@cached_read("directory")
def active_groups(day: dt.date) -> list[tuple[int, str]]:
    """The groups active on `day`, for a group picker."""
    with db_session() as session:
        return inputs.active_groups(session, today=day)


@cached_read("cases", "directory", "meetings", "projects", max_entries=256)
def subject_options(
    subject_type: str, search: str = "", limit: int = 30, body_id: int | None = None
) -> list[tuple[int, str]]:
    """Cases, projects or meetings to choose as a subject, by what the user typed."""
    with db_session() as session:
        return subjects.subject_options(
            session, subject_type=subject_type, search=search, limit=limit, body_id=body_id
        )
