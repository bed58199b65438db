"""Case 48/20 and the cases it names, in the demo data on SQLite and PostgreSQL, as a reader of the case
paper (and of osloregionen.no for 5/20) would check them: each body's own number, the path with what
the paper says of each step and nothing more, the texts word for word, the links both ways, 35/20 and
5/20 as one case, the saksliste and calendar file of each meeting, and the made-up cases numbered in
date order around the real ones."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import ical
from osloreg.db import make_engine, read_session
from osloreg.demo import load_demo
from osloreg.enums import CaseLinkKind, ConsultationRole
from osloreg.models import Body, Case, CaseNumber, Consultation, Meeting
from osloreg.queries import cases as q
from osloreg.queries.meetings import agenda, calendar_meetings
from osloreg.queries.subjects import subject_options
from osloreg.rules.cases import CaseState
from tests.conftest import POSTGRES

TODAY = dt.date(2026, 3, 16)
GROUP = "Faggruppe for næringssamarbeid"
COORDINATION = "Administrativ koordineringsgruppe"
QUOTE_33_20 = (
    "Faggruppen for næringssamarbeid i Osloregionen får som del av sitt mandat å være administrativ "
    "referansegruppe for det internasjonale profileringsarbeidet i Osloregionen."
)

PROPOSED_48_20 = "Styret slutter seg til revidert mandat for faggruppen for næringssamarbeidet i Osloregionen"


@pytest.fixture(scope="module", params=["sqlite", POSTGRES])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo data, loaded once per database for these read-only tests."""
    if request.param == "postgres":
        engine = request.getfixturevalue("module_postgres_engine")
        load_demo(engine, today=TODAY)
        yield engine
        return
    path = tmp_path_factory.mktemp("case_48_20") / "demo.sqlite3"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    engine = make_engine(f"sqlite:///{path}")
    load_demo(engine, today=TODAY)
    yield engine
    engine.dispose()


@pytest.fixture
def session(demo: Engine) -> Iterator[Session]:
    with read_session(demo) as session:
        yield session


def _case_id(session: Session, label: str, body: str) -> int:
    number, year = (int(part) for part in label.split("/"))
    return session.scalars(
        sa.select(CaseNumber.case_id)
        .join(Body, Body.id == CaseNumber.body_id)
        .where(Body.name == body, CaseNumber.year == 2000 + year, CaseNumber.number == number)
    ).one()


def _detail(session: Session, label: str, body: str = "Styret") -> q.CaseDetail:
    return q.case_detail(session, case_id=_case_id(session, label, body), today=TODAY)


def _texts(column) -> list[str | None]:
    """A frame's text column with its gaps (NaN) as None."""
    return [value if isinstance(value, str) else None for value in column]


def _meeting(session: Session, body: str, day: dt.date) -> Meeting:
    return session.scalars(
        sa.select(Meeting)
        .join(Body, Body.id == Meeting.body_id)
        .where(Body.name == body, sa.func.date(Meeting.starts_at) == day)
    ).one()


def test_48_20_is_the_boards_number_and_its_path_says_what_the_paper_says_and_no_more(session):
    detail = _detail(session, "48/20")
    assert detail.title == "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
    assert [(row.label, row.body) for row in detail.numbers] == [("48/20", "Styret")]
    assert (detail.label, detail.officer, detail.proposed_decision) == (
        "48/20",
        "Øyvind Såtvedt",
        PROPOSED_48_20,
    )
    path = detail.path
    assert list(path["body"]) == [GROUP, COORDINATION, "Styret"]
    assert list(path["treated_on"]) == [dt.date(2020, 8, 18), dt.date(2020, 8, 25), dt.date(2020, 9, 11)]
    assert list(path["authoritative"]) == [False, False, True]
    # The groups' item numbers are not in the paper: none is made up.
    assert _texts(path["number"]) == [None, None, "48/20"]
    # The group "sluttet seg til forslaget ... med mindre endringer"; the coordination group's draft
    # "ble behandlet" (no result); the paper holds no board decision.
    assert _texts(path["result"]) == ["endorsed_with_changes", None, None]
    assert path["result_text"][0] == "sluttet seg til forslaget med mindre endringer"
    assert list(path["basis"]) == ["sourced", "sourced", "uncertain"]
    assert "vedtaket er ikke registrert" in path["source"][2]
    assert (detail.state, detail.final_decision, detail.decision_recorded) == (
        CaseState.UNRECORDED,
        None,
        False,
    )
    assert detail.state != CaseState.DECIDED


def test_48_20_rests_on_33_20_and_on_representantskapets_5_20_and_both_show_it(session):
    mandate = _detail(session, "48/20")
    assert [(link.label, link.body, link.kind, link.outgoing) for link in mandate.links] == [
        ("33/20", "Styret", CaseLinkKind.BUILDS_ON, True),
        ("5/20", "Representantskapet", CaseLinkKind.REQUIRES, True),
    ]
    condition = mandate.links[1].condition
    assert condition.startswith("med forbehold om representantskapets vedtak")
    for label, body in (("33/20", "Styret"), ("5/20", "Representantskapet")):
        [back] = _detail(session, label, body).links
        assert (back.case_id, back.label, back.body, back.outgoing) == (mandate.id, "48/20", "Styret", False)


