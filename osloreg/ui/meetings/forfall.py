"""Forfall, vara, habilitet and vedtaksførhet on the meeting page: the coverage forecast, who has sent
forfall and which vara is called in, who is inhabil in which sak, and whether the body is vedtaksfør."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today
from osloreg.enums import (
    CallAnswer,
    DisqualificationGround,
    DisqualificationStatus,
    MeetingStatus,
    QuorumRule,
)
from osloreg.queries.attendance import ItemQuorum, Roster, expected_quorum
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules import attendance as rules
from osloreg.rules.permissions import Action, allowed, may_report_for
from osloreg.services import attendance as service
from osloreg.services import disqualifications as habilitet
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import basis_caption, escape_markdown, labels, moments, table, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import loaders as meeting_loaders

AHEAD = frozenset({MeetingStatus.PLANNED, MeetingStatus.CALLED})
OPEN = frozenset({MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.HELD})
Column = st.column_config
# The forecast's rows, those forfall touches first (no vara yet, a vara not yet answered, a vara who
# comes), then the units with no one, then those whose member comes.
E = rules.Expect
ACT_FIRST = (E.FORFALL, E.VARA_ASKED, E.VARA, E.NO_ONE, E.ATTENDS)


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _items(detail: MeetingDetail) -> dict[int, str]:
    """Agenda item id -> "3. Sak 7/26 Title" (or the heading), in order."""
    names = {}
    for row in detail.agenda.itertuples():
        title = row.title if isinstance(row.title, str) else (row.heading or "")
        case = f"{row.case} " if isinstance(row.case, str) else ""
        names[int(row.item_id)] = f"{int(row.position)}. {case}{title}"
    return names


def _position_words(detail: MeetingDetail, position: int | None) -> str:
    rows = detail.agenda[detail.agenda["position"] == position]
    if rows.empty:
        return str(position)
    case = rows.iloc[0]["case"]
    return t("forfall.item_case", case=case) if isinstance(case, str) else t("forfall.item_n", n=position)


def span_words(detail: MeetingDetail, first: Any, last: Any) -> str:
    """ "Hele møtet", "fra sak 7/26", "til sak 8/26", "sak 7/26–sak 9/26"."""
    first, last = _int(first), _int(last)
    if first is None and last is None:
        return t("forfall.whole")
    if last is None:
        return t("forfall.from", item=_position_words(detail, first))
    if first is None:
        return t("forfall.to", item=_position_words(detail, last))
    return t("forfall.between", first=_position_words(detail, first), last=_position_words(detail, last))


def _run(action: Callable[[Session], Any], done: str) -> None:
    if forms.save(action) is not None:
        forms.flash(done)
        st.rerun()


# --- Vedtaksførhet ------------------------------------------------------------------------------------------


def _not_met(quorums: list[ItemQuorum]) -> list[ItemQuorum]:
    return [item for item in quorums if item.quorum is not None and not item.quorum.met]


def quorum_warning(detail: MeetingDetail) -> None:
    """Above the tabs, before the meeting (from forfall and vara) and on its day or after (from the
    recorded attendance and habilitet): where the body will not be, or was not, vedtaksfør."""
    if detail.status not in OPEN or detail.quorum_rule == QuorumRule.NONE:
        return  # most meetings (the groups'): no read at all
    roster = meeting_loaders.roster(detail.id)
    if roster is None:
        return
    expected = expected_quorum(roster)
    if detail.status in AHEAD and expected is not None and not expected.met:
        st.warning(
            t(
                "forfall.quorum.forecast_short",
                present=expected.present,
                members=expected.members,
                required=expected.required,
            ),
            icon=":material/how_to_vote:",
        )
    if detail.status == MeetingStatus.HELD or detail.starts_at.date() <= oslo_today():
        missing = _not_met(meeting_loaders.item_quorums(detail.id))
        if missing:
            names = _items(detail)
            by_position = {int(row.position): int(row.item_id) for row in detail.agenda.itertuples()}
            st.warning(
                t(
                    "forfall.quorum.items_short",
                    items=escape_markdown(
                        "; ".join(
                            names.get(by_position.get(item.position, -1), str(item.position))
                            for item in missing
                        )
                    ),
                ),
                icon=":material/how_to_vote:",
            )


def _quorum(detail: MeetingDetail, roster: Roster) -> None:
    st.subheader(t("forfall.quorum.title"))
    st.markdown(escape_markdown(t(f"quorum_rule.{roster.quorum_rule}")))
    if roster.quorum_rule == QuorumRule.NONE:
        return
    basis_caption(roster.quorum_basis, roster.quorum_source)
    quorums = meeting_loaders.item_quorums(detail.id)
    names = _items(detail)
    by_position = {int(row.position): int(row.item_id) for row in detail.agenda.itertuples()}
    rows = pd.DataFrame(
        [
            (
                names.get(by_position.get(item.position, -1), str(item.position)),
                item.quorum.present,
                item.quorum.required,
                t("forfall.yes" if item.quorum.met else "forfall.no"),
                ", ".join(item.left),
            )
            for item in quorums
            if item.quorum is not None
        ],
        columns=["item", "present", "required", "met", "left"],
    )
    if rows.empty:
        st.caption(t("forfall.quorum.no_items"))
        return
    st.caption(
        t("forfall.quorum.basis_recorded" if not detail.attendance.empty else "forfall.quorum.basis_expected")
    )
    table(
        rows,
        {
            "item": Column.TextColumn(t("meeting.col.item"), width="large"),
            "present": Column.NumberColumn(t("forfall.col.present"), format="%d"),
            "required": Column.NumberColumn(t("forfall.col.required"), format="%d"),
            "met": text(t("forfall.col.met")),
            "left": text(t("forfall.col.left")),
        },
    )


# --- The coverage forecast --------------------------------------------------------------------------------


def _forecast(roster: Roster) -> None:
    forecast = roster.forecast
    if forecast is None:
        return
    st.subheader(t("forfall.forecast.title"))
    if forecast.units:
        st.markdown(
            t(
                "forfall.forecast.covered",
                covered=fmt_number(forecast.covered),
                expected=fmt_number(len(forecast.units)),
            )
        )
        missing = forecast.missing
        if missing:
            st.warning(
                t(
                    "forfall.forecast.missing",
                    units=escape_markdown(", ".join(unit.unit.name for unit in missing)),
                )
            )
        rows = pd.DataFrame(
            [
                (unit.unit.name, t(f"expect.{unit.expect}"), ", ".join(unit.people), unit.vara or "")
                for unit in sorted(forecast.units, key=lambda unit: ACT_FIRST.index(unit.expect))
            ],
            columns=["unit", "state", "people", "vara"],
        )
        table(
            rows,
            {
                "unit": text(t("meeting.col.unit")),
                "state": text(t("forfall.col.state")),
                "people": text(t("forfall.col.people")),
                "vara": text(t("forfall.col.vara")),
            },
        )
    st.caption(
        t(
            "forfall.forecast.members",
            present=fmt_number(forecast.expected_present),
            members=fmt_number(forecast.members),
        )
    )


# --- Forfall and vara -----------------------------------------------------------------------------------


def _offer_words(roster: Roster, vara: rules.Vara) -> str:
    if vara.for_person_id is not None:
        return t("forfall.offer.personal", name=vara.name)
    unit = roster.unit_names.get(vara.unit_id or -1, "")
    if vara.order is None:
        return t("forfall.offer.unit", name=vara.name, unit=unit)
    return t("forfall.offer.ordered", name=vara.name, order=vara.order, unit=unit)


def _calls_for(roster: Roster, absence_id: int) -> pd.DataFrame:
    return roster.calls[roster.calls["absence_id"] == absence_id]


def _vara_actions(user: CurrentUser, detail: MeetingDetail, roster: Roster, absence: Any) -> None:
    """For the secretariat: the vara called in and their answer, or the next vara to call in."""
    absence_id = int(absence.absence_id)
    calls = _calls_for(roster, absence_id)
    pending = calls[calls["answer"] == CallAnswer.PENDING]
    if calls[calls["answer"] == CallAnswer.ACCEPTED].shape[0]:
        return
    if not pending.empty:
        call = pending.iloc[0]
        left, right = st.columns(2)
        if left.button(
            t("forfall.vara.accepted"), key=f"vara_yes_{int(call.call_id)}", icon=":material/check:"
        ):
            _run(
                lambda session: service.answer_call(
                    session, actor=user.actor, call_id=int(call.call_id), accepted=True
                ),
                t("forfall.vara.accepted_done", name=call.vara),
            )
        if right.button(
            t("forfall.vara.declined"), key=f"vara_no_{int(call.call_id)}", icon=":material/close:"
        ):
            _run(
                lambda session: service.answer_call(
                    session, actor=user.actor, call_id=int(call.call_id), accepted=False
                ),
                t("forfall.vara.declined_done", name=call.vara),
            )
        return
    offers = roster.offers.get(absence_id, [])
    if not offers:
        st.caption(t("forfall.vara.none_left"))
        return
    chosen = forms.options_box(
        t("forfall.vara.choose"),
        [(vara.person_id, _offer_words(roster, vara)) for vara in offers],
        key=f"vara_choice_{absence_id}",
        default=offers[0].person_id,
    )
    if chosen is not None and st.button(
        t("forfall.vara.call"), key=f"vara_call_{absence_id}", icon=":material/call:", type="primary"
    ):
        name = next(vara.name for vara in offers if vara.person_id == chosen)
        _run(
            lambda session: service.call_substitute(
                session, actor=user.actor, absence_id=absence_id, vara_person_id=chosen
            ),
            t("forfall.vara.called_done", name=name),
        )


def _vara_words(roster: Roster, absence_id: int) -> str:
    calls = _calls_for(roster, absence_id)
    if calls.empty:
        return t("forfall.vara.not_called")
    return "; ".join(f"{call.vara}: {t(f'call_answer.{call.answer}')}" for call in calls.itertuples())


def _absences(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    st.subheader(t("forfall.list.title"))
    absences = roster.absences
    if absences.empty:
        st.caption(t("forfall.list.none"))
        return
    rows = absences.assign(
        span=[span_words(detail, row.from_position, row.to_position) for row in absences.itertuples()],
        vara=[_vara_words(roster, int(row.absence_id)) for row in absences.itertuples()],
        reported=moments(absences["reported_at"]),
    )
    table(
        rows,
        {
            "person": text(t("meeting.col.person")),
            "unit": text(t("meeting.col.unit")),
            "span": text(t("forfall.col.span")),
            "reason": Column.TextColumn(t("forfall.col.reason"), width="medium"),
            "vara": Column.TextColumn(t("forfall.col.vara"), width="medium"),
            "reported": text(t("forfall.col.reported")),
        },
    )
    handler = allowed(user.roles, Action.HANDLE_ATTENDANCE)
    if detail.status not in OPEN:
        return
    for row in absences.itertuples():
        own = may_report_for(user.roles, actor_person_id=user.person_id, person_id=int(row.person_id))
        if not (handler or own):
            continue
        with st.expander(t("forfall.handle", person=escape_markdown(row.person)), expanded=handler):
            if handler:
                _vara_actions(user, detail, roster, row)
            if forms.confirmed_button(
                t("forfall.withdraw"),
                t("forfall.withdraw_confirm"),
                key=f"forfall_withdraw_{int(row.absence_id)}",
                confirm_key=f"forfall_withdraw_confirm_{int(row.absence_id)}",
            ):
                _run(
                    lambda session, absence_id=int(row.absence_id): service.withdraw_absence(
                        session, actor=user.actor, absence_id=absence_id
                    ),
                    t("forfall.withdrawn", person=row.person),
                )


def _people(user: CurrentUser, roster: Roster) -> list[tuple[int, str]]:
    """Who the user may report for: anyone of the body's members and vara (the secretariat), or
    themselves if they sit in the body or are vara on the day."""
    everyone = [(int(row.person_id), row.person) for row in roster.members.itertuples()]
    everyone += [
        (vara.person_id, f"{vara.name} ({t('overview.member_role.substitute')})") for vara in roster.varas
    ]
    return [
        (person, name)
        for person, name in everyone
        if may_report_for(user.roles, actor_person_id=user.person_id, person_id=person)
    ]


def _report_form(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    people = _people(user, roster)
    if not people:
        if allowed(user.roles, Action.REPORT_ATTENDANCE):
            st.caption(t("forfall.report.not_member"))
        return
    st.subheader(t("forfall.report.title"))
    form_id = f"forfall_{detail.id}"
    base_key, base, keys = forms.form_fields(form_id, {"reason": ""})
    person = forms.options_box(
        t("forfall.report.person"),
        people,
        key=f"{form_id}_person",
        default=people[0][0] if len(people) == 1 else None,
    )
    items = _items(detail)
    whole = st.toggle(t("forfall.whole"), value=True, key=f"{form_id}_whole")
    first = last = None
    if not whole and items:
        left, right = st.columns(2)
        with left:
            first = forms.options_box(
                t("forfall.report.first"),
                list(items.items()),
                key=f"{form_id}_first",
                none_label=t("forfall.report.start"),
            )
        with right:
            last = forms.options_box(
                t("forfall.report.last"),
                list(items.items()),
                key=f"{form_id}_last",
                none_label=t("forfall.report.end"),
            )
    reason = st.text_input(t("field.forfall_reason"), max_chars=service.REASON_MAX, key=keys["reason"])
    if st.button(
        t("forfall.report.send"), type="primary", icon=":material/event_busy:", key=f"{form_id}_send"
    ):
        if person is None:
            st.error(t("forfall.report.choose_person"))
            return
        saved = forms.save(
            lambda session: service.report_absence(
                session,
                actor=user.actor,
                meeting_id=detail.id,
                person_id=person,
                reason=reason,
                from_item_id=first,
                to_item_id=last,
            ),
            base_key=base_key,
        )
        if saved is not None:
            name = dict(people).get(person, "")
            forms.finish(form_id, keys, t("forfall.report.done", person=name))


# --- Habilitet ------------------------------------------------------------------------------------------


def _inhabil(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    st.subheader(t("forfall.inhabil.title"))
    found = roster.inhabil
    names = _items(detail)
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
            _run(
                lambda session: habilitet.decide_disqualification(
                    session, actor=user.actor, disqualification_id=found_id, inhabil=True
                ),
                t("forfall.inhabil.decided", person=person),
            )
        reason = st.text_input(t("field.habilitet_habil_reason"), key=f"habil_reason_{found_id}")
        if st.button(t("forfall.inhabil.habil"), key=f"inhabil_habil_{found_id}", icon=":material/balance:"):
            _run(
                lambda session: habilitet.decide_disqualification(
                    session, actor=user.actor, disqualification_id=found_id, inhabil=False, reason=reason
                ),
                t("forfall.inhabil.found_habil", person=person),
            )
    if forms.confirmed_button(
        t("forfall.inhabil.withdraw"),
        t("forfall.withdraw_confirm"),
        key=f"inhabil_withdraw_{found_id}",
        confirm_key=f"inhabil_withdraw_confirm_{found_id}",
    ):
        _run(
            lambda session: habilitet.withdraw_disqualification(
                session, actor=user.actor, disqualification_id=found_id
            ),
            t("forfall.inhabil.withdrawn", person=person),
        )


def _inhabil_form(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    people = _people(user, roster)
    case_items = {
        int(row.item_id): name
        for row, name in zip(detail.agenda.itertuples(), _items(detail).values(), strict=True)
        if _int(row.case_id) is not None
    }
    if not people or not case_items:
        return
    handler = allowed(user.roles, Action.HANDLE_ATTENDANCE)
    st.markdown(f"**{t('forfall.inhabil.form_title')}**")
    form_id = f"inhabil_{detail.id}"
    base_key, base, keys = forms.form_fields(form_id, {"reason": ""})
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
    reason = st.text_area(
        t("field.habilitet_reason"), max_chars=service.REASON_MAX, key=keys["reason"], height=80
    )
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
            forms.finish(form_id, keys, t("forfall.inhabil.done", person=dict(people).get(person, "")))


def forfall_panel(user: CurrentUser, detail: MeetingDetail) -> None:
    """The tab: forecast (ahead), forfall and vara, the report form, habilitet, vedtaksførhet."""
    roster = meeting_loaders.roster(detail.id, with_forecast=detail.status in AHEAD)
    if roster is None:
        return
    if detail.status in AHEAD:
        _forecast(roster)
    _absences(user, detail, roster)
    if detail.status in OPEN:
        _report_form(user, detail, roster)
    _inhabil(user, detail, roster)
    if detail.status in OPEN:
        _inhabil_form(user, detail, roster)
    _quorum(detail, roster)
