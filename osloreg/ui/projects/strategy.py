"""The pipeline's strategy tab: for a strategy period, its areas and points (delmål) with the projects
and action-programme measures that serve them, and whether each fact is sourced or illustrative."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg import chart_text
from osloreg.ui.kit import charts, forms
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import basis_words, escape_markdown, labels, table, text
from osloreg.ui.projects import loaders as project_loaders

Column = st.column_config


def strategy_tab() -> None:
    st.caption(t("pipeline.strategy.help"))
    first = project_loaders.strategy_coverage()
    if first.period_id is None:
        st.info(t("pipeline.strategy.no_period"))
        return
    period_id = forms.options_box(
        t("pipeline.strategy.period"), first.periods, key="pipeline_strategy_period", default=first.period_id
    )
    coverage = project_loaders.strategy_coverage(period_id) if period_id != first.period_id else first
    if coverage.period_basis and coverage.period_basis != "sourced":
        # The period's source is the demo's own Norwegian remark ("vedtaket ... er ikke bekreftet"),
        # which basis_words would leave out: shown as written.
        st.caption(
            t(f"coverage.basis.{coverage.period_basis}")
            + f" · {escape_markdown(coverage.period_source or '')}"
        )
    _strategy_areas(coverage.areas)
    if coverage.points.empty:
        # 2025-2028: its innsatsområder and delmål are not in the sources; its programmes still show.
        st.info(t("strategy.no_delmal"))
    else:
        _strategy_points(coverage.points)
    _action_programmes(coverage)


def _unsourced_words(basis: str, source: str | None) -> str:
    """ "Kilde: usikker – osloregionen.no (Klima)" for a row that is not sourced; nothing for one that is."""
    return "" if basis == "sourced" else basis_words(basis, source if isinstance(source, str) else None)


def _strategy_areas(areas: pd.DataFrame) -> None:
    """The period's innsatsområder with their basis: some have no delmål, so the table below omits them."""
    if areas.empty:
        return
    shown = areas.assign(
        basis_text=[_unsourced_words(b, s) for b, s in zip(areas["basis"], areas["source"], strict=True)]
    )
    table(
        shown,
        {
            "area": Column.TextColumn(t("pipeline.strategy.col.area"), width="large"),
            "points": Column.NumberColumn(t("pipeline.strategy.col.point_count"), format="%d"),
            "basis_text": Column.TextColumn(t("coverage.col.source"), width="large"),
        },
    )


def _strategy_points(points: pd.DataFrame) -> None:
    idle = points[points["active"] == 0]
    if not idle.empty:
        st.warning(
            t(
                "pipeline.strategy.without_active",
                count=len(idle),
                points=", ".join(escape_markdown(point) for point in idle["point"]),
            ),
            icon=":material/flag:",
        )
    else:
        st.success(t("pipeline.strategy.all_active"))
    statuses = {status: t(f"project_status.{status}") for status in ("planned", "ongoing", "completed")}
    charts.chart(chart_text.strategy_points(points, language()), key="pipeline_strategy_chart")
    shown = points.assign(
        no_active=points["active"] == 0,
        basis_text=[_unsourced_words(b, s) for b, s in zip(points["basis"], points["source"], strict=True)],
    )
    table(
        shown,
        {
            "area": text(t("pipeline.strategy.col.area")),
            "point": text(t("pipeline.strategy.col.point")),
            "text": Column.TextColumn(t("pipeline.strategy.col.text"), width="large"),
            "planned": Column.NumberColumn(statuses["planned"], format="%d"),
            "ongoing": Column.NumberColumn(statuses["ongoing"], format="%d"),
            "completed": Column.NumberColumn(statuses["completed"], format="%d"),
            "no_active": Column.CheckboxColumn(t("pipeline.strategy.col.no_active")),
            "basis_text": text(t("coverage.col.source")),
        },
    )


def _action_programmes(coverage) -> None:
    st.header(t("pipeline.strategy.plan_title"))
    if not coverage.years:
        st.caption(t("pipeline.strategy.no_plans"))
        return
    year = forms.options_box(
        t("pipeline.strategy.year"),
        [(year, str(year)) for year in coverage.years],
        key=f"pipeline_strategy_year_{coverage.period_id}",
        default=coverage.years[0],
    )
    measures = project_loaders.action_plan_measures(coverage.period_id, year)
    missing = int((~measures["has_project"]).sum()) if not measures.empty else 0
    st.markdown(t("pipeline.strategy.measures", year=year, total=len(measures), missing=missing))
    if not measures.empty:
        shown = measures.assign(
            project_text=[
                title if isinstance(title, str) else t("pipeline.strategy.no_project")
                for title in measures["project"]
            ],
            status_text=labels("project_status", measures["project_status"]),
            without=~measures["has_project"],
            points=[points or t("strategy.no_delmal_for_measure") for points in measures["points"]],
        )
        table(
            shown,
            {
                "title": Column.TextColumn(t("pipeline.strategy.col.measure"), width="large"),
                "points": text(t("pipeline.strategy.col.points")),
                "without": Column.CheckboxColumn(t("pipeline.strategy.col.without")),
                "project_text": text(t("pipeline.strategy.col.project")),
                "status_text": text(t("pipeline.col.status")),
            },
        )
