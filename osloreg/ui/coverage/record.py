"""One person or one unit on the coverage page (?person=12, ?unit=7): the search's links lead here.
A person's terms in every body, whom they represented; a unit's membership of Osloregionen and whom
it has appointed. Read-only, for every role; each fact with its basis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg.ui.coverage import loaders as coverage_loaders
from osloreg.ui.kit.links import DeepLink
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import basis_caption, days, escape_markdown, labels, table, text

PERSON = DeepLink("person")
UNIT = DeepLink("unit")


def _back() -> None:
    PERSON.back()
    UNIT.back()


def _basis(frame: pd.DataFrame) -> pd.Series:
    return frame["basis"].map(lambda basis: t(f"coverage.basis.{basis}") if basis else "")


def _terms_table(frame: pd.DataFrame, headings: dict[str, str], *, key: str) -> None:
    """Terms in bodies: the columns `headings` names (catalogue keys), then from, to and basis; roles
    and dates in words."""
    worded = frame.assign(
        role=labels("overview.member_role", frame["role"]),
        start_on=days(frame["start_on"]),
        end_on=days(frame["end_on"]),
        basis=_basis(frame),
    )
    headings = headings | {
        "start_on": "coverage.col.start",
        "end_on": "coverage.col.end",
        "basis": "coverage.col.source",
    }
    table(worded, {name: text(t(heading)) for name, heading in headings.items()}, key=key)


def _person(person_id: int | None) -> None:
    detail = None if person_id is None else coverage_loaders.person(person_id)
    if detail is None:
        st.warning(t("coverage.record.gone"))
        return
    st.header(escape_markdown(detail["name"]))
    about = [part for part in (detail.get("title"), detail.get("employer")) if part]
    if about:
        st.text(", ".join(about))
    basis_caption(detail.get("basis"), detail.get("source"))
    terms = coverage_loaders.memberships_of(detail["id"])
    st.subheader(t("directory.person.terms"))
    if terms.empty:
        st.caption(t("coverage.record.no_terms"))
        return
    headings = {
        "body": "coverage.col.body",
        "role": "coverage.col.role",
        "unit": "coverage.record.represents",
    }
    _terms_table(terms, headings, key="coverage_person_terms")


def _unit(unit_id: int | None) -> None:
    detail = None if unit_id is None else coverage_loaders.unit(unit_id)
    if detail is None:
        st.warning(t("coverage.record.gone"))
        return
    st.header(escape_markdown(detail["name"]))
    st.text(t(f"import.unit_kind.{detail['kind']}"))
    basis_caption(detail.get("basis"), detail.get("source"))
    st.subheader(t("directory.periods.title"))
    periods = coverage_loaders.osloregion_periods(detail["id"])
    if periods.empty:
        st.caption(t("directory.periods.none"))
    else:
        table(
            periods.assign(
                member_form=labels("member_form", periods["member_form"]),
                status=labels("member_status", periods["status"]),
                valid_from=days(periods["valid_from"]),
                valid_to=days(periods["valid_to"]),
                basis=_basis(periods),
            ),
            {
                "member_form": text(t("coverage.record.form")),
                "status": text(t("coverage.record.status")),
                "valid_from": text(t("coverage.col.start")),
                "valid_to": text(t("coverage.col.end")),
                "basis": text(t("coverage.col.source")),
            },
            key="coverage_unit_periods",
        )
    st.subheader(t("coverage.record.appointed"))
    people = coverage_loaders.representatives_of(detail["id"])
    if people.empty:
        st.caption(t("coverage.record.no_one"))
        return
    headings = {"person": "coverage.col.person", "body": "coverage.col.body", "role": "coverage.col.role"}
    _terms_table(people, headings, key="coverage_unit_people")


def shown() -> bool:
    """Draw the person or unit the address names, if it names one (the page then shows nothing else)."""
    person, unit = PERSON.requested(), UNIT.requested()
    if person is None and unit is None:
        return False
    st.button(
        t("coverage.record.back"), icon=":material/arrow_back:", on_click=_back, key="coverage_record_back"
    )
    if person is not None:
        _person(person.id)
    else:
        _unit(unit.id)
    return True
