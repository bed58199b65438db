"""The admin page's backup tab in AppTest: an admin makes a backup, sees its size, check and time, and
downloads the very bytes of a valid SQLite database; the backup is in the audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from osloreg import i18n
from osloreg.db import read_session
from osloreg.models import AuditEvent
from tests.pages.conftest import page_test


def _nb(key: str, **params) -> str:
    return i18n.translate(key, "nb", **params)


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """The in-memory file storage of each AppTest run, to read what a download button would send
    (AppTest makes a new one per run and does not expose it)."""
    stores: list[MemoryMediaFileStorage] = []

    class Kept(MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    return stores


def _backup_tab():
    at = page_test("pages/admin.py", username="admin")
    at.session_state["admin_tab"] = _nb("admin.tab.backup")
    at.run()
    return at


def test_an_admin_makes_a_backup_and_downloads_a_valid_sqlite_database(users, app_engine, media, tmp_path):
    at = _backup_tab()
    assert not at.exception and not at.get("download_button")
    at.button(key="backup_make").click()
    at.run()

    assert not at.exception and not at.error
    (backup,) = (tmp_path / "backups").glob("osloreg-*.sqlite3")
    assert _nb("backup.made", file=backup.name) in [message.value for message in at.success]
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics[_nb("backup.integrity")] == _nb("backup.integrity_ok")
    size = backup.stat().st_size
    assert metrics[_nb("backup.size")] == i18n.format_number(size / 1_048_576, "nb", decimals=2) + " MB"
    assert metrics[_nb("backup.seconds")].endswith(" s")

    (button,) = at.get("download_button")
    assert button.label == _nb("backup.download")
    url = button.proto.url
    data = next(store.get_file(Path(url).name).content for store in media if store._files_by_id)
    assert data == backup.read_bytes() and data.startswith(b"SQLite format 3\x00")
    downloaded = tmp_path / "downloaded.sqlite3"
    downloaded.write_bytes(data)
    with sqlite3.connect(downloaded) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert len(copy.execute("SELECT username FROM users").fetchall()) == len(users)
    copy.close()

    with read_session(app_engine) as session:
        event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "backup.made")).one()
        assert event.actor_name == "admin" and event.after["bytes"] == size
        assert event.after["file"] == backup.name and event.after["integrity"] == "ok"


def test_a_backup_that_cannot_be_written_shows_why_and_offers_no_download(users, app_engine, tmp_path):
    (tmp_path / "backups").write_text("a file where the folder should be")
    at = _backup_tab()
    at.button(key="backup_make").click()
    at.run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith(_nb("error.backup_failed", reason="")[:20])
    assert not at.get("download_button")
    with read_session(app_engine) as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "backup.made")) == 0
