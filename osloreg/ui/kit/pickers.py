"""Choosing one record among many: a search field, and a box of the matches (the choice kept)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from osloreg.ui.kit.forms import options_box

# How many matches a search offers at once.
CHOICES = 30
SEARCH_MAX = 100

Options = Callable[[str, int, int | None], Sequence[tuple[int, str]]]


def person_picker(
    key: str,
    options: Options,
    *,
    label: str,
    search_label: str,
    none_label: str,
    default: int | None = None,
) -> int | None:
    """A search field and the people matching it; returns the chosen id (None for `none_label`).
    `options(search, limit, include)` gives (id, name) pairs, always with `include` among them: the
    person chosen so far stays a choice whatever is searched next."""
    search = st.text_input(search_label, max_chars=SEARCH_MAX, key=f"{key}_search")
    chosen = st.session_state.get(key, default)
    matches = list(options(search.strip(), CHOICES, chosen))
    return options_box(label, matches, key=key, none_label=none_label, default=default)
