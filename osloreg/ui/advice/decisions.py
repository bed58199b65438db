"""Beslutninger: the director's inbox, the decision log with export, follow-ups due, and one advice in
full; the dialog in which the director decides is in deciding.py."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from osloreg.enums import Outcome, Role
from osloreg.queries.decisions import AdviceDetail, FilterOptions
from osloreg.rules.text import safe_markdown
from osloreg.ui.advice import deciding, loaders, widgets
from osloreg.ui.kit import downloads, forms
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import (
    MISSING,
    basis_words,
    day,
    days,
    escape_markdown,
    history_link,
    label,
    labels,
    moment,
    moments,
)
from osloreg.ui.login import CurrentUser

Column = st.column_config


def render(user: CurrentUser) -> None:
    """The three tabs; then the dialog in which the director decides or reopens, if one is open."""
    director = Role.DIRECTOR in user.roles
    today = loaders.today()
    st.title(t("nav.decisions"))
    st.caption(t("decisions.intro" if director else "decisions.intro_read_only"))
    forms.show_flash()
    options = loaders.decision_filter_options()
    inbox, log, follow = st.tabs(
        [t("decisions.tab.inbox"), t("decisions.tab.log"), t("decisions.tab.follow_up")],
        key="decisions_tab",
        on_change="rerun",
    )
    if inbox.open:
        with inbox:
            inbox_tab(user, options, today=today, director=director)
    if log.open:
        with log:
            log_tab(user, options, today=today, director=director)
    if follow.open:
        with follow:
            follow_up_tab(today)
    if director:  # only the director opens them; one per run, after the tabs
        deciding.show_open_dialog(user, today)


# --- Inbox: submitted advice, overdue first, then the oldest ---------------------------------------


def inbox_tab(user: CurrentUser, options: FilterOptions, *, today: dt.date, director: bool) -> None:
    group_col, area_col = st.columns(2)
    with group_col:
        body_id = widgets.group_filter(options.bodies, key="decisions_inbox_group")
    with area_col:
        area_id = forms.options_box(
            t("decisions.filter.area"),
            options.areas,
            key="decisions_inbox_area",
            none_label=t("decisions.filter.all_areas"),
        )
    subject_type = widgets.subject_type_filter(key="decisions_inbox_subject_type")
    page_key = forms.key("decisions_inbox_page", body_id, subject_type, area_id)
    inbox = forms.paged(
        page_key,
        lambda limit, offset: loaders.decision_inbox(
            day=today, body_id=body_id, subject_type=subject_type, area_id=area_id, limit=limit, offset=offset
        ),
    )
    st.header(t("decisions.inbox.title", count=fmt_number(inbox.total)))
    if inbox.rows.empty:
        st.info(t("decisions.inbox.none"))
    else:
        rows = inbox.rows.assign(
            kind=labels("subject_type", inbox.rows["subject_type"]),
            submitted=days(inbox.rows["submitted_at"]),
            target=days(inbox.rows["target_date"]),
            late=[
                t("decisions.inbox.days_overdue", days=int(days)) if overdue else ""
                for overdue, days in zip(inbox.rows["overdue"], inbox.rows["days_overdue"], strict=True)
            ],
        )
        columns = {
            "title": Column.TextColumn(t("decisions.col.title"), width="large"),
            "body": Column.TextColumn(t("decisions.col.group")),
            "kind": Column.TextColumn(t("decisions.col.subject_type")),
            "subject": Column.TextColumn(t("decisions.col.subject")),
            "submitted": Column.TextColumn(t("decisions.col.submitted")),
            "days_waiting": Column.NumberColumn(t("decisions.col.days_waiting"), format="%d"),
            "target": Column.TextColumn(t("decisions.col.target")),
            "overdue": Column.CheckboxColumn(t("decisions.col.overdue")),
            "late": Column.TextColumn(t("decisions.col.days_overdue")),
            "inputs": Column.NumberColumn(t("decisions.col.inputs"), format="%d"),
        }
        chosen = forms.selectable_table(
            "decisions_inbox", rows, columns, listing=inbox, page_key=page_key, multi=True
        )
        by_id = rows.set_index("id")
        if not chosen:
            st.caption(t("decisions.inbox.select" if director else "decisions.inbox.select_read_only"))
        elif len(chosen) == 1:
            detail = loaders.advice_detail(advice_id=chosen[0], day=today)
            if detail is None:
                st.warning(t("decisions.detail.gone"))
            else:
                if director:
                    st.button(
                        t("decisions.decide"),
                        type="primary",
                        icon=":material/gavel:",
                        on_click=deciding.open_dialog,
                        args=(
                            {
                                "kind": "decide",
                                "ids": [detail.id],
                                "titles": [detail.title],
                                "version": int(by_id.loc[detail.id, "version"]),
                            },
                        ),
                        key="decisions_decide_one",
                    )
                show_detail(user, detail)
        else:
            titles = [str(by_id.loc[advice_id, "title"]) for advice_id in chosen]
            st.markdown(t("decisions.inbox.chosen", count=len(chosen)))
            st.markdown("\n".join(f"- {escape_markdown(title)}" for title in titles))
            if director:
                st.button(
                    t("decisions.decide_many", count=len(chosen)),
                    type="primary",
                    icon=":material/gavel:",
                    on_click=deciding.open_dialog,
                    args=({"kind": "decide", "ids": chosen, "titles": titles, "version": None},),
                    key="decisions_decide_many",
                )
    if not director:
        st.caption(t("decisions.read_only"))


# --- The decision log, with export of what is filtered ----------------------------------------------


def log_tab(user: CurrentUser, options: FilterOptions, *, today: dt.date, director: bool) -> None:
    from_col, to_col, group_col = st.columns(3)
    date_format = forms.date_format()
    date_from = from_col.date_input(
        t("decisions.filter.from"), value=None, format=date_format, key="decisions_log_from"
    )
    date_to = to_col.date_input(
        t("decisions.filter.to"), value=None, format=date_format, key="decisions_log_to"
    )
    with group_col:
        body_id = widgets.group_filter(options.bodies, key="decisions_log_group")
    outcome = st.segmented_control(
        t("decisions.filter.outcome"),
        list(Outcome),
        format_func=lambda value: t(f"outcome.{value}"),
        key="decisions_log_outcome",
    )
    subject_type = widgets.subject_type_filter(key="decisions_log_subject_type")
    filters = widgets.LogFilters(date_from, date_to, body_id, outcome, subject_type)
    page_key = forms.key("decisions_log_page", *filters)
    log = forms.paged(
        page_key, lambda limit, offset: loaders.decision_log(**filters._asdict(), limit=limit, offset=offset)
    )
    st.header(t("decisions.log.title", count=fmt_number(log.total)))
    file_stem = t("decisions.log.file", date=today.isoformat())
    downloads.export_buttons(
        file_stem,
        lambda kind: widgets.decision_log_file(filters, kind=kind),
        disabled=log.total == 0,
        key="decisions_log",
    )
    if log.rows.empty:
        st.info(t("decisions.log.none"))
        return
    rows = log.rows.assign(
        decided=moments(log.rows["decided_at"]),
        kind=labels("subject_type", log.rows["subject_type"]),
        result=labels("outcome", log.rows["outcome"]),
        follow_up=days(log.rows["follow_up_on"]),
    )
    columns = {
        "decided": Column.TextColumn(t("decisions.col.decided_at")),
        "title": Column.TextColumn(t("decisions.col.title"), width="large"),
        "body": Column.TextColumn(t("decisions.col.group")),
        "kind": Column.TextColumn(t("decisions.col.subject_type")),
        "result": Column.TextColumn(t("decisions.col.outcome")),
        "rationale": Column.TextColumn(t("decisions.col.rationale"), width="large"),
        "decided_by": Column.TextColumn(t("decisions.col.decided_by")),
        "follow_up": Column.TextColumn(t("decisions.col.follow_up_on")),
        "reopened": Column.CheckboxColumn(t("decisions.col.reopened")),
    }
    chosen = forms.selectable_table(
        "decisions_log",
        rows,
        columns,
        listing=log,
        page_key=page_key,
        id_column="advice_id",
        key_column="decision_id",
    )
    if not chosen:
        st.caption(t("decisions.log.select"))
        return
    detail = loaders.advice_detail(advice_id=chosen[0], day=today)
    if detail is None:
        st.warning(t("decisions.detail.gone"))
        return
    if director and detail.state == "decided":
        st.button(
            t("decisions.reopen"),
            icon=":material/lock_open:",
            on_click=deciding.open_dialog,
            args=({"kind": "reopen", "id": detail.id, "title": detail.title},),
            key="decisions_reopen",
        )
    show_detail(user, detail)


# --- Follow-ups falling due -----------------------------------------------------------------------


def follow_up_tab(today: dt.date) -> None:
    within = st.segmented_control(
        t("decisions.follow_up.within"),
        [7, 30, 90],
        format_func=lambda days: t("decisions.follow_up.days", days=days),
        default=30,
        required=True,
        key="decisions_follow_up_within",
    )
    due = loaders.follow_ups_due(day=today, within_days=within, limit=forms.PAGE_SIZE)
    st.header(t("decisions.follow_up.title", count=fmt_number(due.total)))
    if due.rows.empty:
        st.info(t("decisions.follow_up.none", days=within))
        return
    rows = due.rows.assign(
        result=labels("outcome", due.rows["outcome"]),
        follow_up=days(due.rows["follow_up_on"]),
    )
    columns = {
        "follow_up": Column.TextColumn(t("decisions.col.follow_up_on")),
        "overdue": Column.CheckboxColumn(t("decisions.col.follow_up_overdue")),
        "title": Column.TextColumn(t("decisions.col.title"), width="large"),
        "body": Column.TextColumn(t("decisions.col.group")),
        "result": Column.TextColumn(t("decisions.col.outcome")),
    }
    st.dataframe(rows[list(columns)], hide_index=True, column_config=columns, placeholder=MISSING)
    if due.total > len(due.rows):
        st.caption(t("decisions.follow_up.shown_of", shown=len(due.rows), total=fmt_number(due.total)))


# --- One advice in full ---------------------------------------------------------------------------


def show_detail(user: CurrentUser, detail: AdviceDetail) -> None:
    """One advice: recommendation, strategy points, completeness, the inputs behind it and its
    decisions (reopened ones too)."""
    st.header(escape_markdown(detail.title))
    history_link(user, "advice", detail.id)
    st.caption(
        t(
            "decisions.detail.meta",
            group=escape_markdown(detail.body),
            subject_type=t(f"subject_type.{detail.subject_type}"),
            subject=escape_markdown(detail.subject),
            state=label("advice_state", detail.state),
            submitted=moment(detail.submitted_at) or "–",
            target=day(detail.target_date) or "–",
        )
    )
    if detail.state == "decided":
        st.info(t("decisions.detail.locked"), icon=":material/lock:")
    st.markdown(f"**{t('decisions.detail.recommendation')}**")
    st.markdown(safe_markdown(detail.recommendation))
    if detail.points:
        st.caption(
            t("decisions.detail.points")
            + ": "
            + "; ".join(
                escape_markdown(point if basis == "sourced" else f"{point} ({basis_words(basis, source)})")
                for point, (basis, source) in zip(detail.points, detail.point_bases, strict=True)
            )
        )
    widgets.show_completeness(detail.completeness)
    st.markdown(f"**{t('decisions.detail.inputs', count=len(detail.inputs))}**")
    if detail.inputs.empty:
        st.caption(t("decisions.detail.no_inputs"))
    else:
        inputs = detail.inputs.assign(created=moments(detail.inputs["created_at"]))
        st.dataframe(
            inputs[["created", "author", "unit", "text", "link", "withdrawn"]],
            hide_index=True,
            placeholder=MISSING,
            column_config={
                "created": Column.TextColumn(t("decisions.col.created")),
                "author": Column.TextColumn(t("decisions.col.author")),
                "unit": Column.TextColumn(t("decisions.col.unit")),
                "text": Column.TextColumn(t("decisions.col.text"), width="large"),
                "link": Column.TextColumn(t("decisions.col.link")),
                "withdrawn": Column.CheckboxColumn(t("decisions.col.withdrawn")),
            },
        )
    st.markdown(f"**{t('decisions.detail.history')}**")
    if detail.decisions.empty:
        st.caption(t("decisions.detail.no_decisions"))
        return
    history = detail.decisions.assign(
        decided=moments(detail.decisions["decided_at"]),
        result=labels("outcome", detail.decisions["outcome"]),
        follow_up=days(detail.decisions["follow_up_on"]),
        reopened=moments(detail.decisions["reopened_at"]),
    )
    st.dataframe(
        history[["decided", "result", "rationale", "decided_by", "follow_up", "reopened", "reopen_reason"]],
        hide_index=True,
        placeholder=MISSING,
        column_config={
            "decided": Column.TextColumn(t("decisions.col.decided_at")),
            "result": Column.TextColumn(t("decisions.col.outcome")),
            "rationale": Column.TextColumn(t("decisions.col.rationale"), width="large"),
            "decided_by": Column.TextColumn(t("decisions.col.decided_by")),
            "follow_up": Column.TextColumn(t("decisions.col.follow_up_on")),
            "reopened": Column.TextColumn(t("decisions.col.reopened_at")),
            "reopen_reason": Column.TextColumn(t("decisions.col.reopen_reason"), width="large"),
        },
    )
