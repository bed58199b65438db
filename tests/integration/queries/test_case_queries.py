"""The cases' read side on SQLite and PostgreSQL: the list (search by label, number or title, by year,
paged) with each case's state and where it is now, the next free number and the years, and one case
with its path, its state, whether it has stalled and its form; case 48/20 as it really went."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from osloreg.enums import BodyKind, ConsultationResult, ConsultationRole, MeetingStatus
from osloreg.queries import cases as q
from osloreg.rules.cases import CaseState, StepState
from tests.factories import (
    at,
    days,
    make_body,
    make_case,
    make_case_number,
    make_consultation,
    make_meeting,
    make_person,
)

TODAY = dt.date(2026, 6, 12)
R = ConsultationResult
S = CaseState
PREP, DECISION = ConsultationRole.PREPARATION, ConsultationRole.DECISION


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


def clean(value: Any) -> Any:
    """A frame's missing value (None, NaN, NaT) as None."""
    return None if not isinstance(value, list | dict | tuple) and pd.isna(value) else value


def column(frame: pd.DataFrame, name: str) -> list:
    return [clean(value) for value in frame[name]]


def bodies(session: Session) -> dict[str, Any]:
    return {
        "group": make_body(session, name="Faggruppe for næringssamarbeid"),
        "coordination": make_body(
            session, name="Administrativ koordineringsgruppe", kind=BodyKind.COORDINATION_GROUP
        ),
        "board": make_body(session, name="Styret", kind=BodyKind.BOARD),
    }


# --- The list -----------------------------------------------------------------------------------------


def list_world(session: Session) -> dict[str, Any]:
    """Cases made out of order, with titles the searches tell apart."""
    titles = {
        (7, 2026): "Regional plan for areal og transport",
        (48, 2020): "Revidert mandat for faggruppe for næringssamarbeid i Osloregionen",
        (20, 2024): "Budsjett for sekretariatet",
        (5, 2026): "Næringsøkonomisk analyse av regionen",
        (48, 2021): "Høring om nasjonal transportplan",
        (3, 2025): "Handlingsplan 2020 evaluert",
        (6, 2026): "ØKONOMIPLAN FOR OSLOREGIONEN",
        (12, 2025): "Årsmelding for Osloregionen",
    }
    # Registered in the order of their numbers, each numbered by a body of its own.
    return {
        key: make_case(session, number=key[0], year=key[1], title=title)
        for key, title in sorted(titles.items(), key=lambda item: (item[0][1], item[0][0]))
    }


def labels(listing) -> list[str]:
    return list(listing.rows["case"])


def test_the_list_is_newest_registered_first(session):
    list_world(session)
    listing = q.case_list(session, today=TODAY)
    assert listing.total == 8
    assert labels(listing) == ["7/26", "6/26", "5/26", "12/25", "3/25", "20/24", "48/21", "48/20"]
    assert list(listing.rows.columns) == q.CASE_COLUMNS


SEARCHES = {
    "label": ("48/20", ["48/20"]),
    "label_with_spaces_and_a_long_year": (" 48 / 2020 ", ["48/20"]),
    "bare_number_finds_the_number_or_a_title_holding_it": ("20", ["3/25", "20/24"]),
    "bare_number_of_one_case": ("12", ["12/25"]),
    "title_words_any_case": ("regional PLAN", ["7/26"]),
    "lower_case_finds_upper_case_ae_oe_aa": ("økonomi", ["6/26", "5/26"]),
    "upper_case_finds_lower_case_ae_oe_aa": ("ØKONOMI", ["6/26", "5/26"]),
    "capitalised_aa": ("årsmelding", ["12/25"]),
    "words_of_two_titles": ("osloregionen", ["6/26", "12/25", "48/20"]),
    "nothing_matches": ("Talentprogram", []),
    "blank_is_no_search": ("   ", ["7/26", "6/26", "5/26", "12/25", "3/25", "20/24", "48/21", "48/20"]),
}


@pytest.mark.parametrize("case", list(SEARCHES))
def test_the_search_finds_cases_by_label_number_or_title(session, case):
    list_world(session)
    search, expected = SEARCHES[case]
    listing = q.case_list(session, search=search, today=TODAY)
    assert labels(listing) == expected and listing.total == len(expected)


@pytest.mark.parametrize("digits", ["12345678901", "9" * 30], ids=["eleven", "thirty"])
def test_a_number_too_long_to_be_a_case_number_is_still_searched_for_in_the_titles(session, digits):
    list_world(session)
    make_case(session, year=2026, number=40, title=f"Avtale med org.nr. {digits}")
    listing = q.case_list(session, search=digits, today=TODAY)
    assert (listing.total, labels(listing)) == (1, ["40/26"])
    assert q.case_list(session, search=digits[:-1] + "0", today=TODAY).total == 0


