"""The OParl 1.1 read API under /oparl/v1/: JSON, public without a token, what a viewer reads with one."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from urllib.parse import quote, urlencode, urlsplit

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from osloreg import clock
from osloreg.db import read_session, write_session
from osloreg.i18n import translate
from osloreg.models import Body, Unit
from osloreg.queries import oparl as q
from osloreg.queries.publication import Scope
from osloreg.rules.oparl import limit_of
from osloreg.web.feeds import entity_tag, not_modified

PREFIX = "/oparl/v1"
MEDIA_TYPE = "application/json; charset=utf-8"
MOST = 100  # objects per page at most, whatever limit asks
BODY_KEY = "osloregionen"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class Refusal(Exception):
    def __init__(self, status: int, key: str, **params: object) -> None:
        super().__init__(key)
        self.status, self.key, self.params = status, key, params


def _json(data: object, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    return Response(content, status_code=status, media_type=MEDIA_TYPE, headers=_headers(headers))


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    # OParl recommends CORS for everyone; a token is sent as a header, never as a cookie.
    return {"Access-Control-Allow-Origin": "*", "Vary": "Authorization", **(extra or {})}


def _error(refusal: Refusal) -> Response:
    message = translate(refusal.key, "nb", **refusal.params)
    english = translate(refusal.key, "en", **refusal.params)
    headers = {"Cache-Control": "no-store"}
    if refusal.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="oparl"'
    return _json({"error": message, "error_en": english}, status=refusal.status, headers=headers)


def _scope(request: Request, session: Session) -> Scope:
    """PUBLIC without Authorization; INTERNAL with a valid token; a bad one is refused, never public.
    A token's use is noted (request.state.used_token) once the reading is done."""
    header = request.headers.get("authorization")
    if header is None:
        return Scope.PUBLIC
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise Refusal(401, "oparl.bad_authorization")
    now = clock.utc_now().replace(tzinfo=None)
    row = q.token_row(session, token.strip())  # the token itself is never logged
    if row is None:
        raise Refusal(401, "oparl.bad_token")
    if row.last_used_at is None or row.last_used_at < now - dt.timedelta(minutes=1):
        request.state.used_token = (row.id, now)
    return Scope.INTERNAL


def _note_use(request: Request) -> None:
    """Write a token's last use after the read (a write inside the read would wait for itself)."""
    used = getattr(request.state, "used_token", None)
    if used is not None:
        with write_session(request.app.state.engine) as writer:
            q.note_use(writer, used[0], now=used[1])
            writer.commit()


def _time(request: Request, name: str) -> dt.datetime | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    text = text.strip().replace(" ", "+")  # a '+' the client left unencoded arrives as a space
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise Refusal(400, "oparl.bad_time", name=name) from None
    if "T" not in text.upper():  # OParl asks for a whole date-time; a day alone would be a guess
        raise Refusal(400, "oparl.bad_time", name=name)
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.OSLO)
    return value.astimezone(dt.UTC).replace(tzinfo=None)


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def _site(request: Request) -> str:
    """The API's own address, which every id and link starts with: web_url (behind the proxy, whose
    scheme this app does not see: proxy_headers are off), unless the client came to this host itself
    (localhost, as `make run` and the tests do). A Host header from elsewhere never makes the links:
    a public answer may be cached, and must not point readers at a host someone typed."""
    web_url = request.app.state.settings.web_url
    if urlsplit(f"//{request.headers.get('host', '')}").hostname in LOOPBACK:
        return str(request.base_url).rstrip("/")
    return web_url.rstrip("/")


def _answer(request: Request, build: Callable[[Session, Scope, q.Urls], object | None]) -> Response:
    root = _site(request) + PREFIX
    try:
        with read_session(request.app.state.engine) as session:
            scope = _scope(request, session)
            data = build(session, scope, q.Urls(root))
        _note_use(request)
        if data is None:
            raise Refusal(404, "oparl.not_found")
    except Refusal as refusal:
        return _error(refusal)
    if isinstance(data, Response):
        return data
    response = _json(data)
    etag = entity_tag(response.body)
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=60" if scope is Scope.INTERNAL else "public, max-age=60",
    }
    match = {"if-none-match": request.headers["if-none-match"]} if "if-none-match" in request.headers else {}
    if not_modified(match, etag=etag, modified=clock.utc_now()):
        return Response(status_code=304, headers=_headers(headers))
    response.headers.update(headers)
    return response


