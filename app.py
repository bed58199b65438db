"""Osloregionen dashboard: page config, login, language, and navigation built from the user's roles."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from osloreg import navigation, ui

# A file shipped with the app, which Streamlit hands the browser inline (an SVG file becomes a data:
# address): a ":material/…:" icon would make every browser fetch it from fonts.gstatic.com on every
# page load, the login page included, telling Google who uses the app and when.
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.svg"
st.set_page_config(page_title="Osloregionen", page_icon=FAVICON, layout="wide")


def _logged_out() -> None:
    """The only page before login: the login form is all there is to see."""
    ui.login_page()


ui.refuse_bad_configuration()
user = ui.current_user(form=False)
specs = navigation.pages_for(user.roles) if user is not None else []
pages = [st.Page(spec.path, title=ui.t(spec.title_key), icon=spec.icon, url_path=spec.name) for spec in specs]
# st.navigation runs on every run, logged in or not, so Streamlit leaves its old automatic
# multipage mode (in which a deep link would run a page file without this script).
if not pages:
    # Logged out: every page's address leads to the login form (and nothing else), so that a link
    # such as /pipeline?project=12 opens that project once the user has logged in.
    login_title = ui.t("login.title")
    pages = [st.Page(_logged_out, title=login_title, default=True)]
    pages += [
        st.Page(_logged_out, title=login_title, url_path=spec.name, visibility="hidden")
        for spec in navigation.PAGES
    ]
current_page = st.navigation(pages, position="sidebar")
ui.sidebar(user)
if user is None:
    current_page.run()  # the login form
    st.stop()
ui.mark_shell_ran(user)
try:
    current_page.run()
except Exception as error:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass through
    # A friendly message in the user's language; the details go to the log, never to the browser.
    ui.show_error(error)
