"""Streamlit's own widget texts are English ("Choose an option", "Choose options") and cannot be
translated (streamlit/streamlit#1353); where the app can give the text itself, it does: every select box
and multiselect in the UI passes its own placeholder, from the catalogue."""

from __future__ import annotations

import ast
import pathlib

UI = pathlib.Path("osloreg/ui")
PICKERS = {"selectbox", "multiselect"}


def _calls_without_placeholder() -> tuple[int, list[str]]:
    found, missing = 0, []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in PICKERS:
                continue
            found += 1
            if not any(keyword.arg in ("placeholder", None) for keyword in node.keywords):
                missing.append(f"{path}:{node.lineno} {node.func.attr}")
    return found, missing


def test_every_select_box_has_its_own_placeholder():
    found, missing = _calls_without_placeholder()
    assert found >= 20  # the UI's select boxes were found at all
    assert missing == []
