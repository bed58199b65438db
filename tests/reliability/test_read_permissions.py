"""The reading side of the permission table, on SQLite and PostgreSQL: who gets a document's file
(public, exempt of a body one sits in or not, removed), who finds it and a draft advice in search, whose
calendar feed answers (current, renewed away, revoked, disabled), and what the OParl API gives for each
kind of token. Each cell is run through the real path (the service, the search query, HTTP) and printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import DocumentKind, Role
from osloreg.models import ApiToken, Document, DocumentVersion
from osloreg.queries.search import search
from osloreg.services.api_tokens import create_api_token, revoke_api_token
from osloreg.services.base import Actor, DomainError
from osloreg.services.documents import read_file
from osloreg.services.feeds import renew_feed_token, revoke_feed_token
from osloreg.services.users import disable_user
from tests.conftest import test_settings
from tests.factories import make_advice, make_body, make_meeting, make_membership, make_person
from tests.integration.services.document_world import make_document
from tests.integration.web.feed_world import make_user
from tests.integration.web.oparl_client import API, get
from tests.integration.web.oparl_world import build_oparl_world
from tests.reliability.test_permissions import ALLOW, ROLES, TABLE, A, C, D, M, print_cells

pytestmark = pytest.mark.reliability

# The acting person sits in "the own group" (as every role's person does here) and not in "the other".
PUBLIC, EXEMPT_OWN, EXEMPT_OTHER, REMOVED = (
    "a public document",
    "an exempt document of a body one sits in",
    "an exempt document of a body one does not sit in",
    "a removed document",
)
DOCUMENT_STATES = (PUBLIC, EXEMPT_OWN, EXEMPT_OTHER, REMOVED)
DRAFT_OWN, DRAFT_OTHER = "a draft advice of a group one sits in", "a draft advice of another group"
FOUND, NOT_FOUND = "found", "not found"
CURRENT, RENEWED, REVOKED, DISABLED = (
    "the current token",
    "a token renewed away",
    "a revoked token",
    "the token of a disabled user",
)
FEED_STATES = (CURRENT, RENEWED, REVOKED, DISABLED)

# --- The table, written out (not derived from rules.permissions) ------------------------------------------

SEE_EXEMPT = {A, D, C}  # the secretariat; a member only in a body they sit in; a viewer never
FIND_EVERY_DRAFT = {A, C}  # those who may submit advice for any group


def read_file_rule(role: Role, state: str) -> str:
    if state == PUBLIC:
        return ALLOW
    if state == REMOVED:
        return ALLOW if role == A else "error.document_removed"
    if role in SEE_EXEMPT or (state == EXEMPT_OWN and role == M):
        return ALLOW
    return "error.document_exempt"


def search_document_rule(role: Role, state: str) -> str:
    if state == REMOVED:
        return NOT_FOUND  # a removed document leaves the index for everyone
    return FOUND if read_file_rule(role, state) == ALLOW else NOT_FOUND


def search_draft_rule(role: Role, state: str) -> str:
    return FOUND if state == DRAFT_OWN or role in FIND_EVERY_DRAFT else NOT_FOUND


def feed_rule(role: Role, state: str) -> str:
    return "200" if state == CURRENT else "404"  # every role may open the calendar, so has feeds


READ_TABLE: dict[str, tuple[tuple[str, ...], Callable[[Role, str], str]]] = {
    "documents.read_file": (DOCUMENT_STATES, read_file_rule),
    "search: a document by its title": (DOCUMENT_STATES, search_document_rule),
    "search: a draft advice by its title": ((DRAFT_OWN, DRAFT_OTHER), search_draft_rule),
    "GET /feeds/<token>/all.ics": (FEED_STATES, feed_rule),
}

# The OParl API does not know roles: what it gives depends on the token (a valid one reads as a viewer).
NO_TOKEN, VALID, REVOKED_TOKEN, EXPIRED, UNKNOWN = (
    "no token",
    "a valid token",
    "a revoked token",
    "an expired token",
    "an unknown token",
)
TOKENS = (NO_TOKEN, VALID, REVOKED_TOKEN, EXPIRED, UNKNOWN)
BOARD_MEETING, GROUP_MEETING, EXEMPT_BYTES = (
    "styret's meeting",
    "a faggruppe's meeting",
    "an exempt document's bytes",
)
API_STATES = (BOARD_MEETING, GROUP_MEETING, EXEMPT_BYTES)


def api_rule(token: str, state: str) -> str:
    if token in (REVOKED_TOKEN, EXPIRED, UNKNOWN):
        return "401"  # never the public answer
    if state == EXEMPT_BYTES:
        return "403"  # the basis in words, with or without a token
    if state == GROUP_MEETING and token == NO_TOKEN:
        return "404"  # not public: as if it did not exist
    return "200"


# --- The world ----------------------------------------------------------------------------------------------


@dataclass
class ReadWorld:
    actors: dict[Role, Actor]
    versions: dict[str, int]  # document state -> its version id
    titles: dict[str, str]  # document or draft state -> a title only it has


def build_read_world(session: Session) -> ReadWorld:
    own, other = (
        make_body(session, name="Faggruppe for næring"),
        make_body(session, name="Faggruppe for klima"),
    )
    own_meeting, other_meeting = make_meeting(session, body=own), make_meeting(session, body=other)
    actors = {}
    for role in ROLES:
        person = make_person(session, name=f"Lesende {role}")
        make_membership(session, person=person, body=own, start_on=clock.oslo_today() - dt.timedelta(days=30))
        session.commit()
        actors[role] = make_user(session, f"leser-{role}", roles=[role], person_id=person.id)
    titles = {
        PUBLIC: "Offentlig notat om kollektivtrafikk",
        EXEMPT_OWN: "Unntatt notat om tomtekjøp",
        EXEMPT_OTHER: "Unntatt notat om forhandlinger",
        REMOVED: "Fjernet notat om brøyting",
        DRAFT_OWN: "Utkast om bredbånd",
        DRAFT_OTHER: "Utkast om vannforsyning",
    }
    versions = {}
    for state in DOCUMENT_STATES:
        meeting = other_meeting if state == EXEMPT_OTHER else own_meeting
        exempt = "offentleglova § 23" if state in (EXEMPT_OWN, EXEMPT_OTHER) else None
        document = make_document(
            session,
            title=titles[state],
            kind=DocumentKind.ATTACHMENT,
            exempt_basis=exempt,
            meeting_id=meeting.id,
        )
        if state == REMOVED:
            document.removed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        versions[state] = session.scalar(
            sa.select(DocumentVersion.id).where(DocumentVersion.document_id == document.id)
        )
    make_advice(session, body=own, title=titles[DRAFT_OWN])
    make_advice(session, body=other, title=titles[DRAFT_OTHER])
    session.commit()  # the commit fills the search index
    return ReadWorld(actors, versions, titles)


# --- Running the cells ------------------------------------------------------------------------------------


def _read_file(session: Session, actor: Actor, version_id: int) -> str:
    try:
        read_file(session, actor=actor, version_id=version_id)
    except DomainError as refused:
        return refused.key
    finally:
        session.rollback()
    return ALLOW


def _found(session: Session, actor: Actor, title: str, kind: str) -> str:
    hits = search(session, actor=actor, text=title, limit=50).hits
    session.rollback()
    return FOUND if any(hit.kind == kind and hit.title == title for hit in hits) else NOT_FOUND


def _feed_cells(session: Session, web, actor: Actor) -> dict[str, str]:
    """The four token states, in the order a user reaches them: renew twice, revoke, renew, disabled."""

    def status(token: str) -> str:
        return str(web.request(f"/feeds/{token}/all.ics").status)

    renewed_away = renew_feed_token(session, actor=actor)
    current = renew_feed_token(session, actor=actor)
    seen = {CURRENT: status(current), RENEWED: status(renewed_away)}
    revoke_feed_token(session, actor=actor)
    seen[REVOKED] = status(current)
    latest = renew_feed_token(session, actor=actor)
    admin = Actor(user_id=None, username="admin", roles=frozenset({A}))
    disable_user(session, actor=admin, username=actor.username)
    seen[DISABLED] = status(latest)
    return seen


@dataclass
class Observed:
    """Each cell's outcome: (reading, who, state) -> what happened, and where it differs from the table."""

    cells: dict[tuple[str, str, str], str]
    wrong: list[str]


