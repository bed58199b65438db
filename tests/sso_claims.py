"""Single sign-on test material shared by unit, integration, reliability and browser tests: the two
providers as the app is configured for them, ID-token claims as st.user holds them, and synthetic
national identity numbers (Tenor-style, month + 80: no real person has them)."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from osloreg.rules import sso as rules
from osloreg.sso_settings import SsoProvider

PID = "01819010001"  # synthetic, control digits right
OTHER_PID = "15858510055"
TENANT = "11111111-2222-3333-4444-555555555555"
ENTRA_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
IDPORTEN_ISSUER = "https://test.idporten.no"
SALT = "6q1C0fJ8w8b-Qk3LzR5vVt2N9xHs7mPaYdEeUuGgWiXo"  # test-only salt, random
COORDINATORS_GROUP = "aaaaaaaa-0000-0000-0000-000000000001"
DIRECTORS_GROUP = "aaaaaaaa-0000-0000-0000-000000000002"


def entra(**changes: Any) -> SsoProvider:
    values = dict(
        name="entra",
        kind=rules.ENTRA,
        client_id="osloreg-entra",
        issuer=ENTRA_ISSUER,
        metadata_url=f"{ENTRA_ISSUER}/.well-known/openid-configuration",
        has_secret=True,
        tenant_id=TENANT,
        link_by_email=True,
    )
    values.update(changes)
    return SsoProvider(**values)


def idporten(**changes: Any) -> SsoProvider:
    values = dict(
        name="idporten",
        kind=rules.IDPORTEN,
        client_id="osloreg-idporten",
        issuer=IDPORTEN_ISSUER,
        metadata_url=f"{IDPORTEN_ISSUER}/.well-known/openid-configuration",
        has_secret=True,
        min_acr=rules.DEFAULT_ACR,
    )
    values.update(changes)
    return SsoProvider(**values)


def entra_claims(
    oid: str,
    *,
    email: str | None = None,
    groups: list[str] | None = None,
    now: dt.datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An Entra ID token's claims, fresh (issued `now`, aware), with a nonce of its own."""
    issued = int((now or dt.datetime.now(dt.UTC)).timestamp())
    claims: dict[str, Any] = {
        "iss": ENTRA_ISSUER,
        "aud": "osloreg-entra",
        "sub": f"pairwise-{oid}",
        "oid": oid,
        "tid": TENANT,
        "iat": issued,
        "exp": issued + 3600,
        "nonce": secrets.token_urlsafe(16),
        "name": "Test Testesen",
    }
    if email:
        claims["email"] = email
    if groups is not None:
        claims["groups"] = groups
    claims.update(extra)
    return claims


def idporten_claims(pid: str, *, now: dt.datetime | None = None, **extra: Any) -> dict[str, Any]:
    issued = int((now or dt.datetime.now(dt.UTC)).timestamp())
    claims: dict[str, Any] = {
        "iss": IDPORTEN_ISSUER,
        "aud": "osloreg-idporten",
        "sub": secrets.token_urlsafe(20),
        "pid": pid,
        "acr": "idporten-loa-substantial",
        "amr": ["BankID"],
        "iat": issued,
        "exp": issued + 120,
        "nonce": secrets.token_urlsafe(16),
    }
    claims.update(extra)
    return claims


def write_secrets(
    path: Path,
    providers: dict[str, SsoProvider] | None = None,
    *,
    redirect_uri: str = "http://localhost:8501/oauth2callback",
    client_secrets: dict[str, str] | None = None,
) -> Path:
    """A secrets.toml with [auth] for the providers (by default both, as above) and our rules for them,
    for OSLOREG_SECRETS_FILE and Streamlit's --secrets.files."""
    providers = providers or {"entra": entra(), "idporten": idporten()}
    lines = [
        "[auth]",
        f'redirect_uri = "{redirect_uri}"',
        'cookie_secret = "test-cookie-secret-for-sso-tests-only"',
    ]
    for name, provider in providers.items():
        lines += [
            f"[auth.{name}]",
            f'client_id = "{provider.client_id}"',
            f'client_secret = "{(client_secrets or {}).get(name, "test-client-secret")}"',
            f'server_metadata_url = "{provider.metadata_url}"',
        ]
    for name, provider in providers.items():
        lines += [f"[osloreg.sso.{name}]", f'issuer = "{provider.issuer}"']
        if provider.tenant_id:
            lines.append(f'tenant_id = "{provider.tenant_id}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
