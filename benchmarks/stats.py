"""The pure part of `make bench`: medians, spreads, ratios and budget verdicts."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def trimmed_mean(values: Sequence[float], cut: float = 0.2) -> float | None:
    """The mean of the runs left when the fastest and the slowest `cut` of them are set aside (at
    least one each side from 5 runs on): steadier than the median from the same runs, and a
    neighbour's burst of load, or a lucky quiet moment, moves it as little."""
    if not values:
        return None
    ordered = sorted(values)
    drop = int(len(ordered) * cut) if len(ordered) >= 5 else 0
    kept = ordered[drop : len(ordered) - drop]
    return sum(kept) / len(kept)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: Sequence[float]) -> tuple[float, float] | None:
    """The interquartile range (p25, p75): where the middle half of the runs fell."""
    if not values:
        return None
    return quantile(values, 0.25), quantile(values, 0.75)


def relative_spread(values: Sequence[float]) -> float | None:
    """The interquartile range as a share of the median: 0.05 says the middle half lay within 5 %."""
    middle, quartiles = median(values), spread(values)
    if middle is None or quartiles is None or middle <= 0:
        return None
    return (quartiles[1] - quartiles[0]) / middle


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def agreement(first: float | None, second: float | None) -> float | None:
    """How far two measurements of one ratio lie apart, as a share of the smaller: 0.07 is 7 %."""
    if first is None or second is None or min(first, second) <= 0:
        return None
    return abs(first - second) / min(first, second)


@dataclass(frozen=True)
class Budget:
    """One budget and its verdict: `value` (a ratio or a time) must be at most `limit`; a value that
    could not be measured fails, with `missing` saying why."""

    name: str
    value: float | None
    limit: float
    unit: str = "x"  # "x" for a ratio, "ms" or "s" for a time
    strict: bool = False  # "< limit" instead of "<= limit"
    missing: str = "not measured"

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value < self.limit if self.strict else self.value <= self.limit

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def _show(self, value: float) -> str:
        return f"{value:.2f}{'' if self.unit == 'x' else ' ' + self.unit}"

    def line(self) -> str:
        """`PASS  name: 1.12 (budget <= 1.20)`, or why it fails in words."""
        bound = f"{'<' if self.strict else '<='} {self._show(self.limit)}"
        if self.value is None:
            return f"FAIL  {self.name}: {self.missing} (budget {bound})"
        over = "" if self.passed else f", {self.value / self.limit - 1:+.0%} over"
        return f"{self.verdict}  {self.name}: {self._show(self.value)} (budget {bound}{over})"
