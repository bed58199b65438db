"""Signed links in e-mail (forfall from an invitation, the digest's opt-out): an HS256 JWT with its
purpose as audience, under a key of its own derived from the installation's secret, so that a login
cookie is never a link and a link for one purpose never works for another."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import jwt

ALGORITHM = "HS256"
LEEWAY = dt.timedelta(seconds=30)
# Purposes (the token's audience); used_links.purpose holds them, so at most 16 characters.
FORFALL = "forfall"
DIGEST_OPT_OUT = "digest-opt-out"
PURPOSES = (FORFALL, DIGEST_OPT_OUT)

log = logging.getLogger(__name__)


class LinkRefused(Exception):
    """A link that does nothing; `reason` names why (a key of REASONS), for the message in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# forged: not ours, tampered or garbage; expired: past its time; used: a one-time link used before;
# wrong_purpose: ours, for something else.
REASONS = ("forged", "expired", "used", "wrong_purpose")


@dataclass(frozen=True)
class Link:
    """What a valid link says: for whom, what for, its own id (for one-time use) and its claims."""

    purpose: str
    user_id: int
    link_id: str
    expires_at: dt.datetime | None
    claims: dict[str, Any]


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), b"osloreg signed links v1", hashlib.sha256).digest()


def issue(
    *,
    secret: str,
    purpose: str,
    user_id: int,
    expires_at: dt.datetime | None,
    now: dt.datetime | None = None,
    **claims: int | str,
) -> str:
    """A link token for `user_id` and `purpose`, valid until `expires_at` (aware; None: no end), with
    extra claims (the meeting's id, say) as ints or short strings."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    payload: dict[str, Any] = {
        "aud": purpose,
        "sub": str(user_id),
        "jti": secrets.token_urlsafe(16),
        "iat": int(now.timestamp()),
        **claims,
    }
    if expires_at is not None:
        payload["exp"] = int(expires_at.timestamp())
    return jwt.encode(payload, _key(secret), algorithm=ALGORITHM)


def read(token: object, *, secret: str, purpose: str, now: dt.datetime | None = None) -> Link:
    """The link's claims if it is ours, intact, for `purpose` and unexpired; LinkRefused otherwise.
    Whether a one-time link was used is the service's question (used_links)."""
    if not isinstance(token, str) or not token or len(token) > 2000:
        raise LinkRefused("forged")
    now = now or dt.datetime.now(dt.UTC)
    try:
        # The time is judged here against `now` (tests pass one), not by the library's clock.
        payload = jwt.decode(
            token,
            _key(secret),
            algorithms=[ALGORITHM],
            audience=purpose,
            options={"require": ["aud", "sub", "jti", "iat"], "verify_exp": False},
        )
    except jwt.InvalidAudienceError:
        raise LinkRefused("wrong_purpose") from None
    except jwt.InvalidTokenError as error:
        log.info("signed link refused: %s", type(error).__name__)
        raise LinkRefused("forged") from None
    expires = payload.get("exp")
    subject, link_id = payload["sub"], payload["jti"]
    if not (isinstance(subject, str) and subject.isdigit() and isinstance(link_id, str) and link_id):
        raise LinkRefused("forged")
    if expires is not None:
        if not isinstance(expires, int | float) or isinstance(expires, bool):
            raise LinkRefused("forged")
        expires_at = dt.datetime.fromtimestamp(expires, dt.UTC)
        if now > expires_at + LEEWAY:
            raise LinkRefused("expired")
    else:
        expires_at = None
    return Link(purpose=purpose, user_id=int(subject), link_id=link_id, expires_at=expires_at, claims=payload)


def link_key(link: Link) -> str:
    """What used_links keeps of a one-time link: a digest of its id (the link itself is never kept)."""
    return hashlib.sha256(link.link_id.encode("ascii", "replace")).hexdigest()
