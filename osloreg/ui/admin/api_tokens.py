"""The admin page's tab for the read API's tokens: make one (shown once), see them all, revoke one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from osloreg import clock
from osloreg.models import ApiToken
from osloreg.queries.api_tokens import api_tokens
from osloreg.services.api_tokens import NAME_MAX, create_api_token, revoke_api_token
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import db_session, fmt_date, fmt_datetime, oslo_time, t
from osloreg.ui.kit.tables import escape_markdown, table, text
from osloreg.ui.login import CurrentUser

NEW_TOKEN = "api_token_new"  # the token just made, shown on this run only


def render(user: CurrentUser) -> None:
    st.caption(t("oparl.intro"))
    made = st.session_state.pop(NEW_TOKEN, None)
    if made is not None:
        # The token itself is shown here and nowhere else, ever: the database keeps only its SHA-256.
        st.success(t("oparl.created", name=escape_markdown(made["name"])))  # an alert is markdown
        st.code(made["token"], language=None)
    # Not cleared on submit: a name refused stays as typed; after a token is made the fields are new.
    with st.form("api_token_form"):
        name = st.text_input(t("oparl.name"), max_chars=NAME_MAX, key=forms.fresh_key("api_token_name"))
        expires = st.date_input(
            t("oparl.expires"),
            value=None,
            min_value=clock.oslo_today() + dt.timedelta(days=1),
            key=forms.fresh_key("api_token_expires"),
        )
        submitted = st.form_submit_button(t("oparl.create"), type="primary")
    if submitted:
        result = forms.save(
            lambda session: create_api_token(session, actor=user.actor, name=name, expires_on=expires)
        )
        if result is not None:
            row, token = result
            st.session_state[NEW_TOKEN] = {"name": row.name, "token": token}
            forms.renew("api_token_name")
            forms.renew("api_token_expires")
            st.rerun()
    with db_session() as session:
        tokens = api_tokens(session)
    if not tokens:
        st.caption(t("oparl.none"))
        return
    today = clock.oslo_today()
    table(
        pd.DataFrame(
            {
                "name": [row.name for row in tokens],
                "created": [fmt_datetime(oslo_time(row.created_at)) for row in tokens],
                "expires": [fmt_date(row.expires_on) if row.expires_on else "" for row in tokens],
                "last_used": [
                    fmt_datetime(oslo_time(row.last_used_at)) if row.last_used_at else "" for row in tokens
                ],
                "state": [t(f"oparl.state.{_state(row, today)}") for row in tokens],
            }
        ),
        {
            "name": text(t("oparl.column.name")),
            "created": text(t("oparl.column.created")),
            "expires": text(t("oparl.column.expires")),
            "last_used": text(t("oparl.column.last_used")),
            "state": text(t("oparl.column.state")),
        },
    )
    for row in tokens:
        if _state(row, today) == "active" and st.button(
            t("oparl.revoke", name=escape_markdown(row.name)),  # a label is markdown: the name as text
            key=f"api_token_revoke_{row.id}",
        ):
            if forms.save(
                lambda session, token_id=row.id: revoke_api_token(
                    session, actor=user.actor, token_id=token_id
                )
            ):
                forms.flash(t("oparl.revoked", name=escape_markdown(row.name)))
                st.rerun()


def _state(row: ApiToken, today: dt.date) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_on is not None and row.expires_on < today:
        return "expired"
    return "active"
