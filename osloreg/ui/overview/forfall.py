"""Forfall on the overview: what the coordinator must follow up, meetings that will lack coverage, and a
member's own next meetings with forfall to report or withdraw."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from osloreg.queries import meetings_ahead
from osloreg.queries.meetings_ahead import FORECAST_DAYS, MY_MEETINGS_DAYS
from osloreg.rules.permissions import Action, allowed
from osloreg.services import attendance as service
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_date, fmt_number, t
from osloreg.ui.kit.tables import escape_markdown, labels, table, text, wall_clock, wall_clocks
from osloreg.ui.login import CurrentUser
from osloreg.ui.overview import loaders
from osloreg.ui.overview.meeting_cycle import MEETING_LINK

Column = st.column_config
CALENDAR = "pages/calendar.py"
MY_MEETINGS_SHOWN = 10  # a form each: more would bury the rest of the overview


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# --- The coordinator ------------------------------------------------------------------------------


def to_handle(today: dt.date) -> None:
    """Forfall to meetings ahead with no vara who has said yes, and where each stands."""
    rows, total = loaders.forfall_to_handle(today)
    st.subheader(t("forecast.handle.title", count=fmt_number(total)))
    if rows.empty:
        st.caption(t("forecast.handle.none"))
        return
    st.caption(t("forecast.handle.help"))
    table(
        rows.assign(when=wall_clocks(rows["starts_at"]), vara=labels("forecast.state", rows["state"])),
        {
            "when": text(t("forecast.col.when")),
            "body": text(t("forecast.col.body")),
            "person": text(t("forecast.col.person")),
            "reason": Column.TextColumn(t("forecast.col.reason"), width="large"),
            "vara": text(t("forecast.col.state")),
        },
    )
    if total > len(rows):
        st.caption(t("overview.shown_of", shown=len(rows), total=fmt_number(total)))
    for row in rows.itertuples():
        label = t("forecast.handle.link", person=row.person, body=row.body, date=fmt_date(row.starts_at))
        MEETING_LINK.link(CALENDAR, int(row.meeting_id), label)


def coverage_gaps(today: dt.date) -> None:
    """Meetings in the next days whose forecast misses units, with a warning where the body would not
    be vedtaksfør."""
    gaps = meetings_ahead.coverage_gaps(loaders.forecasts_ahead(today))
    st.subheader(t("forecast.gaps.title", days=FORECAST_DAYS, count=fmt_number(len(gaps))))
    if gaps.empty:
        st.caption(t("forecast.gaps.none", days=FORECAST_DAYS))
        return
    st.caption(t("forecast.gaps.help"))
    short = [
        not _missing(required) and present < required
        for present, required in zip(gaps["expected_present"], gaps["quorum_required"], strict=True)
    ]
    rows = gaps.assign(
        when=wall_clocks(gaps["starts_at"]),
        covered_of=[
            t("forecast.covered_of", covered=covered, expected=expected)
            for covered, expected in zip(gaps["covered"], gaps["expected"], strict=True)
        ],
        missing_units=gaps["missing"].map(", ".join),
        quorum=[
            t("forecast.no_quorum", present=int(present), required=int(required)) if is_short else ""
            for present, required, is_short in zip(
                gaps["expected_present"], gaps["quorum_required"], short, strict=True
            )
        ],
    )
    table(
        rows,
        {
            "when": text(t("forecast.col.when")),
            "body": text(t("forecast.col.body")),
            "covered_of": text(t("forecast.col.covered")),
            "missing_units": Column.TextColumn(t("forecast.col.missing"), width="large"),
            "vara_asked": Column.NumberColumn(t("forecast.col.vara_asked"), format="%d"),
            "quorum": text(t("forecast.col.quorum")),
        },
    )
    for row, is_short in zip(rows.itertuples(), short, strict=True):
        if is_short:
            st.warning(
                t(
                    "forecast.no_quorum_at",
                    body=escape_markdown(row.body),
                    date=fmt_date(row.starts_at),
                    present=int(row.expected_present),
                    required=int(row.quorum_required),
                ),
                icon=":material/warning:",
            )
    for row in rows.itertuples():
        MEETING_LINK.link(
            CALENDAR,
            int(row.meeting_id),
            t("forecast.gaps.link", body=row.body, date=fmt_date(row.starts_at)),
        )


# --- A member -------------------------------------------------------------------------------------


def my_meetings(user: CurrentUser, today: dt.date) -> None:
    """The member's next meetings: the forfall they reported (and the vara who comes), or a form to
    report it for the whole meeting; their own forfall can be withdrawn."""
    if user.person_id is None or not allowed(user.roles, Action.REPORT_ATTENDANCE):
        return
    st.subheader(t("forecast.my.title"))
    forms.show_flash()
    meetings = loaders.my_meetings(user.person_id, today)
    if meetings.empty:
        st.caption(t("forecast.my.none", days=MY_MEETINGS_DAYS))
        return
    st.caption(t("forecast.my.help"))
    for row in meetings.head(MY_MEETINGS_SHOWN).itertuples():
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(wall_clock(row.starts_at))}** · {escape_markdown(row.body)}")
            if _missing(row.absence_id):
                _report_form(user, row)
            else:
                _reported(user, row)
    if len(meetings) > MY_MEETINGS_SHOWN:
        st.caption(t("forecast.my.shown_of", shown=MY_MEETINGS_SHOWN, total=fmt_number(len(meetings))))


def _reported(user: CurrentUser, row) -> None:
    words = t("forecast.my.reported", reason=row.reason)
    if not _missing(row.vara):
        words += " · " + t("forecast.my.vara", name=row.vara)
    st.markdown(escape_markdown(words))
    if st.button(
        t("forecast.my.withdraw"), icon=":material/undo:", key=f"forfall_withdraw_{int(row.absence_id)}"
    ):
        saved = forms.save(
            lambda session: service.withdraw_absence(
                session, actor=user.actor, absence_id=int(row.absence_id)
            )
        )
        if saved is not None:
            forms.flash(
                t("forecast.my.withdrawn_done", body=escape_markdown(row.body), date=fmt_date(row.starts_at))
            )
            st.rerun()


def _report_form(user: CurrentUser, row) -> None:
    form_id = f"overview_forfall_{int(row.meeting_id)}"  # not the meeting page's form of one meeting
    _, _, keys = forms.form_fields(form_id, {"reason": ""})
    with st.form(f"{form_id}_form", border=False):
        reason = st.text_input(
            t("forecast.my.reason"),
            max_chars=service.REASON_MAX,
            help=t("forecast.my.reason_help"),
            key=keys["reason"],
        )
        send = st.form_submit_button(t("forecast.my.report"), icon=":material/event_busy:")
    if not send:
        return
    saved = forms.save(
        lambda session: service.report_absence(
            session, actor=user.actor, meeting_id=int(row.meeting_id), person_id=user.person_id, reason=reason
        )
    )
    if saved is not None:
        forms.finish(
            form_id,
            keys,
            t("forecast.my.reported_done", body=escape_markdown(row.body), date=fmt_date(row.starts_at)),
        )
