"""The permission table of DESIGN.md ("Who may do what") as data: every role x service x item state,
each cell run through the real service on an empty migrated database (each cell in a transaction rolled
back, checked to leave no row behind), default deny; and acting on another member's
records by id is refused and leaves every row and the audit trail as they were."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.backup import BackupResult
from osloreg.enums import AdviceState, MembershipRole, Role, SubjectType, UnitKind
from osloreg.importer import Kind, parse_upload
from osloreg.models import Advice, AdviceInput, ApiToken, AuditEvent, Input, SsoIdentity, User, UserRole
from osloreg.rules import sso as sso_rules
from osloreg.services import load_all_services
from osloreg.services.base import REGISTRY, Actor, DomainError
from osloreg.services.sso import sso_login
from osloreg.snapshots import snapshot
from tests import sso_claims
from tests.database_state import every_row, rolled_back
from tests.factories import (
    make_advice,
    make_agenda_item,
    make_body,
    make_case,
    make_decision,
    make_input,
    make_meeting,
    make_membership,
    make_person,
    make_sub_region_member,
    make_unit,
)
from tests.integration.services.attendance_world import absence, inhabil, vara_call
from tests.integration.services.document_world import every_document_service
from tests.integration.services.meeting_world import (
    build_meeting_world,
    every_cycle_service,
    every_meeting_service,
)
from tests.integration.services.test_case_services import _every_service as every_case_service
from tests.integration.services.test_project_services import _every_service as every_project_service

load_all_services()

A, D, C, M, V = Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER, Role.VIEWER
ROLES = (A, D, C, M, V)
ALLOW = "allow"
DENIED = "error.permission_denied"
TODAY = clock.oslo_today()

# --- The table of DESIGN.md, written out (not derived from rules.permissions.MATRIX) -----------------

READ_ALL = {A, D, C, M, V}
LOG_INPUT = {A, D, C, M}
WORK = {A, D, C}  # projects, meetings, cases, minutes
DIRECTORY = {A, C}  # units, persons, memberships
ADMIN = {A}  # users, roles, audit log, import, backup
DOCUMENTS = {A, D, C}  # upload, new versions, public or exempt, remove

# Item states. Input: whose it is and what the advice it feeds has become.
OWN_OPEN, OWN_DRAFT, OWN_SUBMITTED, OWN_DECIDED, OTHERS = (
    "own input",
    "own input feeding a draft advice",
    "own input feeding a submitted advice",
    "own input feeding a decided advice",
    "another member's input",
)
INPUT_STATES = (OWN_OPEN, OWN_DRAFT, OWN_SUBMITTED, OWN_DECIDED, OTHERS)
IN_GROUP, OTHER_GROUP = "to a group one sits in", "to a group one does not sit in"
OTHER_UNIT = "to a group one sits in, on behalf of a unit one does not represent"
# Advice: the acting person's seat, and the advice's state.
LEADER, DEPUTY, PLAIN, LEADS_OTHER = (
    "leader of the group",
    "deputy of the group",
    "plain member of the group",
    "member of the group, leader of another",
)
SEATS = (LEADER, DEPUTY, PLAIN, LEADS_OTHER)
ADVICE_STATES = (AdviceState.DRAFT, AdviceState.SUBMITTED, AdviceState.DECIDED)
NONE = "-"


def roles_only(holders: set[Role]) -> Callable[[Role, str], str]:
    return lambda role, state: ALLOW if role in holders else DENIED


def log_input_rule(role: Role, state: str) -> str:
    if role not in LOG_INPUT:
        return DENIED
    if state == OTHER_GROUP and role == M:
        return "error.not_in_group"  # the secretariat's roles give input to any group
    if state == OTHER_UNIT and role not in DIRECTORY:
        return "error.unit_not_represented"  # the registrars (admin, coordinator) name any unit
    return ALLOW


def edit_input_rule(role: Role, state: str) -> str:
    if role not in LOG_INPUT:
        return DENIED
    if state == OTHERS:
        return "error.not_author"  # nobody edits another's input, not even an admin
    if state == OWN_DECIDED:
        return "error.input_locked"
    return ALLOW


def _may_compose(role: Role, seat: str) -> str | None:
    """None if the role, in that seat, composes advice for the group; else the refusal."""
    if role not in LOG_INPUT:
        return DENIED
    if role in (A, C) or (role == M and seat in (LEADER, DEPUTY)):
        return None
    return "error.not_group_leader"  # the director, and members who do not lead this group


def create_advice_rule(role: Role, state: str) -> str:
    return _may_compose(role, state) or ALLOW


def compose_rule(allowed_states: set[str]) -> Callable[[Role, str], str]:
    def rule(role: Role, state: str) -> str:
        seat, advice_state = state.split(" / ")
        refusal = _may_compose(role, seat)
        if refusal:
            return refusal
        if advice_state in allowed_states:
            return ALLOW
        return "error.advice_locked" if advice_state == AdviceState.DECIDED else "error.advice_not_draft"

    return rule


def decide_rule(role: Role, state: str) -> str:
    if role != D:
        return DENIED
    return {
        AdviceState.SUBMITTED: ALLOW,
        AdviceState.DRAFT: "error.advice_not_submitted",
        AdviceState.DECIDED: "error.advice_locked",
    }[state]


def reopen_rule(role: Role, state: str) -> str:
    if role != D:
        return DENIED
    return ALLOW if state == AdviceState.DECIDED else "error.advice_not_decided"


# Forfall and habilitet: for the person of the acting user, or for another member of the body.
OWN_PERSON, OTHER_PERSON = "for oneself", "for another member"
PERSON_STATES = (OWN_PERSON, OTHER_PERSON)
REPORT = {A, D, C, M}  # a member only for themselves
HANDLE = {A, D, C}  # the secretariat: anyone's forfall and habilitet, vara, the body's decision


def report_rule(not_own: str) -> Callable[[Role, str], str]:
    def rule(role: Role, state: str) -> str:
        if role not in REPORT:
            return DENIED
        return not_own if role == M and state == OTHER_PERSON else ALLOW

    return rule


SEATED_ADVICE = tuple(f"{seat} / {state}" for seat in SEATS for state in ADVICE_STATES)
MEETING_SERVICES = (
    "meetings.plan_meeting meetings.update_meeting meetings.cancel_meeting meetings.record_minutes "
    "meetings.add_agenda_item meetings.move_agenda_item meetings.remove_agenda_item meetings.record_result "
    "meetings.record_attendance meetings.set_item_closed"
).split()
CYCLE_SERVICES = (
    "meeting_cycle.send_notice meeting_cycle.hold_meeting meeting_cycle.approve_minutes "
    "meeting_cycle.publish_minutes meeting_cycle.record_proceedings"
).split()
PROJECT_SERVICES = (
    "projects.create_project projects.update_project projects.change_status projects.add_milestone "
    "projects.update_milestone projects.remove_milestone projects.record_checkpoint projects.clear_checkpoint"
).split()
CASE_SERVICES = (
    "cases.register_case cases.update_case cases.plan_step cases.remove_step cases.link_cases".split()
)
DIRECTORY_SERVICES = (
    "directory.add_membership directory.end_membership directory.change_role directory.create_person "
    "directory.update_person directory.create_unit directory.update_unit directory.add_sub_region_link "
    "directory.end_sub_region_link directory.add_osloregion_membership"
).split()
DOCUMENT_SERVICES = (
    "documents.add_document documents.add_version documents.set_access documents.remove_document".split()
)
USER_SERVICES = (
    "users.create_user users.update_user users.set_roles users.disable_user users.enable_user "
    "users.unlock_user users.reset_password"
).split()

# service -> (item states, rule(role, state) -> ALLOW or the refusal's message key)
TABLE: dict[str, tuple[tuple[str, ...], Callable[[Role, str], str]]] = {
    "users.set_own_language": ((NONE,), roles_only(READ_ALL)),
    "feeds.renew_feed_token": ((NONE,), roles_only(READ_ALL)),  # one's own calendar feeds
    "feeds.revoke_feed_token": ((NONE,), roles_only(READ_ALL)),
    "notifications.set_own_digest_frequency": ((NONE,), roles_only(READ_ALL)),
    "notifications.record_digest_run": ((NONE,), roles_only(ADMIN)),  # the system's run of `digest send`
    "inputs.log_input": ((IN_GROUP, OTHER_GROUP, OTHER_UNIT), log_input_rule),
    "inputs.edit_input": (INPUT_STATES, edit_input_rule),
    "inputs.withdraw_input": (INPUT_STATES, edit_input_rule),
    "advice.create_advice": (SEATS, create_advice_rule),
    "advice.update_advice": (SEATED_ADVICE, compose_rule({AdviceState.DRAFT})),
    "advice.submit_advice": (SEATED_ADVICE, compose_rule({AdviceState.DRAFT})),
    "advice.withdraw_advice": (SEATED_ADVICE, compose_rule({AdviceState.DRAFT, AdviceState.SUBMITTED})),
    "advice.decide_advice": (ADVICE_STATES, decide_rule),
    "advice.decide_many": (ADVICE_STATES, decide_rule),
    "advice.reopen_decision": ((AdviceState.SUBMITTED, AdviceState.DECIDED), reopen_rule),
    **{name: ((NONE,), roles_only(WORK)) for name in MEETING_SERVICES + PROJECT_SERVICES + CASE_SERVICES},
    **{name: ((NONE,), roles_only(WORK)) for name in CYCLE_SERVICES},  # the secretariat's meeting work
    "meeting_cycle.set_notice_period": ((NONE,), roles_only(ADMIN)),  # the rule a body meets: the admin's
    **{name: ((NONE,), roles_only(DIRECTORY)) for name in DIRECTORY_SERVICES},
    **{name: ((NONE,), roles_only(DOCUMENTS)) for name in DOCUMENT_SERVICES},
    **{name: ((NONE,), roles_only(ADMIN)) for name in USER_SERVICES},
    "attendance.report_absence": (PERSON_STATES, report_rule("error.forfall_not_own")),
    "attendance.withdraw_absence": (PERSON_STATES, report_rule("error.forfall_not_own")),
    "attendance.call_substitute": ((NONE,), roles_only(HANDLE)),
    "attendance.answer_call": ((NONE,), roles_only(HANDLE)),
    "attendance.set_quorum_rule": ((NONE,), roles_only(ADMIN)),  # the rule a body meets: the admin's
    "disqualifications.declare_disqualification": (PERSON_STATES, report_rule("error.habilitet_not_own")),
    "disqualifications.decide_disqualification": ((NONE,), roles_only(HANDLE)),
    "disqualifications.withdraw_disqualification": (PERSON_STATES, report_rule("error.habilitet_not_own")),
    "backups.record_backup": ((NONE,), roles_only(ADMIN)),
    "imports.import_rows": ((NONE,), roles_only(ADMIN)),
    "demo.load_demo_data": ((NONE,), roles_only(ADMIN)),
    "sso.link_pid": ((NONE,), roles_only(ADMIN)),  # an ID-porten identity, by the number, once
    "sso.unlink_identity": ((NONE,), roles_only(ADMIN)),
    "api_tokens.create_api_token": ((NONE,), roles_only(ADMIN)),  # the read API's tokens for internal use
    "api_tokens.revoke_api_token": ((NONE,), roles_only(ADMIN)),
}
# How the acting user's session began: the password form, or single sign-on through the service
# (osloreg.services.sso) with each provider. The table is the same for all three.
PASSWORD, ENTRA, IDPORTEN = "password", sso_rules.ENTRA, sso_rules.IDPORTEN
LOGIN_KINDS = (PASSWORD, ENTRA, IDPORTEN)


@dataclass(frozen=True)
class Cell:
    service: str
    role: Role
    state: str
    expected: str  # ALLOW or the message key of the refusal
    login: str = PASSWORD  # how the acting user logged in


CELLS = [
    Cell(name, role, state, rule(role, state))
    for name, (states, rule) in TABLE.items()
    for role in ROLES
    for state in states
]


def test_every_service_in_the_registry_has_rows_in_the_matrix():
    # A new service fails here until the table says who may call it.
    assert set(TABLE) == set(REGISTRY)
    for name, (_states, rule) in TABLE.items():
        assert any(rule(role, state) == ALLOW for role in ROLES for state in _states), name


# --- The world of one cell ----------------------------------------------------------------------------


@dataclass
class World:
    group: int
    other: int
    actor: Actor  # the acting user, with a person of their own
    colleague: int  # another member's person, in the same group


def build(session: Session, role: Role, seat: str = PLAIN, login: str = PASSWORD) -> World:
    group, other = make_body(session, name="Faggruppe for næring"), make_body(session)
    me, colleague = make_person(session, name="Den som handler"), make_person(session, name="Kollega")
    make_membership(session, person=colleague, body=group)
    role_in_group = {LEADER: MembershipRole.LEADER, DEPUTY: MembershipRole.DEPUTY}.get(
        seat, MembershipRole.MEMBER
    )
    make_membership(session, person=me, body=group, role=role_in_group)
    if seat == LEADS_OTHER:
        make_membership(session, person=me, body=other, role=MembershipRole.LEADER)
    user = User(
        username=f"som-{role}",
        display_name="Den som handler",
        password_hash="-",
        person_id=me.id,
        role_rows=[UserRole(role=role)],
    )
    session.add(user)
    session.flush()
    if login == PASSWORD:
        actor = Actor(user_id=user.id, username=user.username, roles=frozenset({role}), person_id=me.id)
    else:
        actor = sso_actor(session, user, login)
    return World(group.id, other.id, actor, colleague.id)


def sso_actor(session: Session, user: User, kind: str) -> Actor:
    """The actor of a session that began with a single sign-on: the identity linked (as an admin or the
    first login by e-mail would), the login judged by the service, the actor made from the user it
    names, with the roles read from the database (as ui.login does on every run)."""
    if kind == ENTRA:
        provider, subject = sso_claims.entra(), f"oid-{user.id}"
        claims = sso_claims.entra_claims(subject)
    else:
        provider, subject = sso_claims.idporten(), sso_rules.pid_hash(sso_claims.PID, salt=sso_claims.SALT)
        claims = sso_claims.idporten_claims(sso_claims.PID)
    session.add(SsoIdentity(user_id=user.id, provider=provider.name, subject=subject, linked_by="admin"))
    session.commit()
    result = sso_login(session, provider=provider, claims=claims, salt=sso_claims.SALT)
    assert result.ok, result.reason
    return Actor.of(session.get(User, result.user_id))


def _input_in_state(session: Session, w: World, state: str) -> Input:
    author = w.colleague if state == OTHERS else w.actor.person_id
    row = make_input(session, body=w.group, author=author)
    advice_state = {OWN_DRAFT: "draft", OWN_SUBMITTED: "submitted", OWN_DECIDED: "submitted"}.get(state)
    if advice_state:
        advice = make_advice(session, body=w.group, state=advice_state)
        session.add(AdviceInput(advice_id=advice.id, input_id=row.id))
        session.flush()
        if state == OWN_DECIDED:
            make_decision(session, advice=advice)
    return row


def _advice_in_state(session: Session, w: World, state: str) -> Advice:
    advice = make_advice(session, body=w.group, state=state)
    if state == AdviceState.DECIDED:
        make_decision(session, advice=advice)
    return advice


def _users(session: Session) -> None:
    session.add_all(
        [
            User(username="ola", display_name="Ola", password_hash="-"),
            User(
                username="kari",
                display_name="Kari",
                password_hash="-",
                disabled=True,
                failed_logins=5,
                locked_until=dt.datetime.now() + dt.timedelta(hours=1),
            ),
        ]
    )
    session.flush()


def setup(session: Session, cell: Cell) -> tuple[Callable[..., Any], dict[str, Any], Any]:
    """The rows the cell's call works on (committed) and one valid call: (service, kwargs, target row)."""
    run = REGISTRY[cell.service][0]
    module, name = cell.service.split(".")
    if cell.service == "demo.load_demo_data":  # it needs an empty database
        actor = Actor(user_id=None, username=f"som-{cell.role}", roles=frozenset({cell.role}))
        return run, {"actor": actor, "scale": 1, "today": TODAY}, None
    seat = cell.state.split(" / ")[0] if module == "advice" and cell.state in SEATS + SEATED_ADVICE else PLAIN
    w = build(session, cell.role, seat, cell.login)
    kwargs: dict[str, Any] = {"actor": w.actor}
    target: Any = None
    if module in ("meetings", "cases", "meeting_cycle"):
        every = {"meetings": every_meeting_service, "meeting_cycle": every_cycle_service}
        calls = every.get(module, every_case_service)(session, build_meeting_world(session))
        kwargs |= calls[name].kwargs
    elif module == "documents":
        kwargs |= every_document_service(session, build_meeting_world(session))[name].kwargs
    elif module == "projects":
        kwargs |= every_project_service(session, None)[name].kwargs
    elif module == "directory":
        kwargs |= _directory_call(session, w, name)
    elif module in ("attendance", "disqualifications"):
        kwargs |= _attendance_call(session, w, name, cell.state)
    elif name == "set_own_language":
        kwargs["language"] = "en"
    elif name == "revoke_feed_token":
        session.get(User, w.actor.user_id).feed_token_hash = "0" * 64
    elif name == "renew_feed_token":
        pass  # the acting user's own, which needs nothing more
    elif name == "set_own_digest_frequency":
        kwargs["frequency"] = "daily"
    elif name == "record_digest_run":
        kwargs |= {"periods": {"daily": "2026-12-04"}, "sent": [1], "failed": {}}
        kwargs |= {"nothing_to_say": 0, "already_sent": 0, "busy": 0}
    elif module in ("users", "backups", "imports"):
        _users(session)
        kwargs |= _admin_call(name)
    elif module == "sso":
        _users(session)
        kwargs |= _sso_call(session, name)
    elif name == "create_api_token":
        kwargs["name"] = "Intranett"
    elif name == "revoke_api_token":
        token = ApiToken(name="Intranett", token_sha256="0" * 64)
        session.add(token)
        session.flush()
        kwargs["token_id"] = token.id
    elif name == "log_input":
        body = w.other if cell.state == OTHER_GROUP else w.group
        kwargs |= {
            "body_id": body,
            "subject_type": SubjectType.POLICY,
            "policy_topic": "Næring",
            "text": "Ja",
        }
        if cell.state == OTHER_UNIT:
            kwargs["unit_id"] = make_unit(session, name="Gjøvikregionen").id
    elif module == "inputs":
        target = _input_in_state(session, w, cell.state)
        kwargs |= {"input_id": target.id, "expected_version": target.version}
        if name == "edit_input":
            kwargs["text"] = "Endret tekst"
    elif name == "create_advice":
        kwargs |= {
            "body_id": w.group,
            "subject_type": SubjectType.POLICY,
            "policy_topic": "Næring",
            "title": "Råd om næring",
            "recommendation": "Gå videre.",
        }
    elif name in ("update_advice", "submit_advice", "withdraw_advice"):
        target = _advice_in_state(session, w, cell.state.split(" / ")[1])
        kwargs |= {"advice_id": target.id, "expected_version": target.version}
        if name == "update_advice":
            kwargs |= {"title": "Nytt tittel", "recommendation": "Ny anbefaling."}
    elif name in ("decide_advice", "decide_many", "reopen_decision"):
        target = _advice_in_state(session, w, cell.state)
        ids = {"advice_ids": [target.id]} if name == "decide_many" else {"advice_id": target.id}
        kwargs |= ids | {"outcome": "followed"}
        if name == "reopen_decision":
            kwargs["reason"] = "Ny kunnskap"
    else:  # pragma: no cover - the registry test above names the service that lacks a setup
        raise AssertionError(f"no setup for {cell.service}")
    session.commit()
    return run, kwargs, target


