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
    CaseLinkKind,
    ConsultationResult,
    ConsultationRole,
    CoverageRule,
    MeetingStatus,
    MemberForm,
    MembershipRole,
    MemberStatus,
    QuorumRule,
    UnitKind,
)
from osloreg.models import (
    AgendaItem,
    Body,
    BodyMandate,
    BodyName,
    Case,
    CaseLink,
    CaseNumber,
    Consultation,
    Meeting,
    Membership,
    OsloregionMembership,
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
FACTS = "Osloregionens faktaark"  # how a source in the facts file is named where it names none
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
    body_life: dict[int, tuple[dt.date | None, dt.date | None]] = field(
        default_factory=dict
    )  # founded, dissolved
    profiling_group: int = 0  # the næringssamarbeid group, reference group for profiling
    real_people: dict[str, int] = field(default_factory=dict)
    # (body, person, represented unit, role, start, end) of the real people's dated roles.
    real_memberships: list[tuple[int, int, int | None, str, dt.date, dt.date]] = field(default_factory=list)
    strategy_period: int = 0  # 2021-2024, the first period with innsatsområder and delmål
    strategy_years: tuple[int, int] = (0, 0)
    strategy_points: list[int] = field(default_factory=list)  # the seven delmål of area 3
    # Every period: (id, first year, last year), oldest first; each year's handlingsprogram hangs
    # under the period in force that year.
    strategy_periods: list[tuple[int, int, int]] = field(default_factory=list)
    delmal: dict[tuple[int, int], int] = field(default_factory=dict)  # (area, number) in 2021-2024 -> id
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
    _mandates(rows, seed, structure)
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
            source=f"{FACTS}: delregionenes kommunelister",
        )
    for entry in seed["unplaced_members"]:
        _add_unit(
            rows,
            structure,
            kind=UnitKind.MUNICIPALITY,
            name=entry["name"],
            basis=entry["basis"],
            source=source_of(entry, FACTS),
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
            source=source_of(entry, FACTS),
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
            source=source_of(entry, FACTS),
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
                source=source_of(entry, FACTS),
            )
    _former_names(rows, seed, structure)

    _county_councils(rows, seed, structure)
    _membership_periods(rows, seed, structure)


