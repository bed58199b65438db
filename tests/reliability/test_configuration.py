"""Configuration as deployed: production refuses weak or published cookie keys and Streamlit settings
that undo its protections (XSRF off, error details shown, large uploads), both in check-config (the
real command line, as a process) and at start-up (a real `streamlit run` server, seen in Chromium);
the committed configuration runs with XSRF protection on and error details hidden."""

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

import pytest

from osloreg import i18n
from osloreg.config import KNOWN_DEFAULT_KEYS
from osloreg.ui.kit.tables import escape_markdown
from tests.browser.helpers import (
    DATA_SELECTORS,
    TIMEOUT_MS,
    USERNAME_LABEL,
    log_in,
    new_context,
    new_run,
    open_page,
    settle,
    streamlit_server,
)
from tests.conftest import REPO_ROOT
from tests.unit.test_config import PATTERNED_KEYS

EXAMPLE_KEY = tomllib.loads((REPO_ROOT / ".streamlit" / "secrets.toml.example").read_text())["cookie_key"]
STRONG_KEY = "pbopZwpcRB8fxfucPOoj3SryT1Y1yBGWoxYURLFuBiQ"  # secrets.token_urlsafe(32)
WEAK_KEYS = {
    "missing": "",
    "short": "Zx9-kQ2v",  # 8 bytes
    "the example file's key": EXAMPLE_KEY,
    "the library's published key": "some_signature_key",
    "long but not random": "a" * 48,
    # Long and with many different characters, which the old rule (10 distinct) let through.
    **{
        label: PATTERNED_KEYS[label]
        for label in ("the alphabet, again and again", "the digits, again and again", "keyboard columns")
    },
    "a passphrase": PATTERNED_KEYS["a passphrase"],
}
# Streamlit settings that override .streamlit/config.toml from the environment, as the review set
# them: each must make production refuse.
UNSAFE_STREAMLIT = {
    "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false",
    "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",
    "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "2000",
}


