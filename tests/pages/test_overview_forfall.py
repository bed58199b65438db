"""Forfall on the overview in AppTest: the coordinator's forfall to follow up and meetings that will lack
coverage; a member reports and withdraws their own forfall; a viewer sees none of it."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import MembershipRole, QuorumRule, UnitKind
from osloreg.models import Absence, Meeting, Person
from osloreg.services.attendance import answer_call, call_substitute, report_absence
from osloreg.services.base import SYSTEM
from tests.factories import make_body, make_meeting, make_membership, make_person, make_unit
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test

PAGE = "pages/overview.py"
GROUP = "Faggruppe for næringssamarbeid"
HOSTILE = "**x** <img src=x>"
UNESCAPED = re.compile(r"(?<!\\)(\*\*x|<img)")  # markup that markdown would act on


def _at(days: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(hour))


def _world(engine: Engine) -> None:
    """A group (§ 11-9 rule) of three: Kari and Siri for Oslo, Per for Follorådet, with a vara for each
    unit. In ten days all three have forfall (Kari's vara asked, Per's declined, Siri's none called);
    in five days no one has; in twenty days Kari has forfall and her vara comes. One meeting began at
    midnight today. The user `medlem` is Kari."""
    with read_session(engine) as session:
        oslo = make_unit(session, name="Oslo kommune", county_level=True)
        follo = make_unit(session, name="Follorådet", kind=UnitKind.SUB_REGION)
        group = make_body(session, name=GROUP, quorum_rule=QuorumRule.HALF_MEMBERS, quorum_basis="sourced")
        kari, per, siri = (
            make_person(session, name=name) for name in ("Kari Medlem", "Per Follo", "Siri Oslo")
        )
        for person, unit in ((kari, oslo), (per, follo), (siri, oslo)):
            make_membership(session, person=person, body=group, represents=unit)
        vidar, vera = make_person(session, name="Vidar Vara"), make_person(session, name="Vera Vara")
        for person, unit in ((vidar, oslo), (vera, follo)):
            term = make_membership(
                session, person=person, body=group, represents=unit, role=MembershipRole.SUBSTITUTE
            )
            term.substitute_order = 1
        short = make_meeting(session, body=group, starts_at=_at(10), title="Møte med forfall")
        make_meeting(session, body=group, starts_at=_at(5), title="Møte uten forfall")
        covered = make_meeting(session, body=group, starts_at=_at(20), title="Møte med vara")
        make_meeting(session, body=group, starts_at=_at(0, 0), title="Møte som har begynt")
        session.commit()
        ids = {"kari": kari.id, "per": per.id, "siri": siri.id, "vidar": vidar.id, "vera": vera.id}
        meeting_ids = (short.id, covered.id)
    short_id, covered_id = meeting_ids
    with read_session(engine) as session:
        absences = {
            person: report_absence(
                session, actor=SYSTEM, meeting_id=short_id, person_id=ids[person], reason=reason
            ).id
            for person, reason in (("kari", "Syk"), ("per", HOSTILE), ("siri", "Ferie"))
        }
        call_substitute(session, actor=SYSTEM, absence_id=absences["kari"], vara_person_id=ids["vidar"])
        declined = call_substitute(
            session, actor=SYSTEM, absence_id=absences["per"], vara_person_id=ids["vera"]
        )
        answer_call(session, actor=SYSTEM, call_id=declined.id, accepted=False)
        away = report_absence(
            session, actor=SYSTEM, meeting_id=covered_id, person_id=ids["kari"], reason="Konferanse"
        )
        call = call_substitute(session, actor=SYSTEM, absence_id=away.id, vara_person_id=ids["vidar"])
        answer_call(session, actor=SYSTEM, call_id=call.id, accepted=True)
        add_users(session, ROLE_USERS, people={"medlem": ids["kari"]})


WORLD = _world


def _run(username: str):
    at = page_test(PAGE, username=username)
    at.run()
    ok(at)
    return at


def _links(at) -> list[str]:
    """The labels of the links to a meeting: page links, or (a page run on its own) markdown links."""
    labels = [link.label for link in at.get("page_link")]
    return labels + [m.value.replace("\\", "") for m in at.markdown if "calendar?meeting=" in m.value]


def _meeting_id(engine: Engine, title: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Meeting.id).where(Meeting.title == title))


def _standing(engine: Engine, person: str) -> list[tuple[str, str]]:
    """(meeting title, reason) of the person's standing forfall."""
    with read_session(engine) as session:
        return sorted(
            session.execute(
                sa.select(Meeting.title, Absence.reason)
                .join(Meeting, Meeting.id == Absence.meeting_id)
                .join(Person, Person.id == Absence.person_id)
                .where(Person.name == person, Absence.withdrawn_at.is_(None))
            ).all()
        )


def _form_of(at, title: str, engine: Engine) -> str:
    """The key of the reason field in the forfall form of the meeting with this title."""
    meeting_id = _meeting_id(engine, title)
    return next(i.key for i in at.text_input if i.key.startswith(f"overview_forfall_{meeting_id}_reason"))


def _report_button(at, engine: Engine, title: str):
    form_id = f"overview_forfall_{_meeting_id(engine, title)}_form"
    return next(b for b in at.button if b.label == nb("forecast.my.report") and b.form_id == form_id)


# --- The coordinator --------------------------------------------------------------------------------


def test_the_coordinator_sees_forfall_to_follow_up_with_where_each_stands(world):
    at = _run("koordinator")
    assert nb("forecast.handle.title", count="3") in [s.value for s in at.subheader]
    handle = next(frame.value for frame in at.dataframe if "person" in frame.value)
    assert list(handle["person"]) == ["Kari Medlem", "Per Follo", "Siri Oslo"]  # not Kari's covered meeting
    assert list(handle["vara"]) == [
        "Vara spurt, venter på svar",
        "Vara kan ikke, kall inn neste",
        "Ingen vara innkalt",
    ]
    assert list(handle["reason"]) == ["Syk", HOSTILE, "Ferie"]  # a table cell shows the text as it is
    short = _meeting_id(world, "Møte med forfall")
    forfall_links = [label for label in _links(at) if "Forfall fra" in label]
    assert len(forfall_links) == 3 and all(f"meeting={short}" in label for label in forfall_links)
    assert any("Per Follo" in label for label in forfall_links)
    assert not any(UNESCAPED.search(m.value) for m in at.markdown)


def test_the_coordinator_sees_the_meeting_that_will_lack_coverage_and_its_quorum(world):
    at = _run("koordinator")
    assert nb("forecast.gaps.title", days=30, count="1") in [s.value for s in at.subheader]
    gaps = next(frame.value for frame in at.dataframe if "missing_units" in frame.value)
    assert list(gaps["covered_of"]) == ["0 av 2"]  # the meetings in five and twenty days are covered
    assert list(gaps["missing_units"]) == ["Follorådet, Oslo kommune"]
    assert list(gaps["vara_asked"]) == [1]
    assert list(gaps["quorum"]) == ["Ikke vedtaksfør etter meldte forfall: 0 av 2"]
    warnings = [w.value for w in at.warning]
    assert any(GROUP in w and "0 av 2" in w for w in warnings)
    assert any("Faggruppe for næringssamarbeid" in label for label in _links(at))


def test_the_coordinator_sees_the_empty_lists_say_so(app_engine, users):
    at = _run("koordinator")
    captions = [c.value for c in at.caption]
    assert nb("forecast.handle.none") in captions
    assert nb("forecast.gaps.none", days=30) in captions


# --- A member ---------------------------------------------------------------------------------------


def test_a_member_sees_her_forfall_with_the_vara_who_comes(world):
    at = _run("medlem")
    assert nb("forecast.my.title") in [s.value for s in at.subheader]
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert "Forfall meldt (Syk)" in texts
    assert "Forfall meldt (Konferanse) · vara: Vidar Vara" in texts
    assert len([b for b in at.button if b.label == nb("forecast.my.withdraw")]) == 2


def test_a_member_reports_forfall_from_the_overview_and_sees_it_listed(world):
    at = _run("medlem")
    at.text_input(key=_form_of(at, "Møte uten forfall", world)).input("Kurs i Bergen")
    _report_button(at, world, "Møte uten forfall").click()
    at.run()
    ok(at)
    assert not at.error
    assert any(s.value.startswith("Forfallet er meldt til") for s in at.success)
    assert "Forfall meldt (Kurs i Bergen)" in [m.value.replace("\\", "") for m in at.markdown]
    assert ("Møte uten forfall", "Kurs i Bergen") in _standing(world, "Kari Medlem")


def test_a_member_without_a_reason_is_refused_and_nothing_is_saved(world):
    at = _run("medlem")
    _report_button(at, world, "Møte uten forfall").click()
    at.run()
    ok(at)
    assert at.error, "an empty reason must be refused with a message"
    assert nb("field.forfall_reason") in at.error[0].value
    assert [title for title, _ in _standing(world, "Kari Medlem")] == ["Møte med forfall", "Møte med vara"]


def test_a_refused_forfall_keeps_the_reason_typed(world):
    at = _run("medlem")
    key = _form_of(at, "Møte som har begynt", world)
    at.text_input(key=key).input("Forsinket tog")
    _report_button(at, world, "Møte som har begynt").click()
    at.run()
    ok(at)
    assert [e.value for e in at.error] == [nb("error.forfall_too_late")]
    assert at.text_input(key=key).value == "Forsinket tog"
    assert "Møte som har begynt" not in [title for title, _ in _standing(world, "Kari Medlem")]


def test_a_member_withdraws_her_forfall(world):
    at = _run("medlem")
    with read_session(world) as session:
        absence_id = session.scalar(
            sa.select(Absence.id)
            .join(Meeting, Meeting.id == Absence.meeting_id)
            .join(Person, Person.id == Absence.person_id)
            .where(Meeting.title == "Møte med forfall", Person.name == "Kari Medlem")
        )
    at.button(key=f"forfall_withdraw_{absence_id}").click()
    at.run()
    ok(at)
    assert any(s.value.startswith("Forfallet til") for s in at.success)
    assert "Forfall meldt (Syk)" not in [m.value.replace("\\", "") for m in at.markdown]
    assert _standing(world, "Kari Medlem") == [("Møte med vara", "Konferanse")]
    assert _form_of(at, "Møte med forfall", world)  # the form is back for that meeting


def test_a_hostile_reason_shows_as_text(world):
    with read_session(world) as session:
        kari = session.scalar(sa.select(Person.id).where(Person.name == "Kari Medlem"))
        session.rollback()  # the service opens its own transaction
        meeting_id = _meeting_id(world, "Møte uten forfall")
        report_absence(session, actor=SYSTEM, meeting_id=meeting_id, person_id=kari, reason=HOSTILE)
    at = _run("medlem")
    texts = [m.value for m in at.markdown]
    assert not any(UNESCAPED.search(text) for text in texts)
    assert f"Forfall meldt ({HOSTILE})" in [text.replace("\\", "") for text in texts]


def test_a_viewer_sees_no_forfall_form_nor_the_coordinators_lists(world):
    at = _run("leser")
    subheaders = [s.value for s in at.subheader]
    assert nb("forecast.my.title") not in subheaders
    assert not any(s.startswith("Forfall som må følges opp") for s in subheaders)
    assert not [i for i in at.text_input if i.label == nb("forecast.my.reason")]
    assert not [b for b in at.button if b.label == nb("forecast.my.withdraw")]
