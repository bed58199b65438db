"""Excel and CSV exports of DataFrames: pure (no Streamlit), safe against formula injection."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from numbers import Integral, Real

import pandas as pd
import xlsxwriter

# A cell that starts with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX = 8, 60
_WIDTH_SAMPLE_ROWS = 500
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> object:
    """Python values for a cell: None for missing, text for lists, naive datetimes for timestamps."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        return value.item()
    return value


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, not empty, unique (ignoring case)."""
    chosen: list[str] = []
    taken: set[str] = set()
    for index, name in enumerate(names, start=1):
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'") or f"Ark{index}"
        if base.lower() == "history":  # reserved by Excel
            base += "_"
        candidate, n = base[:SHEET_NAME_MAX], 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(candidate.lower())
        chosen.append(candidate)
    return chosen


def _cell_values(series: pd.Series) -> list[object]:
    """The column as plain Python values (None where missing), converted once per column."""
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        return [None if _missing(value) else value.to_pydatetime() for value in series]
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return [None if _missing(value) else value for value in series.astype(object).tolist()]
    return [_plain(value) for value in series.tolist()]


def _write_cell(sheet, row: int, col: int, value: object, formats: dict[str, object]) -> None:
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, Integral | Real):
        if isinstance(value, float) and not math.isfinite(value):
            sheet.write_string(row, col, str(value))
        else:
            sheet.write_number(row, col, value)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        # Text is always written as text: never a formula, a number or a link (formula injection).
        sheet.write_string(row, col, str(value))


def to_excel(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with a sheet per frame: bold header row, frozen, with a filter; columns
    sized to their contents; dates and times as Excel dates; every text written as text, never as a
    formula (a cell "=1+1" shows "=1+1")."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        },
    )
    header = workbook.add_format({"bold": True, "bottom": 1})
    formats = {
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
    }
    for name, data in zip(sheet_names(list(sheets)), sheets.values(), strict=True):
        sheet = workbook.add_worksheet(name)
        for col in range(data.shape[1]):
            title = str(data.columns[col])
            sheet.write_string(0, col, title, header)
            values = _cell_values(data.iloc[:, col])
            width = max([len(title)] + [len(_display(value)) for value in values[:_WIDTH_SAMPLE_ROWS]])
            sheet.set_column(col, col, min(max(width + 2, COLUMN_WIDTH_MIN), COLUMN_WIDTH_MAX))
            for row, value in enumerate(values, start=1):
                if value is not None:
                    _write_cell(sheet, row, col, value, formats)
        sheet.freeze_panes(1, 0)
        if data.shape[1]:
            sheet.autofilter(0, 0, max(len(data), 1), data.shape[1] - 1)
    workbook.close()
    return buffer.getvalue()


def _defused(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    value = _plain(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Norwegian Excel: UTF-8 with a byte order mark, ';' between fields, decimal comma,
    ISO dates, and text that would run as a formula prefixed with an apostrophe."""
    safe = frame.reset_index(drop=True)
    for position in range(safe.shape[1]):
        series = safe.iloc[:, position]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue  # numbers, booleans and datetimes cannot carry a formula
        safe.isetitem(position, pd.Series([_defused(value) for value in series], dtype=object))
    text = safe.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n", date_format="%Y-%m-%d %H:%M")
    return text.encode("utf-8-sig")
