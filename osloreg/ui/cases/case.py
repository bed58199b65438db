"""One case (the cases page with ?case=ID): where it is now, its path through the bodies step by step,
the proposed and final decision, its change history; editors for coordinators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.i18n import history as history_words
from osloreg.queries.cases import CaseDetail
from osloreg.rules import cases as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.text import safe_markdown
from osloreg.ui.cases import forms as case_forms
from osloreg.ui.cases import loaders as case_loaders
from osloreg.ui.documents.view import document_section
from osloreg.ui.kit import forms, history, links
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import (
    basis_caption,
    day,
    days,
    escape_markdown,
    history_link,
    label,
    labels,
    table,
    text,
)
from osloreg.ui.login import CurrentUser

Column = st.column_config
LINK = links.DeepLink("case")
QUERY_KEY = LINK.key
TAB_KEY = LINK.tab_key
# The names of a step's fields in its history (kept in the i18n vocabulary, beside the audit trail's).
HISTORY_FIELDS = history_words.CASE_FIELDS
STEP_ICONS = {
    rules.StepState.DONE: "✓",
    rules.StepState.NEXT: "▶",
    rules.StepState.WAITING: "○",
    rules.StepState.SKIPPED: "–",
}


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def result_label(result: Any, *, deciding: Any, treated: Any = True) -> str:
    """A step's result in words: a vedtaksorgan's "vedtatt / vedtatt med endringer / ikke vedtatt",
    another body's own words, and "behandlet" for a treatment whose result is not on record."""
    return i18n.case_result(result, language(), deciding=deciding, treated=treated)


def vote_text(unanimous: Any, votes_for: Any, votes_against: Any) -> str:
    """ "enstemmig", "7 mot 2", or nothing where no vote is recorded."""
    if not _missing(unanimous) and bool(unanimous):
        return t("case.vote.unanimous")
    if _missing(votes_for) or _missing(votes_against):
        return ""
    return t("case.vote.count", votes_for=int(votes_for), votes_against=int(votes_against))


def treatment_text(body: Any, on: Any, result: Any = None, *, deciding: bool = False) -> str:
    """ "Styret 11.09.2020: vedtatt" (plain text: escape it for markdown)."""
    if _missing(body):
        return ""
    words = f"{body} {day(on)}".strip() if day(on) else f"{body} ({t('case.no_date')})"
    result_words = result_label(result, deciding=deciding, treated=on)
    return f"{words}: {result_words}" if result_words else words


def _header(detail: CaseDetail) -> None:
    # Its latest number in a body; a case no body has numbered yet is named by its title alone.
    shown = escape_markdown(detail.title)
    st.title(f"{detail.label} {shown}" if detail.numbers else shown)
    facts = [
        t("case.officer", officer=escape_markdown(detail.officer))
        if detail.officer
        else t("case.no_officer"),
        t("case.registered", day=day(detail.created_at)),
    ]
    st.caption(" · ".join(facts))
    # Every body's own number: "35/20 i Styret, 5/20 i Representantskapet"; and the registration.
    numbers = ", ".join(
        t("case.number_in", label=row.label, body=escape_markdown(row.body)) for row in detail.numbers
    )
    shown = t("case.numbers", numbers=numbers) if numbers else t("case.no_number")
    st.caption(f"{shown} · {t('case.registration', label=detail.registration)}")
    basis_caption(detail.basis, detail.source)


def _where(detail: CaseDetail) -> None:
    """Where the case is now, in words, and a warning when it has stalled."""
    lines = [f"**{t('case.where.title')}**: {t(f'case_state.{detail.state}')}"]
    last, upcoming = detail.last_treated, detail.next_planned
    if last is not None:
        shown = treatment_text(last.body_name, last.treated_on, last.result, deciding=last.authoritative)
        lines.append(t("case.where.last", step=escape_markdown(shown)))
    if upcoming is not None:
        shown = treatment_text(upcoming.body_name, upcoming.planned_on)
        lines.append(t("case.where.next", step=escape_markdown(shown)))
    st.markdown("  \n".join(lines))
    st.caption(t(f"case_state.{detail.state}.help"))
    if detail.stalled:
        st.warning(
            t("case.where.stalled", weeks=rules.STALLED_AFTER_WEEKS), icon=":material/hourglass_empty:"
        )


