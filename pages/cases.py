"""Saker: the cases, found by number or title, the stalled ones, and one case at a time (?case=ID)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui import case_view, cases_view

user = ui.require_page("cases")

link = case_view.requested_case()
if link is None:
    cases_view.render(user)
else:
    case_view.render(user, link.id)
