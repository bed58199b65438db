"""What the forfall and habilitet parts of a meeting's tab share: which meetings are open to them,
the agenda's items by name, who the user may report for, and a write that ends in a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from osloreg.enums import MeetingStatus
from osloreg.queries.attendance import Roster
from osloreg.queries.common import optional_int
from osloreg.queries.meetings import MeetingDetail
from osloreg.rules.permissions import may_report_for
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.login import CurrentUser

AHEAD = frozenset({MeetingStatus.PLANNED, MeetingStatus.CALLED})
OPEN = frozenset({MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.HELD})


def item_names(detail: MeetingDetail) -> dict[int, str]:
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
    first, last = optional_int(first), optional_int(last)
    if first is None and last is None:
        return t("forfall.whole")
    if last is None:
        return t("forfall.from", item=_position_words(detail, first))
    if first is None:
        return t("forfall.to", item=_position_words(detail, last))
    return t("forfall.between", first=_position_words(detail, first), last=_position_words(detail, last))


def run(action: Callable[[Session], Any], done: str) -> None:
    if forms.save(action) is not None:
        forms.flash(done)
        st.rerun()


def people_for(user: CurrentUser, roster: Roster) -> list[tuple[int, str]]:
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
