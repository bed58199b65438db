"""The security review's table checked against the review: every attempt it lists has an entry in
security_review.py, and every test the entry names exists, on PostgreSQL too where the outcome lives in
the database."""

from __future__ import annotations

import importlib
import inspect

import pytest

from tests.conftest import BROWSER_FIXTURES, POSTGRES_FIXTURES
from tests.reliability import security_review

NEW_MODULES = ("test_security_review.py", "test_security_review_server.py", "test_security_review_files.py")
NEW_MODULES += ("test_security_review_input.py",)
# A test runs on PostgreSQL when it asks for one of these (the `engine` fixtures are parametrised over
# both databases) or carries the postgres mark.
ON_POSTGRES = POSTGRES_FIXTURES | {"engine", "session", "rolled_back_session", "loaded_demo"}
IN_A_BROWSER = BROWSER_FIXTURES | {"make_context", "page", "context"}


def _resolve(node_id: str):
    """(the module, the test function or None) a node id names, any [param] suffix left off."""
    path, _, name = node_id.partition("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return module, getattr(module, name.split("[")[0], None)


def _marks(module, function) -> set[str]:
    marks = list(getattr(function, "pytestmark", []))
    module_marks = getattr(module, "pytestmark", [])
    marks += module_marks if isinstance(module_marks, list) else [module_marks]
    return {getattr(mark, "name", None) or mark.mark.name for mark in marks}


def _fixtures(function) -> set[str]:
    return set(inspect.signature(function).parameters)


def test_every_attempt_of_the_review_has_a_test_that_exists(figures):
    if not security_review.REVIEW.exists():
        pytest.fail(f"the review is not at {security_review.REVIEW}", pytrace=False)
    review = security_review.review_attempts()
    table = security_review.ATTEMPTS
    assert sorted(review) == list(range(1, len(review) + 1)) and len(review) > 0
    assert sorted(table) == sorted(review), set(table) ^ set(review)
    missing, titles, not_on_postgres, unsaid = [], [], [], []
    new = on_postgres = in_a_browser = 0
    for number, attempt in sorted(table.items()):
        if attempt.title != review[number]:
            titles.append((number, attempt.title, review[number]))
        assert attempt.tests and "\n" not in attempt.now and attempt.why, number
        postgres = browser = False
        for node_id in attempt.tests:
            module, function = _resolve(node_id)
            if function is None or not callable(function) or not function.__name__.startswith("test_"):
                missing.append((number, node_id))
                continue
            marks, fixtures = _marks(module, function), _fixtures(function)
            postgres |= "postgres" in marks or bool(fixtures & ON_POSTGRES)
            browser |= (
                "browser" in marks or bool(fixtures & IN_A_BROWSER) or node_id.startswith("tests/browser/")
            )
        new += any(node_id.split("::")[0].endswith(NEW_MODULES) for node_id in attempt.tests)
        on_postgres += postgres
        in_a_browser += browser
        if (attempt.bound or "postgresql" in attempt.databases) and not postgres:
            not_on_postgres.append(number)
        if attempt.bound and "postgresql" not in attempt.databases:
            unsaid.append(number)
    figures.record(
        f"{len(review)} attempts: {len(table) - len({n for n, _ in missing})} with a test ({new} new), "
        f"{on_postgres} on PostgreSQL too, {in_a_browser} browser"
    )
    assert titles == [], titles
    assert missing == [], missing
    assert not_on_postgres == [], f"database-bound attempts with no test on PostgreSQL: {not_on_postgres}"
    assert unsaid == [], f"database-bound attempts whose entry does not say PostgreSQL: {unsaid}"
