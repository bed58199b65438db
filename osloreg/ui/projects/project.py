"""One project (the pipeline page with ?project=ID): what it is, where it stands, its milestones and
the reference group's checkpoints, the input and advice on it, its history; editors for coordinators."""

from __future__ import annotations

import streamlit as st

from osloreg.clock import oslo_today
from osloreg.enums import CheckpointKind
from osloreg.i18n import history as history_words
from osloreg.queries.project_detail import ProjectDetail
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.text import safe_markdown
from osloreg.ui.kit import forms, history, links
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import (
    basis_caption,
    basis_words,
    day,
    days,
    escape_markdown,
    history_link,
    label,
    labels,
    moments,
    table,
    text,
)
from osloreg.ui.login import CurrentUser
from osloreg.ui.projects import forms as project_forms
from osloreg.ui.projects import loaders as project_loaders
from osloreg.ui.projects import milestones as milestone_forms

Column = st.column_config
LINK = links.DeepLink("project")
QUERY_KEY = LINK.key
TAB_KEY = LINK.tab_key


def _header(detail: ProjectDetail) -> None:
    st.title(escape_markdown(detail.title))
    facts = [label("project_status", detail.status)]
    if detail.body:
        facts.append(escape_markdown(detail.body))
    if detail.owner:
        facts.append(t("project.owner", owner=escape_markdown(detail.owner)))
    st.caption(" · ".join(facts))
    basis_caption(detail.basis, detail.source)
    # A real project's name can be documented while its status and dates are the demo's: say so.
    own = [
        t(f"source.project.{part}", basis=basis_words(value))
        for part, value in (("status", detail.status_basis), ("dates", detail.dates_basis))
        if value != detail.basis
    ]
    if own:
        st.caption(escape_markdown(" · ".join(own)))
    for reason in sorted(detail.attention):
        st.warning(t(f"attention.{reason}.one"), icon=":material/flag:")
    status, progress, start, end, next_due = st.columns(5)
    status.metric(t("field.status"), label("project_status", detail.status))
    progress.metric(t("field.progress"), f"{detail.progress} %")
    start.metric(t("field.start_on"), day(detail.start_on) or "–")
    end.metric(t("field.end_on"), day(detail.end_on) or "–")
    upcoming = detail.milestones[detail.milestones["state"] != "done"]
    next_due.metric(t("project.next_milestone"), day(upcoming["due_on"].min()) if not upcoming.empty else "–")
    st.progress(detail.progress / 100)


def _point_words(detail: ProjectDetail, point_id: int, point: str) -> str:
    """ "3.2 Mål ... – Kilde: usikker – ..." for a delmål that is not sourced; the delmål alone if it is."""
    basis, source = detail.point_bases.get(point_id, ("sourced", None))
    return point if basis == "sourced" else f"{point} – {basis_words(basis, source)}"


