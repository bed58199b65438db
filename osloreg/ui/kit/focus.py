"""The keyboard focus ring (focus.css): our own static stylesheet, drawn once per run from the sidebar.
Streamlit 1.67 has no setting for it; st.html of a <style> alone takes no room on the page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

STYLESHEET = Path(__file__).with_name("focus.css")


@cache
def _css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def draw() -> None:
    st.html(f"<style>{_css()}</style>")
