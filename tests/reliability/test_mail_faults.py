"""A mail relay that refuses (4xx, 5xx, connection refused), never answers (before its greeting, or in
the middle of a message) or drops the line mid-send, on SQLite and PostgreSQL: a digest run and an
invitation run against it, then a run against a healthy relay. Each recipient gets exactly one mail in
all, nothing is marked sent that the relay did not accept, the record says what failed, and a silent
relay costs one timeout, not one a recipient."""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.db import read_session, write_session
from osloreg.enums import DeliveryStatus
from osloreg.mail.digest_run import send_digests
from osloreg.mail.invitations import send_invitations
from osloreg.mail.transport import MailError
from osloreg.models import AuditEvent, DigestDelivery
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.cli_runner import postgres_url, runner
from tests.conftest import relay_settings, test_settings
from tests.integration.mail.digest_world import GETS, NOW, PASSWORD, addressed, build, set_now
from tests.integration.mail.invitation_world import ADDRESSES, build_invitation_world, innkall, rows
from tests.smtp_server import SilentServer, SmtpServer, closed_port

TIMEOUT = 1.5  # seconds the relay settings give each step: a silent relay must cost about this once
EXTRA_DIRECTORS = 5  # beside the world's three recipients: eight digests to send
INVITED = ("kari", "ola", "anne")


# --- The faults --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fault:
    name: str
    arm: Callable[[SmtpServer], tuple[str, int] | None]  # sets the server up; another (host, port) if any
    sent_first: int  # mails the first run gets through: a refusal does not stop it, a lost line does
    silent: bool = False  # the run must wait out one timeout


def _refuse(count: int, refusal: str) -> Callable[[SmtpServer], None]:
    def arm(server: SmtpServer) -> None:
        server.handler.refuse_next, server.handler.refusal = count, refusal

    return arm


def _drop_after(count: int) -> Callable[[SmtpServer], None]:
    def arm(server: SmtpServer) -> None:
        server.handler.drop_after = count

    return arm


def _silent_after(count: int) -> Callable[[SmtpServer], None]:
    def arm(server: SmtpServer) -> None:
        server.handler.silent_after = count

    return arm


def _elsewhere(port: int) -> tuple[str, int]:
    return ("127.0.0.1", port)


def _heal(server: SmtpServer) -> None:
    server.handler.refuse_next = 0
    server.handler.drop_after = server.handler.silent_after = server.handler.lost_answer_after = None


DIGEST_FAULTS = [
    Fault("refuses 3 with 451", _refuse(3, "451 4.3.0 try again later"), 5),
    Fault("refuses 3 with 554", _refuse(3, "554 5.7.1 relay denied"), 5),
    Fault("connection refused", lambda server: _elsewhere(closed_port()), 0),
    Fault("silent before its greeting", lambda server: None, 0, silent=True),  # a SilentServer, below
    Fault("drops the line after 3", _drop_after(3), 3),
    Fault("silent mid-DATA after 3", _silent_after(3), 3, silent=True),
]


def _settings_for(base, server: SmtpServer, target: tuple[str, int] | None):
    smtp = dataclasses.replace(relay_settings(server), timeout=TIMEOUT)
    if target is not None:
        smtp = dataclasses.replace(smtp, host=target[0], port=target[1])
    return dataclasses.replace(base, smtp=smtp)


