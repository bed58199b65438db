"""The page behind the one-click forfall link of an invitation: GET asks "Meld forfall til <organ>
<dato>?" and changes nothing (mail scanners open links); POST reports the forfall as the link's user,
once (services.attendance.report_absence records the link as used in the same transaction). A link
that cannot be used is refused in words, with no internal detail."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from osloreg import clock, signed_links
from osloreg.db import read_session, write_session
from osloreg.enums import MeetingStatus
from osloreg.i18n import DEFAULT_LANGUAGE, format_date, translate
from osloreg.models import UsedLink, User
from osloreg.queries.attendance import roster
from osloreg.queries.meetings import CalendarMeeting, calendar_meetings
from osloreg.rules.permissions import Action, allowed
from osloreg.services.attendance import report_absence
from osloreg.services.base import Actor, DomainError, PermissionDenied
from osloreg.services.meetings import REASON_MAX
from osloreg.web.pages import Form, TextField, page

log = logging.getLogger(__name__)

PATH = "/forfall"
FORM_MAX_BYTES = 16 * 1024  # a token and a reason of REASON_MAX characters, percent-encoded
# Why a link does nothing -> the answer's status: 400 for a link that is wrong, 410 for one whose
# time is over or whose work is done.
STATUS = {
    "forged": 400,
    "disabled": 400,
    "no_seat": 400,
    "reason": 400,
    "failed": 400,
    "expired": 410,
    "used": 410,
    "cancelled": 410,
    "already": 410,
}
# The service's refusals in the link's words.
SERVICE_REFUSALS = {
    "forfall_link.used": "used",
    "error.forfall_exists": "already",
    "error.meeting_cancelled": "cancelled",
    "error.forfall_too_late": "expired",
    "error.forfall_closed": "expired",
    "error.forfall_not_member": "no_seat",
}


class Refused(Exception):
    def __init__(self, reason: str, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language


@dataclass(frozen=True)
class Ready:
    """A link that may be used now: whose, for which meeting, and the user's language."""

    link: signed_links.Link
    user: User
    meeting: CalendarMeeting

    @property
    def language(self) -> str:
        return self.user.language


def _refusal(refused: Refused) -> Response:
    language = refused.language
    title = "forfall_link.already_title" if refused.reason == "already" else "forfall_link.refused_title"
    return page(
        title=translate(title, language),
        paragraphs=[translate(f"forfall_link.refused.{refused.reason}", language)],
        language=language,
        status_code=STATUS[refused.reason],
    )


def check(settings, engine, token: object, *, now: dt.datetime | None = None) -> Ready:
    """The link if it may be used now; Refused (with the user's language once the user is known)."""
    now = now or clock.utc_now()
    try:
        link = signed_links.read(token, secret=settings.cookie_key, purpose=signed_links.FORFALL, now=now)
    except signed_links.LinkRefused as refused:
        log.info("forfall link refused: %s", refused.reason)
        raise Refused("expired" if refused.reason == "expired" else "forged") from None
    meeting_id = link.claims.get("meeting")
    if not isinstance(meeting_id, int) or isinstance(meeting_id, bool):
        raise Refused("forged")
    with read_session(engine) as session:
        user = session.get(User, link.user_id)
        if user is None:
            raise Refused("forged")
        language = user.language
        if session.get(UsedLink, signed_links.link_key(link)) is not None:
            raise Refused("used", language)
        if user.disabled:
            raise Refused("disabled", language)
        found = calendar_meetings(session, meeting_id=meeting_id)
        if not found:
            raise Refused("forged", language)
        meeting = found[0]
        if meeting.status == MeetingStatus.CANCELLED:
            raise Refused("cancelled", language)
        if meeting.starts_at <= now.astimezone(clock.OSLO).replace(tzinfo=None) or meeting.status not in (
            MeetingStatus.PLANNED,
            MeetingStatus.CALLED,
        ):
            raise Refused("expired", language)
        seats = roster(session, meeting_id=meeting_id, with_forecast=False)
        people = seats.member_ids | {vara.person_id for vara in seats.varas}
        if user.person_id is None or user.person_id not in people:
            raise Refused("no_seat", language)
        if user.person_id in {int(person) for person in seats.absences["person_id"]}:
            raise Refused("already", language)
        if not allowed(user.roles, Action.REPORT_ATTENDANCE):
            raise Refused("failed", language)
    return Ready(link=link, user=user, meeting=meeting)


