"""AppTest fixtures: a real migrated SQLite database with users, and pages run as a given user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from osloreg.db import read_session
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
