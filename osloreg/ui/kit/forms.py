"""Page helpers shared by the input, advice and decisions pages: a searchable subject picker, paging,
row selection, tabs that stay open, exports; and (from osloreg.ui.saving) saving through a service,
with a message after the rerun and the merge after an edit conflict."""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from osloreg.queries.common import Listing

# Saving through a service, kept in its own module and used by every form as forms.<name>.
from osloreg.ui.kit.saving import (  # noqa: F401 - re-exported
    BASE_ONLY,
    describe_value,
    finish,
    flash,
    forget,
    form_fields,
    fresh_key,
    keep,
    renew,
    save,
    show_conflict,
    show_flash,
    unchanged,
)
from osloreg.ui.kit.session import fmt_number, language, t
from osloreg.ui.kit.tables import MISSING

PAGE_SIZE = 50


# --- Keys, selection, paging ----------------------------------------------------------------------


def key(prefix: str, *parts: object) -> str:
    """A widget key that changes with `parts`: a table's selection or a pager's page then starts
    afresh when the rows or the filters change, instead of pointing at other rows."""
    digest = zlib.crc32(repr(parts).encode("utf-8"))
    return f"{prefix}_{digest:08x}"


def selected_ids(event: Any, rows: pd.DataFrame, column: str = "id") -> list[int]:
    """The ids of the rows selected in a st.dataframe(on_select="rerun"), in table order."""
    positions = sorted(i for i in event.selection.rows if 0 <= i < len(rows))
    return [int(rows.iloc[i][column]) for i in positions]


def paged(key: str, fetch: Callable[[int, int], Listing], *, page_size: int = PAGE_SIZE) -> Listing:
    """Fetch the page the pager under `key` shows (limit, offset); back to the last page if the list
    has shrunk below it. Render the pager itself with `pager` after the table."""
    page = int(st.session_state.get(key, 1) or 1)
    listing = fetch(page_size, (page - 1) * page_size)
    pages = max(1, math.ceil(listing.total / page_size))
    if page > pages:
        st.session_state[key] = pages
        listing = fetch(page_size, (pages - 1) * page_size)
    return listing


def pager(key: str, listing: Listing, *, page_size: int = PAGE_SIZE) -> None:
    """'Showing 51–100 of 1 234' and a page number, when the list is longer than a page."""
    if listing.total <= page_size:
        return
    pages = math.ceil(listing.total / page_size)
    page = int(st.session_state.get(key, 1) or 1)
    first = (min(page, pages) - 1) * page_size
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    left.number_input(t("decisions.form.page", pages=fmt_number(pages)), 1, pages, step=1, key=key)
    right.caption(
        t(
            "decisions.form.showing",
            first=fmt_number(first + 1),
            last=fmt_number(first + len(listing.rows)),
            total=fmt_number(listing.total),
        )
    )


def selectable_table(
    name: str,
    rows: pd.DataFrame,
    columns: Mapping[str, Any],
    *,
    listing: Listing,
    page_key: str,
    multi: bool = False,
    id_column: str = "id",
    key_column: str | None = None,
) -> list[int]:
    """A page of rows the user can select from, with its pager; returns the selected ids. The
    widget's key follows the rows shown, so a selection never points at another row after the
    data changed."""
    event = st.dataframe(
        rows[list(columns)],
        hide_index=True,
        placeholder=MISSING,
        column_config=dict(columns),
        on_select="rerun",
        selection_mode="multi-row" if multi else "single-row",
        key=key(name, tuple(rows[key_column or id_column])),
    )
    pager(page_key, listing)
    return selected_ids(event, rows, column=id_column)


def confirmed_button(
    label: str, confirm_label: str, *, key: str, confirm_key: str, icon: str = ":material/undo:"
) -> bool:
    """A button that only works once its confirmation box is ticked (for acts that cannot be undone
    in place, such as withdrawing)."""
    left, right = st.columns([1, 2], vertical_alignment="center")
    confirm = right.checkbox(confirm_label, key=confirm_key)
    return left.button(label, icon=icon, disabled=not confirm, key=key)


def options_box(
    label: str,
    options: Sequence[tuple[int, str]],
    *,
    key: str,
    none_label: str | None = None,
    default: int | None = None,
) -> int | None:
    """A selectbox over (id, name) pairs, starting at `default`; with `none_label`, None is a choice."""
    names = dict(options)
    values: list[int | None] = ([None] if none_label is not None else []) + list(names)
    fallback = default if default in values else None
    if key in st.session_state and st.session_state[key] not in values:
        st.session_state[key] = fallback  # a choice no longer offered: the browser must drop it too
    current = st.session_state.get(key, fallback)
    return st.selectbox(
        label,
        options=values,
        # The widget's own default is what it starts on, not the first option with the start put in
        # the session: a browser that loses the widget's state between two runs (seen while the login
        # cookie's component reruns a new session) falls back to the default and reports it back.
        index=None if current not in values or current is None else values.index(current),
        format_func=lambda value: none_label if value is None else names.get(value, str(value)),
        # Streamlit shows the placeholder, not the formatted option, while the value is None.
        placeholder=none_label or t("decisions.form.choose"),
        key=key,
    )


# --- Dates ----------------------------------------------------------------------------------------


def date_format() -> str:
    """The format of a date widget in the session's language (the widget knows no locale)."""
    return "DD.MM.YYYY" if language() == "nb" else "DD/MM/YYYY"


# --- Tabs -----------------------------------------------------------------------------------------


def remembered_tabs(labels: Mapping[str, str], *, key: str, saved_key: str) -> dict[str, Any]:
    """Tabs (name -> tab) that run only the open one, and open again on the way back to the page:
    Streamlit forgets a widget's state while a run does not draw it (as when a record opened from a
    tab was shown instead)."""
    if key not in st.session_state and st.session_state.get(saved_key) in labels.values():
        st.session_state[key] = st.session_state[saved_key]
    shown = st.tabs(list(labels.values()), key=key, on_change="rerun")
    tabs = dict(zip(labels, shown, strict=True))
    st.session_state[saved_key] = next((labels[name] for name in labels if tabs[name].open), None)
    return tabs


# --- Downloads ----------------------------------------------------------------------------------------
