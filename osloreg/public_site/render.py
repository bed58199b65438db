"""The public pages as HTML from the publication read model's records: all text escaped, relative links."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.dates import format_date as babel_format_date

from osloreg.enums import DocumentKind, MeetingStatus
from osloreg.i18n import case_result, format_date, format_number, translate
from osloreg.queries.publication import (
    CaseRecord,
    MeetingRecord,
    MeetingSummary,
    PublishedFile,
    PublishedItem,
)

# Contrast on white: text #1b1b1b 17:1, links #1a5fb4 6.3:1, muted #4d4d4d 8.5:1 (WCAG AA >= 4.5:1).
# Long words and addresses wrap rather than push the page wider than a 320 px screen.
STYLE = (
    "html{-webkit-text-size-adjust:100%}"
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:0 1rem 2rem;"
    "line-height:1.5;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}"
    "a{color:#1a5fb4}a:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}"
    ".skip{position:absolute;left:-999rem}.skip:focus{position:static;display:inline-block;padding:.5rem}"
    "header{border-bottom:1px solid #767676;margin-bottom:1rem}"
    "header p{margin:.5rem 0;font-weight:600}"
    "nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}"
    "a[aria-current]{font-weight:700;color:#1b1b1b}"
    "footer{border-top:1px solid #767676;margin-top:2rem;color:#4d4d4d;font-size:.9rem}"
    "dl{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:.25rem 1rem}"
    "dt{font-weight:600}dd{margin:0}"
    ".basis{color:#4d4d4d;font-size:.9rem}"
    ".item{border-top:1px solid #d0d0d0;padding-top:.5rem}"
    "blockquote{margin:.5rem 0;padding-left:1rem;border-left:4px solid #d0d0d0}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "caption{text-align:left;font-weight:600;padding:.5rem 0}"
    "th,td{border:1px solid #767676;padding:.25rem;vertical-align:top;text-align:left}"
    ".calendar th,.calendar td{font-size:.85rem}"
    ".calendar td ul{list-style:none;padding:0;margin:0}"
    ".short{display:none}"
    "@media (max-width:30rem){.calendar th,.calendar td{font-size:.7rem;padding:.1rem}"
    ".calendar .short{display:inline}.calendar .long{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}}"
)
MEDIA_LABELS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "ODT",
}
_BABEL = {"nb": "nb_NO", "en": "en_GB"}


@dataclass(frozen=True)
class Where:
    """Where a page sits in the site: its language and the way back to the site's root (relative)."""

    language: str
    root: str  # "" for index.html, "../" for mote/3.html, "../../" for en/mote/3.html, or "/offentlig/"

    def page(self, target: str, language: str | None = None) -> str:
        """The link to a page of the site in this (or the other) language."""
        language = language or self.language
        return html.escape(self.root + ("en/" if language == "en" else "") + target)

    def file(self, file: PublishedFile) -> str:
        return html.escape(self.root + file_path(file))

    def t(self, key: str, **params: object) -> str:
        """A message in the page's language, escaped (parameters are user text too)."""
        return html.escape(translate(key, self.language, **params))


# --- Paths (the same in the web app and the static folder) ------------------------------------------------


def year_path(year: int, body_id: int | None = None) -> str:
    return f"moter/{year}.html" if body_id is None else f"moter/{year}-organ{body_id}.html"


def month_path(month: dt.date) -> str:
    return f"kalender/{month.year}-{month.month:02d}.html"


def meeting_path(meeting_id: int) -> str:
    return f"mote/{meeting_id}.html"


def case_path(case_id: int) -> str:
    return f"sak/{case_id}.html"


def safe_filename(file: PublishedFile) -> str:
    """The file's name as ASCII letters, digits, '.', '-' and '_' (a name from an upload is user text:
    it goes into a path and a Content-Disposition header)."""
    name = unicodedata.normalize("NFKD", file.filename or "")
    name = name.replace("æ", "ae").replace("ø", "o").replace("Æ", "AE").replace("Ø", "O")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name.encode("ascii", "ignore").decode()).strip(".-")
    name = re.sub(r"-{2,}", "-", name)[-100:].lstrip(".-")
    return name or f"dokument-{file.document_id}"


def file_path(file: PublishedFile) -> str:
    return f"filer/{file.document_id}/{safe_filename(file)}"


# --- Words for dates, times, statuses ---------------------------------------------------------------------


def clock_time(value: dt.datetime, language: str) -> str:
    """10.00 in bokmål (as Språkrådet writes it), 10:00 in English."""
    return f"{value.hour:02d}{'.' if language == 'nb' else ':'}{value.minute:02d}"


