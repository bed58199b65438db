"""The meeting calendar (Møtekalender): a month grid with a colour per body and today marked, the
month's meetings as a list to open, calendar files, and a new meeting for coordinators. Each day says
its weekday, so the grid still reads when a narrow screen stacks its columns; colour repeats words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st
from babel.dates import format_date as babel_format_date
from sqlalchemy.orm import Session

from osloreg import ical
from osloreg.clock import oslo_today
from osloreg.enums import MeetingStatus
from osloreg.queries import meetings as meeting_queries
from osloreg.rules import meetings as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.sources import time_made_up
from osloreg.ui.kit import downloads, forms, tables
from osloreg.ui.kit.session import fmt_date, fmt_number, language, settings, t
from osloreg.ui.kit.tables import escape_markdown, label, labels, wall_clock
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import forms as meeting_forms
from osloreg.ui.meetings import loaders as meeting_loaders
from osloreg.ui.meetings import meeting as meeting_view

Column = st.column_config
MONTH_KEY = "calendar_month"  # (year, month) shown
BODIES_KEY = "calendar_bodies"
DAY_KEY = "calendar_day"  # a day chosen in the grid: the list shows its meetings
SAVED_BODIES = "calendar_saved_bodies"
BABEL = {"nb": "nb_NO", "en": "en_GB"}
# A day in the grid: its weekday and number ("man. 7."), and the month too for the days of the months
# around ("man. 30. nov.").
DAY_FORMATS = {"nb": ("EEE d.", "EEE d. MMM"), "en": ("EEE d", "EEE d MMM")}
AHEAD = (MeetingStatus.PLANNED, MeetingStatus.CALLED)  # the meetings that have a coverage forecast


def _month() -> tuple[int, int]:
    today = oslo_today()
    return st.session_state.get(MONTH_KEY) or (today.year, today.month)


def _go(months: int | None) -> None:
    """Move the calendar by `months`, or back to this month (None)."""
    if months is None:
        today = oslo_today()
        st.session_state[MONTH_KEY] = (today.year, today.month)
    else:
        st.session_state[MONTH_KEY] = rules.shift_month(*_month(), months)
    st.session_state.pop(DAY_KEY, None)


def month_name(year: int, month: int) -> str:
    """ "desember 2026" / "December 2026"."""
    return babel_format_date(dt.date(year, month, 1), "LLLL y", locale=BABEL.get(language(), "nb_NO"))


def day_name(day: dt.date, *, other_month: bool = False) -> str:
    """ "man. 7." for a day of the month shown, "man. 30. nov." for one of the months around it."""
    in_month, around = DAY_FORMATS.get(language(), DAY_FORMATS["nb"])
    return babel_format_date(day, around if other_month else in_month, locale=BABEL.get(language(), "nb_NO"))


def _bodies(options: list[tuple[int, str]]) -> tuple[int, ...]:
    """The bodies to show (none chosen: all); kept while a meeting is open."""
    names = dict(options)
    if BODIES_KEY not in st.session_state and SAVED_BODIES in st.session_state:
        st.session_state[BODIES_KEY] = [b for b in st.session_state[SAVED_BODIES] if b in names]
    chosen = st.multiselect(
        t("calendar.filter.bodies"),
        list(names),
        format_func=lambda value: names.get(value, str(value)),
        placeholder=t("calendar.filter.all_bodies"),
        key=BODIES_KEY,
    )
    st.session_state[SAVED_BODIES] = list(chosen)
    return tuple(sorted(chosen))


def _cell_line(row: meeting_queries.DayMeeting) -> str:
    colour = rules.body_colour(int(row.body_id))
    if time_made_up(row.source):  # the day is known, the hour is not: no time shown as fact
        text = f"{escape_markdown(row.body)} :gray[({t('calendar.cell.time_made_up')})]"
    else:
        text = f"{row.starts_at:%H:%M} {escape_markdown(row.body)}"
    if row.status == "cancelled":  # struck through, and said: a screen reader reads no strike
        text = f"~~{text}~~ ({escape_markdown(label('meeting_status', row.status).lower())})"
    return f":{colour}[●] {text}"


def _choose_day(day: dt.date | None) -> None:
    st.session_state[DAY_KEY] = day


def day_label(day: dt.date, *, month: int, today: dt.date) -> str:
    """A day's button: its weekday and number; today marked in colour and in words, a day of the
    months around in grey and with its month."""
    name = day_name(day, other_month=day.month != month)
    if day == today:
        return f":red-background[**{t('chart_text.calendar.today', day=name)}**]"
    return f":gray[{name}]" if day.month != month else name


def _grid(view: meeting_queries.MonthView, today: dt.date) -> None:
    """Seven columns a week; a day is a button, named by its weekday and number, that lists its
    meetings below, its first meetings are lines of text (the same elements however busy the month:
    a grid of links would grow with the number of meetings). No row of weekday headings: below
    640 px Streamlit stacks the columns, and the headings would end up in a list of their own, far
    from the days they name (columns that do not stack, wrap=False, keep a minimum width and make
    each week scroll sideways at 320 px)."""
    chosen = st.session_state.get(DAY_KEY)
    for week in view.weeks:
        for column, day in zip(st.columns(7), week, strict=True):
            with column.container(border=True):
                st.button(
                    day_label(day, month=view.month, today=today),
                    type="primary" if day == chosen else "tertiary",
                    on_click=_choose_day,
                    args=(None if day == chosen else day,),
                    help=t("calendar.day_help"),
                    key=f"calendar_day_{day.isoformat()}",
                )
                lines = [_cell_line(row) for row in view.days.get(day, [])]
                more = view.per_day.get(day, 0) - len(lines)
                if more > 0:
                    lines.append(f":gray[{t('calendar.more', count=more)}]")
                if lines:
                    st.markdown("  \n".join(lines))


def _ics_file(*, body_id: int | None, name: str) -> Callable[[], bytes]:
    """A calendar file of one body's meetings or all, built only when the user clicks download."""
    base_url, labels = settings().base_url, ical.labels(language())

    def build(session: Session, _language: str) -> bytes:
        found = meeting_queries.calendar_meetings(session, body_id=body_id)
        return ical.calendar_file(found, name=name, base_url=base_url, labels=labels)

    return downloads.deferred_file(build)


