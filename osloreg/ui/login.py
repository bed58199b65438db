"""Login for the pages: our own form behind the login throttle, or single sign-on (ui.login_sso); a
signed token in a cookie for staying logged in, written by the page and deleted through
streamlit-authenticator's cookie component; and on every run the checks that end a login: the token's
expiry, the user's session epoch, revocation, a disabled user."""

from __future__ import annotations

import datetime as dt
import email.utils
import secrets
from dataclasses import dataclass

import extra_streamlit_components as stx
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.exc import OperationalError
from streamlit_authenticator.models import CookieModel

from osloreg import login_tokens
from osloreg.login_tokens import LoginToken
from osloreg.models import User
from osloreg.services import logins
from osloreg.services.base import Actor
from osloreg.ui import login_sso
from osloreg.ui.kit.session import LANGUAGE_KEY, db_session, fmt_datetime, log, oslo_time, settings, t
from osloreg.ui.login_cookie import COOKIE_WRITER as _COOKIE_WRITER

# Session keys that pages and tests read (streamlit-authenticator's names, kept).
AUTH_STATUS = "authentication_status"
USERNAME = "username"
# Our own. The session epoch and the end of the login this session stands on (from its token): a
# raised epoch or the end reached ends the session on its next run.
EPOCH = "osloreg_session_epoch"
ENDS_AT = "osloreg_login_ends_at"
# The token this session's login stands on (the cookie it was started from, or the one it set at a
# form login): revoked at logout.
SESSION_TOKEN = "osloreg_session_token"
# A cookie this session has judged (refused, or logged out of): st.context.cookies keeps the cookies
# the page was loaded with for the whole session, and one verdict is enough.
JUDGED_TOKEN = "osloreg_judged_token"
NOTICE = "osloreg_login_notice"
NOTICE_PARAMS = "osloreg_login_notice_params"  # the provider a single sign-on notice names
# Failed attempts at the account since its last login, told to the user for the session.
FAILURES_NOTICE = "osloreg_failures_notice"
# Set when the browser must delete the login cookie, until it reports it done.
DELETE_COOKIE = "osloreg_delete_cookie"
# The login cookie a form login issued, until a run that goes on to the app has the page write it.
PENDING_COOKIE = "osloreg_pending_cookie"


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


def _write_pending_cookie() -> None:
    """Have the page store the login cookie a form login issued, once, for the login's lifetime
    (Secure in production). Drawn in the run that shows the app, not in one that reruns."""
    pending = st.session_state.pop(PENDING_COOKIE, None)
    if pending is None:
        return
    token, claims = pending
    config = settings()
    _COOKIE_WRITER(
        data={
            "name": config.cookie_name,
            "value": token,
            "maxAge": int(config.login_lifetime.total_seconds()),
            # aware: the browser reads it in UTC, whatever its own zone
            "expires": email.utils.format_datetime(claims.expires_at.astimezone(dt.UTC), usegmt=True),
            "secure": config.is_production,  # never sent over plain HTTP once served over HTTPS
        },
        key="osloreg_login_cookie",
    )


def _cookie_manager() -> stx.CookieManager:
    """The cookie component of streamlit-authenticator's cookie model, which deletes the login cookie
    (making it draws its getAll call, which reports the browser's cookies back: see
    _delete_cookie_when_asked). The library's own token ({username, exp_date}) and its cookie login
    are not used: they cannot carry the session epoch a login was issued under, and its decoder lets
    a token of a foreign algorithm raise (review 1, 15)."""
    config = settings()
    lifetime_days = config.login_lifetime / dt.timedelta(days=1)
    return CookieModel(config.cookie_name, config.cookie_key, lifetime_days).cookie_manager


def _cookie_token() -> str | None:
    token = st.context.cookies.get(settings().cookie_name)
    return token if isinstance(token, str) and token else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _clear_login_state() -> None:
    for key in (AUTH_STATUS, USERNAME, "name", "email", "roles", EPOCH, ENDS_AT, SESSION_TOKEN):
        st.session_state[key] = None
    st.session_state.pop(FAILURES_NOTICE, None)


def _load_user(username: str | None = None, *, user_id: int | None = None) -> User | None:
    if not username and user_id is None:
        return None
    with db_session() as session:
        if user_id is not None:
            return session.get(User, user_id)
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


def _refusal(
    user: User | None, *, epoch: int | None, ends_at: dt.datetime | None, token: str | None
) -> str | None:
    """None if a login on these terms may go on, else the catalogue key saying why not. A session
    set up without a token (tests set the state directly) has no epoch or end to check."""
    if user is None or user.disabled:
        return "login.disabled"
    if user.is_demo and settings().is_production:
        return "login.demo_refused"
    if epoch is not None and epoch != user.session_epoch:
        return "login.ended"
    if ends_at is not None and _now() >= ends_at:
        return "login.expired"
    if token:
        with db_session() as session:
            if logins.is_revoked(session, token):
                return "login.ended"
    return None