def short_moment(value: dt.datetime, language: str) -> str:
    """14.12.2026 kl. 10.00 / 14/12/2026 10:00."""
    day = format_date(value, language)
    return (
        f"{day} kl. {clock_time(value, language)}"
        if language == "nb"
        else f"{day} {clock_time(value, language)}"
    )


def month_name(month: dt.date, language: str) -> str:
    """desember 2026 / December 2026."""
    return babel_format_date(month, format="LLLL y", locale=_BABEL.get(language, "nb_NO"))


def long_time(meeting: MeetingSummary, language: str) -> str:
    """mandag 14. desember 2026 kl. 10.00–12.00."""
    day = babel_format_date(meeting.starts_at, format="EEEE d. MMMM y", locale=_BABEL.get(language, "nb_NO"))
    if language == "en":
        day = babel_format_date(meeting.starts_at, format="EEEE d MMMM y", locale="en_GB")
    span = clock_time(meeting.starts_at, language)
    if meeting.ends_at is not None and meeting.ends_at.date() == meeting.starts_at.date():
        span += "–" + clock_time(meeting.ends_at, language)
    return f"{day} kl. {span}" if language == "nb" else f"{day}, {span}"


def status_words(status: str, language: str) -> str:
    return translate(f"meeting_status.{status}", language)


def basis_words(basis: str, language: str) -> str:
    return translate("public.basis", language, basis=translate(f"basis.{basis}", language))


def _text(value: str) -> str:
    """A text someone wrote (an innstilling, a vedtak): escaped, paragraphs kept, lines broken."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", value.strip()) if block.strip()]
    return "".join("<p>" + html.escape(block).replace("\n", "<br>") + "</p>" for block in blocks)


# --- The frame --------------------------------------------------------------------------------------------


def document(
    where: Where,
    *,
    title: str,
    body: str,
    other_language: str,
    today: dt.date,
) -> bytes:
    """A whole page: lang, skip link, header with the menu, one <h1> in `body`, footer; no script."""
    month = today.replace(day=1)
    menu = [
        (where.page("index.html"), where.t("public.nav.front")),
        (where.page(year_path(today.year)), where.t("public.nav.year", year=today.year)),
        (where.page(month_path(month)), where.t("public.nav.calendar")),
    ]
    other = "nb" if where.language == "en" else "en"
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in menu)
    items += (
        f'<li><a href="{html.escape(where.root)}{html.escape(other_language)}" lang="{other}" '
        f'hreflang="{other}">{where.t("public.nav.other_language")}</a></li>'
    )
    page = (
        f'<!DOCTYPE html><html lang="{where.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} – {where.t('public.site')}</title><style>{STYLE}</style></head>"
        f'<body><a class="skip" href="#innhold">{where.t("public.skip")}</a>'
        f'<header><p><a href="{where.page("index.html")}">{where.t("public.site")}</a></p>'
        f'<nav aria-label="{where.t("public.nav")}"><ul>{items}</ul></nav></header>'
        f'<main id="innhold">{body}</main>'
        f"<footer><p>{where.t('public.footer')}</p></footer></body></html>\n"
    )
    return page.encode("utf-8")


def _other(target: str, language: str) -> str:
    """The same page in the other language, relative to the root."""
    return target if language == "en" else "en/" + target


def _meeting_line(where: Where, meeting: MeetingSummary) -> str:
    when = short_moment(meeting.starts_at, where.language)
    link = where.t("public.meeting.link", body=meeting.body, when=when)
    parts = [f'<a href="{where.page(meeting_path(meeting.id))}">{link}</a>']
    if meeting.place:
        parts.append(where.t("public.meeting.place", place=meeting.place))
    parts.append(where.t("public.meeting.status", status=status_words(meeting.status, where.language)))
    return "<li>" + " · ".join(parts) + "</li>"


def _meeting_list(where: Where, meetings: Sequence[MeetingSummary], empty_key: str, **params: object) -> str:
    if not meetings:
        return f"<p>{where.t(empty_key, **params)}</p>"
    return "<ul>" + "".join(_meeting_line(where, meeting) for meeting in meetings) + "</ul>"


# --- Front page, year, month ------------------------------------------------------------------------------


def front_page(
    where: Where,
    *,
    upcoming: Sequence[MeetingSummary],
    latest: Sequence[MeetingSummary],
    years: Sequence[int],
    today: dt.date,
) -> bytes:
    month = today.replace(day=1)
    year_links = ", ".join(f'<a href="{where.page(year_path(year))}">{year}</a>' for year in years)
    body = (
        f"<h1>{where.t('public.front.title')}</h1><p>{where.t('public.front.intro')}</p>"
        f"<h2>{where.t('public.front.upcoming')}</h2>"
        + _meeting_list(where, upcoming, "public.front.no_upcoming")
        + f"<h2>{where.t('public.front.latest')}</h2>"
        + _meeting_list(where, latest, "public.front.no_latest")
        + f"<h2>{where.t('public.front.archive')}</h2>"
        + f"<p>{where.t('public.front.years')} {year_links}</p>"
        + f'<p><a href="{where.page(month_path(month))}">'
        + where.t("public.front.calendar", month=month_name(month, where.language))
        + "</a></p>"
    )
    return document(
        where,
        title=translate("public.front.title", where.language),
        body=body,
        other_language=_other("index.html", where.language),
        today=today,
    )


def year_page(
    where: Where,
    *,
    year: int,
    meetings: Sequence[MeetingSummary],
    years: Sequence[int],
    bodies: Sequence[tuple[int, str]],
    body_id: int | None,
    today: dt.date,
) -> bytes:
    """The year's meetings by month (of every public body, or of one), with links to the other years."""
    body = dict(bodies).get(body_id) if body_id is not None else None
    title = (
        translate("public.year.title", where.language, year=year)
        if body is None
        else translate("public.year.title_body", where.language, year=year, body=body)
    )
    choices = [(None, translate("public.year.all_bodies", where.language)), *bodies]
    links = "".join(
        f'<li><a href="{where.page(year_path(year, choice))}"'
        + (' aria-current="page"' if choice == body_id else "")
        + f">{html.escape(name)}</a></li>"
        for choice, name in choices
    )
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<nav aria-label="{where.t("public.year.bodies")}"><ul>{links}</ul></nav>',
    ]
    if not meetings:
        parts.append(f"<p>{where.t('public.year.empty')}</p>")
    for number in range(1, 13):
        month = dt.date(year, number, 1)
        these = [meeting for meeting in meetings if meeting.starts_at.month == number]
        if not these:
            continue
        name = month_name(month, where.language)
        parts.append(
            f"<h2>{html.escape(name[:1].upper() + name[1:])}</h2>{_meeting_list(where, these, '')}"
            f'<p><a href="{where.page(month_path(month))}">'
            f"{where.t('public.month.title', month=name)}</a></p>"
        )
    others = [other for other in years if other != year]
    if others:
        links = "".join(
            f'<li><a href="{where.page(year_path(other, body_id))}">{other}</a></li>' for other in others
        )
        parts.append(f"<h2>{where.t('public.year.other')}</h2><ul>{links}</ul>")
    return document(
        where,
        title=title,
        body="".join(parts),
        other_language=_other(year_path(year, body_id), where.language),
        today=today,
    )


