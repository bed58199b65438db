"""Dekning: who represents whom in a body on a date, what is missing, how it changed, and the directory."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.coverage import view as coverage_view

user = ui.require_page("coverage")

coverage_view.render(user)
