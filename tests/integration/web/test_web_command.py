"""`python -m osloreg web`, the second process `make run` starts: it answers over HTTP on its port,
with the headers that keep its pages out of frames and its links' tokens out of referrers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from tests.conftest import REPO_ROOT, test_settings
from tests.smtp_server import free_port


def test_the_web_command_serves_until_stopped(sqlite_engine, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSLOREG_")}
    env.update(
        OSLOREG_DATABASE_URL=sqlite_engine.url.render_as_string(hide_password=False),
        OSLOREG_VAR_DIR=str(tmp_path),
        OSLOREG_ENV="demo",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "osloreg", "web", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline, answer = time.monotonic() + 20, None
        while answer is None and time.monotonic() < deadline and process.poll() is None:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            except OSError:
                time.sleep(0.1)
        assert answer is not None, (
            process.stderr.read().decode() if process.poll() is not None else "no answer"
        )
        assert answer.status == 200 and answer.read() == b"ok"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_app_in_process_answers_unknown_paths_with_404(sqlite_engine, serve_web):
    web = serve_web(test_settings(sqlite_engine), sqlite_engine)
    answer = web.request("/admin")
    assert answer.status == 404
    assert answer.header("x-content-type-options") == "nosniff"
