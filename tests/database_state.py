"""Every row of every table as one value: the check that a refused call changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from osloreg.models import Base


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
