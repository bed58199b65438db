"""The relay connection against a real SMTP server on 127.0.0.1: a message arrives as written, a
refusal or an unreachable relay is a MailError that says why, and a hostile name adds no header."""

from __future__ import annotations

import pytest

from osloreg.config import SmtpSettings
from osloreg.mail.messages import new_message
from osloreg.mail.transport import MailError, open_relay
from tests.conftest import relay_settings
from tests.smtp_server import free_port


def _message(subject: str = "Oversikt for uke 49", name: str = "Kari Nordmann"):
    message = new_message(
        sender="postmottak@osloregionen.example",
        sender_name="Osloregionen",
        recipient="kari@asker.example",
        recipient_name=name,
        subject=subject,
        message_key=("digest", "7.weekly.2026-W49"),
    )
    message.set_content("Tre råd venter på din avgjørelse.")
    return message


def test_a_message_arrives_with_its_headers_and_text(smtp_server):
    with open_relay(relay_settings(smtp_server)) as relay:
        relay.send(_message(), "kari@asker.example")
    [received] = smtp_server.received
    assert received.sender == "postmottak@osloregionen.example"
    assert received.recipients == ["kari@asker.example"]
    assert received.message["Subject"] == "Oversikt for uke 49"
    assert received.message["Message-ID"] == "<digest.7.weekly.2026-W49@osloreg.dashboard>"
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert received.message.get_content().strip() == "Tre råd venter på din avgjørelse."


def test_a_hostile_name_or_subject_adds_no_header(smtp_server):
    hostile = _message(subject="Hei\r\nBcc: alle@evil.example", name='Kari\r\nBcc: x@evil.example "<"')
    with open_relay(relay_settings(smtp_server)) as relay:
        relay.send(hostile, "kari@asker.example")
    [received] = smtp_server.received
    assert received.recipients == ["kari@asker.example"]
    assert received.message["Bcc"] is None
    assert "evil.example" not in "".join(received.message.keys())
    assert received.message["Subject"] == "Hei  Bcc: alle@evil.example"


def test_a_refusal_is_an_error_that_names_the_reply(smtp_server):
    smtp_server.handler.refuse_next = 1
    with pytest.raises(MailError, match="451"), open_relay(relay_settings(smtp_server)) as relay:
        relay.send(_message(), "kari@asker.example")
    assert smtp_server.received == []


def test_an_unreachable_relay_is_an_error_at_once():
    nobody = SmtpSettings(
        host="127.0.0.1", port=free_port(), security="none", sender="postmottak@osloregionen.example"
    )
    with pytest.raises(MailError, match="ConnectionRefusedError"), open_relay(nobody, timeout=5):
        pass
