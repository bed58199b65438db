"""Tilgjengelighet: the accessibility statement and where to report a problem."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui import accessibility

user = ui.require_page("accessibility")

accessibility.render(user)
