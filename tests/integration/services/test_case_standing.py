"""The stored standing of cases (waiting, idle_since) always agrees with rules.cases.standing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa

from osloreg import migrate
from osloreg.demo import load_demo
from osloreg.models import Case, Consultation
from osloreg.rules import cases as case_rules

TODAY = dt.date(2026, 11, 1)


def _by_rule(connection) -> dict[int, tuple[bool, dt.date]]:
    steps = defaultdict(list)
    for row in connection.execute(
        sa.select(
            Consultation.case_id,
            Consultation.sequence,
            Consultation.body_id,
            Consultation.planned_on,
            Consultation.treated_on,
            Consultation.result,
        )
    ):
        steps[row.case_id].append(case_rules.Step(*row[1:]))
    expected = {}
    for case_id, created_at in connection.execute(sa.select(Case.id, Case.created_at)):
        now = case_rules.standing(steps[case_id], opened_on=created_at.date())
        expected[case_id] = (now.waiting, now.idle_since)
    return expected


def _stored(connection) -> dict[int, tuple[bool, dt.date]]:
    rows = connection.execute(sa.select(Case.id, Case.waiting, Case.idle_since))
    return {case_id: (bool(waiting), idle) for case_id, waiting, idle in rows}


def test_every_demo_case_stores_the_standing_the_rule_gives(engine):
    load_demo(engine, today=TODAY)
    with engine.connect() as connection:
        stored, expected = _stored(connection), _by_rule(connection)
    assert len(stored) > 500
    assert stored == expected
    assert sum(waiting for waiting, _ in stored.values()) > 0


def test_the_migration_fills_the_standing_of_existing_cases(sqlite_engine):
    migrate.downgrade(sqlite_engine, "0005")
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO bodies (id, name, kind, coverage_rule, basis) "
            "VALUES (1, 'Styret', 'board', 'none', 'sourced')"
        )
        connection.exec_driver_sql(
            "INSERT INTO cases (id, year, number, title, created_at, basis) "
            "VALUES (1, 2026, 1, 'Sak', '2026-01-05 09:00:00', 'illustrative')"
        )
        connection.exec_driver_sql(
            "INSERT INTO consultations (case_id, sequence, body_id, role, authoritative, planned_on, "
            "treated_on, result, basis) VALUES "
            "(1, 1, 1, 'preparation', 0, '2026-02-01', '2026-02-01', 'endorsed', 'illustrative'),"
            " (1, 2, 1, 'decision', 1, '2026-03-01', NULL, NULL, 'illustrative')"
        )
    migrate.upgrade(sqlite_engine)
    with sqlite_engine.connect() as connection:
        assert _stored(connection) == {1: (True, dt.date(2026, 2, 1))}
