"""Charts drawn from hostile names, on SQLite and PostgreSQL: every chart on the overview, the pipeline
(status columns, timeline with milestones, strategy coverage) and the coverage page (treemap, month by
month) hands plotly the names as plain text, so plotly draws no link, style or image from them."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from osloreg import i18n
from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import MembershipRole, ProjectStatus, UnitKind
from osloreg.models import Milestone, ProjectPoint, StrategyArea, StrategyPeriod, StrategyPoint
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
from tests.unit.test_charts import _assert_plain


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