def test_the_year_filter_narrows_the_list_and_the_search(session):
    list_world(session)
    assert labels(q.case_list(session, year=2025, today=TODAY)) == ["12/25", "3/25"]
    assert labels(q.case_list(session, year=2026, search="økonomi", today=TODAY)) == ["6/26", "5/26"]
    assert q.case_list(session, year=2021, search="48/20", today=TODAY).total == 0
    assert q.case_list(session, year=2019, today=TODAY).total == 0


def test_the_list_is_paged_and_counts_every_case_found(session):
    list_world(session)
    page = q.case_list(session, today=TODAY, limit=3, offset=3)
    assert page.total == 8 and labels(page) == ["12/25", "3/25", "20/24"]
    last = q.case_list(session, today=TODAY, limit=3, offset=6)
    assert last.total == 8 and labels(last) == ["48/21", "48/20"]
    assert q.case_list(session, today=TODAY, limit=3, offset=9).rows.empty


def test_each_row_says_the_cases_state_and_where_it_is_now(session):
    body = bodies(session)
    group, coordination, board = body["group"], body["coordination"], body["board"]
    officer = make_person(session, name="Øyvind Såtvedt")
    case = {n: make_case(session, year=2026, number=n, title=f"Sak {n}") for n in range(1, 7)}
    case[1].officer_person_id = officer.id
    make_consultation(session, case=case[1], body=group, treated_on=dt.date(2026, 5, 5), result=R.ENDORSED)
    make_consultation(session, case=case[1], body=board, planned_on=dt.date(2026, 6, 20), authoritative=True)
    make_consultation(session, case=case[2], body=coordination, planned_on=dt.date(2026, 7, 1))
    make_consultation(session, case=case[3], body=group, treated_on=dt.date(2026, 4, 1), result=R.RETURNED)
    make_consultation(session, case=case[4], body=group, treated_on=dt.date(2026, 3, 1), result=R.NOTED)
    make_consultation(
        session,
        case=case[5],
        body=board,
        treated_on=dt.date(2026, 2, 1),
        result=R.ENDORSED,
        authoritative=True,
    )
    session.flush()

    rows = q.case_list(session, year=2026, today=TODAY).rows.set_index("case")
    where = ["state", "last_body", "last_treated_on", "last_result", "next_body", "next_planned_on"]
    found = {label: tuple(clean(rows.loc[label, name]) for name in where) for label in rows.index}

    assert found == {
        "1/26": (S.UNDER_WAY, group.name, dt.date(2026, 5, 5), R.ENDORSED, board.name, dt.date(2026, 6, 20)),
        "2/26": (S.PLANNED, None, None, None, coordination.name, dt.date(2026, 7, 1)),
        "3/26": (S.HANGING, group.name, dt.date(2026, 4, 1), R.RETURNED, None, None),
        "4/26": (S.AT_END, group.name, dt.date(2026, 3, 1), R.NOTED, None, None),
        "5/26": (S.DECIDED, board.name, dt.date(2026, 2, 1), R.ENDORSED, None, None),
        "6/26": (S.NEW, None, None, None, None, None),
    }
    assert (
        clean(rows.loc["1/26", "officer"]) == "Øyvind Såtvedt" and clean(rows.loc["2/26", "officer"]) is None
    )
    assert rows.loc["1/26", "title"] == "Sak 1"


# --- Numbers and years --------------------------------------------------------------------------------


def test_the_next_number_follows_the_highest_of_the_bodys_year_and_a_new_year_starts_at_one(session):
    board, council = make_body(session, name="Styret"), make_body(session, name="Representantskapet")
    for number, year in ((3, 2026), (7, 2026), (41, 2025)):
        make_case(session, number=number, year=year, numbered_by=board)
    make_case(session, number=5, year=2026, numbered_by=council)
    assert q.next_number(session, body_id=board.id, year=2026) == 8
    assert q.next_number(session, body_id=board.id, year=2025) == 42
    assert q.next_number(session, body_id=board.id, year=2027) == 1
    assert q.next_number(session, body_id=council.id, year=2026) == 6  # each body its own series


def test_the_years_with_cases_are_listed_newest_first_each_once(session):
    assert q.case_years(session) == []
    cases = [
        make_case(session, number=number, year=year)
        for number, year in ((1, 2020), (2, 2026), (1, 2024), (3, 2026), (48, 2020))
    ]
    assert q.case_years(session) == [2026, 2024, 2020]
    # A case registered in 2020 and numbered by a body in 2021 and 2027 brings those years in too.
    body = make_body(session, name="Styret", kind=BodyKind.BOARD)
    make_case_number(session, case=cases[0], body=body, year=2021, number=7)
    make_case_number(session, case=cases[0], body=body, year=2027, number=1)
    assert q.case_years(session) == [2027, 2026, 2024, 2021, 2020]


