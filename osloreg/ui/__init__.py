"""Streamlit helpers for the pages: the guard every page starts with, the sidebar, messages."""

from __future__ import annotations

import threading

import streamlit as st
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from osloreg import auth, i18n, navigation, server_options
from osloreg.auth import CurrentUser
from osloreg.config import ConfigError
from osloreg.services.base import DomainError
from osloreg.services.users import set_own_language
from osloreg.ui.core import (  # noqa: F401 - re-exported for the pages
    LANGUAGE_KEY,
    db_session,
    engine,
    fmt_date,
    fmt_datetime,
    fmt_number,
    language,
    log,
    settings,
    t,
)
from osloreg.ui.render import escape_markdown

USER_KEY = "osloreg_user"
# app.py marks each run it has authenticated and drawn the sidebar for; the page's own guard then
# takes that user instead of doing it again. A page opened by deep link before st.navigation has
# run in this process (Streamlit's old multipage mode) runs without app.py: its guard does all.
_this_run = threading.local()


def mark_shell_ran(user: CurrentUser) -> None:
    _this_run.user = user


def _take_shell_user() -> CurrentUser | None:
    user = getattr(_this_run, "user", None)
    _this_run.user = None
    return user


LANGUAGE_WIDGET = "osloreg_language_choice"


def _language_changed(user: CurrentUser | None) -> None:
    choice = st.session_state.get(LANGUAGE_WIDGET)
    if choice not in i18n.LANGUAGES or choice == language():
        return
    st.session_state[LANGUAGE_KEY] = choice
    if user is not None:
        try:
            with db_session() as session:
                set_own_language(session, actor=user.actor, language=choice)
        except SQLAlchemyError as error:  # the choice holds for this session; say it was not saved
            show_error(error)


def _language_picker(user: CurrentUser | None) -> None:
    # The widget follows the session's language (which a login sets from the user's saved choice);
    # only a click on it changes the language, through the callback.
    st.session_state[LANGUAGE_WIDGET] = language()
    st.sidebar.segmented_control(
        t("sidebar.language"),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: t(f"language.{code}"),
        key=LANGUAGE_WIDGET,
        on_change=_language_changed,
        args=(user,),
    )


def sidebar(user: CurrentUser | None) -> None:
    """Who is logged in, their role, the language, and logout."""
    if user is not None:
        st.sidebar.markdown(f"**{t('sidebar.logged_in_as')}**")
        st.sidebar.text(f"{user.display_name} ({user.username})")
        st.sidebar.caption(
            f"{t('sidebar.roles')}: " + ", ".join(t(f"role.{role}") for role in sorted(user.roles))
        )
    _language_picker(user)
    if user is not None and st.sidebar.button(
        t("sidebar.logout"), key="osloreg_logout_button", help=t("sidebar.logout_help")
    ):
        try:
            auth.logout(user)
        except SQLAlchemyError as error:  # the cookie could not be revoked: stay logged in, say why
            show_error(error)
        else:
            st.rerun()


def refuse_bad_configuration() -> None:
    """Stop before anything else when the settings are refused (in production: a weak cookie key,
    or Streamlit running with XSRF protection off, error details shown, large uploads, ...): a
    message in words for the visitor, the reason in the log for the operator."""
    try:
        production = settings().is_production
    except ConfigError as error:
        _refuse(str(error))
        return
    if production:
        # The running server's own values: config.toml, STREAMLIT_* variables and flags together.
        refused = [finding.text for finding in server_options.check(st.get_option) if not finding.ok]
        if refused:
            _refuse("; ".join(refused))


def _refuse(reason: str) -> None:
    log.error("configuration refused: %s", reason)
    st.error(t("error.configuration_refused"))
    st.stop()


def current_user() -> CurrentUser | None:
    """Authenticate on this run (drawing the login form if needed)."""
    user = auth.authenticate()
    st.session_state[USER_KEY] = user
    return user


def require_page(name: str) -> CurrentUser:
    """The guard every page starts with: login, then role. Stops the page, showing no data, when
    either is missing."""
    spec = navigation.page(name)
    refuse_bad_configuration()  # a page opened by deep link may run without app.py
    user = _take_shell_user()
    if user is None:
        user = current_user()
        sidebar(user)
        if user is None:
            st.stop()
    if not spec.allows(user.roles):
        st.error(t("guard.refused"))
        st.stop()
    return user


# Message parameters that hold a code of the domain, and the catalogue prefix that names it.
_CODED_PARAMS = {"status": "project_status", "from_status": "project_status", "to_status": "project_status"}


def show_error(error: Exception) -> None:
    """Turn an expected failure into a message in the user's language; log the unexpected."""
    if isinstance(error, DomainError):
        # Values can come from the data (a title, a group's name): shown literally, never as markdown.
        params = {
            name: escape_markdown(value) if isinstance(value, str) else value
            for name, value in error.params.items()
        }
        if "field" in error.params:  # the field's name in the user's language, not the code's
            params["field"] = t(f"field.{error.params['field']}")
        for name, prefix in _CODED_PARAMS.items():  # codes from the data, in words
            if isinstance(error.params.get(name), str):
                params[name] = t(f"{prefix}.{error.params[name]}")
        st.error(t(error.key, **params))
    elif isinstance(error, OperationalError):
        log.exception("database error", exc_info=error)
        st.error(t("error.database_unavailable"))
    else:
        log.exception("unexpected error", exc_info=error)
        st.error(t("error.unexpected"))
