"""A recorded value in words, one way for a change history, the audit trail and a conflict message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from osloreg import i18n
from osloreg.ui.kit.session import language as session_language

EMPTY = "–"
# Fields named so hold a day (or a moment) even when recorded as ISO text.
DAY_FIELDS = ("on_date", "target_date", "locked_until", "today")
# field -> the names of its ids (a mapping, or a function of one id)
Names = Mapping[str, Mapping[Any, str] | Callable[[Any], str]]


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _named(names: Mapping[Any, str] | Callable[[Any], str], value: Any) -> str:
    return names(value) if callable(names) else names.get(value, f"#{value}")


def value_text(
    path: str,
    value: Any,
    coded: Mapping[str, str] | None = None,
    language: str | None = None,
    *,
    names: Names | None = None,
) -> str:
    """One value of a field: a code in words (`coded`: field -> catalogue prefix), an id by its name
    (`names`), a day formatted, a progress in per cent, else as recorded ("–" for nothing). In the
    session's language, or in `language` (a download is built on another thread, without the session)."""
    language = language or session_language()
    coded, names = coded or {}, names or {}
    field = path.rsplit(".", 1)[-1]
    if value is None or value == "" or value == []:
        return EMPTY
    if field in names:
        if isinstance(value, list | tuple):
            return ", ".join(_named(names[field], item) for item in value)
        return _named(names[field], value)
    if field in coded and isinstance(value, str):
        return i18n.translate(f"{coded[field]}.{value}", language)
    if field in coded and isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(i18n.translate(f"{coded[field]}.{item}", language) for item in value)
    if isinstance(value, bool):
        return i18n.translate("history.yes" if value else "history.no", language)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date) or field.endswith(("_on", "_at")) or field in DAY_FIELDS:
        day = _day(value)
        if day is not None:
            clock = f" {value[11:16]}" if isinstance(value, str) and len(value) > 10 else ""
            return i18n.format_date(day, language) + clock
    if field == "progress":
        return f"{value} %"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def describer(
    coded: Mapping[str, str] | None = None, names: Names | None = None
) -> Callable[[str, Any], str]:
    """`describe(field, value)` for a form's conflict message, in the session's language."""
    return lambda field, value: value_text(field, value, coded, names=names)