# --- System and Body --------------------------------------------------------------------------------------


def _system(session: Session, scope: Scope, url: q.Urls, settings) -> dict:
    return q.clean(
        {
            "id": url("system"),
            "type": q.OPARL + "System",
            "oparlVersion": q.OPARL,
            "body": url("bodies"),
            "name": "Osloregionen: møter og saker",
            "contactEmail": settings.accessibility_contact,
            # The public view of the same meetings (vendor and product are left out: the dashboard is
            # the secretariat's own, with no product site to point at).
            "website": f"{settings.web_url}/offentlig/",
            **q.whole_stamps(session),
        }
    )


def _body(session: Session, url: q.Urls, settings) -> dict:
    return {
        "id": url("body", BODY_KEY),
        "type": q.OPARL + "Body",
        "system": url("system"),
        "name": "Osloregionen",
        "shortName": "Osloregionen",
        "classification": "Interkommunalt politisk råd",
        "organization": url("organizations"),
        "person": url("persons"),
        "meeting": url("meetings"),
        "paper": url("papers"),
        "legislativeTerm": [],  # Osloregionen has no valgperioder of its own
        "agendaItem": url("agendaitems"),
        "consultation": url("consultations"),
        "file": url("files"),
        "membership": url("memberships"),
        "website": f"{settings.web_url}/offentlig/",
        **q.whole_stamps(session),
    }


def system(request: Request) -> Response:
    return _answer(request, lambda s, scope, url: _system(s, scope, url, request.app.state.settings))


def body(request: Request) -> Response:
    key = request.path_params["key"]
    settings = request.app.state.settings
    return _answer(request, lambda s, scope, url: _body(s, url, settings) if key == BODY_KEY else None)


def bodies(request: Request) -> Response:
    def build(session: Session, scope: Scope, url: q.Urls) -> dict:
        return {
            "data": [_body(session, url, request.app.state.settings)],
            "pagination": {"totalElements": 1, "elementsPerPage": 1},
            "links": {"first": url("bodies"), "self": url("bodies")},
        }

    return _answer(request, build)


# --- Lists and objects ------------------------------------------------------------------------------------

# path -> (OParl kind for the trail, the visible ids, the renderer)
KINDS: dict[str, tuple[str, Callable, Callable]] = {
    "meeting": ("meeting", q.meeting_ids, q.meeting_objects),
    "agendaitem": ("agendaItem", q.item_ids, q.item_objects),
    "paper": ("paper", q.paper_ids, q.paper_objects),
    "consultation": ("consultation", q.consultation_ids, q.consultation_objects),
    "file": ("file", q.file_ids, q.file_objects),
    "membership": ("membership", q.membership_ids, q.membership_objects),
    "person": ("person", q.person_ids, q.person_objects),
}


def _window(request: Request) -> q.Window:
    return q.Window(**{name: _time(request, name) for name in FILTERS})


def _limit(request: Request) -> int:
    limit = limit_of(request.query_params.get("limit"), most=MOST)
    if limit is None:
        raise Refusal(400, "oparl.bad_limit", most=MOST)
    return limit


def _page(
    request: Request, url: q.Urls, path: str, objects: list[dict], more: str | None, total: int, limit: int
):
    kept = {name: request.query_params[name] for name in (*FILTERS, "limit") if name in request.query_params}
    here = {**kept, **({"after": request.query_params["after"]} if "after" in request.query_params else {})}

    def link(params: dict[str, str]) -> str:
        return url(path) + ("?" + urlencode(params) if params else "")

    links = {"first": link(kept), "self": link(here)}
    if more is not None:
        links["next"] = link({**kept, "after": more})
    return {
        "data": objects,
        "pagination": {"elementsPerPage": limit}
        if total is None
        else {"totalElements": total, "elementsPerPage": limit},
        "links": links,
    }


