"""AppTest fixtures: a real migrated SQLite database with users, and pages run as a given user."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from benchmarks.apptest import scan_components_once
from osloreg import i18n
from osloreg.db import make_engine, read_session
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "et langt testpassord"
# One user per role; tests may add more through the services.
ROLE_USERS = {
    "admin": "admin",
    "direktor": "director",
    "koordinator": "coordinator",
    "medlem": "member",
    "leser": "viewer",
}


@contextmanager
def app_database(url: str, monkeypatch: pytest.MonkeyPatch, var_dir: Path) -> Iterator[None]:
    """Point the pages at a database: they read OSLOREG_DATABASE_URL through ui.core."""
    monkeypatch.setenv("OSLOREG_DATABASE_URL", url)
    monkeypatch.setenv("OSLOREG_VAR_DIR", str(var_dir))
    monkeypatch.delenv("OSLOREG_ENV", raising=False)
    # cache_resource is shared by every AppTest in this process: start each test clean.
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app_engine(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Engine]:
    """The app's database for this test."""
    with app_database(str(sqlite_engine.url), monkeypatch, tmp_path):
        yield sqlite_engine


@pytest.fixture
def users(app_engine: Engine) -> dict[str, str]:
    """username -> role, created through the user service."""
    with read_session(app_engine) as session:
        for username, role in ROLE_USERS.items():
            create_user(
                session,
                actor=SYSTEM,
                username=username,
                display_name=username.title(),
                password=PASSWORD,
                roles=[role],
            )
    return dict(ROLE_USERS)


def page_test(script: str, *, username: str | None = None, timeout: float = 30) -> AppTest:
    """An AppTest of a page file (or app.py) in a fresh session, logged in as `username` if given,
    as DESIGN.md describes: session state set before the first run."""
    scan_components_once()
    at = AppTest.from_file(str(REPO_ROOT / script), default_timeout=timeout)
    if username is not None:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
    return at


@pytest.fixture
def run_page() -> Callable[..., AppTest]:
    def run(script: str, *, username: str | None = None) -> AppTest:
        at = page_test(script, username=username)
        at.run()
        return at

    return run


def build_world(sqlite_template: Path, directory: Path, build: Callable[[Engine], None]) -> Path:
    """A migrated database holding a test module's data, built once per module (hashing the users'
    passwords is what takes time); each test then works on a copy (`world_copy`)."""
    path = directory / "world.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@contextmanager
def world_copy(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A copy of a module's world as the app's database for one test."""
    path = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(template, path)
    with app_database(f"sqlite:///{path}", monkeypatch, tmp_path):
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()


def add_users(session, roles: Mapping[str, str], people: Mapping[str, int] | None = None) -> None:
    """A user per username -> role, linked to a person where `people` names one."""
    for username, role in roles.items():
        create_user(
            session,
            actor=SYSTEM,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=[role],
            person_id=(people or {}).get(username),
        )


@pytest.fixture(scope="module")
def world_template(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The world of the requesting module, which names its builder `WORLD`: built once per module."""
    build = getattr(request.module, "WORLD", None)
    if build is None:
        pytest.fail(f"{request.module.__name__} uses `world` but defines no WORLD builder", pytrace=False)
    name = request.module.__name__.rpartition(".")[2]
    return build_world(sqlite_template, tmp_path_factory.mktemp(name), build)


@pytest.fixture
def world(world_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A copy of the module's world as the app's database for one test."""
    with world_copy(world_template, tmp_path, monkeypatch) as engine:
        yield engine


# --- Helpers the page tests share -------------------------------------------------------------------


def nb(key: str, **params: object) -> str:
    """A text as the pages show it in bokmål, the default language."""
    return i18n.translate(key, "nb", **params)


def ok(at: AppTest) -> None:
    """The run raised nothing (an exception is shown on the page, not raised to the test)."""
    assert not at.exception, [e.value for e in at.exception]