def _directory_call(session: Session, w: World, name: str) -> dict[str, Any]:
    day = dt.date(2024, 6, 1)
    sub_region = make_unit(session, kind=UnitKind.SUB_REGION, name="Folloregionen")
    if name == "add_membership":
        return {"person_id": make_person(session).id, "body_id": w.group, "start_on": day}
    if name in ("end_membership", "change_role"):
        row = make_membership(session, body=w.group)
        extra = {"end_on": day} if name == "end_membership" else {"role": MembershipRole.OBSERVER, "on": day}
        return {"membership_id": row.id, "expected": snapshot(row), **extra}
    if name == "create_person":
        return {"name": "Ny person"}
    if name == "update_person":
        row = make_person(session)
        return {"person_id": row.id, "expected": snapshot(row), "name": "Nytt navn"}
    if name == "create_unit":
        return {"kind": UnitKind.MUNICIPALITY, "name": "Ny kommune"}
    if name == "update_unit":
        row = make_unit(session)
        return {"unit_id": row.id, "expected": snapshot(row), "kind": UnitKind.MUNICIPALITY, "name": "Nytt"}
    if name == "add_sub_region_link":
        return {"sub_region_id": sub_region.id, "municipality_id": make_unit(session).id}
    if name == "add_osloregion_membership":
        county = make_unit(session, kind=UnitKind.COUNTY, name="Akershus fylkeskommune")
        return {"unit_id": county.id, "member_form": "ipr", "status": "member", "valid_from": day}
    assert name == "end_sub_region_link"
    link = make_sub_region_member(session, sub_region=sub_region, municipality=make_unit(session))
    return {"link_id": link.id, "expected": snapshot(link), "valid_to": day}


