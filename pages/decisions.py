"""Beslutninger: the director's inbox and decisions, the decision log with export, follow-ups due."""

from __future__ import annotations

import streamlit as st

from osloreg import ui
from osloreg.enums import Outcome, Role, SubjectType
from osloreg.queries.decisions import AdviceDetail
from osloreg.rules.advice import rationale_required
from osloreg.rules.text import ADVICE_TEXT_MAX, safe_markdown
from osloreg.services.advice import decide_advice, decide_many, reopen_decision
from osloreg.ui import forms, loaders
from osloreg.ui.render import basis_words, day, escape_markdown, history_link, label, moment

user = ui.require_page("decisions")

Column = st.column_config
DIALOG = "decisions_dialog"
director = Role.DIRECTOR in user.roles
today = loaders.today()
date_format = "DD.MM.YYYY" if ui.language() == "nb" else "DD/MM/YYYY"


DIALOG_FIELDS = [
    f"{prefix}_{name}" for prefix in ("decide", "reopen") for name in ("outcome", "rationale", "follow_up")
]
DIALOG_FIELDS.append("reopen_reason")


def open_dialog(request: dict) -> None:
    forms.forget(DIALOG_FIELDS)  # a fresh form: nothing left over from another advice
    st.session_state[DIALOG] = request


def close_dialog() -> None:
    forms.forget(DIALOG_FIELDS)
    st.session_state.pop(DIALOG, None)


def outcome_fields(prefix: str) -> tuple[str | None, str, object]:
    """Outcome, rationale (required unless followed: the label says so) and follow-up date."""
    outcome = st.segmented_control(
        ui.t("decisions.field.outcome"),
        list(Outcome),
        format_func=lambda value: ui.t(f"outcome.{value}"),
        key=f"{prefix}_outcome",
    )
    required = outcome is None or rationale_required(outcome)
    rationale = st.text_area(
        ui.t("decisions.field.rationale_required" if required else "decisions.field.rationale_optional"),
        max_chars=ADVICE_TEXT_MAX,
        key=f"{prefix}_rationale",
    )
    st.caption(ui.t("decisions.field.rationale_rule"))
    follow_up = st.date_input(
        ui.t("decisions.field.follow_up"),
        value=None,
        min_value=today,
        format=date_format,
        key=f"{prefix}_follow_up",
    )
    return outcome, rationale.strip(), follow_up


def refused(outcome: str | None, rationale: str) -> bool:
    """The form's own check, before the service's: an outcome, and a rationale unless followed."""
    if outcome is None:
        st.error(ui.t("decisions.error.no_outcome"))
        return True
    if rationale_required(outcome) and not rationale:
        st.error(ui.t("decisions.error.rationale_required", outcome=ui.t(f"outcome.{outcome}")))
        return True
    return False


def done(message: str) -> None:
    close_dialog()
    forms.flash(message)
    st.rerun()


@st.dialog(ui.t("decisions.dialog.decide"), width="large", on_dismiss=close_dialog)
def decide_dialog(request: dict) -> None:
    ids, titles = request["ids"], request["titles"]
    if len(ids) == 1:
        st.markdown(f"**{escape_markdown(titles[0])}**")
    else:
        st.markdown(ui.t("decisions.dialog.many", count=len(ids)))
        st.markdown("\n".join(f"- {escape_markdown(title)}" for title in titles))
    outcome, rationale, follow_up = outcome_fields("decide")
    if not st.button(ui.t("decisions.dialog.save"), type="primary", icon=":material/gavel:"):
        return
    if refused(outcome, rationale):
        return
    decision = {"outcome": outcome, "rationale": rationale or None, "follow_up_on": follow_up}
    if len(ids) == 1:
        saved = forms.save(
            lambda session: decide_advice(
                session, actor=user.actor, advice_id=ids[0], expected_version=request["version"], **decision
            )
        )
    else:
        saved = forms.save(lambda session: decide_many(session, actor=user.actor, advice_ids=ids, **decision))
    if saved is not None:
        done(ui.t("decisions.decided", count=len(ids)))


@st.dialog(ui.t("decisions.dialog.reopen"), width="large", on_dismiss=close_dialog)
def reopen_dialog(request: dict) -> None:
    st.markdown(f"**{escape_markdown(request['title'])}**")
    st.caption(ui.t("decisions.dialog.reopen_help"))
    reason = st.text_area(ui.t("decisions.field.reason"), max_chars=ADVICE_TEXT_MAX, key="reopen_reason")
    outcome, rationale, follow_up = outcome_fields("reopen")
    if not st.button(ui.t("decisions.dialog.save_reopen"), type="primary", icon=":material/lock_open:"):
        return
    if not reason.strip():
        st.error(ui.t("decisions.error.reason_required"))
        return
    if refused(outcome, rationale):
        return
    if forms.save(
        lambda session: reopen_decision(
            session,
            actor=user.actor,
            advice_id=request["id"],
            reason=reason.strip(),
            outcome=outcome,
            rationale=rationale or None,
            follow_up_on=follow_up,
        )
    ):
        done(ui.t("decisions.reopened"))


