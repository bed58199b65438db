"""Innspill: a member logs input on a project, case, meeting or policy matter, and sees what became of it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg.enums import Role
from osloreg.queries.inputs import MemberContext
from osloreg.rules.advice import input_day
from osloreg.rules.permissions import may_name_any_unit
from osloreg.rules.text import INPUT_TEXT_MAX, LINK_MAX, safe_markdown
from osloreg.services.inputs import edit_input, log_input, withdraw_input
from osloreg.ui.advice import loaders, widgets
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import days, escape_markdown, history_link, labels, moments
from osloreg.ui.login import CurrentUser

Column = st.column_config
NEW_FIELDS = ("input_new_text", "input_new_link")
SENT = "input_new_sent"


def render(user: CurrentUser) -> None:
    """New input; my input and what became of it; one of mine in full, to edit or withdraw while open."""
    today = loaders.today()
    st.title(t("nav.input"))
    st.caption(t("input.intro"))
    forms.show_flash()
    if user.person_id is None:
        st.info(t("input.no_person"))
        return
    context = loaders.member_context(user.person_id, today)
    # A member gives input to the groups they sit in; the secretariat's roles to any group. A member
    # speaks for the units they represent there; the secretariat's registrars may name any unit.
    staff = bool({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR} & user.roles)
    registrar = may_name_any_unit(user.roles)
    groups = loaders.active_groups(today) if staff else context.bodies
    new_input(user, context, groups, registrar=registrar)
    chosen = my_input(user)
    if chosen is None:
        return
    input_id, row = chosen
    show_input(user, input_id, row)
    if not bool(row["editable"]):
        st.caption(t(f"input.one.locked.{row['status']}"))
        return
    edit_or_withdraw(user, context, input_id, row, registrar=registrar)


# --- New input: group, subject, unit, text, link ---------------------------------------------------


def new_input(
    user: CurrentUser, context: MemberContext, groups: list[tuple[int, str]], *, registrar: bool
) -> None:
    st.header(t("input.new.title"))
    if not groups:
        st.info(t("input.no_bodies"))
        return
    own = context.bodies if len(context.bodies) == 1 else groups
    subject = widgets.subject_choice(
        "input",
        groups,
        group_label=t("input.field.group"),
        type_label=t("input.field.subject_type"),
        default_group=own[0][0] if len(own) == 1 else None,
    )
    body_id = subject.body_id
    if st.session_state.pop(SENT, False):
        # Emptied before the widgets are drawn: dropping their keys is not enough, the browser would
        # send the old text back and a second click would save the same input again.
        for name in NEW_FIELDS:
            st.session_state[name] = ""
    with st.form("input_new_form", border=False):
        unit_id = forms.options_box(
            t("input.field.unit"),
            context.units if registrar else context.represented.get(body_id, []),
            key=f"input_new_unit_{body_id}",
            none_label=t("input.unit_none"),
            default=context.default_unit.get(body_id),
        )
        st.caption(t("input.unit_help.secretariat" if registrar else "input.unit_help.member"))
        text = st.text_area(
            t("input.field.text"),
            max_chars=INPUT_TEXT_MAX,
            help=t("input.field.text_help"),
            key=NEW_FIELDS[0],
        )
        link = st.text_input(
            t("input.field.link"), max_chars=LINK_MAX, placeholder="https://", key=NEW_FIELDS[1]
        )
        send = st.form_submit_button(t("input.submit"), type="primary", icon=":material/send:")
    if not send:
        return
    saved = None
    if body_id is None:
        st.error(t("input.error.no_group"))
    elif subject.subject_id is None and subject.topic is None:
        st.error(t(f"input.error.no_subject.{subject.subject_type}"))
    else:
        saved = forms.save(
            lambda session: log_input(
                session,
                actor=user.actor,
                body_id=body_id,
                subject_type=subject.subject_type,
                subject_id=subject.subject_id,
                policy_topic=subject.topic,
                unit_id=unit_id,
                text=text,
                link=link.strip() or None,
            )
        )
    if saved is not None:
        st.session_state[SENT] = True
        forms.flash(t("input.saved"))
        st.rerun()


# --- My input and what became of it ----------------------------------------------------------------


def my_input(user: CurrentUser) -> tuple[int, pd.Series] | None:
    """The list of my input; the one selected (its id and row), if any."""
    st.header(t("input.mine.title"))
    st.caption(t("input.mine.help"))
    page_key = "input_mine_page"
    mine = forms.paged(
        page_key,
        lambda limit, offset: loaders.my_inputs(person_id=user.person_id, limit=limit, offset=offset),
    )
    if mine.rows.empty:
        st.info(t("input.mine.none"))
        return None
    rows = mine.rows.assign(
        created=moments(mine.rows["created_at"]),
        kind=labels("subject_type", mine.rows["subject_type"]),
        state=labels("input_status", mine.rows["status"]),
        result=labels("outcome", mine.rows["outcome"]),
        decided=days(mine.rows["decided_at"]),
    )
    # What became of it comes first: the long texts would push it out of view.
    columns = {
        "created": Column.TextColumn(t("input.col.created")),
        "state": Column.TextColumn(t("input.col.status")),
        "result": Column.TextColumn(t("input.col.outcome")),
        "subject": Column.TextColumn(t("input.col.subject")),
        "text": Column.TextColumn(t("input.col.text"), width="large"),
        "rationale": Column.TextColumn(t("input.col.rationale"), width="large"),
        "decided": Column.TextColumn(t("input.col.decided")),
        "kind": Column.TextColumn(t("input.col.subject_type")),
        "body": Column.TextColumn(t("input.col.group")),
        "unit": Column.TextColumn(t("input.col.unit")),
    }
    chosen = forms.selectable_table("input_mine", rows, columns, listing=mine, page_key=page_key)
    if not chosen:
        st.caption(t("input.mine.select"))
        return None
    return chosen[0], rows.set_index("id").loc[chosen[0]]


# --- One of my inputs: in full, and edit or withdraw while it is open ------------------------------


def show_input(user: CurrentUser, input_id: int, row: pd.Series) -> None:
    # Names and topics come from the data: escaped, as these elements render markdown.
    subject = escape_markdown(row["subject"]) or t(f"subject_type.{row['subject_type']}")
    st.subheader(t("input.one.title", subject=subject))
    st.caption(
        t("input.one.meta", group=escape_markdown(row["body"]), created=row["created"], status=row["state"])
    )
    history_link(user, "inputs", input_id)
    st.markdown(safe_markdown(row["text"]))
    if isinstance(row["link"], str) and row["link"]:
        st.markdown(f"{t('input.one.link')}: " + safe_markdown(f"<{row['link']}>"))
    if row["status"] == "decided":
        st.info(t("input.one.decided", outcome=row["result"], date=row["decided"]))
        if isinstance(row["rationale"], str) and row["rationale"]:
            st.markdown(safe_markdown(row["rationale"]))


def edit_or_withdraw(
    user: CurrentUser, context: MemberContext, input_id: int, row: pd.Series, *, registrar: bool
) -> None:
    form_id = f"input_edit_{input_id}"
    saved_unit = None if pd.isna(row["unit_id"]) else int(row["unit_id"])
    base_key, base, fields = forms.form_fields(
        form_id,
        {
            "version": int(row["version"]),
            "text": row["text"],
            "link": row["link"] if isinstance(row["link"], str) else "",
            "unit_id": saved_unit,
        },
    )
    # The units this input may speak for: any, for the secretariat; else those the author represented in
    # the group on the day it was given. The unit it holds stays a choice (kept as it is, it is not asked
    # again).
    if registrar:
        unit_names = dict(context.units)
    else:
        given_on = input_day(pd.Timestamp(row["created_at"]).to_pydatetime())
        unit_names = dict(
            loaders.represented_units(person_id=user.person_id, body_id=int(row["body_id"]), day=given_on)
        )
    if saved_unit is not None:
        unit_names.setdefault(saved_unit, str(row["unit"]))
    labels = {
        "text": t("input.field.text"),
        "link": t("input.field.link"),
        "unit_id": t("input.field.unit"),
    }
    unit_options = [None, *unit_names]
    if st.session_state.get(fields["unit_id"]) not in unit_options:
        st.session_state[fields["unit_id"]] = saved_unit  # a unit no longer offered: back to the saved one
    with st.form(f"input_edit_form_{input_id}"):
        st.markdown(f"**{t('input.edit.title')}**")
        edited_unit = st.selectbox(
            labels["unit_id"],
            unit_options,
            format_func=lambda value: t("input.unit_none") if value is None else unit_names.get(value, ""),
            key=fields["unit_id"],
            placeholder=t("forms.choose_one"),
        )
        edited_text = st.text_area(labels["text"], max_chars=INPUT_TEXT_MAX, key=fields["text"])
        edited_link = st.text_input(labels["link"], max_chars=LINK_MAX, key=fields["link"])
        save_edit = st.form_submit_button(t("input.edit.save"), icon=":material/save:")
    withdraw = forms.confirmed_button(
        t("input.withdraw.button"),
        t("input.withdraw.confirm"),
        key=f"input_withdraw_{input_id}",
        confirm_key=f"input_withdraw_confirm_{input_id}",
    )

    if save_edit and forms.save(
        lambda session: edit_input(
            session,
            actor=user.actor,
            input_id=input_id,
            expected_version=base["version"],
            text=edited_text,
            link=edited_link.strip() or None,
            unit_id=edited_unit,
        ),
        base_key=base_key,
        labels=labels,
    ):
        forms.finish(form_id, fields, t("input.edit.saved"))
    if withdraw and forms.save(
        lambda session: withdraw_input(
            session, actor=user.actor, input_id=input_id, expected_version=base["version"]
        ),
        base_key=base_key,
        labels=labels,
    ):
        forms.finish(form_id, fields, t("input.withdraw.done"))
    forms.show_conflict(form_id)
