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


def _without_title(text: str) -> str:
    """The statement below its own title, for a place that has its own heading (the login page)."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else text


def report_line() -> None:
    """Where to report a problem: the configured address, or, when none is set, that the secretariat
    takes the report (the statement itself says so too)."""
    contact = settings().accessibility_contact
    if contact:
        # The address is the installation's own setting, validated as one e-mail address, never user text.
        st.markdown(f"**{t('accessibility.report')}:** [{contact}](mailto:{contact})")
    else:
        st.markdown(f"**{t('accessibility.report')}:** {t('accessibility.report_secretariat')}")


def render(user: CurrentUser) -> None:  # noqa: ARG001 - every page's render takes its user
    """The page: the statement in full, the same for everyone (written in bokmål, as the regulations
    have it), with the address to report to right under its title."""
    text = _statement_text()
    st.markdown(text.partition("\n")[0])
    if language() != "nb":
        st.info(t("accessibility.in_norwegian"))
    report_line()
    st.markdown(_without_title(text))


def render_below_login() -> None:
    """Under the login form: the statement one click away, for someone who cannot log in."""
    with st.expander(t("accessibility.title")):
        if language() != "nb":
            st.info(t("accessibility.in_norwegian"))
        report_line()
        st.markdown(_without_title(_statement_text()))
