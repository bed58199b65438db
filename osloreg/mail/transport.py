"""One connection to the mail relay (config.SmtpSettings) for a run's messages: TLS from the first
byte, STARTTLS, or in clear where the settings allow it; a login only over TLS (config refuses a
password in clear). Every failure is a MailError with a short reason, never a hang: each step has a
timeout."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from osloreg.config import SmtpSettings

TIMEOUT_SECONDS = 30.0


class MailError(Exception):
    """The relay could not be reached, refused the login or a message, or dropped the line."""


class Relay:
    """An open connection; `send` hands one message over and returns once the relay accepted it."""

    def __init__(self, connection: smtplib.SMTP, sender: str) -> None:
        self._connection = connection
        self.sender = sender

    def send(self, message: EmailMessage, recipient: str) -> None:
        try:
            refused = self._connection.send_message(message, from_addr=self.sender, to_addrs=[recipient])
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(_reason(error)) from error
        if refused:  # only when some of several recipients were refused; one is all or nothing
            raise MailError(f"recipient refused: {refused}")


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else ""
        return f"{error.smtp_code} {text}".strip()[:300]
    return f"{type(error).__name__}: {error}"[:300]


@contextmanager
def open_relay(smtp: SmtpSettings, *, timeout: float = TIMEOUT_SECONDS) -> Iterator[Relay]:
    """Connect, secure and log in as the settings say; QUIT at the end (a dropped line is no error
    then: what was accepted before it stays sent)."""
    context = ssl.create_default_context()
    try:
        if smtp.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
            if smtp.security == "starttls":
                connection.starttls(context=context)
        if smtp.username and smtp.password:
            connection.login(smtp.username, smtp.password)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(_reason(error)) from error
    try:
        yield Relay(connection, smtp.sender)
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
