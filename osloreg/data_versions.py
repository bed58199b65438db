"""A version per area of the data, raised in the transaction of each audited write; cached reads key on it."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, SessionTransaction

# The areas a cached read can depend on; each is the set of tables its writes change.
AREAS = frozenset(
    {
        "advice",  # advice, its inputs and points, decisions
        "inputs",  # inputs
        "projects",  # projects, milestones, checkpoints, status changes; the strategy and action plans
        "meetings",  # meetings, agenda items, attendance, the cycle, documents
        "cases",  # cases, their numbers, links and consultations (steps)
        "directory",  # units, bodies, persons, memberships, mandates, Osloregionen's members
        "users",  # users and their roles
        "audit",  # the audit trail: every audited write adds to it
    }
)
# A random number per database, drawn when it is created (migration 0014) or restored: a restore can
# bring back counters a running process has already seen, for other data.
GENERATION = "generation"

# What a write audited under `entity` may change, beside the trail itself. An entity not named here
# changes every area: a new kind of write is never read stale, only read again more often.
_ENTITY_AREAS: dict[str, frozenset[str]] = {
    "advice": frozenset({"advice"}),
    "inputs": frozenset({"inputs"}),
    "project": frozenset({"projects"}),
    # A meeting's agenda items are its cases' consultations, and its results move the cases on.
    "meeting": frozenset({"meetings", "cases"}),
    # A case's planned step is an agenda item of the meeting it is planned for.
    "case": frozenset({"cases", "meetings"}),
    # Documents are listed on the meeting and case pages, by loaders keyed by those areas.
    "document": frozenset({"meetings", "cases"}),
    "body": frozenset({"directory"}),
    "person": frozenset({"directory"}),
    "unit": frozenset({"directory"}),
    "users": frozenset({"users"}),
    "login_throttle": frozenset({"users"}),
    "sso_identity": frozenset({"users"}),  # a refused single sign-on: no user's data changes
    "api_token": frozenset({"users"}),  # the read API's tokens: only the admin's list reads them
    "database": frozenset(),  # a backup is made; nothing a page reads changes but the trail
    "digest": frozenset(),  # a run of the digest by e-mail: its deliveries are no page's data
    "import": AREAS,
    "demo": AREAS,
}
_PENDING = "osloreg_data_versions_pending"  # session.info: the areas this transaction's events changed

VERSIONS = sa.table("data_versions", sa.column("area", sa.String), sa.column("version", sa.BigInteger))
_READ = sa.select(VERSIONS.c.area, VERSIONS.c.version)
_READ_SQL = "SELECT area, version FROM data_versions"

_commits = 0  # commits in this process that raised a version (kit.cache: a run's memo is then old)
_commits_lock = threading.Lock()


def areas_of(entity: str) -> frozenset[str]:
    """The areas a write audited under `entity` changes, the trail included."""
    return _ENTITY_AREAS.get(entity, AREAS) | {"audit"}


def check(areas: Iterable[str]) -> tuple[str, ...]:
    """`areas` as a tuple, or ValueError for a name that is no area (it would never change)."""
    areas = tuple(areas)
    unknown = sorted(set(areas) - AREAS)
    if unknown:
        raise ValueError(f"not an area of the data: {', '.join(unknown)} (known: {', '.join(sorted(AREAS))})")
    return areas


def touch(session: Session, entity: str) -> None:
    """Raise the versions of what a write audited under `entity` changes, when its transaction commits."""
    session.info.setdefault(_PENDING, set()).update(areas_of(entity))


def read(connection: Connection) -> dict[str, int]:
    """Every area's version and the generation, in one query; an area never written reads as 0."""
    return {area: int(version) for area, version in connection.execute(_READ)}


class Reader:
    """Reads the versions on a connection of its own, outside the pool and in autocommit, straight
    through the driver: one round trip per look-up. Through a pooled connection a look-up took 4 round
    trips (ping, BEGIN, SELECT, ROLLBACK) and 1-9 ms on a busy machine; this takes about 0.1 ms.
    Thread-safe (one look-up at a time); reconnects once if the connection was lost."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None  # the pool's wrapper of the driver's connection, detached

    def read(self) -> dict[str, int]:
        driver_error = self._engine.dialect.loaded_dbapi.Error
        with self._lock:
            try:
                return self._read()
            except driver_error:
                self.close()  # a server restart or a dropped connection: one more try on a new one
            try:
                return self._read()
            except driver_error as error:
                self.close()
                # As SQLAlchemy would raise it, so the pages say "the database is unavailable".
                raise sa.exc.DBAPIError.instance(_READ_SQL, None, error, driver_error) from error

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # Straight to the driver: the pool's wrapper rolls back before closing, and on a lost
            # connection (a PostgreSQL restart, the expected case here) logs that failure as an error
            # with its traceback. In autocommit there is nothing to roll back.
            try:
                connection.dbapi_connection.close()
            except self._engine.dialect.loaded_dbapi.Error:
                pass  # the connection was lost already

    def _read(self) -> dict[str, int]:
        if self._connection is None:
            connection = self._engine.raw_connection()
            connection.detach()  # ours for good: never returned to (or reset by) the pool
            if self._engine.dialect.name == "postgresql":
                connection.rollback()
                connection.dbapi_connection.autocommit = True
            # SQLite: osloreg.db set isolation_level None, so each statement is its own transaction.
            self._connection = connection
        cursor = self._connection.cursor()
        try:
            cursor.execute(_READ_SQL)
            return {area: int(version) for area, version in cursor.fetchall()}
        finally:
            cursor.close()


def key(versions: Mapping[str, int], areas: Iterable[str]) -> tuple[int, ...]:
    """The part of a cache key that changes when any of `areas` changes, or the database is replaced."""
    return (versions.get(GENERATION, 0), *(versions.get(area, 0) for area in areas))


def local_commits() -> int:
    """How many commits in this process have raised a version so far."""
    return _commits


def bump(connection: Connection, areas: Iterable[str]) -> None:
    """Add one to each area's version (a row is made at the first write), in the caller's transaction."""
    rows = [{"area": area, "version": 1} for area in sorted(areas)]  # one order: no lock cycles
    if rows:
        connection.execute(_upsert(connection.dialect.name), rows)


def new_generation(connection: Connection) -> None:
    """Draw a new generation, in the caller's transaction: a restore calls this, so every cached read
    of the database that was there before is a miss (the restored counters may repeat old ones)."""
    if not sa.inspect(connection).has_table("data_versions"):
        return  # a backup from before migration 0014: the upgrade draws one
    statement = _upsert(connection.dialect.name, replace=True)
    connection.execute(statement, [{"area": GENERATION, "version": secrets.randbits(62)}])


def _upsert(dialect: str, *, replace: bool = False) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(VERSIONS)
    value = statement.excluded.version if replace else VERSIONS.c.version + 1
    return statement.on_conflict_do_update(index_elements=[VERSIONS.c.area], set_={"version": value})


# --- In the services' transaction (osloreg.services.base.audit calls `touch`) ------------------------


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    areas = session.info.get(_PENDING)
    if not areas or session.in_nested_transaction():
        return  # a savepoint's release: the outer commit bumps
    # The audit events first: their flush takes the audit chain's lock (PostgreSQL; SQLite's writers
    # hold the write lock from BEGIN), so writers raise the versions one at a time and cannot deadlock.
    session.flush()
    bump(session.connection(), areas)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    global _commits
    if session.info.pop(_PENDING, None):
        with _commits_lock:
            _commits += 1


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(_PENDING, None)  # the events are gone with the transaction, and so is the bump
