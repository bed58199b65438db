"""Case numbers per body and year, innstilling and vedtak, and links between cases, through the real
services and reads on SQLite and PostgreSQL: each body numbers the cases on its own agenda in its own
yearly series when it puts them there (the next free one, or a typed free one; a taken one is refused
in words); one case carries several numbers and is found by any of them; two coordinators taking a
number at once both succeed with different numbers; a vedtaksorgan's results and votes; cases refer
to each other, seen from both ends."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg.db import read_session, write_session
from osloreg.enums import BodyKind, CaseLinkKind, ConsultationResult, ConsultationRole
from osloreg.models import CaseNumber, Consultation
from osloreg.queries import cases as q
from osloreg.queries.meetings import agenda as meeting_agenda
from osloreg.queries.meetings import calendar_meetings
from osloreg.rules.cases import CaseState
from osloreg.services.base import ValidationFailed
from osloreg.services.cases import link_cases, update_case
from osloreg.services.meetings import add_agenda_item, record_result, remove_agenda_item
from tests.factories import at, make_body, make_case, make_meeting
from tests.integration.services.meeting_world import (
    Clerk,
    World,
    audited,
    build_meeting_world,
    refused,
    stored,
)

R = ConsultationResult
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


@pytest.fixture
def clerk(session: Session, world: World) -> Clerk:
    return Clerk(session, world)


def _numbers(session: Session, case_id: int) -> list[tuple[int, int, int]]:
    """(body, number, year) of each of the case's numbers, in the order given."""
    rows = session.execute(
        sa.select(CaseNumber.body_id, CaseNumber.number, CaseNumber.year)
        .where(CaseNumber.case_id == case_id)
        .order_by(CaseNumber.id)
    ).all()
    session.commit()
    return [tuple(row) for row in rows]


def _meeting(session: Session, body: int, day: dt.date):
    meeting = make_meeting(session, body=body, starts_at=at(day))
    session.commit()
    return meeting


def _council(session: Session) -> int:
    council = make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL)
    session.commit()
    return council.id


# --- Each body numbers its own agenda -----------------------------------------------------------------


def test_each_body_numbers_the_cases_on_its_agenda_in_its_own_yearly_series(session, world, clerk):
    council = _council(session)
    june, september = (_meeting(session, world.board, dt.date(2020, m, d)) for m, d in ((6, 23), (9, 11)))
    october = _meeting(session, council, dt.date(2020, 10, 28))
    january = _meeting(session, world.board, dt.date(2021, 1, 20))
    guidelines, evaluation, mandate, budget = (clerk.case(year=2020) for _ in range(4))
    with audited(session, "meeting.agenda_add") as added:
        clerk.add(june, guidelines)
    assert added[0].after["case_number"] == "1/20"  # the trail says which number was taken
    clerk.add(june, evaluation)
    assert _numbers(session, guidelines.id) == [(world.board, 1, 2020)]
    assert _numbers(session, evaluation.id) == [(world.board, 2, 2020)]
    # A number typed by the secretariat, if free; the series runs on from it.
    clerk.add(september, mandate, number=48, role=ConsultationRole.DECISION, authoritative=True)
    assert _numbers(session, mandate.id) == [(world.board, 48, 2020)]
    # Representantskapet has a series of its own: the board's innstilling becomes its 1/20.
    clerk.add(october, guidelines, role=ConsultationRole.DECISION, authoritative=True)
    assert _numbers(session, guidelines.id) == [(world.board, 1, 2020), (council, 1, 2020)]
    # A new year starts at 1; a case on the board's agenda again that year keeps its number.
    clerk.add(january, budget)
    clerk.add(january, evaluation)
    assert _numbers(session, budget.id) == [(world.board, 1, 2021)]
    assert _numbers(session, evaluation.id) == [(world.board, 2, 2020), (world.board, 2, 2021)]
    assert q.next_number(session, body_id=world.board, year=2020) == 49
    assert q.next_number(session, body_id=council, year=2020) == 2


