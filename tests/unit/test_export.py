"""Excel and CSV exports: what a user opening the file would see."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd

from osloreg.export import sheet_names, to_csv, to_excel


def decisions_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "decision_id": [1, 2],
            "decided_at": [dt.datetime(2024, 6, 12, 10, 30), None],
            "title": ["=1+1", "Råd om næringsutvikling"],
            "rationale": ["+47 99 99 99 99", "@SUM(A1:A2)"],
            "follow_up_on": [dt.date(2024, 9, 1), None],
            "share": [0.5, 2 / 3],
            "reopened": [True, False],
            "missing": [["Follo", "Oslo"], []],
        }
    )


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_excel_round_trips_with_a_sheet_per_name():
    frames = {"Beslutninger": decisions_frame(), "Oppfølging": pd.DataFrame({"advice_id": [7]})}

    workbook = open_workbook(to_excel(frames))

    assert workbook.sheetnames == ["Beslutninger", "Oppfølging"]
    sheet = workbook["Beslutninger"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(decisions_frame().columns)
    assert rows[1][0] == 1 and rows[1][2] == "=1+1"
    assert rows[2][2] == "Råd om næringsutvikling"
    assert rows[1][5] == 0.5 and rows[1][6] is True
    assert rows[1][7] == "Follo, Oslo"
    assert rows[2][1] is None and rows[2][4] is None  # missing values are empty cells
    assert sheet["A1"].font.bold
    assert list(workbook["Oppfølging"].iter_rows(values_only=True)) == [("advice_id",), (7,)]


def test_excel_keeps_text_that_looks_like_a_formula_as_text():
    sheet = open_workbook(to_excel({"Ark": decisions_frame()}))["Ark"]

    for cell in (sheet["C2"], sheet["D2"], sheet["D3"]):
        assert cell.data_type == "s", cell.value  # a string, not a formula ("f")
    assert (sheet["C2"].value, sheet["D2"].value, sheet["D3"].value) == (
        "=1+1",
        "+47 99 99 99 99",
        "@SUM(A1:A2)",
    )


def test_excel_writes_dates_as_dates_with_norwegian_formats():
    sheet = open_workbook(to_excel({"Ark": decisions_frame()}))["Ark"]

    assert sheet["B2"].value == dt.datetime(2024, 6, 12, 10, 30)
    assert sheet["B2"].number_format == "dd.mm.yyyy hh:mm"
    assert sheet["E2"].value == dt.datetime(2024, 9, 1)  # openpyxl reads every Excel date as a datetime
    assert sheet["E2"].number_format == "dd.mm.yyyy"
    timestamps = pd.DataFrame({"at": pd.to_datetime(["2024-06-12 08:00"]).tz_localize("Europe/Oslo")})
    assert open_workbook(to_excel({"Ark": timestamps}))["Ark"]["A2"].value == dt.datetime(2024, 6, 12, 8)


def test_excel_sizes_columns_to_their_contents():
    frame = pd.DataFrame({"id": [1], "rationale": ["x" * 40], "long": ["y" * 500]})

    sheet = open_workbook(to_excel({"Ark": frame}))["Ark"]

    widths = {key: sheet.column_dimensions[key].width for key in "ABC"}
    assert widths["A"] < widths["B"] < widths["C"] <= 61


def test_sheet_names_are_made_acceptable_to_excel():
    names = sheet_names(["Beslutninger 2024/25: [alle]?", "x" * 40, "x" * 40, "", "History", "Ark", "ARK"])

    assert names[0] == "Beslutninger 2024_25_ _alle__"
    assert all(len(name) <= 31 for name in names)
    assert names[1] == "x" * 31 and names[2] == "x" * 27 + " (2)"
    assert names[3] == "Ark4"
    assert names[4] == "History_"
    assert names[5] == "Ark" and names[6] == "ARK (2)"
    workbook = open_workbook(to_excel({name: pd.DataFrame({"a": [1]}) for name in ["a/b", "a\\b", "a*b"]}))
    assert workbook.sheetnames == ["a_b", "a_b (2)", "a_b (3)"]


def test_an_empty_frame_gives_a_header_row():
    sheet = open_workbook(to_excel({"Tom": pd.DataFrame(columns=["id", "title"])}))["Tom"]

    assert list(sheet.iter_rows(values_only=True)) == [("id", "title")]


def test_csv_starts_with_the_byte_order_mark_and_uses_semicolons():
    data = to_csv(decisions_frame())

    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header == "decision_id;decided_at;title;rationale;follow_up_on;share;reopened;missing"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[2][2] == "Råd om næringsutvikling"
    assert rows[1][5] == "0,5"  # decimal comma for Norwegian Excel
    assert rows[1][1] == "2024-06-12 10:30" and rows[1][4] == "2024-09-01"
    assert rows[1][7] == "Follo, Oslo"


def test_csv_defuses_text_that_would_run_as_a_formula():
    rows = list(csv.reader(io.StringIO(to_csv(decisions_frame()).decode("utf-8-sig")), delimiter=";"))

    assert rows[1][2] == "'=1+1"
    assert rows[1][3] == "'+47 99 99 99 99"
    assert rows[2][3] == "'@SUM(A1:A2)"
    assert rows[1][0] == "1"  # numbers are left alone


def test_csv_leaves_the_frame_it_was_given_unchanged():
    frame = decisions_frame()

    to_csv(frame)

    assert frame["title"].iloc[0] == "=1+1"
