"""Logins: the password check behind a throttle kept in the database, and ending logins (logout).

These run before anyone is logged in, so there is no actor to authorise: they are not `@service`
functions, but they keep the same rules: one transaction, write lock up front, audit events. A
refused attempt is counted, never written to the audit trail one row at a time."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import passwords
from osloreg.models import LoginThrottle, RevokedLogin, User, utcnow
from osloreg.passwords import hash_password, verify_password
from osloreg.rules import login_throttle as rules
from osloreg.services.base import SYSTEM, Actor, audit


@functools.cache
def _dummy_hash(rounds: int) -> str:
    """Checked against when the username is unknown, so a wrong name costs the same time as a wrong
    password and response times do not reveal which usernames exist. Made at the cost new hashes get
    (passwords.BCRYPT_ROUNDS), once per cost: a fixed cost of 12 made every unknown name in the tests,
    whose users are hashed at cost 4, take 25 ms where a known one took 1."""
    return hash_password("not a real password, only for timing", rounds=rounds)


Key = tuple[str, str]  # (kind, key)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    reason: str | None = None  # catalogue key when refused
    wait_seconds: int = 0  # when throttled: how long to wait before trying again
    user_id: int | None = None
    session_epoch: int = 0
    # What the user is told at a successful login: attempts that failed since the last one.
    failures_before: int = 0
    last_failure_at: dt.datetime | None = None


def _begin_write(session: Session) -> None:
    session.connection(execution_options={"sqlite_write": True})


def attempt_login(
    session: Session,
    *,
    username: str,
    password: str,
    client: str | None = None,
    now: dt.datetime | None = None,
    allow_demo: bool = True,
    local_login: bool = True,
) -> LoginResult:
    """Check a password behind the throttle. A throttled attempt is refused before the password is
    looked at, in the same words for every name; a wrong password and an unknown name get the same
    answer in the same time. `client` is the address the attempt came from (None if unknown).
    Production passes allow_demo=False: the published demo passwords must never open it. With
    local_login False (OSLOREG_LOCAL_LOGIN=false: single sign-on only) every attempt is refused and
    audited, the password unread."""
    # A fixed `now` (tests) or the clock. The clock is read again when a failure is counted: a
    # wait runs from when the answer was given, not from before the password check took its time.
    clock = (lambda: now) if now is not None else utcnow
    now = clock()
    account = rules.account_key(username)
    client_key = rules.client_key(client)
    with session.begin():
        _begin_write(session)
        if not local_login:
            user = session.scalar(sa.select(User).where(User.username == username))
            audit(
                session,
                Actor(user_id=user.id, username=user.username) if user else SYSTEM,
                action="login.refused_local_off",
                entity="users",
                entity_id=user.id if user else None,
                after={"account": account},
            )
            return LoginResult(ok=False, reason="login.local_off")
        known = client_key is not None and _is_known(session, account, client_key, now)
        if known:
            pair = rules.pair_key(account, client_key)
            # A known client is judged by its own failures at this account; its failures still
            # count against the account name and the client for everyone else.
            judged: list[Key] = [(rules.PAIR, pair)]
            counted = [(rules.PAIR, pair), (rules.ACCOUNT, account), (rules.CLIENT, client_key)]
        else:
            judged = [(rules.ACCOUNT, account)] + ([(rules.CLIENT, client_key)] if client_key else [])
            counted = judged
        rows = _lock_rows(session, counted, now)
        user = session.scalar(sa.select(User).where(User.username == username))
        wait = max(_wait(rows[key], key[0], now) for key in judged)
        if wait > dt.timedelta(0):
            _count(session, rows, counted, now, user, failed=False)
            return LoginResult(ok=False, reason="login.throttled", wait_seconds=rules.seconds_to_wait(wait))
        stored = user.password_hash if user is not None else _dummy_hash(passwords.BCRYPT_ROUNDS)
        if not verify_password(password, stored) or user is None:
            _count(session, rows, counted, clock(), user, failed=True)
            return LoginResult(ok=False, reason="login.failed")
        actor = Actor(user_id=user.id, username=user.username)
        if user.disabled:
            audit(session, actor, action="login.refused_disabled", entity="users", entity_id=user.id)
            return LoginResult(ok=False, reason="login.disabled")
        if user.is_demo and not allow_demo:
            audit(session, actor, action="login.refused_demo", entity="users", entity_id=user.id)
            return LoginResult(ok=False, reason="login.demo_refused")
        failures_before, last_failure_at = user.failed_logins, user.last_failed_login_at
        user.failed_logins = 0
        user.last_failed_login_at = None
        user.locked_until = None
        user.last_login_at = now
        if client_key is not None:
            _remember_client(session, account, client_key, now)
        _prune(session, now)
        audit(session, actor, action="login.success", entity="users", entity_id=user.id)
        return LoginResult(
            ok=True,
            user_id=user.id,
            session_epoch=user.session_epoch,
            failures_before=failures_before,
            last_failure_at=last_failure_at,
        )


def _is_known(session: Session, account: str, client: str, now: dt.datetime) -> bool:
    last = session.scalar(
        sa.select(LoginThrottle.last_at).where(
            LoginThrottle.kind == rules.KNOWN,
            LoginThrottle.key == rules.pair_key(account, client),
            LoginThrottle.window_start == rules.KNOWN_WINDOW,
        )
    )
    return last is not None and last >= now - rules.KNOWN_FOR


def _insert_missing(session: Session, values: list[dict]) -> None:
    """Insert these rows unless they exist; concurrent attempts may insert the same row at once."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(LoginThrottle).values(values).on_conflict_do_nothing()
    session.execute(statement)