def show_detail(detail: AdviceDetail) -> None:
    """One advice: recommendation, strategy points, completeness, the inputs behind it and its
    decisions (reopened ones too)."""
    st.subheader(escape_markdown(detail.title))
    history_link(user, "advice", detail.id)
    st.caption(
        ui.t(
            "decisions.detail.meta",
            group=escape_markdown(detail.body),
            subject_type=ui.t(f"subject_type.{detail.subject_type}"),
            subject=escape_markdown(detail.subject),
            state=label("advice_state", detail.state),
            submitted=moment(detail.submitted_at) or "–",
            target=day(detail.target_date) or "–",
        )
    )
    if detail.state == "decided":
        st.info(ui.t("decisions.detail.locked"), icon=":material/lock:")
    st.markdown(f"**{ui.t('decisions.detail.recommendation')}**")
    st.markdown(safe_markdown(detail.recommendation))
    if detail.points:
        st.caption(
            ui.t("decisions.detail.points")
            + ": "
            + "; ".join(
                escape_markdown(point if basis == "sourced" else f"{point} ({basis_words(basis, source)})")
                for point, (basis, source) in zip(detail.points, detail.point_bases, strict=True)
            )
        )
    forms.show_completeness(detail.completeness)
    st.markdown(f"**{ui.t('decisions.detail.inputs', count=len(detail.inputs))}**")
    if detail.inputs.empty:
        st.caption(ui.t("decisions.detail.no_inputs"))
    else:
        inputs = detail.inputs.assign(created=detail.inputs["created_at"].map(moment))
        st.dataframe(
            inputs[["created", "author", "unit", "text", "link", "withdrawn"]],
            hide_index=True,
            column_config={
                "created": Column.TextColumn(ui.t("decisions.col.created")),
                "author": Column.TextColumn(ui.t("decisions.col.author")),
                "unit": Column.TextColumn(ui.t("decisions.col.unit")),
                "text": Column.TextColumn(ui.t("decisions.col.text"), width="large"),
                "link": Column.TextColumn(ui.t("decisions.col.link")),
                "withdrawn": Column.CheckboxColumn(ui.t("decisions.col.withdrawn")),
            },
        )
    st.markdown(f"**{ui.t('decisions.detail.history')}**")
    if detail.decisions.empty:
        st.caption(ui.t("decisions.detail.no_decisions"))
    else:
        history = detail.decisions.assign(
            decided=detail.decisions["decided_at"].map(moment),
            result=detail.decisions["outcome"].map(lambda value: label("outcome", value)),
            follow_up=detail.decisions["follow_up_on"].map(day),
            reopened=detail.decisions["reopened_at"].map(moment),
        )
        st.dataframe(
            history[
                ["decided", "result", "rationale", "decided_by", "follow_up", "reopened", "reopen_reason"]
            ],
            hide_index=True,
            column_config={
                "decided": Column.TextColumn(ui.t("decisions.col.decided_at")),
                "result": Column.TextColumn(ui.t("decisions.col.outcome")),
                "rationale": Column.TextColumn(ui.t("decisions.col.rationale"), width="large"),
                "decided_by": Column.TextColumn(ui.t("decisions.col.decided_by")),
                "follow_up": Column.TextColumn(ui.t("decisions.col.follow_up_on")),
                "reopened": Column.TextColumn(ui.t("decisions.col.reopened_at")),
                "reopen_reason": Column.TextColumn(ui.t("decisions.col.reopen_reason"), width="large"),
            },
        )


st.title(ui.t("nav.decisions"))
st.caption(ui.t("decisions.intro" if director else "decisions.intro_read_only"))
forms.show_flash()
options = loaders.decision_filter_options()
inbox_tab, log_tab, follow_tab = st.tabs(
    [ui.t("decisions.tab.inbox"), ui.t("decisions.tab.log"), ui.t("decisions.tab.follow_up")],
    key="decisions_tab",
    on_change="rerun",
)

