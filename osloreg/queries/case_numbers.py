"""Case numbers as the reads show them: a case's latest number, and a case found by any of its numbers."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from osloreg.i18n import case_label
from osloreg.models import AgendaItem, Case, CaseNumber


def _latest(column: sa.ColumnElement, case_id: sa.ColumnElement[int]) -> sa.ScalarSelect:
    # Correlated and by case_id (indexed): cheap per row shown, whatever the number of cases.
    return (
        sa.select(column)
        .where(CaseNumber.case_id == case_id)
        .order_by(CaseNumber.year.desc(), CaseNumber.assigned_at.desc(), CaseNumber.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def latest_number(case_id: sa.ColumnElement[int]) -> tuple[sa.ScalarSelect, sa.ScalarSelect]:
    """The number and year of the case's latest number (the one lists and pickers show; the case
    page shows all of them, a meeting the number in its own body)."""
    return _latest(CaseNumber.number, case_id).label("number"), _latest(CaseNumber.year, case_id).label(
        "year"
    )


def number_label(number: int | None, year: int | None) -> str | None:
    """ "48/20", or None for a case that no body has numbered yet."""
    return case_label(int(number), int(year)) if number is not None and year is not None else None


def numbered(*conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """The cases holding a number that meets the conditions (in any body: any of their numbers)."""
    return Case.id.in_(sa.select(CaseNumber.case_id).where(*conditions))


def titled(number: int | None, year: int | None, title: str | None) -> str:
    """ "48/20 Revidert mandat ...", or the title alone for a case without a number yet."""
    shown = number_label(number, year)
    return f"{shown} {title or ''}".strip() if shown else (title or "")


def in_meetings_series(body_id: Any, year: Any) -> sa.ColumnElement[bool]:
    """How an agenda item's case finds its number in the meeting's own series: the meeting's body and
    year (a join condition; `body_id` and `year` are columns or, for one meeting, values)."""
    return sa.and_(
        CaseNumber.case_id == AgendaItem.case_id, CaseNumber.body_id == body_id, CaseNumber.year == year
    )
