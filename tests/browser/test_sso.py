"""Single sign-on in Chromium against a local OpenID provider (tests/oidc_provider.py): a login with
Entra ID draws the overview as the linked user; an unknown identity, a disabled user, and tokens the
exchange refuses (expired, wrong audience, wrong nonce, a replayed token, an error at the provider)
are told in words and log no one in; a replayed callback or a copied identity cookie logs no one in;
an admin's role change ends the login at the next run and the next login has the new role; logout
ends it for good."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from osloreg.db import make_engine, read_session
from osloreg.models import SsoIdentity, User
from osloreg.services.base import SYSTEM
from osloreg.services.sso import link_pid
from osloreg.services.users import create_user, disable_user, set_roles
from tests import sso_claims as sc
from tests.browser.helpers import (
    COOKIE_NAME,
    OVERVIEW,
    OWN_PASSWORD,
    TIMEOUT_MS,
    Server,
    open_page,
    settle,
    sso_streamlit_server,
)
from tests.oidc_provider import OidcProvider
from tests.pages.conftest import nb

ENTRA_BUTTON = nb("login.sso_button.entra")
IDPORTEN_BUTTON = nb("login.sso_button.idporten")
STREAMLIT_IDENTITY = "_streamlit_user"
MARKER, NOTICE = "osloreg_sso_started", "osloreg_sso_notice"
# Users of this module's own (the demo accounts are shared with the other browser tests).
USERS = {"sso-koordinator": "coordinator", "sso-avslatt": "viewer", "sso-leser": "viewer"}
OIDS = {"sso-koordinator": "oid-koordinator", "sso-avslatt": "oid-avslatt"}


@dataclass
class SsoApp:
    server: Server
    entra: OidcProvider
    idporten: OidcProvider
    database_url: str

    @property
    def url(self) -> str:
        return self.server.url


def _prepare(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            for username, role in USERS.items():
                create_user(
                    session,
                    actor=SYSTEM,
                    username=username,
                    display_name=username.replace("-", " ").title(),
                    password=OWN_PASSWORD,
                    roles=[role],
                )
            with session.begin():
                for username, oid in OIDS.items():
                    user_id = session.scalar(sa.select(User.id).where(User.username == username))
                    session.add(SsoIdentity(user_id=user_id, provider="entra", subject=oid, linked_by="test"))
            link_pid(
                session,
                actor=SYSTEM,
                username="sso-leser",
                provider=sc.idporten(),
                pid=sc.PID,
                salt=sc.SALT,
            )
            disable_user(session, actor=SYSTEM, username="sso-avslatt")
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def sso_app(browser_database, tmp_path_factory) -> Iterator[SsoApp]:
    _prepare(browser_database)
    entra = OidcProvider("osloreg-entra", "entra-secret").start()
    idporten = OidcProvider("osloreg-idporten", "idporten-secret").start()
    folder = tmp_path_factory.mktemp("sso")
    providers = {
        "entra": sc.entra(issuer=entra.url, metadata_url=entra.metadata_url),
        "idporten": sc.idporten(issuer=idporten.url, metadata_url=idporten.metadata_url),
    }
    try:
        with sso_streamlit_server(browser_database, folder, providers) as server:
            yield SsoApp(server, entra, idporten, browser_database)
    finally:
        entra.stop()
        idporten.stop()


def _entra_identity(oid: str, **extra) -> dict:
    return {"sub": f"pairwise-{oid}", "oid": oid, "tid": sc.TENANT, "name": "Test", **extra}


def _idporten_identity(pid: str) -> dict:
    return {"sub": "pairwise-idporten", "pid": pid, "acr": "idporten-loa-substantial", "amr": ["BankID"]}


def _login_page(page, url: str) -> None:
    page.goto(url)
    _settle(page)
    expect(page.get_by_role("button", name=ENTRA_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)


def _settle(page) -> None:
    """Settle, across the redirects of a login or a logout (a page load may start while waiting)."""
    from playwright.sync_api import Error

    for _ in range(20):
        try:
            page.wait_for_load_state("load")
            settle(page)
            return
        except Error as error:
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            page.wait_for_timeout(100)
    raise AssertionError("the page kept navigating")


def _press(page, button: str) -> None:
    """Press a provider's button; the browser goes to the provider and back (it consents at once)."""
    callbacks: list[str] = []

    def seen(response) -> None:
        if "/oauth2callback" in response.url:
            callbacks.append(response.url)

    page.on("response", seen)
    page.get_by_role("button", name=button).click()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not callbacks:
        assert time.monotonic() < deadline, (
            f"the browser did not come back from the provider: {page.url} {page.context.cookies()}"
        )
        page.wait_for_timeout(50)
    page.remove_listener("response", seen)
    page.wait_for_url(lambda url: "/oauth2callback" not in url and "/auth/" not in url, timeout=TIMEOUT_MS)
    _settle(page)


def _logged_in_as(page, display_name: str) -> None:
    expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebar").get_by_text(display_name)).to_be_visible(timeout=TIMEOUT_MS)


def _told(page, key: str, **params) -> None:
    expect(page.get_by_text(nb(key, **params))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=OVERVIEW)).to_have_count(0)


def _cookie(context, name: str) -> dict | None:
    return next((c for c in context.cookies() if c["name"].startswith(name) and c["value"]), None)


def _wait_for_cookie(context, name: str) -> dict:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while (cookie := _cookie(context, name)) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {name} cookie")
        time.sleep(0.1)
    return cookie


