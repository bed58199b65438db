"""Charts drawn from hostile names, on SQLite and PostgreSQL: every chart on the overview, the pipeline
(status columns, timeline with milestones, strategy coverage) and the coverage page (treemap, month by
month) hands plotly the names as plain text, so plotly draws no link, style or image from them; and
each says its key figure in words beside it and shows its data as a table one click away, with the
numbers the chart draws."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pytest
from sqlalchemy import Engine

from osloreg import i18n
from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import MembershipRole, ProjectStatus, UnitKind
from osloreg.models import Milestone, ProjectPoint, StrategyArea, StrategyPeriod, StrategyPoint
from osloreg.ui.kit.charts import table_key
from tests.factories import (
    make_body,
    make_membership,
    make_person,
    make_project,
    make_sub_region_member,
    make_unit,
)
from tests.pages.conftest import add_users, app_database, page_test
from tests.reliability.test_faults import _search_path_url
from tests.unit.test_charts import _assert_plain, _shown


def _markup(where: str) -> str:
    """What a coordinator can put into a name: a live link and CSS that fetches a remote picture."""
    return (
        f'<a href="https://tracker.example.com/{where}">Godkjenn her</a> '
        f'<span style="mask-image:url(https://tracker.example.com/{where}.png)">{where}</span>'
    )


NAMES = {
    where: _markup(where)
    for where in ("body", "subregion", "municipality", "county", "person", "project", "milestone", "point")
}


def _world(engine: Engine) -> None:
    day = today()
    with read_session(engine) as session:
        make_unit(session, name="Oslo kommune", county_level=True)
        region = make_unit(session, kind=UnitKind.SUB_REGION, name=NAMES["subregion"])
        town = make_unit(session, name=NAMES["municipality"])
        county = make_unit(session, kind=UnitKind.COUNTY, name=NAMES["county"])
        make_sub_region_member(session, sub_region=region, municipality=town)
        group = make_body(session, name=NAMES["body"])
        person = make_person(session, name=NAMES["person"])
        make_membership(
            session,
            person=person,
            body=group,
            role=MembershipRole.LEADER,
            represents=county,
            start_on=day - dt.timedelta(days=400),
        )
        period = StrategyPeriod(name="Strategiske føringer", start_year=day.year - 1, end_year=day.year + 2)
        area = StrategyArea(period=period, number=3, name="Konkurransekraft")
        point = StrategyPoint(area=area, number=1, text=NAMES["point"])
        session.add_all([period, area, point])
        session.flush()
        project = make_project(
            session,
            title=NAMES["project"],
            status=ProjectStatus.ONGOING,
            body=group,
            start_on=day - dt.timedelta(days=100),
            end_on=day + dt.timedelta(days=100),
        )
        session.add_all(
            [
                ProjectPoint(project_id=project.id, point_id=point.id),
                Milestone(project_id=project.id, title=NAMES["milestone"], due_on=day - dt.timedelta(days=5)),
            ]
        )
        session.commit()
        add_users(session, {"koordinator": "coordinator"})


@pytest.fixture
def hostile_charts(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[Engine]:
    _world(engine)
    with app_database(_search_path_url(engine), monkeypatch, tmp_path):
        yield engine


def _charts(page: str, tab: tuple[str, str] | None = None) -> list[dict]:
    at = page_test(page, username="koordinator")
    if tab is not None:
        at.session_state[tab[0]] = i18n.translate(tab[1], i18n.DEFAULT_LANGUAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_every_chart_shows_hostile_names_as_plain_text(hostile_charts: Engine):
    views = {
        "overview": _charts("pages/overview.py"),
        "pipeline": _charts("pages/pipeline.py"),
        "timeline": _charts("pages/pipeline.py", ("pipeline_tab", "pipeline.tab.timeline")),
        "strategy": _charts("pages/pipeline.py", ("pipeline_tab", "pipeline.tab.strategy")),
        "coverage": _charts("pages/coverage.py"),
        "history": _charts("pages/coverage.py", ("coverage_tab", "coverage.tab.history")),
    }
    # Every chart of these views is drawn (the check below is not vacuous).
    assert {view: len(figures) for view, figures in views.items()} == {
        "overview": 2,
        "pipeline": 1,
        "timeline": 1,
        "strategy": 1,
        "coverage": 1,
        "history": 1,
    }
    carried: set[str] = set()
    for figures in views.values():
        for spec in figures:
            carrying = _assert_plain(_Figure(spec))
            for _path, text in carrying:
                carried |= {where for where, name in NAMES.items() if html.escape(name, quote=False) in text}
    # Each hostile name reached a chart, escaped whole (the gantt's tick text is shortened, but its
    # hover text carries the title in full); a strategy point's bar shows its first 40 characters.
    assert carried == set(NAMES) - {"point"}
    (strategy,) = views["strategy"]
    assert strategy["data"][0]["y"] == [html.escape(f"3.1 {NAMES['point'][:40]}", quote=False)]


class _Figure:
    """A figure's JSON as `_assert_plain` reads it."""

    def __init__(self, spec: dict) -> None:
        self._spec = spec

    def to_plotly_json(self) -> dict:
        return self._spec


