"""The admin page's audit trail in AppTest: events in words (a status change reads "Status: Idé →
Planlagt"), the filters, a row in full before and after, the export; a record's whole history from
the address (?entity=project&entity_id=N), a bad address's message; the "Endringslogg" link that
the project page shows to admins only; and the hash chain's state, with a changed event named."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import export
from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.enums import ProjectStatus
from osloreg.models import Project, User
from osloreg.queries import audit
from osloreg.services.base import Actor
from osloreg.services.projects import change_status, create_project
from osloreg.ui.admin import audit as audit_view
from tests.integration.audit.audit_rows import rows
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test

PAGE = "pages/admin.py"


def _world(engine: Engine) -> None:
    """The five users; the coordinator registers two projects and moves Oslo Talent Pool to planned."""
    with read_session(engine) as session:
        add_users(session, ROLE_USERS)
        coordinator = Actor.of(session.scalar(sa.select(User).where(User.username == "koordinator")))
        session.rollback()  # the read began a transaction; each service opens its own
        talent = create_project(session, actor=coordinator, title="Oslo Talent Pool")
        create_project(session, actor=coordinator, title="Næringsliv i Follo")
        change_status(
            session,
            actor=coordinator,
            project_id=talent.id,
            expected_status=ProjectStatus.IDEA,
            to_status=ProjectStatus.PLANNED,
            note="Klar for planlegging",
        )


WORLD = _world  # built once per module: `world` in tests/pages/conftest.py


def _project_id(engine: Engine, title: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(Project.id).where(Project.title == title))


def _user_id(engine: Engine, username: str) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(User.id).where(User.username == username))


def _trail(username: str = "admin", language: str | None = None, **query: str):
    """The admin page on its audit tab (or on a record's history when `query` names one)."""
    at = page_test(PAGE, username=username)
    at.session_state["admin_tab"] = nb("admin.tab.audit") if language is None else "Audit trail"
    if language is not None:
        at.session_state["language"] = language
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    ok(at)
    return at


def _rows(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def _texts(at) -> str:
    kinds = ("title", "markdown", "caption", "info", "error", "warning", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def test_the_trail_shows_each_event_in_words_newest_first(world):
    at = _trail()
    rows = _rows(at)
    # Five users, two projects, one status change; the newest first.
    assert nb("audit_trail.count", count="8") in _texts(at)
    assert [row["what"] for row in rows[:3]] == [
        nb("audit_trail.area.project") + ": " + nb("audit.project.status"),
        "Prosjekt: Registrert",
        "Prosjekt: Registrert",
    ]
    moved = rows[0]
    talent = _project_id(world, "Oslo Talent Pool")
    assert moved["actor"] == "koordinator"
    assert moved["kind"] == "Prosjekt"
    assert moved["record_text"] == f"Oslo Talent Pool (nr. {talent})"
    assert "Status: Idé → Planlagt" in moved["details"]
    assert "status_change_id" not in moved["details"] and "version" not in moved["details"]
    assert rows[-1]["what"] == "Bruker: Bruker opprettet" and rows[-1]["actor"] == "system"
    # When, in Oslo time the Norwegian way: 01.12.2026 kl. 13:05.
    assert " kl. " in moved["when"] and moved["when"][2] == "."


def test_the_filters_narrow_the_trail(world):
    at = _trail()
    at.selectbox(key="audit_filter_actor").set_value(_user_id(world, "koordinator")).run()
    ok(at)
    assert {row["actor"] for row in _rows(at)} == {"koordinator"} and len(_rows(at)) == 3
    at.selectbox(key="audit_filter_action").set_value("project.create").run()
    ok(at)
    assert sorted(row["record_text"].split(" (")[0] for row in _rows(at)) == [
        "Næringsliv i Follo",
        "Oslo Talent Pool",
    ]
    at.selectbox(key="audit_filter_entity").set_value("project").run()
    at.number_input(key="audit_filter_record").set_value(_project_id(world, "Oslo Talent Pool")).run()
    ok(at)
    assert [row["record_text"].split(" (")[0] for row in _rows(at)] == ["Oslo Talent Pool"]
    at.selectbox(key="audit_filter_entity").set_value("users").run()
    ok(at)
    assert nb("audit_trail.none") in _texts(at) and not at.dataframe
    next(button for button in at.button if button.label == nb("audit_trail.filter.clear")).click().run()
    ok(at)
    assert len(_rows(at)) == 8


def test_a_date_range_after_today_finds_nothing_and_a_reversed_one_says_why(world):
    tomorrow = today() + dt.timedelta(days=1)
    at = _trail()
    at.date_input(key="audit_filter_from").set_value(tomorrow).run()
    ok(at)
    assert nb("audit_trail.none") in _texts(at)
    at.date_input(key="audit_filter_to").set_value(today()).run()
    ok(at)
    assert nb("audit_trail.filter.bad_range") in [warning.value for warning in at.warning]
    at.date_input(key="audit_filter_from").set_value(dt.date(2001, 1, 1)).run()  # years back is allowed
    ok(at)
    assert len(_rows(at)) == 8


def test_selecting_an_event_shows_the_record_before_and_after_side_by_side(world):
    at = _trail()
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    ok(at)
    # The names are escaped markdown ("Prosjekt\\: Ny status"): compare the words.
    assert any("Ny status" in header.value and "Oslo Talent Pool" in header.value for header in at.header)
    fields = at.dataframe[1].value.set_index("field")
    assert list(at.dataframe[1].value.columns) == ["field", "before", "after", "changed"]
    assert (fields.loc["Status", "before"], fields.loc["Status", "after"]) == ("Idé", "Planlagt")
    assert "Tittel" not in fields.index  # only the changed fields at first
    at.toggle(key="audit_detail_only_changed").set_value(False).run()
    ok(at)
    fields = at.dataframe[1].value.set_index("field")
    assert fields.loc["Tittel", "before"] == fields.loc["Tittel", "after"] == "Oslo Talent Pool"
    assert not fields.loc["Tittel", "changed"] and fields.loc["Status", "changed"]
    assert at.get("json")  # the raw view, in its expander


def test_the_export_holds_the_filtered_trail_in_words(world):
    with read_session(world) as session:
        rows = audit.trail(session, filters=audit.AuditFilters(action="project.status")).rows
    table = audit_view.export_frame(rows, "nb")
    assert list(table.columns) == [
        nb(f"audit_trail.col.{name}") for name in ("when", "who", "action", "entity", "record", "changes")
    ]
    assert table.iloc[0][nb("audit_trail.col.changes")].startswith("Status: Idé → Planlagt")
    at = _trail()
    assert [button.label for button in at.get("download_button")] == [nb("export.xlsx"), nb("export.csv")]
    english = audit_view.export_frame(rows, "en")
    assert "Status: Idea → Planned" in english.iloc[0]["Changes (before → after)"]
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel({"x": table})))
    assert book["x"].max_row == 2


def test_the_address_of_a_record_shows_its_whole_history_and_the_way_back(world):
    talent = _project_id(world, "Oslo Talent Pool")
    at = _trail(entity="project", entity_id=str(talent))
    assert not at.tabs  # the record's history instead of the tabs
    assert nb("audit_trail.history.title", kind="Prosjekt", name="Oslo Talent Pool") in [
        header.value for header in at.header
    ]
    rows = _rows(at)
    assert [row["what"] for row in rows] == ["Prosjekt: Ny status", "Prosjekt: Registrert"]
    assert {row["record_text"] for row in rows} == {f"Oslo Talent Pool (nr. {talent})"}
    next(button for button in at.button if button.label == nb("audit_trail.history.back")).click().run()
    ok(at)
    assert "entity" not in at.query_params and "entity_id" not in at.query_params
    assert [tab.label for tab in at.tabs][1] == nb("admin.tab.audit")


def test_a_record_that_is_gone_says_so_and_has_no_events(world):
    at = _trail(entity="project", entity_id="999999")
    assert nb("audit_trail.history.title_gone", kind="Prosjekt", id=999999) in [h.value for h in at.header]
    assert nb("audit_trail.history.none") in _texts(at)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"entity": "nope", "entity_id": "1"}, "audit_trail.history.bad_entity"),
        ({"entity": "project", "entity_id": "abc"}, "audit_trail.history.bad_id"),
        ({"entity": "project"}, "audit_trail.history.bad_id"),
        ({"entity_id": "1"}, "audit_trail.history.bad_entity"),
        ({"entity": "project", "entity_id": "-3"}, "audit_trail.history.bad_id"),
        ({"entity": "project", "entity_id": "99999999999999999999"}, "audit_trail.history.bad_id"),
    ],
)
def test_a_bad_address_gets_a_clear_message_not_a_traceback(world, query, message):
    at = _trail(**query)
    assert len(at.error) == 1
    start = nb(message, entity="", known="", value="").split("«")[0]
    assert at.error[0].value.startswith(start)
    assert not at.dataframe


