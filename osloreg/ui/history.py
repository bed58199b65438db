"""The change history of a record (from the audit trail) as a table people read: when, who, what,
and each change as "field: before → after" with codes in words and dates formatted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from osloreg import i18n
from osloreg.queries.common import Listing
from osloreg.ui import forms
from osloreg.ui.core import language as session_language
from osloreg.ui.core import t
from osloreg.ui.render import moment, table, text

Column = st.column_config


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def value_text(path: str, value: Any, coded: Mapping[str, str], language: str | None = None) -> str:
    """One value of a change: a code in words (`coded`: field -> catalogue prefix), a date formatted,
    a progress in per cent, else as recorded ("–" for nothing). In the session's language, or in
    `language` (a download is built on another thread, without the session)."""
    language = language or session_language()
    field = path.rsplit(".", 1)[-1]
    if value is None or value == "" or value == []:
        return "–"
    if field in coded and isinstance(value, str):
        return i18n.translate(f"{coded[field]}.{value}", language)
    if field in coded and isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(i18n.translate(f"{coded[field]}.{item}", language) for item in value)
    if isinstance(value, bool):
        return i18n.translate("history.yes" if value else "history.no", language)
    if field.endswith(("_on", "_at")) or field in ("on_date", "target_date", "locked_until", "today"):
        day = _day(value)
        if day is not None:
            clock = f" {value[11:16]}" if isinstance(value, str) and len(value) > 10 else ""
            return i18n.format_date(day, language) + clock
    if field == "progress":
        return f"{value} %"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def field_label(path: str) -> str:
    """ "milestone.due_on" -> the field's name in the user's language."""
    return t(f"field.{path.rsplit('.', 1)[-1]}")


def changes_text(
    changes: list,
    coded: Mapping[str, str],
    label: Callable[[str], str] = field_label,
    language: str | None = None,
) -> str:
    def shown(path: str, value: Any) -> str:
        return value_text(path, value, coded, language)

    return "; ".join(
        f"{label(path)}: {shown(path, before)} → {shown(path, after)}" for path, before, after in changes
    )


def show(
    page_key: str,
    fetch: Callable[[int, int], Listing],
    *,
    coded: Mapping[str, str],
    empty: str,
    label: Callable[[str], str] = field_label,
) -> None:
    """The history, paged: `fetch(limit, offset)` gives the Listing of queries.history; `label`
    names a changed field from its path."""
    listing = forms.paged(page_key, fetch)
    if listing.rows.empty:
        st.caption(empty)
        return
    rows = listing.rows.assign(
        when=listing.rows["at"].map(moment),
        what=listing.rows["action"].map(lambda value: t(f"audit.{value}")),
        details=[changes_text(changes, coded, label) for changes in listing.rows["changes"]],
    )
    table(
        rows,
        {
            "when": text(t("history.col.when")),
            "actor": text(t("history.col.by")),
            "what": text(t("history.col.action")),
            "details": Column.TextColumn(t("history.col.details"), width="large"),
        },
    )
    forms.pager(page_key, listing)
