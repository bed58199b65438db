"""DataFrame -> plotly figure, pure: no Streamlit, no database; labels come in translated. Every
string handed to plotly goes through `plain`, so text from the data is shown as typed. Every text
colour is set here, chosen for contrast with what it is drawn on (Streamlit's plotly theme would
otherwise draw axis text in a grey below 4.5:1), and no colour says anything a word or a mark does not."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from osloreg.colours import TEXT, WHITE, text_on

ACCENT = "#1f5f8b"
# The page behind a chart (the theme's backgroundColor): the charts' own background is transparent.
PAGE = "#FFFFFF"
_LAYOUT = {
    "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
    "showlegend": False,
    "plot_bgcolor": "rgba(0,0,0,0)",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "font": {"color": TEXT},
    "legend": {"font": {"color": TEXT}},
}


@dataclass(frozen=True)
class Chart:
    """A chart and its text alternative, built from one frame so they cannot disagree: the figure,
    its key figure in words, and the data it draws as a table headed in the reader's language."""

    figure: go.Figure
    words: str
    table: pd.DataFrame


def separators(language: str) -> str:
    """Plotly's `separators` (decimal mark, then thousands) in a language: 1 234,5 or 1,234.5."""
    return ", " if language == "nb" else ".,"


def _dark_axes(figure: go.Figure) -> None:
    """Axis text in the theme's text colour: Streamlit's plotly theme draws it in a lighter grey."""
    for update in (figure.update_xaxes, figure.update_yaxes):
        update(tickfont={"color": TEXT}, title_font={"color": TEXT})


def _bar_text(colours: list[str]) -> dict:
    """A bar's figure in the colour that reads on the bar, or on the page when it sits outside it."""
    inside = [text_on(colour) for colour in colours]
    return {"insidetextfont": {"color": inside}, "outsidetextfont": {"color": TEXT}}


def plain(value: object) -> str:
    """A string as plotly shows it: as typed. Plotly reads its text, labels, hover text and tick text
    as HTML-like markup and draws `<a href>` as a live link, `<span style=…>` with that style (CSS
    can fetch remote URLs), `<br>` and `<b>` as such; with `&`, `<` and `>` escaped no tag is left,
    and plotly turns the references back into the characters typed. Quotes stay as they are:
    plotly decodes only &amp; &lt; &gt; and a few others, so an escaped quote would show as
    `&quot;`, and outside a tag a quote is harmless."""
    return html.escape("" if value is None else str(value), quote=False)


def _plain_all(values: Iterable[object]) -> list[str]:
    return [plain(value) for value in values]


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
            y=_plain_all(frame[label]),
            orientation="h",
            marker_color=ACCENT,
            text=frame[value].tolist(),
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
            **_bar_text([ACCENT] * len(frame)),
        )
    )
    figure.update_layout(height=_height(len(frame)), separators=separators, **_LAYOUT)
    figure.update_xaxes(title_text=plain(value_title), rangemode="tozero", tickformat=",d")
    figure.update_yaxes(autorange="reversed", automargin=True)
    _dark_axes(figure)
    return figure


def _percent_suffix(percent: str) -> str:
    """The per cent sign as plotly's templates and tick suffixes take it: only a space and the sign
    are let through, so no text from outside becomes markup or a template reference."""
    return " %" if percent == " %" else "%"


def bar_shares(
    frame: pd.DataFrame,
    *,
    label: str,
    share: str,
    share_title: str = "",
    separators: str = ", ",
    percent: str = " %",
) -> go.Figure:
    """Horizontal bars of a share (0..1) per label, on a fixed 0-100 % axis (blank share: 0).
    `percent` follows each figure: " %" for Norwegian (46 %), "%" for English (46%). Plotly's own
    ".0%" format knows no space before the sign, so the shares are drawn as per cent figures."""
    suffix = _percent_suffix(percent)
    figures = [0.0 if pd.isna(value) else 100 * float(value) for value in frame[share]]
    figure = go.Figure(
        go.Bar(
            x=figures,
            y=_plain_all(frame[label]),
            orientation="h",
            marker_color=ACCENT,
            texttemplate="%{x:.0f}" + suffix,
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}" + suffix + "<extra></extra>",
            **_bar_text([ACCENT] * len(frame)),
        )
    )
    figure.update_layout(height=_height(len(frame)), separators=separators, **_LAYOUT)
    figure.update_xaxes(title_text=plain(share_title), range=[0, 100], tickformat="d", ticksuffix=suffix)
    figure.update_yaxes(autorange="reversed", automargin=True)
    _dark_axes(figure)
    return figure


