"""`python -m osloreg digest send [--dry-run]` end to end, through the command line's own main, against
a real SMTP server and database (SQLite and PostgreSQL), configured by the environment as in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.cli_runner import postgres_url, runner
from tests.integration.mail.digest_world import GETS, NOW, addressed, build, set_now
from tests.smtp_server import SmtpServer


@pytest.fixture
def world(engine: Engine, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch):
    set_now(monkeypatch, NOW)
    return build(engine, smtp_server)


@pytest.fixture
def digest_cli(engine: Engine, world, tmp_path: Path):
    url = engine.url.render_as_string(hide_password=False) if engine.dialect.name == "sqlite" else None
    return runner(url or postgres_url(engine), tmp_path / "var")


def _relay_env(server: SmtpServer) -> dict[str, str]:
    return {
        "OSLOREG_SMTP_HOST": server.host,
        "OSLOREG_SMTP_PORT": str(server.port),
        "OSLOREG_SMTP_SECURITY": "none",
        "OSLOREG_SMTP_SENDER": "postmottak@osloregionen.example",
        "OSLOREG_BASE_URL": "https://osloreg.example",
        "OSLOREG_WEB_URL": "https://kalender.osloreg.example",
    }


def test_without_a_relay_the_command_says_so_and_exits_1(digest_cli, smtp_server):
    done = digest_cli("digest", "send")
    assert done.returncode == 1
    assert done.stderr.startswith("error: no mail relay is configured") and "OSLOREG_SMTP_HOST" in done.stderr
    assert smtp_server.received == []


def test_a_dry_run_prints_what_each_user_would_get_and_sends_nothing(digest_cli, smtp_server):
    done = digest_cli("digest", "send", "--dry-run", env=_relay_env(smtp_server))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["direktor", "koordinator", "medlem"]
    assert lines[0] == (
        "direktor <direktor@osloreg.example>: would send the weekly digest 2026-W49, 1 item (advice 1)"
    )
    assert lines[-1] == (
        "digest (daily 2026-12-02, weekly 2026-W49): would send 3, nothing to say 1, already sent 0"
    )
    assert smtp_server.received == []


def test_the_command_sends_once_per_window_and_prints_a_summary(digest_cli, smtp_server):
    env = _relay_env(smtp_server)
    first = digest_cli("digest", "send", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == (
        "digest (daily 2026-12-02, weekly 2026-W49): sent 3, nothing to say 1, failed 0, already sent 0"
    )
    second = digest_cli("digest", "send", env=env)
    assert second.returncode == 0
    assert second.stdout.splitlines() == [
        "digest (daily 2026-12-02, weekly 2026-W49): sent 0, nothing to say 1, failed 0, already sent 3"
    ]
    assert sorted(addressed(smtp_server)) == sorted(GETS.values())


def test_a_refused_mail_makes_the_command_exit_1_and_the_next_run_sends_it(digest_cli, smtp_server):
    env = _relay_env(smtp_server)
    smtp_server.handler.refuse_next = 1
    refused = digest_cli("digest", "send", env=env)
    assert refused.returncode == 1
    assert "direktor: not sent, the relay answered: 451" in refused.stdout
    assert "sent 2, nothing to say 1, failed 1, already sent 0" in refused.stdout
    assert "1 not sent: the next run tries them again" in refused.stdout
    again = digest_cli("digest", "send", env=env)
    assert again.returncode == 0 and "sent 1, nothing to say 1, failed 0, already sent 2" in again.stdout
    assert addressed(smtp_server).count(GETS["direktor"]) == 1
