"""A seat in the demo data: a person in a body for a stretch of time, as names.py and vara.py build them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One person's seat in a body for a stretch of time (a membership row)."""

    person: int
    unit: int | None
    role: str
    start: dt.date
    end: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)
