"""The demo's vara, forfall, habilitet and vedtaksførhet (issue 17): every political body has vara, the last
year has forfall with vara called in and a few inhabil, the meetings ahead have forfall to handle, each
body has its quorum rule with its basis, and every made-up row is illustrative and a fictional person's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from osloreg.db import read_session
from osloreg.models import (
    Absence,
    AgendaItem,
    Attendance,
    Body,
    Disqualification,
    Meeting,
    Membership,
    Person,
    SubstituteCall,
    Unit,
    User,
)
from osloreg.queries import attendance as attendance_queries
from osloreg.queries import meetings_ahead
from osloreg.rules.attendance import Expect
from tests.conftest import DEMO_TODAY, LoadedDemo

TODAY = DEMO_TODAY
MIDNIGHT = dt.datetime.combine(TODAY, dt.time())
POLITICAL = ("council", "board", "committee")
SEATED = ("leader", "deputy", "member")


@pytest.fixture
def session(loaded_demo: LoadedDemo) -> Iterator[Session]:
    with read_session(loaded_demo.engine) as session:
        yield session


def _active(column_start, column_end, day: dt.date):
    return sa.and_(column_start <= day, sa.or_(column_end.is_(None), column_end >= day))


def _terms(session: Session, body_id: int, day: dt.date, *, vara: bool) -> list[Membership]:
    roles = ("substitute",) if vara else SEATED
    return list(
        session.scalars(
            select(Membership).where(
                Membership.body_id == body_id,
                Membership.role.in_(roles),
                _active(Membership.start_on, Membership.end_on, day),
            )
        )
    )


def _body(session: Session, name: str) -> Body:
    return session.scalars(select(Body).where(Body.name == name)).one()


def _member(session: Session) -> User:
    return session.scalars(select(User).where(User.username == "medlem")).one()


# --- vara ---------------------------------------------------------------------------------------


def test_every_political_body_has_vara_today(session):
    bodies = session.scalars(select(Body).where(Body.kind.in_(POLITICAL))).all()
    assert {body.kind for body in bodies} == set(POLITICAL)
    for body in bodies:
        assert _terms(session, body.id, TODAY, vara=True), body.name


def test_each_council_member_unit_has_one_forste_vara_over_its_term(session):
    council = _body(session, "Representantskapet")
    seats = _terms(session, council.id, TODAY, vara=False)
    vara = _terms(session, council.id, TODAY, vara=True)
    units = sorted(term.represents_unit_id for term in seats)
    assert sorted(term.represents_unit_id for term in vara) == units
    assert {(term.substitute_order, term.substitute_for_person_id) for term in vara} == {(1, None)}
    people = [term.person_id for term in vara]
    titles = set(session.scalars(select(Person.title).where(Person.id.in_(people))))
    assert titles <= {"varaordfører", "fylkesvaraordfører"} and "varaordfører" in titles
    # Over the same terms as the members: a unit whose ordfører changed in 2023 changed its vara then too.
    starts = {(term.represents_unit_id, term.start_on) for term in seats}
    assert {(term.represents_unit_id, term.start_on) for term in vara} == starts


def test_each_board_member_has_a_personal_vara_for_the_same_seat(session):
    board = _body(session, "Styret")
    all_seats = session.scalars(
        select(Membership).where(Membership.body_id == board.id, Membership.role.in_(SEATED))
    ).all()
    all_vara = session.scalars(
        select(Membership).where(Membership.body_id == board.id, Membership.role == "substitute")
    ).all()
    personal = {(term.substitute_for_person_id, term.start_on): term for term in all_vara}
    assert len(all_seats) == len(all_vara) > 16  # every board term, over the years
    for seat in all_seats:
        vara = personal[(seat.person_id, seat.start_on)]
        assert (vara.represents_unit_id, vara.end_on, vara.substitute_order) == (
            seat.represents_unit_id,
            seat.end_on,
            None,
        )
        assert vara.person_id != seat.person_id


def test_most_group_seats_have_a_forste_vara_and_some_a_second(session):
    groups = session.scalars(
        select(Body).where(Body.kind.in_(("expert_group", "coordination_group")), Body.dissolved_on.is_(None))
    ).all()
    assert len(groups) == 4
    for group in groups:
        units = {term.represents_unit_id for term in _terms(session, group.id, TODAY, vara=False)}
        vara = _terms(session, group.id, TODAY, vara=True)
        first = {term.represents_unit_id for term in vara if term.substitute_order == 1}
        assert first <= units and len(first) >= len(units) // 2, group.name
        # A second vara only where there is a first; never a personal vara outside the board.
        assert {term.represents_unit_id for term in vara if term.substitute_order == 2} <= first
        assert all(term.substitute_for_person_id is None for term in vara)
    orders = set(
        session.scalars(
            select(Membership.substitute_order)
            .join(Body)
            .where(Body.kind == "expert_group", Membership.role == "substitute")
        )
    )
    assert orders == {1, 2}


# --- vedtaksførhet ------------------------------------------------------------------------------


def test_each_body_has_its_quorum_rule_with_its_basis(session):
    rules = {
        body.name: (body.kind, body.quorum_rule, body.quorum_basis, body.quorum_source)
        for body in session.scalars(select(Body))
    }
    for name, (kind, rule, basis, source) in rules.items():
        if kind in ("council", "board"):
            # Folkevalgte organer by law: the rule is the law's, and the source names the provisions.
            assert (rule, basis) == ("half_members", "sourced"), name
            assert "§ 11-9" in source and "§ 5-1" in source, name
        elif kind == "committee":
            # Whether a committee is one of the council's styringsorganer is not settled.
            assert (rule, basis) == ("half_members", "uncertain"), name
            assert "ikke avklart" in source and "§ 5-1" in source, name
        else:  # they give advice and make no vedtak
            assert (rule, basis, source) == ("none", None, None), name


# --- the last year --------------------------------------------------------------------------------


def _recent_absences(session: Session) -> list[tuple[Absence, Meeting]]:
    rows = session.execute(
        select(Absence, Meeting)
        .join(Meeting, Meeting.id == Absence.meeting_id)
        .where(Meeting.starts_at < MIDNIGHT)
        .order_by(Absence.id)
    ).all()
    return [(absence, meeting) for absence, meeting in rows]


def test_members_absent_in_the_last_year_sent_forfall_and_older_meetings_keep_attendance_only(session):
    recent = _recent_absences(session)
    assert len(recent) >= 50
    year_ago = MIDNIGHT - dt.timedelta(days=366)
    assert min(meeting.starts_at for _, meeting in recent) >= year_ago
    marked = {
        (row.meeting_id, row.person_id): row.present
        for row in session.execute(
            select(Attendance.meeting_id, Attendance.person_id, Attendance.present).where(
                Attendance.meeting_id.in_({meeting.id for _, meeting in recent})
            )
        )
    }
    reasons = set()
    for absence, meeting in recent:
        assert marked[(meeting.id, absence.person_id)] is False  # away, as the attendance says
        assert meeting.status in ("held", "approved", "published")
        assert absence.reported_at < meeting.starts_at and absence.withdrawn_at is None
        assert absence.from_item_id is None and absence.to_item_id is None
        reasons.add(absence.reason)
    assert {"Sykdom", "Reise"} <= reasons and len(reasons) >= 4


def test_a_vara_met_for_many_of_them_after_a_first_declined_now_and_then(session):
    recent = {absence.id: (absence, meeting) for absence, meeting in _recent_absences(session)}
    calls = session.scalars(
        select(SubstituteCall)
        .where(SubstituteCall.absence_id.in_(recent))
        .order_by(SubstituteCall.absence_id, SubstituteCall.called_at)
    ).all()
    by_absence: dict[int, list[SubstituteCall]] = {}
    for call in calls:
        by_absence.setdefault(call.absence_id, []).append(call)
    assert len(recent) / 3 <= len(by_absence) < len(recent)
    declined_first = 0
    for absence_id, made in by_absence.items():
        absence, meeting = recent[absence_id]
        *before, last = [call.answer for call in made]
        assert last == "accepted" and set(before) <= {"declined"}
        declined_first += bool(before)
        vara = made[-1]
        met = session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.person_id == vara.person_id
            )
        ).one()
        member_unit = session.scalar(
            select(Attendance.unit_id).where(
                Attendance.meeting_id == meeting.id, Attendance.person_id == absence.person_id
            )
        )
        assert (met.present, met.attended_for_person_id) == (True, absence.person_id)
        assert met.unit_id == member_unit
        assert vara.unit_id == member_unit and vara.answered_at is not None
        # The vara called in was one of the body's vara for that member on the day.
        (term,) = [
            term
            for term in _terms(session, meeting.body_id, meeting.starts_at.date(), vara=True)
            if term.person_id == vara.person_id
        ]
        assert term.substitute_for_person_id in (None, absence.person_id)
        assert term.substitute_for_person_id is not None or term.represents_unit_id == member_unit
    assert 1 <= declined_first <= len(by_absence) / 4


def test_a_few_members_who_were_there_left_one_sak_as_inhabil_and_the_body_stayed_vedtaksfor(session):
    found = session.scalars(select(Disqualification).order_by(Disqualification.id)).all()
    assert 5 <= len(found) <= 15
    assert {row.ground for row in found} == {
        "fvl_6_1_a",
        "fvl_6_1_b",
        "fvl_6_1_c",
        "fvl_6_1_d",
        "fvl_6_1_e",
        "fvl_6_2",
        "koml_11_10_2",
    }
    assert {row.status for row in found} == {"decided"}
    assert "Styreleder i selskapet som søker om midler" in {row.reason for row in found}
    for row in found:
        item = session.get(AgendaItem, row.agenda_item_id)
        assert item.meeting_id == row.meeting_id and item.case_id is not None
        assert session.get(Meeting, row.meeting_id).starts_at < MIDNIGHT
        present = session.scalar(
            select(Attendance.present).where(
                Attendance.meeting_id == row.meeting_id, Attendance.person_id == row.person_id
            )
        )
        assert present is True and row.withdrawn_at is None
        roster = attendance_queries.roster(session, meeting_id=row.meeting_id)
        quorums = {quorum.position: quorum for quorum in attendance_queries.item_quorums(session, roster)}
        on_item = quorums[item.position]
        name = session.get(Person, row.person_id).name
        assert name in on_item.left and row.person_id not in on_item.present
        assert on_item.quorum is None or on_item.quorum.met


# --- the meetings ahead ---------------------------------------------------------------------------


def _next_meeting(session: Session, body_name: str, *, within_days: int) -> Meeting:
    return session.scalars(
        select(Meeting)
        .join(Body)
        .where(
            Body.name == body_name,
            Meeting.starts_at >= MIDNIGHT,
            Meeting.starts_at < MIDNIGHT + dt.timedelta(days=within_days),
        )
        .order_by(Meeting.starts_at)
    ).first()


def test_the_boards_next_meeting_has_one_forfall_with_a_vara_and_one_with_a_vara_asked(session):
    meeting = _next_meeting(session, "Styret", within_days=14)
    roster = attendance_queries.roster(session, meeting_id=meeting.id)
    assert len(roster.absences) == 2
    assert sorted(roster.calls["answer"]) == ["accepted", "pending"]
    assert set(roster.calls["member_id"]) == set(roster.absences["person_id"])
    expects = sorted(unit.expect for unit in roster.forecast.units if unit.expect != Expect.ATTENDS)
    assert expects == sorted([Expect.VARA, Expect.VARA_ASKED])
    assert roster.forecast.quorum is not None and roster.forecast.quorum.met
    # Both are the members' own vara; the one asked is not offered again.
    for absence_id, offers in roster.offers.items():
        asked = set(roster.calls.loc[roster.calls["absence_id"] == absence_id, "vara_id"])
        assert asked and not asked & {vara.person_id for vara in offers}


def test_the_reference_groups_next_meeting_has_a_forfall_with_no_vara_called_yet(session):
    meeting = _next_meeting(session, "Faggruppe for næringssamarbeid", within_days=7)
    roster = attendance_queries.roster(session, meeting_id=meeting.id)
    (absence,) = roster.absences.itertuples()
    assert roster.calls.empty
    assert roster.offers[absence.absence_id], "a vara of the member's unit is there to call"
    waiting, total = meetings_ahead.absences_to_handle(session, today=TODAY)
    states = dict(zip(waiting["absence_id"], waiting["state"], strict=True))
    assert states[absence.absence_id] == "none" and "pending" in states.values()
    assert total == len(waiting) == 2
    # Some expected unit has no seat at all: the forecast names it as missing.
    missing = [unit for unit in roster.forecast.units if unit.expect == Expect.NO_ONE]
    assert missing
    ahead = meetings_ahead.forecasts(session, start=TODAY, days=30)
    row = ahead.loc[ahead["meeting_id"] == meeting.id].iloc[0]
    assert {unit.unit.name for unit in missing} <= set(row["missing"])


def test_the_demo_member_has_no_forfall_and_oslo_has_a_forste_vara_at_each_of_their_meetings(session):
    member = _member(session)
    assert not session.scalar(select(func.count()).where(Absence.person_id == member.person_id))
    mine = meetings_ahead.my_meetings(session, person_id=member.person_id, today=TODAY, days=30)
    assert len(mine) >= 1 and mine["absence_id"].isna().all()
    oslo = session.scalars(select(Unit.id).where(Unit.name == "Oslo kommune")).one()
    for meeting_id in mine["meeting_id"]:
        meeting = session.get(Meeting, int(meeting_id))
        day = meeting.starts_at.date()
        (seat,) = [
            term
            for term in _terms(session, meeting.body_id, day, vara=False)
            if term.person_id == member.person_id
        ]
        assert seat.represents_unit_id == oslo
        first = [
            term
            for term in _terms(session, meeting.body_id, day, vara=True)
            if term.represents_unit_id == oslo and term.substitute_order == 1
        ]
        assert len(first) == 1


# --- honesty ------------------------------------------------------------------------------------


def test_every_vara_forfall_and_inhabil_is_a_fictional_persons_and_made_up_rows_are_illustrative(session):
    vara_terms = session.execute(
        select(Membership.basis, Person.basis)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.role == "substitute")
    ).all()
    assert vara_terms and set(vara_terms) == {("illustrative", "illustrative")}
    for model, column in (
        (Absence, Absence.person_id),
        (SubstituteCall, SubstituteCall.person_id),
        (Disqualification, Disqualification.person_id),
    ):
        # These tables carry no basis of their own: their person and meeting are made up.
        bases = session.execute(
            select(Person.basis, Meeting.basis)
            .select_from(model)
            .join(Person, Person.id == column)
            .join(Meeting, Meeting.id == model.meeting_id)
            .distinct()
        ).all()
        assert bases == [("illustrative", "illustrative")], model.__name__
    met_for = session.execute(
        select(Person.basis).join(Attendance, Attendance.attended_for_person_id == Person.id).distinct()
    ).all()
    assert met_for == [("illustrative",)]
    # A rule for vedtaksførhet always says how it is known.
    unexplained = session.scalar(
        select(func.count()).where(
            Body.quorum_rule != "none", sa.or_(Body.quorum_basis.is_(None), Body.quorum_source.is_(None))
        )
    )
    assert unexplained == 0
    # No real person has a personal vara: that would be a made-up fact about them.
    real = set(session.scalars(select(Person.id).where(Person.basis != "illustrative")))
    assert real
    assert not session.scalar(select(func.count()).where(Membership.substitute_for_person_id.in_(real)))
