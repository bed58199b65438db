"""The admin's rules per body: the days before a meeting its innkalling is due, and when it is vedtaksfør."""

from __future__ import annotations

import streamlit as st

from osloreg.enums import Basis, QuorumRule
from osloreg.services import attendance as attendance_service
from osloreg.services import meeting_cycle as service
from osloreg.sources import describe_notice_basis
from osloreg.ui.admin import loaders
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import escape_markdown, labels, table, text
from osloreg.ui.login import CurrentUser

BASES = (Basis.SOURCED, Basis.ILLUSTRATIVE)
QUORUM_BASES = (Basis.SOURCED, Basis.UNCERTAIN, Basis.ILLUSTRATIVE)


def _missing(value) -> bool:
    return value is None or value != value


def render(user: CurrentUser) -> None:
    st.caption(t("admin.bodies.intro"))
    bodies = loaders.notice_periods()
    if bodies.empty:
        return
    quorums = loaders.quorum_rules()
    rows = bodies.merge(quorums.drop(columns="body"), on="id", how="left")
    rows = rows.assign(
        basis=[
            ""
            if _missing(basis)
            else describe_notice_basis(basis, None if _missing(source) else source, language())
            for basis, source in zip(rows["notice_basis"], rows["notice_source"], strict=True)
        ],
        quorum=labels("quorum_rule", rows["quorum_rule"]),
        quorum_basis_text=[
            ""
            if _missing(basis)
            else t(f"admin.quorum.basis_text.{basis}", source="–" if _missing(source) else source)
            for basis, source in zip(rows["quorum_basis"], rows["quorum_source"], strict=True)
        ],
    )
    table(
        rows,
        {
            "body": text(t("admin.bodies.col.body")),
            "notice_days": st.column_config.NumberColumn(t("admin.bodies.col.days"), format="%d"),
            "basis": st.column_config.TextColumn(t("admin.bodies.col.basis"), width="large"),
            "quorum": st.column_config.TextColumn(t("admin.quorum.col.rule"), width="medium"),
            "quorum_basis_text": st.column_config.TextColumn(t("admin.quorum.col.basis"), width="large"),
        },
    )
    st.header(t("admin.bodies.edit"))
    names = dict(zip(bodies["id"].astype(int), bodies["body"], strict=True))
    body_id = st.selectbox(
        t("admin.bodies.body"),
        list(names),
        format_func=lambda value: names[value],
        key="notice_body",
        placeholder=t("forms.choose_one"),
    )
    row = bodies[bodies["id"] == body_id].iloc[0]
    current = {
        "notice_days": None if _missing(row["notice_days"]) else int(row["notice_days"]),
        "notice_basis": None if _missing(row["notice_basis"]) else row["notice_basis"],
        "notice_source": None if _missing(row["notice_source"]) else row["notice_source"],
    }
    form_id = f"notice_{body_id}"
    start = {
        "expected": current,
        "days": current["notice_days"],
        "basis": current["notice_basis"] or Basis.ILLUSTRATIVE,
        "source": current["notice_source"] or "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    days = st.number_input(
        t("admin.bodies.days"), min_value=0, max_value=365, step=1, value=None, key=keys["days"]
    )
    basis = st.segmented_control(
        t("admin.bodies.basis"),
        list(BASES),
        format_func=lambda value: t(f"admin.bodies.basis.{value}"),
        key=keys["basis"],
    )
    source = st.text_input(
        t("admin.bodies.source"),
        max_chars=service.SOURCE_MAX,
        help=t("admin.bodies.source_help"),
        key=keys["source"],
    )
    if st.button(t("admin.bodies.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.set_notice_period(
                session,
                actor=user.actor,
                body_id=int(body_id),
                expected=base["expected"],
                days=None if days is None else int(days),
                basis=basis,
                source=source.strip() or None,
            ),
            base_key=base_key,
            labels={"days": t("admin.bodies.days"), "source": t("admin.bodies.source")},
        )
        if saved is not None:
            forms.finish(form_id, keys, t("admin.bodies.done", body=escape_markdown(names[body_id])))
    forms.show_conflict(form_id)
    _quorum_form(user, quorums)


def _quorum_form(user: CurrentUser, quorums) -> None:
    """A body's rule for vedtaksførhet, saved against the rule as it was read (another admin may have
    changed it meanwhile: the kit's merge then keeps what this admin changed)."""
    st.header(t("admin.quorum.edit"))
    st.caption(t("admin.quorum.intro"))
    names = dict(zip(quorums["id"].astype(int), quorums["body"], strict=True))
    body_id = st.selectbox(
        t("admin.quorum.body"),
        list(names),
        format_func=lambda value: names[value],
        key="quorum_body",
        placeholder=t("forms.choose_one"),
    )
    row = quorums[quorums["id"] == body_id].iloc[0]
    current = {
        "quorum_rule": row["quorum_rule"],
        "quorum_basis": None if _missing(row["quorum_basis"]) else row["quorum_basis"],
        "quorum_source": None if _missing(row["quorum_source"]) else row["quorum_source"],
    }
    form_id = f"quorum_{body_id}"
    start = {
        "expected": current,
        "rule": current["quorum_rule"],
        "basis": current["quorum_basis"],
        "source": current["quorum_source"] or "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    rule = st.selectbox(
        t("admin.quorum.rule"),
        list(QuorumRule),
        format_func=lambda value: t(f"quorum_rule.{value}"),
        key=keys["rule"],
        placeholder=t("forms.choose_one"),
    )
    basis = st.segmented_control(
        t("admin.quorum.basis"),
        list(QUORUM_BASES),
        format_func=lambda value: t(f"admin.quorum.basis.{value}"),
        key=keys["basis"],
        disabled=rule == QuorumRule.NONE,
    )
    source = st.text_input(
        t("admin.quorum.source"),
        max_chars=attendance_service.SOURCE_MAX,
        help=t("admin.quorum.source_help"),
        key=keys["source"],
        disabled=rule == QuorumRule.NONE,
    )
    if st.button(t("admin.quorum.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: attendance_service.set_quorum_rule(
                session,
                actor=user.actor,
                body_id=int(body_id),
                expected=base["expected"],
                rule=rule,
                basis=basis,
                source=source.strip() or None,
            ),
            base_key=base_key,
            labels={
                "rule": t("admin.quorum.rule"),
                "basis": t("admin.quorum.basis"),
                "source": t("admin.quorum.source"),
            },
            describe=_describe_quorum,
        )
        if saved is not None:
            forms.finish(form_id, keys, t("admin.quorum.done", body=escape_markdown(names[body_id])))
    forms.show_conflict(form_id)


def _describe_quorum(field: str, value) -> str:
    """A value of the quorum form in words, for the conflict message."""
    if value is None or value == "":
        return ""
    if field == "rule":
        return t(f"quorum_rule.{value}")
    if field == "basis":
        return t(f"admin.quorum.basis.{value}")
    return str(value)
