"""The coordinators' agenda editor for a meeting: build the saksliste from registered cases (warning
when one is passed over) and headings, order it, and record each case's result, which becomes its
consultation's result. Keeps what was typed across reruns; saves through the meeting service."""

from __future__ import annotations

import streamlit as st

from osloreg import i18n
from osloreg.clock import oslo_today
from osloreg.enums import ConsultationResult, ConsultationRole, MeetingStatus
from osloreg.i18n import case_label
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules import cases as case_rules
from osloreg.rules import publication
from osloreg.rules.validation import TITLE_MAX
from osloreg.services import meetings as service
from osloreg.ui.kit import forms, values
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import loaders as meeting_loaders

CASE_CHOICES = 30  # the registered cases offered at once in the picker


def _add_case(user: CurrentUser, detail: MeetingDetail) -> None:
    names = ("search", "case", "role", "deciding", "number")
    keys = {name: forms.fresh_key(f"agenda_{name}_{detail.id}") for name in names}
    search = st.text_input(
        t("meeting.agenda.find_case"),
        placeholder=t("meeting.agenda.find_case_placeholder"),
        max_chars=100,
        key=keys["search"],
    )
    options = dict(meeting_loaders.subject_options("case", search.strip(), CASE_CHOICES, None))
    on_agenda = {int(case_id) for case_id in detail.agenda["case_id"].dropna()}
    options = {case_id: name for case_id, name in options.items() if case_id not in on_agenda}
    case_id = st.selectbox(
        t("meeting.agenda.case"),
        list(options),
        format_func=lambda value: options.get(value, str(value)),
        index=None,
        placeholder=t("meeting.agenda.choose_case", count=len(options)),
        key=keys["case"],
    )
    if case_id is not None:
        _warn_if_passed_over(case_id, detail)
    # The role of a new step (a step already planned for this body keeps its own): innstilling,
    # vedtak, ...
    role = st.selectbox(
        t("case.field.role"),
        list(ConsultationRole),
        format_func=lambda value: t(f"consultation_role.{value}"),
        key=keys["role"],
        placeholder=t("forms.choose_one"),
    )
    deciding = st.checkbox(t("meeting.agenda.deciding"), key=keys["deciding"])
    # The number the case holds in this body's series of the meeting's year, else the next free
    # one (another free one may be typed instead).
    year = detail.starts_at.year
    held = meeting_loaders.held_number(case_id, detail.body_id, year) if case_id is not None else None
    suggested = held or meeting_loaders.next_number(detail.body_id, year)
    number = st.number_input(
        t("meeting.agenda.number"),
        min_value=1,
        max_value=case_rules.NUMBER_MAX,
        value=suggested,
        step=1,
        disabled=held is not None,  # a case keeps its number in the body through the year
        help=t("meeting.agenda.number_help", label=case_label(suggested, year)),
        key=f"{keys['number']}_{case_id}",  # a number of its own for each case chosen
    )
    st.caption(t("meeting.agenda.case_help"))
    if st.button(
        t("meeting.agenda.add_case"), icon=":material/playlist_add:", key=f"agenda_add_case_{detail.id}"
    ):
        if case_id is None:
            st.error(t("meeting.agenda.no_case"))
            return
        added = forms.save(
            lambda session: service.add_agenda_item(
                session,
                actor=user.actor,
                meeting_id=detail.id,
                case_id=case_id,
                role=role,
                authoritative=deciding,
                number=int(number),
            )
        )
        if added is not None:
            for name in names:
                forms.renew(f"agenda_{name}_{detail.id}")
            forms.flash(t("meeting.agenda.added"))
            st.rerun()


def _warn_if_passed_over(case_id: int, detail: MeetingDetail) -> None:
    """Say so when the case's next treatment is planned at another body: it would be passed over."""
    case = meeting_loaders.case_detail(case_id, oslo_today())
    upcoming = case.next_planned if case is not None else None
    if upcoming is not None and upcoming.body_id != detail.body_id:
        st.warning(
            t(
                "meeting.agenda.passes_over",
                case=case.label,
                body=escape_markdown(upcoming.body_name),
            )
        )