def _life(entry: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """A unit's own life from `exists` (Akershus: to 2019 and again from 2024: one unit whose
    membership periods say when it was a member)."""
    spans = entry.get("exists") or []
    if not spans:
        return None, None
    return spans[0].get("from"), spans[-1].get("to")


def _county_councils(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    lives = {entry["unit"]: entry for entry in seed["membership_periods"]}
    names = [entry["name"] for entry in seed["county_councils"]]
    names += [name for name in lives if name.endswith("fylkeskommune") and name not in names]
    described = {entry["name"]: entry for entry in seed["county_councils"]}
    for name in names:
        entry = described.get(name) or {"name": name, "basis": lives[name]["periods"][0]["basis"]}
        life = lives.get(name, {})
        valid_from, valid_to = _life(life)
        periods = life.get("periods") or []
        latest = periods[-1]["status"] if periods else None
        note = entry.get("note") or life.get("periods", [{}])[0].get("note")
        _add_unit(
            rows,
            structure,
            kind=UnitKind.COUNTY,
            name=name,
            # The membership today, for the directory; the dated periods decide coverage.
            is_member=latest == MemberStatus.MEMBER,
            valid_from=valid_from,
            valid_to=valid_to,
            basis=entry["basis"],
            source=entry.get("source") or life.get("exists_source") or FACTS,
            note=note,
        )


def _membership_periods(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    """Membership of Osloregionen as dated periods of its own, apart from each unit's life."""
    for entry in seed["membership_periods"]:
        unit_id = structure.units[entry["unit"]]
        for period in entry["periods"]:
            notes = [period.get("note")]
            for end in ("from", "to"):
                if period.get(f"{end}_basis") and period.get(f"{end}_basis") != period["basis"]:
                    notes.append(f"{end}: {period[f'{end}_basis']}")
            rows.add(
                OsloregionMembership,
                unit_id=unit_id,
                member_form=MemberForm(period["as"]),
                status=MemberStatus(period["status"]),
                valid_from=period.get("from"),
                valid_to=period.get("to"),
                note="; ".join(note for note in notes if note) or None,
                basis=period["basis"],
                source=period.get("source") or FACTS,
            )
            if period["status"] == MemberStatus.MEMBER and entry["unit"].endswith("fylkeskommune"):
                # The activity seats the county councils that are members from 2020 on.
                if (
                    period.get("from")
                    and period["from"] >= dt.date(2020, 1, 1)
                    and period["as"] == "alliance"
                ):
                    ipr = [
                        p for p in entry["periods"] if p["as"] == "ipr" and p["status"] == MemberStatus.MEMBER
                    ]
                    until = ipr[-1].get("to") if ipr else period.get("to")
                    structure.member_counties.append((unit_id, period["from"], until))


def _former_names(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    """Names of the date (sub_region_name_history): Follorådet until 2021, Øvre Romerike Utvikling
    until 2018. Only entries that name their successor and the year or day it took over."""
    for entry in seed["sub_region_name_history"]:
        successor, ended = entry.get("then"), entry.get("to")
        unit_name = next((name for name in structure.units if successor and successor.startswith(name)), None)
        if unit_name is None or ended is None:
            continue
        unit_id = structure.units[unit_name]
        if isinstance(ended, dt.date):
            switch = ended + dt.timedelta(days=1)
        elif entry.get("name") == "Follorådet":
            # "organised as an IPR from 1 March 2021"; the name came with it (switch uncertain).
            switch = dt.date(ended, 3, 1)
        else:
            switch = dt.date(ended + 1, 1, 1)
        basis = entry.get("switch_basis") or entry["basis"]
        source = entry.get("source") or FACTS
        rows.add(
            UnitName,
            unit_id=unit_id,
            name=entry["name"],
            valid_from=dt.date(entry["from"], 1, 1) if isinstance(entry.get("from"), int) else None,
            valid_to=switch - dt.timedelta(days=1),
            basis=basis,
            source=source,
        )
        rows.add(UnitName, unit_id=unit_id, name=unit_name, valid_from=switch, basis=basis, source=source)


# How long before a meeting its innkalling goes out. No source gives Osloregionen's periods:
# kommuneloven § 11-3 asks only for "rimelig varsel" for folkevalgte organer, so the demo's admin has
# set two weeks for the political bodies and one week for the administrative groups (illustrative).
NOTICE_DAYS = {
    BodyKind.COUNCIL: 14,
    BodyKind.BOARD: 14,
    BodyKind.COMMITTEE: 14,
    BodyKind.COORDINATION_GROUP: 7,
    BodyKind.EXPERT_GROUP: 7,
}
NOTICE_SOURCE = (
    "Satt av administrator i demodataene. Ingen kilde gir Osloregionens frister; kommuneloven § 11-3 "
    "krever innkalling med «rimelig varsel» til møter i folkevalgte organer."
)


def _notice_period(kind: str) -> dict[str, Any]:
    if kind not in NOTICE_DAYS:  # the secretariat holds no meetings with an innkalling
        return {}
    return {
        "notice_days": NOTICE_DAYS[kind],
        "notice_basis": Basis.ILLUSTRATIVE,
        "notice_source": NOTICE_SOURCE,
    }


# Vedtaksførhet (kommuneloven § 11-9: at least half of the members present) binds a folkevalgt organ.
# Representantskapet and styret are the council's styringsorganer, so folkevalgte organer by law; whether
# the committees are styringsorganer is not settled; the administrative groups give advice and make no
# vedtak, so no rule is set for them.
QUORUM_SOURCE = (
    "Kommuneloven § 11-9 første ledd; representantskap og andre styringsorganer for et interkommunalt "
    "politisk råd er folkevalgte organer (kommuneloven § 5-1 andre ledd bokstav i)"
)
QUORUM_UNSETTLED = (
    "Kommuneloven § 11-9 første ledd gjelder folkevalgte organer. Det er ikke avklart om utvalget er et "
    "av rådets styringsorganer etter kommuneloven § 5-1 andre ledd bokstav i; regelen er satt som for et "
    "folkevalgt organ."
)
QUORUM_BASIS = {
    BodyKind.COUNCIL: (Basis.SOURCED, QUORUM_SOURCE),
    BodyKind.BOARD: (Basis.SOURCED, QUORUM_SOURCE),
    BodyKind.COMMITTEE: (Basis.UNCERTAIN, QUORUM_UNSETTLED),
}


def _quorum(kind: str) -> dict[str, Any]:
    if kind not in QUORUM_BASIS:
        return {"quorum_rule": QuorumRule.NONE, "quorum_basis": None, "quorum_source": None}
    basis, source = QUORUM_BASIS[kind]
    return {"quorum_rule": QuorumRule.HALF_MEMBERS, "quorum_basis": basis, "quorum_source": source}


def _bodies(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    for entry in seed["bodies"]:
        kind = entry["kind"]
        values: dict[str, Any] = {"coverage_rule": CoverageRule.NONE, "max_members": None}
        source = source_of(entry, FACTS)
        if kind == BodyKind.EXPERT_GROUP:
            # No size limit: the case paper sets none ("så fremt gruppen totalt sett ikke blir for stor").
            values = {"coverage_rule": CoverageRule.SUB_REGIONS_COUNTIES_OSLO, "max_members": None}
        elif kind == BodyKind.BOARD:
            # "up to 20 members ... one seat for Oslo and one per sub-region"
            values = {"coverage_rule": CoverageRule.SUB_REGIONS_OSLO, "max_members": 20}
        founded = entry.get("founded")
        founded_on = dt.date(founded, 1, 1) if founded else entry.get("first_sourced_meeting")
        # "split by January 2021": the old group is taken to end the day before the first sourced
        # meeting of the new ones (the split's date was not found).
        dissolved_on = dt.date(2021, 1, 11) if "split by January 2021" in (entry.get("note") or "") else None
        body_id = rows.add(
            Body,
            name=entry["name"],
            kind=kind,
            basis=entry["basis"],
            source=source,
            note=entry.get("note"),
            founded_on=founded_on,
            dissolved_on=dissolved_on,
            **values,
            **_notice_period(kind),
            **_quorum(kind),
        )
        structure.body_rows[body_id] = {
            "name": entry["name"],
            "kind": kind,
            "founded_on": founded_on,
            "dissolved_on": dissolved_on,
            **values,
            **_notice_period(kind),
            **_quorum(kind),
        }
        structure.bodies[entry["name"]] = body_id
        structure.body_kinds[body_id] = kind
        structure.body_life[body_id] = (founded_on, dissolved_on)
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
                source="Saksframlegg 48/20: navnet og året det ble tatt i bruk (bare årstall)",
            )


# The proposed mandate in case paper 48/20 ("Forslag til mandat"), word for word.
MANDATE_48_20 = (
    "Faggruppen for næringssamarbeid i Osloregionen skal sammen med sekretariatet i Osloregionen, bidra "
    "til å følge opp Osloregionens strategiske føringer innenfor områdene Konkurransekraft og "
    "attraktivitet og Fellesskap og samarbeid, herunder delta i utviklingen og gjennomføringen av "
    "Osloregionens årlige handlingsplan innenfor dette området, samt være referansegruppe for "
    "Osloregionens arbeid med internasjonal profilering. Faggruppen skal bidra til faglig forankring og "
    "kvalitetssikring av prosjektene. Faggruppen skal videre bidra til faglig grunnlag for "
    "interessepolitisk arbeid i regi av Osloregionen innenfor området konkurransekraft og attraktivitet. "
    "Sekretariatet ved direktøren er ansvarlig overfor styret i Osloregionen og tar de endelige "
    "beslutningene om hvordan rådene fra faggruppen skal ivaretas."
)


def _mandates(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    """Each body's mandate and the case that set it (48/20): known once the cases are built."""
    for entry in seed["bodies"]:
        mandate = entry.get("mandate")
        if not mandate or mandate.get("case") != "48/20":
            continue
        rows.add(
            BodyMandate,
            body_id=structure.bodies[entry["name"]],
            case_id=structure.cases.get(mandate["case"]),
            valid_from=mandate.get("date"),
            text=MANDATE_48_20,
            basis=mandate["basis"],
            source="Saksframlegg 48/20, forslag til mandat; styrets vedtak er ikke funnet i noen kilde",
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


# The full wording of the seven delmål under point 3 Konkurransekraft og attraktivitet, as the case
# paper quotes the proposal; the facts file's short forms label them in tables.
DELMAL_3_FULL = (
    "Kartlegge og dele kunnskap om regionens komparative fortrinn innen næringsutvikling, kompetanse, "
    "kultur og opplevelse, samfunn og politikk.",
    "Utvikle en handlingsrettet fireårig strategi for å styrke Osloregionens internasjonale posisjon og "
    "synlighet basert på Osloregionens internasjonale profileringsstrategi (2015), med mål om å øke "
    "Osloregionens attraktivitet for talent, beholde og tiltrekke investeringer, besøkende og "
    "attraktivitet i internasjonalt samarbeid.",
    "Gjennomfører prosjekter i samarbeid med kommuner, fylkeskommuner, samt andre offentlige og private "
    "aktører i profileringsarbeidet for å styrke Osloregionens internasjonale posisjon.",
    "Bidra til å etablere en plattform for et tettere regionalt samarbeid om internasjonal profilering "
    "der både kommuner, fylkeskommuner, næringsliv, akademia, kulturinstitusjoner og andre relevante "
    "organisasjoner inngår.",
    "Kartlegge og bevisstgjøre beslutningstagere om barrierer og utfordringer for å tiltrekke talent, "
    "investeringer og besøkende til regionen.",
    "Skape arenaer for å dele kunnskap og erfaringer om stedsmarkedsføring i regionalt, nasjonalt og "
    "internasjonalt perspektiv",
    "Samarbeide med og støtte opp om næringsklynger som motorer for en flerkjernet næringsutvikling i "
    "Osloregionen",
)
# Which delmål (area, number) of 2021-2024 a demo measure on a topic serves; topics of areas with no
# delmål in the sources (areal og transport, klima og miljø) get none.
TOPIC_DELMAL: dict[str, tuple[int, int]] = {
    "næringsutvikling": (3, 7),
    "internasjonal profilering": (3, 4),
    "kompetanse og arbeidskraft": (3, 5),
    "reiseliv": (3, 6),
}


def _period(rows: Rows, structure: Structure, *, period: str, adopted: dict[str, Any], source: str) -> int:
    start_year, end_year = (int(part) for part in str(period).split("-"))
    case = adopted.get("case")
    period_id = rows.add(
        StrategyPeriod,
        name=f"Strategiske føringer {start_year}–{end_year}",
        start_year=start_year,
        end_year=end_year,
        adopted_on=adopted.get("date"),
        adopted_by_body_id=structure.bodies.get(adopted.get("body") or ""),
        adopted_case_id=structure.cases.get(case) if case else None,
        basis=adopted["basis"],
        source=source,
    )
    structure.strategy_periods.append((period_id, start_year, end_year))
    return period_id


def _strategy(rows: Rows, seed: dict[str, Any], structure: Structure) -> None:
    guidelines = seed["strategic_guidelines"]
    adopted = guidelines["adopted"]
    structure.strategy_period = _period(
        rows,
        structure,
        period=guidelines["period"],
        adopted=adopted,
        source=f"Representantskapet, sak {adopted['case']} (osloregionen.no, kalender)",
    )
    structure.strategy_years = structure.strategy_periods[0][1:]
    for area in guidelines["areas"]:
        area_number = area["number"]
        area_id = rows.add(
            StrategyArea,
            period_id=structure.strategy_period,
            number=area_number,
            name=area["name"],
            note=area.get("note"),
            basis=area["basis"],
            source=area.get("source") or area.get("name_source") or FACTS,
        )
        for number, label in enumerate(area.get("points") or [], start=1):
            full = DELMAL_3_FULL[number - 1] if area_number == 3 else label
            point_id = rows.add(
                StrategyPoint,
                area_id=area_id,
                number=number,
                text=full,
                short_label=label,
                basis=area["basis"],
                source=f"Saksframlegg 48/20: delmålene under punkt {area_number} (forslaget, sak 35/20)",
            )
            structure.strategy_points.append(point_id)
            structure.delmal[(area_number, number)] = point_id
    # 2025-2028: the board endorsed the draft on 26.04.2024; its innsatsområder and delmål are not in
    # the stored sources, so the period has none (the facts file: leave them out).
    later = seed["strategic_guidelines_2025_2028"]
    adoption = next(
        (step for step in later["process"] if step["step"] == "adoption"), {"basis": later["basis"]}
    )
    _period(
        rows,
        structure,
        period=later["period"],
        adopted=adoption,
        source=(
            "osloregionen.no (høring om strategiske føringer 2025–2028); "
            "vedtaket 29.08.2024 er ikke bekreftet"
        ),
    )
