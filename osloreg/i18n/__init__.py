"""Message catalogue (nb default, en) and Norwegian-style formatting of dates and numbers (Babel)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import string
from functools import cache

import pandas as pd
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
_BABEL_LOCALE = {"nb": "nb_NO", "en": "en_GB"}
# Modules of this package that hold no messages.
_NOT_AREAS = {"glossary"}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages: key -> {"nb": ..., "en": ...}, gathered from the area modules in this package.

    Each area (shell, overview, decisions, ...) keeps its own MESSAGES dict so that work on
    one area never touches another's strings."""
    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name in _NOT_AREAS:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice (again in {module_info.name})")
            merged[key] = dict(zip(LANGUAGES, texts, strict=True))
    return merged


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message for `key` in `language`, with {placeholders} filled; the key itself if unknown
    (a test makes sure no key used in the code is missing). A date is written the reader's way
    (11.09.2020 in nb), so callers pass the date itself, never its isoformat()."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(language) or texts[DEFAULT_LANGUAGE]
    if not params:
        return text
    # Fill only the names the message uses, so a message may ignore a parameter safely.
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format(**{name: _in_words(params.get(name, ""), language) for name in names})


def _in_words(value: object, language: str) -> object:
    """A message parameter as the reader reads it: a date in the language's short form. A moment
    (datetime) is left to the caller, who knows whether it still has to be put in Oslo time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value, language)
    return value


def format_date(value: dt.date | None, language: str = DEFAULT_LANGUAGE, *, long: bool = False) -> str:
    """11.09.2020 / 11. september 2020 in nb; 11/09/2020 / 11 September 2020 in en."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if long:
        return babel_format_date(value, format="long", locale=_BABEL_LOCALE.get(language, "nb_NO"))
    # The short forms are digits only, so no locale data is needed: Babel's formatter took 20-40 µs
    # a date, which a table of 50 rows with three date columns paid 150 times a run.
    mark = "." if language == "nb" else "/"
    return f"{value.day:02d}{mark}{value.month:02d}{mark}{value.year:04d}"


def format_datetime(value: dt.datetime | None, language: str = DEFAULT_LANGUAGE) -> str:
    """11.09.2020 kl. 18:00 in nb; 11/09/2020 18:00 in en."""
    if value is None:
        return ""
    day, clock = format_date(value, language), f"{value.hour:02d}:{value.minute:02d}"
    return f"{day} kl. {clock}" if language == "nb" else f"{day} {clock}"


def format_number(value: float | int, language: str = DEFAULT_LANGUAGE, *, decimals: int = 0) -> str:
    """1 234,5 in nb (non-breaking space, decimal comma); 1,234.5 in en."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE.get(language, "nb_NO"))


def percent_sign(language: str = DEFAULT_LANGUAGE) -> str:
    """What follows a per cent figure: a space and the sign in bokmål (46 %), the sign alone in
    English (46%)."""
    return " %" if language == "nb" else "%"


def case_label(number: int, year: int) -> str:
    """Case numbers are shown as NN/YY: case 48 of 2020 is 48/20."""
    return f"{number}/{year % 100:02d}"


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def case_result(
    result: object, language: str = DEFAULT_LANGUAGE, *, deciding: object, treated: object = True
) -> str:
    """A case step's result in words: a vedtaksorgan's "vedtatt / vedtatt med endringer / ikke
    vedtatt", another body's own words, and "behandlet" for a treatment whose result is not on record
    (the case, the meeting and the overview all say it so)."""
    if _missing(result):
        treated_on_record = not _missing(treated) and treated is not False
        return translate("case.result.treated", language) if treated_on_record else ""
    key = f"case.result.deciding.{result}"
    if not _missing(deciding) and bool(deciding) and key in catalogue():
        return translate(key, language)
    return translate(f"overview.result.{result}", language)
