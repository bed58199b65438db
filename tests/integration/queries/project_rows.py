"""Rows the factories do not make, for the project query tests: strategy points, links, milestones,
checkpoints as stored; and small readers of the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from osloreg.models import (
    Milestone,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
)
from osloreg.rules import projects as rules


def add(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


AREA_NAMES = {1: "Areal og transport", 3: "Konkurransekraft og attraktivitet"}


def strategy(
    session: Session, *, start_year: int = 2021, labels: tuple[str, ...] = ("1.1", "3.2", "3.4")
) -> dict[str, StrategyPoint]:
    """A strategy period starting in `start_year` with the points labelled "area.point"."""
    period = add(
        session,
        StrategyPeriod(
            name=f"Strategi {start_year}–{start_year + 3}", start_year=start_year, end_year=start_year + 3
        ),
    )
    areas: dict[int, StrategyArea] = {}
    points: dict[str, StrategyPoint] = {}
    for label in labels:
        area_number, point_number = (int(part) for part in label.split("."))
        if area_number not in areas:
            name = AREA_NAMES.get(area_number, f"Område {area_number}")
            areas[area_number] = add(
                session, StrategyArea(period_id=period.id, number=area_number, name=name)
            )
        points[label] = add(
            session, StrategyPoint(area_id=areas[area_number].id, number=point_number, text=f"Mål {label}")
        )
    return points


def period_of(session: Session, point: StrategyPoint) -> int:
    return session.get(StrategyArea, point.area_id).period_id


def link(session: Session, project: Project, *, points=(), partners=()) -> None:
    session.add_all(ProjectPoint(project_id=project.id, point_id=point.id) for point in points)
    session.add_all(ProjectPartner(project_id=project.id, unit_id=unit.id) for unit in partners)
    session.flush()


def milestone(
    session: Session, project: Project, due_on: dt.date, done_on: dt.date | None = None, title: str = ""
) -> Milestone:
    return add(
        session,
        Milestone(project_id=project.id, title=title or f"Milepæl {due_on}", due_on=due_on, done_on=done_on),
    )


def checkpoint(
    session: Session,
    project: Project,
    kind: str,
    *,
    on_date: dt.date | None = None,
    meeting=None,
    advice=None,
) -> ProjectCheckpoint:
    """A checkpoint as stored, also one with no date (the factory always dates it)."""
    return add(
        session,
        ProjectCheckpoint(
            project_id=project.id,
            kind=kind,
            on_date=on_date,
            meeting_id=meeting.id if meeting else None,
            advice_id=advice.id if advice else None,
        ),
    )


def missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def counts_of(frame: pd.DataFrame) -> dict[str, int]:
    return dict(zip(frame["status"], frame["count"], strict=True))


def every_status(**counts: int) -> dict[str, int]:
    return {status: counts.get(status, 0) for status in rules.ORDER}
