"""Sending the digest over real SMTP (aiosmtpd on 127.0.0.1) from a real database (SQLite and
PostgreSQL): once per user and window however often the run is repeated, again in the next window,
nothing to those who must get nothing, a refused mail resent exactly once by the next run, a claim held
by another run respected (and taken over once stale), two runs at once sending each digest once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from osloreg.db import read_session
from osloreg.enums import DeliveryStatus
from osloreg.mail.digest_run import NoRelay, send_digests
from osloreg.models import AuditEvent, DigestDelivery
from tests.integration.mail.digest_world import (
    GETS,
    NOW,
    addressed,
    build,
    set_now,
)


def _run(world, lines: list[str] | None = None):
    return send_digests(world.engine, world.settings, report=(lines.append if lines is not None else _quiet))


def _quiet(_line: str) -> None:
    pass


def _deliveries(engine) -> list[tuple[int, str, str, str, int]]:
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(
                DigestDelivery.user_id,
                DigestDelivery.frequency,
                DigestDelivery.period,
                DigestDelivery.status,
                DigestDelivery.attempts,
            ).order_by(DigestDelivery.id)
        ).all()
    return [tuple(row) for row in rows]


def _runs_audited(engine) -> list[dict]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(AuditEvent.after).where(AuditEvent.action == "digest.run")))


@pytest.fixture
def world(engine, smtp_server, monkeypatch):
    set_now(monkeypatch, NOW)
    return build(engine, smtp_server)


def test_two_runs_in_one_window_send_one_digest_per_user_and_the_next_window_sends_again(
    world, smtp_server, monkeypatch
):
    first = _run(world)
    assert sorted(addressed(smtp_server)) == sorted(GETS.values())
    again = _run(world)
    assert len(smtp_server.received) == 3  # the second run sent nothing
    assert (len(first.sent), first.nothing_to_say, first.already_sent) == (3, 1, 0)
    assert (len(again.sent), again.nothing_to_say, again.already_sent) == (0, 1, 3)
    users = world.users
    assert sorted(_deliveries(world.engine)) == sorted(
        [
            (users["direktor"], "weekly", "2026-W49", DeliveryStatus.SENT, 1),
            (users["koordinator"], "daily", "2026-12-02", DeliveryStatus.SENT, 1),
            (users["medlem"], "weekly", "2026-W49", DeliveryStatus.SENT, 1),
        ]
    )
    # One event for the run that sent, none for the run that had nothing left to send.
    [audited] = _runs_audited(world.engine)
    assert sorted(audited["sent"]) == sorted(users[name] for name in GETS)
    assert audited["periods"] == {"daily": "2026-12-02", "weekly": "2026-W49"}

    # Thursday: a new day for the daily digest, the same week for the weekly ones.
    set_now(monkeypatch, NOW + dt.timedelta(days=1))
    _run(world)
    _run(world)
    assert addressed(smtp_server)[3:] == [GETS["koordinator"]]
    # Monday 7 December: week 50, and a new day.
    set_now(monkeypatch, NOW + dt.timedelta(days=5))
    _run(world)
    _run(world)
    assert sorted(addressed(smtp_server)[4:]) == sorted(GETS.values())
    periods = sorted(period for _, _, period, _, _ in _deliveries(world.engine))
    assert periods == [
        "2026-12-02",
        "2026-12-03",
        "2026-12-07",
        "2026-W49",
        "2026-W49",
        "2026-W50",
        "2026-W50",
    ]


def test_disabled_users_users_without_an_address_opted_out_users_and_those_with_nothing_to_say_get_nothing(
    world, smtp_server
):
    lines: list[str] = []
    summary = _run(world, lines)
    assert set(addressed(smtp_server)) == set(GETS.values())
    # The viewer has an address and a weekly digest, but nothing the overview shows a viewer.
    assert summary.nothing_to_say == 1
    got = {user_id for user_id, *_ in _deliveries(world.engine)}
    assert got == {world.users[name] for name in GETS}
    assert not any(name in line for line in lines for name in ("slutta", "utenpost", "avmeldt", "leser"))


def test_a_relay_refusal_marks_nothing_sent_and_the_next_run_sends_it_exactly_once(world, smtp_server):
    smtp_server.handler.refuse_next = 1  # the first mail of the run: the director's (the lowest id)
    first = _run(world)
    assert list(first.failed) == [world.users["direktor"]] and "451" in first.failed[world.users["direktor"]]
    assert GETS["direktor"] not in addressed(smtp_server)
    with read_session(world.engine) as session:
        row = session.scalar(
            sa.select(DigestDelivery).where(DigestDelivery.user_id == world.users["direktor"])
        )
        assert (row.status, row.sent_at, row.attempts) == (DeliveryStatus.FAILED, None, 1)
        assert "451" in row.last_error
        message_id = row.message_id
    second = _run(world)
    third = _run(world)
    assert second.sent == [world.users["direktor"]] and third.sent == []
    to_director = smtp_server.handler.to(GETS["direktor"])
    assert len(to_director) == 1
    assert to_director[0]["Message-ID"] == message_id  # the same mail, tried again
    with read_session(world.engine) as session:
        row = session.scalar(
            sa.select(DigestDelivery).where(DigestDelivery.user_id == world.users["direktor"])
        )
        assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.SENT, 2, None)
    assert [event["failed"] for event in _runs_audited(world.engine)] == [
        {str(world.users["direktor"]): first.failed[world.users["direktor"]]},
        {},
    ]


def test_a_claim_held_by_another_run_is_left_alone_and_taken_over_once_its_lease_is_over(
    world, smtp_server, monkeypatch
):
    director = world.users["direktor"]
    # Another run claimed the director's digest a minute ago and has not finished (or died).
    with read_session(world.engine) as session, session.begin():
        session.add(
            DigestDelivery(
                user_id=director,
                frequency="weekly",
                period="2026-W49",
                status=DeliveryStatus.SENDING,
                item_count=1,
                message_id="<digest.held@osloreg.dashboard>",
                claimed_at=(NOW - dt.timedelta(minutes=1)).replace(tzinfo=None),
                attempts=1,
            )
        )
    held = _run(world)
    assert held.busy == 1 and director not in held.sent
    assert GETS["direktor"] not in addressed(smtp_server)
    # Sixteen minutes on, the claim is stale: the run that held it died before the relay's answer.
    set_now(monkeypatch, NOW + dt.timedelta(minutes=15))
    taken = _run(world)
    assert taken.sent == [director]
    assert smtp_server.handler.to(GETS["direktor"])[0]["Message-ID"] == "<digest.held@osloreg.dashboard>"
    _run(world)
    assert len(smtp_server.handler.to(GETS["direktor"])) == 1


def test_two_runs_at_once_send_each_digest_once(world, smtp_server):
    start = threading.Barrier(2)
    summaries = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            summaries.append(_run(world))
        except BaseException as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(addressed(smtp_server)) == sorted(GETS.values())
    assert sum(len(summary.sent) for summary in summaries) == 3
    assert all(status == DeliveryStatus.SENT for *_, status, _ in _deliveries(world.engine))


def test_a_dry_run_says_what_it_would_send_and_sends_and_writes_nothing(world, smtp_server):
    lines: list[str] = []
    summary = send_digests(world.engine, world.settings, dry_run=True, report=lines.append)
    assert summary.would_send == 3 and summary.sent == []
    assert (
        smtp_server.received == [] and _deliveries(world.engine) == [] and _runs_audited(world.engine) == []
    )
    director = next(line for line in lines if line.startswith("direktor"))
    assert "would send the weekly digest 2026-W49" in director and "advice 1" in director
    coordinator = next(line for line in lines if line.startswith("koordinator"))
    assert "daily digest 2026-12-02" in coordinator and "minutes_waiting 1" in coordinator


def test_without_a_relay_nothing_is_sent_but_a_dry_run_still_answers(engine, monkeypatch):
    set_now(monkeypatch, NOW)
    world = build(engine, None)
    with pytest.raises(NoRelay):
        send_digests(world.engine, world.settings, report=_quiet)
    assert send_digests(world.engine, world.settings, dry_run=True, report=_quiet).would_send == 3
    assert _deliveries(world.engine) == []


def test_the_window_is_oslos_date_not_utcs(world, smtp_server, monkeypatch):
    # 23:30 UTC on Sunday 6 December is 00:30 on Monday 7 December in Oslo: week 50 has begun.
    set_now(monkeypatch, dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC))
    summary = _run(world)
    assert summary.periods == {"daily": "2026-12-07", "weekly": "2026-W50"}