def _lock_rows(session: Session, keys: Iterable[Key], now: dt.datetime) -> dict[Key, list[LoginThrottle]]:
    """Each key's rows of this window and the one before, locked for this transaction (PostgreSQL:
    row locks; SQLite: the write lock taken up front), the current one made if missing."""
    keys = list(dict.fromkeys(keys))
    current = rules.window_start(now)
    _insert_missing(
        session,
        [
            {"kind": kind, "key": key, "window_start": current, "failures": 0, "refused": 0, "reported": 0}
            for kind, key in keys
        ],
    )
    found = session.scalars(
        sa.select(LoginThrottle)
        .where(
            sa.tuple_(LoginThrottle.kind, LoginThrottle.key).in_(keys),
            LoginThrottle.window_start >= current - rules.WINDOW,
            LoginThrottle.window_start <= current,
        )
        .order_by(LoginThrottle.window_start.desc())  # the current window first
        .with_for_update()
    ).all()
    rows: dict[Key, list[LoginThrottle]] = {key: [] for key in keys}
    for row in found:
        rows[(row.kind, row.key)].append(row)
    return rows


def _wait(rows: list[LoginThrottle], kind: str, now: dt.datetime) -> dt.timedelta:
    """How long the key must still wait: from its last failure, as long as its failures in this
    window and the one before ask. Refused attempts do not count: hammering a waiting name does not
    make its owner wait longer."""
    failures = sum(row.failures for row in rows)
    last = max((row.last_at for row in rows if row.last_at is not None), default=None)
    if last is None:
        return dt.timedelta(0)
    return max(dt.timedelta(0), last + rules.POLICIES[kind].wait_after(failures) - now)


def _count(
    session: Session,
    rows: dict[Key, list[LoginThrottle]],
    counted: list[Key],
    now: dt.datetime,
    user: User | None,
    *,
    failed: bool,
) -> None:
    """Count a failed (password checked) or refused (throttled) attempt against each key; tell the
    account's owner at their next login; report keys that pass a threshold to the audit trail."""
    current = rules.window_start(now)
    for kind, key in counted:
        row = next(row for row in rows[(kind, key)] if row.window_start == current)
        before = row.failures + row.refused
        if failed:
            row.failures += 1
            row.last_at = now
        else:
            row.refused += 1
        if kind != rules.PAIR:  # a pair's attempts are reported with its account's
            _report(session, row, before, user if kind == rules.ACCOUNT else None)
    if user is not None:
        user.failed_logins += 1
        user.last_failed_login_at = now
        if failed:
            wait = _wait(rows[(rules.ACCOUNT, rules.account_key(user.username))], rules.ACCOUNT, now)
            user.locked_until = now + wait if wait > dt.timedelta(0) else None
    if failed:
        _prune(session, now)