def _gone(page, *names: str) -> None:
    """Wait until the browser holds none of these cookies (the app deletes them, or st.logout's
    redirect does), then until the page is idle again."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while any(_cookie(page.context, name) for name in names):
        assert time.monotonic() < deadline, page.context.cookies()
        page.wait_for_timeout(100)
    _settle(page)


def test_entra_login_draws_the_overview_and_logout_ends_it_for_good(sso_app, context):
    sso_app.entra.act_as(_entra_identity("oid-koordinator"))
    page = open_page(context)
    _login_page(page, sso_app.url)
    _press(page, ENTRA_BUTTON)
    _logged_in_as(page, "Sso Koordinator")
    _wait_for_cookie(context, COOKIE_NAME)
    page.reload()  # our own login cookie carries it, as for the form
    _settle(page)
    _logged_in_as(page, "Sso Koordinator")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name=ENTRA_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)
    _gone(page, STREAMLIT_IDENTITY, COOKIE_NAME)
    page.goto(sso_app.url)
    _settle(page)
    expect(page.get_by_role("button", name=ENTRA_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=OVERVIEW)).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_have_count(0)


@pytest.mark.parametrize(
    ("oid", "key"),
    [("oid-ukjent", "login.sso_unknown"), ("oid-avslatt", "login.disabled")],
    ids=["unknown", "disabled"],
)
def test_a_refused_identity_is_told_in_words(sso_app, context, oid, key):
    sso_app.entra.act_as(_entra_identity(oid, email=f"{oid}@example.org"))
    page = open_page(context)
    _login_page(page, sso_app.url)
    _press(page, ENTRA_BUTTON)
    _told(page, key, provider="Microsoft Entra ID")
    # Streamlit's identity is ended (st.logout); the words stay across its redirect, once.
    _gone(page, STREAMLIT_IDENTITY, MARKER)
    _told(page, key, provider="Microsoft Entra ID")
    _gone(page, NOTICE)
    page.goto(sso_app.url)
    _settle(page)
    expect(page.get_by_role("button", name=ENTRA_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(nb(key, provider="Microsoft Entra ID"))).to_have_count(0)


@pytest.mark.parametrize("fault", ["expired", "wrong_audience", "wrong_nonce", "replay", "error"])
def test_a_token_the_exchange_refuses_is_told_and_logs_no_one_in(sso_app, context, fault):
    sso_app.entra.act_as(_entra_identity("oid-koordinator"), fault=fault)
    if fault == "replay" and not sso_app.entra.issued:
        sso_app.entra.act_as(_entra_identity("oid-koordinator"))  # a token to replay
        first = open_page(context)
        _login_page(first, sso_app.url)
        _press(first, ENTRA_BUTTON)
        _logged_in_as(first, "Sso Koordinator")
        context.clear_cookies()
        sso_app.entra.act_as(_entra_identity("oid-koordinator"), fault=fault)
    page = open_page(context)
    _login_page(page, sso_app.url)
    _press(page, ENTRA_BUTTON)
    _told(page, "login.sso_failed", provider="Microsoft Entra ID")
    assert _cookie(context, STREAMLIT_IDENTITY) is None


def test_a_replayed_callback_or_a_copied_identity_cookie_logs_no_one_in(sso_app, browser, make_context):
    sso_app.entra.act_as(_entra_identity("oid-koordinator"))
    context = make_context()
    page = open_page(context)
    callbacks: list[str] = []
    page.on(
        "request", lambda request: callbacks.append(request.url) if "/oauth2callback" in request.url else None
    )
    _login_page(page, sso_app.url)
    _press(page, ENTRA_BUTTON)
    _logged_in_as(page, "Sso Koordinator")
    identity = [c for c in context.cookies() if c["name"].startswith(STREAMLIT_IDENTITY)]
    assert identity and callbacks
    # The callback again, in a fresh browser: Streamlit knows the state no more.
    fresh = make_context()
    replay = open_page(fresh)
    replay.goto(callbacks[0])
    _settle(replay)
    expect(replay.get_by_role("button", name=ENTRA_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)
    expect(replay.get_by_role("heading", name=OVERVIEW)).to_have_count(0)
    # Streamlit's identity cookie, copied to a fresh browser: seen once already, refused in words.
    thief = make_context()
    thief.add_cookies(identity)
    stolen = open_page(thief)
    stolen.goto(sso_app.url)
    _settle(stolen)
    _told(stolen, "login.sso_replayed", provider="Microsoft Entra ID")


def test_a_role_change_ends_the_login_at_the_next_run_and_the_next_login_has_it(sso_app, context):
    sso_app.idporten.act_as(_idporten_identity(sc.PID))
    page = open_page(context)
    _login_page(page, sso_app.url)
    _press(page, IDPORTEN_BUTTON)
    _logged_in_as(page, "Sso Leser")
    _wait_for_cookie(context, COOKIE_NAME)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Rolle: {nb('role.viewer')}")).to_be_visible()
    engine = make_engine(sso_app.database_url)
    try:
        with read_session(engine) as session:
            set_roles(session, actor=SYSTEM, username="sso-leser", roles=["coordinator"])
    finally:
        engine.dispose()
    page.reload()
    _settle(page)
    _told(page, "login.ended")
    _gone(page, STREAMLIT_IDENTITY)
    _told(page, "login.ended")  # carried across st.logout's redirect
    _press(page, IDPORTEN_BUTTON)
    _logged_in_as(page, "Sso Leser")
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Rolle: {nb('role.coordinator')}")).to_be_visible()
