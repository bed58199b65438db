"""Browser helpers shared by the Playwright tests and the screenshot script: a seeded database, a
real `streamlit run` server, Debian's Chromium, and logging in through the form."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 30.0
# Streamlit renders asynchronously: every wait is for a given element, bounded by this.
TIMEOUT_MS = 15_000
COOKIE_NAME = "osloreg_auth"
# The login form, the sidebar and the messages are in Norwegian bokmål, the default language.
USERNAME_LABEL = "Brukernavn"
PASSWORD_LABEL = "Passord"
LOGIN_BUTTON = "Logg inn"
LOGOUT_BUTTON = "Logg ut"
OVERVIEW = "Oversikt"
# What a page shows when it shows data; a page opened without login must show none of it.
DATA_SELECTORS = ('[data-testid="stDataFrame"]', '[data-testid="stMetric"]', ".js-plotly-plot")

DEMO_PASSWORD = "demo-passord-2026"
# The demo data set's accounts: username -> role.
DEMO_USERS = {
    "admin": "admin",
    "direktor": "director",
    "koordinator": "coordinator",
    "medlem": "member",
    "leder": "member",
    "leser": "viewer",
}
# Users the tests add beside the demo accounts get this password.
OWN_PASSWORD = "et langt nettleserpassord"


def demo_user(role: str) -> str:
    return next(name for name, user_role in DEMO_USERS.items() if user_role == role)


def seed_database(path: Path, *, extra_users: dict[str, str] | None = None) -> str:
    """Migrate a new SQLite file, load the demo data set, add `extra_users` (username -> role,
    password OWN_PASSWORD); return the database URL."""
    from osloreg import migrate
    from osloreg.db import make_engine, read_session
    from osloreg.demo import load_demo
    from osloreg.services.base import SYSTEM
    from osloreg.services.users import create_user

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        load_demo(engine, scale=1)
        with read_session(engine) as session:
            for username, role in (extra_users or {}).items():
                create_user(
                    session,
                    actor=SYSTEM,
                    username=username,
                    display_name=username.title(),
                    password=OWN_PASSWORD,
                    roles=[role],
                )
    finally:
        engine.dispose()
    return url


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def streamlit_server(
    database_url: str | None,
    var_dir: Path,
    *,
    env: dict[str, str] | None = None,
    script: str = "app.py",
    port: int | None = None,
    args: list[str] | None = None,
) -> Iterator[Server]:
    """`streamlit run script` on a free port (or `port`, when the caller must know it beforehand, as
    single sign-on's redirect URI does), from the repository root, until the block ends; in demo
    mode unless `env` (added to the environment) says otherwise; `args` are further flags. Without
    `database_url` the app takes its own (the benchmark's blank page needs none)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    extra = env or {}
    env = {**os.environ, "OSLOREG_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}
    if database_url:
        env["OSLOREG_DATABASE_URL"] = database_url
    env.pop("OSLOREG_ENV", None)  # demo mode: production refuses the demo accounts
    env.update(extra)
    log_path = var_dir / f"streamlit-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    command += args or []
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(server.url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit unhealthy after {SERVER_START_TIMEOUT}s:\n{server.log_tail()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def sso_streamlit_server(database_url: str, folder: Path, providers: dict) -> Iterator[Server]:
    """streamlit_server with single sign-on configured for `providers` (tests/sso_claims.py): their
    secrets written in `folder`, the redirect URI on the server's own port, the demo PID salt."""
    from tests import sso_claims

    port = free_port()
    secrets = sso_claims.write_secrets(
        folder / "secrets.toml",
        providers,
        redirect_uri=f"http://127.0.0.1:{port}/oauth2callback",
        client_secrets={"entra": "entra-secret", "idporten": "idporten-secret"},
    )
    env = {"OSLOREG_SECRETS_FILE": str(secrets), "OSLOREG_SSO_PID_SALT": sso_claims.SALT}
    with streamlit_server(
        database_url, folder / "var", env=env, port=port, args=["--secrets.files", str(secrets)]
    ) as server:
        yield server


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


QUIET_S = 0.1  # no websocket frame for this long once every run has finished: the app is idle


class RunWatch:
    """Follows one page's websocket to the Streamlit server: the reruns the browser asks for (page
    loads, widgets, components reporting) and the runs the server finishes (the benchmark's browser
    side uses it too)."""

    def __init__(self, page) -> None:
        self.reruns = 0
        self.last_rerun = self.last_start = self.last_finish = self.last_frame = 0.0
        page.on("websocket", self._connected)

    def _connected(self, websocket) -> None:
        if not websocket.url.endswith("/_stcore/stream"):
            return
        self.reruns = 0  # a page load: a new session
        websocket.on("framesent", self._sent)
        websocket.on("framereceived", self._received)

    def _sent(self, payload: bytes | str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        self.last_frame = time.monotonic()
        if isinstance(payload, bytes) and BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
            self.reruns += 1
            self.last_rerun = self.last_frame

    def _received(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.last_frame = time.monotonic()
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.last_start = self.last_frame
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.last_finish = self.last_frame

    def idle(self, runs_per_load: int = 1) -> bool:
        """The reruns the page load asks for (`runs_asked_for`), every run asked for has finished,
        and QUIET_S of quiet."""
        return (
            self.reruns >= runs_per_load
            and self.last_finish > max(self.last_rerun, self.last_start)
            and time.monotonic() - self.last_frame > QUIET_S
        )

    def __str__(self) -> str:
        now = time.monotonic()
        names = ("last_rerun", "last_start", "last_finish")
        ago = {name: round(now - getattr(self, name), 2) for name in names}
        return f"reruns asked for: {self.reruns}, seconds since: {ago}"


_WATCHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def open_page(context):
    """A new page whose conversation with the Streamlit server is followed (see `settle`)."""
    page = context.new_page()
    _WATCHES[page] = RunWatch(page)
    return page


# streamlit-authenticator's cookie component, drawn only while the app has the browser delete the
# login cookie: its iframe loads, deletes, and reports back with a run of its own.
_COOKIE_COMPONENT = """() => document.querySelector('iframe[title*="CookieManager"]') !== null"""


def runs_asked_for(page) -> int:
    """The runs a page load asks for: the load's own, and the cookie component's report if it is on
    the page (the iframe stays until the next run, so it is seen after its report too)."""
    return 2 if page.evaluate(_COOKIE_COMPONENT) else 1


def settle(page, *, logged_in: bool = False) -> None:
    """Wait until the app is idle: every run asked for has finished, and where the app has the
    browser delete the login cookie, its component has reported back with a run of its own
    (`logged_in` waits for the login cookie too); on a freshly started server the first run's form
    is even replaced while it is drawn. Text typed before that can land in an element about to go away."""
    watch = _WATCHES[page]
    cookie = COOKIE_NAME if logged_in else ""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not (watch.idle(runs_asked_for(page)) and page.evaluate(_DRAWN, cookie)):
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle: {watch}; page: {page.evaluate(_PAGE_STATE)}")
        page.wait_for_timeout(50)  # lets Playwright deliver the websocket events


@contextmanager
def new_run(page, *, runs: int = 1, timeout_ms: int = TIMEOUT_MS) -> Iterator[None]:
    """Around an action that asks for `runs` runs (Enter in a text field, a click: one): wait until
    the browser has asked for them (within `timeout_ms`), then until the app is idle. `settle` alone
    can see the app idle before the browser's request has reached Playwright."""
    watch = _WATCHES[page]
    before = watch.reruns
    yield
    deadline = time.monotonic() + timeout_ms / 1000
    while watch.reruns < before + runs:
        if time.monotonic() > deadline:
            raise AssertionError(f"the action asked for {watch.reruns - before} of {runs} runs: {watch}")
        page.wait_for_timeout(20)
    settle(page)


def wait_for_login_form(page) -> None:
    from playwright.sync_api import expect

    settle(page)
    # The form's widgets are drawn with code the page fetches on first use: in a fresh browser the
    # fields are drawn again when it arrives, and text typed before that is lost.
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label(USERNAME_LABEL)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_label(PASSWORD_LABEL)).to_be_visible(timeout=TIMEOUT_MS)


def submit_login(page, username: str, password: str) -> None:
    """Fill in the form as a person would and press the button; the caller waits for the outcome."""
    wait_for_login_form(page)
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOGIN_BUTTON).click()


def log_out(page) -> None:
    """Press "Logg ut" and wait until the browser has deleted the login cookie. The cookie component
    runs a moment after the page looks idle, and its report reruns the app: a login typed before
    that would race it (a person takes longer than that to type a password)."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("button", name=LOGOUT_BUTTON).click()
    wait_for_login_form(page)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while auth_cookie(page.context, timeout_ms=0) is not None:
        if time.monotonic() > deadline:
            raise AssertionError("logout left the login cookie in the browser")
        page.wait_for_timeout(50)
    settle(page)
    expect(page.get_by_label(USERNAME_LABEL)).to_be_visible(timeout=TIMEOUT_MS)


def log_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open the app, log in through the form, and wait for the overview and the login cookie."""
    from playwright.sync_api import expect

    # A cookie left from an earlier login in this context (revoked at its logout, deleted by the app
    # a run later) must not be taken for the new one.
    old = {cookie["value"] for cookie in page.context.cookies() if cookie["name"] == COOKIE_NAME}
    page.goto(base_url)
    wait_for_login_form(page)
    # One run: the login's, which draws the overview and has the page write the cookie (nothing
    # reports back; the cookie is awaited below).
    with new_run(page, runs=1):
        submit_login(page, username, password)
    expect(page.get_by_role("heading", name=OVERVIEW).first).to_be_visible(timeout=TIMEOUT_MS)
    settle(page, logged_in=True)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any(
        cookie["name"] == COOKIE_NAME and cookie["value"] and cookie["value"] not in old
        for cookie in page.context.cookies()
    ):
        if time.monotonic() > deadline:
            raise AssertionError(f"no new login cookie for {username} after logging in")
        page.wait_for_timeout(50)
    expect(page.get_by_role("heading", name=OVERVIEW)).to_have_count(1)


def auth_cookie(context, *, timeout_ms: int = TIMEOUT_MS) -> dict | None:
    """The login cookie once the page's cookie component has set it (it is set from the browser)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        for cookie in context.cookies():
            if cookie["name"] == COOKIE_NAME and cookie["value"]:
                return cookie
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


def new_context(browser, *, viewport: dict[str, int] | None = None, **options: object):
    """A browser context: its own cookie jar, the window size of the screenshot unless `viewport`
    says otherwise, Norwegian."""
    context = browser.new_context(
        viewport=viewport or {"width": 1400, "height": 900}, locale="nb-NO", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


# The browser has drawn the last run: Streamlit's app element says it is not running and nothing on
# the page is marked stale; and, after a login, the login cookie is set.
_DRAWN = """(cookie) => {
  const app = document.querySelector("[data-test-script-state]");
  return app !== null && app.getAttribute("data-test-script-state") === "notRunning"
    && document.querySelector("[data-stale='true']") === null
    && (cookie === "" || document.cookie.split("; ").some((pair) => pair.startsWith(cookie + "=")));
}"""
_PAGE_STATE = """() => JSON.stringify({
  state: document.querySelector("[data-test-script-state]")?.getAttribute("data-test-script-state"),
  stale: [...document.querySelectorAll("[data-stale='true']")].map((e) => e.innerText.slice(0, 40)),
  cookies: document.cookie.split("; ").map((pair) => pair.split("=")[0]),
})"""
