"""Forfall, vara called in and inhabilitet in the last year's meetings; forfall for the meetings ahead."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

from osloreg.demo.activity.base import ActivityState, HeldMeeting, at
from osloreg.demo.terms import Term
from osloreg.demo.vara import SEATS, VaraTerm
from osloreg.enums import CallAnswer, DisqualificationGround, DisqualificationStatus
from osloreg.models import Absence, Attendance, Disqualification, SubstituteCall

# Fictional, as a secretariat records them.
REASONS = (
    "Sykdom",
    "Annet møte i kommunen",
    "Reise",
    "Permisjon",
    "Kommunestyremøte samme dag",
    "Ferie",
    "Sykt barn",
    "Kurs",
)
CALLED_SHARE = 0.6  # of the forfall of the last year, those a vara was called in for
DECLINED_FIRST_SHARE = 0.3  # of those with two vara to ask, the first declined
DISQUALIFICATIONS = 10
# A made-up fact for each ground, as the body would record it.
GROUNDS: dict[str, str] = {
    DisqualificationGround.FVL_6_1_A: "Søker selv om tilskudd i saken",
    DisqualificationGround.FVL_6_1_B: "Broren er daglig leder i foreningen som søker om midler",
    DisqualificationGround.FVL_6_1_C: "Samboer med prosjektlederen i søkerselskapet",
    DisqualificationGround.FVL_6_1_D: "Har vært fullmektig for søkeren i saken",
    DisqualificationGround.FVL_6_1_E: "Styreleder i selskapet som søker om midler",
    DisqualificationGround.FVL_6_2: "Har uttalt seg offentlig på vegne av søkeren i saken",
    DisqualificationGround.KOML_11_10_2: "Har forberedt saken som ansatt i kommunen",
}


class ForfallActivity(ActivityState):
    """Forfall with a random stream of its own, so that everything drawn before stays as it was."""

    def _forfall(self) -> None:
        self._forfall_rng = random.Random(f"forfall {self.cluster.index}")
        self._vara_called: set[tuple[int, int]] = set()  # (meeting, vara) already asked
        self._vara_met: Counter[int] = Counter()  # meeting -> vara who met for a member
        for meeting in sorted(self.held_recently.values(), key=lambda held: held.id):
            self._held_forfall(meeting)
        self._inhabil()
        self._forfall_ahead()

    # --- who to ask ------------------------------------------------------------------------------

    def _offers(self, body: int, day: dt.date, person: int, unit: int | None) -> list[VaraTerm]:
        """As rules.attendance.vara_offers: the member's personal vara, then the unit's by order."""
        active = [vara for vara in self.people.vara_terms.get(body, ()) if vara.active(day)]
        own = [vara for vara in active if vara.for_person == person]
        of_unit = [
            vara for vara in active if vara.for_person is None and unit is not None and vara.unit == unit
        ]
        return [*own, *sorted(of_unit, key=lambda vara: vara.order or 0)]

    def _not_demo_account(self, person: int) -> bool:
        # The `medlem` and `leder` accounts report their own forfall in the browser tests.
        return person not in (self.people.member_person, self.people.leader_person)

    def _absence(self, meeting: int, person: int, reported_at: dt.datetime) -> int:
        return self.rows.add(
            Absence,
            meeting_id=meeting,
            person_id=person,
            reason=self._forfall_rng.choice(REASONS),
            reported_at=reported_at,
            reported_by_user_id=self.users.coordinator,
        )

    def _call(
        self,
        absence: int,
        meeting: int,
        vara: VaraTerm,
        unit: int | None,
        called_at: dt.datetime,
        answer: str,
    ) -> None:
        self._vara_called.add((meeting, vara.person))
        answered = answer != CallAnswer.PENDING
        self.rows.add(
            SubstituteCall,
            absence_id=absence,
            meeting_id=meeting,
            person_id=vara.person,
            unit_id=unit,
            called_at=called_at,
            called_by_user_id=self.users.coordinator,
            answer=answer,
            answered_at=called_at + dt.timedelta(hours=3) if answered else None,
            answer_by_user_id=self.users.coordinator if answered else None,
        )

    # --- the last year ---------------------------------------------------------------------------

    def _held_forfall(self, meeting: HeldMeeting) -> None:
        """Each seat holder marked absent sent forfall a few days before; for most a vara was called in
        and met for them (after a first vara declined, now and then)."""
        rng, day = self._forfall_rng, meeting.starts_at.date()
        for term, here in meeting.marks:
            if here or term.role not in SEATS or not self._not_demo_account(term.person):
                continue
            reported = at(day - dt.timedelta(days=rng.randint(1, 10)), rng.randint(8, 15))
            absence = self._absence(meeting.id, term.person, reported)
            offers = [
                vara
                for vara in self._offers(meeting.body, day, term.person, term.unit)
                if (meeting.id, vara.person) not in self._vara_called
            ]
            if not offers or rng.random() >= CALLED_SHARE:
                continue
            called = reported + dt.timedelta(hours=1)
            if len(offers) > 1 and rng.random() < DECLINED_FIRST_SHARE:
                self._call(absence, meeting.id, offers.pop(0), term.unit, called, CallAnswer.DECLINED)
                called += dt.timedelta(hours=4)
            vara = offers[0]
            self._call(absence, meeting.id, vara, term.unit, called, CallAnswer.ACCEPTED)
            self._vara_met[meeting.id] += 1
            self.rows.add(
                Attendance,
                meeting_id=meeting.id,
                person_id=vara.person,
                unit_id=term.unit,
                present=True,
                attended_for_person_id=term.person,
            )

    def _inhabil(self) -> None:
        """A few members who were there left one sak as inhabil, on each ground in turn; only where the
        body stayed vedtaksfør without them."""
        rng = self._forfall_rng
        candidates = [
            meeting
            for meeting in sorted(self.held_recently.values(), key=lambda held: held.id)
            if self.case_items.get(meeting.id)
        ]
        grounds = list(GROUNDS)
        for number, meeting in enumerate(rng.sample(candidates, min(DISQUALIFICATIONS, len(candidates)))):
            seats = [term for term, _ in meeting.marks if term.role in SEATS]
            came = [term.person for term, here in meeting.marks if here and term.role in SEATS]
            if not came or len(came) + self._vara_met[meeting.id] - 1 < math.ceil(len(seats) / 2):
                continue
            ground = grounds[number % len(grounds)]
            self.rows.add(
                Disqualification,
                meeting_id=meeting.id,
                agenda_item_id=rng.choice(self.case_items[meeting.id]),
                person_id=rng.choice(came),
                status=DisqualificationStatus.DECIDED,
                ground=ground,
                reason=GROUNDS[ground],
                recorded_at=meeting.starts_at + dt.timedelta(minutes=30),
                recorded_by_user_id=self.users.coordinator,
            )

    # --- the meetings ahead ------------------------------------------------------------------------

    def _near_meeting(self, body: int) -> tuple[int, dt.date] | None:
        near = self.near.get(body)
        if near is None:
            return None
        slot = next((slot for slot in self.slots[body] if slot.day == near[0]), None)
        return (slot.meeting, slot.day) if slot is not None else None

    def _seated_on(self, body: int, day: dt.date) -> list[Term]:
        return [
            term
            for term in self.people.active(body, day)
            if term.role in SEATS and term.unit is not None and self._not_demo_account(term.person)
        ]

    def _forfall_ahead(self) -> None:
        """The board's next meeting: two forfall, one with a vara who has accepted, one with a vara
        asked and no answer yet. The reference group's next meeting: one forfall, no vara called yet."""
        rng, yesterday = self._forfall_rng, self.today - dt.timedelta(days=1)
        board = self._near_meeting(self.cluster.board)
        if board is not None:
            meeting, day = board
            members = [
                term
                for term in self._seated_on(self.cluster.board, day)
                if self._offers(self.cluster.board, day, term.person, term.unit)
            ]
            for term, answer in zip(
                rng.sample(members, min(2, len(members))),
                (CallAnswer.ACCEPTED, CallAnswer.PENDING),
                strict=False,
            ):
                reported = at(yesterday - dt.timedelta(days=1 if answer == CallAnswer.ACCEPTED else 0), 10)
                absence = self._absence(meeting, term.person, reported)
                vara = self._offers(self.cluster.board, day, term.person, term.unit)[0]
                self._call(absence, meeting, vara, term.unit, reported + dt.timedelta(hours=2), answer)
        group = self._near_meeting(self.cluster.expert_groups[0])
        if group is not None:
            meeting, day = group
            body = self.cluster.expert_groups[0]
            members = [
                term for term in self._seated_on(body, day) if self._offers(body, day, term.person, term.unit)
            ]
            if members:
                self._absence(meeting, rng.choice(members).person, at(yesterday, 15))
