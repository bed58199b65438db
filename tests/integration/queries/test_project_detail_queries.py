"""One project's read side on SQLite and PostgreSQL: details, status history, milestones, checkpoints,
attention, the input and advice on it, and its change history with ids named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg.db import read_sessions
from osloreg.enums import AdviceState, CheckpointKind, MeetingStatus, Outcome, ProjectStatus, Role
from osloreg.models import (
    AdviceInput,
    AuditEvent,
    ProjectStatusChange,
    User,
)
from osloreg.queries import history as hq
from osloreg.queries.project_detail import project_detail, project_input
from osloreg.rules.projects import Attention
from osloreg.services.base import Actor
from osloreg.services.projects import create_project, update_project
from tests.factories import (
    at,
    days,
    make_advice,
    make_body,
    make_decision,
    make_input,
    make_meeting,
    make_person,
    make_project,
    make_unit,
)
from tests.integration.queries.project_rows import (
    add,
    checkpoint,
    link,
    milestone,
    missing,
    strategy,
)

TODAY = dt.date(2024, 6, 12)
S = ProjectStatus
K = CheckpointKind
EVERY_REASON = [str(reason) for reason in Attention]


@pytest.fixture
def session(rolled_back_session: Session) -> Session:
    return rolled_back_session


# --- One project --------------------------------------------------------------------------------


def test_project_detail_has_partners_points_history_milestones_checkpoints_and_attention(session):
    points = strategy(session)
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    lillestrom = make_unit(session, name="Lillestrøm kommune")
    coordinator = add(
        session, User(username="koordinator", display_name="Kari Koordinator", password_hash="x")
    )
    project = make_project(
        session,
        title="Internasjonal profilering",
        body=group,
        owner=make_person(session, name="Ola Eier"),
        start_on=TODAY - days(100),
        status_changed_at=at(TODAY - days(30)),
    )
    link(session, project, points=[points["3.4"], points["3.2"]], partners=[oslo, lillestrom])
    for days_ago, from_status, to_status, user in [
        (200, None, S.IDEA, coordinator),
        (30, S.PLANNED, S.ONGOING, None),
        (150, S.IDEA, S.PLANNED, coordinator),
    ]:
        add(
            session,
            ProjectStatusChange(
                project_id=project.id,
                from_status=from_status,
                to_status=to_status,
                changed_at=at(TODAY - days(days_ago)),
                changed_by_user_id=user.id if user else None,
                note=f"Til {to_status}",
            ),
        )
    milestone(session, project, TODAY + days(5), title="Åpen")
    milestone(session, project, TODAY - days(5), title="Forsinket")
    milestone(session, project, TODAY - days(50), done_on=TODAY - days(48), title="Levert")
    meeting = make_meeting(
        session, body=group, starts_at=dt.datetime(2024, 2, 1, 9), status=MeetingStatus.HELD
    )
    advice = make_advice(session, body=group, title="Råd om profilering", subject=project)
    checkpoint(session, project, K.INFORMED, on_date=TODAY - days(110), meeting=meeting)
    checkpoint(session, project, K.INPUT_ROUND, advice=advice)

    detail = project_detail(session, project_id=project.id, today=TODAY)

    assert (detail.title, detail.body, detail.owner, detail.status) == (
        "Internasjonal profilering",
        "Faggruppe for næringssamarbeid",
        "Ola Eier",
        "ongoing",
    )
    assert detail.partners == [(lillestrom.id, "Lillestrøm kommune"), (oslo.id, "Oslo kommune")]
    assert detail.points == [(points["3.2"].id, "3.2 Mål 3.2"), (points["3.4"].id, "3.4 Mål 3.4")]
    history = detail.status_history
    assert list(history["to_status"]) == ["ongoing", "planned", "idea"]  # newest first
    assert list(history["changed_at"]) == [at(TODAY - days(n)) for n in (30, 150, 200)]
    assert missing(history["changed_by"][0]) and list(history["changed_by"][1:]) == ["Kari Koordinator"] * 2
    assert list(history["note"]) == ["Til ongoing", "Til planned", "Til idea"]
    assert list(detail.milestones["title"]) == ["Levert", "Forsinket", "Åpen"]
    assert list(detail.milestones["state"]) == ["done", "overdue", "open"]
    assert set(detail.checkpoints) == {"informed", "input_round", "quality_assured"}
    informed = detail.checkpoints["informed"]
    assert informed.passed and informed.on_date == TODAY - days(110)
    assert informed.meeting == "01.02.2024 Faggruppe for næringssamarbeid"
    assert (
        detail.checkpoints["input_round"].passed and detail.checkpoints["input_round"].advice == advice.title
    )
    assert not detail.checkpoints["quality_assured"].passed
    assert detail.checkpoints["quality_assured"].state is None
    assert detail.attention == {"not_quality_assured", "overdue_milestones"}
    assert detail.next_statuses == ["completed", "paused", "cancelled"]


def test_project_detail_of_a_missing_project_is_none(session):
    make_project(session)
    assert project_detail(session, project_id=10**9, today=TODAY) is None


def test_a_checkpoint_without_date_meeting_or_advice_is_not_passed(session):
    project = make_project(session, status=S.ONGOING, start_on=TODAY - days(5))
    checkpoint(session, project, K.INFORMED, on_date=TODAY - days(6))
    checkpoint(session, project, K.QUALITY_ASSURED)
    detail = project_detail(session, project_id=project.id, today=TODAY)
    assert not detail.checkpoints["quality_assured"].passed
    assert detail.checkpoints["quality_assured"].state is not None  # the row is there, but empty
    assert detail.attention == {"not_quality_assured"}


def _link_inputs(session: Session, advice, *inputs) -> None:
    session.add_all(AdviceInput(advice_id=advice.id, input_id=row.id) for row in inputs)
    session.flush()


def test_project_input_shows_every_groups_input_with_its_fate_and_the_advice_with_its_outcome(session):
    project, other = make_project(session, title="Profilering"), make_project(session, title="Annet")
    group_a = make_body(session, name="Faggruppe A")
    group_b = make_body(session, name="Faggruppe B")
    author = make_person(session, name="Kari Medlem")
    oslo = make_unit(session, name="Oslo kommune")

    def given(days_ago, body=group_a, **fields):
        return make_input(
            session,
            body=body,
            author=author,
            subject=project,
            created_at=at(TODAY - days(days_ago)),
            **fields,
        )

    decided_input = given(10, unit=oslo, text="Tydeligere mål")
    submitted_input = given(8, body=group_b, text="Flere partnere")
    awaiting_input = given(6, text="Ingen råd ennå")
    drafted_input = given(5, text="I et utkast")
    withdrawn_input = given(4, text="Trukket", withdrawn_at=at(TODAY - days(3)))
    make_input(session, body=group_a, subject=other, text="Annet prosjekt")

    decided = make_advice(
        session,
        body=group_a,
        state=AdviceState.SUBMITTED,
        title="Avgjort råd",
        subject=project,
        submitted_at=at(TODAY - days(9)),
    )
    _link_inputs(session, decided, decided_input)
    first = make_decision(
        session, advice=decided, outcome=Outcome.NOT_FOLLOWED, decided_at=at(TODAY - days(7))
    )
    first.reopened_at = at(TODAY - days(6))
    make_decision(session, advice=decided, outcome=Outcome.PARTLY_FOLLOWED, decided_at=at(TODAY - days(2)))
    sent = make_advice(
        session,
        body=group_b,
        state=AdviceState.SUBMITTED,
        title="Sendt råd",
        subject=project,
        submitted_at=at(TODAY - days(1)),
    )
    _link_inputs(session, sent, submitted_input)
    draft = make_advice(
        session, body=group_a, title="Utkast", subject=project, created_at=at(TODAY - days(4))
    )
    _link_inputs(session, draft, drafted_input, decided_input)
    make_advice(session, body=group_a, title="Råd om annet", subject=other)

    found = project_input(session, project_id=project.id)

    assert found.inputs_total == 5
    inputs = found.inputs
    assert list(inputs["id"]) == [
        withdrawn_input.id,
        drafted_input.id,
        awaiting_input.id,
        submitted_input.id,
        decided_input.id,
    ]  # newest first
    assert list(inputs["status"]) == ["withdrawn", "awaiting", "awaiting", "submitted", "decided"]
    assert list(inputs["body"]) == ["Faggruppe A", "Faggruppe A", "Faggruppe A", "Faggruppe B", "Faggruppe A"]
    decided_row = inputs.set_index("id").loc[decided_input.id]
    assert (decided_row["outcome"], decided_row["author"], decided_row["unit"]) == (
        "partly_followed",
        "Kari Medlem",
        "Oslo kommune",
    )
    assert all(missing(value) for value in inputs["outcome"][:4])
    advice = found.advice
    assert list(advice["title"]) == ["Sendt råd", "Utkast", "Avgjort råd"]  # submitted, else created
    assert list(advice["state"]) == ["submitted", "draft", "decided"]
    decided_advice = advice.set_index("title").loc["Avgjort råd"]
    assert (decided_advice["outcome"], decided_advice["decided_at"]) == (
        "partly_followed",
        at(TODAY - days(2)),
    )
    assert missing(advice.set_index("title").loc["Sendt råd", "outcome"])
    assert len(project_input(session, project_id=project.id, limit=2).inputs) == 2


# --- The history of a project ---------------------------------------------------------------------


def _state(**overrides: Any) -> dict[str, Any]:
    """A project as an audit event records it (services.projects.project_state)."""
    state = {
        "id": 1,
        "title": "Profilering",
        "description": None,
        "owner_person_id": None,
        "body_id": None,
        "status": "idea",
        "status_changed_at": "2024-06-01T10:00:00",
        "start_on": None,
        "end_on": None,
        "progress": 0,
        "outside_partners": None,
        "created_at": "2024-06-01T10:00:00",
        "updated_at": "2024-06-01T10:00:00",
        "version": 1,
        "basis": "sourced",
        "source": None,
        "partner_unit_ids": [],
        "point_ids": [],
    }
    return state | overrides


def test_changes_list_only_what_changed_and_leave_out_bookkeeping(session):
    before = _state()
    after = _state(title="Ny tittel", progress=20, version=2, updated_at="2024-06-02T10:00:00", point_ids=[4])
    assert hq.changes(before, after) == [
        ("title", "Profilering", "Ny tittel"),
        ("progress", 0, 20),
        ("point_ids", [], [4]),
    ]
    assert hq.changes(before, before) == []
    # A new record lists what it was given: nothing empty, no bookkeeping, but a zero is a value.
    assert hq.changes(None, _state(description="")) == [
        ("title", None, "Profilering"),
        ("status", None, "idea"),
        ("progress", None, 0),
        ("basis", None, "sourced"),
    ]
    assert hq.changes({"milestone": {"project_id": 1, "title": "A", "due_on": "2024-01-01"}}, None) == [
        ("milestone.title", "A", None),
        ("milestone.due_on", "2024-01-01", None),
    ]


def _event(session: Session, project_id: int, action: str, when: dt.datetime, before=None, after=None):
    return add(
        session,
        AuditEvent(
            at=when,
            actor_name="koordinator",
            action=action,
            entity="project",
            entity_id=project_id,
            before=before,
            after=after,
        ),
    )


def test_project_history_is_newest_first_names_the_ids_and_pages(session):
    group_a = make_body(session, name="Faggruppe A")
    group_b = make_body(session, name="Faggruppe B")
    oslo = make_unit(session, name="Oslo kommune")
    lillestrom = make_unit(session, name="Lillestrøm kommune")
    owner = make_person(session, name="Ola Eier")
    points = strategy(session, labels=("3.2",))
    project = make_project(session)
    created = _state(id=project.id, body_id=group_a.id, partner_unit_ids=[oslo.id])
    updated = created | {
        "title": "Internasjonal profilering",
        "body_id": group_b.id,
        "owner_person_id": owner.id,
        "partner_unit_ids": sorted([oslo.id, lillestrom.id]),
        "point_ids": [points["3.2"].id],
        "version": 2,
        "updated_at": "2024-06-03T10:00:00",
    }
    moved = updated | {"status": "planned", "version": 3, "status_changed_at": "2024-06-04T10:00:00"}
    first = _event(session, project.id, "project.create", at(TODAY - days(5)), after=created)
    second = _event(session, project.id, "project.update", at(TODAY - days(4)), before=created, after=updated)
    third = _event(session, project.id, "project.status", at(TODAY - days(3)), before=updated, after=moved)
    _event(session, project.id + 1, "project.update", at(TODAY), before=created, after=updated)
    add(session, AuditEvent(actor_name="x", action="body.update", entity="body", entity_id=project.id))

    history = hq.entity_history(session, entity="project", entity_id=project.id)

    assert history.total == 3
    assert list(history.rows["id"]) == [third.id, second.id, first.id]
    assert list(history.rows["action"]) == ["project.status", "project.update", "project.create"]
    assert list(history.rows["actor"]) == ["koordinator"] * 3
    changes = dict(zip(history.rows["id"], history.rows["changes"], strict=True))
    partners = ", ".join(
        name for _, name in sorted([(oslo.id, "Oslo kommune"), (lillestrom.id, "Lillestrøm kommune")])
    )
    assert changes[second.id] == [
        ("title", "Profilering", "Internasjonal profilering"),
        ("owner_person_id", None, "Ola Eier"),
        ("body_id", "Faggruppe A", "Faggruppe B"),
        ("partner_unit_ids", "Oslo kommune", partners),
        ("point_ids", "", "3.2"),
    ]
    assert changes[third.id] == [("status", "idea", "planned")]
    assert ("body_id", None, "Faggruppe A") in changes[first.id]
    page = hq.entity_history(session, entity="project", entity_id=project.id, limit=2, offset=2)
    assert page.total == 3 and list(page.rows["id"]) == [first.id]


def test_a_name_no_longer_found_is_shown_by_its_number(session):
    project = make_project(session)
    _event(
        session,
        project.id,
        "project.update",
        at(TODAY),
        before=_state(body_id=None),
        after=_state(body_id=987654),
    )
    (changes,) = hq.entity_history(session, entity="project", entity_id=project.id).rows["changes"]
    assert changes == [("body_id", None, "#987654")]


def test_a_checkpoint_in_the_history_names_its_meeting_and_its_advice(session):
    group = make_body(session, name="Faggruppe for næringssamarbeid")
    project = make_project(session, body=group)
    meeting = make_meeting(
        session, body=group, starts_at=dt.datetime(2024, 5, 3, 9), status=MeetingStatus.HELD
    )
    advice = make_advice(session, body=group, title="Råd om profilering", subject=project)
    informed = {"checkpoint": "informed", "on_date": "2024-05-03", "meeting_id": meeting.id}
    informed |= {"advice_id": None, "note": None}
    corrected = informed | {"on_date": "2024-05-02", "advice_id": advice.id}
    _event(session, project.id, "project.checkpoint", at(TODAY - days(2)), after=informed)
    _event(session, project.id, "project.checkpoint", at(TODAY - days(1)), before=informed, after=corrected)

    newest, oldest = hq.entity_history(session, entity="project", entity_id=project.id).rows["changes"]

    assert oldest == [
        ("checkpoint", None, "informed"),
        ("on_date", None, "2024-05-03"),
        ("meeting_id", None, "03.05.2024 Faggruppe for næringssamarbeid"),
    ]
    assert newest == [("on_date", "2024-05-03", "2024-05-02"), ("advice_id", None, "Råd om profilering")]


def test_the_history_of_an_edit_through_the_service_shows_only_the_changed_fields(engine: Engine):
    coordinator = Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}))
    with read_sessions(engine)() as session:
        group_a = make_body(session, name="Faggruppe A")
        group_b = make_body(session, name="Faggruppe B")
        oslo = make_unit(session, name="Oslo kommune")
        session.commit()
        project = create_project(
            session, actor=coordinator, title="Profilering", body_id=group_a.id, partner_unit_ids=[oslo.id]
        )
        update_project(
            session,
            actor=coordinator,
            project_id=project.id,
            expected_version=project.version,
            title="Internasjonal profilering",
            body_id=group_b.id,
            progress=10,
            partner_unit_ids=[],
        )

        history = hq.entity_history(session, entity="project", entity_id=project.id)

        assert history.total == 2 and list(history.rows["action"]) == ["project.update", "project.create"]
        assert history.rows["changes"][0] == [
            ("title", "Profilering", "Internasjonal profilering"),
            ("body_id", "Faggruppe A", "Faggruppe B"),
            ("progress", 0, 10),
            ("partner_unit_ids", "Oslo kommune", ""),
        ]
        created = dict((path, now) for path, _, now in history.rows["changes"][1])
        assert (created["title"], created["body_id"], created["partner_unit_ids"]) == (
            "Profilering",
            "Faggruppe A",
            "Oslo kommune",
        )
        assert not {"version", "updated_at", "created_at", "id"} & set(created)
        session.rollback()
