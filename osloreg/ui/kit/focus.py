"""The keyboard focus ring (focus.css), our own static stylesheet, put into the page by a small
components-v2 script: Streamlit 1.67 has no setting for it, and the app hands Streamlit no raw HTML at
all (no st.html: tests/reliability/test_hostile_text.py)."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from osloreg.ui.kit.document_language import HIDE_OWN_BOX

STYLESHEET = Path(__file__).with_name("focus.css")
KEY = "osloreg_focus_ring"

# The stylesheet goes into <head> once per page load, as a <style> element's text (CSS, never markup),
# and stays there across reruns and page switches; the component's own empty box is hidden, as the
# document-language component's is (Streamlit keeps a 1rem gap around an element of height 0).
_JS = """
const CSS = STYLESHEET_TEXT;
export default function ({ parentElement }) {
  if (!document.getElementById("osloreg-focus-ring")) {
    const style = document.createElement("style");
    style.id = "osloreg-focus-ring";
    style.textContent = CSS;
    document.head.appendChild(style);
  }
  HIDE_OWN_BOX
}
""".replace("HIDE_OWN_BOX", HIDE_OWN_BOX)
_JS = _JS.replace("STYLESHEET_TEXT", json.dumps(STYLESHEET.read_text(encoding="utf-8")))

_component = st.components.v2.component("osloreg.focus_ring", js=_JS)


def draw() -> None:
    """Make sure the page has the focus ring (a no-op in the browser once it has)."""
    with st.sidebar:
        _component(key=KEY)
