"""Subjects of input and advice (a project, a case, a meeting or a policy topic): labels, filters
and the search behind the subject picker, bounded in SQL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from osloreg.enums import SubjectType
from osloreg.models import (
    Advice,
    Body,
    Case,
    CaseNumber,
    Input,
    Meeting,
    Project,
)
from osloreg.queries.case_numbers import latest_number, numbered, titled
from osloreg.queries.common import like_any, midnight
from osloreg.rules.cases import NUMBER_MAX as CASE_NUMBER_MAX

_SubjectProject = aliased(Project, name="subject_project")
_SubjectCase = aliased(Case, name="subject_case")
_SubjectMeeting = aliased(Meeting, name="subject_meeting")
_MeetingBody = aliased(Body, name="subject_meeting_body")

# The columns subject_label() reads, in its order: appended to a select by with_subject().
_SUBJECT_COLUMNS = (
    _SubjectProject.title,
    *latest_number(_SubjectCase.id),
    _SubjectCase.title,
    _SubjectMeeting.starts_at,
    _MeetingBody.name,
)
SUBJECT_WIDTH = 1 + len(_SUBJECT_COLUMNS) + 1  # subject_type, the joined columns, policy_topic


def with_subject(statement: sa.Select, model) -> sa.Select:
    """`statement` with the columns that name the subject of `model` (Input or Advice) appended, in
    the order subject_label() takes them. Outer joins on primary keys: cheap for the rows returned."""
    return (
        statement.add_columns(model.subject_type, *_SUBJECT_COLUMNS, model.policy_topic)
        .outerjoin(_SubjectProject, _SubjectProject.id == model.project_id)
        .outerjoin(_SubjectCase, _SubjectCase.id == model.case_id)
        .outerjoin(_SubjectMeeting, _SubjectMeeting.id == model.meeting_id)
        .outerjoin(_MeetingBody, _MeetingBody.id == _SubjectMeeting.body_id)
    )


def meeting_label(starts_at: dt.datetime | None, body: str | None) -> str:
    day = starts_at.strftime("%d.%m.%Y") if starts_at else ""
    return f"{day} {body or ''}".strip()


def subject_label(
    subject_type: str,
    project_title: str | None,
    case_number: int | None,
    case_year: int | None,
    case_title: str | None,
    meeting_starts_at: dt.datetime | None,
    meeting_body: str | None,
    policy_topic: str | None,
) -> str:
    """Project title, "48/20 title" for a case, "11.09.2020 body" for a meeting, or the policy topic."""
    if subject_type == SubjectType.PROJECT:
        return project_title or ""
    if subject_type == SubjectType.CASE:
        return titled(case_number, case_year, case_title)
    if subject_type == SubjectType.MEETING:
        return meeting_label(meeting_starts_at, meeting_body)
    return policy_topic or ""


def split_subject(row: Sequence) -> tuple[list, str, str]:
    """A row of a with_subject() select -> (leading columns, subject_type, subject label)."""
    head, tail = list(row[:-SUBJECT_WIDTH]), row[-SUBJECT_WIDTH:]
    return head, tail[0], subject_label(*tail)


def subject_filter(model, *, subject_type: str, subject_id: int | None, policy_topic: str | None):
    """The predicate "about this subject" for Input or Advice."""
    column = {
        SubjectType.PROJECT: model.project_id,
        SubjectType.CASE: model.case_id,
        SubjectType.MEETING: model.meeting_id,
    }.get(subject_type)
    if subject_type == SubjectType.POLICY:
        return sa.and_(model.subject_type == SubjectType.POLICY, model.policy_topic == (policy_topic or ""))
    if column is None:
        raise ValueError(f"unknown subject type {subject_type!r}")
    return sa.and_(model.subject_type == subject_type, column == subject_id)


_CASE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{2}|\d{4})\s*$")
_DAY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTH = re.compile(r"^\s*(\d{1,2})\.(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _years_ending(two_digits: int) -> list[int]:
    """The case years (1990-2200, as the schema allows) that are written with these two digits."""
    return [year for year in range(1990, 2201) if year % 100 == two_digits]


def _date_range(search: str) -> tuple[dt.date, dt.date] | None:
    """[first, after) of a day ("12.06.2024", "2024-06-12"), a month ("06.2024") or a year ("2024")."""
    try:
        if match := _DAY.match(search):
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            return day, day + dt.timedelta(days=1)
        if match := _ISO_DAY.match(search):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return day, day + dt.timedelta(days=1)
        if match := _MONTH.match(search):
            first = dt.date(int(match[2]), int(match[1]), 1)
            return first, (first + dt.timedelta(days=32)).replace(day=1)
        if match := _YEAR.match(search):
            return dt.date(int(match[1]), 1, 1), dt.date(int(match[1]) + 1, 1, 1)
    except ValueError:  # 31.02.2024 and the like: not a date, so searched as text
        return None
    return None


def subject_options(
    session: Session, *, subject_type: str, search: str = "", limit: int = 30, body_id: int | None = None
) -> list[tuple[int, str]]:
    """(id, label) of subjects matching `search`, for a picker: projects by title; cases by number
    ("48/20", or just "48") or title, newest first; meetings by date ("12.06.2024", "06.2024",
    "2024") or body name or title, most recent first, of `body_id` if given. Policy matters have
    no ids (see policy_topics). At most `limit`."""
    search = search.strip()
    if subject_type == SubjectType.PROJECT:
        statement = sa.select(Project.id, Project.title).order_by(Project.title, Project.id)
        if search:
            statement = statement.where(like_any(Project.title, search))
        return [(row.id, row.title) for row in session.execute(statement.limit(limit))]
    if subject_type == SubjectType.CASE:
        statement = sa.select(Case.id, *latest_number(Case.id), Case.title).order_by(
            Case.reg_year.desc(), Case.reg_number.desc()
        )
        if match := _CASE_NUMBER.match(search):
            number, year = int(match[1]), int(match[2])
            years = [year] if year >= 100 else _years_ending(year)
            statement = statement.where(numbered(CaseNumber.number == number, CaseNumber.year.in_(years)))
        # ASCII digits only: isdigit() is true for "²" (int() refuses it), int() reads "١" as 1.
        elif search.isascii() and search.isdecimal() and int(search) <= CASE_NUMBER_MAX:
            statement = statement.where(
                sa.or_(numbered(CaseNumber.number == int(search)), like_any(Case.title, search))
            )
        elif search:
            statement = statement.where(like_any(Case.title, search))
        return [
            (row.id, titled(row.number, row.year, row.title))
            for row in session.execute(statement.limit(limit))
        ]
    if subject_type == SubjectType.MEETING:
        statement = (
            sa.select(Meeting.id, Meeting.starts_at, Body.name, Meeting.title)
            .join(Body, Body.id == Meeting.body_id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
        if body_id is not None:
            statement = statement.where(Meeting.body_id == body_id)
        if span := _date_range(search) if search else None:
            statement = statement.where(
                Meeting.starts_at >= midnight(span[0]), Meeting.starts_at < midnight(span[1])
            )
        elif search:
            statement = statement.where(sa.or_(like_any(Body.name, search), like_any(Meeting.title, search)))
        options = []
        for row in session.execute(statement.limit(limit)):
            label = meeting_label(row.starts_at, row.name)
            options.append((row.id, f"{label}: {row.title}" if row.title else label))
        return options
    if subject_type == SubjectType.POLICY:
        return []
    raise ValueError(f"unknown subject type {subject_type!r}")


def policy_topics(
    session: Session, *, search: str = "", body_id: int | None = None, limit: int = 30
) -> list[str]:
    """Policy topics already used in input or advice (of `body_id` if given), for suggestions."""
    topics = []
    for model in (Input, Advice):
        statement = sa.select(model.policy_topic).where(model.subject_type == SubjectType.POLICY)
        if body_id is not None:
            statement = statement.where(model.body_id == body_id)
        if search.strip():
            statement = statement.where(like_any(model.policy_topic, search.strip()))
        topics.append(statement.distinct())
    union = sa.union(*topics).subquery()
    return list(session.scalars(sa.select(union.c[0]).order_by(union.c[0]).limit(limit)))
