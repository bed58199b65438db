"""Meeting invitations by e-mail, end to end on SQLite and PostgreSQL with a real SMTP server: innkalling
queues one invitation per member with an address and a run sends each once (METHOD:REQUEST, the
meeting's UID, parsed with the icalendar library, shaped as Outlook and Google read it); moving the
meeting sends the same UID with a higher SEQUENCE, cancelling sends METHOD:CANCEL; a planned meeting
sends nothing; a refused mail is tried again next run; hostile names break neither file nor headers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import ical, signed_links
from osloreg.enums import DeliveryStatus, InvitationMethod
from osloreg.mail.invitations import NoRelay, one_run, send_invitations
from osloreg.models import AuditEvent, Body, Invitation, Meeting, User
from osloreg.services.attendance import answer_call, call_substitute, report_absence
from osloreg.services.meetings import update_meeting
from tests.cli_runner import runner
from tests.conftest import relay_settings, test_settings
from tests.integration.mail.invitation_world import (
    ADDRESSES,
    InvitationWorld,
    attachment,
    build_invitation_world,
    calendar_of,
    calendar_part,
    cancel,
    event_of,
    innkall,
    move,
    parsed,
    rows,
    text_part,
)

INVITED = ("kari", "ola", "anne")  # the members with a user and an address; Per's user has none


@pytest.fixture
def world(session: Session) -> InvitationWorld:
    return build_invitation_world(session)


@pytest.fixture
def settings(engine, smtp_server):
    return test_settings(engine, smtp=relay_settings(smtp_server))


def mails_to(smtp_server, key: str):
    return [parsed(message) for message in smtp_server.handler.to(ADDRESSES[key])]


def test_innkalling_sends_each_member_one_invitation_that_calendars_read(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    queued = rows(session)
    assert sorted(row.user_id for row in queued) == sorted(world.users[key] for key in INVITED)
    assert {(row.method, row.status, row.attempts) for row in queued} == {("REQUEST", "sending", 0)}

    summary = send_invitations(engine, settings)

    assert (summary.sent, summary.failed, summary.superseded) == (3, 0, 0)
    assert sorted(address for item in smtp_server.received for address in item.recipients) == sorted(
        ADDRESSES[key] for key in INVITED
    )
    version = session.get(Meeting, world.meeting).version
    session.rollback()
    for key in INVITED:
        (message,) = mails_to(smtp_server, key)
        assert message.get_content_type() == "multipart/mixed"
        part = calendar_part(message)
        assert part.get_param("method") == "REQUEST"
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(message)
        assert str(event["UID"]) == ical.uid(world.meeting)
        assert int(event["SEQUENCE"]) == version
        assert str(event["ATTENDEE"]).lower() == f"mailto:{ADDRESSES[key]}"
        assert str(event["ORGANIZER"]).lower() == f"mailto:{settings.smtp.sender}"
        # The same file as an attachment, for clients that look only there.
        assert attachment(message).get_content() == part.get_content().encode()
        assert message["Message-ID"].endswith("@osloreg.dashboard>")
    assert {row.status for row in rows(session)} == {DeliveryStatus.SENT}
    assert mails_to(smtp_server, "vf1") == []  # a vara not called in; Per's user has no address


def test_the_text_is_in_the_members_language_with_the_saksliste_and_both_links(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    send_invitations(engine, settings)
    (kari,), (anne,) = mails_to(smtp_server, "kari"), mails_to(smtp_server, "anne")
    body = "Faggruppe for areal og transport"
    assert kari["Subject"].startswith(f"Innkalling: {body}, ")
    assert anne["Subject"].startswith(f"Notice of meeting: {body}, ")
    assert kari["Content-Language"] == "nb" and anne["Content-Language"] == "en"
    text = text_part(kari)
    assert f"Du er innkalt til møte i {body}." in text and "Saksliste:" in text
    assert "1. Godkjenning av innkalling og saksliste" in text and "4. Eventuelt" in text
    assert f"{settings.base_url}/calendar?meeting={world.meeting}" in text
    assert "You are called to a meeting" in text_part(anne) and "Agenda:" in text_part(anne)
    # The forfall link: on the web app, signed for this user and meeting, ending when the meeting begins.
    link = next(line for line in text.splitlines() if line.startswith(f"{settings.web_url}/forfall?"))
    (token,) = parse_qs(urlsplit(link).query)["token"]
    read = signed_links.read(token, secret=settings.cookie_key, purpose=signed_links.FORFALL)
    assert read.user_id == world.users["kari"] and read.claims["meeting"] == world.meeting
    starts = session.get(Meeting, world.meeting).starts_at
    session.rollback()
    assert read.expires_at == starts.replace(tzinfo=ical.OSLO).astimezone(dt.UTC)
    assert link.split("?")[1] in str(event_of(kari)["DESCRIPTION"]).replace("\n", "")


def test_two_runs_send_each_invitation_once(engine, session, world, settings, smtp_server):
    innkall(session, world)
    first = send_invitations(engine, settings)
    second = send_invitations(engine, settings)
    assert (first.sent, second.sent) == (3, 0)
    assert len(smtp_server.received) == 3


def test_moving_the_meeting_sends_the_same_uid_with_a_higher_sequence(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    send_invitations(engine, settings)
    move(session, world, days=2, place="Oslo rådhus, møterom 3")
    assert send_invitations(engine, settings).sent == 3
    for key in INVITED:
        first, second = mails_to(smtp_server, key)
        old, new = event_of(first), event_of(second)
        assert str(new["UID"]) == str(old["UID"]) == ical.uid(world.meeting)
        assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
        assert calendar_of(second)["METHOD"] == "REQUEST"
        assert new.decoded("DTSTART") - old.decoded("DTSTART") == dt.timedelta(days=2)
        assert str(new["LOCATION"]) == "Oslo rådhus, møterom 3"
    assert mails_to(smtp_server, "kari")[1]["Subject"].startswith("Endret innkalling:")
    # A change of title alone moves nothing in a calendar: no new invitation.
    before = len(rows(session))
    meeting = session.get(Meeting, world.meeting)
    starts, place, expected = meeting.starts_at, meeting.place, meeting.version
    session.rollback()
    update_meeting(
        session,
        actor=world.w.coordinator,
        meeting_id=world.meeting,
        expected_version=expected,
        starts_at=starts,
        place=place,
        title="Nytt navn",
    )
    assert len(rows(session)) == before


def test_cancelling_sends_cancel_with_the_same_uid(engine, session, world, settings, smtp_server):
    innkall(session, world)
    send_invitations(engine, settings)
    cancel(session, world)
    assert send_invitations(engine, settings).sent == 3
    for key in INVITED:
        request, cancelled = mails_to(smtp_server, key)
        assert calendar_part(cancelled).get_param("method") == "CANCEL"
        assert calendar_of(cancelled)["METHOD"] == "CANCEL"
        event = event_of(cancelled)
        assert str(event["UID"]) == str(event_of(request)["UID"]) == ical.uid(world.meeting)
        assert int(event["SEQUENCE"]) > int(event_of(request)["SEQUENCE"])
        assert str(event["STATUS"]) == "CANCELLED"
        assert "/forfall?" not in text_part(cancelled)
    kari = mails_to(smtp_server, "kari")[1]
    assert kari["Subject"].startswith("Avlyst:") and "Begrunnelse: For få saker" in text_part(kari)


def test_a_meeting_never_innkalt_sends_nothing(engine, session, world, settings, smtp_server):
    move(session, world, days=1)
    cancel(session, world)
    assert rows(session) == []
    summary = send_invitations(engine, settings)
    assert (summary.sent, summary.failed, summary.superseded, summary.dropped) == (0, 0, 0, 0)
    assert smtp_server.received == []


def test_an_older_version_waiting_is_superseded_by_the_newer_one(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    move(session, world, days=1)
    summary = send_invitations(engine, settings)
    assert (summary.sent, summary.superseded) == (3, 3)
    version = session.get(Meeting, world.meeting).version
    session.rollback()
    for key in INVITED:
        (only,) = mails_to(smtp_server, key)
        assert int(event_of(only)["SEQUENCE"]) == version
    old = [row for row in rows(session) if row.sequence < version]
    assert len(old) == 3
    assert all(row.status == DeliveryStatus.DROPPED and row.sent_at is None for row in old)
    assert all(row.last_error.startswith("superseded by REQUEST") for row in old)


def test_a_meeting_cancelled_before_any_mail_went_out_sends_none(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    cancel(session, world)
    summary = send_invitations(engine, settings)
    assert (summary.sent, summary.dropped) == (0, 6)
    assert smtp_server.received == []
    assert all(row.status == DeliveryStatus.DROPPED and row.sent_at is None for row in rows(session))
    assert send_invitations(engine, settings).dropped == 0  # closed: not looked at again


def test_a_refused_mail_is_tried_again_next_run_and_not_marked_sent_meanwhile(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    smtp_server.handler.refuse_next = 1
    first = send_invitations(engine, settings)
    assert (first.sent, first.failed) == (2, 1)
    assert len(smtp_server.received) == 2
    (failed,) = [row for row in rows(session) if row.status == DeliveryStatus.FAILED]
    assert failed.attempts == 1 and failed.sent_at is None and "451" in failed.last_error
    second = send_invitations(engine, settings)
    assert (second.sent, second.failed) == (1, 0)
    assert sorted(address for item in smtp_server.received for address in item.recipients) == sorted(
        ADDRESSES[key] for key in INVITED
    )
    (retried,) = [row for row in rows(session) if row.id == failed.id]
    assert (retried.status, retried.attempts, retried.last_error) == (DeliveryStatus.SENT, 2, None)
    # Each mail sent is in the meeting's audit trail; a refusal is counted on the row, not audited.
    events = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "meeting.invitation_sent")
    ).all()
    session.rollback()
    assert len(events) == 3 and {event.entity_id for event in events} == {world.meeting}


def test_a_row_left_claimed_by_a_stopped_run_is_sent_by_the_next(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    with session.begin():
        session.execute(sa.update(Invitation).values(attempts=1))  # claimed, then the run died
    assert send_invitations(engine, settings).sent == 3


def test_a_second_run_at_the_same_time_does_nothing(engine, session, world, settings, smtp_server):
    innkall(session, world)
    with one_run(engine) as alone:
        assert alone
        assert send_invitations(engine, settings).busy
    assert smtp_server.received == []
    assert send_invitations(engine, settings).sent == 3


def test_a_vara_who_says_yes_is_invited_too(engine, session, world, settings, smtp_server):
    innkall(session, world)
    w = world.w
    absence = report_absence(
        session, actor=w.kari, meeting_id=w.meeting, person_id=w.people["kari"], reason="Syk"
    )
    call = call_substitute(
        session, actor=w.coordinator, absence_id=absence.id, vara_person_id=w.people["vf1"]
    )
    assert [row for row in rows(session) if row.user_id == world.users["vf1"]] == []  # asked, not yet yes
    answer_call(session, actor=w.coordinator, call_id=call.id, accepted=True)
    send_invitations(engine, settings)
    (vera,) = mails_to(smtp_server, "vf1")
    assert str(event_of(vera)["UID"]) == ical.uid(world.meeting)
    # And when the meeting moves, the vara hears of it with the members.
    move(session, world, days=1)
    send_invitations(engine, settings)
    assert len(mails_to(smtp_server, "vf1")) == 2


def test_hostile_titles_and_names_break_neither_the_file_nor_the_headers(
    engine, session, world, settings, smtp_server
):
    innkall(session, world)
    meeting = session.get(Meeting, world.meeting)
    # Written past the services (which refuse control characters), as an import or old row might hold.
    meeting.title = 'Budsjett\r\nBcc: evil@attacker.example\r\nEND:VEVENT; "x"'
    session.get(Body, meeting.body_id).name = 'Organ "A";\nX-Injected: yes'
    session.get(User, world.users["kari"]).display_name = 'Kari\r\nBcc: evil@attacker.example "K"'
    session.commit()
    send_invitations(engine, settings)
    (message,) = mails_to(smtp_server, "kari")
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert all("\n" not in str(value) for value in message.values())
    assert [item.recipients for item in smtp_server.received if "evil" in str(item.recipients)] == []
    event = event_of(message)
    assert len(list(calendar_of(message).walk("VEVENT"))) == 1
    # One SUMMARY holding the whole title (line breaks kept as escaped text, nothing else added).
    summary = f"{session.get(Body, meeting.body_id).name}: {meeting.title}"
    session.rollback()
    assert str(event["SUMMARY"]).replace("\r", "") == summary.replace("\r", "")
    assert '"' not in event["ATTENDEE"].params["CN"] and "\n" not in event["ATTENDEE"].params["CN"]
    assert "Bcc: evil@attacker.example" in text_part(message)  # plain text: shown as written


def test_dry_run_lists_and_sends_nothing(engine, session, world, smtp_server):
    innkall(session, world)
    lines: list[str] = []
    # A dry run needs no relay.
    summary = send_invitations(engine, test_settings(engine), dry_run=True, say=lines.append)
    assert (
        summary.sent == 3
        and len(lines) == 3
        and all(line.startswith("would send: REQUEST") for line in lines)
    )
    assert smtp_server.received == []
    assert {(row.status, row.attempts) for row in rows(session)} == {(DeliveryStatus.SENDING, 0)}


def test_without_a_relay_the_run_refuses_clearly(engine, session, world):
    innkall(session, world)
    with pytest.raises(NoRelay, match="no mail relay is configured"):
        send_invitations(engine, test_settings(engine))
    assert {row.attempts for row in rows(session)} == {0}


def test_the_command_sends_and_says_how_it_went(sqlite_engine, tmp_path, smtp_server):
    from osloreg.db import read_sessions

    with read_sessions(sqlite_engine)() as session:
        world = build_invitation_world(session)
        innkall(session, world)
    run = runner(sqlite_engine.url.render_as_string(hide_password=False), tmp_path)
    refused = run("invitations", "send")
    assert refused.returncode == 1
    assert "no mail relay is configured" in refused.stderr and "Traceback" not in refused.stderr
    relay = {
        "OSLOREG_SMTP_HOST": smtp_server.host,
        "OSLOREG_SMTP_PORT": str(smtp_server.port),
        "OSLOREG_SMTP_SECURITY": "none",
        "OSLOREG_SMTP_SENDER": "postmottak@osloregionen.example",
    }
    listed = run("invitations", "send", "--dry-run", env=relay)
    assert listed.returncode == 0 and "invitations: 3 would be sent, 0 failed" in listed.stdout
    assert smtp_server.received == []
    sent = run("invitations", "send", env=relay)
    assert sent.returncode == 0, sent.stderr
    assert "invitations: 3 sent, 0 failed, 0 superseded, 0 not sent" in sent.stdout
    assert len(smtp_server.received) == 3
    smtp_server.handler.refuse_next = 1
    with read_sessions(sqlite_engine)() as session:
        move(session, world, days=1)
    failing = run("invitations", "send", env=relay)
    assert failing.returncode == 1 and "2 sent, 1 failed" in failing.stdout


def test_queued_rows_carry_the_version_after_each_change(engine, session, world):
    innkall(session, world)
    called = session.get(Meeting, world.meeting).version
    session.rollback()
    move(session, world, days=1)
    moved = session.get(Meeting, world.meeting).version
    session.rollback()
    cancel(session, world)
    cancelled = session.get(Meeting, world.meeting).version
    session.rollback()
    by_method = {}
    for row in rows(session):
        by_method.setdefault((row.method, row.sequence), set()).add(row.user_id)
    invited = {world.users[key] for key in INVITED}
    assert by_method == {
        (InvitationMethod.REQUEST, called): invited,
        (InvitationMethod.REQUEST, moved): invited,
        (InvitationMethod.CANCEL, cancelled): invited,
    }
    assert called < moved < cancelled
