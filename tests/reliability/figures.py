"""The suite's figures: each test records what it measured, and the run ends by printing them, one
line per test (also when a test failed, so the figure says by how much): the reliability suite's
(`figures`), the permission table's cells (`permission_cells`) and the accessibility test's
(`accessibility_figures`), each in a section of its own."""

from __future__ import annotations

import pytest

# Figures travel on the test's report (its user properties), so that a run split over pytest-xdist
# workers prints them in the process that writes the summary. Property name -> section title and the
# prefix left off the test ids in it.
_PROPERTY = "reliability_figure"
_ACCESSIBILITY = "accessibility_figure"
_CELLS = "permission_cell"
_SECTIONS = {
    _PROPERTY: ("reliability figures", "tests/reliability/"),
    _CELLS: ("permission table (what each role got, cell by cell)", "tests/reliability/"),
    _ACCESSIBILITY: ("accessibility figures", "tests/browser/"),
}
_FIGURES: dict[str, dict[str, list[str]]] = {name: {} for name in _SECTIONS}


class Figures:
    """`figures.record("1,000 rows, 0 lost, 0 locked, 0 errors")` from inside a test."""

    def __init__(self, node: pytest.Item, name: str = _PROPERTY) -> None:
        self._node = node
        self._name = name

    def record(self, text: str) -> None:
        self._node.user_properties.append((self._name, text))


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node)


@pytest.fixture
def permission_cells(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node, _CELLS)


@pytest.fixture
def accessibility_figures(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node, _ACCESSIBILITY)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":  # the last report of a test carries every figure it recorded
        return
    for name, (_, prefix) in _SECTIONS.items():
        texts = [value for key, value in report.user_properties if key == name]
        if texts:
            _FIGURES[name][report.nodeid.removeprefix(prefix)] = texts


def pytest_terminal_summary(terminalreporter) -> None:
    for name, (title, _) in _SECTIONS.items():
        if not _FIGURES[name]:
            continue
        terminalreporter.section(title)
        for test_id, texts in _FIGURES[name].items():
            if name == _CELLS:  # a table: one row per line
                terminalreporter.write_line(f"{test_id}:")
                for text in texts:
                    terminalreporter.write_line(f"  {text}")
            else:
                terminalreporter.write_line(f"{test_id}: {'; '.join(texts)}")
