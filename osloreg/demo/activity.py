"""Illustrative activity of one cluster of bodies: meetings, cases on their way, projects, input, advice."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from osloreg.demo.names import People
from osloreg.demo.scale import Cluster, Rows
from osloreg.demo.structure import SEED_FILE, Structure
from osloreg.enums import (
    AdviceState,
    Basis,
    ConsultationResult,
    ConsultationRole,
    MeetingStatus,
    Outcome,
    ProjectStatus,
    SubjectType,
)
from osloreg.models import (
    ActionMeasure,
    ActionMeasurePoint,
    ActionPlan,
    Advice,
    AdviceInput,
    AgendaItem,
    Attendance,
    Case,
    Consultation,
    Decision,
    Input,
    Meeting,
    Milestone,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    ProjectStatusChange,
)

START = dt.date(2020, 1, 1)
HORIZON = dt.timedelta(days=90)  # meetings are planned this far ahead
MANDATE_FROM = dt.date(2020, 9, 11)  # the reference group's checkpoints exist since case 48/20
CASES_PER_YEAR = 85
INPUTS_PER_YEAR = 215
ADVICE_PER_YEAR = 72
PROJECTS_PER_CLUSTER = 40
ILLUSTRATIVE = Basis.ILLUSTRATIVE
PREP, HEARING, DECISION = ConsultationRole.PREPARATION, ConsultationRole.HEARING, ConsultationRole.DECISION

TOPICS = (
    "areal og transport", "klima og miljø", "kompetanse og arbeidskraft", "næringsutvikling",
    "internasjonal profilering", "reiseliv", "grønn næringstransport", "Oslofjorden", "talentattraksjon",
    "digitalisering", "boligbygging", "kollektivtrafikk", "næringsklynger", "EU-programmer",
    "samfunnssikkerhet", "sirkulær økonomi",
)
# (weight, kind, steps of (body, role, authoritative)): the ways a case moves through the bodies.
PATHS = (
    (25, "matter", (("expert", PREP, False), ("coordination", PREP, False), ("board", DECISION, True))),
    (30, "matter", (("coordination", PREP, False), ("board", DECISION, True))),
    (15, "orientation", (("board", DECISION, True),)),
    (7, "council", (("coordination", PREP, False), ("board", PREP, False), ("council", DECISION, True))),
    (10, "hearing", (("expert", HEARING, False), ("board", DECISION, True))),
    (8, "statement", (("policy", DECISION, True),)),
    (5, "election", (("nomination", PREP, False), ("council", DECISION, True))),
)
CASE_TEXTS = {  # kind -> (titles, proposed decision)
    "matter": (("Handlingsplan {next}", "Budsjett {next}", "Samarbeid om {topic}",
                "Regional satsing på {topic}", "Rapport om {topic}"), "Styret slutter seg til forslaget."),
    "orientation": (("Orientering om {topic}", "Status for arbeidet med {topic}"),
                    "Styret tar saken til orientering."),
    "council": (("Årsmelding og regnskap {previous}", "Budsjett og kontingent {next}"),
                "Representantskapet godkjenner forslaget."),
    "hearing": (("Høring: {topic}", "Innspill til regional plan for {topic}"),
                "Styret vedtar høringsinnspillet slik det foreligger."),
    "statement": (("Uttalelse om {topic}",), "Utvalget vedtar uttalelsen."),
    "election": (("Valg av styre for {next}",),
                 "Representantskapet velger styret etter valgkomiteens innstilling."),
}
RESULT_TEXTS = {
    ConsultationResult.ENDORSED_WITH_CHANGES: "Sluttet seg til forslaget med endringer i møtet.",
    ConsultationResult.RETURNED: "Saken sendes tilbake for bedre utredning.",
    ConsultationResult.POSTPONED: "Saken utsettes til neste møte.",
}
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
MEASURES = ("Kunnskapsgrunnlag om", "Erfaringsdeling om", "Felles kampanje for", "Nettverksmøter om")
HEADINGS_BEFORE = ("Godkjenning av innkalling og saksliste", "Godkjenning av protokoll fra forrige møte")
HEADINGS_AFTER = ("Orienteringssaker", "Eventuelt")


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
    leader: int  # the leader of the reference group (a real person)


@dataclass(frozen=True)
class Slot:
    day: dt.date
    meeting: int
    status: str
    takes_cases: bool


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


class Activity:
    """Everything that happens in one cluster from 2020 to `today`, plus what is planned ahead."""

    def __init__(self, rows: Rows, structure: Structure, cluster: Cluster, people: People, rng: random.Random,
                 today: dt.date, numbers: CaseNumbers, users: DemoUserIds) -> None:
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
        self.near: dict[int, tuple[dt.date, bool]] = {}  # body -> planned meeting soon, with agenda?

    def build(self) -> None:
        self._meetings()
        self._cases()
        self._agendas()
        self._projects()
        self._inputs()
        self._advice()
        self._checkpoints()
        if self.cluster.index == 0:
            self._action_plans()

    # --- meetings ------------------------------------------------------------------------------

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
            days = [weekday_on_or_after(dt.date(year, month, rng.randint(3, 24)))
                    for year in range(START.year, last.year + 1) for month in months]
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
            minutes = (f"Til stede: {present} av {len(attending)}. "
                       "Sakene ble behandlet som vist i sakslisten. "
                       + self.rng.choice(("Ingen saker under eventuelt.", "Neste møte ble bekreftet.",
                                          "Sekretariatet orienterte om kommende arrangementer.")))
        municipality = self.structure.unit_names[self.rng.choice(self.structure.municipalities)]
        place = self.rng.choice(("Oslo rådhus", "Digitalt møte (Teams)", f"{municipality} (vertskommune)"))
        self.rows.add(Meeting, id=meeting_id, body_id=body, title=title, starts_at=at(day, hour),
                      ends_at=at(day, hour + hours), place=place, status=status, minutes=minutes,
                      basis=ILLUSTRATIVE)
        no_agenda_yet = self.near.get(body) == (day, False)
        takes_cases = status != MeetingStatus.CANCELLED and not no_agenda_yet
        self.slots[body].append(Slot(day, meeting_id, status, takes_cases))

    # --- cases ---------------------------------------------------------------------------------

    def _cases(self) -> None:
        rng, today = self.rng, self.today
        self._open = {body: [slot for slot in slots if slot.takes_cases]
                      for body, slots in self.slots.items()}
        self._open_days = {body: [slot.day for slot in slots] for body, slots in self._open.items()}
        self._slot_days = {body: [slot.day for slot in slots] for body, slots in self.slots.items()}
        span = (today - START).days - 3
        weights = [weight for weight, _, _ in PATHS]
        plans = [(START + dt.timedelta(days=rng.randint(0, span)), rng.choices(range(len(PATHS)), weights)[0],
                  None) for _ in range(round(CASES_PER_YEAR * self.years))]
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
        title = rng.choice(titles).format(topic=rng.choice(TOPICS), next=created.year + 1,
                                          previous=created.year - 1)
        officers = [term.person for term in self.people.active(self.cluster.secretariat, created)]
        case_id = self.rows.reserve(Case)
        bodies = {"expert": rng.choice(self.cluster.expert_groups), "coordination": self.cluster.coordination,
                  "board": self.cluster.board, "council": self.cluster.council,
                  "policy": self.cluster.policy_committee, "nomination": self.cluster.nomination_committee}
        start = cursor or created + dt.timedelta(days=rng.randint(7, 20))
        result = self._walk(case_id, [(bodies[key], role, final) for key, role, final in steps], start,
                            orientation=kind == "orientation")
        final_decision = None
        if result == ConsultationResult.ENDORSED:
            final_decision = proposed
        elif result == ConsultationResult.ENDORSED_WITH_CHANGES:
            final_decision = f"{proposed} Med endringene som kom fram i møtet."
        elif result == ConsultationResult.NOTED:
            final_decision = "Saken ble tatt til orientering."
        number = self.numbers.take(created.year)
        self.labels[(SubjectType.CASE, case_id)] = f"sak {number}/{created.year % 100:02d} {title}"
        self.rows.add(Case, id=case_id, year=created.year, number=number, title=title,
                      officer_person_id=rng.choice(officers or self.people.staff), proposed_decision=proposed,
                      final_decision=final_decision, created_at=at(created, rng.randint(8, 15)),
                      basis=ILLUSTRATIVE)

    def _result(self, role: str, orientation: bool) -> str:
        if orientation:
            return ConsultationResult.NOTED
        results = (ConsultationResult.ENDORSED, ConsultationResult.ENDORSED_WITH_CHANGES,
                   ConsultationResult.NOTED, ConsultationResult.POSTPONED, ConsultationResult.RETURNED)
        weights = (74, 12, 3, 5, 6) if role == DECISION else (62, 22, 10, 3, 3)
        return self.rng.choices(results, weights)[0]

    def _walk(self, case_id: int, steps: list[tuple[int, str, bool]], cursor: dt.date, *,
              orientation: bool) -> str | None:
        """Consult the bodies in order at their next meetings; some cases are postponed, returned
        (and treated again, or left there), or left waiting between bodies. Returns the final result."""
        rng, sequence, step, returned = self.rng, 0, 0, False
        while step < len(steps) and sequence < 8:
            body, role, authoritative = steps[step]
            position = bisect.bisect_left(self._open_days[body], cursor)
            slot = self._open[body][position] if position < len(self._open[body]) else None
            sequence += 1
            values = {"case_id": case_id, "sequence": sequence, "body_id": body, "role": role,
                      "authoritative": authoritative, "basis": ILLUSTRATIVE}
            if slot is None:  # beyond the meetings planned so far: waiting for a date
                self.rows.add(Consultation, **values)
                return None
            self.agenda[slot.meeting].append(case_id)
            self.treated[body].append((slot.day, case_id))
            if slot.status == MeetingStatus.PLANNED:
                self.rows.add(Consultation, meeting_id=slot.meeting, planned_on=slot.day, **values)
                return None
            result = self._result(role, orientation)
            self.rows.add(Consultation, meeting_id=slot.meeting, planned_on=slot.day, treated_on=slot.day,
                          result=result, result_text=RESULT_TEXTS.get(result), **values)
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
                self.rows.add(Consultation, case_id=case_id, sequence=sequence + 1, body_id=body, role=role,
                              authoritative=authoritative, basis=ILLUSTRATIVE)
                return None
        return None

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

    # --- projects ------------------------------------------------------------------------------

    def _project_specs(self) -> list[dict[str, Any]]:
        """The real projects (names from the YAML; the rest illustrative), then made-up ones."""
        groups = self.cluster.expert_groups
        specs: list[dict[str, Any]] = []
        if self.cluster.index == 0:
            for entry in self.structure.projects:
                partners = entry.get("partners") or ([entry["partner"]] if entry.get("partner") else [])
                known = [key for key in ("years", "year", "adopted", "partner", "partners", "note")
                         if key in entry]
                # Which group follows which project is illustrative: climate and transport to the other group.
                climate = any(word in entry["name"].lower()
                              for word in ("klima", "energi", "zero", "oslofjord"))
                specs.append({"title": entry["name"], "body": groups[-1] if climate else groups[0],
                              "years": entry.get("years") or entry.get("year"),
                              "adopted": entry.get("adopted"),
                              "outside_partners": ", ".join(partners) or None, "basis": entry["basis"],
                              "source": f"{SEED_FILE}: profiling_projects (name"
                                        + "".join(f", {key}" for key in known)
                                        + "); status, dates, owner and the rest are illustrative"})
        prefixes = ("Kunnskapsgrunnlag om", "Pilotprosjekt for", "Nettverk for", "Kampanje for",
                    "Kartlegging av", "Felles profilering av", "Samarbeidsarena for")
        while len(specs) < PROJECTS_PER_CLUSTER:
            body = groups[0] if self.rng.random() < 0.6 else groups[-1]
            specs.append({"title": f"{self.rng.choice(prefixes)} {self.rng.choice(TOPICS)}", "body": body,
                          "basis": ILLUSTRATIVE})
        return specs

    def _projects(self) -> None:
        rng, today = self.rng, self.today
        partner_units = [self.structure.oslo, *self.structure.sub_regions,
                         *(county for county, _, _ in self.structure.member_counties)]
        for spec in self._project_specs():
            years = str(spec.get("years") or "")
            if spec.get("adopted"):
                start = spec["adopted"]
                planned_end = start + dt.timedelta(days=rng.randint(365, 1100))
            elif years:
                first, _, last = years.partition("-")
                start = dt.date(int(first), rng.randint(1, 4), rng.randint(1, 28))
                planned_end = dt.date(int(last or first), rng.randint(9, 12), rng.randint(1, 28))
            else:
                # Most projects started in the last couple of years, so the pipeline is mostly running.
                days_ago = rng.triangular(-300, (today - dt.date(2019, 1, 1)).days, 150)
                start = today - dt.timedelta(days=int(days_ago))
                planned_end = start + dt.timedelta(days=rng.randint(300, 1400))
            # Registered a while before it starts, and in any case before today.
            created = min(start - dt.timedelta(days=rng.randint(30, 200)),
                          today - dt.timedelta(days=rng.randint(1, 30)))
            project_id = self.rows.reserve(Project)
            status, end, changed = self._status_history(project_id, created, start, planned_end)
            if status == ProjectStatus.COMPLETED:
                progress = 100
            elif status in (ProjectStatus.ONGOING, ProjectStatus.PAUSED):
                elapsed = (min(today, end) - start).days / max((end - start).days, 1)
                progress = max(5, min(95, round(elapsed * 100)))
            else:
                progress = rng.randint(0, 40) if status == ProjectStatus.CANCELLED else 0
            owners = [term.person for term in self.people.active(spec["body"], min(start, today))]
            self.rows.add(Project, id=project_id, title=spec["title"], body_id=spec["body"], status=status,
                          owner_person_id=rng.choice(owners or self.people.staff), start_on=start, end_on=end,
                          progress=progress, outside_partners=spec.get("outside_partners"),
                          created_at=at(created), updated_at=changed, status_changed_at=changed,
                          basis=spec["basis"], source=spec.get("source"),
                          description=f"{spec['title']}: et prosjekt faggruppen følger (illustrativ tekst).")
            self._project_titles[project_id] = spec["title"]
            self.projects[spec["body"]].append(
                ProjectInfo(project_id, spec["title"], spec["body"], start, end, status))
            for unit in rng.sample(partner_units, rng.randint(1, 3)):
                self.rows.add(ProjectPartner, project_id=project_id, unit_id=unit)
            if spec["body"] == self.cluster.expert_groups[0]:
                for point in rng.sample(self.structure.strategy_points, rng.randint(1, 2)):
                    self.rows.add(ProjectPoint, project_id=project_id, point_id=point)
            self._milestones(project_id, status, start, end)

    def _status_history(self, project_id: int, created: dt.date, start: dt.date,
                        planned_end: dt.date) -> tuple[str, dt.date, dt.datetime]:
        """idea -> planned -> ongoing (-> paused -> ongoing ...) -> completed, or cancelled; up to today."""
        rng, today = self.rng, self.today
        changes: list[tuple[str | None, str, dt.date, str]] = [
            (None, ProjectStatus.IDEA, created, "Registrert")]

        def move(to: str, day: dt.date, note: str) -> bool:
            day = max(day, changes[-1][2])
            if day > today:
                return False
            changes.append((changes[-1][1], to, day, note))
            return True

        end = planned_end
        approved = start - dt.timedelta(days=rng.randint(14, 60))
        if move(ProjectStatus.PLANNED, approved, "Vedtatt gjennomført") and \
                move(ProjectStatus.ONGOING, start, "Oppstart"):
            day = start
            while rng.random() < 0.7:
                pause = day + dt.timedelta(days=rng.randint(45, 240))
                if pause >= min(end, today) or not move(ProjectStatus.PAUSED, pause, "Satt på vent"):
                    break
                resume = pause + dt.timedelta(days=rng.randint(30, 120))
                if rng.random() < 0.1:
                    move(ProjectStatus.CANCELLED, resume, "Avsluttet uten å bli fullført")
                    break
                if not move(ProjectStatus.ONGOING, resume, "Gjenopptatt"):
                    break
                end += resume - pause  # a pause delays the end
                day = resume
            if changes[-1][1] == ProjectStatus.ONGOING:
                move(ProjectStatus.COMPLETED, end, "Fullført")
        status, last_day = changes[-1][1], changes[-1][2]
        for minute, (before, after, day, note) in enumerate(changes):
            self.rows.add(ProjectStatusChange, project_id=project_id, from_status=before, to_status=after,
                          changed_at=at(day, 9, minute), changed_by_user_id=self.users.coordinator, note=note)
        if status in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
            end = max(last_day, start)
        return status, end, at(last_day, 9, len(changes) - 1)

    def _milestones(self, project_id: int, status: str, start: dt.date, end: dt.date) -> None:
        titles = ("Oppstart", "Innspillsrunde i faggruppen", "Delrapport", "Sluttrapport")
        count = self.rng.randint(2, 4)
        started = status not in (ProjectStatus.IDEA, ProjectStatus.PLANNED)
        for position, title in enumerate(titles[:count]):
            due = start + (end - start) * (position + 1) // (count + 1)
            done = None
            # Some milestones of running projects are overdue: due, not done.
            finished = status == ProjectStatus.COMPLETED or self.rng.random() < 0.8
            if due < self.today and started and finished:
                done = min(self.today, due + dt.timedelta(days=self.rng.randint(-5, 10)))
            self.rows.add(Milestone, project_id=project_id, title=title, due_on=due, done_on=done)

    # --- input and advice ---------------------------------------------------------------------

    def _subject(self, body: int, day: dt.date,
                 weights: tuple[int, int, int, int]) -> tuple[dict[str, Any], tuple[str, Any]]:
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
            upcoming = [case for treated_on, case in treated[first:first + 6]
                        if (treated_on - day).days <= 45]
            if upcoming:
                case = self.rng.choice(upcoming)
                return {"subject_type": kind, "case_id": case}, (kind, case)
        if kind == SubjectType.MEETING:
            position = bisect.bisect_left(self._slot_days[body], day)
            if position < len(self.slots[body]) and (self.slots[body][position].day - day).days <= 40:
                meeting = self.slots[body][position].meeting
                return {"subject_type": kind, "meeting_id": meeting}, (kind, meeting)
        topic = f"Regional politikk for {self.rng.choice(TOPICS)}"
        return {"subject_type": SubjectType.POLICY, "policy_topic": topic}, (SubjectType.POLICY, topic)

    def _label(self, key: tuple[str, Any]) -> str:
        kind, subject = key
        if kind == SubjectType.POLICY:
            return str(subject).lower()
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
            text = rng.choice(INPUT_TEXTS).format(unit=self.structure.unit_names[term.unit],
                                                  topic=rng.choice(TOPICS))
            input_id = self.rows.add(
                Input, body_id=body, author_person_id=term.person, unit_id=term.unit, text=text,
                link=f"https://example.org/dokument/{rng.randint(1000, 9999)}" if rng.random() < 0.1
                else None,
                created_at=created, updated_at=edited, basis=ILLUSTRATIVE,
                withdrawn_at=edited + dt.timedelta(minutes=30) if rng.random() < 0.03 else None, **columns)
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
            author = self.users.leader if self.cluster.index == 0 and body == reference_group and \
                rng.random() < 0.5 else self.users.coordinator
            has_been_submitted = state in (AdviceState.SUBMITTED, AdviceState.DECIDED) or (
                state == AdviceState.WITHDRAWN and rng.random() < 0.5)
            advice_id = self.rows.add(
                Advice, body_id=body, title=f"Råd om {self._label(key)}",
                recommendation=rng.choice(RECOMMENDATIONS),
                target_date=day + dt.timedelta(days=rng.randint(30, 90)), state=state, created_at=created,
                created_by_user_id=author, submitted_at=submitted if has_been_submitted else None,
                basis=ILLUSTRATIVE, **columns)
            earlier = [input_id for when, input_id in self.inputs.get((body, *key), []) if when < created]
            for input_id in rng.sample(earlier[-6:], min(len(earlier[-6:]), rng.randint(1, 4))):
                self.rows.add(AdviceInput, advice_id=advice_id, input_id=input_id)
            if state == AdviceState.DECIDED:
                decided.append((advice_id, decided_at))
            if key[0] == SubjectType.PROJECT:
                self.first_advice.setdefault(key[1], (advice_id, day))
        self._decisions(decided)

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
            values = {"advice_id": advice_id, "outcome": outcome, "rationale": RATIONALES[outcome],
                      "decided_by_user_id": director, "decided_at": decided_at, "follow_up_on": follow_up,
                      "basis": ILLUSTRATIVE}
            if advice_id != reopened:
                self.rows.add(Decision, **values)
                continue
            reopened_at = decided_at + dt.timedelta(days=20)
            self.rows.add(Decision, **values, reopened_at=reopened_at, reopened_by_user_id=director,
                          reopen_reason="Faggruppen la fram nye opplysninger om kostnadene.")
            self.rows.add(Decision, **{**values, "outcome": Outcome.PARTLY_FOLLOWED,
                                       "rationale": RATIONALES[Outcome.PARTLY_FOLLOWED],
                                       "decided_at": reopened_at + dt.timedelta(days=5)})

    # --- the reference group's checkpoints and the action plans ----------------------------------

    def _checkpoints(self) -> None:
        """Informed, input round, quality-assured: most projects have some, few have all three."""
        rng, group = self.rng, self.cluster.expert_groups[0]
        held = [slot for slot in self.slots[group] if slot.status == MeetingStatus.HELD]
        held_days = [slot.day for slot in held]
        for project in self.projects[group]:
            if project.status == ProjectStatus.IDEA or project.end < MANDATE_FROM:
                continue
            position = bisect.bisect_right(held_days, min(project.start, self.today)) - 1
            if position >= 0 and rng.random() < 0.85:
                self.rows.add(ProjectCheckpoint, project_id=project.id, kind="informed",
                              on_date=held[position].day, meeting_id=held[position].meeting)
            if project.id in self.first_advice and rng.random() < 0.75:
                advice_id, day = self.first_advice[project.id]
                self.rows.add(ProjectCheckpoint, project_id=project.id, kind="input_round", on_date=day,
                              advice_id=advice_id)
            started = project.status not in (ProjectStatus.PLANNED, ProjectStatus.CANCELLED)
            if started and project.start <= self.today and rng.random() < 0.6:
                day = min(self.today, project.start + dt.timedelta(days=rng.randint(0, 40)))
                self.rows.add(ProjectCheckpoint, project_id=project.id, kind="quality_assured", on_date=day)

    def _action_plans(self) -> None:
        rng, structure = self.rng, self.structure
        first_year, last_year = structure.strategy_years
        group = self.cluster.expert_groups[0]
        for year in range(first_year, self.today.year + 1):
            plan_id = self.rows.add(
                ActionPlan, period_id=structure.strategy_period, year=year,
                adopted_on=dt.date(year - 1, 12, 10),
                basis=ILLUSTRATIVE, source=None if year <= last_year else
                f"illustrative: plans after {last_year} are kept under the last known guidelines in the demo")
            running = [p for p in self.projects[group] if p.start.year <= year <= p.end.year]
            for _ in range(rng.randint(3, 5)):
                project = rng.choice(running) if running and rng.random() < 0.6 else None
                title = f"Følge opp prosjektet «{project.title}»" if project else \
                    f"{rng.choice(MEASURES)} {rng.choice(TOPICS)}"
                measure_id = self.rows.add(ActionMeasure, plan_id=plan_id, title=title, basis=ILLUSTRATIVE,
                                           project_id=project.id if project else None)
                for point in rng.sample(structure.strategy_points, rng.randint(1, 2)):
                    self.rows.add(ActionMeasurePoint, measure_id=measure_id, point_id=point)
