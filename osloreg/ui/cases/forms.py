"""The case editors for coordinators: register a case with its planned path, edit a case (with the
conflict case), plan a step at the end of the path, remove a planned step. Each keeps what was typed
across reruns and saves through a service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from osloreg.enums import CaseLinkKind, ConsultationRole
from osloreg.queries.cases import CaseDetail
from osloreg.rules import cases as rules
from osloreg.rules.validation import TEXT_MAX, TITLE_MAX
from osloreg.services import cases as service
from osloreg.ui.cases import loaders as case_loaders
from osloreg.ui.kit import forms, pickers, values
from osloreg.ui.kit.session import fmt_date, t
from osloreg.ui.kit.tables import MISSING, escape_markdown
from osloreg.ui.login import CurrentUser

Column = st.column_config
ROLES = tuple(ConsultationRole)
EDIT_FIELDS = ("title", "officer_person_id", "proposed_decision", "final_decision")
TEXT_FIELDS = ("title", "proposed_decision", "final_decision")


def _role_name(value: Any) -> str:
    return t(f"consultation_role.{value}")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value)))


def _as_date(value: Any) -> dt.date | None:
    """A date cell of the path editor (a date, a timestamp or ISO text, as the editor hands it back)."""
    if _missing(value) or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _person_name(person_id: int | None) -> str:
    if person_id is None:
        return ""
    return dict(case_loaders.person_options("", 1, person_id)).get(person_id, f"#{person_id}")


def officer_picker(key: str) -> int | None:
    return pickers.person_picker(
        key,
        case_loaders.person_options,
        label=t("field.officer_person_id"),
        search_label=t("case.form.officer_search"),
        none_label=t("case.form.no_officer"),
    )


# --- A new case -------------------------------------------------------------------------------------

NEW = "case_new"
NEW_KEYS = {name: f"{NEW}_{name}" for name in ("year", "title", "officer", "proposed", "path")}
PATH_COLUMNS = ("body_id", "role", "authoritative", "planned_on")


def _empty_path() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "body_id": pd.Series(dtype="Int64"),
            "role": pd.Series(dtype="object"),
            "authoritative": pd.Series(dtype="boolean"),
            "planned_on": pd.Series(dtype="datetime64[ns]"),
        }
    )


def path_steps(edited: pd.DataFrame) -> list[dict[str, Any]] | None:
    """The steps typed into the path editor, in order, as register_case takes them; rows left empty
    are skipped. None (with a message) if a step has a date or is deciding but has no body."""
    steps = []
    for row in edited.to_dict("records"):
        # A row with nothing but the role the editor fills in by itself is an empty row.
        if all(
            _missing(row.get(name)) or row.get(name) in ("", False) for name in PATH_COLUMNS if name != "role"
        ):
            continue
        if _missing(row.get("body_id")):
            st.error(t("case.new.step_without_body", number=len(steps) + 1))
            return None
        role = row.get("role")
        steps.append(
            {
                "body_id": int(row["body_id"]),
                "role": ConsultationRole.PREPARATION if _missing(role) or not role else str(role),
                "authoritative": bool(row.get("authoritative"))
                if not _missing(row.get("authoritative"))
                else False,
                "planned_on": _as_date(row.get("planned_on")),
            }
        )
    return steps


def register_form(user: CurrentUser, today: dt.date) -> None:
    """Register a case: year, title, officer, proposed decision and its planned path. It gets the
    year's next registration number; its case numbers come when bodies put it on their agendas."""
    forms.keep({NEW_KEYS["year"]: today.year, NEW_KEYS["title"]: "", NEW_KEYS["proposed"]: ""})
    year = int(
        st.number_input(
            t("field.year"),
            min_value=rules.YEAR_MIN,
            max_value=rules.YEAR_MAX,
            step=1,
            help=t("case.new.number_help"),
            key=NEW_KEYS["year"],
        )
    )
    title = st.text_input(t("field.title"), max_chars=TITLE_MAX, key=NEW_KEYS["title"])
    officer = officer_picker(NEW_KEYS["officer"])
    proposed = st.text_area(
        t("field.proposed_decision"), max_chars=TEXT_MAX, height=120, key=NEW_KEYS["proposed"]
    )
    st.markdown(f"**{t('case.new.path')}**")
    st.caption(t("case.new.path_help"))
    groups = dict(case_loaders.active_groups(today))
    edited = st.data_editor(
        _empty_path(),
        num_rows="dynamic",
        hide_index=True,
        placeholder=MISSING,
        column_config={
            "body_id": Column.SelectboxColumn(
                t("case.col.body"),
                options=list(groups),
                format_func=lambda value: groups.get(value, str(value)),
                required=True,
                width="large",
            ),
            "role": Column.SelectboxColumn(
                t("case.field.role"),
                options=list(ROLES),
                format_func=_role_name,
                default=ConsultationRole.PREPARATION,
                required=True,
            ),
            "authoritative": Column.CheckboxColumn(t("case.field.authoritative"), default=False),
            "planned_on": Column.DateColumn(t("field.planned_on"), format=forms.date_format()),
        },
        key=NEW_KEYS["path"],
    )
    if not st.button(t("case.new.save"), type="primary", icon=":material/add:", key=f"{NEW}_save"):
        return
    path = path_steps(edited)
    if path is None:
        return
    created = forms.save(
        lambda session: service.register_case(
            session,
            actor=user.actor,
            year=year,
            title=title,
            officer_person_id=officer,
            proposed_decision=proposed.strip() or None,
            path=path,
        ),
    )
    if created is None:
        return
    forms.forget([*NEW_KEYS.values(), f"{NEW_KEYS['officer']}_search"])
    forms.flash(t("case.created", case=created.label, title=escape_markdown(created.title)))
    st.query_params["case"] = str(created.id)
    st.rerun()


