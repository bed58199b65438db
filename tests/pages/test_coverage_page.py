"""The coverage page (Dekning) in AppTest: a body's coverage on a date for every role, the month
buttons, the members (current, coming, former) and their export, coverage over time, data quality,
and the coordinators' membership editors (add, change a role with the leader taking over, end, a
refused add)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import i18n
from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import MembershipRole, UnitKind
from osloreg.models import Attendance, Body, Membership, Person
from osloreg.queries import memberships
from osloreg.ui.coverage import members as coverage_members
from tests.factories import (
    at,
    make_body,
    make_meeting,
    make_membership,
    make_person,
    make_sub_region_member,
    make_unit,
)
from tests.pages.conftest import ROLE_USERS, add_users, ok, page_test

PAGE = "pages/coverage.py"
GROUP = "Faggruppe for næringssamarbeid"
EDITORS = {"admin", "koordinator"}


def _ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def _world(engine: Engine) -> None:
    """Oslo; Folloregionen (Ås, Vestby) and Mosseregionen (Vestby, Moss); Akershus fylkeskommune. The
    group (at most 5): Kari leads for Oslo and Nils is deputy for Akershus since 400 days; Per has
    covered Folloregionen through Ås for ten days; Eva covered Mosseregionen through Moss until 100
    days ago (and was at a meeting 50 days ago); Bjørn starts in 20 days. Mosseregionen is missing."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        follo = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
        moss_region = make_unit(session, kind=UnitKind.SUB_REGION, name="Mosseregionen")
        aas, vestby, moss = (make_unit(session, name=name) for name in ("Ås", "Vestby", "Moss"))
        akershus = make_unit(session, kind=UnitKind.COUNTY, name="Akershus fylkeskommune")
        for sub_region, municipality in (
            (follo, aas),
            (follo, vestby),
            (moss_region, vestby),
            (moss_region, moss),
        ):
            make_sub_region_member(session, sub_region=sub_region, municipality=municipality)
        group = make_body(session, name=GROUP, max_members=5)
        kari = make_person(session, name="Kari Leder", employer="Oslo kommune")
        nils, per, eva, bjorn = (
            make_person(session, name=name)
            for name in ("Nils Nestleder", "Per Ås", "Eva Tidligere", "Bjørn Kommende")
        )
        make_person(session, name="Mona Moss")
        long_ago = _ago(400)
        make_membership(
            session, person=kari, body=group, role=MembershipRole.LEADER, represents=oslo, start_on=long_ago
        )
        make_membership(
            session,
            person=nils,
            body=group,
            role=MembershipRole.DEPUTY,
            represents=akershus,
            start_on=long_ago,
        )
        make_membership(session, person=per, body=group, represents=aas, start_on=_ago(10))
        make_membership(session, person=eva, body=group, represents=moss, start_on=long_ago, end_on=_ago(100))
        make_membership(session, person=bjorn, body=group, start_on=_ago(-20))
        meeting = make_meeting(session, body=group, starts_at=at(_ago(50)))
        session.add(Attendance(meeting_id=meeting.id, person_id=eva.id, present=True))
        session.commit()
        add_users(session, ROLE_USERS)


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


# --- Helpers ----------------------------------------------------------------------------------------


def _run(username: str, *, language: str | None = None):
    at = page_test(PAGE, username=username)
    if language is not None:
        at.session_state["language"] = language
    at.run()
    ok(at)
    return at


def _tab(at, label: str) -> None:
    at.session_state["coverage_tab"] = label
    at.run()
    ok(at)


def _click(at, label: str) -> None:
    next(button for button in at.button if button.label == label).click()
    at.run()
    ok(at)


def _metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def _texts(at) -> str:
    kinds = ("markdown", "caption", "text", "info", "success", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _group_id(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Body.id).where(Body.name == GROUP))


def _terms(engine: Engine, person: str) -> list[tuple[str, dt.date, dt.date | None]]:
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Membership.role, Membership.start_on, Membership.end_on)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.name == person)
            .order_by(Membership.start_on, Membership.id)
        )
        return [tuple(row) for row in rows]


def _members(at) -> tuple[list[str], list[str], list[str]]:
    """The members tab's tables: current, coming and former people, each in order."""
    current, coming, former = (list(frame.value["person"]) for frame in at.dataframe[:3])
    return current, coming, former


def _units_table(at) -> dict[str, str]:
    frame = at.dataframe[0].value
    return dict(zip(frame["name"], frame["state"], strict=True))


def _pick(at, key: str, label: str) -> None:
    box = at.selectbox(key=key)
    assert label in box.options, box.options
    box.select(label)


