"""The papers' tests: the demo data (for the board's meeting of 11.09.2020), once per module and database."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from osloreg.db import make_engine
from osloreg.demo import load_demo
from tests.conftest import POSTGRES

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module", params=["sqlite", POSTGRES])
def demo_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo data on a copy of the shared migrated SQLite template, or on the module's PostgreSQL
    clone (both shared fixtures of tests/conftest.py); only read by the tests."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("papers") / "demo.sqlite3"
        shutil.copyfile(Path(request.getfixturevalue("sqlite_template")), path)
        engine = make_engine(f"sqlite:///{path}")
        load_demo(engine, today=TODAY)
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("module_postgres_engine")
        load_demo(engine, today=TODAY)
        yield engine
