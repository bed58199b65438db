"""The one-click forfall link of an invitation, over real HTTP on SQLite and PostgreSQL: GET asks and
changes nothing; POST reports the forfall as the link's user, audited as coming through the link, and
works once; a forged, tampered, expired or reused link, a disabled user, a cancelled meeting, a forfall
already registered and a person without a seat are refused in words, with nothing internal shown."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import signed_links
from osloreg.clock import OSLO
from osloreg.i18n import catalogue
from osloreg.models import Absence, AuditEvent, Meeting, Membership, UsedLink, User
from osloreg.queries.attendance import roster
from osloreg.services.attendance import report_absence
from osloreg.web.forfall_link import SERVICE_REFUSALS, STATUS
from tests.conftest import test_settings
from tests.integration.mail.invitation_world import InvitationWorld, build_invitation_world, cancel

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def world(session: Session) -> InvitationWorld:
    return build_invitation_world(session)


@pytest.fixture
def settings(engine):
    return test_settings(engine)


@pytest.fixture
def web(engine, settings, serve_web):
    return serve_web(settings, engine)


def token(settings, world: InvitationWorld, session: Session, who: str = "kari", **changes) -> str:
    """The link's token as an invitation carries it: until the meeting begins."""
    starts = session.get(Meeting, world.meeting).starts_at
    session.rollback()
    values = {
        "secret": settings.cookie_key,
        "purpose": signed_links.FORFALL,
        "user_id": world.users[who],
        "expires_at": starts.replace(tzinfo=OSLO),
        "meeting": world.meeting,
    }
    return signed_links.issue(**{**values, **changes})


def get(web, value: str):
    return web.request("/forfall?" + urlencode({"token": value}))


def post(web, value: str, reason: str | None = None):
    fields = {"token": value} | ({"reason": reason} if reason is not None else {})
    return web.request("/forfall", method="POST", headers=FORM, data=urlencode(fields).encode())


def text(answer) -> str:
    return answer.body.decode("utf-8")


def state(session: Session) -> tuple[int, int, int]:
    """Forfall rows, used links and audit events: what a GET must leave as it was."""
    counts = tuple(
        session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in (Absence, UsedLink, AuditEvent)
    )
    session.rollback()
    return counts


def absences(session: Session, world: InvitationWorld) -> list[int]:
    found = roster(session, meeting_id=world.meeting, with_forecast=False)
    session.rollback()
    return [int(person) for person in found.absences["person_id"]]


def assert_refused(answer, status: int, words: str) -> None:
    body = text(answer)
    assert answer.status == status, body
    assert words in body
    assert answer.header("content-type").startswith("text/html")
    # Nothing internal: no traceback, exception, catalogue key or SQL.
    for leak in ("Traceback", "Error", "error.", "forfall_link.", "SELECT", "sqlalchemy"):
        assert leak not in body


def test_get_asks_in_words_and_changes_nothing(engine, session, world, settings, web):
    value = token(settings, world, session)
    before = state(session)
    answer = get(web, value)
    body = text(answer)
    assert answer.status == 200
    assert "Meld forfall til Faggruppe for areal og transport" in body and "?</h1>" in body
    assert "Du melder forfall som Kari" in body and 'lang="nb"' in body
    assert '<form method="post" action="forfall">' in body and "<textarea" in body
    assert answer.header("cache-control") == "no-store"
    assert answer.header("referrer-policy") == "no-referrer"
    # A mail scanner may open it any number of times.
    assert get(web, value).status == 200
    assert state(session) == before
    assert absences(session, world) == []


def test_the_page_is_in_the_users_language(engine, session, world, settings, web):
    answer = get(web, token(settings, world, session, "anne"))
    assert answer.status == 200
    assert "Send apologies to Faggruppe for areal og transport" in text(answer) and 'lang="en"' in text(
        answer
    )


def test_post_reports_the_forfall_once_audited_as_coming_through_the_link(
    engine, session, world, settings, web
):
    value = token(settings, world, session)
    answer = post(web, value, reason="Kommunestyremøte samme dag")
    assert answer.status == 200, text(answer)
    assert "Forfallet er registrert" in text(answer)
    assert absences(session, world) == [world.w.people["kari"]]
    absence = session.scalars(sa.select(Absence)).one()
    assert (absence.reason, absence.reported_by_user_id) == (
        "Kommunestyremøte samme dag",
        world.users["kari"],
    )
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "meeting.forfall")).one()
    assert (event.actor_user_id, event.entity_id) == (world.users["kari"], world.meeting)
    assert event.after["via"] == "email_link" and event.after["person_id"] == world.w.people["kari"]
    used = session.scalars(sa.select(UsedLink)).one()
    session.rollback()
    assert (used.purpose, used.user_id) == (signed_links.FORFALL, world.users["kari"])
    assert used.link_id == signed_links.link_key(
        signed_links.read(value, secret=settings.cookie_key, purpose="forfall")
    )

    again = post(web, value)
    assert_refused(again, 410, "Lenken er allerede brukt")
    assert_refused(get(web, value), 410, "Lenken er allerede brukt")
    assert state(session)[0] == 1


