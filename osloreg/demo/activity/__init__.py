"""Illustrative activity of one cluster of bodies: meetings, cases on their way, projects, input, advice."""

from __future__ import annotations

from osloreg.demo.activity.advice import AdviceActivity
from osloreg.demo.activity.base import CaseNumbers, DemoUserIds
from osloreg.demo.activity.cases import CaseActivity
from osloreg.demo.activity.forfall import ForfallActivity
from osloreg.demo.activity.meetings import MeetingActivity
from osloreg.demo.activity.projects import ProjectActivity

__all__ = ["Activity", "CaseNumbers", "DemoUserIds"]


# Each domain area is a mixin over ActivityState (base.py); the areas share state, not calls. The
# order in build() is the order of the random draws, so changing it changes the demo data.
class Activity(MeetingActivity, CaseActivity, ProjectActivity, AdviceActivity, ForfallActivity):
    """Everything that happens in one cluster from 2020 to `today`, plus what is planned ahead."""

    def build(self) -> None:
        self._meetings()
        self._cases()
        self._agendas()
        self._projects()
        self._inputs()
        self._advice()
        self._checkpoints()
        if self.cluster.index == 0:
            self._action_plans()
        self._cycle()  # last of the areas on the shared random stream: its draws come after the others'
        self._forfall()  # on a stream of its own