def _day(ready: Ready) -> str:
    return format_date(ready.meeting.starts_at.date(), ready.language, long=True)


def show(settings, engine, token: object) -> Response:
    """GET: the question and the form, or the refusal. Reads only."""
    try:
        ready = check(settings, engine, token)
    except Refused as refused:
        return _refusal(refused)
    language, meeting = ready.language, ready.meeting
    words = {"body": meeting.body, "date": _day(ready), "start": f"{meeting.starts_at:%H:%M}"}
    where = (
        translate("forfall_link.meeting_place", language, place=meeting.place, **words)
        if meeting.place
        else translate("forfall_link.meeting", language, **words)
    )
    return page(
        title=translate("forfall_link.confirm_title", language, body=meeting.body, date=_day(ready)),
        paragraphs=[
            *([meeting.title] if meeting.title else []),
            where,
            translate("forfall_link.who", language, name=ready.user.display_name),
            translate("forfall_link.once", language),
        ],
        language=language,
        # Relative, so that the form posts back under whatever path the proxy serves the app at.
        form=Form(
            action=PATH.lstrip("/"),
            button=translate("forfall_link.button", language),
            fields={"token": str(token)},
            text=TextField("reason", translate("forfall_link.reason_label", language), REASON_MAX),
        ),
    )


def confirm(settings, engine, token: object, reason: str | None) -> Response:
    """POST: the forfall, reported as the link's user with the link recorded as used, in one
    transaction; or the refusal."""
    try:
        ready = check(settings, engine, token)
    except Refused as refused:
        return _refusal(refused)
    language, user = ready.language, ready.user
    reason = (reason or "").strip() or translate("forfall_link.default_reason", DEFAULT_LANGUAGE)
    try:
        with write_session(engine) as session:
            report_absence(
                session,
                actor=Actor.of(user),
                meeting_id=ready.meeting.id,
                person_id=user.person_id,
                reason=reason,
                link_key=signed_links.link_key(ready.link),
            )
    except PermissionDenied:
        return _refusal(Refused("failed", language))
    except DomainError as error:
        if error.params.get("field") == "forfall_reason":
            return _refusal(Refused("reason", language))
        log.info("forfall link: the service refused (%s)", error.key)
        return _refusal(Refused(SERVICE_REFUSALS.get(error.key, "failed"), language))
    except IntegrityError:  # the same link posted twice at once: the other one recorded it
        return _refusal(Refused("used", language))
    return page(
        title=translate("forfall_link.done_title", language),
        paragraphs=[translate("forfall_link.done", language, body=ready.meeting.body, date=_day(ready))],
        language=language,
    )


async def _form(request: Request) -> dict[str, str] | None:
    """The posted fields of a small urlencoded form; None for anything else or anything larger."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX_BYTES:
            return None
    try:
        fields = parse_qs(body.decode("ascii"), keep_blank_values=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in fields.items()}


async def forfall(request: Request) -> Response:
    """GET shows, POST reports; the database work runs in the thread pool (it blocks)."""
    settings, engine = request.app.state.settings, request.app.state.engine
    if request.method == "POST":
        fields = await _form(request)
        if fields is None:
            return _refusal(Refused("forged"))
        return await run_in_threadpool(confirm, settings, engine, fields.get("token"), fields.get("reason"))
    return await run_in_threadpool(show, settings, engine, request.query_params.get("token"))
