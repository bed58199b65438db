"""The merge of a form after an edit conflict: keep what this user changed, take the rest as saved, and
name only the fields both changed; empty values and the shapes of dates, ids and lists compared alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from osloreg.rules.merge import comparable, merge_after_conflict, same

BASE = {
    "title": "Oslo State of the City",
    "description": "Årlig rapport.",
    "outside_partners": "",
    "progress": 40,
    "start_on": dt.date(2024, 1, 1),
    "partner_unit_ids": [3, 1],
}


def test_a_field_only_the_other_changed_takes_their_value_and_is_not_named():
    mine = BASE | {"description": "Årlig rapport om byen."}
    theirs = BASE | {"title": "Oslo State of the City 2025"}

    merged = merge_after_conflict(BASE, mine, theirs)

    assert merged.values["title"] == "Oslo State of the City 2025"  # never written back
    assert merged.values["description"] == "Årlig rapport om byen."  # this user's change kept
    assert merged.both_changed == ()
    assert merged.taken == ("title",)


def test_a_field_both_changed_to_different_values_keeps_mine_and_is_named():
    mine = BASE | {"title": "Mitt forslag", "progress": 50}
    theirs = BASE | {"title": "Deres forslag", "progress": 50}

    merged = merge_after_conflict(BASE, mine, theirs)

    assert (merged.values["title"], merged.values["progress"]) == ("Mitt forslag", 50)
    assert merged.both_changed == ("title",)  # not progress: both made the same change
    assert merged.taken == ()


def test_nothing_is_named_or_taken_when_the_other_changed_nothing_in_the_form():
    mine = BASE | {"title": "Ny tittel"}
    merged = merge_after_conflict(BASE, mine, dict(BASE))
    assert merged.values == mine and merged.both_changed == () and merged.taken == ()


@pytest.mark.parametrize(
    ("base", "theirs"),
    [
        ("", None),  # a form's empty text field, and a column that holds NULL
        ("  ", ""),  # whitespace only is empty
        ("Tekst", " Tekst \n"),  # surrounding whitespace is dropped when saved
        ("Ålesund", "A\u030alesund"),  # NFC and NFD: stored alike
        (dt.date(2024, 1, 1), "2024-01-01"),  # a date widget, and an audit snapshot's ISO text
        (dt.time(9, 0), "09:00:00"),
        ([3, 1], (1, 3)),  # lists in any order, tuples
        ([], None),
        (7, 7.0),  # an id as a table gives it back
        (7, Decimal("7")),
        (None, float("nan")),
        (None, pd.NaT),
    ],
)
def test_values_stored_alike_are_the_same_so_nobody_is_said_to_have_changed_them(base, theirs):
    assert same(base, theirs) and same(theirs, base)
    merged = merge_after_conflict({"field": base}, {"field": base}, {"field": theirs})
    assert merged.both_changed == () and merged.taken == ()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("a", "b"),
        (None, "x"),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
        ([1], [1, 2]),
        (0, None),
        (False, None),
    ],
)
def test_different_values_differ(left, right):
    assert not same(left, right)


def test_comparable_values_are_plain():
    assert comparable([dt.date(2024, 2, 1), dt.date(2024, 1, 1)]) == ("2024-01-01", "2024-02-01")
    assert comparable(pd.Series([5]).iloc[0]) == 5


def test_a_second_merge_is_judged_against_the_record_as_saved_at_the_first():
    # B merges after A's save; C saves another field meanwhile; B's second save conflicts again.
    first = merge_after_conflict(BASE, BASE | {"description": "B"}, BASE | {"title": "A"})
    new_base = BASE | {"title": "A"}
    second = merge_after_conflict(new_base, first.values, new_base | {"progress": 90})
    assert second.values == BASE | {"title": "A", "description": "B", "progress": 90}
    assert second.both_changed == ()


def test_a_field_the_saved_record_does_not_have_keeps_this_users_value():
    merged = merge_after_conflict({"note": ""}, {"note": "Mitt notat"}, {})
    assert merged.values == {"note": "Mitt notat"} and merged.both_changed == ()
