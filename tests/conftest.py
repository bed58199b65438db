"""Shared fixtures: real SQLite files and a real PostgreSQL schema, both built by the migrations."""

from __future__ import annotations

import datetime as dt
import os
import queue
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

from osloreg import migrate, passwords
from osloreg.config import Settings, SmtpSettings
from osloreg.db import make_engine, read_sessions
from osloreg.demo import DemoReport, load_demo
from tests import pg_server
from tests.database_state import rolled_back
from tests.smtp_server import SmtpServer

# The browser fixtures are session-wide for every directory (the reliability suite drives Chromium
# too); the reliability figures are a plugin of the root so that the process printing the summary
# (pytest-xdist's controller, which collects nothing) has their hooks.
pytest_plugins = ["tests.browser.fixtures", "tests.reliability.figures"]

IN_CI = os.environ.get("CI", "").lower() == "true"
TESTS_ROOT = Path(__file__).resolve().parent
REPO_ROOT = TESTS_ROOT.parent
PRODUCTION_BCRYPT_ROUNDS = passwords.BCRYPT_ROUNDS  # as the app has it, read before any test lowers it
TEST_BCRYPT_ROUNDS = 4  # bcrypt's minimum


def missing_dependency(what: str) -> None:
    """Tests that need a service fail in CI and skip, saying why, on a newcomer's machine."""
    if IN_CI:
        pytest.fail(f"CI=true and {what}", pytrace=False)
    pytest.skip(what)


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Secrets and relative paths (var/, .streamlit/) resolve from the working directory.
    monkeypatch.chdir(REPO_ROOT)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes() -> Iterator[None]:
    # bcrypt at the production cost takes a quarter of a second a hash, and fixtures hash many (five
    # users per page test, more per module world). Cost 4 checks the same way. Session-wide, so the
    # module and session fixtures (worlds, demo data) hash cheaply too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "BCRYPT_ROUNDS", TEST_BCRYPT_ROUNDS)
        yield


