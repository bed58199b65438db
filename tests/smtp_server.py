"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd): it keeps what it accepts, and can
be told to fail as relays do: refuse the next messages (4xx or 5xx), drop the connection in the middle
of a message's DATA after N accepted, or go silent there (the client's timeout must end the wait), or
keep a message and drop the line before its 250 (the one case SMTP leaves ambiguous). A
`SilentServer` accepts connections and never greets; `closed_port()` is a port nobody listens on."""

from __future__ import annotations

import asyncio
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
    refuse_next: int = 0  # how many of the next messages to refuse with `refusal`
    refusal: str = "451 4.3.0 try again later"
    drop_after: int | None = None  # accepted messages after which a DATA is met by a dropped line
    silent_after: int | None = None  # accepted messages after which a DATA is never answered
    lost_answer_after: int | None = None  # accepted messages after which one is kept, its 250 never sent
    dropped: int = 0  # how many times the line was dropped mid-DATA
    silenced: int = 0  # how many DATAs were left unanswered

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return self.refusal
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            self.dropped += 1
            server.transport.abort()  # the line goes dead with the message's data sent, unanswered
            return "421 4.4.2 gone"  # written to a closed transport: never read
        if self.silent_after is not None and len(self.received) >= self.silent_after:
            self.silenced += 1
            await asyncio.sleep(3600)  # cancelled when the server stops
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        if self.lost_answer_after is not None and len(self.received) == self.lost_answer_after + 1:
            self.dropped += 1
            server.transport.abort()  # kept, and the line dies before the client hears so
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


class SilentServer:
    """Accepts TCP connections (the kernel completes them, as a listening socket's backlog) and never
    says a word: a relay that hangs before its greeting."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self._socket = socket.socket()
        self._socket.bind((self.host, 0))
        self._socket.listen(16)
        self.port = self._socket.getsockname()[1]

    def stop(self) -> None:
        self._socket.close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nobody listens on (a connection there is refused)."""
    return free_port()
