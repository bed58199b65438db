"""The one rule for a record id from outside: ASCII digits naming 1 to 2**31-1, nothing else."""

from __future__ import annotations

import pytest

from osloreg.rules.ids import ID_MAX, parse_id


@pytest.mark.parametrize("value, expected", [("1", 1), ("12", 12), ("007", 7), (str(ID_MAX), ID_MAX)])
def test_ascii_digits_in_range_are_an_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "1e3",
        "0x1",
        "abc",
        "²",
        "١",
        "１",
        "٣٤",
        "①",
        str(ID_MAX + 1),
        "99999999999999999999",
        "0" * 40 + "1",
    ],
    ids=repr,
)
def test_anything_else_names_no_record(value):
    assert parse_id(value) is None
