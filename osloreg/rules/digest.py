"""The digest's windows (issue 18): a daily digest per Oslo date, a weekly one per ISO week."""

from __future__ import annotations

import datetime as dt

from osloreg.enums import DeliveryStatus, DigestFrequency

# A delivery left `sending` for longer than this was claimed by a run that died before the relay's
# answer was recorded: the next run takes it over. One delivery is claimed just before it is sent,
# so a live run holds a claim for seconds, never near this.
LEASE = dt.timedelta(minutes=15)
ROWS_SHOWN = 10  # rows per section in a mail; the rest are counted and one link away
SENT_FREQUENCIES = (DigestFrequency.DAILY, DigestFrequency.WEEKLY)


def period(frequency: str, day: dt.date) -> str:
    """The window `day` falls in: the date itself (2026-12-04) or its ISO week (2026-W49)."""
    if frequency == DigestFrequency.DAILY:
        return day.isoformat()
    if frequency == DigestFrequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    raise ValueError(f"no digest is sent {frequency!r}")


def window_start(frequency: str, day: dt.date) -> dt.date:
    """The first day of the window `day` falls in: the day, or the Monday of its ISO week."""
    if frequency == DigestFrequency.DAILY:
        return day
    if frequency == DigestFrequency.WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    raise ValueError(f"no digest is sent {frequency!r}")


def previous_window_start(frequency: str, day: dt.date) -> dt.date:
    """The first day of the window before the one `day` falls in."""
    length = dt.timedelta(days=7 if frequency == DigestFrequency.WEEKLY else 1)
    return window_start(frequency, day) - length


def claimable(status: str, claimed_at: dt.datetime, now: dt.datetime, *, lease: dt.timedelta = LEASE) -> bool:
    """Whether a run may take over a delivery of this window: one the relay refused (failed), or one
    a run claimed and never finished within the lease; never one sent, nor one another run is sending."""
    if status == DeliveryStatus.FAILED:
        return True
    return status == DeliveryStatus.SENDING and now - claimed_at > lease


def looks_like_address(email: str | None) -> bool:
    """One address: text, one @, a dot in the domain, no spaces, brackets or line breaks (what the
    headers can carry whole)."""
    if not email or len(email) > 254 or any(c.isspace() or c in '<>",;()\\' for c in email):
        return False
    local, at, domain = email.partition("@")
    return bool(local) and at == "@" and "@" not in domain and "." in domain.strip(".")