def _attendance_call(session: Session, w: World, name: str, state: str) -> dict[str, Any]:
    """Forfall, vara and habilitet at a meeting of the group ahead: for the acting user's own person,
    or for their colleague's (the secretariat's services: always the colleague's)."""
    person = w.actor.person_id if state == OWN_PERSON else w.colleague
    meeting = make_meeting(
        session, body=w.group, starts_at=dt.datetime.combine(TODAY + dt.timedelta(10), dt.time(10))
    )
    item = make_agenda_item(session, meeting=meeting, case=make_case(session))
    if name == "report_absence":
        return {"meeting_id": meeting.id, "person_id": person, "reason": "Syk"}
    if name == "withdraw_absence":
        return {"absence_id": absence(session, meeting.id, person).id}
    if name in ("call_substitute", "answer_call"):
        vara = make_membership(session, body=w.group, role=MembershipRole.SUBSTITUTE)
        vara.substitute_for_person_id = person
        found = absence(session, meeting.id, person)
        if name == "call_substitute":
            return {"absence_id": found.id, "vara_person_id": vara.person_id}
        return {"call_id": vara_call(session, found, vara.person_id).id, "accepted": True}
    if name == "set_quorum_rule":
        source = {"basis": "sourced", "source": "Kommuneloven § 11-9"}
        return {"body_id": w.group, "expected": None, "rule": "half_members", **source}
    if name == "declare_disqualification":
        return {"agenda_item_id": item.id, "person_id": person, "ground": "fvl_6_2", "reason": "Part i saken"}
    found = inhabil(session, item.id, person)
    extra = {"inhabil": True} if name == "decide_disqualification" else {}
    return {"disqualification_id": found.id, **extra}


