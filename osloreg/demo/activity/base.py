"""What the activity modules share: the state of one cluster's activity, ids, dates and topics."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from osloreg.demo.names import People, Term
from osloreg.demo.scale import Cluster, Rows
from osloreg.demo.structure import Structure
from osloreg.enums import Basis

START = dt.date(2020, 1, 1)
ILLUSTRATIVE = Basis.ILLUSTRATIVE

TOPICS = (
    "areal og transport",
    "klima og miljø",
    "kompetanse og arbeidskraft",
    "næringsutvikling",
    "internasjonal profilering",
    "reiseliv",
    "grønn næringstransport",
    "Oslofjorden",
    "talentattraksjon",
    "digitalisering",
    "boligbygging",
    "kollektivtrafikk",
    "næringsklynger",
    "EU-programmer",
    "samfunnssikkerhet",
    "sirkulær økonomi",
)


class CaseNumbers:
    """Case numbers per year (NN/YY), unique across clusters, past the numbers the real cases hold."""

    def __init__(self, reserved: dict[int, set[int]]) -> None:
        self._reserved = reserved
        self._next: dict[int, int] = defaultdict(lambda: 1)

    def take(self, year: int) -> int:
        number = self._next[year]
        while number in self._reserved.get(year, ()):
            number += 1
        self._next[year] = number + 1
        return number


@dataclass(frozen=True)
class DemoUserIds:
    coordinator: int
    director: int
    leader: int  # the reference group's leader after the real one (a fictional person)


@dataclass(frozen=True)
class Slot:
    day: dt.date
    meeting: int
    status: str
    takes_cases: bool


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting of the last year that took place, with each seat's term and whether its holder came."""

    id: int
    body: int
    starts_at: dt.datetime
    marks: tuple[tuple[Term, bool], ...]


@dataclass
class ProjectInfo:
    id: int
    title: str
    body: int
    start: dt.date
    end: dt.date
    status: str


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class ActivityState:
    """The state the domain areas share: what is built, and what one area leaves for the next."""

    # Set by CaseActivity._cases, per body: the meetings that take cases, their days, the days of all.
    _open: dict[int, list[Slot]]
    _open_days: dict[int, list[dt.date]]
    _slot_days: dict[int, list[dt.date]]

    def __init__(
        self,
        rows: Rows,
        structure: Structure,
        cluster: Cluster,
        people: People,
        rng: random.Random,
        today: dt.date,
        numbers: CaseNumbers,
        users: DemoUserIds,
    ) -> None:
        self.rows, self.structure, self.cluster, self.people = rows, structure, cluster, people
        self.rng, self.today, self.numbers, self.users = rng, today, numbers, users
        self.years = (today - START).days / 365.25
        self.yesterday_evening = at(today - dt.timedelta(days=1), 21)
        self.slots: dict[int, list[Slot]] = defaultdict(list)
        self.agenda: dict[int, list[int]] = defaultdict(list)  # meeting -> cases on its agenda
        self.treated: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)  # body -> (day, case)
        self.projects: dict[int, list[ProjectInfo]] = defaultdict(list)
        self.inputs: dict[tuple[int, str, Any], list[tuple[dt.datetime, int]]] = defaultdict(list)
        self.first_advice: dict[int, tuple[int, dt.date]] = {}  # project -> its first advice
        self.labels: dict[tuple[str, Any], str] = {}  # subject key -> how advice titles name it
        self._project_titles: dict[int, str] = {}
        self._project_points: dict[int, list[int]] = {}  # project -> its delmål
        self.near: dict[int, tuple[dt.date, bool]] = {}  # body -> planned meeting soon, with agenda?
        self.held_recently: dict[int, HeldMeeting] = {}  # meeting -> who came, for forfall.py
        self.case_items: dict[int, list[int]] = defaultdict(list)  # meeting -> its case items
        # (deciding body kind, title) of the titles with a year, so each comes once per body.
        self._yearly_titles: set[tuple[str, str]] = set()
