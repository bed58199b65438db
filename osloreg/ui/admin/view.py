"""Administrasjon: one tab per task (users, audit trail, import, backup, notice periods); a record's
history when the address names one (?entity=project&entity_id=12, the "Historikk" links of the other
pages)."""

from __future__ import annotations

import streamlit as st

from osloreg.ui.admin import api_tokens as api_tokens_view
from osloreg.ui.admin import audit as audit_view
from osloreg.ui.admin import backup as backup_view
from osloreg.ui.admin import bodies as bodies_view
from osloreg.ui.admin import imports as import_view
from osloreg.ui.admin import users as users_view
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.login import CurrentUser

TAB_KEY = "admin_tab"
SAVED_TAB = "admin_saved_tab"


def render(user: CurrentUser) -> None:
    st.title(t("nav.admin"))
    forms.show_flash()
    if audit_view.entity_in_address():
        audit_view.render_entity(user)
        return
    tabs = forms.remembered_tabs(
        {
            name: t(f"admin.tab.{name}")
            for name in ("users", "audit", "import", "backup", "bodies", "api_tokens")
        },
        key=TAB_KEY,
        saved_key=SAVED_TAB,
    )
    for name, module in (
        ("users", users_view),
        ("audit", audit_view),
        ("import", import_view),
        ("backup", backup_view),
        ("bodies", bodies_view),
        ("api_tokens", api_tokens_view),
    ):
        if tabs[name].open:
            with tabs[name]:
                module.render(user)
