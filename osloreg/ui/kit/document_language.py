"""The document's language (`<html lang>`) follows the session's, so screen readers read bokmål as
bokmål (WCAG 3.1.1). Streamlit 1.67 serves `<html lang="en">` and never changes it, and no page
setting reaches it (streamlit/streamlit#15726). A components-v2 component runs its script in the app's
own document (not in an iframe as v1 components do), so it can set the attribute itself: no HTML, no
request (the script is inline), no text of anyone's, only "nb" or "en"."""

from __future__ import annotations

import streamlit as st

from osloreg.ui.kit.session import language

KEY = "osloreg_document_language"
# The script lines that hide a component's own box (focus.py's script uses them too).
HIDE_OWN_BOX = """
  const host = parentElement && (parentElement.host || parentElement);
  const box = host && host.closest && host.closest('[data-testid="stElementContainer"]');
  if (box) {
    box.style.display = "none";
  }"""

# Sets the attribute when drawn and on every run that changes the language (Streamlit calls the
# function again when `data` changes), and hides the component's own empty box: Streamlit keeps its
# 1rem gap around an element of height 0, which showed as 16 px of nothing at the top of the sidebar.
# Nothing ever sets it back: a new page load starts from Streamlit's "en" until the first run draws
# this (about half a second, measured by tests/browser/test_document_language.py).
_JS = """
export default function ({ data, parentElement }) {
  const lang = data && data.lang;
  if (lang === "nb" || lang === "en") {
    document.documentElement.lang = lang;
  }
  HIDE_OWN_BOX
}
""".replace("HIDE_OWN_BOX", HIDE_OWN_BOX)

_component = st.components.v2.component("osloreg.document_language", js=_JS)


def set_document_language() -> None:
    """Have the browser mark the document as written in the session's language ("nb" or "en")."""
    with st.sidebar:  # language() answers one of i18n.LANGUAGES: nothing else reaches the script
        _component(key=KEY, data={"lang": language()})