# --- Each chart's text alternative: the key figure in words, the data as a table -----------------------

# The charts by key (osloreg/ui/kit/charts.py), with the view that draws them.
CHART_VIEWS = {
    "overview": ("pages/overview.py", None, ("overview_status_chart", "overview_coverage_chart")),
    "pipeline": ("pages/pipeline.py", None, ("pipeline_status_chart",)),
    "timeline": ("pages/pipeline.py", ("pipeline_tab", "pipeline.tab.timeline"), ("pipeline_gantt",)),
    "strategy": (
        "pages/pipeline.py",
        ("pipeline_tab", "pipeline.tab.strategy"),
        ("pipeline_strategy_chart",),
    ),
    "coverage": ("pages/coverage.py", None, ("coverage_treemap",)),
    "history": ("pages/coverage.py", ("coverage_tab", "coverage.tab.history"), ("coverage_history_chart",)),
}


@dataclass
class Shown:
    """A chart as the user meets it: the figure plotly draws, the words beside it, the table behind
    "Vis som tabell"."""

    figure: dict
    words: str
    table: pd.DataFrame


def _shown_charts(page: str, tab: tuple[str, str] | None, keys: tuple[str, ...]) -> dict[str, Shown]:
    """Run the page with every chart's "Vis som tabell" opened, as a person clicks it."""
    at = page_test(page, username="koordinator")
    if tab is not None:
        at.session_state[tab[0]] = _nb(tab[1])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    closed = [expander.label for expander in at.expander if expander.label == _nb("chart_text.show_table")]
    assert len(closed) == len(keys)
    for key in keys:
        at.session_state[table_key(key)] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found: list[Shown] = []
    figure: dict | None = None
    words: str | None = None
    for node in at.main:
        kind = getattr(node, "type", None)
        if kind == "plotly_chart":
            figure, words = json.loads(node.proto.spec), None
        elif kind == "text" and figure is not None and words is None:
            words = node.value
        elif kind == "expander" and figure is not None and node.label == _nb("chart_text.show_table"):
            (table,) = [inner.value for inner in node if getattr(inner, "type", None) == "dataframe"]
            found.append(Shown(figure, words or "", table))
            figure = None
    assert len(found) == len(keys), (keys, len(found))
    return dict(zip(keys, found, strict=True))


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


def _column(table: pd.DataFrame, key: str) -> list:
    return list(table[_nb(key)])


