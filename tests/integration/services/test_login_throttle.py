"""The login throttle on both databases: one answer for real and unknown names, waits that grow per
client and per name but never keep an account's owner out for long, refusals counted rather than
audited one by one, the owner told, unlock, pruning, concurrent attempts; and logout ending logins."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from osloreg import migrate
from osloreg.db import read_sessions
from osloreg.models import AuditEvent, LoginThrottle, RevokedLogin, User, UserRole, utcnow
from osloreg.passwords import hash_password
from osloreg.rules import login_throttle as rules
from osloreg.services import users
from osloreg.services.base import SYSTEM
from osloreg.services.logins import attempt_login, is_revoked, log_out

PASSWORD = "et langt passord"
T0 = dt.datetime(2026, 12, 3, 5, 10)


def _seconds(n: float) -> dt.timedelta:
    return dt.timedelta(seconds=n)


@pytest.fixture
def director(session: Session) -> int:
    """The director's user id. Added with a cheap hash for the tests' speed (the service's full-cost
    hashing is tested elsewhere); unknown names are checked against a dummy of the cost new hashes get."""
    with session.begin():
        user = User(
            username="direktor",
            display_name="Direktør",
            password_hash=hash_password(PASSWORD, rounds=4),
            role_rows=[UserRole(role="director")],
        )
        session.add(user)
        session.flush()
        user_id = user.id
    return user_id


def _read(session: Session, read):
    """A read of its own, its transaction ended, so the next login attempt can open one."""
    try:
        return read()
    finally:
        session.rollback()


def _user(session: Session) -> tuple:
    return _read(
        session,
        lambda: session.execute(
            sa.select(
                User.failed_logins, User.last_failed_login_at, User.locked_until, User.session_epoch
            ).where(User.username == "direktor")
        ).one(),
    )


def _try(session: Session, name: str, password: str = "feil passord", *, at: dt.datetime, client=None):
    result = attempt_login(session, username=name, password=password, client=client, now=at)
    return (result.reason, result.wait_seconds) if not result.ok else ("ok", 0)


def _audit(session: Session) -> list[str]:
    return _read(
        session,
        lambda: list(
            session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.action.like("login%")).order_by(AuditEvent.id)
            )
        ),
    )


def test_a_real_and_an_unknown_name_get_the_same_answers_and_the_right_password_waits_too(session, director):
    answers = {}
    for name in ("direktor", "nosuchuser"):
        answers[name] = [_try(session, name, at=T0 + _seconds(i / 10)) for i in range(5)]
        answers[name].append(_try(session, name, PASSWORD, at=T0 + _seconds(0.6)))
    assert (
        answers["direktor"] == answers["nosuchuser"] == [("login.failed", 0)] * 5 + [("login.throttled", 2)]
    )
    assert _try(session, "direktor", PASSWORD, at=T0 + _seconds(2.5)) == ("ok", 0)


@pytest.mark.production_password_cost  # so that the check an unknown name gets costs what it does in use
def test_a_throttled_attempt_is_answered_without_checking_the_password(session, director):
    for i in range(5):
        _try(session, "direktor", at=T0 + _seconds(i / 10))
    checked, refused = [], []
    for _ in range(3):
        started = time.perf_counter()
        assert _try(session, "nosuchuser", at=T0 + _seconds(1))[0] == "login.failed"
        checked.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert _try(session, "direktor", PASSWORD, at=T0 + _seconds(1))[0] == "login.throttled"
        refused.append(time.perf_counter() - started)
    # A password check costs bcrypt's full work factor (a quarter of a second here); a refusal, a few
    # database statements.
    assert sorted(refused)[1] < sorted(checked)[1] / 4, (refused, checked)


def test_an_accounts_wait_doubles_to_a_minute_and_hammering_it_does_not_make_it_longer(session, director):
    at = T0
    for _ in range(5):
        assert _try(session, "direktor", at=at)[0] == "login.failed"
    waits = []
    for _ in range(6):  # each attempt the moment the last wait ends: checked, failed, a longer wait
        _, wait = _try(session, "direktor", at=at)
        waits.append(wait)
        at += _seconds(wait)
        assert _try(session, "direktor", at=at)[0] == "login.failed"
    assert waits == [2, 4, 8, 16, 32, 60]
    # Attempts all through the minute that follows are refused and do not move its end.
    for i in range(30):
        assert _try(session, "direktor", at=at + _seconds(i * 2))[0] == "login.throttled"
    assert _try(session, "direktor", PASSWORD, at=at + _seconds(60)) == ("ok", 0)


def test_refusals_are_counted_and_the_audit_trail_hears_of_each_threshold_once(session, director):
    for i in range(5):
        _try(session, "direktor", at=T0 + _seconds(i / 10))
    for _ in range(50):
        _try(session, "direktor", at=T0 + _seconds(1))
    # 55 attempts: 5 checked, 50 refused. One event at 5 and one at 50; nothing per attempt.
    assert _audit(session) == ["login.throttled", "login.throttled"]
    events = _read(
        session,
        lambda: session.execute(
            sa.select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.after)
            .where(AuditEvent.action == "login.throttled")
            .order_by(AuditEvent.id)
        ).all(),
    )
    assert [(e.entity, e.entity_id, e.after["attempts"], e.after["account"]) for e in events] == [
        ("users", director, 5, "direktor"),
        ("users", director, 50, "direktor"),
    ]
    row = _read(
        session,
        lambda: session.execute(
            sa.select(LoginThrottle.failures, LoginThrottle.refused, LoginThrottle.reported).where(
                LoginThrottle.kind == rules.ACCOUNT
            )
        ).one(),
    )
    assert tuple(row) == (5, 50, 50)
    failed, last, locked_until, _ = _user(session)
    assert failed == 55 and last == T0 + _seconds(1)
    assert locked_until == T0 + _seconds(0.4 + 2)  # the wait after the fifth failure


def _sprayed(session: Session, count: int) -> list[str]:
    """Accounts with a cheap hash for a spraying attack (hashing at full cost would slow the test)."""
    cheap = hash_password(PASSWORD, rounds=4)
    names = [f"bruker{i}" for i in range(count)]
    with session.begin():
        session.add_all(User(username=name, display_name=name, password_hash=cheap) for name in names)
    return names


def test_a_client_that_keeps_failing_waits_while_the_same_name_from_elsewhere_does_not(session, director):
    names = _sprayed(session, 21)
    for i, name in enumerate(names[:10]):  # password spraying: one guess at each of ten names
        assert _try(session, name, at=T0 + _seconds(i / 10), client="203.0.113.9")[0] == "login.failed"
    assert _try(session, names[10], at=T0 + _seconds(1), client="203.0.113.9") == ("login.throttled", 2)
    assert _try(session, names[10], at=T0 + _seconds(1), client="198.51.100.4")[0] == "login.failed"
    # Its waits pass an account's minute: after 20 failures, a quarter of an hour.
    at = T0 + _seconds(1)
    for name in names[11:]:
        _, wait = _try(session, name, at=at, client="203.0.113.9")
        at += _seconds(wait)
        assert _try(session, name, at=at, client="203.0.113.9")[0] == "login.failed"
    assert _try(session, "direktor", PASSWORD, at=at, client="203.0.113.9") == ("login.throttled", 15 * 60)


def test_strangers_failing_at_an_account_do_not_hold_up_its_owner_at_their_usual_client(session, director):
    office = "192.0.2.10"
    assert _try(session, "direktor", PASSWORD, at=T0, client=office) == ("ok", 0)
    later = T0 + dt.timedelta(days=2)
    for i in range(8):  # an attack from eight addresses
        _try(session, "direktor", at=later + _seconds(i / 10), client=f"203.0.113.{i}")
    assert (
        _try(session, "direktor", PASSWORD, at=later + _seconds(1), client="198.51.100.7")[0]
        == "login.throttled"
    )
    result = attempt_login(
        session, username="direktor", password=PASSWORD, client=office, now=later + _seconds(1)
    )
    assert result.ok
    # The owner is told (the refused attempt from a new client included), and the count starts anew.
    assert (result.failures_before, result.last_failure_at) == (9, later + _seconds(1))
    assert _user(session)[:3] == (0, None, None)


def test_the_admins_unlock_lets_the_name_be_tried_at_once(session, director):
    for i in range(6):
        _try(session, "direktor", at=T0 + _seconds(i / 10))
    users.unlock_user(session, actor=SYSTEM, username="direktor")
    assert _try(session, "direktor", PASSWORD, at=T0 + _seconds(1)) == ("ok", 0)
    assert _audit(session)[-1] == "login.success"


def test_counts_older_than_the_window_before_are_pruned(session, director):
    for i in range(3):
        _try(session, f"navn{i}", at=T0, client="203.0.113.1")
    assert _read(session, lambda: session.scalar(sa.select(sa.func.count()).select_from(LoginThrottle))) == 4
    _try(session, "direktor", at=T0 + dt.timedelta(hours=3), client="203.0.113.1")
    kept = _read(
        session,
        lambda: session.execute(
            sa.select(LoginThrottle.kind, LoginThrottle.key, LoginThrottle.failures)
        ).all(),
    )
    assert sorted(kept) == [("account", "direktor", 1), ("client", "203.0.113.1", 1)]


def test_concurrent_refusals_are_all_counted_across_a_new_window(engine, session, director):
    """Attempts racing to make the new window's row: none fails, none is lost."""
    edge = dt.datetime(2026, 12, 3, 5, 59, 59)
    for _ in range(5):
        _try(session, "direktor", at=edge)
    new_window = edge + _seconds(1.5)  # 06:00:00.5: the wait from 05:59:59 runs to 06:00:01
    results, errors = [], []
    make = read_sessions(engine)

    def attack() -> None:
        try:
            with make() as own:
                results.append(_try(own, "direktor", at=new_window, client="203.0.113.5"))
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=attack) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert results == [("login.throttled", 1)] * 12
    row = _read(
        session,
        lambda: session.execute(
            sa.select(LoginThrottle.failures, LoginThrottle.refused).where(
                LoginThrottle.kind == rules.ACCOUNT, LoginThrottle.window_start == dt.datetime(2026, 12, 3, 6)
            )
        ).one(),
    )
    assert tuple(row) == (0, 12)


