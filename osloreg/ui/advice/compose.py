"""Råd: coordinators and group leaders turn a group's input into advice to the director, and submit it."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

from osloreg.enums import AdviceState, Role
from osloreg.queries.decisions import AdviceDetail
from osloreg.rules.text import ADVICE_TEXT_MAX, safe_markdown
from osloreg.rules.validation import TITLE_MAX
from osloreg.services.advice import create_advice, submit_advice, update_advice, withdraw_advice
from osloreg.ui.advice import loaders, widgets
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import (
    MISSING,
    day,
    days,
    escape_markdown,
    history_link,
    label,
    labels,
    moments,
)
from osloreg.ui.login import CurrentUser

Column = st.column_config


class Draft(NamedTuple):
    """What the compose form starts from: its id, its first values, and the subject it is about."""

    form_id: str
    start: dict[str, Any]
    subject: widgets.Subject


def render(user: CurrentUser) -> None:
    """The advice in progress; one of them (or a new one) with the group's input, composed and submitted."""
    today = loaders.today()
    st.title(t("nav.advice"))
    st.caption(t("advice.intro"))
    forms.show_flash()
    staff = bool({Role.ADMIN, Role.COORDINATOR} & user.roles)
    groups = advised_groups(user, today, staff=staff)
    if not groups:
        return
    detail = advice_in_progress(None if staff else tuple(body_id for body_id, _ in groups), today)
    draft = new_draft(groups) if detail is None else existing_draft(user, detail)
    if draft is None:
        return
    given = group_input(draft.subject, today)
    if detail is not None and detail.state != AdviceState.DRAFT:
        show_sent(detail)
    elif not compose(user, draft, detail, given):
        return
    if detail is not None:
        withdraw_button(user, detail)


def advised_groups(user: CurrentUser, today: dt.date, *, staff: bool) -> list[tuple[int, str]]:
    """The groups this user may advise for: every group (staff), or those they lead or deputise; when
    there are none, says why."""
    if staff:
        groups = loaders.active_groups(today)
    elif user.person_id is None:
        st.info(t("advice.no_person"))
        return []
    else:
        context = loaders.member_context(user.person_id, today)
        groups = [(body_id, name) for body_id, name in context.bodies if body_id in context.leads]
    if not groups:
        st.info(t("advice.not_leader"))
    return groups


def advice_in_progress(group_ids: tuple[int, ...] | None, today: dt.date) -> AdviceDetail | None:
    """The advice in progress in these groups (None: all); the one selected, if any."""
    st.header(t("advice.list.title"))
    page_key = "advice_list_page"
    listing = forms.paged(
        page_key,
        lambda limit, offset: loaders.advice_for_groups(body_ids=group_ids, limit=limit, offset=offset),
    )
    if listing.rows.empty:
        st.caption(t("advice.list.none"))
        return None
    rows = listing.rows.assign(
        status=labels("advice_state", listing.rows["state"]),
        target=days(listing.rows["target_date"]),
        submitted=moments(listing.rows["submitted_at"]),
    )
    columns = {
        "title": Column.TextColumn(t("advice.col.title"), width="large"),
        "body": Column.TextColumn(t("advice.col.group")),
        "status": Column.TextColumn(t("advice.col.state")),
        "subject": Column.TextColumn(t("advice.col.subject")),
        "target": Column.TextColumn(t("advice.col.target")),
        "submitted": Column.TextColumn(t("advice.col.submitted")),
        "inputs": Column.NumberColumn(t("advice.col.inputs"), format="%d"),
    }
    chosen = forms.selectable_table("advice_list", rows, columns, listing=listing, page_key=page_key)
    st.caption(t("advice.list.select"))
    return loaders.advice_detail(advice_id=chosen[0], day=today) if chosen else None


# --- The subject: new advice picks it, existing advice has it ------------------------------------


