"""The command line: help, migrations, users, backup, check-config, demo. Each command runs through
`osloreg.cli.main`, the function `python -m osloreg` calls, in this process (a new interpreter costs
about a second a command); the entry point itself, stdin and exit codes are pinned by the tests that
run `python -m osloreg` as a real subprocess (`runner(..., subprocess_=True)`)."""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, func, select

from osloreg import migrate
from osloreg.backup import find_pg_tool
from osloreg.cli import build_parser
from osloreg.db import make_engine, read_session, write_session
from osloreg.models import AuditEvent, User
from osloreg.passwords import verify_password
from osloreg.services.base import SYSTEM
from osloreg.services.directory import create_person
from osloreg.services.users import create_user, find_user
from tests.cli_runner import Run, postgres_url, runner
from tests.conftest import REPO_ROOT

GOOD_KEY = secrets.token_urlsafe(48)
# Production wants the address the accessibility statement names for reporting problems.
CONTACT = {"OSLOREG_ACCESSIBILITY_CONTACT": "uu@osloregionen.example"}
PASSWORD = "correct horse battery"


@pytest.fixture
def cli(sqlite_engine: Engine, tmp_path: Path) -> Run:
    return runner(sqlite_engine.url.render_as_string(hide_password=False), tmp_path / "var")


@pytest.fixture
def real_cli(sqlite_engine: Engine, tmp_path: Path) -> Run:
    """`python -m osloreg` in a new interpreter, for the tests that pin the entry point and stdin."""
    return runner(sqlite_engine.url.render_as_string(hide_password=False), tmp_path / "var", subprocess_=True)


