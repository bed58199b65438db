"""What the commands share: the context with its engine checks, errors, and English messages."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osloreg.audit import witness as audit_witness
from osloreg.config import ConfigError, Settings, load_settings
from osloreg.enums import Role

if TYPE_CHECKING:
    from sqlalchemy import Engine

PROG = "python -m osloreg"
UPGRADE_HINT = f"run `{PROG} db upgrade` first"
PG_CONNECT_TIMEOUT_S = 10
ROLES = ", ".join(role.value for role in Role)

FIELD_LABELS = {
    "display_name": "the display name (--name)",
    "password": "the password",
    "email": "the e-mail address (--email)",
}
MESSAGES = {
    "error.username_taken": "the username {username!r} is already taken",
    "error.unknown_user": "there is no user {username!r}",
    "error.password_too_short": "the password must be at least {min} characters long",
    "error.password_too_long": "the password must be at most {max} characters long",
    "error.password_blank": "the password cannot be only spaces or invisible characters",
    "error.password_has_name": (
        "the password cannot contain the username, the user's name or the service's name (Osloregionen)"
    ),
    "error.password_common": (
        "the password is too common (on the lists tried first, or a common word with digits or signs "
        "around it); use a sentence of four or five unrelated words"
    ),
    "error.password_predictable": (
        "the password is a repeat, a sequence (abc, 123) or a keyboard row (qwerty); use a sentence of "
        "four or five unrelated words"
    ),
    "error.invisible_characters": "{field} contains invisible or text-direction characters",
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
    "error.unknown_person": "there is no person with id {id}",
    "error.unknown_language": "unknown language {language!r} (nb or en)",
    "error.disable_self": "you cannot disable your own account",
    "error.own_admin_role": "you cannot take away your own admin role",
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
    def witness_path(self) -> Path:
        """The audit chain's witness file (osloreg.audit.witness), also when the settings are incomplete
        (a command given --database-url in production without a cookie key still records its events)."""
        try:
            var_dir = self.settings.var_dir
        except ConfigError:
            var_dir = Path(os.environ.get("OSLOREG_VAR_DIR") or "var")
        return audit_witness.witness_path(var_dir)

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
        # Each commit that writes audit events records the chain's head outside the database.
        audit_witness.attach(engine, self.witness_path)
        try:
            with engine.connect():
                pass
        except OperationalError as exc:
            raise CliError(f"cannot connect to the database at {safe}: {first_lines(exc)}") from exc
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


def first_lines(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's SQL echo and background links."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return " ".join(lines[:2]) or type(original).__name__


def safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
