"""Exports of the project pipeline for people: codes in words, headings in the reader's language, a
summary sheet and a sheet per status (Excel), or one table (CSV). Pure: no Streamlit, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from osloreg import export, i18n
from osloreg.queries.projects import EXPORT_COLUMNS
from osloreg.rules import projects as rules
from osloreg.sources import describe_source

# The export's columns, in order: the query's, without the id.
PIPELINE_COLUMNS = tuple(name for name in EXPORT_COLUMNS if name != "id")


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
