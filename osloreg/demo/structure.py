"""The real structure of Osloregionen, read from db/seed/osloregionen.yaml, as rows to insert."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from osloreg.demo.scale import Cluster, Rows
from osloreg.enums import (
    Basis,
    BodyKind,
    CaseLinkKind,
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
    CaseLink,
    CaseNumber,
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
    director: int = 0
    group_leader: int = 0
    group_deputy: int = 0
    real_people: dict[str, int] = field(default_factory=dict)
    # (body, person, represented unit, role, start) of the case paper's people, for the activity.
    real_memberships: list[tuple[int, int, int | None, str, dt.date]] = field(default_factory=list)
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
        director=structure.director,
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
    roles = {"leder": MembershipRole.LEADER, "nestleder": MembershipRole.DEPUTY}
    for entry in seed["people_from_the_case_paper"]:
        is_director = entry["role"].startswith("direktør")
        person_id = rows.add(
            Person,
            name=entry["name"],
            employer=entry.get("employer"),
            title="direktør" if is_director else None,
            basis=entry["basis"],
            source=CASE_PAPER,
        )
        structure.real_people[entry["name"]] = person_id
        body_name = entry.get("body") or entry["unit"]
        role = MembershipRole.LEADER if is_director else roles[entry["role"]]
        represents = structure.units.get(entry["represents"]) if entry.get("represents") else None
        # The role is the paper's (2020); the start date is not in it and is illustrative.
        start = dt.date(2020, 1, 1)
        rows.add(
            Membership,
            person_id=person_id,
            body_id=structure.bodies[body_name],
            role=role,
            represents_unit_id=represents,
            start_on=start,
            basis=entry["basis"],
            source=f"{CASE_PAPER} (role in 2020; start date illustrative)",
        )
        structure.real_memberships.append((structure.bodies[body_name], person_id, represents, role, start))
        if is_director:
            structure.director = person_id
        elif role == MembershipRole.LEADER:
            structure.group_leader = person_id
            structure.profiling_group = structure.bodies[body_name]
        else:
            structure.group_deputy = person_id


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
            source=f"{CASE_PAPER} (time of day illustrative)",
        )
    return known[(body_id, day)]


# Sources of the case rows, in words a user reads (not file names).
PAPER_48_20 = "Saksframlegg 48/20 til styret 11.09.2020"
COUNCIL_PAGE_2020 = (
    "osloregionen.no: møte i samarbeidsrådet og representantskapet 28.10.2020 "
    "(sak 5/20, «jfr. innstilling fra styret 23. juni»)"
)
# Styret's innstilling 35/20 went on to representantskapet as 5/20: one case with two numbers.
_DECIDED_AS = {"35/20": "5/20"}
# 33/20: the paper quotes part of the board's decision ("gjorde bl.a. følgende vedtak"), word for word.
_VEDTAK_33_20 = (
    "Faggruppen for næringssamarbeid i Osloregionen får som del av sitt mandat å være administrativ "
    "referansegruppe for det internasjonale profileringsarbeidet i Osloregionen."
)
# 48/20's mandate is proposed "med forbehold om representantskapets vedtak" (5/20).
_CONDITION_5_20 = (
    "med forbehold om representantskapets vedtak om strategiske føringer for Osloregionen for 2021 – 2024"
)


def _case_row(rows: Rows, *, reg: str, title: str, created: dt.date, **values: Any) -> int:
    year, number = _label(reg)
    return rows.add(
        Case,
        # Rows take the table's column names: the registration number lives in year/number.
        year=year,
        number=number,
        title=title,
        created_at=dt.datetime.combine(created, dt.time(9)),
        **values,
    )


def _treat(
    rows: Rows, meetings: dict, agenda: dict, *, case_id: int, body_id: int, day: dt.date, **values: Any
) -> None:
    meeting_id = _sourced_meeting(rows, meetings, body_id, day)
    agenda[meeting_id].append(case_id)
    rows.add(
        Consultation,
        case_id=case_id,
        body_id=body_id,
        meeting_id=meeting_id,
        planned_on=day,
        treated_on=day,
        **values,
    )


def _case_48_20(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    """48/20 and the cases it refers to, as the case paper (and for 5/20 osloregionen.no) has them.
    Each case holds its number in the body that gave it; the paper holds no decision of 48/20."""
    paper = seed["case_48_20"]
    meetings: dict[tuple[int, dt.date], int] = {}
    agenda: dict[int, list[int]] = defaultdict(list)
    related = {entry["number"]: entry for entry in paper["related"]}
    numbers: list[tuple[int, int, str, dt.date]] = []  # (case, body, "NN/YY", its meeting's day)

    for label, entry in related.items():
        if label in _DECIDED_AS.values():
            continue  # the later number of a case made here
        body_id = structure.bodies[entry["body"]]
        later = related.get(entry.get("decided_as") or _DECIDED_AS.get(label, ""))
        case_id = _case_row(
            rows,
            reg=label,
            title=later["title"] if later else entry["title"],
            created=entry["date"] - dt.timedelta(days=14),
            basis=Basis.SOURCED,
            source=PAPER_48_20 if later is None else f"{PAPER_48_20}; {COUNCIL_PAGE_2020}",
            final_decision=_VEDTAK_33_20 if later is None else None,
        )
        structure.cases[label] = case_id
        numbers.append((case_id, body_id, label, entry["date"]))
        if later is None:  # 33/20: decided by the board; the paper quotes part of the vedtak
            _treat(
                rows,
                meetings,
                agenda,
                case_id=case_id,
                sequence=1,
                body_id=body_id,
                day=entry["date"],
                role=ConsultationRole.DECISION,
                authoritative=True,
                result=ConsultationResult.ENDORSED,
                result_text=_VEDTAK_33_20,
                basis=Basis.SOURCED,
                source=f"{PAPER_48_20}: siterer en del av vedtaket («gjorde bl.a. følgende vedtak»)",
            )
            continue
        # 35/20: the board's innstilling ("Styret ... vedtok ... sak 35/20 innstilling til
        # representantskapsmøtet"); its text is not in the paper.
        _treat(
            rows,
            meetings,
            agenda,
            case_id=case_id,
            sequence=1,
            body_id=body_id,
            day=entry["date"],
            role=ConsultationRole.RECOMMENDATION,
            authoritative=False,
            result=ConsultationResult.ENDORSED,
            basis=Basis.SOURCED,
            source=f"{PAPER_48_20}: styret vedtok innstillingen; teksten er ikke gjengitt",
        )
        # 5/20: representantskapet adopted the guidelines; the wording of its vedtak is not stored.
        council = structure.bodies[later["body"]]
        _treat(
            rows,
            meetings,
            agenda,
            case_id=case_id,
            sequence=2,
            body_id=council,
            day=later["date"],
            role=ConsultationRole.DECISION,
            authoritative=True,
            result=ConsultationResult.ENDORSED,
            basis=Basis.SOURCED,
            source=f"{COUNCIL_PAGE_2020}; vedtaksteksten er ikke gjengitt",
        )
        structure.cases[later["number"]] = case_id
        numbers.append((case_id, council, later["number"], later["date"]))

    label = paper["number"]
    case_id = _case_row(
        rows,
        reg=label,
        title=paper["title"],
        created=paper["treatments"][0]["date"] - dt.timedelta(days=14),
        officer_person_id=structure.real_people[paper["case_officer"]],
        proposed_decision=paper["proposed_decision"],
        basis=Basis.SOURCED,
        source=PAPER_48_20,
    )
    structure.cases[label] = case_id
    for sequence, treatment in enumerate(paper["treatments"], start=1):
        if treatment.get("result"):  # the expert group: "sluttet seg til forslaget med mindre endringer"
            result, text = ConsultationResult.ENDORSED_WITH_CHANGES, treatment["result"]
            basis, source = Basis.SOURCED, PAPER_48_20
        elif treatment.get("authoritative"):
            # The paper is written before the meeting: the board's vedtak is not known.
            result, text, basis = None, None, Basis.UNCERTAIN
            source = f"{PAPER_48_20}: saken sto på styrets saksliste; vedtaket er ikke registrert"
        else:  # the coordination group: the draft "ble behandlet", no result given
            result, text, basis = None, None, Basis.SOURCED
            source = f"{PAPER_48_20}: utkastet «ble behandlet»; resultatet er ikke oppgitt"
        _treat(
            rows,
            meetings,
            agenda,
            case_id=case_id,
            sequence=sequence,
            body_id=structure.bodies[treatment["body"]],
            day=treatment["date"],
            role=treatment["role"],
            authoritative=bool(treatment.get("authoritative")),
            result=result,
            result_text=text,
            basis=basis,
            source=source,
        )
    # Only the board's number is known; the groups' item numbers are not in the paper.
    board_step = paper["treatments"][-1]
    numbers.append((case_id, structure.bodies[board_step["body"]], label, board_step["date"]))
    for to_case, kind, condition in (
        (structure.cases["33/20"], CaseLinkKind.BUILDS_ON, _VEDTAK_33_20),
        (structure.cases["5/20"], CaseLinkKind.REQUIRES, _CONDITION_5_20),
    ):
        rows.add(
            CaseLink,
            from_case_id=case_id,
            to_case_id=to_case,
            kind=kind,
            condition=condition,
            basis=Basis.SOURCED,
            source=PAPER_48_20,
        )
    for numbered_case, body_id, number_label, day in numbers:
        year, number = _label(number_label)
        rows.add(
            CaseNumber,
            case_id=numbered_case,
            body_id=body_id,
            year=year,
            number=number,
            assigned_at=dt.datetime.combine(day, dt.time(9)),
        )
    for meeting_id, case_ids in agenda.items():
        for position, agenda_case in enumerate(case_ids, start=1):
            rows.add(AgendaItem, meeting_id=meeting_id, position=position, case_id=agenda_case)
    # The made-up cases' registration numbers keep clear of the real cases' (one per case).
    for registered in (*related, label):
        if registered not in _DECIDED_AS.values():
            reg_year, reg_number = _label(registered)
            structure.reserved_case_numbers.setdefault(reg_year, set()).add(reg_number)
    # The illustrative meetings keep clear of these dates.
    for body_id, day in meetings:
        structure.fixed_meetings.setdefault(body_id, []).append(day)


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