# --- Editing a case -----------------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    return {name: t(f"field.{name}") for name in EDIT_FIELDS}


# A value of the case for the conflict message (the officer by name).
describe = values.describer(names={"officer_person_id": _person_name})


def details_editor(user: CurrentUser, detail: CaseDetail) -> None:
    """Title, officer, proposed and final decision, saved with the case as it was read: if someone
    changed it meanwhile, the save is refused and what they changed shown; what was typed stays."""
    form_id = f"case_{detail.id}"
    start = {"expected": detail.form} | {
        name: (detail.form[name] or "") if name in TEXT_FIELDS else detail.form[name] for name in EDIT_FIELDS
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    labels = _labels()
    title = st.text_input(labels["title"], max_chars=TITLE_MAX, key=keys["title"])
    officer = officer_picker(keys["officer_person_id"])
    proposed = st.text_area(
        labels["proposed_decision"], max_chars=TEXT_MAX, height=120, key=keys["proposed_decision"]
    )
    final = st.text_area(labels["final_decision"], max_chars=TEXT_MAX, height=120, key=keys["final_decision"])
    st.caption(t("case.edit.final_help"))
    clicked = st.button(t("case.edit.save"), type="primary", icon=":material/save:", key=f"{form_id}_save")
    forms.show_conflict(form_id)
    if not clicked:
        return
    saved = forms.save(
        lambda session: service.update_case(
            session,
            actor=user.actor,
            case_id=detail.id,
            expected=base["expected"],
            title=title,
            officer_person_id=officer,
            proposed_decision=proposed.strip() or None,
            final_decision=final.strip() or None,
        ),
        base_key=base_key,
        labels=labels,
        describe=describe,
    )
    if saved is not None:
        forms.forget([f"{keys['officer_person_id']}_search"])
        forms.finish(form_id, keys, t("case.saved"))


# --- The path -----------------------------------------------------------------------------------------


def plan_step_form(user: CurrentUser, detail: CaseDetail, today: dt.date) -> None:
    """A treatment at the end of the path (a returned case gets its new plan this way)."""
    form_id = f"case_step_new_{detail.id}"
    keys = {name: f"{form_id}_{name}" for name in ("body", "role", "deciding", "planned_on")}
    forms.keep(
        {keys["role"]: ConsultationRole.PREPARATION, keys["deciding"]: False, keys["planned_on"]: None}
    )
    groups = dict(case_loaders.active_groups(today))
    body_col, role_col = st.columns(2)
    with body_col:
        body_id = forms.options_box(
            t("case.col.body"), list(groups.items()), key=keys["body"], none_label="–"
        )
    role = role_col.selectbox(
        t("case.field.role"),
        ROLES,
        format_func=_role_name,
        key=keys["role"],
        placeholder=t("forms.choose_one"),
    )
    date_col, deciding_col = st.columns(2, vertical_alignment="bottom")
    planned_on = date_col.date_input(
        t("field.planned_on"), format=forms.date_format(), key=keys["planned_on"]
    )
    deciding = deciding_col.checkbox(t("case.step.deciding"), key=keys["deciding"])
    if not st.button(t("case.step.plan"), icon=":material/add:", key=f"{form_id}_save"):
        return
    if body_id is None:
        st.error(t("case.step.choose_body"))
        return
    planned = forms.save(
        lambda session: service.plan_step(
            session,
            actor=user.actor,
            case_id=detail.id,
            body_id=body_id,
            role=role,
            authoritative=deciding,
            planned_on=planned_on,
        ),
    )
    if planned is not None:
        forms.forget(keys.values())
        forms.flash(t("case.step.planned", body=escape_markdown(groups.get(body_id, ""))))
        st.rerun()


def removable_steps(detail: CaseDetail) -> dict[int, Mapping[str, Any]]:
    """consultation id -> its row, for the steps not treated (a treated step is the record and stays)."""
    path = detail.path
    if path.empty:
        return {}
    untreated = path[path["treated_on"].isna() & path["result"].isna()]
    return {int(row["id"]): row for _, row in untreated.iterrows()}


def _step_name(row: Mapping[str, Any]) -> str:
    planned = row["planned_on"]
    when = fmt_date(planned) if not _missing(planned) else t("case.no_date")
    return f"{int(row['sequence'])}. {row['body']} ({_role_name(row['role'])}, {when})"


def remove_step_form(user: CurrentUser, detail: CaseDetail) -> None:
    """Take a planned step off the path (one planned by mistake), once confirmed."""
    steps = removable_steps(detail)
    choice_key = f"case_step_remove_{detail.id}"
    confirm_key = f"{choice_key}_confirm"
    chosen = forms.options_box(
        t("case.step.which"),
        [(step_id, _step_name(row)) for step_id, row in steps.items()],
        key=choice_key,
        none_label="–",
    )
    remove = forms.confirmed_button(
        t("case.step.remove"),
        t("case.step.remove_confirm"),
        key=f"{choice_key}_button",
        confirm_key=confirm_key,
        icon=":material/delete:",
    )
    if not remove:
        return
    if chosen is None:
        st.error(t("case.step.choose_step"))
        return
    removed = forms.save(
        lambda session: service.remove_step(
            session, actor=user.actor, consultation_id=chosen, expected=steps[chosen]["snapshot"]
        ),
    )
    if removed is not None:
        forms.forget([choice_key, confirm_key])
        forms.flash(t("case.step.removed", step=escape_markdown(_step_name(steps[chosen]))))
        st.rerun()


# --- Links to other cases ------------------------------------------------------------------------------

LINK_CHOICES = 30


def link_form(user: CurrentUser, detail: CaseDetail) -> None:
    """Record that this case refers to another (found by any of its numbers or its title), how, and
    the condition or quote that says so."""
    form_id = f"case_link_new_{detail.id}"
    keys = {name: f"{form_id}_{name}" for name in ("search", "case", "kind", "condition")}
    forms.keep({keys["search"]: "", keys["kind"]: CaseLinkKind.BUILDS_ON, keys["condition"]: ""})
    search = st.text_input(
        t("case.link.find"),
        placeholder=t("meeting.agenda.find_case_placeholder"),
        max_chars=100,
        key=keys["search"],
    )
    options = [
        (case_id, label)
        for case_id, label in case_loaders.subject_options("case", search.strip(), LINK_CHOICES, None)
        if case_id != detail.id
    ]
    other = forms.options_box(t("case.link.case"), options, key=keys["case"], none_label="–")
    kind = st.selectbox(
        t("case.link.kind"),
        list(CaseLinkKind),
        format_func=lambda value: t(f"case.link.{value}"),
        key=keys["kind"],
        placeholder=t("forms.choose_one"),
    )
    condition = st.text_area(
        t("case.link.condition_field"), max_chars=TEXT_MAX, height=68, key=keys["condition"]
    )
    if not st.button(t("case.link.save"), icon=":material/link:", key=f"{form_id}_save"):
        return
    if other is None:
        st.error(t("case.link.choose_case"))
        return
    linked = forms.save(
        lambda session: service.link_cases(
            session,
            actor=user.actor,
            from_case_id=detail.id,
            to_case_id=other,
            kind=kind,
            condition=condition.strip() or None,
        ),
    )
    if linked is not None:
        forms.forget(keys.values())
        forms.flash(t("case.link.saved"))
        st.rerun()
