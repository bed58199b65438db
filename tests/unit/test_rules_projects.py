"""Project rules: status moves, dates and progress, milestones, checkpoints, and attention."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.enums import CheckpointKind
from osloreg.enums import ProjectStatus as S
from osloreg.rules.projects import (
    ORDER,
    TRANSITIONS,
    Attention,
    active_in_year,
    attention,
    can_move,
    check_checkpoint_date,
    check_dates,
    check_progress,
    milestone_overdue,
    milestone_state,
    next_statuses,
    plan_move,
)
from osloreg.rules.validation import Invalid

TODAY = dt.date(2024, 5, 15)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)

ALLOWED = {
    S.IDEA: {S.PLANNED, S.CANCELLED},
    S.PLANNED: {S.IDEA, S.ONGOING, S.PAUSED, S.CANCELLED},
    S.ONGOING: {S.PAUSED, S.COMPLETED, S.CANCELLED},
    S.PAUSED: {S.ONGOING, S.CANCELLED},
    S.COMPLETED: {S.ONGOING},
    S.CANCELLED: {S.IDEA, S.PLANNED},
}


def move(from_status, to_status, *, start_on=None, end_on=None, progress=30):
    return plan_move(from_status, to_status, start_on=start_on, end_on=end_on, progress=progress, today=TODAY)


def reasons(**overrides):
    """The reasons for an ongoing project in good order (started 1 March, the group informed in
    February, quality-assured, no overdue milestones, last moved 1 March), changed by `overrides`."""
    values = dict(status=S.ONGOING, start_on=dt.date(2024, 3, 1), informed_on=dt.date(2024, 2, 1))
    values |= dict(quality_assured=True, overdue_milestones=0, last_status_change=dt.date(2024, 3, 1))
    return attention(**(values | overrides), today=TODAY)


# --- The status machine ---------------------------------------------------------------------------


def test_exactly_the_moves_of_the_pipeline_are_allowed():
    moves = {(a, b) for a in S for b in S if can_move(a, b)}
    assert moves == {(a, b) for a, targets in ALLOWED.items() for b in targets}
    assert set(TRANSITIONS) == set(S)


def test_a_project_cannot_skip_ahead_or_fall_back_from_work_under_way():
    assert not can_move(S.IDEA, S.ONGOING)
    assert not can_move(S.IDEA, S.COMPLETED)
    assert not can_move(S.ONGOING, S.IDEA)
    assert not can_move(S.ONGOING, S.PLANNED)
    assert not can_move(S.PAUSED, S.COMPLETED)


def test_a_completed_project_can_be_reopened_but_not_paused():
    assert next_statuses(S.COMPLETED) == [S.ONGOING]
    assert not can_move(S.COMPLETED, S.PAUSED)


def test_a_cancelled_project_is_taken_up_again_as_an_idea_or_a_plan_but_not_completed():
    assert next_statuses(S.CANCELLED) == [S.IDEA, S.PLANNED]
    assert not can_move(S.CANCELLED, S.COMPLETED)
    assert not can_move(S.CANCELLED, S.ONGOING)


def test_the_next_statuses_are_offered_in_the_pipelines_order():
    assert next_statuses(S.PLANNED) == [S.IDEA, S.ONGOING, S.PAUSED, S.CANCELLED]
    assert next_statuses(S.ONGOING) == [S.COMPLETED, S.PAUSED, S.CANCELLED]
    for status in S:
        offered = next_statuses(status)
        assert offered == sorted(offered, key=ORDER.index)


def test_unknown_statuses_move_nowhere():
    assert next_statuses("archived") == []
    assert not can_move("archived", S.IDEA)
    assert not can_move(S.IDEA, "archived")


# --- What a move writes ---------------------------------------------------------------------------


def test_a_move_to_the_same_status_is_refused():
    with pytest.raises(Invalid) as refused:
        move(S.ONGOING, S.ONGOING)
    assert refused.value.key == "error.project_status_same"
    assert refused.value.params == {"status": "ongoing"}


def test_a_move_to_an_unknown_status_is_refused():
    with pytest.raises(Invalid) as refused:
        move(S.IDEA, "archived")
    assert refused.value.key == "error.project_status_unknown"
    assert refused.value.params == {"status": "archived"}


def test_a_move_the_pipeline_does_not_allow_is_refused_naming_both_statuses():
    with pytest.raises(Invalid) as refused:
        move(S.IDEA, S.ONGOING)
    assert refused.value.key == "error.project_transition"
    assert refused.value.params == {"from_status": "idea", "to_status": "ongoing"}


def test_work_that_begins_without_a_start_date_starts_today():
    assert move(S.PLANNED, S.ONGOING).start_on == TODAY


def test_work_that_begins_keeps_the_start_date_it_was_given():
    planned = dt.date(2024, 6, 1)
    result = move(S.PLANNED, S.ONGOING, start_on=planned, end_on=dt.date(2024, 12, 31), progress=10)
    assert (result.start_on, result.end_on, result.progress) == (planned, dt.date(2024, 12, 31), 10)


def test_completing_a_project_sets_progress_to_100_and_a_missing_end_to_today():
    result = move(S.ONGOING, S.COMPLETED, start_on=dt.date(2024, 1, 10), progress=60)
    assert (result.start_on, result.end_on, result.progress) == (dt.date(2024, 1, 10), TODAY, 100)
    result = move(S.ONGOING, S.COMPLETED, start_on=dt.date(2024, 1, 10), end_on=dt.date(2024, 4, 30))
    assert (result.end_on, result.progress) == (dt.date(2024, 4, 30), 100)  # an end date it has is kept


def test_completing_a_project_that_starts_after_today_ends_on_its_start():
    start = dt.date(2024, 8, 1)
    result = move(S.ONGOING, S.COMPLETED, start_on=start)
    assert (result.start_on, result.end_on) == (start, start)


def test_completing_a_project_with_an_end_before_its_start_is_refused():
    with pytest.raises(Invalid) as refused:
        move(S.ONGOING, S.COMPLETED, start_on=dt.date(2024, 3, 1), end_on=dt.date(2024, 2, 1))
    assert refused.value.key == "error.end_before_start"


# --- Dates and progress ---------------------------------------------------------------------------


def test_a_project_may_end_the_day_it_starts_or_leave_either_date_open():
    check_dates(TODAY, TODAY)
    check_dates(None, YESTERDAY)
    check_dates(TODAY, None)
    with pytest.raises(Invalid) as refused:
        check_dates(TODAY, YESTERDAY)
    assert refused.value.key == "error.end_before_start"


def test_progress_is_a_whole_number_from_0_to_100():
    assert check_progress(0) == 0
    assert check_progress(100) == 100
    assert check_progress(40.0) == 40 and type(check_progress(40.0)) is int


@pytest.mark.parametrize("value", [-1, 101, 50.5, "50", True, None])
def test_progress_outside_the_range_or_not_a_whole_number_is_refused(value):
    with pytest.raises(Invalid) as refused:
        check_progress(value)
    assert refused.value.key == "error.progress_range"
    assert refused.value.params == {"min": 0, "max": 100}


# --- Milestones -----------------------------------------------------------------------------------


def test_a_milestone_due_yesterday_and_not_done_is_overdue():
    assert milestone_overdue(YESTERDAY, None, TODAY)
    assert milestone_state(YESTERDAY, None, TODAY) == "overdue"


def test_a_milestone_due_today_is_not_late_yet():
    assert not milestone_overdue(TODAY, None, TODAY)
    assert milestone_state(TODAY, None, TODAY) == "open"


def test_a_done_milestone_is_never_overdue():
    assert not milestone_overdue(dt.date(2024, 1, 1), dt.date(2024, 3, 1), TODAY)
    assert milestone_state(dt.date(2024, 1, 1), dt.date(2024, 3, 1), TODAY) == "done"
    assert milestone_state(TOMORROW, YESTERDAY, TODAY) == "done"


# --- Checkpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [CheckpointKind.INFORMED, CheckpointKind.QUALITY_ASSURED])
def test_informed_and_quality_assured_need_a_date(kind):
    check_checkpoint_date(kind, TODAY, TODAY)
    with pytest.raises(Invalid) as refused:
        check_checkpoint_date(kind, None, TODAY)
    assert refused.value.key == "error.required"
    assert refused.value.params == {"field": "checkpoint_date"}


def test_an_input_round_may_have_no_date():
    check_checkpoint_date(CheckpointKind.INPUT_ROUND, None, TODAY)


@pytest.mark.parametrize("kind", list(CheckpointKind))
def test_a_checkpoint_cannot_be_dated_in_the_future(kind):
    with pytest.raises(Invalid) as refused:
        check_checkpoint_date(kind, TOMORROW, TODAY)
    assert refused.value.key == "error.checkpoint_future"


def test_an_unknown_checkpoint_is_refused():
    with pytest.raises(Invalid) as refused:
        check_checkpoint_date("approved", YESTERDAY, TODAY)
    assert refused.value.key == "error.checkpoint_kind"
    assert refused.value.params == {"kind": "approved"}


# --- Attention ------------------------------------------------------------------------------------


def test_an_ongoing_project_in_order_needs_no_attention():
    assert reasons() == frozenset()


def test_each_reason_for_attention_is_given_on_its_own():
    assert reasons(quality_assured=False) == {Attention.NOT_QUALITY_ASSURED}
    assert reasons(informed_on=None) == {Attention.STARTED_BEFORE_INFORMED}
    assert reasons(overdue_milestones=2) == {Attention.OVERDUE_MILESTONES}
    assert reasons(last_status_change=dt.date(2024, 1, 1)) == {Attention.IDLE}


def test_every_reason_for_attention_is_given_together():
    everything = reasons(
        quality_assured=False, informed_on=None, overdue_milestones=1, last_status_change=dt.date(2023, 1, 1)
    )
    assert everything == set(Attention)


@pytest.mark.parametrize("status", [S.COMPLETED, S.CANCELLED])
def test_a_closed_project_needs_no_attention(status):
    neglected = {"quality_assured": False, "informed_on": None, "overdue_milestones": 3}
    assert reasons(status=status, last_status_change=dt.date(2023, 1, 1), **neglected) == frozenset()


def test_a_project_started_before_the_group_was_informed_needs_attention():
    assert Attention.STARTED_BEFORE_INFORMED in reasons(informed_on=dt.date(2024, 3, 2))
    assert Attention.STARTED_BEFORE_INFORMED in reasons(informed_on=None)
    assert Attention.STARTED_BEFORE_INFORMED in reasons(status=S.PAUSED, informed_on=None)


def test_a_group_informed_on_the_start_day_was_informed_in_time():
    assert Attention.STARTED_BEFORE_INFORMED not in reasons(informed_on=dt.date(2024, 3, 1))


def test_a_planned_project_with_a_past_start_has_not_started_before_the_group_was_informed():
    assert reasons(status=S.PLANNED, informed_on=None) == frozenset()


def test_work_starting_later_has_not_started_before_the_group_was_informed():
    assert Attention.STARTED_BEFORE_INFORMED not in reasons(start_on=TOMORROW, informed_on=None)


def test_only_ongoing_projects_need_their_quality_assurance():
    assert Attention.NOT_QUALITY_ASSURED in reasons(quality_assured=False)
    for status in (S.IDEA, S.PLANNED, S.PAUSED):
        assert Attention.NOT_QUALITY_ASSURED not in reasons(status=status, quality_assured=False)


def test_a_project_is_idle_after_more_than_90_days_without_a_status_change():
    assert Attention.IDLE not in reasons(last_status_change=TODAY - dt.timedelta(days=90))
    assert Attention.IDLE in reasons(last_status_change=TODAY - dt.timedelta(days=91))
    assert Attention.IDLE in reasons(status=S.IDEA, last_status_change=TODAY - dt.timedelta(days=91))
    assert Attention.IDLE not in reasons(last_status_change=None)


# --- The year -------------------------------------------------------------------------------------


def test_a_project_without_an_end_runs_every_year_from_its_start():
    assert active_in_year(dt.date(2022, 6, 1), None, 2030)
    assert not active_in_year(dt.date(2022, 6, 1), None, 2021)


def test_a_project_without_a_start_is_not_placed_in_any_year():
    assert not active_in_year(None, dt.date(2024, 12, 31), 2024)
    assert not active_in_year(None, None, 2024)


def test_a_project_spanning_years_runs_in_each_of_them_and_no_other():
    start, end = dt.date(2022, 11, 1), dt.date(2024, 2, 1)
    assert [year for year in range(2020, 2027) if active_in_year(start, end, year)] == [2022, 2023, 2024]