def _timed(run: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    try:
        result = run()
    except MailError as error:
        result = error
    return result, time.monotonic() - started


def _check_time(fault: Fault, seconds: float) -> None:
    """The run does not hang: a silent relay is waited for (once: the tests count the failures), and
    nothing else waits a timeout at all. The margin is for a loaded machine, not for a second wait."""
    if fault.silent:
        assert TIMEOUT * 0.9 <= seconds < 2 * TIMEOUT + 4, f"{fault.name}: {seconds:.1f} s"
    else:
        assert seconds < TIMEOUT + 4, f"{fault.name}: {seconds:.1f} s"


def _line_lost(fault: Fault) -> bool:
    """A fault after which nothing more can go over the line (not a refusal of one message)."""
    return not fault.name.startswith("refuses")


# --- The digest ----------------------------------------------------------------------------------------


def _add_directors(world) -> dict[str, str]:
    """Five more directors with the advice to decide in their digest; username -> address."""
    more = {f"direktor{number}": f"direktor{number}@osloreg.example" for number in range(EXTRA_DIRECTORS)}
    with write_session(world.engine) as session:
        for username, address in more.items():
            user = create_user(
                session,
                actor=SYSTEM,
                username=username,
                display_name=username.title(),
                password=PASSWORD,
                roles=["director"],
                email=address,
            )
            world.users[username] = user.id
    return more


def _sent_rows(engine) -> set[int]:
    with read_session(engine) as session:
        return set(
            session.scalars(
                sa.select(DigestDelivery.user_id).where(DigestDelivery.status == DeliveryStatus.SENT)
            )
        )


def _runs_audited(engine) -> list[dict]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(AuditEvent.after).where(AuditEvent.action == "digest.run")))


@pytest.mark.parametrize("fault", DIGEST_FAULTS, ids=lambda fault: fault.name)
def test_a_digest_run_against_a_failing_relay_resumes_next_run_and_sends_each_digest_once(
    fault, engine, smtp_server, monkeypatch, figures
):
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    addresses = {**GETS, **_add_directors(world)}
    by_address = {address: world.users[name] for name, address in addresses.items()}
    target = fault.arm(smtp_server)
    silent = SilentServer() if fault.name == "silent before its greeting" else None
    if silent is not None:
        target = (silent.host, silent.port)
    try:
        first, seconds = _timed(
            lambda: send_digests(engine, _settings_for(world.settings, smtp_server, target), report=_quiet)
        )
    finally:
        if silent is not None:
            silent.stop()
    accepted_first = Counter(addressed(smtp_server))
    marked_first = _sent_rows(engine)
    _heal(smtp_server)
    second = send_digests(engine, _settings_for(world.settings, smtp_server, None), report=_quiet)
    received = Counter(addressed(smtp_server))
    twice = sorted(address for address, count in received.items() if count > 1)
    unsent_marked = marked_first - {by_address[address] for address in accepted_first}
    runs = _runs_audited(engine)
    audited = [run["failed"] for run in runs]
    figures.record(
        f"{fault.name}: run 1 sent {len(first.sent)}, failed {len(first.failed)}, "
        f"not tried {first.not_tried} in {seconds:.1f} s; "
        f"run 2 sent {len(second.sent)}; {len(addresses)} recipients, {sum(received.values())} mails, "
        f"{len(twice)} twice, {len(unsent_marked)} marked sent unsent"
    )
    _check_time(fault, seconds)
    # Nothing marked sent that the relay did not accept, and all it accepted marked so.
    assert marked_first == {by_address[address] for address in accepted_first} == set(first.sent)
    assert first.failed and all(reason for reason in first.failed.values())
    assert len(first.sent) == fault.sent_first
    # Everyone is accounted for: sent, failed, nothing to say (the viewer), or not tried once the
    # relay was lost (the run says how many, and the next run goes on with them).
    assert len(first.sent) + len(first.failed) + first.nothing_to_say + first.not_tried == len(addresses) + 1
    assert (first.not_tried > 0) == (fault.sent_first + len(first.failed) < len(addresses))
    assert runs[0]["not_tried"] == first.not_tried
    if _line_lost(fault):  # one mail failed, and the run stopped there instead of failing the rest
        assert len(first.failed) == 1 and first.not_tried > 0  # the rest: see the sum above
    # The run's record says who was not sent and why (the first run's event; the second's has none).
    assert audited[0] == {str(user_id): reason for user_id, reason in sorted(first.failed.items())}
    assert audited[-1] == {}
    assert received == Counter(addresses.values()), f"not exactly one each: {received}"
    assert sorted(first.sent + second.sent) == sorted(by_address.values())


