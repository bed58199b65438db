"""The command line: migrations, demo data, user administration, backup and a configuration check."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osloreg.config import ConfigError, Settings, check_cookie_key, load_settings
from osloreg.enums import Role

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Heavy modules (SQLAlchemy models, Alembic) are imported inside the commands, so that `--help`
# and argument errors answer at once.

PROG = "python -m osloreg"
UPGRADE_HINT = f"run `{PROG} db upgrade` first"
PG_CONNECT_TIMEOUT_S = 10
ROLES = ", ".join(role.value for role in Role)

FIELD_LABELS = {"display_name": "the display name (--name)", "password": "the password"}
MESSAGES = {
    "error.username_taken": "the username {username!r} is already taken",
    "error.unknown_user": "there is no user {username!r}",
    "error.password_too_short": "the password must be at least {min} characters long",
    "error.password_too_long": "the password must be at most {max} characters long",
    "error.unknown_role": "unknown role: {roles} (the roles are: " + ROLES + ")",
    "error.no_roles": "a user needs at least one --role",
    "error.username_format": (
        "a username is 2 to 64 characters: lower-case letters a-z, digits, '.', '_' or '-', "
        "starting with a letter or digit"
    ),
    "error.required": "{field} is required",
    "error.control_characters": "{field} contains control characters",
    "error.too_long": "{field} is too long: {length} characters, at most {max}",
    "error.permission_denied": "permission denied ({action})",
    "error.demo_scale": "--scale must be between {min} and {max}",
    "error.demo_needs_empty_database": "demo data is loaded only into an empty database",
}


class CliError(Exception):
    """An operational failure, reported as one line on stderr with exit code 1."""


def describe(key: str, params: dict[str, Any]) -> str:
    """A domain error as an English sentence, with its catalogue key for searching logs."""
    shown = {
        name: FIELD_LABELS.get(value, value) if name == "field" else value for name, value in params.items()
    }
    try:
        return f"{MESSAGES[key].format(**shown)} [{key}]"
    except (KeyError, IndexError):  # a key or parameter the map does not know: show it raw
        return f"{key} {params}" if params else key


@dataclass
class Context:
    """What the commands share: parsed arguments, settings loaded on demand, engines to dispose."""

    args: argparse.Namespace
    engines: list[Engine] = field(default_factory=list)
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def database_url(self) -> str:
        # --database-url wins; else load_settings reads OSLOREG_DATABASE_URL, secrets.toml, default.
        return getattr(self.args, "database_url", None) or self.settings.database_url

    def engine(self, *, must_exist: bool = True, must_be_current: bool = True) -> Engine:
        """An engine that has connected once; by default on an existing database at the head revision."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

        from osloreg import migrate
        from osloreg.db import DatabaseUrlError, make_engine

        url = self.database_url
        try:
            parsed = make_url(url)
            backend = parsed.get_backend_name()
        except (ArgumentError, ValueError) as exc:
            raise DatabaseUrlError(f"not a database URL: {_mask_password(url)!r}") from exc
        safe = parsed.render_as_string(hide_password=True)
        if backend == "sqlite" and must_exist:
            database = parsed.database or ""
            # Connecting would make SQLite create an empty file and every later error confusing.
            if database not in ("", ":memory:") and not database.startswith("file:"):
                if not Path(database).exists():
                    raise CliError(f"no database at {database}; {UPGRADE_HINT}")
        options: dict[str, Any] = {}
        if backend == "postgresql":
            options["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        try:
            engine = make_engine(url, **options)
        except NoSuchModuleError as exc:
            raise DatabaseUrlError(f"Unsupported database URL {safe!r}: {exc}") from exc
        self.engines.append(engine)
        try:
            with engine.connect():
                pass
        except OperationalError as exc:
            raise CliError(f"cannot connect to the database at {safe}: {_first_lines(exc)}") from exc
        if must_be_current:
            current, head = migrate.current_revision(engine), migrate.head_revision()
            if current is None:
                raise CliError(f"the database at {safe} has no tables yet; {UPGRADE_HINT}")
            if current != head and not _known_revision(current):
                raise CliError(
                    f"the database at {safe} is at revision {current}, which this version of the code "
                    "does not know (was it migrated by a newer version?)"
                )
            if current != head:
                raise CliError(f"the database at {safe} is at revision {current}, not {head}; {UPGRADE_HINT}")
        return engine


def _mask_password(url: str) -> str:
    """A URL SQLAlchemy cannot parse, with anything that looks like a password hidden."""
    return re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", url)


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    from osloreg import migrate

    script = ScriptDirectory(str(migrate.MIGRATIONS_DIR))
    return revision in {rev.revision for rev in script.walk_revisions()}


def _first_lines(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's SQL echo and background links."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return " ".join(lines[:2]) or type(original).__name__


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


# --- db -------------------------------------------------------------------------------------------


def cmd_db_upgrade(ctx: Context) -> int:
    from alembic.util import CommandError

    from osloreg import migrate

    engine = ctx.engine(must_exist=False, must_be_current=False)
    before = migrate.current_revision(engine)
    try:
        migrate.upgrade(engine)
    except CommandError as exc:
        raise CliError(f"cannot upgrade the database at {_safe_url(engine)}: {exc}") from exc
    after = migrate.current_revision(engine)
    if before == after:
        print(f"database at {_safe_url(engine)} is already at the latest revision {after}")
    else:
        print(f"database at {_safe_url(engine)} upgraded from {before or 'empty'} to revision {after}")
    return 0


def cmd_db_current(ctx: Context) -> int:
    from osloreg import migrate

    engine = ctx.engine(must_be_current=False)
    current, head = migrate.current_revision(engine), migrate.head_revision()
    print(f"current: {current or 'none (no tables yet)'}")
    print(f"head: {head}")
    print("the database is up to date" if current == head else f"the database is behind: {UPGRADE_HINT}")
    return 0


# --- demo -----------------------------------------------------------------------------------------


def cmd_demo_load(ctx: Context) -> int:
    if ctx.settings.is_production:
        raise CliError("demo data and demo accounts are not allowed in production (OSLOREG_ENV=production)")
    engine = ctx.engine()
    try:
        demo = importlib.import_module("osloreg.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "osloreg.demo":  # a missing dependency of the loader is a real error
            raise
        raise CliError("the demo data loader (osloreg.demo) is not installed") from exc
    if not all(hasattr(demo, name) for name in ("load_demo", "database_is_empty")):
        raise CliError("the demo data loader (osloreg.demo) is incomplete: no load_demo/database_is_empty")
    if ctx.args.if_empty and not demo.database_is_empty(engine):
        print("the database is not empty: demo data not loaded")
        return 0
    report = demo.load_demo(engine, scale=ctx.args.scale, today=ctx.args.today, progress=True)
    if report.already_loaded:
        print("demo data is already loaded: nothing was changed")
        return 0
    width = max((len(name) for name in report.counts), default=0)
    for name, count in sorted(report.counts.items()):
        print(f"{name:<{width}}  {count:>8}")
    print(f"demo data loaded in {report.seconds:.1f} s")
    return 0


# --- users ----------------------------------------------------------------------------------------


def read_password(ctx: Context) -> str:
    """From stdin (all of it but one trailing newline) or asked twice on the terminal."""
    if ctx.args.password_stdin:
        # Bytes, not text mode: universal newlines would turn a "\r" inside the password into "\n".
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CliError("the password on stdin is not valid UTF-8") from exc
        return text[:-1] if text.endswith("\n") else text
    if not sys.stdin.isatty():
        raise CliError("stdin is not a terminal: pipe the password in and pass --password-stdin")
    import getpass

    try:
        first = getpass.getpass(f"New password for {ctx.args.username}: ")
        second = getpass.getpass("Repeat the password: ")
    except EOFError as exc:
        raise CliError("no password given") from exc
    if first != second:
        raise CliError("the two passwords do not match; nothing was changed")
    return first


def _user_service(ctx: Context, name: str, **kwargs: Any) -> Any:
    """Run one service of osloreg.services.users as SYSTEM, in its own transaction."""
    from osloreg.db import write_session
    from osloreg.services import users
    from osloreg.services.base import SYSTEM

    engine = ctx.engine()
    if "password" in kwargs and kwargs["password"] is None:
        # Asked only now: no one should type a password for a database that is not there.
        kwargs["password"] = read_password(ctx)
    with write_session(engine) as session:
        user = getattr(users, name)(session, actor=SYSTEM, **kwargs)
        return user.username, sorted(user.roles)


def cmd_user_add(ctx: Context) -> int:
    a = ctx.args
    fields = {"display_name": a.name, "roles": a.role, "person_id": a.person_id, "email": a.email}
    username, roles = _user_service(ctx, "create_user", username=a.username, password=None, **fields)
    print(f"created user {username} with roles {', '.join(roles)}")
    return 0


def cmd_user_set_roles(ctx: Context) -> int:
    username, roles = _user_service(ctx, "set_roles", username=ctx.args.username, roles=ctx.args.role)
    print(f"user {username} now has roles {', '.join(roles)}")
    return 0


def _simple_user_command(service_name: str, done: str) -> Callable[[Context], int]:
    def run(ctx: Context) -> int:
        username, _roles = _user_service(ctx, service_name, username=ctx.args.username)
        print(f"user {username} {done}")
        return 0

    return run


def cmd_user_reset_password(ctx: Context) -> int:
    username, _roles = _user_service(ctx, "reset_password", username=ctx.args.username, password=None)
    print(f"password of {username} reset; their open logins are ended")
    return 0


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def cmd_user_list(ctx: Context) -> int:
    from sqlalchemy import select

    from osloreg.db import read_session
    from osloreg.models import User, utcnow

    now = utcnow()
    with read_session(ctx.engine()) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        rows = [
            (
                u.username,
                u.display_name,
                ",".join(sorted(u.roles)),
                _yes_no(u.disabled),
                _yes_no(u.locked_until is not None and u.locked_until > now),
            )
            for u in users
        ]
    if not rows:
        print("no users")
        return 0
    header = ("username", "name", "roles", "disabled", "locked")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


# --- backup and check-config ----------------------------------------------------------------------


def cmd_backup(ctx: Context) -> int:
    from osloreg.backup import BackupError, backup_database, default_backup_path

    # Not required to be at the head revision: a backup just before `db upgrade` is the point.
    engine = ctx.engine(must_be_current=False)
    destination = ctx.args.output or default_backup_path(engine, ctx.settings.var_dir / "backups")
    try:
        result = backup_database(engine, destination)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"backup written to {result.path} ({result.bytes:,} bytes in {result.seconds:.1f} s)")
    print(f"integrity ({result.check}): {result.integrity}")
    if not result.ok:
        raise CliError(f"the backup at {result.path} failed its integrity check: {result.integrity}")
    return 0


def cmd_check_config(ctx: Context) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from osloreg import migrate
    from osloreg.db import DatabaseUrlError, read_session
    from osloreg.models import User

    failures = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {text}")

    try:
        settings = ctx.settings
    except ConfigError as exc:
        report(False, f"settings: {exc}")
        raise CliError("the configuration check failed") from exc
    report(True, f"settings loaded (environment: {settings.environment})")
    try:
        check_cookie_key(settings.cookie_key)
        report(True, "cookie key is long and random-looking")
    except ConfigError as exc:
        report(False, f"cookie key: {exc}")
    try:
        engine = ctx.engine(must_be_current=False)
        report(True, f"database reachable at {_safe_url(engine)}")
        current, head = migrate.current_revision(engine), migrate.head_revision()
        report(current == head, f"database revision {current or 'none'} (latest: {head})")
        if settings.is_production and current == head:
            with read_session(engine) as session:
                demo_users = session.scalar(select(func.count()).select_from(User).where(User.is_demo))
            report(demo_users == 0, f"demo accounts in production: {demo_users}")
    except (CliError, DatabaseUrlError, SQLAlchemyError) as exc:
        report(False, f"database: {_first_lines(exc) if isinstance(exc, SQLAlchemyError) else exc}")
    if failures:
        raise CliError(f"the configuration check failed ({failures} problem{'s' * (failures > 1)})")
    return 0


# --- arguments ------------------------------------------------------------------------------------


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, not {value!r}") from exc


Arg = tuple[tuple[str, ...], dict[str, Any]]


def _arg(*flags: str, **kwargs: Any) -> Arg:
    return flags, kwargs


USERNAME = _arg("username", help="login name: lower-case letters, digits, '.', '_' or '-'")
ROLE = _arg(
    "--role", action="append", required=True, metavar="ROLE", help=f"a role (repeat for more): {ROLES}"
)
PASSWORD_STDIN = _arg(
    "--password-stdin",
    action="store_true",
    help="read the password from stdin (all of it but one trailing newline) instead of asking twice",
)
GROUPS = {
    "db": "Database schema migrations.",
    "demo": "Demo data (refused in production).",
    "user": "User accounts (acting as the system administrator).",
}
# (command, handler, help, arguments); the order here is the order in --help. A table reads best
# as one, so the formatter leaves it alone.
# fmt: off
COMMANDS: list[tuple[str, Callable[[Context], int], str, list[Arg]]] = [
    ("db upgrade", cmd_db_upgrade,
     "Migrate the database to the latest revision (a missing SQLite file is created).", []),
    ("db current", cmd_db_current, "Show the database's revision and the latest one.", []),
    ("demo load", cmd_demo_load, "Load the demo data set and the demo accounts.", [
        _arg("--scale", type=_positive_int, default=1, metavar="N",
             help="multiply the data set N times, for performance tests (default: 1)"),
        _arg("--if-empty", action="store_true",
             help="load only into an empty database; otherwise say so and succeed"),
        _arg("--today", type=_iso_date, metavar="YYYY-MM-DD",
             help="the date the demo data is built around (default: today)"),
    ]),
    ("user add", cmd_user_add, "Create a user.", [
        USERNAME,
        _arg("--name", required=True, help="display name"),
        ROLE,
        _arg("--person-id", type=int, metavar="N", help="id of the person this user is"),
        _arg("--email", metavar="E", help="e-mail address"),
        PASSWORD_STDIN,
    ]),
    ("user disable", _simple_user_command("disable_user", "disabled"),
     "Disable a user and end their open logins.", [USERNAME]),
    ("user enable", _simple_user_command("enable_user", "enabled"), "Enable a disabled user.", [USERNAME]),
    ("user unlock", _simple_user_command("unlock_user", "unlocked"),
     "Clear a user's failed logins and lock.", [USERNAME]),
    ("user set-roles", cmd_user_set_roles, "Replace a user's roles.", [USERNAME, ROLE]),
    ("user reset-password", cmd_user_reset_password, "Set a new password and end the user's open logins.",
     [USERNAME, PASSWORD_STDIN]),
    ("user list", cmd_user_list, "List users with their roles and whether disabled or locked.", []),
    ("backup", cmd_backup, "Write a consistent backup of the database while it is in use.", [
        _arg("--output", type=Path, metavar="PATH",
             help="file to write, never overwritten (default: "
             "var/backups/osloreg-YYYYmmdd-HHMMSS.sqlite3, or .dump for PostgreSQL)"),
    ]),
    ("check-config", cmd_check_config,
     "Check the settings, the database and, in production, the cookie key and demo accounts.", []),
]
# fmt: on


def build_parser() -> argparse.ArgumentParser:
    # --database-url is accepted before or after the command; SUPPRESS keeps a later parser
    # from overwriting an earlier value with its default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database to use (default: OSLOREG_DATABASE_URL, else secrets.toml, else "
        "sqlite:///var/osloreg.sqlite3)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Administer the Osloregionen dashboard: database, demo data, users, backups.",
    )
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups: dict[str, Any] = {}
    for path, handler, help_text, arguments in COMMANDS:
        *group, name = path.split()
        target = top
        if group:
            if group[0] not in groups:
                text = GROUPS[group[0]]
                sub = top.add_parser(group[0], parents=[common], help=text, description=text)
                groups[group[0]] = sub.add_subparsers(
                    dest=f"{group[0]}_command", required=True, metavar="SUBCOMMAND"
                )
            target = groups[group[0]]
        command = target.add_parser(name, parents=[common], help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        for flags, kwargs in arguments:
            command.add_argument(*flags, **kwargs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits with 2 on bad arguments
    ctx = Context(args)
    try:
        return _dispatch(ctx)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for engine in ctx.engines:
            engine.dispose()


def _dispatch(ctx: Context) -> int:
    from sqlalchemy.exc import IntegrityError, SQLAlchemyError

    from osloreg.db import DatabaseUrlError
    from osloreg.services.base import DomainError

    try:
        return ctx.args.handler(ctx)
    except CliError as exc:
        message = str(exc)
    except (ConfigError, DatabaseUrlError) as exc:
        message = str(exc)
    except DomainError as exc:
        message = describe(exc.key, exc.params)
    except IntegrityError as exc:
        message = f"the database refused the change: {_first_lines(exc)}"
    except SQLAlchemyError as exc:
        message = f"database error: {_first_lines(exc)}"
    except OSError as exc:
        message = str(exc)
    print(f"error: {message}", file=sys.stderr)
    return 1
