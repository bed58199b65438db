"""Habilitet on a meeting's tab: who is inhabil in which sak (declared, or decided by the body) and
the form to declare it; the secretariat records the body's decision."""

from __future__ import annotations

import streamlit as st

from osloreg.enums import DisqualificationGround, DisqualificationStatus
from osloreg.queries.attendance import Roster
from osloreg.queries.common import optional_int
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules.permissions import Action, allowed, may_report_for
from osloreg.services import disqualifications as habilitet
from osloreg.services.meetings import REASON_MAX
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import escape_markdown, labels, table, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings.roster import OPEN, item_names, people_for, run

Column = st.column_config


def inhabil_section(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    """Who is inhabil in which item, on which ground; the secretariat's decision and take-back."""
    st.header(t("forfall.inhabil.title"))
    found = roster.inhabil
    names = item_names(detail)
    if found.empty:
        st.caption(t("forfall.inhabil.none"))
    else:
        rows = found.assign(
            item=found["item_id"].map(lambda item: names.get(int(item), "")),
            status_word=labels("inhabil_status", found["status"]),
            ground_word=labels("inhabil_ground", found["ground"]),
        )
        table(
            rows,
            {
                "item": Column.TextColumn(t("meeting.col.item"), width="medium"),
                "person": text(t("meeting.col.person")),
                "status_word": text(t("forfall.col.inhabil_status")),
                "ground_word": Column.TextColumn(t("forfall.col.ground"), width="medium"),
                "reason": Column.TextColumn(t("forfall.col.inhabil_reason"), width="medium"),
            },
        )
    if detail.status not in OPEN:
        return
    handler = allowed(user.roles, Action.HANDLE_ATTENDANCE)
    for row in found.itertuples():
        own = may_report_for(user.roles, actor_person_id=user.person_id, person_id=int(row.person_id))
        declared = row.status == DisqualificationStatus.DECLARED
        if not (handler or (own and declared)):
            continue
        item = names.get(int(row.item_id), "")
        with st.expander(
            t("forfall.inhabil.handle", person=escape_markdown(row.person), item=escape_markdown(item))
        ):
            _inhabil_actions(
                user, int(row.disqualification_id), row.person, declared=declared, handler=handler
            )


def _inhabil_actions(user: CurrentUser, found_id: int, person: str, *, declared: bool, handler: bool) -> None:
    """The secretariat records the body's decision (inhabil, or habil with the reason); a declaration
    is taken back by the member who made it or by the secretariat."""
    if handler and declared:
        if st.button(t("forfall.inhabil.decide"), key=f"inhabil_decide_{found_id}", icon=":material/gavel:"):
            run(
                lambda session: habilitet.decide_disqualification(
                    session, actor=user.actor, disqualification_id=found_id, inhabil=True
                ),
                t("forfall.inhabil.decided", person=escape_markdown(person)),
            )
        reason = st.text_input(t("field.habilitet_habil_reason"), key=f"habil_reason_{found_id}")
        if st.button(t("forfall.inhabil.habil"), key=f"inhabil_habil_{found_id}", icon=":material/balance:"):
            run(
                lambda session: habilitet.decide_disqualification(
                    session, actor=user.actor, disqualification_id=found_id, inhabil=False, reason=reason
                ),
                t("forfall.inhabil.found_habil", person=escape_markdown(person)),
            )
    if forms.confirmed_button(
        t("forfall.inhabil.withdraw"),
        t("forfall.withdraw_confirm"),
        key=f"inhabil_withdraw_{found_id}",
        confirm_key=f"inhabil_withdraw_confirm_{found_id}",
    ):
        run(
            lambda session: habilitet.withdraw_disqualification(
                session, actor=user.actor, disqualification_id=found_id
            ),
            t("forfall.inhabil.withdrawn", person=escape_markdown(person)),
        )


def inhabil_form(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    """Declare an inhabilitet in a case item: a member for herself; the secretariat for anyone, and
    may record the body's decision at once."""
    people = people_for(user, roster)
    case_items = {
        int(row.item_id): name
        for row, name in zip(detail.agenda.itertuples(), item_names(detail).values(), strict=True)
        if optional_int(row.case_id) is not None
    }
    if not people or not case_items:
        return
    handler = allowed(user.roles, Action.HANDLE_ATTENDANCE)
    st.markdown(f"**{t('forfall.inhabil.form_title')}**")
    form_id = f"inhabil_{detail.id}"
    base_key, _, keys = forms.form_fields(form_id, {"reason": ""})
    item = forms.options_box(t("forfall.inhabil.item"), list(case_items.items()), key=f"{form_id}_item")
    person = forms.options_box(
        t("forfall.inhabil.person"),
        people,
        key=f"{form_id}_person",
        default=people[0][0] if len(people) == 1 else None,
    )
    ground = st.selectbox(
        t("forfall.inhabil.ground"),
        list(DisqualificationGround),
        index=None,
        format_func=lambda value: t(f"inhabil_ground.{value}"),
        placeholder=t("decisions.form.choose"),
        key=f"{form_id}_ground",
    )
    reason = st.text_area(t("field.habilitet_reason"), max_chars=REASON_MAX, key=keys["reason"], height=80)
    decided = handler and st.checkbox(t("forfall.inhabil.decided_box"), key=f"{form_id}_decided")
    if st.button(
        t("forfall.inhabil.send"), type="primary", icon=":material/front_hand:", key=f"{form_id}_send"
    ):
        if item is None or person is None:
            st.error(t("forfall.inhabil.choose"))
            return
        saved = forms.save(
            lambda session: habilitet.declare_disqualification(
                session,
                actor=user.actor,
                agenda_item_id=item,
                person_id=person,
                ground=ground or "",
                reason=reason,
                decided=bool(decided),
            ),
            base_key=base_key,
        )
        if saved is not None:
            forms.finish(
                form_id, keys, t("forfall.inhabil.done", person=escape_markdown(dict(people).get(person, "")))
            )
