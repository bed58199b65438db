"""Single sign-on on the login page (issue 20): a button per configured provider (st.login), the
identity Streamlit brings back judged once by osloreg.services.sso, and Streamlit's own identity
cookie ended (st.logout) whenever a login through it ends or is refused.

Streamlit says nothing when a login fails before an identity reaches the app (a token it refused, an
error at the provider): a short-lived marker cookie, written before st.login, tells the next page load
that a login was started. Refusals made here are carried across st.logout's redirect in a notice
cookie of their own. Both hold only a provider's name and a catalogue key, checked against the
configuration and a list before use; never user text."""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.parse
from dataclasses import dataclass
from typing import Any

import streamlit as st

from osloreg.services import sso as sso_service
from osloreg.services.logins import LoginResult
from osloreg.sso_discovery import discovery_problem
from osloreg.sso_settings import SsoProvider
from osloreg.ui.kit.session import db_session, settings, t

log = logging.getLogger(__name__)

MARKER_COOKIE = "osloreg_sso_started"
NOTICE_COOKIE = "osloreg_sso_notice"
MARKER_SECONDS = 600  # a login at the provider takes a minute or two; a forgotten marker lapses
# Session keys: the identity (its nonce) and the marker this session has judged; cookie writes (and
# the st.login or st.logout that follows them) waiting to be drawn.
JUDGED_IDENTITY = "osloreg_sso_judged"
JUDGED_MARKER = "osloreg_sso_judged_marker"
JUDGED_NOTICE = "osloreg_sso_judged_notice"
PENDING = "osloreg_sso_pending"
# The notices a cookie may carry across st.logout's redirect.
NOTICES = frozenset(
    {
        "login.sso_unknown",
        "login.sso_invalid",
        "login.sso_stale",
        "login.sso_replayed",
        "login.sso_level",
        "login.sso_no_role",
        "login.sso_failed",
        "login.disabled",
        "login.demo_refused",
        "login.ended",
        "login.expired",
    }
)

# Writes (or deletes) cookies in the app's document, then, if asked, reports back so that Python can
# go on (st.login, st.logout): a redirect drawn in the same run could leave before the cookie is set.
# Its data is our own names and keys, never user text.
_COOKIES = st.components.v2.component(
    "osloreg.sso_cookies",
    js="""
export default function (component) {
  const { data, setTriggerValue } = component;
  if (!data || !data.cookies) return;
  for (const cookie of data.cookies) {
    const parts = [
      encodeURIComponent(cookie.name) + "=" + encodeURIComponent(cookie.value),
      "Path=/",
      "Max-Age=" + cookie.maxAge,
      "SameSite=Lax",
    ];
    if (data.secure) parts.push("Secure");
    document.cookie = parts.join("; ");
  }
  if (data.then) setTriggerValue("written", data.then);
}
""",
)


@dataclass(frozen=True)
class Outcome:
    """What this run learnt about single sign-on: a judged identity's result, or a notice to show."""

    provider: str | None
    result: LoginResult | None = None
    notice: str | None = None


def providers() -> tuple[SsoProvider, ...]:
    return settings().sso.providers


def provider_label(name: str | None) -> str:
    provider = settings().sso.provider(name)
    if provider is None:
        return name or ""
    return t(f"sso.provider.{provider.kind}")


def notice_params(provider: str | None) -> dict[str, str]:
    return {"provider": provider_label(provider)}


def identity_present() -> bool:
    """Whether this session carries an identity from Streamlit's login (its identity cookie)."""
    try:
        return bool(st.user.get("is_logged_in"))
    except Exception:  # noqa: BLE001 - no identity machinery (a bare script run): no identity
        return False


def _claims() -> dict[str, Any]:
    return dict(st.user.to_dict())


def _queue(cookies: list[dict[str, Any]], *, then: str | None = None) -> None:
    pending = st.session_state.get(PENDING) or {"cookies": [], "then": None, "id": ""}
    names = {cookie["name"] for cookie in cookies}
    merged = [c for c in pending["cookies"] if c["name"] not in names] + cookies
    then = then or pending["then"]
    # The component's key follows what it is to do: the same writes queued again in a later run draw
    # the same component, whose report back is then not lost.
    digest = hashlib.sha256(json.dumps([merged, then], sort_keys=True).encode()).hexdigest()[:12]
    st.session_state[PENDING] = {"cookies": merged, "then": then, "id": digest}


def _cookie(name: str, value: str = "", seconds: int = 0) -> dict[str, Any]:
    return {"name": name, "value": value, "maxAge": seconds}


def _seen(claims: dict[str, Any]) -> str:
    return str(claims.get("nonce") or claims.get("sub") or "")


def set_aside(notice: str | None = None) -> None:
    """The login the identity this session came with began has ended (its cookie was refused, or the
    user logged out): the identity is not judged as a new login, only ended (st.logout), with the
    ending's words if any."""
    if identity_present():
        st.session_state[JUDGED_IDENTITY] = _seen(_claims())
        end_identity(notice=notice)


