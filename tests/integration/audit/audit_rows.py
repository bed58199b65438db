"""A small audit trail written through the services, with its witness file, for the chain's tests;
and the database's side of it: rows as stored, the chain checked, URLs for the app and the CLI."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.audit import verify as audit_verify
from osloreg.audit import witness as audit_witness
from osloreg.audit.chain import EVENTS
from osloreg.db import read_session
from osloreg.services.base import SYSTEM
from osloreg.services.projects import create_project

WITNESS = "audit_witness"


def witness_file(var_dir: Path) -> Path:
    """Where the app and the command line keep the witness when OSLOREG_VAR_DIR is var_dir."""
    return Path(var_dir) / WITNESS


def attach(engine: Engine, var_dir: Path) -> audit_witness.Witness:
    """Let the engine's commits advance the witness the app would use, and return it."""
    audit_witness.attach(engine, witness_file(var_dir))
    return audit_witness.for_engine(engine, witness_file(var_dir))


def write_projects(engine: Engine, count: int, *, first: int = 1) -> list[int]:
    """`count` projects registered by the system, one audit event each ("Tittel-001", ...); the ids
    of their events."""
    ids = []
    with read_session(engine) as session:
        for number in range(first, first + count):
            create_project(session, actor=SYSTEM, title=f"Tittel-{number:03d}")
            ids.append(session.scalar(sa.select(sa.func.max(EVENTS.c.id))))
            session.commit()
    return ids


def rows(engine: Engine) -> list[sa.Row]:
    with engine.connect() as connection:
        return connection.execute(sa.select(EVENTS).order_by(EVENTS.c.id)).all()


def check(engine: Engine, witness: audit_witness.Witness | None) -> audit_verify.Verdict:
    with engine.connect() as connection:
        return audit_verify.verify(connection, witness=witness)


def url_of(engine: Engine) -> str:
    """The engine's database as a URL another process or engine can use (PostgreSQL: with the test
    schema as search_path)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        return engine.url.set(query={"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    return engine.url.render_as_string(hide_password=False)