def _quiet(_line: str) -> None:
    pass


def test_a_mail_kept_by_the_relay_whose_answer_was_lost_is_sent_again_with_the_same_message_id(
    engine, smtp_server, monkeypatch, figures
):
    """SMTP's one ambiguity: the relay keeps a mail and the line dies before its 250. The run cannot
    know it was kept, so it is not marked sent and the next run sends it again: the recipient's client
    gets the same Message-ID twice and shows it once. Every other recipient gets exactly one."""
    set_now(monkeypatch, NOW)
    world = build(engine, smtp_server)
    addresses = {**GETS, **_add_directors(world)}
    smtp_server.handler.lost_answer_after = 2
    first = send_digests(engine, _settings_for(world.settings, smtp_server, None), report=_quiet)
    _heal(smtp_server)
    second = send_digests(engine, _settings_for(world.settings, smtp_server, None), report=_quiet)
    received = Counter(addressed(smtp_server))
    [(twice, count)] = [(address, count) for address, count in received.items() if count > 1]
    ids = {str(message["Message-ID"]) for message in smtp_server.handler.to(twice)}
    figures.record(
        f"answer lost after the relay kept mail 3: run 1 sent {len(first.sent)}, failed {len(first.failed)}; "
        f"run 2 sent {len(second.sent)}; 1 recipient got it {count} times under {len(ids)} Message-ID, "
        f"{len(addresses) - 1} exactly once"
    )
    assert len(first.sent) == 2 and len(first.failed) == 1
    assert count == 2 and len(ids) == 1  # the same mail: a client shows it once
    assert all(received[address] == 1 for address in addresses.values() if address != twice)
    assert set(received) == set(addresses.values())


# --- The invitations --------------------------------------------------------------------------------------

INVITATION_FAULTS = [
    Fault("refuses 1 with 451", _refuse(1, "451 4.3.0 try again later"), 2),
    Fault("connection refused", lambda server: _elsewhere(closed_port()), 0),
    Fault("silent before its greeting", lambda server: None, 0, silent=True),
    Fault("drops the line after 1", _drop_after(1), 1),
    Fault("silent mid-DATA after 1", _silent_after(1), 1, silent=True),
]


def _invitation_rows(session: Session) -> dict[int, tuple[str, str | None]]:
    """user -> (status, the relay's last answer) of each queued invitation."""
    return {row.user_id: (row.status, row.last_error) for row in rows(session)}


@pytest.mark.parametrize("fault", INVITATION_FAULTS, ids=lambda fault: fault.name)
def test_an_invitation_run_against_a_failing_relay_resumes_next_run_and_sends_each_once(
    fault, engine, session, smtp_server, figures
):
    world = build_invitation_world(session)
    innkall(session, world)
    base = test_settings(engine)
    target = fault.arm(smtp_server)
    silent = SilentServer() if fault.name == "silent before its greeting" else None
    if silent is not None:
        target = (silent.host, silent.port)
    try:
        first, seconds = _timed(lambda: send_invitations(engine, _settings_for(base, smtp_server, target)))
    finally:
        if silent is not None:
            silent.stop()
    accepted_first = {address for item in smtp_server.received for address in item.recipients}
    after_first = _invitation_rows(session)
    _heal(smtp_server)
    second = send_invitations(engine, _settings_for(base, smtp_server, None))
    received = Counter(address for item in smtp_server.received for address in item.recipients)
    after_second = _invitation_rows(session)
    by_user = {world.users[key]: ADDRESSES[key] for key in INVITED}
    marked = {by_user[user] for user, (status, _) in after_first.items() if status == DeliveryStatus.SENT}
    failed = [user for user, (status, _) in after_first.items() if status == DeliveryStatus.FAILED]
    first_line = str(first) if isinstance(first, MailError) else first.line()
    figures.record(
        f"{fault.name}: run 1 '{first_line}' in {seconds:.1f} s; run 2 sent {second.sent}; "
        f"{len(INVITED)} invited, {sum(received.values())} mails, "
        f"{sum(count > 1 for count in received.values())} twice, "
        f"{len(marked - accepted_first)} marked sent unsent"
    )
    _check_time(fault, seconds)
    assert marked == accepted_first  # sent exactly where the relay accepted
    assert len(accepted_first) == fault.sent_first
    if isinstance(first, MailError):  # the relay could not be reached: the run says so, nothing claimed
        assert accepted_first == set() and failed == []
        assert all(row == (DeliveryStatus.SENDING, None) for row in after_first.values())
    else:
        assert first.failed == len(failed) >= 1
        if _line_lost(fault):  # one failed, and the rest were left queued, not failed one by one
            assert first.failed == 1 and first.not_tried == len(INVITED) - 1 - fault.sent_first
        assert all(after_first[user][1] for user in failed)  # the row says what the relay answered
    assert received == Counter(by_user.values()), f"not exactly one each: {received}"
    assert all(status == DeliveryStatus.SENT for status, _ in after_second.values())