def _audit_actions(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _user(engine: Engine, username: str) -> User | None:
    with read_session(engine) as session:
        return find_user(session, username)


def _add_user(engine: Engine, username: str, **kwargs) -> None:
    with write_session(engine) as session:
        create_user(
            session,
            actor=SYSTEM,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=kwargs.pop("roles", ["viewer"]),
            **kwargs,
        )


# --- help and arguments ---------------------------------------------------------------------------


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += _command_paths(sub, (*prefix, name))
    return paths


def test_every_command_and_subcommand_has_help(tmp_path):
    """Each command's --help through `main` in this process; the first also through the entry point,
    in a new interpreter, which must print the same."""
    paths = _command_paths(build_parser())
    assert ("user", "reset-password") in paths and ("demo", "load") in paths and len(paths) >= 18
    assert ("user", "update") in paths and ("restore",) in paths
    in_process = runner("sqlite:///unused.sqlite3", tmp_path / "var")
    entry_point = runner("sqlite:///unused.sqlite3", tmp_path / "var", subprocess_=True)
    for path in paths:
        done = in_process(*path, "--help")
        usage = f"usage: python -m osloreg {' '.join(path)}".rstrip()
        assert done.returncode == 0 and done.stdout.startswith(usage), (path, done.stdout, done.stderr)
        assert "--database-url" in done.stdout and done.stderr == ""
    # argparse wraps to the terminal's width: the same COLUMNS for both, whatever runs the tests.
    width = {"COLUMNS": "100"}
    first, again = entry_point(*paths[0], "--help", env=width), in_process(*paths[0], "--help", env=width)
    assert (first.returncode, first.stdout, first.stderr) == (0, again.stdout, "")
    assert not (tmp_path / "var").exists() and not (REPO_ROOT / "unused.sqlite3").exists()


def test_bad_arguments_exit_with_2(real_cli):
    assert real_cli().returncode == 2
    assert real_cli("demo", "load", "--today", "15.01.2026").returncode == 2
    assert real_cli("user", "add", "kari", "--name", "Kari").returncode == 2  # no --role


# --- the database URL and the database --------------------------------------------------------------


def test_db_upgrade_creates_a_new_sqlite_file_and_db_current_shows_head(tmp_path):
    path = tmp_path / "new" / "osloreg.sqlite3"
    run = runner(f"sqlite:///{path}", tmp_path / "var", subprocess_=True)
    upgraded = run("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert path.exists() and migrate.head_revision() in upgraded.stdout
    current = run("db", "current")
    assert current.returncode == 0
    assert f"current: {migrate.head_revision()}\n" in current.stdout
    assert f"head: {migrate.head_revision()}\n" in current.stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("mysql://kari:hemmelig@localhost/osloreg", "Unsupported database 'mysql'"),
        ("postgresql://kari:hemmelig@localhost:port/osloreg", "not a database URL"),
        ("postgresql+psycopg://postgres:hemmelig@127.0.0.1:1/test", "cannot connect to the database"),
    ],
)
def test_an_unusable_database_url_is_one_clear_line(tmp_path, url, message):
    result = runner(url, tmp_path / "var")("user", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "hemmelig" not in result.stderr  # passwords are never echoed


def test_the_database_url_option_wins_over_the_environment_and_may_follow_the_command(cli):
    result = cli("user", "list", "--database-url", "not a url")
    assert result.returncode == 1 and result.stderr == "error: not a database URL: 'not a url'\n"


def test_commands_refuse_a_missing_sqlite_database_without_creating_it(tmp_path):
    path = tmp_path / "missing.sqlite3"
    run = runner(f"sqlite:///{path}", tmp_path / "var")
    for command in (["db", "current"], ["backup"]):
        result = run(*command)
        assert result.returncode == 1, command
        assert result.stderr == f"error: no database at {path}; run `python -m osloreg db upgrade` first\n"
    assert not path.exists()


def test_commands_refuse_a_database_not_at_the_latest_revision(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    result = runner(f"sqlite:///{empty}", tmp_path / "var")("user", "list")
    assert result.returncode == 1 and "no tables yet" in result.stderr and "db upgrade" in result.stderr

    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, "0001")
    engine.dispose()
    result = runner(f"sqlite:///{old}", tmp_path / "var")("user", "list")
    assert result.returncode == 1
    assert f"at revision 0001, not {migrate.head_revision()}" in result.stderr
    assert "db upgrade" in result.stderr


# --- users ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stdin", "password"),
    [
        ("  spaces kept at both ends  \n", "  spaces kept at both ends  "),
        ("two newlines\n\n", "two newlines\n"),  # only one is taken off
    ],
)
def test_user_add_stores_the_password_from_stdin_as_given(real_cli, sqlite_engine, stdin, password):
    result = real_cli(
        "user",
        "add",
        "kari",
        "--name",
        "Kari Nordmann",
        "--role",
        "coordinator",
        "--role",
        "viewer",
        "--email",
        "kari@example.org",
        "--password-stdin",
        stdin=stdin,
    )
    assert result.returncode == 0, result.stderr
    user = _user(sqlite_engine, "kari")
    assert user is not None
    assert verify_password(password, user.password_hash)
    assert not verify_password(password.strip(), user.password_hash)
    assert user.roles == {"coordinator", "viewer"}
    assert (user.display_name, user.email) == ("Kari Nordmann", "kari@example.org")
    assert (user.disabled, user.is_demo, user.failed_logins, user.locked_until) == (False, False, 0, None)
    assert _audit_actions(sqlite_engine) == ["user.create"]


