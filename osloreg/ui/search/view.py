"""Søk: the query from the address (?q=), the hits labelled by kind, a line of context with the match
between « », a link to each record, and more on request. Nothing typed is shown as markup."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from osloreg import navigation
from osloreg.clock import oslo_today
from osloreg.queries.search import SearchHit
from osloreg.rules.search import QUERY_MAX_CHARS, QUERY_MAX_WORDS, marked, words_left_out
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import MISSING, escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.search import loaders

Column = st.column_config
QUERY_KEY = "q"
PAGE_SIZE = 20
_SHOWN = "search_shown"  # session state: (query, how many hits are shown)


def query_text() -> str:
    return (st.query_params.get(QUERY_KEY) or "")[:QUERY_MAX_CHARS]


def address(hit: SearchHit, user: CurrentUser) -> str | None:
    """The hit's deep link (a relative address, the same with and without the menu), or None when the
    user may not open the page it lives on."""
    spec = navigation.page(hit.page)
    if not spec.allows(user.roles):
        return None
    path = navigation.url_path(hit.page) or "./"
    if hit.link_key is None or hit.link_id is None:
        return path
    return f"{path}?{urlencode({hit.link_key: int(hit.link_id)})}"


def _rows(hits: list[SearchHit], user: CurrentUser) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": [t(f"search.kind.{hit.kind}") for hit in hits],
            "title": [hit.title for hit in hits],
            "context": [marked(hit.snippet) for hit in hits],
            "link": [address(hit, user) for hit in hits],
        },
        columns=["kind", "title", "context", "link"],
    )


def render(user: CurrentUser) -> None:
    st.title(t("search.title"))
    typed = st.text_input(
        t("search.box"), value=query_text(), max_chars=QUERY_MAX_CHARS, placeholder=t("search.placeholder")
    )
    if typed != query_text():
        st.query_params[QUERY_KEY] = typed  # a search is a deep link too
    if not typed.strip():
        st.caption(t("search.help"))
        return
    # Nothing is left out silently: a longer query (a link may carry one) is said to be shortened.
    if typed == query_text() and len(st.query_params.get(QUERY_KEY) or "") > QUERY_MAX_CHARS:
        st.caption(t("search.cut_chars", max=fmt_number(QUERY_MAX_CHARS)))
    if words_left_out(typed):
        st.caption(t("search.cut_words", max=fmt_number(QUERY_MAX_WORDS)))
    shown_query, shown = st.session_state.get(_SHOWN, ("", PAGE_SIZE))
    limit = shown if shown_query == typed else PAGE_SIZE
    results = loaders.search(typed, tuple(sorted(user.roles)), user.person_id, oslo_today(), limit)
    if not results.hits:
        st.info(t("search.none", query=escape_markdown(typed)))  # an alert is markdown
        return
    count_key = "search.count_more" if results.more else "search.count"
    st.caption(t(count_key, shown=fmt_number(len(results.hits)), total=fmt_number(results.total)))
    columns = {
        "kind": Column.TextColumn(t("search.col.kind")),
        "title": Column.TextColumn(t("search.col.title"), width="medium"),
        "context": Column.TextColumn(t("search.col.context"), width="large"),
        "link": Column.LinkColumn(t("search.col.link"), display_text=t("search.open")),
    }
    frame = _rows(results.hits, user)
    st.dataframe(frame, hide_index=True, column_config=columns, placeholder=MISSING, key="search_results")
    if results.total > len(results.hits) and st.button(t("search.more"), key="search_more"):
        st.session_state[_SHOWN] = (typed, limit + PAGE_SIZE)
        st.rerun()
