"""One connection to the mail relay (config.SmtpSettings) for a run's messages: TLS from the first
byte, STARTTLS, or in clear where the settings allow it; a login only over TLS (config refuses a
password in clear). Every failure is a MailError with a short reason, never a hang: each step has a
timeout (the settings', 30 s unless told), and a line lost mid-run (dropped, or silent past the
timeout) is closed at once and said so (`MailError.line_lost`): the run stops sending on it."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from osloreg.config import SmtpSettings


class MailError(Exception):
    """The relay could not be reached, refused the login or a message, or dropped the line;
    `line_lost` when the connection is gone (dropped, closed with 421, or silent past the timeout),
    so that nothing more can be sent on it in this run."""

    def __init__(self, reason: str, *, line_lost: bool = False) -> None:
        super().__init__(reason)
        self.line_lost = line_lost


class Relay:
    """An open connection; `send` hands one message over and returns once the relay accepted it."""

    def __init__(self, connection: smtplib.SMTP, sender: str) -> None:
        self._connection = connection
        self.sender = sender
        self.lost = False

    def send(self, message: EmailMessage, recipient: str) -> None:
        if self.lost:
            raise MailError("the relay's line was lost earlier in this run", line_lost=True)
        try:
            refused = self._connection.send_message(message, from_addr=self.sender, to_addrs=[recipient])
        except (smtplib.SMTPException, OSError) as error:
            if _line_lost(error):
                self.lost = True
                self._connection.close()  # a silent relay would make QUIT wait out the timeout again
            raise MailError(_reason(error), line_lost=self.lost) from error
        if refused:  # only when some of several recipients were refused; one is all or nothing
            raise MailError(f"recipient refused: {refused}")


def _line_lost(error: BaseException) -> bool:
    """Whether the connection is gone: dropped, timed out, or closed by the relay (421)."""
    if isinstance(error, smtplib.SMTPResponseException):  # an answer: the line is up unless it says 421
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    # Any other SMTPException (an OSError too) is about the message; a bare OSError is the socket's.
    return not isinstance(error, smtplib.SMTPException)


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else ""
        return f"{error.smtp_code} {text}".strip()[:300]
    return f"{type(error).__name__}: {error}"[:300]


@contextmanager
def open_relay(smtp: SmtpSettings, *, timeout: float | None = None) -> Iterator[Relay]:
    """Connect, secure and log in as the settings say, each step given `timeout` seconds (the
    settings' by default); QUIT at the end (a dropped line is no error then: what was accepted before
    it stays sent)."""
    timeout = smtp.timeout if timeout is None else timeout
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
        raise MailError(_reason(error), line_lost=True) from error
    try:
        yield Relay(connection, smtp.sender)
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
