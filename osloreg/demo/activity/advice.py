"""Input from the members, advice from the expert groups and the director's decisions on it."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from typing import Any

from osloreg.demo.activity.base import ILLUSTRATIVE, START, TOPICS, ActivityState, at
from osloreg.enums import AdviceState, Outcome, SubjectType
from osloreg.models import Advice, AdviceInput, AdvicePoint, Decision, Input, ProjectPoint

INPUTS_PER_YEAR = 215
ADVICE_PER_YEAR = 72
MAX_DAYS_WAITING = 100  # submitted advice waits days to a few months for the director's decision
INPUT_TEXTS = (
    "{unit} støtter forslaget, men ber om at {topic} vektlegges mer.",
    "Innspill fra {unit}: vi har erfaringer med {topic} som kan deles i gruppen.",
    "{unit} mener tidsplanen er for stram og foreslår å utsette oppstarten.",
    "{unit} ønsker at flere kommuner involveres, og kan bidra i en arbeidsgruppe.",
    "Vi savner et tydeligere kunnskapsgrunnlag om {topic}.",
    "Forslaget bør ses i sammenheng med arbeidet med {topic} i {unit}.",
)
RATIONALES = {
    Outcome.FOLLOWED: "Rådet følges. Sekretariatet følger opp i tråd med anbefalingen.",
    Outcome.PARTLY_FOLLOWED: "Rådet følges delvis; hovedpunktene tas med videre, resten avventes.",
    Outcome.NOT_FOLLOWED: "Rådet følges ikke nå av budsjetthensyn. Saken kan tas opp igjen neste år.",
    Outcome.NOTED: "Rådet er tatt til orientering og inngår i det videre arbeidet.",
}
RECOMMENDATIONS = (
    "Faggruppen anbefaler at arbeidet videreføres, med tydeligere mål og en enkel evaluering.",
    "Faggruppen anbefaler å prioritere tiltaket i neste handlingsplan.",
    "Faggruppen anbefaler å utsette oppstarten til finansieringen er avklart.",
    "Faggruppen anbefaler at flere delregioner trekkes inn før beslutning.",
)


class AdviceActivity(ActivityState):
    """Input to the expert groups, the advice drawn from it, and the decisions on that advice."""

    def _subject(
        self, body: int, day: dt.date, weights: tuple[int, int, int, int]
    ) -> tuple[dict[str, Any], tuple[str, Any]]:
        """What an input or advice is about: (its columns, a key to match input to advice)."""
        kinds = (SubjectType.PROJECT, SubjectType.CASE, SubjectType.MEETING, SubjectType.POLICY)
        kind = self.rng.choices(kinds, weights)[0]
        if kind == SubjectType.PROJECT:
            running = [p.id for p in self.projects[body] if p.start - dt.timedelta(days=90) <= day <= p.end]
            if running:
                project = self.rng.choice(running)
                return {"subject_type": kind, "project_id": project}, (kind, project)
        if kind == SubjectType.CASE:
            treated = self.treated[body]
            first = bisect.bisect_left(treated, (day, 0))
            upcoming = [
                case for treated_on, case in treated[first : first + 6] if (treated_on - day).days <= 45
            ]
            if upcoming:
                case = self.rng.choice(upcoming)
                return {"subject_type": kind, "case_id": case}, (kind, case)
        if kind == SubjectType.MEETING:
            position = bisect.bisect_left(self._slot_days[body], day)
            if position < len(self.slots[body]) and (self.slots[body][position].day - day).days <= 40:
                meeting = self.slots[body][position].meeting
                return {"subject_type": kind, "meeting_id": meeting}, (kind, meeting)
        topic = f"Interessepolitikk for {self.rng.choice(TOPICS)}"
        return {"subject_type": SubjectType.POLICY, "policy_topic": topic}, (SubjectType.POLICY, topic)

    def _label(self, key: tuple[str, Any]) -> str:
        kind, subject = key
        if kind == SubjectType.POLICY:
            # Only the first letter: "Råd om interessepolitikk for Oslofjorden", names keep their capitals.
            text = str(subject)
            return text[:1].lower() + text[1:]
        if kind == SubjectType.MEETING:
            return "saker til neste møte"
        if kind == SubjectType.PROJECT:
            return f"prosjektet «{self._project_titles[subject]}»"
        return self.labels[key]

    def _days(self, count: int) -> list[dt.date]:
        """Days of activity up to yesterday, so nothing is dated later than the load."""
        span = (self.today - START).days - 1
        return sorted(START + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(count))

    def _inputs(self) -> None:
        rng = self.rng
        for day in self._days(round(INPUTS_PER_YEAR * self.years)):
            body = rng.choice(self.cluster.expert_groups)
            members = [term for term in self.people.active(body, day) if term.unit is not None]
            if not members:
                continue
            term = rng.choice(members)
            columns, key = self._subject(body, day, (40, 25, 15, 20))
            created = at(day, rng.randint(8, 20), rng.randint(0, 29))
            edited = created
            if rng.random() < 0.2:
                edited = min(created + dt.timedelta(days=rng.randint(0, 3)), self.yesterday_evening)
            text = rng.choice(INPUT_TEXTS).format(
                unit=self.structure.unit_names[term.unit], topic=rng.choice(TOPICS)
            )
            input_id = self.rows.add(
                Input,
                body_id=body,
                author_person_id=term.person,
                unit_id=term.unit,
                text=text,
                link=f"https://example.org/dokument/{rng.randint(1000, 9999)}"
                if rng.random() < 0.1
                else None,
                created_at=created,
                updated_at=edited,
                basis=ILLUSTRATIVE,
                withdrawn_at=edited + dt.timedelta(minutes=30) if rng.random() < 0.03 else None,
                **columns,
            )
            self.inputs[(body, *key)].append((created, input_id))

    def _advice_state(self, day: dt.date) -> str:
        age = (self.today - day).days
        states = (AdviceState.DECIDED, AdviceState.SUBMITTED, AdviceState.WITHDRAWN, AdviceState.DRAFT)
        # Old advice is mostly decided; a few submitted long ago still wait, past their target date.
        if age > 365:
            weights = (90, 1, 8, 1)
        elif age > 90:
            weights = (78, 8, 8, 6)
        else:
            weights = (45, 35, 5, 15) if age > 30 else (10, 50, 0, 40)
        return self.rng.choices(states, weights)[0]

    def _advice(self) -> None:
        rng, today = self.rng, self.today
        decided: list[tuple[int, dt.datetime]] = []
        reference_group = self.cluster.expert_groups[0]
        for day in self._days(round(ADVICE_PER_YEAR * self.years)):
            body = rng.choice(self.cluster.expert_groups)
            columns, key = self._subject(body, day, (45, 20, 5, 30))
            created = at(day, rng.randint(8, 16))
            state = self._advice_state(day)
            submitted = created + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6))
            decided_at = submitted + dt.timedelta(days=rng.randint(2, 45), hours=rng.randint(0, 6))
            if state == AdviceState.DECIDED and decided_at.date() >= today:
                state = AdviceState.SUBMITTED
            if state == AdviceState.SUBMITTED and submitted.date() >= today:
                state = AdviceState.DRAFT
            if state == AdviceState.SUBMITTED and (today - submitted.date()).days > MAX_DAYS_WAITING:
                # The director answers within a few months: advice does not wait for years.
                state = AdviceState.DECIDED
            elif state == AdviceState.DRAFT and (today - day).days > MAX_DAYS_WAITING:
                state = AdviceState.WITHDRAWN  # a draft nobody finished is dropped, not kept for years
            leader_since = self.people.leader_since
            # The `leder` account writes the reference group's advice only while its person leads it.
            leads = leader_since is not None and day >= leader_since
            author = (
                self.users.leader
                if self.cluster.index == 0 and body == reference_group and leads and rng.random() < 0.5
                else self.users.coordinator
            )
            has_been_submitted = state in (AdviceState.SUBMITTED, AdviceState.DECIDED) or (
                state == AdviceState.WITHDRAWN and rng.random() < 0.5
            )
            advice_id = self.rows.add(
                Advice,
                body_id=body,
                title=f"Råd om {self._label(key)}",
                recommendation=rng.choice(RECOMMENDATIONS),
                target_date=day + dt.timedelta(days=rng.randint(30, 90)),
                state=state,
                created_at=created,
                created_by_user_id=author,
                submitted_at=submitted if has_been_submitted else None,
                basis=ILLUSTRATIVE,
                **columns,
            )
            earlier = [input_id for when, input_id in self.inputs.get((body, *key), []) if when < created]
            for input_id in rng.sample(earlier[-6:], min(len(earlier[-6:]), rng.randint(1, 4))):
                self.rows.add(AdviceInput, advice_id=advice_id, input_id=input_id)
            for point in self._advice_points(advice_id, key):
                self.rows.add(AdvicePoint, advice_id=advice_id, point_id=point)
            if state == AdviceState.DECIDED:
                decided.append((advice_id, decided_at))
            if key[0] == SubjectType.PROJECT:
                self.first_advice.setdefault(key[1], (advice_id, day))
        self._decisions(decided)

    def _advice_points(self, advice_id: int, key: tuple[str, Any]) -> list[int]:
        """The strategy points an advice serves: its project's, or for a policy matter one or two of
        the aims of area 3. Drawn from a generator of the advice's own, so that adding the points
        left every other draw of the data set as it was."""
        if key[0] == SubjectType.PROJECT:
            return self._points_of_project().get(key[1], [])
        if key[0] == SubjectType.POLICY and self.structure.strategy_points:
            own = random.Random(f"advice-points-{advice_id}")
            return sorted(own.sample(self.structure.strategy_points, own.randint(1, 2)))
        return []

    def _points_of_project(self) -> dict[int, list[int]]:
        # The project points are still waiting in `rows` (ProjectActivity adds them, the cluster is
        # written after build()), and ActivityState keeps no map of them; read them from there once.
        if getattr(self, "_project_points", None) is None:
            points: dict[int, list[int]] = defaultdict(list)
            for row in self.rows._pending.get(ProjectPoint.__tablename__, ()):
                points[row["project_id"]].append(row["point_id"])
            self._project_points = dict(points)
        return self._project_points

    def _decisions(self, decided: list[tuple[int, dt.datetime]]) -> None:
        """The director's decisions; one is reopened: the old row is kept, marked, and a new one added."""
        rng, director = self.rng, self.users.director
        old_enough = [advice for advice, when in decided if (self.today - when.date()).days > 90]
        reopened = rng.choice(old_enough) if old_enough else None
        outcomes = list(RATIONALES)
        for advice_id, decided_at in decided:
            outcome = rng.choices(outcomes, (50, 25, 10, 15))[0]
            follow_up = None
            if rng.random() < 0.3:
                follow_up = decided_at.date() + dt.timedelta(days=rng.randint(30, 150))
            values = {
                "advice_id": advice_id,
                "outcome": outcome,
                "rationale": RATIONALES[outcome],
                "decided_by_user_id": director,
                "decided_at": decided_at,
                "follow_up_on": follow_up,
                "basis": ILLUSTRATIVE,
            }
            if advice_id != reopened:
                self.rows.add(Decision, **values)
                continue
            reopened_at = decided_at + dt.timedelta(days=20)
            self.rows.add(
                Decision,
                **values,
                reopened_at=reopened_at,
                reopened_by_user_id=director,
                reopen_reason="Faggruppen la fram nye opplysninger om kostnadene.",
            )
            self.rows.add(
                Decision,
                **{
                    **values,
                    "outcome": Outcome.PARTLY_FOLLOWED,
                    "rationale": RATIONALES[Outcome.PARTLY_FOLLOWED],
                    "decided_at": reopened_at + dt.timedelta(days=5),
                },
            )
