"""A case step's result in words, as the case, the meeting and the overview show it (i18n.case_result)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from osloreg.i18n import case_result


@pytest.mark.parametrize(
    ("result", "deciding", "treated", "nb", "en"),
    [
        ("endorsed", True, True, "vedtatt", "adopted"),
        ("endorsed", False, True, "sluttet seg til", "endorsed"),
        ("rejected", True, True, "ikke vedtatt", "not adopted"),
        ("rejected", None, True, "sluttet seg ikke til forslaget", "did not endorse the proposal"),
        # A deciding body's result without words of its own reads as any body's.
        ("postponed", True, True, "utsatt", "postponed"),
        (None, True, dt.date(2020, 9, 11), "behandlet", "considered"),
        (math.nan, False, True, "behandlet", "considered"),
        (None, True, None, "", ""),
        (None, True, pd.NaT, "", ""),
        (None, True, False, "", ""),
    ],
)
def test_a_steps_result_in_words(result, deciding, treated, nb, en):
    assert case_result(result, "nb", deciding=deciding, treated=treated) == nb
    assert case_result(result, "en", deciding=deciding, treated=treated) == en
