"""Signed links in e-mail: what one says comes back intact; a tampered, expired, foreign or
other-purpose link does nothing, and says why."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from osloreg import login_tokens, signed_links
from osloreg.signed_links import DIGEST_OPT_OUT, FORFALL, LinkRefused

SECRET = "installation-secret-" + "Jq4Vx8Lm2Pz7Rk5Tw9Yb3Nc6Hd1Gf0Sa"
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
MEETING_STARTS = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)


def _forfall_link(**changes) -> str:
    values = {"secret": SECRET, "purpose": FORFALL, "user_id": 7, "expires_at": MEETING_STARTS, "now": NOW}
    return signed_links.issue(**{**values, **changes}, meeting=42)


def test_a_link_gives_back_who_what_for_and_until_when():
    link = signed_links.read(_forfall_link(), secret=SECRET, purpose=FORFALL, now=NOW)
    assert (link.user_id, link.purpose, link.claims["meeting"]) == (7, FORFALL, 42)
    assert link.expires_at == MEETING_STARTS
    # Two links for the same meeting are two links: each is used once on its own.
    other = signed_links.read(_forfall_link(), secret=SECRET, purpose=FORFALL, now=NOW)
    assert signed_links.link_key(link) != signed_links.link_key(other)
    assert len(signed_links.link_key(link)) == 64


def test_an_opt_out_link_has_no_end():
    token = signed_links.issue(secret=SECRET, purpose=DIGEST_OPT_OUT, user_id=7, expires_at=None, now=NOW)
    years_later = NOW + dt.timedelta(days=3650)
    assert signed_links.read(token, secret=SECRET, purpose=DIGEST_OPT_OUT, now=years_later).user_id == 7


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (_forfall_link()[:-3] + "AAA", "forged"),  # the signature altered
        (_forfall_link(secret="another-installation-" + "x" * 32), "forged"),
        ("not a token", "forged"),
        ("", "forged"),
        (None, "forged"),
        ("a" * 5000, "forged"),
        # signed with the installation secret itself, not the links' own key derived from it
        (jwt.encode({"aud": FORFALL, "sub": "7", "jti": "x", "iat": 1}, SECRET, algorithm="HS256"), "forged"),
    ],
)
def test_a_link_not_ours_is_refused_as_forged(token, reason):
    with pytest.raises(LinkRefused) as refused:
        signed_links.read(token, secret=SECRET, purpose=FORFALL, now=NOW)
    assert refused.value.reason == reason


def test_an_unsigned_link_is_refused():
    header_and_claims = jwt.encode({"aud": FORFALL, "sub": "7", "jti": "x", "iat": 1}, SECRET, "HS256")
    unsigned = ".".join(header_and_claims.split(".")[:2]) + "."
    with pytest.raises(LinkRefused, match="forged"):
        signed_links.read(unsigned, secret=SECRET, purpose=FORFALL, now=NOW)


def test_a_link_past_its_time_is_refused_as_expired():
    after_the_start = MEETING_STARTS + dt.timedelta(minutes=5)
    with pytest.raises(LinkRefused, match="expired"):
        signed_links.read(_forfall_link(), secret=SECRET, purpose=FORFALL, now=after_the_start)
    # Clocks of two processes may differ by seconds: just past the end still holds.
    just_after = MEETING_STARTS + dt.timedelta(seconds=10)
    assert signed_links.read(_forfall_link(), secret=SECRET, purpose=FORFALL, now=just_after).user_id == 7


def test_a_link_for_another_purpose_does_nothing_here():
    opt_out = signed_links.issue(secret=SECRET, purpose=DIGEST_OPT_OUT, user_id=7, expires_at=None, now=NOW)
    with pytest.raises(LinkRefused, match="wrong_purpose"):
        signed_links.read(opt_out, secret=SECRET, purpose=FORFALL, now=NOW)


def test_a_login_cookie_is_no_link_and_a_link_no_login():
    cookie, _ = login_tokens.issue(key=SECRET, username="ola", epoch=0, lifetime=dt.timedelta(hours=8))
    with pytest.raises(LinkRefused, match="forged"):
        signed_links.read(cookie, secret=SECRET, purpose=FORFALL)
    assert login_tokens.read(_forfall_link(now=None), key=SECRET) is None


def test_an_unknown_purpose_is_never_issued():
    with pytest.raises(ValueError, match="unknown purpose"):
        signed_links.issue(secret=SECRET, purpose="admin", user_id=1, expires_at=None)