def _admin_call(name: str) -> dict[str, Any]:
    password = "et langt passord"
    if name == "record_backup":
        result = BackupResult(path=Path("backup.sqlite3"), bytes=1, integrity="ok", check="test", seconds=0.0)
        return {"result": result}
    if name == "import_rows":
        rows = parse_upload(Kind.PERSONS, b"Navn;E-post\r\nPer Import;per@example.no\r\n").rows
        return {"kind": Kind.PERSONS, "rows": rows, "file_name": "personer.csv"}
    return {
        "create_user": {"username": "ny", "display_name": "Ny", "password": password, "roles": ["viewer"]},
        "update_user": {"username": "ola", "display_name": "Ola Nordmann"},
        "set_roles": {"username": "ola", "roles": ["member"]},
        "disable_user": {"username": "ola"},
        "enable_user": {"username": "kari"},
        "unlock_user": {"username": "kari"},
        "reset_password": {"username": "ola", "password": "et nytt langt passord"},
    }[name]


def _sso_call(session: Session, name: str) -> dict[str, Any]:
    provider = sso_claims.idporten()
    if name == "link_pid":
        return {"username": "ola", "provider": provider, "pid": sso_claims.OTHER_PID, "salt": sso_claims.SALT}
    ola = session.scalar(sa.select(User).where(User.username == "ola"))
    identity = SsoIdentity(user_id=ola.id, provider=provider.name, subject="0" * 64, linked_by="admin")
    session.add(identity)
    session.flush()
    return {"identity_id": identity.id, "provider_kind": sso_rules.IDPORTEN}


