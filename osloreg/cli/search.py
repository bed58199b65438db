"""`search rebuild`: the search index filled anew from every table (after a repair, or to check it)."""

from __future__ import annotations

from osloreg.cli.common import Context, safe_url


def rebuild_index(engine) -> dict[str, int]:
    """Rebuild the index in one write transaction (readers see the old index until it commits)."""
    from osloreg.db import write_engine
    from osloreg.search.index import rebuild

    with write_engine(engine).begin() as connection:
        return rebuild(connection)


def cmd_search_rebuild(ctx: Context) -> int:
    engine = ctx.engine()
    counts = rebuild_index(engine)
    listed = ", ".join(f"{kind} {count}" for kind, count in counts.items())
    print(f"search index at {safe_url(engine)} rebuilt: {sum(counts.values())} records ({listed})")
    return 0


def rebuild_if_empty(engine) -> int | None:
    """After `db upgrade`: an empty index over a database that holds records is filled (a database
    restored from a file that lacked it, say). Returns the rows written, or None when nothing was done."""
    import sqlalchemy as sa

    from osloreg.models import Case, Person, Project
    from osloreg.search.index import is_empty

    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("search_documents") or not is_empty(connection):
            return None
        holds = any(connection.scalar(sa.select(sa.exists().select_from(m))) for m in (Case, Person, Project))
    if not holds:
        return None
    return sum(rebuild_index(engine).values())
