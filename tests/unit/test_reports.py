"""Exports of the project pipeline: what a coordinator opening the Excel or CSV file would see."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from osloreg.queries.projects import EXPORT_COLUMNS
from osloreg.reports import pipeline_csv, pipeline_workbook

EXPORTED_ON = dt.date(2024, 5, 15)
GROUP = "Faggruppe for næringssamarbeid"
FILTERS = [("Faggruppe", GROUP)]
NB_SHEETS = ["Sammendrag", "Idé", "Planlagt", "Pågår", "Fullført", "På pause", "Avbrutt"]
EN_STATUSES = ["Idea", "Planned", "Ongoing", "Completed", "Paused", "Cancelled"]
NB_HEADINGS = (
    "Tittel",
    "Status",
    "Faggruppe",
    "Prosjekteier",
    "Start",
    "Slutt",
    "Fremdrift",
    "Partnere",
    "Eksterne partnere",
    "Delmål",
    "Faggruppen orientert",
    "Innspillsrunde (råd)",
    "Kvalitetssikret",
    "Milepæler over fristen",
    "Neste milepæl",
    "Kilde",
    "Kildehenvisning",
)


def project(id, title, status, *, start_on=None, progress=0, basis="sourced"):
    values = {
        "id": id,
        "title": title,
        "status": status,
        "body": GROUP,
        "owner": "Åse Ødegård",
        "start_on": start_on,
        "end_on": None,
        "progress": progress,
        "partners": "Asker, Bærum",
        "outside_partners": None,
        "points": "1.2",
        "informed_on": dt.date(2024, 1, 10),
        "input_round": None,
        "quality_assured_on": None,
        "overdue_milestones": 0,
        "next_milestone": None,
        "basis": basis,
        "source": None,
    }
    return tuple(values[name] for name in EXPORT_COLUMNS)


def pipeline_rows():
    return pd.DataFrame(
        [
            project(1, "=SUM(A1:A9)", "ongoing", start_on=dt.date(2024, 2, 1), progress=40),
            project(2, "Grønn næringsutvikling på Øvre Romerike", "ongoing", start_on=dt.date(2024, 3, 1)),
            project(3, "Kompetanseløft for små bedrifter", "idea", basis="uncertain"),
        ],
        columns=EXPORT_COLUMNS,
    )


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def norwegian_workbook() -> openpyxl.Workbook:
    return open_workbook(pipeline_workbook(pipeline_rows(), "nb", filters=FILTERS, exported_on=EXPORTED_ON))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")


# --- Excel ----------------------------------------------------------------------------------------


def test_the_workbook_has_the_summary_first_then_a_sheet_per_status_in_the_pipelines_order():
    data = pipeline_workbook(pipeline_rows(), "nb", filters=FILTERS, exported_on=EXPORTED_ON)

    assert data.startswith(b"PK")  # an .xlsx file is a zip archive
    assert open_workbook(data).sheetnames == NB_SHEETS


def test_the_summary_counts_the_projects_per_status_and_in_total():
    workbook = norwegian_workbook()

    counts = {label: count for label, count in rows_of(workbook["Sammendrag"])[1:8]}
    assert counts == {
        "Idé": 1,
        "Planlagt": 0,
        "Pågår": 2,
        "Fullført": 0,
        "På pause": 0,
        "Avbrutt": 0,
        "Totalt": 3,
    }
    assert rows_of(workbook["Sammendrag"])[0] == ("Status", "Antall")


def test_the_summary_names_the_filters_and_the_day_of_the_export():
    workbook = norwegian_workbook()

    summary = rows_of(workbook["Sammendrag"])
    assert ("Faggruppe", GROUP) in summary
    assert ("Eksportert", dt.datetime(2024, 5, 15)) in summary  # openpyxl reads Excel dates as datetimes


def test_the_summary_of_an_unfiltered_export_says_it_holds_every_project():
    workbook = open_workbook(pipeline_workbook(pipeline_rows(), "nb", filters=[], exported_on=EXPORTED_ON))

    assert ("Filtre", "Ingen (alle prosjekter)") in rows_of(workbook["Sammendrag"])


def test_a_status_sheet_holds_exactly_that_statuss_projects_in_words():
    workbook = norwegian_workbook()

    ongoing = rows_of(workbook["Pågår"])
    assert ongoing[0] == NB_HEADINGS
    assert [row[0] for row in ongoing[1:]] == [
        "=SUM(A1:A9)",
        "Grønn næringsutvikling på Øvre Romerike",
    ]
    assert {row[1] for row in ongoing[1:]} == {"Pågår"}
    assert ongoing[1][2:4] == (GROUP, "Åse Ødegård")
    assert ongoing[1][4] == dt.datetime(2024, 2, 1) and ongoing[1][6] == 40
    assert ongoing[1][15] == "dokumentert"
    idea = rows_of(workbook["Idé"])
    assert [row[:2] for row in idea[1:]] == [("Kompetanseløft for små bedrifter", "Idé")]
    assert idea[1][15] == "usikker"


def test_a_status_without_projects_gets_a_sheet_with_only_the_headings():
    workbook = norwegian_workbook()

    for name in ("Planlagt", "Fullført", "På pause", "Avbrutt"):
        assert rows_of(workbook[name]) == [NB_HEADINGS], name


def test_a_title_that_looks_like_a_formula_is_stored_as_text():
    workbook = norwegian_workbook()

    cell = workbook["Pågår"]["A2"]
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.value.startswith("=")


def test_an_english_workbook_has_english_sheets_and_headings():
    workbook = open_workbook(pipeline_workbook(pipeline_rows(), "en", filters=[], exported_on=EXPORTED_ON))

    assert workbook.sheetnames == ["Summary", *EN_STATUSES]
    summary = rows_of(workbook["Summary"])
    assert summary[0] == ("Status", "Count")
    assert ("Ongoing", 2) in summary and ("Total", 3) in summary
    assert ("Filters", "None (every project)") in summary
    ongoing = rows_of(workbook["Ongoing"])
    assert ongoing[0][:3] == ("Title", "Status", "Group")
    assert {row[1] for row in ongoing[1:]} == {"Ongoing"}


# --- CSV ------------------------------------------------------------------------------------------


def test_the_csv_is_for_norwegian_excel_with_translated_headings():
    data = pipeline_csv(pipeline_rows(), "nb")

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == ";".join(NB_HEADINGS)
    table = read_csv(data)
    assert tuple(table.columns) == NB_HEADINGS
    assert "id" not in table.columns


def test_the_csv_holds_every_project_with_status_and_basis_in_words():
    table = read_csv(pipeline_csv(pipeline_rows(), "nb"))

    assert list(table["Status"]) == ["Pågår", "Pågår", "Idé"]
    assert list(table["Kilde"]) == ["dokumentert", "dokumentert", "usikker"]
    assert table.loc[1, "Tittel"] == "Grønn næringsutvikling på Øvre Romerike"
    assert table.loc[0, "Faggruppe"] == GROUP and table.loc[0, "Prosjekteier"] == "Åse Ødegård"
    assert table.loc[0, "Start"] == "2024-02-01" and table.loc[0, "Fremdrift"] == 40


def test_the_csv_defuses_a_title_that_would_run_as_a_formula():
    table = read_csv(pipeline_csv(pipeline_rows(), "nb"))

    assert table.loc[0, "Tittel"] == "'=SUM(A1:A9)"


def test_an_english_csv_has_english_headings_and_statuses():
    table = read_csv(pipeline_csv(pipeline_rows(), "en"))

    assert list(table.columns[:3]) == ["Title", "Status", "Group"]
    assert list(table["Status"]) == ["Ongoing", "Ongoing", "Idea"]
