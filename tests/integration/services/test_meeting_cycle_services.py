"""The meeting cycle through the services, on SQLite and PostgreSQL: innkalling and its versions, held,
protokoll approved (at a later meeting or by signers) and published, cancelling a called meeting, the
behandling per item and the bodies' notice periods. Every step is kept as a row and audited; every
refusal leaves the database as it was."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import Basis, ConsultationRole, MeetingStatus
from osloreg.models import (
    AgendaItem,
    Body,
    Document,
    DocumentVersion,
    Meeting,
    MeetingNotice,
    MeetingStatusChange,
    MinutesApproval,
    MinutesSigner,
)
from osloreg.services.base import Conflict, PermissionDenied, ValidationFailed
from osloreg.services.cases import update_case
from osloreg.services.meeting_cycle import (
    approve_minutes,
    hold_meeting,
    proceedings_state,
    publish_minutes,
    record_proceedings,
    send_notice,
    set_notice_period,
)
from osloreg.services.meetings import (
    cancel_meeting,
    move_agenda_item,
    record_minutes,
    remove_agenda_item,
    set_item_closed,
    update_meeting,
)
from tests.factories import at, days, make_person
from tests.integration.services.meeting_world import (
    Clerk,
    World,
    audited,
    build_meeting_world,
    every_cycle_service,
    refused,
    registered,
    stored,
)
from tests.papers_reading import in_order, pdf_text, squeezed

M = MeetingStatus
DECISION = ConsultationRole.DECISION
ADMIN_ONLY = {"set_notice_period"}


@pytest.fixture
def world(session: Session) -> World:
    return build_meeting_world(session)


@pytest.fixture
def clerk(session: Session, world: World) -> Clerk:
    return Clerk(session, world)


def _notices(session: Session, meeting_id: int) -> list[MeetingNotice]:
    query = (
        sa.select(MeetingNotice).where(MeetingNotice.meeting_id == meeting_id).order_by(MeetingNotice.version)
    )
    rows = list(session.scalars(query.execution_options(populate_existing=True)))
    session.commit()
    return rows


def _steps(session: Session, meeting_id: int) -> list[tuple[str, str, str | None]]:
    rows = session.execute(
        sa.select(MeetingStatusChange.from_status, MeetingStatusChange.to_status, MeetingStatusChange.reason)
        .where(MeetingStatusChange.meeting_id == meeting_id)
        .order_by(MeetingStatusChange.id)
    ).all()
    session.commit()
    return [tuple(row) for row in rows]


def _paper(session: Session, version_id: int | None) -> tuple[str, bytes]:
    """A generated paper's file name and bytes, as stored."""
    row = session.execute(
        sa.select(DocumentVersion.filename, DocumentVersion.content, DocumentVersion.generated).where(
            DocumentVersion.id == version_id
        )
    ).one()
    session.commit()
    assert row.generated
    return row.filename, row.content


def _reads(pdf: bytes, *parts: str) -> bool:
    """The PDF's text holds the parts in this order (whitespace aside: a PDF breaks lines its own way)."""
    return in_order(squeezed(pdf_text(pdf)), *(squeezed(part) for part in parts))


def _version(session: Session, meeting: Meeting) -> int:
    return stored(session, Meeting, meeting.id).version


# --- Who may take the steps ------------------------------------------------------------------------------


def test_members_and_viewers_are_refused_every_cycle_service(session, world):
    calls = every_cycle_service(session, world)
    assert set(calls) == registered("meeting_cycle")
    for actor in (world.member, world.viewer, world.director):
        for name, each in calls.items():
            if actor is world.director and name not in ADMIN_ONLY:
                continue
            with refused(session, "error.permission_denied", PermissionDenied):
                each.run(session, actor=actor, **each.kwargs)


def test_the_secretariat_runs_every_cycle_service_and_the_admin_sets_notice_periods(session, world):
    for actor in (world.coordinator, world.director, world.admin):
        for name, each in every_cycle_service(session, world).items():
            if name in ADMIN_ONLY and actor is not world.admin:
                continue
            with audited(session, *each.actions) as added:
                each.run(session, actor=actor, **each.kwargs)
            assert (added[0].actor_name, added[0].actor_user_id) == (actor.username, actor.user_id)


# --- Innkalling ------------------------------------------------------------------------------------------


