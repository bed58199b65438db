"""The project pipeline (Prosjekter): projects per status, the filtered list with export, the
timeline, strategy coverage, the projects that need attention, and a new project for coordinators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from osloreg import chart_text, reports
from osloreg.clock import oslo_today
from osloreg.queries import projects as project_queries
from osloreg.queries.projects import PipelineFilters, PipelineOptions
from osloreg.rules import projects as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.projects import Attention
from osloreg.ui.kit import charts, downloads, forms
from osloreg.ui.kit.session import fmt_number, language, t
from osloreg.ui.kit.tables import days, labels, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.projects import forms as project_forms
from osloreg.ui.projects import loaders as project_loaders
from osloreg.ui.projects import project as project_view
from osloreg.ui.projects import strategy

Column = st.column_config
TAB_KEY = "pipeline_tab"
SAVED_TAB = "pipeline_saved_tab"
FILTER_KEYS = ("search", "statuses", "body", "area", "point", "partner", "year", "owner_search", "owner")


def _key(name: str) -> str:
    return f"pipeline_f_{name}"


def _saved(name: str) -> str:
    return f"pipeline_saved_{name}"


def _reset_filters() -> None:
    forms.forget([_key(name) for name in FILTER_KEYS] + [_saved(name) for name in FILTER_KEYS])


def _restore_filters() -> None:
    """Streamlit forgets a widget's value once a run does not draw it (another tab, or a project
    opened from the list); the filters are kept beside the widgets and put back."""
    for name in FILTER_KEYS:
        if _key(name) not in st.session_state and _saved(name) in st.session_state:
            st.session_state[_key(name)] = st.session_state[_saved(name)]


def _keep_filters() -> None:
    for name in FILTER_KEYS:
        st.session_state[_saved(name)] = st.session_state.get(_key(name))


def filter_bar(options: PipelineOptions) -> PipelineFilters:
    """The filters over the list, the timeline and the projects needing attention."""
    _restore_filters()
    with st.container(border=True):
        search_col, status_col, group_col, year_col = st.columns([3, 3, 3, 2])
        search = search_col.text_input(
            t("pipeline.filter.search"),
            placeholder=t("pipeline.filter.search_placeholder"),
            max_chars=project_queries.SEARCH_MAX,
            key=_key("search"),
        )
        statuses = status_col.multiselect(
            t("pipeline.filter.status"),
            list(rules.ORDER),
            format_func=lambda value: t(f"project_status.{value}"),
            placeholder=t("pipeline.filter.all_statuses"),
            key=_key("statuses"),
        )
        with group_col:
            body_id = forms.options_box(
                t("pipeline.filter.group"),
                options.bodies,
                key=_key("body"),
                none_label=t("pipeline.filter.all"),
            )
        with year_col:
            year = forms.options_box(
                t("pipeline.filter.year"),
                [(year, str(year)) for year in options.years],
                key=_key("year"),
                none_label=t("pipeline.filter.all_years"),
            )
        more = sum(
            st.session_state.get(_key(name)) not in (None, "")
            for name in ("area", "point", "partner", "owner")
        )
        label_more = t("pipeline.filter.more_active", count=more) if more else t("pipeline.filter.more")
        with st.expander(label_more, expanded=bool(more)):
            area_col, point_col, partner_col = st.columns(3)
            with area_col:
                area_id = forms.options_box(
                    t("pipeline.filter.area"),
                    options.areas,
                    key=_key("area"),
                    none_label=t("pipeline.filter.all"),
                )
            points = [(point_id, name) for point_id, area, name in options.points if area_id in (None, area)]
            with point_col:
                point_id = forms.options_box(
                    t("pipeline.filter.point"), points, key=_key("point"), none_label=t("pipeline.filter.all")
                )
            with partner_col:
                unit_id = forms.options_box(
                    t("pipeline.filter.partner"),
                    options.units,
                    key=_key("partner"),
                    none_label=t("pipeline.filter.all"),
                )
            owner_search_col, owner_col, reset_col = st.columns(3, vertical_alignment="bottom")
            owner_search = owner_search_col.text_input(
                t("pipeline.filter.owner_search"), max_chars=100, key=_key("owner_search")
            )
            chosen_owner = st.session_state.get(_key("owner"))
            owners = project_loaders.person_options(owner_search.strip(), True, 30, chosen_owner)
            with owner_col:
                owner_id = forms.options_box(
                    t("pipeline.filter.owner"), owners, key=_key("owner"), none_label=t("pipeline.filter.all")
                )
            reset_col.button(
                t("pipeline.filter.reset"), icon=":material/filter_alt_off:", on_click=_reset_filters
            )
    _keep_filters()
    return PipelineFilters(
        statuses=tuple(statuses),
        body_id=body_id,
        area_id=area_id,
        point_id=point_id,
        owner_person_id=owner_id,
        partner_unit_id=unit_id,
        year=year,
        search=search.strip(),
    )


def describe_filters(filters: PipelineFilters, options: PipelineOptions) -> list[tuple[str, str]]:
    """The filters in force, as (label, value) lines for the export's summary."""
    names = {
        "body_id": dict(options.bodies),
        "area_id": dict(options.areas),
        "point_id": {point_id: name for point_id, _, name in options.points},
        "partner_unit_id": dict(options.units),
    }
    lines = []
    if filters.search:
        lines.append((t("pipeline.filter.search"), filters.search))
    if filters.statuses:
        lines.append(
            (t("pipeline.filter.status"), ", ".join(t(f"project_status.{s}") for s in filters.statuses))
        )
    for field, key in (
        ("body_id", "group"),
        ("area_id", "area"),
        ("point_id", "point"),
        ("partner_unit_id", "partner"),
    ):
        value = getattr(filters, field)
        if value is not None:
            lines.append((t(f"pipeline.filter.{key}"), names[field].get(value, str(value))))
    if filters.year is not None:
        lines.append((t("pipeline.filter.year"), str(filters.year)))
    if filters.owner_person_id is not None:
        owner = dict(project_loaders.person_options("", True, 1, filters.owner_person_id))
        lines.append((t("pipeline.filter.owner"), owner.get(filters.owner_person_id, "")))
    return lines