def run_reads(session: Session, web, world: ReadWorld) -> Observed:
    observed = Observed({}, [])

    def check(reading: str, who: str, state: str, outcome: str, expected: str) -> None:
        observed.cells[reading, who, state] = outcome
        if outcome != expected:
            observed.wrong.append(f"{reading} as {who} on {state}: {outcome}, expected {expected}")

    for role in ROLES:
        actor = world.actors[role]
        for state in DOCUMENT_STATES:
            outcome = _read_file(session, actor, world.versions[state])
            check("documents.read_file", role, state, outcome, read_file_rule(role, state))
            outcome = _found(session, actor, world.titles[state], "document")
            check("search: a document by its title", role, state, outcome, search_document_rule(role, state))
        for state in (DRAFT_OWN, DRAFT_OTHER):
            outcome = _found(session, actor, world.titles[state], "advice")
            check("search: a draft advice by its title", role, state, outcome, search_draft_rule(role, state))
    for role in ROLES:  # last: it disables the users
        for state, outcome in _feed_cells(session, web, world.actors[role]).items():
            check("GET /feeds/<token>/all.ics", role, state, outcome, feed_rule(role, state))
    return observed


def _api_tokens(session: Session, admin: Actor) -> dict[str, str | None]:
    _row, valid = create_api_token(session, actor=admin, name="Intranett")
    revoked_row, revoked = create_api_token(session, actor=admin, name="Gammelt")
    revoke_api_token(session, actor=admin, token_id=revoked_row.id)
    expiring, expired = create_api_token(
        session, actor=admin, name="Kort", expires_on=clock.oslo_today() + dt.timedelta(days=1)
    )
    session.execute(
        sa.update(ApiToken).where(ApiToken.id == expiring.id).values(expires_on=dt.date(2020, 1, 1))
    )
    session.commit()
    return {NO_TOKEN: None, VALID: valid, REVOKED_TOKEN: revoked, EXPIRED: expired, UNKNOWN: "ikke-et-token"}