def _add_heading(user: CurrentUser, detail: MeetingDetail) -> None:
    key = forms.fresh_key(f"agenda_heading_{detail.id}")
    heading = st.text_input(
        t("meeting.agenda.heading"), placeholder="Eventuelt", max_chars=TITLE_MAX, key=key
    )
    if st.button(
        t("meeting.agenda.add_heading"), icon=":material/title:", key=f"agenda_heading_add_{detail.id}"
    ):
        if forms.save(
            lambda session: service.add_agenda_item(
                session, actor=user.actor, meeting_id=detail.id, heading=heading
            )
        ):
            forms.renew(f"agenda_heading_{detail.id}")
            forms.flash(t("meeting.agenda.added"))
            st.rerun()


def _item_name(row) -> str:
    if not isinstance(row.title, str):
        return f"{row.position}. {row.heading}"
    return f"{row.position}. " + (f"{row.case} {row.title}" if isinstance(row.case, str) else row.title)


def _number_or_none(value) -> int | None:
    return None if value is None or value != value else int(value)


def _result_form(user: CurrentUser, detail: MeetingDetail, row) -> None:
    recorded = isinstance(row.result, str)
    # Missing values come out of the frame as NaN: only text counts as text.
    result_text = row.result_text if isinstance(row.result_text, str) else None
    expected = {"result": row.result, "result_text": result_text} if recorded else None
    form_id = f"result_{row.item_id}"
    deciding = bool(row.authoritative) if row.authoritative == row.authoritative else False
    start = {
        "expected": expected,
        "result": row.result if recorded else None,
        "text": result_text or "",
        "unanimous": bool(row.unanimous) if row.unanimous == row.unanimous else False,
        "votes_for": _number_or_none(row.votes_for),
        "votes_against": _number_or_none(row.votes_against),
        "remarks": row.protocol_remarks if isinstance(row.protocol_remarks, str) else "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    # A vedtaksorgan's results read vedtatt / vedtatt med endringer / ikke vedtatt.
    result = st.segmented_control(
        t("meeting.result.result"),
        list(ConsultationResult),
        format_func=lambda value: i18n.case_result(value, language(), deciding=deciding),
        key=keys["result"],
    )
    text = st.text_area(t("meeting.result.text"), height=80, key=keys["text"])
    unanimous_col, for_col, against_col = st.columns(3)
    unanimous = unanimous_col.checkbox(t("case.vote.unanimous"), key=keys["unanimous"])
    votes_for = for_col.number_input(
        t("meeting.result.votes_for"), min_value=0, max_value=999, step=1, value=None, key=keys["votes_for"]
    )
    votes_against = against_col.number_input(
        t("meeting.result.votes_against"),
        min_value=0,
        max_value=999,
        step=1,
        value=None,
        key=keys["votes_against"],
    )
    remarks = st.text_area(t("case.col.protocol_remarks"), height=68, key=keys["remarks"])
    if st.button(t("meeting.result.save"), type="primary", icon=":material/task_alt:", key=f"{form_id}_save"):
        if result is None:
            st.error(t("meeting.result.choose"))
            return
        saved = forms.save(
            lambda session: service.record_result(
                session,
                actor=user.actor,
                item_id=int(row.item_id),
                expected=base["expected"],
                result=result,
                text=text.strip() or None,
                unanimous=bool(unanimous) or None,
                votes_for=_number_or_none(votes_for),
                votes_against=_number_or_none(votes_against),
                protocol_remarks=remarks.strip() or None,
            ),
            base_key=base_key,
            labels={"result": t("meeting.result.result"), "text": t("meeting.result.text")},
            describe=values.describer(
                names={"result": lambda code: i18n.case_result(code, language(), deciding=deciding)}
            ),
        )
        if saved is not None:
            forms.finish(form_id, keys, t("meeting.result.done", item=escape_markdown(_item_name(row))))
    forms.show_conflict(form_id)


def agenda_editor(user: CurrentUser, detail: MeetingDetail) -> None:
    """Results per case item; reorder and remove items; add a case or a heading."""
    items = detail.agenda
    if detail.status == MeetingStatus.CALLED:
        st.info(t("meeting.agenda.after_notice"), icon=":material/history_edu:")
    if not items.empty:
        st.header(t("meeting.agenda.items"))
        last = len(items)
        for index, row in enumerate(items.itertuples(), start=1):
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(_item_name(row))}**")
                up, down, remove, _ = st.columns([1, 1, 2, 4])
                if index > 1 and up.button("↑", help=t("meeting.agenda.up"), key=f"agenda_up_{row.item_id}"):
                    _move(user, int(row.item_id), -1)
                if index < last and down.button(
                    "↓", help=t("meeting.agenda.down"), key=f"agenda_down_{row.item_id}"
                ):
                    _move(user, int(row.item_id), 1)
                if not isinstance(row.result, str) and remove.button(
                    t("meeting.agenda.remove"), icon=":material/delete:", key=f"agenda_remove_{row.item_id}"
                ):
                    if forms.save(
                        lambda session, item=int(row.item_id): service.remove_agenda_item(
                            session, actor=user.actor, item_id=item
                        )
                    ):
                        forms.flash(t("meeting.agenda.removed"))
                        st.rerun()
                if isinstance(row.title, str):
                    # A key of its own keeps the expander open across reruns (a message shown above
                    # can otherwise make the browser draw it afresh, closed).
                    with st.expander(
                        t("meeting.result.edit" if isinstance(row.result, str) else "meeting.result.record"),
                        key=f"agenda_result_open_{row.item_id}",
                    ):
                        _result_form(user, detail, row)
                # After the result: closing an item is the rarer step (and the keyboard reaches the
                # result first).
                _closed_form(user, row)
    st.header(t("meeting.agenda.add"))
    _add_case(user, detail)
    _add_heading(user, detail)


