"""Oversikt: what needs each role now, and for everyone the state of projects, meetings and coverage."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg import chart_text, i18n, reports
from osloreg.clock import oslo_today
from osloreg.enums import Role
from osloreg.ui.kit import charts
from osloreg.ui.kit.session import fmt_date, fmt_number, language, t
from osloreg.ui.kit.tables import (
    day,
    days,
    escape_markdown,
    labels,
    link,
    shown_of,
    table,
    text,
    wall_clocks,
)
from osloreg.ui.login import CurrentUser
from osloreg.ui.overview import forfall, loaders, meeting_cycle

Column = st.column_config


def render(user: CurrentUser) -> None:
    today = oslo_today()
    st.title(t("nav.overview"))
    st.caption(t("overview.intro", date=fmt_date(today, long=True)))
    if Role.DIRECTOR in user.roles:
        director_section(user, today)
    if Role.COORDINATOR in user.roles:
        coordinator_section(user, today)
    if Role.MEMBER in user.roles:
        member_section(user, today)
    shared_section(user, today)
    st.caption(t("overview.basis_note"))


# --- The director: advice awaiting a decision -----------------------------------------------------


def director_section(user: CurrentUser, today: dt.date) -> None:
    director = loaders.overview_director(today)
    st.header(t("overview.director.title"))
    pending, overdue, oldest = st.columns(3)
    pending.metric(t("overview.director.pending"), fmt_number(director.pending))
    overdue.metric(t("overview.director.overdue"), fmt_number(director.overdue))
    oldest.metric(t("overview.director.oldest"), day(director.oldest_submitted) or "–")
    if director.items.empty:
        st.info(t("overview.director.none"))
    else:
        st.caption(t("overview.director.queue"))
        items = director.items.assign(
            submitted=days(director.items["submitted_at"]),
            target=days(director.items["target_date"]),
            basis=labels("basis", director.items["basis"]),
        )
        table(
            items,
            {
                "title": text(t("overview.col.title")),
                "body": text(t("overview.col.group")),
                "submitted": text(t("overview.col.submitted")),
                "days_waiting": Column.NumberColumn(t("overview.col.days_waiting"), format="%d"),
                "target": text(t("overview.col.target")),
                "overdue": Column.CheckboxColumn(t("overview.col.overdue")),
                "basis": text(t("overview.col.basis")),
            },
        )
    link(user, "decisions", "overview.link.decisions")


# --- A coordinator: projects, cases and meetings that need attention ------------------------------


def coordinator_section(user: CurrentUser, today: dt.date) -> None:
    coordinator = loaders.overview_coordinator(today)
    st.header(t("overview.coordinator.title"))
    _projects_needing_attention(user, coordinator)
    _stalled_cases(user, coordinator)
    _meetings_without_agenda(user, coordinator)
    meeting_cycle.notice_due(coordinator)
    meeting_cycle.minutes_waiting(coordinator)
    forfall.to_handle(today)
    forfall.coverage_gaps(today)


def _projects_needing_attention(user: CurrentUser, coordinator) -> None:
    attention = coordinator.projects
    st.subheader(t("overview.coordinator.attention", count=fmt_number(attention.total)))
    if attention.rows.rows.empty:
        st.success(t("overview.coordinator.attention_none"))
    else:
        counts = attention.counts.items()
        st.caption(" · ".join(f"{t(f'attention.{reason}')}: {fmt_number(count)}" for reason, count in counts))
        # The same columns as the pipeline's attention tab: reports is their home.
        columns = {
            name: Column.TextColumn(t(key), width="large" if name in reports.ATTENTION_WIDE else None)
            for name, key in reports.ATTENTION_HEADINGS.items()
        }
        table(reports.attention_rows(attention.rows.rows, language()), columns)
        shown_of(attention.rows)
    link(user, "pipeline", "overview.link.pipeline_attention")


def _stalled_cases(user: CurrentUser, coordinator) -> None:
    stalled = coordinator.stalled
    st.subheader(t("overview.coordinator.stalled", count=fmt_number(stalled.total)))
    st.caption(t("overview.coordinator.stalled_help", weeks=coordinator.stalled_weeks))
    if stalled.rows.empty:
        st.success(t("overview.coordinator.stalled_none"))
    else:
        rows = stalled.rows.assign(
            last_treated=days(stalled.rows["last_treated_on"]),
            # The vedtaksorgan's words ("vedtatt"), and "behandlet" for a step with no result: as on the case.
            result=[
                i18n.case_result(result, language(), deciding=deciding, treated=on)
                for result, deciding, on in zip(
                    stalled.rows["last_result"],
                    stalled.rows["last_authoritative"],
                    stalled.rows["last_treated_on"],
                    strict=True,
                )
            ],
            next_date=days(stalled.rows["next_planned_on"]),
            basis=labels("basis", stalled.rows["basis"]),
        )
        table(
            rows,
            {
                "case": text(t("overview.col.case")),
                "title": text(t("overview.col.title")),
                "weeks_idle": Column.NumberColumn(t("overview.col.weeks_idle"), format="%d"),
                "last_body": text(t("overview.col.last_body")),
                "last_treated": text(t("overview.col.last_treated")),
                "result": text(t("overview.col.result")),
                "next_body": text(t("overview.col.next_body")),
                "next_date": text(t("overview.col.next_date")),
                "basis": text(t("overview.col.basis")),
            },
        )
        shown_of(stalled)
    link(user, "cases", "overview.link.cases")


def _meetings_without_agenda(user: CurrentUser, coordinator) -> None:
    meetings = coordinator.meetings
    st.subheader(
        t(
            "overview.coordinator.no_agenda",
            days=coordinator.upcoming_days,
            count=fmt_number(meetings.total),
        )
    )
    if meetings.rows.empty:
        st.success(t("overview.coordinator.no_agenda_none", days=coordinator.upcoming_days))
    else:
        _meeting_table(meetings.rows)
        shown_of(meetings)
    link(user, "calendar", "overview.link.calendar")


def _meeting_table(meetings: pd.DataFrame) -> None:
    rows = meetings.assign(
        when=wall_clocks(meetings["starts_at"]),
        basis=labels("basis", meetings["basis"]),
    )
    table(
        rows,
        {
            "when": text(t("overview.col.when")),
            "body": text(t("overview.col.body")),
            "title": text(t("overview.col.title")),
            "place": text(t("overview.col.place")),
            "basis": text(t("overview.col.basis")),
        },
    )


# --- A member: their bodies, next meetings, and what is open there --------------------------------


def member_section(user: CurrentUser, today: dt.date) -> None:
    st.header(t("overview.member.title"))
    if user.person_id is None:
        st.info(t("overview.member.no_person"))
        return
    member = loaders.overview_member(user.person_id, today)
    if member.bodies.empty:
        st.info(t("overview.member.no_bodies"))
        return
    st.markdown(
        " · ".join(
            f"**{escape_markdown(name)}** ({t(f'overview.member_role.{role}')})"
            for name, role in zip(member.bodies["body"], member.bodies["role"], strict=True)
        )
    )
    st.subheader(t("overview.member.meetings"))
    if member.meetings.empty:
        st.caption(t("overview.member.no_meetings"))
    else:
        _meeting_table(member.meetings)
    link(user, "calendar", "overview.link.calendar")
    forfall.my_meetings(user, today)
    _answers(user)
    st.subheader(t("overview.member.subjects"))
    if member.subjects.empty:
        st.caption(t("overview.member.no_subjects"))
        return
    rows = member.subjects.assign(
        kind=labels("overview.kind", member.subjects["kind"]),
        state=labels("overview.state", member.subjects["state"]),
        date=days(member.subjects["at"]),
        basis=labels("basis", member.subjects["basis"]),
    )
    table(
        rows,
        {
            "kind": text(t("overview.col.kind")),
            "title": text(t("overview.col.text")),
            "body": text(t("overview.col.body")),
            "state": text(t("overview.col.state")),
            "date": text(t("overview.col.date")),
            "basis": text(t("overview.col.basis")),
        },
    )


def _answers(user: CurrentUser) -> None:
    """Feedback: what the director decided on advice that rests on this member's input."""
    answers = loaders.decided_for_author(user.person_id)
    if answers.empty:
        return
    st.subheader(t("overview.member.answers"))
    table(
        answers.assign(
            outcome=labels("outcome", answers["outcome"]),
            decided=days(answers["decided_at"]),
        ),
        {
            "title": text(t("overview.col.title")),
            "body": text(t("overview.col.group")),
            "outcome": text(t("overview.col.outcome")),
            "rationale": text(t("overview.col.rationale")),
            "decided": text(t("overview.col.decided")),
        },
    )
    link(user, "input", "overview.link.input")