# --- Running a cell -----------------------------------------------------------------------------------


def state_of(session: Session) -> dict[str, list[Any]]:
    """Every row of every table, the audit trail included; the read ended."""
    rows = every_row(session)
    session.commit()
    return rows


def audit_count(session: Session) -> int:
    n = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    session.commit()
    return n


def run_cell(session: Session, cell: Cell) -> tuple[str, str | None]:
    """Run the cell: (what happened: ALLOW or the refusal's key, None if that and the database are as
    the table says, else what went wrong)."""
    run, kwargs, _target = setup(session, cell)
    before = state_of(session)
    try:
        run(session, **kwargs)
    except DomainError as exc:
        session.rollback()
        if cell.expected == ALLOW:
            return exc.key, f"unexpected denial ({exc})"
        if exc.key != cell.expected:
            return exc.key, f"refused with {exc.key}, expected {cell.expected}"
        if state_of(session) != before:
            return exc.key, "refused, but the database changed"
        return exc.key, None
    if cell.expected != ALLOW:
        return ALLOW, "unexpected allow"
    if audit_count(session) <= len(before["audit_events"]):
        return ALLOW, "allowed, but no audit event"
    return ALLOW, None


@dataclass
class Tally:
    cells: int = 0
    unexpected_allows: int = 0
    unexpected_denials: int = 0
    wrong: list[str] | None = None
    outcomes: dict[tuple[str, str, str], str] | None = None  # (service, role, state) -> what happened
    left_behind: list[str] | None = None  # tables holding rows after every cell was rolled back


