"""Råd: coordinators and group leaders turn a group's input into advice to the director, and submit it."""

from __future__ import annotations

import streamlit as st

from osloreg import ui
from osloreg.enums import AdviceState, Role, SubjectType
from osloreg.rules.text import ADVICE_TEXT_MAX, safe_markdown
from osloreg.rules.validation import TITLE_MAX
from osloreg.services.advice import create_advice, submit_advice, update_advice, withdraw_advice
from osloreg.ui import forms, loaders
from osloreg.ui.render import day, escape_markdown, history_link, label, moment

user = ui.require_page("advice")

Column = st.column_config
today = loaders.today()
st.title(ui.t("nav.advice"))
st.caption(ui.t("advice.intro"))
forms.show_flash()

# --- The groups this user may advise for: every group (staff), or those they lead or deputise --
staff = bool({Role.ADMIN, Role.COORDINATOR} & user.roles)
if staff:
    groups = loaders.active_groups(today)
elif user.person_id is None:
    st.info(ui.t("advice.no_person"))
    st.stop()
else:
    context = loaders.member_context(user.person_id, today)
    groups = [(body_id, name) for body_id, name in context.bodies if body_id in context.leads]
if not groups:
    st.info(ui.t("advice.not_leader"))
    st.stop()
group_ids = None if staff else tuple(body_id for body_id, _ in groups)

# --- Advice in progress in these groups --------------------------------------------------------------
st.header(ui.t("advice.list.title"))
page_key = "advice_list_page"
listing = forms.paged(
    page_key, lambda limit, offset: loaders.advice_for_groups(group_ids, limit=limit, offset=offset)
)
advice_id = None
if listing.rows.empty:
    st.caption(ui.t("advice.list.none"))
else:
    rows = listing.rows.assign(
        status=listing.rows["state"].map(lambda value: label("advice_state", value)),
        target=listing.rows["target_date"].map(day),
        submitted=listing.rows["submitted_at"].map(moment),
    )
    columns = {
        "title": Column.TextColumn(ui.t("advice.col.title"), width="large"),
        "body": Column.TextColumn(ui.t("advice.col.group")),
        "status": Column.TextColumn(ui.t("advice.col.state")),
        "subject": Column.TextColumn(ui.t("advice.col.subject")),
        "target": Column.TextColumn(ui.t("advice.col.target")),
        "submitted": Column.TextColumn(ui.t("advice.col.submitted")),
        "inputs": Column.NumberColumn(ui.t("advice.col.inputs"), format="%d"),
    }
    chosen = forms.selectable_table("advice_list", rows, columns, listing=listing, page_key=page_key)
    advice_id = chosen[0] if chosen else None
    st.caption(ui.t("advice.list.select"))
detail = loaders.advice_detail(advice_id, today) if advice_id is not None else None

# --- The subject: new advice picks it, existing advice has it ------------------------------------
if detail is None:
    st.header(ui.t("advice.new.title"))
    only_group = groups[0][0] if len(groups) == 1 else None
    body_id = forms.options_box(ui.t("advice.field.group"), groups, key="advice_body", default=only_group)
    subject_type = st.segmented_control(
        ui.t("advice.field.subject_type"),
        list(SubjectType),
        format_func=lambda value: ui.t(f"subject_type.{value}"),
        default=SubjectType.PROJECT,
        required=True,
        key="advice_subject_type",
    )
    subject_id, topic = forms.subject_picker("advice_new", subject_type=subject_type, body_id=body_id)
    if body_id is None or (subject_id is None and topic is None):
        st.info(ui.t("advice.new.choose_subject"))
        st.stop()
    form_id = forms.key("advice_new", body_id, subject_type, subject_id, topic)
    start = {"version": None, "title": "", "recommendation": "", "target_date": None}
    start |= {"input_ids": [], "point_ids": []}
else:
    st.header(ui.t("advice.edit.title", title=escape_markdown(detail.title)))
    st.caption(
        ui.t(
            "advice.edit.meta",
            group=escape_markdown(detail.body),
            subject_type=ui.t(f"subject_type.{detail.subject_type}"),
            subject=escape_markdown(detail.subject),
            state=label("advice_state", detail.state),
        )
    )
    history_link(user, "advice", detail.id)
    body_id = detail.body_id
    subject_type, subject_id, topic = loaders.advice_subject(detail.id)
    form_id = f"advice_{detail.id}"
    point_ids = {text: point_id for point_id, text in loaders.strategy_points()}
    start = {
        "version": detail.version,
        "title": detail.title,
        "recommendation": detail.recommendation,
        "target_date": detail.target_date,
        "input_ids": [int(value) for value in detail.inputs["id"]],
        "point_ids": [point_ids[text] for text in detail.points if text in point_ids],
    }