# --- One case -----------------------------------------------------------------------------------------


def test_the_path_is_in_order_with_each_steps_state_role_deciding_flag_meeting_and_result(session):
    body = bodies(session)
    council = make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL)
    meeting = make_meeting(
        session, body=body["coordination"], starts_at=at(dt.date(2026, 2, 1)), status=MeetingStatus.HELD
    )
    case = make_case(
        session, year=2026, number=9, title="Strategiske føringer", created_at=at(dt.date(2026, 1, 2))
    )
    passed_over = make_consultation(session, case=case, body=body["group"], planned_on=dt.date(2026, 1, 10))
    treated = make_consultation(
        session,
        case=case,
        body=body["coordination"],
        meeting=meeting,
        treated_on=dt.date(2026, 2, 1),
        result=R.NOTED,
    )
    treated.result_text = "Tatt til orientering"
    make_consultation(
        session,
        case=case,
        body=body["board"],
        role=DECISION,
        authoritative=True,
        planned_on=dt.date(2026, 6, 20),
    )
    make_consultation(
        session, case=case, body=council, role=ConsultationRole.HEARING, planned_on=dt.date(2026, 9, 1)
    )
    session.flush()

    detail = q.case_detail(session, case_id=case.id, today=dt.date(2026, 3, 1))

    path = detail.path
    assert list(path.columns) == q.PATH_COLUMNS
    assert list(path["sequence"]) == [1, 2, 3, 4]
    names = [body["group"].name, body["coordination"].name, body["board"].name, "Representantskapet"]
    assert list(path["body"]) == names
    assert list(path["step_state"]) == [StepState.SKIPPED, StepState.DONE, StepState.NEXT, StepState.WAITING]
    assert list(path["role"]) == [PREP, PREP, DECISION, ConsultationRole.HEARING]
    assert [bool(flag) for flag in path["authoritative"]] == [False, False, True, False]
    assert column(path, "meeting") == [None, "01.02.2026 Administrativ koordineringsgruppe", None, None]
    assert column(path, "meeting_status") == [None, MeetingStatus.HELD, None, None]
    assert column(path, "result") == [None, R.NOTED, None, None]
    assert column(path, "result_text") == [None, "Tatt til orientering", None, None]
    assert column(path, "treated_on") == [None, dt.date(2026, 2, 1), None, None]
    assert path.iloc[0]["id"] == passed_over.id and path.iloc[1]["snapshot"]["id"] == treated.id
    assert (detail.state, detail.stalled) == (S.UNDER_WAY, False)
    assert (detail.last_treated.sequence, detail.last_treated.body_name) == (
        2,
        "Administrativ koordineringsgruppe",
    )
    assert (detail.next_planned.sequence, detail.next_planned.planned_on) == (3, dt.date(2026, 6, 20))


def stalled_case(session: Session, shape: str) -> Any:
    """A case opened 1 January 2026 whose path has the shape named; TODAY is 12 June 2026, so the last
    day that has not yet stalled is 17 April (eight weeks before)."""
    body = bodies(session)
    case = make_case(session, year=2026, number=30, created_at=at(dt.date(2026, 1, 1)))

    def treat(on: dt.date) -> None:
        make_consultation(session, case=case, body=body["group"], treated_on=on, result=R.ENDORSED)

    def plan(on: dt.date = TODAY + days(30)) -> None:
        make_consultation(session, case=case, body=body["board"], planned_on=on, authoritative=True)

    if shape == "treated_more_than_eight_weeks_ago_with_a_next_step":
        treat(dt.date(2026, 4, 16))
        plan()
    elif shape == "treated_exactly_eight_weeks_ago_with_a_next_step":
        treat(dt.date(2026, 4, 17))
        plan()
    elif shape == "never_treated_opened_long_ago_with_a_step_planned":
        plan()
    elif shape == "at_the_end_of_its_path_long_ago":
        make_consultation(
            session,
            case=case,
            body=body["board"],
            treated_on=dt.date(2026, 2, 1),
            result=R.ENDORSED,
            authoritative=True,
        )
    elif shape == "treated_recently_with_a_next_step":
        treat(TODAY - days(3))
        plan()
    elif shape == "no_path_opened_long_ago":
        pass
    return case