def run_matrix(sessions: Callable[[], Any], cells: list[Cell]) -> Tally:
    """Each cell in a session of its own; then whether any cell's rows outlived its rollback."""
    tally = Tally(wrong=[], outcomes={}, left_behind=[])
    with sessions() as session:
        empty = state_of(session)
    for cell in cells:
        with sessions() as session:
            outcome, problem = run_cell(session, cell)
        tally.cells += 1
        tally.outcomes[cell.service, cell.role, cell.state] = outcome
        if problem:
            tally.unexpected_allows += problem == "unexpected allow"
            tally.unexpected_denials += problem.startswith("unexpected denial")
            tally.wrong.append(f"{cell.service} as {cell.role} ({cell.login}) on {cell.state}: {problem}")
    with sessions() as session:
        tally.left_behind = [name for name, rows in state_of(session).items() if rows != empty[name]]
    return tally


def print_cells(
    permission_cells,
    outcomes: dict[tuple[str, str, str], str],
    table: dict[str, tuple[tuple[str, ...], Callable[[Any, str], str]]],
    *,
    who: tuple[str, ...],
) -> None:
    """The table as its cells, one row per service (or reading) and item state: what each role (or
    token) got, `!` where that is not what the table says."""
    for name, (states, rule) in table.items():
        for state in states:
            got = []
            for subject in who:
                outcome = outcomes[name, subject, state]
                mark = "" if outcome == rule(subject, state) else f" ! expected {rule(subject, state)}"
                got.append(f"{subject} {outcome}{mark}")
            row = name if state == NONE else f"{name} [{state}]"
            permission_cells.record(f"{row}: {' · '.join(got)}")


