"""The audit chain in use: what it costs one audited write (the chain's lock, hashes and the witness
file), and an upgrade from revision 0007 of a database holding the demo data."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from osloreg import migrate
from osloreg.audit import chain as audit_chain
from osloreg.audit import witness as audit_witness
from osloreg.db import read_session
from osloreg.demo import load_demo
from osloreg.enums import ProjectStatus
from osloreg.services.base import SYSTEM
from osloreg.services.projects import change_status
from tests.factories import make_body, make_project
from tests.integration.audit.audit_rows import attach, check, rows

# --- What the chain costs a write ---------------------------------------------------------------------


@contextmanager
def _timed_hooks() -> Iterator[list[float]]:
    """Seconds spent in the chain's work around each audited write: from just before the chain's
    before_flush listener to just after it, and likewise around after_commit (the witness file)."""
    spent: list[float] = []
    marks: dict[int, float] = {}

    def start(session: Session, *_args) -> None:
        marks[id(session)] = time.perf_counter()

    def stop(session: Session, *_args) -> None:
        if id(session) in marks:
            spent.append(time.perf_counter() - marks.pop(id(session)))

    hooks = [("before_flush", start, True), ("before_flush", stop, False)]
    hooks += [("after_commit", start, True), ("after_commit", stop, False)]
    for name, fn, first in hooks:
        event.listen(Session, name, fn, insert=first)
    try:
        yield spent
    finally:
        for name, fn, _ in hooks:
            event.remove(Session, name, fn)


def test_what_the_chain_costs_one_audited_write(engine, tmp_path, figures):
    attach(engine, tmp_path)
    with read_session(engine) as session:
        project_id = make_project(session, body=make_body(session), status=ProjectStatus.ONGOING).id
        session.commit()
        writes, statuses = 200, (ProjectStatus.ONGOING, ProjectStatus.PAUSED)
        began = time.perf_counter()
        with _timed_hooks() as spent:
            for n in range(writes):
                change_status(
                    session,
                    actor=SYSTEM,
                    project_id=project_id,
                    expected_status=statuses[n % 2],
                    to_status=statuses[(n + 1) % 2],
                    note=f"Endring {n}",
                )
        total = time.perf_counter() - began
    chain_ms = sum(spent) / writes * 1000
    name = "SQLite" if engine.dialect.name == "sqlite" else "PostgreSQL"
    figures.record(
        f"{name}: one audited write {total / writes * 1000:.2f} ms, of which the chain and the witness "
        f"{chain_ms:.2f} ms ({writes} status changes)"
    )
    assert check(engine, audit_witness.for_engine(engine, tmp_path / "audit_witness")).ok
    # A few tenths of a millisecond on a quiet machine; on a busy one both grow, so the bound is a share.
    assert chain_ms < total / writes * 1000 / 3


# --- An upgrade of a database with the demo data ------------------------------------------------------


def _row_counts(engine: Engine, only: Iterable[str] | None = None) -> dict[str, int]:
    """Rows per table of the database as it is (at 0007 it lacks the tables of later migrations)."""
    names = sorted(only if only is not None else sa.inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in names
        }


def test_an_upgrade_from_0007_with_the_demo_data_chains_it_and_loses_nothing(engine, figures):
    load_demo(engine, today=dt.date(2026, 11, 1))
    # Back to 0007 (the chain's columns go, every row stays), as a database made before the chain.
    migrate.downgrade(engine, "0007")
    before = _row_counts(engine)
    began = time.perf_counter()
    migrate.upgrade(engine)
    seconds = time.perf_counter() - began
    after = _row_counts(engine, only=before)
    verdict = check(engine, None)
    assert verdict.ok, verdict.summary()
    assert after == {**before, "audit_events": before["audit_events"] + 1}  # the chain's own event
    marker = rows(engine)[-1]
    assert (
        marker.action == audit_chain.CHAIN_ACTION
        and marker.after["carried_forward"] == before["audit_events"]
    )
    name = "SQLite" if engine.dialect.name == "sqlite" else "PostgreSQL"
    figures.record(
        f"{name}: 0007 -> head with the demo data: {sum(before.values()):,} rows kept, chain ok, "
        f"{seconds:.1f} s"
    )
