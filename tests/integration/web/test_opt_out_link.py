"""The digest's opt-out link over real HTTP (the web app on uvicorn, SQLite and PostgreSQL): the link
from a mail that was sent shows a page with a button and changes nothing; the button, or the mail
client's one click (RFC 8058), sets the digest to none, audited, and no digest comes after; a forged
link or one for another purpose is refused in words and changes nothing."""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from osloreg import signed_links
from osloreg.db import read_session
from osloreg.mail.digest_run import send_digests
from osloreg.models import AuditEvent, User
from tests.integration.mail.digest_world import GETS, NOW, build, set_now

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def sent(engine, smtp_server, serve_web, monkeypatch):
    """The world after one run, the web app over it, and the director's opt-out link (path and query)."""
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    send_digests(engine, world.settings, report=lambda line: None)
    [mail] = smtp_server.handler.to(GETS["direktor"])
    url = urlsplit(mail["List-Unsubscribe"].strip("<>"))
    assert f"{url.scheme}://{url.netloc}" == world.settings.web_url
    return world, serve_web(world.settings, engine), f"{url.path}?{url.query}"


def _frequency(world, username: str) -> str:
    with read_session(world.engine) as session:
        return session.scalar(sa.select(User.digest_frequency).where(User.username == username))


def _audited(world) -> list[dict]:
    with read_session(world.engine) as session:
        return list(
            session.scalars(
                sa.select(AuditEvent.after).where(AuditEvent.action == "user.set_digest_frequency")
            )
        )


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def test_opening_the_link_shows_a_button_and_changes_nothing(sent):
    world, web, link = sent
    answer = web.request(link)
    page = answer.body.decode()
    assert answer.status == 200 and answer.header("content-type").startswith("text/html")
    assert "Meld av oversikten på e-post" in page and html.escape(GETS["direktor"]) in page
    assert '<form method="post" action="opt-out">' in page and "Meld meg av" in page
    assert _frequency(world, "direktor") == "weekly"
    assert answer.header("referrer-policy") == "no-referrer" and answer.header("cache-control") == "no-store"


def test_the_button_sets_the_digest_to_none_and_no_digest_comes_after(sent, smtp_server, monkeypatch):
    world, web, link = sent
    answer = web.request(
        "/digest/opt-out", method="POST", headers=FORM, data=urlencode({"token": _token(link)}).encode()
    )
    page = answer.body.decode()
    assert answer.status == 200
    assert "Du får ikke lenger oversikten på e-post" in page
    assert "Varsler og kalender" in page and "https://osloreg.example/notifications" in page
    assert _frequency(world, "direktor") == "none"
    assert _audited(world)[-1] == {"digest_frequency": "none", "via": "opt_out_link"}
    set_now(monkeypatch, NOW + dt.timedelta(days=7))
    send_digests(world.engine, world.settings, report=lambda line: None)
    assert len(smtp_server.handler.to(GETS["direktor"])) == 1  # only the one sent before
    assert len(smtp_server.handler.to(GETS["medlem"])) == 2


def test_the_mail_clients_one_click_post_sets_the_digest_to_none(sent):
    world, web, link = sent
    answer = web.request(link, method="POST", headers=FORM, data=b"List-Unsubscribe=One-Click")
    assert answer.status == 200 and "Du får ikke lenger oversikten på e-post" in answer.body.decode()
    assert _frequency(world, "direktor") == "none"
    # Once more (the client retries, or the user clicks an old mail): still none, and said so again.
    assert web.request(link, method="POST", headers=FORM, data=b"List-Unsubscribe=One-Click").status == 200
    assert _frequency(world, "direktor") == "none"


@pytest.mark.parametrize("how", ["tampered", "garbage", "another user's, re-signed with another key"])
def test_a_forged_link_is_refused_in_words_and_changes_nothing(sent, how):
    world, web, link = sent
    token = _token(link)
    forged = {
        "tampered": token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
        "garbage": "not-a-token",
        "another user's, re-signed with another key": signed_links.issue(
            secret="a-key-that-is-not-the-apps-" + "x" * 20,
            purpose=signed_links.DIGEST_OPT_OUT,
            user_id=world.users["medlem"],
            expires_at=None,
        ),
    }[how]
    audited = len(_audited(world))
    for answer in (
        web.request(f"/digest/opt-out?{urlencode({'token': forged})}"),
        web.request(
            "/digest/opt-out", method="POST", headers=FORM, data=urlencode({"token": forged}).encode()
        ),
        web.request(
            f"/digest/opt-out?{urlencode({'token': forged})}",
            method="POST",
            headers=FORM,
            data=b"List-Unsubscribe=One-Click",
        ),
    ):
        page = answer.body.decode()
        assert answer.status == 400
        assert (
            "Lenken virker ikke" in page and "Ingenting er endret" in page and "Nothing was changed" in page
        )
        assert "<form" not in page
    assert _frequency(world, "direktor") == "weekly" and _frequency(world, "medlem") == "weekly"
    assert len(_audited(world)) == audited


def test_a_link_made_for_another_purpose_is_refused(sent):
    world, web, _link = sent
    forfall = signed_links.issue(
        secret=world.settings.cookie_key,
        purpose=signed_links.FORFALL,
        user_id=world.users["direktor"],
        expires_at=NOW + dt.timedelta(days=30),
    )
    answer = web.request(
        "/digest/opt-out", method="POST", headers=FORM, data=urlencode({"token": forfall}).encode()
    )
    assert answer.status == 400 and "ikke en avmeldingslenke" in answer.body.decode()
    assert web.request("/digest/opt-out").status == 400  # no token at all
    assert _frequency(world, "direktor") == "weekly"