# --- Projects ---------------------------------------------------------------------------------

# A colour per project status: grey ideas, blues for the work ahead and under way, green done,
# amber paused, a muted red for cancelled. Each status is also named wherever a chart shows it (an
# axis, a legend with a pattern, a label): the colour only repeats it.
STATUS_COLOURS = {
    "idea": "#9aa5b1",
    "planned": "#7fb3d5",
    "ongoing": ACCENT,
    "completed": "#2b7a4b",
    "paused": "#d4a017",
    "cancelled": "#b5525c",
}
# The fill pattern of a status where colours stand side by side in one bar (the strategy chart).
STATUS_PATTERNS = {"planned": "/", "ongoing": "", "completed": "."}
TODAY_COLOUR = "#c0392b"
MILESTONE_COLOUR = "#34495e"
# A milestone is a diamond, an overdue one a cross: told apart by shape and legend, not by red alone.
MILESTONE_SYMBOLS = {False: "diamond", True: "x"}


def status_columns(
    frame: pd.DataFrame, *, status: str, count: str, labels: dict[str, str], separators: str = ", "
) -> go.Figure:
    """A column per status, in the frame's order, coloured by status, with the count on it."""
    colours = [STATUS_COLOURS.get(value, ACCENT) for value in frame[status]]
    figure = go.Figure(
        go.Bar(
            x=[plain(labels.get(value, value)) for value in frame[status]],
            y=frame[count].tolist(),
            marker_color=colours,
            text=frame[count].tolist(),
            textposition="auto",
            hovertemplate="%{x}: %{y}<extra></extra>",
            **_bar_text(colours),
        )
    )
    figure.update_layout(height=260, separators=separators, **_LAYOUT)
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    _dark_axes(figure)
    return figure


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gantt(
    projects: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    today,
    status_labels: dict[str, str],
    milestone_label: str,
    overdue_label: str,
    today_label: str,
    separators: str = ", ",
    percent: str = " %",
) -> go.Figure:
    """Projects (id, title, status, start_on, end_on, progress) as bars from start to end, one row
    each, in the frame's order from the top, each row named by the project and its status; milestones
    (project_id, title, due_on, overdue) as diamonds on their project's row, overdue ones red crosses,
    named in a legend; a line for today. A project without an end runs to today (or a month past
    its start, if that is later)."""
    rows = [str(value) for value in projects["id"]]
    starts = [pd.Timestamp(value) for value in projects["start_on"]]
    ends = []
    for start, end in zip(starts, projects["end_on"], strict=True):
        end = pd.Timestamp(end) if end is not None and not pd.isna(end) else None
        fallback = max(pd.Timestamp(today), start + pd.Timedelta(days=30))
        ends.append((end or fallback) + pd.Timedelta(days=1))  # the end day is included
    durations = [
        (end - start) / pd.Timedelta(milliseconds=1) for start, end in zip(starts, ends, strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            base=[start.isoformat() for start in starts],
            x=durations,
            y=rows,
            orientation="h",
            marker_color=[STATUS_COLOURS.get(value, ACCENT) for value in projects["status"]],
            showlegend=False,
            customdata=[
                [plain(title), plain(status_labels.get(status, status)), progress]
                for title, status, progress in zip(
                    projects["title"], projects["status"], projects["progress"], strict=True
                )
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}, %{customdata[2]}"
            + _percent_suffix(percent)
            + "<extra></extra>",
        )
    )
    if not milestones.empty:
        for overdue, colour, name in (
            (False, MILESTONE_COLOUR, milestone_label),
            (True, TODAY_COLOUR, overdue_label),
        ):
            chosen = milestones[milestones["overdue"] == overdue]
            if chosen.empty:
                continue
            figure.add_trace(
                go.Scatter(
                    x=[pd.Timestamp(value).isoformat() for value in chosen["due_on"]],
                    y=[str(value) for value in chosen["project_id"]],
                    mode="markers",
                    marker={"symbol": MILESTONE_SYMBOLS[overdue], "size": 10, "color": colour},
                    name=plain(name),
                    text=_plain_all(chosen["title"]),
                    hovertemplate="%{text}: %{x|%d.%m.%Y}<extra></extra>",
                )
            )
    figure.add_shape(
        type="line",
        x0=pd.Timestamp(today).isoformat(),
        x1=pd.Timestamp(today).isoformat(),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": TODAY_COLOUR, "width": 2, "dash": "dot"},
    )
    figure.add_annotation(
        x=pd.Timestamp(today).isoformat(),
        y=1,
        yref="paper",
        text=plain(today_label),
        showarrow=False,
        yanchor="bottom",
        font={"color": TODAY_COLOUR},
    )
    figure.update_layout(
        height=150 + 30 * max(len(rows), 1),
        separators=separators,
        barmode="overlay",
        **{
            **_LAYOUT,
            "margin": {"l": 8, "r": 8, "t": 28, "b": 8},
            "showlegend": not milestones.empty,
            "legend": {"orientation": "h", "font": {"color": TEXT}},
        },
    )
    figure.update_xaxes(type="date", tickformat="%m.%Y")
    figure.update_yaxes(
        autorange="reversed",
        automargin=True,
        type="category",
        tickvals=rows,
        # The status in words beside the title: the bar's colour only repeats it.
        ticktext=[
            plain(f"{_short(str(title))} · {status_labels.get(status, status)}")
            for title, status in zip(projects["title"], projects["status"], strict=True)
        ],
    )
    _dark_axes(figure)
    return figure


