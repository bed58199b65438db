"""Migration 0012 over a populated database: a database at 0010 holding the demo data (with the old
meaning of a county's dates: its membership) comes forward without losing a row, and means the same."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import migrate
from osloreg.db import read_session
from osloreg.demo import load_demo
from osloreg.models import Body, Membership, OsloregionMembership, StrategyPoint, SubRegionMember, Unit
from osloreg.queries.coverage import body_coverage

BEFORE = "0010"
NEW_TABLES = {"osloregion_memberships", "body_mandates"}


def _row_counts(engine: Engine) -> dict[str, int]:
    names = sorted(set(sa.inspect(engine).get_table_names()) - NEW_TABLES - {"alembic_version"})
    with engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in names
        }


def _as_at_0010(engine: Engine) -> None:
    """What the demo of 0010 stored: a county's dates were its membership, a county of unknown
    membership had is_member false from 2024, and the expert groups an illustrative maximum of 20."""
    units = sa.table(
        "units",
        sa.column("name", sa.String),
        sa.column("valid_from", sa.Date),
        sa.column("valid_to", sa.Date),
        sa.column("is_member", sa.Boolean),
    )
    bodies = sa.table(
        "bodies",
        sa.column("kind", sa.String),
        sa.column("max_members", sa.Integer),
        sa.column("source", sa.Text),
    )
    with engine.begin() as connection:
        connection.execute(
            units.update()
            .where(units.c.name == "Viken fylkeskommune")
            .values(valid_to=dt.date(2020, 10, 28), is_member=True)
        )
        connection.execute(
            units.update()
            .where(
                units.c.name.in_(
                    ["Akershus fylkeskommune", "Buskerud fylkeskommune", "Østfold fylkeskommune"]
                )
            )
            .values(valid_from=dt.date(2024, 1, 1), valid_to=None, is_member=False)
        )
        connection.execute(
            units.update()
            .where(units.c.name.in_(["Hedmark fylkeskommune", "Oppland fylkeskommune"]))
            .values(is_member=False)
        )
        connection.execute(
            bodies.update()
            .where(bodies.c.kind == "expert_group")
            .values(max_members=20, source=bodies.c.source + "; max_members 20 is illustrative")
        )


def test_an_upgrade_from_0010_with_the_demo_data_loses_no_row_and_keeps_its_meaning(engine):
    load_demo(engine, today=dt.date(2026, 3, 16))
    migrate.downgrade(engine, BEFORE)
    _as_at_0010(engine)
    before = _row_counts(engine)
    assert before["memberships"] > 100 and before["units"] > 80

    migrate.upgrade(engine)

    after = _row_counts(engine)
    # Tables the migrations since 0010 add (case numbers ...) are not rows of the old database.
    assert {table: after[table] for table in before} == before
    with read_session(engine) as session:
        periods = dict(
            session.execute(
                sa.select(Unit.name, OsloregionMembership.status).join(
                    OsloregionMembership, OsloregionMembership.unit_id == Unit.id
                )
            ).all()
        )
        # Every county council and Oslo got a period with the meaning its dates had.
        counties = set(session.scalars(sa.select(Unit.name).where(Unit.kind == "county")))
        assert set(periods) == counties | {"Oslo kommune"}
        assert periods["Viken fylkeskommune"] == "member" and periods["Akershus fylkeskommune"] == "unknown"
        group = session.scalar(sa.select(Body).where(Body.name == "Faggruppe for næringssamarbeid"))
        assert group.max_members is None
        assert session.scalar(sa.select(Body.max_members).where(Body.kind == "board")) == 20
        [after_viken] = body_coverage(session, on=dt.date(2020, 11, 1), body_ids=[group.id])
        assert "Viken fylkeskommune" not in {unit.unit.name for unit in after_viken.coverage.units}
        [in_2024] = body_coverage(session, on=dt.date(2024, 3, 1), body_ids=[group.id])
        assert {unit.name for unit in in_2024.coverage.unknown} >= {"Akershus fylkeskommune"}
        # A member for a municipality in one sub-region was appointed through it; Holmestrand (two) is
        # left for the coordinator.
        holmestrand = session.scalar(sa.select(Unit.id).where(Unit.name == "Holmestrand"))
        aas = session.scalar(sa.select(Unit.id).where(Unit.name == "Ås"))
        follo = session.scalar(
            sa.select(SubRegionMember.sub_region_id).where(SubRegionMember.municipality_id == aas)
        )
        appointed = dict(
            session.execute(
                sa.select(Membership.represents_unit_id, Membership.appointed_by_unit_id).where(
                    Membership.represents_unit_id.in_([holmestrand, aas])
                )
            ).all()
        )
        assert appointed.get(aas, follo) == follo
        assert appointed.get(holmestrand) is None
        assert session.scalar(sa.select(sa.func.count()).where(StrategyPoint.short_label.is_(None))) == 0
