"""The HTTP app that `make run` starts beside Streamlit (python -m osloreg web): calendar feeds to
subscribe to and the pages the links in e-mail open. Starlette on uvicorn, both already pinned for
Streamlit. Streamlit 1.67's own routes (st.App) are marked experimental and would move the whole UI
onto a new server; this app keeps the UI's server as it is and answers only under its own paths.
Its handlers are plain functions: Starlette runs them in its thread pool, so the database calls
block no other request."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from osloreg.config import Settings, load_settings
from osloreg.db import make_engine
from osloreg.web import feeds, forfall_link, oparl, opt_out, public

# Every answer says: do not frame me, do not sniff types, send no referrer (a link's token stays here).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}


def health(_request: Request) -> Response:
    return PlainTextResponse("ok")


def create_app(settings: Settings | None = None, engine=None) -> Starlette:
    """The app over the configured database (tests pass their own engine and settings)."""
    settings = settings or load_settings()
    routes = [
        Route("/health", health),
        *feeds.ROUTES,  # /feeds/<token>/all.ics, mine.ics, body/<id>.ics
        Route(forfall_link.PATH, forfall_link.forfall, methods=["GET", "POST"]),
        *opt_out.routes,  # /digest/opt-out
        *oparl.ROUTES,  # /oparl/v1/...: the OParl 1.1 read API
        *public.ROUTES,  # /offentlig/: the public view of styret's and representantskapet's meetings
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.settings = settings
    app.state.engine = engine if engine is not None else make_engine(settings.database_url)
    return app


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every answer (plain ASGI: Starlette 1.x has no middleware decorator)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
