"""The project's follow-up for coordinators: its milestones (add, change, mark done) and the
reference group's checkpoints. Each keeps what was typed across reruns, saves through the project
service with optimistic locking, and on a conflict shows what someone else changed."""

from __future__ import annotations

import streamlit as st

from osloreg.enums import CheckpointKind
from osloreg.queries.project_detail import Checkpoint, ProjectDetail
from osloreg.rules.validation import TITLE_MAX
from osloreg.services import projects as service
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_date, t
from osloreg.ui.login import CurrentUser
from osloreg.ui.projects import loaders as project_loaders
from osloreg.ui.projects.forms import NOTE_MAX, describer


def milestones_editor(user: CurrentUser, detail: ProjectDetail) -> None:
    """Add a milestone; change one (mark it done by giving the day), or remove one entered by mistake."""
    st.markdown(f"**{t('project.milestones.add')}**")
    form_id = f"milestone_new_{detail.id}"
    _, _, keys = forms.form_fields(form_id, {"title": "", "due_on": None, "done_on": None})
    left, middle, right = st.columns([3, 1, 1])
    title = left.text_input(t("field.milestone_title"), max_chars=TITLE_MAX, key=keys["title"])
    due_on = middle.date_input(t("field.due_on"), format=forms.date_format(), key=keys["due_on"])
    done_on = right.date_input(t("field.done_on"), format=forms.date_format(), key=keys["done_on"])
    if st.button(t("project.milestones.add_button"), icon=":material/add:", key=f"{form_id}_save"):
        added = forms.save(
            lambda session: service.add_milestone(
                session, actor=user.actor, project_id=detail.id, title=title, due_on=due_on, done_on=done_on
            ),
        )
        if added is not None:
            forms.finish(form_id, keys, t("project.milestones.added"))
    if detail.milestones.empty:
        return
    st.markdown(f"**{t('project.milestones.change')}**")
    names = {int(row.id): f"{fmt_date(row.due_on)} {row.title}" for row in detail.milestones.itertuples()}
    snapshots = {int(row.id): row.snapshot for row in detail.milestones.itertuples()}
    chosen = forms.options_box(
        t("project.milestones.which"),
        list(names.items()),
        key=f"milestone_choice_{detail.id}",
        none_label="–",
    )
    if chosen is None:
        return
    row = detail.milestones[detail.milestones["id"] == chosen].iloc[0]
    form_id = f"milestone_{chosen}"
    start = {
        "expected": snapshots[chosen],
        "title": row["title"],
        "due_on": row["due_on"],
        "done_on": row["done_on"],
    }
    start["done_on"] = (
        None if start["done_on"] is None or str(start["done_on"]) == "NaT" else start["done_on"]
    )
    base_key, base, keys = forms.form_fields(form_id, start)
    left, middle, right = st.columns([3, 1, 1])
    title = left.text_input(t("field.milestone_title"), max_chars=TITLE_MAX, key=keys["title"])
    due_on = middle.date_input(t("field.due_on"), format=forms.date_format(), key=keys["due_on"])
    done_on = right.date_input(t("field.done_on"), format=forms.date_format(), key=keys["done_on"])
    labels = {"title": t("field.milestone_title"), "due_on": t("field.due_on"), "done_on": t("field.done_on")}
    save_col, remove_col = st.columns([1, 2])
    if save_col.button(t("project.milestones.save"), icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.update_milestone(
                session,
                actor=user.actor,
                milestone_id=chosen,
                expected=base["expected"],
                title=title,
                due_on=due_on,
                done_on=done_on,
            ),
            base_key=base_key,
            labels=labels,
            describe=describer({}),
        )
        if saved is not None:
            forms.finish(form_id, keys, t("project.milestones.saved"))
    with remove_col:
        remove = forms.confirmed_button(
            t("project.milestones.remove"),
            t("project.milestones.remove_confirm"),
            key=f"{form_id}_remove",
            confirm_key=f"{form_id}_remove_confirm",
            icon=":material/delete:",
        )
    if remove and forms.save(
        lambda session: service.remove_milestone(
            session, actor=user.actor, milestone_id=chosen, expected=base["expected"]
        ),
        base_key=base_key,
        labels=labels,
        describe=describer({}),
    ):
        forms.forget([f"milestone_choice_{detail.id}", f"{form_id}_remove_confirm"])
        forms.finish(form_id, keys, t("project.milestones.removed"))
    forms.show_conflict(form_id)


