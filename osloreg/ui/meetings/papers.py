"""The innkalling and the protokoll of a meeting as Word and PDF files, generated when the user clicks."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from osloreg import papers
from osloreg.queries.meetings import MeetingDetail
from osloreg.ui.kit import downloads
from osloreg.ui.kit.session import t

FORMATS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ":material/description:",
    ),
    "pdf": ("application/pdf", ":material/picture_as_pdf:"),
}
NAMES = {"notice": "papers.file.notice", "minutes": "papers.file.minutes"}


def _file(meeting_id: int, paper: str, fmt: str):
    def build(session: Session, language: str) -> bytes:
        return papers.render(session, meeting_id, paper=paper, fmt=fmt, language=language)

    return downloads.deferred_file(build)


def paper_buttons(detail: MeetingDetail, paper: str) -> None:
    """ "Innkalling (Word)" and "Innkalling (PDF)" (or the protokoll's), side by side: the paper as the
    data stand now, in the user's language; what was sent or approved is kept among the documents."""
    stem = f"{t(NAMES[paper])}-{detail.starts_at:%Y-%m-%d}"
    for column, (fmt, (mime, icon)) in zip(st.columns(2), FORMATS.items(), strict=True):
        column.download_button(
            t(f"meeting.paper.{paper}.{fmt}"),
            data=_file(detail.id, paper, fmt),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"meeting_paper_{paper}_{fmt}",
        )
