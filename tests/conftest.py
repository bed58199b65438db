"""Shared fixtures: real SQLite files and a real PostgreSQL schema, both built by the migrations."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import migrate
from osloreg.db import make_engine, read_sessions
from tests import pg_server

# The browser fixtures are session-wide for every directory: the reliability suite drives Chromium too.
pytest_plugins = ["tests.browser.fixtures"]

IN_CI = os.environ.get("CI", "").lower() == "true"
REPO_ROOT = Path(__file__).resolve().parent.parent


def missing_dependency(what: str) -> None:
    """Tests that need a service fail in CI and skip, saying why, on a newcomer's machine."""
    if IN_CI:
        pytest.fail(f"CI=true and {what}", pytrace=False)
    pytest.skip(what)


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Secrets and relative paths (var/, .streamlit/) resolve from the working directory.
    monkeypatch.chdir(REPO_ROOT)


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    url, cluster, explanation = pg_server.find_server()
    if url is None:
        missing_dependency(f"no PostgreSQL server could be had ({explanation})")
    yield url
    if cluster is not None:
        cluster.stop()


@contextmanager
def _migrated_schema(server_url: str) -> Iterator[Engine]:
    """A fresh schema, migrated, dropped afterwards, so runs never collide."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(server_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def postgres_engine(postgres_server: str) -> Iterator[Engine]:
    """A migrated schema of its own for each test."""
    with _migrated_schema(postgres_server) as engine:
        yield engine


@pytest.fixture(scope="module")
def module_postgres_engine(postgres_server: str) -> Iterator[Engine]:
    """One migrated schema per test module (migrating costs about a second), for tests whose rows
    are rolled back (see `rolled_back_session`)."""
    with _migrated_schema(postgres_server) as engine:
        yield engine


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Both databases: tests using this run once on each."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A plain session on the test database; services open their own transaction on it."""
    with read_sessions(engine)() as session:
        yield session


@pytest.fixture(params=["sqlite", "postgres"])
def rolled_back_session(request: pytest.FixtureRequest) -> Iterator[Session]:
    """Both databases; the test's rows live in one transaction rolled back afterwards. For tests
    that only flush (factories) and read (queries); services commit, so they use `session`."""
    name = "sqlite_engine" if request.param == "sqlite" else "module_postgres_engine"
    engine = request.getfixturevalue(name)
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()
