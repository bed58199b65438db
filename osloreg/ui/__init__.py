"""Streamlit helpers for the pages: the guard every page starts with, the sidebar, messages."""

from __future__ import annotations

import threading

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAPIException

from osloreg import i18n, navigation, server_options
from osloreg.config import ConfigError
from osloreg.services.users import set_own_language
from osloreg.ui import accessibility, login
from osloreg.ui.kit import focus, saving
from osloreg.ui.kit.document_language import set_document_language
from osloreg.ui.kit.errors import show_error  # noqa: F401 - its home is the kit; re-exported for the pages
from osloreg.ui.kit.session import (  # noqa: F401 - re-exported for the pages
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
from osloreg.ui.login import CurrentUser


def _refuse_cache_clearing_by_clients() -> None:
    """Streamlit empties every cache of the process (and the asking session's state) when any client
    that reaches the port sends `clear_cache` (the "Clear cache" menu item, the key "c"), logged in
    or not, and no setting turns that off (Streamlit 1.67). The app never needs it: its writes renew
    what they change themselves. So the handler is replaced, once per process, here: every page and
    app.py import this module before anything is cached. Check on a Streamlit upgrade that
    `AppSession._handle_clear_cache_request` is still the one path (tests/reliability/test_clicks.py)."""
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession._handle_clear_cache_request, "refused_by_osloreg", False):
        return

    def refuse(session: AppSession) -> None:
        log.warning("a client asked to clear the server's caches: refused (session %s)", session.id)

    refuse.refused_by_osloreg = True
    AppSession._handle_clear_cache_request = refuse


_refuse_cache_clearing_by_clients()

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
    if user is not None:  # the choice holds for this session; a failed save says it was not saved
        saving.save(lambda session: set_own_language(session, actor=user.actor, language=choice))


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
    """The document's language and the focus ring (no room taken); who is logged in, their role, the
    language, and logout."""
    set_document_language()
    focus.draw()
    if user is not None:
        st.sidebar.markdown(f"**{t('sidebar.logged_in_as')}**")
        st.sidebar.text(f"{user.display_name} ({user.username})")
        st.sidebar.caption(
            f"{t('sidebar.roles')}: " + ", ".join(t(f"role.{role}") for role in sorted(user.roles))
        )
    if user is not None:
        _search_box()
    _language_picker(user)
    if user is not None and st.sidebar.button(
        t("sidebar.logout"), key="osloreg_logout_button", help=t("sidebar.logout_help")
    ):
        try:
            login.logout(user)
        except SQLAlchemyError as error:  # the cookie could not be revoked: stay logged in, say why
            show_error(error)
        else:
            st.rerun()


_SEARCH_BOX = "osloreg_search_box"
_SEARCH_ASKED = "osloreg_search_asked"


def _search_asked() -> None:
    # A callback may empty its own widget: the box is clear again on the page the search opens.
    st.session_state[_SEARCH_ASKED] = st.session_state.get(_SEARCH_BOX, "")
    st.session_state[_SEARCH_BOX] = ""


def _search_box() -> None:
    """The search box on every page: Enter opens the search page with the query in its address. A plain
    field, not a form: a form's "Press Enter to submit" note lies over the field while it has the focus."""
    st.sidebar.text_input(t("search.sidebar.box"), key=_SEARCH_BOX, max_chars=200, on_change=_search_asked)
    typed = st.session_state.pop(_SEARCH_ASKED, "")
    if typed.strip():
        try:
            st.switch_page(navigation.page("search").path, query_params={"q": typed})
        except StreamlitAPIException:  # the page runs on its own (a page test): no menu to switch in
            st.query_params["q"] = typed


_advice_logged = threading.Event()


def _log_advice() -> None:
    """Once per process, in any mode: Streamlit settings that cost speed (not refused), as the running
    server has them."""
    if _advice_logged.is_set():
        return
    _advice_logged.set()
    for finding in server_options.check(st.get_option):
        if finding.advised:
            log.warning("configuration advice: %s", finding.text)


def refuse_bad_configuration() -> None:
    """Stop before anything else when the settings are refused (in production: a weak cookie key,
    or Streamlit running with XSRF protection off, error details shown, large uploads, ...): a
    message in words for the visitor, the reason in the log for the operator."""
    _log_advice()
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


def current_user(*, form: bool = True) -> CurrentUser | None:
    """Authenticate on this run (drawing the login form if needed, unless `form` is False: app.py
    draws it as its logged-out page, with login_page)."""
    user = login.authenticate(form=form)
    st.session_state[USER_KEY] = user
    if user is None and form:
        accessibility.render_below_login()
    return user


def login_page() -> None:
    """app.py's page for a run without a login: the form; after a good password, the app (rerun)."""
    if login.login_page() is not None:
        st.rerun()
    accessibility.render_below_login()


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
