"""Every page over the demo data: a fact's basis shows in words, no source reads as a file path, and no
empty cell of a table reads "None"."""

from __future__ import annotations

import re

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.clock import oslo_today as today
from osloreg.db import read_session
from osloreg.demo import DEMO_USERS, load_demo
from osloreg.models import Body, Case, Meeting, Project
from tests.pages.conftest import page_test

FILE_PATH = re.compile(r"[\w.-]+/[\w./-]*\.(?:ya?ml|py|csv|json)\b|db/seed")
PAGES = ("overview", "pipeline", "cases", "calendar", "coverage", "decisions", "advice", "input", "admin")


def WORLD(engine: Engine) -> None:  # noqa: N802 - the name `world` in tests/pages/conftest.py looks for
    """The demo data, built once per module."""
    load_demo(engine, today=today())


def _run(page: str, username: str, **query: int):
    at = page_test(f"pages/{page}.py", username=username)
    for name, value in query.items():
        at.query_params[name] = str(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    """Everything a reader sees in words: text elements, metrics and the cells of every table."""
    kinds = (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
        "text",
    )
    parts = [str(element.value) for kind in kinds for element in at.get(kind)]
    parts += [f"{metric.label} {metric.value}" for metric in at.metric]
    for table in at.dataframe:
        frame = table.value
        if isinstance(frame, pd.DataFrame):
            parts += [str(value) for value in frame.astype(str).to_numpy().ravel()]
    # Captions escape markdown ("Kilde\\: ..."): read them as the reader does.
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def _english_empty_cells(at) -> list[str]:
    """The tables whose empty cells read "None", Streamlit's word when a table names none of its own
    (each named by its first column)."""
    english = []
    for table in at.dataframe:
        frame = table.value
        shown = table.proto.placeholder if table.proto.HasField("placeholder") else "None"
        if isinstance(frame, pd.DataFrame) and frame.isna().to_numpy().any() and shown == "None":
            english.append(str(frame.columns[0]))
    return english


def _id(engine: Engine, statement) -> int:
    with read_session(engine) as session:
        return session.scalars(statement).first()


def _detail_pages(engine: Engine) -> list[tuple[str, dict[str, int]]]:
    real_project = _id(engine, sa.select(Project.id).where(Project.title == "#ProjectOsloRegion"))
    made_up_project = _id(engine, sa.select(Project.id).where(Project.basis == "illustrative"))
    case_48_20 = _id(engine, sa.select(Case.id).where(Case.reg_year == 2020, Case.reg_number == 48))
    board_meeting = _id(
        engine,
        sa.select(Meeting.id)
        .join(Body)
        .where(Body.name == "Styret", sa.func.date(Meeting.starts_at) == "2020-09-11"),
    )
    return [
        ("pipeline", {"project": real_project}),
        ("pipeline", {"project": made_up_project}),
        ("cases", {"case": case_48_20}),
        ("calendar", {"meeting": board_meeting}),
    ]


def test_no_page_shows_a_source_as_a_file_path_or_in_english(world):
    seen = 0
    for page in PAGES:
        for username in DEMO_USERS:
            at = _run(page, username)
            text = _texts(at)
            seen += len(text)
            assert not _english_empty_cells(at), (page, username, _english_empty_cells(at))
            assert not FILE_PATH.search(text), (page, username, FILE_PATH.search(text))
            assert "case paper" not in text.lower(), (page, username)
    for page, query in _detail_pages(world):
        at = _run(page, "koordinator", **query)
        text = _texts(at)
        assert not _english_empty_cells(at), (page, query, _english_empty_cells(at))
        assert not FILE_PATH.search(text), (page, query, FILE_PATH.search(text))
        assert "case paper" not in text.lower()
    assert seen > 10_000  # the pages did draw the demo


def test_a_real_projects_status_and_dates_show_their_own_basis(world):
    project = _id(world, sa.select(Project.id).where(Project.title == "#ProjectOsloRegion"))
    text = _texts(_run("pipeline", "koordinator", project=project))
    assert "Kilde: dokumentert – faktagrunnlaget for demoen" in text
    assert "Status – Kilde: usikker · Datoer – Kilde: usikker" in text
    assert "navnet og årene er dokumentert" in text
    assert "2015" in text  # its sourced years, 2013-2015 (test_demo_honesty.py checks the dates)
    brand = _id(
        world, sa.select(Project.id).where(Project.title == "The Oslo Region Brand Management Strategy")
    )
    text = _texts(_run("pipeline", "koordinator", project=brand))
    assert "Avbrutt" not in text and "Status – Kilde: fiktiv (demo)" in text


def test_a_made_up_project_says_it_is_made_up_once(world):
    project = _id(world, sa.select(Project.id).where(Project.basis == "illustrative"))
    text = _texts(_run("pipeline", "koordinator", project=project))
    assert "Kilde: fiktiv (demo)" in text and "Status – " not in text


def test_the_sourced_board_meeting_says_its_time_of_day_is_made_up(world):
    meeting = _id(
        world,
        sa.select(Meeting.id)
        .join(Body)
        .where(Body.name == "Styret", sa.func.date(Meeting.starts_at) == "2020-09-11"),
    )
    text = _texts(_run("calendar", "koordinator", meeting=meeting))
    assert "Kilde: dokumentert – Saksframlegg 48/20 · klokkeslettet er fiktivt" in text


def test_case_48_20_names_its_case_paper_in_words(world):
    case = _id(world, sa.select(Case.id).where(Case.reg_year == 2020, Case.reg_number == 48))
    text = _texts(_run("cases", "koordinator", case=case))
    assert "Saksframlegg 48/20" in text
    assert "Øyvind Såtvedt" in text  # saksansvarlig of the real case, as the paper says


def test_the_director_is_not_shown_as_deciding_anything(world):
    text = _texts(_run("decisions", "direktor"))
    assert "Såtvedt" not in text and "Bryhni" not in text and "Vaskinn" not in text


def test_the_calendar_marks_the_made_up_time_of_a_sourced_meeting(world):
    """September 2020: the board's meeting of 11.09.2020 is sourced, its 10:00 is not; the list says so
    beside the time and the month grid shows no hour for it."""
    at = page_test("pages/calendar.py", username="koordinator")
    at.session_state["calendar_month"] = (2020, 9)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listing = at.dataframe[0].value
    board = list(listing[listing["body"] == "Styret"]["when"])
    assert "11.09.2020 kl. 10:00 (klokkeslett fiktivt)" in board
    # The demo's made-up meetings are fictional as a whole: their times carry no such remark.
    assert all("fiktivt" not in when for when in board if not when.startswith("11.09.2020"))
    grid = "\n".join(str(element.value) for element in at.markdown)
    # One sourced meeting this month: its cell names the board with no hour, and only it is marked.
    assert "Styret :gray[(klokkeslett fiktivt)]" in grid and grid.count("klokkeslett fiktivt") == 1
