"""Helpers shared by the query modules: bounded listings, frames from rows, date conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa


@dataclass(frozen=True)
class Listing:
    """The first rows of a list, and how many there are in all."""

    total: int
    rows: pd.DataFrame


def frame(rows: Iterable[Sequence], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def optional_int(value) -> int | None:
    """A frame's cell as an id: None for a missing value (pandas holds it as NaN or None)."""
    return None if value is None or pd.isna(value) else int(value)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min)


def active_on(start, end, day: dt.date):
    """start <= day <= end, open ends open (dates inclusive, as in the rules)."""
    return sa.and_(sa.or_(start.is_(None), start <= day), sa.or_(end.is_(None), end >= day))


def like_any(column, search: str):
    """Case-insensitive "contains", also for æ, ø and å: SQLite's lower() and LIKE fold ASCII only
    (and PostgreSQL's ILIKE only as far as the database's locale goes), so the usual spellings of the
    search (as typed, lower, upper, capitalised) are tried, each case-insensitively for ASCII."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    variants = dict.fromkeys((escaped, escaped.lower(), escaped.upper(), escaped.capitalize()))
    return sa.or_(*(column.ilike(f"%{variant}%", escape="\\") for variant in variants))
