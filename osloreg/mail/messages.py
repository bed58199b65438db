"""What every mail of the app has: sender and recipient with their names, subject, date and a
Message-ID of our own that stays the same when the same mail is tried again (a mail client then
keeps one). Header values cannot carry a line break (the e-mail policy refuses one), so a hostile
name cannot add a header."""

from __future__ import annotations

import datetime as dt
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

MESSAGE_ID_DOMAIN = "osloreg.dashboard"
# A display name keeps letters, digits, spaces and punctuation; control characters become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def message_id(kind: str, key: str) -> str:
    """A stable Message-ID for mail `kind` (digest, invitation) and its own key (user and window,
    say): only letters, digits, '.', '-' and '_' go into it."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", f"{kind}.{key}")
    return f"<{safe}@{MESSAGE_ID_DOMAIN}>"


def _address(email: str, name: str | None) -> Address:
    username, _, domain = email.rpartition("@")
    return Address(display_name=_CONTROL.sub(" ", name or "").strip(), username=username, domain=domain)


def new_message(
    *,
    sender: str,
    sender_name: str,
    recipient: str,
    recipient_name: str | None,
    subject: str,
    message_key: tuple[str, str],
    now: dt.datetime | None = None,
) -> EmailMessage:
    """A message with its headers set; the caller adds the parts (set_content, add_alternative) and
    then, if it wants, Content-Language (set_content drops every Content-* header set before it)."""
    message = EmailMessage()
    message["From"] = _address(sender, sender_name)
    message["To"] = _address(recipient, recipient_name)
    message["Subject"] = _CONTROL.sub(" ", subject).strip()
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    message["Message-ID"] = message_id(*message_key)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    return message