@pytest.fixture(autouse=True)
def _production_password_cost(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """`@pytest.mark.production_password_cost`: the cost the app itself uses (test_password_cost.py)."""
    if request.node.get_closest_marker("production_password_cost") is not None:
        monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", PRODUCTION_BCRYPT_ROUNDS)


# --- Marks for the fast loop (`make test-fast`) ---------------------------------------------------

POSTGRES_FIXTURES = frozenset(
    {"postgres_server", "postgres_template", "postgres_engine", "module_postgres_engine", "loaded_demos"}
)
BROWSER_FIXTURES = frozenset({"browser", "browser_database", "start_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs a service: PostgreSQL and Chromium by the fixtures a test asks for (the
    `engine` fixtures mark their PostgreSQL parameter themselves), reliability by its folder."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & POSTGRES_FIXTURES:
            item.add_marker(pytest.mark.postgres)
        if fixtures & BROWSER_FIXTURES or _folder(item) == "browser":
            item.add_marker(pytest.mark.browser)
        if _folder(item) == "reliability":
            item.add_marker(pytest.mark.reliability)


def _folder(item: pytest.Item) -> str:
    path = item.path.resolve()
    parts = path.relative_to(TESTS_ROOT).parts if path.is_relative_to(TESTS_ROOT) else ()
    return parts[0] if len(parts) > 1 else ""


# --- SQLite -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database file per test run; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "osloreg.sqlite3"
    # Copying a freshly migrated, checkpointed, unopened template is safe; it is not a backup.
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


# --- PostgreSQL ---------------------------------------------------------------------------------

# `pytest.param(..., marks=...)`, so that `-m "not postgres"` leaves the PostgreSQL half out.
POSTGRES = pytest.param("postgres", marks=pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[str]:
    # Every test that reaches PostgreSQL is deselected by `-m "not postgres"`: one that gets here
    # all the same is missing its mark, and the fast loop would quietly depend on a server.
    if "not postgres" in (request.config.option.markexpr or ""):
        pytest.fail("a test reached PostgreSQL without the postgres mark", pytrace=False)
    url, cluster, explanation = pg_server.find_server()
    if url is None:
        missing_dependency(f"no PostgreSQL server could be had ({explanation})")
    yield url
    if cluster is not None:
        cluster.stop()


_DROPPERS = 10  # DROP DATABASEs at once: those waiting together share one checkpoint
_SPARE_CLONES = 2  # clones made ahead of the tests that will use them


class Template:
    """One database migrated once per test run; each test (or module) gets a clone of it made by
    `CREATE DATABASE ... TEMPLATE` (0.1-0.2 s, where migrating a schema takes 0.6-0.8 s).

    Names carry the process id and a random part, so runs on one server (CI, helpers, a developer)
    never meet. PostgreSQL refuses to clone a template while anyone is connected to it: nothing
    connects to it once it is migrated. A DROP DATABASE waits for a checkpoint (0.5-1 s alone, far
    more on a busy server), so a thread drops the finished clones in batches while the next tests
    run, the drops of a batch sharing their checkpoint; the run waits for the last batch, then
    drops the template. Another thread keeps _SPARE_CLONES clones made ahead: a CREATE DATABASE
    (about 75 ms, mostly waiting on the disk) then overlaps the test before instead of adding to it."""

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        self.prefix = f"osloreg_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.name = f"{self.prefix}_template"
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT", pool_size=_DROPPERS + 1)
        self._finished: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._failures: list[BaseException] = []
        # template0 accepts no connections, so it can always be copied (template1 may be in use).
        self._execute(f"CREATE DATABASE \"{self.name}\" TEMPLATE template0 ENCODING 'UTF8'")
        try:
            engine = make_engine(self._url(self.name))
            migrate.upgrade(engine)
            engine.dispose()
        except BaseException:
            self._drop(self.name)
            self.admin.dispose()
            raise
        self._dropper = threading.Thread(target=self._drop_finished, name="drop-clones", daemon=True)
        self._dropper.start()
        self._ready: queue.SimpleQueue[str | BaseException] = queue.SimpleQueue()
        self._room = threading.Semaphore(_SPARE_CLONES)  # taken by each clone made, given back when used
        self._closing = False
        self._maker = threading.Thread(target=self._make_clones, name="make-clones", daemon=True)
        self._maker.start()

    def _url(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)

    def _drop(self, name: str) -> None:
        # FORCE ends whatever a test left connected (an app server, a CLI subprocess).
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _drop_finished(self) -> None:
        with ThreadPoolExecutor(max_workers=_DROPPERS) as pool:
            while True:
                batch = [self._finished.get()]
                while not self._finished.empty():
                    batch.append(self._finished.get())
                drops = [pool.submit(self._drop, name) for name in batch if name is not None]
                self._failures.extend(error for drop in drops if (error := drop.exception()) is not None)
                if None in batch:
                    return

    @contextmanager
    def empty_database(self) -> Iterator[str]:
        """The URL of a new database with nothing in it, dropped afterwards as the clones are."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:8]}"
        self._execute(f'CREATE DATABASE "{name}"')
        try:
            yield self._url(name)
        finally:
            self._finished.put(name)

    @contextmanager
    def clone(self) -> Iterator[Engine]:
        name = self._ready.get()
        if isinstance(name, BaseException):
            raise name
        self._room.release()
        engine = make_engine(self._url(name))
        try:
            yield engine
        finally:
            engine.dispose()
            self._finished.put(name)

    def _make_clones(self) -> None:
        while True:
            self._room.acquire()
            if self._closing:
                return
            name = f"{self.prefix}_{uuid.uuid4().hex[:8]}"
            try:
                self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
            except BaseException as error:  # handed to the test that would have had the clone
                self._ready.put(error)
            else:
                self._ready.put(name)

    def close(self) -> None:
        self._closing = True
        self._room.release()  # wakes the maker if it waits for room, so that it sees the close
        self._maker.join()
        while not self._ready.empty():  # the clones made ahead that no test used
            spare = self._ready.get()
            if isinstance(spare, str):
                self._finished.put(spare)
        self._finished.put(None)
        self._dropper.join()
        try:
            self._drop(self.name)
        finally:
            self.admin.dispose()
        if self._failures:
            raise self._failures[0]


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[Template]:
    template = Template(postgres_server)
    yield template
    template.close()


@pytest.fixture
def postgres_engine(postgres_template: Template) -> Iterator[Engine]:
    """A migrated database of its own for each test."""
    with postgres_template.clone() as engine:
        yield engine


@pytest.fixture(scope="module")
def module_postgres_engine(postgres_template: Template) -> Iterator[Engine]:
    """One migrated database per test module, for tests whose rows are rolled back (see
    `rolled_back_session`) or that only read."""
    with postgres_template.clone() as engine:
        yield engine


@pytest.fixture(params=["sqlite", POSTGRES])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Both databases: tests using this run once on each."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A plain session on the test database; services open their own transaction on it."""
    with read_sessions(engine)() as session:
        yield session


@pytest.fixture(params=["sqlite", POSTGRES])
def rolled_back_session(request: pytest.FixtureRequest) -> Iterator[Session]:
    """Both databases; the test's rows live in one transaction rolled back afterwards. For tests
    that only flush (factories) and read (queries); services commit, so they use `session`."""
    name = "sqlite_engine" if request.param == "sqlite" else "module_postgres_engine"
    with rolled_back(request.getfixturevalue(name)) as session:
        yield session


# --- The demo data, for tests that only read it ---------------------------------------------------------

DEMO_TODAY = dt.date(2026, 3, 16)  # the day the tests' demo is drawn around: every run builds the same set


@dataclass(frozen=True)
class LoadedDemo:
    backend: str
    engine: Engine
    report: DemoReport


@pytest.fixture(scope="module")
def demo_today() -> dt.date:
    """The day the module's demo data is drawn around; a module (or its conftest) may override it."""
    return DEMO_TODAY


def _load_demo(request: pytest.FixtureRequest, backend: str, today: dt.date) -> LoadedDemo:
    if backend == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = request.getfixturevalue("module_postgres_engine")
    report = load_demo(engine, today=today)
    assert not report.already_loaded  # a fresh database each time
    return LoadedDemo(backend, engine, report)


@pytest.fixture(scope="module", params=["sqlite", POSTGRES])
def loaded_demo(request: pytest.FixtureRequest, demo_today: dt.date) -> Iterator[LoadedDemo]:
    """The demo data, loaded once per module and database: on a copy of the migrated SQLite template,
    or on the module's PostgreSQL clone."""
    demo = _load_demo(request, request.param, demo_today)
    yield demo
    if demo.backend == "sqlite":
        demo.engine.dispose()


@pytest.fixture(scope="module")
def loaded_demos(
    request: pytest.FixtureRequest, demo_today: dt.date
) -> Iterator[tuple[LoadedDemo, LoadedDemo]]:
    """The demo data on both databases at once (SQLite, PostgreSQL), for tests that compare them."""
    demos = (_load_demo(request, "sqlite", demo_today), _load_demo(request, "postgres", demo_today))
    yield demos
    demos[0].engine.dispose()


@pytest.fixture
def restore_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[Engine], str]]:
    """A URL for a new, empty database of the same kind as the engine: a file, or a database created
    on the PostgreSQL server and dropped afterwards by the clones' dropper, while the next tests run
    (dropped here, a test waited up to 22 s for a checkpoint)."""
    with ExitStack() as databases:

        def make(engine: Engine) -> str:
            if engine.dialect.name == "sqlite":
                return f"sqlite:///{tmp_path / 'restored' / 'osloreg.sqlite3'}"
            template: Template = request.getfixturevalue("postgres_template")
            return databases.enter_context(template.empty_database())

        yield make


# --- Mail and HTTP (issue 18) -----------------------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 that keeps what it accepts (tests/smtp_server.py)."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def relay_settings(server: SmtpServer) -> SmtpSettings:
    """The settings that send to the test's SMTP server, in clear on 127.0.0.1 (as a local relay)."""
    return SmtpSettings(
        host=server.host, port=server.port, security="none", sender="postmottak@osloregionen.example"
    )


def test_settings(engine: Engine, *, smtp: SmtpSettings | None = None, **changes) -> Settings:
    """Settings over the test's database, with a fixed key (a demo installation's)."""
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        environment="demo",
        cookie_key="test-key-" + "k7Qz9VbX2mLp4RtW8yNc3HjF6dSa1GeU",
        cookie_name="osloreg_auth",
        login_hours=8,
        base_url="https://osloreg.example",
        var_dir=TESTS_ROOT / ".var-unused",
        smtp=smtp,
        web_url="https://kalender.osloreg.example",
        **changes,
    )


test_settings.__test__ = False  # a helper, not a test


@pytest.fixture
def serve_web() -> Iterator:
    """Start the small HTTP app (osloreg.web) over given settings and engine: `serve_web(settings,
    engine)` returns the running WebServer (tests/web_server.py); all are stopped after the test."""
    from tests.web_server import WebServer, serving

    with ExitStack() as servers:

        def start(settings: Settings, engine: Engine) -> WebServer:
            return servers.enter_context(serving(settings, engine))

        yield start
