"""The change history of a record (from the audit trail) as a table people read: when, who, what,
and each change as "field: before → after" with codes in words and dates formatted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from osloreg.queries.common import Listing
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import moments, table, text
from osloreg.ui.kit.values import value_text

Column = st.column_config


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
        when=moments(listing.rows["at"]),
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