def month_page(
    where: Where,
    *,
    month: dt.date,
    meetings: Sequence[MeetingSummary],
    previous: dt.date | None,
    following: dt.date | None,
    today: dt.date,
) -> bytes:
    """A month grid as a table (weeks from Monday), a link per meeting, and the months either side."""
    name = month_name(month, where.language)
    by_day: dict[dt.date, list[MeetingSummary]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.starts_at.date(), []).append(meeting)
    # A 320 px screen has room for "Man", not "Mandag": the short form is shown there, the long one read.
    head = "".join(
        f'<th scope="col"><span class="long">{where.t(f"public.weekday.{number}")}</span>'
        f'<span class="short" aria-hidden="true">{where.t(f"public.weekday_short.{number}")}</span></th>'
        for number in range(7)
    )
    rows = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        cells = []
        for day in week:
            if day.month != month.month:
                cells.append("<td></td>")
                continue
            links = "".join(
                f'<li><a href="{where.page(meeting_path(meeting.id))}">'
                f"{html.escape(clock_time(meeting.starts_at, where.language))} {html.escape(meeting.body)}"
                + (
                    f" ({html.escape(status_words(meeting.status, where.language))})"
                    if meeting.cancelled
                    else ""
                )
                + "</a></li>"
                for meeting in by_day.get(day, [])
            )
            cells.append(f"<td>{day.day}" + (f"<ul>{links}</ul>" if links else "") + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        f'<table class="calendar"><caption>{where.t("public.month.caption", month=name)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    steps = []
    if previous is not None:
        label = where.t("public.month.previous", month=month_name(previous, where.language))
        steps.append(f'<li><a href="{where.page(month_path(previous))}">{label}</a></li>')
    if following is not None:
        label = where.t("public.month.next", month=month_name(following, where.language))
        steps.append(f'<li><a href="{where.page(month_path(following))}">{label}</a></li>')
    steps.append(
        f'<li><a href="{where.page(year_path(month.year))}">'
        f"{where.t('public.year.title', year=month.year)}</a></li>"
    )
    body = (
        f"<h1>{where.t('public.month.title', month=name)}</h1>{table}"
        f"<h2>{where.t('public.month.list', month=name)}</h2>"
        + _meeting_list(where, meetings, "public.year.none", month=name)
        + f"<h2>{where.t('public.month.other')}</h2><ul>{''.join(steps)}</ul>"
    )
    return document(
        where,
        title=translate("public.month.title", where.language, month=name),
        body=body,
        other_language=_other(month_path(month), where.language),
        today=today,
    )


# --- One meeting ------------------------------------------------------------------------------------------


def _size(size: int, language: str) -> str:
    if size < 1024 * 1024:
        return f"{format_number(max(1, round(size / 1024)), language)} kB"
    return f"{format_number(size / 1024 / 1024, language, decimals=1)} MB"


def _files(where: Where, files: Iterable[PublishedFile]) -> str:
    lines = []
    for file in files:
        kind = translate(f"documents.kind.{file.kind}", where.language)
        if not file.open:
            lines.append(
                f"<li>{where.t('public.file.exempt', kind=kind, basis=file.exempt_basis or '')}</li>"
            )
            continue
        label = where.t(
            "public.file",
            kind=kind,
            title=file.title or "",
            type=MEDIA_LABELS.get(file.content_type, file.content_type),
            size=_size(file.size, where.language),
        )
        lines.append(f'<li><a href="{where.file(file)}" download>{label}</a></li>')
    return "<ul>" + "".join(lines) + "</ul>" if lines else ""


def _vote(where: Where, unanimous: bool | None, votes_for: int | None, votes_against: int | None) -> str:
    if unanimous:
        vote = translate("public.vote.unanimous", where.language)
    elif votes_for is not None or votes_against is not None:
        vote = translate(
            "public.vote.counted", where.language, votes_for=votes_for or 0, votes_against=votes_against or 0
        )
    else:
        return ""
    return f"<p>{where.t('public.vote', vote=vote)}</p>"


def _item(where: Where, item: PublishedItem) -> str:
    label = [where.t("public.item", position=item.position)]
    if item.number:
        label.append(html.escape(item.number))
    if item.closed:
        # Only the item's place on the list and the legal basis: never its title, case, texts or files.
        heading = " · ".join(label)
        return (
            f'<section class="item"><h3>{heading}</h3>'
            f"<p>{where.t('public.item.closed', basis=item.closed_basis or '')}</p></section>"
        )
    title = html.escape(item.title or "")
    if item.case_id is not None:
        title = f'<a href="{where.page(case_path(item.case_id))}">{title}</a>'
    parts = [f'<section class="item"><h3>{" · ".join([*label, title])}</h3>']
    if item.text:
        kind = item.role if item.role in ("recommendation", "decision") else "other"
        parts.append(
            f"<h4>{where.t(f'public.item.text.{kind}')}</h4><blockquote>{_text(item.text)}</blockquote>"
        )
    if item.result:
        result = case_result(item.result, where.language, deciding=item.role == "decision")
        parts.append(f"<p>{where.t('public.item.result', result=result)}</p>")
    parts.append(_vote(where, item.unanimous, item.votes_for, item.votes_against))
    parts.append(_files(where, item.files))
    return "".join(parts) + "</section>"


def _facts(rows: Sequence[tuple[str, str]], basis: str) -> str:
    """A definition list of facts (already escaped), and the basis they rest on."""
    items = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return f'<dl>{items}</dl><p class="basis">{html.escape(basis)}</p>'


def meeting_page(where: Where, record: MeetingRecord, *, today: dt.date) -> bytes:
    meeting, language = record.meeting, where.language
    day = babel_format_date(meeting.starts_at, format="long", locale=_BABEL.get(language, "nb_NO"))
    title = translate("public.meeting.title", language, body=meeting.body, day=day)
    rows = [(where.t("public.meeting.body"), html.escape(meeting.body))]
    if meeting.title:
        rows.append((where.t("public.meeting.name"), html.escape(meeting.title)))
    rows += [
        (where.t("public.meeting.time"), html.escape(long_time(meeting, language))),
        (
            where.t("public.meeting.where"),
            html.escape(meeting.place or translate("public.meeting.no_place", language)),
        ),
        (where.t("public.meeting.state"), html.escape(status_words(meeting.status, language))),
    ]
    parts = [f"<h1>{html.escape(title)}</h1>", _facts(rows, basis_words(meeting.basis, language))]
    if meeting.cancelled:
        parts.append(f"<p><strong>{where.t('public.meeting.cancelled')}</strong></p>")
    parts.append(f"<h2>{where.t('public.agenda')}</h2>")
    if not record.agenda_shown:
        if not meeting.cancelled:
            parts.append(f"<p>{where.t('public.agenda.not_yet')}</p>")
    elif not record.items:
        parts.append(f"<p>{where.t('public.agenda.empty')}</p>")
    else:
        parts += [_item(where, item) for item in record.items]
    minutes = [file for file in record.files if file.kind == DocumentKind.MINUTES]
    others = [file for file in record.files if file.kind != DocumentKind.MINUTES]
    if others:
        parts.append(f"<h2>{where.t('public.meeting.documents')}</h2>{_files(where, others)}")
    parts.append(f"<h2>{where.t('public.minutes')}</h2>")
    if record.minutes_shown and minutes:
        parts.append(_files(where, minutes))
    elif record.minutes_shown:
        parts.append(f"<p>{where.t('public.minutes.none')}</p>")
    elif meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED):
        parts.append(f"<p>{where.t('public.minutes.not_yet')}</p>")
    else:
        parts.pop()  # no protokoll to speak of before the meeting
    return document(
        where,
        title=title,
        body="".join(parts),
        other_language=_other(meeting_path(meeting.id), language),
        today=today,
    )


