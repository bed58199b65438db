"""The cases (Saker): the list, found by number ("48/20") or title and filtered by year, where each
case is now; the cases that have stalled; and a new case with its planned path for coordinators."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg.clock import oslo_today
from osloreg.queries import cases as case_queries
from osloreg.rules import cases as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.ui.cases import case as case_view
from osloreg.ui.cases import forms as case_forms
from osloreg.ui.cases import loaders as case_loaders
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import labels, text
from osloreg.ui.login import CurrentUser

Column = st.column_config
TAB_KEY = "cases_tab"
SAVED_TAB = "cases_saved_tab"
FILTER_KEYS = ("search", "year")


def _key(name: str) -> str:
    return f"cases_f_{name}"


def _saved(name: str) -> str:
    return f"cases_saved_{name}"


def _restore_filters() -> None:
    """Streamlit forgets a widget's value once a run does not draw it (another tab, or a case opened
    from the list); the filters are kept beside the widgets and put back."""
    for name in FILTER_KEYS:
        if _key(name) not in st.session_state and _saved(name) in st.session_state:
            st.session_state[_key(name)] = st.session_state[_saved(name)]


def _keep_filters() -> None:
    for name in FILTER_KEYS:
        st.session_state[_saved(name)] = st.session_state.get(_key(name))


def filter_bar() -> tuple[str, int | None]:
    """(search, year) over the list."""
    _restore_filters()
    search_col, year_col = st.columns([3, 1])
    search = search_col.text_input(
        t("case.filter.search"),
        placeholder=t("case.filter.search_placeholder"),
        max_chars=case_queries.SEARCH_MAX,
        key=_key("search"),
    )
    with year_col:
        year = forms.options_box(
            t("case.filter.year"),
            [(year, str(year)) for year in case_loaders.case_years()],
            key=_key("year"),
            none_label=t("case.filter.all_years"),
        )
    _keep_filters()
    return search.strip(), year


def where_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The last treatment and the next one of each case, in words (list and stalled cases)."""
    return rows.assign(
        last=[
            case_view.treatment_text(body, on, result, deciding=bool(deciding))
            for body, on, result, deciding in zip(
                rows["last_body"],
                rows["last_treated_on"],
                rows["last_result"],
                rows["last_deciding"] if "last_deciding" in rows else [False] * len(rows),
                strict=True,
            )
        ],
        next=[
            case_view.treatment_text(body, on)
            for body, on in zip(rows["next_body"], rows["next_planned_on"], strict=True)
        ],
        basis_text=labels("basis", rows["basis"]),
    )


def _cases_tab(today: dt.date) -> None:
    search, year = filter_bar()
    page_key = forms.key("cases_page", search, year)
    listing = forms.paged(
        page_key, lambda limit, offset: case_loaders.case_list(today, search, year, limit, offset)
    )
    st.header(t("case.list.title", count=fmt_number(listing.total)))
    if listing.rows.empty:
        st.info(t("case.list.none"))
        return
    rows = where_columns(listing.rows).assign(
        state_text=labels("case_state", listing.rows["state"]),
        officer_text=listing.rows["officer"].map(lambda value: value if isinstance(value, str) else ""),
    )
    columns = {
        "case": text(t("case.col.case")),
        "title": Column.TextColumn(t("field.title"), width="large"),
        "officer_text": text(t("field.officer_person_id")),
        "state_text": text(t("case.col.state")),
        "last": text(t("case.col.last")),
        "next": text(t("case.col.next")),
        "basis_text": text(t("field.basis")),
    }
    chosen = forms.selectable_table("cases_list", rows, columns, listing=listing, page_key=page_key)
    st.caption(t("case.list.select"))
    if chosen:
        case_view.LINK.open(chosen[0])


def _stalled_tab(today: dt.date) -> None:
    st.caption(t("case.stalled.help", weeks=rules.STALLED_AFTER_WEEKS))
    page_key = "cases_stalled_page"
    listing = forms.paged(page_key, lambda limit, offset: case_loaders.stalled(today, limit, offset))
    st.header(t("case.stalled.title", count=fmt_number(listing.total)))
    if listing.rows.empty:
        st.success(t("case.stalled.none"))
        return
    columns = {
        "case": text(t("case.col.case")),
        "title": Column.TextColumn(t("field.title"), width="large"),
        "weeks_idle": Column.NumberColumn(t("case.col.weeks_idle"), format="%d"),
        "last": text(t("case.col.last")),
        "next": text(t("case.col.next")),
        "basis_text": text(t("field.basis")),
    }
    chosen = forms.selectable_table(
        "cases_stalled", where_columns(listing.rows), columns, listing=listing, page_key=page_key
    )
    st.caption(t("case.list.select"))
    if chosen:
        case_view.LINK.open(chosen[0])


def render(user: CurrentUser) -> None:
    today = oslo_today()
    st.title(t("nav.cases"))
    st.caption(t("case.list.intro"))
    forms.show_flash()
    editor = allowed(user.roles, Action.MANAGE_WORK)
    names = ["cases", "stalled"] + (["new"] if editor else [])
    labels = {name: t(f"case.list.tab.{name}") for name in names}
    tabs = forms.remembered_tabs(labels, key=TAB_KEY, saved_key=SAVED_TAB)
    if tabs["cases"].open:
        with tabs["cases"]:
            _cases_tab(today)
    if tabs["stalled"].open:
        with tabs["stalled"]:
            _stalled_tab(today)
    if editor and tabs["new"].open:
        with tabs["new"]:
            st.header(t("case.new.title"))
            case_forms.register_form(user, today)
    if not editor:
        st.caption(t("case.list.read_only"))
