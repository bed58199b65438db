"""Dekning (membership coverage): for a body on a date, which expected units are covered directly,
through a municipality, or not at all; its coverage month by month; data-quality alerts; and the tabs
of its members (members.py) and of the directory editors for coordinators."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg import chart_text
from osloreg.clock import oslo_today
from osloreg.enums import Basis
from osloreg.rules import meetings as month_rules
from osloreg.rules.coverage import UnitRef
from osloreg.rules.memberships import Doubt
from osloreg.rules.permissions import Action, allowed
from osloreg.ui.coverage import directory as directory_forms
from osloreg.ui.coverage import loaders as coverage_loaders
from osloreg.ui.coverage import members, record
from osloreg.ui.kit import charts, forms
from osloreg.ui.kit.session import fmt_number, language, t
from osloreg.ui.kit.tables import day, days, escape_markdown, history_link, label, table, text
from osloreg.ui.login import CurrentUser

Column = st.column_config
BODY_KEY = "coverage_body"
DAY_KEY = "coverage_day"
TAB_KEY = "coverage_tab"
SAVED_TAB = "coverage_saved_tab"
SAVED = "coverage_saved"  # the body and day, kept while another page is open


def _shift(months: int | None) -> None:
    """Move the date a month back or ahead, or to today (None)."""
    current = st.session_state.get(DAY_KEY) or oslo_today()
    if months is None:
        st.session_state[DAY_KEY] = oslo_today()
        return
    year, month = month_rules.shift_month(current.year, current.month, months)
    last_day = (dt.date(*month_rules.shift_month(year, month, 1), 1) - dt.timedelta(days=1)).day
    st.session_state[DAY_KEY] = dt.date(year, month, min(current.day, last_day))


def _body_and_day() -> tuple[int | None, dt.date]:
    choices = coverage_loaders.body_choices()
    saved = st.session_state.get(SAVED) or {}
    default = saved.get("body") or coverage_loaders.default_body()
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        body_id = forms.options_box(t("coverage.body"), choices, key=BODY_KEY, default=default)
    if DAY_KEY not in st.session_state:
        st.session_state[DAY_KEY] = saved.get("day") or oslo_today()
    with right:
        back, on_col, ahead, now = st.columns([1, 3, 1, 2], vertical_alignment="bottom")
        back.button("‹", help=t("coverage.month_back"), on_click=_shift, args=(-1,), key="coverage_back")
        on = on_col.date_input(t("coverage.date"), format=forms.date_format(), key=DAY_KEY)
        ahead.button("›", help=t("coverage.month_ahead"), on_click=_shift, args=(1,), key="coverage_ahead")
        now.button(t("coverage.today"), on_click=_shift, args=(None,), key="coverage_now")
    st.session_state[SAVED] = {"body": body_id, "day": on}
    return body_id, on or oslo_today()


def _coverage_tab(body_id: int, on: dt.date) -> None:
    view = coverage_loaders.coverage_view(body_id, on)
    if view is None:
        st.warning(t("coverage.gone"))
        return
    cover = view.body.coverage
    if not cover.units:
        st.info(t("coverage.none_expected"))
    covered, size, leader, deputy = st.columns(4)
    covered.metric(
        t("coverage.metric.covered"),
        f"{cover.covered_count} / {cover.expected}" if cover.units else "–",
        help=t("coverage.metric.covered_help"),
    )
    # A limit is shown only where the body has one (a sourced one: the case paper sets none).
    size.metric(
        t("coverage.metric.size"),
        f"{cover.size} / {cover.max_members}" if cover.max_members else str(cover.size),
        delta=t("coverage.over_max") if cover.over_max else None,
        delta_color="inverse",
    )
    for column, key, state in (
        (leader, "coverage.metric.leader", cover.leader_state),
        (deputy, "coverage.metric.deputy", cover.deputy_state),
    ):
        words = {"yes": "coverage.yes", "no": "coverage.no", "unknown": "coverage.unknown_value"}
        column.metric(
            t(key), t(words[state]), help=t("coverage.unknown_help") if state == "unknown" else None
        )
    if cover.missing:
        st.warning(
            t("coverage.missing", units=escape_markdown(", ".join(unit.unit.name for unit in cover.missing))),
            icon=":material/person_off:",
        )
    if cover.unknown:
        st.info(
            t(
                "coverage.membership_unknown",
                units=escape_markdown(", ".join(unit.name for unit in cover.unknown)),
            )
        )
    unresolved = dict.fromkeys(link.seat.person_name for unit in cover.unresolved for link in unit.unresolved)
    if unresolved:
        st.warning(t("coverage.unresolved", people=escape_markdown(", ".join(unresolved))))
    if cover.over_max:
        st.warning(t("coverage.too_large", size=cover.size, max=cover.max_members))
    rows = pd.DataFrame(
        [
            (
                unit.unit.id,
                unit.unit.name,
                unit.unit.kind,
                str(unit.status),
                ", ".join(
                    dict.fromkeys(
                        [seat.person_name for seat in unit.direct]
                        + [link.seat.person_name for link in unit.indirect or unit.unresolved]
                    )
                ),
                ", ".join(unit.through),
                unit.has_several,
                row_basis(unit.unit, on),
            )
            for unit in cover.units
        ],
        columns=["id", "name", "kind", "status", "people", "through", "several", "basis"],
    )
    picture, listing = st.columns([3, 2])
    if not rows.empty:
        with picture:
            st.caption(t("coverage.treemap_help"))
            charts.chart(
                chart_text.unit_coverage(
                    rows.assign(
                        name=[
                            _with_basis(name, basis)
                            for name, basis in zip(rows["name"], rows["basis"], strict=True)
                        ]
                    ),
                    view.municipalities,
                    language(),
                    body=view.body.name,
                    group_labels={
                        kind: t(f"coverage.kind.{kind}") for kind in ("sub_region", "county", "municipality")
                    },
                ),
                key="coverage_treemap",
            )
        with listing:
            shown = rows.assign(
                state=[
                    t(f"coverage.status.{status}", through=through)
                    for status, through in zip(rows["status"], rows["through"], strict=True)
                ],
                basis_text=[
                    t(f"coverage.basis.{basis}") if basis != Basis.SOURCED else "" for basis in rows["basis"]
                ],
            )
            table(
                shown,
                {
                    "name": text(t("coverage.col.unit")),
                    "state": text(t("coverage.col.status")),
                    "people": text(t("coverage.col.people")),
                    "several": Column.CheckboxColumn(t("coverage.col.several")),
                    "basis_text": text(t("coverage.col.source")),
                },
            )
    _mandate(view.body.body_id, on)
    if cover.ending_soon:
        st.header(t("coverage.ending", count=len(cover.ending_soon)))
        table(
            pd.DataFrame(
                [
                    (seat.person_name, label("overview.member_role", seat.role), day(seat.end_on))
                    for seat in cover.ending_soon
                ],
                columns=["person", "role", "end"],
            ),
            {
                "person": text(t("coverage.col.person")),
                "role": text(t("coverage.col.role")),
                "end": text(t("coverage.col.end")),
            },
        )
    if cover.outside:
        st.caption(
            t(
                "coverage.outside",
                people=escape_markdown(", ".join(dict.fromkeys(seat.person_name for seat in cover.outside))),
            )
        )


_STRENGTH = {Basis.SOURCED: 3, Basis.UNCERTAIN: 2, Basis.ILLUSTRATIVE: 1}


def row_basis(unit: UnitRef, on: dt.date) -> str:
    """How well a coverage row is known: the weaker of the unit's basis and its membership period's."""
    period = unit.period_on(on)
    bases = [basis for basis in (unit.basis, period.basis if period else None) if basis in _STRENGTH]
    return min(bases, key=lambda basis: _STRENGTH[basis]) if bases else Basis.SOURCED


def _with_basis(name: str, basis: str) -> str:
    """The unit's name in the picture, with its basis in words where it is not documented."""
    return name if basis == Basis.SOURCED else f"{name} ({t(f'coverage.basis.{basis}')})"