def export_file(
    filters: PipelineFilters, options: PipelineOptions, *, kind: str, today: dt.date
) -> Callable[[], bytes]:
    """The filtered pipeline as Excel (a summary and a sheet per status) or CSV, built only when the
    user clicks download (the filters' labels are taken now, in the session's language)."""
    described = describe_filters(filters, options)

    def build(session: Session, language_: str) -> bytes:
        rows = project_queries.pipeline_rows(session, today=today, filters=filters)
        if kind == "xlsx":
            return reports.pipeline_workbook(rows, language_, filters=described, exported_on=today)
        return reports.pipeline_csv(rows, language_)

    return downloads.deferred_file(build)


def _list_columns() -> dict:
    return {
        "title": Column.TextColumn(t("pipeline.col.title"), width="large"),
        "status_text": text(t("pipeline.col.status")),
        "body": text(t("pipeline.col.body")),
        "owner": text(t("pipeline.col.owner")),
        "start": text(t("pipeline.col.start_on")),
        "end": text(t("pipeline.col.end_on")),
        "progress": Column.ProgressColumn(
            t("pipeline.col.progress"), min_value=0, max_value=100, format="%d %%"
        ),
        "points": text(t("pipeline.col.points")),
        "late": text(t("pipeline.col.overdue_milestones")),
        "basis_text": text(t("pipeline.col.basis")),
    }


def _projects_tab(filters: PipelineFilters, options: PipelineOptions, today: dt.date) -> None:
    counts = project_loaders.status_counts(filters)
    charts.chart(chart_text.pipeline_statuses(counts, language()), key="pipeline_status_chart")
    page_key = forms.key("pipeline_page", filters)
    listing = forms.paged(
        page_key, lambda limit, offset: project_loaders.pipeline(today, filters, limit, offset)
    )
    st.header(t("pipeline.list.title", count=fmt_number(listing.total)))
    stem = t("pipeline.export.file", date=today.isoformat())
    downloads.export_buttons(
        stem,
        lambda kind: export_file(filters, options, kind=kind, today=today),
        disabled=listing.total == 0,
        key="pipeline_export",
    )
    if listing.rows.empty:
        st.info(t("pipeline.list.none"))
        return
    rows = listing.rows.assign(
        status_text=labels("project_status", listing.rows["status"]),
        start=days(listing.rows["start_on"]),
        end=days(listing.rows["end_on"]),
        late=[
            t("pipeline.list.overdue", count=int(count)) if count else ""
            for count in listing.rows["overdue_milestones"]
        ],
        basis_text=labels("basis", listing.rows["basis"]),
    )
    chosen = forms.selectable_table(
        "pipeline_list", rows, _list_columns(), listing=listing, page_key=page_key
    )
    st.caption(t("pipeline.list.select"))
    if chosen:
        project_view.LINK.open(chosen[0])


