"""Administrasjon: users and roles, the audit trail, imports and backups (admins only)."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.admin import view as admin_view

user = ui.require_page("admin")

admin_view.render(user)
