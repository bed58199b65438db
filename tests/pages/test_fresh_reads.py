"""Cached reads are never stale: a page shows a value, a service writes it anew outside the page, and the
page's next run shows the new value, with nothing cleared by hand (a ttl'd cache showed the old one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, event

from osloreg.db import read_session
from osloreg.enums import AdviceState, ProjectStatus, Role
from osloreg.models import Advice
from osloreg.services.advice import decide_advice
from osloreg.services.base import Actor
from osloreg.services.projects import create_project
from osloreg.ui.kit import session as app_session
from tests.factories import make_advice, make_body, make_project
from tests.pages.conftest import ROLE_USERS, add_users, build_world, page_test, world_copy

GROUP = "Faggruppe for næringssamarbeid"
FIRST, SECOND = "Råd om talentsatsingen", "Råd om Team Oslo"
DIRECTOR = Actor(user_id=None, username="direktor", roles=frozenset({Role.DIRECTOR}))
COORDINATOR = Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}))


def _world(engine: Engine) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    with read_session(engine) as session:
        group = make_body(session, name=GROUP)
        make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=FIRST,
            submitted_at=now - dt.timedelta(days=5),
        )
        make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=SECOND,
            submitted_at=now - dt.timedelta(days=1),
        )
        make_project(session, title="Oslo Talent Pool", status=ProjectStatus.ONGOING, body=group)
        session.commit()
        add_users(session, ROLE_USERS)


@pytest.fixture(scope="module")
def world_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(sqlite_template, tmp_path_factory.mktemp("fresh_reads"), _world)


@pytest.fixture
def world(world_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with world_copy(world_template, tmp_path, monkeypatch) as engine:
        yield engine


def _run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def test_the_inbox_no_longer_shows_an_advice_the_director_decided_elsewhere_on_its_next_run(world):
    at = _run(page_test("pages/decisions.py", username="direktor"))
    assert list(at.dataframe[0].value["title"]) == [FIRST, SECOND]
    with read_session(world) as session:
        first = session.scalar(sa.select(Advice.id).where(Advice.title == FIRST))
        session.commit()
        decide_advice(session, actor=DIRECTOR, advice_id=first, outcome="followed")

    _run(at)  # the next run of the same session, as after any click

    assert list(at.dataframe[0].value["title"]) == [SECOND]


def test_the_pipeline_shows_a_project_registered_elsewhere_on_its_next_run(world):
    at = _run(page_test("pages/pipeline.py", username="leser"))
    assert "Prosjekter (1)" in _texts(at)
    assert list(at.dataframe[0].value["title"]) == ["Oslo Talent Pool"]
    with read_session(world) as session:
        create_project(session, actor=COORDINATOR, title="Team Oslo", status=ProjectStatus.IDEA)

    _run(at)

    assert "Prosjekter (2)" in _texts(at)
    assert sorted(at.dataframe[0].value["title"]) == ["Oslo Talent Pool", "Team Oslo"]


def test_a_run_of_a_page_with_many_cached_reads_looks_the_versions_up_once(world):
    statements: list[str] = []
    # The app's own engine (a process-wide resource): every connection it opens from now on is traced.
    event.listen(
        app_session.engine(), "connect", lambda dbapi, _record: dbapi.set_trace_callback(statements.append)
    )
    at = page_test("pages/pipeline.py", username="koordinator")
    for _ in range(2):
        statements.clear()
        _run(at)
        look_ups = [sql for sql in statements if "FROM data_versions" in sql]
        assert len(look_ups) == 1, look_ups
        assert len(statements) > 3  # the page's own reads went through the same engine
