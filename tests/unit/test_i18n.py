"""The catalogue: every message in both languages, every key the code uses defined; Norwegian formats."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from osloreg.i18n import (
    LANGUAGES,
    case_label,
    catalogue,
    format_date,
    format_datetime,
    format_number,
    translate,
)

ROOT = Path(__file__).resolve().parents[2]
# t("key"), ui.t("key"), translate("key"), and DomainError("key") / ValidationFailed("key") /
# Invalid("key") style uses (the exception classes end in these words: no word boundary before them).
KEY_USE = re.compile(
    r"""(?:\bt|\btranslate|Error|Denied|Failed|Found|Conflict|Invalid)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
)


def _source_files() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    files += [p for p in sorted((ROOT / "osloreg").rglob("*.py")) if "i18n" not in p.parts]
    return files


def test_every_message_has_every_language_and_none_is_blank():
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def test_every_key_used_in_the_code_is_in_the_catalogue():
    used = {key for path in _source_files() for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no keys at all: it is broken"
    missing = sorted(used - set(catalogue()))
    assert missing == []


def test_placeholders_are_the_same_in_both_languages():
    placeholder = re.compile(r"\{(\w+)\}")
    for key, texts in catalogue().items():
        assert set(placeholder.findall(texts["nb"])) == set(placeholder.findall(texts["en"])), key


def test_an_unknown_key_shows_itself_rather_than_failing():
    assert translate("no.such.key", "en") == "no.such.key"


def test_dates_numbers_and_case_numbers_are_norwegian_by_default():
    day = dt.date(2020, 9, 11)
    assert format_date(day) == "11.09.2020"
    assert format_date(day, long=True) == "11. september 2020"
    assert format_date(day, "en", long=True) == "11 September 2020"
    assert format_number(1234.5, decimals=1) == "1\u00a0234,5"
    assert format_number(1234.5, "en", decimals=1) == "1,234.5"
    assert case_label(48, 2020) == "48/20" and case_label(5, 2021) == "5/21"


@pytest.mark.parametrize(
    "moment",
    [dt.datetime(2020, 9, 11, 18, 0), dt.datetime(2026, 1, 2, 7, 5), dt.datetime(999, 12, 31, 23, 59)],
)
def test_short_dates_and_times_read_as_babel_writes_them_in_each_language(moment):
    """The short forms are written without Babel (for speed); they must not drift from its output."""
    from babel.dates import format_date as babel_date
    from babel.dates import format_datetime as babel_datetime

    for language, locale, day_pattern, time_pattern in (
        ("nb", "nb_NO", "dd.MM.yyyy", "dd.MM.yyyy 'kl.' HH:mm"),
        ("en", "en_GB", "dd/MM/yyyy", "dd/MM/yyyy HH:mm"),
    ):
        assert format_date(moment.date(), language) == babel_date(moment.date(), day_pattern, locale=locale)
        assert format_date(moment, language) == babel_date(moment.date(), day_pattern, locale=locale)
        assert format_datetime(moment, language) == babel_datetime(moment, time_pattern, locale=locale)
    assert format_datetime(dt.datetime(2020, 9, 11, 18, 0)) == "11.09.2020 kl. 18:00"
    assert format_datetime(dt.datetime(2020, 9, 11, 18, 0), "en") == "11/09/2020 18:00"


@pytest.mark.parametrize(
    "key",
    [
        "error.unit_not_valid",
        "error.membership_overlap",
        "error.role_taken_later",
        "error.membership_not_active",
    ],
)
def test_a_date_in_a_message_is_written_the_readers_way(key):
    day = dt.date(2020, 10, 29)
    params = {"unit": "Viken fylkeskommune", "date": day, "start": day, "role": "leader"}
    nb, en = (translate(key, language, **params) for language in ("nb", "en"))
    assert "29.10.2020" in nb and "29/10/2020" in en
    assert "2020-10-29" not in nb + en


def test_messages_fill_their_placeholders():
    text = translate("error.too_long", "nb", field="Tittel", max=300, length=301)
    assert "Tittel" in text and "300" in text and "301" in text


def test_every_field_named_in_a_validation_message_has_a_translated_name():
    fields = set()
    for path in _source_files():
        source = path.read_text(encoding="utf-8")
        fields |= set(re.findall(r'field_name="([a-z_]+)"', source))
        fields |= set(re.findall(r'"field": "([a-z_]+)"', source))
    assert fields, "the pattern found no fields at all: it is broken"
    assert sorted(f for f in fields if f"field.{f}" not in catalogue()) == []


def test_recorded_moments_are_shown_in_oslo_time_winter_and_summer():
    from osloreg.ui.kit.session import oslo_time

    assert oslo_time(dt.datetime(2026, 11, 27, 12, 4)) == dt.datetime(2026, 11, 27, 13, 4)
    assert oslo_time(dt.datetime(2026, 7, 1, 12, 0)) == dt.datetime(2026, 7, 1, 14, 0)
