"""Checks of the audit chain: the whole trail streamed in id order, or its newest events, and the head
the witness file recorded; the first event that does not match, and why."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from osloreg.audit import witness as audit_witness
from osloreg.audit.chain import CHAIN_ACTION, CHAIN_ENTITY, CONTENT, EVENTS, GENESIS, event_hash
from osloreg.audit.witness import Head, Witness, WitnessError

BATCH = 2000
TAIL = 100

# Why an event does not match, in English for the command line (the page words them in i18n).
REASONS = {
    "hash_missing": "it has no hash: it was not written by the app",
    "not_linked": "its prev_hash does not link to the event before it (an event before it was removed, "
    "replaced or inserted)",
    "hash_differs": "its hash differs from the hash of its content (it was changed after it was written)",
    "time_backwards": "its time is before the time of the event before it (a back-dated insert)",
    "witness_missing": "the witness names this event, and the database does not hold it (an older copy "
    "swapped in, or the newest events removed)",
    "witness_differs": "its hash is not the one the witness recorded when the app wrote it (the trail "
    "was rewritten and its hashes recomputed)",
    "witness_unreadable": "the witness file cannot be read",
}


@dataclass(frozen=True)
class Break:
    """The first event that does not match (event_id None: no event to name, e.g. the witness file)."""

    event_id: int | None
    reason: str  # a key of REASONS
    detail: str = ""

    def text(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "the witness"
        return f"{where}: {REASONS[self.reason]}" + (f" ({self.detail})" if self.detail else "")


def events_text(count: int) -> str:
    return f"{count:,} event{'s' * (count != 1)}"


@dataclass(frozen=True)
class Verdict:
    scope: str  # "full": every event; "tail": the newest ones and the witness
    events: int  # events checked
    head_id: int | None
    head_hash: str | None
    head_at: dt.datetime | None
    witness: Head | None  # what the witness recorded for this database
    witnessed: bool  # a witness file is configured for the check
    broken: Break | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        """`ok: 1,234 events, head id 1234 hash 3fa2…` or `FAIL: event 14: …`."""
        return f"{'ok' if self.ok else 'FAIL'}: {self.description()}"

    def description(self) -> str:
        if self.broken is not None:
            return self.broken.text()
        if self.head_id is None:
            text = "the trail is empty"
        else:
            what = (
                events_text(self.events) if self.scope == "full" else f"the newest {events_text(self.events)}"
            )
            text = f"{what}, head id {self.head_id} hash {self.head_hash}"
        if not self.witnessed:
            return text + " (no witness file configured)"
        if self.witness is None:
            return text + " (the witness has recorded no head for this database yet)"
        return text + f" (witness: event {self.witness.id} matches)"


_COLUMNS = [EVENTS.c[name] for name in (*CONTENT, "prev_hash", "hash")]


def _batches(connection: Connection, batch: int) -> Iterator[list[Any]]:
    """Every event in id order, `batch` at a time (keyset paging: constant memory at any size)."""
    last = None
    while True:
        query = sa.select(*_COLUMNS).order_by(EVENTS.c.id).limit(batch)
        if last is not None:
            query = query.where(EVENTS.c.id > last)
        rows = connection.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _is_marker(row: Any) -> bool:
    return row.action == CHAIN_ACTION and row.entity == CHAIN_ENTITY


class _Walker:
    """The checks, one event after the other. Time is checked from the start, except before the
    event that started the chain on a database that already held events (CHAIN_ACTION): nothing kept
    those in order, so a step back among them is forgiven once that event shows it was one of them."""

    def __init__(self, prev_hash: str = GENESIS, prev_id: int | None = None) -> None:
        self.prev_hash = prev_hash
        self.prev_id = prev_id
        self.prev_at: dt.datetime | None = None
        self.marker_seen = False
        self.pending: Break | None = None  # a step back in time before any marker
        self.count = 0
        self.last: Any = None

    def step(self, row: Any, *, link: bool = True) -> Break | None:
        self.count += 1
        if row.hash is None or row.prev_hash is None:
            return Break(row.id, "hash_missing")
        if link and row.prev_hash != self.prev_hash:
            before = f"event {self.prev_id}" if self.prev_id is not None else "the start of the chain"
            return Break(
                row.id, "not_linked", f"prev_hash {row.prev_hash[:12]}…, {before} has {self.prev_hash[:12]}…"
            )
        computed = event_hash(row.prev_hash, row._mapping)
        if computed != row.hash:
            return Break(row.id, "hash_differs", f"stored {row.hash[:12]}…, computed {computed[:12]}…")
        if _is_marker(row) and not self.marker_seen:
            self.marker_seen, self.pending = True, None
        elif self.prev_at is not None and row.at < self.prev_at:
            problem = Break(
                row.id, "time_backwards", f"{row.at.isoformat()} after {self.prev_at.isoformat()}"
            )
            if self.marker_seen:
                return problem
            self.pending = self.pending or problem
        self.prev_hash, self.prev_id, self.prev_at, self.last = row.hash, row.id, row.at, row
        return None


def _witness_head(witness: Witness | None) -> tuple[Head | None, Break | None]:
    if witness is None:
        return None, None
    try:
        return audit_witness.read(witness), None
    except WitnessError as exc:
        return None, Break(None, "witness_unreadable", str(exc))


def _witness_break(head: Head | None, found: str | None) -> Break | None:
    """found: the hash the database holds for the witness's event (None: no such event)."""
    if head is None:
        return None
    if found is None:
        return Break(head.id, "witness_missing", f"recorded {head.recorded}")
    if found != head.hash:
        return Break(
            head.id, "witness_differs", f"recorded {head.hash[:12]}…, the database has {found[:12]}…"
        )
    return None


