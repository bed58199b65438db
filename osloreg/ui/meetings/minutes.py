"""The structured protokoll on the meeting page: attendance, and per item inhabil, vedtaksførhet,
behandling, vote, vedtak and protokolltilførsel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg import i18n
from osloreg.papers.model import Attendee, Presence
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules.text import safe_markdown
from osloreg.services import meeting_cycle as service
from osloreg.services.meetings import MINUTES_MAX, RESULT_TEXT_MAX
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import language, t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.meetings import loaders as meeting_loaders
from osloreg.ui.meetings.papers import paper_buttons


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def vote_text(unanimous, votes_for, votes_against) -> str:
    """ "enstemmig", "7 mot 2", or nothing where no vote is recorded (as the case page words it)."""
    if not _missing(unanimous) and bool(unanimous):
        return t("case.vote.unanimous")
    if _missing(votes_for) or _missing(votes_against):
        return ""
    return t("case.vote.count", votes_for=int(votes_for), votes_against=int(votes_against))


def item_name(row) -> str:
    if not isinstance(row.title, str):
        return f"{row.position}. {row.heading}"
    return f"{row.position}. " + (f"{row.case} {row.title}" if isinstance(row.case, str) else row.title)


def _part(key: str, value: str | None) -> None:
    if value:
        st.markdown(f"**{t(key)}**")
        st.markdown(safe_markdown(value))


def _item(row) -> None:
    """What the protokoll says of one item."""
    _part("meeting.protokoll.proceedings", _text(row.proceedings))
    if isinstance(row.title, str):  # a case: its vote, vedtak and protokolltilførsel are its treatment's
        deciding = bool(row.authoritative) if row.authoritative == row.authoritative else False
        if isinstance(row.result, str):
            vote = vote_text(row.unanimous, row.votes_for, row.votes_against)
            result = i18n.case_result(row.result, language(), deciding=deciding)
            st.markdown(
                f"**{t('meeting.protokoll.result')}:** {escape_markdown(result)}"
                + (f" ({escape_markdown(vote)})" if vote else "")
            )
        _part("meeting.protokoll.decision", _text(row.result_text))
        _part("meeting.protokoll.remarks", _text(row.protocol_remarks))
    else:
        _part("meeting.protokoll.decision", _text(row.decision_text))
    if not (_text(row.proceedings) or isinstance(row.result, str) or _text(row.decision_text)):
        st.caption(t("meeting.protokoll.item_empty"))


def _proceedings_form(user: CurrentUser, row) -> None:
    """The behandling of an item, and for an item without a case its vedtak."""
    heading = not isinstance(row.title, str)
    expected = {"proceedings": _text(row.proceedings), "decision_text": _text(row.decision_text)}
    form_id = f"proceedings_{row.item_id}"
    start = {
        "expected": expected,
        "proceedings": expected["proceedings"] or "",
        "decision_text": expected["decision_text"] or "",
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    proceedings = st.text_area(
        t("field.proceedings"),
        height=120,
        max_chars=MINUTES_MAX,
        help=t("meeting.protokoll.proceedings_help"),
        key=keys["proceedings"],
    )
    decision = ""
    if heading:
        decision = st.text_area(
            t("field.decision_text"), height=80, max_chars=RESULT_TEXT_MAX, key=keys["decision_text"]
        )
    else:
        st.caption(t("meeting.protokoll.case_decision_help"))
    if st.button(t("meeting.protokoll.save"), type="primary", icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.record_proceedings(
                session,
                actor=user.actor,
                item_id=int(row.item_id),
                expected=base["expected"],
                proceedings=proceedings.strip() or None,
                decision_text=(decision.strip() or None) if heading else None,
            ),
            base_key=base_key,
            labels={"proceedings": t("field.proceedings"), "decision_text": t("field.decision_text")},
        )
        if saved is not None:
            forms.finish(form_id, keys, t("meeting.protokoll.done", item=escape_markdown(item_name(row))))
    forms.show_conflict(form_id)


def _entry(person: Attendee) -> str:
    """ "Vera Vik (Follorådet, møtte for Cecilie Cruz)": as plain text, escaped where it is shown."""
    met_for = t("papers.met_for", person=person.met_for) if person.met_for else ""
    details = ", ".join(part for part in (person.unit, person.note, met_for) if part)
    return f"{person.person} ({details})" if details else person.person


def _attendance(found: Presence) -> None:
    for group in found.groups:
        if group.people:
            names = ", ".join(_entry(person) for person in group.people)
            st.markdown(f"**{escape_markdown(group.label)}:** {escape_markdown(names)}")
        elif group.note:
            st.caption(f"{escape_markdown(group.label)}: {escape_markdown(group.note)}")
    if found.quorum:
        st.markdown(escape_markdown(found.quorum))


def protokoll(user: CurrentUser, detail: MeetingDetail, editor: bool) -> None:
    """Who met (and for whom), forfall and vedtaksførhet as the protokoll states them; then the
    protokoll per agenda item, who left it as inhabil, each editable (behandling; a heading's vedtak)
    for the editors."""
    st.header(t("meeting.protokoll.title"))
    paper_buttons(detail, "minutes")
    found = meeting_loaders.presence(detail.id, language())
    if found is not None:
        _attendance(found)
    if detail.agenda.empty:
        st.caption(t("meeting.agenda.none"))
    for row in detail.agenda.itertuples():
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(item_name(row))}**")
            for sentence in found.by_item.get(int(row.position), ()) if found is not None else ():
                st.markdown(escape_markdown(sentence))
            _item(row)
            if editor:
                with st.expander(t("meeting.protokoll.edit"), key=f"proceedings_open_{row.item_id}"):
                    _proceedings_form(user, row)
