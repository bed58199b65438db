"""The real structure of Osloregionen, read from db/seed/osloregionen.yaml, as rows to insert."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from osloreg.demo.real_people import REAL_PEOPLE, SECRETARIAT
from osloreg.demo.scale import Cluster, Rows
from osloreg.enums import (
    Basis,
    BodyKind,
    ConsultationResult,
    ConsultationRole,
    CoverageRule,
    MeetingStatus,
    MembershipRole,
    UnitKind,
)
from osloreg.models import (
    AgendaItem,
    Body,
    BodyName,
    Case,
    Consultation,
    Meeting,
    Membership,
    Person,
    StrategyArea,
    StrategyPeriod,
    StrategyPoint,
    SubRegionMember,
    Unit,
    UnitName,
)

SEED_PATH = Path(__file__).resolve().parents[2] / "db" / "seed" / "osloregionen.yaml"
SEED_FILE = "db/seed/osloregionen.yaml"
CASE_PAPER = "case paper 48/20"
# An illustrative maximum for the expert groups; only the board's "up to 20" is sourced.
EXPERT_GROUP_MAX_MEMBERS = 20
_BASIS_STRENGTH = {Basis.SOURCED: 3, Basis.UNCERTAIN: 2, Basis.ILLUSTRATIVE: 1}


def read_seed(path: Path = SEED_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    return seed


def source_of(entry: dict[str, Any], default: str) -> str:
    """The YAML's source and note, so the UI can show where a fact comes from."""
    parts = [str(entry[key]) for key in ("source", "note") if entry.get(key)]
    return "; ".join(parts) if parts else default


@dataclass
class Structure:
    """Ids of the real rows that the illustrative activity refers to."""

    units: dict[str, int] = field(default_factory=dict)  # name -> id; names are unique in the YAML
    sub_regions: list[int] = field(default_factory=list)
    municipalities_of: dict[int, list[int]] = field(default_factory=dict)  # sub-region -> municipalities
    municipalities: list[int] = field(default_factory=list)  # member municipalities incl. Oslo
    unit_names: dict[int, str] = field(default_factory=dict)
    oslo: int = 0
    # Member counties with the dates of their membership: (id, from, to).
    member_counties: list[tuple[int, dt.date | None, dt.date | None]] = field(default_factory=list)
    bodies: dict[str, int] = field(default_factory=dict)
    body_rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> values, to copy at scale
    body_kinds: dict[int, str] = field(default_factory=dict)
    profiling_group: int = 0  # the næringssamarbeid group, reference group for profiling
    real_people: dict[str, int] = field(default_factory=dict)
    # (body, person, represented unit, role, start, end) of the real people's dated roles.
    real_memberships: list[tuple[int, int, int | None, str, dt.date, dt.date]] = field(default_factory=list)
    strategy_period: int = 0
    strategy_years: tuple[int, int] = (0, 0)
    strategy_points: list[int] = field(default_factory=list)  # the seven aims of area 3
    cases: dict[str, int] = field(default_factory=dict)  # "48/20" -> id
    reserved_case_numbers: dict[int, set[int]] = field(default_factory=dict)
    fixed_meetings: dict[int, list[dt.date]] = field(default_factory=dict)  # body -> sourced dates
    projects: list[dict[str, Any]] = field(default_factory=list)  # the YAML's real project entries

    def bodies_of_kind(self, kind: str) -> list[int]:
        return [body_id for body_id, body_kind in self.body_kinds.items() if body_kind == kind]


def real_cluster(structure: Structure) -> Cluster:
    committees = structure.bodies_of_kind(BodyKind.COMMITTEE)  # in the YAML's order: policy, nomination
    others = [
        body for body in structure.bodies_of_kind(BodyKind.EXPERT_GROUP) if body != structure.profiling_group
    ]
    return Cluster(
        index=0,
        council=structure.bodies_of_kind(BodyKind.COUNCIL)[0],
        board=structure.bodies_of_kind(BodyKind.BOARD)[0],
        policy_committee=committees[0],
        nomination_committee=committees[1],
        secretariat=structure.bodies_of_kind(BodyKind.SECRETARIAT)[0],
        coordination=structure.bodies_of_kind(BodyKind.COORDINATION_GROUP)[0],
        expert_groups=(structure.profiling_group, *others),
    )