# --- The group's input on the subject, and which expected units gave none -----------------------
given = loaders.inputs_for_subject(body_id, subject_type, subject_id, topic)
completeness = loaders.input_completeness(body_id, subject_type, today, subject_id, topic)
st.subheader(ui.t("advice.inputs.title"))
forms.show_completeness(completeness)
if given.empty:
    st.caption(ui.t("advice.inputs.none"))
else:
    shown = given.assign(created=given["created_at"].map(moment))
    st.dataframe(
        shown[["created", "author", "unit", "text", "used_in_advice"]],
        hide_index=True,
        column_config={
            "created": Column.TextColumn(ui.t("advice.col.created")),
            "author": Column.TextColumn(ui.t("advice.col.author")),
            "unit": Column.TextColumn(ui.t("advice.col.unit")),
            "text": Column.TextColumn(ui.t("advice.col.text"), width="large"),
            "used_in_advice": Column.CheckboxColumn(ui.t("advice.col.used")),
        },
    )

# --- Compose: title, recommendation, target date, the inputs and strategy points it rests on ------
if detail is not None and detail.state != AdviceState.DRAFT:
    st.subheader(ui.t("advice.view.title"))
    st.markdown(safe_markdown(detail.recommendation))
    if detail.target_date is not None:
        st.caption(ui.t("advice.view.target", date=day(detail.target_date)))
else:
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
    base_key, base, fields = forms.form_fields(form_id, start)
    labels = {
        "title": ui.t("advice.field.title"),
        "recommendation": ui.t("advice.field.recommendation"),
        "target_date": ui.t("advice.field.target_date"),
        "input_ids": ui.t("advice.field.inputs"),
        "point_ids": ui.t("advice.field.points"),
    }
    with st.form(f"{form_id}_form"):
        st.subheader(ui.t("advice.compose.title"))
        title = st.text_input(labels["title"], max_chars=TITLE_MAX, key=fields["title"])
        recommendation = st.text_area(
            labels["recommendation"], max_chars=ADVICE_TEXT_MAX, height=200, key=fields["recommendation"]
        )
        target_date = st.date_input(
            labels["target_date"],
            format="DD.MM.YYYY" if ui.language() == "nb" else "DD/MM/YYYY",
            key=fields["target_date"],
        )
        input_ids = st.multiselect(
            ui.t("advice.field.inputs"),
            list(input_names),
            format_func=lambda value: input_names.get(value, str(value)),
            placeholder=ui.t("advice.field.inputs_placeholder"),
            key=fields["input_ids"],
        )
        point_ids = st.multiselect(
            ui.t("advice.field.points"),
            list(points),
            format_func=lambda value: points.get(value, str(value)),
            placeholder=ui.t("advice.field.points_placeholder"),
            key=fields["point_ids"],
        )
        left, right = st.columns(2)
        save_draft = left.form_submit_button(ui.t("advice.save_draft"), icon=":material/save:")
        send = right.form_submit_button(ui.t("advice.submit"), type="primary", icon=":material/send:")
    content = {
        "title": title,
        "recommendation": recommendation,
        "target_date": target_date,
        "input_ids": tuple(input_ids),
        "point_ids": tuple(point_ids),
    }
    draft = None  # (id, version) of the draft once saved
    if save_draft or send:
        if detail is None:
            saved = forms.save(
                lambda session: create_advice(
                    session,
                    actor=user.actor,
                    body_id=body_id,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    policy_topic=topic,
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
        draft = None if saved is None else (saved.id, base["version"] if saved is detail else saved.version)
    if draft is not None and send:
        submitted = forms.save(
            lambda session: submit_advice(
                session, actor=user.actor, advice_id=draft[0], expected_version=draft[1]
            )
        )
        if submitted is None:  # the draft is saved all the same; the list shows it
            forms.forget([base_key, *fields.values()])
            st.warning(ui.t("advice.saved_not_submitted"))
            st.stop()
    if draft is not None:
        forms.forget([base_key, *fields.values()])
        forms.flash(ui.t("advice.submitted" if send else "advice.saved"))
        st.rerun()
    forms.show_conflict(form_id)

# --- Withdraw ------------------------------------------------------------------------------------
if detail is not None:
    withdraw = forms.confirmed_button(
        ui.t("advice.withdraw.button"),
        ui.t("advice.withdraw.confirm"),
        key=f"advice_withdraw_{detail.id}",
        confirm_key=f"advice_withdraw_confirm_{detail.id}",
    )
    if withdraw and forms.save(
        lambda session: withdraw_advice(
            session, actor=user.actor, advice_id=detail.id, expected_version=detail.version
        )
    ):
        forms.forget([f"advice_{detail.id}_base"])
        forms.flash(ui.t("advice.withdraw.done"))
        st.rerun()
