"""The audit trail's hash chain on the admin's audit tab: the newest events and the witness checked on
every load, the whole trail on request with a progress bar; the first event that does not match."""

from __future__ import annotations

import streamlit as st

from osloreg.audit.verify import Verdict
from osloreg.models import utcnow
from osloreg.ui.admin import loaders as audit_loaders
from osloreg.ui.kit.session import fmt_datetime, fmt_number, oslo_time, t

FULL_KEY = "audit_chain_full"  # the whole walk's verdict, kept for the session's later runs


def _when(verdict: Verdict) -> str:
    return fmt_datetime(oslo_time(verdict.head_at)) if verdict.head_at is not None else ""


def broken_text(verdict: Verdict) -> str:
    """What does not match, in words: which event, and what that means."""
    broken = verdict.broken
    assert broken is not None
    reason = t(f"audit_trail.chain.reason.{broken.reason}")
    if broken.event_id is None:
        return t("audit_trail.chain.broken_no_event", reason=reason)
    return t("audit_trail.chain.broken", id=broken.event_id, reason=reason)


def _witness_text(verdict: Verdict) -> str:
    if not verdict.witnessed:
        return t("audit_trail.chain.witness_off")
    if verdict.witness is None:
        return t("audit_trail.chain.witness_none")
    return t("audit_trail.chain.witness_ok", id=verdict.witness.id)


def _show(verdict: Verdict) -> None:
    if not verdict.ok:
        st.error(broken_text(verdict), icon=":material/gpp_bad:")
        return
    if verdict.head_id is None:
        st.info(t("audit_trail.chain.empty"))
        return
    key = "audit_trail.chain.ok_full" if verdict.scope == "full" else "audit_trail.chain.ok_tail"
    text = t(key, count=fmt_number(verdict.events), id=verdict.head_id, when=_when(verdict))
    st.success(f"{text} {_witness_text(verdict)}", icon=":material/verified_user:")


def _walk() -> None:
    bar = st.progress(0.0, text=t("audit_trail.chain.checking", done="0", total="…"))

    def progress(done: int, total: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        bar.progress(
            share, text=t("audit_trail.chain.checking", done=fmt_number(done), total=fmt_number(total))
        )

    verdict = audit_loaders.chain_walk(progress)
    st.session_state[FULL_KEY] = (verdict, fmt_datetime(oslo_time(utcnow())))
    bar.empty()


def render_status() -> None:
    """The chain's state at the top of the audit tab: the cheap check, and the whole walk's result
    once asked for (kept for the session, with when it ran)."""
    _show(audit_loaders.chain_tail())
    if st.button(t("audit_trail.chain.check_all"), icon=":material/fact_check:", key="audit_chain_check"):
        _walk()
    if FULL_KEY in st.session_state:
        verdict, when = st.session_state[FULL_KEY]
        _show(verdict)
        seconds = fmt_number(verdict.seconds, decimals=1)
        st.caption(t("audit_trail.chain.full_took", when=when, seconds=seconds))
