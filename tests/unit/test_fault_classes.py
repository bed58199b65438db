"""Which failures the app tells apart: a full database from one that does not answer, and a mail
relay's lost line from a refusal of one message."""

from __future__ import annotations

import smtplib
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from osloreg.db import storage_full
from osloreg.mail.transport import _line_lost


def _sqlite_error(pragma: str, statement: str) -> sqlite3.OperationalError:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (b BLOB)")
    connection.execute(pragma)
    try:
        connection.execute(statement)
    except sqlite3.OperationalError as error:
        return error
    finally:
        connection.close()
    raise AssertionError("no error")


def test_a_real_sqlite_full_is_storage_full_and_other_errors_are_not():
    full = _sqlite_error("PRAGMA max_page_count = 2", "INSERT INTO t VALUES (zeroblob(100000))")
    assert "full" in str(full)
    assert storage_full(OperationalError("INSERT", {}, full))
    other = _sqlite_error("PRAGMA max_page_count = 100", "SELECT * FROM missing_table")
    assert not storage_full(OperationalError("SELECT", {}, other))
    assert not storage_full(OperationalError("SELECT", {}, ConnectionRefusedError("refused")))


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("sqlstate", "full"), [("53100", True), ("57P01", False), ("08006", False)])
def test_postgresqls_disk_full_is_storage_full_by_its_sqlstate(sqlstate, full):
    assert storage_full(OperationalError("INSERT", {}, _PgError(sqlstate))) is full


@pytest.mark.parametrize(
    ("error", "lost"),
    [
        (smtplib.SMTPDataError(451, b"try again later"), False),
        (smtplib.SMTPDataError(554, b"relay denied"), False),
        (smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}), False),
        (smtplib.SMTPResponseException(421, b"closing"), True),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (TimeoutError("timed out"), True),
        (TimeoutError("timed out"), True),
        (ConnectionResetError(104, "reset"), True),
    ],
)
def test_a_refused_message_keeps_the_line_and_a_dropped_or_silent_relay_loses_it(error, lost):
    assert _line_lost(error) is lost
