"""One meeting (the calendar page with ?meeting=ID): body, time, place, status and its cycle, the agenda
with each case's result, the protokoll, who attended for which unit (and which vara for whom) and which
expected units were absent, forfall and habilitet, its history and calendar file; the coordinators'
editors beside them."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from osloreg import i18n, ical
from osloreg.i18n import history as history_words
from osloreg.queries import meetings as meeting_queries
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.text import safe_markdown
from osloreg.ui.documents.view import document_section
from osloreg.ui.kit import downloads, forms, history, links
from osloreg.ui.kit.session import fmt_date, fmt_number, language, settings, t
from osloreg.ui.kit.tables import basis_caption, escape_markdown, history_link, label, table, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import agenda, cycle, forfall, minutes
from osloreg.ui.meetings import forms as meeting_forms
from osloreg.ui.meetings import loaders as meeting_loaders

Column = st.column_config
LINK = links.DeepLink("meeting")
CASE_LINK = links.DeepLink("case")  # an agenda item opens its case on the cases page
QUERY_KEY = LINK.key
TAB_KEY = LINK.tab_key


def meeting_title(detail: MeetingDetail) -> str:
    return f"{detail.body} {fmt_date(detail.starts_at)}" + (f": {detail.title}" if detail.title else "")


def _times(detail: MeetingDetail) -> str:
    start = f"{fmt_date(detail.starts_at)} {detail.starts_at:%H:%M}"
    return start + (f"–{detail.ends_at:%H:%M}" if detail.ends_at else "")


def _ics(detail: MeetingDetail) -> None:
    base_url, labels = settings().base_url, ical.labels(language())

    def build(session: Session, _language: str) -> bytes:
        found = meeting_queries.calendar_meetings(session, meeting_id=detail.id)
        return ical.calendar_file(found, name=detail.body, base_url=base_url, labels=labels)

    st.download_button(
        t("meeting.ics"),
        data=downloads.deferred_file(build),
        file_name=f"{t('calendar.ics.file')}-{detail.id}.ics",
        mime="text/calendar",
        icon=":material/event:",
        on_click="ignore",
        key="meeting_ics",
    )


def _cancel_reason(meeting_id: int) -> str | None:
    history = meeting_loaders.meeting_history(meeting_id, 50, 0)
    for action, changes in zip(history.rows["action"], history.rows["changes"], strict=True):
        if action == "meeting.cancel":
            return next((after for path, _, after in changes if path == "reason"), None)
    return None


def _agenda(detail: MeetingDetail, editor: bool, user: CurrentUser) -> None:
    items = detail.agenda
    if items.empty:
        st.caption(t("meeting.agenda.none"))
    else:
        rows = items.assign(
            # A case with its number in this body (none yet: the title alone), or a heading.
            item=[
                (f"{case} {title}" if isinstance(case, str) else title) if isinstance(title, str) else heading
                for case, title, heading in zip(items["case"], items["title"], items["heading"], strict=True)
            ],
            result_word=[
                i18n.case_result(result, language(), deciding=deciding, treated=None)
                for result, deciding in zip(items["result"], items["authoritative"], strict=True)
            ],
            result_text=items["result_text"].map(lambda value: value if isinstance(value, str) else ""),
            deciding=items["authoritative"].map(lambda value: bool(value) if value == value else False),
        )
        table(
            rows,
            {
                "position": Column.NumberColumn(t("meeting.col.position"), format="%d"),
                "item": Column.TextColumn(t("meeting.col.item"), width="large"),
                "deciding": Column.CheckboxColumn(t("meeting.col.deciding")),
                "result_word": text(t("meeting.col.result")),
                "result_text": Column.TextColumn(t("meeting.col.result_text"), width="large"),
            },
        )
        for row in rows.itertuples():
            if isinstance(row.closed_basis, str):
                st.caption(
                    t("meeting.agenda.closed_note", basis=escape_markdown(row.closed_basis))
                    + f" ({t('meeting.col.position')} {row.position})"
                )
            if isinstance(row.title, str):
                shown = row.case if isinstance(row.case, str) else row.title
                CASE_LINK.link("pages/cases.py", int(row.case_id), t("meeting.agenda.open_case", case=shown))
    if editor:
        agenda.agenda_editor(user, detail)


def _minutes(detail: MeetingDetail, editor: bool, user: CurrentUser) -> None:
    minutes.protokoll(user, detail, editor)
    st.header(t("meeting.protokoll.free_text"))
    if detail.minutes:
        st.markdown(safe_markdown(detail.minutes))
    else:
        st.caption(t("meeting.minutes.none"))
    if editor:
        meeting_forms.minutes_editor(user, detail)


def _attendance(detail: MeetingDetail, editor: bool, user: CurrentUser) -> None:
    absent = detail.absent
    if absent.expected_count:
        st.markdown(t("meeting.attendance.covered", given=absent.given_count, expected=absent.expected_count))
        if absent.missing:
            st.warning(
                t(
                    "meeting.attendance.absent",
                    units=escape_markdown(", ".join(name for _, name in absent.missing)),
                )
            )
    if detail.attendance.empty:
        st.caption(t("meeting.attendance.none"))
    else:
        rows = detail.attendance.assign(
            state=detail.attendance["present"].map(
                lambda present: t("meeting.attendance.present" if present else "meeting.attendance.apologies")
            )
        )
        table(
            rows,
            {
                "person": text(t("meeting.col.person")),
                "unit": text(t("meeting.col.unit")),
                "attended_for": text(t("meeting.col.attended_for")),
                "state": text(t("meeting.col.present")),
            },
        )
    if editor:
        meeting_forms.attendance_editor(user, detail)


def _history(detail: MeetingDetail) -> None:
    history.show(
        f"meeting_history_page_{detail.id}",
        lambda limit, offset: meeting_loaders.meeting_history(detail.id, limit, offset),
        coded=history_words.coded("meeting"),
        empty=t("meeting.history.none"),
    )


def render(user: CurrentUser, meeting_id: int | None) -> None:
    """One meeting; None (a link whose id names no record) is "not found", as a missing one is."""
    st.button(t("meeting.back"), icon=":material/arrow_back:", on_click=LINK.back, key="meeting_back")
    detail = None if meeting_id is None else meeting_loaders.meeting(meeting_id)
    if detail is None:
        st.warning(t("meeting.gone"))
        return
    forms.show_flash()
    st.title(escape_markdown(meeting_title(detail)))
    facts = [escape_markdown(detail.body), _times(detail)]
    if detail.place:
        facts.append(escape_markdown(detail.place))
    facts.append(label("meeting_status", detail.status))
    st.caption(" · ".join(facts))
    basis_caption(detail.basis, detail.source)
    if detail.status == "cancelled":
        reason = _cancel_reason(detail.id)
        st.warning(
            t("meeting.cancelled", reason=escape_markdown(reason or "–")), icon=":material/event_busy:"
        )
    _ics(detail)
    history_link(user, "meeting", detail.id)
    forfall.quorum_warning(detail)
    editor = allowed(user.roles, Action.MANAGE_WORK) and detail.status != "cancelled"
    names = ["agenda", "cycle", "minutes", "attendance", "forfall", "history"] + (["edit"] if editor else [])
    shown = st.tabs(
        [t(f"meeting.tab.{name}", count=fmt_number(len(detail.agenda))) for name in names],
        key=TAB_KEY,
        on_change="rerun",
    )
    tabs = dict(zip(names, shown, strict=True))
    if tabs["agenda"].open:
        with tabs["agenda"]:
            _agenda(detail, editor, user)
    if tabs["cycle"].open:
        with tabs["cycle"]:
            cycle.cycle_panel(user, detail)
    if tabs["minutes"].open:
        with tabs["minutes"]:
            _minutes(detail, editor, user)
    if tabs["attendance"].open:
        with tabs["attendance"]:
            _attendance(detail, editor, user)
    if tabs["forfall"].open:
        with tabs["forfall"]:
            forfall.forfall_panel(user, detail)
    if tabs["history"].open:
        with tabs["history"]:
            _history(detail)
    if editor and tabs["edit"].open:
        with tabs["edit"]:
            meeting_forms.meeting_editor(user, detail)
    document_section(user, meeting_id=detail.id)
    if not allowed(user.roles, Action.MANAGE_WORK):
        st.caption(t("meeting.read_only"))
