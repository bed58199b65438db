"""The coordinator's overview of the meeting cycle: innkallinger due, protokoller awaiting approval."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg.queries.overview import CoordinatorLists
from osloreg.ui.kit.links import DeepLink
from osloreg.ui.kit.session import fmt_date, fmt_number, t
from osloreg.ui.kit.tables import days, shown_of, table, text, wall_clocks

MEETING_LINK = DeepLink("meeting")  # a meeting listed opens on the calendar page


def _meeting_links(meetings: pd.DataFrame) -> None:
    """A link to each meeting listed, opening it on the calendar page."""
    for row in meetings.itertuples():
        name = f"{row.body} {fmt_date(row.starts_at)}" + (
            f": {row.title}" if isinstance(row.title, str) else ""
        )
        MEETING_LINK.link("pages/calendar.py", int(row.id), name)


def notice_due(coordinator: CoordinatorLists) -> None:
    due = coordinator.notice_due
    st.subheader(t("overview.coordinator.notice_due", count=fmt_number(due.total)))
    st.caption(t("overview.coordinator.notice_due_help"))
    if due.rows.empty:
        st.success(t("overview.coordinator.notice_due_none"))
        return
    rows = due.rows.assign(when=wall_clocks(due.rows["starts_at"]), due=days(due.rows["due_on"]))
    table(
        rows,
        {
            "due": text(t("overview.col.notice_due")),
            "when": text(t("overview.col.when")),
            "body": text(t("overview.col.body")),
            "title": text(t("overview.col.title")),
        },
    )
    shown_of(due)
    _meeting_links(due.rows)


def minutes_waiting(coordinator: CoordinatorLists) -> None:
    waiting = coordinator.minutes_waiting
    st.subheader(t("overview.coordinator.minutes_waiting", count=fmt_number(waiting.total)))
    if waiting.rows.empty:
        st.success(t("overview.coordinator.minutes_waiting_none"))
        return
    rows = waiting.rows.assign(when=wall_clocks(waiting.rows["starts_at"]))
    table(
        rows,
        {
            "when": text(t("overview.col.when")),
            "body": text(t("overview.col.body")),
            "title": text(t("overview.col.title")),
        },
    )
    shown_of(waiting)
    _meeting_links(waiting.rows)
