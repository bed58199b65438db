"""Råd: coordinators and group leaders turn a group's input into advice to the director, and submit it."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.advice import compose

user = ui.require_page("advice")

compose.render(user)
