"""A case's path, number and state: where it is now, when it has stalled, what decides it."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.enums import ConsultationResult as R
from osloreg.rules.cases import (
    NUMBER_MAX,
    YEAR_MAX,
    YEAR_MIN,
    CaseState,
    Step,
    StepState,
    case_state,
    check_number,
    decides_case,
    is_stalled,
    next_number,
    parse_label,
    stalled_cutoff,
    step_states,
    where_is_it,
)
from osloreg.rules.validation import Invalid

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


# --- Numbers --------------------------------------------------------------------------------------

IN_2026 = dt.date(2026, 3, 10)


def test_the_first_case_of_a_year_is_number_one():
    assert next_number([]) == 1


def test_a_new_case_gets_one_after_the_highest_number_whatever_the_gaps():
    assert next_number({1, 2, 7}) == 8
    assert next_number(iter([7, 2, 1])) == 8


def test_a_number_and_a_year_within_bounds_are_accepted():
    assert check_number(48, 2020) == (48, 2020)
    assert check_number(1, YEAR_MIN) == (1, YEAR_MIN)
    assert check_number(NUMBER_MAX, YEAR_MAX) == (NUMBER_MAX, YEAR_MAX)


@pytest.mark.parametrize("number", [0, -1, NUMBER_MAX + 1, True, False, "48", 48.0, None])
def test_a_number_out_of_bounds_or_not_a_whole_number_is_refused(number):
    with pytest.raises(Invalid) as caught:
        check_number(number, 2020)
    assert caught.value.key == "error.case_number"
    assert caught.value.params == {"max": NUMBER_MAX}


@pytest.mark.parametrize("year", [YEAR_MIN - 1, YEAR_MAX + 1, 20, True, "2020", 2020.0, None])
def test_a_year_the_schema_does_not_allow_is_refused(year):
    with pytest.raises(Invalid) as caught:
        check_number(48, year)
    assert caught.value.key == "error.case_year"
    assert caught.value.params == {"min": YEAR_MIN, "max": YEAR_MAX}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("48/20", (48, 2020)),
        ("5/99", (5, 1999)),
        ("48/2020", (48, 2020)),
        ("48 / 2020", (48, 2020)),
        ("  38/25 ", (38, 2025)),
        ("1/00", (1, 2000)),
        ("9999/26", (9999, 2026)),
        ("3/27", (3, 2027)),  # next year is allowed: cases are numbered ahead at the turn of the year
        ("3/28", (3, 1928)),
    ],
)
def test_a_case_label_is_read_as_number_and_year(text, expected):
    assert parse_label(text, today=IN_2026) == expected


@pytest.mark.parametrize("text", ["abc", "", "48", "48/", "/20", "48/2", "48/202", "12345/20", "48-20", None])
def test_what_is_not_a_case_label_is_none(text):
    assert parse_label(text, today=IN_2026) is None


def test_a_two_digit_year_is_the_latest_such_year_not_after_next_year():
    assert parse_label("3/27", today=dt.date(2026, 1, 1)) == (3, 2027)
    assert parse_label("3/27", today=dt.date(2025, 12, 31)) == (3, 1927)
    assert parse_label("3/26", today=dt.date(2025, 12, 31)) == (3, 2026)
    # Across a century: in 2099 "00" is next year (2100), and "99" this year.
    assert parse_label("1/00", today=dt.date(2099, 6, 1)) == (1, 2100)
    assert parse_label("1/99", today=dt.date(2099, 6, 1)) == (1, 2099)
    assert parse_label("1/01", today=dt.date(2099, 6, 1)) == (1, 2001)
    for today in (dt.date(1999, 5, 1), dt.date(2026, 5, 1), dt.date(2099, 5, 1), dt.date(2100, 5, 1)):
        for two_digits in range(100):
            year = parse_label(f"1/{two_digits:02d}", today=today)[1]
            assert year % 100 == two_digits
            assert today.year + 1 - 100 < year <= today.year + 1


# --- The path's steps -----------------------------------------------------------------------------


def states(steps) -> list[tuple[int, StepState]]:
    return [(step.sequence, state) for step, state in step_states(steps)]


def test_steps_are_done_next_and_waiting_in_order():
    steps = [planned(4), treated(2, LATELY), planned(3), treated(1, LONG_AGO)]
    assert states(steps) == [
        (1, StepState.DONE),
        (2, StepState.DONE),
        (3, StepState.NEXT),
        (4, StepState.WAITING),
    ]


def test_a_step_planned_before_the_last_treatment_and_never_treated_was_skipped():
    steps = [treated(1, LONG_AGO), planned(2), treated(3, LATELY), planned(4), planned(5)]
    assert states(steps) == [
        (1, StepState.DONE),
        (2, StepState.SKIPPED),
        (3, StepState.DONE),
        (4, StepState.NEXT),
        (5, StepState.WAITING),
    ]


def test_a_path_never_treated_has_its_first_step_next_and_the_rest_waiting():
    assert states([planned(2), planned(1)]) == [(1, StepState.NEXT), (2, StepState.WAITING)]


def test_an_empty_path_has_no_steps():
    assert step_states([]) == []


# --- The case's state -----------------------------------------------------------------------------


def deciding(sequence: int, on: dt.date, result: str = R.ENDORSED) -> Step:
    return Step(sequence, 9, planned_on=on, treated_on=on, result=result, authoritative=True)


def test_a_case_without_a_path_is_new():
    assert case_state([]) == CaseState.NEW


def test_a_case_with_treatments_planned_and_none_held_is_planned():
    assert case_state([planned(1), planned(2)]) == CaseState.PLANNED


def test_a_treated_case_with_a_next_treatment_is_under_way():
    assert case_state([treated(1, LONG_AGO), planned(2)]) == CaseState.UNDER_WAY


@pytest.mark.parametrize("result", [R.RETURNED, R.POSTPONED])
def test_a_returned_or_postponed_case_with_nothing_planned_is_hanging(result):
    assert case_state([treated(1, LONG_AGO), treated(2, LATELY, result)]) == CaseState.HANGING


def test_a_returned_case_with_a_new_treatment_planned_is_under_way_again():
    assert case_state([treated(1, LONG_AGO, R.RETURNED), planned(2)]) == CaseState.UNDER_WAY


@pytest.mark.parametrize("result", [R.ENDORSED, R.ENDORSED_WITH_CHANGES, R.NOTED])
def test_a_case_the_deciding_body_closed_with_nothing_planned_after_is_decided(result):
    assert case_state([treated(1, LONG_AGO), deciding(2, LATELY, result)]) == CaseState.DECIDED


@pytest.mark.parametrize("result", [R.RETURNED, R.POSTPONED])
def test_a_deciding_body_that_returned_or_postponed_the_case_has_not_decided_it(result):
    assert case_state([treated(1, LONG_AGO), deciding(2, LATELY, result)]) == CaseState.HANGING


def test_a_decided_case_with_a_treatment_planned_after_is_under_way():
    assert case_state([deciding(1, LONG_AGO), planned(2)]) == CaseState.UNDER_WAY


def test_an_untreated_deciding_step_does_not_decide_the_case():
    steps = [treated(1, LONG_AGO), Step(2, 9, planned_on=LATELY, authoritative=True)]
    assert case_state(steps) == CaseState.UNDER_WAY


def test_a_treated_case_with_nothing_planned_and_no_deciding_result_is_at_the_end():
    assert case_state([treated(1, LONG_AGO), treated(2, LATELY, R.NOTED)]) == CaseState.AT_END


def test_a_treatment_decides_the_case_only_by_the_deciding_body_with_a_closing_result():
    for result in (R.ENDORSED, R.ENDORSED_WITH_CHANGES, R.NOTED):
        assert decides_case(authoritative=True, result=result)
        assert not decides_case(authoritative=False, result=result)
    for result in (R.RETURNED, R.POSTPONED, None, "approved"):
        assert not decides_case(authoritative=True, result=result)


def test_case_48_20_on_its_real_path_is_decided_and_every_step_done():
    path = [
        Step(
            1,
            1,
            planned_on=dt.date(2020, 8, 18),
            treated_on=dt.date(2020, 8, 18),
            result=R.ENDORSED_WITH_CHANGES,
            body_name="Faggruppe for næringssamarbeid",
            role="preparation",
        ),
        Step(
            2,
            2,
            planned_on=dt.date(2020, 8, 25),
            treated_on=dt.date(2020, 8, 25),
            result=R.NOTED,
            body_name="Administrativ koordineringsgruppe",
            role="preparation",
        ),
        Step(
            3,
            3,
            planned_on=dt.date(2020, 9, 11),
            treated_on=dt.date(2020, 9, 11),
            result=R.ENDORSED,
            body_name="Styret",
            role="decision",
            authoritative=True,
        ),
    ]
    assert case_state(path) == CaseState.DECIDED
    assert [state for _, state in step_states(path)] == [StepState.DONE] * 3
    assert decides_case(authoritative=path[-1].authoritative, result=path[-1].result)
    assert not is_stalled(path, today=dt.date(2026, 1, 1), opened_on=dt.date(2020, 8, 1))
    assert parse_label("48/20", today=IN_2026) == (48, 2020)
