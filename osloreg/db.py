"""Engine and session factory; SQLite pragmas (WAL, foreign keys, busy timeout) and write locks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 15_000


class DatabaseUrlError(ValueError):
    """The database URL cannot be used; the message says why."""


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not pysqlite, issue BEGIN: pysqlite's implicit transactions would
        # start every write as a deferred transaction and fail with "database is locked"
        # when two writers upgrade their locks at once.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE) so a second writer waits on
        # busy_timeout instead of failing halfway; readers stay deferred and never block.
        mode = "IMMEDIATE" if connection.get_execution_options().get("sqlite_write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL, with the project's connection settings."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"Not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _install_sqlite_pragmas(engine)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)
    raise DatabaseUrlError(f"Unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


SQLITE_FULL = 13  # "database or disk is full": the file cannot grow (the disk, or max_page_count)
DISK_FULL = "53100"  # PostgreSQL's SQLSTATE disk_full: a file of the database could not be extended


def storage_full(error: BaseException) -> bool:
    """Whether a database error says its storage is full (SQLite's SQLITE_FULL, PostgreSQL's
    disk_full), as opposed to a database that does not answer."""
    driver_error = getattr(error, "orig", None) or error
    code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == SQLITE_FULL:
        return True
    return getattr(driver_error, "sqlstate", None) == DISK_FULL


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def write_engine(engine: Engine) -> Engine:
    """The same pool, but transactions begin with the write lock on SQLite."""
    return engine.execution_options(sqlite_write=True)


def read_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def write_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=write_engine(engine), expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one unit of work that writes; committed by the services, closed here."""
    session = write_sessions(engine)()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    session = read_sessions(engine)()
    try:
        yield session
    finally:
        session.close()
