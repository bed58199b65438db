"""The world with hostile text in every free-text column, as the pages' tests open it, and the check
for what in a Streamlit run would render as a live link or HTML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.db import read_session
from osloreg.enums import (
    AdviceState,
    CheckpointKind,
    Outcome,
    UnitKind,
)
from osloreg.models import (
    Absence,
    Advice,
    AgendaItem,
    ApiToken,
    Case,
    Consultation,
    Decision,
    Disqualification,
    Input,
    Meeting,
    Membership,
    Milestone,
    Person,
    Project,
    ProjectCheckpoint,
    ProjectStatusChange,
)
from osloreg.services import cases as case_services
from osloreg.services import directory, projects, users
from osloreg.services.base import SYSTEM
from tests import factories as f
from tests.pages.conftest import add_users, build_world, world_copy

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [klikk](javascript:alert(1)) "
    "javascript:alert(1) <javascript:alert(1)> \u202eevil\u200f 👩\u200d👩\u200d👧 🇳🇴\n"
    "**fet** # overskrift ![img](http://x) $x$"
)
# Names and titles written through the services refuse direction controls (review #31), so those
# carry the rest of the payload; the rows written directly keep them, as older data may.
HOSTILE_LINE = HOSTILE.replace("\u202e", "").replace("\u200f", "")
HOSTILE_EMAIL = "x@example.org<script>alert(1)</script>"
HOSTILE_LINK = "https://example.org/a)[x](javascript:alert(1)"
# Where the stored text would turn into something live when handed to Streamlit's markdown: a
# link or image whose destination runs script, an
# autolink to such a scheme, or raw HTML.
# A character counts as markup only after an even number of backslashes (none, or escaped ones).
_UNESCAPED = r"(?:^|[^\\])(?:\\\\)*"
LIVE_LINK = re.compile(_UNESCAPED + r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
LIVE_AUTOLINK = re.compile(_UNESCAPED + r"<\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
RAW_HTML = re.compile(_UNESCAPED + r"<\s*(?:script|img)\b", re.IGNORECASE)
_PEOPLE = {"admin": "admin", "direktor": "director", "koordinator": "coordinator", "medlem": "member"}


def build_hostile_world(engine: Engine) -> None:
    """Every free-text column holds hostile text; some of it written through the services, so that
    the audit trail carries it too."""
    day = clock.oslo_today()
    with read_session(engine) as session:
        unit = f.make_unit(session, name="Oslo " + HOSTILE[:150], county_level=True, note=HOSTILE)
        f.make_unit(session, kind=UnitKind.SUB_REGION, name="Follo " + HOSTILE[:150], note=HOSTILE)
        body = f.make_body(session, name="Faggruppe " + HOSTILE[:150])
        author = f.make_person(session, name=HOSTILE[:190], email=HOSTILE_EMAIL, employer=HOSTILE[:190])
        session.get(Person, author.id).title = HOSTILE[:190]
        f.make_membership(session, person=author, body=body, represents=unit, role="leader")
        session.get(Membership, session.scalar(sa.select(sa.func.max(Membership.id)))).note = HOSTILE
        project = f.make_project(
            session,
            title=HOSTILE,
            body=body,
            owner=author,
            description=HOSTILE,
            outside_partners=HOSTILE,
            start_on=day - dt.timedelta(days=100),
            end_on=day + dt.timedelta(days=100),
        )
        session.add_all(
            [
                Milestone(project_id=project.id, title=HOSTILE, due_on=day - dt.timedelta(days=5)),
                ProjectStatusChange(
                    project_id=project.id,
                    from_status=None,
                    to_status="ongoing",
                    note=HOSTILE,
                    changed_at=f.now(),
                ),
                ProjectCheckpoint(
                    project_id=project.id, kind=CheckpointKind.INFORMED, on_date=day, note=HOSTILE
                ),
            ]
        )
        case = f.make_case(
            session, title=HOSTILE, proposed_decision=HOSTILE, final_decision=HOSTILE, officer=author
        )
        held = f.make_meeting(
            session, body=body, starts_at=f.at(day - dt.timedelta(days=2)), title=HOSTILE, place=HOSTILE
        )
        session.get(Meeting, held.id).minutes = HOSTILE
        session.get(Meeting, held.id).status = "held"
        heading = f.make_agenda_item(session, meeting=held, heading=HOSTILE)
        heading.proceedings, heading.decision_text = HOSTILE, HOSTILE
        case_item = f.make_agenda_item(session, meeting=held, case=case)
        _new_hostile_rows(session, held, case_item, author)
        f.make_consultation(
            session, case=case, body=body, meeting=held, treated_on=held.starts_at.date(), result="noted"
        )
        session.get(
            Consultation, session.scalar(sa.select(sa.func.max(Consultation.id)))
        ).result_text = HOSTILE
        f.make_meeting(
            session, body=body, starts_at=f.at(day + dt.timedelta(days=5)), title=HOSTILE, place=HOSTILE
        )
        given = f.make_input(session, body=body, author=author, unit=unit, subject=project, text=HOSTILE)
        session.get(Input, given.id).link = HOSTILE_LINK
        f.make_input(session, body=body, author=author, subject=HOSTILE[:250], text=HOSTILE)
        waiting = f.make_advice(
            session,
            body=body,
            state=AdviceState.SUBMITTED,
            title=HOSTILE[:290],
            recommendation=HOSTILE,
            subject=project,
            target_date=day - dt.timedelta(days=1),
        )
        session.get(Advice, waiting.id).inputs = [session.get(Input, given.id)]
        decided = f.make_advice(
            session,
            body=body,
            state=AdviceState.SUBMITTED,
            title=HOSTILE[:290],
            recommendation=HOSTILE,
            subject=case,
        )
        old = f.make_decision(session, advice=decided, outcome=Outcome.NOT_FOLLOWED, rationale=HOSTILE)
        session.get(Decision, old.id).reopened_at = f.now()
        session.get(Decision, old.id).reopen_reason = HOSTILE
        f.make_decision(
            session,
            advice=decided,
            outcome=Outcome.PARTLY_FOLLOWED,
            rationale=HOSTILE,
            follow_up_on=day + dt.timedelta(days=20),
        )
        session.commit()
        add_users(session, _PEOPLE, people={"medlem": author.id, "koordinator": author.id})
        users.update_user(
            session,
            actor=SYSTEM,
            username="koordinator",
            display_name=HOSTILE_LINE[:190],
            email=HOSTILE_EMAIL,
        )
        # Through the services: the audit trail then holds the hostile text as well.
        projects.create_project(session, actor=SYSTEM, title=HOSTILE_LINE, description=HOSTILE, note=HOSTILE)
        directory.create_person(session, actor=SYSTEM, name=HOSTILE_LINE[:190], email=HOSTILE_EMAIL)
        case_services.register_case(
            session, actor=SYSTEM, year=day.year, title=HOSTILE_LINE, proposed_decision=HOSTILE
        )


def _new_hostile_rows(session: Session, held: Meeting, case_item: AgendaItem, author: Person) -> None:
    """The fields added since: documents (title, exempt basis), a closed item's basis, forfall and
    habilitet reasons, an API token's name, all holding the hostile text."""
    from tests.integration.services.document_world import make_document

    make_document(session, meeting_id=held.id, title=HOSTILE[:290])
    make_document(session, case_id=case_item.case_id, title=HOSTILE[:290], exempt_basis=HOSTILE[:190])
    closed = f.make_agenda_item(session, meeting=held, case=f.make_case(session, title=HOSTILE[:290]))
    closed.closed_basis = "offentleglova § 13 " + HOSTILE[:150]
    session.add_all(
        [
            Absence(meeting_id=held.id, person_id=author.id, reason=HOSTILE),
            Disqualification(
                meeting_id=held.id,
                agenda_item_id=case_item.id,
                person_id=author.id,
                ground="fvl_6_1_a",
                reason=HOSTILE,
            ),
            ApiToken(name=HOSTILE_LINE[:100], token_sha256="0" * 64),
        ]
    )
    session.flush()


