"""Cases on their way through the bodies, and their consultations."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy import Connection

from osloreg.demo.activity.base import ILLUSTRATIVE, START, TOPICS, ActivityState, at
from osloreg.demo.scale import Rows
from osloreg.enums import Basis, ConsultationResult, ConsultationRole, MeetingStatus, SubjectType
from osloreg.models import AgendaItem, Case, CaseNumber, Consultation, Meeting

CASES_PER_YEAR = 85
PREP, HEARING, DECISION = ConsultationRole.PREPARATION, ConsultationRole.HEARING, ConsultationRole.DECISION
RECOMMENDATION = ConsultationRole.RECOMMENDATION  # styret's or the valgkomité's innstilling
# (weight, kind, steps of (body, role, authoritative)): the ways a case moves through the bodies.
PATHS = (
    (25, "matter", (("expert", PREP, False), ("coordination", PREP, False), ("board", DECISION, True))),
    (30, "matter", (("coordination", PREP, False), ("board", DECISION, True))),
    (15, "orientation", (("board", DECISION, True),)),
    (
        7,
        "council",
        (("coordination", PREP, False), ("board", RECOMMENDATION, False), ("council", DECISION, True)),
    ),
    (10, "hearing", (("expert", HEARING, False), ("board", DECISION, True))),
    (8, "statement", (("policy", DECISION, True),)),
    (5, "election", (("nomination", RECOMMENDATION, False), ("council", DECISION, True))),
)
CASE_TEXTS = {  # kind -> (titles, proposed decision); a title with a year comes once per body and year
    "matter": (
        (
            "Handlingsprogram med budsjett {next}",
            "Samarbeid om {topic}",
            "Regional satsing på {topic}",
            "Rapport om {topic}",
        ),
        "Styret slutter seg til forslaget.",
    ),
    "orientation": (
        ("Orientering om {topic}", "Status for arbeidet med {topic}"),
        "Styret tar saken til orientering.",
    ),
    "council": (
        ("Årsmelding og regnskap {previous}", "Budsjett og kontingent {next}", "Uttalelse om {topic}"),
        "Representantskapet godkjenner forslaget.",
    ),
    "hearing": (
        ("Høring: {topic}", "Høringsuttalelse om {topic}"),
        "Styret vedtar høringsuttalelsen.",
    ),
    "statement": (("Uttalelse om {topic}",), "Utvalget vedtar uttalelsen."),
    "election": (
        (
            "Valg av styre for {next}",
            "Valg av leder og nestleder i representantskapet for {next}",
            "Valg av valgkomité for {next}",
        ),
        "Representantskapet velger etter valgkomiteens innstilling.",
    ),
}
# When every yearly title of an election is taken for the year, the case is a by-election.
BY_ELECTION = "Suppleringsvalg til styret"
RESULT_TEXTS = {
    ConsultationResult.ENDORSED_WITH_CHANGES: "Sluttet seg til forslaget med endringer i møtet.",
    ConsultationResult.RETURNED: "Saken sendes tilbake for bedre utredning.",
    ConsultationResult.POSTPONED: "Saken utsettes til neste møte.",
}


def final_decision(proposed: str, result: str | None) -> str | None:
    """The vedtak in the present tense, as a protocol has it, from the proposal and the result."""
    if result == ConsultationResult.ENDORSED:
        return proposed
    if result == ConsultationResult.ENDORSED_WITH_CHANGES:
        return f"{proposed.removesuffix('.')} med de endringene som kom fram i møtet."
    if result == ConsultationResult.NOTED:
        deciding_body = proposed.split(" ", 1)[0]  # "Styret", "Representantskapet", "Utvalget"
        return f"{deciding_body} tar saken til orientering."
    return None


class CaseActivity(ActivityState):
    """Cases created from 2020 on, each consulting its bodies at their meetings."""

    def _cases(self) -> None:
        rng, today = self.rng, self.today
        self._open = {
            body: [slot for slot in slots if slot.takes_cases] for body, slots in self.slots.items()
        }
        self._open_days = {body: [slot.day for slot in slots] for body, slots in self._open.items()}
        self._slot_days = {body: [slot.day for slot in slots] for body, slots in self.slots.items()}
        span = (today - START).days - 3
        weights = [weight for weight, _, _ in PATHS]
        plans = [
            (
                START + dt.timedelta(days=rng.randint(0, span)),
                rng.choices(range(len(PATHS)), weights)[0],
                None,
            )
            for _ in range(round(CASES_PER_YEAR * self.years))
        ]
        # Cases for the meetings just ahead, so that their agendas are not empty.
        group_day, board_day = self.near[self.cluster.expert_groups[0]][0], self.near[self.cluster.board][0]
        plans += [(today - dt.timedelta(days=12), 4, group_day), (today - dt.timedelta(days=8), 2, board_day)]
        for created, path, cursor in sorted(plans, key=lambda plan: plan[0]):
            self._case(created, path, cursor)
        for cases in self.treated.values():
            cases.sort()

    def _case(self, created: dt.date, path: int, cursor: dt.date | None) -> None:
        rng = self.rng
        _, kind, steps = PATHS[path]
        titles, proposed = CASE_TEXTS[kind]
        title = self._title(titles, steps, created)
        officers = [term.person for term in self.people.active(self.cluster.secretariat, created)]
        case_id = self.rows.reserve(Case)
        bodies = {
            "expert": rng.choice(self.cluster.expert_groups),
            "coordination": self.cluster.coordination,
            "board": self.cluster.board,
            "council": self.cluster.council,
            "policy": self.cluster.policy_committee,
            "nomination": self.cluster.nomination_committee,
        }
        start = cursor or created + dt.timedelta(days=rng.randint(7, 20))
        # The deciding body's vedtak for each closing result: the case's final decision is the same text.
        closing = (
            ConsultationResult.ENDORSED,
            ConsultationResult.ENDORSED_WITH_CHANGES,
            ConsultationResult.NOTED,
        )
        vedtak = {result: final_decision(proposed, result) for result in closing}
        result = self._walk(
            case_id,
            [(bodies[key], role, final) for key, role, final in steps],
            start,
            orientation=kind == "orientation",
            vedtak=vedtak,
        )
        number = self.numbers.take(created.year)  # the registration number; bodies number on agendas
        self.labels[(SubjectType.CASE, case_id)] = f"saken «{title}»"
        self.rows.add(
            Case,
            id=case_id,
            year=created.year,  # the registration number (table columns year/number)
            number=number,
            title=title,
            officer_person_id=rng.choice(officers or self.people.staff),
            proposed_decision=proposed,
            final_decision=vedtak.get(result) if result else None,
            created_at=at(created, rng.randint(8, 15)),
            basis=ILLUSTRATIVE,
        )

    def _title(
        self, titles: tuple[str, ...], steps: tuple[tuple[str, str, bool], ...], created: dt.date
    ) -> str:
        """A title for the case; one with a year ("Handlingsprogram med budsjett 2025") at most once
        per deciding body, so no year holds five of them."""
        deciding = steps[-1][0]
        drawn = self.rng.choice(titles)
        for template in (drawn, *titles):
            title = template.format(
                topic=self.rng.choice(TOPICS), next=created.year + 1, previous=created.year - 1
            )
            yearly = "{next}" in template or "{previous}" in template
            if not yearly or (deciding, title) not in self._yearly_titles:
                self._yearly_titles.add((deciding, title))
                return title
        return BY_ELECTION

    def _result(self, role: str, orientation: bool) -> str:
        if orientation:
            return ConsultationResult.NOTED
        results = (
            ConsultationResult.ENDORSED,
            ConsultationResult.ENDORSED_WITH_CHANGES,
            ConsultationResult.NOTED,
            ConsultationResult.POSTPONED,
            ConsultationResult.RETURNED,
        )
        weights = (74, 12, 3, 5, 6) if role == DECISION else (62, 22, 10, 3, 3)
        return self.rng.choices(results, weights)[0]

    def _walk(
        self,
        case_id: int,
        steps: list[tuple[int, str, bool]],
        cursor: dt.date,
        *,
        orientation: bool,
        vedtak: dict[str, str],
    ) -> str | None:
        """Consult the bodies in order at their next meetings; some cases are postponed, returned
        (and treated again, or left there), or left waiting between bodies. Returns the final result."""
        rng, sequence, step, returned = self.rng, 0, 0, False
        while step < len(steps) and sequence < 8:
            body, role, authoritative = steps[step]
            position = bisect.bisect_left(self._open_days[body], cursor)
            slot = self._open[body][position] if position < len(self._open[body]) else None
            sequence += 1
            values = {
                "case_id": case_id,
                "sequence": sequence,
                "body_id": body,
                "role": role,
                "authoritative": authoritative,
                "basis": ILLUSTRATIVE,
            }
            if slot is None:  # beyond the meetings planned so far: waiting for a date
                self.rows.add(Consultation, **values)
                return None
            self.agenda[slot.meeting].append(case_id)
            self.treated[body].append((slot.day, case_id))
            if slot.status == MeetingStatus.PLANNED:
                self.rows.add(Consultation, meeting_id=slot.meeting, planned_on=slot.day, **values)
                return None
            result = self._result(role, orientation)
            self.rows.add(
                Consultation,
                meeting_id=slot.meeting,
                planned_on=slot.day,
                treated_on=slot.day,
                result=result,
                result_text=(vedtak if authoritative else RESULT_TEXTS).get(result)
                or RESULT_TEXTS.get(result),
                **values,
            )
            cursor = slot.day + dt.timedelta(days=rng.randint(3, 14))
            if result == ConsultationResult.POSTPONED:
                continue
            if result == ConsultationResult.RETURNED:
                if returned or len(steps) == 1 or rng.random() < 0.4:
                    return result  # returned and not taken up again: stalled
                returned, step = True, 0
                cursor += dt.timedelta(days=30)
                continue
            if authoritative:
                return result
            step += 1
            if step < len(steps) and rng.random() < 0.04:
                # The next body is known, but the case never got onto one of its meetings: stalled.
                body, role, authoritative = steps[step]
                self.rows.add(
                    Consultation,
                    case_id=case_id,
                    sequence=sequence + 1,
                    body_id=body,
                    role=role,
                    authoritative=authoritative,
                    basis=ILLUSTRATIVE,
                )
                return None
        return None


def number_agendas(rows: Rows, connection: Connection) -> None:
    """Give every case on a meeting's agenda its number in that body's series of the meeting's year,
    in date and agenda order, as the bodies do. The real cases' numbers stand: the made-up ones run
    on past each of them from its meeting on, so none is numbered out of date order around them."""
    held: set[tuple[int, int, int]] = set()  # (case, body, year) numbered already
    anchors: dict[tuple[int, int], list[tuple[dt.datetime, int]]] = defaultdict(list)
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)
    for case_id, body_id, year, number, starts_at in connection.execute(
        sa.select(
            CaseNumber.case_id, CaseNumber.body_id, CaseNumber.year, CaseNumber.number, Meeting.starts_at
        )
        .outerjoin(
            Consultation,
            sa.and_(Consultation.case_id == CaseNumber.case_id, Consultation.body_id == CaseNumber.body_id),
        )
        .outerjoin(Meeting, Meeting.id == Consultation.meeting_id)
    ):
        held.add((case_id, body_id, year))
        taken[(body_id, year)].add(number)
        if starts_at is None or starts_at.year == year:
            anchors[(body_id, year)].append((starts_at or dt.datetime(year, 1, 1), number))
    items: dict[tuple[int, int], list[tuple[dt.datetime, int, int]]] = defaultdict(list)
    for case_id, body_id, starts_at, position in connection.execute(
        sa.select(Consultation.case_id, Meeting.body_id, Meeting.starts_at, AgendaItem.position)
        .join(Meeting, Meeting.id == Consultation.meeting_id)
        .join(
            AgendaItem,
            sa.and_(AgendaItem.meeting_id == Meeting.id, AgendaItem.case_id == Consultation.case_id),
        )
        # Only the made-up cases: a real case has the numbers its sources give, and no other.
        .join(Case, sa.and_(Case.id == Consultation.case_id, Case.basis == Basis.ILLUSTRATIVE))
        .order_by(Meeting.starts_at, AgendaItem.position)
    ):
        key = (case_id, body_id, starts_at.year)
        if key not in held:
            held.add(key)
            items[(body_id, starts_at.year)].append((starts_at, position, case_id))
    for (body_id, year), agenda in items.items():
        real = sorted(anchors.get((body_id, year), []))
        following = 1
        for starts_at, _, case_id in agenda:
            while real and real[0][0] <= starts_at:
                following = max(following, real.pop(0)[1] + 1)
            while following in taken[(body_id, year)]:
                following += 1
            rows.add(
                CaseNumber,
                case_id=case_id,
                body_id=body_id,
                year=year,
                number=following,
                assigned_at=starts_at,
            )
            following += 1
