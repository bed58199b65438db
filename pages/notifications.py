"""Varsler og kalender: the user's own notification settings (the digest by e-mail)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.notifications import view as notifications_view

user = ui.require_page("notifications")

notifications_view.render(user)
