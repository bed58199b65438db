"""Calendar files (RFC 5545) of meetings, for Outlook, Google Calendar and the like, and invitations
(iTIP, RFC 5546) to one member: pure (no Streamlit, no database). Each meeting is one event with a UID
that stays the same in every export and invitation, so a newer one updates the event instead of
doubling it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from osloreg.clock import OSLO, OSLO_NAME
from osloreg.enums import MeetingStatus
from osloreg.i18n import translate
from osloreg.queries.meetings import CalendarMeeting
from osloreg.rules.meetings import DEFAULT_HOURS
from osloreg.sources import time_made_up

PRODID = "-//Osloregionen//Dashboard//NO"
UID_DOMAIN = "osloreg.dashboard"
MEETING_PAGE = "calendar"


def labels(language: str) -> dict[str, str]:
    """The words of an event's description in `language` (nb or en), from the catalogue."""
    names = ("agenda", "no_agenda", "link", "cancelled", "time_made_up")
    return {name: translate(f"calendar.ics.{name}", language) for name in names}


def uid(meeting_id: int) -> str:
    """The event's UID: the meeting's id, so every export names the same meeting the same way."""
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def meeting_url(base_url: str, meeting_id: int) -> str:
    """Where the meeting is in the app: the calendar page with the meeting open."""
    return f"{base_url.rstrip('/')}/{MEETING_PAGE}?{urlencode({'meeting': meeting_id})}"


def _oslo_timezone() -> Timezone:
    """Europe/Oslo as recurring rules (what Outlook reads best): CEST from the last Sunday of March,
    CET from the last Sunday of October."""
    zone = Timezone()
    zone.add("tzid", OSLO_NAME)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def summary(meeting: CalendarMeeting) -> str:
    return f"{meeting.body}: {meeting.title}" if meeting.title else meeting.body


def description(meeting: CalendarMeeting, *, base_url: str, labels: Mapping[str, str]) -> str:
    """The agenda, one item a line, then the link back to the meeting; first a note where the time of
    day is made up (a calendar shows a time as fact)."""
    parts = []
    if meeting.status == MeetingStatus.CANCELLED:
        parts.append(labels["cancelled"])
    if time_made_up(meeting.source):
        parts.append(labels["time_made_up"])
    parts.append(labels["agenda"] + ":")
    parts += meeting.agenda or [labels["no_agenda"]]
    parts += ["", f"{labels['link']}: {meeting_url(base_url, meeting.id)}"]
    return "\n".join(parts)


def event(meeting: CalendarMeeting, *, base_url: str, labels: Mapping[str, str], stamp: dt.datetime) -> Event:
    """One meeting as an event: start and end in Europe/Oslo (the stored wall-clock times), place,
    agenda, link, status (CANCELLED for a cancelled meeting) and its version as SEQUENCE."""
    item = Event()
    item.add("uid", uid(meeting.id))
    item.add("dtstamp", stamp)
    item.add("sequence", meeting.version)
    item.add("summary", summary(meeting))
    item.add("dtstart", meeting.starts_at.replace(tzinfo=OSLO))
    ends_at = meeting.ends_at or meeting.starts_at + dt.timedelta(hours=DEFAULT_HOURS)
    item.add("dtend", ends_at.replace(tzinfo=OSLO))
    if meeting.place:
        item.add("location", meeting.place)
    item.add("description", description(meeting, base_url=base_url, labels=labels))
    item.add("url", meeting_url(base_url, meeting.id))
    item.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return item


def calendar_file(
    meetings: Iterable[CalendarMeeting],
    *,
    name: str,
    base_url: str,
    labels: Mapping[str, str],
    stamp: dt.datetime | None = None,
) -> bytes:
    """A calendar (.ics) of the meetings, named `name` in calendar programs. `labels` gives the
    words of the description in the user's language: agenda, no_agenda, link, cancelled, and
    time_made_up for a meeting whose source gives only the day."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", OSLO_NAME)
    calendar.add_component(_oslo_timezone())
    for meeting in meetings:
        calendar.add_component(event(meeting, base_url=base_url, labels=labels, stamp=stamp))
    return calendar.to_ical()


# iTIP methods: a new or changed meeting is a REQUEST (the same UID, a higher SEQUENCE updates the
# event in the member's calendar); a cancelled one is a CANCEL.
REQUEST, CANCEL = "REQUEST", "CANCEL"
# A parameter value (CN) may not hold a double quote or a control character (RFC 5545 3.1).
_NOT_IN_PARAMETER = re.compile(r'["\x00-\x1f\x7f]')
# A mailto address goes into the file as it is: nothing that could end its line or its value.
_MAIL_ADDRESS = re.compile(r"[^@\s\"<>;:,]+@[^@\s\"<>;:,]+")


def _address(email: str, name: str | None) -> vCalAddress:
    if not _MAIL_ADDRESS.fullmatch(email):
        raise ValueError(f"not one e-mail address: {email!r}")
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = _NOT_IN_PARAMETER.sub(" ", name).strip()
    return address


def invitation(
    meeting: CalendarMeeting,
    *,
    organizer: tuple[str, str],
    attendee: tuple[str, str | None],
    base_url: str,
    labels: Mapping[str, str],
    note: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The invitation of one member (`attendee`: e-mail, name) to a meeting, from the secretariat
    (`organizer`: e-mail, name): METHOD:REQUEST with the meeting's UID and its version as SEQUENCE,
    or METHOD:CANCEL once the meeting is cancelled. `note` is added to the description (the link to
    send forfall). Calendar programs add it, and update or remove it when a later one comes."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", CANCEL if cancelled else REQUEST)
    calendar.add_component(_oslo_timezone())
    item = event(meeting, base_url=base_url, labels=labels, stamp=stamp)
    if note:
        item["description"] = f"{item['description']}\n\n{note}"
    item.add("organizer", _address(*organizer))
    guest = _address(*attendee)
    guest.params["role"] = "REQ-PARTICIPANT"
    guest.params["partstat"] = "NEEDS-ACTION"
    guest.params["rsvp"] = "FALSE"  # forfall goes through the app's link, not a calendar reply
    item.add("attendee", guest)
    calendar.add_component(item)
    return calendar.to_ical()
