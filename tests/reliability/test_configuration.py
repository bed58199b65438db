"""Configuration as deployed: production refuses weak or published cookie keys (the real command line,
as a process), and the real server runs with XSRF protection on and error details hidden."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from osloreg.config import KNOWN_DEFAULT_KEYS
from tests.browser import streamlit_server
from tests.conftest import REPO_ROOT

EXAMPLE_KEY = tomllib.loads((REPO_ROOT / ".streamlit" / "secrets.toml.example").read_text())["cookie_key"]
STRONG_KEY = "q8Vd3-Lk2Zp9Rw7Tx4Nm6Bj1Hc5Gf0Ys_Ua8Ie3Ko2Pl7Qr"
WEAK_KEYS = {
    "missing": "",
    "short": "Zx9-kQ2v",  # 8 bytes
    "the example file's key": EXAMPLE_KEY,
    "the library's published key": "some_signature_key",
    "long but not random": "a" * 48,
}


def _check_config(database: Path, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OSLOREG_ENV": "production", "OSLOREG_DATABASE_URL": f"sqlite:///{database}"}
    env["OSLOREG_COOKIE_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "osloreg", "check-config"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_a_weak_or_published_cookie_key_and_accepts_a_strong_one(
    sqlite_template, tmp_path, figures
):
    assert EXAMPLE_KEY in KNOWN_DEFAULT_KEYS
    assert not (REPO_ROOT / ".streamlit" / "secrets.toml").exists()  # nothing else supplies a key
    database = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(sqlite_template, database)
    refused = []
    for label, key in WEAK_KEYS.items():
        done = _check_config(database, key)
        output = done.stdout + done.stderr
        assert done.returncode != 0, (label, output)
        # A clear message: which setting, and that it is the cookie key that is wrong.
        assert re.search(r"FAIL\s+(cookie key|settings): OSLOREG_COOKIE_KEY", output), (label, output)
        assert "Traceback" not in output, label
        refused.append(label)
    accepted = _check_config(database, STRONG_KEY)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "FAIL" not in accepted.stdout
    figures.record(f"{len(refused)} weak keys refused ({', '.join(refused)}), 1 strong key accepted")


def test_the_running_server_has_xsrf_protection_on_and_hides_error_details(tmp_path, figures):
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] in ("none", False)
    # What Streamlit itself resolves from the project's config, as `streamlit config show` reports it.
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert re.search(r"^enableXsrfProtection = true$", shown, re.M)
    assert re.search(r'^showErrorDetails = "none"$', shown, re.M)
    with streamlit_server(f"sqlite:///{tmp_path / 'osloreg.sqlite3'}", tmp_path / "var") as server:
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as response:
            cookies = response.headers.get_all("Set-Cookie") or []
        assert any(cookie.startswith("_streamlit_xsrf=") for cookie in cookies), cookies
        # A write without the token (an upload, as a cross-site form would send it) is refused.
        upload = urllib.request.Request(
            f"{server.url}/_stcore/upload_file/session/file", data=b"x", method="PUT"
        )
        try:
            urllib.request.urlopen(upload, timeout=10)
            status = 200
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == 403
    # The friendly-message-and-no-traceback behaviour of a failing page is tested in
    # tests/pages/test_shell.py::test_an_unexpected_error_shows_a_friendly_message_and_no_details.
    figures.record(
        "xsrf on (config.toml, streamlit config show, _streamlit_xsrf cookie set, tokenless upload 403), "
        'error details hidden (showErrorDetails = "none")'
    )


def test_the_app_in_production_with_a_weak_key_refuses_in_words_and_shows_no_login(
    sqlite_template, tmp_path, monkeypatch, figures
):
    """The app itself, not only the check: app.py and a page opened by deep link (which runs without
    app.py) say in words that they do not start, and offer neither the login form nor any data."""
    from streamlit.testing.v1 import AppTest

    from osloreg import i18n
    from tests.pages.conftest import app_database

    database = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(sqlite_template, database)
    message = i18n.translate("error.configuration_refused", i18n.DEFAULT_LANGUAGE)
    refusals = 0
    with app_database(f"sqlite:///{database}", monkeypatch, tmp_path):
        monkeypatch.setenv("OSLOREG_ENV", "production")
        for label, key in WEAK_KEYS.items():
            monkeypatch.setenv("OSLOREG_COOKIE_KEY", key)
            for script in ("app.py", "pages/decisions.py"):
                st_cache_clear()
                at = AppTest.from_file(str(REPO_ROOT / script), default_timeout=30)
                at.run()
                assert not at.exception, (label, script, [e.message for e in at.exception])
                assert [error.value for error in at.error] == [message], (label, script)
                assert not at.text_input and not at.dataframe and not at.main.button, (label, script)
                refusals += 1
        monkeypatch.setenv("OSLOREG_COOKIE_KEY", STRONG_KEY)
        st_cache_clear()
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=30)
        at.run()
        assert not at.error and [field.label for field in at.text_input][:1] == ["Brukernavn"]
    figures.record(
        f"app: {refusals} starts with a weak key refused in words, 0 login forms; strong key: login form"
    )


def st_cache_clear() -> None:
    """Settings are cached per process: each start reads them again, as a new server would."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
