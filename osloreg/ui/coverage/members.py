"""Dekning, the members tab: a body's members on a date (current, its vara apart, coming, former) with
their roles, the units they represent and the basis of each; export as Excel or CSV; the membership
editors for coordinators; the body's membership history."""

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


def vara_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The vara on the day as the vara section shows them: whom each stands in for (a unit, or a
    member as personal vara), their order, their term."""
    stands_in_for = [
        t("vara.personal", person=row.for_person) if isinstance(row.for_person, str) else row.unit
        for row in frame.itertuples()
    ]
    order = [str(int(value)) if pd.notna(value) else "" for value in frame["substitute_order"]]
    term = [
        f"{start} – {end}" if end else f"{start} –"
        for start, end in zip(days(frame["start_on"]), days(frame["end_on"]), strict=True)
    ]
    return frame.assign(for_text=stands_in_for, order_text=order, term=term)


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
        sheets = {
            i18n.translate("coverage.export.current", language_): sheet(members.current),
            i18n.translate("coverage.export.former", language_): sheet(members.former),
        }
        if not members.varas.empty:
            sheets[i18n.translate("vara.export_sheet", language_)] = sheet(members.varas)
        return export.to_excel(sheets)
    # One table: the vara after the members, their role saying so.
    return export.to_csv(sheet(pd.concat([members.current, members.varas], ignore_index=True)))


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
    st.header(t("coverage.members.current", date=day(on), count=fmt_number(len(members.current))))
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
    if not members.varas.empty:
        st.header(t("vara.section", count=fmt_number(len(members.varas))))
        st.caption(t("vara.section_help"))
        table(
            vara_rows(member_rows(members.varas)),
            {
                "person": text(t("coverage.col.person")),
                "for_text": text(t("vara.col.for")),
                "order_text": text(t("vara.col.order")),
                "term": text(t("vara.col.term")),
                "basis_text": text(t("coverage.col.basis")),
            },
        )
    if not members.coming.empty:
        st.header(t("coverage.members.coming", count=len(members.coming)))
        table(member_rows(members.coming), columns)
    with st.expander(t("coverage.members.former", count=len(members.former)), key="coverage_former_open"):
        if members.former.empty:
            st.caption(t("coverage.members.no_former"))
        else:
            table(member_rows(members.former), columns)
    if editor:
        membership_forms.membership_editors(user, body_id, on, members)
    st.header(t("coverage.members.history"))
    history.show(
        f"coverage_history_page_{body_id}",
        lambda limit, offset: coverage_loaders.body_history(body_id, limit, offset),
        coded={"role": "overview.member_role"},
        empty=t("coverage.members.no_history"),
    )
