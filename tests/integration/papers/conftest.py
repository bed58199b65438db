"""The papers' tests: the demo data (for the board's meeting of 11.09.2020), once per module and database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from tests.conftest import LoadedDemo

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def demo_today() -> dt.date:
    return TODAY


@pytest.fixture(scope="module")
def demo_engine(loaded_demo: LoadedDemo) -> Engine:
    """The demo data (shared fixture of tests/conftest.py), only read by the tests."""
    return loaded_demo.engine
