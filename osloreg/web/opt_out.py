"""The digest's opt-out link (issue 18): GET shows what the link does and a button (a mail scanner that
opens every link changes nothing); POST, from that button or as RFC 8058's one click from the mail
client (List-Unsubscribe=One-Click), sets the user's digest to none through the audited service. A link
that is not ours, or for something else, is refused in words and changes nothing."""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from osloreg import signed_links
from osloreg.db import read_session, write_session
from osloreg.enums import DigestFrequency
from osloreg.i18n import DEFAULT_LANGUAGE, translate
from osloreg.mail.digest import OPT_OUT_PATH, SETTINGS_PAGE
from osloreg.models import User
from osloreg.queries.digest import app_link
from osloreg.services.base import Actor, DomainError
from osloreg.services.notifications import set_own_digest_frequency
from osloreg.web.pages import Form, page

MAX_BODY = 8 * 1024  # a form with one token, or "List-Unsubscribe=One-Click"


def _refused(reason: str, language: str = DEFAULT_LANGUAGE) -> Response:
    """A link that does nothing: why, in the user's language when known, else in both."""
    languages = [language] if language != DEFAULT_LANGUAGE else ["nb", "en"]
    return page(
        title=translate("digest.opt_out.refused_title", language),
        paragraphs=[translate(f"digest.opt_out.refused.{reason}", code) for code in languages],
        language=language,
        status_code=400,
    )


def _user(request: Request, token: object) -> User | Response:
    """The user the link was signed for, or the page that says why the link does nothing."""
    settings = request.app.state.settings
    try:
        link = signed_links.read(token, secret=settings.cookie_key, purpose=signed_links.DIGEST_OPT_OUT)
    except signed_links.LinkRefused as refused:
        return _refused(refused.reason)
    with read_session(request.app.state.engine) as session:
        user = session.get(User, link.user_id)
        if user is None:
            return _refused("no_user")
        session.expunge(user)
        return user


def confirm(request: Request) -> Response:
    """GET: what the link does, and the button that does it."""
    token = request.query_params.get("token", "")
    user = _user(request, token)
    if isinstance(user, Response):
        return user
    language = user.language
    return page(
        title=translate("digest.opt_out.confirm_title", language),
        paragraphs=[translate("digest.opt_out.confirm_text", language, email=user.email or "")],
        language=language,
        # Relative ("opt-out" beside this page), so the form posts back under whatever path a proxy
        # serves the web app at.
        form=Form(
            OPT_OUT_PATH.rsplit("/", 1)[1], translate("digest.opt_out.button", language), {"token": token}
        ),
    )


def opt_out(request: Request, token: object) -> Response:
    """POST: the user's digest set to none, audited as their own choice made through the link."""
    user = _user(request, token)
    if isinstance(user, Response):
        return user
    language = user.language
    actor = Actor(user_id=user.id, username=user.username, roles=user.roles, person_id=user.person_id)
    try:
        with write_session(request.app.state.engine) as session:
            set_own_digest_frequency(session, actor=actor, frequency=DigestFrequency.NONE, via="opt_out_link")
    except (DomainError, SQLAlchemyError):
        return page(
            title=translate("digest.opt_out.refused_title", language),
            paragraphs=[translate("digest.opt_out.failed", language)],
            language=language,
            status_code=503,
        )
    settings_link = app_link(request.app.state.settings.base_url, SETTINGS_PAGE)
    return page(
        title=translate("digest.opt_out.done_title", language),
        paragraphs=[translate("digest.opt_out.done_text", language, link=settings_link)],
        language=language,
    )


async def _form_token(request: Request) -> str | None:
    """The token a posted form carries (the confirmation page's button); the one click posts only
    "List-Unsubscribe=One-Click" to the link itself, whose token is in the address."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    tokens = parse_qs(body.decode("utf-8", "replace")).get("token")
    return tokens[0] if tokens else None


async def endpoint(request: Request) -> Response:
    if request.method == "POST":
        token = await _form_token(request) or request.query_params.get("token", "")
        return await run_in_threadpool(opt_out, request, token)
    return await run_in_threadpool(confirm, request)


routes = [Route(OPT_OUT_PATH, endpoint, methods=["GET", "POST"])]
