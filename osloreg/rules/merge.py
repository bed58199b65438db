"""Three-way merge of a form after an edit conflict: keep what this user changed, take the rest from
the record as saved now, and name only the fields both changed."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple


def comparable(value: Any) -> Any:
    """A value as a save would store it, for comparing: None, "", whitespace and an empty list are
    all "empty" (None); text stripped and NFC-normalised (as clean_text stores it); dates and times
    as ISO text (a date widget gives a date, an audit snapshot ISO text); whole numbers as int
    (a table gives 7.0 or numpy's 7 for an id); lists, tuples and sets sorted."""
    if value is None:
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.strip())
        return text or None
    if isinstance(value, bool):
        return value
    if _not_a_value(value):  # NaN, pandas' NaT and NA: a table's empty cell
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted((comparable(item) for item in value), key=repr)
        return tuple(items) or None
    if hasattr(value, "item") and callable(value.item):  # numpy and pandas scalars
        try:
            return comparable(value.item())
        except (TypeError, ValueError):
            return value
    if isinstance(value, float | Decimal):
        return int(value) if value == int(value) else float(value)
    if hasattr(value, "isoformat"):  # pandas' Timestamp
        return value.isoformat()
    return value


def _not_a_value(value: Any) -> bool:
    """True for the values that are not equal to themselves (NaN, NaT; NA answers NA)."""
    if isinstance(value, list | tuple | set | frozenset | dict):
        return False
    try:
        return bool(value != value)
    except (TypeError, ValueError):  # pandas' NA refuses to be a bool: it is missing too
        return True


def same(left: Any, right: Any) -> bool:
    """True if the two values would be stored alike (see `comparable`)."""
    return comparable(left) == comparable(right)


class Merged(NamedTuple):
    values: dict[str, Any]  # the form's fields after the merge
    both_changed: tuple[str, ...]  # changed by this user and by someone else, to different values
    taken: tuple[str, ...]  # fields whose value now comes from the saved record (this user left them)


def merge_after_conflict(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> Merged:
    """The form after someone else saved the record this user was editing. `base`: the values the
    form started from; `mine`: the form now; `theirs`: the record as saved now. A field this user
    did not change takes their value (so a second save never writes back what they replaced); a
    field this user changed keeps this user's value, and is named in `both_changed` only if the
    other saved a different value too. Fields missing from `theirs` keep this user's value."""
    values: dict[str, Any] = {}
    both: list[str] = []
    taken: list[str] = []
    for name, value in mine.items():
        if name not in theirs:
            values[name] = value
            continue
        if same(value, base.get(name)):
            values[name] = theirs[name]
            if not same(theirs[name], value):
                taken.append(name)
            continue
        values[name] = value
        if not same(theirs[name], base.get(name)) and not same(theirs[name], value):
            both.append(name)
    return Merged(values, tuple(both), tuple(taken))
