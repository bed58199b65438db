"""The Import tab shows a file's own text as text: an unknown header holding a markdown image, a link
or formatting, and a hostile file name, reach the admin's screen escaped (st.error and st.success render
markdown, and an image there is fetched as soon as the admin picks the file)."""

from __future__ import annotations

import re

from osloreg import importer
from osloreg.importer import Kind
from osloreg.ui.kit.tables import escape_markdown
from tests.pages.conftest import nb
from tests.pages.test_admin_import_page import _import_button, _open, _upload

HEADER = "![x](https://tracker.example.com/hdr.png) [klikk](javascript:alert(1)) **fet** <img src=x>"
# An image, a link or HTML starts with one of these when not escaped by a backslash.
_LIVE = re.compile(r"(?:^|[^\\])(?:\\\\)*(?:!\[|\[|<[a-z])", re.IGNORECASE)


def test_an_unknown_header_is_shown_as_typed_in_the_refusal(users):
    data = f"Navn;{HEADER}\r\nKari Nordmann;x\r\n".encode()
    at = _upload(_open(), "personer.csv", data)
    (error,) = at.error
    assert error.value == nb("import.error.unknown_columns", columns=escape_markdown(HEADER))
    assert not _LIVE.search(error.value), error.value
    assert not at.main.button


def test_the_file_name_is_shown_as_typed_after_an_import(users):
    name = "![x](https:__tracker.example.com_name.png) <b>.xlsx"
    data = importer.template_file(Kind.PERSONS, "xlsx", "nb")
    at = _upload(_open(), name, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    _import_button(at).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (success,) = at.success
    assert success.value == nb("import.done", count=1, kind="personer", file=escape_markdown(name))
    assert not _LIVE.search(success.value), success.value
