"""Calendar files of meetings: every field of the events, the Oslo time zone, stable UIDs, encoding."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from osloreg.enums import MeetingStatus
from osloreg.ical import calendar_file, invitation, uid
from osloreg.queries.meetings import CalendarMeeting

OSLO = ZoneInfo("Europe/Oslo")
BASE_URL = "https://dashboard.osloregionen.no"
STAMP = dt.datetime(2024, 5, 1, 8, 30, 15, tzinfo=dt.UTC)
LABELS = {"agenda": "Saksliste", "no_agenda": "Ingen saker", "link": "Åpne møtet", "cancelled": "AVLYST"}
WINTER, SUMMER = dt.timedelta(hours=1), dt.timedelta(hours=2)

BOARD = CalendarMeeting(
    id=41,
    body="Styret",
    title="Styremøte om næringssamarbeid",
    starts_at=dt.datetime(2024, 1, 15, 9, 0),
    ends_at=dt.datetime(2024, 1, 15, 11, 30),
    place="Oslo rådhus, møterom Ørnen",
    status=MeetingStatus.PLANNED,
    version=3,
    agenda=["1. 48/20 Revidert mandat for faggruppe for næringssamarbeid i Osloregionen", "2. Eventuelt"],
)
CANCELLED = CalendarMeeting(
    id=42,
    body="Administrativ koordineringsgruppe",
    title="Augustmøtet",
    starts_at=dt.datetime(2024, 8, 27, 10, 0),
    ends_at=dt.datetime(2024, 8, 27, 12, 0),
    place="Teams",
    status=MeetingStatus.CANCELLED,
    version=5,
    agenda=[],
)
EXPERTS = CalendarMeeting(
    id=43,
    body="Faggruppe for næringssamarbeid",
    title=None,
    starts_at=dt.datetime(2024, 6, 18, 13, 15),
    ends_at=None,
    place=None,
    status=MeetingStatus.HELD,
    version=1,
    agenda=["1. Orientering fra sekretariatet"],
)
MEETINGS = [BOARD, CANCELLED, EXPERTS]
EVENT_FIELDS = {"UID", "DTSTAMP", "SEQUENCE", "SUMMARY", "DTSTART", "DTEND", "DESCRIPTION", "URL", "STATUS"}


def export(meetings=MEETINGS, *, name="Osloregionen – møter", base_url=BASE_URL, stamp=STAMP) -> bytes:
    return calendar_file(meetings, name=name, base_url=base_url, labels=LABELS, stamp=stamp)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> dict[str, object]:
    """The events by UID, in the order of the file."""
    return {str(item["UID"]): item for item in parse(data).walk("VEVENT")}


def only_event_of(data: bytes):
    (item,) = parse(data).walk("VEVENT")
    return item


def only_event(meeting: CalendarMeeting, **kwargs):
    return only_event_of(export([meeting], **kwargs))


def url(meeting_id: int) -> str:
    return f"{BASE_URL}/calendar?meeting={meeting_id}"


# --- The calendar ---------------------------------------------------------------------------------


def test_the_calendar_is_a_published_version_2_calendar_named_as_asked():
    calendar = parse(export())
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Osloregionen//Dashboard//NO"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Osloregionen – møter"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Oslo"


def test_the_calendar_holds_one_event_per_meeting_in_the_order_given():
    assert list(events(export())) == [
        "meeting-41@osloreg.dashboard",
        "meeting-42@osloreg.dashboard",
        "meeting-43@osloreg.dashboard",
    ]


def test_a_calendar_without_meetings_still_names_its_time_zone():
    calendar = parse(export([]))
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_the_file_has_crlf_lines_of_at_most_75_octets():
    data = export()
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)


# --- The time zone --------------------------------------------------------------------------------


def test_there_is_one_time_zone_europe_oslo_with_a_summer_and_a_winter_rule():
    (zone,) = parse(export()).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Oslo"
    assert sorted(part.name for part in zone.subcomponents) == ["DAYLIGHT", "STANDARD"]


def test_summer_time_starts_on_the_last_sunday_of_march_from_plus_one_to_plus_two():
    (zone,) = parse(export()).walk("VTIMEZONE")
    (summer,) = [part for part in zone.subcomponents if part.name == "DAYLIGHT"]
    assert summer["TZOFFSETFROM"].td == WINTER
    assert summer["TZOFFSETTO"].td == SUMMER
    assert str(summer["TZNAME"]) == "CEST"
    rule = summer["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [3] and rule["BYDAY"] == ["-1SU"]
    start = summer["DTSTART"].dt
    assert (start.month, start.weekday(), start.hour) == (3, 6, 2)
    assert (start + dt.timedelta(weeks=1)).month == 4  # the last Sunday of its March


def test_winter_time_starts_on_the_last_sunday_of_october_from_plus_two_to_plus_one():
    (zone,) = parse(export()).walk("VTIMEZONE")
    (winter,) = [part for part in zone.subcomponents if part.name == "STANDARD"]
    assert winter["TZOFFSETFROM"].td == SUMMER
    assert winter["TZOFFSETTO"].td == WINTER
    assert str(winter["TZNAME"]) == "CET"
    rule = winter["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [10] and rule["BYDAY"] == ["-1SU"]
    start = winter["DTSTART"].dt
    assert (start.month, start.weekday(), start.hour) == (10, 6, 3)
    assert (start + dt.timedelta(weeks=1)).month == 11


@pytest.mark.parametrize("year", [2020, 2024, 2025, 2031])
def test_the_time_zone_rules_agree_with_europe_oslo_every_day_of_the_year(year):
    (zone,) = parse(export()).walk("VTIMEZONE")
    rules = zone.to_tz(lookup_tzid=False)  # the offsets from the file's rules, not a time zone database
    day = dt.datetime(year, 1, 1, 12, 0)
    while day.year == year:
        assert day.replace(tzinfo=rules).utcoffset() == day.replace(tzinfo=OSLO).utcoffset(), day
        day += dt.timedelta(days=1)


# --- UID, stamp and sequence ----------------------------------------------------------------------


def test_a_meetings_uid_is_its_id_and_the_same_in_every_export():
    first = events(export())
    changed = dataclasses.replace(
        BOARD,
        title="Et nytt navn",
        starts_at=dt.datetime(2024, 2, 20, 14, 0),
        ends_at=dt.datetime(2024, 2, 20, 15, 0),
        version=4,
    )
    second = events(export([EXPERTS, changed], stamp=STAMP + dt.timedelta(days=3)))
    assert "meeting-41@osloreg.dashboard" in first and "meeting-41@osloreg.dashboard" in second
    assert str(second["meeting-41@osloreg.dashboard"]["SUMMARY"]) == "Styret: Et nytt navn"
    assert set(second) < set(first)


def test_the_sequence_is_the_meetings_version():
    found = events(export())
    assert [int(item["SEQUENCE"]) for item in found.values()] == [3, 5, 1]
    changed = dataclasses.replace(BOARD, version=9)
    assert int(only_event(changed)["SEQUENCE"]) == 9


def test_the_stamp_is_the_time_of_the_export_in_utc_on_every_event():
    data = export()
    for item in events(data).values():
        assert item["DTSTAMP"].dt == STAMP
        assert item["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert data.count(b"DTSTAMP:20240501T083015Z\r\n") == 3


def test_without_a_stamp_the_export_is_stamped_now_in_utc_to_the_second():
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = calendar_file([BOARD], name="Osloregionen", base_url=BASE_URL, labels=LABELS)
    after = dt.datetime.now(dt.UTC)
    stamp = only_event_of(data)["DTSTAMP"].dt
    assert before <= stamp <= after
    assert stamp.utcoffset() == dt.timedelta(0) and stamp.microsecond == 0
    assert b"DTSTAMP:" + stamp.strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n" in data


# --- Every field of the events --------------------------------------------------------------------


def test_the_planned_meeting_has_every_field():
    item = only_event(BOARD)
    assert set(item) == EVENT_FIELDS | {"LOCATION"}
    assert str(item["UID"]) == "meeting-41@osloreg.dashboard"
    assert str(item["SUMMARY"]) == "Styret: Styremøte om næringssamarbeid"
    assert item["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert item["DTSTART"].dt == dt.datetime(2024, 1, 15, 9, 0, tzinfo=OSLO)
    assert item["DTSTART"].dt.utcoffset() == WINTER
    assert item["DTEND"].params["TZID"] == "Europe/Oslo"
    assert item["DTEND"].dt == dt.datetime(2024, 1, 15, 11, 30, tzinfo=OSLO)
    assert item["DTEND"].dt.utcoffset() == WINTER
    assert str(item["LOCATION"]) == "Oslo rådhus, møterom Ørnen"
    assert str(item["DESCRIPTION"]) == "\n".join(
        [
            "Saksliste:",
            "1. 48/20 Revidert mandat for faggruppe for næringssamarbeid i Osloregionen",
            "2. Eventuelt",
            "",
            f"Åpne møtet: {url(41)}",
        ]
    )
    assert str(item["URL"]) == url(41)
    assert str(item["STATUS"]) == "CONFIRMED"
    assert int(item["SEQUENCE"]) == 3
    assert item["DTSTAMP"].dt == STAMP


def test_the_cancelled_meeting_has_every_field_and_says_it_is_cancelled():
    item = only_event(CANCELLED)
    assert set(item) == EVENT_FIELDS | {"LOCATION"}
    assert str(item["UID"]) == "meeting-42@osloreg.dashboard"
    assert str(item["SUMMARY"]) == "Administrativ koordineringsgruppe: Augustmøtet"
    assert item["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert item["DTSTART"].dt == dt.datetime(2024, 8, 27, 10, 0, tzinfo=OSLO)
    assert item["DTSTART"].dt.utcoffset() == SUMMER
    assert item["DTEND"].dt == dt.datetime(2024, 8, 27, 12, 0, tzinfo=OSLO)
    assert item["DTEND"].dt.utcoffset() == SUMMER
    assert str(item["LOCATION"]) == "Teams"
    assert str(item["DESCRIPTION"]) == f"AVLYST\nSaksliste:\nIngen saker\n\nÅpne møtet: {url(42)}"
    assert str(item["URL"]) == url(42)
    assert str(item["STATUS"]) == "CANCELLED"
    assert int(item["SEQUENCE"]) == 5
    assert item["DTSTAMP"].dt == STAMP


def test_a_meeting_without_title_place_or_end_has_the_body_as_summary_no_location_and_two_hours():
    item = only_event(EXPERTS)
    assert set(item) == EVENT_FIELDS
    assert str(item["UID"]) == "meeting-43@osloreg.dashboard"
    assert str(item["SUMMARY"]) == "Faggruppe for næringssamarbeid"
    assert item["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert item["DTSTART"].dt == dt.datetime(2024, 6, 18, 13, 15, tzinfo=OSLO)
    assert item["DTSTART"].dt.utcoffset() == SUMMER
    assert item["DTEND"].params["TZID"] == "Europe/Oslo"
    assert item["DTEND"].dt == dt.datetime(2024, 6, 18, 15, 15, tzinfo=OSLO)
    assert item["DTEND"].dt - item["DTSTART"].dt == dt.timedelta(hours=2)
    assert (
        str(item["DESCRIPTION"]) == f"Saksliste:\n1. Orientering fra sekretariatet\n\nÅpne møtet: {url(43)}"
    )
    assert str(item["URL"]) == url(43)
    assert str(item["STATUS"]) == "CONFIRMED"  # held is not cancelled
    assert int(item["SEQUENCE"]) == 1
    assert item["DTSTAMP"].dt == STAMP


def test_an_empty_title_or_place_is_left_out():
    item = only_event(dataclasses.replace(BOARD, title="", place=""))
    assert str(item["SUMMARY"]) == "Styret"
    assert "LOCATION" not in item


def test_start_and_end_are_the_stored_wall_clock_times_in_oslo():
    data = export()
    assert b"DTSTART;TZID=Europe/Oslo:20240115T090000\r\n" in data
    assert b"DTEND;TZID=Europe/Oslo:20240115T113000\r\n" in data
    assert b"DTSTART;TZID=Europe/Oslo:20240618T131500\r\n" in data
    assert b"DTEND;TZID=Europe/Oslo:20240618T151500\r\n" in data


@pytest.mark.parametrize(
    ("starts_at", "offset"),
    [
        (dt.datetime(2024, 3, 30, 12, 0), WINTER),  # the Saturday before summer time
        (dt.datetime(2024, 3, 31, 12, 0), SUMMER),  # the last Sunday of March
        (dt.datetime(2024, 10, 26, 12, 0), SUMMER),
        (dt.datetime(2024, 10, 27, 12, 0), WINTER),  # the last Sunday of October
    ],
)
def test_the_offset_changes_on_the_last_sundays_of_march_and_october(starts_at, offset):
    item = only_event(dataclasses.replace(BOARD, starts_at=starts_at, ends_at=None))
    assert item["DTSTART"].dt.utcoffset() == offset
    assert item["DTSTART"].dt.astimezone(dt.UTC) == starts_at.replace(tzinfo=dt.UTC) - offset


# --- Links ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://dashboard.osloregionen.no", "https://dashboard.osloregionen.no/calendar?meeting=41"),
        ("https://dashboard.osloregionen.no/", "https://dashboard.osloregionen.no/calendar?meeting=41"),
        ("http://localhost:8501", "http://localhost:8501/calendar?meeting=41"),
        ("https://intranett.example.no/osloreg/", "https://intranett.example.no/osloreg/calendar?meeting=41"),
    ],
)
def test_the_link_is_the_base_url_and_the_meeting_on_the_calendar_page(base_url, expected):
    item = only_event(BOARD, base_url=base_url)
    assert str(item["URL"]) == expected
    assert str(item["DESCRIPTION"]).endswith(f"\nÅpne møtet: {expected}")
    assert "//calendar" not in str(item["URL"])


# --- Text -----------------------------------------------------------------------------------------


def test_norwegian_letters_survive_and_long_lines_are_folded():
    title = "Æøå og ÆØÅ: " + "Særskilt gjennomgang av næringsøkonomi i Østfold og Akershus, " * 4
    place = (
        "Rådhusplassen 1, Oslo – møterom «Bjørnsonsalen» i første etasje, inngang fra Fridtjof Nansens plass"
    )
    agenda = [f"{n}. Sak om området ved Bærums verk og Sørkedalen, del {n}, " + "ø" * 60 for n in range(1, 4)]
    meeting = dataclasses.replace(BOARD, title=title, place=place, agenda=agenda)
    data = export([meeting])
    item = only_event_of(data)
    assert str(item["SUMMARY"]) == f"Styret: {title}"
    assert str(item["LOCATION"]) == place
    assert str(item["DESCRIPTION"]).split("\n")[1:4] == agenda
    assert b"\r\n " in data  # folded
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no letter is split across a fold


def test_commas_semicolons_and_backslashes_in_text_survive():
    meeting = dataclasses.replace(
        BOARD, title="Budsjett; drift, investering \\ fond", agenda=["1. A, B; C", "2. Eventuelt"]
    )
    item = only_event(meeting)
    assert str(item["SUMMARY"]) == "Styret: Budsjett; drift, investering \\ fond"
    assert str(item["DESCRIPTION"]).split("\n")[1:3] == ["1. A, B; C", "2. Eventuelt"]


def test_a_meeting_whose_source_gives_only_the_day_says_in_its_description_that_the_time_is_made_up():
    sourced = dataclasses.replace(EXPERTS, id=44, source="Saksframlegg 48/20 ; note:time_illustrative")
    labels = LABELS | {"time_made_up": "Merk: datoen er dokumentert, klokkeslettet er fiktivt."}
    data = calendar_file([sourced, EXPERTS], name="Møter", base_url=BASE_URL, labels=labels, stamp=STAMP)
    made_up, real = (events(data)[f"meeting-{n}@osloreg.dashboard"]["DESCRIPTION"] for n in (44, 43))
    assert str(made_up).startswith("Merk: datoen er dokumentert, klokkeslettet er fiktivt.\nSaksliste:")
    assert "fiktivt" not in str(real)  # a meeting with no such note keeps its time as recorded


# --- Invitations (iTIP, RFC 5546) ------------------------------------------------------------------------

SECRETARIAT = ("noreply@osloregionen.example", "Osloregionen sekretariatet")
KARI = ("kari.nordmann@example.org", "Kari Nordmann")


def invite(meeting, *, attendee=KARI, note=None) -> Calendar:
    raw = invitation(
        meeting,
        organizer=SECRETARIAT,
        attendee=attendee,
        base_url=BASE_URL,
        labels=LABELS,
        note=note,
        stamp=STAMP,
    )
    return Calendar.from_ical(raw)


def test_an_invitation_is_a_request_with_the_meetings_uid_and_version_to_one_member():
    calendar = invite(BOARD, note="Meld forfall: https://dashboard.osloregionen.no/forfall?t=abc")
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == uid(BOARD.id)  # the same UID as every calendar file names it by
    [exported] = Calendar.from_ical(export([BOARD])).walk("VEVENT")
    assert str(event["UID"]) == str(exported["UID"])
    assert int(event["SEQUENCE"]) == BOARD.version and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:noreply@osloregionen.example"
    assert event["ORGANIZER"].params["CN"] == "Osloregionen sekretariatet"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:kari.nordmann@example.org"
    assert (attendee.params["CN"], attendee.params["ROLE"], attendee.params["RSVP"]) == (
        "Kari Nordmann",
        "REQ-PARTICIPANT",
        "FALSE",
    )
    assert event["DTSTART"].dt == BOARD.starts_at.replace(tzinfo=OSLO)
    assert str(event["DESCRIPTION"]).endswith("Meld forfall: https://dashboard.osloregionen.no/forfall?t=abc")


def test_a_moved_meeting_invites_again_with_a_higher_sequence_and_a_cancelled_one_cancels():
    moved = dataclasses.replace(BOARD, starts_at=BOARD.starts_at + dt.timedelta(days=1), version=4)
    [first], [second] = invite(BOARD).walk("VEVENT"), invite(moved).walk("VEVENT")
    assert str(first["UID"]) == str(second["UID"]) and int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    cancelled = invite(dataclasses.replace(moved, status=MeetingStatus.CANCELLED, version=5))
    [event] = cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(first["UID"]) and int(event["SEQUENCE"]) == 5


def test_a_hostile_name_stays_a_name_and_a_hostile_address_is_refused():
    hostile = ("kari@example.org", 'Kari "x"\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M')
    raw = invitation(
        BOARD, organizer=SECRETARIAT, attendee=hostile, base_url=BASE_URL, labels=LABELS, stamp=STAMP
    )
    calendar = Calendar.from_ical(raw)
    assert not calendar.walk("VALARM") and len(calendar.walk("VEVENT")) == 1
    assert b"\r\nBEGIN:VALARM" not in raw and b"\r\nTRIGGER" not in raw
    assert str(calendar.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:kari@example.org"
    for address in ("kari@example.org\r\nBEGIN:VALARM", "kari example@org", "kari@example.org;x=y", ""):
        with pytest.raises(ValueError, match="not one e-mail address"):
            invitation(
                BOARD, organizer=SECRETARIAT, attendee=(address, "Kari"), base_url=BASE_URL, labels=LABELS
            )
