"""Meeting invitations by e-mail (iMIP, RFC 6047): the mail of one invitation (plain text in the
member's language, the iCalendar as `text/calendar; method=...` beside it and as invite.ics), and the
run of `python -m osloreg invitations send` that sends the queued ones, each once."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from itertools import groupby
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import ical, signed_links
from osloreg.clock import OSLO, utc_now
from osloreg.config import Settings
from osloreg.db import read_session, write_session
from osloreg.enums import InvitationMethod, MeetingStatus
from osloreg.i18n import format_date, translate
from osloreg.mail.messages import new_message
from osloreg.mail.transport import MailError, Relay, open_relay
from osloreg.models import User
from osloreg.queries import invitations as outbox
from osloreg.queries.meetings import CalendarMeeting, calendar_meetings
from osloreg.rules.meetings import DEFAULT_HOURS
from osloreg.rules.permissions import Action, allowed
from osloreg.services import invitations as bookkeeping
from osloreg.sources import time_made_up

log = logging.getLogger(__name__)

ATTACHMENT = "invite.ics"
FORFALL_PATH = "/forfall"


class NoRelay(Exception):
    """No mail relay is configured (OSLOREG_SMTP_HOST): nothing can be sent."""


# --- One mail ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    name: str
    language: str
    person_id: int | None
    roles: frozenset[str]

    @classmethod
    def of(cls, user: User) -> Recipient:
        return cls(user.id, user.email or "", user.display_name, user.language, user.person_id, user.roles)

    @property
    def may_report_forfall(self) -> bool:
        return self.person_id is not None and allowed(self.roles, Action.REPORT_ATTENDANCE)


def forfall_url(settings: Settings, meeting: CalendarMeeting, recipient: Recipient, now: dt.datetime) -> str:
    """The signed one-click link to send forfall: for this user and meeting, until the meeting begins."""
    token = signed_links.issue(
        secret=settings.cookie_key,
        purpose=signed_links.FORFALL,
        user_id=recipient.user_id,
        expires_at=meeting.starts_at.replace(tzinfo=OSLO),
        now=now,
        meeting=meeting.id,
    )
    return f"{settings.web_url.rstrip('/')}{FORFALL_PATH}?{urlencode({'token': token})}"


def _ends(meeting: CalendarMeeting) -> dt.datetime:
    return meeting.ends_at or meeting.starts_at + dt.timedelta(hours=DEFAULT_HOURS)


def text_part(
    meeting: CalendarMeeting,
    *,
    method: str,
    update: bool,
    language: str,
    base_url: str,
    forfall: str | None,
    reason: str | None,
) -> str:
    """The plain-text part in `language`: what, when, where, the saksliste, the links. Names and
    titles go in as written: plain text is never read as markup."""
    t = lambda key, **params: translate(key, language, **params)  # noqa: E731 - a short local alias
    day = format_date(meeting.starts_at.date(), language, long=True)
    if method == InvitationMethod.CANCEL:
        lines = [t("invitation.text.cancel", body=meeting.body, date=day)]
        if reason:
            lines.append(t("invitation.text.cancel_reason", reason=reason))
        lines.append("")
    else:
        lines = [t("invitation.text.update" if update else "invitation.text.request", body=meeting.body), ""]
    if meeting.title:
        lines.append(t("invitation.text.title", title=meeting.title))
    start, end = meeting.starts_at, _ends(meeting)
    lines.append(t("invitation.text.when", date=day, start=f"{start:%H:%M}", end=f"{end:%H:%M}"))
    if time_made_up(meeting.source):
        lines.append(ical.labels(language)["time_made_up"])
    lines.append(
        t("invitation.text.place", place=meeting.place) if meeting.place else t("invitation.text.no_place")
    )
    if method != InvitationMethod.CANCEL:
        lines += ["", t("invitation.text.agenda"), *(meeting.agenda or [t("invitation.text.no_agenda")])]
    lines += ["", t("invitation.text.link", url=ical.meeting_url(base_url, meeting.id))]
    if forfall:
        lines += ["", t("invitation.text.forfall"), forfall]
    lines += ["", t("invitation.text.calendar"), "", "-- ", t("invitation.text.automatic")]
    return "\n".join(lines) + "\n"


def invitation_message(
    meeting: CalendarMeeting,
    *,
    recipient: Recipient,
    method: str,
    update: bool,
    settings: Settings,
    sender: str,
    message_key: tuple[str, str],
    forfall: str | None = None,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> EmailMessage:
    """The whole mail, shaped as Outlook and Google read an invitation: multipart/mixed holding a
    multipart/alternative (text/plain, then text/calendar with the iTIP method as a parameter and in
    the file) and the same file as the attachment invite.ics. ValueError for an address that is not
    one (ical refuses it)."""
    now = (now or utc_now()).replace(microsecond=0)
    language = recipient.language
    sender_name = translate("invitation.sender_name", language)
    calendar = ical.invitation(
        meeting,
        organizer=(sender, sender_name),
        attendee=(recipient.email, recipient.name),
        base_url=settings.base_url,
        labels=ical.labels(language),
        note=translate("invitation.text.forfall_note", language, url=forfall) if forfall else None,
        stamp=now,
    )
    kind = "cancel" if method == InvitationMethod.CANCEL else "update" if update else "request"
    subject = translate(
        f"invitation.subject.{kind}", language, body=meeting.body, date=meeting.starts_at.date()
    )
    message = new_message(
        sender=sender,
        sender_name=sender_name,
        recipient=recipient.email,
        recipient_name=recipient.name,
        subject=subject,
        message_key=message_key,
        now=now,
    )
    message.set_content(
        text_part(
            meeting,
            method=method,
            update=update,
            language=language,
            base_url=settings.base_url,
            forfall=forfall,
            reason=reason,
        ),
        cte="quoted-printable",
    )
    message.add_alternative(
        calendar, maintype="text", subtype="calendar", params={"charset": "utf-8", "method": method}
    )
    message.add_attachment(calendar, maintype="application", subtype="ics", filename=ATTACHMENT)
    message["Content-Language"] = language
    return message


# --- The run -----------------------------------------------------------------------------------------


@dataclass
class Summary:
    sent: int = 0
    failed: int = 0
    superseded: int = 0
    dropped: int = 0
    busy: bool = False  # another run was sending: this one did nothing
    not_tried: int = 0  # invitations left queued once the relay's line was lost: the next run's
    lines: list[str] = field(default_factory=list)

    def line(self, *, dry_run: bool = False) -> str:
        if self.busy:
            return "invitations: another run is sending; nothing done"
        verb = "would be sent" if dry_run else "sent"
        line = (
            f"invitations: {self.sent} {verb}, {self.failed} failed, {self.superseded} superseded, "
            f"{self.dropped} not sent"
        )
        return line + (f", {self.not_tried} not tried (the relay was lost)" if self.not_tried else "")


@dataclass(frozen=True)
class _Plan:
    """What a run does with one user's rows of one meeting: send the newest (the others are
    superseded by it), or close them all unsent, saying why."""

    newest: outbox.Pending
    older: tuple[outbox.Pending, ...]
    drop_reason: str | None = None
    meeting: CalendarMeeting | None = None
    recipient: Recipient | None = None
    update: bool = False
    reason: str | None = None


def _plan(engine: Engine, rows: list[outbox.Pending], now: dt.datetime) -> _Plan:
    rows = sorted(rows, key=lambda row: row.order)
    newest, older = rows[-1], tuple(rows[:-1])
    with read_session(engine) as session:
        user = session.get(User, newest.user_id)
        found = calendar_meetings(session, meeting_id=newest.meeting_id)
        delivered = outbox.request_delivered(
            session, meeting_id=newest.meeting_id, user_id=newest.user_id, other_than=newest.id
        )
        reason = outbox.cancel_reason(session, newest.meeting_id) if newest.method == "CANCEL" else None
        recipient = Recipient.of(user) if user is not None else None
        disabled = user is None or user.disabled
    meeting = found[0] if found else None
    oslo_now = now.astimezone(OSLO).replace(tzinfo=None)

    def dropped(why: str) -> _Plan:
        return _Plan(newest, older, drop_reason=why)

    if meeting is None or meeting.starts_at <= oslo_now:
        return dropped("not sent: the meeting has begun")
    if newest.method == InvitationMethod.REQUEST and meeting.status != MeetingStatus.CALLED:
        return dropped(f"not sent: the meeting is {meeting.status}")
    if newest.method == InvitationMethod.CANCEL and not delivered:
        return dropped("not sent: no invitation went out, so there is nothing to cancel")
    if disabled or recipient is None or not recipient.email:
        return dropped("not sent: the user is disabled or has no e-mail address")
    update = newest.method == InvitationMethod.REQUEST and delivered
    return _Plan(newest, older, meeting=meeting, recipient=recipient, update=update, reason=reason)


def _run_lock_key() -> int:
    digest = hashlib.sha256(b"osloreg invitations send").digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def one_run(engine: Engine) -> Iterator[bool]:
    """True while this is the only run sending (a PostgreSQL advisory lock, a lock file beside a SQLite
    database): a row left claimed is then one a stopped run left, and is tried again."""
    if engine.dialect.name == "postgresql":
        key = _run_lock_key()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            got = bool(connection.scalar(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
            try:
                yield got
            finally:
                if got:  # the connection goes back to the pool: it must not keep the lock
                    connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        return
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield True  # one process holds such a database
        return
    with open(Path(f"{database}-invitations.lock"), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def send_invitations(
    engine: Engine,
    settings: Settings,
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    say: Callable[[str], None] | None = None,
) -> Summary:
    """Send every queued invitation: per user and meeting the newest row (the older ones it
    supersedes are closed with it); each row claimed before it is sent, sent once the relay accepted
    it, failed (tried again next run) when refused; a lost line (dropped, or silent past the timeout)
    ends the run, the rest left queued. `dry_run` lists and changes nothing. NoRelay if no
    relay is configured (a dry run needs none); MailError if the relay cannot be reached at all."""
    if settings.smtp is None and not dry_run:
        raise NoRelay("no mail relay is configured (OSLOREG_SMTP_HOST): no invitation can be sent")
    now = now or utc_now()
    summary = Summary()
    say = say or summary.lines.append
    with one_run(engine) as alone:
        if not alone:
            summary.busy = True
            return summary
        with read_session(engine) as session:
            rows = outbox.pending(session)
        with ExitStack() as stack:
            relay: list[Relay] = []  # opened at the first mail, not for a run with nothing to send
            groups = [
                list(group) for _, group in groupby(rows, key=lambda row: (row.meeting_id, row.user_id))
            ]
            for position, group in enumerate(groups):
                plan = _plan(engine, group, now)
                if dry_run:
                    _list(plan, summary, say)
                    continue
                if plan.drop_reason is None and not relay and settings.smtp is not None:
                    relay.append(stack.enter_context(open_relay(settings.smtp)))
                _carry_out(engine, settings, plan, relay[0] if relay else None, now, summary, say)
                if relay and relay[0].lost:  # dropped, or silent past the timeout: the rest wait
                    summary.not_tried = sum(len(rest) for rest in groups[position + 1 :])
                    say(f"the relay's line was lost: {summary.not_tried} invitation(s) wait for the next run")
                    break
    return summary


def _describe(row: outbox.Pending) -> str:
    return f"{row.method} {row.sequence} of meeting {row.meeting_id} to user {row.user_id}"


def _list(plan: _Plan, summary: Summary, say: Callable[[str], None]) -> None:
    for row in plan.older:
        say(f"superseded: {_describe(row)}")
    summary.superseded += len(plan.older) if plan.drop_reason is None else 0
    if plan.drop_reason is not None:
        summary.dropped += len(plan.older) + 1
        say(f"{plan.drop_reason}: {_describe(plan.newest)}")
        return
    summary.sent += 1
    say(f"would send: {_describe(plan.newest)} <{plan.recipient.email}>")


def _carry_out(
    engine: Engine,
    settings: Settings,
    plan: _Plan,
    relay: Relay | None,
    now: dt.datetime,
    summary: Summary,
    say: Callable[[str], None],
) -> None:
    newest, older_ids = plan.newest, [row.id for row in plan.older]
    if plan.drop_reason is None:
        try:
            message = _message(settings, plan, now)
        except ValueError:
            plan = _Plan(
                newest, plan.older, drop_reason="not sent: the user's e-mail address is not one address"
            )
    if plan.drop_reason is not None:
        with write_session(engine) as session:
            bookkeeping.drop(
                session,
                [*older_ids, newest.id],
                meeting_id=newest.meeting_id,
                user_id=newest.user_id,
                reason=plan.drop_reason,
            )
        summary.dropped += len(older_ids) + 1
        say(f"{plan.drop_reason}: {_describe(newest)}")
        return
    with write_session(engine) as session:
        if not bookkeeping.claim(session, newest.id, status=newest.status, attempts=newest.attempts):
            say(f"taken by another run: {_describe(newest)}")
            return
    try:
        relay.send(message, plan.recipient.email)
    except MailError as error:
        with write_session(engine) as session:
            bookkeeping.mark_failed(session, newest.id, str(error))
        summary.failed += 1
        say(f"failed ({error}): {_describe(newest)}")
        return
    with write_session(engine) as session:
        bookkeeping.mark_sent(
            session,
            newest.id,
            superseded=older_ids,
            sequence=plan.meeting.version,
            message_id=str(message["Message-ID"]),
        )
    summary.sent += 1
    summary.superseded += len(older_ids)
    say(f"sent: {_describe(newest)}")


def _message(settings: Settings, plan: _Plan, now: dt.datetime) -> EmailMessage:
    meeting, recipient, row = plan.meeting, plan.recipient, plan.newest
    forfall = None
    if row.method == InvitationMethod.REQUEST and recipient.may_report_forfall:
        forfall = forfall_url(settings, meeting, recipient, now)
    return invitation_message(
        meeting,
        recipient=recipient,
        method=row.method,
        update=plan.update,
        settings=settings,
        sender=settings.smtp.sender,
        message_key=("invitation", f"{row.meeting_id}.{row.user_id}.{row.sequence}.{row.method.lower()}"),
        forfall=forfall,
        reason=plan.reason,
        now=now,
    )
