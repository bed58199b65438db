"""`user ...`: user accounts, changed through the user services as the system administrator."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from osloreg.cli.common import CliError, Context


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
    fields["language"] = a.language
    username, roles = _user_service(ctx, "create_user", username=a.username, password=None, **fields)
    print(f"created user {username} with roles {', '.join(roles)}")
    return 0


def cmd_user_set_roles(ctx: Context) -> int:
    username, roles = _user_service(ctx, "set_roles", username=ctx.args.username, roles=ctx.args.role)
    print(f"user {username} now has roles {', '.join(roles)}")
    return 0


def cmd_user_update(ctx: Context) -> int:
    from osloreg.services.users import UNCHANGED

    a = ctx.args
    changes = {
        "display_name": a.name,
        "person_id": None if a.no_person else a.person_id,
        "email": a.email,
        "language": a.language,
    }
    given = {
        name: value
        for name, value in changes.items()
        if value is not None or (name == "person_id" and a.no_person)
    }
    if not given:
        raise CliError("nothing to change: give --name, --person-id, --no-person, --email or --language")
    username, _roles = _user_service(
        ctx, "update_user", username=a.username, **{name: given.get(name, UNCHANGED) for name in changes}
    )
    print(f"user {username} updated: {', '.join(sorted(given))}")
    return 0


def simple_user_command(service_name: str, done: str) -> Callable[[Context], int]:
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

    # Times as stored (UTC), in ISO form: the list is for scripts as much as for people.
    def moment(value) -> str:
        return value.strftime("%Y-%m-%dT%H:%MZ") if value is not None else "-"

    with read_session(ctx.engine()) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        rows = [
            (
                u.username,
                u.display_name,
                ",".join(sorted(u.roles)),
                _yes_no(u.disabled),
                _yes_no(u.locked_until is not None and u.locked_until > now),
                str(u.failed_logins),
                str(u.person_id) if u.person_id is not None else "-",
                moment(u.last_login_at),
            )
            for u in users
        ]
    if not rows:
        print("no users")
        return 0
    header = ("username", "name", "roles", "disabled", "locked", "failed", "person", "last_login")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0
