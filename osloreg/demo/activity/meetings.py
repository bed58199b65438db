"""Meetings of the bodies: schedules, attendance, minutes and agendas."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from osloreg.demo.activity.base import (
    ILLUSTRATIVE,
    START,
    ActivityState,
    HeldMeeting,
    Slot,
    at,
    weekday_on_or_after,
)
from osloreg.enums import MeetingStatus, ProtocolApproval
from osloreg.models import AgendaItem, Attendance, Meeting, MeetingStatusChange, MinutesApproval

HORIZON = dt.timedelta(days=90)  # meetings are planned this far ahead
# How far back forfall, vara called in and inhabilitet are kept (forfall.py); older meetings keep only
# who was there.
FORFALL_HISTORY = dt.timedelta(days=365)
HEADINGS_BEFORE = ("Godkjenning av innkalling og saksliste", "Godkjenning av protokoll fra forrige møte")
HEADINGS_AFTER = ("Orienteringssaker", "Eventuelt")
APPROVAL_HEADING = HEADINGS_BEFORE[1]
# A heading treated behind closed doors at one board meeting of the last year (fictional): the public
# view shows only "Unntatt offentlighet" and this basis in its place.
CLOSED_ITEM = {
    "heading": "Orientering om en personalsak i sekretariatet",
    "closed_basis": "kommuneloven § 11-5 andre ledd bokstav a",
}
# The behandling of a case item at a meeting of the last year: how it was taken up, not its result
# (the treatment's result and vedtak say that). Fictional.
PROCEEDINGS = (
    "Sekretariatet orienterte om saken. Saken ble drøftet.",
    "Saksansvarlig la fram saken. Det kom innspill fra flere medlemmer, som ble tatt til etterretning.",
    "Sekretariatet orienterte. Forslag til vedtak ble lagt fram og drøftet.",
    "Saken ble lagt fram uten ytterligere orientering.",
)
CANCEL_REASON = "For få saker til behandling; sakene flyttes til neste møte."


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
        self._meeting_rows: dict[int, dict[str, Any]] = {}  # written by _cycle
        self._approval_items: dict[int, int] = {}  # meeting -> its "Godkjenning av protokoll" item
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
            # A body meets only while it exists: the areal group split by January 2021 has no meeting
            # after (its forecast would show a group with no members that no one can call in).
            founded, dissolved = self.people.life(body)
            days = [
                day
                for day in days
                if (founded is None or day >= founded) and (dissolved is None or day <= dissolved)
            ]
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
            terms = {term.person: term for term in self.people.active(body, day)}
            attending = {person: term.unit for person, term in terms.items()}
            present = 0
            marks = []
            for person, unit in attending.items():
                here = self.rng.random() < 0.85
                present += here
                marks.append((terms[person], here))
                self.rows.add(Attendance, meeting_id=meeting_id, person_id=person, unit_id=unit, present=here)
            if day >= self.today - FORFALL_HISTORY:
                self.held_recently[meeting_id] = HeldMeeting(meeting_id, body, at(day, hour), tuple(marks))
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
        # The row is added by _cycle, once the later meetings say how far its cycle has come.
        self._meeting_rows[meeting_id] = dict(
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

    _closed_shown = False

    def _is_board(self, meeting_id: int) -> bool:
        return self._meeting_rows[meeting_id]["body_id"] == self.cluster.board

    def _agendas(self) -> None:
        soon = self.today + dt.timedelta(days=14)
        last_year = self.today - dt.timedelta(days=365)
        for slots in self.slots.values():
            for slot in slots:
                cases = sorted(self.agenda.get(slot.meeting, []))
                # Agendas are set about two weeks ahead; cancelled meetings keep none.
                if not slot.takes_cases or (not cases and slot.day > soon):
                    continue
                items: list[dict[str, Any]] = [{"heading": heading} for heading in HEADINGS_BEFORE]
                items += [{"case_id": case_id} for case_id in cases]
                held = slot.status == MeetingStatus.HELD
                if held and not self._closed_shown and slot.day >= last_year and self._is_board(slot.meeting):
                    # One item behind closed doors, so the public view shows what it publishes of one.
                    items.append(CLOSED_ITEM)
                    self._closed_shown = True
                items += [{"heading": heading} for heading in HEADINGS_AFTER]
                for position, item in enumerate(items, start=1):
                    if held and item.get("heading") == HEADINGS_BEFORE[0]:
                        item["decision_text"] = "Innkalling og saksliste ble godkjent."
                    if held and "case_id" in item and slot.day >= last_year:
                        # Not drawn from rng: the draws after the agendas stay as they were.
                        item["proceedings"] = PROCEEDINGS[(slot.meeting + position) % len(PROCEEDINGS)]
                    item_id = self.rows.add(AgendaItem, meeting_id=slot.meeting, position=position, **item)
                    if "case_id" in item:
                        self.case_items[slot.meeting].append(item_id)
                    if item.get("heading") == APPROVAL_HEADING:
                        self._approval_items[slot.meeting] = item_id

    def _cycle(self) -> None:
        """How far each meeting's cycle has come, as a secretariat that has used the app for years has
        it: a protokoll approved under "Godkjenning av protokoll fra forrige møte" at the body's next
        meeting that took place (and published a few days later by the political bodies); the latest
        meeting of each body waiting for approval. Every step is kept as the coordinator's. The
        innkallinger of the meetings ahead are sent once the agenda numbers are known (calling.py).
        The sourced meetings (structure._sourced_meeting) are not slots: no source says how their
        protokoll was approved, so they stay held (older than the overview's window) and approve
        nothing; an illustrative meeting before one is approved at the body's next illustrative one."""
        coordinator = self.users.coordinator
        publishes = {
            self.cluster.council,
            self.cluster.board,
            self.cluster.policy_committee,
            self.cluster.nomination_committee,
        }
        for body, slots in self.slots.items():
            took_place = [slot for slot in slots if slot.status == MeetingStatus.HELD]
            approved_at = {
                slot.meeting: later
                for slot, later in zip(took_place, took_place[1:], strict=False)
                if later.meeting in self._approval_items
            }
            for slot in slots:
                values = self._meeting_rows.pop(slot.meeting)
                ends = values["ends_at"]
                steps: list[tuple[str, str, dt.datetime, str | None]] = []
                if slot.status == MeetingStatus.CANCELLED:
                    cancelled = at(slot.day - dt.timedelta(days=self.rng.randint(2, 10)), 15)
                    steps.append((MeetingStatus.PLANNED, MeetingStatus.CANCELLED, cancelled, CANCEL_REASON))
                elif slot.status == MeetingStatus.HELD:
                    steps.append((MeetingStatus.PLANNED, MeetingStatus.HELD, ends, None))
                later = approved_at.get(slot.meeting)
                if later is not None:
                    approved = later.day
                    values["status"] = MeetingStatus.APPROVED
                    recorded = at(approved, 16)
                    steps.append((MeetingStatus.HELD, MeetingStatus.APPROVED, recorded, None))
                    self.rows.add(
                        MinutesApproval,
                        meeting_id=slot.meeting,
                        method=ProtocolApproval.AT_MEETING,
                        approved_on=approved,
                        agenda_item_id=self._approval_items[later.meeting],
                        recorded_at=recorded,
                        recorded_by_user_id=coordinator,
                    )
                    published = approved + dt.timedelta(days=self.rng.randint(1, 5))
                    if body in publishes and published < self.today:
                        values["status"] = MeetingStatus.PUBLISHED
                        steps.append(
                            (MeetingStatus.APPROVED, MeetingStatus.PUBLISHED, at(published, 10), None)
                        )
                self.rows.add(Meeting, **values)
                for from_status, to_status, changed_at, reason in steps:
                    self.rows.add(
                        MeetingStatusChange,
                        meeting_id=slot.meeting,
                        from_status=from_status,
                        to_status=to_status,
                        changed_at=changed_at,
                        changed_by_user_id=coordinator,
                        reason=reason,
                    )
