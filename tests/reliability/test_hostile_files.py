"""Hostile files at the document upload (wrong type, too large, malformed): refused in words, nothing kept.

What osloreg.filetypes promises (its sniff docstring): the type is read from the bytes, never the name,
and a renamed program, a web page, an SVG, an archive that is none of the kinds and a truncated file
are refused; a ZIP-based file is judged by its central directory within fixed budgets (zip bombs).
It makes no promise about what a PDF or a DOCX of the right kind holds (scripts, links)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import docx
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from osloreg import clock, filetypes, i18n
from osloreg.db import read_session, read_sessions
from osloreg.enums import DocumentKind
from osloreg.models import AuditEvent, Document, DocumentVersion
from osloreg.services import documents
from osloreg.services.base import SYSTEM, DomainError
from tests import factories as f
from tests.integration.services.document_world import EXE, make_document, pdf
from tests.pages.conftest import app_engine, ok, page_test, users  # noqa: F401 - fixtures

BUDGET_S = 5.0
BUDGET_MB = 100  # Python's allocations while one file is checked and refused, beyond the file itself
LIMIT = filetypes.DEFAULT_MAX_BYTES
_MESSAGES = i18n.catalogue()


def real_docx(text: str = "Saksframlegg") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], tuple[str, bytes] | None], *extra) -> bytes:
    """A copy of a ZIP with each member passed through `change` (None leaves it out), then `extra`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            changed = change(info.filename, source.read(info))
            if changed is not None:
                target.writestr(changed[0], changed[1])
        for name, content in extra:
            target.writestr(name, content)
    return out.getvalue()


def macro_docm() -> bytes:
    """A Word file with a macro project: its main part says macroEnabled, and vbaProject.bin is in it."""
    docx_main = b"wordprocessingml.document.main+xml"

    def change(name: str, content: bytes):
        if name == "[Content_Types].xml":
            content = content.replace(docx_main, b"ms-word.document.macroEnabled.main+xml")
        return name, content

    return _rezip(real_docx(), change, ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 512))


def zip_bomb_docx() -> bytes:
    """A DOCX whose members unpack to more than filetypes.MAX_UNPACKED (1 MB of zeros packs to 1 KB)."""
    members = filetypes.MAX_UNPACKED // filetypes.MB + 1
    zeros = b"\x00" * filetypes.MB
    return _rezip(
        real_docx(),
        lambda name, content: (name, content),
        *((f"word/media/{i}.bin", zeros) for i in range(members)),
    )


def entries_bomb_docx() -> bytes:
    """A DOCX with more members than any document has (filetypes.MAX_ENTRIES + 1)."""
    return _rezip(
        real_docx(),
        lambda name, content: (name, content),
        *((f"x/{i}", b"") for i in range(filetypes.MAX_ENTRIES)),
    )


def pdf_of(size: int) -> bytes:
    """A PDF (as filetypes reads one) of exactly `size` bytes."""
    head, tail = b"%PDF-1.4\n%", b"\ntrailer<<>>\n%%EOF\n"
    return head + b"x" * (size - len(head) - len(tail)) + tail


