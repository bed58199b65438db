"""The admin page's Import tab in AppTest (whose file_uploader takes real bytes in Streamlit 1.67): the
template downloads, an upload with errors shows them by row with the import button disabled, a file
that is no table is refused, and a good upload imports and says how many rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from osloreg import importer
from osloreg.db import read_session
from osloreg.importer import Kind
from osloreg.models import AuditEvent, Person
from osloreg.ui.kit.tables import escape_markdown
from tests.pages.conftest import nb, page_test

PAGE = "pages/admin.py"


def _open(kind: str = "persons", language: str | None = None):
    at = page_test(PAGE, username="admin")
    at.session_state["admin_tab"] = nb("admin.tab.import")  # the tab opens as a click would open it
    at.session_state["import_kind"] = kind
    if language:
        at.session_state["language"] = language
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader[0].upload(name, data, mime)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _import_button(at):
    return next(button for button in at.button if button.key.startswith("import_go_"))


def _persons(engine) -> list[str]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(Person.name).order_by(Person.name)))


def test_the_tab_offers_the_template_of_the_chosen_kind_and_an_uploader(users):
    at = _open("memberships")
    assert [button.label for button in at.get("download_button")] == ["Last ned Excel", "Last ned CSV"]
    described = at.dataframe[0].value
    assert list(described["column"]) == [
        importer.header(Kind.MEMBERSHIPS, c.name) for c in importer.SPECS["memberships"]
    ]
    assert described["required"][0] == "påkrevd"
    (uploader,) = at.file_uploader
    assert uploader.label == nb("import.upload") and sorted(uploader.allowed_type) == [".csv", ".xlsx"]
    assert not at.main.button  # nothing to import before a file is chosen


def test_an_upload_with_errors_lists_them_by_row_and_column_and_the_import_stays_disabled(users, app_engine):
    data = "Navn;E-post\r\nKari Nordmann;kari@example.no\r\nPer Hansen;ikke en adresse\r\n;eva@example.no\r\n"
    at = _upload(_open(), "personer.csv", data.encode("utf-8-sig"))
    assert [error.value for error in at.error] == [nb("import.errors", count=2)]
    errors = at.dataframe[2].value
    assert list(errors["row"]) == [3, 4]
    assert list(errors["column"]) == ["E-post", "Navn"]
    assert list(errors["message"]) == ["E-postadressen ser ikke riktig ut.", "Feltet «Navn» må fylles ut."]
    preview = at.dataframe[1].value
    assert list(preview["row"]) == [2, 3, 4] and preview["name"][0] == "Kari Nordmann"
    assert _import_button(at).disabled
    assert _persons(app_engine) == []


def test_the_errors_are_in_english_for_an_english_user(users):
    data = "Name;E-mail\r\nPer Hansen;not an address\r\n"
    at = _upload(_open(language="en"), "persons.csv", data.encode())
    assert list(at.dataframe[2].value["message"]) == ["The e-mail address does not look right."]
    assert list(at.dataframe[2].value["column"]) == ["E-mail"]


def test_a_picture_named_csv_is_refused_with_a_message_and_nothing_to_import(users):
    at = _upload(_open(), "personer.csv", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert [error.value for error in at.error] == [nb("import.error.binary", what="PNG")]
    assert not at.main.button


def test_a_good_upload_imports_every_row_and_says_how_many(users, app_engine):
    data = importer.template_file(Kind.PERSONS, "xlsx", "nb")
    at = _upload(_open(), "personer.xlsx", data, importer_mime())
    assert [success.value for success in at.success] == [nb("import.ready", count=1)]
    button = _import_button(at)
    assert not button.disabled and button.label == nb("import.button", count=1)
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [success.value for success in at.success] == [
        nb("import.done", count=1, kind="personer", file=escape_markdown("personer.xlsx"))
    ]
    assert _persons(app_engine) == ["Kari Nordmann"]
    with read_session(app_engine) as session:
        (event,) = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "import.persons"))
        assert event.actor_name == "admin" and event.after["rows"] == 1
    # The uploader starts afresh: the same file is not offered for a second import.
    assert not at.main.button


def importer_mime() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("username", ["direktor", "koordinator", "medlem", "leser"])
def test_no_other_role_reaches_the_import_tab(users, username):
    at = page_test(PAGE, username=username)
    at.session_state["admin_tab"] = nb("admin.tab.import")
    at.run()
    assert [error.value for error in at.error] == [nb("guard.refused")]
    assert not at.get("file_uploader") and not at.get("download_button")