def _document(session: Session, *, case_id: int, title: str, removed: bool = False) -> tuple[int, int]:
    """A case document in two versions (the second the latest): (document id, latest version id)."""
    document = Document(kind="case_paper", title=title, case_id=case_id)
    session.add(document)
    session.flush()
    latest = None
    for number in (1, 2):
        content = f"{title} v{number}".encode()
        latest = DocumentVersion(
            document_id=document.id,
            number=number,
            filename=f"{title}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
        session.add(latest)
    if removed:
        document.removed_at = at(today())
    session.commit()
    return document.id, latest.id


def test_sending_the_innkalling_freezes_the_saksliste_and_documents_sent(session, world, clerk):
    meeting = clerk.plan(today() + days(14))
    officer = make_person(session, name="Sigrid Saksansvarlig")
    session.commit()
    case = clerk.case((world.board, DECISION, True), officer_person_id=officer.id)
    clerk.heading(meeting, "Godkjenning av innkalling og saksliste")
    clerk.add(meeting, case, number=12)
    document_id, version_id = _document(session, case_id=case.id, title="Saksframlegg")
    _document(session, case_id=case.id, title="Trukket vedlegg", removed=True)
    with audited(session, "document.generate", "meeting.notice") as added:
        notice = clerk(send_notice, meeting_id=meeting.id, expected_version=_version(session, meeting))
    assert stored(session, Meeting, meeting.id).status == M.CALLED
    [first] = _notices(session, meeting.id)
    assert (first.id, first.version, first.reason) == (notice.id, 1, None)
    assert first.sent_by_user_id == world.coordinator.user_id
    year = meeting.starts_at.year % 100
    assert [(row["position"], row["case_number"], row["title"]) for row in first.agenda] == [
        (1, None, "Godkjenning av innkalling og saksliste"),
        (2, f"12/{year:02d}", "Regional plan for areal og transport"),
    ]
    assert first.agenda[1]["officer"] == "Sigrid Saksansvarlig"
    assert first.agenda[1]["recommendation"] == "Styret slutter seg til planen."
    assert [(row["document_id"], row["version_id"], row["number"]) for row in first.documents] == [
        (document_id, version_id, 2)
    ]
    assert _steps(session, meeting.id) == [(M.PLANNED, M.CALLED, None)]
    assert added[1].after["notice_version"] == 1 and added[1].after["status"] == M.CALLED
    # What was sent is kept: the innkalling as a PDF, version 1 of the meeting's innkalling document.
    filename, paper = _paper(session, first.document_version_id)
    assert filename == f"innkalling-{meeting.starts_at:%Y-%m-%d}.pdf"
    assert _reads(paper, "Godkjenning av innkalling og saksliste", f"Sak 12/{year:02d}")


def test_the_innkalling_is_refused_without_an_agenda_after_the_meeting_or_twice(session, world, clerk):
    empty = clerk.plan(today() + days(14))
    with refused(session, "error.notice_no_agenda", ValidationFailed):
        clerk(send_notice, meeting_id=empty.id, expected_version=1)
    clerk.heading(empty)
    with refused(session, "error.conflict", Conflict):
        clerk(send_notice, meeting_id=empty.id, expected_version=0)
    clerk(send_notice, meeting_id=empty.id, expected_version=1)
    with refused(session, "error.notice_not_planned", ValidationFailed):
        clerk(send_notice, meeting_id=empty.id, expected_version=_version(session, empty))
    past = clerk.plan(today() - days(1))
    clerk.heading(past)
    with refused(session, "error.notice_after_meeting", ValidationFailed):
        clerk(send_notice, meeting_id=past.id, expected_version=1)


def test_a_saksliste_change_after_the_innkalling_makes_version_2_and_keeps_version_1(session, world, clerk):
    meeting = clerk.plan(today() + days(14))
    heading = clerk.heading(meeting, "Godkjenning av innkalling og saksliste")
    clerk(send_notice, meeting_id=meeting.id, expected_version=1)
    [sent] = _notices(session, meeting.id)
    as_sent = (sent.id, sent.sent_at, sent.agenda, sent.documents)
    case = clerk.case((world.board, DECISION, True))
    with audited(session, "meeting.agenda_add", "document.generate", "meeting.notice_version") as added:
        clerk.add(meeting, case, number=7)
    first, second = _notices(session, meeting.id)
    assert (first.id, first.sent_at, first.agenda, first.documents) == as_sent  # version 1 as sent
    assert (first.version, second.version) == (1, 2)
    label = f"7/{meeting.starts_at.year % 100:02d}"
    assert second.reason == f"Saksliste endret: sak {label} lagt til"
    assert [row["title"] for row in second.agenda] == [
        "Godkjenning av innkalling og saksliste",
        "Regional plan for areal og transport",
    ]
    assert (added[2].before["version"], added[2].after["version"]) == (1, 2)
    # Each version keeps the innkalling it sent: version 1's file is as it was, version 2's has the sak.
    assert first.document_version_id != second.document_version_id
    assert "Regional plan" not in pdf_text(_paper(session, first.document_version_id)[1])
    assert _reads(_paper(session, second.document_version_id)[1], "Regional plan")
    with audited(session, "meeting.agenda_move", "document.generate", "meeting.notice_version"):
        clerk(move_agenda_item, item_id=heading.id, offset=1)
    with audited(session, "meeting.agenda_remove", "document.generate", "meeting.notice_version"):
        clerk(remove_agenda_item, item_id=heading.id)
    notices = _notices(session, meeting.id)
    assert [(n.version, n.reason) for n in notices[2:]] == [
        (3, "Saksliste endret: rekkefølgen endret"),
        (4, "Saksliste endret: «Godkjenning av innkalling og saksliste» tatt av"),
    ]
    assert (notices[0].id, notices[0].agenda) == (as_sent[0], as_sent[2])
    assert stored(session, Meeting, meeting.id).status == M.CALLED
    # Before the innkalling, the saksliste changes without versions.
    planned = clerk.plan(today() + days(20))
    with audited(session, "meeting.agenda_add"):
        clerk.heading(planned)
    assert _notices(session, planned.id) == []


def test_a_changed_case_on_a_called_saksliste_makes_the_next_version(session, world, clerk):
    meeting = clerk.plan(today() + days(14))
    case = clerk.case((world.board, DECISION, True))
    clerk.add(meeting, case, number=3)
    clerk(send_notice, meeting_id=meeting.id, expected_version=1)
    with audited(session, "case.update", "document.generate", "meeting.notice_version"):
        clerk(
            update_case,
            case_id=case.id,
            expected=None,
            title="Regional plan, revidert",
            proposed_decision="Styret vedtar planen.",
        )
    first, second = _notices(session, meeting.id)
    assert first.agenda[0]["title"] == "Regional plan for areal og transport"
    assert second.agenda[0]["title"] == "Regional plan, revidert"
    assert second.agenda[0]["recommendation"] == "Styret vedtar planen."
    assert second.reason == f"Saksliste endret: sak 3/{meeting.starts_at.year % 100:02d} endret"


# --- Held, cancelled ---------------------------------------------------------------------------------------


def test_a_meeting_is_held_on_its_day_and_a_called_one_may_be_cancelled_its_innkalling_kept(
    session, world, clerk
):
    ahead = clerk.plan(today() + days(3))
    clerk.heading(ahead)
    with refused(session, "error.result_before_meeting", ValidationFailed):
        clerk(hold_meeting, meeting_id=ahead.id, expected_version=1)
    clerk(send_notice, meeting_id=ahead.id, expected_version=1)
    with audited(session, "meeting.cancel") as added:
        clerk(cancel_meeting, meeting_id=ahead.id, expected_version=_version(session, ahead), reason="Syk")
    assert stored(session, Meeting, ahead.id).status == M.CANCELLED
    assert _steps(session, ahead.id) == [(M.PLANNED, M.CALLED, None), (M.CALLED, M.CANCELLED, "Syk")]
    assert len(_notices(session, ahead.id)) == 1
    assert added[0].after["reason"] == "Syk"
    held = clerk.plan(today())
    with audited(session, "meeting.held"):
        clerk(hold_meeting, meeting_id=held.id, expected_version=1)
    assert _steps(session, held.id) == [(M.PLANNED, M.HELD, None)]
    with refused(session, "error.meeting_step", ValidationFailed):
        clerk(hold_meeting, meeting_id=held.id, expected_version=_version(session, held))
    with refused(session, "error.meeting_held", ValidationFailed):
        clerk(cancel_meeting, meeting_id=held.id, expected_version=_version(session, held), reason="Feil")


def test_minutes_or_a_result_mark_a_called_meeting_held_with_its_step_kept(session, world, clerk):
    meeting = clerk.plan(today())
    item = clerk.add(meeting, clerk.case((world.board, DECISION, True)))
    clerk(send_notice, meeting_id=meeting.id, expected_version=1)
    with audited(session, "meeting.result", "case.treated"):
        clerk.result(item, "endorsed")
    assert stored(session, Meeting, meeting.id).status == M.HELD
    assert _steps(session, meeting.id) == [(M.PLANNED, M.CALLED, None), (M.CALLED, M.HELD, None)]
    minuted = clerk.plan(today() - days(1))
    clerk(record_minutes, meeting_id=minuted.id, expected_version=1, minutes="Protokoll")
    assert _steps(session, minuted.id) == [(M.PLANNED, M.HELD, None)]


# --- The protokoll approved and published ------------------------------------------------------------


def test_no_protokoll_is_approved_or_published_before_the_meeting_is_held(session, world, clerk):
    meeting = clerk.plan(today())
    signers = [(world.persons[0], today())]
    with refused(session, "error.minutes_before_held", ValidationFailed):
        clerk(approve_minutes, meeting_id=meeting.id, expected_version=1, method="signers", signers=signers)
    with refused(session, "error.minutes_before_held", ValidationFailed):
        clerk(publish_minutes, meeting_id=meeting.id, expected_version=1)
    clerk(hold_meeting, meeting_id=meeting.id, expected_version=1)
    with refused(session, "error.meeting_step", ValidationFailed):
        clerk(publish_minutes, meeting_id=meeting.id, expected_version=_version(session, meeting))


def test_a_protokoll_signed_by_named_persons_is_approved_then_published(session, world, clerk):
    meeting = clerk.plan(today() - days(10))
    clerk(hold_meeting, meeting_id=meeting.id, expected_version=1)
    form = {"meeting_id": meeting.id, "expected_version": _version(session, meeting), "method": "signers"}
    kari, ola = world.persons[:2]
    for signers, key in [
        ([], "error.approval_no_signers"),
        ([(kari, today()), (kari, today())], "error.approval_signer_twice"),
        ([(kari, today() - days(11))], "error.signed_before_meeting"),
        ([(kari, today() + days(1))], "error.signed_in_future"),
    ]:
        with refused(session, key, ValidationFailed):
            clerk(approve_minutes, **form, signers=signers)
    with refused(session, "error.approval_item_with_signers", ValidationFailed):
        clerk(approve_minutes, **form, signers=[(kari, today())], agenda_item_id=1)
    with audited(session, "meeting.approve", "document.generate") as added:
        clerk(approve_minutes, **form, signers=[(kari, today() - days(9)), (ola, today() - days(8))])
    approval = session.scalars(
        sa.select(MinutesApproval).where(MinutesApproval.meeting_id == meeting.id)
    ).one()
    signed = session.execute(
        sa.select(MinutesSigner.person_id, MinutesSigner.signed_on).order_by(MinutesSigner.signed_on)
    ).all()
    session.commit()
    assert (approval.method, approval.approved_on, approval.agenda_item_id) == (
        "signers",
        today() - days(8),
        None,
    )
    assert [tuple(row) for row in signed] == [(kari, today() - days(9)), (ola, today() - days(8))]
    assert added[0].after["status"] == M.APPROVED
    # The protokoll as approved is kept: a generated PDF that names how it was approved.
    version_id = session.scalar(
        sa.select(DocumentVersion.id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.meeting_id == meeting.id, Document.kind == "minutes")
    )
    filename, paper = _paper(session, version_id)
    assert filename == f"protokoll-{meeting.starts_at:%Y-%m-%d}.pdf"
    assert _reads(paper, "Protokollen godkjennes", "signert av:")
    with audited(session, "meeting.publish"):
        clerk(publish_minutes, meeting_id=meeting.id, expected_version=_version(session, meeting))
    assert _steps(session, meeting.id) == [
        (M.PLANNED, M.HELD, None),
        (M.HELD, M.APPROVED, None),
        (M.APPROVED, M.PUBLISHED, None),
    ]


def test_a_protokoll_is_approved_at_a_later_held_meeting_of_the_same_body(session, world, clerk):
    meeting = clerk.plan(today() - days(30))
    clerk(hold_meeting, meeting_id=meeting.id, expected_version=1)
    earlier = clerk.plan(today() - days(40))
    upcoming, other_body = clerk.plan(today() + days(5)), clerk.plan(today() - days(3), body_id=world.group)
    later = clerk.plan(today() - days(2))
    items = {
        name: clerk.heading(row, "Godkjenning av protokoll")
        for name, row in [
            ("earlier", earlier),
            ("upcoming", upcoming),
            ("other", other_body),
            ("later", later),
        ]
    }
    for row in (earlier, other_body):
        clerk(hold_meeting, meeting_id=row.id, expected_version=_version(session, row))
    form = {"meeting_id": meeting.id, "expected_version": _version(session, meeting), "method": "meeting"}
    for name, key in [
        ("earlier", "error.approval_not_later"),
        ("other", "error.approval_other_body"),
        ("upcoming", "error.approval_meeting_not_held"),
        ("later", "error.approval_meeting_not_held"),
    ]:
        with refused(session, key, ValidationFailed):
            clerk(approve_minutes, **form, agenda_item_id=items[name].id)
    with refused(session, "error.approval_item_required", ValidationFailed):
        clerk(approve_minutes, **form)
    with refused(session, "error.approval_method", ValidationFailed):
        clerk(approve_minutes, **{**form, "method": "email"}, agenda_item_id=items["later"].id)
    clerk(hold_meeting, meeting_id=later.id, expected_version=_version(session, later))
    with refused(session, "error.approval_date_meeting", ValidationFailed):
        clerk(approve_minutes, **form, agenda_item_id=items["later"].id, approved_on=today())
    with audited(session, "meeting.approve", "document.generate") as added:
        clerk(approve_minutes, **form, agenda_item_id=items["later"].id)
    approval = session.scalars(
        sa.select(MinutesApproval).where(MinutesApproval.meeting_id == meeting.id)
    ).one()
    session.commit()
    assert (approval.method, approval.approved_on) == ("meeting", today() - days(2))
    assert approval.agenda_item_id == items["later"].id
    assert added[0].after["item"] == "«Godkjenning av protokoll»"


# --- The behandling per item ------------------------------------------------------------------------------


def test_the_behandling_of_an_item_and_the_vedtak_of_a_heading_are_recorded(session, world, clerk):
    meeting = clerk.plan(today())
    heading = clerk.heading(meeting, "Godkjenning av innkalling og saksliste")
    case_item = clerk.add(meeting, clerk.case((world.board, DECISION, True)))
    with audited(session, "meeting.proceedings") as added:
        clerk(
            record_proceedings,
            item_id=heading.id,
            expected=None,
            proceedings="Ingen merknader.",
            decision_text="Innkalling og saksliste godkjent.",
        )
    row = stored(session, AgendaItem, heading.id)
    assert proceedings_state(row) == {
        "proceedings": "Ingen merknader.",
        "decision_text": "Innkalling og saksliste godkjent.",
    }
    assert added[0].after["item_id"] == heading.id
    assert stored(session, Meeting, meeting.id).status == M.HELD
    with refused(session, "error.conflict", Conflict):
        clerk(record_proceedings, item_id=heading.id, expected={"proceedings": None}, proceedings="Ny")
    with refused(session, "error.nothing_changed", ValidationFailed):
        clerk(
            record_proceedings,
            item_id=heading.id,
            expected=proceedings_state(row),
            proceedings="Ingen merknader.",
            decision_text="Innkalling og saksliste godkjent.",
        )
    with refused(session, "error.agenda_case_decision", ValidationFailed):
        clerk(
            record_proceedings, item_id=case_item.id, expected=None, proceedings="X", decision_text="Vedtatt"
        )
    clerk(record_proceedings, item_id=case_item.id, expected=None, proceedings="Forslag fra Asker: ...")
    ahead = clerk.plan(today() + days(2))
    item = clerk.heading(ahead)
    with refused(session, "error.result_before_meeting", ValidationFailed):
        clerk(record_proceedings, item_id=item.id, expected=None, proceedings="For tidlig")


# --- Notice periods ---------------------------------------------------------------------------------------


def test_an_admin_sets_a_bodys_notice_period_with_its_basis(session, world):
    def run(**kwargs):
        return set_notice_period(session, actor=world.admin, body_id=world.board, **kwargs)

    with audited(session, "body.notice_period") as added:
        run(expected=None, days=14, basis=Basis.SOURCED, source="Reglement for styret § 4")
    body = stored(session, Body, world.board)
    assert (body.notice_days, body.notice_basis, body.notice_source) == (
        14,
        "sourced",
        "Reglement for styret § 4",
    )
    assert added[0].before == {"notice_days": None, "notice_basis": None, "notice_source": None}
    current = {"notice_days": 14, "notice_basis": "sourced", "notice_source": "Reglement for styret § 4"}
    for kwargs, key in [
        ({"days": 400, "basis": "sourced", "source": "X"}, "error.notice_days"),
        ({"days": 7, "basis": "uncertain", "source": "X"}, "error.notice_basis"),
        ({"days": 7, "basis": "illustrative", "source": " "}, "error.required"),
        ({"days": 14, "basis": "sourced", "source": "Reglement for styret § 4"}, "error.nothing_changed"),
    ]:
        with refused(session, key, ValidationFailed):
            run(expected=current, **kwargs)
    with refused(session, "error.conflict", Conflict):
        run(expected={"notice_days": 7}, days=10, basis="illustrative", source="Satt av administrator")
    run(expected=current, days=None, basis=None, source=None)
    body = stored(session, Body, world.board)
    assert (body.notice_days, body.notice_basis, body.notice_source) == (None, None, None)


def test_a_called_meeting_moved_or_given_a_new_place_makes_the_innkallings_next_version(
    session, world, clerk
):
    meeting = clerk.plan(today() + days(14))
    clerk.heading(meeting, "Godkjenning av innkalling og saksliste")
    clerk(send_notice, meeting_id=meeting.id, expected_version=1)
    starts, ends = at(today() + days(15)), at(today() + days(15), 12)
    form = {"meeting_id": meeting.id}
    with audited(session, "meeting.move", "document.generate", "meeting.notice_version"):
        clerk(
            update_meeting,
            **form,
            expected_version=_version(session, meeting),
            starts_at=starts,
            ends_at=ends,
        )
    with audited(session, "meeting.update", "document.generate", "meeting.notice_version"):
        clerk(
            update_meeting,
            **form,
            expected_version=_version(session, meeting),
            starts_at=starts,
            ends_at=ends,
            place="Lillestrøm rådhus",
        )
    # A new title tells those called nothing they must act on: no new version.
    with audited(session, "meeting.update"):
        clerk(
            update_meeting,
            **form,
            expected_version=_version(session, meeting),
            starts_at=starts,
            ends_at=ends,
            place="Lillestrøm rådhus",
            title="Styremøte",
        )
    notices = _notices(session, meeting.id)
    assert [(n.version, n.reason) for n in notices] == [
        (1, None),
        (2, "Møtet er flyttet: nytt tidspunkt"),
        (3, "Nytt møtested"),
    ]
    assert _reads(_paper(session, notices[2].document_version_id)[1], "Lillestrøm rådhus")


def test_closing_an_item_after_the_innkalling_sends_a_version_that_names_only_its_basis(
    session, world, clerk
):
    meeting = clerk.plan(today() + days(14))
    case = clerk.case((world.board, DECISION, True))
    item = clerk.add(meeting, case, number=4)
    clerk(send_notice, meeting_id=meeting.id, expected_version=1)
    basis = "kommuneloven § 11-5 andre ledd bokstav a"
    with audited(session, "meeting.agenda_closed", "document.generate", "meeting.notice_version"):
        clerk(set_item_closed, item_id=item.id, closed_basis=basis)
    first, second = _notices(session, meeting.id)
    assert second.reason == "Saksliste endret: punkt 1 behandles for lukkede dører"
    assert second.agenda[0]["closed_basis"] == basis
    # The innkalling of version 2 (published once the meeting is called) names the basis, not the case.
    text = pdf_text(_paper(session, second.document_version_id)[1])
    assert _reads(_paper(session, second.document_version_id)[1], "Unntatt offentlighet")
    assert "Regional plan" not in text
    with audited(session, "meeting.agenda_opened", "document.generate", "meeting.notice_version"):
        clerk(set_item_closed, item_id=item.id, closed_basis=None)
    assert _notices(session, meeting.id)[-1].reason == "Saksliste endret: punkt 1 er åpnet for offentligheten"