def keep_aside() -> None:
    """A session that starts from our own login cookie: the identity beside it was judged when that
    login began (it is not to be judged again, or ended: the login goes on)."""
    if identity_present():
        st.session_state[JUDGED_IDENTITY] = _seen(_claims())


def judge() -> Outcome | None:
    """Judge the identity this session came with, once; or, with none, a marker left by a login that
    did not come back. None when there is nothing (new) to judge."""
    sso = settings().sso
    if not sso.providers:
        return None
    if not identity_present():
        return _judge_marker()
    claims = _claims()
    seen = _seen(claims)
    if seen and st.session_state.get(JUDGED_IDENTITY) == seen:
        return None
    st.session_state[JUDGED_IDENTITY] = seen
    st.session_state[JUDGED_MARKER] = st.context.cookies.get(MARKER_COOKIE)
    _queue([_cookie(MARKER_COOKIE)])
    name = claims.get("provider")
    provider = sso.provider(name if isinstance(name, str) else None)
    if provider is None:
        log.warning("single sign-on refused: an identity from an unconfigured provider")
        return Outcome(provider=None, notice="login.sso_invalid")
    with db_session() as session:
        result = sso_service.sso_login(
            session,
            provider=provider,
            claims=claims,
            salt=sso.pid_salt,
            allow_demo=not settings().is_production,
        )
    return Outcome(provider=provider.name, result=result)


def _judge_marker() -> Outcome | None:
    marker = st.context.cookies.get(MARKER_COOKIE)
    if not marker or marker == st.session_state.get(JUDGED_MARKER):
        return None
    st.session_state[JUDGED_MARKER] = marker
    _queue([_cookie(MARKER_COOKIE)])
    provider = marker if settings().sso.provider(marker) is not None else None
    log.warning("single sign-on with %s brought no identity back (see Streamlit's warning above)", provider)
    return Outcome(provider=provider, notice="login.sso_failed")


def carried_notice() -> tuple[str, dict[str, str]] | None:
    """A notice a refusal carried across st.logout's redirect (its cookie then deleted)."""
    value = st.context.cookies.get(NOTICE_COOKIE)
    # The page's cookies are those it was loaded with, for the whole session: told once.
    if not value or st.session_state.get(JUDGED_NOTICE) == value:
        return None
    st.session_state[JUDGED_NOTICE] = value
    _queue([_cookie(NOTICE_COOKIE)])
    # Written with encodeURIComponent (the page's cookie writer), read here as sent.
    key, _, provider = urllib.parse.unquote(str(value)).partition("|")
    if key not in NOTICES:
        return None
    return key, notice_params(provider if settings().sso.provider(provider) else None)


def end_identity(*, notice: str | None = None, provider: str | None = None) -> None:
    """End Streamlit's identity (st.logout, after the cookies below are written): it must never log
    anyone in by itself. The app's own login cookie goes too (st.logout's redirect would leave the
    deletion below undrawn); the notice rides across the redirect in a cookie."""
    if not identity_present():
        return
    cookies = [_cookie(MARKER_COOKIE), _cookie(settings().cookie_name)]
    if notice in NOTICES:
        cookies.append(_cookie(NOTICE_COOKIE, f"{notice}|{provider or ''}", MARKER_SECONDS))
    _queue(cookies, then="logout")


def draw_pending() -> None:
    """Draw the cookie writes this session owes the browser; on their report, go on to st.login or
    st.logout."""
    pending = st.session_state.get(PENDING)
    if not pending:
        return
    result = _COOKIES(
        data={"cookies": pending["cookies"], "then": pending["then"], "secure": settings().is_production},
        key=f"osloreg_sso_cookies_{pending['id']}",
        on_written_change=lambda: None,
    )
    if not pending["then"]:
        st.session_state.pop(PENDING, None)
        return
    written = getattr(result, "written", None)
    if written != pending["then"]:
        return
    st.session_state.pop(PENDING, None)
    if written == "logout":
        st.logout()
    elif written.startswith("login:"):
        st.login(written.removeprefix("login:"))


def buttons() -> None:
    """A button per configured provider; a press asks the provider for its discovery document (down
    or garbage: told in words, and the login not started), writes the marker, then goes to it."""
    shown = providers()
    if not shown:
        return
    st.caption(t("login.sso_intro"))
    for provider in shown:
        label = t(f"login.sso_button.{provider.kind}")
        if st.button(label, key=f"sso_login_{provider.name}", type="primary", width="stretch"):
            problem = discovery_problem(provider.metadata_url)
            if problem is not None:  # down or garbage: said here, not on Streamlit's bare error page
                log.warning("single sign-on with %s not started: %s", provider.name, problem)
                st.error(t("login.sso_unavailable", provider=provider_label(provider.name)))
                continue
            marker = _cookie(MARKER_COOKIE, provider.name, MARKER_SECONDS)
            _queue([marker], then=f"login:{provider.name}")
