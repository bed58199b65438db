"""The login cookie's token: ours reads back whole; anything else (garbage, another algorithm or none,
another key, a missing or mistyped claim, an expired token) reads as no login, and never raises."""

from __future__ import annotations

import base64
import datetime as dt
import json

import jwt
import pytest

from osloreg import login_tokens

KEY = "Vq3J-8zN1rT5wXk2Lp9Yb7Hc4Md6Fs0Gt3Ue-a-test-key-of-64-bytes-for-every-HMAC"
HOUR = dt.timedelta(hours=1)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(**changes) -> dict:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {"sub": "direktor", "epoch": 3, "jti": "abc", "iat": now, "exp": now + 3600}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not ...}


def _unsigned(header: dict, claims: dict) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."


def test_a_token_we_issue_reads_back_with_every_claim():
    now = dt.datetime(2026, 12, 3, 9, 0, 5, 123, tzinfo=dt.UTC)
    token, issued = login_tokens.issue(key=KEY, username="direktor", epoch=7, lifetime=HOUR)
    read = login_tokens.read(token, key=KEY)
    assert read == issued
    assert (read.username, read.epoch) == ("direktor", 7)
    assert read.expires_at - read.issued_at == HOUR
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    # Each login gets its own random id, so two logins in one second are two tokens.
    other, _ = login_tokens.issue(key=KEY, username="direktor", epoch=7, lifetime=HOUR, now=now)
    again, _ = login_tokens.issue(key=KEY, username="direktor", epoch=7, lifetime=HOUR, now=now)
    assert other != again


def test_a_lifetime_shortened_after_issue_ends_the_login_sooner():
    _, token = login_tokens.issue(key=KEY, username="leser", epoch=0, lifetime=dt.timedelta(hours=8))
    assert token.ends_at(dt.timedelta(hours=8)) == token.expires_at
    assert token.ends_at(dt.timedelta(hours=1)) == token.issued_at + HOUR


def _forged(kind: str) -> str:
    """A token of each kind that must not log anyone in."""
    now = int(dt.datetime.now(dt.UTC).timestamp())
    if kind == "alg none":
        return _unsigned({"alg": "none", "typ": "JWT"}, _claims())
    if kind == "alg None":
        return _unsigned({"alg": "None", "typ": "JWT"}, _claims())
    if kind == "HS512":
        return jwt.encode(_claims(), KEY, algorithm="HS512")
    if kind == "HS384":
        return jwt.encode(_claims(), KEY, algorithm="HS384")
    if kind == "other key":
        return jwt.encode(_claims(), "some_signature_key" * 3, algorithm="HS256")
    if kind == "tampered":
        header, _, signature = jwt.encode(_claims(), KEY, algorithm="HS256").split(".")
        return f"{header}.{_b64(json.dumps(_claims(sub='admin')).encode())}.{signature}"
    if kind == "expired":
        return jwt.encode(_claims(iat=now - 7200, exp=now - 3600), KEY, algorithm="HS256")
    if kind == "issued in the future":
        return jwt.encode(_claims(iat=now + 3600, exp=now + 7200), KEY, algorithm="HS256")
    if kind.startswith("without "):
        return jwt.encode(_claims(**{kind.removeprefix("without "): ...}), KEY, algorithm="HS256")
    if kind == "streamlit-authenticator's own":
        return jwt.encode({"username": "direktor", "exp_date": now + 3600.0}, KEY, algorithm="HS256")
    if kind == "epoch as text":
        return jwt.encode(_claims(epoch="3"), KEY, algorithm="HS256")
    if kind == "epoch true":
        return jwt.encode(_claims(epoch=True), KEY, algorithm="HS256")
    if kind == "negative epoch":
        return jwt.encode(_claims(epoch=-1), KEY, algorithm="HS256")
    if kind == "username a list":
        return jwt.encode(_claims(sub=["admin"]), KEY, algorithm="HS256")
    if kind == "username too long":
        return jwt.encode(_claims(sub="a" * 65), KEY, algorithm="HS256")
    if kind == "empty username":
        return jwt.encode(_claims(sub=""), KEY, algorithm="HS256")
    if kind == "expiry far out of range":
        return jwt.encode(_claims(exp=10**20), KEY, algorithm="HS256")
    if kind == "payload not an object":
        return _b64(b'{"alg":"HS256"}') + "." + _b64(b"[1,2]") + ".sig"
    if kind == "header not JSON":
        return _b64(b"not json") + "." + _b64(b"{}") + ".sig"
    if kind == "garbage":
        return "not a token at all ☃"
    if kind == "two parts":
        return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"
    if kind == "empty":
        return ""
    raise AssertionError(kind)


KINDS = [
    "alg none",
    "alg None",
    "HS512",
    "HS384",
    "other key",
    "tampered",
    "expired",
    "issued in the future",
    *(f"without {claim}" for claim in login_tokens.CLAIMS),
    "streamlit-authenticator's own",
    "epoch as text",
    "epoch true",
    "negative epoch",
    "username a list",
    "username too long",
    "empty username",
    "expiry far out of range",
    "payload not an object",
    "header not JSON",
    "garbage",
    "two parts",
    "empty",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_token_reads_as_no_login_and_never_raises(kind):
    assert login_tokens.read(_forged(kind), key=KEY) is None


@pytest.mark.parametrize("value", [None, 12, b"bytes", ["list"]])
def test_a_cookie_that_is_not_text_reads_as_no_login(value):
    assert login_tokens.read(value, key=KEY) is None


def test_the_same_claims_on_the_right_key_and_algorithm_do_read():
    """The forged tokens above fail for what is wrong with them, not for their claims."""
    assert login_tokens.read(jwt.encode(_claims(), KEY, algorithm="HS256"), key=KEY) is not None


def test_the_epoch_a_token_was_issued_under_is_what_it_says_whatever_the_user_has_now():
    """The login layer compares this with the user's current epoch: the token never adopts it."""
    token, _ = login_tokens.issue(key=KEY, username="medlem", epoch=4, lifetime=HOUR)
    assert login_tokens.read(token, key=KEY).epoch == 4