def test_a_too_short_password_is_refused_and_nothing_is_written(cli, sqlite_engine):
    result = cli(
        "user", "add", "kari", "--name", "Kari", "--role", "viewer", "--password-stdin", stdin="too short\n"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: the password must be at least 12 characters")
    assert _user(sqlite_engine, "kari") is None
    assert _audit_actions(sqlite_engine) == []


def test_user_add_refuses_a_taken_username_and_needs_a_terminal_to_prompt(real_cli, sqlite_engine):
    cli = real_cli
    _add_user(sqlite_engine, "kari")
    taken = cli(
        "user", "add", "kari", "--name", "Kari", "--role", "viewer", "--password-stdin", stdin=PASSWORD
    )
    assert taken.returncode == 1 and "already taken" in taken.stderr
    prompt = cli("user", "add", "ola", "--name", "Ola", "--role", "viewer")
    assert prompt.returncode == 1 and "--password-stdin" in prompt.stderr
    assert _user(sqlite_engine, "ola") is None and _audit_actions(sqlite_engine) == ["user.create"]


def test_admin_commands_change_the_user_and_each_write_one_audit_event(cli, sqlite_engine):
    _add_user(sqlite_engine, "kari")
    with sqlite_engine.begin() as connection:
        connection.execute(
            sa.update(User)
            .where(User.username == "kari")
            .values(failed_logins=5, locked_until=dt.datetime(2100, 1, 1))
        )
    steps = [
        (
            ["user", "set-roles", "kari", "--role", "admin", "--role", "member"],
            "user.set_roles",
            lambda u: u.roles == {"admin", "member"},
        ),
        (["user", "disable", "kari"], "user.disable", lambda u: u.disabled),
        (["user", "enable", "kari"], "user.enable", lambda u: not u.disabled),
        (["user", "unlock", "kari"], "user.unlock", lambda u: (u.failed_logins, u.locked_until) == (0, None)),
        (
            ["user", "reset-password", "kari", "--password-stdin"],
            "user.reset_password",
            lambda u: verify_password("a brand new password", u.password_hash),
        ),
    ]
    for command, action, check in steps:
        before = _audit_actions(sqlite_engine)
        result = cli(*command, stdin="a brand new password\n" if "reset-password" in command else None)
        assert result.returncode == 0, (command, result.stderr)
        assert _audit_actions(sqlite_engine) == [*before, action]
        assert check(_user(sqlite_engine, "kari")), command


def test_user_list_shows_roles_and_state(cli, sqlite_engine):
    _add_user(sqlite_engine, "kari", roles=["director"])
    _add_user(sqlite_engine, "ola", roles=["member", "viewer"])
    with sqlite_engine.begin() as connection:
        connection.execute(
            sa.update(User)
            .where(User.username == "ola")
            .values(disabled=True, locked_until=dt.datetime(2100, 1, 1))
        )
    lines = cli("user", "list").stdout.splitlines()
    assert lines[0].split() == [
        "username",
        "name",
        "roles",
        "disabled",
        "locked",
        "failed",
        "person",
        "last_login",
    ]
    assert lines[1].split() == ["kari", "Kari", "director", "no", "no", "0", "-", "-"]
    assert lines[2].split() == ["ola", "Ola", "member,viewer", "yes", "yes", "0", "-", "-"]


@pytest.mark.parametrize("command", [["disable", "nobody"], ["reset-password", "nobody", "--password-stdin"]])
def test_an_unknown_user_is_an_error(cli, sqlite_engine, command):
    result = cli("user", *command, stdin=PASSWORD)
    assert result.returncode == 1
    assert result.stderr == "error: there is no user 'nobody' [error.unknown_user]\n"
    assert _audit_actions(sqlite_engine) == []


def test_user_commands_on_postgres(postgres_engine, tmp_path):
    run = runner(postgres_url(postgres_engine), tmp_path / "var")
    assert f"current: {migrate.head_revision()}\n" in run("db", "current").stdout
    added = run(
        "user", "add", "kari", "--name", "Kari", "--role", "admin", "--password-stdin", stdin=PASSWORD
    )
    assert added.returncode == 0, added.stderr
    assert verify_password(PASSWORD, _user(postgres_engine, "kari").password_hash)
    assert run("user", "disable", "kari").returncode == 0
    assert _user(postgres_engine, "kari").disabled
    assert _audit_actions(postgres_engine) == ["user.create", "user.disable"]


def test_user_update_changes_only_what_is_given_and_is_audited(cli, sqlite_engine):
    from tests.factories import make_person

    _add_user(sqlite_engine, "kari", email="kari@example.org")
    with write_session(sqlite_engine) as session, session.begin():
        person_id = make_person(session, name="Kari Nordmann").id
    result = cli("user", "update", "kari", "--name", "Kari Nordmann", "--person-id", str(person_id))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "user kari updated: display_name, person_id\n"
    user = _user(sqlite_engine, "kari")
    assert (user.display_name, user.person_id, user.email, user.language) == (
        "Kari Nordmann",
        person_id,
        "kari@example.org",
        "nb",
    )
    assert cli("user", "update", "kari", "--no-person", "--language", "en").returncode == 0
    user = _user(sqlite_engine, "kari")
    assert (user.person_id, user.language, user.display_name) == (None, "en", "Kari Nordmann")
    assert _audit_actions(sqlite_engine) == ["user.create", "user.update", "user.update"]

    missing = cli("user", "update", "kari", "--person-id", "999999")
    assert missing.returncode == 1
    assert missing.stderr == "error: there is no person with id 999999 [error.unknown_person]\n"
    nothing = cli("user", "update", "kari")
    assert nothing.returncode == 1 and "nothing to change" in nothing.stderr
    assert _audit_actions(sqlite_engine) == ["user.create", "user.update", "user.update"]


def test_user_add_takes_the_language_and_counts_unicode_password_characters(cli, sqlite_engine):
    twelve = "æøå🔑 hus blå"  # 12 characters, 19 bytes
    result = cli(
        "user",
        "add",
        "kari",
        "--name",
        "Kari",
        "--role",
        "viewer",
        "--language",
        "en",
        "--password-stdin",
        stdin=twelve + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert _user(sqlite_engine, "kari").language == "en"
    assert verify_password(twelve, _user(sqlite_engine, "kari").password_hash)
    too_long = cli("user", "reset-password", "kari", "--password-stdin", stdin="ø" * 129)
    assert too_long.returncode == 1
    assert too_long.stderr.startswith("error: the password must be at most 128 characters")
    full = ("Blåbær og tyttebær i Nordmarka, " * 4)[:127] + "!"  # 128 characters
    assert cli("user", "reset-password", "kari", "--password-stdin", stdin=full).returncode == 0


# --- backup ---------------------------------------------------------------------------------------


def test_backup_of_sqlite_goes_to_var_backups_and_never_overwrites(cli, sqlite_engine, tmp_path):
    _add_user(sqlite_engine, "kari")
    result = cli("backup")
    assert result.returncode == 0, result.stderr
    assert "integrity (PRAGMA integrity_check): ok" in result.stdout
    (backup,) = (tmp_path / "var" / "backups").glob("osloreg-*.sqlite3")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("kari",)]
    copy.close()
    again = cli("backup", "--output", str(backup))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_backup_of_postgres_is_a_custom_format_dump(postgres_engine, tmp_path):
    run = runner(postgres_url(postgres_engine), tmp_path / "var")
    result = run("backup", "--output", str(tmp_path / "osloreg.dump"))
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(
        [find_pg_tool("pg_restore"), "--list", str(tmp_path / "osloreg.dump")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert " TABLE DATA " in listing and " users " in listing and " audit_events " in listing


# --- check-config and production ------------------------------------------------------------------


def test_check_config_in_production_refuses_a_short_key(cli):
    result = cli("check-config", env={"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": "too-short"})
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "shorter than 32 bytes" in result.stdout
    assert result.stderr.startswith("error: ")


def test_check_config_in_production_passes_with_a_good_key_and_refuses_demo_accounts(cli, sqlite_engine):
    production = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": GOOD_KEY, **CONTACT}
    result = cli("check-config", env=production)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 5 and all(line.startswith("ok ") for line in lines)
    assert "ok    Streamlit server.enableXsrfProtection = true" in lines  # production checks Streamlit too
    assert "demo accounts in production: 0" in result.stdout
    assert "audit trail chain: the trail is empty" in result.stdout

    _add_user(sqlite_engine, "demo-admin", roles=["admin"], is_demo=True)
    result = cli("check-config", env=production)
    assert result.returncode == 1
    assert "FAIL  demo accounts in production: 1" in result.stdout


def test_check_config_names_the_web_app_and_wants_https_for_it_in_production(cli):
    line = "ok    web app (calendar feeds, links in e-mail): {}"
    assert line.format("http://localhost:8502") in cli("check-config").stdout.splitlines()
    production = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": GOOD_KEY, **CONTACT}
    plain = cli("check-config", env={**production, "OSLOREG_WEB_URL": "http://kalender.osloreg.example"})
    assert plain.returncode == 1
    assert "FAIL  web app: http://kalender.osloreg.example is not https" in plain.stdout
    secure = cli("check-config", env={**production, "OSLOREG_WEB_URL": "https://kalender.osloreg.example/"})
    assert line.format("https://kalender.osloreg.example") in secure.stdout.splitlines()


def test_check_config_wants_an_accessibility_contact_in_production_and_refuses_a_bad_one(cli):
    assert "ok    accessibility contact: uu@osloregionen.example" in cli("check-config", env=CONTACT).stdout
    production = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": GOOD_KEY}
    missing = cli("check-config", env=production)
    assert missing.returncode == 1
    assert "FAIL  accessibility contact: not set (OSLOREG_ACCESSIBILITY_CONTACT)" in missing.stdout
    wrong = cli("check-config", env={**production, "OSLOREG_ACCESSIBILITY_CONTACT": "sekretariatet"})
    assert wrong.returncode == 1
    assert "FAIL  settings: OSLOREG_ACCESSIBILITY_CONTACT must be one e-mail address" in wrong.stdout


def test_check_config_names_the_mail_relay_and_never_its_password(cli):
    assert "ok    mail: no relay set (OSLOREG_SMTP_HOST), so no mail is sent" in cli("check-config").stdout
    relay = {
        "OSLOREG_SMTP_HOST": "smtp.example.org",
        "OSLOREG_SMTP_SENDER": "noreply@osloregionen.example",
        "OSLOREG_SMTP_USERNAME": "digest",
        "OSLOREG_SMTP_PASSWORD": "s3cret-relay-passord",
    }
    result = cli("check-config", env=relay)
    assert result.returncode == 0, result.stdout + result.stderr
    line = "ok    mail: smtp.example.org:587 (STARTTLS), from noreply@osloregionen.example, with login"
    assert line in result.stdout.splitlines()
    assert "s3cret" not in result.stdout + result.stderr
    insecure = {
        **relay,
        "OSLOREG_ENV": "production",
        "OSLOREG_COOKIE_KEY": GOOD_KEY,
        "OSLOREG_SMTP_SECURITY": "none",
    }
    insecure.pop("OSLOREG_SMTP_PASSWORD"), insecure.pop("OSLOREG_SMTP_USERNAME")
    result = cli("check-config", env=insecure)
    assert result.returncode == 1 and "FAIL  settings: production sends no mail in clear" in result.stdout


def test_demo_load_is_refused_in_production(cli, sqlite_engine):
    result = cli("demo", "load", env={"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": GOOD_KEY})
    assert result.returncode == 1 and "not allowed in production" in result.stderr
    with read_session(sqlite_engine) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_load_if_empty_loads_once(cli, sqlite_engine):
    first = cli("demo", "load", "--if-empty", "--today", "2026-01-15")
    assert first.returncode == 0, first.stderr
    assert "demo data loaded in" in first.stdout
    with read_session(sqlite_engine) as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.is_demo)) > 0
    second = cli("demo", "load", "--if-empty", "--today", "2026-01-15")
    assert second.returncode == 0, second.stderr
    assert "not empty" in second.stdout


# --- restore --------------------------------------------------------------------------------------


def test_restore_of_sqlite_into_a_new_file_checks_every_table_and_refuses_a_full_one(
    cli, sqlite_engine, tmp_path
):
    _add_user(sqlite_engine, "kari")
    backup = tmp_path / "backup.sqlite3"
    assert cli("backup", "--output", str(backup)).returncode == 0
    target = tmp_path / "restored" / "osloreg.sqlite3"
    run = runner(f"sqlite:///{target}", tmp_path / "var")

    restored = run("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    lines = restored.stdout.splitlines()
    assert lines[0].split() == ["table", "backup", "restored"]
    assert ["users", "1", "1", "ok"] in [line.split() for line in lines]
    assert ["audit_events", "1", "1", "ok"] in [line.split() for line in lines]
    assert "integrity (PRAGMA integrity_check): ok" in restored.stdout
    # The restored trail verifies; the restore itself is its newest event, and the witness names it.
    assert "audit trail chain: ok: 1 event, head id 1; the restore is recorded as event 2;" in restored.stdout
    assert run("audit", "verify").stdout.startswith("ok: 2 events, head id 2 hash ")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("kari",)]
    copy.close()
    # The restored database is usable at once: the CLI finds it at the latest revision.
    assert run("user", "list").stdout.splitlines()[1].split()[0] == "kari"

    again = run("restore", str(backup))
    assert again.returncode == 1 and "is not empty" in again.stderr and "--force" in again.stderr
    _add_user(make_engine(f"sqlite:///{target}"), "ola")
    forced = run("restore", str(backup), "--force")
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("kari",)]
    copy.close()


