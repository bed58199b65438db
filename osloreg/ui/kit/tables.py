"""Small rendering helpers the pages share: links to other pages, table columns, safe text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Protocol
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from osloreg import i18n, navigation
from osloreg.sources import describe_basis, describe_source
from osloreg.ui.kit.session import fmt_number, language, oslo_time, t

Column = st.column_config
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&:])")


class HasRoles(Protocol):
    """Whoever is logged in, as far as a link needs to know: their roles (the kit knows no login)."""

    @property
    def roles(self) -> Collection[str]: ...


def escape_markdown(value: str) -> str:
    """Text from the data shown literally inside markdown: no formatting, links or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def link(user: HasRoles, page_name: str, key: str) -> None:
    """A link to another page, once that page exists and the user may open it."""
    spec = next((spec for spec in navigation.PAGES if spec.name == page_name), None)
    if spec is None or not spec.allows(user.roles):
        return
    try:
        st.page_link(spec.path, label=t(key), icon=spec.icon)
    except StreamlitAPIException:  # the page runs on its own (a page test): there is no menu to link into
        pass


def history_link(user: HasRoles, entity: str, entity_id: int | None) -> None:
    """The "Historikk" link to a record's whole audit history on the admin page, for those who may
    open that page (admins). A link with a relative address works the same under st.navigation and
    when a page runs on its own (st.page_link needs the menu)."""
    if entity_id is None or not navigation.page("admin").allows(user.roles):
        return
    address = "admin?" + urlencode({"entity": entity, "entity_id": int(entity_id)})
    st.link_button(
        t("audit_trail.link"), address, icon=":material/history:", key=f"history_{entity}_{entity_id}"
    )


# What a date, a recorded moment, a wall-clock time and a code read as in a language: one home for
# each, used a cell at a time (day, moment, ...) and a column at a time (days, moments, ...).


def _day_in(language_: str):
    return lambda value: i18n.format_date(
        oslo_time(value) if isinstance(value, dt.datetime) else value, language_
    )


def _moment_in(language_: str):
    return lambda value: i18n.format_datetime(oslo_time(value), language_)


def _wall_clock_in(language_: str):
    return lambda value: i18n.format_datetime(value, language_)


def _label_in(prefix: str, language_: str):
    return lambda value: i18n.translate(f"{prefix}.{value}", language_)


def day(value) -> str:
    """A date; a recorded moment (UTC) is shown as its day in Oslo."""
    return "" if value is None or pd.isna(value) else _day_in(language())(value)


def moment(value) -> str:
    """A moment the system recorded (stored in UTC), in Oslo time."""
    return "" if value is None or pd.isna(value) else _moment_in(language())(value)


def wall_clock(value) -> str:
    """A time that is already Oslo wall-clock time, such as a meeting's start."""
    return "" if value is None or pd.isna(value) else _wall_clock_in(language())(value)


def label(prefix: str, value) -> str:
    """A code from the data (status, result, ...) in the user's language."""
    return "" if value is None or pd.isna(value) else _label_in(prefix, language())(value)


# --- Whole columns: what `day`, `moment`, `wall_clock` and `label` show, for every row of a table.
# The language is looked up once a column and each distinct value is worded once: a cell at a time,
# a table of 50 rows paid the session-state look-up and the formatting 150-250 times a run.


def _worded(values: pd.Series, words) -> pd.Series:
    """`words(value)` for each value in the column ("" for a missing one), once per distinct value."""
    said: dict = {}
    out = []
    for value in values.tolist():
        if (
            value is None
            or value is pd.NaT
            or value is pd.NA
            or (isinstance(value, float) and value != value)
        ):
            out.append("")
            continue
        if value not in said:
            said[value] = words(value)
        out.append(said[value])
    return pd.Series(out, index=values.index, dtype=object)


def days(values: pd.Series) -> pd.Series:
    """`day` of each value: a date, or a recorded moment's day in Oslo."""
    return _worded(values, _day_in(language()))


def moments(values: pd.Series) -> pd.Series:
    """`moment` of each value: a recorded moment (UTC) in Oslo time."""
    return _worded(values, _moment_in(language()))


def wall_clocks(values: pd.Series) -> pd.Series:
    """`wall_clock` of each value: a time already in Oslo wall-clock time."""
    return _worded(values, _wall_clock_in(language()))


def labels(prefix: str, values: pd.Series) -> pd.Series:
    """`label` of each value: codes from the data in the user's language."""
    return _worded(values, _label_in(prefix, language()))


def basis_words(basis: str | None, source: str | None = None) -> str:
    """ "Kilde: dokumentert – Saksframlegg 48/20", as plain text (escape it for markdown)."""
    return describe_basis(basis, source, language())


def source_words(source: str | None) -> str:
    """A stored source in words ("osloregionen.no (Om oss)"); never a file path."""
    return describe_source(source, language())


def basis_caption(basis: str | None, source: str | None = None) -> None:
    """The basis and source of what the page shows, on a line of its own."""
    words = basis_words(basis, source)
    if words:
        st.caption(escape_markdown(words))


def text(title: str) -> Column.TextColumn:
    return Column.TextColumn(title)


# What a table shows in a cell without a value: nothing. Streamlit's default is the English "None".
MISSING = ""


def table(frame: pd.DataFrame, columns: dict, *, key: str | None = None) -> None:
    """A read-only table of the given columns, in that order, with their headings."""
    st.dataframe(frame[list(columns)], hide_index=True, column_config=columns, key=key, placeholder=MISSING)


def shown_of(listing) -> None:
    """'Showing 10 of 1 234' under a list that the query cut short."""
    if listing.total > len(listing.rows):
        st.caption(t("overview.shown_of", shown=len(listing.rows), total=fmt_number(listing.total)))