def new_draft(groups: list[tuple[int, str]]) -> Draft | None:
    st.header(t("advice.new.title"))
    subject = widgets.subject_choice(
        "advice",
        groups,
        group_label=t("advice.field.group"),
        type_label=t("advice.field.subject_type"),
        default_group=groups[0][0] if len(groups) == 1 else None,
    )
    if subject.body_id is None or (subject.subject_id is None and subject.topic is None):
        st.info(t("advice.new.choose_subject"))
        return None
    form_id = forms.key(
        "advice_new", subject.body_id, subject.subject_type, subject.subject_id, subject.topic
    )
    start = {"version": None, "title": "", "recommendation": "", "target_date": None}
    start |= {"input_ids": [], "point_ids": []}
    return Draft(form_id, start, subject)


def existing_draft(user: CurrentUser, detail: AdviceDetail) -> Draft:
    st.header(t("advice.edit.title", title=escape_markdown(detail.title)))
    st.caption(
        t(
            "advice.edit.meta",
            group=escape_markdown(detail.body),
            subject_type=t(f"subject_type.{detail.subject_type}"),
            subject=escape_markdown(detail.subject),
            state=label("advice_state", detail.state),
        )
    )
    history_link(user, "advice", detail.id)
    subject_type, subject_id, topic = loaders.advice_subject(detail.id)
    point_ids = {text: point_id for point_id, text in loaders.strategy_points()}
    start = {
        "version": detail.version,
        "title": detail.title,
        "recommendation": detail.recommendation,
        "target_date": detail.target_date,
        "input_ids": [int(value) for value in detail.inputs["id"]],
        "point_ids": [point_ids[text] for text in detail.points if text in point_ids],
    }
    return Draft(
        f"advice_{detail.id}", start, widgets.Subject(detail.body_id, subject_type, subject_id, topic)
    )


def group_input(subject: widgets.Subject, today: dt.date) -> pd.DataFrame:
    """The group's input on the subject, and which expected units gave none."""
    given = loaders.inputs_for_subject(
        body_id=subject.body_id,
        subject_type=subject.subject_type,
        subject_id=subject.subject_id,
        policy_topic=subject.topic,
    )
    completeness = loaders.input_completeness(
        body_id=subject.body_id,
        subject_type=subject.subject_type,
        day=today,
        subject_id=subject.subject_id,
        policy_topic=subject.topic,
    )
    st.subheader(t("advice.inputs.title"))
    widgets.show_completeness(completeness)
    if given.empty:
        st.caption(t("advice.inputs.none"))
        return given
    shown = given.assign(created=moments(given["created_at"]))
    st.dataframe(
        shown[["created", "author", "unit", "text", "used_in_advice"]],
        hide_index=True,
        placeholder=MISSING,
        column_config={
            "created": Column.TextColumn(t("advice.col.created")),
            "author": Column.TextColumn(t("advice.col.author")),
            "unit": Column.TextColumn(t("advice.col.unit")),
            "text": Column.TextColumn(t("advice.col.text"), width="large"),
            "used_in_advice": Column.CheckboxColumn(t("advice.col.used")),
        },
    )
    return given


# --- Compose: title, recommendation, target date, the inputs and strategy points it rests on ------


def show_sent(detail: AdviceDetail) -> None:
    """Advice no longer a draft is shown, not edited."""
    st.subheader(t("advice.view.title"))
    st.markdown(safe_markdown(detail.recommendation))
    if detail.target_date is not None:
        st.caption(t("advice.view.target", date=day(detail.target_date)))


