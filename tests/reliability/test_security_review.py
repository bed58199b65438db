"""The attempts of the December 2026 security review that no other test re-ran as the review made them,
each re-run on its own path (AppTest pages, the services, the database, a real server in Chromium) on
SQLite and PostgreSQL where the outcome lives in the database; the table is security_review.py."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import navigation
from osloreg.db import read_session
from osloreg.models import AuditEvent, User
from osloreg.services import users as users_service
from osloreg.services.base import SYSTEM, ValidationFailed
from osloreg.services.logins import attempt_login
from osloreg.services.projects import create_project
from tests.factories import make_case, make_meeting, make_project
from tests.integration.audit.audit_rows import url_of, write_projects
from tests.pages.conftest import PASSWORD, ROLE_USERS, add_users, app_database, nb, page_test

EDIT_TAB = "Endre"


# --- #1-#4, #7: the pages as a viewer and a member, on the app's database ---------------------------


@pytest.fixture
def pages_world(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, int]]:
    """The app pointed at the test's database (either kind) holding a project, a meeting, a case and
    a user per role; the records' ids."""
    with read_session(engine) as session:
        ids = {
            "project": make_project(session, title="Prosjekt i gjennomgangen").id,
            "meeting": make_meeting(session, title="Møte i gjennomgangen").id,
            "case": make_case(session, title="Sak i gjennomgangen").id,
        }
        session.commit()
        add_users(session, ROLE_USERS)
    with app_database(url_of(engine), monkeypatch, tmp_path):
        yield ids


def _run(script: str, username: str, **query: str):
    at = page_test(script, username=username)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _refused(at) -> bool:
    """The page's guard said no, and nothing of the page is drawn."""
    return (
        [error.value for error in at.error] == [nb("guard.refused")]
        and not at.tabs
        and not at.dataframe
        and not at.main.text_input
        and not at.get("download_button")
    )


def _walk_pages(username: str) -> tuple[list[str], list[str]]:
    """Every page file opened as `username`: (refused, shown)."""
    refused, shown = [], []
    for spec in navigation.PAGES:
        at = _run(spec.path, username)
        (refused if _refused(at) else shown).append(spec.name)
    return refused, shown


def _menu(role: str) -> set[str]:
    return {spec.name for spec in navigation.pages_for([role])}


def test_01_a_viewer_who_opens_every_page_url_sees_only_the_pages_of_their_menu(pages_world, engine, figures):
    refused, shown = _walk_pages("leser")
    figures.record(f"{engine.dialect.name}: viewer, {len(navigation.PAGES)} pages: refused {sorted(refused)}")
    assert set(shown) == _menu("viewer")
    assert set(refused) == {spec.name for spec in navigation.PAGES} - _menu("viewer") != set()


def _read_only(at) -> bool:
    return EDIT_TAB not in [tab.label for tab in at.tabs] and not at.main.text_input and not at.text_area


DEEP_LINKS = {"project": "pages/pipeline.py", "meeting": "pages/calendar.py", "case": "pages/cases.py"}
UNKNOWN_IDS = ("999999", "-1", "abc", "99999999999999999999")


def _deep_links(username: str, ids: dict[str, int]) -> tuple[int, int, int]:
    """Each record's link read-only, and each unknown id 'not found': (links, read-only, not found)."""
    links = read_only = gone = 0
    for name, script in DEEP_LINKS.items():
        at = _run(script, username, **{name: str(ids[name])})
        links += 1
        read_only += _read_only(at) and nb(f"{name}.gone") not in [warning.value for warning in at.warning]
        for value in UNKNOWN_IDS:
            at = _run(script, username, **{name: value})
            links += 1
            gone += [warning.value for warning in at.warning] == [nb(f"{name}.gone")]
    return links, read_only, gone


def test_02_a_viewers_deep_links_show_read_only_records_and_unknown_ids_say_not_found(
    pages_world, engine, figures
):
    links, read_only, gone = _deep_links("leser", pages_world)
    figures.record(f"{engine.dialect.name}: viewer, {links} links: {read_only} read-only, {gone} not found")
    assert read_only == len(DEEP_LINKS)
    assert gone == len(DEEP_LINKS) * len(UNKNOWN_IDS)


def test_03_history_deep_links_are_refused_to_viewers_and_members(pages_world, engine, figures):
    entities = ("project", "users", "audit_events")
    refused = 0
    for username in ("leser", "medlem"):
        for entity in entities:
            at = _run("pages/admin.py", username, entity=entity, entity_id="1")
            refused += _refused(at)
    figures.record(f"{engine.dialect.name}: {refused}/{2 * len(entities)} history links refused")
    assert refused == 2 * len(entities)