def test_a_taken_number_is_refused_in_words_with_the_next_free_one(session, world, clerk):
    meeting = _meeting(session, world.board, dt.date(2020, 9, 11))
    first, second = clerk.case(year=2020), clerk.case(year=2020)
    clerk.add(meeting, first, number=48)
    with refused(session, "error.case_number_taken", ValidationFailed) as caught:
        clerk.add(meeting, second, number=48)
    assert caught.value.params == {"label": "48/20", "body": "Styret for Osloregionen", "next": "49/20"}
    for number in (0, 10_000, True):
        with refused(session, "error.case_number", ValidationFailed):
            clerk.add(meeting, second, number=number)
    clerk.add(meeting, second, number=12)  # a free number below the highest is fine
    assert _numbers(session, second.id) == [(world.board, 12, 2020)]


def test_a_case_taken_off_the_agenda_gives_its_number_back_unless_the_body_has_it_elsewhere(
    session, world, clerk
):
    march, april = (_meeting(session, world.board, dt.date(2026, m, 10)) for m in (3, 4))
    first, second = clerk.case(year=2026), clerk.case(year=2026)
    clerk.add(march, first)
    item = clerk.add(march, second)
    clerk.add(april, second)
    assert _numbers(session, second.id) == [(world.board, 2, 2026)]
    clerk(remove_agenda_item, item_id=item.id)  # still on April's agenda: it keeps 2/26
    assert _numbers(session, second.id) == [(world.board, 2, 2026)]
    [april_item] = [row for row in meeting_agenda(session, april.id).itertuples()]
    session.commit()
    with audited(session, "meeting.agenda_remove") as added:
        clerk(remove_agenda_item, item_id=int(april_item.item_id))
    assert _numbers(session, second.id) == []
    assert added[0].before["case_number"] == "2/26"
    assert q.next_number(session, body_id=world.board, year=2026) == 2
    session.commit()


def test_one_case_carries_several_numbers_and_is_found_by_any_of_them(session, world, clerk):
    council = _council(session)
    board_meeting = _meeting(session, world.board, dt.date(2020, 6, 23))
    council_meeting = _meeting(session, council, dt.date(2020, 10, 28))
    guidelines = clerk.case(year=2020, title="Strategiske føringer 2021–2024")
    other = clerk.case(year=2020, title="Evaluering av profileringsarbeidet")
    clerk.add(board_meeting, other, number=33)
    clerk.add(board_meeting, guidelines, number=35, role=ConsultationRole.RECOMMENDATION)
    clerk.add(council_meeting, guidelines, number=5, role=ConsultationRole.DECISION, authoritative=True)
    for search in ("5/20", "35/20", " 35 / 2020 ", "5"):
        listing = q.case_list(session, search=search, today=TODAY)
        assert list(listing.rows["id"]) == [guidelines.id], search
    # The list shows the latest number; the case page shows each body's number.
    assert list(q.case_list(session, search="35/20", today=TODAY).rows["case"]) == ["5/20"]
    detail = q.case_detail(session, case_id=guidelines.id, today=TODAY)
    assert [(row.label, row.body) for row in detail.numbers] == [
        ("35/20", "Styret for Osloregionen"),
        ("5/20", "Representantskapet"),
    ]
    assert list(detail.path["number"]) == ["35/20", "5/20"]
    assert list(detail.path["role"]) == [ConsultationRole.RECOMMENDATION, ConsultationRole.DECISION]
    # Each meeting's saksliste and calendar file show the number of its own body.
    assert list(meeting_agenda(session, board_meeting.id)["case"]) == ["33/20", "35/20"]
    assert list(meeting_agenda(session, council_meeting.id)["case"]) == ["5/20"]
    [council_file] = calendar_meetings(session, meeting_id=council_meeting.id)
    assert council_file.agenda == ["1. 5/20 Strategiske føringer 2021–2024"]
    session.commit()


def test_a_case_no_body_has_numbered_is_listed_without_a_number_and_keeps_its_registration(session, clerk):
    case = clerk.case(year=2026, title="Ny sak uten behandling")
    [row] = q.case_list(session, search="uten behandling", today=TODAY).rows.itertuples()
    assert (row.case, row.title) == (None, "Ny sak uten behandling")
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.numbers, detail.registration) == ([], f"2026/{case.reg_number}")
    session.commit()


# --- Two coordinators at once -------------------------------------------------------------------------