def _verdict(scope: str, walker: _Walker, witness: Witness | None, head: Head | None, broken, started):
    last = walker.last
    return Verdict(
        scope=scope,
        events=walker.count,
        head_id=None if last is None else last.id,
        head_hash=None if last is None else last.hash,
        head_at=None if last is None else last.at,
        witness=head,
        witnessed=witness is not None,
        broken=broken,
        seconds=time.perf_counter() - started,
    )


def count(connection: Connection) -> int:
    return connection.execute(sa.select(sa.func.count()).select_from(EVENTS)).scalar_one()


def verify(
    connection: Connection,
    *,
    witness: Witness | None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> Verdict:
    """Walk the whole chain in id order; the witness is read first, so that the event it names was
    committed before the walk began and must be found."""
    started = time.perf_counter()
    head, unreadable = _witness_head(witness)
    walker = _Walker()
    found: str | None = None
    broken: Break | None = unreadable
    if broken is None:
        for rows in _batches(connection, batch):
            for row in rows:
                broken = walker.step(row)
                if broken is not None:
                    break
                if head is not None and row.id == head.id:
                    found = row.hash
            if broken is not None:
                break
            if progress is not None:
                progress(walker.count)
        broken = broken or walker.pending or _witness_break(head, found)
    return _verdict("full", walker, witness, head, broken, started)


def verify_tail(connection: Connection, *, witness: Witness | None, events: int = TAIL) -> Verdict:
    """The newest `events` events and their links, and the event the witness names: cheap enough for
    every load of the admin page. A change further back shows in the full walk."""
    started = time.perf_counter()
    head, unreadable = _witness_head(witness)
    rows = connection.execute(sa.select(*_COLUMNS).order_by(EVENTS.c.id.desc()).limit(events + 1)).all()
    rows.reverse()
    walker = _Walker()
    broken = unreadable
    if broken is None and rows:
        # Unless the whole trail was read, the oldest row read only supplies the link of the next
        # (its own link is to an event not read); its hash is checked all the same.
        broken = walker.step(rows[0], link=len(rows) <= events)
        for row in rows[1:]:
            if broken is not None:
                break
            broken = walker.step(row)
        if len(rows) > events:
            walker.count -= 1  # `events` links checked, as asked
    if broken is None and head is not None:
        found = connection.execute(
            sa.select(EVENTS.c.hash).where(EVENTS.c.id == head.id)
        ).scalar_one_or_none()
        broken = _witness_break(head, found)
    return _verdict("tail", walker, witness, head, broken or walker.pending, started)
