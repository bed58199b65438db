"""The public view under /offentlig/: styret's and representantskapet's meetings, cases and files without
login, as osloreg.public_site renders them (the bytes `publish` writes), with an ETag and a public cache."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from osloreg import clock
from osloreg.db import read_session
from osloreg.public_site import site
from osloreg.web.feeds import entity_tag, not_modified

PREFIX = "/offentlig/"
# Anyone may cache a public page for a minute: a burst of readers costs the database one render.
CACHE_CONTROL = "public, max-age=60"


def _answer(
    request: Request, content: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    etag = entity_tag(content)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    # No Last-Modified is sent, so only If-None-Match can match; "now" keeps If-Modified-Since from it.
    if not_modified(request.headers, etag=etag, modified=clock.utc_now()):
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=media_type, headers=headers)


def _not_found(path: str, today: dt.date) -> Response:
    content = site.not_found(path, today=today, root=PREFIX)
    return Response(content, status_code=404, media_type=site.HTML, headers={"Cache-Control": "no-store"})


def public_page(request: Request) -> Response:
    path = site.normal(request.path_params["path"])
    today = clock.oslo_today()
    with read_session(request.app.state.engine) as session:
        if path.startswith("filer/"):
            found = site.public_file(session, path)
            if found is None:
                return _not_found(path, today)
            file, content = found
            name = site.render.safe_filename(file)
            headers = {
                "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
                "X-Content-Type-Options": "nosniff",
            }
            return _answer(request, content, file.content_type, headers)
        page = site.page(session, path, today=today)
    if page is None:
        return _not_found(path, today)
    return _answer(request, page.content, page.media_type)


def to_front(_request: Request) -> Response:
    return RedirectResponse(PREFIX, status_code=308)


# GET, and HEAD with it.
ROUTES = [Route("/offentlig", to_front), Route(PREFIX + "{path:path}", public_page)]
