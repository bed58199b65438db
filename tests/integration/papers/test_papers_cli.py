"""`meeting notice|minutes ID --format docx|pdf --output FILE`, in process as the other CLI tests run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from osloreg.db import write_session
from osloreg.enums import BodyKind
from tests.cli_runner import runner
from tests.factories import make_agenda_item, make_body, make_case, make_meeting
from tests.papers_reading import docx_blocks, pdf_catalog, pdf_text


@pytest.fixture
def cli(sqlite_engine: Engine, tmp_path: Path):
    return runner(sqlite_engine.url.render_as_string(hide_password=False), tmp_path / "var")


@pytest.fixture
def meeting_id(sqlite_engine: Engine) -> int:
    with write_session(sqlite_engine) as session:
        board = make_body(session, name="Styret", kind=BodyKind.BOARD)
        meeting = make_meeting(session, body=board, starts_at=dt.datetime(2024, 5, 6, 10))
        case = make_case(session, year=2024, number=3, numbered_by=board, title="Budsjett")
        make_agenda_item(session, meeting=meeting, case=case)
        session.commit()
        return meeting.id


def test_the_innkalling_and_protokoll_are_written_in_either_format(cli, meeting_id, tmp_path):
    notice = tmp_path / "innkalling.docx"
    done = cli("meeting", "notice", str(meeting_id), "--format", "docx", "--output", str(notice))
    assert done.returncode == 0, done.stderr
    assert f"written to {notice}" in done.stdout
    assert ("Heading 3", "Sak 3/24 Budsjett") in docx_blocks(notice.read_bytes())
    minutes = tmp_path / "protokoll.pdf"  # the format from the suffix
    done = cli("meeting", "minutes", str(meeting_id), "--output", str(minutes))
    assert done.returncode == 0, done.stderr
    data = minutes.read_bytes()
    assert data.startswith(b"%PDF-") and "/StructTreeRoot" in pdf_catalog(data)
    assert "Møteprotokoll" in pdf_text(data)


def test_an_unknown_meeting_is_exit_1_with_a_sentence(cli, sqlite_engine, tmp_path):
    output = tmp_path / "x.pdf"
    done = cli("meeting", "notice", "424242", "--output", str(output))
    assert done.returncode == 1
    assert done.stderr.strip() == "error: there is no meeting with id 424242"
    assert not output.exists()


def test_a_format_neither_given_nor_in_the_suffix_is_refused(cli, meeting_id, tmp_path):
    done = cli("meeting", "minutes", str(meeting_id), "--output", str(tmp_path / "x.txt"))
    assert done.returncode == 1 and "--format docx or --format pdf" in done.stderr
    done = cli("meeting", "minutes", str(meeting_id), "--format", "odt", "--output", str(tmp_path / "x"))
    assert done.returncode == 2  # argparse