# --- Inbox: submitted advice, overdue first, then the oldest ---------------------------------------
if inbox_tab.open:
    with inbox_tab:
        group_col, area_col = st.columns(2)
        with group_col:
            body_id = forms.options_box(
                ui.t("decisions.filter.group"),
                options.bodies,
                key="decisions_inbox_group",
                none_label=ui.t("decisions.filter.all_groups"),
            )
        with area_col:
            area_id = forms.options_box(
                ui.t("decisions.filter.area"),
                options.areas,
                key="decisions_inbox_area",
                none_label=ui.t("decisions.filter.all_areas"),
            )
        subject_type = st.segmented_control(
            ui.t("decisions.filter.subject_type"),
            list(SubjectType),
            format_func=lambda value: ui.t(f"subject_type.{value}"),
            key="decisions_inbox_subject_type",
        )
        page_key = forms.key("decisions_inbox_page", body_id, subject_type, area_id)
        inbox = forms.paged(
            page_key,
            lambda limit, offset: loaders.decision_inbox(
                today, body_id, subject_type, area_id, limit, offset
            ),
        )
        st.subheader(ui.t("decisions.inbox.title", count=ui.fmt_number(inbox.total)))
        if inbox.rows.empty:
            st.info(ui.t("decisions.inbox.none"))
        else:
            rows = inbox.rows.assign(
                kind=inbox.rows["subject_type"].map(lambda value: label("subject_type", value)),
                submitted=inbox.rows["submitted_at"].map(day),
                target=inbox.rows["target_date"].map(day),
                late=[
                    ui.t("decisions.inbox.days_overdue", days=int(days)) if overdue else ""
                    for overdue, days in zip(inbox.rows["overdue"], inbox.rows["days_overdue"], strict=True)
                ],
            )
            columns = {
                "title": Column.TextColumn(ui.t("decisions.col.title"), width="large"),
                "body": Column.TextColumn(ui.t("decisions.col.group")),
                "kind": Column.TextColumn(ui.t("decisions.col.subject_type")),
                "subject": Column.TextColumn(ui.t("decisions.col.subject")),
                "submitted": Column.TextColumn(ui.t("decisions.col.submitted")),
                "days_waiting": Column.NumberColumn(ui.t("decisions.col.days_waiting"), format="%d"),
                "target": Column.TextColumn(ui.t("decisions.col.target")),
                "overdue": Column.CheckboxColumn(ui.t("decisions.col.overdue")),
                "late": Column.TextColumn(ui.t("decisions.col.days_overdue")),
                "inputs": Column.NumberColumn(ui.t("decisions.col.inputs"), format="%d"),
            }
            chosen = forms.selectable_table(
                "decisions_inbox", rows, columns, listing=inbox, page_key=page_key, multi=True
            )
            by_id = rows.set_index("id")
            if not chosen:
                st.caption(ui.t("decisions.inbox.select" if director else "decisions.inbox.select_read_only"))
            elif len(chosen) == 1:
                detail = loaders.advice_detail(chosen[0], today)
                if detail is None:
                    st.warning(ui.t("decisions.detail.gone"))
                else:
                    if director:
                        st.button(
                            ui.t("decisions.decide"),
                            type="primary",
                            icon=":material/gavel:",
                            on_click=open_dialog,
                            args=(
                                {
                                    "kind": "decide",
                                    "ids": [detail.id],
                                    "titles": [detail.title],
                                    "version": int(by_id.loc[detail.id, "version"]),
                                },
                            ),
                            key="decisions_decide_one",
                        )
                    show_detail(detail)
            else:
                titles = [str(by_id.loc[advice_id, "title"]) for advice_id in chosen]
                st.markdown(ui.t("decisions.inbox.chosen", count=len(chosen)))
                st.markdown("\n".join(f"- {escape_markdown(title)}" for title in titles))
                if director:
                    st.button(
                        ui.t("decisions.decide_many", count=len(chosen)),
                        type="primary",
                        icon=":material/gavel:",
                        on_click=open_dialog,
                        args=({"kind": "decide", "ids": chosen, "titles": titles, "version": None},),
                        key="decisions_decide_many",
                    )
        if not director:
            st.caption(ui.t("decisions.read_only"))