def coverage_bars(
    frame: pd.DataFrame, *, label: str, statuses: dict[str, str], separators: str = ", "
) -> go.Figure:
    """Stacked horizontal bars: per label (a strategy point), the projects of each status in
    `statuses` (column -> legend text), in the frame's order from the top; each status has its own
    fill pattern as well as its colour, both shown in the legend."""
    figure = go.Figure()
    for column, name in statuses.items():
        figure.add_trace(
            go.Bar(
                x=frame[column].tolist(),
                y=_plain_all(frame[label]),
                name=plain(name),
                orientation="h",
                marker={
                    "color": STATUS_COLOURS.get(column, ACCENT),
                    "pattern": {
                        "shape": STATUS_PATTERNS.get(column, ""),
                        "fillmode": "overlay",
                        "bgcolor": STATUS_COLOURS.get(column, ACCENT),
                    },
                },
                # The name by reference: text put into a template would be read as one.
                hovertemplate="%{y}: %{x} %{fullData.name}<extra></extra>",
            )
        )
    figure.update_layout(
        height=_height(len(frame)) + 40,
        separators=separators,
        barmode="stack",
        **{
            **_LAYOUT,
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal", "font": {"color": TEXT}},
        },
    )
    figure.update_xaxes(rangemode="tozero", tickformat=",d")
    figure.update_yaxes(autorange="reversed", automargin=True, type="category")
    _dark_axes(figure)
    return figure


# --- Coverage ---------------------------------------------------------------------------------

# Green covered (directly: dark, through a municipality: light), red missing, grey not yet known; the
# groups and the municipalities inside a sub-region light. A tile also says its state in a mark and a
# word, and a missing or unknown one is hatched: the colour only repeats them.
COVER_COLOURS = {
    "direct": "#2b7a4b",
    "indirect": "#8fbc8f",
    "unresolved": "#cccccc",
    "missing": "#b5525c",
    "municipality": "#dfe7ee",
    "group": "#f3f6f9",
    "root": PAGE,
}
COVER_MARKS = {"direct": "✓", "indirect": "✓", "unresolved": "?", "missing": "✗", "represented": "✓"}
COVER_PATTERNS = {"missing": "x", "unresolved": "/"}
# The hatch is drawn faintly in the colour opposite the label's, so it only adds to the label's contrast.
HATCH_OPACITY = 0.4


def _hatch(label_colour: str) -> str:
    return TEXT if label_colour == WHITE else WHITE