def test_the_trail_speaks_english_when_asked(world):
    at = _trail(language="en")
    row = _rows(at)[0]
    assert row["what"] == "Project: New status"
    assert "Status: Idea → Planned" in row["details"]
    assert row["when"][2] == "/"


@pytest.mark.parametrize(
    ("username", "shown"), [("admin", True), ("koordinator", False), ("direktor", False)]
)
def test_the_project_page_links_its_history_for_admins_only(world, username, shown):
    talent = _project_id(world, "Oslo Talent Pool")
    at = page_test("pages/pipeline.py", username=username)
    at.query_params["project"] = str(talent)
    at.run()
    ok(at)
    links = [link for link in at.get("link_button") if link.proto.label == nb("audit_trail.link")]
    if not shown:
        assert links == []
        return
    assert [link.proto.url for link in links] == [f"admin?entity=project&entity_id={talent}"]


# --- The hash chain ------------------------------------------------------------------------------------


def test_the_audit_tab_says_the_chain_holds_and_checks_the_whole_trail_on_request(world):
    newest = max(row.id for row in rows(world))
    at = _trail()
    assert not at.error
    (checked,) = [box.value for box in at.success]
    assert checked.startswith(nb("audit_trail.chain.ok_tail", count="8", id=newest, when="").split(" (")[0])
    assert nb("audit_trail.chain.witness_none") in checked  # the world was written before the app ran

    at.button(key="audit_chain_check").click().run()
    ok(at)
    assert any(
        box.value.startswith(nb("audit_trail.chain.ok_full", count="8", id=newest, when="").split(" (")[0])
        for box in at.success
    )
    assert any(caption.value.startswith("Hele loggen ble kontrollert") for caption in at.caption)


def test_an_event_changed_in_the_database_is_named_on_the_audit_tab_in_words(world):
    event = rows(world)[2]
    connection = sqlite3.connect(world.url.database)
    connection.execute("DROP TRIGGER audit_events_no_update")
    connection.execute("UPDATE audit_events SET actor_name = 'direktor' WHERE id = ?", (event.id,))
    connection.commit()
    connection.close()

    at = _trail()
    reason = nb("audit_trail.chain.reason.hash_differs")
    assert [error.value for error in at.error] == [nb("audit_trail.chain.broken", id=event.id, reason=reason)]
    assert not at.success
    english = _trail(language="en")
    assert english.error[0].value.startswith(
        f"The audit trail was changed outside the app: event no. {event.id}"
    )