# --- Coverage, for everyone -------------------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(ROLE_USERS))
def test_every_role_sees_the_coverage_and_only_admin_and_coordinator_get_the_editors(world, username):
    at = _run(username)
    assert at.title[0].value == "Dekning"
    assert at.selectbox(key="coverage_body").value == _group_id(world)
    assert at.date_input(key="coverage_day").value == today()
    metrics = _metrics(at)
    assert (metrics["Dekket"], metrics["Antall medlemmer"]) == ("3 / 4", "3 / 5")
    assert (metrics["Leder"], metrics["Nestleder"]) == ("Ja", "Ja")
    assert "Ikke representert: Mosseregionen." in [warning.value for warning in at.warning]
    assert _units_table(at) == {
        "Folloregionen": "Dekket gjennom Ås",
        "Mosseregionen": "Mangler",
        "Akershus fylkeskommune": "Dekket direkte",
        "Oslo kommune": "Dekket direkte",
    }
    assert len(at.get("plotly_chart")) == 1  # the treemap
    tabs = [tab.label for tab in at.tabs]
    editor = username in EDITORS
    assert ("Personer og enheter" in tabs) is editor
    assert ("koordinatorer fører medlemskap" in _texts(at)) is not editor
    _tab(at, "Medlemmer")
    assert ("Endre medlemskap" in [header.value for header in at.header]) is editor
    assert any(button.label == "Legg til" for button in at.button) is editor


def test_the_month_buttons_move_the_date_and_show_the_coverage_then(world):
    at = _run("leser")
    _click(at, "‹")
    back = at.date_input(key="coverage_day").value
    assert back < _ago(10) and (back.year, back.month) != (today().year, today().month)
    assert _metrics(at)["Dekket"] == "2 / 4"  # before Per started for Ås
    assert _units_table(at)["Folloregionen"] == "Mangler"
    _tab(at, "Medlemmer")
    current, coming, _ = _members(at)
    assert current == ["Kari Leder", "Nils Nestleder"] and coming == [
        "Per Ås",
        "Bjørn Kommende",
    ]  # soonest first
    _tab(at, "Dekning")
    _click(at, "›")
    assert at.date_input(key="coverage_day").value == today()
    assert _metrics(at)["Dekket"] == "3 / 4"
    _click(at, "‹")
    _click(at, "I dag")
    assert at.date_input(key="coverage_day").value == today()


# --- Members ------------------------------------------------------------------------------------------


def test_the_members_tab_lists_current_coming_and_former_members(world):
    at = _run("medlem")
    _tab(at, "Medlemmer")
    headers = [header.value for header in at.header]
    assert f"Medlemmer per {today():%d.%m.%Y} (3)" in headers and "Begynner senere (1)" in headers
    assert "Tidligere medlemmer (1)" in [expander.label for expander in at.expander]
    current, coming, former = _members(at)
    assert current == ["Kari Leder", "Nils Nestleder", "Per Ås"]
    assert coming == ["Bjørn Kommende"] and former == ["Eva Tidligere"]
    table = at.dataframe[0].value
    assert list(table["role_text"]) == ["leder", "nestleder", "medlem"]
    assert list(table["unit"]) == ["Oslo kommune", "Akershus fylkeskommune", "Ås"]
    assert table["employer"][0] == "Oslo kommune"
    assert at.dataframe[2].value["end"][0] == f"{_ago(100):%d.%m.%Y}"
    assert [button.label for button in at.get("download_button")] == ["Last ned Excel", "Last ned CSV"]


def _found_members(engine: Engine) -> memberships.Members:
    with read_session(engine) as session:
        return memberships.members(session, body_id=_group_id(engine), on=today())


def test_the_member_export_has_a_sheet_of_members_and_one_of_former_members_and_a_csv(world):
    found = _found_members(world)
    workbook = openpyxl.load_workbook(
        io.BytesIO(coverage_members.members_file(found, GROUP, kind="xlsx", language_="nb"))
    )
    assert workbook.sheetnames == ["Medlemmer", "Tidligere"]
    current = list(workbook["Medlemmer"].values)
    assert current[0] == (
        "Person",
        "Rolle",
        "Representerer",
        "Oppnevnt av",
        "Arbeidsgiver",
        "Fra",
        "Til",
        "Kilde",
    )
    assert [row[:3] for row in current[1:]] == [
        ("Kari Leder", "leder", "Oslo kommune"),
        ("Nils Nestleder", "nestleder", "Akershus fylkeskommune"),
        ("Per Ås", "medlem", "Ås"),
    ]
    former = list(workbook["Tidligere"].values)
    assert [row[0] for row in former[1:]] == ["Eva Tidligere"]
    assert former[1][6].date() == _ago(100)
    csv = coverage_members.members_file(found, GROUP, kind="csv", language_="nb").decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "Person;Rolle;Representerer;Oppnevnt av;Arbeidsgiver;Fra;Til;Kilde"
    assert [line.split(";")[0] for line in lines[1:]] == ["Kari Leder", "Nils Nestleder", "Per Ås"]


