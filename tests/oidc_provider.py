"""A local OpenID Connect provider for tests: a Starlette app served by uvicorn on 127.0.0.1 in a
thread, with an RS256 key made at start. /authorize consents at once as the identity the test chose
and sends the browser back with a code; /token answers with an ID token carrying the nonce it was
given, unless the test asked for a fault: an expired token, a wrong audience, a wrong nonce, the
same token as before, a token signed with another key or from another issuer; or garbage where JSON
belongs (HTTP 500, HTML, a discovery document without endpoints, a token answer that is not JSON), or
a discovery endpoint that never answers."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.smtp_server import free_port

TOKEN_FAULTS = (
    "expired",
    "wrong_audience",
    "wrong_nonce",
    "replay",
    "error",
    "bad_signature",
    "wrong_issuer",
)
GARBAGE_FAULTS = (
    "discovery_500",
    "discovery_html",
    "discovery_no_endpoints",
    "silent",
    "token_500",
    "token_html",
)
FAULTS = TOKEN_FAULTS + GARBAGE_FAULTS
SILENT_SECONDS = 8.0  # how long a silent discovery endpoint keeps the caller waiting
HTML = "<!doctype html><html><body><h1>Vedlikehold</h1><p>Prøv igjen senere.</p></body></html>"
KEY_ID = "osloreg-test-key"


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None


@dataclass
class OidcProvider:
    """One provider (one client registered with it). Set `identity` (the claims beside the standard
    ones) and `fault` before the browser goes to it; `issued` keeps every ID token handed out."""

    client_id: str
    client_secret: str
    identity: dict[str, Any] = field(default_factory=dict)
    fault: str | None = None
    issued: list[str] = field(default_factory=list)
    authorizations: int = 0

    def __post_init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # not published
        self._grants: dict[str, _Grant] = {}
        app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._metadata),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
            ]
        )
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the OpenID provider did not start in 10 s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def act_as(self, claims: dict[str, Any], *, fault: str | None = None) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(fault)
        self.identity, self.fault = dict(claims), fault

    # --- the endpoints ---------------------------------------------------------------------------

    async def _metadata(self, request: Request) -> Response:
        if self.fault == "discovery_500":
            return PlainTextResponse("Internal Server Error", status_code=500)
        if self.fault == "discovery_html":
            return HTMLResponse(HTML)
        if self.fault == "discovery_no_endpoints":
            return JSONResponse({"issuer": self.url, "response_types_supported": ["code"]})
        if self.fault == "silent":
            await asyncio.sleep(SILENT_SECONDS)
        return JSONResponse(
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "scopes_supported": ["openid", "profile", "email"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return JSONResponse({"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]})

    async def _authorize(self, request: Request) -> Response:
        query = request.query_params
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return JSONResponse({"error": "invalid_client"}, status_code=400)
        self.authorizations += 1
        if self.fault == "error":
            answer = {"error": "access_denied", "state": state}
        else:
            code = secrets.token_urlsafe(16)
            self._grants[code] = _Grant(self.client_id, redirect_uri, query.get("nonce"))
            answer = {"code": code, "state": state}
        return RedirectResponse(f"{redirect_uri}?{urllib.parse.urlencode(answer)}", status_code=302)

    def _client_ok(self, request: Request, form) -> bool:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic "):
            pair = base64.b64decode(header[6:]).decode()
            client_id, _, secret = pair.partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        else:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        return client_id == self.client_id and secret == self.client_secret

    async def _token(self, request: Request) -> Response:
        form = await request.form()
        if not self._client_ok(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self._grants.pop(str(form.get("code")), None)  # a code is good once
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if self.fault == "token_500":
            return PlainTextResponse("Internal Server Error", status_code=500)
        if self.fault == "token_html":
            return HTMLResponse(HTML)
        if self.fault == "replay" and self.issued:
            id_token = self.issued[0]
        else:
            id_token = self._id_token(grant)
        self.issued.append(id_token)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    def _id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        issued = now - 7200 if self.fault == "expired" else now
        claims = {
            "iss": "https://evil.example" if self.fault == "wrong_issuer" else self.url,
            "aud": "someone-else" if self.fault == "wrong_audience" else grant.client_id,
            "iat": issued,
            "exp": issued + 300,
            "nonce": "not-the-nonce" if self.fault == "wrong_nonce" else grant.nonce,
            **self.identity,
        }
        key = self._other_key if self.fault == "bad_signature" else self._key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
