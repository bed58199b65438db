"""Files to download, built only when the user clicks: the Excel/CSV button pair and the builder."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from osloreg.db import read_session
from osloreg.ui.kit.session import engine, language, t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def deferred_file(build: Callable[[Session, str], bytes]) -> Callable[[], bytes]:
    """The function a download button calls to make its file: `build(session, language)`. Streamlit
    calls it on another thread, where there is no session state, so the engine and the language are
    taken now; the session opens (and reads) only when the file is made."""
    engine_, language_ = engine(), language()

    def make() -> bytes:
        with read_session(engine_) as session:
            return build(session, language_)

    return make


def export_buttons(
    file_stem: str, build: Callable[[str], Callable[[], bytes]], *, disabled: bool, key: str
) -> None:
    """ "Download Excel" and "Download CSV" side by side. `build(kind)` ("xlsx" or "csv") returns the
    function that makes the file, which Streamlit calls only when the button is clicked."""
    for column, kind, mime in zip(st.columns(2), ("xlsx", "csv"), (XLSX_MIME, "text/csv"), strict=True):
        column.download_button(
            t(f"export.{kind}"),
            data=build(kind),
            file_name=f"{file_stem}.{kind}",
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
            disabled=disabled,
            key=f"{key}_{kind}",
        )
