"""Login for the pages: our own form and lockout over the users table; streamlit-authenticator's
signed cookie for staying logged in; revocation, disabled users and role changes checked every run."""

from __future__ import annotations

import copy
import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy.exc import OperationalError

from osloreg.models import User, utcnow
from osloreg.services import logins
from osloreg.services.base import Actor
from osloreg.ui.core import LANGUAGE_KEY, db_session, fmt_datetime, log, oslo_time, settings, t

# Session keys shared with streamlit-authenticator (it reads and writes these names).
AUTH_STATUS = "authentication_status"
USERNAME = "username"
# Our own: the user's session epoch when this session logged in; a raised epoch ends the session.
EPOCH = "osloreg_session_epoch"
NOTICE = "osloreg_login_notice"
# The cookie this session set at its form login: st.context.cookies only holds the cookies the
# browser sent when the page loaded, so without this a form login's cookie could not be revoked.
ISSUED_TOKEN = "osloreg_issued_token"
# Set at logout until the browser reports the cookie deleted (its component runs on the next run).
DELETE_COOKIE = "osloreg_delete_cookie"


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as read from the database on this run."""

    id: int
    username: str
    display_name: str
    roles: frozenset[str]
    person_id: int | None
    language: str

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.id, username=self.username, roles=self.roles, person_id=self.person_id)


def _credentials() -> dict:
    """The library's credentials dict, built from the users table; a fresh deep copy each time, so
    the library's in-memory counters never outlive a run (our counters live in the database)."""
    with db_session() as session:
        users = session.scalars(sa.select(User).where(User.disabled.is_(False))).all()
        credentials = {
            "usernames": {
                user.username: {
                    "name": user.display_name,
                    "email": user.email or "",
                    "password": user.password_hash,
                    "roles": sorted(user.roles),
                    "failed_login_attempts": 0,
                    "logged_in": False,
                }
                for user in users
            }
        }
    return copy.deepcopy(credentials)


def _authenticator() -> stauth.Authenticate:
    """Build the library's object (it renders its cookie component): at most once per run."""
    config = settings()
    return stauth.Authenticate(
        _credentials(),
        cookie_name=config.cookie_name,
        cookie_key=config.cookie_key,
        cookie_expiry_days=config.cookie_days,
        auto_hash=False,
        login_sleep_time=0,
    )


def _cookie_token() -> str | None:
    token = st.context.cookies.get(settings().cookie_name)
    return token if isinstance(token, str) and token else None


def _session_token() -> str | None:
    """The login cookie this session stands on: the one it issued at a form login, if any, else the
    one the page was loaded with. After a logout and a new login in the same tab the page still
    carries the old (revoked) cookie; the new login is judged by its own."""
    return st.session_state.get(ISSUED_TOKEN) or _cookie_token()


def _clear_login_state() -> None:
    for key in (AUTH_STATUS, USERNAME, "name", "email", "roles", EPOCH):
        st.session_state[key] = None


def _load_user(username: str | None) -> User | None:
    if not username:
        return None
    with db_session() as session:
        return session.scalar(sa.select(User).where(User.username == username))


def _as_current(user: User) -> CurrentUser:
    return CurrentUser(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=user.roles,
        person_id=user.person_id,
        language=user.language,
    )


def _still_valid(user: User | None) -> str | None:
    """None if the logged-in session may go on, else the catalogue key saying why not."""
    if user is None or user.disabled:
        return "login.disabled"
    if user.is_demo and settings().is_production:
        return "login.demo_refused"
    if st.session_state.get(EPOCH) is not None and st.session_state[EPOCH] != user.session_epoch:
        return "login.ended"
    token = _session_token()
    if token:
        with db_session() as session:
            if logins.is_revoked(session, token):
                return "login.ended"
    return None


def _start_session(user: User) -> CurrentUser:
    st.session_state[AUTH_STATUS] = True
    st.session_state[USERNAME] = user.username
    st.session_state["name"] = user.display_name
    st.session_state["roles"] = sorted(user.roles)
    st.session_state[EPOCH] = user.session_epoch
    st.session_state[LANGUAGE_KEY] = user.language
    return _as_current(user)


