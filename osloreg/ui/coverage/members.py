"""Dekning, the members tab: a body's members on a date (current, coming, former) with their roles,
the units they represent and the basis of each; export as Excel or CSV; the membership editors for
coordinators; the body's membership history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg import export, i18n
from osloreg.queries.memberships import Members
from osloreg.ui.coverage import loaders as coverage_loaders
from osloreg.ui.coverage import memberships as membership_forms
from osloreg.ui.kit import downloads, history
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import day, days, labels, table, text
from osloreg.ui.login import CurrentUser


def member_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        role_text=labels("overview.member_role", frame["role"]),
        start=days(frame["start_on"]),
        end=days(frame["end_on"]),
        basis_text=labels("basis", frame["basis"]),
    )


MEMBER_EXPORT = (
    "person",
    "role_text",
    "unit",
    "appointed_by",
    "employer",
    "start_on",
    "end_on",
    "basis_text",
)


def members_file(members: Members, body: str, *, kind: str, language_: str) -> bytes:
    """The members as Excel (current and former, a sheet each) or CSV (current), in `language_`:
    built on the download's own thread, where the session (and its language) is not at hand."""

    def words(prefix: str, value) -> str:
        return i18n.translate(f"{prefix}.{value}", language_) if isinstance(value, str) else ""

    def sheet(frame: pd.DataFrame) -> pd.DataFrame:
        shown = frame.assign(
            role_text=frame["role"].map(lambda value: words("overview.member_role", value)),
            basis_text=frame["basis"].map(lambda value: words("basis", value)),
        ).loc[:, list(MEMBER_EXPORT)]
        return shown.rename(
            columns={name: i18n.translate(f"coverage.export.{name}", language_) for name in MEMBER_EXPORT}
        )

    if kind == "xlsx":
        return export.to_excel(
            {
                i18n.translate("coverage.export.current", language_): sheet(members.current),
                i18n.translate("coverage.export.former", language_): sheet(members.former),
            }
        )
    return export.to_csv(sheet(members.current))


def members_tab(user: CurrentUser, body_id: int, on: dt.date, editor: bool) -> None:
    members = coverage_loaders.members(body_id, on)
    name = dict(coverage_loaders.body_choices()).get(body_id, "")
    columns = {
        "person": text(t("coverage.col.person")),
        "role_text": text(t("coverage.col.role")),
        "unit": text(t("coverage.col.unit")),
        "appointed_by": text(t("coverage.col.appointed_by")),
        "employer": text(t("coverage.col.employer")),
        "start": text(t("coverage.col.start")),
        "end": text(t("coverage.col.end")),
        "basis_text": text(t("coverage.col.basis")),
    }
    st.subheader(t("coverage.members.current", date=day(on), count=fmt_number(len(members.current))))
    downloads.export_buttons(
        t("coverage.export.file", body=name.replace(" ", "-").lower()[:40], date=on.isoformat()),
        lambda kind: downloads.deferred_file(
            lambda _session, language_: members_file(members, name, kind=kind, language_=language_)
        ),
        disabled=members.current.empty and members.former.empty,
        key="coverage_members_export",
    )
    if members.current.empty:
        st.caption(t("coverage.members.none"))
    else:
        table(member_rows(members.current), columns)
    if not members.coming.empty:
        st.subheader(t("coverage.members.coming", count=len(members.coming)))
        table(member_rows(members.coming), columns)
    with st.expander(t("coverage.members.former", count=len(members.former)), key="coverage_former_open"):
        if members.former.empty:
            st.caption(t("coverage.members.no_former"))
        else:
            table(member_rows(members.former), columns)
    if editor:
        membership_forms.membership_editors(user, body_id, on, members)
    st.subheader(t("coverage.members.history"))
    history.show(
        f"coverage_history_page_{body_id}",
        lambda limit, offset: coverage_loaders.body_history(body_id, limit, offset),
        coded={"role": "overview.member_role"},
        empty=t("coverage.members.no_history"),
    )
