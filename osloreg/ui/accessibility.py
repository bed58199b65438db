"""The accessibility statement as the app shows it: docs/tilgjengelighetserklaering.md, the one text the
secretariat keeps, and the address to report a problem to (OSLOREG_ACCESSIBILITY_CONTACT)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from osloreg.ui.kit.session import language, settings, t
from osloreg.ui.login import CurrentUser

STATEMENT = Path(__file__).resolve().parents[2] / "docs" / "tilgjengelighetserklaering.md"


@cache
def _statement_text() -> str:
    return STATEMENT.read_text(encoding="utf-8")


def _title_and_body(text: str) -> tuple[str, str]:
    """The statement's title line and what follows it (a place with its own heading shows the body only)."""
    first, _, rest = text.partition("\n")
    return (first, rest.lstrip("\n")) if first.startswith("# ") else ("", text)


def report_line() -> None:
    """Where to report a problem: the configured address, or, when none is set, that the secretariat
    takes the report (the statement itself says so too)."""
    contact = settings().accessibility_contact
    if contact:
        # The address is the installation's own setting, validated as one e-mail address, never user text.
        st.markdown(f"**{t('accessibility.report')}:** [{contact}](mailto:{contact})")
    else:
        st.markdown(f"**{t('accessibility.report')}:** {t('accessibility.report_secretariat')}")


def _language_note_and_contact() -> None:
    if language() != "nb":
        st.info(t("accessibility.in_norwegian"))
    report_line()


def render(user: CurrentUser) -> None:  # noqa: ARG001 - every page's render takes its user
    """The page: the statement in full, the same for everyone (written in bokmål, as the regulations
    have it), with the address to report to right under its title."""
    title, body = _title_and_body(_statement_text())
    st.markdown(title)
    _language_note_and_contact()
    st.markdown(body)


def render_below_login() -> None:
    """Under the login form: the statement one click away, for someone who cannot log in."""
    with st.expander(t("accessibility.title")):
        _language_note_and_contact()
        st.markdown(_title_and_body(_statement_text())[1])
