"""The coverage of many (day, body) pairs read at once, as the forecasts of the calendar and the
overview read it, agrees with reading each day on its own, on both databases and the demo data."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.models import Body
from osloreg.queries.coverage import body_coverage, coverage_on_days


def test_many_days_at_once_give_each_day_the_coverage_of_that_day(loaded_demo, demo_today):
    # Two months back and forth: terms begin and end in the span, and the expected units with them.
    days = [demo_today + dt.timedelta(days=offset) for offset in range(-60, 61, 15)]
    with read_session(loaded_demo.engine) as session:
        bodies = list(session.scalars(sa.select(Body.id).order_by(Body.id)))
        at_once = coverage_on_days(session, pairs={(day, body) for day in days for body in bodies})
        assert len(at_once) == len(days) * len(bodies)
        compared = 0
        for day in days:
            for one in body_coverage(session, on=day, body_ids=bodies):
                found = at_once[(day, one.body_id)]
                assert found.name == one.name, (day, one.name)
                assert [unit.unit.id for unit in found.coverage.units] == [
                    unit.unit.id for unit in one.coverage.units
                ]
                assert [unit.status for unit in found.coverage.units] == [
                    unit.status for unit in one.coverage.units
                ]
                assert sorted(seat.person_id for seat in found.coverage.seats) == sorted(
                    seat.person_id for seat in one.coverage.seats
                )
                assert found.coverage.covered_count == one.coverage.covered_count
                compared += 1
        assert compared == len(days) * len(bodies)
        # The demo's groups change members in the span: the comparison saw more than one coverage.
        shares = {at_once[(day, body)].coverage.covered_count for day in days for body in bodies}
        assert len(shares) > 2


def test_no_pairs_read_nothing(loaded_demo):
    with read_session(loaded_demo.engine) as session:
        assert coverage_on_days(session, pairs=[]) == {}
