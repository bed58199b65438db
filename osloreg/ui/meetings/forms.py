"""The coordinators' meeting editors: plan a meeting; move it or change its place; cancel it; the
minutes and the attendance (the agenda and its results are in agenda.py). Each keeps what was typed
across reruns and saves through a service (a conflict shows what changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from osloreg.enums import CallAnswer
from osloreg.queries.common import optional_int
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules import meetings as rules
from osloreg.rules.validation import TITLE_MAX
from osloreg.services import meetings as service
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import MISSING, escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import loaders as meeting_loaders


def _when(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    return dt.datetime.combine(day, time) if day is not None and time is not None else None


def _time_fields(keys: Mapping[str, str]) -> tuple[dt.datetime | None, dt.datetime | None]:
    day_col, start_col, end_col = st.columns(3)
    day = day_col.date_input(t("field.meeting_day"), format=forms.date_format(), key=keys["day"])
    start = start_col.time_input(t("field.starts_at"), step=dt.timedelta(minutes=15), key=keys["start"])
    end = end_col.time_input(t("field.ends_at"), step=dt.timedelta(minutes=15), key=keys["end"])
    return _when(day, start), _when(day, end)


# --- A new meeting, and changing or cancelling one ---------------------------------------------------------


def plan_form(user: CurrentUser, bodies: list[tuple[int, str]], today: dt.date) -> None:
    groups = dict(meeting_loaders.active_groups(today)) | dict(bodies)
    form_id = "meeting_new"
    start = {
        "body_id": None,
        "day": None,
        "start": dt.time(9, 0),
        "end": dt.time(11, 0),
        "place": "",
        "title": "",
    }
    _, _, keys = forms.form_fields(form_id, start)
    body_id = forms.options_box(
        t("field.body_id"), sorted(groups.items(), key=lambda item: item[1]), key=keys["body_id"]
    )
    starts_at, ends_at = _time_fields(keys)
    place = st.text_input(t("field.place"), max_chars=TITLE_MAX, key=keys["place"])
    title = st.text_input(t("field.meeting_title"), max_chars=TITLE_MAX, key=keys["title"])
    if st.button(
        t("meeting.new.save"), type="primary", icon=":material/event_available:", key=f"{form_id}_save"
    ):
        if body_id is None:
            st.error(t("error.required", field=t("field.body_id")))
            return
        planned = forms.save(
            lambda session: service.plan_meeting(
                session,
                actor=user.actor,
                body_id=body_id,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip() or None,
                title=title.strip() or None,
            )
        )
        if planned is not None:
            forms.forget([f"{form_id}_base", *keys.values()])
            forms.flash(t("meeting.new.done"))
            st.query_params["meeting"] = str(planned.id)
            st.rerun()


def meeting_editor(user: CurrentUser, detail: MeetingDetail) -> None:
    """Move the meeting or change its place and title (the history keeps the old); cancel it."""
    form_id = f"meeting_{detail.id}"
    start = {
        "version": detail.version,
        "day": detail.starts_at.date(),
        "start": detail.starts_at.time(),
        "end": detail.ends_at.time() if detail.ends_at else None,
        "place": detail.place or "",
        "title": detail.title or "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    st.header(t("meeting.edit.title"))
    starts_at, ends_at = _time_fields(keys)
    place = st.text_input(t("field.place"), max_chars=TITLE_MAX, key=keys["place"])
    title = st.text_input(t("field.meeting_title"), max_chars=TITLE_MAX, key=keys["title"])
    labels = {"day": t("field.meeting_day"), "start": t("field.starts_at"), "end": t("field.ends_at")}
    labels |= {"place": t("field.place"), "title": t("field.meeting_title")}
    if st.button(t("meeting.edit.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.update_meeting(
                session,
                actor=user.actor,
                meeting_id=detail.id,
                expected_version=base["version"],
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip() or None,
                title=title.strip() or None,
            ),
            base_key=base_key,
            labels=labels,
        )
        if saved is not None:
            forms.finish(form_id, keys, t("meeting.edit.done"))
    forms.show_conflict(form_id)
    if rules.took_place(detail.status):  # planned or called: it may still be called off
        return
    st.header(t("meeting.cancel.title"))
    reason = st.text_input(t("field.reason"), max_chars=service.REASON_MAX, key=f"{form_id}_reason")
    cancel = forms.confirmed_button(
        t("meeting.cancel.button"),
        t("meeting.cancel.confirm"),
        key=f"{form_id}_cancel",
        confirm_key=f"{form_id}_cancel_confirm",
        icon=":material/event_busy:",
    )
    if cancel and forms.save(
        lambda session: service.cancel_meeting(
            session, actor=user.actor, meeting_id=detail.id, expected_version=detail.version, reason=reason
        )
    ):
        forms.forget([f"{form_id}_reason", f"{form_id}_cancel_confirm"])
        forms.finish(form_id, keys, t("meeting.cancel.done"))


# --- Minutes and attendance --------------------------------------------------------------------------------


def minutes_editor(user: CurrentUser, detail: MeetingDetail) -> None:
    form_id = f"minutes_{detail.id}"
    base_key, base, keys = forms.form_fields(
        form_id, {"version": detail.version, "minutes": detail.minutes or ""}
    )
    minutes = st.text_area(t("field.minutes"), height=240, max_chars=service.MINUTES_MAX, key=keys["minutes"])
    if st.button(t("meeting.minutes.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.record_minutes(
                session,
                actor=user.actor,
                meeting_id=detail.id,
                expected_version=base["version"],
                minutes=minutes,
            ),
            base_key=base_key,
            labels={"minutes": t("field.minutes")},
        )
        if saved is not None:
            forms.finish(form_id, keys, t("meeting.minutes.done"))
    forms.show_conflict(form_id)


def _attendance_rows(detail: MeetingDetail) -> list[tuple]:
    """The editor's rows: the recorded attendance once there is one; before that, what forfall and the
    vara called in say (a member with forfall for the whole meeting has sent apologies; a vara who
    accepted meets for the member)."""
    members = meeting_loaders.members_on(detail.body_id, detail.starts_at.date())
    roster = meeting_loaders.roster(detail.id)
    whole = set()
    accepted: dict[int, tuple[int, str, int | None, str | None]] = {}  # vara -> (member, name, unit)
    if roster is not None:
        whole = {
            int(row.person_id)
            for row in roster.absences.itertuples()
            if pd.isna(row.from_position) and pd.isna(row.to_position)
        }
        names = dict(zip(roster.absences["person_id"], roster.absences["person"], strict=True))
        for call in roster.calls.itertuples():
            if call.answer == CallAnswer.ACCEPTED:
                unit_id = next(
                    (
                        optional_int(a.unit_id)
                        for a in roster.absences.itertuples()
                        if a.absence_id == call.absence_id
                    ),
                    None,
                )
                accepted[int(call.vara_id)] = (
                    int(call.member_id),
                    names.get(call.member_id, ""),
                    unit_id,
                    call.vara,
                )
    recorded = {int(row.person_id): row for row in detail.attendance.itertuples()}
    fresh = not recorded
    rows = []
    for person_id, name, unit_id, unit in members:
        known = recorded.pop(person_id, None)
        if known is not None:
            rows.append(
                (
                    person_id,
                    name,
                    known.unit,
                    known.unit_id,
                    bool(known.present),
                    not known.present,
                    optional_int(known.attended_for_person_id),
                    known.attended_for,
                )
            )
        else:
            away = fresh and person_id in whole
            rows.append((person_id, name, unit, unit_id, fresh and not away, away, None, None))
    units = dict(zip(roster.members["unit_id"], roster.members["unit"], strict=True)) if roster else {}
    for vara_id, (member_id, member, unit_id, vara) in accepted.items():
        known = recorded.pop(vara_id, None)
        if known is not None:
            rows.append(
                (
                    vara_id,
                    vara,
                    known.unit,
                    known.unit_id,
                    bool(known.present),
                    not known.present,
                    optional_int(known.attended_for_person_id),
                    known.attended_for,
                )
            )
        else:
            rows.append((vara_id, vara, units.get(unit_id), unit_id, fresh, False, member_id, member))
    for person_id, known in recorded.items():  # recorded earlier, no longer a member: kept
        rows.append(
            (
                person_id,
                known.person,
                known.unit,
                known.unit_id,
                bool(known.present),
                not known.present,
                optional_int(known.attended_for_person_id),
                known.attended_for,
            )
        )
    return rows


def attendance_editor(user: CurrentUser, detail: MeetingDetail) -> None:
    """Who of the body's members was there for which unit, who sent forfall, and which vara met for
    whom; it starts from the forfall and the vara called in."""
    rows = _attendance_rows(detail)
    if not rows:
        st.caption(t("meeting.attendance.no_members"))
        return
    columns = ["person_id", "person", "unit", "unit_id", "present", "apologies", "attended_for_person_id"]
    table_ = pd.DataFrame(rows, columns=[*columns, "attended_for"])
    expected = [
        {
            "person_id": int(row.person_id),
            "unit_id": optional_int(row.unit_id),
            "present": bool(row.present),
            "attended_for_person_id": optional_int(row.attended_for_person_id),
        }
        for row in detail.attendance.sort_values("person_id").itertuples()
    ]
    st.header(t("meeting.attendance.edit"))
    if detail.attendance.empty and any(row[5] or row[6] is not None for row in rows):
        st.caption(t("meeting.attendance.from_forfall"))
    edited = st.data_editor(
        table_,
        column_order=["person", "unit", "attended_for", "present", "apologies"],
        column_config={
            "person": st.column_config.TextColumn(t("meeting.col.person"), disabled=True),
            "unit": st.column_config.TextColumn(t("meeting.col.unit"), disabled=True),
            "attended_for": st.column_config.TextColumn(t("meeting.col.attended_for"), disabled=True),
            "present": st.column_config.CheckboxColumn(t("meeting.attendance.present")),
            "apologies": st.column_config.CheckboxColumn(t("meeting.attendance.apologies")),
        },
        hide_index=True,
        placeholder=MISSING,
        # A new editor once the recorded attendance changes, so it never shows an older list's edits.
        key=forms.key(
            f"attendance_{detail.id}", tuple(tuple(sorted(row.items())) for row in expected), len(rows)
        ),
    )
    if st.button(
        t("meeting.attendance.save"),
        type="primary",
        icon=":material/how_to_reg:",
        key=f"attendance_save_{detail.id}",
    ):
        both = edited[edited["present"] & edited["apologies"]]
        if not both.empty:
            st.error(t("meeting.attendance.both", person=escape_markdown(str(both.iloc[0]["person"]))))
            return
        attendees = [
            {
                "person_id": int(row.person_id),
                "unit_id": optional_int(row.unit_id),
                "present": bool(row.present),
                "attended_for_person_id": optional_int(row.attended_for_person_id),
            }
            for row in edited.itertuples()
            if row.present or row.apologies
        ]
        if forms.save(
            lambda session: service.record_attendance(
                session, actor=user.actor, meeting_id=detail.id, expected=expected, attendees=attendees
            )
        ):
            forms.flash(t("meeting.attendance.done"))
            st.rerun()
