"""DataFrame -> plotly figure, pure: no Streamlit, no database; labels come in translated."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

ACCENT = "#1f5f8b"
_LAYOUT = {
    "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
    "showlegend": False,
    "plot_bgcolor": "rgba(0,0,0,0)",
    "paper_bgcolor": "rgba(0,0,0,0)",
}


def _height(rows: int) -> int:
    return 80 + 28 * max(rows, 1)


def bar_counts(
    frame: pd.DataFrame, *, label: str, value: str, value_title: str = "", separators: str = ", "
) -> go.Figure:
    """Horizontal bars of a count per label, in the frame's order from the top. `separators` are
    plotly's decimal and thousands marks (", " for Norwegian, ".," for English)."""
    figure = go.Figure(
        go.Bar(
            x=frame[value].tolist(),
            y=frame[label].tolist(),
            orientation="h",
            marker_color=ACCENT,
            text=frame[value].tolist(),
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(height=_height(len(frame)), separators=separators, **_LAYOUT)
    figure.update_xaxes(title_text=value_title, rangemode="tozero", tickformat=",d")
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def bar_shares(
    frame: pd.DataFrame, *, label: str, share: str, share_title: str = "", separators: str = ", "
) -> go.Figure:
    """Horizontal bars of a share (0..1) per label, on a fixed 0-100 % axis (blank share: 0)."""
    shares = [0.0 if pd.isna(value) else float(value) for value in frame[share]]
    figure = go.Figure(
        go.Bar(
            x=shares,
            y=frame[label].tolist(),
            orientation="h",
            marker_color=ACCENT,
            texttemplate="%{x:.0%}",
            textposition="auto",
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    figure.update_layout(height=_height(len(frame)), separators=separators, **_LAYOUT)
    figure.update_xaxes(title_text=share_title, range=[0, 1], tickformat=".0%")
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure
