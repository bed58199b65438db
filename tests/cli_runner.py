"""`python -m osloreg` for tests: in this process through `osloreg.cli.main` (a new interpreter costs
about a second a command), or as a real subprocess for the tests that pin the entry point and stdin."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.cli import main as cli_main
from tests.conftest import REPO_ROOT

Run = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(url: str, var_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    # The caller's own OSLOREG_* or PGOPTIONS settings must not leak into the command under test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSLOREG_") and k != "PGOPTIONS"}
    env.update({"OSLOREG_DATABASE_URL": url, "OSLOREG_VAR_DIR": str(var_dir), "OSLOREG_ENV": "demo"})
    env.update(extra or {})
    return env


def runner(url: str, var_dir: Path, *, subprocess_: bool = False) -> Run:
    def run(
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        if subprocess_:
            completed = subprocess.run(
                [sys.executable, "-m", "osloreg", *args],
                cwd=REPO_ROOT,
                env=cli_env(url, var_dir, env),
                input=stdin,
                stdin=subprocess.DEVNULL if stdin is None else None,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=120,
            )
        else:
            completed = in_process(list(args), cli_env(url, var_dir, env), stdin)
        assert "Traceback" not in completed.stderr, completed.stderr
        return completed

    return run


def in_process(args: list[str], env: dict[str, str], stdin: str | None) -> subprocess.CompletedProcess[str]:
    """`python -m osloreg *args` without a new interpreter: the same `main`, environment, working
    directory, stdin (not a terminal) and exit code; an uncaught exception fails the test with its
    traceback, as one on the subprocess's stderr would."""
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    with (
        mock.patch.dict(os.environ, env, clear=True),
        mock.patch.object(sys, "stdin", fake_stdin),
        contextlib.chdir(REPO_ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli_main(args)
        except SystemExit as exit_:  # argparse: bad arguments, --help
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(
        ["python", "-m", "osloreg", *args], code, out.getvalue(), err.getvalue()
    )


def postgres_url(engine: Engine) -> str:
    """The test schema's URL for a subprocess: search_path travels as libpq `options` in the URL."""
    with engine.connect() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    url = engine.url.set(query={"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)
