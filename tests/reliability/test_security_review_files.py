"""The security review's file attempts that no other test re-ran with the review's own files: imports
(#41 100,000 rows, #46 hostile workbooks, #49 broken CSVs), each refused in words by the reader the
import page runs when a file is picked; and a calendar file of a hostile meeting (#37)."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

from icalendar import Calendar

from osloreg.enums import MeetingStatus
from osloreg.ical import calendar_file
from osloreg.importer import FileRefused, Kind, message, parse_upload
from osloreg.queries.meetings import CalendarMeeting
from tests import import_files as files

PERSON = "Kari Nordmann;kari{n}@example.no;Ås kommune;Rådgiver\r\n"
HEADER = "Navn;E-post;Arbeidsgiver;Stilling\r\n"


def _verdict(data: bytes) -> str:
    """The refusal's catalogue key, or how many rows were read; the refusal must read as words."""
    try:
        parsed = parse_upload(Kind.PERSONS, data)
    except FileRefused as refused:
        words = message(Kind.PERSONS, refused, "nb")
        assert words and not words.startswith("import."), words  # a sentence, not a key
        return refused.key
    return f"read {len(parsed.rows)} rows"


def test_41_a_csv_of_100000_rows_is_refused_as_too_many_rows(figures):
    data = (HEADER + "".join(PERSON.format(n=n) for n in range(100_000))).encode()
    started = time.monotonic()
    verdict = _verdict(data)
    seconds = time.monotonic() - started
    figures.record(f"100,000 rows ({len(data) / 1e6:.1f} MB): {verdict} in {seconds:.2f} s")
    # Over 5 MB, so the size check answers first; 100,000 short rows under 5 MB meet the row limit.
    short = ("Navn\r\n" + "".join(f"K{n}\r\n" for n in range(100_000))).encode()
    short_verdict = _verdict(short)
    figures.record(f"100,000 short rows ({len(short) / 1e6:.1f} MB): {short_verdict}")
    assert verdict in ("import.error.too_large", "import.error.too_many_rows")
    assert short_verdict == "import.error.too_many_rows"


def _workbook(*, extra: dict[str, bytes | str] | None = None, content_type: str | None = None) -> bytes:
    """A valid two-row workbook, with parts added or its workbook's content type replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        io.BytesIO(files.xlsx(files._row(1, ("Navn",)) + files._row(2, ("Kari",))))
    ) as source:
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if content_type and item.filename == "[Content_Types].xml":
                    data = data.replace(b"spreadsheetml.sheet.main+xml", content_type.encode())
                target.writestr(item, data)
            for name, data in (extra or {}).items():
                target.writestr(name, data)
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notater.txt", "Ikke et regneark")
    return buffer.getvalue()


def test_46_hostile_workbooks_are_refused_or_read_as_values_only(figures):
    verdicts = {
        "externalLink part": _verdict(
            _workbook(extra={"xl/externalLinks/externalLink1.xml": "<externalLink/>"})
        ),
        "macro content type": _verdict(_workbook(content_type="sheet.macroEnabled.main+xml")),
        "vbaProject.bin inside": _verdict(_workbook(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
        "plain zip": _verdict(_plain_zip()),
    }
    figures.record("; ".join(f"{name}: {verdict}" for name, verdict in verdicts.items()))
    assert verdicts["externalLink part"] == "import.error.xlsx_links"
    assert verdicts["macro content type"].startswith("import.error.")
    # Macros never run: the reader takes the cells' values and nothing else (the review: values read).
    assert verdicts["vbaProject.bin inside"] == "read 1 rows"
    assert verdicts["plain zip"].startswith("import.error.")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_49_broken_csvs_are_each_refused_with_their_message(figures):
    verdicts = {
        "unclosed quote": _verdict(
            (HEADER + '"Kari Nordmann;kari@example.no;Ås kommune;Rådgiver\r\n').encode()
        ),
        "NUL": _verdict((HEADER + "Kari\x00 Nordmann;kari@example.no;Ås;Rådgiver\r\n").encode()),
        "200 KB field": _verdict((HEADER + "K" * 200_000 + ";kari@example.no;Ås;Rådgiver\r\n").encode()),
        "empty file": _verdict(b""),
        "header only": _verdict(HEADER.encode()),
        "renamed PDF": _verdict(PDF),
    }
    figures.record("; ".join(f"{name}: {verdict}" for name, verdict in verdicts.items()))
    refused = [name for name, verdict in verdicts.items() if verdict.startswith("import.error.")]
    assert refused == list(verdicts), verdicts


def test_37_line_breaks_in_a_meetings_title_place_and_agenda_stay_inside_one_event(figures):
    """The review's payloads, as a meeting's fields reach the calendar file (a text field may hold a
    line break even where a one-line field refuses it, so the file itself must escape them)."""
    hostile = CalendarMeeting(
        id=7,
        body="Styret",
        title="Styremøte\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nACTION:AUDIO\r\nEND:VALARM",
        starts_at=dt.datetime(2026, 12, 10, 9, 0),
        ends_at=dt.datetime(2026, 12, 10, 11, 0),
        place="Rådhuset\nURL:https://tracker.example.com/ics",
        status=MeetingStatus.PLANNED,
        version=1,
        agenda=["1. Budsjett\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Falsk møte"],
    )
    labels = {"agenda": "Saksliste", "no_agenda": "Ingen saker", "link": "Åpne møtet", "cancelled": "AVLYST"}
    raw = calendar_file([hostile], name="Møter", base_url="https://osloreg.example", labels=labels)
    calendar = Calendar.from_ical(raw)
    events, alarms = calendar.walk("VEVENT"), calendar.walk("VALARM")
    urls = [str(event["URL"]) for event in events]
    figures.record(f".ics of a hostile meeting: {len(events)} VEVENT, {len(alarms)} VALARM, URL {urls}")
    assert len(events) == 1 and alarms == []
    assert urls == ["https://osloreg.example/calendar?meeting=7"]  # the place's URL line stayed text
    assert b"\r\nBEGIN:VALARM" not in raw and b"\r\nURL:https://tracker" not in raw
    assert "BEGIN:VALARM" in str(events[0]["SUMMARY"])  # kept as the title's text, not as a component
