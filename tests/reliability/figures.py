"""The reliability suite's figures: each test records what it measured, and the run ends by printing
them, one line per test (also when a test failed, so the figure says by how much)."""

from __future__ import annotations

import pytest

# Figures travel on the test's report (its user properties), so that a run split over pytest-xdist
# workers prints them in the process that writes the summary.
_PROPERTY = "reliability_figure"
_FIGURES: dict[str, list[str]] = {}


class Figures:
    """`figures.record("1,000 rows, 0 lost, 0 locked, 0 errors")` from inside a test."""

    def __init__(self, node: pytest.Item) -> None:
        self._node = node

    def record(self, text: str) -> None:
        self._node.user_properties.append((_PROPERTY, text))


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":  # the last report of a test carries every figure it recorded
        return
    texts = [value for name, value in report.user_properties if name == _PROPERTY]
    if texts:
        _FIGURES[report.nodeid.removeprefix("tests/reliability/")] = texts


def pytest_terminal_summary(terminalreporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    for test_id, texts in _FIGURES.items():
        terminalreporter.write_line(f"{test_id}: {'; '.join(texts)}")