def _report(session: Session, row: LoginThrottle, before: int, user: User | None) -> None:
    attempts = row.failures + row.refused
    crossed = rules.thresholds_crossed(before, attempts, rules.FIRST_REPORT[row.kind])
    if crossed and row.reported == 0 and _reported_keys(session, row.window_start) >= rules.MAX_REPORTED_KEYS:
        return
    for threshold in crossed:
        row.reported = threshold
        session.flush()  # a new row needs its id for the event
        audit(
            session,
            SYSTEM,
            action="login.throttled",
            entity="users" if user is not None else "login_throttle",
            entity_id=user.id if user is not None else row.id,
            after={
                row.kind: row.key,  # "account": the name as typed, or "client": the address
                "attempts": threshold,
                "failures": row.failures,
                "refused": row.refused,
                "window_start": row.window_start.isoformat(),
            },
        )


def _reported_keys(session: Session, window_start: dt.datetime) -> int:
    return session.scalar(
        sa.select(sa.func.count()).where(
            LoginThrottle.window_start == window_start, LoginThrottle.reported > 0
        )
    )


def _remember_client(session: Session, account: str, client: str, now: dt.datetime) -> None:
    key = rules.pair_key(account, client)
    _insert_missing(
        session,
        [
            {
                "kind": rules.KNOWN,
                "key": key,
                "window_start": rules.KNOWN_WINDOW,
                "failures": 0,
                "refused": 0,
                "reported": 0,
            }
        ],
    )
    session.execute(
        sa.update(LoginThrottle)
        .where(LoginThrottle.kind == rules.KNOWN, LoginThrottle.key == key)
        .values(last_at=now)
    )


def _prune(session: Session, now: dt.datetime) -> None:
    """Counts older than the window before this one no longer count; known clients lapse."""
    oldest = rules.window_start(now) - rules.WINDOW
    session.execute(
        sa.delete(LoginThrottle).where(LoginThrottle.kind != rules.KNOWN, LoginThrottle.window_start < oldest)
    )
    session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.kind == rules.KNOWN, LoginThrottle.last_at < now - rules.KNOWN_FOR
        )
    )


def clear_account_throttle(session: Session, username: str) -> None:
    """An admin's unlock: the account name's counts go (inside the caller's transaction)."""
    session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.kind == rules.ACCOUNT, LoginThrottle.key == rules.account_key(username)
        )
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def log_out(
    session: Session, *, user_id: int | None, username: str, token: str | None, expires_at: dt.datetime
) -> None:
    """Logout ends every open login of the user, in every tab and browser, at once (a new session
    epoch), and refuses this very cookie from now on as well."""
    with session.begin():
        _begin_write(session)
        if user_id is not None:
            session.execute(
                sa.update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1)
            )
        if token:
            digest = token_digest(token)
            exists = session.scalar(sa.select(RevokedLogin.id).where(RevokedLogin.token_sha256 == digest))
            if exists is None:
                session.add(RevokedLogin(token_sha256=digest, user_id=user_id, expires_at=expires_at))
        # Expired revocations can go: the cookie they name is refused for its age anyway.
        session.execute(sa.delete(RevokedLogin).where(RevokedLogin.expires_at < utcnow()))
        audit(
            session,
            Actor(user_id=user_id, username=username),
            action="logout",
            entity="users",
            entity_id=user_id,
        )


def is_revoked(session: Session, token: str) -> bool:
    digest = token_digest(token)
    return session.scalar(sa.select(RevokedLogin.id).where(RevokedLogin.token_sha256 == digest)) is not None