def run_api(session: Session, web) -> Observed:
    world = build_oparl_world(session)
    version = session.scalar(
        sa.select(DocumentVersion.id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.id == world.exempt_document)
    )
    session.commit()
    paths = {
        BOARD_MEETING: f"{API}/meeting/{world.board_meeting}",
        GROUP_MEETING: f"{API}/meeting/{world.group_meeting}",
        EXEMPT_BYTES: f"{API}/file/{version}/content",
    }
    observed = Observed({}, [])
    for who, token in _api_tokens(session, world.admin).items():
        for state, path in paths.items():
            outcome = str(get(web, path, token).status)
            observed.cells["OParl API", who, state] = outcome
            if outcome != api_rule(who, state):
                observed.wrong.append(
                    f"API with {who} on {state}: {outcome}, expected {api_rule(who, state)}"
                )
    return observed


def test_every_reading_cell_holds(engine, session, serve_web, figures, permission_cells):
    web = serve_web(test_settings(engine), engine)
    roles = run_reads(session, web, build_read_world(session))
    api = run_api(session, web)
    cells = len(roles.cells) + len(api.cells)
    backend = engine.dialect.name
    figures.record(
        f"{backend}: {cells} reading cells ({len(roles.cells)} by role, {len(api.cells)} by API token), "
        f"{len(roles.wrong) + len(api.wrong)} not as the table says"
    )
    if backend == "sqlite":  # the same table on both; printed once
        print_cells(permission_cells, roles.cells, READ_TABLE, who=ROLES)
        print_cells(permission_cells, api.cells, {"OParl API": (API_STATES, api_rule)}, who=TOKENS)
    assert cells == 5 * (4 + 4 + 2 + 4) + 5 * 3
    assert roles.wrong + api.wrong == []


# The services added since the first proof suite (issue 22 names them), each with its rows above or in
# test_permissions.TABLE: a row removed from either table fails here.
ADDED_SINCE = {
    "documents": ("documents.add_document", "documents.add_version", "documents.remove_document"),
    "exempt files": ("documents.set_access", "documents.read_file", "search: a document by its title"),
    "innkalling": ("meeting_cycle.send_notice", "meeting_cycle.set_notice_period"),
    "protokoll approval": ("meeting_cycle.approve_minutes", "meeting_cycle.publish_minutes"),
    "forfall": ("attendance.report_absence", "attendance.withdraw_absence", "attendance.set_quorum_rule"),
    "vara": ("attendance.call_substitute", "attendance.answer_call"),
    "habilitet": (
        "disqualifications.declare_disqualification",
        "disqualifications.decide_disqualification",
        "disqualifications.withdraw_disqualification",
    ),
    "digests": ("notifications.set_own_digest_frequency", "notifications.record_digest_run"),
    "feed tokens": ("feeds.renew_feed_token", "feeds.revoke_feed_token", "GET /feeds/<token>/all.ics"),
    "search": ("search: a document by its title", "search: a draft advice by its title"),
    "API tokens": ("api_tokens.create_api_token", "api_tokens.revoke_api_token", "OParl API"),
    "SSO linking": ("sso.link_pid", "sso.unlink_identity"),
}


def test_every_service_added_since_the_first_suite_has_rows(figures):
    rows = set(TABLE) | set(READ_TABLE) | {"OParl API"}
    missing = [name for names in ADDED_SINCE.values() for name in names if name not in rows]
    assert missing == []
    covered = sum(len(names) for names in ADDED_SINCE.values())
    figures.record(f"{len(ADDED_SINCE)} areas added since the first suite, {covered} rows, 0 missing")
