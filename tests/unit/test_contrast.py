"""Text contrast (WCAG 2.1 1.4.3, at least 4.5:1) of every colour pair the app draws text in: the theme
of .streamlit/config.toml as Streamlit uses it, and every text of every chart on what it lies on."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from osloreg import chart_text, charts, colours
from osloreg.colours import (
    CAPTION_OPACITY,
    MIN_TEXT,
    NAV_LINK_OPACITY,
    PILL_OPACITY,
    contrast_ratio,
    over,
    rgba,
    text_on,
)

ROOT = Path(__file__).resolve().parents[2]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
PALETTE = ("red", "orange", "yellow", "blue", "green", "violet", "gray")
ALERTS = ("red", "yellow", "blue", "green")  # st.error, st.warning, st.info, st.success


def test_the_contrast_ratio_follows_wcag_s_formula():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#1f5f8b", "#1f5f8b") == pytest.approx(1.0)
    assert contrast_ratio("#FFFFFF", "#767676") == pytest.approx(contrast_ratio("#767676", "#fff"))
    # #767676 is the lightest grey that passes on white (4.54:1), #777777 the first that fails.
    assert round(contrast_ratio("#767676", "#FFFFFF"), 2) == 4.54
    assert contrast_ratio("#777777", "#FFFFFF") < MIN_TEXT
    assert rgba("rgba(27, 31, 36, 0.6)") == (27, 31, 36, 0.6) and rgba("#abc") == (170, 187, 204, 1.0)
    # Translucent text is read as the colour it makes on its background.
    assert over("rgba(0, 0, 0, 0.5)", "#FFFFFF") == over("#000000", "#FFFFFF", opacity=0.5) == "#808080"
    with pytest.raises(ValueError):
        contrast_ratio("rgba(0, 0, 0, 0.5)", "#FFFFFF")
    assert text_on("#FFFFFF") == colours.TEXT and text_on(colours.TEXT) == colours.WHITE


def _theme_pairs() -> Iterator[tuple[str, str, str]]:
    """(what, text colour, background) for each text the theme draws."""
    text, page, panel, primary = (
        THEME["textColor"],
        THEME["backgroundColor"],
        THEME["secondaryBackgroundColor"],
        THEME["primaryColor"],
    )
    for where, background in (("page", page), ("sidebar and fields", panel)):
        yield f"text on the {where}", text, background
        yield f"caption on the {where}", over(text, background, opacity=CAPTION_OPACITY), background
    yield "sidebar page link", over(text, panel, opacity=NAV_LINK_OPACITY), panel
    yield "primary colour as text (chosen tab, link button)", primary, page
    yield "primary button", "#FFFFFF", primary
    chosen = over(primary, panel, opacity=PILL_OPACITY)
    yield "chosen pill in the sidebar (language)", primary, chosen
    for colour in PALETTE:
        yield f":{colour}[...] on the page", THEME[f"{colour}TextColor"], page
    for colour in ALERTS:
        yield f"{colour} alert", THEME[f"{colour}TextColor"], THEME[f"{colour}BackgroundColor"]
    yield "today in the calendar (:red-background)", text, THEME["redBackgroundColor"]


THEME_PAIRS = list(_theme_pairs())


@pytest.mark.parametrize(("what", "text", "background"), THEME_PAIRS, ids=[what for what, *_ in THEME_PAIRS])
def test_the_theme_s_text_has_at_least_4_5_to_1(what, text, background):
    assert contrast_ratio(text, background) >= MIN_TEXT, (what, text, background)


# The keyboard focus ring (osloreg/ui/kit/focus.css) lies 2 px outside the control, on the page, the
# sidebar or a field's panel; WCAG 1.4.11 asks 3:1 of it against what is next to it.
FOCUS_CSS = (ROOT / "osloreg" / "ui" / "kit" / "focus.css").read_text(encoding="utf-8")
MIN_FOCUS_RING = 3.0


def test_the_focus_ring_has_at_least_3_to_1_on_every_background_it_lies_on():
    rings = set(re.findall(r"outline:\s*(\d+)px solid (#[0-9A-Fa-f]{6})", FOCUS_CSS))
    assert rings, "focus.css draws no outline"
    for width, colour in rings:
        assert int(width) >= 2, width
        for where in ("backgroundColor", "secondaryBackgroundColor"):
            assert contrast_ratio(colour, THEME[where]) >= MIN_FOCUS_RING, (colour, where)
    # Drawn in the primary colour, so it also reads beside a primary button (the ring is offset from it).
    assert {colour.lower() for _, colour in rings} == {THEME["primaryColor"].lower()}


def test_the_charts_text_colour_and_page_are_the_theme_s():
    assert colours.TEXT.lower() == THEME["textColor"].lower()
    assert charts.PAGE.lower() == THEME["backgroundColor"].lower()


@pytest.mark.parametrize("status", list(charts.STATUS_COLOURS))
def test_a_figure_on_a_status_colour_reads_in_the_colour_chosen_for_it(status):
    fill = charts.STATUS_COLOURS[status]
    assert contrast_ratio(text_on(fill), fill) >= MIN_TEXT


# --- Every text of every chart, on what it lies on -------------------------------------------------------

TODAY = dt.date(2026, 12, 1)
STATUSES = list(charts.STATUS_COLOURS)


def _figures() -> dict[str, go.Figure]:
    """Each chart of the app as its chart_text function draws it, with every status it can show."""
    counts = pd.DataFrame({"status": STATUSES, "count": [1, 2, 30, 4, 5, 6]})
    projects = pd.DataFrame(
        {
            "id": [1, 2],
            "title": ["Næringsarealer", "Grønn mobilitet"],
            "status": ["ongoing", "planned"],
            "start_on": [dt.date(2026, 1, 1), dt.date(2026, 6, 1)],
            "end_on": [dt.date(2027, 1, 1), None],
            "progress": [40, 0],
        }
    )
    milestones = pd.DataFrame(
        {
            "project_id": [1, 2],
            "title": ["Vedtak", "Oppstart"],
            "due_on": [TODAY, TODAY],
            "overdue": [True, False],
        }
    )
    points = pd.DataFrame(
        {
            "point": ["3.1"],
            "label": ["Kunnskap"],
            "planned": [1],
            "ongoing": [2],
            "completed": [3],
            "active": [3],
        }
    )
    groups = pd.DataFrame(
        {"body": ["Faggruppe"], "expected": [4], "covered": [3], "share": [0.75], "missing": [["Asker"]]}
    )
    units = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "name": ["Follo", "Vestfold", "Asker", "Hadeland"],
            "kind": ["sub_region", "sub_region", "sub_region", "county"],
            "status": ["direct", "indirect", "missing", "unresolved"],
            "people": ["Kari", "Per", "", ""],
        }
    )
    municipalities = pd.DataFrame(
        {
            "sub_region_id": [2, 2],
            "unit_id": [7, 8],
            "name": ["Horten", "Holmestrand"],
            "represented": [True, False],
        }
    )
    months = pd.DataFrame(
        {"month": [dt.date(2026, 11, 1), TODAY], "expected": [4, 4], "covered": [2, 3], "share": [0.5, 0.75]}
    )
    kinds = {"sub_region": "Delregioner", "county": "Fylkeskommuner"}
    return {
        "overview statuses": chart_text.projects_by_status(counts, "nb", value_title="Antall").figure,
        "overview coverage": chart_text.group_coverage(groups, "nb", share_title="Andel").figure,
        "pipeline statuses": chart_text.pipeline_statuses(counts, "nb").figure,
        "timeline": chart_text.timeline(projects, milestones, "nb", today=TODAY).figure,
        "strategy": chart_text.strategy_points(points, "nb").figure,
        "treemap": chart_text.unit_coverage(
            units, municipalities, "nb", body="Faggruppe", group_labels=kinds
        ).figure,
        "coverage over time": chart_text.coverage_months(months, "nb", share_title="Andel").figure,
    }


def _each(value, count: int) -> list:
    return list(value) if isinstance(value, list | tuple) else [value] * count


def text_pairs(figure: go.Figure) -> Iterator[tuple[str, str, str]]:
    """(where, text colour, background) for every text the figure draws; a text whose colour the
    figure leaves to Streamlit's theme fails here, as it would be drawn in the theme's grey."""
    spec = figure.to_plotly_json()
    layout = spec["layout"]
    page = charts.PAGE
    cartesian = any(trace["type"] in ("bar", "scatter") for trace in spec["data"])
    if cartesian:
        for axis in ("xaxis", "yaxis"):
            yield f"{axis} ticks", layout[axis]["tickfont"]["color"], page
            yield f"{axis} title", layout[axis]["title"]["font"]["color"], page
    if layout.get("showlegend"):
        yield "legend", layout["legend"]["font"]["color"], page
    for annotation in layout.get("annotations", []):
        yield f"annotation {annotation['text']}", annotation["font"]["color"], page
    for index, trace in enumerate(spec["data"]):
        if trace["type"] == "bar" and ("text" in trace or "texttemplate" in trace):
            count = len(trace["x"])
            fills = _each(trace["marker"]["color"], count)
            for fill, colour in zip(fills, _each(trace["insidetextfont"]["color"], count), strict=True):
                yield f"trace {index}: figure inside a bar", colour, fill
            yield f"trace {index}: figure beside a bar", trace["outsidetextfont"]["color"], page
        if trace["type"] == "treemap":
            marker = trace["marker"]
            pattern = marker["pattern"]
            for tile, label in enumerate(trace["labels"]):
                fill, colour = marker["colors"][tile], trace["textfont"]["color"][tile]
                yield f"tile {label}", colour, fill
                assert trace["insidetextfont"]["color"][tile] == colour
                if pattern["shape"][tile]:
                    # Drawn over the tile's colour (plotly's default background is white).
                    assert (pattern["fillmode"], pattern["bgcolor"][tile]) == ("overlay", fill)
                    hatch = over(pattern["fgcolor"][tile], fill, opacity=pattern["fgopacity"])
                    yield f"tile {label}, on its hatch", colour, hatch
            yield "treemap's path bar", trace["pathbar"]["textfont"]["color"], page


FIGURES = _figures()
PAIRS = [(name, *pair) for name, figure in FIGURES.items() for pair in text_pairs(figure)]


@pytest.mark.parametrize(
    ("chart", "where", "text", "background"), PAIRS, ids=[f"{p[0]}: {p[1]}" for p in PAIRS]
)
def test_every_text_of_every_chart_has_at_least_4_5_to_1(chart, where, text, background):
    assert contrast_ratio(text, background) >= MIN_TEXT, (chart, where, text, background)


def test_the_lowest_contrast_of_the_theme_and_the_charts(capsys):
    """The figure to report: the lowest ratio found, and where."""
    found = [
        (contrast_ratio(text, background), what, text, background) for what, text, background in THEME_PAIRS
    ]
    found += [(contrast_ratio(t, b), f"{chart}: {where}", t, b) for chart, where, t, b in PAIRS]
    lowest = min(found)
    with capsys.disabled():
        print(
            f"\ncontrast: {len(found)} colour pairs, lowest {lowest[0]:.2f}:1 ({lowest[1]}: {lowest[2]} on "
            f"{lowest[3]})"
        )
    assert lowest[0] >= MIN_TEXT
    assert {"treemap", "timeline", "strategy"} <= {name for name, *_ in PAIRS}
