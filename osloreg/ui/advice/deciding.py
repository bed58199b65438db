"""Where the director decides: the dialog that a button in the inbox (decide one or several) or in
the decision log (reopen) opens, its fields, its own checks, and the save through the advice service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from osloreg.enums import Outcome
from osloreg.rules.advice import rationale_required
from osloreg.rules.text import ADVICE_TEXT_MAX
from osloreg.services.advice import decide_advice, decide_many, reopen_decision
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser

DIALOG = "decisions_dialog"
DIALOG_FIELDS = [
    f"{prefix}_{name}" for prefix in ("decide", "reopen") for name in ("outcome", "rationale", "follow_up")
]
DIALOG_FIELDS.append("reopen_reason")


def show_open_dialog(user: CurrentUser, today: dt.date) -> None:
    request = st.session_state.get(DIALOG)
    if not request:
        return
    if request["kind"] == "decide":
        in_dialog(t("decisions.dialog.decide"), decide_dialog, user, request, today)
    else:
        in_dialog(t("decisions.dialog.reopen"), reopen_dialog, user, request, today)


def in_dialog(title: str, body: Callable[..., None], *args: Any) -> None:
    # Decorated on each run rather than once at import: the title follows the user's language.
    st.dialog(title, width="large", on_dismiss=close_dialog)(body)(*args)


def decide_dialog(user: CurrentUser, request: dict, today: dt.date) -> None:
    """The director decides one advice, or several at once with the same outcome."""
    ids, titles = request["ids"], request["titles"]
    if len(ids) == 1:
        st.markdown(f"**{escape_markdown(titles[0])}**")
    else:
        st.markdown(t("decisions.dialog.many", count=len(ids)))
        st.markdown("\n".join(f"- {escape_markdown(title)}" for title in titles))
    outcome, rationale, follow_up = outcome_fields("decide", today)
    if not st.button(t("decisions.dialog.save"), type="primary", icon=":material/gavel:"):
        return
    if refused(outcome, rationale):
        return
    decision = {"outcome": outcome, "rationale": rationale or None, "follow_up_on": follow_up}
    if len(ids) == 1:
        saved = forms.save(
            lambda session: decide_advice(
                session, actor=user.actor, advice_id=ids[0], expected_version=request["version"], **decision
            )
        )
    else:
        saved = forms.save(lambda session: decide_many(session, actor=user.actor, advice_ids=ids, **decision))
    if saved is not None:
        done(t("decisions.decided", count=len(ids)))


def reopen_dialog(user: CurrentUser, request: dict, today: dt.date) -> None:
    """The director reopens a decision, says why, and decides again."""
    st.markdown(f"**{escape_markdown(request['title'])}**")
    st.caption(t("decisions.dialog.reopen_help"))
    reason = st.text_area(t("decisions.field.reason"), max_chars=ADVICE_TEXT_MAX, key="reopen_reason")
    outcome, rationale, follow_up = outcome_fields("reopen", today)
    if not st.button(t("decisions.dialog.save_reopen"), type="primary", icon=":material/lock_open:"):
        return
    if not reason.strip():
        st.error(t("decisions.error.reason_required"))
        return
    if refused(outcome, rationale):
        return
    if forms.save(
        lambda session: reopen_decision(
            session,
            actor=user.actor,
            advice_id=request["id"],
            reason=reason.strip(),
            outcome=outcome,
            rationale=rationale or None,
            follow_up_on=follow_up,
        )
    ):
        done(t("decisions.reopened"))


def open_dialog(request: dict) -> None:
    forms.forget(DIALOG_FIELDS)  # a fresh form: nothing left over from another advice
    st.session_state[DIALOG] = request


def close_dialog() -> None:
    forms.forget(DIALOG_FIELDS)
    st.session_state.pop(DIALOG, None)


def outcome_fields(prefix: str, today: dt.date) -> tuple[str | None, str, object]:
    """Outcome, rationale (required unless followed: the label says so) and follow-up date."""
    outcome = st.segmented_control(
        t("decisions.field.outcome"),
        list(Outcome),
        format_func=lambda value: t(f"outcome.{value}"),
        key=f"{prefix}_outcome",
    )
    required = outcome is None or rationale_required(outcome)
    rationale = st.text_area(
        t("decisions.field.rationale_required" if required else "decisions.field.rationale_optional"),
        max_chars=ADVICE_TEXT_MAX,
        key=f"{prefix}_rationale",
    )
    st.caption(t("decisions.field.rationale_rule"))
    follow_up = st.date_input(
        t("decisions.field.follow_up"),
        value=None,
        min_value=today,
        format=forms.date_format(),
        key=f"{prefix}_follow_up",
    )
    return outcome, rationale.strip(), follow_up


def refused(outcome: str | None, rationale: str) -> bool:
    """The form's own check, before the service's: an outcome, and a rationale unless followed."""
    if outcome is None:
        st.error(t("decisions.error.no_outcome"))
        return True
    if rationale_required(outcome) and not rationale:
        st.error(t("decisions.error.rationale_required", outcome=t(f"outcome.{outcome}")))
        return True
    return False


def done(message: str) -> None:
    close_dialog()
    forms.flash(message)
    st.rerun()
