"""Imports on SQLite and PostgreSQL: all rows or none (a bad row 999, a database failure at row 700),
one audit event per import, admins only, and each of the five kinds written right by the services'
rules (an overlapping term is a row error, a new leader takes over); the command line as a process."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from osloreg import clock, importer
from osloreg.enums import BodyKind, MembershipRole, Role, UnitKind
from osloreg.importer import Kind, parse_upload
from osloreg.models import (
    AuditEvent,
    Meeting,
    Membership,
    Person,
    Project,
    ProjectStatusChange,
    SubRegionMember,
    Unit,
)
from osloreg.services.base import SYSTEM, Actor, PermissionDenied
from osloreg.services.imports import ImportRefused, check_rows, check_upload, import_rows
from tests.cli_runner import runner
from tests.factories import make_body, make_membership, make_person, make_unit

TABLES = (Unit, SubRegionMember, Person, Membership, Project, ProjectStatusChange, Meeting, AuditEvent)


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _persons_file(count: int, *, bad_row: int | None = None) -> bytes:
    """`count` persons; the one on spreadsheet row `bad_row` (header = row 1) has a broken address."""
    lines = ["Navn;E-post;Arbeidsgiver;Stilling"]
    for n in range(2, count + 2):
        email = "ikke en adresse" if n == bad_row else f"person{n}@example.no"
        lines.append(f"Person {n:04d};{email};Kommune {n % 17};Rådgiver")
    return _csv(*lines)


def _counts(session: Session) -> dict[str, int]:
    counts = {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in TABLES
    }
    session.rollback()
    return counts


def _import(session: Session, kind: Kind, data: bytes, *, actor: Actor = SYSTEM, name: str = "fil.csv"):
    parsed = parse_upload(kind, data)
    assert parsed.errors == []
    return import_rows(session, actor=actor, kind=kind, rows=parsed.rows, file_name=name)


def _refusal(session: Session, kind: Kind, data: bytes) -> list[tuple[int, str | None, str]]:
    parsed = parse_upload(kind, data)
    with pytest.raises(ImportRefused) as caught:
        import_rows(session, actor=SYSTEM, kind=kind, rows=parsed.rows, file_name="fil.csv")
    return [(e.row, e.column, e.key) for e in caught.value.params["errors"]]


# --- All or nothing --------------------------------------------------------------------------------


def test_a_bad_row_999_of_1000_writes_nothing_and_the_fixed_file_writes_all_with_one_audit_event(session):
    before = _counts(session)
    parsed = parse_upload(Kind.PERSONS, _persons_file(1000, bad_row=999))
    assert parsed.errors == [] and len(parsed.rows) == 1000
    with pytest.raises(ImportRefused) as caught:
        import_rows(session, actor=SYSTEM, kind=Kind.PERSONS, rows=parsed.rows, file_name="personer.csv")
    (error,) = caught.value.params["errors"]
    assert (error.row, error.column, error.key) == (999, "email", "error.email_invalid")
    assert importer.message(Kind.PERSONS, error, "nb") == "E-postadressen ser ikke riktig ut."
    assert importer.message(Kind.PERSONS, error, "en") == "The e-mail address does not look right."
    assert _counts(session) == before

    result = _import(session, Kind.PERSONS, _persons_file(1000), name="personer.csv")
    assert result.count == 1000 and len(result.ids) == 1000
    after = _counts(session)
    assert after["persons"] == before["persons"] + 1000
    assert after["audit_events"] == before["audit_events"] + 1
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.entity, event.actor_name) == ("import.persons", "import", "system")
    assert {key: event.after[key] for key in ("kind", "file_name", "rows")} == {
        "kind": "persons",
        "file_name": "personer.csv",
        "rows": 1000,
    }
    assert sorted(event.after["ids"]) == sorted(result.ids)
    assert session.get(Person, result.ids[-1]).name == "Person 1001"


def test_the_dry_run_finds_the_same_errors_and_writes_nothing(session):
    before = _counts(session)
    checked = check_upload(session, actor=SYSTEM, kind=Kind.PERSONS, data=_persons_file(600, bad_row=3))
    assert [(e.row, e.column) for e in checked.errors] == [(3, "email")]
    reports: list[tuple[int, int]] = []
    assert (
        check_rows(
            session,
            actor=SYSTEM,
            kind=Kind.PERSONS,
            rows=checked.rows[3:],
            progress=lambda *a: reports.append(a),
        )
        == []
    )
    assert reports == [(500, 597), (597, 597)]
    assert _counts(session) == before


@pytest.fixture
def fails_at_row_700(engine: Engine):
    """A trigger that makes the database refuse one person, as only the database can (a real failure
    in the middle of the write, after the first 500 rows have been sent)."""
    name = "Person 0700"
    if engine.dialect.name == "sqlite":
        ddl = [
            f"CREATE TRIGGER import_fails BEFORE INSERT ON persons WHEN NEW.name = '{name}' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
        ]
        undo = ["DROP TRIGGER import_fails"]
    else:
        ddl = [
            "CREATE FUNCTION import_fails() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.name = '{name}' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER import_fails BEFORE INSERT ON persons FOR EACH ROW "
            "EXECUTE FUNCTION import_fails()",
        ]
        undo = ["DROP TRIGGER import_fails ON persons", "DROP FUNCTION import_fails()"]
    with engine.begin() as connection:
        for statement in ddl:
            connection.exec_driver_sql(statement)
    yield
    with engine.begin() as connection:
        for statement in undo:
            connection.exec_driver_sql(statement)


def test_a_database_failure_midway_rolls_back_every_row(session, fails_at_row_700):
    before = _counts(session)
    parsed = parse_upload(Kind.PERSONS, _persons_file(1000))
    written: list[int] = []
    with pytest.raises(DBAPIError, match="refused by the test trigger"):
        import_rows(
            session,
            actor=SYSTEM,
            kind=Kind.PERSONS,
            rows=parsed.rows,
            file_name="personer.csv",
            progress=lambda done, _total: written.append(done),
        )
    assert written == [500]  # the first 500 rows had reached the database before it refused
    session.rollback()
    assert _counts(session) == before


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER, Role.VIEWER])
def test_only_an_admin_may_import_or_check(session, role):
    actor = Actor(user_id=None, username=str(role), roles=frozenset({role}))
    before = _counts(session)
    rows = parse_upload(Kind.PERSONS, _persons_file(3)).rows
    with pytest.raises(PermissionDenied):
        import_rows(session, actor=actor, kind=Kind.PERSONS, rows=rows, file_name="personer.csv")
    with pytest.raises(PermissionDenied):
        check_rows(session, actor=actor, kind=Kind.PERSONS, rows=rows)
    assert _counts(session) == before


# --- Each kind -------------------------------------------------------------------------------------


def test_units_with_sub_regions_from_the_register_and_earlier_in_the_file(session):
    make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
    session.commit()
    data = _csv(
        "Type;Navn;Fylkesnivå;Gyldig fra;Delregioner",
        "delregion;Folloregionen;nei;01.01.2020;",
        "kommune;Vestby;nei;2020-01-01;Folloregionen; Mosseregionen",
        "fylkeskommune;Akershus fylkeskommune;nei;;",
        "Kommune;Oslo kommune;ja;;",
    )
    data = data.replace(b"Folloregionen; Mosseregionen", b'"Folloregionen; Mosseregionen"')
    _import(session, Kind.UNITS, data)
    vestby = session.scalar(select(Unit).where(Unit.name == "Vestby"))
    assert vestby.kind == "municipality" and vestby.valid_from == dt.date(2020, 1, 1) and vestby.is_member
    links = session.scalars(select(SubRegionMember).where(SubRegionMember.municipality_id == vestby.id)).all()
    assert sorted(link.sub_region.name for link in links) == ["Folloregionen", "Mosseregionen"]
    assert session.scalar(select(Unit.county_level).where(Unit.name == "Oslo kommune")) is True
    session.rollback()
    # Again: every name is taken now; a sub-region not in the register is a row error too.
    errors = _refusal(
        session, Kind.UNITS, _csv("Type;Navn;Delregioner", "kommune;Vestby;", "kommune;Ski;Østfold")
    )
    assert errors == [
        (2, "name", "import.error.duplicate_in_database"),
        (3, "sub_regions", "import.error.not_found"),
    ]


def test_persons_doubled_in_the_file_or_already_registered_are_row_errors(session):
    make_person(session, name="Kari Nordmann", email="kari@example.no")
    session.commit()
    errors = _refusal(
        session,
        Kind.PERSONS,
        _csv("Navn;E-post", "Kari Nordmann;KARI@example.no", "Per Hansen;", "per hansen;"),
    )
    assert errors == [
        (2, "name", "import.error.duplicate_in_database"),
        (4, "name", "import.error.duplicate_in_file"),
    ]
    _import(session, Kind.PERSONS, _csv("Navn;E-post;Stilling", "Per Hansen;;Rådgiver"))
    assert session.scalar(select(Person.title).where(Person.name == "Per Hansen")) == "Rådgiver"


def _group(session: Session) -> tuple[int, int, int]:
    """A group with Nils as its leader since 2020, Kari and Per, and the unit Ås (valid from 2020)."""
    body = make_body(session, name="Faggruppe for næringssamarbeid", short_name="FNS")
    nils = make_person(session, name="Nils Nestleder")
    make_person(session, name="Kari Nordmann", email="kari@example.no")
    make_person(session, name="Per Ås")
    aas = make_unit(session, name="Ås", valid_from=dt.date(2020, 1, 1))
    make_membership(session, person=nils, body=body, role=MembershipRole.LEADER, start_on=dt.date(2020, 1, 1))
    session.commit()
    return body.id, nils.id, aas.id


def test_memberships_follow_the_service_rules_overlap_unit_validity_and_handover(session):
    body_id, nils_id, aas_id = _group(session)
    before = _counts(session)
    errors = _refusal(
        session,
        Kind.MEMBERSHIPS,
        _csv(
            "Organ;Person;Rolle;Representerer;Fra;Til",
            "FNS;kari@example.no;leder;Ås;01.01.2024;",
            "Faggruppe for næringssamarbeid;Per Ås;medlem;Ås;01.01.2024;31.12.2025",
            "FNS;Per Ås;medlem;;01.06.2025;",  # overlaps the row above: same rule as the service
            "FNS;Per Ås;medlem;Ås;01.01.2019;31.12.2019",  # Ås did not exist then
            "Ukjent gruppe;Per Ås;medlem;;01.01.2026;",
        ),
    )
    assert errors == [
        (4, "start_on", "error.membership_overlap"),
        (5, "represents", "error.unit_not_valid"),
        (6, "body", "import.error.not_found"),
    ]
    assert _counts(session) == before

    _import(
        session,
        Kind.MEMBERSHIPS,
        _csv(
            "Organ;Person;Rolle;Representerer;Fra;Til",
            "FNS;kari@example.no;leder;Ås;01.01.2024;",
            "Faggruppe for næringssamarbeid;Per Ås;;Ås;01.01.2024;31.12.2025",
            "FNS;Per Ås;leder;;01.01.2026;",  # takes over from Kari, a leader earlier in this file
        ),
    )
    terms = session.execute(
        select(
            Person.name,
            Membership.role,
            Membership.start_on,
            Membership.end_on,
            Membership.represents_unit_id,
        )
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.body_id == body_id)
        .order_by(Person.name, Membership.start_on)
    ).all()
    assert [tuple(term) for term in terms] == [
        ("Kari Nordmann", "leader", dt.date(2024, 1, 1), dt.date(2025, 12, 31), aas_id),
        ("Kari Nordmann", "member", dt.date(2026, 1, 1), None, aas_id),
        # The new leader takes over: Nils's term as leader ends the day before; he goes on as a member.
        ("Nils Nestleder", "leader", dt.date(2020, 1, 1), dt.date(2023, 12, 31), None),
        ("Nils Nestleder", "member", dt.date(2024, 1, 1), None, None),
        ("Per Ås", "member", dt.date(2024, 1, 1), dt.date(2025, 12, 31), aas_id),
        ("Per Ås", "leader", dt.date(2026, 1, 1), None, None),
    ]
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.after["rows"] == 3 and [h["row"] for h in event.after["handovers"]] == [2, 4]


def test_vara_are_imported_with_their_order_or_as_a_members_personal_vara(session):
    body_id, _, aas_id = _group(session)
    make_person(session, name="Siv Vara")
    make_person(session, name="Mona Vara")
    session.commit()
    before = _counts(session)
    header = "Organ;Person;Rolle;Representerer;Fra;Rekkefølge;Personlig vara for"
    data = _csv(
        header,
        "FNS;Per Ås;medlem;Ås;01.01.2024;;",
        "FNS;Siv Vara;vara;Ås;01.01.2024;1;",
        "FNS;Mona Vara;varamedlem;Ås;01.06.2024;1;",  # Siv holds første vara for Ås (row 3)
        "FNS;Kari Nordmann;vara;Ås;01.01.2024;;",  # a unit's vara with no order
    )
    parsed = parse_upload(Kind.MEMBERSHIPS, data)
    with pytest.raises(ImportRefused) as caught:
        import_rows(session, actor=SYSTEM, kind=Kind.MEMBERSHIPS, rows=parsed.rows, file_name="vara.csv")
    errors = caught.value.params["errors"]
    assert [(e.row, e.column, e.key) for e in errors] == [
        (4, "substitute_order", "error.substitute_order_taken"),
        (5, "substitute_order", "error.substitute_order_missing"),
    ]
    assert importer.message(Kind.MEMBERSHIPS, errors[0], "nb") == (
        "Siv Vara er allerede vara nr. 1 for Ås (fra 01.01.2024). Velg et annet varanummer, eller avslutt "
        "det andre vervet først."
    )
    assert importer.error_rows(Kind.MEMBERSHIPS, errors, "nb")[1]["column"] == "Varanummer"
    assert _counts(session) == before

    _import(
        session,
        Kind.MEMBERSHIPS,
        _csv(
            header,
            "FNS;Per Ås;medlem;Ås;01.01.2024;;",
            "FNS;Siv Vara;vara;Ås;01.01.2024;1;",
            "FNS;Mona Vara;substitute;Ås;01.06.2024;2;",
            "FNS;Kari Nordmann;vara;;01.01.2024;;Per Ås",  # Per's seat is earlier in this file
        ),
    )
    terms = session.execute(
        select(
            Person.name,
            Membership.role,
            Membership.represents_unit_id,
            Membership.substitute_order,
            Membership.substitute_for_person_id,
        )
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.body_id == body_id, Membership.role == MembershipRole.SUBSTITUTE)
        .order_by(Person.name)
    ).all()
    per_id = session.scalar(select(Person.id).where(Person.name == "Per Ås"))
    assert [tuple(term) for term in terms] == [
        ("Kari Nordmann", "substitute", aas_id, None, per_id),  # Per's unit
        ("Mona Vara", "substitute", aas_id, 2, None),
        ("Siv Vara", "substitute", aas_id, 1, None),
    ]


def test_projects_with_owner_body_partners_and_a_start_status(session):
    _group(session)
    make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    session.commit()
    errors = _refusal(
        session,
        Kind.PROJECTS,
        _csv("Tittel;Status;Start;Slutt", "Pågående;Pågår;;", "Baklengs;Idé;01.02.2025;01.01.2025"),
    )
    assert errors == [(2, "status", "error.project_start_status"), (3, "end_on", "error.end_before_start")]
    _import(
        session,
        Kind.PROJECTS,
        _csv(
            "Tittel;Beskrivelse;Organ;Eier;Status;Start;Slutt;Fremdrift;Partnere",
            "Arealstrategi;Felles kart;FNS;kari@example.no;Planlagt;01.03.2024;30.06.2025;10 %;"
            '"Ås; Folloregionen"',
            "Idéprosjekt;;;;;;;;",
        ),
    )
    project = session.scalar(select(Project).where(Project.title == "Arealstrategi"))
    assert (project.status, project.progress, project.start_on) == ("planned", 10, dt.date(2024, 3, 1))
    assert project.owner.name == "Kari Nordmann" and project.body_id is not None
    assert sorted(unit.name for unit in project.partners) == ["Folloregionen", "Ås"]
    assert [(c.from_status, c.to_status) for c in project.status_changes] == [(None, "planned")]
    assert session.scalar(select(Project.status).where(Project.title == "Idéprosjekt")) == "idea"


def test_meetings_by_body_with_times_place_and_status(session):
    body_id, _nils, _aas = _group(session)
    make_body(session, name="Styret", kind=BodyKind.BOARD)
    session.commit()
    future = (clock.oslo_today() + dt.timedelta(days=30)).strftime("%d.%m.%Y")
    errors = _refusal(
        session,
        Kind.MEETINGS,
        _csv(
            "Organ;Start;Slutt;Status",
            f"FNS;{future} 10:00;;avholdt",
            "FNS;12.09.2024 10:00;12.09.2024 09:00;",
        ),
    )
    assert errors == [(2, "status", "import.error.held_in_future"), (3, "ends_at", "error.meeting_end")]
    _import(
        session,
        Kind.MEETINGS,
        _csv(
            "Body;Start;End;Place;Title;Status",
            "FNS;12.09.2024 10:00;;Oslo rådhus;Høstmøte;held",
            "Styret;2024-10-01T09:30;2024-10-01 11:00;;;Planlagt",
        ),
    )
    meeting = session.scalar(select(Meeting).where(Meeting.body_id == body_id))
    assert (meeting.starts_at, meeting.ends_at) == (
        dt.datetime(2024, 9, 12, 10),
        dt.datetime(2024, 9, 12, 12),
    )
    assert (meeting.place, meeting.title, meeting.status) == ("Oslo rådhus", "Høstmøte", "held")
    assert session.scalar(select(func.count()).select_from(Meeting)) == 2
    session.rollback()
    # The same meeting again is a duplicate.
    assert _refusal(session, Kind.MEETINGS, _csv("Organ;Start", "FNS;12.09.2024 10:00")) == [
        (2, "starts_at", "import.error.duplicate_in_database")
    ]


def test_an_excel_template_filled_in_imports(session):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(importer.template_file(Kind.PERSONS, "xlsx", "en")))
    workbook["Data"].append(["Eva Excel", "eva@example.no", "Ski", "Leder"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(session, Kind.PERSONS, buffer.getvalue(), name="persons.xlsx")
    assert result.count == 2
    assert session.scalar(select(Person.employer).where(Person.name == "Eva Excel")) == "Ski"


# --- The command line ------------------------------------------------------------------------------


def _cli(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m osloreg import *args`, in this process (tests/cli_runner.py)."""
    return runner(url, tmp_path)("import", *args)


