"""Hostile text in the mail the app sends: the digest (HTML, text) and the invitations (text, iCalendar).

Names, titles, places, agenda headings and a cancellation's reason hold markup, script, links, line breaks
that try to add a header or a calendar property, and text long enough to be folded. Each mail is read as
its client reads it (from its bytes, over real SMTP): HTML escaped with only the app's own links; the text
part holds every value whole; no header added; one VEVENT, with none of the data's URL, ATTACH or VALARM,
its lines folded at 75 octets and every value whole once unfolded."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import ical
from osloreg.db import read_session
from osloreg.enums import AdviceState
from osloreg.i18n import translate
from osloreg.mail.digest_run import send_digests
from osloreg.mail.invitations import send_invitations
from osloreg.models import Absence, Advice, AgendaItem, Body, Meeting, User
from osloreg.rules.digest import ROWS_SHOWN
from osloreg.services.meetings import cancel_meeting
from tests import factories as f
from tests.conftest import relay_settings, test_settings
from tests.integration.mail.digest_world import GETS, NOW, HtmlTags, body_of, build, set_now
from tests.integration.mail.invitation_world import (
    ADDRESSES,
    build_invitation_world,
    calendar_part,
    event_of,
    innkall,
    parsed,
    text_part,
    version,
)

BASE = "https://osloreg.example"  # test_settings' base_url and web_url
WEB = "https://kalender.osloreg.example"
MARKUP = (
    "<script>alert(1)</script><img src=https://evil.example/x onerror=alert(1)>"
    '<a href="javascript:alert(1)" onclick=alert(1)>x</a> " \' & ]]> [l](javascript:alert(1))'
)
# A line break that tries to add a header or a calendar property (written past the services, which
# refuse control characters but keep line breaks in free text: as an import or an old row may hold).
INJECTION = "\r\nBcc: evil@attacker.example\r\nURL:https://evil.example/\r\nATTACH:https://evil.example/x.exe"
ALARM = '\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil; "x", \\ x'
WAITING = ROWS_SHOWN + 3  # advice waiting for the director: more than a section lists
ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "p", "h2", "ul", "li", "a", "hr", "br"}
EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "SEQUENCE",
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "STATUS",
    "ORGANIZER",
    "ATTENDEE",
}


def _html_problems(page: str) -> list[str]:
    tags = HtmlTags()
    tags.feed(page)
    problems = [f"<{tag}>" for tag in tags.tags - ALLOWED_TAGS]
    problems += [
        f"{name}=" for name, _ in tags.attributes if name.startswith("on") or name in ("src", "srcset")
    ]
    problems += [
        f"href={value}"
        for name, value in tags.attributes
        if name == "href" and not value.startswith((f"{BASE}/", f"{WEB}/"))
    ]
    return problems


def test_the_digest_shows_hostile_names_and_titles_escaped_in_html_and_whole_in_text(
    engine: Engine, smtp_server, monkeypatch, figures
):
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    values = {
        "body": f"Faggruppe {MARKUP}",
        "advice": f"Råd {MARKUP}{INJECTION}"[:300],
        "meeting": f"Møte {MARKUP}"[:300],
    }
    with read_session(engine) as session:
        advice = session.get(Advice, world.advice_id)
        advice.title = values["advice"]
        # More advice waiting than a section shows: the digest must say how many more there are.
        for n in range(WAITING - 1):
            f.make_advice(
                session,
                body=advice.body_id,
                state=AdviceState.SUBMITTED,
                title=f"Råd {n} {MARKUP}"[:300],
                submitted_at=advice.submitted_at,
            )
        for meeting_id in (world.held_meeting_id, world.next_meeting_id):
            meeting = session.get(Meeting, meeting_id)
            meeting.title = values["meeting"]
            session.get(Body, meeting.body_id).name = values["body"]
        session.get(User, world.users["direktor"]).display_name = f"Direktør {INJECTION}"[:200]
        session.commit()
    send_digests(world.engine, world.settings, report=lambda line: None)
    mails = {address: parsed(smtp_server.handler.to(address)[0]) for address in GETS.values()}
    problems, shown = [], 0
    for address, mail in mails.items():
        text, page = body_of(mail, "plain"), body_of(mail, "html")
        problems += [
            f"{address}: header {name}" for name in ("Bcc", "URL", "ATTACH") if mail[name] is not None
        ]
        problems += [f"{address}: line break in {name}" for name, value in mail.items() if "\n" in str(value)]
        problems += [f"{address}: {problem}" for problem in _html_problems(page)]
        here = [value for value in values.values() if html.escape(value) in page]
        assert values["body"] in text and html.escape(values["body"]) in page, address
        for value in here:
            shown += 1
            if value not in text:
                problems.append(f"{address}: {value[:30]!r} cut or changed in the text")
            if value in page:
                problems.append(f"{address}: {value[:30]!r} unescaped in the HTML")
    director = mails[GETS["direktor"]]
    listed = sum(line.startswith("- Råd") for line in body_of(director, "plain").splitlines())
    more = translate("digest.more", "nb", count=WAITING - listed)
    if (
        not listed
        or more not in body_of(director, "plain")
        or html.escape(more) not in body_of(director, "html")
    ):
        problems.append(f"the director's digest lists {listed} of {WAITING} advice and does not say {more!r}")
    assert [item.recipients for item in smtp_server.received if "evil" in str(item.recipients)] == []
    figures.record(
        f"{engine.dialect.name}: {len(mails)} digests, {WAITING} advice waiting listed as {listed} and "
        f"{more!r}, {shown} hostile values shown (escaped in HTML, "
        f"whole in text), {len(problems)} tags, on* attributes, foreign links, added headers or cut values"
    )
    assert problems == [], problems


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unfolded(raw: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", raw).split("\r\n")


def calendar_problems(raw: bytes, meeting_ids: list[int]) -> list[str]:
    """What in a calendar file came from the data: lines over 75 octets, a VEVENT per meeting or not,
    an alarm, a property no event of ours has, a URL that is not the meeting's own page."""
    problems = [f"line of {len(line)} octets" for line in raw.split(b"\r\n") if len(line) > 75]
    lines = _unfolded(raw.decode())
    if lines.count("BEGIN:VEVENT") != len(meeting_ids):
        problems.append(f"{lines.count('BEGIN:VEVENT')} VEVENTs for {len(meeting_ids)} meetings")
    problems += ["VALARM"] if "BEGIN:VALARM" in lines else []
    names = [re.split(r"[;:]", line, maxsplit=1)[0] for line in lines if line]
    properties = {name for name in names if name not in ("BEGIN", "END")}
    problems += [f"property {name}" for name in properties - EVENT_PROPERTIES - _CALENDAR_PROPERTIES]
    urls = sorted(line for line in lines if line.startswith("URL"))
    if urls != sorted(f"URL:{ical.meeting_url(BASE, meeting_id)}" for meeting_id in meeting_ids):
        problems.append(f"URL lines {urls}")
    return problems