def test_every_chart_says_its_key_figure_in_words_and_shows_its_data_as_a_table(hostile_charts: Engine):
    shown = {
        key: chart
        for page, tab, keys in CHART_VIEWS.values()
        for key, chart in _shown_charts(page, tab, keys).items()
    }
    assert set(shown) == {key for *_, keys in CHART_VIEWS.values() for key in keys}
    ongoing = _nb("project_status.ongoing")

    # Projects per status, on the overview (bars) and in the pipeline (columns): the same counts.
    for key, labels, counts in (
        ("overview_status_chart", "y", "x"),
        ("pipeline_status_chart", "x", "y"),
    ):
        chart = shown[key]
        (bars,) = chart.figure["data"]
        assert _column(chart.table, "chart_text.col.status") == [_shown(label) for label in bars[labels]]
        assert _column(chart.table, "chart_text.col.projects") == bars[counts]
        total = sum(bars[counts])
        assert total == 1 and chart.words.endswith(f": {total}. {ongoing}: 1.")

    # The least covered expert group: its share on the bar, in the table and in words.
    chart = shown["overview_coverage_chart"]
    (bars,) = chart.figure["data"]
    assert _column(chart.table, "chart_text.col.group") == [_shown(label) for label in bars["y"]]
    assert _column(chart.table, "chart_text.col.share") == [round(value) for value in bars["x"]]
    covered = _column(chart.table, "chart_text.col.covered")[0]
    expected = _column(chart.table, "chart_text.col.expected")[0]
    assert round(100 * covered / expected) == round(bars["x"][0])
    assert chart.words == _nb(
        "chart_text.groups.words",
        body=NAMES["body"],
        covered=covered,
        expected=expected,
        missing=expected - covered,
    )

    # The timeline: each row's project and status, and the overdue milestone, in the table and in words.
    chart = shown["pipeline_gantt"]
    bars, *marks = chart.figure["data"]
    ticks = chart.figure["layout"]["yaxis"]["ticktext"]
    rows = zip(
        _column(chart.table, "chart_text.col.project"),
        _column(chart.table, "chart_text.col.status"),
        strict=True,
    )
    assert [f"{title[:47]}… · {status}" for title, status in rows] == [_shown(tick) for tick in ticks]
    (overdue,) = [mark for mark in marks if mark["marker"]["symbol"] == "x"]
    assert _column(chart.table, "chart_text.col.milestones") == [
        _nb(
            "chart_text.milestone.overdue",
            title=_shown(overdue["text"][0]),
            date=today() - dt.timedelta(days=5),
        )
    ]
    assert _column(chart.table, "chart_text.col.progress") == [bar[2] for bar in bars["customdata"]]
    assert chart.words == _nb("chart_text.timeline.words", count=1, parts=f"{ongoing}: 1", overdue=1)

    # The strategy point: its projects per status, a bar segment each.
    chart = shown["pipeline_strategy_chart"]
    for trace in chart.figure["data"]:
        assert _column(chart.table, "chart_text.col.point") == [_shown(label) for label in trace["y"]]
        assert list(chart.table[_shown(trace["name"])]) == trace["x"]
    assert chart.words == _nb("chart_text.strategy.words", active=1, points=1, idle=0)

    # The treemap: each unit's coverage in a mark and a word, on its tile and in the table.
    chart = shown["coverage_treemap"]
    (tree,) = chart.figure["data"]
    tiles = {_shown(label): _shown(text) for label, text in zip(tree["labels"], tree["text"], strict=True)}
    table = dict(
        zip(
            _column(chart.table, "chart_text.col.unit"),
            _column(chart.table, "chart_text.col.cover"),
            strict=True,
        )
    )
    assert table == {unit: tiles[unit] for unit in table}
    # Each name as the treemap shows it: with its basis (the factories' units are illustrative).
    demo = f" ({_nb('coverage.basis.illustrative')})"
    assert table == {
        f"Oslo kommune{demo}": "✗ mangler",
        f"{NAMES['subregion']}{demo}": "✗ mangler",
        f"{NAMES['county']}{demo}": "✓ dekket",
    }
    assert chart.words == _nb("chart_text.units.words", covered=1, expected=3, body=NAMES["body"], missing=2)

    # Month by month: the shares on the line are the table's.
    chart = shown["coverage_history_chart"]
    (line,) = chart.figure["data"]
    assert _column(chart.table, "chart_text.col.share") == [
        None if y is None else round(y) for y in line["y"]
    ]
    assert chart.words.startswith(f"{today():01.%m.%Y}: 1 av 3 enheter dekket (33 %).")