def _downloads(user: CurrentUser, options: list[tuple[int, str]], body_ids: tuple[int, ...]) -> None:
    names = dict(options)
    with st.expander(t("calendar.ics.title"), key="calendar_ics_open"):
        st.caption(t("calendar.ics.help"))
        # A file is a copy that goes stale; a subscription follows the meetings (the user's own address).
        tables.link(user, "notifications", "calendar.ics.subscribe")
        left, right = st.columns(2)
        one = body_ids[0] if len(body_ids) == 1 else None
        if one is not None:
            left.download_button(
                t("calendar.ics.body", body=escape_markdown(names.get(one, ""))),
                data=_ics_file(body_id=one, name=names.get(one, "")),
                file_name=f"{t('calendar.ics.file')}-{one}.ics",
                mime="text/calendar",
                icon=":material/event:",
                on_click="ignore",
                key="calendar_ics_body",
            )
        else:
            left.caption(t("calendar.ics.choose_body"))
        right.download_button(
            t("calendar.ics.all"),
            data=_ics_file(body_id=None, name=t("calendar.ics.all_name")),
            file_name=f"{t('calendar.ics.file')}.ics",
            mime="text/calendar",
            icon=":material/calendar_month:",
            on_click="ignore",
            key="calendar_ics_all",
        )


def _with_forecast(rows: pd.DataFrame, columns: dict, today: dt.date) -> pd.DataFrame:
    """The coverage forecast of the meetings on screen that lie ahead, in columns of their own (added
    only when one does): read in one call for the ids shown, never a meeting at a time."""
    ahead = rows["status"].isin(AHEAD) & (rows["starts_at"] >= dt.datetime.combine(today, dt.time()))
    ids = tuple(int(meeting_id) for meeting_id in rows.loc[ahead, "id"])
    if not ids:
        return rows
    found = meeting_loaders.forecasts(ids)
    if found.empty:
        return rows
    by_id = {int(row.meeting_id): row for row in found.itertuples()}
    coverage, missing, quorum = [], [], []
    for meeting_id in rows["id"]:
        row = by_id.get(int(meeting_id))
        short = (
            row is not None
            and not pd.isna(row.quorum_required)
            and row.expected_present < row.quorum_required
        )
        coverage.append(
            t("forecast.covered_of", covered=row.covered, expected=row.expected)
            if row is not None and row.expected
            else ""
        )
        missing.append(", ".join(row.missing) if row is not None else "")
        quorum.append(
            t("calendar.no_quorum", present=int(row.expected_present), required=int(row.quorum_required))
            if short
            else ""
        )
    columns["coverage"] = Column.TextColumn(t("calendar.col.coverage"), help=t("calendar.col.coverage_help"))
    columns["missing"] = Column.TextColumn(t("calendar.col.missing"))
    columns["quorum"] = Column.TextColumn(t("calendar.col.quorum"))
    return rows.assign(coverage=coverage, missing=missing, quorum=quorum)