def test_the_import_command_reports_row_errors_checks_dry_and_imports(sqlite_engine: Engine, tmp_path: Path):
    url = str(sqlite_engine.url)
    bad = tmp_path / "personer.csv"
    bad.write_bytes(_persons_file(5, bad_row=4))
    refused = _cli(url, tmp_path, "persons", str(bad))
    assert refused.returncode == 1
    assert "Rad 4, E-post: E-postadressen ser ikke riktig ut." in refused.stderr
    english = _cli(url, tmp_path, "persons", str(bad), "--language", "en")
    assert (
        english.returncode == 1 and "Row 4, E-mail: The e-mail address does not look right." in english.stderr
    )
    good = tmp_path / "ok.csv"
    good.write_bytes(_persons_file(5))
    dry = _cli(url, tmp_path, "persons", str(good), "--dry-run")
    assert dry.returncode == 0 and "Alle 5 radene er gyldige." in dry.stdout
    with sqlite_engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM persons")) == 0
    done = _cli(url, tmp_path, "persons", str(good))
    assert done.returncode == 0 and "Importerte 5 rader (personer) fra ok.csv." in done.stdout
    with sqlite_engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM persons")) == 5
        assert (
            connection.scalar(sa.text("SELECT count(*) FROM audit_events WHERE action = 'import.persons'"))
            == 1
        )
    png = tmp_path / "bilde.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    picture = _cli(url, tmp_path, "persons", str(png))
    assert picture.returncode == 1 and "bilde.csv: Filen er verken CSV eller Excel" in picture.stderr