# The calendar's own properties and the time zone's, besides the event's.
_CALENDAR_PROPERTIES = {
    "PRODID",
    "VERSION",
    "CALSCALE",
    "METHOD",
    "TZID",
    "TZNAME",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "RRULE",
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
}


def test_invitations_carry_hostile_text_whole_and_inert_in_text_and_calendar(
    engine: Engine, session, smtp_server, figures
):
    world = build_invitation_world(session)
    settings = test_settings(engine, smtp=relay_settings(smtp_server))
    long_words = " ".join(["blåbærsyltetøy"] * 12)  # multi-byte letters across the 75-octet folds
    values = {
        "title": f"Budsjett {MARKUP}{INJECTION}{ALARM}"[:300],
        "place": f"Rådhuset {long_words}{INJECTION}"[:300],
        "heading": f"Eventuelt {MARKUP}{ALARM}"[:300],
        "body": f"Organ {MARKUP}"[:200],
        "reason": f"For få saker {MARKUP}{INJECTION}{ALARM}",
    }
    meeting = session.get(Meeting, world.meeting)
    meeting.title, meeting.place = values["title"], values["place"]
    session.get(Body, meeting.body_id).name = values["body"]
    first = session.scalar(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == world.meeting, AgendaItem.heading.is_not(None))
    )
    first.heading = values["heading"]
    session.get(User, world.users["kari"]).display_name = f'Kari {INJECTION} "K"'[:200]
    session.commit()
    innkall(session, world)
    send_invitations(engine, settings)
    # The cancellation's reason goes through the service (it keeps line breaks in free text).
    cancel_meeting(
        session,
        actor=world.w.coordinator,
        meeting_id=world.meeting,
        expected_version=version(session, world.meeting),
        reason=values["reason"],
    )
    send_invitations(engine, settings)
    mails = [parsed(message) for message in smtp_server.handler.to(ADDRESSES["kari"])]
    problems, checked = [], 0
    for mail in mails:
        problems += [f"header {name}" for name in ("Bcc", "URL", "ATTACH") if mail[name] is not None]
        problems += [f"line break in {name}" for name, value in mail.items() if "\n" in str(value)]
        text = _lines(text_part(mail))
        cancelled = mail["Subject"] != mails[0]["Subject"]
        # A cancellation gives its reason in place of the agenda.
        for name in ("title", "place", "reason") if cancelled else ("title", "place", "heading"):
            checked += 1
            if _lines(values[name]) not in text:
                problems.append(f"text: {name} cut or changed: {text!r}")
        raw = calendar_part(mail).get_payload(decode=True)
        problems += calendar_problems(raw, [world.meeting])
        # The calendar's text as a calendar program reads it, its line ends made plain (\r\n -> \n).
        event = {name: _lines(str(value)) for name, value in event_of(mail).items()}
        summary = _lines(f"{values['body']}: {values['title']}")
        checked += 3
        if event["SUMMARY"] != summary:
            problems.append(f"SUMMARY {event['SUMMARY']!r} != {summary!r}")
        if event["LOCATION"] != _lines(values["place"]):
            problems.append(f"LOCATION {event['LOCATION']!r} != {values['place']!r}")
        if _lines(values["heading"]) not in event["DESCRIPTION"]:
            problems.append("DESCRIPTION lacks the heading")
    assert len(mails) == 2  # the REQUEST and the CANCEL
    assert [item.recipients for item in smtp_server.received if "evil" in str(item.recipients)] == []
    figures.record(
        f"{engine.dialect.name}: {len(mails)} invitations (REQUEST, CANCEL) to a hostile name: {checked} "
        f"values checked whole in text and iCalendar, 1 VEVENT each, lines <= 75 octets, "
        f"{len(problems)} added headers, properties, alarms, foreign URLs or cut values"
    )
    assert problems == [], problems


