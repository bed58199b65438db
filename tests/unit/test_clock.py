"""Oslo's clock: the day and wall-clock time in Oslo from the one seam, across midnight and summer time."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg import clock


@pytest.mark.parametrize(
    ("utc", "oslo"),
    [
        # Winter (UTC+1): 23:00 UTC is already the next day in Oslo.
        (dt.datetime(2026, 12, 3, 22, 59, tzinfo=dt.UTC), dt.datetime(2026, 12, 3, 23, 59)),
        (dt.datetime(2026, 12, 3, 23, 0, tzinfo=dt.UTC), dt.datetime(2026, 12, 4, 0, 0)),
        # Summer (UTC+2): from 22:00 UTC.
        (dt.datetime(2026, 6, 30, 21, 59, tzinfo=dt.UTC), dt.datetime(2026, 6, 30, 23, 59)),
        (dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, 0, 30)),
        # New Year's Eve: the year turns in Oslo first.
        (dt.datetime(2026, 12, 31, 23, 15, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, 0, 15)),
    ],
)
def test_oslo_now_and_today_follow_oslos_wall_clock(monkeypatch, utc, oslo):
    monkeypatch.setattr(clock, "utc_now", lambda: utc)
    assert clock.oslo_now().replace(tzinfo=None) == oslo
    assert clock.oslo_now().utcoffset() == oslo - utc.replace(tzinfo=None)
    assert clock.oslo_today() == oslo.date()


def test_the_seam_is_now_in_utc():
    before = dt.datetime.now(dt.UTC)
    now = clock.utc_now()
    after = dt.datetime.now(dt.UTC)
    assert now.utcoffset() == dt.timedelta(0)
    assert before <= now <= after


def test_a_recorded_moment_in_utc_reads_as_oslo_wall_clock_time():
    assert clock.oslo_time(dt.datetime(2026, 12, 3, 23, 30)) == dt.datetime(2026, 12, 4, 0, 30)
    assert clock.oslo_time(dt.datetime(2026, 7, 1, 12, 0)) == dt.datetime(2026, 7, 1, 14, 0)