def path_rows(path: pd.DataFrame) -> pd.DataFrame:
    """The path's steps for people: state with its icon, role and result in words, dates formatted."""
    return path.assign(
        step=[
            f"{STEP_ICONS[rules.StepState(state)]} {t(f'step_state.{state}')}" for state in path["step_state"]
        ],
        role_text=labels("consultation_role", path["role"]),
        planned=days(path["planned_on"]),
        treated=days(path["treated_on"]),
        result_words=[
            result_label(result, deciding=deciding, treated=treated)
            for result, deciding, treated in zip(
                path["result"], path["authoritative"], path["treated_on"], strict=True
            )
        ],
        vote=[
            vote_text(*votes)
            for votes in zip(path["unanimous"], path["votes_for"], path["votes_against"], strict=True)
        ],
        basis_text=labels("basis", path["basis"]),
        source_text=path["source"].map(lambda value: value if isinstance(value, str) else ""),
        number_text=path["number"].map(lambda value: value if isinstance(value, str) else ""),
        remarks=path["protocol_remarks"].map(lambda value: value if isinstance(value, str) else ""),
        meeting_text=path["meeting"].map(lambda value: value if isinstance(value, str) else ""),
        result_text=path["result_text"].map(lambda value: value if isinstance(value, str) else ""),
    )


def _path(detail: CaseDetail, editor: bool, user: CurrentUser, today: dt.date) -> None:
    st.header(t("case.path.title"))
    path = detail.path
    if path.empty:
        st.caption(t("case.path.none"))
    else:
        # The path at a glance: ✓ Faggruppen → ✓ Koordineringsgruppen → ▶ Styret (vedtar)
        st.markdown(
            " → ".join(
                f"{STEP_ICONS[rules.StepState(row.step_state)]} {escape_markdown(row.body)}"
                + (f" ({t('case.path.deciding')})" if row.authoritative else "")
                for row in path.itertuples()
            )
        )
        table(
            path_rows(path),
            {
                "sequence": Column.NumberColumn(t("case.col.sequence"), format="%d"),
                "step": text(t("case.col.step")),
                "number_text": text(t("case.col.number")),
                "body": text(t("case.col.body")),
                "role_text": text(t("case.field.role")),
                "authoritative": Column.CheckboxColumn(t("case.field.authoritative")),
                "planned": text(t("field.planned_on")),
                "treated": text(t("case.field.treated_on")),
                "result_words": text(t("field.result")),
                "result_text": Column.TextColumn(t("case.col.result_text"), width="large"),
                "vote": text(t("case.col.vote")),
                "remarks": Column.TextColumn(t("case.col.protocol_remarks")),
                "meeting_text": text(t("case.col.meeting")),
                "basis_text": text(t("case.col.basis")),
                "source_text": Column.TextColumn(t("case.col.source"), width="medium"),
            },
        )
        st.caption(t("case.path.legend"))
    if editor:
        with st.expander(t("case.step.plan_title"), icon=":material/add:", key="case_plan_step_open"):
            case_forms.plan_step_form(user, detail, today)
        if case_forms.removable_steps(detail):
            with st.expander(
                t("case.step.remove_title"), icon=":material/delete:", key="case_remove_step_open"
            ):
                case_forms.remove_step_form(user, detail)


def _decision(detail: CaseDetail) -> None:
    st.header(t("field.proposed_decision"))
    if detail.proposed_decision:
        st.markdown(safe_markdown(detail.proposed_decision))
    else:
        st.caption(t("case.decision.no_proposal"))
    st.header(t("field.final_decision"))
    deciding = _deciding_step(detail)
    if detail.final_decision:
        if deciding is not None:
            st.caption(t("case.decision.from", body=escape_markdown(deciding.body)))
        st.markdown(safe_markdown(detail.final_decision))
    elif deciding is not None and not _missing(deciding.treated_on) and _missing(deciding.result):
        # The vedtaksorgan has treated the case, but what it decided is not on record: say so.
        st.info(t("case.decision.not_recorded", body=escape_markdown(deciding.body)))
    elif deciding is not None and not _missing(deciding.result) and _missing(deciding.result_text):
        # Its result is known (say "vedtatt"), the wording of its vedtak is not.
        result = result_label(deciding.result, deciding=True)
        st.info(t("case.decision.text_not_recorded", body=escape_markdown(deciding.body), result=result))
    else:
        st.caption(t("case.decision.no_final"))
    if deciding is not None and isinstance(deciding.source, str):
        st.caption(t("case.source", source=escape_markdown(deciding.source)))


