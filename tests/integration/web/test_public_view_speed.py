"""The public view on the demo data, over real HTTP on SQLite and PostgreSQL: the busiest meeting page and
the front page answer in well under 100 ms (the median of a few requests)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest

from benchmarks.public_view import busiest_meeting
from tests.conftest import test_settings
from tests.web_server import WebServer, serving

BUDGET_S = 0.1
REQUESTS = 7


@pytest.fixture(scope="module")
def web(loaded_demo) -> Iterator[WebServer]:
    with serving(test_settings(loaded_demo.engine), loaded_demo.engine) as server:
        yield server


def median_seconds(web: WebServer, path: str) -> float:
    assert web.request(path).status == 200  # the first request warms the pool
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        answer = web.request(path)
        timings.append(time.perf_counter() - started)
        assert answer.status == 200 and b"<h1>" in answer.body
    return statistics.median(timings)


def test_the_busiest_meeting_page_of_the_demo_answers_in_well_under_100_ms(web, loaded_demo):
    meeting = busiest_meeting(loaded_demo.engine)
    assert median_seconds(web, f"/offentlig/mote/{meeting}.html") < BUDGET_S


def test_the_front_page_of_the_demo_answers_in_well_under_100_ms(web):
    assert median_seconds(web, "/offentlig/") < BUDGET_S