def test_04_a_member_on_every_page_and_deep_link_gets_no_editor(pages_world, engine, figures):
    refused, shown = _walk_pages("medlem")
    links, read_only, gone = _deep_links("medlem", pages_world)
    decisions = _run("pages/decisions.py", "medlem")
    figures.record(
        f"{engine.dialect.name}: member refused {sorted(refused)}; {read_only}/{len(DEEP_LINKS)} records "
        f"read-only; {gone} unknown ids not found"
    )
    assert set(shown) == _menu("member") and set(refused) == {"admin"}
    assert read_only == len(DEEP_LINKS) and gone == len(DEEP_LINKS) * len(UNKNOWN_IDS)
    assert not decisions.main.text_area and not decisions.main.text_input  # nothing to decide with


def test_07_roles_planted_in_the_session_state_open_no_page(pages_world, engine, figures):
    """Session state a client could try to set (the roles, another username's roles) is not what the
    guard reads: the roles come from the database on every run."""
    opened = []
    for spec in navigation.PAGES:
        if spec.allows(["viewer"]):
            continue
        at = page_test(spec.path, username="leser")
        at.session_state["roles"] = ["admin", "coordinator"]
        at.run()
        assert not at.exception
        if not _refused(at):
            opened.append(spec.name)
    figures.record(f"{engine.dialect.name}: planted admin roles opened {len(opened)} guarded pages")
    assert opened == []


def test_50_a_path_in_the_history_links_entity_is_refused_and_reaches_no_file(pages_world, engine, figures):
    """No user input reaches the file system: the one place a name comes from a link is the history's
    entity, which must be one of the tables, whatever path it spells."""
    bad = ("../../etc", "../../etc/passwd", "/etc/passwd", "..\\..\\windows")
    start = nb("audit_trail.history.bad_entity", entity="", known="", value="").split("«")[0]
    refused = 0
    for entity in bad:
        at = page_test("pages/admin.py", username="admin")
        at.session_state["admin_tab"] = nb("admin.tab.audit")
        at.query_params["entity"] = entity
        at.query_params["entity_id"] = "1"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        refused += len(at.error) == 1 and at.error[0].value.startswith(start) and not at.dataframe
    figures.record(f"{engine.dialect.name}: {refused}/{len(bad)} path-like entities refused in words")
    assert refused == len(bad)


# --- #13, #22, #32: the services, on both databases -----------------------------------------------

TIMING_CALLS = 5  # an account name has five free failures: the sixth would wait


@pytest.mark.production_password_cost
def test_13_an_unknown_name_and_a_wrong_password_take_the_same_time(session, figures):
    users_service.create_user(
        session,
        actor=SYSTEM,
        username="direktor",
        display_name="Direktør",
        password=PASSWORD,
        roles=["director"],
    )
    timings: dict[str, list[float]] = {"direktor": [], "nosuchuser": []}
    answers: dict[str, set[str]] = {name: set() for name in timings}
    for call in range(TIMING_CALLS):
        for name in timings:  # each call from a client of its own: none is throttled
            started = time.perf_counter()
            result = attempt_login(
                session, username=name, password="feil passord", client=f"203.0.113.{call}"
            )
            timings[name].append(time.perf_counter() - started)
            answers[name].add(result.reason)
    real, unknown = (statistics.median(timings[name]) * 1000 for name in ("direktor", "nosuchuser"))
    figures.record(
        f"{session.get_bind().dialect.name}: median of {TIMING_CALLS} at bcrypt cost 12: real name "
        f"{real:.0f} ms, unknown name {unknown:.0f} ms; answers {sorted(answers['direktor'])} / "
        f"{sorted(answers['nosuchuser'])}"
    )
    assert answers["direktor"] == answers["nosuchuser"] == {"login.failed"}
    # A bcrypt check either way (skipping it answers in a millisecond, as the review saw for a locked
    # account); the band allows for a machine shared with other work.
    assert unknown > 50 and 0.5 < unknown / real < 2


# Varied enough for the strength rules (no common password, no run, no repeat): only the length counts.
_PASSWORD_TEXT = (
    "Fjordbris 7 over Nordmarka, kaffe i Ullevålseter og ski mot Kikut før mørket faller inn! " * 2
)


