"""The coordinators' directory editors on the coverage page: persons, units and their periods in
Osloregionen, and the sub-regions a municipality belongs to. Each keeps what was typed and saves
through a service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from osloreg.enums import UnitKind
from osloreg.rules.validation import NAME_MAX, TEXT_MAX
from osloreg.services import directory as service
from osloreg.ui.coverage import loaders as coverage_loaders
from osloreg.ui.coverage.memberships import person_picker
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import day, escape_markdown
from osloreg.ui.login import CurrentUser


def directory_editors(user: CurrentUser, on: dt.date) -> None:
    persons, units, links = st.tabs([t("directory.persons"), t("directory.units"), t("directory.links")])
    with persons:
        _persons(user)
    with units:
        _units(user)
    with links:
        _links(user, on)


def _person_fields(keys: dict[str, str]) -> dict[str, Any]:
    name = st.text_input(t("field.name"), max_chars=NAME_MAX, key=keys["name"])
    left, right = st.columns(2)
    email = left.text_input(t("field.email"), max_chars=service.EMAIL_MAX, key=keys["email"])
    employer = right.text_input(t("field.employer"), max_chars=NAME_MAX, key=keys["employer"])
    title = st.text_input(t("field.person_title"), max_chars=NAME_MAX, key=keys["title"])
    return {
        "name": name,
        "email": email.strip() or None,
        "employer": employer.strip() or None,
        "title": title.strip() or None,
    }


def _persons(user: CurrentUser) -> None:
    st.markdown(f"**{t('directory.person.new')}**")
    form_id = "person_new"
    _, _, keys = forms.form_fields(form_id, {"name": "", "email": "", "employer": "", "title": ""})
    values = _person_fields(keys)
    if st.button(t("directory.person.create"), icon=":material/person_add:", key=f"{form_id}_save"):
        if forms.save(lambda session: service.create_person(session, actor=user.actor, **values)) is not None:
            forms.finish(form_id, keys, t("directory.person.created"))
    st.markdown(f"**{t('directory.person.edit')}**")
    person_key = "person_edit_choice"
    person_id = person_picker(person_key)
    if person_id is None:
        return
    current = coverage_loaders.person(person_id)
    if current is None:
        return
    form_id = f"person_{person_id}"
    start = {"expected": current} | {
        name: current.get(name) or "" for name in ("name", "email", "employer", "title")
    }
    base_key, base, keys = forms.form_fields(form_id, start)
    values = _person_fields(keys)
    terms = coverage_loaders.memberships_of(person_id)
    if not terms.empty:
        st.caption(
            t("directory.person.terms")
            + ": "
            + "; ".join(
                f"{escape_markdown(row.body)} ({day(row.start_on)}–{day(row.end_on)})"
                for row in terms.head(5).itertuples()
            )
        )
    if st.button(t("directory.save"), icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.update_person(
                session, actor=user.actor, person_id=person_id, expected=base["expected"], **values
            ),
            base_key=base_key,
            labels={
                name: t(f"field.{'person_title' if name == 'title' else name}")
                for name in ("name", "email", "employer", "title")
            },
        )
        if saved is not None:
            forms.finish(form_id, keys, t("directory.saved"))
    forms.show_conflict(form_id)


def _osloregion_periods(user: CurrentUser, unit_id: int) -> None:
    """The unit's membership of Osloregionen, period by period, apart from its own life."""
    st.markdown(f"**{t('directory.periods.title')}**")
    periods = coverage_loaders.osloregion_periods(unit_id)
    if periods.empty:
        st.caption(t("directory.periods.none"))
    for row in periods.itertuples():
        since = day(row.valid_from) if not pd.isna(row.valid_from) else "…"
        until = day(row.valid_to) if not pd.isna(row.valid_to) else "…"
        basis = "" if row.basis == "sourced" else f" ({t(f'coverage.basis.{row.basis}')})"
        st.markdown(
            f"- {t(f'member_form.{row.member_form}')}: {t(f'member_status.{row.status}')}, "
            f"{since}–{until}{basis}"
        )
    form_id = f"period_new_{unit_id}"
    start = {
        "member_form": "ipr",
        "member_status": "member",
        "valid_from": None,
        "valid_to": None,
        "note": "",
    }
    _, _, keys = forms.form_fields(form_id, start)
    left, right = st.columns(2)
    member_form = left.selectbox(
        t("directory.periods.form"),
        ["alliance", "ipr"],
        format_func=lambda value: t(f"member_form.{value}"),
        key=keys["member_form"],
        placeholder=t("forms.choose_one"),
    )
    status = right.selectbox(
        t("directory.periods.status"),
        ["member", "not_member", "unknown"],
        format_func=lambda value: t(f"member_status.{value}"),
        key=keys["member_status"],
        placeholder=t("forms.choose_one"),
    )
    valid_from = left.date_input(t("field.valid_from"), format=forms.date_format(), key=keys["valid_from"])
    valid_to = right.date_input(t("field.valid_to"), format=forms.date_format(), key=keys["valid_to"])
    note = st.text_input(t("field.note"), max_chars=TEXT_MAX, key=keys["note"])
    if st.button(t("directory.periods.add"), icon=":material/add:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.add_osloregion_membership(
                session,
                actor=user.actor,
                unit_id=unit_id,
                member_form=member_form,
                status=status,
                valid_from=valid_from,
                valid_to=valid_to,
                note=note.strip() or None,
            )
        )
        if saved is not None:
            forms.finish(form_id, keys, t("directory.periods.added"))


