"""Møtekalender: the bodies' meetings by month, and one meeting at a time (?meeting=ID)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.meetings import calendar as calendar_view
from osloreg.ui.meetings import meeting as meeting_view

user = ui.require_page("calendar")

link = meeting_view.LINK.requested()
if link is None:
    calendar_view.render(user)
else:
    meeting_view.render(user, link.id)
