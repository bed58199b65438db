"""Migration 0011 (case numbers per body and year) on SQLite and PostgreSQL: a database at 0010 is
carried forward without losing a row; each case keeps its number, now in the series of the body of
its deciding consultation (else its first), and a case without consultations keeps it as its
registration number; the demo data goes down to 0010 and up again whole."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import migrate
from osloreg.demo import load_demo

BEFORE = "0010"


def _counts(engine: Engine, names: list[str]) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in names
        }


def _insert(connection: sa.Connection, table: str, **values) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return connection.execute(
        sa.text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values
    ).scalar_one()


def test_an_upgrade_from_0010_keeps_every_case_and_gives_each_its_number_in_the_deciding_body(engine):
    migrate.downgrade(engine, BEFORE)
    with engine.begin() as connection:
        body = {
            name: _insert(connection, "bodies", name=name, kind=kind, coverage_rule="none", basis="sourced")
            for name, kind in (
                ("Faggruppe for næringssamarbeid", "expert_group"),
                ("Styret", "board"),
                ("Representantskapet", "council"),
            )
        }

        def case(year: int, number: int, title: str) -> int:
            created = dt.datetime(year, 1, 2, 9)
            return _insert(
                connection,
                "cases",
                year=year,
                number=number,
                title=title,
                basis="sourced",
                created_at=created,
                waiting=False,
            )

        def step(case_id: int, sequence: int, body_name: str, deciding: bool) -> None:
            _insert(
                connection,
                "consultations",
                case_id=case_id,
                sequence=sequence,
                body_id=body[body_name],
                role="decision" if deciding else "preparation",
                authoritative=deciding,
                basis="sourced",
            )

        mandate = case(2020, 48, "Revidert mandat")  # group -> board (deciding)
        step(mandate, 1, "Faggruppe for næringssamarbeid", False)
        step(mandate, 2, "Styret", True)
        guidelines = case(2020, 5, "Strategiske føringer")  # board -> council (deciding)
        step(guidelines, 1, "Styret", False)
        step(guidelines, 2, "Representantskapet", True)
        hearing = case(2021, 7, "Høring")  # no deciding body: its first consultation's
        step(hearing, 1, "Faggruppe for næringssamarbeid", False)
        step(hearing, 2, "Styret", False)
        fresh = case(2021, 8, "Registrert, ikke behandlet")  # no consultation at all
    tables = ["bodies", "cases", "consultations"]
    before = _counts(engine, tables)
    migrate.upgrade(engine)
    assert _counts(engine, tables) == before
    with engine.connect() as connection:
        numbers = connection.execute(
            sa.text(
                "SELECT case_numbers.case_id, bodies.name, case_numbers.year, case_numbers.number "
                "FROM case_numbers JOIN bodies ON bodies.id = case_numbers.body_id "
                "ORDER BY case_numbers.case_id"
            )
        ).all()
        registered = connection.execute(sa.text("SELECT id, year, number FROM cases ORDER BY id")).all()
    assert [tuple(row) for row in numbers] == [
        (mandate, "Styret", 2020, 48),
        (guidelines, "Representantskapet", 2020, 5),
        (hearing, "Faggruppe for næringssamarbeid", 2021, 7),
    ]
    # Every case keeps its old number as its registration number; the unnumbered one has only that.
    assert [tuple(row) for row in registered] == [
        (mandate, 2020, 48),
        (guidelines, 2020, 5),
        (hearing, 2021, 7),
        (fresh, 2021, 8),
    ]


def test_the_demo_data_goes_down_to_0010_and_up_again_without_losing_a_row(engine):
    load_demo(engine, today=dt.date(2026, 11, 1))
    migrate.downgrade(engine, BEFORE)
    names = sorted(sa.inspect(engine).get_table_names())
    assert "case_numbers" not in names
    before = _counts(engine, names)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert migrate.schema_drift(engine) == []
    assert _counts(engine, names) == before
    with engine.connect() as connection:
        numbered = connection.scalar(sa.text("SELECT count(DISTINCT case_id) FROM case_numbers"))
        with_steps = connection.scalar(sa.text("SELECT count(DISTINCT case_id) FROM consultations"))
        board_48 = connection.execute(
            sa.text(
                "SELECT cases.title FROM case_numbers JOIN cases ON cases.id = case_numbers.case_id "
                "JOIN bodies ON bodies.id = case_numbers.body_id "
                "WHERE bodies.name = 'Styret' AND case_numbers.year = 2020 AND case_numbers.number = 48"
            )
        ).scalar_one()
    assert numbered == with_steps  # every case with a consultation has its number in a body
    assert board_48 == "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
