"""Projects that need attention, for people (the pipeline's tab and the overview): words and Oslo days."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from osloreg.i18n import catalogue
from osloreg.queries.projects import ATTENTION_COLUMNS
from osloreg.reports import ATTENTION_HEADINGS, ATTENTION_WIDE, attention_rows

ROWS = pd.DataFrame(
    [
        (
            1,
            "Næringsarealer i Follo",
            "ongoing",
            "Faggruppe for næringssamarbeid",
            dt.date(2026, 3, 2),
            dt.datetime(2026, 3, 31, 22, 30),  # UTC: 1 April 00:30 in Oslo (summer time)
            ["not_quality_assured", "idle"],
            "sourced",
        ),
        (2, "Ny idé", "idea", None, None, dt.datetime(2026, 1, 5, 9, 0), ["idle"], "illustrative"),
    ],
    columns=ATTENTION_COLUMNS,
)


def _shown(language: str) -> list[list[str]]:
    return attention_rows(ROWS, language)[list(ATTENTION_HEADINGS)].fillna("").values.tolist()


def test_attention_rows_in_bokmaal_show_codes_in_words_and_oslo_days():
    assert _shown("nb") == [
        [
            "Næringsarealer i Follo",
            "Pågår",
            "Faggruppe for næringssamarbeid",
            "02.03.2026",
            "01.04.2026",
            "Ikke kvalitetssikret, Ingen statusendring på 90 dager",
            "dokumentert",
        ],
        ["Ny idé", "Idé", "", "", "05.01.2026", "Ingen statusendring på 90 dager", "fiktiv (demo)"],
    ]


def test_attention_rows_in_english():
    first = _shown("en")[0]
    assert first[1:] == [
        "Ongoing",
        "Faggruppe for næringssamarbeid",
        "02/03/2026",
        "01/04/2026",
        "Not quality-assured, No status change in 90 days",
        "sourced",
    ]


def test_the_title_and_the_reasons_get_the_room_and_every_heading_is_in_the_catalogue():
    assert ATTENTION_WIDE == {"title", "why"}
    assert all(key in catalogue() for key in ATTENTION_HEADINGS.values())
    assert attention_rows(ROWS.iloc[0:0], "nb")[list(ATTENTION_HEADINGS)].empty