def _deciding_step(detail: CaseDetail) -> Any:
    """The vedtaksorgan's latest treatment on the path (a row of the path), or None."""
    rows = [row for row in detail.path.itertuples() if bool(row.authoritative)]
    return rows[-1] if rows else None


def case_link(case_id: int, text_: str) -> None:
    """A link that opens another case on this page (its label shown as text)."""
    LINK.link("pages/cases.py", case_id, text_)


def _links(detail: CaseDetail, user: CurrentUser, editor: bool) -> None:
    """The cases this one refers to and those referring to it, each by its number in its body; for
    coordinators, a form that adds one."""
    st.header(t("case.links.title"))
    if not detail.links:
        st.caption(t("case.links.none"))
    if editor:
        with st.expander(t("case.link.add_title"), icon=":material/add_link:", key="case_link_open"):
            case_forms.link_form(user, detail)
    for link in detail.links:
        kind = t(f"case.link.{link.kind}" + ("" if link.outgoing else ".incoming"))
        number = (
            t("case.number_in", label=link.label, body=link.body) if link.label else t("case.link.no_number")
        )
        case_link(link.case_id, f"{kind} {number}: {link.title}")
        notes = [t("case.link.condition", text=escape_markdown(link.condition))] if link.condition else []
        notes.append(t("case.basis", basis=label("basis", link.basis)))
        if link.source:
            notes.append(t("case.source", source=escape_markdown(link.source)))
        st.caption(" · ".join(notes))


def step_field_label(path: str) -> str:
    """ "path.2.body_id" -> "Steg 2: Organ"; "treatment.result" -> "Behandling: Resultat"."""
    return history_words.case_field_label(path, language())


def _history(detail: CaseDetail) -> None:
    st.caption(t("case.history.help"))
    history.show(
        f"case_history_page_{detail.id}",
        lambda limit, offset: case_loaders.case_history(detail.id, limit, offset),
        coded=history_words.coded("case"),
        empty=t("case.history.none"),
        label=step_field_label,
    )


def _mandates(detail: CaseDetail) -> None:
    """The mandates this case set: the substance of 48/20 is the faggruppe's mandate."""
    for mandate in case_loaders.mandates_set(detail.id):
        st.header(t("case.mandate.title", body=escape_markdown(mandate.body_name)))
        st.markdown(escape_markdown(mandate.text))
        basis_caption(mandate.basis, mandate.source)


def render(user: CurrentUser, case_id: int | None) -> None:
    """One case; None (a link whose id names no record) is "not found", as a missing one is."""
    today = oslo_today()
    st.button(t("case.back"), icon=":material/arrow_back:", on_click=LINK.back, key="case_back")
    detail = None if case_id is None else case_loaders.case_detail(case_id, today)
    if detail is None:
        st.warning(t("case.gone"))
        return
    forms.show_flash()
    _header(detail)
    history_link(user, "case", detail.id)
    _where(detail)
    editor = allowed(user.roles, Action.MANAGE_WORK)
    _links(detail, user, editor)
    _mandates(detail)
    names = ["path", "decision", "history"] + (["edit"] if editor else [])
    tabs = dict(
        zip(
            names,
            st.tabs([t(f"case.tab.{name}") for name in names], key=TAB_KEY, on_change="rerun"),
            strict=True,
        )
    )
    if tabs["path"].open:
        with tabs["path"]:
            _path(detail, editor, user, today)
    if tabs["decision"].open:
        with tabs["decision"]:
            _decision(detail)
    if tabs["history"].open:
        with tabs["history"]:
            _history(detail)
    if editor and tabs["edit"].open:
        with tabs["edit"]:
            st.header(t("case.edit.title"))
            case_forms.details_editor(user, detail)
    document_section(user, case_id=detail.id)
    if not editor:
        st.caption(t("case.read_only"))
