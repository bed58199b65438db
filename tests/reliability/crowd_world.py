"""The crowd's world: the demo data, accounts for twenty people over the six roles, a group of its own
with submitted advice for each director and a project of its own for each coordinator; and what the
database holds of the crowd's writes afterwards."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today
from osloreg.db import read_session
from osloreg.demo import load_demo
from osloreg.enums import AdviceState, MembershipRole, ProjectStatus, Role
from osloreg.models import Advice, AuditEvent, Decision, Input, Membership, ProjectStatusChange, User
from osloreg.queries.common import active_on
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.browser.helpers import DEMO_PASSWORD, OWN_PASSWORD
from tests.factories import make_advice, make_body, make_project

# Who the twenty are: kind -> how many (a leader is a member leading a group). The first of each kind
# is the demo account (helpers.DEMO_USERS), the others accounts of their own.
MIX = {"director": 4, "coordinator": 3, "member": 4, "leader": 3, "admin": 2, "viewer": 4}
PREFIX = {"director": "D", "coordinator": "K", "member": "M", "leader": "L", "admin": "A", "viewer": "V"}
DEMO_ACCOUNT = {
    "director": "direktor",
    "coordinator": "koordinator",
    "member": "medlem",
    "leader": "leder",
    "admin": "admin",
    "viewer": "leser",
}
ROLE = {
    "director": Role.DIRECTOR,
    "coordinator": Role.COORDINATOR,
    "admin": Role.ADMIN,
    "viewer": Role.VIEWER,
}
# Every write of the crowd carries "Crowd <label> ..." (crowd_roles.Person.marker).
MARKED = "Crowd %"
# The audit actions of the writes the crowd makes.
AUDITED = {
    "input": ("input.log",),
    "decision": ("decision.make",),
    "status": ("project.status",),
    "advice": ("advice.create", "advice.submit"),
}


@dataclass(frozen=True)
class Account:
    kind: str
    label: str
    username: str
    password: str
    group: str = ""  # a director's own group
    project_id: int = 0  # a coordinator's own project


def _people_with_one_seat(session, role: str, taken: set[int]) -> list[int]:
    """Persons sitting in exactly one group today, in `role` there, with no account yet (the input
    page then picks that group for them)."""
    rows = session.execute(
        sa.select(Membership.person_id, Membership.role).where(
            active_on(Membership.start_on, Membership.end_on, oslo_today()),
            Membership.role != MembershipRole.SUBSTITUTE,
        )
    ).all()
    seats = Counter(row.person_id for row in rows)
    return sorted({row.person_id for row in rows if row.role == role and seats[row.person_id] == 1} - taken)


def build(engine: Engine, *, advice_per_director: int) -> list[Account]:
    """Load the demo data and add the crowd's accounts, groups, advice and projects."""
    load_demo(engine, scale=1)
    accounts: list[Account] = []
    with read_session(engine) as session:
        taken = {pid for pid in session.scalars(sa.select(User.person_id)) if pid is not None}
        seated = {
            "member": _people_with_one_seat(session, MembershipRole.MEMBER, taken),
            "leader": _people_with_one_seat(session, MembershipRole.LEADER, taken),
        }
        for kind, count in MIX.items():
            for number in range(1, count + 1):
                label = f"{PREFIX[kind]}{number}"
                username, password = DEMO_ACCOUNT[kind], DEMO_PASSWORD
                if number > 1:
                    username, password = f"crowd{label.lower()}", OWN_PASSWORD
                    person_id = seated[kind].pop(0) if kind in seated else None
                    roles = [ROLE.get(kind, Role.MEMBER)]
                    create_user(
                        session,
                        actor=SYSTEM,
                        username=username,
                        display_name=f"Crowd {label}",
                        password=password,
                        roles=roles,
                        person_id=person_id,
                    )
                extra = {}
                if kind == "director":
                    group = make_body(session, name=f"Crowd-gruppe {label}")
                    for item in range(1, advice_per_director + 1):
                        make_advice(
                            session,
                            body=group,
                            state=AdviceState.SUBMITTED,
                            title=f"Crowd {label} råd {item:03d}",
                        )
                    extra["group"] = group.name
                if kind == "coordinator":
                    project = make_project(
                        session, title=f"Crowd-prosjekt {label}", status=ProjectStatus.ONGOING
                    )
                    extra["project_id"] = project.id
                session.commit()
                accounts.append(Account(kind, label, username, password, **extra))
    return accounts


def last_audit_id(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))


def stored_writes(engine: Engine, *, audit_after: int) -> tuple[dict[str, Counter], Counter]:
    """What the database holds of the crowd's writes: kind -> Counter of markers (a decided advice's
    title once per decision on it), and the audit events since `audit_after` by action."""
    with read_session(engine) as session:
        decided = session.execute(
            sa.select(Advice.title, sa.func.count(Decision.id))
            .join(Decision, Decision.advice_id == Advice.id)
            .where(Advice.title.like(MARKED))
            .group_by(Advice.id, Advice.title)
        ).all()
        # A leader's advice, in whatever state (one left a draft would be a write half done).
        proposed = session.scalars(sa.select(Advice.title).where(Advice.title.like("Crowd % forslag %")))
        stored = {
            "input": Counter(session.scalars(sa.select(Input.text).where(Input.text.like(MARKED)))),
            "decision": Counter({title: count for title, count in decided}),
            "status": Counter(
                session.scalars(
                    sa.select(ProjectStatusChange.note).where(ProjectStatusChange.note.like(MARKED))
                )
            ),
            "advice": Counter(proposed),
        }
        actions = Counter(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.id > audit_after)))
    return stored, actions