def _report(figures, tally: Tally, seconds: float, label: str) -> None:
    other = len(tally.wrong) - tally.unexpected_allows - tally.unexpected_denials
    figures.record(
        f"{label}: {tally.cells} cells checked, {tally.unexpected_allows} unexpected allows, "
        f"{tally.unexpected_denials} unexpected denials, {other} other mismatches, {seconds:.1f} s"
    )


def _label(database: str, login: str) -> str:
    return database if login == PASSWORD else f"{database}, logged in with {login}"


@pytest.mark.parametrize("login", LOGIN_KINDS)
def test_every_cell_of_the_matrix_on_sqlite(sqlite_engine, figures, permission_cells, login):
    started = time.perf_counter()
    cells = [replace(cell, login=login) for cell in CELLS]
    tally = run_matrix(lambda: rolled_back(sqlite_engine, expire_on_commit=False), cells)
    _report(figures, tally, time.perf_counter() - started, _label("SQLite", login))
    if login == PASSWORD:  # the same table for every login and database; its cells printed once
        print_cells(permission_cells, tally.outcomes, TABLE, who=ROLES)
    assert tally.cells == len(CELLS) > 400
    assert tally.wrong == []
    assert tally.left_behind == []


def test_every_cell_of_the_matrix_on_postgres(module_postgres_engine, figures):
    """The password's table on PostgreSQL too. The single sign-on tables run on SQLite only: an SSO
    login gives the same actor on either database (tests/integration/services/test_sso.py checks
    the mapping on both), and each full table costs some 12 s."""
    started = time.perf_counter()
    login = PASSWORD
    cells = [replace(cell, login=login) for cell in CELLS]
    tally = run_matrix(lambda: rolled_back(module_postgres_engine, expire_on_commit=False), cells)
    _report(figures, tally, time.perf_counter() - started, _label("PostgreSQL", login))
    assert tally.cells == len(CELLS)
    assert tally.wrong == []
    assert tally.left_behind == []


