"""The scale data set: bulk writing with ids handed out up front, and synthetic copies of the bodies."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, func, select

from osloreg.enums import Basis
from osloreg.models import Base, Body

CHUNK_ROWS = 5_000


class Rows:
    """Rows waiting to be inserted, by table, with ids handed out up front so that rows can refer
    to each other and be written with executemany, without an ORM object or round trip per row."""

    def __init__(self, next_ids: dict[str, int], fallback_time: dt.datetime) -> None:
        self._next_ids = next_ids
        self._fallback_time = fallback_time
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.written: Counter[str] = Counter()

    def reserve(self, model: type[Base]) -> int:
        """An id for a row added later (with id=...), for rows that must know their own id."""
        name = model.__tablename__
        self._next_ids[name] += 1
        return self._next_ids[name] - 1

    def add(self, model: type[Base], **values: Any) -> int:
        table: Table = model.__table__  # type: ignore[assignment]
        if "id" in table.c and "id" not in values:
            values["id"] = self.reserve(model)
        self._pending[table.name].append(values)
        return values.get("id", 0)

    def write(self, connection: Connection) -> None:
        """Insert everything pending, parents before children, in chunks."""
        for table in Base.metadata.sorted_tables:
            rows = self._pending.pop(table.name, None)
            if not rows:
                continue
            rows = self._uniform(table, rows)
            for start in range(0, len(rows), CHUNK_ROWS):
                connection.execute(table.insert(), rows[start : start + CHUNK_ROWS])
            self.written[table.name] += len(rows)

    def _uniform(self, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # executemany needs the same keys in every row. Columns left out get the model's scalar
        # default; time defaults (utcnow) get a fixed time so that the data set is reproducible.
        keys = set().union(*rows)
        template: dict[str, Any] = {}
        for column in table.c:
            default = column.default
            if default is not None and getattr(default, "is_scalar", False):
                value = default.arg  # type: ignore[union-attr]
                template[column.name] = value.value if isinstance(value, Enum) else value
            elif default is not None:
                template[column.name] = self._fallback_time
            elif column.name in keys:
                template[column.name] = None
        return [row if len(row) == len(template) else {**template, **row} for row in rows]


@dataclass(frozen=True)
class Cluster:
    """A set of bodies whose cases pass between them: the real one, or a synthetic copy at scale."""

    index: int
    council: int
    board: int
    policy_committee: int
    nomination_committee: int
    secretariat: int
    coordination: int
    expert_groups: tuple[int, ...]  # the first is the reference group for profiling


def next_ids(connection: Connection) -> dict[str, int]:
    """The first free id of every table with an integer id, so the demo can hand ids out itself."""
    free: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if "id" in table.c:
            free[table.name] = (connection.scalar(select(func.max(table.c.id))) or 0) + 1
    return free


def synthetic_cluster(rows: Rows, real: Cluster, bodies: dict[int, dict[str, Any]], index: int) -> Cluster:
    """A copy of the real bodies, named "... (syntetisk N)", so that volumes per body stay plausible
    at scale: N times the meetings and cases, not one board with N times the cases."""
    copies = {
        body_id: rows.add(
            Body,
            name=f"{values['name']} (syntetisk {index})",
            kind=values["kind"],
            coverage_rule=values["coverage_rule"],
            max_members=values["max_members"],
            founded_on=values.get("founded_on"),
            dissolved_on=values.get("dissolved_on"),
            notice_days=values.get("notice_days"),
            notice_basis=values.get("notice_basis"),
            notice_source=values.get("notice_source"),
            quorum_rule=values["quorum_rule"],
            quorum_basis=values["quorum_basis"],
            quorum_source=values["quorum_source"],
            basis=Basis.ILLUSTRATIVE,
            source="synthetic copy for the scale data set",
        )
        for body_id, values in bodies.items()
    }
    return Cluster(
        index=index,
        council=copies[real.council],
        board=copies[real.board],
        policy_committee=copies[real.policy_committee],
        nomination_committee=copies[real.nomination_committee],
        secretariat=copies[real.secretariat],
        coordination=copies[real.coordination],
        expert_groups=tuple(copies[group] for group in real.expert_groups),
    )
