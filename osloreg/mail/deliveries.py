"""The digest's delivery book (digest_deliveries): a run claims a user's window before it sends, and
records the relay's answer after. A system write path, on purpose outside the services: these rows
are the sender's own bookkeeping, not data anyone edits, and each write must commit on its own (the
claim before the mail leaves, the mark after the relay accepted it). The run as a whole is audited
(services.notifications.record_digest_run); the rows themselves are the per-mail record.

Exactly once per window: the unique (user, frequency, period) makes a second run's claim fail, so it
skips the user; a failed delivery, or one left `sending` by a run that died (older than the lease),
is taken over by a compare-and-set on the state it was read in, so two runs never both take it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from osloreg.db import write_session
from osloreg.enums import DeliveryStatus
from osloreg.models import DigestDelivery
from osloreg.rules import digest as rules

ERROR_KEPT = 1000  # characters of the relay's answer kept in last_error


class Skip(StrEnum):
    """Why a run did not claim a user's window."""

    SENT = "sent"  # sent already, by this run's predecessor
    BUSY = "busy"  # another run holds it and is sending it now


@dataclass(frozen=True)
class Claim:
    """A delivery this run holds: send it, then mark it."""

    delivery_id: int
    message_id: str
    attempts: int


def sent_this_window(engine: Engine, *, periods: dict[str, str]) -> set[tuple[int, str]]:
    """(user, frequency) of the deliveries already sent in each frequency's current window."""
    where = sa.or_(
        *(
            sa.and_(DigestDelivery.frequency == frequency, DigestDelivery.period == period)
            for frequency, period in periods.items()
        )
    )
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(DigestDelivery.user_id, DigestDelivery.frequency).where(
                where, DigestDelivery.status == DeliveryStatus.SENT
            )
        )
        return {(user_id, frequency) for user_id, frequency in rows}


def claim(
    engine: Engine,
    *,
    user_id: int,
    frequency: str,
    period: str,
    message_id: str,
    item_count: int,
    now: dt.datetime,
    lease: dt.timedelta = rules.LEASE,
) -> Claim | Skip:
    """Claim the user's window, committed before anything is sent: a new row, or a failed or stale
    one taken over (the same Message-ID as before). `now` is naive UTC, as the table stores time."""
    with write_session(engine) as session:
        try:
            with session.begin():
                row = DigestDelivery(
                    user_id=user_id,
                    frequency=frequency,
                    period=period,
                    status=DeliveryStatus.SENDING,
                    item_count=item_count,
                    message_id=message_id,
                    claimed_at=now,
                    attempts=1,
                )
                session.add(row)
                session.flush()
                return Claim(row.id, message_id, 1)
        except IntegrityError:
            pass  # the window has a row: another run's, or an earlier one's
        with session.begin():
            found = session.execute(
                sa.select(
                    DigestDelivery.id,
                    DigestDelivery.status,
                    DigestDelivery.claimed_at,
                    DigestDelivery.message_id,
                    DigestDelivery.attempts,
                ).where(
                    DigestDelivery.user_id == user_id,
                    DigestDelivery.frequency == frequency,
                    DigestDelivery.period == period,
                )
            ).one_or_none()
            if found is None:  # gone again (never, as rows are kept): leave it to the next run
                return Skip.BUSY
            if found.status == DeliveryStatus.SENT:
                return Skip.SENT
            if not rules.claimable(found.status, found.claimed_at, now, lease=lease):
                return Skip.BUSY
            taken = session.execute(
                sa.update(DigestDelivery)
                .where(
                    DigestDelivery.id == found.id,
                    DigestDelivery.status == found.status,
                    DigestDelivery.attempts == found.attempts,
                )
                .values(
                    status=DeliveryStatus.SENDING,
                    claimed_at=now,
                    attempts=found.attempts + 1,
                    item_count=item_count,
                )
            )
            if taken.rowcount != 1:
                return Skip.BUSY  # another run took it between our read and our write
            return Claim(found.id, found.message_id, found.attempts + 1)


def _finish(engine: Engine, held: Claim, **values: object) -> bool:
    """Record the relay's answer on a delivery this run still holds (its attempt is ours)."""
    with write_session(engine) as session, session.begin():
        done = session.execute(
            sa.update(DigestDelivery)
            .where(
                DigestDelivery.id == held.delivery_id,
                DigestDelivery.status == DeliveryStatus.SENDING,
                DigestDelivery.attempts == held.attempts,
            )
            .values(**values)
        )
        return done.rowcount == 1


def mark_sent(engine: Engine, held: Claim, *, now: dt.datetime) -> bool:
    """The relay accepted the mail: it is sent (only now, never before the relay's answer)."""
    return _finish(engine, held, status=DeliveryStatus.SENT, sent_at=now, last_error=None)


def mark_failed(engine: Engine, held: Claim, *, error: str) -> bool:
    """The relay refused the mail or could not be reached: the next run tries again."""
    return _finish(engine, held, status=DeliveryStatus.FAILED, last_error=error[:ERROR_KEPT])
