"""The database's storage fills while a document is uploaded on a meeting's page (AppTest), on SQLite
and PostgreSQL: the page says so in words (a catalogue key, bokmål and English), shows no traceback, keeps
what was entered in the form; the database holds no document, no version, no search-index row and no
audit event of the attempt; once space is freed the same upload goes through.

SQLite fills for real: every connection the app checks out gets `PRAGMA max_page_count` at a few pages
beyond the file's size, so SQLite itself answers SQLITE_FULL ("database or disk is full") when the
file's pages do not fit. PostgreSQL cannot be filled honestly without a small filesystem for a
tablespace (a mount the test cannot count on): a trigger on document_versions raises what the server
raises when a file cannot be extended, SQLSTATE 53100 (disk_full) with its message, in the middle of
the upload's transaction (the document row is already inserted)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.pool import Pool

from osloreg import i18n
from osloreg.db import read_session
from osloreg.models import AuditEvent, Document, DocumentVersion, SearchDocument
from tests.integration.services.document_world import pdf
from tests.pages.conftest import ROLE_USERS, add_users, app_database, ok
from tests.pages.test_documents_page import _open, _world

TITLE = "Årsrapport med vedlegg"
FILE = ("arsrapport.pdf", pdf("Årsrapport") + bytes(range(256)) * 4096 + b"\n%%EOF\n", "application/pdf")
SPARE_PAGES = 16  # beyond the file's size when it fills: room for small writes, not for the file
FULL = {language: i18n.translate("error.storage_full", language) for language in ("nb", "en")}
UNAVAILABLE = i18n.translate("error.database_unavailable", "nb")


class PageLimit:
    """Sets max_page_count on each SQLite connection the app checks out: `limit` pages, or SQLite's
    own maximum when None (space freed)."""

    def __init__(self) -> None:
        self.limit: int | None = None

    def __call__(self, dbapi_connection, _record, _proxy) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute(f"PRAGMA max_page_count = {self.limit or 1073741823}")


@contextmanager
def _storage(engine: Engine) -> Iterator[tuple[callable, callable]]:
    """(fill, free): make the database's storage full, then free it again."""
    if engine.dialect.name == "sqlite":
        limit = PageLimit()
        sa.event.listen(Pool, "checkout", limit)

        def fill() -> None:
            with engine.connect() as connection:
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            limit.limit = pages + SPARE_PAGES

        def free() -> None:
            limit.limit = None

        try:
            yield fill, free
        finally:
            sa.event.remove(Pool, "checkout", limit)
        return

    def fill() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file \"base/16384/16385\": No space left on device' "
                "USING ERRCODE = 'disk_full', HINT = 'Check free disk space.'; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER disk_full BEFORE INSERT ON document_versions "
                "FOR EACH ROW EXECUTE FUNCTION disk_full()"
            )

    def free() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER disk_full ON document_versions")
            connection.exec_driver_sql("DROP FUNCTION disk_full()")

    yield fill, free


def _stored(engine: Engine) -> tuple[int, int, int, int]:
    """(documents, versions, search-index rows of documents, audit events of adding one)."""
    with read_session(engine) as session:
        return (
            session.scalar(sa.select(sa.func.count()).select_from(Document)),
            session.scalar(sa.select(sa.func.count()).select_from(DocumentVersion)),
            session.scalar(sa.select(sa.func.count()).where(SearchDocument.kind == "document")),
            session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "document.add")),
        )


def _label(key: str) -> set[str]:
    return {i18n.translate(key, language) for language in ("nb", "en")}


def _fill_form(at) -> None:
    [title] = [field for field in at.text_input if field.label in _label("documents.upload.document_title")]
    title.input(TITLE)
    [uploader] = [field for field in at.file_uploader if field.label in _label("documents.upload.file")]
    uploader.set_value(FILE)


def _submit(at) -> float:
    [submit] = [button for button in at.button if button.label in _label("documents.upload.submit")]
    submit.click()
    started = time.monotonic()
    at.run()
    return time.monotonic() - started


def _title_kept(at) -> bool:
    fields = [field for field in at.text_input if field.label in _label("documents.upload.document_title")]
    return [field.value for field in fields] == [TITLE]


@pytest.fixture
def app_on_engine(engine, monkeypatch, tmp_path) -> Iterator[Engine]:
    with app_database(engine.url.render_as_string(hide_password=False), monkeypatch, tmp_path):
        yield engine


def test_a_full_database_refuses_an_upload_in_words_keeps_the_form_and_stores_nothing(app_on_engine, figures):
    engine = app_on_engine
    with read_session(engine) as session:
        add_users(session, ROLE_USERS)
    meeting_id = _world(engine)
    before = _stored(engine)
    with _storage(engine) as (fill, free):
        page = _open("koordinator", meeting_id)
        _fill_form(page)
        fill()
        seconds = _submit(page)
        errors_nb = [str(element.value) for element in page.error]
        kept_nb = _title_kept(page)
        tracebacks = len(page.exception)
        after_full = _stored(engine)
        free()
        _submit(page)  # the same form, as it was kept
        stored_after_free = _stored(engine)
        errors_after_free = [str(element.value) for element in page.error]
    figures.record(
        f"{engine.dialect.name} full: message in words {FULL['nb'] in errors_nb}; {tracebacks} tracebacks; "
        f"form kept {kept_nb}; written while full "
        f"(documents, versions, index rows, audit) "
        f"{tuple(a - b for a, b in zip(after_full, before, strict=True))}; refused in {seconds:.1f} s; "
        f"after freeing {tuple(a - b for a, b in zip(stored_after_free, before, strict=True))}"
    )
    assert tracebacks == 0
    assert FULL["nb"] in errors_nb, errors_nb
    assert UNAVAILABLE not in errors_nb  # not told that the database is away: it is full
    assert FULL["en"] and FULL["en"] != FULL["nb"]  # in English for those who chose it
    assert kept_nb
    assert after_full == before  # all or nothing: nothing
    ok(page)
    assert errors_after_free == []
    assert stored_after_free == tuple(count + 1 for count in before)
    assert TITLE in "\n".join(str(element.value) for element in page.markdown)
