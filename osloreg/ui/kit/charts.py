"""A chart with its text alternative: the figure, its key figure in words right below it, and its data
as a table one click away (a chart is a picture a screen reader cannot read)."""

from __future__ import annotations

from typing import Protocol

import pandas as pd
import streamlit as st

from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import MISSING


class Described(Protocol):
    """A figure with its words and its table, made from one frame (osloreg.charts.Chart)."""

    @property
    def figure(self) -> object: ...

    @property
    def words(self) -> str: ...

    @property
    def table(self) -> pd.DataFrame: ...


def table_key(key: str) -> str:
    """The session key of a chart's "Vis som tabell": True while the table is open."""
    return f"{key}_table"


def chart(described: Described, *, key: str) -> None:
    """Draw the chart, say its key figure as plain text (no markup: it holds names from the data),
    and offer its data as a table. The table is drawn only while it is open: most runs never show it."""
    st.plotly_chart(described.figure, config={"displayModeBar": False}, key=key)
    st.text(described.words)
    shown = st.expander(
        t("chart_text.show_table"), icon=":material/table:", key=table_key(key), on_change="rerun"
    )
    if shown.open:
        with shown:
            st.dataframe(described.table, hide_index=True, placeholder=MISSING)