def build_structure(rows: Rows, seed: dict[str, Any]) -> Structure:
    structure = Structure(projects=list(seed["profiling_projects"]))
    _units(rows, seed, structure)
    _bodies(rows, seed, structure)
    _real_people(rows, seed, structure)
    _case_48_20(rows, seed, structure)
    _strategy(rows, seed, structure)
    return structure


def _add_unit(rows: Rows, structure: Structure, **values: Any) -> int:
    unit_id = rows.add(Unit, **values)
    structure.units[values["name"]] = unit_id
    structure.unit_names[unit_id] = values["name"]
    return unit_id


def _units(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    # A municipality listed in two sub-regions is one unit; it is as well known as its best listing.
    municipality_basis: dict[str, str] = {}
    for sub_region in seed["sub_regions"]:
        for name in sub_region["municipalities"]:
            known = municipality_basis.get(name)
            if known is None or _BASIS_STRENGTH[sub_region["basis"]] > _BASIS_STRENGTH[known]:
                municipality_basis[name] = sub_region["basis"]
    for name, basis in municipality_basis.items():
        _add_unit(
            rows,
            structure,
            kind=UnitKind.MUNICIPALITY,
            name=name,
            basis=basis,
            source=f"{SEED_FILE}: listed in sub_regions",
        )
    for entry in seed["unplaced_members"]:
        _add_unit(
            rows,
            structure,
            kind=UnitKind.MUNICIPALITY,
            name=entry["name"],
            basis=entry["basis"],
            source=source_of(entry, SEED_FILE),
            note=entry.get("note"),
        )
    for entry in seed["oslo"]:
        structure.oslo = _add_unit(
            rows,
            structure,
            kind=UnitKind.MUNICIPALITY,
            name=entry["name"],
            county_level=True,
            basis=entry["basis"],
            source=source_of(entry, SEED_FILE),
        )
    structure.municipalities = (
        [structure.units[name] for name in municipality_basis]
        + [structure.units[entry["name"]] for entry in seed["unplaced_members"]]
        + [structure.oslo]
    )

    for entry in seed["sub_regions"]:
        sub_region_id = _add_unit(
            rows,
            structure,
            kind=UnitKind.SUB_REGION,
            name=entry["name"],
            basis=entry["basis"],
            source=source_of(entry, SEED_FILE),
            note=entry.get("note"),
        )
        structure.sub_regions.append(sub_region_id)
        members = [structure.units[name] for name in entry["municipalities"]]
        structure.municipalities_of[sub_region_id] = members
        for municipality_id in members:
            rows.add(
                SubRegionMember,
                sub_region_id=sub_region_id,
                municipality_id=municipality_id,
                basis=entry["basis"],
                source=source_of(entry, SEED_FILE),
            )
    _former_names(rows, seed, structure)

    for entry in seed["county_councils"]:
        # Membership of a county not known to be a member is recorded, not assumed (is_member False).
        known_member = entry["basis"] == Basis.SOURCED
        valid_from = entry.get("member_from") or (None if known_member else dt.date(2024, 1, 1))
        county_id = _add_unit(
            rows,
            structure,
            kind=UnitKind.COUNTY,
            name=entry["name"],
            is_member=known_member,
            valid_from=valid_from,
            valid_to=entry.get("member_to"),
            basis=entry["basis"],
            source=source_of(entry, SEED_FILE),
            note=entry.get("note"),
        )
        if known_member:
            structure.member_counties.append((county_id, valid_from, entry.get("member_to")))


def _former_names(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    # The YAML says only "named Follorådet until 2021"; the new name is taken to start on 1 January.
    for entry in seed["sub_regions"]:
        note = entry.get("note") or ""
        if note.startswith("named ") and " until " in note:
            former, year = note.removeprefix("named ").rsplit(" until ", 1)
            unit_id = structure.units[entry["name"]]
            switch = dt.date(int(year), 1, 1)
            source = f"{SEED_FILE}: {note}"
            rows.add(
                UnitName,
                unit_id=unit_id,
                name=former,
                valid_to=switch - dt.timedelta(days=1),
                basis=entry["basis"],
                source=source,
            )
            rows.add(
                UnitName,
                unit_id=unit_id,
                name=entry["name"],
                valid_from=switch,
                basis=entry["basis"],
                source=source,
            )


def _bodies(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    for entry in seed["bodies"]:
        kind = entry["kind"]
        values: dict[str, Any] = {"coverage_rule": CoverageRule.NONE, "max_members": None}
        source = source_of(entry, SEED_FILE)
        if kind == BodyKind.EXPERT_GROUP:
            values = {
                "coverage_rule": CoverageRule.SUB_REGIONS_COUNTIES_OSLO,
                "max_members": EXPERT_GROUP_MAX_MEMBERS,
            }
            source += f"; max_members {EXPERT_GROUP_MAX_MEMBERS} is illustrative"
        elif kind == BodyKind.BOARD:
            # "up to 20 members ... one seat for Oslo and one per sub-region"
            values = {"coverage_rule": CoverageRule.SUB_REGIONS_OSLO, "max_members": 20}
        founded = entry.get("founded")
        body_id = rows.add(
            Body,
            name=entry["name"],
            kind=kind,
            basis=entry["basis"],
            source=source,
            note=entry.get("note"),
            founded_on=dt.date(founded, 1, 1) if founded else None,
            **values,
        )
        structure.body_rows[body_id] = {"name": entry["name"], "kind": kind, **values}
        structure.bodies[entry["name"]] = body_id
        structure.body_kinds[body_id] = kind
        history = entry.get("name_history") or []
        for position, name_entry in enumerate(history):
            following = history[position + 1]["from"] if position + 1 < len(history) else None
            rows.add(
                BodyName,
                body_id=body_id,
                name=name_entry["name"],
                valid_from=dt.date(name_entry["from"], 1, 1),
                valid_to=dt.date(following - 1, 12, 31) if following else None,
                basis=entry["basis"],
                source=f"{SEED_FILE}: name_history (years only)",
            )


def _real_people(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    """The real people, only in the roles and on the dates the facts give (osloreg/demo/real_people.py)."""
    for real in REAL_PEOPLE:
        person_id = rows.add(
            Person,
            name=real.name,
            employer=real.employer,
            title=real.title,
            basis=Basis.SOURCED,
            source=real.source,
        )
        structure.real_people[real.name] = person_id
        for role in real.roles:
            body_id = structure.bodies[role.body]
            represents = structure.units.get(role.represents) if role.represents else None
            rows.add(
                Membership,
                person_id=person_id,
                body_id=body_id,
                role=role.role,
                represents_unit_id=represents,
                start_on=role.start,
                end_on=role.end,
                basis=role.basis,
                source=f"{role.source} ; {role.note}",
            )
            structure.real_memberships.append(
                (body_id, person_id, represents, role.role, role.start, role.end)
            )
            if role.body != SECRETARIAT and role.role == MembershipRole.LEADER:
                structure.profiling_group = body_id  # the group the case paper's leader leads


def _label(number: str) -> tuple[int, int]:
    case_number, short_year = number.split("/")
    return 2000 + int(short_year), int(case_number)


def _sourced_meeting(rows: Rows, known: dict[tuple[int, dt.date], int], body_id: int, day: dt.date) -> int:
    if (body_id, day) not in known:
        known[(body_id, day)] = rows.add(
            Meeting,
            body_id=body_id,
            starts_at=dt.datetime.combine(day, dt.time(10)),
            ends_at=dt.datetime.combine(day, dt.time(13)),
            status=MeetingStatus.HELD,
            basis=Basis.SOURCED,
            source=f"{CASE_PAPER} ; note:time_illustrative",  # the paper gives the day only
        )
    return known[(body_id, day)]


def _case_48_20(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    paper = seed["case_48_20"]
    meetings: dict[tuple[int, dt.date], int] = {}
    agenda: dict[int, list[int]] = defaultdict(list)
    for related in paper["related"]:
        year, number = _label(related["number"])
        body_id = structure.bodies[related["body"]]
        case_id = rows.add(
            Case,
            year=year,
            number=number,
            title=related["title"],
            basis=Basis.SOURCED,
            source=f"{CASE_PAPER}; decision text paraphrased",
            final_decision=_RELATED_DECISIONS[related["number"]],
            created_at=dt.datetime.combine(related["date"] - dt.timedelta(days=14), dt.time(9)),
        )
        structure.cases[related["number"]] = case_id
        meeting_id = _sourced_meeting(rows, meetings, body_id, related["date"])
        agenda[meeting_id].append(case_id)
        # 35/20 was the board's recommendation; that the board endorsed it is inferred from 5/20.
        basis = Basis.UNCERTAIN if related["number"] == "35/20" else Basis.SOURCED
        rows.add(
            Consultation,
            case_id=case_id,
            sequence=1,
            body_id=body_id,
            meeting_id=meeting_id,
            role=ConsultationRole.DECISION,
            authoritative=True,
            planned_on=related["date"],
            treated_on=related["date"],
            result=ConsultationResult.ENDORSED,
            basis=basis,
            source=CASE_PAPER if basis == Basis.SOURCED else f"{CASE_PAPER}: result inferred",
        )

    year, number = _label(paper["number"])
    first_day = paper["treatments"][0]["date"]
    case_id = rows.add(
        Case,
        year=year,
        number=number,
        title=paper["title"],
        officer_person_id=structure.real_people[paper["case_officer"]],
        proposed_decision=paper["proposed_decision"],
        final_decision=paper["proposed_decision"],
        basis=Basis.SOURCED,
        source=f"{CASE_PAPER}; final decision assumed to be the proposal",
        created_at=dt.datetime.combine(first_day - dt.timedelta(days=14), dt.time(9)),
    )
    structure.cases[paper["number"]] = case_id
    for sequence, treatment in enumerate(paper["treatments"], start=1):
        body_id = structure.bodies[treatment["body"]]
        meeting_id = _sourced_meeting(rows, meetings, body_id, treatment["date"])
        agenda[meeting_id].append(case_id)
        # The paper gives the expert group's result; the others' results are our reading of it.
        if treatment.get("result"):
            result, basis, source = ConsultationResult.ENDORSED_WITH_CHANGES, Basis.SOURCED, CASE_PAPER
        elif treatment.get("authoritative"):
            result, basis = ConsultationResult.ENDORSED, Basis.UNCERTAIN
            source = f"{CASE_PAPER}: proposed decision known, the board's decision assumed"
        else:
            result, basis = ConsultationResult.NOTED, Basis.UNCERTAIN
            source = f"{CASE_PAPER}: treated; result not stated"
        rows.add(
            Consultation,
            case_id=case_id,
            sequence=sequence,
            body_id=body_id,
            meeting_id=meeting_id,
            role=treatment["role"],
            authoritative=bool(treatment.get("authoritative")),
            planned_on=treatment["date"],
            treated_on=treatment["date"],
            result=result,
            result_text=treatment.get("result"),
            basis=basis,
            source=source,
        )
    for meeting_id, case_ids in agenda.items():
        for position, agenda_case in enumerate(case_ids, start=1):
            rows.add(AgendaItem, meeting_id=meeting_id, position=position, case_id=agenda_case)
    for label in structure.cases:
        case_year, case_number = _label(label)
        structure.reserved_case_numbers.setdefault(case_year, set()).add(case_number)
    # The illustrative meetings keep clear of these dates.
    for body_id, day in meetings:
        structure.fixed_meetings.setdefault(body_id, []).append(day)


_RELATED_DECISIONS = {
    "33/20": "Faggruppe for næringssamarbeid blir referansegruppe for det internasjonale "
    "profileringsarbeidet.",
    "35/20": "Styret innstiller til representantskapet å vedta strategiske føringer 2021–2024.",
    "5/20": "Representantskapet vedtar strategiske føringer 2021–2024.",
}


def _strategy(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    guidelines = seed["strategic_guidelines"]
    start_year, end_year = (int(part) for part in str(guidelines["period"]).split("-"))
    adopted = guidelines["adopted"]
    structure.strategy_years = (start_year, end_year)
    structure.strategy_period = rows.add(
        StrategyPeriod,
        name=f"Strategiske føringer {start_year}–{end_year}",
        start_year=start_year,
        end_year=end_year,
        adopted_on=adopted["date"],
        adopted_by_body_id=structure.bodies[adopted["body"]],
        adopted_case_id=structure.cases[adopted["case"]],
        basis=adopted["basis"],
        source=f"{SEED_FILE}: strategic_guidelines; case {adopted['case']}",
    )
    for area in guidelines["areas"]:
        # YAML 1.1 reads the key `no` as the boolean false.
        area_number = area["number"]
        area_id = rows.add(
            StrategyArea,
            period_id=structure.strategy_period,
            number=area_number,
            name=area["name"],
            note=area.get("note"),
            basis=area["basis"],
            source=source_of(area, SEED_FILE),
        )
        for number, text in enumerate(area.get("points") or [], start=1):
            point_id = rows.add(
                StrategyPoint,
                area_id=area_id,
                number=number,
                text=text,
                basis=area["basis"],
                source=f"{CASE_PAPER}: the aims listed under point {area_number}",
            )
            structure.strategy_points.append(point_id)