def test_audit_verify_names_the_first_event_that_does_not_match(cli, sqlite_engine):
    _add_user(sqlite_engine, "kari")
    _add_user(sqlite_engine, "ola")
    ok = cli("user", "disable", "ola")  # written by the command line: its witness now names event 3
    assert ok.returncode == 0, ok.stderr
    verified = cli("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    head = select(AuditEvent.hash).where(AuditEvent.id == 3)
    with read_session(sqlite_engine) as session:
        assert verified.stdout.splitlines()[0] == (
            f"ok: 3 events, head id 3 hash {session.scalar(head)} (witness: event 3 matches)"
        )

    with sqlite3.connect(sqlite_engine.url.database) as connection:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("UPDATE audit_events SET actor_name = 'direktor' WHERE id = 2")
    connection.close()
    failed = cli("audit", "verify")
    assert failed.returncode == 1
    assert failed.stdout.startswith("FAIL: event 2: its hash differs from the hash of its content")
    assert failed.stderr == "error: the audit trail does not verify; see the line above\n"


def test_restore_refuses_a_missing_file(cli, tmp_path):
    result = cli("restore", str(tmp_path / "nothing.sqlite3"))
    assert (
        result.returncode == 1
        and result.stderr == f"error: no backup file at {tmp_path / 'nothing.sqlite3'}\n"
    )


def test_restore_of_postgres_into_a_new_database(postgres_engine, postgres_server, tmp_path):
    _add_user(postgres_engine, "kari")
    run = runner(postgres_url(postgres_engine), tmp_path / "var")
    dump = tmp_path / "osloreg.dump"
    assert run("backup", "--output", str(dump)).returncode == 0
    name = f"r_{secrets.token_hex(6)}"
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        target = sa.engine.make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
        restored = runner(target, tmp_path / "var")("restore", str(dump))
        assert restored.returncode == 0, restored.stderr
        rows = [line.split() for line in restored.stdout.splitlines()]
        assert any(row[0].endswith(".users") and row[1:] == ["1", "1", "ok"] for row in rows if row)
        assert "constraints validated): ok" in restored.stdout
        again = runner(target, tmp_path / "var")("restore", str(dump))
        assert again.returncode == 1 and "is not empty" in again.stderr
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


# --- The search index --------------------------------------------------------------------------------


def _search_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM search_documents")).scalar_one()


def test_search_rebuild_fills_the_index_anew_and_db_upgrade_fills_an_empty_one(cli, sqlite_engine):
    with write_session(sqlite_engine) as session:
        create_person(session, actor=SYSTEM, name="Halvdan Søreide")
    assert _search_rows(sqlite_engine) == 1
    with sqlite_engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM search_documents"))
    upgraded = cli("db", "upgrade")
    assert upgraded.returncode == 0 and "search index was empty: rebuilt with 1 records" in upgraded.stdout
    assert _search_rows(sqlite_engine) == 1
    rebuilt = cli("search", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt: 1 records (case 0, project 0, meeting 0, person 1," in rebuilt.stdout
    assert _search_rows(sqlite_engine) == 1


def test_check_config_reports_single_sign_on_and_fails_production_on_its_gaps(cli, tmp_path):
    from tests import sso_claims

    secrets = sso_claims.write_secrets(tmp_path / "secrets.toml")
    sso = {"OSLOREG_SECRETS_FILE": str(secrets), "OSLOREG_SSO_PID_SALT": sso_claims.SALT}
    demo = cli("check-config", env=sso).stdout.splitlines()
    assert any(
        line.startswith("ok    single sign-on: entra (entra): issuer https://login.microsoftonline")
        for line in demo
    )
    assert "ok    login with username and password: on" in demo
    production = {"OSLOREG_ENV": "production", "OSLOREG_COOKIE_KEY": GOOD_KEY, **CONTACT, **sso}
    plain = cli("check-config", env={**production, "OSLOREG_LOCAL_LOGIN": "false"})
    assert plain.returncode == 1
    assert "FAIL  single sign-on: [auth] redirect_uri is not https" in plain.stdout
    assert (
        "ok    login with username and password: off (OSLOREG_LOCAL_LOGIN=false: single sign-on only)"
        in plain.stdout
    )
    https = sso_claims.write_secrets(
        tmp_path / "https.toml", redirect_uri="https://dashbord.example/oauth2callback"
    )
    good = cli("check-config", env={**production, "OSLOREG_SECRETS_FILE": str(https)})
    assert good.returncode == 0, good.stdout
    assert sso_claims.SALT not in good.stdout and "test-client-secret" not in good.stdout
    nobody = cli(
        "check-config",
        env={
            **production,
            "OSLOREG_SECRETS_FILE": str(tmp_path / "none.toml"),
            "OSLOREG_LOCAL_LOGIN": "false",
        },
    )
    assert (
        "FAIL  single sign-on: OSLOREG_LOCAL_LOGIN is off and no identity provider is set: no one can log in"
        in nobody.stdout
    )