def _log_out(session: Session, director: int, token: str, *, expires_in: dt.timedelta) -> None:
    """The director logs out with `token`, a cookie that expires `expires_in` from now. (The real
    clock: logout prunes the revocations of cookies that have expired.)"""
    log_out(session, user_id=director, username="direktor", token=token, expires_at=utcnow() + expires_in)


def test_logout_ends_every_login_of_the_user_and_refuses_its_own_cookie(session, director):
    _log_out(session, director, "the-token", expires_in=dt.timedelta(hours=8))
    assert _user(session)[3] == 1
    assert _read(session, lambda: is_revoked(session, "the-token") and not is_revoked(session, "another"))
    assert _read(session, lambda: session.scalar(sa.select(sa.func.count()).select_from(RevokedLogin))) == 1


def test_a_logout_forgets_revoked_cookies_that_have_expired_and_keeps_the_rest(session, director):
    """An expired cookie is refused for its age anyway, so its revocation need not be kept forever."""
    _log_out(session, director, "old", expires_in=-dt.timedelta(minutes=1))
    _log_out(session, director, "new", expires_in=dt.timedelta(hours=8))
    assert _read(session, lambda: (is_revoked(session, "old"), is_revoked(session, "new"))) == (False, True)


def test_new_roles_end_the_old_logins_and_the_same_roles_do_not(session, director):
    users.set_roles(session, actor=SYSTEM, username="direktor", roles=["director"])
    assert _user(session)[3] == 0
    users.set_roles(session, actor=SYSTEM, username="direktor", roles=["director", "viewer"])
    assert _user(session)[3] == 1


