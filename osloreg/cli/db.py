"""`db upgrade` and `db current`: the schema migrations."""

from __future__ import annotations

from osloreg.cli.common import UPGRADE_HINT, CliError, Context, safe_url


def cmd_db_upgrade(ctx: Context) -> int:
    from alembic.util import CommandError

    from osloreg import migrate

    engine = ctx.engine(must_exist=False, must_be_current=False)
    before = migrate.current_revision(engine)
    try:
        migrate.upgrade(engine)
    except CommandError as exc:
        raise CliError(f"cannot upgrade the database at {safe_url(engine)}: {exc}") from exc
    after = migrate.current_revision(engine)
    from osloreg.cli.search import rebuild_if_empty

    rebuilt = rebuild_if_empty(engine)
    if rebuilt is not None:
        print(f"search index was empty: rebuilt with {rebuilt} records")
    from osloreg.audit.object_changes import backfill_if_empty

    with engine.begin() as connection:
        mapped = backfill_if_empty(connection)
    if mapped is not None:
        print(f"the audit trail's changes to published objects mapped: {mapped} rows (for the OParl API)")
    if before == after:
        print(f"database at {safe_url(engine)} is already at the latest revision {after}")
    else:
        print(f"database at {safe_url(engine)} upgraded from {before or 'empty'} to revision {after}")
    return 0


def cmd_db_current(ctx: Context) -> int:
    from osloreg import migrate

    engine = ctx.engine(must_be_current=False)
    current, head = migrate.current_revision(engine), migrate.head_revision()
    print(f"current: {current or 'none (no tables yet)'}")
    print(f"head: {head}")
    print("the database is up to date" if current == head else f"the database is behind: {UPGRADE_HINT}")
    return 0