def test_22_passwords_of_11_and_129_characters_or_with_nul_are_refused_12_and_128_accepted(session, figures):
    verdicts = {}
    for label, password in {
        "11": _PASSWORD_TEXT[:11],
        "12": _PASSWORD_TEXT[:12],
        "128": _PASSWORD_TEXT[:128],
        "129": _PASSWORD_TEXT[:129],
        "NUL": _PASSWORD_TEXT[:20] + "\x00" + "slutt",
    }.items():
        username = f"lengde{label.lower()}"
        try:
            users_service.create_user(
                session,
                actor=SYSTEM,
                username=username,
                display_name="Lengde",
                password=password,
                roles=["viewer"],
            )
        except ValidationFailed as refusal:
            verdicts[label] = refusal.key
            continue
        logged_in = attempt_login(session, username=username, password=password, client="192.0.2.1").ok
        verdicts[label] = "logs in" if logged_in else "CREATED BUT NO LOGIN"
    stored = session.scalar(sa.select(sa.func.count()).select_from(User).where(User.username.like("lengde%")))
    session.rollback()
    figures.record(f"{session.get_bind().dialect.name}: {verdicts}; users stored: {stored}")
    assert verdicts["12"] == verdicts["128"] == "logs in"
    assert all(verdicts[label].startswith("error.") for label in ("11", "129", "NUL")), verdicts
    assert stored == 2


def test_32_a_301_character_title_and_a_10001_character_description_are_refused(session, figures):
    verdicts = {}
    for label, fields in {
        "title 300": {"title": "T" + "i" * 299},
        "title 301": {"title": "T" + "i" * 300},
        "description 10,000": {"title": "Beskrivelse", "description": "Lang tekst. " * 833 + "ferd"},
        "description 10,001": {"title": "Beskrivelse 2", "description": "Lang tekst. " * 833 + "ferdi"},
    }.items():
        try:
            create_project(session, actor=SYSTEM, **fields)
            verdicts[label] = "stored"
        except ValidationFailed as refusal:
            verdicts[label] = refusal.key
    figures.record(f"{session.get_bind().dialect.name}: {verdicts}")
    assert verdicts["title 300"] == verdicts["description 10,000"] == "stored"
    assert verdicts["title 301"].startswith("error.") and verdicts["description 10,001"].startswith("error.")


# --- #57, #59: the audit trail refuses changes in the database itself, on both --------------------


def _audit_rows(engine: Engine) -> list[sa.Row]:
    with engine.connect() as connection:
        return connection.execute(sa.select(AuditEvent.__table__).order_by(AuditEvent.id)).all()


def _refused_statement(engine: Engine, statement: str, **parameters) -> str:
    """Run a statement as the app's connection would; what the database said when it refused it."""
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(statement), parameters)
    except sa.exc.DBAPIError as error:
        return str(error.orig)
    return "ACCEPTED"


def test_57_update_update_or_replace_and_delete_of_audit_events_are_refused(engine, figures):
    write_projects(engine, 2)
    before = _audit_rows(engine)
    first = before[0].id
    statements = [
        "UPDATE audit_events SET actor_name = 'system' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
        "DELETE FROM audit_events",
    ]
    statements.append(
        "UPDATE OR REPLACE audit_events SET actor_name = 'system' WHERE id = :id"
        if engine.dialect.name == "sqlite"
        else "TRUNCATE audit_events CASCADE"
    )
    answers = [_refused_statement(engine, statement, id=first) for statement in statements]
    figures.record(
        f"{engine.dialect.name}: {sum('append-only' in a for a in answers)}/{len(statements)} refused "
        f"as append-only; {len(before)} events unchanged: {_audit_rows(engine) == before}"
    )
    assert all("append-only" in answer for answer in answers), answers
    assert _audit_rows(engine) == before


def test_59_an_upsert_onto_an_audit_event_is_refused_or_changes_nothing(engine, figures):
    write_projects(engine, 2)
    before = _audit_rows(engine)
    first = before[0]
    columns = "id, at, actor_name, action, entity, prev_hash, hash"
    values = "VALUES (:id, :at, 'system', 'login.success', 'users', :prev, :hash)"
    parameters = {"id": first.id, "at": first.at, "prev": first.prev_hash, "hash": first.hash}
    update = _refused_statement(
        engine,
        f"INSERT INTO audit_events ({columns}) {values} ON CONFLICT (id) DO UPDATE SET action = 'x'",
        **parameters,
    )
    nothing = _refused_statement(
        engine, f"INSERT INTO audit_events ({columns}) {values} ON CONFLICT (id) DO NOTHING", **parameters
    )
    after = _audit_rows(engine)
    figures.record(
        f"{engine.dialect.name}: DO UPDATE {'refused' if 'append-only' in update else update}; DO NOTHING "
        f"{'refused' if 'append-only' in nothing else 'accepted'}, "
        f"{'no change' if after == before else 'CHANGED THE TRAIL'}"
    )
    assert "append-only" in update
    assert nothing == "ACCEPTED" or "append-only" in nothing  # SQLite refuses it, PostgreSQL skips it
    assert after == before