def _unit_fields(keys: dict[str, str]) -> dict[str, Any]:
    left, right = st.columns(2)
    kind = left.selectbox(
        t("field.kind_of_unit"),
        list(UnitKind),
        format_func=lambda value: t(f"coverage.kind.{value}"),
        key=keys["kind"],
        placeholder=t("forms.choose_one"),
    )
    name = right.text_input(t("field.name"), max_chars=NAME_MAX, key=keys["name"])
    first, second, third, fourth = st.columns(4)
    valid_from = first.date_input(t("field.valid_from"), format=forms.date_format(), key=keys["valid_from"])
    valid_to = second.date_input(t("field.valid_to"), format=forms.date_format(), key=keys["valid_to"])
    is_member = third.checkbox(t("field.is_member"), key=keys["is_member"])
    county_level = fourth.checkbox(t("field.county_level"), key=keys["county_level"])
    note = st.text_input(t("field.note"), max_chars=TEXT_MAX, key=keys["note"])
    return {
        "kind": kind,
        "name": name,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "is_member": is_member,
        "county_level": county_level,
        "note": note.strip() or None,
    }


UNIT_START = {"kind": UnitKind.MUNICIPALITY, "name": "", "valid_from": None, "valid_to": None}
UNIT_START |= {"is_member": True, "county_level": False, "note": ""}


def _units(user: CurrentUser) -> None:
    choices = coverage_loaders.unit_choices(None)
    chosen = forms.options_box(
        t("directory.unit"), choices, key="unit_edit_choice", none_label=t("directory.unit_new")
    )
    if chosen is None:
        form_id = "unit_new"
        _, _, keys = forms.form_fields(form_id, UNIT_START)
        values = _unit_fields(keys)
        if st.button(t("directory.unit.create"), icon=":material/add_location:", key=f"{form_id}_save"):
            if (
                forms.save(lambda session: service.create_unit(session, actor=user.actor, **values))
                is not None
            ):
                forms.finish(form_id, keys, t("directory.unit.created"))
        return
    found = coverage_loaders.units("", 5000).rows
    row = found[found["id"] == chosen]
    if row.empty:
        return
    current = row.iloc[0]["snapshot"]
    form_id = f"unit_{chosen}"
    start = {"expected": current} | {name: current.get(name) for name in UNIT_START}
    for name in ("valid_from", "valid_to"):
        start[name] = dt.date.fromisoformat(start[name]) if start[name] else None
    start["note"] = start["note"] or ""
    base_key, base, keys = forms.form_fields(form_id, start)
    values = _unit_fields(keys)
    st.caption(t("directory.unit.help"))
    if st.button(t("directory.save"), icon=":material/save:", key=f"{form_id}_save"):
        saved = forms.save(
            lambda session: service.update_unit(
                session, actor=user.actor, unit_id=chosen, expected=base["expected"], **values
            ),
            base_key=base_key,
            labels=_unit_labels(),
            describe=values.describer({"kind": "coverage.kind"}),
        )
        if saved is not None:
            forms.finish(form_id, keys, t("directory.saved"))
    forms.show_conflict(form_id)
    _osloregion_periods(user, chosen)