def _list(year: int, month: int, body_ids: tuple[int, ...], today: dt.date) -> None:
    """The month's meetings, or the chosen day's, to open."""
    day = st.session_state.get(DAY_KEY)
    if (
        isinstance(day, dt.date)
        and (day.year, day.month) != (year, month)
        and day not in [d for week in rules.month_grid(year, month) for d in week]
    ):
        day = None
    if isinstance(day, dt.date):
        first, after = day, day + dt.timedelta(days=1)
        heading = t("calendar.list.day", day=fmt_date(day, long=True))
    else:
        first = dt.date(year, month, 1)
        after = dt.date(*rules.shift_month(year, month, 1), 1)
        heading = t("calendar.list.title", month=month_name(year, month))
    page_key = forms.key("calendar_list_page", first, after, body_ids)
    listing = forms.paged(
        page_key, lambda limit, offset: meeting_loaders.meeting_list(first, after, body_ids, limit, offset)
    )
    st.header(f"{heading} ({fmt_number(listing.total)})")
    if isinstance(day, dt.date):
        st.button(
            t("calendar.list.whole_month"), on_click=_choose_day, args=(None,), key="calendar_whole_month"
        )
    if listing.rows.empty:
        st.info(t("calendar.list.none"))
        return
    rows = listing.rows.assign(
        when=[
            t("calendar.when_made_up", when=wall_clock(starts_at))
            if time_made_up(source)
            else wall_clock(starts_at)
            for starts_at, source in zip(listing.rows["starts_at"], listing.rows["source"], strict=True)
        ],
        state=labels("meeting_status", listing.rows["status"]),
        body_mark=[f"● {name}" for name in listing.rows["body"]],
    )
    columns = {
        "when": Column.TextColumn(t("calendar.col.when")),
        "body": Column.TextColumn(t("calendar.col.body")),
        "title": Column.TextColumn(t("calendar.col.title")),
        "place": Column.TextColumn(t("calendar.col.place")),
        "state": Column.TextColumn(t("calendar.col.status")),
        "items": Column.NumberColumn(t("calendar.col.items"), format="%d"),
    }
    rows = _with_forecast(rows, columns, today)
    chosen = forms.selectable_table("calendar_list", rows, columns, listing=listing, page_key=page_key)
    st.caption(t("calendar.list.select"))
    if chosen:
        meeting_view.LINK.open(chosen[0])


def render(user: CurrentUser) -> None:
    today = oslo_today()
    st.title(t("nav.calendar"))
    st.caption(t("calendar.intro"))
    forms.show_flash()
    options = meeting_loaders.body_options()
    year, month = _month()
    # One row that wraps where the window is narrow, rather than columns that stack below 640 px and
    # would put the month between its arrows on lines of their own.
    with st.container(horizontal=True, vertical_alignment="center", key="calendar_month_bar"):
        st.button("‹", help=t("calendar.previous"), on_click=_go, args=(-1,), key="calendar_previous")
        st.header(month_name(year, month).capitalize(), width="content")
        st.button("›", help=t("calendar.next"), on_click=_go, args=(1,), key="calendar_next")
        st.button(t("calendar.today"), on_click=_go, args=(None,), key="calendar_today")
    body_ids = _bodies(options)
    view = meeting_loaders.month_view(year, month, body_ids)
    st.caption(t("calendar.month_count", count=fmt_number(view.total)))
    _grid(view, today)
    _list(year, month, body_ids, today)
    _downloads(user, options, body_ids)
    if allowed(user.roles, Action.MANAGE_WORK):
        # Drawn only while open: the form's choice of body lists every body, which costs on every run.
        new = st.expander(
            t("calendar.new.title"), icon=":material/add:", key="calendar_new_open", on_change="rerun"
        )
        if new.open:
            with new:
                meeting_forms.plan_form(user, options, today)
