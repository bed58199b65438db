"""A run of `digest send`: every recipient's digest of the current window (a day, or an ISO week, by
Oslo's date), at most once per window however often the command runs or wherever it died: each mail
is claimed in the delivery book before it is sent and marked sent only once the relay accepted it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.errors import MessageError
from email.message import EmailMessage

from sqlalchemy import Engine

from osloreg import clock
from osloreg.config import Settings
from osloreg.db import read_session, write_session
from osloreg.mail import deliveries
from osloreg.mail.digest import Window, build_message, message_key
from osloreg.mail.messages import message_id
from osloreg.mail.transport import MailError, Relay, open_relay
from osloreg.queries.digest import Digest, Recipient, compose_for, recipients
from osloreg.rules import digest as rules
from osloreg.services.base import SYSTEM
from osloreg.services.notifications import record_digest_run


class NoRelay(Exception):
    """No mail relay is configured (settings.smtp is None): nothing can be sent."""


@dataclass
class RunSummary:
    periods: dict[str, str]
    sent: list[int] = field(default_factory=list)  # user ids
    failed: dict[int, str] = field(default_factory=dict)  # user id -> the reason
    nothing_to_say: int = 0
    already_sent: int = 0
    busy: int = 0  # being sent by another run at this moment
    would_send: int = 0  # a dry run's count
    not_tried: int = 0  # recipients after the relay was lost (unreachable, dropped, silent): next run

    @property
    def claimed(self) -> bool:
        return bool(self.sent or self.failed)

    def line(self, *, dry_run: bool) -> str:
        done = f"would send {self.would_send}" if dry_run else f"sent {len(self.sent)}"
        parts = [done, f"nothing to say {self.nothing_to_say}"]
        if not dry_run:
            parts.append(f"failed {len(self.failed)}")
        parts.append(f"already sent {self.already_sent}")
        if self.busy:
            parts.append(f"being sent by another run {self.busy}")
        if self.not_tried:
            parts.append(f"not tried {self.not_tried} (the relay was lost)")
        windows = ", ".join(f"{frequency} {period}" for frequency, period in self.periods.items())
        return f"digest ({windows}): " + ", ".join(parts)


def windows(today: dt.date) -> dict[str, Window]:
    """The current window of each frequency on Oslo's `today`."""
    return {
        frequency.value: Window(frequency.value, rules.period(frequency, today), today)
        for frequency in rules.SENT_FREQUENCIES
    }


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _counts(digest: Digest) -> str:
    return ", ".join(f"{key} {count}" for key, count in digest.counts().items())


def send_digests(
    engine: Engine,
    settings: Settings,
    *,
    dry_run: bool = False,
    report: Callable[[str], None] = print,
) -> RunSummary:
    """Send (or, dry, only say) each recipient's digest of the current window; NoRelay without a relay
    (a dry run needs none). A relay that refuses a mail or cannot be reached leaves it failed, for the
    next run; the rest of the run goes on only while the relay answers (a refused mail does not stop
    it; a line dropped or silent past the timeout does, after one timeout at most)."""
    if settings.smtp is None and not dry_run:
        raise NoRelay()
    now = clock.utc_now()
    today = now.astimezone(clock.OSLO).date()
    current = windows(today)
    summary = RunSummary({frequency: window.period for frequency, window in current.items()})
    done = deliveries.sent_this_window(engine, periods=summary.periods)
    with read_session(engine) as session:
        people = recipients(session)
    with contextlib.ExitStack() as stack:
        relay: Relay | None = None
        for position, recipient in enumerate(people):
            window = current[recipient.frequency]
            if (recipient.id, recipient.frequency) in done:
                summary.already_sent += 1
                continue
            if not rules.looks_like_address(recipient.email):
                summary.failed[recipient.id] = "the e-mail address is not one address"
                report(f"{recipient.username}: not sent, {recipient.email!r} is not an e-mail address")
                continue
            with read_session(engine) as session:
                digest = compose_for(session, recipient, today=today, base_url=settings.base_url)
            if not digest:
                summary.nothing_to_say += 1
                continue
            if dry_run:
                summary.would_send += 1
                report(
                    f"{recipient.username} <{recipient.email}>: would send the {window.frequency} digest "
                    f"{window.period}, {_items(digest.item_count)} ({_counts(digest)})"
                )
                continue
            try:
                message = _message(digest, recipient, window, settings)
            except (ValueError, TypeError, MessageError) as error:  # a header the address or name cannot make
                summary.failed[recipient.id] = f"the mail could not be made: {error}"
                report(f"{recipient.username}: not sent, the mail could not be made: {error}")
                continue
            held = deliveries.claim(
                engine,
                user_id=recipient.id,
                frequency=window.frequency,
                period=window.period,
                message_id=message_id(*message_key(recipient.id, window)),
                item_count=digest.item_count,
                now=now.replace(tzinfo=None),
            )
            if held is deliveries.Skip.SENT:
                summary.already_sent += 1
                continue
            if held is deliveries.Skip.BUSY:
                summary.busy += 1
                continue
            if message["Message-ID"] != held.message_id:  # the one the window was first claimed with
                message.replace_header("Message-ID", held.message_id)
            try:
                if relay is None:
                    relay = stack.enter_context(open_relay(settings.smtp))
                relay.send(message, recipient.email)
            except MailError as error:
                deliveries.mark_failed(engine, held, error=str(error))
                summary.failed[recipient.id] = str(error)
                report(f"{recipient.username}: not sent, the relay answered: {error}")
                if relay is None or error.line_lost:  # unreachable, or the line is gone
                    summary.not_tried = len(people) - position - 1  # they wait for the next run
                    break
                continue
            deliveries.mark_sent(engine, held, now=clock.utc_now().replace(tzinfo=None))
            summary.sent.append(recipient.id)
            report(
                f"{recipient.username}: sent the {window.frequency} digest {window.period} "
                f"({_counts(digest)})"
            )
    if summary.claimed:
        with write_session(engine) as session:
            record_digest_run(
                session,
                actor=SYSTEM,
                periods=summary.periods,
                sent=summary.sent,
                failed=summary.failed,
                nothing_to_say=summary.nothing_to_say,
                already_sent=summary.already_sent,
                busy=summary.busy,
                not_tried=summary.not_tried,
            )
    return summary


def _message(digest: Digest, recipient: Recipient, window: Window, settings: Settings) -> EmailMessage:
    if settings.smtp is None:  # send_digests refused to start without one
        raise NoRelay()
    sender = settings.smtp.sender
    return build_message(
        digest,
        recipient=recipient,
        window=window,
        sender=sender,
        base_url=settings.base_url,
        web_url=settings.web_url,
        secret=settings.cookie_key,
        now=clock.utc_now(),
    )
