"""The tests' own PostgreSQL fallback: a throwaway cluster started as the postgres user, then removed."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import missing_dependency
from tests.pg_server import PG_BIN, ThrowawayCluster


def test_a_throwaway_cluster_starts_answers_and_is_removed():
    if not (PG_BIN / "initdb").exists():
        missing_dependency(f"no {PG_BIN}/initdb to start a throwaway PostgreSQL cluster")
    cluster = ThrowawayCluster()
    try:
        url = cluster.start()
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SHOW port")).scalar() == str(cluster.port)
        engine.dispose()
    finally:
        cluster.stop()
    assert not cluster.directory.exists()
