"""Login throttle rules: free failures then doubling waits with a cap; names and addresses as keys;
the audit thresholds."""

from __future__ import annotations

import datetime as dt

import pytest

from osloreg.rules import login_throttle as rules


def _waits(policy: rules.Policy, upto: int) -> list[float]:
    return [policy.wait_after(n).total_seconds() for n in range(upto)]


def test_an_account_name_has_five_free_failures_then_waits_that_double_up_to_a_minute():
    assert _waits(rules.ACCOUNT_POLICY, 12) == [0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert rules.ACCOUNT_POLICY.wait_after(10_000) == dt.timedelta(minutes=1)


def test_a_client_that_keeps_failing_waits_longer_than_any_account_up_to_a_quarter_of_an_hour():
    waits = _waits(rules.CLIENT_POLICY, 22)
    assert waits[:10] == [0] * 10
    assert waits[10:15] == [2, 4, 8, 16, 32]
    assert max(waits) == 15 * 60 > rules.ACCOUNT_POLICY.cap
    assert rules.CLIENT_POLICY.wait_after(10**9) == dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("direktor", "direktor"),
        ("  Direktor ", "direktor"),
        ("DIREKTOR", "direktor"),
        ("ｄｉｒｅｋｔｏｒ", "direktor"),  # full-width letters: NFKC
        ("nosuchuser", "nosuchuser"),
    ],
)
def test_an_account_name_counts_as_a_person_would_read_it(typed, key):
    assert rules.account_key(typed) == key


def test_a_name_longer_than_any_username_is_kept_short():
    key = rules.account_key("x" * 10_000)
    assert key.startswith("#") and len(key) <= rules.ACCOUNT_NAME_MAX
    assert key != rules.account_key("x" * 10_001)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # one subscriber's /64 is one client
        (None, None),
        ("", None),
        ("not an address", None),
    ],
)
def test_a_client_is_its_address_and_an_ipv6_client_its_64_network(address, key):
    assert rules.client_key(address) == key


def test_windows_are_whole_hours():
    assert rules.window_start(dt.datetime(2026, 12, 3, 5, 59, 59, 999)) == dt.datetime(2026, 12, 3, 5)


@pytest.mark.parametrize(
    ("before", "after", "crossed"),
    [(0, 4, []), (4, 5, [5]), (5, 49, []), (49, 50, [50]), (0, 10_000, [5, 50, 500, 5000]), (500, 501, [])],
)
def test_the_audit_trail_hears_of_an_account_name_at_5_50_500_attempts(before, after, crossed):
    assert rules.thresholds_crossed(before, after, rules.FIRST_REPORT[rules.ACCOUNT]) == crossed


def test_the_audit_trail_hears_of_a_client_from_50_attempts():
    assert rules.thresholds_crossed(0, 49, rules.FIRST_REPORT[rules.CLIENT]) == []
    assert rules.thresholds_crossed(0, 10_000, rules.FIRST_REPORT[rules.CLIENT]) == [50, 500, 5000]


def test_a_wait_is_told_in_whole_seconds_rounded_up():
    assert rules.seconds_to_wait(dt.timedelta(seconds=1.2)) == 2
    assert rules.seconds_to_wait(dt.timedelta(milliseconds=1)) == 1
