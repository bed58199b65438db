"""The demo says nothing untrue about real people, and its made-up activity is plausible (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

from osloreg import migrate
from osloreg.db import read_session
from osloreg.demo import DEMO_USERS, load_demo
from osloreg.demo.names import FIRST_NAMES, SURNAMES
from osloreg.models import (
    Advice,
    Attendance,
    Body,
    Case,
    Consultation,
    Decision,
    Input,
    Meeting,
    MeetingNotice,
    MeetingStatusChange,
    Membership,
    MinutesApproval,
    Person,
    Project,
    User,
)
from osloreg.queries.projects import pipeline
from tests.conftest import DEMO_TODAY, LoadedDemo

TODAY = DEMO_TODAY
FACTS = Path("/work/shared/data/osloregionen.yaml")
MAX_DAYS_WAITING = 120  # submitted advice is answered within a few months
LAST_DAY_OF_THE_DIRECTOR = dt.date(2023, 4, 14)


def _real_names() -> set[str]:
    """Every real person the facts file names; from its copy in the repository where the shared one is
    not there (a checkout elsewhere)."""
    names = {"Øyvind Såtvedt", "Eli Arnkværn Bryhni", "Ingar Vaskinn", "Eva Næss Karlsen", "Målfrid Baik"}
    if FACTS.exists():
        facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
        names |= {person["name"] for person in facts["real_people"]["people"]}
        names |= {person["name"] for person in facts["people_from_the_case_paper"]}
    return names


REAL_NAMES = _real_names()


@pytest.fixture(scope="module")
def demo_engine(loaded_demo: LoadedDemo) -> Engine:
    return loaded_demo.engine


@pytest.fixture
def session(demo_engine: Engine) -> Iterator[Session]:
    with read_session(demo_engine) as session:
        yield session


def _real_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Person.id).where(Person.name.in_(REAL_NAMES))))


def test_the_real_people_are_the_sourced_persons_and_no_fictional_name_borrows_their_surnames(session):
    real = session.execute(select(Person.name, Person.basis).where(Person.name.in_(REAL_NAMES))).all()
    assert {name for name, _ in real} == {"Øyvind Såtvedt", "Eli Arnkværn Bryhni", "Ingar Vaskinn"}
    assert {basis for _, basis in real} == {"sourced"}
    surnames = {part for name in REAL_NAMES for part in name.split()[1:]}
    assert not surnames & set(SURNAMES)
    made_up = session.scalars(select(Person.name).where(Person.basis == "illustrative")).all()
    assert made_up and not [name for name in made_up if surnames & set(name.split())]
    assert {name.split()[0] for name in made_up} <= set(FIRST_NAMES)


def test_the_case_papers_titles_are_on_the_real_people(session):
    titles = dict(session.execute(select(Person.name, Person.title).where(Person.name.in_(REAL_NAMES))).all())
    assert titles == {
        "Øyvind Såtvedt": "direktør",
        "Eli Arnkværn Bryhni": "daglig leder",
        "Ingar Vaskinn": "næringssjef",
    }


def test_the_real_peoples_roles_are_dated_and_end(session):
    rows = session.execute(
        select(
            Person.name, Body.name, Membership.role, Membership.start_on, Membership.end_on, Membership.basis
        )
        .join(Person, Membership.person_id == Person.id)
        .join(Body, Membership.body_id == Body.id)
        .where(Person.name.in_(REAL_NAMES))
        .order_by(Person.name)
    ).all()
    roles = {(name, body, role): (start, end, basis) for name, body, role, start, end, basis in rows}
    assert len(rows) == len(roles) == 3  # one dated role each; no secretary seat, no other body
    director = roles[("Øyvind Såtvedt", "Sekretariatet", "leader")]
    assert director[1] == LAST_DAY_OF_THE_DIRECTOR
    assert director[0] < dt.date(2018, 4, 12)  # known in the role then
    for name, role in (("Eli Arnkværn Bryhni", "leader"), ("Ingar Vaskinn", "deputy")):
        start, end, basis = roles[(name, "Faggruppe for næringssamarbeid", role)]
        # Known in the role on the paper's date, held "de siste årene" before it; start and end unknown.
        assert start < dt.date(2020, 1, 1) and dt.date(2020, 9, 11) <= end < TODAY
        assert basis == "uncertain"
    assert all(basis != "illustrative" for _, _, basis in roles.values())


def test_the_secretariat_is_led_by_one_person_at_a_time_and_by_a_fictional_one_after_14_april_2023(session):
    leaders = session.execute(
        select(Person.name, Person.basis, Membership.start_on, Membership.end_on)
        .join(Person, Membership.person_id == Person.id)
        .join(Body, Membership.body_id == Body.id)
        .where(Body.name == "Sekretariatet", Membership.role == "leader")
        .order_by(Membership.start_on)
    ).all()
    assert [(name, end) for name, _, _, end in leaders][0] == ("Øyvind Såtvedt", LAST_DAY_OF_THE_DIRECTOR)
    assert leaders[1].start_on == LAST_DAY_OF_THE_DIRECTOR + dt.timedelta(days=1)
    assert leaders[1].basis == "illustrative" and leaders[1].end_on is None


def test_every_demo_account_belongs_to_a_fictional_person_or_to_none(session):
    users = session.scalars(select(User)).all()
    assert {user.username for user in users} == set(DEMO_USERS)
    for user in users:
        assert user.display_name not in REAL_NAMES
        if user.person is not None:
            assert user.person.basis == "illustrative" and user.person.name not in REAL_NAMES
    by_name = {user.username: user for user in users}
    assert by_name["direktor"].person.title == "direktør"
    leader = session.scalars(
        select(Membership).where(
            Membership.person_id == by_name["leder"].person_id, Membership.role == "leader"
        )
    ).one()
    assert leader.start_on == dt.date(2021, 1, 1) and leader.end_on is None


def test_no_made_up_act_is_a_real_persons(session):
    real = _real_ids(session)
    real_users = set(session.scalars(select(User.id).where(User.person_id.in_(real))))
    assert not real_users
    assert not session.scalar(select(func.count()).select_from(Input).where(Input.author_person_id.in_(real)))
    assert not session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.person_id.in_(real))
    )
    assert not session.scalar(
        select(func.count()).select_from(Project).where(Project.owner_person_id.in_(real))
    )
    made_up_officer = session.scalars(
        select(Case.title).where(Case.officer_person_id.in_(real), Case.basis == "illustrative")
    ).all()
    assert made_up_officer == []
    # The real director is saksansvarlig of the real case 48/20 only.
    officer_of = session.scalars(select(Case.title).where(Case.officer_person_id.in_(real))).all()
    assert officer_of == ["Revidert mandat for faggruppe for næringssamarbeid i Osloregionen"]
    illustrative_roles = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.person_id.in_(real), Membership.basis == "illustrative")
    )
    assert illustrative_roles == 0
    # Advice and decisions are written by accounts, none of which is a real person's (above); and the
    # `leder` account writes advice only from the day its person leads the group.
    leader = aliased(User)
    early = session.scalar(
        select(func.count())
        .select_from(Advice)
        .join(leader, Advice.created_by_user_id == leader.id)
        .where(leader.username == "leder", Advice.created_at < dt.datetime(2021, 1, 1))
    )
    assert early == 0
    assert session.scalar(select(func.count()).select_from(Decision)) > 100


def test_a_yearly_title_comes_once_per_body_and_year(session):
    deciding = aliased(Consultation)
    rows = session.execute(
        select(Case.id, deciding.body_id, Case.title)
        .distinct()  # a case sent back and treated again meets its deciding body twice
        .join(deciding, sa.and_(deciding.case_id == Case.id, deciding.authoritative.is_(True)))
        .where(Case.basis == "illustrative")
    ).all()
    yearly = [(body, title) for _, body, title in rows if re.search(r"\b20\d\d\b", title)]
    assert yearly, "the demo has yearly cases (handlingsprogram, valg av styre)"
    assert len(yearly) == len(set(yearly))
    titles = {title for _, _, title in rows}
    assert any(title.startswith("Handlingsprogram med budsjett") for title in titles)
    assert not any("regional plan for" in title.lower() for title in titles)


def test_submitted_advice_waits_weeks_not_years(session):
    waiting = session.scalars(select(Advice.submitted_at).where(Advice.state == "submitted")).all()
    assert waiting
    assert max((TODAY - submitted.date()).days for submitted in waiting) <= MAX_DAYS_WAITING


def test_advice_titles_keep_their_capitals(session):
    titles = session.scalars(select(Advice.title).where(Advice.subject_type == "policy")).all()
    assert titles and all(title.startswith("Råd om interessepolitikk for ") for title in titles)
    assert (
        "Råd om interessepolitikk for Oslofjorden" in titles
        or "Råd om interessepolitikk for EU-programmer" in titles
    )
    assert not [title for title in titles if "oslofjorden" in title or "eu-programmer" in title]


def test_decisions_are_written_in_the_present_tense(session):
    decisions = set(session.scalars(select(Case.final_decision).where(Case.basis == "illustrative")))
    assert "Styret tar saken til orientering." in decisions
    assert "Styret slutter seg til forslaget med de endringene som kom fram i møtet." in decisions
    assert not [text for text in decisions if text and ("ble tatt" in text or ". Med " in text)]


def test_real_projects_are_neither_paused_nor_cancelled_and_keep_their_sourced_years(session):
    real = session.execute(
        select(Project.title, Project.status, Project.start_on, Project.end_on, Project.status_basis).where(
            Project.basis == "sourced"
        )
    ).all()
    assert len(real) >= 10
    assert not [title for title, status, *_ in real if status in ("cancelled", "paused")]
    years = {title: (start, end, basis) for title, _, start, end, basis in real}
    start, end, basis = years["#ProjectOsloRegion"]
    assert (start.year, end.year, basis) == (2013, 2015, "uncertain")
    assert years["Osloregionens Europakontor"][1] > TODAY  # not "finished in 2023"
    assert {basis for title, *_, basis in real if title != "#ProjectOsloRegion"} == {"illustrative"}


# --- The migration carries a populated database forward ----------------------------------------------

OLD_SOURCE = (
    "db/seed/osloregionen.yaml: profiling_projects (name); status, dates, owner and the rest are illustrative"
)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(sa.table(name)))
            for name in sorted(sa.inspect(engine).get_table_names())
            if name != "alembic_version"
        }


def test_an_upgrade_from_0010_with_the_demo_data_keeps_every_row_and_gives_status_and_dates_a_basis(engine):
    load_demo(engine, today=TODAY)
    migrate.downgrade(engine, "0010")
    projects = sa.table(
        "projects",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("status", sa.String),
        sa.column("progress", sa.Integer),
        sa.column("basis", sa.String),
        sa.column("source", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
        sa.column("version", sa.Integer),
    )
    with engine.begin() as connection:
        # As the demo of 0010 wrote it, and as the secretariat records a project (sourced, no source).
        connection.execute(projects.update().where(projects.c.title == "Team Oslo").values(source=OLD_SOURCE))
        moment = dt.datetime(2026, 1, 5, 9)
        connection.execute(
            projects.insert().values(
                id=99_999,
                title="Registrert av sekretariatet",
                status="idea",
                progress=0,
                basis="sourced",
                created_at=moment,
                updated_at=moment,
                version=1,
            )
        )
    before = _counts(engine)
    migrate.upgrade(engine)
    after = _counts(engine)
    # The migrations since 0010 add tables of their own (case numbers, membership periods ...): every
    # table the old database had keeps every row.
    assert {table: after[table] for table in before} == before
    assert migrate.schema_drift(engine) == []
    with read_session(engine) as session:
        rows = session.execute(
            select(Project.title, Project.basis, Project.status_basis, Project.dates_basis)
        ).all()
        bases = {title: (status_basis, dates_basis) for title, _, status_basis, dates_basis in rows}
        made_up = {(status, dates) for _, basis, status, dates in rows if basis == "illustrative"}
    assert bases["Team Oslo"] == ("illustrative", "illustrative")
    assert bases["#ProjectOsloRegion"] == ("uncertain", "uncertain")
    assert bases["Registrert av sekretariatet"] == ("sourced", "sourced")
    # A made-up project is made up in its status and dates too.
    assert made_up == {("illustrative", "illustrative")}


def test_no_draft_lingers_for_years(session):
    drafts = session.scalars(select(Advice.created_at).where(Advice.state == "draft")).all()
    assert drafts and max((TODAY - created.date()).days for created in drafts) <= MAX_DAYS_WAITING


def test_the_pipeline_lists_a_real_project_by_the_basis_of_its_status_and_dates(session):
    listing = pipeline(session, today=TODAY, limit=1_000)
    basis = dict(zip(listing.rows["title"], listing.rows["basis"], strict=True))
    assert basis["#ProjectOsloRegion"] == "uncertain"  # its name is sourced, its status and dates are not
    assert basis["Team Oslo"] == "illustrative"


def test_every_body_that_meets_has_a_notice_period_marked_as_set_by_the_admin_not_sourced(session):
    notice = (Body.notice_days, Body.notice_basis, Body.notice_source)
    rows = session.execute(select(Body.name, Body.kind, *notice))
    by_kind: dict[str, set[int]] = {}
    for name, kind, days, basis, source in rows:
        if kind == "secretariat":
            assert days is None, name
            continue
        # No source gives Osloregionen's periods: the demo must not pass them off as sourced.
        assert (basis, "kommuneloven § 11-3" in (source or "")) == ("illustrative", True), name
        by_kind.setdefault(kind, set()).add(days)
    assert by_kind["board"] == by_kind["council"] == {14}
    assert by_kind["expert_group"] == by_kind["coordination_group"] == {7}


def test_the_meeting_cycle_is_the_fictional_coordinators_and_nothing_is_made_up_of_a_real_meeting(session):
    coordinator = session.scalars(select(User).where(User.username == "koordinator")).one()
    assert coordinator.person_id not in _real_ids(session)
    by = {
        "steps": set(session.scalars(select(MeetingStatusChange.changed_by_user_id).distinct())),
        "notices": set(session.scalars(select(MeetingNotice.sent_by_user_id).distinct())),
        "approvals": set(session.scalars(select(MinutesApproval.recorded_by_user_id).distinct())),
    }
    assert by == {"steps": {coordinator.id}, "notices": {coordinator.id}, "approvals": {coordinator.id}}
    # No source tells how the protokoll of a real meeting was approved, nor anything after the meeting.
    sourced = set(session.scalars(select(Meeting.id).where(Meeting.basis == "sourced")))
    assert sourced
    for model in (MeetingStatusChange, MeetingNotice, MinutesApproval):
        assert not sourced & set(session.scalars(select(model.meeting_id))), model.__name__
    assert set(session.scalars(select(Meeting.status).where(Meeting.id.in_(sourced)))) == {"held"}
    assert session.scalar(select(func.max(MinutesApproval.approved_on))) <= TODAY
