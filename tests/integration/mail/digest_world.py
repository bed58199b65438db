"""Shared by the digest tests: a small world on Wednesday 2 December 2026 (ISO week 49) with a director
who has advice to decide (its title hostile), a coordinator (daily) with minutes awaiting approval, a
member (in English) with a meeting ahead and a vara call, and four users who must get nothing: one
disabled, one without an address, one who opted out, and a viewer with nothing to say."""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
from sqlalchemy import Engine

from osloreg import clock
from osloreg.config import Settings
from osloreg.db import read_session, write_session
from osloreg.enums import AdviceState, MeetingStatus, MembershipRole
from osloreg.services.base import SYSTEM, Actor
from osloreg.services.notifications import set_own_digest_frequency
from osloreg.services.users import create_user, disable_user
from tests.conftest import relay_settings, test_settings
from tests.factories import at, make_advice, make_body, make_meeting, make_membership, make_person
from tests.integration.services.attendance_world import absence, vara_call
from tests.smtp_server import SmtpServer

# 08:15 in Oslo on Wednesday 2 December 2026: week 49.
NOW = dt.datetime(2026, 12, 2, 7, 15, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 2)
HOSTILE = "<script>alert(1)</script> & <img src=https://evil.example/x>"
PASSWORD = "et langt testpassord"
# username -> address; those who must get a digest first.
GETS = {
    "direktor": "direktor@osloreg.example",
    "koordinator": "koord@osloreg.example",
    "medlem": "m@osloreg.example",
}
GETS_NOTHING = {"slutta": "slutta@osloreg.example", "avmeldt": "avmeldt@osloreg.example"}
GETS_NOTHING |= {"leser": "leser@osloreg.example"}


@dataclass
class DigestWorld:
    engine: Engine
    settings: Settings
    users: dict[str, int]  # username -> user id
    advice_id: int
    held_meeting_id: int
    next_meeting_id: int
    call_id: int


def set_now(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """The moment the app asks clock.utc_now for (the one place it asks)."""
    monkeypatch.setattr(clock, "utc_now", lambda: moment)


def _user(session, username: str, roles: list[str], **extra) -> int:
    user = create_user(
        session,
        actor=SYSTEM,
        username=username,
        display_name=extra.pop("display_name", username.title()),
        password=PASSWORD,
        roles=roles,
        **extra,
    )
    return user.id


def build(engine: Engine, server: SmtpServer | None) -> DigestWorld:
    """The world, committed; settings that send to `server` (None: no relay)."""
    with read_session(engine) as session:
        body = make_body(session, name="Faggruppe for næringssamarbeid")
        chair = make_person(session, name="Mona Medlem")
        colleague = make_person(session, name="Kåre Kollega")
        make_membership(session, person=chair, body=body)
        make_membership(session, person=colleague, body=body)
        advice = make_advice(
            session,
            body=body,
            state=AdviceState.SUBMITTED,
            title=HOSTILE,
            submitted_at=dt.datetime(2026, 11, 20, 9),
            target_date=dt.date(2026, 11, 30),
        )
        held = make_meeting(session, body=body, starts_at=at(TODAY - dt.timedelta(days=12)), status="held")
        ahead = make_meeting(
            session, body=body, starts_at=at(TODAY + dt.timedelta(days=12)), status=MeetingStatus.CALLED
        )
        vara = make_person(session, name="Vera Vara")
        make_membership(session, person=vara, body=body, role=MembershipRole.SUBSTITUTE)
        # The colleague cannot come; the member's own person is asked too (a vara of another seat).
        call = vara_call(session, absence(session, ahead.id, colleague.id), chair.id)
        ids = (advice.id, held.id, ahead.id, call.id)
        session.commit()
    with write_session(engine) as session:
        users = {
            "direktor": _user(session, "direktor", ["director"], email=GETS["direktor"]),
            "koordinator": _user(session, "koordinator", ["coordinator"], email=GETS["koordinator"]),
            "medlem": _user(
                session, "medlem", ["member"], email=GETS["medlem"], person_id=chair.id, language="en"
            ),
            "slutta": _user(session, "slutta", ["director"], email=GETS_NOTHING["slutta"]),
            "utenpost": _user(session, "utenpost", ["director"]),
            "avmeldt": _user(session, "avmeldt", ["director"], email=GETS_NOTHING["avmeldt"]),
            "leser": _user(session, "leser", ["viewer"], email=GETS_NOTHING["leser"]),
        }
    with write_session(engine) as session:
        disable_user(session, actor=SYSTEM, username="slutta")
    for username, role, frequency in (
        ("avmeldt", "director", "none"),
        ("koordinator", "coordinator", "daily"),
    ):
        with write_session(engine) as session:
            actor = Actor(user_id=users[username], username=username, roles=frozenset({role}))
            set_own_digest_frequency(session, actor=actor, frequency=frequency)
    settings = test_settings(engine, smtp=relay_settings(server) if server is not None else None)
    return DigestWorld(engine, settings, users, *ids)


def body_of(message: EmailMessage, kind: str) -> str:
    """A part's text as the reader's client shows it (the wire's line ends made plain)."""
    return message.get_body((kind,)).get_content().replace("\r\n", "\n")


def addressed(server: SmtpServer) -> list[str]:
    """The address of each mail the server accepted, in order."""
    return [email.utils.parseaddr(item.message["To"])[1] for item in server.received]


class HtmlTags(HTMLParser):
    """The tags and attributes (name, value) of an HTML part, fed with `.feed(html)`."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
