"""Browser fixtures (a plugin of the root conftest, so the browser tests and the reliability suite share
one demo database and one Chromium per session; two Playwright instances cannot run in one process):
real Streamlit servers started on demand, a new browser context per test."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from tests.browser.helpers import (
    CHROMIUM,
    Server,
    chromium,
    new_context,
    open_page,
    seed_database,
    streamlit_server,
)
from tests.conftest import missing_dependency

# A user of its own for the lockout test, so locking it never locks out the other tests.
LOCK_USER = "laasbar"
# A second coordinator, for two coordinators editing one record (the demo data has one).
SECOND_COORDINATOR = "koordinator2"


@pytest.fixture(scope="session")
def browser_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a migrated SQLite file with the demo data set, the lockout test's user and a second
    coordinator."""
    path = tmp_path_factory.mktemp("browser-db") / "osloreg.sqlite3"
    return seed_database(path, extra_users={LOCK_USER: "viewer", SECOND_COORDINATOR: "coordinator"})


@pytest.fixture(scope="session")
def start_server(
    browser_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], AbstractContextManager[Server]]:
    """Start a new `streamlit run app.py` on the session's database: `with start_server() as s:`."""

    def start() -> AbstractContextManager[Server]:
        return streamlit_server(browser_database, tmp_path_factory.mktemp("browser-var"))

    return start


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if importlib.util.find_spec("playwright") is None:
        missing_dependency("Playwright is not installed (pip install -r requirements.lock)")
    if not CHROMIUM.exists():
        missing_dependency(f"Chromium is missing at {CHROMIUM} (apt-get install -y chromium)")
    with chromium() as launched:
        yield launched


@pytest.fixture
def make_context(browser) -> Iterator[Callable[[], object]]:
    """Make browser contexts (each its own cookie jar), all closed after the test."""
    made: list = []

    def make() -> object:
        made.append(new_context(browser))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(make_context) -> object:
    return make_context()


@pytest.fixture
def page(context) -> object:
    return open_page(context)