def _timeline_tab(filters: PipelineFilters, today: dt.date) -> None:
    shown = project_loaders.timeline(today, filters)
    st.caption(t("pipeline.timeline.help"))
    if shown.projects.empty:
        st.info(t("pipeline.timeline.none"))
        return
    charts.chart(
        chart_text.timeline(shown.projects, shown.milestones, language(), today=today), key="pipeline_gantt"
    )
    if shown.total > len(shown.projects):
        st.caption(t("pipeline.timeline.shown_of", shown=len(shown.projects), total=fmt_number(shown.total)))


def _attention_tab(filters: PipelineFilters, today: dt.date) -> None:
    st.caption(t("pipeline.attention.help", days=rules.IDLE_AFTER_DAYS))
    summary = project_loaders.needs_attention(today, filters, None, 1, 0)
    columns = st.columns(len(Attention))
    for column, reason in zip(columns, Attention, strict=True):
        column.metric(t(f"attention.{reason}"), fmt_number(summary.counts[reason]))
    reason = st.segmented_control(
        t("pipeline.attention.show"),
        list(Attention),
        format_func=lambda value: t(f"attention.{value}"),
        key="pipeline_attention_reason",
    )
    page_key = forms.key("pipeline_attention_page", filters, reason)
    listing = forms.paged(
        page_key,
        lambda limit, offset: project_loaders.needs_attention(today, filters, reason, limit, offset).rows,
    )
    st.header(t("pipeline.attention.title", count=fmt_number(listing.total)))
    if listing.rows.empty:
        st.success(t("pipeline.attention.none"))
        return
    rows = attention_rows(listing.rows)
    chosen = forms.selectable_table(
        "pipeline_attention",
        rows,
        attention_columns(),
        listing=listing,
        page_key=page_key,
    )
    st.caption(t("pipeline.list.select"))
    if chosen:
        project_view.LINK.open(chosen[0])


def attention_rows(rows):
    """The attention listing's rows for people (the overview shows them too, from reports)."""
    return reports.attention_rows(rows, language())


def attention_columns() -> dict:
    return {
        name: Column.TextColumn(t(key), width="large" if name in reports.ATTENTION_WIDE else None)
        for name, key in reports.ATTENTION_HEADINGS.items()
    }


def render(user: CurrentUser) -> None:
    today = oslo_today()
    st.title(t("nav.pipeline"))
    st.caption(t("pipeline.intro"))
    forms.show_flash()
    options = project_loaders.pipeline_options()
    editor = allowed(user.roles, Action.MANAGE_WORK)
    names = ["projects", "timeline", "strategy", "attention"] + (["new"] if editor else [])
    labels = {name: t(f"pipeline.tab.{name}") for name in names}
    tabs = forms.remembered_tabs(labels, key=TAB_KEY, saved_key=SAVED_TAB)
    if tabs["projects"].open:
        with tabs["projects"]:
            _projects_tab(filter_bar(options), options, today)
    if tabs["timeline"].open:
        with tabs["timeline"]:
            _timeline_tab(filter_bar(options), today)
    if tabs["strategy"].open:
        with tabs["strategy"]:
            strategy.strategy_tab()
    if tabs["attention"].open:
        with tabs["attention"]:
            _attention_tab(filter_bar(options), today)
    if editor and tabs["new"].open:
        with tabs["new"]:
            st.header(t("project.new.title"))
            project_forms.details_editor(user, None, today)
    if not editor:
        st.caption(t("pipeline.read_only"))
