"""The overview page in AppTest: each role sees its own sections, everyone the shared one."""

from __future__ import annotations

import datetime as dt
import json
import re

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.i18n import catalogue
from osloreg.models import Body, User
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.factories import (
    make_advice,
    make_agenda_item,
    make_body,
    make_case,
    make_consultation,
    make_decision,
    make_input,
    make_meeting,
    make_membership,
    make_person,
    make_project,
    make_unit,
    now,
)
from tests.pages.conftest import (
    PASSWORD,
    REPO_ROOT,
    ROLE_USERS,
    page_test,
)

PAGE = "pages/overview.py"
VIEW = "osloreg/ui/overview/view.py"  # the page's body: render(user)
DIRECTOR = "Råd som venter på din beslutning"
COORDINATOR = "Til oppfølging"
MEMBER = "Dine organer"
SHARED = "Samlet status"


def _headers(at) -> list[str]:
    return [h.value for h in at.header]


def _texts(at) -> str:
    parts = [
        e.value for kind in ("subheader", "caption", "markdown", "info", "success") for e in at.get(kind)
    ]
    return "\n".join(str(part) for part in parts)


def _chart(at, index: int) -> dict:
    """The plotly figure of the page's chart number `index`, as plotly gets it."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _run(username: str):
    at = page_test(PAGE, username=username)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _world(engine: Engine) -> None:
    """A little of everything: a group with a member, advice, a project, meetings; and the users."""
    day = today()
    with read_session(engine) as session:
        accounts = {**ROLE_USERS, "kombinert": ["director", "coordinator"], "medlem2": "member"}
        for username, roles in accounts.items():
            roles = [roles] if isinstance(roles, str) else roles
            create_user(
                session,
                actor=SYSTEM,
                username=username,
                display_name=username,
                password=PASSWORD,
                roles=roles,
            )
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        group = make_body(session, name="Faggruppe for næringssamarbeid", max_members=20)
        kari = make_person(session, name="Kari Medlem")
        make_membership(session, person=kari, body=group, represents=oslo)
        make_advice(
            session,
            body=group,
            state="submitted",
            title="Råd om Oslo Urban Week",
            submitted_at=dt.datetime.combine(day - dt.timedelta(days=20), dt.time(9)),
            target_date=day - dt.timedelta(days=2),
        )
        make_advice(session, body=group, state="submitted", title="Råd om Team Oslo")
        make_advice(session, body=group, state="draft", title="Utkast om Oslopolitan")
        make_project(session, title="Oslo Talent Pool", body=group)
        make_meeting(
            session,
            body=group,
            title="Gruppemøte uten saksliste",
            starts_at=dt.datetime.combine(day + dt.timedelta(days=3), dt.time(10)),
        )
        ready = make_meeting(
            session,
            body=group,
            title="Gruppemøte med saksliste",
            starts_at=dt.datetime.combine(day + dt.timedelta(days=5), dt.time(10)),
        )
        make_agenda_item(session, meeting=ready, heading="Eventuelt")
        session.execute(sa.update(User).where(User.username == "medlem").values(person_id=kari.id))
        session.commit()


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def test_the_director_sees_the_advice_awaiting_a_decision_overdue_first(world):
    at = _run("direktor")
    assert _headers(at) == [DIRECTOR, SHARED]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Venter på beslutning"] == "2" and metrics["Over fristen"] == "1"
    queue = at.dataframe[0].value
    assert list(queue["title"]) == ["Råd om Oslo Urban Week", "Råd om Team Oslo"]
    assert queue["basis"][0] == "fiktiv (demo)"


def test_the_coordinator_sees_what_to_follow_up(world):
    at = _run("koordinator")
    assert _headers(at) == [COORDINATOR, SHARED]
    texts = _texts(at)
    assert "Prosjekter som trenger oppfølging (1)" in texts
    assert "Ikke kvalitetssikret: 1" in texts  # an ongoing project the group has not quality-assured
    assert "Møter de neste 14 dagene uten saksliste (1)" in texts
    assert "Ingen saker står stille." in texts
    titles = {title for frame in at.dataframe for title in frame.value.get("title", [])}
    assert "Gruppemøte uten saksliste" in titles and "Gruppemøte med saksliste" not in titles
    assert "Oslo Talent Pool" in titles


def test_a_member_sees_their_bodies_meetings_and_open_matters(world):
    at = _run("medlem")
    assert _headers(at) == [MEMBER, SHARED]
    texts = _texts(at)
    assert "**Faggruppe for næringssamarbeid** (medlem)" in texts
    titles = {title for frame in at.dataframe for title in frame.value.get("title", [])}
    assert {"Gruppemøte uten saksliste", "Gruppemøte med saksliste", "Utkast om Oslopolitan"} <= titles


def test_a_member_not_linked_to_a_person_is_told_so(world):
    at = _run("medlem2")
    assert MEMBER in _headers(at)
    assert "ikke koblet til en person" in _texts(at)


def test_a_viewer_sees_only_the_shared_overview(world):
    at = _run("leser")
    assert _headers(at) == [SHARED]
    assert not at.metric
    assert len(at.get("plotly_chart")) == 2  # projects by status, coverage of the expert groups
    coverage = _chart(at, 1)
    assert coverage["data"][0]["texttemplate"] == "%{x:.0f} %"  # "46 %", as bokmål writes it
    assert coverage["layout"]["xaxis"]["ticksuffix"] == " %"
    texts = _texts(at)
    assert "Møter denne måneden" in texts and "Dekning i faggruppene i dag" in texts


def test_a_user_with_several_roles_sees_each_of_their_sections(world):
    at = _run("kombinert")
    assert _headers(at) == [DIRECTOR, COORDINATOR, SHARED]


def test_the_page_in_english(world):
    at = _run("direktor")
    at.sidebar.segmented_control(key="osloreg_language_choice").set_value("en")
    at.run()
    assert not at.exception
    assert _headers(at) == ["Advice awaiting your decision", "Overall status"]
    assert {m.label for m in at.metric} == {"Awaiting a decision", "Overdue", "Oldest submitted"}
    coverage = _chart(at, 1)
    assert coverage["data"][0]["texttemplate"] == "%{x:.0f}%"  # "46%" in English
    assert coverage["layout"]["xaxis"]["ticksuffix"] == "%"


def test_every_demo_user_sees_the_page_on_the_demo_data(app_engine):
    from osloreg.demo import DEMO_USERS, load_demo

    load_demo(app_engine, today=today())
    for username in DEMO_USERS:
        at = _run(username)
        assert SHARED in _headers(at)
        assert not at.error


def test_every_overview_key_the_page_uses_is_in_the_catalogue():
    source = "".join((REPO_ROOT / path).read_text(encoding="utf-8") for path in (PAGE, VIEW))
    used = set(re.findall(r"\"(overview\.[a-z_.]+)\"", source))
    # A key, or a prefix the page completes with a value from the data (f"{prefix}.{value}").
    unknown = {
        key
        for key in used
        if key not in catalogue() and not any(k.startswith(key + ".") for k in catalogue())
    }
    assert used and not unknown


def test_a_member_sees_what_the_director_decided_on_advice_resting_on_her_input(world):
    with read_session(world) as session:
        kari = session.scalar(sa.select(User.person_id).where(User.username == "medlem"))
        group = session.scalar(sa.select(Body).where(Body.name == "Faggruppe for næringssamarbeid"))
        given = make_input(session, author=kari, body=group, text="Flere internasjonale studenter")
        advice = make_advice(session, body=group, state="submitted", title="Råd om talentattraksjon")
        advice.inputs.append(given)
        make_decision(
            session, advice=advice, outcome="partly_followed", rationale="Budsjettet rekker til halvparten"
        )
        session.commit()
    at = _run("medlem")
    answers = next(frame.value for frame in at.dataframe if "rationale" in frame.value)
    assert list(answers["title"]) == ["Råd om talentattraksjon"]
    assert list(answers["outcome"]) == ["Delvis fulgt"]
    assert list(answers["rationale"]) == ["Budsjettet rekker til halvparten"]
    assert "Svar på innspillene dine" in [header.value for header in at.subheader]


def test_a_stalled_case_shows_its_last_result_in_the_words_of_the_case_page(world):
    """A vedtaksorgan's result reads "vedtatt med endringer"; a step treated with no result recorded
    reads "behandlet" (not a blank, nor the words of a body that only gives advice)."""
    day = today()
    with read_session(world) as session:
        styret = make_body(session, name="Styret")
        council = make_body(session, name="Representantskapet")
        group = session.scalar(sa.select(Body).where(Body.name == "Faggruppe for næringssamarbeid"))
        decided = make_case(
            session, title="Handlingsprogram med budsjett", created_at=now() - dt.timedelta(days=400)
        )
        make_consultation(
            session,
            case=decided,
            body=styret,
            authoritative=True,
            role="decision",
            treated_on=day - dt.timedelta(days=200),
            result="endorsed_with_changes",
        )
        make_consultation(session, case=decided, body=council, planned_on=day - dt.timedelta(days=150))
        treated = make_case(
            session, title="Næringsarealer i regionen", created_at=now() - dt.timedelta(days=400)
        )
        make_consultation(session, case=treated, body=group, treated_on=day - dt.timedelta(days=210))
        make_consultation(
            session, case=treated, body=styret, authoritative=True, role="decision", planned_on=day
        )
        session.commit()
    at = _run("koordinator")
    assert "Saker som står stille (2)" in _texts(at)
    stalled = next(frame.value for frame in at.dataframe if "weeks_idle" in frame.value)
    results = dict(zip(stalled["title"], stalled["result"], strict=True))
    assert results == {
        "Næringsarealer i regionen": "behandlet",
        "Handlingsprogram med budsjett": "vedtatt med endringer",
    }
