"""After a restore: check the restored audit chain, record the restore in the trail itself, and move
the witness back to the restored head (a restore is the one rewind that is not tampering)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from osloreg import data_versions
from osloreg.audit import chain as audit_chain
from osloreg.audit import witness as audit_witness
from osloreg.audit.verify import Verdict, events_text, verify
from osloreg.db import make_engine, write_engine

RESTORE_ACTION = "backup.restored"


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    text: str  # one line for the command line
    verdict: Verdict | None = None
    event_id: int | None = None  # the restore's own event in the trail


def _engine(url: URL) -> Engine | None:
    """An engine on the restored database whose search path finds audit_events (a PostgreSQL backup
    of one schema restores into that schema), None if no single table is found."""
    engine = make_engine(url.render_as_string(hide_password=False))
    if engine.dialect.name == "sqlite":
        return engine
    with engine.connect() as connection:
        current = connection.execute(sa.text("SELECT current_schema()")).scalar()
        schemas = (
            connection.execute(
                sa.text(
                    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'audit_events' "
                    "AND table_type = 'BASE TABLE' ORDER BY 1"
                )
            )
            .scalars()
            .all()
        )
    if current in schemas:
        return engine
    engine.dispose()
    if len(schemas) != 1:
        return None
    return make_engine(
        url.render_as_string(hide_password=False), connect_args={"options": f"-csearch_path={schemas[0]}"}
    )


def _chained(engine: Engine) -> bool | None:
    """True: audit_events has the chain's columns; False: a backup from before the chain; None: no
    audit trail at all."""
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        if not inspector.has_table("audit_events"):
            return None
        return "hash" in {column["name"] for column in inspector.get_columns("audit_events")}


def check_restored_chain(url: URL, *, source: Path, witness_path: Path | None) -> ChainCheck:
    engine = _engine(url)
    if engine is None:
        return ChainCheck(True, "not checked: no single audit_events table in the restored database")
    try:
        chained = _chained(engine)
        if chained is None:
            return ChainCheck(True, "not checked: the backup holds no audit trail")
        if not chained:
            return ChainCheck(
                True, "not chained yet (a backup from before the chain): `db upgrade` chains it"
            )
        with engine.connect() as connection:
            # The witness is not consulted: it names the head before the restore, which a restore of
            # an older backup legitimately no longer holds.
            verdict = verify(connection, witness=None)
        witness = audit_witness.for_engine(engine, witness_path) if witness_path is not None else None
        try:
            before = audit_witness.read(witness) if witness is not None else None
        except audit_witness.WitnessError:
            before = None
        with write_engine(engine).begin() as connection:
            (event,) = audit_chain.append(
                connection,
                [
                    {
                        "actor_name": "system",
                        "action": RESTORE_ACTION,
                        "entity": audit_chain.CHAIN_ENTITY,
                        "after": {
                            "backup": source.name,
                            "chain": "ok" if verdict.ok else verdict.broken.reason,
                            "events": verdict.events,
                            "head_id": verdict.head_id,
                            "witness_before": None
                            if before is None
                            else {"id": before.id, "hash": before.hash},
                        },
                    }
                ],
            )
            # Counters like those before the restore may now stand for other data: new cache keys.
            data_versions.new_generation(connection)
        if verdict.ok:
            text = f"ok: {events_text(verdict.events)}, head id {verdict.head_id}"
        else:
            text = f"FAIL: {verdict.broken.text()}"
        text += f"; the restore is recorded as event {event['id']}"
        if witness is not None:
            audit_witness.record(witness, event["id"], event["hash"], reason=f"restore of {source.name}")
            was = "nothing" if before is None else f"event {before.id}"
            text += f"; the witness {witness.path} moved to it (from {was})"
        return ChainCheck(verdict.ok, text, verdict, event["id"])
    finally:
        engine.dispose()