def _clean_environ() -> dict[str, str]:
    """This process's environment without settings of ours or Streamlit's that would blur a test."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("OSLOREG_", "STREAMLIT_"))}


def _check_config(
    database: Path, key: str, streamlit: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**_clean_environ(), "OSLOREG_ENV": "production", "OSLOREG_DATABASE_URL": f"sqlite:///{database}"}
    env["OSLOREG_COOKIE_KEY"] = key
    env["OSLOREG_ACCESSIBILITY_CONTACT"] = "uu@osloregionen.example"
    env["OSLOREG_VAR_DIR"] = str(database.parent)
    env.update(streamlit or {})
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
    figures.record(
        f"{len(refused)} weak keys of {len(WEAK_KEYS)} refused ({', '.join(refused)}); 1 strong key accepted"
    )


def test_check_config_fails_production_when_the_environment_undoes_streamlits_protections(
    sqlite_template, tmp_path
):
    """STREAMLIT_* variables override config.toml without a word; check-config reads Streamlit's
    settings as `streamlit run` would (it is not the server, so Streamlit alone would not see them)."""
    database = tmp_path / "osloreg.sqlite3"
    shutil.copyfile(sqlite_template, database)
    done = _check_config(database, STRONG_KEY, UNSAFE_STREAMLIT)
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert done.returncode == 1, done.stdout + done.stderr
    assert [line.split(":")[0] for line in failed] == [
        "FAIL  Streamlit server.enableXsrfProtection = false",
        'FAIL  Streamlit client.showErrorDetails = "full"',
        "FAIL  Streamlit server.maxUploadSize = 2000",
    ], done.stdout
    for line, variable in zip(failed, UNSAFE_STREAMLIT, strict=True):
        assert variable in line and "production needs" in line  # what to remove, and why
    assert "the configuration check failed (3 problems)" in done.stderr and "Traceback" not in done.stderr
    # The rest of what the review tried, one at a time: cross-origin protection off, usage statistics
    # sent to Streamlit, the agent API on; and a value `streamlit run` itself would refuse.
    for variable, value, shown in [
        ("STREAMLIT_SERVER_ENABLE_CORS", "false", "Streamlit server.enableCORS = false"),
        ("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "true", "Streamlit browser.gatherUsageStats = true"),
        ("STREAMLIT_SERVER_ENABLE_AGENT_API", "true", "Streamlit server.enableAgentApi = true"),
        ("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "lots", "Streamlit settings: Invalid value"),
    ]:
        done = _check_config(database, STRONG_KEY, {variable: value})
        assert done.returncode == 1 and f"FAIL  {shown}" in done.stdout, (variable, done.stdout)
    # The committed config.toml alone passes, and says where the server listens.
    done = _check_config(database, STRONG_KEY)
    assert done.returncode == 0 and "FAIL" not in done.stdout, done.stdout + done.stderr
    assert "ok    Streamlit server.enableXsrfProtection = true" in done.stdout


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
    from tests.pages.conftest import app_database, page_test

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
                at = page_test(script)
                at.run()
                assert not at.exception, (label, script, [e.message for e in at.exception])
                assert [error.value for error in at.error] == [message], (label, script)
                assert not at.text_input and not at.dataframe and not at.main.button, (label, script)
                refusals += 1
        monkeypatch.setenv("OSLOREG_COOKIE_KEY", STRONG_KEY)
        st_cache_clear()
        at = page_test("app.py")
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


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_a_production_server_started_with_unsafe_streamlit_settings_refuses_in_words(
    browser_database, browser, tmp_path, figures
):
    """A real `streamlit run` in production, with the STREAMLIT_* variables of the review, on the demo
    database: a page opened by deep link first (Streamlit's old multipage mode runs it without
    app.py), then the root (app.py) both show the refusal in words, no login form and no data; the
    log says why."""
    from playwright.sync_api import expect

    message = i18n.translate("error.configuration_refused", i18n.DEFAULT_LANGUAGE)
    env = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": STRONG_KEY, **UNSAFE_STREAMLIT}
    with streamlit_server(browser_database, tmp_path / "var", env=env) as server:
        context = new_context(browser)
        try:
            for path in ("decisions", ""):
                page = open_page(context)
                page.goto(f"{server.url}/{path}")
                alert = page.get_by_test_id("stAlert")
                expect(alert).to_have_count(1, timeout=TIMEOUT_MS)
                expect(alert).to_contain_text(message.split(". ")[0])
                page.wait_for_function(_SCRIPT_DONE)
                expect(page.get_by_label(USERNAME_LABEL)).to_have_count(0)
                for selector in DATA_SELECTORS:
                    expect(page.locator(selector)).to_have_count(0)
                page.close()
        finally:
            context.close()
        log = server.log_tail(100_000)
    refused = [line for line in log.splitlines() if "configuration refused" in line]
    assert refused and all(option in refused[0] for option in _UNSAFE_OPTIONS), log[-3000:]
    assert "Traceback" not in log
    figures.record(
        "production refuses: xsrf off, error details full, uploads 2000 MB "
        "(check-config: 3 FAIL, exit 1; server: 2 of 2 pages refuse in words, 0 login forms, 0 data)"
    )


_UNSAFE_OPTIONS = ("server.enableXsrfProtection", "client.showErrorDetails", "server.maxUploadSize")
_SCRIPT_DONE = (
    "() => document.querySelector('[data-test-script-state]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


@pytest.mark.browser
@pytest.mark.timeout(150)
def test_a_backup_made_in_the_browser_is_never_at_an_address_that_needs_no_login(
    start_server, browser, figures
):
    """The review fetched the backup at /media/<id>.sqlite with no cookie, minutes after. Now: an admin
    makes a backup in Chromium; every /media address the page holds or asks for, and every download
    it offers (clicked), is fetched without a cookie: none gives the database's bytes."""
    from playwright.sync_api import expect

    with start_server() as server:
        context = new_context(browser, accept_downloads=True)
        try:
            page = open_page(context)
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            log_in(page, server.url, "admin")
            page.goto(f"{server.url}/admin")
            expect(page.get_by_role("heading", name=_nb("nav.admin"))).to_be_visible(timeout=TIMEOUT_MS)
            settle(page, logged_in=True)
            tab = page.get_by_role("tab", name=_nb("admin.tab.backup"), exact=True)
            with new_run(page):
                tab.click()
            with new_run(page):
                page.locator(".st-key-backup_make button").click()
            expect(page.get_by_test_id("stAlert").first).to_be_visible(timeout=TIMEOUT_MS)
            settle(page)
            (backup,) = (server.log_path.parent / "backups").glob("osloreg-*.sqlite3")
            database = backup.read_bytes()
            assert database.startswith(b"SQLite format 3\x00")
            expect(page.get_by_text(backup.name).first).to_be_visible()  # made, and listed
            downloads = page.get_by_test_id("stDownloadButton").locator("button")
            offered = downloads.count()
            for index in range(offered):
                with page.expect_download() as download:
                    downloads.nth(index).click()
                asked.append(download.value.url)
            held = page.evaluate(
                "() => [...document.querySelectorAll('[href], [src]')].map((e) => e.href || e.src)"
            )
        finally:
            context.close()
        media = sorted({url for url in [*asked, *held] if "/media/" in url})
        leaked = []
        for url in media:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # no cookie: anyone's request
                    body = response.read()
            except urllib.error.HTTPError:
                continue
            if body.startswith(b"SQLite format 3") or (body and body[:4096] in database):
                leaked.append(url)
    assert not leaked, leaked
    assert offered == 0
    figures.record(
        f"backups never at an unauthenticated URL: 1 backup made in Chromium (on the server, listed), "
        f"{offered} downloads offered, {len(media)} /media addresses fetched without a cookie, "
        f"{len(leaked)} with database bytes"
    )