def _pg_waiting_on_case_numbers(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(
            sa.text("SELECT count(*) FROM pg_locks WHERE relation = 'case_numbers'::regclass AND NOT granted")
        )


def test_two_coordinators_taking_the_next_number_at_once_both_succeed_with_different_numbers(
    engine, session, world, clerk
):
    """Two board meetings, a case put on each by a coordinator of their own at the same moment. On
    PostgreSQL a third connection holds case_numbers until both have counted the same next number and
    wait to insert it: the later one meets the unique index and takes the next. SQLite lets one writer
    in at a time (BEGIN IMMEDIATE), so the second counts after the first has committed."""
    first_meeting, second_meeting = (_meeting(session, world.board, dt.date(2026, m, 10)) for m in (3, 4))
    earlier = clerk.case(year=2026)
    clerk.add(first_meeting, earlier)  # 1/26
    cases = [clerk.case(year=2026), clerk.case(year=2026)]
    postgres = engine.dialect.name == "postgresql"
    blocker = engine.connect() if postgres else None
    if blocker is not None:
        blocker.begin()
        # Readers may count (ACCESS SHARE), writers must wait (ROW EXCLUSIVE).
        blocker.exec_driver_sql("LOCK TABLE case_numbers IN EXCLUSIVE MODE")
    start = threading.Barrier(2)

    def take(meeting_id: int, case_id: int) -> int:
        start.wait()
        with write_session(engine) as own:
            item = add_agenda_item(own, actor=world.coordinator, meeting_id=meeting_id, case_id=case_id)
            return item.id

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(take, meeting.id, case.id)
            for meeting, case in zip((first_meeting, second_meeting), cases, strict=True)
        ]
        if blocker is not None:
            deadline = time.monotonic() + 30
            while _pg_waiting_on_case_numbers(engine) < 2:  # both have counted and wait to insert
                assert time.monotonic() < deadline, "the two coordinators never met at the insert"
                time.sleep(0.05)
            blocker.rollback()
            blocker.close()
        for future in futures:
            future.result(timeout=60)
    taken = sorted(_numbers(session, case.id)[0][1] for case in cases)
    assert taken == [2, 3]
    with read_session(engine) as reader:
        series = reader.scalars(
            sa.select(CaseNumber.number).where(CaseNumber.body_id == world.board).order_by(CaseNumber.number)
        ).all()
    assert series == [1, 2, 3]


# --- Innstilling and vedtak ---------------------------------------------------------------------------


def test_a_vedtaksorgan_records_its_vedtak_with_the_vote_and_it_becomes_the_final_decision(
    session, world, clerk
):
    meeting = _meeting(session, world.board, dt.date(2026, 3, 10))
    case = clerk.case(year=2026, proposed_decision="Styret slutter seg til mandatet.")
    item = clerk.add(meeting, case, role=ConsultationRole.DECISION, authoritative=True)
    for votes, key in (
        ({"votes_for": 7}, "error.vote_both"),
        ({"votes_for": -1, "votes_against": 0}, "error.vote_number"),
        ({"unanimous": True, "votes_for": 5, "votes_against": 2}, "error.vote_unanimous_against"),
    ):
        with refused(session, key, ValidationFailed):
            clerk(record_result, item_id=item.id, expected=None, result=R.ENDORSED, **votes)
    vedtak = "Styret slutter seg til mandatet med endringen i punkt 2."
    clerk(
        record_result,
        item_id=item.id,
        expected=None,
        result=R.ENDORSED_WITH_CHANGES,
        text=vedtak,
        votes_for=6,
        votes_against=2,
        protocol_remarks="Representanten for Asker ba om å få protokollført at hun stemte mot.",
    )
    step = stored(session, Consultation, item_consultation(session, case.id))
    assert (step.votes_for, step.votes_against, step.unanimous) == (6, 2, None)
    assert step.protocol_remarks.startswith("Representanten for Asker")
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.state, detail.final_decision, detail.deciding_body) == (
        CaseState.DECIDED,
        vedtak,
        "Styret for Osloregionen",
    )
    assert detail.path["result_text"][0] == vedtak  # one text: the vedtak is the final decision
    session.commit()
    # A corrected final decision corrects the vedtaksorgan's text with it.
    corrected = "Styret slutter seg til mandatet med endringene i punkt 2 og 3."
    clerk(
        update_case,
        case_id=case.id,
        expected=detail.form,
        title=detail.title,
        proposed_decision=detail.proposed_decision,
        final_decision=corrected,
    )
    assert stored(session, Consultation, step.id).result_text == corrected
    session.commit()


