"""The coordinators' membership editors on the coverage page: add a member or a vara, end a term, change
a role (a new leader or deputy takes over from the one before; a vara's order). Each keeps what was typed
and saves through a service. Persons, units and sub-regions: `directory.py`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg.enums import MembershipRole
from osloreg.queries.memberships import Members
from osloreg.rules.coverage import SEATED_ROLES
from osloreg.rules.validation import TEXT_MAX
from osloreg.services import directory as service
from osloreg.ui.coverage import loaders as coverage_loaders
from osloreg.ui.kit import forms, pickers
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import day, escape_markdown
from osloreg.ui.login import CurrentUser


def _role_box(label_: str, key: str, *, default: str | None = MembershipRole.MEMBER) -> str | None:
    return st.selectbox(
        label_,
        list(MembershipRole),
        format_func=lambda value: t(f"overview.member_role.{value}"),
        index=None if default is None else list(MembershipRole).index(default),
        key=key,
        placeholder=t("forms.choose_one"),
    )


def person_picker(key: str) -> int | None:
    return pickers.person_picker(
        key,
        coverage_loaders.person_options,
        label=t("directory.person"),
        search_label=t("directory.person.search"),
        none_label="–",
    )


def _term_names(frame) -> dict[int, str]:
    return {
        int(row.id): f"{row.person} ({t(f'overview.member_role.{row.role}')}"
        + (f" {int(row.substitute_order)}" if pd.notna(row.substitute_order) else "")
        + (f", {row.unit}" if isinstance(row.unit, str) else "")
        + f", {t('directory.from')} {day(row.start_on)})"
        for row in frame.itertuples()
    }


def _seated(members: Members) -> list[tuple[int, str]]:
    """The members who hold a seat on the day (leader, deputy, member): whom a personal vara may be for."""
    seated = members.current[members.current["role"].isin(sorted(SEATED_ROLES))]
    return [
        (int(row.person_id), row.person + (f" ({row.unit})" if isinstance(row.unit, str) else ""))
        for row in seated.sort_values("person").itertuples()
    ]


def _vara_fields(keys: dict[str, str], members: Members) -> tuple[int | None, int | None]:
    """The vara's order and the member a personal vara is for, as typed (both may be left empty)."""
    left, right = st.columns(2)
    order = left.number_input(
        t("vara.order"), min_value=1, step=1, help=t("vara.order_help"), key=keys["substitute_order"]
    )
    with right:
        for_person = forms.options_box(
            t("vara.for_person"), _seated(members), key=keys["for_person"], none_label=t("vara.for_none")
        )
    st.caption(t("vara.for_help"))
    return (None if order is None else int(order)), for_person


# --- Memberships ---------------------------------------------------------------------------------------


def membership_editors(user: CurrentUser, body_id: int, on: dt.date, members: Members) -> None:
    st.header(t("directory.membership.title"))
    add, end, role = st.tabs(
        [t("directory.membership.add"), t("directory.membership.end"), t("directory.membership.role")]
    )
    # A vara's term is ended and changed as a member's is.
    terms = pd.concat([members.current, members.varas], ignore_index=True)
    with add:
        _add_member(user, body_id, on, members)
    with end:
        _end_member(user, terms, on)
    with role:
        _change_role(user, terms, on, members)


def _add_member(user: CurrentUser, body_id: int, on: dt.date, members: Members) -> None:
    form_id = f"membership_new_{body_id}"
    start = {"role": MembershipRole.MEMBER, "start_on": on, "end_on": None, "note": ""}
    _, _, keys = forms.form_fields(form_id, {**start, "substitute_order": None, "for_person": None})
    person_key = forms.fresh_key(f"{form_id}_person")
    person_id = person_picker(person_key)
    left, right = st.columns(2)
    role = left.selectbox(
        t("directory.role"),
        list(MembershipRole),
        format_func=lambda value: t(f"overview.member_role.{value}"),
        key=keys["role"],
        placeholder=t("forms.choose_one"),
    )
    start_on = right.date_input(t("field.start_on"), format=forms.date_format(), key=keys["start_on"])
    units = coverage_loaders.unit_choices(start_on or on)
    unit_key = forms.fresh_key(f"{form_id}_unit")
    unit_id = forms.options_box(
        t("directory.represents"), units, key=unit_key, none_label=t("directory.no_unit")
    )
    appointed_by = None
    if unit_id is not None:
        # A municipality in two sub-regions (Holmestrand) covers only the one that appointed the person.
        links = coverage_loaders.sub_region_links(unit_id)
        on_day = start_on or on
        holding = [
            (int(row.sub_region_id), str(row.sub_region))
            for row in links.itertuples()
            if (pd.isna(row.valid_from) or row.valid_from <= on_day)
            and (pd.isna(row.valid_to) or row.valid_to >= on_day)
        ]
        if len(holding) > 1:
            appointed_by = forms.options_box(
                t("directory.appointed_by"),
                holding,
                key=f"{unit_key}_appointed_by",
                none_label=t("directory.appointed_by_unknown"),
            )
            st.caption(t("directory.appointed_by_help"))
    order = for_person = None
    if role == MembershipRole.SUBSTITUTE:
        order, for_person = _vara_fields(keys, members)
    end_on = st.date_input(t("directory.end_optional"), format=forms.date_format(), key=keys["end_on"])
    note = st.text_input(t("field.note"), max_chars=TEXT_MAX, key=keys["note"])
    if role in (MembershipRole.LEADER, MembershipRole.DEPUTY):
        st.caption(t("directory.takes_over", role=t(f"overview.member_role.{role}")))
    if st.button(
        t("directory.membership.add_button"),
        type="primary",
        icon=":material/person_add:",
        key=f"{form_id}_save",
    ):
        if person_id is None:
            st.error(t("directory.choose_person"))
            return
        added = forms.save(
            lambda session: service.add_membership(
                session,
                actor=user.actor,
                person_id=person_id,
                body_id=body_id,
                role=role,
                represents_unit_id=unit_id,
                appointed_by_unit_id=appointed_by,
                start_on=start_on,
                end_on=end_on,
                note=note.strip() or None,
                substitute_order=order,
                substitute_for_person_id=for_person,
            )
        )
        if added is not None:
            forms.renew(person_key)
            forms.renew(unit_key)
            forms.finish(form_id, keys, t("directory.membership.added"))