def test_malformed_ids_in_links_say_not_found(sqlite_template, tmp_path, monkeypatch, caplog, figures):
    """Every id parameter a link can carry, with every malformed value of the page tests (Unicode
    digits, too large, zero, negative, words, empty, decimals, spaces, signs), in AppTest: the page
    says in words that it found nothing, and nothing is raised or logged as an error."""
    import logging

    from tests.pages.conftest import build_world, page_test, world_copy
    from tests.pages.test_deep_link_ids import MALFORMED, PAGES, TITLES, _world

    (tmp_path / "world").mkdir()
    template = build_world(sqlite_template, tmp_path / "world", _world)
    caplog.set_level(logging.INFO)
    said: list[bool] = []
    with world_copy(template, tmp_path, monkeypatch):
        for name, (script, gone) in PAGES.items():
            for value in MALFORMED:
                at = page_test(script, username="leser")
                at.query_params[name] = value
                at.run()
                texts = [str(element.value) for element in (*at.title, *at.markdown, *at.warning)]
                said.append(
                    not at.exception
                    and [warning.value for warning in at.warning] == [_nb(gone)]
                    and not any(TITLES[name] in text for text in texts)
                )
        for value in MALFORMED:
            at = page_test("pages/admin.py", username="admin")
            at.query_params.update(entity="project", entity_id=value)
            at.run()
            refused = _nb("audit_trail.history.bad_id", value=escape_markdown(value))
            said.append(not at.exception and [error.value for error in at.error] == [refused])
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]
    assert all(said) and not errors, (said, caplog.text[-2000:])
    figures.record(
        f"malformed ids: {sum(said)} of {len(said)} say not found (?project=, ?meeting=, ?case= and the "
        f"admin history's entity_id, {len(MALFORMED)} values each: {' '.join(map(repr, MALFORMED))}); "
        f"{len(errors)} errors logged"
    )


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, "nb", **params)
