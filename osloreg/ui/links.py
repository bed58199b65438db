"""Links into one record (?project=12): what the address asks for, read by the one rule for ids."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from osloreg.rules.ids import parse_id


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