def test_the_member_export_in_english_gives_roles_and_basis_in_english(world):
    # Streamlit builds a download on another thread, without the session: the file's language is
    # the one passed in, for the headings and for the words in the cells alike.
    workbook = openpyxl.load_workbook(
        io.BytesIO(coverage_members.members_file(_found_members(world), GROUP, kind="xlsx", language_="en"))
    )
    assert workbook.sheetnames == ["Members", "Former"]
    rows = list(workbook["Members"].values)
    assert rows[0][:2] == ("Person", "Role")
    english = {i18n.translate(f"overview.member_role.{role}", "en") for role in MembershipRole}
    assert {row[1] for row in rows[1:]} <= english, [row[1] for row in rows[1:]]
    assert {row[7] for row in rows[1:]} == {i18n.translate("basis.illustrative", "en")}


# --- Over time and data quality ----------------------------------------------------------------------


def test_the_history_tab_draws_the_share_of_units_covered_month_by_month(world):
    at = _run("direktor")
    _tab(at, "Utvikling")
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    shares = [value for trace in figure["data"] for value in trace.get("y", [])]
    assert len(shares) >= 13 and {50, 75} <= set(shares)  # Eva's Mosseregionen, then Per's Follo
    # Per cent the Norwegian way: "75 %", on the axis and on hover.
    assert figure["layout"]["yaxis"]["ticksuffix"] == " %"
    assert figure["data"][0]["hovertemplate"].endswith("%{y:.0f} %<extra></extra>")
    # The key figure in words, with the share the line ends at.
    assert re.search(rf"{today():01.%m.%Y}: [23] av 4 enheter dekket \((50|75) %\)\.", _texts(at))


def test_the_data_quality_tab_counts_each_doubt_and_lists_them(world):
    at = _run("koordinator")
    _tab(at, "Datakvalitet")
    metrics = _metrics(at)
    assert metrics["Møtt etter sluttdato"] == "1"
    assert [
        metrics[name]
        for name in (
            "Enheten fantes ikke da",
            "Enheten var ikke medlem av Osloregionen da",
            "Uten leder",
            "Datoer som ikke henger sammen",
            "To i samme rolle",
        )
    ] == ["0"] * 5
    rows = at.dataframe[0].value
    assert list(rows["person"]) == ["Eva Tidligere"] and list(rows["why"]) == ["Møtt etter sluttdato"]
    assert list(rows["detail_text"]) == [f"{_ago(50):%d.%m.%Y}"]
    # The unit's own life and its membership of Osloregionen are two things; the help names both.
    help_text = next(c.value for c in at.caption if c.value.startswith("Opplysninger som ser feil ut"))
    assert "en enhet som ikke fantes, eller ikke var medlem, da" in help_text


# --- The coordinators' editors -----------------------------------------------------------------------


def _start_adding(at, engine: Engine, search: str, person: str, unit: str | None) -> str:
    """Open the add form and fill it in: find the person, pick them, choose the unit. The form's id."""
    form = f"membership_new_{_group_id(engine)}"
    _tab(at, "Medlemmer")
    at.text_input(key=f"{form}_person_search").input(search)
    at.run()
    _pick(at, f"{form}_person", person)
    if unit is not None:
        _pick(at, f"{form}_unit", unit)
    return form


def test_a_coordinator_adds_a_member_for_the_missing_sub_region_and_it_is_covered(world):
    at = _run("koordinator")
    form = _start_adding(at, world, "mona", "Mona Moss", "Mosseregionen")
    assert at.selectbox(key=f"{form}_person").options == ["–", "Mona Moss"]
    assert at.selectbox(key=f"{form}_role").value == MembershipRole.MEMBER
    assert at.date_input(key=f"{form}_start_on").value == today()
    _click(at, "Legg til")
    assert "Medlemskapet er lagt til." in [success.value for success in at.success]
    assert _terms(world, "Mona Moss") == [(MembershipRole.MEMBER, today(), None)]
    current, *_ = _members(at)
    assert current == ["Kari Leder", "Nils Nestleder", "Mona Moss", "Per Ås"]
    _tab(at, "Dekning")
    assert _metrics(at)["Dekket"] == "4 / 4" and _metrics(at)["Antall medlemmer"] == "4 / 5"
    assert _units_table(at)["Mosseregionen"] == "Dekket direkte"
    assert not any(warning.value.startswith("Ikke representert") for warning in at.warning)