# --- One case ---------------------------------------------------------------------------------------------


def case_page(where: Where, record: CaseRecord, *, today: dt.date) -> bytes:
    language = where.language
    numbers = ", ".join(
        where.t("public.case.number", body=body, number=number) for body, number in record.numbers
    )
    rows = [(where.t("public.case.registration"), html.escape(record.registration))]
    if numbers:
        rows.append((where.t("public.case.numbers"), numbers))
    parts = [f"<h1>{html.escape(record.title)}</h1>", _facts(rows, basis_words(record.basis, language))]
    parts.append(f"<h2>{where.t('public.case.path')}</h2>")
    if not record.steps:
        parts.append(f"<p>{where.t('public.case.no_path')}</p>")
    steps = []
    for step in record.steps:
        role = translate(f"consultation_role.{step.role}", language).lower()
        line = [f"<h3>{where.t('public.case.step', body=step.body, role=role)}</h3>"]
        facts = []
        if step.day is not None:
            facts.append(where.t("public.case.step.day", day=step.day))
        if step.number:
            facts.append(where.t("public.case.step.number", number=step.number))
        if step.result:
            result = case_result(step.result, language, deciding=step.authoritative)
            facts.append(where.t("public.item.result", result=result))
        if step.meeting_id is not None:
            facts.append(
                f'<a href="{where.page(meeting_path(step.meeting_id))}">'
                f"{where.t('public.case.step.meeting', day=step.day or '')}</a>"
            )
        if facts:
            line.append("<p>" + " · ".join(facts) + "</p>")
        if step.text:
            line.append(f"<blockquote>{_text(step.text)}</blockquote>")
        line.append(_vote(where, step.unanimous, step.votes_for, step.votes_against))
        steps.append("<li>" + "".join(line) + "</li>")
    if steps:
        parts.append("<ol>" + "".join(steps) + "</ol>")
    if record.proposed_decision:
        parts.append(
            f"<h2>{where.t('public.case.proposal')}</h2><blockquote>{_text(record.proposed_decision)}</blockquote>"
        )
    parts.append(f"<h2>{where.t('public.case.decision')}</h2>")
    if record.final_decision:
        parts.append(f"<blockquote>{_text(record.final_decision)}</blockquote>")
    else:
        parts.append(f"<p>{where.t('public.case.no_decision')}</p>")
    if record.files:
        parts.append(f"<h2>{where.t('public.case.documents')}</h2>{_files(where, record.files)}")
    return document(
        where,
        title=record.title,
        body="".join(parts),
        other_language=_other(case_path(record.id), language),
        today=today,
    )


def not_found_page(where: Where, *, today: dt.date) -> bytes:
    body = (
        f"<h1>{where.t('public.not_found.title')}</h1><p>{where.t('public.not_found.text')}</p>"
        f'<p><a href="{where.page("index.html")}">{where.t("public.not_found.front")}</a></p>'
    )
    return document(
        where,
        title=translate("public.not_found.title", where.language),
        body=body,
        other_language=_other("index.html", where.language),
        today=today,
    )