def test_past_a_hundred_reported_keys_in_an_hour_new_ones_are_counted_but_not_reported(session, director):
    """A thousand addresses failing at once write a hundred keys' events, not a thousand."""
    window = rules.window_start(T0)
    with session.begin():
        session.add_all(
            LoginThrottle(
                kind=rules.CLIENT,
                key=f"10.0.{i // 250}.{i % 250}",
                window_start=window,
                refused=50,
                reported=50,
            )
            for i in range(rules.MAX_REPORTED_KEYS)
        )
    for i in range(5):
        _try(session, "direktor", at=T0 + _seconds(i / 10))
    assert _audit(session) == []
    counted = _read(
        session,
        lambda: session.scalar(
            sa.select(LoginThrottle.failures).where(
                LoginThrottle.kind == rules.ACCOUNT, LoginThrottle.key == "direktor"
            )
        ),
    )
    assert counted == 5


def test_the_migration_keeps_every_user_and_their_failure_count_both_ways(engine):
    """The login throttle's migration adds a table and a column; users and their counts come through
    unchanged, up and down."""
    scripts = ScriptDirectory.from_config(migrate.alembic_config(engine))
    before_it = next(rev.down_revision for rev in scripts.walk_revisions() if rev.doc == "login throttle")
    migrate.downgrade(engine, before_it)
    insert = sa.text(
        "INSERT INTO users (username, display_name, password_hash, failed_logins, locked_until, disabled, "
        "session_epoch, language, is_demo, created_at) VALUES "
        "('kari', 'Kari', 'x', 4, :locked, false, 2, 'nb', false, :created)"
    )
    select = sa.text("SELECT username, failed_logins, locked_until, session_epoch FROM users")
    with engine.begin() as connection:
        connection.execute(insert, {"locked": T0, "created": T0})
        before = connection.execute(select).all()
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(select).all() == before
        assert connection.execute(sa.text("SELECT last_failed_login_at FROM users")).scalar_one() is None
    migrate.downgrade(engine, before_it)
    with engine.connect() as connection:
        assert connection.execute(select).all() == before
    migrate.upgrade(engine)
