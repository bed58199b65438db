"""The meeting page's tab for forfall, vara, habilitet and vedtaksførhet: the coverage forecast, who has
sent forfall and which vara is called in, whether the body is vedtaksfør; habilitet is in habilitet.py."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from osloreg.clock import oslo_today
from osloreg.enums import CallAnswer, MeetingStatus, QuorumRule
from osloreg.queries.attendance import ItemQuorum, Roster, expected_quorum
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules import attendance as rules
from osloreg.rules.permissions import Action, allowed, may_report_for
from osloreg.services import attendance as service
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import fmt_number, t
from osloreg.ui.kit.tables import basis_caption, escape_markdown, moments, table, text
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import habilitet
from osloreg.ui.meetings import loaders as meeting_loaders
from osloreg.ui.meetings.roster import AHEAD, OPEN, item_names, people_for, run, span_words

Column = st.column_config
# The forecast's rows, those forfall touches first (no vara yet, a vara not yet answered, a vara who
# comes), then the units with no one, then those whose member comes.
E = rules.Expect
ACT_FIRST = (E.FORFALL, E.VARA_ASKED, E.VARA, E.NO_ONE, E.ATTENDS)


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
            names = item_names(detail)
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
    st.header(t("forfall.quorum.title"))
    st.markdown(escape_markdown(t(f"quorum_rule.{roster.quorum_rule}")))
    if roster.quorum_rule == QuorumRule.NONE:
        return
    basis_caption(roster.quorum_basis, roster.quorum_source)
    quorums = meeting_loaders.item_quorums(detail.id)
    names = item_names(detail)
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
    st.header(t("forfall.forecast.title"))
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
            run(
                lambda session: service.answer_call(
                    session, actor=user.actor, call_id=int(call.call_id), accepted=True
                ),
                t("forfall.vara.accepted_done", name=escape_markdown(call.vara)),
            )
        if right.button(
            t("forfall.vara.declined"), key=f"vara_no_{int(call.call_id)}", icon=":material/close:"
        ):
            run(
                lambda session: service.answer_call(
                    session, actor=user.actor, call_id=int(call.call_id), accepted=False
                ),
                t("forfall.vara.declined_done", name=escape_markdown(call.vara)),
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
        run(
            lambda session: service.call_substitute(
                session, actor=user.actor, absence_id=absence_id, vara_person_id=chosen
            ),
            t("forfall.vara.called_done", name=escape_markdown(name)),
        )


def _vara_words(roster: Roster, absence_id: int) -> str:
    calls = _calls_for(roster, absence_id)
    if calls.empty:
        return t("forfall.vara.not_called")
    return "; ".join(f"{call.vara}: {t(f'call_answer.{call.answer}')}" for call in calls.itertuples())


def _absences(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    st.header(t("forfall.list.title"))
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
                run(
                    lambda session, absence_id=int(row.absence_id): service.withdraw_absence(
                        session, actor=user.actor, absence_id=absence_id
                    ),
                    t("forfall.withdrawn", person=escape_markdown(row.person)),
                )


def _report_form(user: CurrentUser, detail: MeetingDetail, roster: Roster) -> None:
    people = people_for(user, roster)
    if not people:
        if allowed(user.roles, Action.REPORT_ATTENDANCE):
            st.caption(t("forfall.report.not_member"))
        return
    st.header(t("forfall.report.title"))
    form_id = f"forfall_{detail.id}"
    base_key, _, keys = forms.form_fields(form_id, {"reason": ""})
    person = forms.options_box(
        t("forfall.report.person"),
        people,
        key=f"{form_id}_person",
        default=people[0][0] if len(people) == 1 else None,
    )
    items = item_names(detail)
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
            forms.finish(form_id, keys, t("forfall.report.done", person=escape_markdown(name)))


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
    habilitet.inhabil_section(user, detail, roster)
    if detail.status in OPEN:
        habilitet.inhabil_form(user, detail, roster)
    _quorum(detail, roster)
