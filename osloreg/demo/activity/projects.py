"""Projects: status changes, milestones, the reference group's checkpoints and the action plans."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from osloreg.demo.activity.base import ILLUSTRATIVE, TOPICS, ActivityState, ProjectInfo, at
from osloreg.demo.structure import TOPIC_DELMAL
from osloreg.enums import Basis, MeetingStatus, ProjectStatus
from osloreg.models import (
    ActionMeasure,
    ActionMeasurePoint,
    ActionPlan,
    Milestone,
    Project,
    ProjectCheckpoint,
    ProjectPartner,
    ProjectPoint,
    ProjectStatusChange,
)

MANDATE_FROM = dt.date(2020, 9, 11)  # the reference group's checkpoints exist since case 48/20
PROJECTS_PER_CLUSTER = 40
MEASURES = ("Kunnskapsgrunnlag om", "Erfaringsdeling om", "Felles kampanje for", "Nettverksmøter om")


def _known(entry: dict[str, Any], span: bool) -> str:
    """What the facts give of a real project beyond its name, as a note key for its source."""
    if span:
        return "years_known"
    if entry.get("year"):
        return "year_known"
    return "adopted_known" if entry.get("adopted") else "status_dates_made_up"


class ProjectActivity(ActivityState):
    """The projects the expert groups follow, with their history; checkpoints and action plans."""

    def _project_specs(self) -> list[dict[str, Any]]:
        """The real projects (names from the YAML; the rest illustrative), then made-up ones."""
        groups = self.cluster.expert_groups
        specs: list[dict[str, Any]] = []
        if self.cluster.index == 0:
            for entry in self.structure.projects:
                partners = entry.get("partners") or ([entry["partner"]] if entry.get("partner") else [])
                # Which group follows which project is illustrative: climate and transport to the other group.
                climate = any(
                    word in entry["name"].lower() for word in ("klima", "energi", "zero", "oslofjord")
                )
                years = str(entry.get("years") or entry.get("year") or "")
                # The facts give the name (and for some the years); status and dates are the demo's,
                # each with its own basis: the years of "2013-2015" hold, a single year only starts it.
                span = "-" in years
                specs.append(
                    {
                        "title": entry["name"],
                        "body": groups[-1] if climate else groups[0],
                        "years": years,
                        "adopted": entry.get("adopted"),
                        "outside_partners": ", ".join(partners) or None,
                        "basis": entry["basis"],
                        "status_basis": Basis.UNCERTAIN if span else Basis.ILLUSTRATIVE,
                        "dates_basis": Basis.UNCERTAIN if span else Basis.ILLUSTRATIVE,
                        "steady": True,  # no made-up pause or cancellation of a real project
                        "source": f"facts:profiling_projects ; note:{_known(entry, span)}",
                    }
                )
        prefixes = (
            "Kunnskapsgrunnlag om",
            "Pilotprosjekt for",
            "Nettverk for",
            "Kampanje for",
            "Kartlegging av",
            "Felles profilering av",
            "Samarbeidsarena for",
        )
        while len(specs) < PROJECTS_PER_CLUSTER:
            body = groups[0] if self.rng.random() < 0.6 else groups[-1]
            specs.append(
                {
                    "title": f"{self.rng.choice(prefixes)} {self.rng.choice(TOPICS)}",
                    "body": body,
                    "basis": ILLUSTRATIVE,
                }
            )
        return specs

    def _projects(self) -> None:
        rng, today = self.rng, self.today
        partner_units = [
            self.structure.oslo,
            *self.structure.sub_regions,
            *(county for county, _, _ in self.structure.member_counties),
        ]
        # Days until the start of the real cluster's first projects with no dates of their own: see
        # below. (The scale data's copies keep their own draw, for the status history they are built for.)
        upcoming = [10, 200] if self.cluster.index == 0 else []
        for spec in self._project_specs():
            years = str(spec.get("years") or "")
            steady = bool(spec.get("steady"))
            if spec.get("adopted"):
                start = spec["adopted"]
                # Adopted, and still followed as far as anyone here knows: running, not ended.
                planned_end = today + dt.timedelta(days=rng.randint(200, 900))
            elif steady and not years:
                days_ago = rng.randint(200, (today - dt.date(2019, 1, 1)).days)
                start = today - dt.timedelta(days=days_ago)
                planned_end = today + dt.timedelta(days=rng.randint(200, 900))
            elif years:
                first, _, last = years.partition("-")
                start = dt.date(int(first), rng.randint(1, 4), rng.randint(1, 28))
                planned_end = dt.date(int(last or first), rng.randint(9, 12), rng.randint(1, 28))
            else:
                # Most projects started in the last couple of years, so the pipeline is mostly running.
                days_ago = rng.triangular(-300, (today - dt.date(2019, 1, 1)).days, 150)
                if upcoming:
                    # Whatever the day, the pipeline shows a project decided but not started (it starts
                    # within two weeks, so it was approved before today) and an idea (it starts in
                    # months, so nobody has approved it yet). A triangle alone gave none on some days.
                    days_ago = -upcoming.pop(0)
                start = today - dt.timedelta(days=int(days_ago))
                planned_end = start + dt.timedelta(days=rng.randint(300, 1400))
            # Registered a while before it starts, and in any case before today.
            created = min(
                start - dt.timedelta(days=rng.randint(30, 200)), today - dt.timedelta(days=rng.randint(1, 30))
            )
            project_id = self.rows.reserve(Project)
            status, end, changed = self._status_history(
                project_id, created, start, planned_end, steady=steady
            )
            if status == ProjectStatus.COMPLETED:
                progress = 100
            elif status in (ProjectStatus.ONGOING, ProjectStatus.PAUSED):
                elapsed = (min(today, end) - start).days / max((end - start).days, 1)
                progress = max(5, min(95, round(elapsed * 100)))
            else:
                progress = rng.randint(0, 40) if status == ProjectStatus.CANCELLED else 0
            owners = [term.person for term in self.people.active(spec["body"], min(start, today))]
            self.rows.add(
                Project,
                id=project_id,
                title=spec["title"],
                body_id=spec["body"],
                status=status,
                owner_person_id=rng.choice(owners or self.people.staff),
                start_on=start,
                end_on=end,
                progress=progress,
                outside_partners=spec.get("outside_partners"),
                created_at=at(created),
                updated_at=changed,
                status_changed_at=changed,
                basis=spec["basis"],
                status_basis=spec.get("status_basis", spec["basis"]),
                dates_basis=spec.get("dates_basis", spec["basis"]),
                source=spec.get("source"),
                description=f"{spec['title']}: et prosjekt faggruppen følger (illustrativ tekst).",
            )
            self._project_titles[project_id] = spec["title"]
            self.projects[spec["body"]].append(
                ProjectInfo(project_id, spec["title"], spec["body"], start, end, status)
            )
            for unit in rng.sample(partner_units, rng.randint(1, 3)):
                self.rows.add(ProjectPartner, project_id=project_id, unit_id=unit)
            if spec["body"] == self.cluster.expert_groups[0]:
                chosen = rng.sample(self.structure.strategy_points, rng.randint(1, 2))
                self._project_points[project_id] = chosen  # a measure following the project serves these
                for point in chosen:
                    self.rows.add(ProjectPoint, project_id=project_id, point_id=point)
            self._milestones(project_id, status, start, end)

    def _status_history(
        self, project_id: int, created: dt.date, start: dt.date, planned_end: dt.date, *, steady: bool = False
    ) -> tuple[str, dt.date, dt.datetime]:
        """idea -> planned -> ongoing (-> paused -> ongoing ...) -> completed, or cancelled; up to today."""
        rng, today = self.rng, self.today
        changes: list[tuple[str | None, str, dt.date, str]] = [
            (None, ProjectStatus.IDEA, created, "Registrert")
        ]

        def move(to: str, day: dt.date, note: str) -> bool:
            day = max(day, changes[-1][2])
            if day > today:
                return False
            changes.append((changes[-1][1], to, day, note))
            return True

        end = planned_end
        # The synthetic clusters of the scale data pause and resume more often, for the status
        # history the benchmark asks for (about ten changes a project); the real cluster as it was.
        churn = self.cluster.index > 0
        pause_chance, running, paused = (0.92, (20, 90), (10, 45)) if churn else (0.7, (45, 240), (30, 120))
        approved = start - dt.timedelta(days=rng.randint(14, 60))
        if move(ProjectStatus.PLANNED, approved, "Vedtatt gjennomført") and move(
            ProjectStatus.ONGOING, start, "Oppstart"
        ):
            day = start
            while not steady and rng.random() < pause_chance:
                pause = day + dt.timedelta(days=rng.randint(*running))
                if pause >= min(end, today) or not move(ProjectStatus.PAUSED, pause, "Satt på vent"):
                    break
                resume = pause + dt.timedelta(days=rng.randint(*paused))
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
            self.rows.add(
                ProjectStatusChange,
                project_id=project_id,
                from_status=before,
                to_status=after,
                changed_at=at(day, 9, minute),
                changed_by_user_id=self.users.coordinator,
                note=note,
            )
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
                self.rows.add(
                    ProjectCheckpoint,
                    project_id=project.id,
                    kind="informed",
                    on_date=held[position].day,
                    meeting_id=held[position].meeting,
                )
            if project.id in self.first_advice and rng.random() < 0.75:
                advice_id, day = self.first_advice[project.id]
                self.rows.add(
                    ProjectCheckpoint,
                    project_id=project.id,
                    kind="input_round",
                    on_date=day,
                    advice_id=advice_id,
                )
            started = project.status not in (ProjectStatus.PLANNED, ProjectStatus.CANCELLED)
            if started and project.start <= self.today and rng.random() < 0.6:
                day = min(self.today, project.start + dt.timedelta(days=rng.randint(0, 40)))
                self.rows.add(ProjectCheckpoint, project_id=project.id, kind="quality_assured", on_date=day)

    def _action_plans(self) -> None:
        """A handlingsprogram a year under the strategy period in force that year; each measure serves
        the delmål of its own topic's area, or none where that area has no delmål in the sources."""
        rng, structure = self.rng, self.structure
        group = self.cluster.expert_groups[0]
        for period_id, first_year, last_year in structure.strategy_periods:
            for year in range(first_year, min(last_year, self.today.year) + 1):
                plan_id = self.rows.add(
                    ActionPlan,
                    period_id=period_id,
                    year=year,
                    adopted_on=dt.date(year - 1, 12, 10),
                    basis=ILLUSTRATIVE,
                )
                running = [p for p in self.projects[group] if p.start.year <= year <= p.end.year]
                for _ in range(rng.randint(3, 5)):
                    project = rng.choice(running) if running and rng.random() < 0.6 else None
                    topic = rng.choice(TOPICS)
                    title = (
                        f"Følge opp prosjektet «{project.title}»"
                        if project
                        else f"{rng.choice(MEASURES)} {topic}"
                    )
                    measure_id = self.rows.add(
                        ActionMeasure,
                        plan_id=plan_id,
                        title=title,
                        basis=ILLUSTRATIVE,
                        project_id=project.id if project else None,
                    )
                    if period_id != structure.strategy_period:
                        continue  # the later period's delmål are not in the sources
                    points = self._project_points.get(project.id, []) if project else []
                    if not project and topic in TOPIC_DELMAL:
                        points = [structure.delmal[TOPIC_DELMAL[topic]]]
                    for point in points:
                        self.rows.add(ActionMeasurePoint, measure_id=measure_id, point_id=point)
