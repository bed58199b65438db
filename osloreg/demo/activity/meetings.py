"""Meetings of the bodies: schedules, attendance, minutes and agendas."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from osloreg.demo.activity.base import ILLUSTRATIVE, START, ActivityState, Slot, at, weekday_on_or_after
from osloreg.enums import MeetingStatus
from osloreg.models import AgendaItem, Attendance, Meeting

HORIZON = dt.timedelta(days=90)  # meetings are planned this far ahead
HEADINGS_BEFORE = ("Godkjenning av innkalling og saksliste", "Godkjenning av protokoll fra forrige møte")
HEADINGS_AFTER = ("Orienteringssaker", "Eventuelt")


class MeetingActivity(ActivityState):
    """The meetings of every body from 2020 to a little past `today`, and their agendas."""

    def _schedules(self) -> dict[int, tuple[tuple[int, ...], int, int]]:
        """Body -> (months with a meeting, starting hour, hours)."""
        cluster = self.cluster
        schedules = {
            cluster.council: ((10,), 13, 3),
            cluster.board: ((1, 3, 4, 6, 9, 10, 11, 12), 10, 4),
            cluster.coordination: ((1, 2, 3, 4, 5, 6, 8, 9, 10, 11), 9, 2),
            cluster.policy_committee: ((2, 5, 9, 11), 12, 2),
            cluster.nomination_committee: ((8, 9, 10), 14, 2),
        }
        for group in cluster.expert_groups:
            schedules[group] = ((1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12), 9, 3)
        return schedules

    def _meetings(self) -> None:
        today, rng, cluster = self.today, self.rng, self.cluster
        # Meetings within the next two weeks: two with an agenda, one without yet.
        self.near = {
            cluster.expert_groups[0]: (weekday_on_or_after(today + dt.timedelta(days=3)), True),
            cluster.board: (weekday_on_or_after(today + dt.timedelta(days=8)), True),
            cluster.expert_groups[-1]: (weekday_on_or_after(today + dt.timedelta(days=12)), False),
        }
        last = today + HORIZON
        for body, (months, hour, hours) in self._schedules().items():
            days = [
                weekday_on_or_after(dt.date(year, month, rng.randint(3, 24)))
                for year in range(START.year, last.year + 1)
                for month in months
            ]
            sourced = self.structure.fixed_meetings.get(body, []) if cluster.index == 0 else []
            days = [day for day in days if day <= last and all(abs((day - s).days) > 7 for s in sourced)]
            if body in self.near:
                near_day = self.near[body][0]
                days = [day for day in days if abs((day - near_day).days) > 14] + [near_day]
            numbers: dict[int, int] = defaultdict(int)
            for day in sorted(days):
                numbers[day.year] += 1
                self._meeting(body, day, hour, hours, f"Møte {numbers[day.year]}/{day.year}")

    def _meeting(self, body: int, day: dt.date, hour: int, hours: int, title: str) -> None:
        status = MeetingStatus.HELD if day < self.today else MeetingStatus.PLANNED
        if status == MeetingStatus.HELD and self.rng.random() < 0.05:
            status = MeetingStatus.CANCELLED
        minutes = None
        meeting_id = self.rows.reserve(Meeting)
        if status == MeetingStatus.HELD:
            attending = {term.person: term.unit for term in self.people.active(body, day)}
            present = 0
            for person, unit in attending.items():
                here = self.rng.random() < 0.85
                present += here
                self.rows.add(Attendance, meeting_id=meeting_id, person_id=person, unit_id=unit, present=here)
            minutes = (
                f"Til stede: {present} av {len(attending)}. "
                "Sakene ble behandlet som vist i sakslisten. "
                + self.rng.choice(
                    (
                        "Ingen saker under eventuelt.",
                        "Neste møte ble bekreftet.",
                        "Sekretariatet orienterte om kommende arrangementer.",
                    )
                )
            )
        municipality = self.structure.unit_names[self.rng.choice(self.structure.municipalities)]
        place = self.rng.choice(("Oslo rådhus", "Digitalt møte (Teams)", f"{municipality} (vertskommune)"))
        self.rows.add(
            Meeting,
            id=meeting_id,
            body_id=body,
            title=title,
            starts_at=at(day, hour),
            ends_at=at(day, hour + hours),
            place=place,
            status=status,
            minutes=minutes,
            basis=ILLUSTRATIVE,
        )
        no_agenda_yet = self.near.get(body) == (day, False)
        takes_cases = status != MeetingStatus.CANCELLED and not no_agenda_yet
        self.slots[body].append(Slot(day, meeting_id, status, takes_cases))

    def _agendas(self) -> None:
        soon = self.today + dt.timedelta(days=14)
        for slots in self.slots.values():
            for slot in slots:
                cases = sorted(self.agenda.get(slot.meeting, []))
                # Agendas are set about two weeks ahead; cancelled meetings keep none.
                if not slot.takes_cases or (not cases and slot.day > soon):
                    continue
                items: list[dict[str, Any]] = [{"heading": heading} for heading in HEADINGS_BEFORE]
                items += [{"case_id": case_id} for case_id in cases]
                items += [{"heading": heading} for heading in HEADINGS_AFTER]
                for position, item in enumerate(items, start=1):
                    self.rows.add(AgendaItem, meeting_id=slot.meeting, position=position, **item)
