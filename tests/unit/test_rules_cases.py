"""A case's path: where it is now, and when it has stalled."""

from __future__ import annotations

import datetime as dt

from osloreg.enums import ConsultationResult as R
from osloreg.rules.cases import Step, is_stalled, stalled_cutoff, where_is_it

TODAY = dt.date(2024, 6, 1)
LONG_AGO = TODAY - dt.timedelta(weeks=12)
LATELY = TODAY - dt.timedelta(weeks=2)
OPENED = TODAY - dt.timedelta(weeks=20)


def treated(sequence: int, on: dt.date, result: str = R.ENDORSED, body: int = 1) -> Step:
    return Step(sequence, body, planned_on=on, treated_on=on, result=result)


def planned(sequence: int, on: dt.date | None = None, body: int = 2) -> Step:
    return Step(sequence, body, planned_on=on)


def stalled(steps, opened_on=OPENED, **kwargs) -> bool:
    return is_stalled(steps, today=TODAY, opened_on=opened_on, **kwargs)


def test_where_is_it_names_the_last_treatment_and_the_next_planned():
    position = where_is_it([planned(3), treated(1, LONG_AGO), treated(2, LATELY), planned(4)])
    assert position.last_treated.sequence == 2
    assert position.next_planned.sequence == 3


def test_a_case_never_treated_is_waiting_for_its_first_consultation():
    position = where_is_it([planned(1), planned(2)])
    assert position.last_treated is None and position.next_planned.sequence == 1


def test_an_untreated_step_before_the_last_treatment_is_not_next():
    position = where_is_it([planned(1), treated(2, LATELY)])
    assert position.next_planned is None


def test_a_case_with_a_planned_consultation_and_no_treatment_for_eight_weeks_has_stalled():
    assert stalled([treated(1, LONG_AGO), planned(2)])


def test_a_case_treated_lately_has_not_stalled():
    assert not stalled([treated(1, LATELY), planned(2)])


def test_exactly_eight_weeks_is_not_yet_stalled_and_a_day_more_is():
    eight_weeks = stalled_cutoff(TODAY)
    assert not stalled([treated(1, eight_weeks), planned(2)])
    assert stalled([treated(1, eight_weeks - dt.timedelta(days=1)), planned(2)])


def test_the_number_of_weeks_can_be_chosen():
    assert not stalled([treated(1, LONG_AGO), planned(2)], weeks=16)


def test_a_returned_case_with_nothing_planned_has_stalled():
    assert stalled([treated(1, LONG_AGO), treated(2, LONG_AGO, R.RETURNED)])


def test_a_returned_case_with_a_new_consultation_treated_lately_moves_on():
    assert not stalled([treated(1, LONG_AGO, R.RETURNED), treated(2, LATELY)])


def test_a_postponed_case_with_nothing_planned_has_stalled_too():
    assert stalled([treated(1, LONG_AGO, R.POSTPONED)])


def test_a_case_at_the_end_of_its_path_has_not_stalled():
    assert not stalled([treated(1, LONG_AGO), treated(2, LONG_AGO, R.ENDORSED)])


def test_a_case_without_any_consultation_has_not_stalled():
    assert not stalled([])


def test_a_never_treated_case_is_idle_since_it_was_opened():
    assert stalled([planned(1)], opened_on=LONG_AGO)
    assert not stalled([planned(1)], opened_on=LATELY)
