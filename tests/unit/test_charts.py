"""Charts from hostile data: every string plotly gets is plain text (plotly reads its text as HTML-like
markup: `<a href>` becomes a live link, `<span style>` CSS that can fetch remote URLs), and reads
back as the user typed it."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from osloreg import charts

TRACKER = "https://tracker.example.com"
# What a coordinator can type into a project, milestone, unit or body name: a phishing link, CSS that
# loads a remote picture, an image, formatting, a line break, an entity and a template placeholder.
MARKUP = (
    f'<a href="{TRACKER}/phish">Godkjenn her</a> '
    f'<span style="mask-image:url({TRACKER}/m.png)">Regionen</span> '
    f'<img src="{TRACKER}/i.png"> <b>fet</b><br><i>kursiv</i> &lt;x&gt; &amp; "sitat" %{{x}}'
)
# Plotly's own templates, written in charts.py: the only strings allowed to hold tags.
_TEMPLATE_KEYS = {"hovertemplate", "texttemplate"}
_TAG = re.compile(r"<\s*/?\s*[a-z]", re.IGNORECASE)


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a figure's JSON, with where it sits (data[0].customdata[0][0], ...)."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from _strings(value, f"{path}[{index}]")


def _shown(text: str) -> str:
    """What plotly shows for a string without tags: the references it knows turned back into the
    characters (it knows &amp; &lt; &gt; and numeric ones, not &quot;)."""
    return re.sub(r"&(amp|lt|gt);", lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m[1]], text)


def _assert_plain(figure: go.Figure) -> list[tuple[str, str]]:
    """No tag in any string of the figure outside the chart's own templates, and no template holds
    text from the data; returns the strings that carry the hostile text."""
    found = list(_strings(figure.to_plotly_json()))
    tags = [
        (path, text)
        for path, text in found
        if path.split(".")[-1] not in _TEMPLATE_KEYS and _TAG.search(text)
    ]
    assert tags == []
    templates = [text for path, text in found if path.split(".")[-1] in _TEMPLATE_KEYS]
    assert not any("tracker" in text or "Godkjenn" in text for text in templates), templates
    return [(path, text) for path, text in found if "Godkjenn" in text]


def test_plain_escapes_the_markup_plotly_reads_and_leaves_the_rest():
    assert charts.plain('<a href="x">y</a> & <br>') == '&lt;a href="x"&gt;y&lt;/a&gt; &amp; &lt;br&gt;'
    assert charts.plain("Oslo kommune") == "Oslo kommune"
    assert charts.plain("Sitat \"og\" 'det'") == "Sitat \"og\" 'det'"  # plotly would show &quot; as typed
    assert charts.plain(None) == ""
    assert charts.plain(42) == "42"


@pytest.mark.parametrize("text", [MARKUP, "&amp;", "&#60;b&#62;", "a < b > c", "<", "&", "Æøå 👍"])
def test_plain_text_reads_back_as_typed(text):
    escaped = charts.plain(text)
    assert not _TAG.search(escaped)
    assert _shown(escaped) == text


def test_the_project_timeline_shows_titles_and_milestones_as_typed():
    today = dt.date(2026, 12, 1)
    projects = pd.DataFrame(
        {
            "id": [1, 2],
            "title": [MARKUP, "Kort <b>tittel</b>"],
            "status": ["ongoing", "planned"],
            "start_on": [dt.date(2026, 1, 1), dt.date(2026, 6, 1)],
            "end_on": [dt.date(2027, 1, 1), None],
            "progress": [40, 0],
        }
    )
    milestones = pd.DataFrame(
        {
            "project_id": [1, 2],
            "title": [MARKUP, "<span style='mask-image:url(https://tracker.example.com/ms.png)'>M</span>"],
            "due_on": [dt.date(2026, 11, 1), dt.date(2027, 2, 1)],
            "done_on": [None, None],
            "overdue": [True, False],
        }
    )
    figure = charts.gantt(
        projects,
        milestones,
        today=today,
        status_labels={"ongoing": "Pågår <i>", "planned": "Planlagt"},
        milestone_label="Milepæl <b>",
        overdue_label="Forfalt",
        today_label="I dag <br>",
    )
    _assert_plain(figure)
    bars, *marks = figure.data
    assert bars.customdata[0][0] == html.escape(MARKUP, quote=False)
    assert _shown(bars.customdata[0][0]) == MARKUP and _shown(bars.customdata[0][1]) == "Pågår <i>"
    assert [_shown(mark.text[0]) for mark in marks] == [
        "<span style='mask-image:url(https://tracker.example.com/ms.png)'>M</span>",
        MARKUP,
    ]
    assert [_shown(mark.name) for mark in marks] == ["Milepæl <b>", "Forfalt"]
    ticks = figure.layout.yaxis.ticktext
    # Shortened first, then escaped: no reference is cut in half; the status follows in words.
    assert _shown(ticks[0]) == MARKUP[:47] + "… · Pågår <i>"
    assert _shown(ticks[1]) == "Kort <b>tittel</b> · Planlagt"
    assert _shown(figure.layout.annotations[0].text) == "I dag <br>"


def test_the_coverage_treemap_shows_units_people_and_the_body_as_typed():
    units = pd.DataFrame(
        {
            "id": [1, 2],
            "name": [MARKUP, "Oslo <b>kommune</b>"],
            "kind": ["sub_region", "municipality"],
            "status": ["direct", "missing"],
            "people": ["Kari <a href='https://tracker.example.com/p'>N</a>", ""],
        }
    )
    municipalities = pd.DataFrame(
        {
            "sub_region_id": [1],
            "unit_id": [3],
            "name": ["<img src=https://tracker.example.com/k.png>"],
            "represented": [True],
        }
    )
    figure = charts.coverage_treemap(
        units,
        municipalities,
        root="Faggruppe <a href='https://tracker.example.com/root'>x</a>",
        group_labels={"sub_region": "Delregioner", "municipality": "Kommuner <br>"},
        cover_words={"direct": "dekket <b>", "missing": "mangler", "represented": "representerer"},
    )
    _assert_plain(figure)
    (tree,) = figure.data
    shown_labels = [_shown(label) for label in tree.labels]
    assert shown_labels == [
        "Faggruppe <a href='https://tracker.example.com/root'>x</a>",
        "Delregioner",
        "Kommuner <br>",
        MARKUP,
        "Oslo <b>kommune</b>",
        "<img src=https://tracker.example.com/k.png>",
    ]
    assert _shown(tree.hovertext[3]) == f"{MARKUP}: Kari <a href='https://tracker.example.com/p'>N</a>"


def test_bars_by_label_show_their_labels_as_typed():
    frame = pd.DataFrame({"label": [MARKUP, "Faggruppe <b>x</b>"], "count": [3, 1], "share": [0.5, None]})
    for figure in (
        charts.bar_counts(frame, label="label", value="count", value_title="Antall <b>"),
        charts.bar_shares(frame, label="label", share="share", share_title="Andel <b>"),
    ):
        _assert_plain(figure)
        assert [_shown(label) for label in figure.data[0].y] == [MARKUP, "Faggruppe <b>x</b>"]
        assert _shown(figure.layout.xaxis.title.text).endswith("<b>")


def test_project_counts_by_status_and_strategy_points_show_their_words_as_typed():
    counts = pd.DataFrame({"status": ["ongoing", "odd <b>"], "count": [2, 1]})
    figure = charts.status_columns(counts, status="status", count="count", labels={"ongoing": "Pågår <i>"})
    _assert_plain(figure)
    assert [_shown(label) for label in figure.data[0].x] == ["Pågår <i>", "odd <b>"]
    points = pd.DataFrame({"label": [f"3.1 {MARKUP[:40]}"], "planned": [1], "ongoing": [0], "completed": [2]})
    statuses = {"planned": "planlagt %{x} <b>", "ongoing": "pågår", "completed": "fullført"}
    figure = charts.coverage_bars(points, label="label", statuses=statuses)
    _assert_plain(figure)
    assert {_shown(trace.y[0]) for trace in figure.data} == {f"3.1 {MARKUP[:40]}"}
    assert _shown(figure.data[0].name) == "planlagt %{x} <b>"
    # The legend name is not part of the hover template (a placeholder in it would be filled in).
    assert {trace.hovertemplate for trace in figure.data} == {"%{y}: %{x} %{fullData.name}<extra></extra>"}


@pytest.mark.parametrize(("percent", "shown"), [(" %", " %"), ("%", "%"), ("<b>%{x}</b>", "%")])
def test_shares_are_drawn_as_per_cent_figures_with_the_languages_sign(percent, shown):
    frame = pd.DataFrame({"label": ["Faggruppe"], "share": [0.46], "month": [dt.date(2026, 1, 1)]})
    bars = charts.bar_shares(frame, label="label", share="share", percent=percent)
    assert list(bars.data[0].x) == [46.0] and bars.layout.xaxis.range == (0, 100)
    assert bars.data[0].texttemplate == "%{x:.0f}" + shown and bars.layout.xaxis.ticksuffix == shown
    assert bars.data[0].hovertemplate == "%{y}: %{x:.0f}" + shown + "<extra></extra>"
    line = charts.share_line(frame, x="month", share="share", percent=percent)
    assert list(line.data[0].y) == [46.0] and line.layout.yaxis.ticksuffix == shown
    assert line.data[0].hovertemplate == "%{x|%m.%Y}: %{y:.0f}" + shown + "<extra></extra>"


def test_the_coverage_history_line_escapes_its_axis_title():
    months = pd.DataFrame({"month": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)], "share": [0.5, 0.75]})
    figure = charts.share_line(months, x="month", share="share", share_title="Andel <a href='x'>dekket</a>")
    _assert_plain(figure)
    assert _shown(figure.layout.yaxis.title.text) == "Andel <a href='x'>dekket</a>"
