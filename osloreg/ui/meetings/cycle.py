"""The meeting's cycle on its page: status and steps, the next step to take, the innkalling's versions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg.clock import oslo_today
from osloreg.enums import MeetingStatus, ProtocolApproval
from osloreg.queries.meeting_cycle import Approval, MeetingCycle, NoticeVersion
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules import meetings as rules
from osloreg.rules.permissions import Action, allowed
from osloreg.services import meeting_cycle as service
from osloreg.sources import describe_notice_basis
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_date, language, t
from osloreg.ui.kit.tables import escape_markdown, label, labels, moment, moments, table, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import loaders as meeting_loaders
from osloreg.ui.meetings.papers import paper_buttons

M = MeetingStatus


def approval_words(approval: Approval) -> str:
    """ "Protokollen godkjent i møte 12.10.2026, sak 3/26" or "... ved signatur av Kari Nordmann (…)"."""
    if approval.method == ProtocolApproval.AT_MEETING:
        item = (
            t("meeting.cycle.item_case", case=approval.case)
            if approval.case
            else t("meeting.cycle.item_position", position=approval.position, heading=approval.heading or "")
        )
        return t("meeting.cycle.approved_at_meeting", day=approval.approved_on, item=item)
    names = ", ".join(f"{name} ({fmt_date(on)})" for name, on in approval.signers)
    return t("meeting.cycle.approved_by_signers", names=names, day=approval.approved_on)


def _notice_period(cycle: MeetingCycle) -> None:
    if cycle.notice_days is None:
        st.caption(t("meeting.cycle.no_notice_period"))
        return
    st.caption(
        t("meeting.cycle.notice_period", days=cycle.notice_days, due=cycle.notice_due_on)
        + " "
        + escape_markdown(describe_notice_basis(cycle.notice_basis, cycle.notice_source, language()))
    )


def _run(action, done: str) -> None:
    if forms.save(action) is not None:
        forms.flash(done)
        st.rerun()


def _next_steps(user: CurrentUser, detail: MeetingDetail) -> None:
    today, day = oslo_today(), detail.starts_at.date()
    status, version = detail.status, detail.version
    if allowed(user.roles, Action.SEND_NOTICE):
        if status == M.PLANNED and day >= today:
            if st.button(
                t("meeting.cycle.send_notice"), type="primary", icon=":material/send:", key="cycle_notice"
            ):
                _run(
                    lambda session: service.send_notice(
                        session, actor=user.actor, meeting_id=detail.id, expected_version=version
                    ),
                    t("meeting.cycle.notice_sent"),
                )
        if status in (M.PLANNED, M.CALLED) and day <= today:
            if st.button(t("meeting.cycle.hold"), icon=":material/event_available:", key="cycle_hold"):
                _run(
                    lambda session: service.hold_meeting(
                        session, actor=user.actor, meeting_id=detail.id, expected_version=version
                    ),
                    t("meeting.cycle.held"),
                )
        if status in (M.PLANNED, M.CALLED) and allowed(user.roles, Action.MANAGE_WORK):
            st.caption(t("meeting.cycle.cancel_hint"))
    if allowed(user.roles, Action.APPROVE_MINUTES):
        if status == M.HELD:
            with st.expander(t("meeting.cycle.approve"), key=f"cycle_approve_open_{detail.id}"):
                _approve_form(user, detail)
        if status == M.APPROVED:
            if st.button(
                t("meeting.cycle.publish"), type="primary", icon=":material/public:", key="cycle_publish"
            ):
                _run(
                    lambda session: service.publish_minutes(
                        session, actor=user.actor, meeting_id=detail.id, expected_version=version
                    ),
                    t("meeting.cycle.published"),
                )


def _approve_form(user: CurrentUser, detail: MeetingDetail) -> None:
    form_id = f"approve_{detail.id}"
    methods = {ProtocolApproval.AT_MEETING: "meeting", ProtocolApproval.SIGNERS: "signers"}
    method = st.segmented_control(
        t("meeting.cycle.method"),
        list(methods),
        format_func=lambda value: t(f"meeting.cycle.method.{methods[value]}"),
        default=ProtocolApproval.AT_MEETING,
        key=f"{form_id}_method",
    )
    item_id, signers = None, []
    if method == ProtocolApproval.AT_MEETING:
        options = dict(meeting_loaders.approval_items(detail.id))
        if not options:
            st.caption(t("meeting.cycle.no_later_items"))
        item_id = st.selectbox(
            t("meeting.cycle.item"),
            list(options),
            format_func=lambda value: options.get(value, str(value)),
            index=None,
            placeholder=t("meeting.cycle.choose_item"),
            key=f"{form_id}_item",
        )
    else:
        members = {
            person_id: name
            for person_id, name, _, _ in meeting_loaders.members_on(detail.body_id, detail.starts_at.date())
        }
        chosen = st.multiselect(
            t("meeting.cycle.signers"),
            list(members),
            format_func=lambda value: members.get(value, str(value)),
            key=f"{form_id}_signers",
            placeholder=t("forms.choose_any"),
        )
        for person_id in chosen:
            signer = escape_markdown(members[person_id])  # a label is markdown: the name as text
            signed_on = st.date_input(
                t("meeting.cycle.signed_on", person=signer),
                value=oslo_today(),
                format=forms.date_format(),
                key=f"{form_id}_signed_{person_id}",
            )
            signers.append((person_id, signed_on))
    if st.button(
        t("meeting.cycle.approve_save"), type="primary", icon=":material/approval:", key=f"{form_id}_save"
    ):
        if method is None:
            st.error(t("error.approval_method"))
            return
        if forms.save(
            lambda session: service.approve_minutes(
                session,
                actor=user.actor,
                meeting_id=detail.id,
                expected_version=detail.version,
                method=method,
                agenda_item_id=item_id,
                signers=signers,
            )
        ):
            forms.forget([f"{form_id}_method", f"{form_id}_item", f"{form_id}_signers"])
            forms.flash(t("meeting.cycle.approved"))
            st.rerun()


def _notice(notice: NoticeVersion) -> None:
    title = t(
        "meeting.cycle.version", version=notice.version, when=moment(notice.sent_at), by=notice.sent_by or "–"
    )
    with st.expander(title, key=f"cycle_notice_{notice.version}"):
        st.caption(escape_markdown(notice.reason) if notice.reason else t("meeting.cycle.first_version"))
        agenda = pd.DataFrame(
            notice.agenda, columns=["position", "case_number", "title", "officer", "recommendation"]
        )
        table(
            agenda,
            {
                "position": st.column_config.NumberColumn(t("meeting.col.position"), format="%d"),
                "case_number": text(t("meeting.cycle.col.case")),
                "title": text(t("meeting.col.item")),
                "officer": text(t("meeting.cycle.col.officer")),
                "recommendation": st.column_config.TextColumn(
                    t("meeting.cycle.col.recommendation"), width="large"
                ),
            },
        )
        if notice.documents:
            documents = pd.DataFrame(notice.documents, columns=["title", "kind", "number", "exempt_basis"])
            table(
                documents,
                {
                    "title": text(t("meeting.cycle.col.document")),
                    "kind": text(t("meeting.cycle.col.kind")),
                    "number": st.column_config.NumberColumn(
                        t("meeting.cycle.col.document_version"), format="%d"
                    ),
                    "exempt_basis": text(t("meeting.cycle.col.exempt")),
                },
            )
        else:
            st.caption(t("meeting.cycle.no_documents"))


def _steps(steps: pd.DataFrame) -> None:
    if steps.empty:
        st.caption(t("meeting.cycle.no_steps"))
        return
    rows = steps.assign(
        when=moments(steps["changed_at"]),
        step=labels("meeting_status", steps["to_status"]),
        before=labels("meeting_status", steps["from_status"]),
    )
    table(
        rows,
        {
            "when": text(t("meeting.cycle.col.when")),
            "before": text(t("meeting.cycle.col.from")),
            "step": text(t("meeting.cycle.col.to")),
            "by": text(t("meeting.cycle.col.by")),
            "reason": text(t("field.reason")),
        },
    )


def cycle_panel(user: CurrentUser, detail: MeetingDetail) -> None:
    """Where the meeting stands in its cycle, the next step, the innkalling's versions, its steps."""
    cycle = meeting_loaders.cycle(detail.id)
    if cycle is None:
        return
    shown = [label("meeting_status", status) for status in rules.CYCLE]
    st.markdown(
        t("meeting.cycle.status", status=label("meeting_status", detail.status))
        + (f" ({' → '.join(shown)})" if detail.status != M.CANCELLED else "")
    )
    _notice_period(cycle)
    if cycle.approval is not None:
        st.success(escape_markdown(approval_words(cycle.approval)), icon=":material/approval:")
    if detail.status != M.CANCELLED:
        _next_steps(user, detail)
    st.header(t("meeting.cycle.notices"))
    paper_buttons(detail, "notice")
    st.caption(t("meeting.papers.help"))
    if not cycle.notices:
        st.caption(t("meeting.cycle.no_notices"))
    for notice in cycle.notices:
        _notice(notice)
    st.header(t("meeting.cycle.steps"))
    _steps(cycle.steps)
