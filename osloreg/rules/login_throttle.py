"""Login throttle rules: which keys a login attempt counts against, how long each key must wait after
its failures, and when the audit trail hears of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
import unicodedata
from dataclasses import dataclass

# Kinds of key (the column `login_throttle.kind`).
ACCOUNT = "account"  # an account name as typed (normalised): real and unknown names alike
CLIENT = "client"  # the address the attempt came from
PAIR = "pair"  # an account tried from a client it has logged in from before
KNOWN = "known"  # the record that it did (its last successful login from there)

# Counts are kept per window; a key's wait is judged on this window and the one before, so a count
# does not start afresh on the hour.
WINDOW = dt.timedelta(hours=1)
# A client an account logged in from within this time is "known" to that account.
KNOWN_FOR = dt.timedelta(days=30)
# Rows of kind KNOWN keep one fixed window: the row is the pair, its last_at the last login.
KNOWN_WINDOW = dt.datetime(2000, 1, 1)
ACCOUNT_NAME_MAX = 64
# The audit trail hears of an account name at 5, 50, 500, ... attempts in a window, and of a client
# at 50, 500, ... (a few typos behind one office address are no news): one event each, so ten
# thousand attempts write at most four rows per key, never one per attempt. Past this many keys in
# a window, new keys are counted but no longer reported (a thousand addresses would be a thousand rows).
FIRST_REPORT = {ACCOUNT: 5, CLIENT: 50}
MAX_REPORTED_KEYS = 100
# Admins see, in the list of users, every account with this many failed attempts since its last login.
ALERT_FAILURES = 5


@dataclass(frozen=True)
class Policy:
    """Free failures, then a wait that doubles from `first` up to `cap` seconds."""

    free: int
    first: int
    cap: int

    def wait_after(self, failures: int) -> dt.timedelta:
        """How long the next attempt must wait after this many failures in the window."""
        if failures < self.free:
            return dt.timedelta(0)
        doublings = min(failures - self.free, 32)  # 2**32 s is far past any cap
        return dt.timedelta(seconds=min(self.cap, self.first * 2**doublings))


# An account name waits at most a minute, so nobody can keep its owner out for long; password
# guessing at one account is held to about one guess a minute.
ACCOUNT_POLICY = Policy(free=5, first=2, cap=60)
# A client that keeps failing (at any names) waits longer and longer, up to a quarter of an hour.
# More free failures than an account: many people may share an office's address.
CLIENT_POLICY = Policy(free=10, first=2, cap=15 * 60)
# A known client of an account is judged by its own failures at that account only: strangers'
# failures at the account do not slow the owner at their usual machine.
PAIR_POLICY = ACCOUNT_POLICY
POLICIES = {ACCOUNT: ACCOUNT_POLICY, CLIENT: CLIENT_POLICY, PAIR: PAIR_POLICY}


def window_start(now: dt.datetime) -> dt.datetime:
    """The start of the window `now` falls in (windows are whole hours)."""
    return now.replace(minute=0, second=0, microsecond=0)


def account_key(typed: str) -> str:
    """The account name as typed, normalised the way a person would not tell apart (Unicode NFKC,
    case, spaces at the ends): "Direktor " and "direktor" are one key. A name longer than any
    username is kept as a digest, so the key stays short whatever is typed."""
    name = unicodedata.normalize("NFKC", typed).strip().casefold()
    if len(name) > ACCOUNT_NAME_MAX:
        return "#" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]
    return name


def client_key(address: str | None) -> str | None:
    """The client an attempt came from, or None when unknown (a local connection). An IPv6 client
    counts by its /64 network: one subscriber usually holds a whole /64."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:  # the server gives addresses; anything else is treated as no address
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def pair_key(account: str, client: str) -> str:
    # The client first: an address holds no space, so the key reads back unambiguously.
    return f"{client} {account}"


def seconds_to_wait(wait: dt.timedelta) -> int:
    """Whole seconds, rounded up: "wait 0 seconds" would be refused again."""
    return max(1, math.ceil(wait.total_seconds()))


def thresholds_crossed(before: int, after: int, first: int) -> list[int]:
    """The report thresholds (first, ten times that, ...) passed going from `before` to `after`."""
    crossed = []
    threshold = first
    while threshold <= after:
        if threshold > before:
            crossed.append(threshold)
        threshold *= 10
    return crossed