def _start_session(user: User, token: str, claims: LoginToken) -> CurrentUser:
    st.session_state[AUTH_STATUS] = True
    st.session_state[USERNAME] = user.username
    st.session_state["name"] = user.display_name
    st.session_state["roles"] = sorted(user.roles)
    st.session_state[EPOCH] = claims.epoch  # the token's, never the user's current one
    st.session_state[ENDS_AT] = claims.ends_at(settings().login_lifetime)
    st.session_state[SESSION_TOKEN] = token
    st.session_state[LANGUAGE_KEY] = user.language
    st.session_state.pop(NOTICE, None)
    return _as_current(user)


def _issue(user: User, epoch: int) -> CurrentUser:
    """A login that starts now (after a good password or a good single sign-on): our own token, the
    session on it, and its cookie left to be written (_write_pending_cookie)."""
    token, claims = login_tokens.issue(
        key=settings().cookie_key, username=user.username, epoch=epoch, lifetime=settings().login_lifetime
    )
    current = _start_session(user, token, claims)
    st.session_state[PENDING_COOKIE] = (token, claims)
    st.session_state.pop(DELETE_COOKIE, None)
    return current


def _notice(key: str, provider: str | None = None) -> None:
    st.session_state[NOTICE] = key
    st.session_state[NOTICE_PARAMS] = login_sso.notice_params(provider)


def _try_sso() -> CurrentUser | None:
    """Log in with the identity single sign-on brought, if the service accepts it; a refusal is told
    in words, and Streamlit's identity is ended (it must not try again by itself)."""
    outcome = login_sso.judge()
    if outcome is None:
        return None
    result = outcome.result
    if result is not None and result.ok:
        user = _load_user(user_id=result.user_id)
        if user is not None:
            return _issue(user, result.session_epoch)
    reason = outcome.notice or (result.reason if result is not None else None) or "login.sso_invalid"
    _notice(reason, outcome.provider)
    if result is not None or reason != "login.sso_failed":
        login_sso.end_identity(notice=reason, provider=outcome.provider)
    return None


def _delete_cookie() -> None:
    """Have the browser delete the login cookie (drawn until it reports done; see below)."""
    st.session_state[DELETE_COOKIE] = secrets.token_hex(8)


def _try_cookie() -> CurrentUser | None:
    """Log in from the cookie the page was loaded with, if its token is ours, intact, unexpired, and
    issued under the user's current session epoch. Anything else is refused and deleted: the login
    form shows, never an error."""
    token = _cookie_token()
    if token is None or token == st.session_state.get(JUDGED_TOKEN):
        return None
    claims = login_tokens.read(token, key=settings().cookie_key)
    user = _load_user(claims.username) if claims is not None else None
    if claims is not None:
        ends_at = claims.ends_at(settings().login_lifetime)
        reason = _refusal(user, epoch=claims.epoch, ends_at=ends_at, token=token)
        if reason is None:
            login_sso.keep_aside()
            return _start_session(user, token, claims)
        if reason in ("login.ended", "login.expired"):
            _notice(reason)
            login_sso.set_aside(reason)
    st.session_state[JUDGED_TOKEN] = token
    _delete_cookie()
    return None


