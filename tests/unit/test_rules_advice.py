"""Advice rules: the state machine, the rationale rule, locking of input, completeness of input, and
advice awaiting the director (days waiting, overdue, the queue order)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osloreg.enums import AdviceState, Outcome
from osloreg.rules.advice import (
    ADVICE_TRANSITIONS,
    Term,
    can_transition,
    completeness,
    days_overdue,
    days_waiting,
    input_counts,
    input_day,
    input_locked,
    is_overdue,
    queue_order,
    rationale_required,
)

TODAY = dt.date(2024, 5, 15)


@dataclass
class Item:
    name: str
    submitted_at: dt.datetime | None
    target_date: dt.date | None = None
    state: str = AdviceState.SUBMITTED


def test_days_waiting_counts_whole_days_since_submission():
    assert days_waiting(dt.datetime(2024, 5, 1, 23, 59), TODAY) == 14
    assert days_waiting(dt.date(2024, 5, 15), TODAY) == 0


def test_advice_not_submitted_or_dated_ahead_has_waited_no_days():
    assert days_waiting(None, TODAY) == 0
    assert days_waiting(dt.datetime(2024, 5, 20), TODAY) == 0


def test_submitted_advice_past_its_target_date_is_overdue():
    assert is_overdue(state=AdviceState.SUBMITTED, target_date=dt.date(2024, 5, 14), today=TODAY)
    assert days_overdue(state=AdviceState.SUBMITTED, target_date=dt.date(2024, 5, 10), today=TODAY) == 5


def test_advice_due_today_is_not_yet_overdue():
    assert not is_overdue(state=AdviceState.SUBMITTED, target_date=TODAY, today=TODAY)


def test_advice_without_a_target_date_is_never_overdue():
    assert not is_overdue(state=AdviceState.SUBMITTED, target_date=None, today=TODAY)
    assert days_overdue(state=AdviceState.SUBMITTED, target_date=None, today=TODAY) == 0


def test_advice_not_in_the_directors_hands_is_not_overdue():
    past = dt.date(2024, 1, 1)
    for state in (AdviceState.DRAFT, AdviceState.DECIDED, AdviceState.WITHDRAWN):
        assert not is_overdue(state=state, target_date=past, today=TODAY)


def test_the_queue_puts_overdue_first_then_the_oldest():
    items = [
        Item("new", dt.datetime(2024, 5, 10)),
        Item("overdue but recent", dt.datetime(2024, 5, 12), target_date=dt.date(2024, 5, 14)),
        Item("old", dt.datetime(2024, 3, 1), target_date=dt.date(2024, 6, 1)),
        Item("overdue and old", dt.datetime(2024, 4, 1), target_date=dt.date(2024, 4, 20)),
    ]
    order = [item.name for item in queue_order(items, today=TODAY)]
    assert order == ["overdue and old", "overdue but recent", "old", "new"]


def test_advice_never_submitted_goes_last():
    items = [Item("draft", None, state=AdviceState.DRAFT), Item("submitted", dt.datetime(2024, 5, 1))]
    assert [item.name for item in queue_order(items, today=TODAY)] == ["submitted", "draft"]


def test_the_same_day_is_ordered_by_the_time_of_submission():
    items = [Item("afternoon", dt.datetime(2024, 5, 1, 15)), Item("morning", dt.datetime(2024, 5, 1, 9))]
    assert [item.name for item in queue_order(items, today=TODAY)] == ["morning", "afternoon"]


# --- The state machine --------------------------------------------------------------------------


def test_a_draft_is_submitted_or_withdrawn():
    assert can_transition(AdviceState.DRAFT, AdviceState.SUBMITTED)
    assert can_transition(AdviceState.DRAFT, AdviceState.WITHDRAWN)


def test_a_draft_cannot_be_decided_before_it_is_submitted():
    assert not can_transition(AdviceState.DRAFT, AdviceState.DECIDED)


def test_submitted_advice_is_decided_or_withdrawn_but_not_sent_back_to_draft():
    assert can_transition(AdviceState.SUBMITTED, AdviceState.DECIDED)
    assert can_transition(AdviceState.SUBMITTED, AdviceState.WITHDRAWN)
    assert not can_transition(AdviceState.SUBMITTED, AdviceState.DRAFT)


def test_decided_advice_stays_decided_when_its_decision_is_reopened():
    assert can_transition(AdviceState.DECIDED, AdviceState.DECIDED)
    for state in (AdviceState.DRAFT, AdviceState.SUBMITTED, AdviceState.WITHDRAWN):
        assert not can_transition(AdviceState.DECIDED, state)


def test_withdrawn_advice_is_final():
    assert not any(can_transition(AdviceState.WITHDRAWN, state) for state in AdviceState)


def test_unknown_states_move_nowhere():
    assert not can_transition("archived", AdviceState.DRAFT)
    assert not can_transition(AdviceState.DRAFT, "archived")


def test_every_state_has_its_transitions_written_down():
    assert set(ADVICE_TRANSITIONS) == set(AdviceState)
    assert all(targets <= set(AdviceState) for targets in ADVICE_TRANSITIONS.values())


def test_a_rationale_is_required_unless_the_advice_is_followed():
    assert not rationale_required(Outcome.FOLLOWED)
    assert not rationale_required("followed")
    for outcome in (Outcome.PARTLY_FOLLOWED, Outcome.NOT_FOLLOWED, Outcome.NOTED):
        assert rationale_required(outcome)


def test_input_locks_once_any_advice_it_feeds_is_decided():
    assert input_locked([AdviceState.WITHDRAWN, AdviceState.DECIDED])
    assert input_locked(["decided"])


def test_input_stays_open_while_its_advice_is_undecided_or_when_it_feeds_none():
    assert not input_locked([])
    assert not input_locked([AdviceState.DRAFT, AdviceState.SUBMITTED, AdviceState.WITHDRAWN])
    assert not input_locked(iter([AdviceState.SUBMITTED]))


# --- Completeness of input ----------------------------------------------------------------------

FOLLO, ROMERIKE, VIKEN, OSLO = (1, "Follo"), (2, "Romerike"), (3, "Viken"), (4, "Oslo")
EXPECTED = [FOLLO, ROMERIKE, VIKEN, OSLO]
VESTBY, ASKER = 10, 11  # Vestby sits in Follo and in Romerike (as the test data has it)


def test_units_that_gave_input_are_given_and_the_rest_missing():
    result = completeness(EXPECTED, [OSLO[0], VIKEN[0]])
    assert result.given == (VIKEN, OSLO)
    assert result.missing == (FOLLO, ROMERIKE)
    assert (result.given_count, result.expected_count, result.share) == (2, 4, 0.5)


def test_sub_region_counts_as_given_through_its_municipality():
    result = completeness(EXPECTED, [VESTBY], sub_region_of={VESTBY: [FOLLO[0]]})
    assert result.given == (FOLLO,)
    assert result.missing == (ROMERIKE, VIKEN, OSLO)


def test_a_municipality_in_two_sub_regions_counts_for_both():
    result = completeness(EXPECTED, [VESTBY], sub_region_of={VESTBY: [FOLLO[0], ROMERIKE[0]]})
    assert result.given == (FOLLO, ROMERIKE)


def test_input_from_a_unit_not_expected_counts_for_nothing():
    result = completeness(EXPECTED, [ASKER], sub_region_of={VESTBY: [FOLLO[0]]})
    assert result.given == () and result.given_count == 0 and result.share == 0


def test_several_inputs_from_one_unit_count_once():
    result = completeness(EXPECTED, [OSLO[0], OSLO[0], VESTBY], sub_region_of={VESTBY: [FOLLO[0]]})
    assert result.given_count == 2 and result.expected_count == 4


def test_completeness_keeps_the_order_of_the_expected_units_and_counts_a_repeated_one_once():
    result = completeness([OSLO, FOLLO, OSLO], [FOLLO[0]])
    assert result.expected == (OSLO, FOLLO)
    assert result.given == (FOLLO,) and result.missing == (OSLO,)


def test_a_group_expected_to_cover_nothing_has_no_share():
    result = completeness([], [OSLO[0]])
    assert result.expected == result.given == result.missing == ()
    assert result.share is None


def test_completeness_takes_any_iterables():
    result = completeness(iter(EXPECTED), (unit for unit in [VESTBY]), sub_region_of={VESTBY: (FOLLO[0],)})
    assert result.given == (FOLLO,)


# --- Whom input speaks for ----------------------------------------------------------------------


def test_input_counts_for_a_unit_its_author_represented_on_the_day():
    terms = [Term(OSLO[0], dt.date(2020, 1, 1), dt.date(2024, 5, 14)), Term(FOLLO[0], TODAY, None)]

    def counts(unit_id, day, by_secretariat=False):
        return input_counts(unit_id=unit_id, day=day, author_terms=terms, by_secretariat=by_secretariat)

    assert counts(OSLO[0], dt.date(2024, 5, 14))  # the term's last day
    assert not counts(OSLO[0], TODAY)  # the day after it ended
    assert not counts(FOLLO[0], dt.date(2024, 5, 14)) and counts(FOLLO[0], TODAY)
    assert not counts(ROMERIKE[0], TODAY)  # never represented
    assert counts(ROMERIKE[0], TODAY, by_secretariat=True)  # registered by the secretariat
    assert not counts(None, TODAY, by_secretariat=True)  # input of no unit counts for none


def test_the_day_of_input_is_the_day_in_oslo():
    assert input_day(dt.datetime(2024, 6, 11, 21, 59)) == dt.date(2024, 6, 11)  # 23:59 in summer
    assert input_day(dt.datetime(2024, 6, 11, 22, 0)) == dt.date(2024, 6, 12)
    assert input_day(dt.datetime(2024, 1, 11, 23, 0)) == dt.date(2024, 1, 12)  # winter: UTC+1


def test_units_of_input_that_does_not_count_are_listed_unless_they_gave_input_that_counts():
    result = completeness(EXPECTED, [OSLO[0]], not_counted=[FOLLO, OSLO, (ASKER, "Asker"), FOLLO])
    assert result.given == (OSLO,)
    assert result.not_counted == (FOLLO, (ASKER, "Asker"))
    # A sub-region covered through a municipality's counted input is not listed either.
    through = completeness(EXPECTED, [VESTBY], sub_region_of={VESTBY: [FOLLO[0]]}, not_counted=[FOLLO])
    assert through.given == (FOLLO,) and through.not_counted == ()
