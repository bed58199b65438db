"""The admin page's users tab: the list of users, a new user, and one user's details, roles, access and
password, each saved through the user services (which check the role, the policy and audit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from osloreg.enums import Language, Role, values
from osloreg.models import utcnow
from osloreg.queries import users as queries
from osloreg.rules.login_throttle import ALERT_FAILURES
from osloreg.rules.validation import NAME_MAX
from osloreg.services import users as service
from osloreg.services.directory import EMAIL_MAX
from osloreg.ui.admin import loaders as admin_loaders
from osloreg.ui.admin import user_identities
from osloreg.ui.kit import forms, pickers
from osloreg.ui.kit.session import db_session, fmt_datetime, oslo_time, t
from osloreg.ui.kit.tables import escape_markdown, table
from osloreg.ui.login import CurrentUser

ROLES = values(Role)
LANGUAGES = values(Language)
EDIT_CHOICE = "user_edit_choice"


def _save(action):
    # The tab reads users uncached: a failed login elsewhere counts against a user (and a lock runs
    # out) without an audit event, so no data version would tell a cache of them it is old.
    return forms.save(action)


def _role_names(roles) -> str:
    return ", ".join(t(f"role.{role}") for role in roles)


def _moment(value) -> str:
    return fmt_datetime(oslo_time(value)) if value is not None and not pd.isna(value) else ""


def render(user: CurrentUser) -> None:
    with db_session() as session:
        frame = queries.user_list(session)
    _user_table(frame)
    _create(user)
    _edit(user, frame)


def _user_table(frame: pd.DataFrame) -> None:
    st.header(t("admin.users.list", count=len(frame)))
    if frame.empty:
        st.caption(t("admin.users.none"))
        return
    _many_failures(frame)
    now = utcnow()
    shown = pd.DataFrame(
        {
            "username": frame["username"],
            "display_name": frame["display_name"],
            "roles": [_role_names(roles) for roles in frame["roles"]],
            "person": frame["person"].fillna(""),
            "language": [t(f"language.{code}") for code in frame["language"]],
            "disabled": frame["disabled"].astype(bool),
            # A lock that has run out is no lock: the next login starts a fresh count.
            "locked_until": [
                _moment(value) if value is not None and not pd.isna(value) and value > now else ""
                for value in frame["locked_until"]
            ],
            "failed_logins": frame["failed_logins"],
            "last_login_at": [_moment(value) for value in frame["last_login_at"]],
        }
    )
    table(
        shown,
        {
            name: (
                st.column_config.CheckboxColumn(t(f"admin.users.col.{name}"))
                if name == "disabled"
                else st.column_config.Column(t(f"admin.users.col.{name}"))
            )
            for name in shown.columns
        },
        key="users_table",
    )


def _many_failures(frame: pd.DataFrame) -> None:
    """Accounts that many attempts have failed at since their last login: perhaps someone guessing."""
    many = frame[frame["failed_logins"] >= ALERT_FAILURES].sort_values("failed_logins", ascending=False)
    if many.empty:
        return
    accounts = ", ".join(
        t(
            "login.admin_alert_account"
            if _moment(row.last_failed_login_at)
            else "login.admin_alert_account_count",
            username=escape_markdown(row.username),
            count=int(row.failed_logins),
            when=_moment(row.last_failed_login_at),
        )
        for row in many.itertuples(index=False)
    )
    st.warning(t("login.admin_alert", accounts=accounts), icon=":material/warning:")


def _person_box(key: str, *, default: int | None) -> int | None:
    return pickers.person_picker(
        key,
        admin_loaders.person_options,
        label=t("admin.users.person"),
        search_label=t("admin.users.person_search"),
        none_label=t("admin.users.no_person"),
        default=default,
    )


def _language_box(key: str):
    return st.selectbox(
        t("admin.users.language"),
        LANGUAGES,
        format_func=lambda code: t(f"language.{code}"),
        key=key,
        placeholder=t("forms.choose_one"),
    )


def _roles_box(key: str) -> list[str]:
    return st.multiselect(
        t("admin.users.roles"),
        ROLES,
        format_func=lambda role: t(f"role.{role}"),
        placeholder=t("admin.users.choose_roles"),
        key=key,
    )


def _password_pair(keys: dict[str, str]) -> tuple[str, str]:
    # Never stripped: spaces at either end are part of the password (the service counts them too).
    # No max_chars: the browser counts it in UTF-16 units, so an emoji counts twice and a longer
    # password was cut short without a word; the service checks the length, in characters.
    left, right = st.columns(2)
    first = left.text_input(
        t("admin.users.password"),
        type="password",
        help=t("admin.users.password_help"),
        key=keys["password"],
    )
    second = right.text_input(t("admin.users.password_repeat"), type="password", key=keys["password_repeat"])
    return first, second


# --- A new user ----------------------------------------------------------------------------------


def _create(user: CurrentUser) -> None:
    st.header(t("admin.users.new"))
    form_id = "user_new"
    start = {
        "username": "",
        "display_name": "",
        "email": "",
        "roles": [],
        "language": Language.NB.value,
        "password": "",
        "password_repeat": "",
    }
    _, _, keys = forms.form_fields(form_id, start)
    with st.container(border=True):
        left, right = st.columns(2)
        username = left.text_input(t("admin.users.username"), max_chars=64, key=keys["username"])
        display_name = right.text_input(
            t("admin.users.display_name"), max_chars=NAME_MAX, key=keys["display_name"]
        )
        left, right = st.columns(2)
        email = left.text_input(t("admin.users.email"), max_chars=EMAIL_MAX, key=keys["email"])
        with right:
            language = _language_box(keys["language"])
        roles = _roles_box(keys["roles"])
        person_key = forms.fresh_key(f"{form_id}_person")
        person_id = _person_box(person_key, default=None)
        password, repeat = _password_pair(keys)
        if st.button(
            t("admin.users.create"), type="primary", icon=":material/person_add:", key="user_new_save"
        ):
            if password != repeat:
                st.error(t("admin.users.password_mismatch"))
                return
            created = _save(
                lambda session: service.create_user(
                    session,
                    actor=user.actor,
                    username=username.strip(),
                    display_name=display_name,
                    password=password,
                    roles=roles,
                    person_id=person_id,
                    email=email,
                    language=language,
                )
            )
            if created is not None:
                forms.renew(person_key)
                forms.finish(form_id, keys, t("admin.users.created", username=created.username))


# --- One user ------------------------------------------------------------------------------------


def _edit(user: CurrentUser, frame: pd.DataFrame) -> None:
    st.header(t("admin.users.edit"))
    if frame.empty:
        return
    choices = [(int(row.id), f"{row.username} ({row.display_name})") for row in frame.itertuples(index=False)]
    chosen = forms.options_box(
        t("admin.users.choose"), choices, key=EDIT_CHOICE, none_label=t("admin.users.choose_none")
    )
    if chosen is None:
        return
    with db_session() as session:
        detail = queries.user_detail(session, user_id=chosen)
    if detail is None:
        return
    if detail.id == user.id:
        st.caption(t("admin.users.you"))
    details, roles, access, password, identities = st.tabs(
        [
            t("admin.users.details"),
            t("admin.users.roles"),
            t("admin.users.state"),
            t("admin.users.reset"),
            t("admin.users.identities"),
        ]
    )
    with details:
        _details(user, detail)
    with roles:
        _roles(user, detail)
    with access:
        _access(user, detail)
    with password:
        _reset(user, detail)
    with identities:
        user_identities.render(user, detail)


def _details(user: CurrentUser, detail: queries.UserDetail) -> None:
    form_id = f"user_{detail.id}_details"
    start = {"display_name": detail.display_name, "email": detail.email or "", "language": detail.language}
    _, _, keys = forms.form_fields(form_id, start)
    display_name = st.text_input(t("admin.users.display_name"), max_chars=NAME_MAX, key=keys["display_name"])
    left, right = st.columns(2)
    email = left.text_input(t("admin.users.email"), max_chars=EMAIL_MAX, key=keys["email"])
    with right:
        language = _language_box(keys["language"])
    person_key = forms.fresh_key(f"user_{detail.id}_person")
    person_id = _person_box(person_key, default=detail.person_id)
    if st.button(t("admin.users.save_details"), icon=":material/save:", key=f"{form_id}_save"):
        saved = _save(
            lambda session: service.update_user(
                session,
                actor=user.actor,
                username=detail.username,
                display_name=display_name,
                email=email,
                language=language,
                person_id=person_id,
            )
        )
        if saved is not None:
            forms.renew(person_key)
            forms.forget([f"{person_key}_search"])
            forms.finish(form_id, keys, t("admin.users.saved", username=detail.username))


def _roles(user: CurrentUser, detail: queries.UserDetail) -> None:
    form_id = f"user_{detail.id}_roles"
    _, _, keys = forms.form_fields(form_id, {"roles": list(detail.roles)})
    roles = _roles_box(keys["roles"])
    if st.button(t("admin.users.save_roles"), icon=":material/badge:", key=f"{form_id}_save"):
        saved = _save(
            lambda session: service.set_roles(
                session, actor=user.actor, username=detail.username, roles=roles
            )
        )
        if saved is not None:
            message = t(
                "admin.users.roles_saved", username=detail.username, roles=_role_names(sorted(saved.roles))
            )
            forms.finish(form_id, keys, message)


def _access(user: CurrentUser, detail: queries.UserDetail) -> None:
    locked = detail.locked_until is not None and detail.locked_until > utcnow()
    if detail.disabled:
        st.warning(t("admin.users.state_disabled"))
    else:
        st.info(t("admin.users.state_active"))
    if locked:
        st.warning(
            t("admin.users.state_locked", until=_moment(detail.locked_until), failed=detail.failed_logins)
        )
    elif detail.failed_logins:
        st.caption(t("admin.users.state_failed", failed=detail.failed_logins))
    prefix = f"user_{detail.id}"
    name = detail.username
    if detail.disabled:
        if st.button(t("admin.users.enable"), icon=":material/lock_open:", key=f"{prefix}_enable"):
            _act(
                lambda s: service.enable_user(s, actor=user.actor, username=name), "admin.users.enabled", name
            )
    elif forms.confirmed_button(
        t("admin.users.disable"),
        t("admin.users.disable_confirm"),
        key=f"{prefix}_disable",
        confirm_key=f"{prefix}_disable_confirm",
        icon=":material/block:",
    ):
        _act(lambda s: service.disable_user(s, actor=user.actor, username=name), "admin.users.disabled", name)
    if (locked or detail.failed_logins) and st.button(
        t("admin.users.unlock"), icon=":material/lock_reset:", key=f"{prefix}_unlock"
    ):
        _act(lambda s: service.unlock_user(s, actor=user.actor, username=name), "admin.users.unlocked", name)


def _act(action, message_key: str, username: str) -> None:
    if _save(action) is not None:
        forms.flash(t(message_key, username=escape_markdown(username)))
        st.rerun()


def _reset(user: CurrentUser, detail: queries.UserDetail) -> None:
    form_id = f"user_{detail.id}_password"
    _, _, keys = forms.form_fields(form_id, {"password": "", "password_repeat": ""})
    password, repeat = _password_pair(keys)
    if st.button(t("admin.users.reset_button"), icon=":material/password:", key=f"{form_id}_save"):
        if password != repeat:
            st.error(t("admin.users.password_mismatch"))
            return
        saved = _save(
            lambda session: service.reset_password(
                session, actor=user.actor, username=detail.username, password=password
            )
        )
        if saved is not None:
            forms.finish(form_id, keys, t("admin.users.reset_done", username=detail.username))
