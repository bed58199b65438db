"""A session whose rows are rolled back at its end, and every row of every table as one value: the
check that a refused call changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg.models import Base


@contextmanager
def rolled_back(engine: Engine, *, expire_on_commit: bool = True) -> Iterator[Session]:
    """A session in one outer transaction, rolled back at the end: what the session commits (a
    service's own commit included) goes to a savepoint, so the next user finds the database as before."""
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=expire_on_commit
        ) as session:
            yield session
        outer.rollback()


def every_row(session: Session) -> dict[str, list[Any]]:
    """Each table's rows in primary-key order (test databases are small), through the driver's own
    cursor: some tests read this twice for each of ~900 calls. On PostgreSQL every table comes in one
    statement, as JSON: a round trip per table took 21 of the permission matrix's 50 s. The caller
    ends the read (commit or rollback). Table and column names come from the models, not from input."""
    connection = session.connection()
    quote = connection.dialect.identifier_preparer
    tables = Base.metadata.sorted_tables
    cursor = connection.connection.driver_connection.cursor()
    try:
        if connection.dialect.name == "postgresql":
            columns = ", ".join(
                f"(SELECT coalesce(json_agg(t ORDER BY {_order(table, quote, 't.')}), '[]') "
                f"FROM {quote.format_table(table)} t)"
                for table in tables
            )
            cursor.execute(f"SELECT {columns}")
            return dict(zip((table.name for table in tables), cursor.fetchone(), strict=True))
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote.format_table(table)} ORDER BY {_order(table, quote)}")
            rows[table.name] = cursor.fetchall()
        return rows
    finally:
        cursor.close()


def _order(table, quote, alias: str = "") -> str:
    columns = table.primary_key.columns or table.columns
    return ", ".join(alias + quote.quote(column.name) for column in columns)
