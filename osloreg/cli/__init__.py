"""The command line: migrations, demo data, user administration, backup and a configuration check."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from osloreg.cli.audit import cmd_audit_grant, cmd_audit_reset_witness, cmd_audit_verify
from osloreg.cli.common import PROG, ROLES, CliError, Context, describe, first_lines
from osloreg.cli.db import cmd_db_current, cmd_db_upgrade
from osloreg.cli.demo import cmd_demo_load
from osloreg.cli.digest import cmd_digest_send
from osloreg.cli.imports import KINDS as IMPORT_KINDS
from osloreg.cli.imports import cmd_import
from osloreg.cli.invitations import cmd_invitations_send
from osloreg.cli.ops import cmd_backup, cmd_check_config, cmd_restore
from osloreg.cli.papers import FORMATS as PAPER_FORMATS
from osloreg.cli.papers import cmd_meeting_minutes, cmd_meeting_notice
from osloreg.cli.publish import cmd_publish
from osloreg.cli.search import cmd_search_rebuild
from osloreg.cli.users import (
    cmd_user_add,
    cmd_user_list,
    cmd_user_reset_password,
    cmd_user_set_roles,
    cmd_user_update,
    simple_user_command,
)
from osloreg.cli.web import cmd_web
from osloreg.config import ConfigError

__all__ = ["COMMANDS", "build_parser", "main"]

# The commands live in modules by area (db, demo, users, ops). Heavy modules (SQLAlchemy models,
# Alembic) are imported inside the commands, so that `--help` and argument errors answer at once.

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
MEETING_ID = _arg(
    "meeting_id", type=_positive_int, metavar="ID", help="the meeting's id (as in /calendar?meeting=ID)"
)
PAPER_ARGS = [
    MEETING_ID,
    _arg(
        "--format",
        choices=PAPER_FORMATS,
        help="docx (editable) or pdf (tagged PDF/UA); default: the file's suffix",
    ),
    _arg(
        "--output", type=Path, required=True, metavar="FILE", help="the file to write (replaced if it exists)"
    ),
    _arg("--language", choices=("nb", "en"), default="nb", help="language of the paper (default: nb)"),
]
PASSWORD_STDIN = _arg(
    "--password-stdin",
    action="store_true",
    help="read the password from stdin (all of it but one trailing newline) instead of asking twice",
)
GROUPS = {
    "db": "Database schema migrations.",
    "demo": "Demo data (refused in production).",
    "user": "User accounts (acting as the system administrator).",
    "audit": "The audit trail's hash chain and its witness file.",
    "meeting": "A meeting's papers: the innkalling and the protokoll, generated from the data.",
    "invitations": "Meeting invitations by e-mail, queued when a meeting is innkalt, moved or cancelled.",
    "digest": "The digest by e-mail: what awaits each user, daily or weekly as they choose.",
    "search": "The site-wide search's index (kept in step by every write).",
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
        _arg("--language", choices=["nb", "en"], default="nb", help="interface language (default: nb)"),
        PASSWORD_STDIN,
    ]),
    ("user update", cmd_user_update, "Change a user's display name, linked person, e-mail or language.", [
        USERNAME,
        _arg("--name", help="new display name"),
        _arg("--person-id", type=int, metavar="N", help="id of the person this user is"),
        _arg("--no-person", action="store_true", help="unlink the user from their person"),
        _arg("--email", metavar="E", help="new e-mail address"),
        _arg("--language", choices=["nb", "en"], help="interface language"),
    ]),
    ("user disable", simple_user_command("disable_user", "disabled"),
     "Disable a user and end their open logins.", [USERNAME]),
    ("user enable", simple_user_command("enable_user", "enabled"), "Enable a disabled user.", [USERNAME]),
    ("user unlock", simple_user_command("unlock_user", "unlocked"),
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
    ("restore", cmd_restore,
     "Restore a backup into a new, empty database, then check its integrity and rows per table.", [
        _arg("file", type=Path, help="a backup made by `backup` (.sqlite3 or .dump)"),
        _arg("--force", action="store_true",
             help="replace the contents of a database that already has tables"),
    ]),
    ("import", cmd_import, "Import a CSV or Excel file, all rows or none, as the system administrator.", [
        _arg("kind", choices=IMPORT_KINDS, help="what the file holds"),
        _arg("file", type=Path, help="a .csv (UTF-8 or Windows-1252, ';' or ',') or .xlsx file, up to 5 MB"),
        _arg("--dry-run", action="store_true", help="check every row and write nothing"),
        _arg("--language", choices=("nb", "en"), default="nb", help="language of the messages (default: nb)"),
    ]),
    ("audit verify", cmd_audit_verify,
     "Check every audit event's hash and link, in id order, and the head the witness file recorded; "
     "name the first event that does not match (exit 1).", []),
    ("audit reset-witness", cmd_audit_reset_witness,
     "Record the database's head in the witness file after replacing the database on purpose "
     "(the chain itself must verify).", []),
    ("audit grant", cmd_audit_grant,
     "PostgreSQL, as the owner: let the app's role read and write the tables, and only read and "
     "append to audit_events.", [
        _arg("role", help="the role the app logs in as (OSLOREG_DATABASE_APP_ROLE)"),
    ]),
    ("meeting notice", cmd_meeting_notice,
     "Write the meeting's innkalling: time, place, the saksliste with each case's number, saksansvarlig "
     "and forslag til vedtak, and the documents.", PAPER_ARGS),
    ("meeting minutes", cmd_meeting_minutes,
     "Write the meeting's protokoll: who was present and for whom, forfall, each item's behandling, vote, "
     "vedtak and protokolltilførsel, and its approval.", PAPER_ARGS),
    ("invitations send", cmd_invitations_send,
     "Send the queued meeting invitations (each once; a refused one is tried again next run).", [
        _arg("--dry-run", action="store_true", help="list what would be sent; send and change nothing"),
    ]),
    ("web", cmd_web,
     "Serve the calendar feeds and the pages behind the links in e-mail (beside the Streamlit app).", [
        _arg("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"),
        _arg("--port", type=_positive_int, default=8502, help="port to listen on (default: 8502)"),
    ]),
    ("publish", cmd_publish,
     "Write the public view of styret's and representantskapet's meetings, cases and files as a static "
     "site (relative links: the folder works wherever it is copied).", [
        _arg("--output", type=Path, required=True, metavar="DIR",
             help="the folder to write (made if missing)"),
        _arg("--force", action="store_true",
             help="write into a folder that is not empty: replace what an earlier publish wrote, "
             "keep the rest"),
    ]),
    ("digest send", cmd_digest_send,
     "Send each user who gets one the digest of this window (today, or this ISO week, in Oslo): at most "
     "once per window, however often it runs; a mail the relay refused is tried again by the next run. "
     "Exit 1 if any was not sent.", [
        _arg("--dry-run", action="store_true",
             help="say per user what would be sent (items per section); send and write nothing"),
    ]),
    ("search rebuild", cmd_search_rebuild,
     "Fill the search index anew from every table, in one transaction.", []),
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
        message = f"the database refused the change: {first_lines(exc)}"
    except SQLAlchemyError as exc:
        message = f"database error: {first_lines(exc)}"
    except OSError as exc:
        message = str(exc)
    print(f"error: {message}", file=sys.stderr)
    return 1
