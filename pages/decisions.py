"""Beslutninger: the director's inbox and decisions, the decision log with export, follow-ups due."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.advice import decisions

user = ui.require_page("decisions")

decisions.render(user)