def _unit_labels() -> dict[str, str]:
    labels = {name: t(f"field.{name}") for name in ("name", "valid_from", "valid_to", "is_member", "note")}
    return labels | {"kind": t("field.kind_of_unit"), "county_level": t("field.county_level")}


def _links(user: CurrentUser, on: dt.date) -> None:
    st.caption(t("directory.links.help"))
    found = coverage_loaders.units("", 5000).rows
    municipalities = [
        (int(row.id), row.name) for row in found.itertuples() if row.kind == UnitKind.MUNICIPALITY
    ]
    sub_regions = [(int(row.id), row.name) for row in found.itertuples() if row.kind == UnitKind.SUB_REGION]
    municipality_id = forms.options_box(
        t("directory.municipality"), municipalities, key="link_municipality", none_label="–"
    )
    if municipality_id is None:
        return
    links = coverage_loaders.sub_region_links(municipality_id)
    if links.empty:
        st.caption(t("directory.links.none"))
    else:
        for row in links.itertuples():
            since, until = day(row.valid_from) or "…", day(row.valid_to) or "…"
            st.markdown(f"- {escape_markdown(row.sub_region)}: {since}–{until}")
    form_id = f"link_new_{municipality_id}"
    _, _, keys = forms.form_fields(form_id, {"sub_region_id": None, "valid_from": on, "valid_to": None})
    sub_region_id = forms.options_box(
        t("directory.sub_region"), sub_regions, key=keys["sub_region_id"], none_label="–"
    )
    left, right = st.columns(2)
    valid_from = left.date_input(t("field.valid_from"), format=forms.date_format(), key=keys["valid_from"])
    valid_to = right.date_input(t("field.valid_to"), format=forms.date_format(), key=keys["valid_to"])
    if st.button(t("directory.links.add"), icon=":material/add_link:", key=f"{form_id}_save"):
        if sub_region_id is None:
            st.error(t("directory.links.choose"))
            return
        if forms.save(
            lambda session: service.add_sub_region_link(
                session,
                actor=user.actor,
                sub_region_id=sub_region_id,
                municipality_id=municipality_id,
                valid_from=valid_from,
                valid_to=valid_to,
            )
        ):
            forms.finish(form_id, keys, t("directory.links.added"))
    open_links = links[links["valid_to"].isna()] if not links.empty else links
    if open_links.empty:
        return
    st.markdown(f"**{t('directory.links.end')}**")
    names = {int(row.id): row.sub_region for row in open_links.itertuples()}
    link_id = forms.options_box(
        t("directory.sub_region"), list(names.items()), key=f"link_end_{municipality_id}", none_label="–"
    )
    if link_id is None:
        return
    snapshot = open_links[open_links["id"] == link_id].iloc[0]["snapshot"]
    end_key = forms.fresh_key(f"link_end_day_{link_id}")
    last = st.date_input(t("directory.last_day"), value=on, format=forms.date_format(), key=end_key)
    if st.button(t("directory.links.end_button"), icon=":material/link_off:", key=f"link_end_save_{link_id}"):
        if forms.save(
            lambda session: service.end_sub_region_link(
                session, actor=user.actor, link_id=link_id, expected=snapshot, valid_to=last
            )
        ):
            forms.renew(f"link_end_day_{link_id}")
            forms.flash(t("directory.links.ended"))
            st.rerun()
