"""Widgets of the advice pages: the subject picker, completeness, filters and the decision log's export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from osloreg import export, i18n
from osloreg.enums import SubjectType
from osloreg.queries import decisions
from osloreg.rules.advice import Completeness
from osloreg.rules.validation import TITLE_MAX
from osloreg.ui.advice import loaders
from osloreg.ui.kit import downloads, forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import escape_markdown

SUBJECT_CHOICES = 30


# --- What input or advice is about: a group, a kind of subject, the subject -------------------------


class Subject(NamedTuple):
    body_id: int | None
    subject_type: str
    subject_id: int | None
    topic: str | None


def subject_choice(
    prefix: str,
    groups: Sequence[tuple[int, str]],
    *,
    group_label: str,
    type_label: str,
    default_group: int | None,
) -> Subject:
    """The group, the kind of subject (a project first) and the subject itself; widget keys start
    with `prefix` ("advice", "input")."""
    body_id = forms.options_box(group_label, groups, key=f"{prefix}_body", default=default_group)
    subject_type = st.segmented_control(
        type_label,
        list(SubjectType),
        format_func=lambda value: t(f"subject_type.{value}"),
        default=SubjectType.PROJECT,
        required=True,
        key=f"{prefix}_subject_type",
    )
    subject_id, topic = subject_picker(f"{prefix}_new", subject_type=subject_type, body_id=body_id)
    return Subject(body_id, subject_type, subject_id, topic)


def subject_picker(key: str, *, subject_type: str, body_id: int | None) -> tuple[int | None, str | None]:
    """(subject_id, policy_topic): a search field and the matching projects, cases or meetings, or
    the topic of a policy matter as free text."""
    if subject_type == SubjectType.POLICY:
        # Input and advice meet on the exact topic, so a topic used before is offered as it was written.
        known = loaders.policy_topics(body_id=body_id, limit=100)
        chosen = None
        if known:
            chosen = st.selectbox(
                t("decisions.form.policy_topic"),
                known,
                index=None,
                placeholder=t("decisions.form.policy_known", count=len(known)),
                key=f"{key}_topic_{body_id}",
            )
        typed = st.text_input(
            t("decisions.form.policy_new" if known else "decisions.form.policy_topic"),
            max_chars=TITLE_MAX,
            key=f"{key}_new_topic",
        )
        return None, (typed.strip() or chosen or None)
    search = st.text_input(
        t("decisions.form.search"),
        placeholder=t(f"decisions.form.search_placeholder.{subject_type}"),
        max_chars=100,
        key=f"{key}_search_{subject_type}",
    )
    options = dict(
        loaders.subject_options(
            subject_type=subject_type, search=search.strip(), limit=SUBJECT_CHOICES, body_id=body_id
        )
    )
    choice = st.selectbox(
        t(f"subject_type.{subject_type}"),
        options=list(options),
        format_func=lambda value: options.get(value, str(value)),
        index=None,
        placeholder=t("decisions.form.choose_subject", count=len(options)),
        key=f"{key}_subject_{subject_type}_{body_id}",
    )
    if not options:
        st.caption(t("decisions.form.no_subjects"))
    return choice, None


def show_completeness(completeness: Completeness) -> None:
    """'6 av 17 forventede enheter har gitt innspill', a bar, and the units that gave none."""
    if not completeness.expected_count:
        st.caption(t("advice.completeness.none_expected"))
        return
    st.markdown(
        t("advice.completeness", given=completeness.given_count, expected=completeness.expected_count)
    )
    st.progress(completeness.share or 0.0)
    if completeness.missing:
        names = ", ".join(name for _, name in completeness.missing)
        st.caption(t("advice.completeness.missing", units=escape_markdown(names)))
    if completeness.not_counted:
        names = ", ".join(name for _, name in completeness.not_counted)
        st.caption(t("advice.completeness.not_counted", units=escape_markdown(names)))


# --- The director's filters ---------------------------------------------------------------------


def group_filter(options: Sequence[tuple[int, str]], *, key: str) -> int | None:
    """One group, or all groups."""
    return forms.options_box(
        t("decisions.filter.group"), options, key=key, none_label=t("decisions.filter.all_groups")
    )


def subject_type_filter(*, key: str) -> str | None:
    """One kind of subject, or all (nothing chosen)."""
    return st.segmented_control(
        t("decisions.filter.subject_type"),
        list(SubjectType),
        format_func=lambda value: t(f"subject_type.{value}"),
        key=key,
    )


# --- Export of the decision log ---------------------------------------------------------------------


class LogFilters(NamedTuple):
    """The decision log's filters (hashable, so a cache key)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    body_id: int | None = None
    outcome: str | None = None
    subject_type: str | None = None


EXPORT_COLUMNS = ("decided_at", "title", "body", "subject_type", "outcome", "rationale", "decided_by")
EXPORT_COLUMNS += ("follow_up_on", "reopened")


def decision_log_file(filters: LogFilters, *, kind: str) -> Callable[[], bytes]:
    """The decision log as filtered, as an Excel ("xlsx") or CSV file, built only when the user
    clicks download."""

    def build(session: Session, language_: str) -> bytes:
        table = export_frame(decisions.decision_log_rows(session, **filters._asdict()), language_)
        if kind == "xlsx":
            return export.to_excel({i18n.translate("decisions.log.sheet", language_): table})
        return export.to_csv(table)

    return downloads.deferred_file(build)


def export_frame(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The log's columns for people: codes in words, headings in the user's language."""
    table = rows.loc[:, list(EXPORT_COLUMNS)].copy()
    for column in ("subject_type", "outcome"):
        table[column] = [i18n.translate(f"{column}.{value}", language) for value in table[column]]
    yes, no = i18n.translate("decisions.yes", language), i18n.translate("decisions.no", language)
    table["reopened"] = [yes if value else no for value in table["reopened"]]
    headings = {name: i18n.translate(f"decisions.col.{name}", language) for name in EXPORT_COLUMNS}
    return table.rename(columns=headings)