def _try_cookie(authenticator: stauth.Authenticate) -> None:
    try:
        authenticator.login(location="unrendered")
    except stauth.utilities.LoginError:  # a valid cookie for a user who no longer may log in
        _clear_login_state()
    if st.session_state.get(AUTH_STATUS):
        user = _load_user(st.session_state.get(USERNAME))
        st.session_state[EPOCH] = user.session_epoch if user else None
        if _still_valid(user) is not None:
            _clear_login_state()


def _login_form(authenticator: stauth.Authenticate) -> CurrentUser | None:
    """Show the login form; on a good password start the session, set the cookie, return the user."""
    placeholder = st.empty()
    with placeholder.container():
        st.title(t("app.title"))
        message = st.empty()  # filled below, above the form, once the attempt is judged
        notice = st.session_state.pop(NOTICE, None)
        if notice:
            message.warning(t(notice))
        with st.form("login", clear_on_submit=False):
            st.subheader(t("login.title"))
            username = st.text_input(t("login.username"), autocomplete="username")
            password = st.text_input(t("login.password"), type="password", autocomplete="current-password")
            submitted = st.form_submit_button(t("login.submit"), type="primary")
        if not settings().is_production:
            st.caption(t("login.demo_hint"))
    if not submitted:
        return None
    with db_session() as session:
        result = logins.attempt_login(
            session, username=username.strip(), password=password, allow_demo=not settings().is_production
        )
    if not result.ok:
        until = fmt_datetime(oslo_time(result.locked_until)) if result.locked_until else ""
        message.error(t(result.reason, until=until))
        return None
    user = _load_user(username.strip())
    current = _start_session(user)
    authenticator.cookie_controller.set_cookie()
    # The library keeps the token it just set only inside its cookie model: encode it again (same
    # claims, same key, deterministic) to know which cookie to revoke at logout.
    st.session_state[ISSUED_TOKEN] = authenticator.cookie_controller.cookie_model._token_encode()
    st.session_state.pop(DELETE_COOKIE, None)
    placeholder.empty()
    return current


def authenticate() -> CurrentUser | None:
    """The logged-in user, checked against the database on this run; or None after drawing the
    login form (the caller stops the page)."""
    try:
        if st.session_state.get(AUTH_STATUS):
            user = _load_user(st.session_state.get(USERNAME))
            reason = _still_valid(user)
            if reason is None:
                current = _as_current(user)
                st.session_state["roles"] = sorted(current.roles)
                st.session_state.setdefault(LANGUAGE_KEY, current.language)
                return current
            _clear_login_state()
            st.session_state[NOTICE] = reason
        authenticator = _authenticator()
        _delete_cookie_after_logout(authenticator)
        _try_cookie(authenticator)
        if st.session_state.get(AUTH_STATUS):
            return _as_current(_load_user(st.session_state[USERNAME]))
        return _login_form(authenticator)
    except OperationalError:
        log.exception("database unavailable during login")
        st.error(t("error.database_unavailable"))
        return None


def _delete_cookie_after_logout(authenticator: stauth.Authenticate) -> None:
    """Draw the cookie component's delete call until the browser reports it done. Logout itself
    reruns at once, which would drop a delete drawn in that run before the browser ran it."""
    nonce = st.session_state.get(DELETE_COOKIE)
    if not nonce:
        return
    cookie_manager = authenticator.cookie_controller.cookie_model.cookie_manager
    # A key of its own per logout: with a fixed key, the component's reported value from an
    # earlier delete on this server was seen as "done" before the browser had deleted anything.
    deleted = cookie_manager.cookie_manager(
        method="delete", cookie=settings().cookie_name, key=f"osloreg_delete_cookie_{nonce}", default=False
    )
    if deleted:
        st.session_state.pop(DELETE_COOKIE, None)


def logout(current: CurrentUser) -> None:
    """End the session for good: revoke its cookie on the server (so a copy is refused), clear the
    state, and have the browser delete the cookie on the next run."""
    token = _session_token()
    expires = utcnow() + dt.timedelta(days=settings().cookie_days)
    with db_session() as session:
        logins.revoke_login(
            session, user_id=current.id, username=current.username, token=token, expires_at=expires
        )
    # What the library's own logout does to the session: its 'logout' flag keeps its cookie check
    # off for the rest of this browser session.
    st.session_state["logout"] = True
    _clear_login_state()
    st.session_state.pop(ISSUED_TOKEN, None)
    st.session_state[DELETE_COOKIE] = secrets.token_hex(8)
