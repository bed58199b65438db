"""The admin's view of a user's single sign-on identities (which providers, linked when and by whom,
last used; never the subject, which for ID-porten is a hash of the national identity number), the
link of an ID-porten identity by number, and unlinking."""

from __future__ import annotations

import streamlit as st

from osloreg.queries import users as queries
from osloreg.services import sso as service
from osloreg.ui.kit import forms
from osloreg.ui.kit.session import db_session, fmt_datetime, oslo_time, settings, t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser

PID_MAX = 13  # 11 digits, and a space or two as people write them


def _provider_label(name: str) -> str:
    provider = settings().sso.provider(name)
    return t(f"sso.provider.{provider.kind}") if provider is not None else name


def _moment(value) -> str:
    return fmt_datetime(oslo_time(value)) if value is not None else t("admin.users.identity_never_used")


def render(user: CurrentUser, detail: queries.UserDetail) -> None:
    with db_session() as session:
        linked = queries.linked_identities(session, user_id=detail.id)
    if not linked:
        st.caption(t("admin.users.identities_none"))
    for identity in linked:
        by = t("admin.users.identity_by_email") if identity.linked_by == "e-mail" else identity.linked_by
        st.markdown(
            escape_markdown(
                t(
                    "admin.users.identity_row",
                    provider=_provider_label(identity.provider),
                    email=f" ({identity.email})" if identity.email else "",
                    linked_at=fmt_datetime(oslo_time(identity.linked_at)),
                    linked_by=by,
                    last_used=_moment(identity.last_login_at),
                )
            )
        )
        prefix = f"user_{detail.id}_identity_{identity.id}"
        if forms.confirmed_button(
            t("admin.users.unlink"),
            t("admin.users.unlink_confirm"),
            key=f"{prefix}_unlink",
            confirm_key=f"{prefix}_unlink_confirm",
            icon=":material/link_off:",
        ):
            configured = settings().sso.provider(identity.provider)
            kind = configured.kind if configured is not None else None
            done = forms.save(
                lambda session, identity_id=identity.id, kind=kind: service.unlink_identity(
                    session, actor=user.actor, identity_id=identity_id, provider_kind=kind
                )
            )
            if done is not None:
                forms.flash(t("admin.users.unlinked", username=escape_markdown(detail.username)))
                st.rerun()
    _link_pid(user, detail)


def _link_pid(user: CurrentUser, detail: queries.UserDetail) -> None:
    sso = settings().sso
    provider = next((p for p in sso.providers if p.kind == "idporten"), None)
    if provider is None or not sso.pid_salt:
        st.caption(t("admin.users.pid_no_idporten"))
        return
    form_id = f"user_{detail.id}_pid"
    _, _, keys = forms.form_fields(form_id, {"pid": ""})
    pid = st.text_input(
        t("admin.users.pid"),
        max_chars=PID_MAX,
        help=t("admin.users.pid_help"),
        key=keys["pid"],
        autocomplete="off",
    )
    if st.button(t("admin.users.pid_link"), icon=":material/link:", key=f"{form_id}_save"):
        linked = forms.save(
            lambda session: service.link_pid(
                session,
                actor=user.actor,
                username=detail.username,
                provider=provider,
                pid=pid,
                salt=sso.pid_salt,
            )
        )
        if linked is not None:
            forms.finish(
                form_id, keys, t("admin.users.pid_linked", username=escape_markdown(detail.username))
            )
