"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd): it keeps what it accepts, and can
be told to refuse the next messages (the digest must then resume, never mark a refused mail sent)."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class MailHandler:
    received: list[Received] = field(default_factory=list)
    refuse_next: int = 0  # how many of the next messages to refuse with 451

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 4.3.0 try again later"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [item.message for item in self.received if address in item.recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Started and stopped by the `smtp_server` fixture; `host`, `port` and `handler` for the test."""

    def __init__(self) -> None:
        self.handler = MailHandler()
        self.host = "127.0.0.1"
        self.port = free_port()
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received
