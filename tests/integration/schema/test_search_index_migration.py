"""Migration 0019 (the search index) on SQLite and PostgreSQL: a database at 0018 holding records is
upgraded with every record found, and the index goes down and up again cleanly."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import migrate
from osloreg.db import read_session
from osloreg.enums import Role
from osloreg.queries.search import search
from osloreg.services.base import Actor

BEFORE = "0018_digests_feeds_invitations"
READER = Actor(user_id=None, username="leser", roles=frozenset({Role.VIEWER}))


def _found(engine: Engine, text: str) -> list[tuple[str, str]]:
    with read_session(engine) as session:
        return [(hit.kind, hit.title) for hit in search(session, actor=READER, text=text).hits]


def test_an_upgrade_from_0018_indexes_the_records_already_there(engine):
    migrate.downgrade(engine, BEFORE)
    with engine.begin() as connection:
        assert not sa.inspect(connection).has_table("search_documents")
        connection.execute(
            sa.text("INSERT INTO persons (name, basis) VALUES ('Solveig Kvamsdal', 'sourced')")
        )
        connection.execute(
            sa.text(
                "INSERT INTO cases (year, number, title, created_at, waiting, basis)"
                " VALUES (2019, 7, 'Mandatet for gruppen', '2019-01-02', false, 'sourced')"
            )
        )
    migrate.upgrade(engine)
    assert _found(engine, "Solveig Kvamsdal") == [("person", "Solveig Kvamsdal")]
    assert _found(engine, "Solvei Kvamsdahl") == [("person", "Solveig Kvamsdal")]
    assert _found(engine, "mandat") == [("case", "Mandatet for gruppen")]
    assert _found(engine, "2019/7") == [("case", "Mandatet for gruppen")]
    assert migrate.schema_drift(engine) == []
