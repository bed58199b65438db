"""The schema: migrations agree with the models, step down and up, and the database enforces rules."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from osloreg import migrate
from osloreg.audit import chain as audit_chain
from osloreg.models import AuditEvent, Body, Case, CaseNumber, Project, Unit


def test_migrations_match_the_models(engine):
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert migrate.schema_drift(engine) == []


def test_downgrade_one_step_then_upgrade_returns_to_head(engine):
    head = migrate.head_revision()
    migrate.downgrade(engine, "-1")
    assert migrate.current_revision(engine) != head
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == head
    assert migrate.schema_drift(engine) == []


@pytest.mark.parametrize("verb", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"])
def test_audit_trail_refuses_update_and_delete(engine, verb):
    with engine.begin() as connection:
        audit_chain.append(connection, [dict(actor_name="t", action="a", entity="e", entity_id=1)])
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(sa.text(verb))
    with engine.connect() as connection:
        assert connection.execute(sa.select(AuditEvent.action)).scalars().all() == ["a"]


def _insert_fails(engine, statement) -> None:
    with pytest.raises(IntegrityError):
        with engine.begin() as connection:
            connection.execute(statement)


def test_a_case_number_is_unique_in_its_bodys_series_of_the_year_and_other_bodies_have_their_own(engine):
    with engine.begin() as connection:
        board, council = (
            connection.execute(
                sa.insert(Body).values(name=name, kind="board", basis="sourced")
            ).inserted_primary_key[0]
            for name in ("Styret", "Representantskapet")
        )
        first, second, third = (
            connection.execute(
                sa.insert(Case).values(reg_year=2020, reg_number=n, title=f"Sak {n}", basis="sourced")
            ).inserted_primary_key[0]
            for n in (1, 2, 3)
        )
        number = sa.insert(CaseNumber)
        # Styret 48/20 while representantskapet had its own 48/20; styret 48/21 the next year.
        connection.execute(number.values(case_id=first, body_id=board, year=2020, number=48))
        connection.execute(number.values(case_id=second, body_id=council, year=2020, number=48))
        connection.execute(number.values(case_id=third, body_id=board, year=2021, number=48))
        # One case, two numbers: styret 35/20 went on to representantskapet as 5/20.
        connection.execute(number.values(case_id=first, body_id=council, year=2020, number=5))
    _insert_fails(engine, sa.insert(CaseNumber).values(case_id=third, body_id=board, year=2020, number=48))
    _insert_fails(engine, sa.insert(CaseNumber).values(case_id=first, body_id=board, year=2020, number=49))
    _insert_fails(engine, sa.insert(Case).values(reg_year=2020, reg_number=1, title="Igjen", basis="sourced"))


def test_enumerations_dates_and_progress_are_checked(engine):
    _insert_fails(engine, sa.insert(Unit).values(kind="planet", name="X", basis="sourced"))
    _insert_fails(engine, sa.insert(Unit).values(kind="county", name="X", basis="rumour"))
    _insert_fails(
        engine,
        sa.insert(Project).values(
            title="P",
            status="idea",
            progress=101,
            basis="illustrative",
            version=1,
            created_at=dt.datetime(2024, 1, 1),
            updated_at=dt.datetime(2024, 1, 1),
        ),
    )
    _insert_fails(
        engine,
        sa.insert(Project).values(
            title="P",
            status="dreaming",
            progress=0,
            basis="illustrative",
            version=1,
            created_at=dt.datetime(2024, 1, 1),
            updated_at=dt.datetime(2024, 1, 1),
        ),
    )
    _insert_fails(
        engine,
        sa.insert(Project).values(
            title="P",
            status="idea",
            progress=0,
            basis="illustrative",
            version=1,
            start_on=dt.date(2024, 5, 1),
            end_on=dt.date(2024, 4, 1),
            created_at=dt.datetime(2024, 1, 1),
            updated_at=dt.datetime(2024, 1, 1),
        ),
    )


def test_foreign_keys_are_enforced(engine):
    from osloreg.models import Membership

    _insert_fails(
        engine,
        sa.insert(Membership).values(
            person_id=9999, body_id=9999, role="member", start_on=dt.date(2020, 1, 1), basis="illustrative"
        ),
    )
