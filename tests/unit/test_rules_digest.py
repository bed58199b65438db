"""The digest's windows and claims as pure rules: Oslo's date or its ISO week, the window before, when a
delivery may be taken over, and what counts as one e-mail address."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.rules.digest import (
    LEASE,
    claimable,
    looks_like_address,
    period,
    previous_window_start,
    window_start,
)


@pytest.mark.parametrize(
    ("day", "daily", "weekly"),
    [
        (dt.date(2026, 12, 2), "2026-12-02", "2026-W49"),
        (dt.date(2026, 12, 7), "2026-12-07", "2026-W50"),  # a Monday begins the next week
        (dt.date(2026, 12, 31), "2026-12-31", "2026-W53"),
        (dt.date(2027, 1, 3), "2027-01-03", "2026-W53"),  # ISO: still 2026's last week
        (dt.date(2027, 1, 4), "2027-01-04", "2027-W01"),
    ],
)
def test_a_daily_window_is_the_date_and_a_weekly_one_the_iso_week(day, daily, weekly):
    assert period("daily", day) == daily
    assert period("weekly", day) == weekly


def test_the_window_and_the_one_before_it_begin_on_the_day_or_on_monday():
    wednesday = dt.date(2026, 12, 2)
    assert window_start("daily", wednesday) == wednesday
    assert window_start("weekly", wednesday) == dt.date(2026, 11, 30)
    assert previous_window_start("daily", wednesday) == dt.date(2026, 12, 1)
    assert previous_window_start("weekly", wednesday) == dt.date(2026, 11, 23)


def test_no_window_for_no_digest():
    with pytest.raises(ValueError):
        period("none", dt.date(2026, 12, 2))


def test_a_failed_delivery_or_a_stale_claim_may_be_taken_over_never_a_sent_or_a_live_one():
    now = dt.datetime(2026, 12, 2, 7, 15)
    assert claimable("failed", now, now)
    assert not claimable("sending", now - LEASE, now)  # exactly the lease: still held
    assert claimable("sending", now - LEASE - dt.timedelta(seconds=1), now)
    assert not claimable("sent", now - dt.timedelta(days=30), now)


@pytest.mark.parametrize(
    ("address", "one"),
    [
        ("kari@osloregionen.no", True),
        ("kari.nordmann+digest@sub.example.org", True),
        ("", False),
        (None, False),
        ("kari", False),
        ("kari@localhost", False),
        ("kari@@example.org", False),
        ("kari@example.org, ola@example.org", False),
        ("Kari <kari@example.org>", False),
        ("kari@example.org\r\nBcc: x@example.org", False),
    ],
)
def test_one_address_is_one_address(address, one):
    assert looks_like_address(address) is one
