"""The digest as a mail: subject, a plain-text and an HTML part in the user's language (every text from
the data escaped in HTML, as written in the text), a footer saying why it came with a link to change
it and a signed one-click opt-out (RFC 8058's List-Unsubscribe headers)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import Policy
from urllib.parse import urlencode

from osloreg import signed_links
from osloreg.enums import DigestFrequency
from osloreg.i18n import format_date, translate
from osloreg.mail.messages import new_message
from osloreg.queries.digest import Digest, Recipient, app_link

SENDER_NAME = "Osloregionen"
OPT_OUT_PATH = "/digest/opt-out"
SETTINGS_PAGE = "notifications"  # navigation's page of the user's own notification settings


class _UrlHeader(UnstructuredHeader):
    """A header that holds one <URL> of ours and is written on one line as it is: folded at 78 like
    other text, the one-click URL of List-Unsubscribe (a signed token longer than a line) would be
    sent as RFC 2047 encoded words, which no mail client reads as a URL. RFC 5322 allows 998."""

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("list-unsubscribe", _UrlHeader)


@dataclass(frozen=True)
class Window:
    """The window a digest covers: how often, which one ('2026-12-04' or '2026-W49'), and its day."""

    frequency: str
    period: str
    day: dt.date


def message_key(user_id: int, window: Window) -> tuple[str, str]:
    """The Message-ID's key: the same for every try at one user's digest of one window."""
    return ("digest", f"{user_id}.{window.frequency}.{window.period}")


def subject(window: Window, language: str) -> str:
    if window.frequency == DigestFrequency.DAILY:
        return translate("digest.subject.daily", language, date=format_date(window.day, language, long=True))
    return translate("digest.subject.weekly", language, week=window.day.isocalendar().week)


def opt_out_url(web_url: str, token: str) -> str:
    return f"{web_url.rstrip('/')}{OPT_OUT_PATH}?{urlencode({'token': token})}"


@dataclass(frozen=True)
class _Words:
    """The mail's own sentences in the user's language, around the digest's sections."""

    greeting: str
    intro: str
    why: str
    change: str
    change_link: str
    opt_out: str
    opt_out_link: str


def _words(recipient: Recipient, window: Window, *, base_url: str, opt_out_link: str) -> _Words:
    language = recipient.language

    def t(key: str, **params: object) -> str:
        return translate(key, language, **params)

    daily = window.frequency == DigestFrequency.DAILY
    intro = (
        t("digest.intro.daily", date=format_date(window.day, language, long=True))
        if daily
        else t("digest.intro.weekly", week=window.day.isocalendar().week)
    )
    return _Words(
        greeting=t("digest.greeting", name=recipient.display_name),
        intro=intro,
        why=t("digest.footer.why_daily" if daily else "digest.footer.why_weekly", email=recipient.email),
        change=t("digest.footer.change"),
        change_link=app_link(base_url, SETTINGS_PAGE),
        opt_out=t("digest.footer.opt_out"),
        opt_out_link=opt_out_link,
    )


def text_part(digest: Digest, words: _Words, language: str) -> str:
    """The plain text: each row as written, its link on the line below."""
    lines = [words.greeting, "", words.intro]
    for section in digest.sections:
        lines += ["", section.title, "-" * min(len(section.title), 72)]
        for row in section.rows:
            lines += [f"- {row.text}", f"  {row.link}"]
        if section.more:
            lines += [f"- {translate('digest.more', language, count=section.more)}", f"  {section.link}"]
    lines += [
        "",
        "-- ",
        words.why,
        "",
        words.change,
        words.change_link,
        "",
        words.opt_out,
        words.opt_out_link,
    ]
    return "\n".join(lines) + "\n"


def _a(link: str, text: str) -> str:
    return f'<a href="{html.escape(link, quote=True)}">{html.escape(text)}</a>'


def html_part(digest: Digest, words: _Words, language: str, title: str) -> str:
    """The HTML: every text escaped, every link one of ours; no script, image or remote style."""
    escape = html.escape
    body = [f"<p>{escape(words.greeting)}</p>", f"<p>{escape(words.intro)}</p>"]
    for section in digest.sections:
        body.append(f'<h2 style="font-size:1.1em;margin:1.5em 0 .4em">{escape(section.title)}</h2>')
        items = [f"<li>{_a(row.link, row.text)}</li>" for row in section.rows]
        if section.more:
            items.append(
                f"<li>{_a(section.link, translate('digest.more', language, count=section.more))}</li>"
            )
        body.append('<ul style="padding-left:1.2em">\n' + "\n".join(items) + "\n</ul>")
    body.append('<hr style="border:0;border-top:1px solid #ccc;margin:2em 0 1em">')
    body.append(
        '<p style="font-size:.9em;color:#444">'
        f"{escape(words.why)}<br>\n{escape(words.change)} {_a(words.change_link, words.change_link)}<br>\n"
        f"{escape(words.opt_out)} {_a(words.opt_out_link, words.opt_out_link)}</p>"
    )
    lang = "en" if language == "en" else "nb"
    head = f'<head><meta charset="utf-8"><title>{escape(title)}</title></head>'
    style = "font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;line-height:1.45;max-width:42em"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n<body style="{style}">\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def build_message(
    digest: Digest,
    *,
    recipient: Recipient,
    window: Window,
    sender: str,
    base_url: str,
    web_url: str,
    secret: str,
    now: dt.datetime | None = None,
) -> EmailMessage:
    """One user's digest of one window, ready for the relay. The opt-out link is signed for this user
    (signed_links.DIGEST_OPT_OUT, with no end: an old mail's link still works)."""
    token = signed_links.issue(
        secret=secret, purpose=signed_links.DIGEST_OPT_OUT, user_id=recipient.id, expires_at=None, now=now
    )
    link = opt_out_url(web_url, token)
    language = recipient.language
    words = _words(recipient, window, base_url=base_url, opt_out_link=link)
    title = subject(window, language)
    message = new_message(
        sender=sender,
        sender_name=SENDER_NAME,
        recipient=recipient.email,
        recipient_name=recipient.display_name,
        subject=title,
        message_key=message_key(recipient.id, window),
        now=now,
    )
    message.policy = message.policy.clone(header_factory=_HEADERS)
    message["List-Unsubscribe"] = f"<{link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058: one POST, no page
    # Quoted-printable: 7-bit lines any relay takes (smtplib does not ask for 8BITMIME).
    message.set_content(text_part(digest, words, language), cte="quoted-printable")
    message.add_alternative(html_part(digest, words, language, title), subtype="html", cte="quoted-printable")
    message["Content-Language"] = "en" if language == "en" else "nb"
    return message
