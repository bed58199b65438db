"""Single sign-on rules: the national identity number's check digits and salted hash, and the checks an
ID token's claims must pass before the app accepts them (on top of Authlib's own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

ENTRA = "entra"
IDPORTEN = "idporten"
KINDS = (ENTRA, IDPORTEN)

# An identity is accepted only fresh: a login's ID token is issued moments before the app sees it.
MAX_AGE = dt.timedelta(minutes=5)
# Clocks of the provider and the app differ a little.
LEEWAY = dt.timedelta(seconds=60)
# ID-porten's levels of assurance, weakest first (acr claim).
ACR_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
DEFAULT_ACR = "idporten-loa-substantial"
# What an audit row may keep of an ID-porten subject: a prefix of its salted hash, enough to match
# rows about the same person, useless for finding the number.
HASH_PREFIX = 12

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    control = (11 - rest) % 11
    return None if control == 10 else control


def pid_problem(text: str | None) -> str | None:
    """None if `text` is an 11-digit fødselsnummer or d-nummer whose two control digits add up (mod
    11; synthetic test numbers pass too), else the catalogue key saying what is wrong."""
    value = (text or "").strip().replace(" ", "")
    if not value:
        return "sso.pid_missing"
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        return "sso.pid_not_11_digits"
    digits = [int(c) for c in value]
    first = _control(digits[:9], _WEIGHTS_1)
    if first is None or first != digits[9]:
        return "sso.pid_control"
    second = _control(digits[:10], _WEIGHTS_2)
    if second is None or second != digits[10]:
        return "sso.pid_control"
    return None


def normalise_pid(text: str) -> str:
    return text.strip().replace(" ", "")


def pid_hash(pid: str, *, salt: str) -> str:
    """The salted hash the app keeps of a national identity number (HMAC-SHA256, hex); the number
    itself is never stored. The salt is a secret of the installation."""
    if not salt:
        raise ValueError("no salt for the national identity number")
    return hmac.new(salt.encode("utf-8"), normalise_pid(pid).encode("ascii"), hashlib.sha256).hexdigest()


def nonce_digest(provider: str, nonce: str) -> str:
    return hashlib.sha256(f"{provider}\n{nonce}".encode()).hexdigest()


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _audiences(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def claims_problem(
    claims: Mapping[str, Any],
    *,
    kind: str,
    client_id: str,
    issuer: str,
    now: dt.datetime,
    tenant_id: str | None = None,
    min_acr: str | None = None,
) -> str | None:
    """None if the ID token's claims are for this app, from this provider, fresh, and strong enough;
    else the refusal's catalogue key. `now` is aware (UTC)."""
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        return "login.sso_invalid"
    if client_id not in _audiences(claims.get("aud")):
        return "login.sso_invalid"
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        return "login.sso_invalid"
    if kind == ENTRA and tenant_id and claims.get("tid") != tenant_id:
        return "login.sso_invalid"
    issued, expires = _time(claims.get("iat")), _time(claims.get("exp"))
    if issued is None or expires is None:
        return "login.sso_invalid"
    if expires + LEEWAY <= now or issued + MAX_AGE < now or issued - LEEWAY > now:
        return "login.sso_stale"
    if kind == IDPORTEN and min_acr:
        acr = claims.get("acr")
        if acr not in ACR_LEVELS or ACR_LEVELS.index(acr) < ACR_LEVELS.index(min_acr):
            return "login.sso_level"
    return None


def email_of(claims: Mapping[str, Any]) -> str | None:
    """The address an Entra identity gives (email, else preferred_username when it is one)."""
    for name in ("email", "preferred_username"):
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None


def roles_from_groups(groups: Any, mapping: Mapping[str, str]) -> frozenset[str]:
    """The roles the user's groups give under the configured mapping (group object id -> role)."""
    if not isinstance(groups, list):
        return frozenset()
    return frozenset(mapping[group] for group in groups if isinstance(group, str) and group in mapping)