def test_33_20_holds_the_part_of_the_boards_decision_the_paper_quotes_word_for_word(session):
    detail = _detail(session, "33/20")
    assert detail.final_decision == QUOTE_33_20
    assert detail.path["result_text"][0] == QUOTE_33_20
    assert "bl.a. følgende vedtak" in detail.path["source"][0]  # only part of the decision: said so
    assert detail.state == CaseState.DECIDED


def test_35_20_is_the_boards_innstilling_that_representantskapet_decided_as_5_20_one_case_two_numbers(
    session,
):
    detail = _detail(session, "35/20")
    assert detail.id == _case_id(session, "5/20", "Representantskapet")
    assert [(row.label, row.body) for row in detail.numbers] == [
        ("35/20", "Styret"),
        ("5/20", "Representantskapet"),
    ]
    path = detail.path
    assert list(path["role"]) == [ConsultationRole.RECOMMENDATION, ConsultationRole.DECISION]
    assert list(path["body"]) == ["Styret", "Representantskapet"]
    assert list(path["treated_on"]) == [dt.date(2020, 6, 23), dt.date(2020, 10, 28)]
    assert list(path["number"]) == ["35/20", "5/20"]
    # 5/20 is sourced from osloregionen.no, which the case paper (written before it) cannot be.
    assert "osloregionen.no" in path["source"][1] and "Saksframlegg" not in path["source"][1]
    assert (detail.state, detail.deciding_body) == (CaseState.DECIDED, "Representantskapet")


def test_a_search_for_5_20_finds_the_case_whose_board_number_is_35_20(session):
    guidelines = _case_id(session, "35/20", "Styret")
    found = q.case_list(session, search="5/20", today=TODAY, limit=100)
    assert guidelines in list(found.rows["id"])
    row = found.rows.set_index("id").loc[guidelines]
    assert (row["case"], row["title"]) == ("5/20", "Strategiske føringer 2021–2024")
    picked = dict(subject_options(session, subject_type="case", search="35/20"))
    assert picked[guidelines] == "5/20 Strategiske føringer 2021–2024"
    session.commit()


def test_each_meetings_saksliste_and_calendar_file_show_the_number_of_its_own_body(session):
    board = _meeting(session, "Styret", dt.date(2020, 6, 23))
    council = _meeting(session, "Representantskapet", dt.date(2020, 10, 28))
    group = _meeting(session, GROUP, dt.date(2020, 8, 18))
    assert list(agenda(session, board.id)["case"]) == ["33/20", "35/20"]
    assert list(agenda(session, council.id)["case"]) == ["5/20"]
    assert list(agenda(session, group.id)["title"]) == [
        "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"
    ]
    [entry] = calendar_meetings(session, meeting_id=council.id)
    assert entry.agenda == ["1. 5/20 Strategiske føringer 2021–2024"]
    labels = {
        "agenda": "Saksliste",
        "no_agenda": "Ingen saksliste",
        "link": "I dashbordet",
        "cancelled": "Avlyst",
        "time_made_up": "Klokkeslettet er fiktivt.",
    }
    text = ical.calendar_file([entry], name="Representantskapet", base_url="http://x", labels=labels).decode()
    assert "5/20 Strategiske føringer 2021–2024" in text.replace("\r\n ", "")
    assert "Klokkeslettet er fiktivt." in text  # the source gives the day of 28.10.2020, not the hour
    session.commit()


def test_the_made_up_board_cases_of_2020_run_in_date_order_around_the_real_numbers(session):
    rows = session.execute(
        sa.select(CaseNumber.number, sa.func.min(Meeting.starts_at), Case.basis)
        .join(Case, Case.id == CaseNumber.case_id)
        .join(Body, Body.id == CaseNumber.body_id)
        .join(
            Consultation,
            sa.and_(Consultation.case_id == CaseNumber.case_id, Consultation.body_id == CaseNumber.body_id),
        )
        .join(Meeting, Meeting.id == Consultation.meeting_id)
        .where(
            Body.name == "Styret", CaseNumber.year == 2020, sa.func.extract("year", Meeting.starts_at) == 2020
        )
        .group_by(CaseNumber.number, Case.basis)
        .order_by(CaseNumber.number)
    ).all()
    numbers = [row.number for row in rows]
    assert len(numbers) == len(set(numbers)) and {33, 35, 48} <= set(numbers)
    days = [row[1] for row in rows]
    assert days == sorted(days)  # a higher number never at an earlier meeting
    board_48_20 = dt.datetime(2020, 9, 11)
    assert all(row.number > 48 for row in rows if row[1].date() > board_48_20.date())
    assert all(row.basis == "illustrative" for row in rows if row.number not in (33, 35, 48))
    session.commit()
