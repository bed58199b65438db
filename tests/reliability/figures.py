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
# The reliability figures are printed under what they prove (the points of the proof suite, issue 22),
# each module under one heading; a module not named here comes last, under "more".
_POINTS = {
    "1. many people at once": ("test_many_sessions.py", "test_concurrency.py"),
    "2. faults": (
        "test_mail_faults.py",
        "test_sso_faults.py",
        "test_storage_faults.py",
        "test_document_restore.py",
        "test_faults.py",
    ),
    "3. permissions": ("test_permissions.py", "test_read_permissions.py"),
    "4. hostile input": (
        "test_hostile_fields.py",
        "test_hostile_text.py",
        "test_hostile_attendance.py",
        "test_hostile_papers.py",
        "test_hostile_mail.py",
        "test_hostile_calendar.py",
        "test_hostile_search.py",
        "test_hostile_public.py",
        "test_hostile_files.py",
        "test_hostile_browser.py",
        "test_remote_content.py",
        "test_import_limits.py",
    ),
    "5. the security review, re-run": (
        "test_security_review_table.py",
        "test_security_review.py",
        "test_security_review_input.py",
        "test_security_review_files.py",
        "test_security_review_server.py",
        "test_authentication.py",
        "test_configuration.py",
        "test_audit_tamper.py",
        "test_audit_chain_cost.py",
        "test_clicks.py",
    ),
}


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


def _by_point(figures: dict[str, list[str]]) -> list[tuple[str | None, list[str]]]:
    """(heading, test ids) in the order of _POINTS, the modules named nowhere last."""
    point_of = {module: point for point, modules in _POINTS.items() for module in modules}
    order = {point: index for index, point in enumerate(_POINTS)}
    grouped: dict[str, list[str]] = {}
    for test_id in figures:
        grouped.setdefault(point_of.get(test_id.split("::")[0], "more"), []).append(test_id)
    return sorted(grouped.items(), key=lambda item: order.get(item[0], len(order)))


def pytest_terminal_summary(terminalreporter) -> None:
    for name, (title, _) in _SECTIONS.items():
        if not _FIGURES[name]:
            continue
        terminalreporter.section(title)
        if name == _CELLS:  # a table: one row per line
            for test_id, texts in _FIGURES[name].items():
                terminalreporter.write_line(f"{test_id}:")
                for text in texts:
                    terminalreporter.write_line(f"  {text}")
            continue
        groups = _by_point(_FIGURES[name]) if name == _PROPERTY else [(None, list(_FIGURES[name]))]
        for heading, test_ids in groups:
            if heading:
                terminalreporter.write_line(f"-- {heading}")
            for test_id in test_ids:
                terminalreporter.write_line(f"{test_id}: {'; '.join(_FIGURES[name][test_id])}")
