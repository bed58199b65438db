"""Oversikt: what needs you now, by role; and the state of projects, meetings and coverage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg import charts, i18n, ui
from osloreg.enums import Role
from osloreg.ui import case_view, loaders, pipeline_view, render
from osloreg.ui.render import day, label, shown_of, table, text, wall_clock

user = ui.require_page("overview")

Column = st.column_config


def link(page_name: str, key: str) -> None:
    render.link(user, page_name, key)


separators = ", " if ui.language() == "nb" else ".,"
today = loaders.today()
st.title(ui.t("nav.overview"))
st.caption(ui.t("overview.intro", date=ui.fmt_date(today, long=True)))

# --- The director: advice awaiting a decision -----------------------------------------------------
if Role.DIRECTOR in user.roles:
    director = loaders.overview_director(today)
    st.header(ui.t("overview.director.title"))
    pending, overdue, oldest = st.columns(3)
    pending.metric(ui.t("overview.director.pending"), ui.fmt_number(director.pending))
    overdue.metric(ui.t("overview.director.overdue"), ui.fmt_number(director.overdue))
    oldest.metric(ui.t("overview.director.oldest"), day(director.oldest_submitted) or "–")
    if director.items.empty:
        st.info(ui.t("overview.director.none"))
    else:
        st.caption(ui.t("overview.director.queue"))
        items = director.items.assign(
            submitted=director.items["submitted_at"].map(day),
            target=director.items["target_date"].map(day),
            basis=director.items["basis"].map(lambda value: label("basis", value)),
        )
        table(
            items,
            {
                "title": text(ui.t("overview.col.title")),
                "body": text(ui.t("overview.col.group")),
                "submitted": text(ui.t("overview.col.submitted")),
                "days_waiting": Column.NumberColumn(ui.t("overview.col.days_waiting"), format="%d"),
                "target": text(ui.t("overview.col.target")),
                "overdue": Column.CheckboxColumn(ui.t("overview.col.overdue")),
                "basis": text(ui.t("overview.col.basis")),
            },
        )
    link("decisions", "overview.link.decisions")

# --- A coordinator: projects, cases and meetings that need attention ------------------------------
if Role.COORDINATOR in user.roles:
    coordinator = loaders.overview_coordinator(today)
    st.header(ui.t("overview.coordinator.title"))

    attention = coordinator.projects
    st.subheader(ui.t("overview.coordinator.attention", count=ui.fmt_number(attention.total)))
    if attention.rows.rows.empty:
        st.success(ui.t("overview.coordinator.attention_none"))
    else:
        st.caption(
            " · ".join(
                f"{ui.t(f'attention.{reason}')}: {ui.fmt_number(count)}"
                for reason, count in attention.counts.items()
            )
        )
        table(attention.rows.rows.pipe(pipeline_view.attention_rows), pipeline_view.attention_columns())
        shown_of(attention.rows)
    link("pipeline", "overview.link.pipeline_attention")

    stalled = coordinator.stalled
    st.subheader(ui.t("overview.coordinator.stalled", count=ui.fmt_number(stalled.total)))
    st.caption(ui.t("overview.coordinator.stalled_help", weeks=coordinator.stalled_weeks))
    if stalled.rows.empty:
        st.success(ui.t("overview.coordinator.stalled_none"))
    else:
        rows = stalled.rows.assign(
            last_treated=stalled.rows["last_treated_on"].map(day),
            # The vedtaksorgan's words ("vedtatt"), and "behandlet" for a step with no result: as on the case.
            result=[
                case_view.result_label(result, deciding=deciding, treated=on)
                for result, deciding, on in zip(
                    stalled.rows["last_result"],
                    stalled.rows["last_authoritative"],
                    stalled.rows["last_treated_on"],
                    strict=True,
                )
            ],
            next_date=stalled.rows["next_planned_on"].map(day),
            basis=stalled.rows["basis"].map(lambda value: label("basis", value)),
        )
        table(
            rows,
            {
                "case": text(ui.t("overview.col.case")),
                "title": text(ui.t("overview.col.title")),
                "weeks_idle": Column.NumberColumn(ui.t("overview.col.weeks_idle"), format="%d"),
                "last_body": text(ui.t("overview.col.last_body")),
                "last_treated": text(ui.t("overview.col.last_treated")),
                "result": text(ui.t("overview.col.result")),
                "next_body": text(ui.t("overview.col.next_body")),
                "next_date": text(ui.t("overview.col.next_date")),
                "basis": text(ui.t("overview.col.basis")),
            },
        )
        shown_of(stalled)
    link("cases", "overview.link.cases")

    meetings = coordinator.meetings
    st.subheader(
        ui.t(
            "overview.coordinator.no_agenda",
            days=coordinator.upcoming_days,
            count=ui.fmt_number(meetings.total),
        )
    )
    if meetings.rows.empty:
        st.success(ui.t("overview.coordinator.no_agenda_none", days=coordinator.upcoming_days))
    else:
        rows = meetings.rows.assign(
            when=meetings.rows["starts_at"].map(wall_clock),
            basis=meetings.rows["basis"].map(lambda value: label("basis", value)),
        )
        table(
            rows,
            {
                "when": text(ui.t("overview.col.when")),
                "body": text(ui.t("overview.col.body")),
                "title": text(ui.t("overview.col.title")),
                "place": text(ui.t("overview.col.place")),
                "basis": text(ui.t("overview.col.basis")),
            },
        )
        shown_of(meetings)
    link("calendar", "overview.link.calendar")

# --- A member: their bodies, next meetings, and what is open there --------------------------------
if Role.MEMBER in user.roles:
    st.header(ui.t("overview.member.title"))
    if user.person_id is None:
        st.info(ui.t("overview.member.no_person"))
    else:
        member = loaders.overview_member(user.person_id, today)
        if member.bodies.empty:
            st.info(ui.t("overview.member.no_bodies"))
        else:
            st.markdown(
                " · ".join(
                    f"**{render.escape_markdown(name)}** ({ui.t(f'overview.member_role.{role}')})"
                    for name, role in zip(member.bodies["body"], member.bodies["role"], strict=True)
                )
            )
            st.subheader(ui.t("overview.member.meetings"))
            if member.meetings.empty:
                st.caption(ui.t("overview.member.no_meetings"))
            else:
                rows = member.meetings.assign(
                    when=member.meetings["starts_at"].map(wall_clock),
                    basis=member.meetings["basis"].map(lambda value: label("basis", value)),
                )
                table(
                    rows,
                    {
                        "when": text(ui.t("overview.col.when")),
                        "body": text(ui.t("overview.col.body")),
                        "title": text(ui.t("overview.col.title")),
                        "place": text(ui.t("overview.col.place")),
                        "basis": text(ui.t("overview.col.basis")),
                    },
                )
            link("calendar", "overview.link.calendar")
            answers = loaders.decided_for_author(user.person_id)
            if not answers.empty:
                # Feedback: what the director decided on advice that rests on this member's input.
                st.subheader(ui.t("overview.member.answers"))
                table(
                    answers.assign(
                        outcome=answers["outcome"].map(lambda value: label("outcome", value)),
                        decided=answers["decided_at"].map(day),
                    ),
                    {
                        "title": text(ui.t("overview.col.title")),
                        "body": text(ui.t("overview.col.group")),
                        "outcome": text(ui.t("overview.col.outcome")),
                        "rationale": text(ui.t("overview.col.rationale")),
                        "decided": text(ui.t("overview.col.decided")),
                    },
                )
                link("input", "overview.link.input")
            st.subheader(ui.t("overview.member.subjects"))
            if member.subjects.empty:
                st.caption(ui.t("overview.member.no_subjects"))
            else:
                rows = member.subjects.assign(
                    kind=member.subjects["kind"].map(lambda value: label("overview.kind", value)),
                    state=member.subjects["state"].map(lambda value: label("overview.state", value)),
                    date=member.subjects["at"].map(day),
                    basis=member.subjects["basis"].map(lambda value: label("basis", value)),
                )
                table(
                    rows,
                    {
                        "kind": text(ui.t("overview.col.kind")),
                        "title": text(ui.t("overview.col.text")),
                        "body": text(ui.t("overview.col.body")),
                        "state": text(ui.t("overview.col.state")),
                        "date": text(ui.t("overview.col.date")),
                        "basis": text(ui.t("overview.col.basis")),
                    },
                )

# --- Everyone: projects, meetings this month, coverage of the expert groups -----------------------
shared = loaders.overview_shared(today)
st.header(ui.t("overview.shared.title"))
left, right = st.columns(2)
with left:
    st.subheader(ui.t("overview.shared.projects"))
    statuses = shared.projects_by_status.assign(
        status=shared.projects_by_status["status"].map(lambda value: label("project_status", value))
    )
    st.plotly_chart(
        charts.bar_counts(
            statuses,
            label="status",
            value="count",
            value_title=ui.t("overview.axis.count"),
            separators=separators,
        ),
        config={"displayModeBar": False},
    )
    link("pipeline", "overview.link.pipeline")
with right:
    month = shared.meetings_this_month
    st.subheader(ui.t("overview.shared.meetings_month", count=ui.fmt_number(month.meetings)))
    if month.rows.empty:
        st.caption(ui.t("overview.shared.no_meetings_month"))
    else:
        table(
            month.rows,
            {
                "body": text(ui.t("overview.col.body")),
                "count": Column.NumberColumn(ui.t("overview.col.count"), format="%d"),
            },
        )
        if month.bodies > len(month.rows):
            st.caption(ui.t("overview.shown_of", shown=len(month.rows), total=ui.fmt_number(month.bodies)))
    link("calendar", "overview.link.calendar")

coverage = shared.coverage
st.subheader(ui.t("overview.shared.coverage"))
st.caption(ui.t("overview.shared.coverage_help"))
if coverage.rows.empty:
    st.caption(ui.t("overview.shared.no_groups"))
else:
    if coverage.total > len(coverage.rows):
        st.caption(
            ui.t(
                "overview.shared.coverage_least",
                shown=len(coverage.rows),
                total=ui.fmt_number(coverage.total),
            )
        )
    st.plotly_chart(
        charts.bar_shares(
            coverage.rows,
            label="body",
            share="share",
            share_title=ui.t("overview.axis.share"),
            separators=separators,
            percent=i18n.percent_sign(ui.language()),
        ),
        config={"displayModeBar": False},
    )
    rows = coverage.rows.assign(
        covered=[
            f"{covered} / {expected}"
            for covered, expected in zip(coverage.rows["covered"], coverage.rows["expected"], strict=True)
        ],
        missing=coverage.rows["missing"].map(", ".join),
        size=[
            str(size) if pd.isna(limit) else f"{size} / {int(limit)}"
            for size, limit in zip(coverage.rows["size"], coverage.rows["max_members"], strict=True)
        ],
    )
    table(
        rows,
        {
            "body": text(ui.t("overview.col.group")),
            "covered": text(ui.t("overview.col.covered")),
            "missing": text(ui.t("overview.col.missing_units")),
            "size": text(ui.t("overview.col.size")),
            "has_leader": Column.CheckboxColumn(ui.t("overview.col.leader")),
            "has_deputy": Column.CheckboxColumn(ui.t("overview.col.deputy")),
        },
    )
link("coverage", "overview.link.coverage")
st.caption(ui.t("overview.basis_note"))
