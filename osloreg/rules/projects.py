"""Project rules: the status machine, what a move does, dates and progress, milestones falling due,
the reference group's checkpoints, and what makes a project need a coordinator's attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from osloreg.enums import CheckpointKind, ProjectStatus
from osloreg.rules.validation import Invalid

S = ProjectStatus

# The life of a project, in the order the pipeline shows it; paused and cancelled sit aside.
LIFECYCLE: tuple[str, ...] = (S.IDEA, S.PLANNED, S.ONGOING, S.COMPLETED)
ORDER: tuple[str, ...] = (*LIFECYCLE, S.PAUSED, S.CANCELLED)

# Allowed moves. Completed and cancelled are not dead ends: a project completed by mistake, or taken
# up again, is reopened (with a note saying why), and the history keeps both moves.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDEA: frozenset({S.PLANNED, S.CANCELLED}),
    S.PLANNED: frozenset({S.IDEA, S.ONGOING, S.PAUSED, S.CANCELLED}),
    S.ONGOING: frozenset({S.PAUSED, S.COMPLETED, S.CANCELLED}),
    S.PAUSED: frozenset({S.ONGOING, S.CANCELLED}),
    S.COMPLETED: frozenset({S.ONGOING}),
    S.CANCELLED: frozenset({S.IDEA, S.PLANNED}),
}
# Not closed: what the pipeline still follows (and what can need attention).
OPEN_STATUSES = frozenset({S.IDEA, S.PLANNED, S.ONGOING, S.PAUSED})
# Work has begun: a start date is due, and the group should have been told before it.
STARTED_STATUSES = frozenset({S.ONGOING, S.PAUSED, S.COMPLETED})
# What the timeline (Gantt) draws: the work ahead and under way.
TIMELINE_STATUSES = (S.PLANNED, S.ONGOING)
IDLE_AFTER_DAYS = 90
PROGRESS_MIN, PROGRESS_MAX = 0, 100


def can_move(from_status: str, to_status: str) -> bool:
    """True if a project in `from_status` may move to `to_status`; unknown statuses move nowhere."""
    return to_status in TRANSITIONS.get(from_status, frozenset())


def next_statuses(from_status: str) -> list[str]:
    """The statuses a project may move to, in the pipeline's order."""
    allowed = TRANSITIONS.get(from_status, frozenset())
    return [status for status in ORDER if status in allowed]


@dataclass(frozen=True)
class Move:
    """What a status change writes besides the status: a start date when work begins without one,
    100 % and an end date when the project is completed."""

    start_on: dt.date | None
    end_on: dt.date | None
    progress: int


def plan_move(
    from_status: str,
    to_status: str,
    *,
    start_on: dt.date | None,
    end_on: dt.date | None,
    progress: int,
    today: dt.date,
) -> Move:
    """The project's dates and progress after the move, or Invalid with the reason. The note is
    checked by the service (it is free text)."""
    if to_status not in set(ProjectStatus):
        raise Invalid("error.project_status_unknown", {"status": str(to_status)})
    if from_status == to_status:
        raise Invalid("error.project_status_same", {"status": str(to_status)})
    if not can_move(from_status, to_status):
        raise Invalid("error.project_transition", {"from_status": from_status, "to_status": to_status})
    if to_status == S.ONGOING and start_on is None:
        start_on = today  # work begins today unless a start date was set
    if to_status == S.COMPLETED:
        progress = PROGRESS_MAX
        if end_on is None:
            end_on = max(today, start_on) if start_on else today
    check_dates(start_on, end_on)
    return Move(start_on=start_on, end_on=end_on, progress=progress)


def check_dates(start_on: dt.date | None, end_on: dt.date | None) -> None:
    """A project ends on or after the day it starts."""
    if start_on is not None and end_on is not None and end_on < start_on:
        raise Invalid("error.end_before_start", {})


def check_progress(value: object) -> int:
    """Progress is a whole number of per cent, 0 to 100."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise Invalid("error.progress_range", {"min": PROGRESS_MIN, "max": PROGRESS_MAX})
    if not PROGRESS_MIN <= value <= PROGRESS_MAX:
        raise Invalid("error.progress_range", {"min": PROGRESS_MIN, "max": PROGRESS_MAX})
    return value


# --- Milestones -----------------------------------------------------------------------------------


def milestone_overdue(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    """Due before today and not done. A milestone due today is not late yet."""
    return done_on is None and due_on < today


def milestone_state(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> str:
    """ "done", "overdue" or "open"."""
    if done_on is not None:
        return "done"
    return "overdue" if milestone_overdue(due_on, done_on, today) else "open"


# --- Checkpoints and attention ----------------------------------------------------------------------


def check_checkpoint_date(kind: str, on_date: dt.date | None, today: dt.date) -> None:
    """Informed and quality-assured are facts with a date, which cannot lie ahead; the input round
    is known by its advice (its date is optional)."""
    if kind not in set(CheckpointKind):
        raise Invalid("error.checkpoint_kind", {"kind": str(kind)})
    if on_date is None and kind != CheckpointKind.INPUT_ROUND:
        raise Invalid("error.required", {"field": "checkpoint_date"})
    if on_date is not None and on_date > today:
        raise Invalid("error.checkpoint_future", {})


class Attention(StrEnum):
    """Why a project needs a coordinator's attention (the pipeline's "needs attention" lists)."""

    NOT_QUALITY_ASSURED = "not_quality_assured"  # ongoing, content not yet quality-assured by the group
    STARTED_BEFORE_INFORMED = "started_before_informed"  # under way, the group told later or never
    OVERDUE_MILESTONES = "overdue_milestones"
    IDLE = "idle"  # open, no status change for IDLE_AFTER_DAYS


def idle_cutoff(today: dt.date, days: int = IDLE_AFTER_DAYS) -> dt.date:
    """A status last changed before this day is idle."""
    return today - dt.timedelta(days=days)


def attention(
    *,
    status: str,
    start_on: dt.date | None,
    informed_on: dt.date | None,
    quality_assured: bool,
    overdue_milestones: int,
    last_status_change: dt.date | None,
    today: dt.date,
    idle_days: int = IDLE_AFTER_DAYS,
) -> frozenset[Attention]:
    """Every reason the project needs attention now; none for a completed or cancelled project
    (nothing is left to do about it). `informed_on` is the date the group was informed, if it was."""
    if status not in OPEN_STATUSES:
        return frozenset()
    reasons = set()
    if status == S.ONGOING and not quality_assured:
        reasons.add(Attention.NOT_QUALITY_ASSURED)
    under_way = status in STARTED_STATUSES and start_on is not None and start_on <= today
    if under_way and (informed_on is None or informed_on > start_on):
        reasons.add(Attention.STARTED_BEFORE_INFORMED)
    if overdue_milestones > 0:
        reasons.add(Attention.OVERDUE_MILESTONES)
    if last_status_change is not None and last_status_change < idle_cutoff(today, idle_days):
        reasons.add(Attention.IDLE)
    return frozenset(reasons)


def active_in_year(start_on: dt.date | None, end_on: dt.date | None, year: int) -> bool:
    """The project runs at some time in the year (open ends open; no start: not yet placed)."""
    if start_on is None:
        return False
    return start_on.year <= year and (end_on is None or end_on.year >= year)
