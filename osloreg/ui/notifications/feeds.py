"""The calendar feeds on the notifications page: the three feeds, a new address shown once, when the
current one was made, and how Outlook and Google Calendar subscribe to it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from osloreg.clock import oslo_time
from osloreg.queries import feeds as feed_queries
from osloreg.rules.feeds import Feed, url
from osloreg.services.feeds import renew_feed_token, revoke_feed_token
from osloreg.ui.kit import saving
from osloreg.ui.kit.session import db_session, fmt_datetime, settings, t
from osloreg.ui.kit.tables import escape_markdown
from osloreg.ui.login import CurrentUser
from osloreg.ui.notifications import loaders

BODY_KEY = "feeds_body"
FEEDS = ("feeds.kind.mine", "feeds.kind.all", "feeds.kind.body")


def _issued_at(user: CurrentUser) -> dt.datetime | None:
    # Not cached: one row by its key, read only on this page, and it must show a renewal at once.
    with db_session() as session:
        return feed_queries.token_issued_at(session, user_id=user.id)


def _body(names: dict[int, str]) -> int | None:
    if not names:
        return None
    return st.selectbox(
        t("feeds.body"),
        list(names),
        format_func=lambda value: names.get(value, str(value)),
        help=t("feeds.body_help"),
        key=BODY_KEY,
        placeholder=t("forms.choose_one"),
    )


def _show_once(token: str, body_id: int | None, names: dict[int, str]) -> None:
    """The new addresses, in blocks to copy: only in this run, never kept in the session."""
    web_url = settings().web_url
    st.success(t("feeds.created"))
    st.warning(t("feeds.shown_once"), icon=":material/visibility:")
    shown = [
        (t("feeds.url.mine"), url(web_url, token, Feed.MINE)),
        (t("feeds.url.all"), url(web_url, token, Feed.ALL)),
    ]
    if body_id is not None:
        label = t("feeds.url.body", body=names.get(body_id, ""))
        shown.append((label, url(web_url, token, Feed.BODY, body_id)))
    for label, address in shown:
        st.markdown(f"**{escape_markdown(label)}**")
        st.code(address, language=None)


def render(user: CurrentUser) -> None:
    st.header(t("feeds.title"))
    st.markdown(t("feeds.intro"))
    st.markdown("\n".join(f"- {t(key)}" for key in FEEDS))
    if user.person_id is None:
        st.info(t("feeds.no_person"))
    st.caption(t("feeds.private"))
    names = dict(loaders.feed_bodies())
    body_id = _body(names)
    status = st.container()
    token = None
    if st.button(
        t("feeds.renew"),
        help=t("feeds.renew_help"),
        type="primary",
        icon=":material/add_link:",
        key="feeds_renew",
    ):
        token = saving.save(lambda session: renew_feed_token(session, actor=user.actor))
    if token:
        _show_once(token, body_id, names)
    issued = _issued_at(user)
    if issued is not None and token is None:
        if st.button(
            t("feeds.revoke"), help=t("feeds.revoke_help"), icon=":material/link_off:", key="feeds_revoke"
        ):
            if saving.save(lambda session: revoke_feed_token(session, actor=user.actor)) is not None:
                st.success(t("feeds.revoked"))
                issued = None
    with status:
        if issued is None:
            st.caption(t("feeds.status.none"))
        else:
            st.caption(t("feeds.status.since", when=fmt_datetime(oslo_time(issued))))
    st.markdown(f"**{t('feeds.howto.title')}**")
    st.markdown("\n".join(f"- {t(key)}" for key in ("feeds.howto.outlook", "feeds.howto.google")))
    st.caption(t("feeds.howto.refresh"))
