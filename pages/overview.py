"""Oversikt: what needs you now, by role; and the state of projects, meetings and coverage."""

from __future__ import annotations

import streamlit as st

from osloreg import ui

user = ui.require_page("overview")

st.title(ui.t("nav.overview"))
