"""The public site's pages by path, read through queries.publication with Scope.PUBLIC: one renderer for
the web app's /offentlig/ routes and the static folder `publish` writes (the same bytes for the same data)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from osloreg.enums import MeetingStatus
from osloreg.public_site import render
from osloreg.public_site.render import Where
from osloreg.queries import publication
from osloreg.queries.publication import PublishedFile, Scope

LANGUAGES = ("nb", "en")
HTML = "text/html; charset=utf-8"
FRONT_COUNT = 10  # meetings ahead and meetings held on the front page
HELD = frozenset({MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED})
_PAGE = re.compile(
    r"^(?:(?P<en>en)/)?(?:(?P<front>index\.html)|moter/(?P<year>\d{4})(?:-organ(?P<body>\d{1,9}))?\.html|"
    r"kalender/(?P<my>\d{4})-(?P<mm>\d{2})\.html|mote/(?P<meeting>\d{1,9})\.html|sak/(?P<case>\d{1,9})\.html)$"
)
_FILE = re.compile(r"^filer/(?P<document>\d{1,9})/(?P<name>[A-Za-z0-9._-]{1,100})$")


@dataclass(frozen=True)
class Page:
    content: bytes
    media_type: str
    files: tuple[PublishedFile, ...] = ()  # the open files the page links to (the static site writes them)


def where(path: str, language: str) -> Where:
    """Where the page at `path` (relative to the site's root) sits: its links climb back by its depth."""
    return Where(language, "../" * path.count("/"))


def normal(path: str) -> str:
    """The page a web path names: '' and 'en/' are the front pages."""
    return path + "index.html" if path in ("", "en/") else path


@dataclass(frozen=True)
class Span:
    """The months (and years) the site has pages for: from the first meeting to the last, and this month."""

    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, session: Session, today: dt.date) -> Span:
        this = today.replace(day=1)
        found = publication.meeting_span(session, scope=Scope.PUBLIC)
        if found is None:
            return cls(this, this)
        return cls(min(this, found[0].date().replace(day=1)), max(this, found[1].date().replace(day=1)))

    def years(self) -> list[int]:
        return list(range(self.last.year, self.first.year - 1, -1))

    def months(self) -> Iterator[dt.date]:
        month = self.first
        while month <= self.last:
            yield month
            month = _next_month(month)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


class Records:
    """The last meeting or case record read, for the page in the other language that follows it (the
    static site writes both languages of a page one after the other: one read serves both)."""

    def __init__(self) -> None:
        self._last: tuple[str, int, object] | None = None

    def get(self, session: Session, kind: str, record_id: int):
        if self._last is not None and self._last[:2] == (kind, record_id):
            return self._last[2]
        read = publication.meeting_record if kind == "meeting" else publication.case_record
        key = "meeting_id" if kind == "meeting" else "case_id"
        record = read(session, scope=Scope.PUBLIC, **{key: record_id})
        self._last = (kind, record_id, record)
        return record


def page(session: Session, path: str, *, today: dt.date, records: Records | None = None) -> Page | None:
    """The page at `path` (as in the static folder: 'index.html', 'en/mote/3.html'), or None if there
    is none the public may see (the same for one that does not exist)."""
    records = records or Records()
    found = _PAGE.match(path)
    if found is None:
        return None
    language = "en" if found["en"] else "nb"
    here = where(path, language)
    if found["front"]:
        return Page(_front(session, here, today), HTML)
    if found["year"]:
        return _year(session, here, int(found["year"]), int(found["body"]) if found["body"] else None, today)
    if found["my"]:
        return _month(session, here, int(found["my"]), int(found["mm"]), today)
    if found["meeting"]:
        record = records.get(session, "meeting", int(found["meeting"]))
        if record is None:
            return None
        files = [*record.files, *(file for item in record.items for file in item.files)]
        return Page(render.meeting_page(here, record, today=today), HTML, _open(files))
    record = records.get(session, "case", int(found["case"]))
    if record is None:
        return None
    return Page(render.case_page(here, record, today=today), HTML, _open(record.files))


