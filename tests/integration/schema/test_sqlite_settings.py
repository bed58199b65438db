"""SQLite runs in WAL with foreign keys and a busy timeout, and writers wait for each other."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from osloreg.db import SQLITE_BUSY_TIMEOUT_MS, write_engine


def test_pragmas_hold_on_a_pooled_connection(sqlite_engine):
    for _ in range(3):  # the same pooled connection handed out again keeps its settings
        with sqlite_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS


def test_write_transactions_take_the_lock_up_front(sqlite_engine):
    writer = write_engine(sqlite_engine)
    with writer.connect() as first:
        first.begin()
        # With BEGIN IMMEDIATE the first writer holds the lock before it has written anything.
        with sqlite_engine.connect() as probe:
            probe.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                probe.exec_driver_sql("BEGIN IMMEDIATE")
                probe.exec_driver_sql("ROLLBACK")
                took_lock = False
            except sa.exc.OperationalError as exc:
                took_lock = "locked" in str(exc)
            probe.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        first.rollback()
    assert took_lock


def test_concurrent_writers_wait_instead_of_failing(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    writer = write_engine(sqlite_engine)
    errors: list[Exception] = []

    def bump() -> None:
        try:
            for _ in range(20):
                with writer.begin() as connection:
                    # read-then-write: without the up-front lock two of these would deadlock
                    n = connection.exec_driver_sql("SELECT n FROM counter").scalar()
                    connection.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT n FROM counter").scalar() == 160