def listing(request: Request) -> Response:
    path = request.path_params["kind"]
    if path.endswith("s") and path[:-1] in KINDS:
        kind, ids_of, render = KINDS[path[:-1]]
    elif path == "organizations":
        return _answer(request, lambda s, scope, url: _organizations(request, s, scope, url))
    else:
        return _error(Refusal(404, "oparl.not_found"))

    def build(session: Session, scope: Scope, url: q.Urls) -> dict:
        window, limit = _window(request), _limit(request)
        after = _after_int(request)
        # OParl 1.1: under modified_since, what is gone is listed as deleted (a removed document).
        gone = kind == "file" and window.modified_since is not None
        select = q.file_ids(scope, removed=True) if gone else ids_of(scope)
        show = functools.partial(render, removed=True) if gone else render
        column = select.selected_columns[0]
        condition = q.window_condition(session, window, q.sources_of(kind))
        objects: list[dict] = []
        more = None
        total = None
        # Files are candidates that the read model may still refuse: read on until the page is full.
        while True:
            ids, count = q.page_ids(session, select, column, condition, after=after, limit=limit)
            total = count if total is None else total
            chunk = ids[:limit]
            objects += show(session, chunk, scope=scope, url=url)
            if len(ids) <= limit:
                more = None
                break
            after = chunk[-1]
            if len(objects) >= limit:
                objects = objects[:limit]
                more = objects[-1]["id"].rsplit("/", 1)[1]
                break
        # A file's candidates are more than the files shown (a protokoll not yet published): no total.
        return _page(request, url, path, objects, more, None if kind == "file" else total, limit)

    return _answer(request, build)


def _after_int(request: Request) -> int | None:
    text = request.query_params.get("after")
    if text is None:
        return None
    if not text.isdigit():
        raise Refusal(400, "oparl.bad_after")
    return int(text)


def _organizations(request: Request, session: Session, scope: Scope, url: q.Urls) -> dict:
    """Bodies first, then units, each by id; `after` is "body-3" or "unit-12"."""
    window, limit = _window(request), _limit(request)
    after = request.query_params.get("after")
    kind, _, number = (after or "").partition("-")
    if after is not None and (kind not in ("body", "unit") or not number.isdigit()):
        raise Refusal(400, "oparl.bad_after")
    keys: list[str] = []
    total = 0
    for part, select, column in (("body", q.body_ids(scope), Body.id), ("unit", q.unit_ids(scope), Unit.id)):
        condition = q.window_condition(session, window, q.sources_of(part))
        start = int(number) if kind == part else None
        skip = kind == "unit" and part == "body"
        ids, count = q.page_ids(session, select, column, condition, after=start, limit=limit)
        total += count
        if not skip:
            keys += [f"{part}-{i}" for i in ids]
    more = keys[limit - 1] if len(keys) > limit else None
    objects = q.organization_objects(session, keys[:limit], scope=scope, url=url)
    return _page(request, url, "organizations", objects, more, total, limit)


def one(request: Request) -> Response:
    path, key = request.path_params["kind"], request.path_params["key"]

    def build(session: Session, scope: Scope, url: q.Urls) -> dict | None:
        if path == "organization":
            found = q.organization_objects(session, [key], scope=scope, url=url)
        elif path == "file" and key.isdigit():  # a removed one answers as deleted (OParl 1.1, soft delete)
            found = q.file_objects(session, [int(key)], scope=scope, url=url, removed=True)
        elif path in KINDS and key.isdigit():
            found = KINDS[path][2](session, [int(key)], scope=scope, url=url)
        else:
            found = []
        return found[0] if found else None

    return _answer(request, build)


def content(request: Request) -> Response:
    """A file's bytes, where the scope shows the file and it is not exempt."""
    document_id = request.path_params["document_id"]

    def build(session: Session, scope: Scope, url: q.Urls) -> Response | None:
        found = q.pub.file_record(session, document_id=document_id, scope=scope)
        if found is None:
            return None
        if not found.open:
            raise Refusal(403, "oparl.exempt")
        data = q.pub.file_content(session, version_id=found.version_id)
        disposition = "attachment; filename*=UTF-8''" + _quote(found.filename or "fil")
        return Response(
            data,
            media_type=found.content_type,
            headers=_headers({"Content-Disposition": disposition, "Cache-Control": "private, max-age=60"}),
        )

    return _answer(request, build)


def _quote(name: str) -> str:
    return quote(name, safe="")


def unknown(request: Request) -> Response:
    return _error(Refusal(404, "oparl.not_found"))


ROUTES = [
    Route(PREFIX + "/system", system),
    Route(PREFIX + "/bodies", bodies),
    Route(PREFIX + "/body/{key}", body),
    Route(PREFIX + "/file/{document_id:int}/content", content),
    Route(PREFIX + "/{kind}", listing),
    Route(PREFIX + "/{kind}/{key}", one),
    Route(PREFIX + "/{rest:path}", unknown),
]
