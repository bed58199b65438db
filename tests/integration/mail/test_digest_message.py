"""The digest as its reader gets it over real SMTP: a plain-text and an HTML part in the reader's language,
a hostile title escaped in HTML and as written in the text, links only to the app and the web app, and
a footer with why it came, where to change it and a one-click opt-out (RFC 8058)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from osloreg.mail.digest import Window, build_message
from osloreg.mail.digest_run import send_digests
from osloreg.queries.digest import Digest, Recipient, Row, Section
from tests.integration.mail.digest_world import GETS, HOSTILE, NOW, HtmlTags, body_of, build, set_now

BASE = "https://osloreg.example"  # test_settings' base_url and web_url
WEB = "https://kalender.osloreg.example"
ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "p", "h2", "ul", "li", "a", "hr", "br"}


@pytest.fixture
def mails(engine, smtp_server, monkeypatch):
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    send_digests(world.engine, world.settings, report=lambda line: None)
    return world, {address: smtp_server.handler.to(address)[0] for address in GETS.values()}


def test_the_digest_has_a_text_and_an_html_part_in_the_readers_language_with_subject_and_window(mails):
    world, by_address = mails
    director, coordinator, member = (by_address[GETS[name]] for name in ("direktor", "koordinator", "medlem"))
    assert director.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in director.iter_parts()] == ["text/plain", "text/html"]
    assert director["Subject"] == "Osloregionen: oversikt for uke 49"
    assert coordinator["Subject"] == "Osloregionen: oversikt for 2. desember 2026"
    assert member["Subject"] == "Osloregionen: digest for week 49"
    assert (director["Content-Language"], member["Content-Language"]) == ("nb", "en")
    assert director["Message-ID"] == f"<digest.{world.users['direktor']}.weekly.2026-W49@osloreg.dashboard>"
    assert director["Auto-Submitted"] == "auto-generated"
    text = body_of(director, "plain")
    assert "Råd som venter på din beslutning (1, 1 over fristen)" in text
    assert "sendt inn 20.11.2026, fristen var 30.11.2026" in text
    assert f"  {BASE}/decisions\n" in text
    member_text = body_of(member, "plain")
    assert "Hello Medlem," in member_text and "Your next meetings (1)" in member_text
    assert f"  {BASE}/calendar?meeting={world.next_meeting_id}\n" in member_text
    assert "You are asked to attend as a substitute (1)" in member_text and "for Kåre Kollega" in member_text
    coordinator_text = body_of(coordinator, "plain")
    assert "Protokoller som venter på godkjenning (1)" in coordinator_text
    assert f"{BASE}/calendar?meeting={world.held_meeting_id}" in coordinator_text
    assert "Forfall å følge opp (1)" in coordinator_text and "Kåre Kollega" in coordinator_text


def test_a_hostile_title_is_escaped_in_html_and_as_written_in_text_and_links_lead_only_to_the_app(mails):
    _world, by_address = mails
    director = by_address[GETS["direktor"]]
    text, page = body_of(director, "plain"), body_of(director, "html")
    assert HOSTILE in text
    assert html.escape(HOSTILE) in page
    assert "<script" not in page and "<img" not in page and HOSTILE not in page
    parsed = HtmlTags()
    parsed.feed(page)
    assert parsed.tags <= ALLOWED_TAGS
    assert not [name for name, _ in parsed.attributes if name in ("src", "srcset", "background", "action")]
    links = [value for name, value in parsed.attributes if name == "href"]
    assert links and all(link.startswith((f"{BASE}/", f"{WEB}/")) for link in links)
    # In the text the only other address is the one the title itself holds, shown as written.
    for url in re.findall(r"https?://[^\s\"<>]+", text):
        assert url.startswith((f"{BASE}/", f"{WEB}/")) or url == "https://evil.example/x"
    assert text.count("https://evil.example/x") == 1


def test_the_footer_says_why_where_to_change_it_and_offers_a_one_click_opt_out(mails):
    world, by_address = mails
    director = by_address[GETS["direktor"]]
    text = body_of(director, "plain")
    assert "valgt en ukentlig oversikt" in text and GETS["direktor"] in text
    assert f"{BASE}/notifications\n" in text
    unsubscribe = director["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(WEB)}/digest/opt-out\?token=[\w.-]+>", unsubscribe)
    assert director["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text and html.escape(unsubscribe[1:-1]) in body_of(director, "html")
    coordinator_text = body_of(by_address[GETS["koordinator"]], "plain")
    assert "valgt en daglig oversikt" in coordinator_text


def test_the_one_click_url_is_sent_on_one_line_not_as_encoded_words():
    """Folded at 78 characters, the signed URL would go as RFC 2047 encoded words, which no mail client
    reads as a URL; the lines of the parts stay within 78 (quoted-printable)."""
    section = Section("advice", "Råd (1)", (Row(1, "Æ" * 300, f"{BASE}/decisions"),), 1, f"{BASE}/decisions")
    reader = Recipient(
        7, "kari", "Kari Ås", "kari@osloreg.example", "nb", "daily", frozenset({"director"}), None
    )
    message = build_message(
        Digest((section,)),
        recipient=reader,
        window=Window("daily", "2026-12-02", dt.date(2026, 12, 2)),
        sender="postmottak@osloregionen.example",
        base_url=BASE,
        web_url=WEB,
        secret="test-key-" + "k" * 40,
    )
    wire = message.as_bytes()
    [line] = [line for line in wire.split(b"\n") if line.startswith(b"List-Unsubscribe:")]
    assert (
        line.startswith(b"List-Unsubscribe: <" + WEB.encode() + b"/digest/opt-out?token=")
        and b"=?" not in line
    )
    body = wire.split(b"\n\n", 1)[1]
    assert max(len(line.rstrip(b"\r")) for line in body.split(b"\n")) <= 78