def test_a_coordinator_makes_a_member_leader_and_the_previous_leader_goes_on_as_member(world):
    at = _run("koordinator")
    _tab(at, "Medlemmer")
    _pick(at, "membership_role_choice", f"Per Ås (medlem, Ås, fra {_ago(10):%d.%m.%Y})")
    at.run()
    chosen = next(box for box in at.selectbox if box.label == "Ny rolle")
    chosen.select(MembershipRole.LEADER)
    at.run()
    assert "En ny leder tar over" in _texts(at)
    _click(at, "Endre rollen")
    assert "Rollen til Per Ås er endret." in [success.value for success in at.success]
    assert _terms(world, "Kari Leder") == [
        (MembershipRole.LEADER, _ago(400), _ago(1)),
        (MembershipRole.MEMBER, today(), None),
    ]
    current, _, former = _members(at)
    table = at.dataframe[0].value
    assert current == ["Per Ås", "Nils Nestleder", "Kari Leder"]
    assert list(table["role_text"]) == ["leder", "nestleder", "medlem"]
    assert former == ["Kari Leder", "Per Ås", "Eva Tidligere"]  # the terms ended yesterday, then Eva's
    _tab(at, "Dekning")
    assert _metrics(at)["Leder"] == "Ja" and _metrics(at)["Dekket"] == "3 / 4"


def test_an_ended_term_is_kept_among_the_former_members(world):
    at = _run("admin")
    _tab(at, "Medlemmer")
    _pick(
        at,
        "membership_end_choice",
        f"Nils Nestleder (nestleder, Akershus fylkeskommune, fra {_ago(400):%d.%m.%Y})",
    )
    at.run()
    last_day = next(field for field in at.date_input if field.label == "Siste dag")
    assert last_day.value == today()
    last_day.set_value(_ago(1))
    _click(at, "Avslutt medlemskapet")
    assert "Medlemskapet til Nils Nestleder er avsluttet." in [success.value for success in at.success]
    assert _terms(world, "Nils Nestleder") == [(MembershipRole.DEPUTY, _ago(400), _ago(1))]
    current, _, former = _members(at)
    assert current == ["Kari Leder", "Per Ås"] and former == ["Nils Nestleder", "Eva Tidligere"]
    assert "Tidligere medlemmer (2)" in [expander.label for expander in at.expander]
    _tab(at, "Dekning")
    assert _metrics(at)["Nestleder"] == "Mangler" and _metrics(at)["Dekket"] == "2 / 4"


def test_an_overlapping_term_is_refused_and_the_form_keeps_what_was_chosen(world):
    at = _run("koordinator")
    form = _start_adding(at, world, "kari", "Kari Leder", "Mosseregionen")
    at.text_input(key=f"{form}_note").input("Ny periode")
    _click(at, "Legg til")
    errors = "\n".join(error.value for error in at.error)
    # The date of the term in the way, written the Norwegian way.
    assert f"Personen er allerede medlem i perioden (fra {_ago(400):%d.%m.%Y})." in errors
    assert _ago(400).isoformat() not in errors
    for field, chosen in (("person", "Kari Leder"), ("unit", "Mosseregionen")):
        box = at.selectbox(key=f"{form}_{field}")
        assert box.options[box.index] == chosen
    assert at.text_input(key=f"{form}_note").value == "Ny periode"
    assert _terms(world, "Kari Leder") == [(MembershipRole.LEADER, _ago(400), None)]
    assert "Medlemskapet er lagt til." not in [success.value for success in at.success]


def test_the_page_speaks_english_when_asked(world):
    at = _run("leser", language="en")
    assert at.title[0].value == "Coverage"
    metrics = _metrics(at)
    assert (metrics["Covered"], metrics["Leader"], metrics["Deputy"]) == ("3 / 4", "Yes", "Yes")
    assert "Not represented: Mosseregionen." in [warning.value for warning in at.warning]
    assert _units_table(at)["Folloregionen"] == "Covered through Ås"
    assert [tab.label for tab in at.tabs] == ["Coverage", "Members", "Over time", "Data quality"]
    _tab(at, "Members")
    assert list(at.dataframe[0].value["role_text"]) == ["leader", "deputy", "member"]
    assert "Former members (1)" in [expander.label for expander in at.expander]