@functools.cache
def hostile_files() -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, bytes, the refusal's catalogue key)."""
    whole = real_docx()
    return {
        "program renamed .pdf": ("rapport.pdf", EXE, "error.file_type"),
        "web page renamed .pdf": (
            "rapport.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>",
            "error.file_type",
        ),
        "SVG with script": (
            "kart.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
            "error.file_type",
        ),
        "Word file with macros renamed .docx": ("notat.docx", macro_docm(), "error.file_type"),
        "zip bomb DOCX (over 500 MB unpacked)": ("notat.docx", zip_bomb_docx(), "error.file_type"),
        "DOCX of 5,001 members": ("notat.docx", entries_bomb_docx(), "error.file_type"),
        "DOCX that is no zip": ("notat.docx", b"PK\x03\x04" + b"\x00" * 200, "error.file_type"),
        "DOCX cut in half": ("notat.docx", whole[: len(whole) // 2], "error.file_type"),
        "PDF cut short": ("notat.pdf", pdf("Saksframlegg")[:-8], "error.file_type"),
        "empty file": ("notat.pdf", b"", "error.file_empty"),
        "PDF of the limit + 1 byte": ("stor.pdf", pdf_of(LIMIT + 1), "error.file_too_large"),
    }


def _kept(session: Session) -> tuple[int, int, int]:
    counts = tuple(
        session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Document, DocumentVersion, AuditEvent)
    )
    session.rollback()
    return counts


def _measured(call: Callable[[], object]) -> tuple[DomainError | None, float, float]:
    """(the refusal or None, seconds, peak MB of Python allocations) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
        refusal = None
    except DomainError as error:
        refusal = error
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / filetypes.MB
    tracemalloc.stop()
    return refusal, seconds, peak


def _in_words(refusal: DomainError) -> tuple[str, str]:
    texts = _MESSAGES.get(refusal.key)
    assert texts is not None, f"{refusal.key} is not in the catalogue"
    return tuple(i18n.translate(refusal.key, language, **refusal.params) for language in ("nb", "en"))


def test_hostile_files_are_refused_in_words_and_nothing_is_kept(engine: Engine, figures):
    with read_sessions(engine)() as session:
        case = f.make_case(session, year=2031, number=1)
        existing = make_document(session, case_id=case.id)
        session.commit()
        case_id, document_id, version = case.id, existing.id, existing.version
        before = _kept(session)
        lines, wrong, slowest, heaviest = [], [], 0.0, 0.0
        for name, (filename, content, key) in hostile_files().items():
            calls = {
                "add_document": lambda filename=filename, content=content: documents.add_document(
                    session,
                    actor=SYSTEM,
                    kind=DocumentKind.CASE_PAPER,
                    title="Saksframlegg",
                    filename=filename,
                    content=content,
                    case_id=case_id,
                ),
                "add_version": lambda filename=filename, content=content: documents.add_version(
                    session,
                    actor=SYSTEM,
                    document_id=document_id,
                    expected_version=version,
                    filename=filename,
                    content=content,
                ),
            }
            for service, call in calls.items():
                refusal, seconds, peak = _measured(call)
                session.rollback()
                above = peak - len(content) / filetypes.MB * 2  # the upload and the service's copy of it
                slowest, heaviest = max(slowest, seconds), max(heaviest, above)
                if refusal is None or refusal.key != key:
                    wrong.append(f"{name} via {service}: {refusal.key if refusal else 'stored'}")
                    continue
                nb, en = _in_words(refusal)
                assert nb != refusal.key and en != refusal.key and nb != en
                assert seconds < BUDGET_S and above < BUDGET_MB, (name, service, seconds, above)
                assert _kept(session) == before, f"{name} via {service}: something was kept"
            lines.append(f"{name} {len(content) / 1024:,.0f} KB -> {key}")
        assert wrong == []
    figures.record(
        f"{engine.dialect.name}: {len(hostile_files())} hostile files x add_document/add_version = "
        f"{2 * len(hostile_files())} refused in words (nb+en), 0 documents, versions or audit events kept; "
        f"slowest {slowest:.2f} s, peak +{heaviest:.1f} MB beyond the file (budget {BUDGET_S:.0f} s, "
        f"{BUDGET_MB} MB): " + "; ".join(lines)
    )


def test_the_limit_is_the_limit_and_the_refusal_says_by_how_much(sqlite_engine: Engine, figures):
    """A file of exactly the limit is stored; one byte more is refused, and the message's two numbers
    tell the user why (the file's size shown larger than the largest allowed)."""
    with read_sessions(sqlite_engine)() as session:
        case = f.make_case(session, year=2031, number=1)
        session.commit()
        stored_id = documents.add_document(
            session,
            actor=SYSTEM,
            kind=DocumentKind.CASE_PAPER,
            title="Stor",
            filename="stor.pdf",
            content=pdf_of(LIMIT),
            case_id=case.id,
        ).id
        with pytest.raises(DomainError) as refused:
            documents.add_document(
                session,
                actor=SYSTEM,
                kind=DocumentKind.CASE_PAPER,
                title="For stor",
                filename="stor.pdf",
                content=pdf_of(LIMIT + 1),
                case_id=case.id,
            )
    nb, en = _in_words(refused.value)
    size, largest = (float(number) for number in re.findall(r"\d+(?:[.,]\d+)?", en)[:2])
    assert size > largest, en
    figures.record(
        f"{LIMIT:,} bytes stored (document {stored_id}); {LIMIT + 1:,} bytes refused: {en!r} / {nb!r}"
    )


UPLOADED = ("program renamed .pdf", "SVG with script", "zip bomb DOCX (over 500 MB unpacked)", "empty file")


def test_the_upload_form_refuses_hostile_files_in_words(app_engine, users, figures):  # noqa: F811
    with read_session(app_engine) as session:
        board = f.make_body(session, name="Styret", kind="board")
        meeting = f.make_meeting(
            session, body=board, starts_at=f.at(clock.oslo_today() + dt.timedelta(days=7))
        )
        session.commit()
        meeting_id = meeting.id
        before = _kept(session)
    shown = []
    for name in UPLOADED:
        filename, content, key = hostile_files()[name]
        at = page_test("pages/calendar.py", username="koordinator")
        at.query_params["meeting"] = str(meeting_id)
        at.run()
        ok(at)
        [title] = [field for field in at.text_input if field.label == "Dokumenttittel"]
        title.input("Årsrapport")
        [uploader] = [field for field in at.file_uploader if field.label == "Fil"]
        uploader.set_value((filename, content, "application/octet-stream"))
        [submit] = [button for button in at.button if button.label == "Last opp"]
        submit.click()
        at.run()
        ok(at)
        errors = [str(element.value) for element in at.error]
        expected = i18n.translate(
            key, "nb", **({"allowed": filetypes.ALLOWED} if key == "error.file_type" else {})
        )
        assert any(expected in error for error in errors), (name, errors)
        shown.append(name)
        with read_session(app_engine) as session:
            assert _kept(session) == before, f"{name}: something was kept"
    figures.record(f"upload form: {len(shown)} hostile files refused with the catalogue's words, 0 kept")