# --- Checkpoints -------------------------------------------------------------------------------------


def checkpoint_editor(user: CurrentUser, detail: ProjectDetail, checkpoint: Checkpoint) -> None:
    """Record or correct one checkpoint: a date (and meeting) for informed, the advice for the input
    round, a date for quality-assured; a note for any. Take it back if it was recorded by mistake."""
    kind = checkpoint.kind
    form_id = f"checkpoint_{detail.id}_{kind}"
    start = {
        "expected": checkpoint.state,
        "on_date": checkpoint.on_date,
        "meeting_id": checkpoint.meeting_id,
        "advice_id": checkpoint.advice_id,
        "note": checkpoint.note or "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    meetings, advice = project_loaders.checkpoint_choices(detail.id, detail.body_id)
    meetings, advice = dict(meetings), dict(advice)
    if checkpoint.meeting_id is not None:
        meetings.setdefault(checkpoint.meeting_id, checkpoint.meeting or str(checkpoint.meeting_id))
    if checkpoint.advice_id is not None:
        advice.setdefault(checkpoint.advice_id, checkpoint.advice or str(checkpoint.advice_id))
    meeting_id = advice_id = None
    if kind == CheckpointKind.INPUT_ROUND:
        advice_id = forms.options_box(
            t("field.checkpoint_advice"), list(advice.items()), key=keys["advice_id"], none_label="–"
        )
        if not advice:
            st.caption(t("project.checkpoint.no_advice"))
    on_date = st.date_input(
        t(
            "field.checkpoint_date_optional"
            if kind == CheckpointKind.INPUT_ROUND
            else "field.checkpoint_date"
        ),
        format=forms.date_format(),
        key=keys["on_date"],
    )
    if kind == CheckpointKind.INFORMED:
        meeting_id = forms.options_box(
            t("field.meeting_id"), list(meetings.items()), key=keys["meeting_id"], none_label="–"
        )
    note = st.text_input(t("field.checkpoint_note"), max_chars=NOTE_MAX, key=keys["note"])
    labels = {
        "on_date": t("field.checkpoint_date"),
        "meeting_id": t("field.meeting_id"),
        "advice_id": t("field.checkpoint_advice"),
        "note": t("field.checkpoint_note"),
    }
    describe = describer({"meeting_id": meetings, "advice_id": advice})
    save_col, clear_col = st.columns([1, 2])
    if save_col.button(
        t("project.checkpoint.save"), type="primary", icon=":material/task_alt:", key=f"{form_id}_save"
    ):
        saved = forms.save(
            lambda session: service.record_checkpoint(
                session,
                actor=user.actor,
                project_id=detail.id,
                kind=kind,
                expected=base["expected"],
                on_date=on_date,
                meeting_id=meeting_id,
                advice_id=advice_id,
                note=note.strip() or None,
            ),
            base_key=base_key,
            labels=labels,
            describe=describe,
        )
        if saved is not None:
            forms.finish(form_id, keys, t("project.checkpoint.saved", checkpoint=t(f"checkpoint.{kind}")))
    forms.show_conflict(form_id)  # after a save or a clear that someone else's change refused
    if checkpoint.state is None:
        return
    with clear_col:
        clear = forms.confirmed_button(
            t("project.checkpoint.clear"),
            t("project.checkpoint.clear_confirm"),
            key=f"{form_id}_clear",
            confirm_key=f"{form_id}_clear_confirm",
        )
    if clear and forms.save(
        lambda session: service.clear_checkpoint(
            session, actor=user.actor, project_id=detail.id, kind=kind, expected=base["expected"]
        ),
        base_key=base_key,
        labels=labels,
        describe=describe,
    ):
        forms.forget([f"{form_id}_clear_confirm"])
        forms.finish(form_id, keys, t("project.checkpoint.cleared", checkpoint=t(f"checkpoint.{kind}")))