def coverage_treemap(
    units: pd.DataFrame,
    municipalities: pd.DataFrame,
    *,
    root: str,
    group_labels: dict[str, str],
    cover_words: dict[str, str],
) -> go.Figure:
    """The expected units in boxes by kind (sub-regions, counties, Oslo), each the same size and
    coloured by how it is covered (`units`: id, name, kind, status, people), each box saying so with
    a mark and a word (`cover_words`: status -> word, and "represented"); a sub-region's
    municipalities share its box, a represented one darker and marked (`municipalities`:
    sub_region_id, unit_id, name, represented)."""
    shown = set(units["id"])
    inside = municipalities[municipalities["sub_region_id"].isin(shown)]
    per_region = inside.groupby("sub_region_id").size().to_dict() if not inside.empty else {}
    ids, labels, parents, values, colours, hover, texts, patterns = (
        ["root"],
        [plain(root)],
        [""],
        [float(len(units))],
        [COVER_COLOURS["root"]],
        [plain(root)],
        [""],
        [""],
    )

    def state(key: str) -> str:
        return plain(f"{COVER_MARKS[key]} {cover_words.get(key, key)}")

    for kind, label in group_labels.items():
        count = int((units["kind"] == kind).sum())
        if count:
            ids.append(f"kind-{kind}")
            labels.append(plain(label))
            parents.append("root")
            values.append(float(count))
            colours.append(COVER_COLOURS["group"])
            hover.append(plain(label))
            texts.append("")
            patterns.append("")
    for row in units.itertuples():
        ids.append(f"unit-{row.id}")
        labels.append(plain(row.name))
        parents.append(f"kind-{row.kind}")
        values.append(1.0)
        colours.append(COVER_COLOURS.get(row.status, COVER_COLOURS["unresolved"]))
        hover.append(plain(f"{row.name}: {row.people}" if row.people else row.name))
        texts.append(state(row.status if row.status in COVER_MARKS else "unresolved"))
        patterns.append(COVER_PATTERNS.get(row.status, ""))
    for row in inside.itertuples():
        ids.append(f"municipality-{row.sub_region_id}-{row.unit_id}")
        labels.append(plain(row.name))
        parents.append(f"unit-{row.sub_region_id}")
        values.append(1.0 / per_region[row.sub_region_id])
        colours.append(COVER_COLOURS["indirect"] if row.represented else COVER_COLOURS["municipality"])
        hover.append(plain(row.name))
        texts.append(state("represented") if row.represented else "")
        patterns.append("")
    label_colours = [text_on(colour) for colour in colours]
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            text=texts,
            textinfo="label+text",
            marker={
                "colors": colours,
                # The hatch over the tile's own colour: plotly's default draws it on white instead.
                "pattern": {
                    "shape": patterns,
                    "fillmode": "overlay",
                    "bgcolor": colours,
                    "fgcolor": [_hatch(colour) for colour in label_colours],
                    "fgopacity": HATCH_OPACITY,
                },
            },
            textfont={"color": label_colours},
            insidetextfont={"color": label_colours},
            outsidetextfont={"color": TEXT},
            pathbar={"textfont": {"color": TEXT}},
            hovertext=hover,
            hoverinfo="text",
            maxdepth=3,
            branchvalues="total",
        )
    )
    figure.update_layout(height=520, margin={"l": 0, "r": 0, "t": 0, "b": 0}, font={"color": TEXT})
    return figure


def share_line(
    frame: pd.DataFrame,
    *,
    x: str,
    share: str,
    share_title: str = "",
    separators: str = ", ",
    percent: str = " %",
) -> go.Figure:
    """A share (0..1) over time as a line on a 0-100 % axis, with `percent` after each figure as in
    `bar_shares`."""
    suffix = _percent_suffix(percent)
    figure = go.Figure(
        go.Scatter(
            x=[pd.Timestamp(value) for value in frame[x]],
            y=[None if pd.isna(value) else 100 * float(value) for value in frame[share]],
            mode="lines",
            line={"color": ACCENT, "shape": "hv"},
            hovertemplate="%{x|%m.%Y}: %{y:.0f}" + suffix + "<extra></extra>",
        )
    )
    figure.update_layout(height=320, separators=separators, **_LAYOUT)
    figure.update_yaxes(title_text=plain(share_title), range=[0, 102], tickformat="d", ticksuffix=suffix)
    figure.update_xaxes(tickformat="%Y")
    _dark_axes(figure)
    return figure
