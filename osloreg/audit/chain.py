"""The audit trail's hash chain: each event's hash covers its content and the hash of the one before."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, event, inspect
from sqlalchemy.orm import Session

from osloreg.audit import witness as audit_witness

# The hash the first event links to.
GENESIS = "0" * 64
# Part of every hash, so that a later change of the canonical form can be told apart.
FORMAT = 1
# The event the migration that started the chain appends when it chained events already there.
CHAIN_ACTION = "audit.chain"
CHAIN_ENTITY = "database"
# PostgreSQL: the transaction-scoped advisory lock's key is (this << 32) + the table's oid, so that
# schemas (one per test run) do not wait for each other.
_LOCK_SPACE = 0x4F534C4F  # "OSLO"
# session.info: the newest event this transaction chained, for the witness after the commit.
PENDING_HEAD = "osloreg_audit_chain_head"

# The table as the chain reads and writes it (typed, so JSON and times come back as Python values);
# independent of osloreg.models, which the migrations must not import.
EVENTS = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor_user_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
CONTENT = ("id", "at", "actor_user_id", "actor_name", "action", "entity", "entity_id", "before", "after")


# --- The canonical form (pure) -------------------------------------------------------------------


def utc_naive(at: dt.datetime) -> dt.datetime:
    """The trail keeps naive UTC times; an aware time is converted, not merely stripped."""
    if at.tzinfo is not None:
        return at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


def time_text(at: dt.datetime) -> str:
    """`2026-12-03T07:02:00.123456Z`: always microseconds, as both databases keep them."""
    return utc_naive(at).isoformat(timespec="microseconds") + "Z"


def json_value(value: Any) -> Any:
    """A before/after value as it comes back from either database: what json.dumps stores, read back
    (tuples become lists, keys text)."""
    return None if value is None else json.loads(json.dumps(value))


def canonical(event_: Mapping[str, Any]) -> bytes:
    """Every column but the hashes, in one stable serialisation: keys sorted, no spaces, UTF-8."""
    values = [
        FORMAT,
        int(event_["id"]),
        time_text(event_["at"]),
        event_["actor_user_id"],
        event_["actor_name"],
        event_["action"],
        event_["entity"],
        event_["entity_id"],
        event_["before"],
        event_["after"],
    ]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(prev_hash: str, event_: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash (64 hex digits) followed by the event's canonical form."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(event_)).hexdigest()


# --- Appending -----------------------------------------------------------------------------------


def is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


# Built once: a statement built anew for every write costs more than running it.
_HEAD = sa.select(EVENTS.c.id, EVENTS.c.hash, EVENTS.c.at).order_by(EVENTS.c.id.desc()).limit(1)
_LOCK = sa.text(
    "SELECT pg_advisory_xact_lock((CAST(:space AS bigint) << 32) "
    "+ CAST(CAST('audit_events' AS regclass) AS oid)::bigint)"
)
# PostgreSQL, after the lock: the head, and the ids and the time for the new events, in one round trip.
_HEAD_AND_IDS = sa.text(
    "SELECT h.id, h.hash, h.at, n.next_id, n.now FROM (SELECT nextval(pg_get_serial_sequence("
    "'audit_events', 'id')) AS next_id, clock_timestamp() AT TIME ZONE 'UTC' AS now "
    "FROM generate_series(1, :count)) n LEFT JOIN LATERAL (SELECT id, hash, at FROM audit_events "
    "ORDER BY id DESC LIMIT 1) h ON true"
).columns(
    sa.column("id", sa.Integer),
    sa.column("hash"),
    sa.column("at", sa.DateTime),
    sa.column("next_id"),
    sa.column("now", sa.DateTime),
)


def _reserve(connection: Connection, count: int) -> tuple[list[int], str, dt.datetime | None, dt.datetime]:
    """Take the chain for this transaction and reserve `count` ids after its head: (ids, the head's
    hash, the head's time, now). SQLite: the caller holds the write lock (BEGIN IMMEDIATE)."""
    if is_postgres(connection):
        # A statement of its own: in READ COMMITTED the head is read by the next statement, whose
        # snapshot is taken after the lock is granted, so it sees the previous holder's commit.
        connection.execute(_LOCK, {"space": _LOCK_SPACE})
        rows = connection.execute(_HEAD_AND_IDS, {"count": count}).all()
        head = rows[0] if rows[0].id is not None else None
        # One clock for every app server: the database's.
        ids, now = sorted(row.next_id for row in rows), min(row.now for row in rows)
    else:
        head = connection.execute(_HEAD).first()
        start = 1 if head is None else head.id + 1
        ids, now = list(range(start, start + count)), dt.datetime.now(dt.UTC).replace(tzinfo=None)
    prev_hash = GENESIS if head is None else head.hash or GENESIS
    prev_at = None if head is None else head.at
    if prev_at is not None and now < prev_at:
        now = prev_at  # the chain's time never goes backwards, even if a clock is set back
    return ids, prev_hash, prev_at, now


def _link(values: dict[str, Any], event_id: int, prev_hash: str, now: dt.datetime) -> dict[str, Any]:
    """`values` made a link of the chain: id, time (now unless given), JSON as stored, the hashes."""
    values["id"] = event_id
    values["at"] = now if values.get("at") is None else utc_naive(values["at"])
    values["before"] = json_value(values.get("before"))
    values["after"] = json_value(values.get("after"))
    values.setdefault("actor_user_id", None)
    values.setdefault("entity_id", None)
    values["prev_hash"] = prev_hash
    values["hash"] = event_hash(prev_hash, values)
    return values


def append(connection: Connection, events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Append events with SQL (no ORM): the migration's, a restore's, tests'. Returns them as written."""
    if not events:
        return []
    ids, prev_hash, _, now = _reserve(connection, len(events))
    rows = []
    for event_id, values in zip(ids, events, strict=True):
        row = _link(dict(values), event_id, prev_hash, now)
        prev_hash = row["hash"]
        rows.append(row)
    connection.execute(sa.insert(EVENTS), rows)
    return rows


def _chain_pending(session: Session, model: type) -> None:
    """Before a flush: give each new event of `model` its place in the chain, in the order added."""
    new = [obj for obj in session.new if isinstance(obj, model)]
    if not new:
        return
    new.sort(key=lambda obj: inspect(obj).insert_order)
    connection = session.connection()
    ids, prev_hash, _, now = _reserve(connection, len(new))
    for obj, event_id in zip(new, ids, strict=True):
        given = {name: getattr(obj, name) for name in CONTENT}
        values = _link(dict(given), event_id, prev_hash, now)
        for name in (*CONTENT, "prev_hash", "hash"):
            if (
                name not in given
                or values[name] != given[name]
                or type(values[name]) is not type(given[name])
            ):
                setattr(obj, name, values[name])
        prev_hash = values["hash"]
    target = audit_witness.witness_of(connection)
    if target is not None:
        session.info[PENDING_HEAD] = (target, new[-1].id, new[-1].hash)


def install(model: type) -> None:
    """Chain every `model` row the ORM inserts (whoever adds it), and record the head in the witness
    file after each commit that wrote some."""

    @event.listens_for(Session, "before_flush")
    def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
        _chain_pending(session, model)

    @event.listens_for(Session, "after_commit")
    def _after_commit(session: Session) -> None:
        pending = session.info.pop(PENDING_HEAD, None)
        if pending is not None:
            target, event_id, hash_ = pending
            audit_witness.advance(target, event_id, hash_)

    @event.listens_for(Session, "after_soft_rollback")
    def _after_rollback(session: Session, _previous: Any) -> None:
        # What was chained is gone with the transaction; the witness keeps the head it had.
        session.info.pop(PENDING_HEAD, None)


def chain_rows(rows: Iterable[Mapping[str, Any]], prev_hash: str = GENESIS) -> list[tuple[int, str, str]]:
    """(id, prev_hash, hash) for rows already in the table, in the given (id) order: the migration
    chains the events that were there before the chain."""
    links = []
    for row in rows:
        values = {name: row[name] for name in CONTENT}
        values["before"], values["after"] = json_value(values["before"]), json_value(values["after"])
        hash_ = event_hash(prev_hash, values)
        links.append((int(row["id"]), prev_hash, hash_))
        prev_hash = hash_
    return links