def _open(files: list[PublishedFile] | tuple[PublishedFile, ...]) -> tuple[PublishedFile, ...]:
    return tuple(file for file in files if file.open)


def _front(session: Session, here: Where, today: dt.date) -> bytes:
    upcoming = publication.meetings(session, scope=Scope.PUBLIC, first=today, limit=FRONT_COUNT)
    # A few more than shown: a cancelled or not yet recorded meeting among the latest is left out.
    past = publication.meetings(
        session, scope=Scope.PUBLIC, after=today, newest_first=True, limit=FRONT_COUNT * 3
    )
    latest = [meeting for meeting in past if meeting.status in HELD][:FRONT_COUNT]
    years = Span.of(session, today).years()
    return render.front_page(here, upcoming=upcoming, latest=latest, years=years, today=today)


def _year(session: Session, here: Where, year: int, body_id: int | None, today: dt.date) -> Page | None:
    span, bodies = Span.of(session, today), publication.bodies(session, scope=Scope.PUBLIC)
    if year not in span.years() or (body_id is not None and body_id not in dict(bodies)):
        return None
    meetings = publication.meetings(
        session, scope=Scope.PUBLIC, body_id=body_id, first=dt.date(year, 1, 1), after=dt.date(year + 1, 1, 1)
    )
    content = render.year_page(
        here, year=year, meetings=meetings, years=span.years(), bodies=bodies, body_id=body_id, today=today
    )
    return Page(content, HTML)


def _month(session: Session, here: Where, year: int, number: int, today: dt.date) -> Page | None:
    if not 1 <= number <= 12:
        return None
    month, span = dt.date(year, number, 1), Span.of(session, today)
    if not span.first <= month <= span.last:
        return None
    meetings = publication.meetings(session, scope=Scope.PUBLIC, first=month, after=_next_month(month))
    content = render.month_page(
        here,
        month=month,
        meetings=meetings,
        previous=_previous_month(month) if month > span.first else None,
        following=_next_month(month) if month < span.last else None,
        today=today,
    )
    return Page(content, HTML)


def public_file(session: Session, path: str) -> tuple[PublishedFile, bytes] | None:
    """The file at 'filer/<id>/<name>' with its bytes, if the public may have it under that name."""
    found = _FILE.match(path)
    if found is None:
        return None
    file = publication.file_record(session, document_id=int(found["document"]), scope=Scope.PUBLIC)
    if (
        file is None
        or not file.open
        or file.version_id is None
        or render.safe_filename(file) != found["name"]
    ):
        return None
    return file, publication.file_content(session, version_id=file.version_id)


def not_found(path: str, *, today: dt.date, root: str) -> bytes:
    """The one answer for a page that is not there or not public (links from `root`, an absolute path:
    the answer may come at any depth)."""
    language = "en" if path.startswith("en/") else "nb"
    return render.not_found_page(Where(language, root), today=today)


def all_paths(session: Session, *, today: dt.date) -> Iterator[str]:
    """Every page of the site, each in bokmål and then in English (files come with their pages)."""
    span = Span.of(session, today)
    meeting_ids = [meeting.id for meeting in publication.meetings(session, scope=Scope.PUBLIC, by_id=True)]
    case_ids = sorted(session.scalars(publication.case_ids(Scope.PUBLIC)))
    bodies = publication.bodies(session, scope=Scope.PUBLIC)
    targets = [
        "index.html",
        *(render.year_path(year) for year in span.years()),
        *(render.year_path(year, body) for year in span.years() for body, _ in bodies),
        *(render.month_path(month) for month in span.months()),
        *(render.meeting_path(meeting_id) for meeting_id in meeting_ids),
        *(render.case_path(case_id) for case_id in case_ids),
    ]
    for target in targets:
        yield target
        yield "en/" + target