def _end_member(user: CurrentUser, terms: pd.DataFrame, on: dt.date) -> None:
    if terms.empty:
        st.caption(t("coverage.members.none"))
        return
    names = _term_names(terms)
    chosen = forms.options_box(
        t("directory.term"), list(names.items()), key="membership_end_choice", none_label="–"
    )
    if chosen is None:
        return
    row = terms[terms["id"] == chosen].iloc[0]
    form_id = f"membership_end_{chosen}"
    # A planned end is what the form starts from (so a conflict can tell who changed it), else the day.
    planned = row["snapshot"].get("end_on")
    start = {"expected": row["snapshot"], "end_on": dt.date.fromisoformat(planned) if planned else on}
    base_key, base, keys = forms.form_fields(form_id, start)
    end_on = st.date_input(t("directory.last_day"), format=forms.date_format(), key=keys["end_on"])
    st.caption(t("directory.end_help"))
    if st.button(
        t("directory.membership.end_button"), icon=":material/person_remove:", key=f"{form_id}_save"
    ):
        saved = forms.save(
            lambda session: service.end_membership(
                session, actor=user.actor, membership_id=chosen, expected=base["expected"], end_on=end_on
            ),
            base_key=base_key,
            labels={"end_on": t("directory.last_day")},
        )
        if saved is not None:
            forms.forget(["membership_end_choice"])
            forms.finish(
                form_id, keys, t("directory.membership.ended", person=escape_markdown(row["person"]))
            )
    forms.show_conflict(form_id)


def _change_role(user: CurrentUser, terms: pd.DataFrame, on: dt.date, members: Members) -> None:
    if terms.empty:
        st.caption(t("coverage.members.none"))
        return
    names = _term_names(terms)
    chosen = forms.options_box(
        t("directory.term"), list(names.items()), key="membership_role_choice", none_label="–"
    )
    if chosen is None:
        return
    row = terms[terms["id"] == chosen].iloc[0]
    form_id = f"membership_role_{chosen}"
    start = {"expected": row["snapshot"], "role": None, "on": on}
    base_key, base, keys = forms.form_fields(form_id, {**start, "substitute_order": None, "for_person": None})
    left, right = st.columns(2)
    with left:
        role = _role_box(t("directory.new_role"), keys["role"], default=None)
    on_day = right.date_input(t("directory.from_day"), format=forms.date_format(), key=keys["on"])
    order = for_person = None
    if role == MembershipRole.SUBSTITUTE:
        order, for_person = _vara_fields(keys, members)
    if role in (MembershipRole.LEADER, MembershipRole.DEPUTY):
        st.caption(t("directory.takes_over", role=t(f"overview.member_role.{role}")))
    if st.button(t("directory.membership.role_button"), icon=":material/swap_horiz:", key=f"{form_id}_save"):
        if role is None:
            st.error(t("directory.choose_role"))
            return
        saved = forms.save(
            lambda session: service.change_role(
                session,
                actor=user.actor,
                membership_id=chosen,
                expected=base["expected"],
                role=role,
                on=on_day,
                substitute_order=order,
                substitute_for_person_id=for_person,
            ),
            base_key=base_key,
            labels={
                "role": t("directory.new_role"),
                "on": t("directory.from_day"),
                "substitute_order": t("vara.order"),
                "for_person": t("vara.for_person"),
            },
        )
        if saved is not None:
            forms.forget(["membership_role_choice"])
            forms.finish(
                form_id, keys, t("directory.membership.role_changed", person=escape_markdown(row["person"]))
            )
    forms.show_conflict(form_id)
