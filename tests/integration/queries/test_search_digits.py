"""Searches for cases (the Saker list and the subject picker) on SQLite and PostgreSQL, with digits
that are not ASCII: "²" used to raise (str.isdigit() is true for it, int() refuses it), and "١"
(Arabic-Indic one) was read as the number 1. Both are now looked for in the titles only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import SubjectType
from osloreg.queries import cases, subjects
from tests.factories import make_case

TODAY = dt.date(2026, 6, 12)


@pytest.mark.parametrize("search", ["²", "¹", "①", "١", "１"], ids=repr)
def test_a_search_of_unicode_digits_looks_in_the_titles_and_raises_nothing(
    rolled_back_session: Session, search
):
    session = rolled_back_session
    make_case(session, year=2026, number=1, title="Sak nummer én")
    titled = make_case(session, year=2026, number=2, title=f"Arealformål {search}")
    listing = cases.case_list(session, search=search, today=TODAY)
    assert listing.total == 1 and listing.rows["id"].tolist() == [titled.id]
    options = subjects.subject_options(session, subject_type=SubjectType.CASE, search=search)
    assert [case_id for case_id, _ in options] == [titled.id]
