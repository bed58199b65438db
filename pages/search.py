"""Søk: one search over every kind of record (?q=...), each hit linking to its record."""

from __future__ import annotations

from osloreg import ui
from osloreg.ui.search import view

user = ui.require_page("search")
view.render(user)
