"""A data-version look-up (one per page run at most) costs well under a millisecond on both databases."""

from __future__ import annotations

from benchmarks import data_version
from osloreg import data_versions
from osloreg.db import read_session
from osloreg.services.base import SYSTEM
from osloreg.services.directory import create_person

BUDGET_S = 0.001


def test_a_data_version_look_up_takes_under_a_millisecond(engine):
    with read_session(engine) as session:
        create_person(session, actor=SYSTEM, name="Kari Nordmann")
    with engine.begin() as connection:  # every area's row there, as in a database in use
        data_versions.bump(connection, data_versions.AREAS)
    reader = data_versions.Reader(engine)
    found = reader.read()
    reader.close()
    assert set(found) == {*data_versions.AREAS, data_versions.GENERATION} and found["directory"] == 2
    median = data_version.measure(engine, calls=500)
    assert median < BUDGET_S, f"median {median * 1000:.3f} ms"