# --- The commands, as cron runs them ---------------------------------------------------------------------


def _cli(engine, tmp_path):
    url = engine.url.render_as_string(hide_password=False) if engine.dialect.name == "sqlite" else None
    return runner(url or postgres_url(engine), tmp_path / "var")


def _relay_env(server: SmtpServer) -> dict[str, str]:
    return {
        "OSLOREG_SMTP_HOST": server.host,
        "OSLOREG_SMTP_PORT": str(server.port),
        "OSLOREG_SMTP_SECURITY": "none",
        "OSLOREG_SMTP_SENDER": "postmottak@osloregionen.example",
        "OSLOREG_SMTP_TIMEOUT": str(TIMEOUT),
        "OSLOREG_BASE_URL": "https://osloreg.example",
        "OSLOREG_WEB_URL": "https://kalender.osloreg.example",
    }


def _timed_command(run, *args: str, env: dict[str, str]):
    started = time.monotonic()
    done = run(*args, env=env)  # the runner fails the test on a traceback
    return done, time.monotonic() - started


@pytest.mark.parametrize("command", ["digest", "invitations"])
def test_the_command_stops_after_one_timeout_when_the_relay_falls_silent_and_exits_1(
    command, engine, smtp_server, monkeypatch, tmp_path, figures
):
    if command == "digest":
        set_now(monkeypatch, NOW)
        world = build(engine, smtp_server)
        expected = Counter({**GETS, **_add_directors(world)}.values())
        silent_after, summary = 2, "sent 2, nothing to say 0, failed 1, already sent 0, not tried 6"
    else:
        with write_session(engine) as session:
            innkall(session, build_invitation_world(session))
        expected = Counter(ADDRESSES[key] for key in INVITED)
        silent_after, summary = 1, "invitations: 1 sent, 1 failed, 0 superseded, 0 not sent, 1 not tried"
    run = _cli(engine, tmp_path)
    env = _relay_env(smtp_server)
    smtp_server.handler.silent_after = silent_after
    first, seconds = _timed_command(run, command, "send", env=env)
    _heal(smtp_server)
    again = run(command, "send", env=env)
    received = Counter(address for item in smtp_server.received for address in item.recipients)
    figures.record(
        f"`{command} send`, relay silent mid-DATA after {silent_after}: exit {first.returncode} in "
        f"{seconds:.1f} s (timeout {TIMEOUT} s), then exit {again.returncode}; {sum(received.values())} "
        f"mails to {len(expected)} recipients, {sum(count > 1 for count in received.values())} twice"
    )
    assert first.returncode == 1
    assert summary in first.stdout, first.stdout
    assert seconds < 2 * TIMEOUT + 5
    assert again.returncode == 0, again.stdout
    assert received == expected
