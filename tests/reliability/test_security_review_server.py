"""The security review's cookie attempts (#16, #19, #20, #21) on a real `streamlit run` server over
PostgreSQL, in Chromium, the accounts changed with the command line as the review did (the SQLite runs
are tests/browser/test_login.py), and its XSRF attempt (#52) on the server's websocket."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.browser.helpers import Server, log_out, streamlit_server
from tests.browser.test_login import (
    _ended,
    _logged_in_with_a_copy,
    _new_user,
    _next_run,
    _shows_only_the_login_form,
    _with_cookie,
)
from tests.conftest import REPO_ROOT
from tests.integration.audit.audit_rows import url_of
from tests.reliability.test_authentication import _logged_in, _refused, _server_key, _token, _visit_with

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def pg_database(module_postgres_engine: Engine) -> str:
    return url_of(module_postgres_engine)


@pytest.fixture(scope="module")
def pg_server(pg_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One app process on the module's PostgreSQL database, in demo mode (its own cookie key)."""
    with streamlit_server(pg_database, tmp_path_factory.mktemp("review-server")) as running:
        yield running


def _cli(database: str, *args: str, stdin: str | None = None) -> str:
    """`python -m osloreg --database-url ... <args>` as the review ran it (the admin's shell); its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OSLOREG_", "STREAMLIT_"))}
    done = subprocess.run(
        [sys.executable, "-m", "osloreg", "--database-url", database, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout.strip()


def _ends_the_login(
    make_context, server: Server, database: str, commands, what: str, notice: str = "login.ended"
) -> float:
    """Log in through the form (copying the cookie), make the account change with the command line
    (`commands`: (arguments after the username, standard input) each), then:
    the open tab ends on its next run and stays out after a reload, and the copied cookie in a new
    browser is refused (told why when the login was ended; a disabled user's is just the form). The
    seconds from the change to the copied cookie's refusal."""
    username = _new_user(database)
    page, cookie = _logged_in_with_a_copy(make_context, server, username)
    for arguments, stdin in commands:
        _cli(database, *arguments[:2], username, *arguments[2:], stdin=stdin)
    started = time.monotonic()
    _next_run(page)
    _ended(page, f"the open tab after {what}", notice)
    page.reload()
    _shows_only_the_login_form(page, f"the open tab reloaded after {what}")
    copy = _with_cookie(make_context, server, cookie)
    if notice == "login.ended":
        _ended(copy, f"a copied cookie after {what}")
    else:
        _shows_only_the_login_form(copy, f"a copied cookie after {what}")
    return time.monotonic() - started


def _with_subject(token: str, username: str) -> str:
    """The token with another username in its payload and its signature kept (#16)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = username
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_16_a_cookie_whose_payload_names_another_user_is_refused(
    pg_server, pg_database, make_context, figures
):
    username = _new_user(pg_database)
    admin = _new_user(pg_database, role="admin")
    warm = _visit_with(make_context, pg_server, "")  # the server makes its key on its first run
    _shows_only_the_login_form(warm, "a browser without a cookie")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
    token = _token(_server_key(pg_server), username, expires=later, database=pg_database)
    genuine = _logged_in(_visit_with(make_context, pg_server, token))
    tampered = _refused(_visit_with(make_context, pg_server, _with_subject(token, admin)))
    figures.record(
        f"postgresql server: the viewer's own cookie {'accepted' if genuine else 'REFUSED'}; with the "
        f"admin's name in its payload {'refused' if tampered else 'ACCEPTED'}"
    )
    assert genuine and tampered


def test_19_a_cookie_copied_before_logout_is_refused_on_postgresql(
    pg_server, pg_database, make_context, figures
):
    username = _new_user(pg_database)
    page, cookie = _logged_in_with_a_copy(make_context, pg_server, username)
    log_out(page)
    _ended(_with_cookie(make_context, pg_server, cookie), "the copied cookie, replayed after logout")
    _ended(_with_cookie(make_context, pg_server, cookie), "the copied cookie, replayed a second time")
    figures.record("postgresql server: a cookie copied before logout, replayed twice: refused twice")


def test_20_a_disabled_users_cookie_and_open_tab_are_refused_on_postgresql(
    pg_server, pg_database, make_context, figures
):
    seconds = _ends_the_login(
        make_context,
        pg_server,
        pg_database,
        [(["user", "disable"], None)],
        "user disable",
        notice="login.disabled",
    )
    figures.record(f"postgresql server: disabled user's open tab and copied cookie refused ({seconds:.1f} s)")


def test_21_a_password_reset_or_disable_and_enable_ends_every_login_on_postgresql(
    pg_server, pg_database, make_context, figures
):
    reset = [(["user", "reset-password", "--password-stdin"], "et helt nytt og langt passord\n")]
    disable_and_enable = [(["user", "disable"], None), (["user", "enable"], None)]
    seconds = {
        what: _ends_the_login(make_context, pg_server, pg_database, commands, what)
        for what, commands in (
            ("user reset-password", reset),
            ("user disable, user enable", disable_and_enable),
        )
    }
    figures.record(
        "postgresql server: open tab ended, reload shows the form, copied cookie refused after the "
        "command line's " + ", ".join(f"{what} ({s:.1f} s)" for what, s in seconds.items())
    )


def test_52_a_websocket_from_another_origin_is_refused(pg_server, figures):
    """The review opened the app's websocket with `Origin: https://evil.example`: 403. Its other half,
    the tokenless upload, is test_configuration.py's."""
    import websockets.sync.client as ws_client  # noqa: PLC0415 - only this test speaks websocket

    address = pg_server.url.replace("http://", "ws://") + "/_stcore/stream"
    answers = {}
    for origin in ("https://evil.example", pg_server.url):
        try:
            with ws_client.connect(address, origin=origin, open_timeout=10):
                answers[origin] = "opened"
        except Exception as error:  # noqa: BLE001 - the refusal's type is the library's
            answers[origin] = getattr(getattr(error, "response", None), "status_code", type(error).__name__)
    figures.record(
        f"websocket: from https://evil.example {answers['https://evil.example']}, own origin "
        f"{answers[pg_server.url]}"
    )
    assert answers["https://evil.example"] == 403
    assert answers[pg_server.url] == "opened"