STALLED = {
    "treated_more_than_eight_weeks_ago_with_a_next_step": (True, S.UNDER_WAY),
    "treated_exactly_eight_weeks_ago_with_a_next_step": (False, S.UNDER_WAY),
    "never_treated_opened_long_ago_with_a_step_planned": (True, S.PLANNED),
    "at_the_end_of_its_path_long_ago": (False, S.DECIDED),
    "treated_recently_with_a_next_step": (False, S.UNDER_WAY),
    "no_path_opened_long_ago": (False, S.NEW),
}


@pytest.mark.parametrize("shape", list(STALLED))
def test_a_case_stalls_after_eight_weeks_without_treatment_while_a_next_step_is_planned(session, shape):
    case = stalled_case(session, shape)
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.stalled, detail.state) == STALLED[shape]


def test_the_case_page_gets_the_cases_fields_and_the_form_it_edits(session):
    officer = make_person(session, name="Kari Nordmann")
    case = make_case(
        session,
        year=2026,
        number=11,
        title="Høring om regional plan",
        officer=officer,
        proposed_decision="Styret slutter seg til høringsuttalelsen.",
        created_at=at(dt.date(2026, 5, 1)),
        source="Saksframlegg 11/26",
    )
    detail = q.case_detail(session, case_id=case.id, today=TODAY)
    assert (detail.id, detail.label, detail.title) == (case.id, "11/26", "Høring om regional plan")
    assert (detail.officer_person_id, detail.officer) == (officer.id, "Kari Nordmann")
    assert (detail.created_at, detail.source, detail.final_decision) == (
        at(dt.date(2026, 5, 1)),
        "Saksframlegg 11/26",
        None,
    )
    assert detail.form == {
        "reg_year": 2026,
        "reg_number": case.reg_number,
        "title": "Høring om regional plan",
        "officer_person_id": officer.id,
        "proposed_decision": "Styret slutter seg til høringsuttalelsen.",
        "final_decision": None,
    }
    assert detail.path.empty and (detail.last_treated, detail.next_planned) == (None, None)
    assert (detail.state, detail.stalled) == (S.NEW, False)


def test_a_case_that_does_not_exist_has_no_detail(session):
    case = make_case(session)
    assert q.case_detail(session, case_id=case.id + 1000, today=TODAY) is None


def test_case_48_20_went_through_the_expert_group_the_coordination_group_and_the_board_that_decided_it(
    session,
):
    body = bodies(session)
    officer = make_person(session, name="Øyvind Såtvedt")
    case = make_case(
        session,
        year=2020,
        number=48,
        title="Revidert mandat for faggruppe for næringssamarbeid i Osloregionen",
        officer=officer,
        proposed_decision=(
            "Styret slutter seg til revidert mandat for faggruppen for næringssamarbeidet i Osloregionen"
        ),
        created_at=at(dt.date(2020, 8, 1)),
    )
    treatments = (
        ("group", dt.date(2020, 8, 18), PREP, False, R.ENDORSED_WITH_CHANGES),
        ("coordination", dt.date(2020, 8, 25), PREP, False, R.NOTED),
        ("board", dt.date(2020, 9, 11), DECISION, True, R.ENDORSED),
    )
    for key, day, role, deciding, result in treatments:
        meeting = make_meeting(session, body=body[key], starts_at=at(day, 9), status=MeetingStatus.HELD)
        make_consultation(
            session,
            case=case,
            body=body[key],
            meeting=meeting,
            role=role,
            authoritative=deciding,
            treated_on=day,
            result=result,
        )

    detail = q.case_detail(session, case_id=case.id, today=TODAY)

    assert (detail.label, detail.officer, detail.state, detail.stalled) == (
        "48/20",
        "Øyvind Såtvedt",
        S.DECIDED,
        False,
    )
    assert list(detail.path["step_state"]) == [StepState.DONE] * 3
    assert list(detail.path["meeting"]) == [
        "18.08.2020 Faggruppe for næringssamarbeid",
        "25.08.2020 Administrativ koordineringsgruppe",
        "11.09.2020 Styret",
    ]
    assert list(detail.path["role"]) == [PREP, PREP, DECISION]
    assert [bool(flag) for flag in detail.path["authoritative"]] == [False, False, True]
    assert list(detail.path["result"]) == [R.ENDORSED_WITH_CHANGES, R.NOTED, R.ENDORSED]
    assert (detail.last_treated.body_name, detail.last_treated.treated_on) == ("Styret", dt.date(2020, 9, 11))
    assert detail.next_planned is None
    [row] = q.case_list(session, search="48/20", today=TODAY).rows.to_dict("records")
    assert (row["state"], row["last_body"], row["last_result"], clean(row["next_body"])) == (
        S.DECIDED,
        "Styret",
        R.ENDORSED,
        None,
    )
