"""PostgreSQL roles for the audit trail: the owner migrates, the app's role may only read and append
to audit_events (and read and write the other tables); what check-config refuses in production."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from sqlalchemy import Connection, text

ENV = "OSLOREG_DATABASE_APP_ROLE"
# What the app's role must not hold on audit_events: each would let it change or remove events.
FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")
_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]{0,62}")


class RoleError(ValueError):
    """The app role cannot be granted; the message says why."""


def configured_app_role(environ: Mapping[str, str] | None = None) -> str | None:
    """OSLOREG_DATABASE_APP_ROLE: the role the app logs in as (the user in OSLOREG_DATABASE_URL)."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    return value or None


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def grant_app_role(connection: Connection, role: str) -> str:
    """As the owner: let `role` read and write every table of the current schema, use its sequences,
    and only SELECT and INSERT audit_events; the same for tables later migrations create. Returns the
    schema. Run by the 0008 migration when OSLOREG_DATABASE_APP_ROLE is set, or by `audit grant`."""
    if not _ROLE_NAME.fullmatch(role):
        raise RoleError(f"{role!r} is not a role name")
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first()
    if exists is None:
        raise RoleError(f"there is no role {role!r}: CREATE ROLE {role} LOGIN PASSWORD '…' first")
    owner = connection.execute(
        text(
            "SELECT pg_has_role(:role, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = 'audit_events'::regclass"
        ),
        {"role": role},
    ).scalar_one()
    if owner:
        raise RoleError(
            f"{role!r} owns audit_events (or is a member of its owner): the app needs a role of its own"
        )
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    s, r = _quote(connection, schema), _quote(connection, role)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        # The trail: read and append only. PUBLIC too, in case someone granted it more.
        f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {s}.audit_events FROM {r}, PUBLIC",
        # The app reads the revision to refuse a database it does not know; migrating is the owner's.
        f"REVOKE INSERT, UPDATE, DELETE ON {s}.alembic_version FROM {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    for statement in statements:
        connection.exec_driver_sql(statement)
    return schema


def privilege_problems(connection: Connection) -> list[str]:
    """What lets the connected role change or remove audit events: being a superuser, owning the
    table (or belonging to its owner), or holding UPDATE, DELETE, TRUNCATE or TRIGGER on it."""
    row = connection.execute(
        text(
            "SELECT current_user AS name, r.rolsuper AS superuser, pg_get_userbyid(c.relowner) AS owner, "
            "pg_has_role(current_user, c.relowner, 'USAGE') AS owns "
            "FROM pg_class c JOIN pg_roles r ON r.rolname = current_user "
            "WHERE c.oid = 'audit_events'::regclass"
        )
    ).one()
    problems = []
    if row.superuser:
        problems.append(f"the app's role {row.name} is a superuser")
    if row.owns:
        problems.append(f"the app's role {row.name} owns audit_events (owner: {row.owner})")
    held = [
        privilege
        for privilege in FORBIDDEN
        if connection.execute(
            text("SELECT has_table_privilege('audit_events', :privilege)"), {"privilege": privilege}
        ).scalar_one()
    ]
    if held and not row.superuser and not row.owns:
        problems.append(f"the app's role {row.name} holds {', '.join(held)} on audit_events")
    return problems
