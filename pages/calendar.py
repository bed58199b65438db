"""Møtekalender: the bodies' meetings by month, and one meeting at a time (?meeting=ID)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui import calendar_view, meeting_view

user = ui.require_page("calendar")

link = meeting_view.requested_meeting()
if link is None:
    calendar_view.render(user)
else:
    meeting_view.render(user, link.id)
