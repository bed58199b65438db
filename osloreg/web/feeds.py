"""The calendar feeds over HTTP: /feeds/<token>/all.ics, /mine.ics and /body/<id>.ics, with ETag and
Last-Modified so a calendar program that polls gets 304 until something in its feed changes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from osloreg import clock, ical
from osloreg.db import read_session
from osloreg.i18n import LANGUAGES, translate
from osloreg.queries import feeds as queries
from osloreg.rules.feeds import Feed

MEDIA_TYPE = "text/calendar; charset=utf-8"
# A calendar program polls every few hours at most; five minutes keeps a burst of polls off the database.
# Private: the answer belongs to one token, so no shared cache keeps it.
CACHE_CONTROL = "private, max-age=300"


def not_found() -> Response:
    """The one answer for an unknown, renewed-away or revoked token, a disabled user, an unknown body:
    nobody learns which (and so whether a token was ever good)."""
    text = " / ".join(translate("feeds.not_found", language) for language in LANGUAGES)
    return PlainTextResponse(text, status_code=404, headers={"Cache-Control": "no-store"})


def entity_tag(content: bytes) -> str:
    """A strong ETag of the bytes themselves: the same feed gives the same tag in every process."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def not_modified(headers: Mapping[str, str], *, etag: str, modified: dt.datetime) -> bool:
    """RFC 9110 13.1: If-None-Match decides when it is there (any tag of the list, weak or strong, or
    *); else If-Modified-Since, when the feed has not changed since the moment it names."""
    match = headers.get("if-none-match")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # a date that is no date is ignored, as the RFC says
    if moment is None or moment.tzinfo is None:
        return False
    return modified <= moment


def _feed(request: Request, kind: Feed, body_id: int | None = None) -> Response:
    settings, engine = request.app.state.settings, request.app.state.engine
    # The token is never logged: it is a password to the calendar (uvicorn's access log is off).
    token = request.path_params["token"]
    with read_session(engine) as session:
        reader = queries.reader(session, token=token)
        found = (
            None
            if reader is None
            else queries.feed(session, reader=reader, kind=kind, today=clock.oslo_today(), body_id=body_id)
        )
    if reader is None or found is None:
        return not_found()
    name = translate(f"feeds.name.{kind.value}", reader.language, body=found.body or "")
    content = ical.calendar_file(
        found.meetings,
        name=name,
        base_url=settings.base_url,
        labels=ical.labels(reader.language),
        stamp=found.modified,  # not now: an unchanged feed is the same bytes, and keeps its ETag
    )
    etag = entity_tag(content)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(found.modified, usegmt=True),
        "Cache-Control": CACHE_CONTROL,
    }
    if not_modified(request.headers, etag=etag, modified=found.modified):
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=MEDIA_TYPE, headers=headers)


def all_meetings(request: Request) -> Response:
    return _feed(request, Feed.ALL)


def my_meetings(request: Request) -> Response:
    return _feed(request, Feed.MINE)


def body_meetings(request: Request) -> Response:
    return _feed(request, Feed.BODY, request.path_params["body_id"])


# GET, and HEAD with it (Starlette answers HEAD for a GET route, without the body).
ROUTES = [
    Route("/feeds/{token}/all.ics", all_meetings),
    Route("/feeds/{token}/mine.ics", my_meetings),
    Route("/feeds/{token}/body/{body_id:int}.ics", body_meetings),
]