def _mandate(body_id: int, on: dt.date) -> None:
    mandate = coverage_loaders.mandate(body_id, on)
    st.header(t("coverage.mandate.title"))
    if mandate is None:
        st.caption(t("coverage.mandate.none"))
        return
    st.markdown(escape_markdown(mandate.text))
    if mandate.case_label:
        st.caption(
            t(
                "coverage.mandate.case",
                case=mandate.case_label,
                title=escape_markdown(mandate.case_title or ""),
                date=day(mandate.valid_from) or "",
            )
        )
    if mandate.basis != Basis.SOURCED:
        source = f" · {escape_markdown(mandate.source)}" if mandate.source else ""
        st.caption(t(f"coverage.basis.{mandate.basis}") + source)


def _history_tab(body_id: int, on: dt.date) -> None:
    months = coverage_loaders.coverage_history(body_id, on)
    if months.empty or months["share"].isna().all():
        st.info(t("coverage.history.none"))
        return
    st.caption(t("coverage.history.help"))
    charts.chart(
        chart_text.coverage_months(months, language(), share_title=t("coverage.history.axis")),
        key="coverage_history_chart",
    )


def _alerts_tab(body_id: int, on: dt.date) -> None:
    every = st.toggle(t("coverage.alerts.every_body"), key="coverage_alerts_every")
    found = coverage_loaders.alerts(on, None if every else body_id)
    total = sum(found.counts.values())
    st.caption(t("coverage.alerts.help"))
    columns = st.columns(len(Doubt))
    for column, doubt in zip(columns, Doubt, strict=True):
        column.metric(t(f"doubt.{doubt}"), fmt_number(found.counts[doubt]))
    if not total:
        st.success(t("coverage.alerts.none"))
        return
    rows = found.rows.assign(
        why=found.rows["doubt"].map(lambda value: t(f"doubt.{value}")),
        start=days(found.rows["start_on"]),
        end=days(found.rows["end_on"]),
        detail_text=[
            day(value)
            if isinstance(value, dt.date | dt.datetime)
            else (label("overview.member_role", value) if isinstance(value, str) else "")
            for value in found.rows["detail"]
        ],
    )
    table(
        rows,
        {
            "why": text(t("coverage.col.doubt")),
            "body": text(t("coverage.col.body")),
            "person": text(t("coverage.col.person")),
            "unit": text(t("coverage.col.unit")),
            "start": text(t("coverage.col.start")),
            "end": text(t("coverage.col.end")),
            "detail_text": text(t("coverage.col.detail")),
        },
    )


def render(user: CurrentUser) -> None:
    st.title(t("nav.coverage"))
    if record.shown():
        return
    st.caption(t("coverage.intro"))
    forms.show_flash()
    body_id, on = _body_and_day()
    if body_id is None:
        st.info(t("coverage.no_bodies"))
        return
    history_link(user, "body", body_id)
    editor = allowed(user.roles, Action.MANAGE_DIRECTORY)
    names = ["coverage", "members", "history", "alerts"] + (["directory"] if editor else [])
    tabs = forms.remembered_tabs(
        {name: t(f"coverage.tab.{name}") for name in names}, key=TAB_KEY, saved_key=SAVED_TAB
    )
    if tabs["coverage"].open:
        with tabs["coverage"]:
            _coverage_tab(body_id, on)
    if tabs["members"].open:
        with tabs["members"]:
            members.members_tab(user, body_id, on, editor)
    if tabs["history"].open:
        with tabs["history"]:
            _history_tab(body_id, on)
    if tabs["alerts"].open:
        with tabs["alerts"]:
            _alerts_tab(body_id, on)
    if editor and tabs["directory"].open:
        with tabs["directory"]:
            directory_forms.directory_editors(user, on)
    if not editor:
        st.caption(t("coverage.read_only"))
