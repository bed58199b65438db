"""The admin's notice periods: each body's days before a meeting its innkalling is due, with the basis."""

from __future__ import annotations

import streamlit as st

from osloreg.enums import Basis
from osloreg.services import meeting_cycle as service
from osloreg.sources import describe_notice_basis
from osloreg.ui.admin import loaders
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import escape_markdown, table, text
from osloreg.ui.login import CurrentUser

BASES = (Basis.SOURCED, Basis.ILLUSTRATIVE)


def _missing(value) -> bool:
    return value is None or value != value


def render(user: CurrentUser) -> None:
    st.caption(t("admin.bodies.intro"))
    bodies = loaders.notice_periods()
    if bodies.empty:
        return
    rows = bodies.assign(
        basis=[
            ""
            if _missing(basis)
            else describe_notice_basis(basis, None if _missing(source) else source, language())
            for basis, source in zip(bodies["notice_basis"], bodies["notice_source"], strict=True)
        ]
    )
    table(
        rows,
        {
            "body": text(t("admin.bodies.col.body")),
            "notice_days": st.column_config.NumberColumn(t("admin.bodies.col.days"), format="%d"),
            "basis": st.column_config.TextColumn(t("admin.bodies.col.basis"), width="large"),
        },
    )
    st.subheader(t("admin.bodies.edit"))
    names = dict(zip(bodies["id"].astype(int), bodies["body"], strict=True))
    body_id = st.selectbox(
        t("admin.bodies.body"), list(names), format_func=lambda value: names[value], key="notice_body"
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
