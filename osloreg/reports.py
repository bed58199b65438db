"""The project pipeline for people: codes in words, headings in the reader's language; its exports (a
summary sheet and a sheet per status in Excel, or one table in CSV) and the projects that need
attention (the pipeline's tab and the overview). Pure: no Streamlit, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from osloreg import clock, export, i18n
from osloreg.queries.projects import EXPORT_COLUMNS
from osloreg.rules import projects as rules
from osloreg.sources import describe_source

# The export's columns, in order: the query's, without the id.
PIPELINE_COLUMNS = tuple(name for name in EXPORT_COLUMNS if name != "id")
# The attention listing's columns for people, in order, with the catalogue key of each heading; the
# title and the reasons get the room.
ATTENTION_HEADINGS = {
    "title": "pipeline.col.title",
    "status_text": "pipeline.col.status",
    "body": "pipeline.col.body",
    "start": "pipeline.col.start_on",
    "last_change": "pipeline.col.last_change",
    "why": "pipeline.col.reasons",
    "basis_text": "pipeline.col.basis",
}
ATTENTION_WIDE = frozenset({"title", "why"})


def pipeline_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The rows of queries.projects.pipeline_rows for people: status and basis in words, headings
    translated."""
    table = rows.loc[:, list(PIPELINE_COLUMNS)].copy()
    table["status"] = [i18n.translate(f"project_status.{value}", language) for value in table["status"]]
    table["basis"] = [i18n.translate(f"basis.{value}", language) for value in table["basis"]]
    if "source" in table:
        table["source"] = [describe_source(value, language) or None for value in table["source"]]
    headings = {name: i18n.translate(f"pipeline.col.{name}", language) for name in PIPELINE_COLUMNS}
    return table.rename(columns=headings)


def pipeline_summary(
    rows: pd.DataFrame, language: str, *, filters: Sequence[tuple[str, str]], exported_on: dt.date
) -> pd.DataFrame:
    """How many projects per status, the total, the filters that were applied and the day."""
    status_key = "pipeline.col.status"
    counts = rows["status"].value_counts()
    records: list[tuple[str, object]] = [
        (i18n.translate(f"project_status.{status}", language), int(counts.get(status, 0)))
        for status in rules.ORDER
    ]
    records.append((i18n.translate("pipeline.export.total", language), len(rows)))
    records.append(("", None))
    if filters:
        records += [(label, value) for label, value in filters]
    else:
        records.append(
            (
                i18n.translate("pipeline.export.filters", language),
                i18n.translate("pipeline.export.no_filters", language),
            )
        )
    records.append((i18n.translate("pipeline.export.exported", language), exported_on))
    heading = (i18n.translate(status_key, language), i18n.translate("pipeline.export.count", language))
    return pd.DataFrame(records, columns=list(heading))


def pipeline_workbook(
    rows: pd.DataFrame, language: str, *, filters: Sequence[tuple[str, str]], exported_on: dt.date
) -> bytes:
    """An .xlsx workbook: the summary first, then a sheet per status (every status, empty or not),
    each in the list's order."""
    sheets = {
        i18n.translate("pipeline.export.summary", language): pipeline_summary(
            rows, language, filters=filters, exported_on=exported_on
        )
    }
    for status in rules.ORDER:
        name = i18n.translate(f"project_status.{status}", language)
        sheets[name] = pipeline_table(rows[rows["status"] == status], language)
    return export.to_excel(sheets)


def pipeline_csv(rows: pd.DataFrame, language: str) -> bytes:
    return export.to_csv(pipeline_table(rows, language))


def _words(prefix: str, value: object, language: str) -> str:
    return "" if value is None or pd.isna(value) else i18n.translate(f"{prefix}.{value}", language)


def _day(value: object, language: str) -> str:
    """A date; a recorded moment (UTC) as its day in Oslo."""
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, dt.datetime):
        value = clock.oslo_time(value)
    return i18n.format_date(value, language)


def attention_rows(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The rows of queries.projects.needs_attention for people: status, reasons and basis in words,
    the start and the last status change as days (ATTENTION_HEADINGS names the columns to show)."""
    return rows.assign(
        status_text=[_words("project_status", value, language) for value in rows["status"]],
        start=[_day(value, language) for value in rows["start_on"]],
        last_change=[_day(value, language) for value in rows["last_status_change"]],
        why=[
            ", ".join(i18n.translate(f"attention.{reason}", language) for reason in reasons)
            for reasons in rows["reasons"]
        ],
        basis_text=[_words("basis", value, language) for value in rows["basis"]],
    )
