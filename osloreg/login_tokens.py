"""The login cookie's token: an HS256 JWT naming the user, their session epoch, a random id and its times."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
# Every claim must be there: a token of another shape (streamlit-authenticator's own {username,
# exp_date}, say) is no login.
CLAIMS = ("sub", "epoch", "jti", "iat", "exp")
# Clocks of several app processes may differ a little; a token is never judged to the second.
LEEWAY = dt.timedelta(seconds=30)
USERNAME_MAX = 64

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginToken:
    """What a valid token says: who, against which session epoch, which login, and when."""

    username: str
    epoch: int
    session_id: str
    issued_at: dt.datetime  # aware, UTC
    expires_at: dt.datetime  # aware, UTC

    def ends_at(self, lifetime: dt.timedelta) -> dt.datetime:
        """When this login ends under the lifetime in force now: a lifetime shortened after the token
        was issued applies at once."""
        return min(self.expires_at, self.issued_at + lifetime)


def issue(
    *, key: str, username: str, epoch: int, lifetime: dt.timedelta, now: dt.datetime | None = None
) -> tuple[str, LoginToken]:
    """A new token for a login that starts now; the encoded form goes into the cookie."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    claims = LoginToken(
        username=username,
        epoch=epoch,
        session_id=secrets.token_urlsafe(16),
        issued_at=now,
        expires_at=now + lifetime,
    )
    payload = {
        "sub": claims.username,
        "epoch": claims.epoch,
        "jti": claims.session_id,
        "iat": int(claims.issued_at.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM), claims


def read(token: object, *, key: str) -> LoginToken | None:
    """The token's claims if it is ours, intact, complete and unexpired; None for anything else
    (garbage, another algorithm or `none`, a forged or tampered signature, a missing or mistyped
    claim, an expired token). Never raises: a bad cookie means the login form, not an error."""
    if not isinstance(token, str) or not token:
        return None
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={"require": list(CLAIMS)},
            leeway=LEEWAY,
        )
        return _claims(payload)
    except jwt.InvalidTokenError as error:
        log.info("login cookie refused: %s", type(error).__name__)
        return None
    except Exception:  # noqa: BLE001 - the last resort: whatever the library trips on is no login
        log.exception("login cookie could not be read")
        return None


def _claims(payload: dict) -> LoginToken | None:
    username, epoch, session_id = payload["sub"], payload["epoch"], payload["jti"]
    issued, expires = payload["iat"], payload["exp"]
    well_typed = (
        isinstance(username, str)
        and 0 < len(username) <= USERNAME_MAX
        # bool is an int to Python; a token claiming `true` as its epoch is not one we made.
        and isinstance(epoch, int)
        and not isinstance(epoch, bool)
        and epoch >= 0
        and isinstance(session_id, str)
        and session_id != ""
        and all(isinstance(value, int | float) and not isinstance(value, bool) for value in (issued, expires))
    )
    if not well_typed:
        log.info("login cookie refused: a claim of the wrong type")
        return None
    try:
        issued_at = dt.datetime.fromtimestamp(issued, dt.UTC)
        expires_at = dt.datetime.fromtimestamp(expires, dt.UTC)
    except (OverflowError, OSError, ValueError):
        log.info("login cookie refused: a time out of range")
        return None
    return LoginToken(
        username=username, epoch=epoch, session_id=session_id, issued_at=issued_at, expires_at=expires_at
    )