def test_without_a_reason_the_forfall_says_it_came_through_the_link(engine, session, world, settings, web):
    assert post(web, token(settings, world, session, "anne"), reason="  ").status == 200
    reason = session.scalar(sa.select(Absence.reason))
    session.rollback()
    assert reason == "Meldt via lenke i innkallingen"


def test_forged_and_tampered_links_are_refused_in_words(engine, session, world, settings, web):
    value = token(settings, world, session)
    header, payload, signature = value.split(".")
    other_key = signed_links.issue(
        secret="another-installation-" + "x" * 32,
        purpose=signed_links.FORFALL,
        user_id=world.users["kari"],
        expires_at=None,
        meeting=world.meeting,
    )
    wrong_purpose = token(settings, world, session, purpose=signed_links.DIGEST_OPT_OUT)
    for forged in (
        "garbage",
        "",
        f"{header}.{payload}.{signature[:-2]}xx",
        f"{header}.{payload[:-1]}A.{signature}",
        other_key,
        wrong_purpose,
        token(settings, world, session, meeting="1; DROP TABLE absences"),
    ):
        assert_refused(get(web, forged), 400, "Lenken er ikke gyldig")
        assert_refused(post(web, forged), 400, "Lenken er ikke gyldig")
    assert_refused(web.request("/forfall"), 400, "Lenken er ikke gyldig")
    assert_refused(web.request("/forfall", method="POST", data=b"token=x"), 400, "Lenken er ikke gyldig")
    assert state(session)[:2] == (0, 0)


def test_an_expired_link_is_refused_in_words(engine, session, world, settings, web):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    value = token(settings, world, session, expires_at=past, now=past - dt.timedelta(days=7))
    assert_refused(get(web, value), 410, "møtet har begynt")
    assert_refused(post(web, value), 410, "møtet har begynt")
    assert absences(session, world) == []


def test_a_link_to_a_meeting_moved_earlier_ends_when_it_begins(engine, session, world, settings, web):
    value = token(settings, world, session)
    meeting = session.get(Meeting, world.meeting)
    meeting.starts_at = dt.datetime.now(OSLO).replace(tzinfo=None) - dt.timedelta(minutes=5)
    session.commit()
    assert_refused(post(web, value), 410, "møtet har begynt")


def test_a_disabled_user_is_refused(engine, session, world, settings, web):
    value = token(settings, world, session)
    session.get(User, world.users["kari"]).disabled = True
    session.commit()
    assert_refused(get(web, value), 400, "Brukerkontoen din er deaktivert")
    assert_refused(post(web, value), 400, "Brukerkontoen din er deaktivert")
    assert absences(session, world) == []


def test_a_cancelled_meeting_needs_no_forfall(engine, session, world, settings, web):
    value = token(settings, world, session, "anne")
    cancel(session, world)
    assert_refused(post(web, value), 410, "The meeting is cancelled")


def test_a_forfall_already_registered_is_said_kindly(engine, session, world, settings, web):
    value = token(settings, world, session)
    w = world.w
    report_absence(session, actor=w.kari, meeting_id=w.meeting, person_id=w.people["kari"], reason="Syk")
    answer = post(web, value)
    assert_refused(answer, 410, "Forfallet ditt til dette møtet er allerede registrert")
    assert "Forfallet er allerede registrert</h1>" in text(answer)
    assert state(session)[:2] == (1, 0)  # the link stays unused


def test_a_person_without_a_seat_on_the_day_is_refused(engine, session, world, settings, web):
    value = token(settings, world, session)
    term = session.scalars(sa.select(Membership).where(Membership.person_id == world.w.people["kari"])).one()
    term.end_on = dt.date(2021, 1, 1)
    session.commit()
    assert_refused(post(web, value), 400, "Du står ikke lenger som medlem eller vara")
    assert absences(session, world) == []


def test_a_reason_too_long_is_refused_and_the_link_still_works(engine, session, world, settings, web):
    value = token(settings, world, session)
    assert_refused(post(web, value, reason="x" * 2001), 400, "Grunnen kunne ikke lagres")
    assert state(session)[:2] == (0, 0)
    assert post(web, value, reason="Syk").status == 200
    too_big = web.request("/forfall", method="POST", headers=FORM, data=b"token=" + b"a" * 20_000)
    assert_refused(too_big, 400, "Lenken er ikke gyldig")


def test_every_refusal_has_its_words_in_both_languages():
    assert set(SERVICE_REFUSALS.values()) <= set(STATUS)
    for reason in STATUS:
        texts = catalogue()[f"forfall_link.refused.{reason}"]
        assert texts["nb"] != texts["en"]
