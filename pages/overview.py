"""Oversikt: what needs you now, by role; and the state of projects, meetings and coverage."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.overview import view as overview_view

user = ui.require_page("overview")

overview_view.render(user)
