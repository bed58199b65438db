"""Innspill: a member logs input on a project, case, meeting or policy matter, and sees what became of it."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.advice import input as input_view

user = ui.require_page("input")

input_view.render(user)