# --- Acting on another's records by id ------------------------------------------------------------------


def test_acting_on_another_members_records_by_id_is_refused_and_changes_nothing(session, figures):
    """A member who leads another group, knowing ids of this group's records, tries each write; every
    try is refused, and every row (the record's values included) and the audit trail stay as they were."""
    w = build(session, M, LEADS_OTHER)
    admin_person = make_person(session, name="Administratoren")  # an admin, not the author either
    admin = Actor(user_id=None, username="admin", roles=frozenset({A}), person_id=admin_person.id)
    theirs = make_input(session, body=w.group, author=w.colleague, text="Kollegaens innspill")
    draft = make_advice(session, body=w.group, state=AdviceState.DRAFT)
    submitted = make_advice(session, body=w.group, state=AdviceState.SUBMITTED)
    session.commit()
    viewer = Actor(user_id=None, username="leser", roles=frozenset({V}), person_id=w.colleague)
    run = {name: REGISTRY[name][0] for name in REGISTRY}
    attempts = [
        (w.actor, "inputs.edit_input", {"input_id": theirs.id, "expected_version": 1, "text": "Overskrevet"}),
        (w.actor, "inputs.withdraw_input", {"input_id": theirs.id, "expected_version": 1}),
        (admin, "inputs.edit_input", {"input_id": theirs.id, "expected_version": 1, "text": "Admin"}),
        (admin, "inputs.withdraw_input", {"input_id": theirs.id, "expected_version": 1}),
        (
            w.actor,
            "advice.update_advice",
            {"advice_id": draft.id, "expected_version": 1, "title": "Kapret", "recommendation": "Nei."},
        ),
        (w.actor, "advice.submit_advice", {"advice_id": draft.id, "expected_version": 1}),
        (w.actor, "advice.withdraw_advice", {"advice_id": submitted.id, "expected_version": 1}),
        (w.actor, "advice.decide_advice", {"advice_id": submitted.id, "outcome": "followed"}),
        (w.actor, "advice.decide_many", {"advice_ids": [submitted.id], "outcome": "followed"}),
        (viewer, "inputs.edit_input", {"input_id": theirs.id, "expected_version": 1, "text": "Leser"}),
        (viewer, "advice.withdraw_advice", {"advice_id": draft.id, "expected_version": 1}),
    ]
    before = state_of(session)
    refused, keys = 0, set()
    for actor, name, kwargs in attempts:
        with pytest.raises(DomainError) as caught:
            run[name](session, actor=actor, **kwargs)
        session.rollback()
        keys.add(caught.value.key)
        refused += 1
        assert state_of(session) == before, (actor.username, name)
    # The records themselves, read afresh: the colleague's text, the drafts' states, no new event.
    session.expire_all()
    assert session.get(Input, theirs.id).text == "Kollegaens innspill"
    assert session.get(Input, theirs.id).withdrawn_at is None
    assert (session.get(Advice, draft.id).state, session.get(Advice, draft.id).title) == (
        "draft",
        draft.title,
    )
    assert session.get(Advice, submitted.id).state == "submitted"
    session.commit()
    assert audit_count(session) == len(before["audit_events"]) == 0
    assert keys == {"error.not_author", "error.not_group_leader", DENIED}
    backend = session.get_bind().dialect.name
    figures.record(
        f"{backend}: {refused} of {len(attempts)} by-id attempts refused "
        f"({', '.join(sorted(keys))}), 0 rows changed, 0 audit events added"
    )