# --- Everyone: projects, meetings this month, coverage of the expert groups -----------------------


def shared_section(user: CurrentUser, today: dt.date) -> None:
    shared = loaders.overview_shared(today)
    st.header(t("overview.shared.title"))
    left, right = st.columns(2)
    with left:
        _projects_by_status(user, shared)
    with right:
        _meetings_this_month(user, shared)
    _coverage(shared)
    link(user, "coverage", "overview.link.coverage")


def _projects_by_status(user: CurrentUser, shared) -> None:
    st.subheader(t("overview.shared.projects"))
    charts.chart(
        chart_text.projects_by_status(
            shared.projects_by_status, language(), value_title=t("overview.axis.count")
        ),
        key="overview_status_chart",
    )
    link(user, "pipeline", "overview.link.pipeline")


def _meetings_this_month(user: CurrentUser, shared) -> None:
    month = shared.meetings_this_month
    st.subheader(t("overview.shared.meetings_month", count=fmt_number(month.meetings)))
    if month.rows.empty:
        st.caption(t("overview.shared.no_meetings_month"))
    else:
        table(
            month.rows,
            {
                "body": text(t("overview.col.body")),
                "count": Column.NumberColumn(t("overview.col.count"), format="%d"),
            },
        )
        if month.bodies > len(month.rows):
            st.caption(t("overview.shown_of", shown=len(month.rows), total=fmt_number(month.bodies)))
    link(user, "calendar", "overview.link.calendar")


def _coverage(shared) -> None:
    coverage = shared.coverage
    st.subheader(t("overview.shared.coverage"))
    st.caption(t("overview.shared.coverage_help"))
    if coverage.rows.empty:
        st.caption(t("overview.shared.no_groups"))
        return
    if coverage.total > len(coverage.rows):
        st.caption(
            t(
                "overview.shared.coverage_least",
                shown=len(coverage.rows),
                total=fmt_number(coverage.total),
            )
        )
    charts.chart(
        chart_text.group_coverage(coverage.rows, language(), share_title=t("overview.axis.share")),
        key="overview_coverage_chart",
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
            "body": text(t("overview.col.group")),
            "covered": text(t("overview.col.covered")),
            "missing": text(t("overview.col.missing_units")),
            "size": text(t("overview.col.size")),
            "has_leader": Column.CheckboxColumn(t("overview.col.leader")),
            "has_deputy": Column.CheckboxColumn(t("overview.col.deputy")),
        },
    )
