"""The project editors for coordinators: a project's details (new or existing) and its status (its
milestones and checkpoints are in milestones.py). Each keeps what was typed across reruns, saves
through a service with optimistic locking, and on a conflict shows what someone else changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from osloreg.enums import ProjectStatus
from osloreg.queries.project_detail import ProjectDetail
from osloreg.rules.validation import TEXT_MAX, TITLE_MAX
from osloreg.services import projects as service
from osloreg.ui.kit import forms, pickers, values
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.projects import loaders as project_loaders

NOTE_MAX = service.NOTE_MAX


# The project's codes in words, for the conflict message.
CODED = {"status": "project_status"}


def describer(names: Mapping[str, Mapping[int, str]]) -> Callable[[str, Any], str]:
    """(field, value) -> text for the conflict message: ids named from `names` (field -> id -> name)."""
    return values.describer(CODED, names)


# --- Details (new or existing) ----------------------------------------------------------------------

DETAIL_FIELDS = ("title", "description", "body_id", "owner_person_id", "start_on", "end_on", "progress")
DETAIL_FIELDS += ("outside_partners", "partner_unit_ids", "point_ids")


def _labels() -> dict[str, str]:
    labels = {name: t(f"field.{name}") for name in DETAIL_FIELDS}
    labels["status"] = t("field.status")
    return labels


def _owner_picker(key: str, current: int | None) -> int | None:
    return pickers.person_picker(
        key,
        lambda search, limit, include: project_loaders.person_options(search, False, limit, include),
        label=t("field.owner_person_id"),
        search_label=t("project.form.owner_search"),
        none_label=t("project.form.no_owner"),
        default=current,
    )


def details_editor(user: CurrentUser, detail: ProjectDetail | None, today: dt.date) -> None:
    """The details of a project: a new one (detail None; with its first status and a note) or an
    existing one (saved with the version it was read at)."""
    form_id = "project_new" if detail is None else f"project_{detail.id}"
    if detail is None:
        start: dict[str, Any] = {"version": None, "title": "", "description": "", "body_id": None}
        start |= {"owner_person_id": None, "start_on": None, "end_on": None, "progress": 0}
        start |= {"outside_partners": "", "partner_unit_ids": [], "point_ids": [], "status": None}
        start |= {"initial_status": ProjectStatus.IDEA, "note": ""}
    else:
        start = {
            "version": detail.version,
            "status": detail.status,
            "title": detail.title,
            "description": detail.description or "",
            "body_id": detail.body_id,
            "owner_person_id": detail.owner_person_id,
            "start_on": detail.start_on,
            "end_on": detail.end_on,
            "progress": detail.progress,
            "outside_partners": detail.outside_partners or "",
            "partner_unit_ids": [unit_id for unit_id, _ in detail.partners],
            "point_ids": [point_id for point_id, _ in detail.points],
        }
    base_key, base, keys = forms.form_fields(form_id, start)
    labels = _labels()
    groups = dict(project_loaders.active_groups(today))
    if base["body_id"] is not None and base["body_id"] not in groups and detail is not None:
        groups[base["body_id"]] = detail.body or str(base["body_id"])
    units = dict(project_loaders.unit_options(today))
    if detail is not None:
        units |= dict(detail.partners)
    points = dict(project_loaders.strategy_points())

    title = st.text_input(labels["title"], max_chars=TITLE_MAX, key=keys["title"])
    description = st.text_area(labels["description"], max_chars=TEXT_MAX, height=120, key=keys["description"])
    left, right = st.columns(2)
    with left:
        body_id = forms.options_box(
            labels["body_id"],
            list(groups.items()),
            key=keys["body_id"],
            none_label=t("project.form.no_group"),
        )
    with right:
        owner_id = _owner_picker(keys["owner_person_id"], base["owner_person_id"])
    first, second, third = st.columns(3)
    start_on = first.date_input(labels["start_on"], format=forms.date_format(), key=keys["start_on"])
    end_on = second.date_input(labels["end_on"], format=forms.date_format(), key=keys["end_on"])
    progress = third.slider(labels["progress"], 0, 100, step=5, format="%d %%", key=keys["progress"])
    partners = st.multiselect(
        labels["partner_unit_ids"],
        list(units),
        format_func=lambda value: units.get(value, str(value)),
        placeholder=t("project.form.choose"),
        key=keys["partner_unit_ids"],
    )
    outside = st.text_input(labels["outside_partners"], max_chars=TEXT_MAX, key=keys["outside_partners"])
    chosen_points = st.multiselect(
        labels["point_ids"],
        list(points),
        format_func=lambda value: points.get(value, str(value)),
        placeholder=t("project.form.choose"),
        key=keys["point_ids"],
    )
    values = {
        "title": title,
        "description": description.strip() or None,
        "body_id": body_id,
        "owner_person_id": owner_id,
        "start_on": start_on,
        "end_on": end_on,
        "progress": int(progress),
        "outside_partners": outside.strip() or None,
        "partner_unit_ids": tuple(partners),
        "point_ids": tuple(chosen_points),
    }
    if start_on is not None and end_on is not None and end_on < start_on:
        st.warning(t("error.end_before_start"))  # said now; the service refuses it on save too
    people = dict(project_loaders.person_options("", False, 1, owner_id))
    describe = describer(
        {"body_id": groups, "owner_person_id": people, "partner_unit_ids": units, "point_ids": points}
    )
    if detail is None:
        initial = st.segmented_control(
            t("project.form.initial_status"),
            list(service.START_STATUSES),
            format_func=lambda value: t(f"project_status.{value}"),
            required=True,
            key=keys["initial_status"],
        )
        note = st.text_input(t("project.form.first_note"), max_chars=NOTE_MAX, key=keys["note"])
        if st.button(t("project.form.create"), type="primary", icon=":material/add:", key=f"{form_id}_save"):
            created = forms.save(
                lambda session: service.create_project(
                    session, actor=user.actor, status=initial, note=note.strip() or None, **values
                ),
            )
            if created is not None:
                forms.forget([base_key, *keys.values()])
                forms.flash(t("project.created", title=escape_markdown(created.title)))
                st.query_params["project"] = str(created.id)
                st.rerun()
        return
    if st.button(t("project.form.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.update_project(
                session, actor=user.actor, project_id=detail.id, expected_version=base["version"], **values
            ),
            base_key=base_key,
            labels=labels,
            describe=describe,
        )
        if saved is not None:
            forms.finish(form_id, keys, t("project.saved"))
    forms.show_conflict(form_id)


# --- Status ------------------------------------------------------------------------------------------


def status_editor(user: CurrentUser, detail: ProjectDetail) -> None:
    """Move the project to one of the statuses its status allows, with a note for the history."""
    allowed = detail.next_statuses
    if not allowed:
        st.caption(t("project.status.final"))
        return
    form_id = f"project_status_{detail.id}"
    base_key, base, keys = forms.form_fields(
        form_id, {"status": detail.status, "to_status": None, "note": ""}
    )
    if st.session_state.get(keys["to_status"]) not in allowed:
        st.session_state[keys["to_status"]] = None  # a move no longer offered (the status changed)
    to_status = st.segmented_control(
        t("project.status.to"),
        allowed,
        format_func=lambda value: t(f"project_status.{value}"),
        key=keys["to_status"],
    )
    if to_status == ProjectStatus.ONGOING and detail.start_on is None:
        st.caption(t("project.status.sets_start"))
    if to_status == ProjectStatus.COMPLETED:
        st.caption(t("project.status.sets_done"))
    note = st.text_area(t("field.status_note"), max_chars=NOTE_MAX, height=80, key=keys["note"])
    if st.button(
        t("project.status.save"), type="primary", icon=":material/swap_horiz:", key=f"{form_id}_save"
    ):
        if to_status is None:
            st.error(t("project.status.choose"))
            return
        saved = forms.save(
            lambda session: service.change_status(
                session,
                actor=user.actor,
                project_id=detail.id,
                expected_status=base["status"],
                to_status=to_status,
                note=note,
            ),
            base_key=base_key,
            labels={"to_status": t("project.status.to"), "note": t("field.status_note")},
            describe=describer({}),
        )
        if saved is not None:
            forms.finish(form_id, keys, t("project.status.done", status=t(f"project_status.{to_status}")))
    forms.show_conflict(form_id)