def compose(user: CurrentUser, draft: Draft, detail: AdviceDetail | None, given: pd.DataFrame) -> bool:
    """The form; saves the draft, and submits it when asked. False: the page ends here (the draft is
    saved but was not submitted)."""
    subject = draft.subject
    input_names = {
        int(row.id): f"{row.author}"
        + (f" ({row.unit})" if isinstance(row.unit, str) else "")
        + f": {row.text[:80]}"
        for row in given.itertuples()
    }
    if detail is not None:  # inputs already linked stay choosable, even if withdrawn since
        for row in detail.inputs.itertuples():
            input_names.setdefault(int(row.id), f"{row.author}: {row.text[:80]}")
    points = dict(loaders.strategy_points())
    base_key, base, fields = forms.form_fields(draft.form_id, draft.start)
    labels = {
        "title": t("advice.field.title"),
        "recommendation": t("advice.field.recommendation"),
        "target_date": t("advice.field.target_date"),
        "input_ids": t("advice.field.inputs"),
        "point_ids": t("advice.field.points"),
    }
    with st.form(f"{draft.form_id}_form"):
        st.subheader(t("advice.compose.title"))
        title = st.text_input(labels["title"], max_chars=TITLE_MAX, key=fields["title"])
        recommendation = st.text_area(
            labels["recommendation"], max_chars=ADVICE_TEXT_MAX, height=200, key=fields["recommendation"]
        )
        target_date = st.date_input(
            labels["target_date"], format=forms.date_format(), key=fields["target_date"]
        )
        input_ids = st.multiselect(
            t("advice.field.inputs"),
            list(input_names),
            format_func=lambda value: input_names.get(value, str(value)),
            placeholder=t("advice.field.inputs_placeholder"),
            key=fields["input_ids"],
        )
        point_ids = st.multiselect(
            t("advice.field.points"),
            list(points),
            format_func=lambda value: points.get(value, str(value)),
            placeholder=t("advice.field.points_placeholder"),
            key=fields["point_ids"],
        )
        left, right = st.columns(2)
        save_draft = left.form_submit_button(t("advice.save_draft"), icon=":material/save:")
        send = right.form_submit_button(t("advice.submit"), type="primary", icon=":material/send:")
    content = {
        "title": title,
        "recommendation": recommendation,
        "target_date": target_date,
        "input_ids": tuple(input_ids),
        "point_ids": tuple(point_ids),
    }
    saved_draft = None  # (id, version) of the draft once saved
    if save_draft or send:
        if detail is None:
            saved = forms.save(
                lambda session: create_advice(
                    session,
                    actor=user.actor,
                    body_id=subject.body_id,
                    subject_type=subject.subject_type,
                    subject_id=subject.subject_id,
                    policy_topic=subject.topic,
                    **content,
                )
            )
        elif send and forms.unchanged(base, content):  # submitting the draft as it stands
            saved = detail
        else:
            saved = forms.save(
                lambda session: update_advice(
                    session,
                    actor=user.actor,
                    advice_id=detail.id,
                    expected_version=base["version"],
                    **content,
                ),
                base_key=base_key,
                labels=labels,
                describe=lambda field, value: forms.describe_value(
                    [{"input_ids": input_names, "point_ids": points}[field].get(v, v) for v in value]
                    if field in ("input_ids", "point_ids")
                    else value
                ),
            )
        if saved is not None:
            saved_draft = (saved.id, base["version"] if saved is detail else saved.version)
    if saved_draft is not None and send:
        submitted = forms.save(
            lambda session: submit_advice(
                session, actor=user.actor, advice_id=saved_draft[0], expected_version=saved_draft[1]
            )
        )
        if submitted is None:  # the draft is saved all the same; the list shows it
            forms.forget([base_key, *fields.values()])
            st.warning(t("advice.saved_not_submitted"))
            return False
    if saved_draft is not None:
        forms.forget([base_key, *fields.values()])
        forms.flash(t("advice.submitted" if send else "advice.saved"))
        st.rerun()
    forms.show_conflict(draft.form_id)
    return True


def withdraw_button(user: CurrentUser, detail: AdviceDetail) -> None:
    withdraw = forms.confirmed_button(
        t("advice.withdraw.button"),
        t("advice.withdraw.confirm"),
        key=f"advice_withdraw_{detail.id}",
        confirm_key=f"advice_withdraw_confirm_{detail.id}",
    )
    if withdraw and forms.save(
        lambda session: withdraw_advice(
            session, actor=user.actor, advice_id=detail.id, expected_version=detail.version
        )
    ):
        forms.forget([f"advice_{detail.id}_base"])
        forms.flash(t("advice.withdraw.done"))
        st.rerun()