def _wait_words(seconds: int) -> str:
    if seconds == 1:
        return t("login.wait_one_second")
    if seconds < 90:
        return t("login.wait_seconds", seconds=seconds)
    return t("login.wait_minutes", minutes=-(-seconds // 60))


def _login_form() -> CurrentUser | None:
    """Show the login form; on a good password start the session, leave its cookie to be written
    (_write_pending_cookie), and return the user."""
    placeholder = st.empty()
    with placeholder.container():
        st.title(t("app.title"))
        message = st.empty()  # filled below, above the form, once the attempt is judged
        # Kept until the next attempt: the run the cookie component asks for (to delete the ended
        # login's cookie) comes a moment later and must not take the reason away.
        carried = login_sso.carried_notice()
        if carried is not None and not st.session_state.get(NOTICE):
            st.session_state[NOTICE], st.session_state[NOTICE_PARAMS] = carried
        notice = st.session_state.get(NOTICE)
        if notice:
            message.warning(t(notice, **st.session_state.get(NOTICE_PARAMS, {})))
        login_sso.buttons()
        local = settings().sso.local_login
        submitted = False
        if local:
            if login_sso.providers():
                st.caption(t("login.sso_or_password"))
            with st.form("login", clear_on_submit=False):
                st.header(t("login.title"))
                username = st.text_input(t("login.username"), autocomplete="username")
                password = st.text_input(
                    t("login.password"), type="password", autocomplete="current-password"
                )
                submitted = st.form_submit_button(t("login.submit"), type="primary")
            if not settings().is_production:
                st.caption(t("login.demo_hint"))
        login_sso.draw_pending()
        # No login needed there. Plain text, not a caption: a link in a caption's grey misses WCAG contrast.
        st.markdown(t("public.login_link", url=f"{settings().web_url}/offentlig/"))
    if not submitted:
        return None
    st.session_state.pop(NOTICE, None)
    config = settings()
    with db_session() as session:
        result = logins.attempt_login(
            session,
            username=username.strip(),
            password=password,
            client=st.context.ip_address,
            allow_demo=not config.is_production,
            local_login=config.sso.local_login,
        )
    if not result.ok:
        message.error(t(result.reason, wait=_wait_words(result.wait_seconds)))
        return None
    user = _load_user(username.strip())
    current = _issue(user, result.session_epoch)
    if result.failures_before:
        when = fmt_datetime(oslo_time(result.last_failure_at)) if result.last_failure_at else ""
        st.session_state[FAILURES_NOTICE] = (result.failures_before, when)
    placeholder.empty()
    _show_failures_notice()
    return current


def _show_failures_notice() -> None:
    notice = st.session_state.get(FAILURES_NOTICE)
    if notice:
        count, when = notice
        st.sidebar.warning(t("login.failures_since_last", count=count, when=when), icon=":material/warning:")


def authenticate(*, form: bool = True) -> CurrentUser | None:
    """The logged-in user, checked against the database on this run; or None after drawing the
    login form (the caller stops the page). With `form` False the form is left to `login_page`."""
    for key in (AUTH_STATUS, USERNAME, "name", "email", "roles"):
        st.session_state.setdefault(key, None)  # pages and tests read them before any login
    try:
        if st.session_state.get(AUTH_STATUS):
            user = _load_user(st.session_state.get(USERNAME))
            reason = _refusal(
                user,
                epoch=st.session_state.get(EPOCH),
                ends_at=st.session_state.get(ENDS_AT),
                token=st.session_state.get(SESSION_TOKEN),
            )
            if reason is None:
                _write_pending_cookie()
                current = _as_current(user)
                st.session_state["roles"] = sorted(current.roles)
                st.session_state.setdefault(LANGUAGE_KEY, current.language)
                _show_failures_notice()
                return current
            # Ended: the cookie this session stands on is refused from now on, here and in the
            # browser; the page's cookie (the same one, or older) is judged afresh below.
            st.session_state[JUDGED_TOKEN] = st.session_state.get(SESSION_TOKEN)
            _clear_login_state()
            _notice(reason)
            _delete_cookie()
            login_sso.end_identity(notice=reason)
        current = _try_cookie() or _try_sso() or (_login_form() if form else None)
        if current is not None:
            _write_pending_cookie()
            login_sso.draw_pending()
        elif form:
            # Drawn after the form, and only when no login set a new cookie in this run: a delete
            # and a set drawn in one run could reach the browser in either order.
            _delete_cookie_when_asked()
        return current
    except OperationalError:
        _database_down()
        return None


def _database_down() -> None:
    log.exception("database unavailable during login")
    st.error(t("error.database_unavailable"))


def login_page() -> CurrentUser | None:
    """The login form as the page of a run that has no login (app.py's logged-out page): the user
    after a good password (the caller reruns, to show the app and write the cookie), else None.
    Drawn inside a page, its widgets keep their ids from run to run: drawn before st.navigation, the
    first session after a server start drew the form under the main script's id and took the next
    run's submit as another form's, and the login was lost."""
    try:
        current = _login_form()
    except OperationalError:
        _database_down()
        return None
    if current is None:
        # The cookie writer, idle: the page loads its code while the user types, so that after the
        # password it writes the cookie at once (loaded then, it came 200-400 ms after the overview).
        _COOKIE_WRITER(data=None, key="osloreg_login_cookie_ready")
        _delete_cookie_when_asked()
    return current


def _delete_cookie_when_asked() -> None:
    """Draw the cookie component's delete call until the browser reports it done. Logout itself
    reruns at once, which would drop a delete drawn in that run before the browser ran it. The
    component is drawn only then: drawn on every run without a login (as its constructor does), its
    iframe loaded and reported back with a second run on every page load, 400 ms of each."""
    nonce = st.session_state.get(DELETE_COOKIE)
    if not nonce:
        return
    cookies = _cookie_manager()
    # A key of its own per deletion: with a fixed key, the component's reported value from an
    # earlier delete on this server was seen as "done" before the browser had deleted anything.
    deleted = cookies.cookie_manager(
        method="delete", cookie=settings().cookie_name, key=f"osloreg_delete_cookie_{nonce}", default=False
    )
    if deleted:
        st.session_state.pop(DELETE_COOKIE, None)


def logout(current: CurrentUser) -> None:
    """Log the user out everywhere: a new session epoch ends every login they have open, in every
    tab and browser; this session's cookie is revoked as well, the state cleared, and the browser
    deletes the cookie on the next run."""
    token = st.session_state.get(SESSION_TOKEN)
    ends_at = st.session_state.get(ENDS_AT) or _now() + settings().login_lifetime
    with db_session() as session:
        logins.log_out(
            session,
            user_id=current.id,
            username=current.username,
            token=token,
            expires_at=ends_at.astimezone(dt.UTC).replace(tzinfo=None),
        )
    _clear_login_state()
    # The page still carries the cookie it was loaded with: it is not to be judged (or announced
    # as ended) again in this session.
    st.session_state[JUDGED_TOKEN] = _cookie_token()
    _delete_cookie()
    # A login through single sign-on: Streamlit's identity cookie goes too (st.logout, next run).
    login_sso.set_aside()
