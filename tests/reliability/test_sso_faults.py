"""The identity provider down or answering garbage, in Chromium against the real app (`streamlit run`):
Entra ID configured at a port nobody listens on, ID-porten served by tests/oidc_provider.py with a
fault each time (silent past the app's timeout, HTTP 500, HTML or a document without endpoints for its
discovery; HTTP 500 or HTML for the token; an ID token signed with another key or from another
issuer). Each time the login page says so in words (bokmål), shows no traceback, logs no one in, and
the local break-glass admin logs in with a password in the same page of the same server. A healthy
login with the same provider works, so the faults are what is refused."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from osloreg import sso_discovery
from osloreg.db import make_engine, read_session
from osloreg.services.base import SYSTEM
from osloreg.services.sso import link_pid
from osloreg.services.users import create_user
from tests import sso_claims as sc
from tests.browser.helpers import (
    LOGIN_BUTTON,
    OVERVIEW,
    OWN_PASSWORD,
    PASSWORD_LABEL,
    TIMEOUT_MS,
    USERNAME_LABEL,
    Server,
    open_page,
    sso_streamlit_server,
    wait_for_login_form,
)
from tests.browser.test_sso import ENTRA_BUTTON, IDPORTEN_BUTTON, _idporten_identity, _press, _settle
from tests.oidc_provider import OidcProvider
from tests.pages.conftest import nb
from tests.smtp_server import closed_port

BREAK_GLASS = "nodadmin"  # the local admin account kept for when single sign-on fails
SSO_USER = "sso-innbygger"  # linked to sc.OTHER_PID in ID-porten
EXCEPTION = '[data-testid="stException"]'
UNAVAILABLE = {"entra": nb("login.sso_unavailable", provider="Microsoft Entra ID")}
UNAVAILABLE["idporten"] = nb("login.sso_unavailable", provider="ID-porten")
FAILED = nb("login.sso_failed", provider="ID-porten")


@dataclass
class FaultyApp:
    server: Server
    idporten: OidcProvider


@pytest.fixture(scope="module")
def faulty_app(sqlite_template, tmp_path_factory) -> Iterator[FaultyApp]:
    folder = tmp_path_factory.mktemp("sso-faults")
    path = folder / "osloreg.sqlite3"
    shutil.copyfile(sqlite_template, path)
    database_url = f"sqlite:///{path}"
    engine = make_engine(database_url)
    try:
        with read_session(engine) as session:
            for username, role in ((BREAK_GLASS, "admin"), (SSO_USER, "viewer")):
                create_user(
                    session,
                    actor=SYSTEM,
                    username=username,
                    display_name=username.title(),
                    password=OWN_PASSWORD,
                    roles=[role],
                )
            link_pid(
                session,
                actor=SYSTEM,
                username=SSO_USER,
                provider=sc.idporten(),
                pid=sc.OTHER_PID,
                salt=sc.SALT,
            )
    finally:
        engine.dispose()
    idporten = OidcProvider("osloreg-idporten", "idporten-secret").start()
    down = f"http://127.0.0.1:{closed_port()}"
    providers = {
        "entra": sc.entra(issuer=down, metadata_url=f"{down}/.well-known/openid-configuration"),
        "idporten": sc.idporten(issuer=idporten.url, metadata_url=idporten.metadata_url),
    }
    try:
        with sso_streamlit_server(database_url, folder, providers) as server:
            yield FaultyApp(server, idporten)
    finally:
        idporten.stop()


def _login_page(page, url: str) -> None:
    page.goto(url)
    _settle(page)
    expect(page.get_by_role("button", name=IDPORTEN_BUTTON)).to_be_visible(timeout=TIMEOUT_MS)


def _break_glass_logs_in(page) -> None:
    """The password form, beside the providers' buttons (whose names begin as its own does)."""
    wait_for_login_form(page)
    page.get_by_label(USERNAME_LABEL).fill(BREAK_GLASS)
    page.get_by_label(PASSWORD_LABEL).fill(OWN_PASSWORD)
    page.get_by_role("button", name=LOGIN_BUTTON, exact=True).click()
    expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSidebar").get_by_text(BREAK_GLASS.title())).to_be_visible(
        timeout=TIMEOUT_MS
    )


def _told_in_words(page, text: str) -> float:
    """Wait for the words; return the seconds they took. No traceback, no overview."""
    started = time.monotonic()
    expect(page.get_by_text(text)).to_be_visible(timeout=TIMEOUT_MS)
    seconds = time.monotonic() - started
    expect(page.get_by_role("heading", name=OVERVIEW)).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    return seconds


@pytest.mark.parametrize(
    ("provider", "fault"),
    [
        ("entra", "connection refused"),
        ("idporten", "silent"),
        ("idporten", "discovery_500"),
        ("idporten", "discovery_html"),
        ("idporten", "discovery_no_endpoints"),
    ],
)
def test_a_provider_down_or_without_a_discovery_document_is_told_and_break_glass_still_logs_in(
    faulty_app, context, provider, fault, figures
):
    if provider == "idporten":
        faulty_app.idporten.act_as(_idporten_identity(sc.OTHER_PID), fault=fault)
    page = open_page(context)
    _login_page(page, faulty_app.server.url)
    authorizations = faulty_app.idporten.authorizations
    page.get_by_role("button", name=ENTRA_BUTTON if provider == "entra" else IDPORTEN_BUTTON).click()
    seconds = _told_in_words(page, UNAVAILABLE[provider])
    assert "/auth/" not in page.url  # never sent to Streamlit's bare error page
    assert faulty_app.idporten.authorizations == authorizations  # nor to the provider
    _break_glass_logs_in(page)
    figures.record(
        f"{provider} {fault}: told in words after {seconds:.1f} s "
        f"(timeout {sso_discovery.TIMEOUT_SECONDS:.0f} s), 0 tracebacks, not logged in; "
        "break-glass password login ok"
    )
    if fault == "silent":
        assert seconds < sso_discovery.TIMEOUT_SECONDS + 5


@pytest.mark.parametrize(
    "fault", ["token_500", "token_html", "bad_signature", "wrong_issuer", None], ids=lambda f: f or "healthy"
)
def test_a_token_answer_that_is_garbage_is_told_and_break_glass_still_logs_in(
    faulty_app, context, fault, figures
):
    faulty_app.idporten.act_as(_idporten_identity(sc.OTHER_PID), fault=fault)
    page = open_page(context)
    _login_page(page, faulty_app.server.url)
    _press(page, IDPORTEN_BUTTON)
    if fault is None:  # the same provider, healthy: its login goes through
        expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_test_id("stSidebar").get_by_text(SSO_USER.title())).to_be_visible(
            timeout=TIMEOUT_MS
        )
        figures.record("healthy ID-porten: logged in as the linked user")
        return
    seconds = _told_in_words(page, FAILED)
    _break_glass_logs_in(page)
    figures.record(
        f"ID-porten {fault}: told in words {seconds:.1f} s after the callback, 0 tracebacks, not logged in; "
        "break-glass password login ok"
    )