def _closed_form(user: CurrentUser, row) -> None:
    """Close an item (lukket behandling) with its legal basis, or open it again."""
    basis = row.closed_basis if isinstance(row.closed_basis, str) else None
    if basis:
        st.caption(t("meeting.agenda.closed_note", basis=escape_markdown(basis)))
    with st.expander(t("meeting.agenda.closed"), key=f"agenda_closed_open_{row.item_id}"):
        key = forms.fresh_key(f"agenda_closed_{row.item_id}")
        typed = st.text_input(
            t("field.closed_basis"),
            value=basis or "",
            max_chars=publication.CLOSED_BASIS_MAX,
            placeholder=publication.CLOSED_BASIS_SUGGESTIONS[1],
            help=t("meeting.agenda.close_help", common="; ".join(publication.CLOSED_BASIS_SUGGESTIONS)),
            key=key,
        )
        close, reopen = st.columns(2)
        if close.button(t("meeting.agenda.close"), icon=":material/lock:", key=f"agenda_close_{row.item_id}"):
            _save_closed(user, int(row.item_id), typed or "", "meeting.agenda.closed_done")
        if basis and reopen.button(
            t("meeting.agenda.open"), icon=":material/lock_open:", key=f"agenda_reopen_{row.item_id}"
        ):
            _save_closed(user, int(row.item_id), None, "meeting.agenda.opened_done")


def _save_closed(user: CurrentUser, item_id: int, basis: str | None, done: str) -> None:
    if basis is not None and not basis.strip():
        st.error(t("error.closed_basis_no_paragraph"))
        return
    if forms.save(
        lambda session: service.set_item_closed(
            session, actor=user.actor, item_id=item_id, closed_basis=basis
        )
    ):
        forms.renew(f"agenda_closed_{item_id}")
        forms.flash(t(done))
        st.rerun()


def _move(user: CurrentUser, item_id: int, offset: int) -> None:
    if forms.save(
        lambda session: service.move_agenda_item(session, actor=user.actor, item_id=item_id, offset=offset)
    ):
        st.rerun()
