"""The digest by e-mail: how often the user gets it (daily, weekly, none), and the address it goes to."""

from __future__ import annotations

import streamlit as st

from osloreg.enums import DigestFrequency
from osloreg.services.notifications import set_own_digest_frequency
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.notifications import loaders

CHOICES = (DigestFrequency.DAILY, DigestFrequency.WEEKLY, DigestFrequency.NONE)


def render(user: CurrentUser) -> None:
    st.header(t("notifications.digest.title"))
    st.caption(t("notifications.digest.help"))
    own = loaders.own_settings(user.id)
    if own is None:
        return
    if own.email:
        st.markdown(escape_markdown(t("notifications.digest.address", email=own.email)))
    else:
        st.warning(t("notifications.digest.no_address"), icon=":material/mail_off:")
    current = own.frequency if own.frequency in CHOICES else DigestFrequency.WEEKLY
    # The saved choice is in the key: a choice saved elsewhere (the opt-out link) shows on the next run.
    with st.form(f"notifications_digest_{current}", border=False):
        choice = st.radio(
            t("notifications.digest.frequency"),
            [choice.value for choice in CHOICES],
            index=[choice.value for choice in CHOICES].index(current),
            format_func=lambda value: t(f"notifications.frequency.{value}"),
            horizontal=True,
            key=f"notifications_digest_frequency_{current}",
        )
        save = st.form_submit_button(
            t("notifications.digest.save"), icon=":material/save:", key="notifications_digest_save"
        )
    if not save or choice == current:
        return
    saved = forms.save(lambda session: set_own_digest_frequency(session, actor=user.actor, frequency=choice))
    if saved is not None:
        forms.flash(t(f"notifications.digest.saved.{choice}"))
        st.rerun()
