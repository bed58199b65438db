"""Saker: the cases, found by number or title, the stalled ones, and one case at a time (?case=ID)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.cases import case as case_view
from osloreg.ui.cases import case_list as cases_view

user = ui.require_page("cases")

link = case_view.LINK.requested()
if link is None:
    cases_view.render(user)
else:
    case_view.render(user, link.id)
