"""Hostile text in every free-text field the services accept, and on every page that shows it.

Storage: each field x payload is either stored exactly as given, or cleaned the documented way
(clean_text: surrounding whitespace trimmed, NFC; in names and titles, invisible characters pasted
along dropped), or refused with a catalogue key that reads in
both languages; never an unhandled exception, never a database error (PostgreSQL refuses NUL in
text), never half-written (a refused call leaves every table as it was).
Rendering: with hostile values in every field, every page and record view runs in AppTest without
an exception and shows them only as text: no live link to javascript:, no raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine

from tests.pages.conftest import page_test
from tests.reliability.hostile_fields import (
    DIRECTION_PAYLOADS,
    FIELDS,
    ONE_LINE_FIELDS,
    PAYLOADS,
    check_field_matrix,
    matrix_summary,
)
from tests.reliability.hostile_pages import (  # noqa: F401 - fixtures
    HOSTILE,
    LIVE_AUTOLINK,
    LIVE_LINK,
    RAW_HTML,
    hostile_db,
    hostile_template,
    live_markup,
    record_ids,
    views,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_field_stores_or_refuses_every_hostile_payload_on_sqlite(sqlite_engine: Engine, figures):
    counts = check_field_matrix(sqlite_engine, PAYLOADS)
    assert counts["checked"] == len(FIELDS) * len(PAYLOADS)
    # Every control character is refused before the database; nothing takes 100,000 characters.
    assert counts["refused:error.control_characters"] >= 3 * (len(FIELDS) - 1)
    assert counts["refused:error.too_long"] >= len(FIELDS) - 1
    assert counts["as_given"] > 0 and counts["cleaned"] > 0
    # Every one-line field refuses both direction payloads and drops what was pasted along with text.
    assert counts["refused:error.invisible_characters"] == len(DIRECTION_PAYLOADS) * len(ONE_LINE_FIELDS)
    # (A person's e-mail address refuses it: it has no @; a user's address is not checked for one.)
    assert counts["invisible_dropped"] == len(ONE_LINE_FIELDS) - 1
    # Each field stores something (the table does reach its column), and refuses what it must.
    assert [field for field in FIELDS if not counts[f"stored:{field}"]] == []
    figures.record(matrix_summary(counts, PAYLOADS))


def test_nul_and_control_characters_never_reach_postgresql(postgres_engine: Engine, figures):
    """PostgreSQL refuses NUL in text with a database error: the services must refuse it first."""
    payloads = {
        name: PAYLOADS[name] for name in ("nul", "bel", "ansi", "rtl", "emoji_zwj", "script", "bidi_isolates")
    }
    counts = check_field_matrix(postgres_engine, payloads)
    assert counts["refused:error.control_characters"] >= 3 * (len(FIELDS) - 1)
    figures.record("PostgreSQL: " + matrix_summary(counts, payloads))


# --- Rendering: hostile values in every field, every page and record view ---------------------------


def test_every_page_shows_hostile_text_as_text(hostile_db: Engine, figures):  # noqa: F811
    # The checks below do catch the hostile text if it were handed to markdown as it was typed.
    assert LIVE_LINK.search(HOSTILE) and LIVE_AUTOLINK.search(HOSTILE) and RAW_HTML.search(HOSTILE)
    ids = record_ids(hostile_db)
    runs, carrying, problems = 0, 0, []
    for page, username, query, tab_keys in views(ids):
        at = page_test(page, username=username)
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        variants = [at]
        labels = [tab.label for tab in at.tabs]
        for key in tab_keys:
            for label in labels:
                tab_run = page_test(page, username=username)
                for name, value in query.items():
                    tab_run.query_params[name] = value
                tab_run.session_state[key] = label
                tab_run.run()
                variants.append(tab_run)
        view = f"{page}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
        view_carrying = 0
        for run in variants:
            runs += 1
            assert not run.exception, (view, [e.value for e in run.exception])
            found, count = live_markup(run)
            problems += [f"{view}: {item}" for item in found]
            view_carrying += count
        assert view_carrying > 0, f"{view} shows none of the hostile text: the check would be vacuous"
        carrying += view_carrying
    figures.record(
        f"{len(views(ids))} pages and record views, {runs} runs (tabs included), 0 exceptions, "
        f"{carrying} strings and cells showing the hostile text, {len(problems)} live links or raw HTML"
    )
    assert problems == []


def test_no_page_code_hands_html_to_streamlit():
    """Raw HTML is never switched on: no unsafe_allow_html=True and no st.html( anywhere."""
    sources = [
        REPO_ROOT / "app.py",
        *(REPO_ROOT / "pages").glob("*.py"),
        *(REPO_ROOT / "osloreg").rglob("*.py"),
    ]
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.html\(", line)
    ]
    assert len(sources) > 20 and offending == []
