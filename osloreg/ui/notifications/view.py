"""Varsler og kalender: what the app sends the user, each part in its own module."""

from __future__ import annotations

import streamlit as st

from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.login import CurrentUser
from osloreg.ui.notifications import digest, feeds


def render(user: CurrentUser) -> None:
    st.title(t("nav.notifications"))
    st.caption(t("notifications.intro"))
    forms.show_flash()
    digest.render(user)
    feeds.render(user)
