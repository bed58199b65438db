"""Oslo's clock: the one place the app asks what moment and what day it is (the servers run in UTC)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OSLO_NAME = "Europe/Oslo"
OSLO = ZoneInfo(OSLO_NAME)


def utc_now() -> dt.datetime:
    """Now, as an aware UTC moment. Everything below asks this one function, so a test that needs
    another moment patches it here (`monkeypatch.setattr(clock, "utc_now", ...)`) and nowhere else."""
    return dt.datetime.now(dt.UTC)


def oslo_now() -> dt.datetime:
    """Now on Oslo's wall clock (aware)."""
    return utc_now().astimezone(OSLO)


def oslo_today() -> dt.date:
    """Today in Oslo: between 00:00 and 01:00 (02:00 in summer) UTC's date is still yesterday."""
    return oslo_now().date()


def oslo_time(value: dt.datetime) -> dt.datetime:
    """Moments the system records (created, submitted, decided, audit) are stored in UTC; people
    read them in Oslo time. Meeting times are stored as Oslo wall-clock times and need no change."""
    return value.replace(tzinfo=dt.UTC).astimezone(OSLO).replace(tzinfo=None)