def test_a_vedtaksorgan_that_does_not_adopt_the_proposal_leaves_no_final_decision(session, world, clerk):
    meeting = _meeting(session, world.board, dt.date(2026, 3, 10))
    case = clerk.case(year=2026, proposed_decision="Styret slutter seg til forslaget.")
    item = clerk.add(meeting, case, role=ConsultationRole.DECISION, authoritative=True)
    clerk(record_result, item_id=item.id, expected=None, result=R.REJECTED, unanimous=True)
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.state, detail.final_decision) == (CaseState.REJECTED, None)
    assert list(detail.path["unanimous"]) == [True]
    session.commit()


def test_a_treatment_by_the_vedtaksorgan_with_no_result_on_record_is_not_a_decision(session, world):
    case = make_case(session, year=2020, number=48, numbered_by=world.board)
    session.add(
        Consultation(
            case_id=case.id,
            sequence=1,
            body_id=world.board,
            role=ConsultationRole.DECISION,
            authoritative=True,
            treated_on=dt.date(2020, 9, 11),
            basis="uncertain",
            source="Saksframlegget er skrevet før møtet; vedtaket er ikke registrert",
        )
    )
    session.commit()
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.state, detail.final_decision, detail.decision_recorded) == (
        CaseState.UNRECORDED,
        None,
        False,
    )
    session.commit()


# --- Links between cases ------------------------------------------------------------------------------


def test_cases_refer_to_each_other_and_each_end_shows_the_link_with_the_other_cases_number(
    session, world, clerk
):
    council = _council(session)
    june = _meeting(session, world.board, dt.date(2020, 6, 23))
    october = _meeting(session, council, dt.date(2020, 10, 28))
    september = _meeting(session, world.board, dt.date(2020, 9, 11))
    evaluation, guidelines, mandate = (clerk.case(year=2020) for _ in range(3))
    clerk.add(june, evaluation, number=33)
    clerk.add(june, guidelines, number=35, role=ConsultationRole.RECOMMENDATION)
    clerk.add(october, guidelines, number=5, role=ConsultationRole.DECISION, authoritative=True)
    clerk.add(september, mandate, number=48, role=ConsultationRole.DECISION, authoritative=True)
    condition = "med forbehold om representantskapets vedtak"
    with audited(session, "case.link"):
        clerk(link_cases, from_case_id=mandate.id, to_case_id=evaluation.id, kind=CaseLinkKind.BUILDS_ON)
    clerk(
        link_cases,
        from_case_id=mandate.id,
        to_case_id=guidelines.id,
        kind=CaseLinkKind.REQUIRES,
        condition=condition,
    )
    outgoing = q.case_detail(session, case_id=mandate.id, today=TODAY).links
    assert [(link.label, link.body, link.kind, link.outgoing, link.condition) for link in outgoing] == [
        ("33/20", "Styret for Osloregionen", CaseLinkKind.BUILDS_ON, True, None),
        ("5/20", "Representantskapet", CaseLinkKind.REQUIRES, True, condition),
    ]
    incoming = q.case_detail(session, case_id=guidelines.id, today=TODAY).links
    assert [(link.case_id, link.label, link.kind, link.outgoing) for link in incoming] == [
        (mandate.id, "48/20", CaseLinkKind.REQUIRES, False)
    ]
    with refused(session, "error.case_link_exists", ValidationFailed):
        clerk(link_cases, from_case_id=mandate.id, to_case_id=evaluation.id, kind=CaseLinkKind.BUILDS_ON)
    with refused(session, "error.case_link_self", ValidationFailed):
        clerk(link_cases, from_case_id=mandate.id, to_case_id=mandate.id, kind=CaseLinkKind.BUILDS_ON)
    with refused(session, "error.case_link_kind", ValidationFailed):
        clerk(link_cases, from_case_id=mandate.id, to_case_id=evaluation.id, kind="mentions")
    session.commit()


def item_consultation(session: Session, case_id: int) -> int:
    step_id = session.scalar(sa.select(Consultation.id).where(Consultation.case_id == case_id))
    session.commit()
    return step_id
