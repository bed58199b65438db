"""The read model's additions for the public view (queries.publication), on SQLite and PostgreSQL: the span
of the public meetings, the public bodies with meetings, one case's check, and the latest meetings first."""

from __future__ import annotations

import pytest

from osloreg.db import read_session
from osloreg.queries import publication
from osloreg.queries.publication import Scope
from tests.publication_world import at, day, public_database  # noqa: F401  (a fixture)


@pytest.fixture(scope="module")
def db(public_database):  # noqa: F811
    return public_database


def test_the_span_runs_from_the_first_public_meeting_to_the_last(db):
    with read_session(db.engine) as session:
        first, last = publication.meeting_span(session, scope=Scope.PUBLIC)
        assert (first, last) == (at(-60), at(30))  # the faggruppe's meeting is not public
        assert publication.meeting_years(session, scope=Scope.PUBLIC) == sorted(
            {at(30).year, at(-60).year}, reverse=True
        )


def test_the_public_bodies_are_styret_and_representantskapet(db):
    with read_session(db.engine) as session:
        assert publication.bodies(session, scope=Scope.PUBLIC) == [
            (db.world.council, "Representantskapet"),
            (db.world.board, "Styret"),
        ]
        every = {body_id for body_id, _ in publication.bodies(session, scope=Scope.INTERNAL)}
        assert db.world.group in every


@pytest.mark.parametrize(
    ("case", "shown"),
    [("open_case", True), ("published_case", True), ("closed_case", False), ("planned_case", False)],
)
def test_one_cases_check_agrees_with_the_list_of_public_cases(db, case, shown):
    case_id = getattr(db.world, case)
    with read_session(db.engine) as session:
        listed = set(session.scalars(publication.case_ids(Scope.PUBLIC)))
        alone = list(session.scalars(publication.case_ids(Scope.PUBLIC, only=case_id)))
        assert (case_id in listed) is shown
        assert alone == ([case_id] if shown else [])
        assert (publication.case_record(session, case_id=case_id, scope=Scope.PUBLIC) is not None) is shown


def test_the_latest_meetings_come_newest_first(db):
    with read_session(db.engine) as session:
        latest = publication.meetings(session, scope=Scope.PUBLIC, after=day(0), newest_first=True, limit=1)
        assert [meeting.id for meeting in latest] == [db.world.held]