def test_the_forfall_link_pages_show_hostile_names_as_text_and_keep_a_hostile_reason_whole(
    engine: Engine, session, serve_web, figures
):
    """The page an invitation's link opens (GET) and the one after the forfall is sent (POST)."""
    from tests.integration.web.test_forfall_link import get, post, token
    from tests.reliability.test_hostile_public import _Page

    world = build_invitation_world(session)
    settings = test_settings(engine)
    values = {"title": f"Budsjett {MARKUP}"[:300], "body": f"Organ {MARKUP}"[:200]}
    meeting = session.get(Meeting, world.meeting)
    meeting.title = values["title"]
    session.get(Body, meeting.body_id).name = values["body"]
    session.commit()
    reason = f"Syk {MARKUP}\nandre linje «sitat» 👩\u200d👩\u200d👧"
    web = serve_web(settings, engine)
    link = token(settings, world, session)
    problems, shown = [], 0
    for answer in (get(web, link), post(web, link, reason)):
        assert answer.status == 200, answer.body[:300]
        page = _Page(own=frozenset({"form"}))  # the page's own form, which posts back to /forfall
        page.feed(answer.body.decode("utf-8"))
        problems += page.problems
        text = "".join(page.text)
        shown += sum(value in text for value in values.values())
    stored = session.scalar(sa.select(Absence.reason).where(Absence.meeting_id == world.meeting))
    session.rollback()
    figures.record(
        f"{engine.dialect.name}: forfall link, 2 pages: {shown} hostile names shown as text, "
        f"{len(problems)} elements, handlers or addresses from the data; the reason stored "
        f"{'whole' if stored == reason else 'CHANGED'}"
    )
    assert problems == [] and shown >= 3 and stored == reason, (problems, shown, stored)