def _about(detail: ProjectDetail) -> None:
    if detail.description:
        st.markdown(safe_markdown(detail.description))
    else:
        st.caption(t("project.no_description"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('field.partner_unit_ids')}**")
        partners = [escape_markdown(name) for _, name in detail.partners]
        st.markdown(", ".join(partners) if partners else "–")
        if detail.outside_partners:
            st.markdown(f"**{t('field.outside_partners')}**")
            st.markdown(escape_markdown(detail.outside_partners))
    with right:
        st.markdown(f"**{t('field.point_ids')}**")
        if detail.points:
            st.markdown(
                "\n".join(f"- {escape_markdown(_point_words(detail, *point))}" for point in detail.points)
            )
        else:
            st.markdown("–")
    st.header(t("project.status_history"))
    history = detail.status_history.assign(
        when=moments(detail.status_history["changed_at"]),
        change=[
            (label("project_status", before) + " → " if isinstance(before, str) else "")
            + label("project_status", after)
            for before, after in zip(
                detail.status_history["from_status"], detail.status_history["to_status"], strict=True
            )
        ],
    )
    table(
        history,
        {
            "when": text(t("project.col.when")),
            "change": text(t("project.col.change")),
            "changed_by": text(t("project.col.by")),
            "note": Column.TextColumn(t("field.status_note"), width="large"),
        },
    )


def _milestones(detail: ProjectDetail, editor: bool, user: CurrentUser) -> None:
    milestones = detail.milestones
    overdue = int((milestones["state"] == "overdue").sum())
    if milestones.empty:
        st.caption(t("project.milestones.none"))
    else:
        if overdue:
            st.warning(t("project.milestones.overdue", count=overdue), icon=":material/schedule:")
        shown = milestones.assign(
            due=days(milestones["due_on"]),
            done=days(milestones["done_on"]),
            state_text=milestones["state"].map(lambda value: t(f"milestone_state.{value}")),
        )
        table(
            shown,
            {
                "title": Column.TextColumn(t("field.milestone_title"), width="large"),
                "due": text(t("field.due_on")),
                "done": text(t("field.done_on")),
                "state_text": text(t("project.col.state")),
            },
        )
    if editor:
        milestone_forms.milestones_editor(user, detail)


def _checkpoints(detail: ProjectDetail, editor: bool, user: CurrentUser) -> None:
    st.caption(t("project.checkpoints.help"))
    for kind in CheckpointKind:
        checkpoint = detail.checkpoints[kind.value]
        with st.container(border=True):
            state = t("project.checkpoint.passed" if checkpoint.passed else "project.checkpoint.missing")
            icon = "✓" if checkpoint.passed else "○"
            st.markdown(f"**{icon} {t(f'checkpoint.{kind.value}')}**: {state}")
            facts = []
            if checkpoint.on_date:
                facts.append(day(checkpoint.on_date))
            if checkpoint.meeting:
                facts.append(t("project.checkpoint.meeting", meeting=escape_markdown(checkpoint.meeting)))
            if checkpoint.advice:
                facts.append(t("project.checkpoint.advice", advice=escape_markdown(checkpoint.advice)))
            if facts:
                st.markdown(" · ".join(facts))
            if checkpoint.note:
                st.caption(escape_markdown(checkpoint.note))
            if editor:
                # A key of its own keeps it open when a message above shifts the page.
                with st.expander(
                    t("project.checkpoint.edit" if checkpoint.state else "project.checkpoint.record"),
                    key=f"project_checkpoint_open_{detail.id}_{kind.value}",
                ):
                    milestone_forms.checkpoint_editor(user, detail, checkpoint)


def _input_and_advice(detail: ProjectDetail) -> None:
    given = project_loaders.project_input(detail.id)
    st.header(t("project.advice.title", count=fmt_number(len(given.advice))))
    if given.advice.empty:
        st.caption(t("project.advice.none"))
    else:
        advice = given.advice.assign(
            state_text=labels("advice_state", given.advice["state"]),
            submitted=days(given.advice["submitted_at"]),
            result=labels("outcome", given.advice["outcome"]),
            decided=days(given.advice["decided_at"]),
        )
        table(
            advice,
            {
                "title": Column.TextColumn(t("project.col.title"), width="large"),
                "body": text(t("project.col.group")),
                "state_text": text(t("project.col.state")),
                "submitted": text(t("project.col.submitted")),
                "result": text(t("project.col.outcome")),
                "decided": text(t("project.col.decided")),
                "rationale": Column.TextColumn(t("project.col.rationale"), width="large"),
            },
        )
    st.header(t("project.inputs.title", count=fmt_number(given.inputs_total)))
    if given.inputs.empty:
        st.caption(t("project.inputs.none"))
    else:
        inputs = given.inputs.assign(
            created=moments(given.inputs["created_at"]),
            state_text=labels("input_status", given.inputs["status"]),
            result=labels("outcome", given.inputs["outcome"]),
        )
        table(
            inputs,
            {
                "created": text(t("project.col.created")),
                "author": text(t("project.col.author")),
                "unit": text(t("project.col.unit")),
                "body": text(t("project.col.group")),
                "text": Column.TextColumn(t("project.col.text"), width="large"),
                "state_text": text(t("project.col.state")),
                "result": text(t("project.col.outcome")),
            },
        )
        if given.inputs_total > len(given.inputs):
            st.caption(t("overview.shown_of", shown=len(given.inputs), total=fmt_number(given.inputs_total)))


def _history(detail: ProjectDetail) -> None:
    st.caption(t("project.history.help"))
    history.show(
        f"project_history_page_{detail.id}",
        lambda limit, offset: project_loaders.project_history(detail.id, limit, offset),
        coded=history_words.coded("project"),
        empty=t("project.history.none"),
    )


@st.fragment
def _status_part(user: CurrentUser, detail: ProjectDetail) -> None:
    """Choosing the next status and writing its note change only this part: a click reruns it alone.
    Saving reruns the whole page (forms.finish), which shows the new status everywhere."""
    st.header(t("project.status.title"))
    project_forms.status_editor(user, detail)


def render(user: CurrentUser, project_id: int | None) -> None:
    """One project; None (a link whose id names no record) is "not found", as a missing one is."""
    today = oslo_today()
    st.button(t("project.back"), icon=":material/arrow_back:", on_click=LINK.back, key="project_back")
    detail = None if project_id is None else project_loaders.project(project_id, today)
    if detail is None:
        st.warning(t("project.gone"))
        return
    forms.show_flash()
    _header(detail)
    history_link(user, "project", detail.id)
    editor = allowed(user.roles, Action.MANAGE_WORK)
    names = ["about", "milestones", "checkpoints", "input", "history"] + (["edit"] if editor else [])
    tabs = dict(
        zip(
            names,
            st.tabs([t(f"project.tab.{name}") for name in names], key=TAB_KEY, on_change="rerun"),
            strict=True,
        )
    )
    if tabs["about"].open:
        with tabs["about"]:
            _about(detail)
    if tabs["milestones"].open:
        with tabs["milestones"]:
            _milestones(detail, editor, user)
    if tabs["checkpoints"].open:
        with tabs["checkpoints"]:
            _checkpoints(detail, editor, user)
    if tabs["input"].open:
        with tabs["input"]:
            _input_and_advice(detail)
    if tabs["history"].open:
        with tabs["history"]:
            _history(detail)
    if editor and tabs["edit"].open:
        with tabs["edit"]:
            _status_part(user, detail)
            st.header(t("project.edit.title"))
            project_forms.details_editor(user, detail, today)
    if not editor:
        st.caption(t("project.read_only"))