# --- The decision log, with export of what is filtered ----------------------------------------------
if log_tab.open:
    with log_tab:
        from_col, to_col, group_col = st.columns(3)
        date_from = from_col.date_input(
            ui.t("decisions.filter.from"), value=None, format=date_format, key="decisions_log_from"
        )
        date_to = to_col.date_input(
            ui.t("decisions.filter.to"), value=None, format=date_format, key="decisions_log_to"
        )
        with group_col:
            log_body = forms.options_box(
                ui.t("decisions.filter.group"),
                options.bodies,
                key="decisions_log_group",
                none_label=ui.t("decisions.filter.all_groups"),
            )
        log_outcome = st.segmented_control(
            ui.t("decisions.filter.outcome"),
            list(Outcome),
            format_func=lambda value: ui.t(f"outcome.{value}"),
            key="decisions_log_outcome",
        )
        log_subject_type = st.segmented_control(
            ui.t("decisions.filter.subject_type"),
            list(SubjectType),
            format_func=lambda value: ui.t(f"subject_type.{value}"),
            key="decisions_log_subject_type",
        )
        filters = forms.LogFilters(date_from, date_to, log_body, log_outcome, log_subject_type)
        page_key = forms.key("decisions_log_page", *filters)
        log = forms.paged(
            page_key, lambda limit, offset: loaders.decision_log(*filters, limit=limit, offset=offset)
        )
        st.subheader(ui.t("decisions.log.title", count=ui.fmt_number(log.total)))
        file_stem = ui.t("decisions.log.file", date=today.isoformat())
        forms.export_buttons(
            file_stem,
            lambda kind: forms.decision_log_file(filters, kind=kind),
            disabled=log.total == 0,
            key="decisions_log",
        )
        if log.rows.empty:
            st.info(ui.t("decisions.log.none"))
        else:
            rows = log.rows.assign(
                decided=log.rows["decided_at"].map(moment),
                kind=log.rows["subject_type"].map(lambda value: label("subject_type", value)),
                result=log.rows["outcome"].map(lambda value: label("outcome", value)),
                follow_up=log.rows["follow_up_on"].map(day),
            )
            columns = {
                "decided": Column.TextColumn(ui.t("decisions.col.decided_at")),
                "title": Column.TextColumn(ui.t("decisions.col.title"), width="large"),
                "body": Column.TextColumn(ui.t("decisions.col.group")),
                "kind": Column.TextColumn(ui.t("decisions.col.subject_type")),
                "result": Column.TextColumn(ui.t("decisions.col.outcome")),
                "rationale": Column.TextColumn(ui.t("decisions.col.rationale"), width="large"),
                "decided_by": Column.TextColumn(ui.t("decisions.col.decided_by")),
                "follow_up": Column.TextColumn(ui.t("decisions.col.follow_up_on")),
                "reopened": Column.CheckboxColumn(ui.t("decisions.col.reopened")),
            }
            chosen = forms.selectable_table(
                "decisions_log",
                rows,
                columns,
                listing=log,
                page_key=page_key,
                id_column="advice_id",
                key_column="decision_id",
            )
            if not chosen:
                st.caption(ui.t("decisions.log.select"))
            else:
                detail = loaders.advice_detail(chosen[0], today)
                if detail is None:
                    st.warning(ui.t("decisions.detail.gone"))
                else:
                    if director and detail.state == "decided":
                        st.button(
                            ui.t("decisions.reopen"),
                            icon=":material/lock_open:",
                            on_click=open_dialog,
                            args=({"kind": "reopen", "id": detail.id, "title": detail.title},),
                            key="decisions_reopen",
                        )
                    show_detail(detail)

# --- Follow-ups falling due -----------------------------------------------------------------------
if follow_tab.open:
    with follow_tab:
        within = st.segmented_control(
            ui.t("decisions.follow_up.within"),
            [7, 30, 90],
            format_func=lambda days: ui.t("decisions.follow_up.days", days=days),
            default=30,
            required=True,
            key="decisions_follow_up_within",
        )
        due = loaders.follow_ups_due(today, within, forms.PAGE_SIZE)
        st.subheader(ui.t("decisions.follow_up.title", count=ui.fmt_number(due.total)))
        if due.rows.empty:
            st.info(ui.t("decisions.follow_up.none", days=within))
        else:
            rows = due.rows.assign(
                result=due.rows["outcome"].map(lambda value: label("outcome", value)),
                follow_up=due.rows["follow_up_on"].map(day),
            )
            columns = {
                "follow_up": Column.TextColumn(ui.t("decisions.col.follow_up_on")),
                "overdue": Column.CheckboxColumn(ui.t("decisions.col.follow_up_overdue")),
                "title": Column.TextColumn(ui.t("decisions.col.title"), width="large"),
                "body": Column.TextColumn(ui.t("decisions.col.group")),
                "result": Column.TextColumn(ui.t("decisions.col.outcome")),
            }
            st.dataframe(rows[list(columns)], hide_index=True, column_config=columns)
            if due.total > len(due.rows):
                st.caption(
                    ui.t("decisions.follow_up.shown_of", shown=len(due.rows), total=ui.fmt_number(due.total))
                )

# --- The dialog open, if any (one per run; only the director opens them) ---------------------------
request = st.session_state.get(DIALOG)
if director and request:
    (decide_dialog if request["kind"] == "decide" else reopen_dialog)(request)
