"""Links into one record (?project=12): what the address asks for, read by the one rule for ids."""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from osloreg.rules.ids import parse_id
from osloreg.ui.kit.tables import escape_markdown


@dataclass(frozen=True)
class Requested:
    """The address asks for a record; `id` is None when its value names none (the page then says
    it found nothing, as for an id that does not exist)."""

    id: int | None


def requested(key: str) -> Requested | None:
    """None when the address has no `key` (the page shows its list); else the record it asks for."""
    if key not in st.query_params:
        return None
    return Requested(parse_id(st.query_params.get(key)))


@dataclass(frozen=True)
class DeepLink:
    """A record shown on its list's page when the address names it (?project=12): what the address
    asks for, opening a record, and the way back to the list."""

    key: str

    @property
    def tab_key(self) -> str:
        """The key of the record's tabs: they start afresh at the next record."""
        return f"{self.key}_tab"

    def requested(self) -> Requested | None:
        """The record the address asks for, or None when it asks for none."""
        return requested(self.key)

    def open(self, record_id: int) -> None:
        st.query_params[self.key] = str(record_id)
        st.rerun()

    def link(self, page: str, record_id: int, text: str) -> None:
        """A link that opens a record on `page` (its file, "pages/cases.py"); `text` is shown as text
        (a page link's label is markdown: a title with an image in it would load it)."""
        try:
            st.page_link(
                page,
                label=escape_markdown(text),
                query_params={self.key: str(record_id)},
                icon=":material/link:",
            )
        except StreamlitAPIException:  # the page runs on its own: a relative address works there too
            address = pathlib.PurePosixPath(page).stem
            st.markdown(f"[{escape_markdown(text)}]({address}?{self.key}={int(record_id)})")

    def back(self) -> None:
        """Back to the list, as it was filtered (its selection is gone: the list was not drawn meanwhile)."""
        st.query_params.pop(self.key, None)
        st.session_state.pop(self.tab_key, None)
