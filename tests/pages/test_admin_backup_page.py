"""The admin page's backup tab in AppTest, on SQLite (backup API) and PostgreSQL (pg_dump): an admin
makes a backup on the server by an explicit click, sees its size, check and rows, finds it in the
list of the server's backups with the commands to copy and restore it; the backup is in the audit
trail; and the tab never offers a backup for download (Streamlit would serve it at a /media address
that needs no login): no download button, and nothing in Streamlit's media store."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from osloreg import i18n
from osloreg.backup import find_pg_tool
from osloreg.db import read_session
from osloreg.models import AuditEvent
from tests.cli_runner import postgres_url
from tests.conftest import POSTGRES
from tests.pages.conftest import add_users, app_database, nb, page_test

# The first bytes of each kind of backup: a SQLite file, a pg_dump archive.
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """The in-memory file storage of each AppTest run: what a download button (or any other media)
    would serve at /media (AppTest makes a new one per run and does not expose it)."""
    stores: list[MemoryMediaFileStorage] = []

    class Kept(MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    return stores


@pytest.fixture(params=["sqlite", POSTGRES])
def admin_app(request, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Engine]:
    """The app on each database, with an admin."""
    engine = request.getfixturevalue(f"{request.param}_engine")
    url = str(engine.url) if request.param == "sqlite" else postgres_url(engine)
    with app_database(url, monkeypatch, tmp_path):
        with read_session(engine) as session:
            add_users(session, {"admin": "admin", "leser": "viewer"})
        yield engine


def _backup_tab():
    at = page_test("pages/admin.py", username="admin")
    at.session_state["admin_tab"] = nb("admin.tab.backup")
    at.run()
    return at


def _served_bytes(stores: list[MemoryMediaFileStorage]) -> list[bytes]:
    return [file.content for store in stores for file in store._files_by_id.values()]


def test_an_admin_makes_a_backup_on_the_server_and_is_offered_no_download(admin_app, media, tmp_path):
    dialect = admin_app.dialect.name
    at = _backup_tab()
    assert not at.exception and not at.get("download_button")
    assert nb("backup.list.none") in [caption.value for caption in at.caption]
    assert not list((tmp_path / "backups").glob("*"))  # nothing is made before the click

    at.button(key="backup_make").click()
    at.run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    (backup,) = (tmp_path / "backups").glob("osloreg-*")
    assert backup.suffix == (".sqlite3" if dialect == "sqlite" else ".dump")
    assert backup.read_bytes().startswith(MAGIC[dialect])
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # the database's hashes: the app's user only
    assert nb("backup.made", file=backup.name) in [message.value for message in at.success]
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[nb("backup.integrity")] == nb("backup.integrity_ok")
    size = i18n.format_number(backup.stat().st_size / 1_048_576, "nb", decimals=2) + " MB"
    assert metrics[nb("backup.size")] == size
    # The server's backups, listed with name and size, and how to copy and restore the newest.
    (listing,) = at.dataframe
    assert listing.value["name"].tolist() == [backup.name] and listing.value["size"].tolist() == [size]
    (commands,) = at.code
    assert f"python -m osloreg restore {backup.resolve()}" in commands.value
    assert f"scp <server>:{backup.resolve()} ." in commands.value

    # Nothing to download, and nothing of the database in what Streamlit would serve at /media.
    assert not at.get("download_button")
    assert not [data for data in _served_bytes(media) if data.startswith(tuple(MAGIC.values()))]

    if dialect == "sqlite":
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert len(copy.execute("SELECT username FROM users").fetchall()) == 2
        copy.close()
    else:
        listed = subprocess.run(
            [find_pg_tool("pg_restore"), "--list", str(backup)], capture_output=True, text=True, check=True
        ).stdout
        assert " TABLE DATA " in listed and " users " in listed
    with read_session(admin_app) as session:
        event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "backup.made")).one()
        assert event.actor_name == "admin" and event.after["bytes"] == backup.stat().st_size
        assert event.after["file"] == backup.name and event.after["integrity"] == "ok"

    # Another visit (a new session) lists the backup made before, still with no download.
    again = _backup_tab()
    assert not again.exception and not again.get("download_button")
    assert again.dataframe[0].value["name"].tolist() == [backup.name]


def test_a_backup_that_cannot_be_written_shows_why_and_makes_nothing(admin_app, tmp_path):
    (tmp_path / "backups").write_text("a file where the folder should be")
    at = _backup_tab()
    at.button(key="backup_make").click()
    at.run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith(nb("error.backup_failed", reason="")[:20])
    assert not at.get("download_button") and not at.success
    with read_session(admin_app) as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "backup.made")) == 0