@pytest.fixture(scope="module")
def hostile_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(sqlite_template, tmp_path_factory.mktemp("hostile"), build_hostile_world)


@pytest.fixture
def hostile_db(hostile_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    with world_copy(hostile_template, tmp_path, monkeypatch) as engine:
        yield engine


def record_ids(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        first = lambda model, *where: session.scalar(sa.select(sa.func.min(model.id)).where(*where))  # noqa: E731
        return {
            "project": first(Project),
            "meeting": first(Meeting, Meeting.minutes.is_not(None)),
            "case": first(Case, Case.final_decision.is_not(None)),
            # A member who represents a unit: both records then show a term.
            "person": session.scalar(
                sa.select(sa.func.min(Membership.person_id)).where(Membership.represents_unit_id.is_not(None))
            ),
            "unit": session.scalar(sa.select(sa.func.min(Membership.represents_unit_id))),
            # The last ones were made through the services, so they have a history in the audit trail.
            "audited_project": session.scalar(sa.select(sa.func.max(Project.id))),
            "audited_case": session.scalar(sa.select(sa.func.max(Case.id))),
        }


def views(ids: dict[str, int]) -> list[tuple[str, str, dict[str, str], tuple[str, ...]]]:
    """(page, user, query, tab keys): every page as a user who sees its data, and the record views."""
    return [
        ("pages/overview.py", "direktor", {}, ()),
        ("pages/input.py", "medlem", {}, ()),
        ("pages/advice.py", "koordinator", {}, ()),
        ("pages/decisions.py", "direktor", {}, ("decisions_tab",)),
        ("pages/pipeline.py", "koordinator", {}, ("pipeline_tab",)),
        ("pages/pipeline.py", "koordinator", {"project": str(ids["project"])}, ("project_tab",)),
        ("pages/calendar.py", "koordinator", {}, ()),
        ("pages/calendar.py", "koordinator", {"meeting": str(ids["meeting"])}, ("meeting_tab",)),
        ("pages/cases.py", "koordinator", {}, ("cases_tab",)),
        ("pages/cases.py", "koordinator", {"case": str(ids["case"])}, ("case_tab",)),
        ("pages/coverage.py", "koordinator", {}, ("coverage_tab",)),
        # A person's and a unit's record, where the search's hits for them lead.
        ("pages/coverage.py", "koordinator", {"person": str(ids["person"])}, ()),
        ("pages/coverage.py", "koordinator", {"unit": str(ids["unit"])}, ()),
        ("pages/admin.py", "admin", {}, ("admin_tab",)),
        ("pages/admin.py", "admin", {"entity": "project", "entity_id": str(ids["audited_project"])}, ()),
        ("pages/admin.py", "admin", {"entity": "case", "entity_id": str(ids["audited_case"])}, ()),
        # The search's hits: titles and lines of context cut from the hostile text, and its query.
        ("pages/search.py", "koordinator", {"q": "alert overskrift"}, ()),
        ("pages/search.py", "koordinator", {"q": "alert"}, ()),
        ("pages/search.py", "direktor", {"q": HOSTILE_LINE[:150]}, ()),
    ]


def _nodes(at) -> Iterator[Any]:
    yield from at._tree  # every element and block of the run, nested ones included


def live_markup(at) -> tuple[list[str], int]:
    """What in the run Streamlit would render as a live link or HTML, and how many strings shown
    (markdown, labels, table cells) carried the hostile text (so that the check is not vacuous)."""
    from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Markdown, Toast

    found, carrying = [], 0
    for node in _nodes(at):
        texts = []
        if isinstance(node, (Markdown, AlertBase, HeadingBase, Toast)) and isinstance(node.value, str):
            texts.append(node.value)
        for name in ("label", "help"):  # widget, tab and expander labels and help are markdown too
            value = getattr(node, name, None)
            if isinstance(value, str):
                texts.append(value)
        for text in texts:
            carrying += "alert(1)" in text
            if LIVE_LINK.search(text) or LIVE_AUTOLINK.search(text) or RAW_HTML.search(text):
                found.append(f"{node.type}: {text[:200]!r}")
        proto = getattr(node, "proto", None)
        for name in ("url", "page"):
            url = getattr(proto, name, "") if proto is not None else ""
            if isinstance(url, str) and url.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{node.type} {name}: {url!r}")
        if node.type in ("dataframe", "table"):  # drawn as plain text cells: shown, never rendered
            carrying += sum("alert(1)" in str(cell) for cell in node.value.to_numpy().ravel())
        if node.type == "html":
            found.append(f"html element: {getattr(node, 'value', '')[:200]!r}")
    return found, carrying
