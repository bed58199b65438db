"""The documents section of a meeting's page: a viewer never gets an exempt file, a wrong file is refused in
words and the form keeps what was typed, a good one is stored; titles show as text, never as markup."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today
from osloreg.db import read_session
from osloreg.models import Document, DocumentVersion
from tests.factories import at, days, make_body, make_meeting
from tests.integration.services.document_world import EXE, make_document, pdf
from tests.pages.conftest import ok, page_test

PAGE = "pages/calendar.py"
SECRET = "Lønnsforhandlinger med direktøren"
HOSTILE = "<b>Fet</b> [klikk](javascript:alert(1))"


def _world(engine: Engine) -> int:
    with read_session(engine) as session:
        board = make_body(session, name="Styret", kind="board")
        meeting = make_meeting(session, body=board, starts_at=at(oslo_today() + days(7)), title="Styremøte")
        make_document(session, meeting_id=meeting.id, title=SECRET, exempt_basis="offentleglova § 13")
        make_document(session, meeting_id=meeting.id, title=HOSTILE)
        session.commit()
        return meeting.id


def _open(username: str, meeting_id: int):
    at_ = page_test(PAGE, username=username)
    at_.query_params["meeting"] = str(meeting_id)
    at_.run()
    ok(at_)
    return at_


def _texts(at_) -> str:
    kinds = ("markdown", "caption", "success", "error", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in at_.get(kind))


def _downloads(at_) -> list[str]:
    return [
        element.proto.id for element in at_.get("download_button") if "document_download" in element.proto.id
    ]


def _counts(engine: Engine) -> tuple[int, int]:
    with read_session(engine) as session:
        return (
            session.scalar(sa.select(sa.func.count()).select_from(Document)),
            session.scalar(sa.select(sa.func.count()).select_from(DocumentVersion)),
        )


def test_a_viewer_sees_that_an_exempt_document_exists_but_gets_neither_its_title_nor_its_file(
    app_engine, users
):
    meeting_id = _world(app_engine)
    viewer = _open("leser", meeting_id)
    texts = _texts(viewer)
    assert "Unntatt offentlighet" in texts and "offentleglova § 13" in texts
    assert SECRET not in texts
    assert len(_downloads(viewer)) == 1  # the public document's only
    assert not [button for button in viewer.button if button.label == "Last opp"]
    coordinator = _open("koordinator", meeting_id)
    assert SECRET in _texts(coordinator)
    assert len(_downloads(coordinator)) == 2
    # The hostile title is shown as text: escaped for markdown, never bold or a link.
    assert "**\\<b\\>Fet\\</b\\> \\[klikk\\]\\(javascript\\:alert\\(1\\)\\)**" in _texts(coordinator)


def _fill(at_, *, title: str, file: tuple[str, bytes, str]) -> None:
    [title_input] = [field for field in at_.text_input if field.label == "Dokumenttittel"]
    title_input.input(title)
    [uploader] = [field for field in at_.file_uploader if field.label == "Fil"]
    uploader.set_value(file)
    [submit] = [button for button in at_.button if button.label == "Last opp"]
    submit.click()
    at_.run()
    ok(at_)


def test_a_wrong_file_is_refused_in_words_and_the_form_keeps_what_was_typed(app_engine, users):
    meeting_id = _world(app_engine)
    before = _counts(app_engine)
    coordinator = _open("koordinator", meeting_id)
    _fill(coordinator, title="Årsrapport 2025", file=("rapport.pdf", EXE, "application/pdf"))
    errors = [str(element.value) for element in coordinator.error]
    assert any("Filtypen er ikke tillatt" in error for error in errors), errors
    assert [field.value for field in coordinator.text_input if field.label == "Dokumenttittel"] == [
        "Årsrapport 2025"
    ]
    assert _counts(app_engine) == before


def test_a_coordinator_uploads_a_pdf_and_it_is_listed_with_its_version(app_engine, users):
    meeting_id = _world(app_engine)
    coordinator = _open("koordinator", meeting_id)
    _fill(
        coordinator,
        title="Saksframlegg om budsjett",
        file=("budsjett.pdf", pdf("Budsjett"), "application/pdf"),
    )
    assert not coordinator.error, [element.value for element in coordinator.error]
    assert "Saksframlegg om budsjett" in _texts(coordinator)
    assert _counts(app_engine) == (3, 3)
