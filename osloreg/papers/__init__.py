"""Generated meeting papers: the innkalling and the protokoll of a meeting, as DOCX and as PDF/UA."""

from __future__ import annotations

from sqlalchemy.orm import Session

from osloreg.i18n import DEFAULT_LANGUAGE, LANGUAGES
from osloreg.papers.content import MeetingNotFound, minutes_content, notice_content
from osloreg.papers.layout import minutes_paper, notice_paper

__all__ = [
    "MeetingNotFound",
    "minutes_docx",
    "minutes_pdf",
    "notice_docx",
    "notice_pdf",
    "render",
]

PAPERS = ("notice", "minutes")
FORMATS = ("docx", "pdf")


def render(
    session: Session, meeting_id: int, *, paper: str, fmt: str, language: str = DEFAULT_LANGUAGE
) -> bytes:
    """The meeting's innkalling ("notice") or protokoll ("minutes") as "docx" or "pdf" bytes. Reads
    only; raises MeetingNotFound for an unknown meeting."""
    if paper not in PAPERS or fmt not in FORMATS or language not in LANGUAGES:
        raise ValueError(f"no paper {paper!r} as {fmt!r} in {language!r}")
    if paper == "notice":
        layout = notice_paper(notice_content(session, meeting_id, language=language))
    else:
        layout = minutes_paper(minutes_content(session, meeting_id, language=language))
    if fmt == "docx":
        from osloreg.papers.docx import render_docx

        return render_docx(layout)
    from osloreg.papers.pdf import render_pdf

    return render_pdf(layout)


def notice_docx(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    return render(session, meeting_id, paper="notice", fmt="docx", language=language)


def notice_pdf(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    return render(session, meeting_id, paper="notice", fmt="pdf", language=language)


def minutes_docx(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    return render(session, meeting_id, paper="minutes", fmt="docx", language=language)


def minutes_pdf(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> bytes:
    return render(session, meeting_id, paper="minutes", fmt="pdf", language=language)
