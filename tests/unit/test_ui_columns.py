"""A table's columns read as its cells would one at a time, in either language, missing values included."""

import datetime as dt

import pandas as pd
import pytest
import streamlit as st

from osloreg.ui.kit.session import LANGUAGE_KEY
from osloreg.ui.kit.tables import day, days, label, labels, moment, moments, wall_clock, wall_clocks


@pytest.fixture(params=["nb", "en"])
def language(request):
    st.session_state[LANGUAGE_KEY] = request.param
    yield request.param
    del st.session_state[LANGUAGE_KEY]


RECORDED = [
    dt.datetime(2026, 3, 29, 0, 30),
    None,
    dt.datetime(2026, 10, 25, 23, 15),
    dt.datetime(2026, 3, 29, 0, 30),
]


def test_a_column_of_days_moments_and_wall_clock_times_reads_as_its_cells(language):
    recorded = pd.Series(RECORDED, dtype="datetime64[ns]")  # None becomes NaT, as read from the database
    dates = pd.Series([dt.date(2020, 9, 11), None, dt.date(2026, 12, 4)], dtype=object)
    assert (
        days(dates).tolist()
        == [day(value) for value in dates]
        == [
            "11.09.2020" if language == "nb" else "11/09/2020",
            "",
            "04.12.2026" if language == "nb" else "04/12/2026",
        ]
    )
    assert days(recorded).tolist() == [day(value) for value in recorded]
    assert moments(recorded).tolist() == [moment(value) for value in recorded]
    assert moments(recorded)[0] == ("29.03.2026 kl. 01:30" if language == "nb" else "29/03/2026 01:30")
    assert moments(recorded)[2] == ("26.10.2026 kl. 00:15" if language == "nb" else "26/10/2026 00:15")
    assert wall_clocks(recorded).tolist() == [wall_clock(value) for value in recorded]


def test_a_column_of_codes_reads_as_its_cells_and_keeps_the_tables_index(language):
    codes = pd.Series(["ongoing", float("nan"), "idea", None, "ongoing"], index=[5, 6, 7, 8, 9])
    worded = labels("project_status", codes)
    assert worded.tolist() == [label("project_status", value) for value in codes]
    assert worded.tolist()[0] == ("Pågår" if language == "nb" else "Ongoing") and worded.tolist()[1] == ""
    assert list(worded.index) == [5, 6, 7, 8, 9]
