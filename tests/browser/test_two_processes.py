"""Two app processes on one PostgreSQL database, as behind a load balancer: the director decides an
advice in process A, and process B, already showing it in the inbox, no longer shows it as waiting on
its next run (its cached reads are keyed by the data version the decision raised; nothing is cleared)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from sqlalchemy import Engine

from osloreg import i18n
from osloreg.db import read_session
from osloreg.enums import AdviceState, Outcome, Role
from osloreg.services.base import SYSTEM
from osloreg.services.users import create_user
from tests.browser.helpers import OWN_PASSWORD, Server, log_in, open_page, settle, streamlit_server
from tests.browser.test_decision_flow import _grid, _inbox_count, _open, _rows, _select_row
from tests.factories import make_advice, make_body
from tests.integration.audit.audit_rows import url_of

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it (fails in CI, skips elsewhere)
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.timeout(180)]


def _nb(key: str, **params: object) -> str:
    return i18n.translate(key, i18n.DEFAULT_LANGUAGE, **params)


@pytest.fixture
def database(postgres_engine: Engine) -> Iterator[tuple[str, str]]:
    """A fresh migrated schema with one submitted advice item and the director: (URL, the advice's title)."""
    title = f"Råd om næringsarealer {uuid.uuid4().hex[:8]}"
    with read_session(postgres_engine) as session:
        group = make_body(session, name="Faggruppe for næringssamarbeid")
        make_advice(
            session,
            body=group,
            state=AdviceState.SUBMITTED,
            title=title,
            submitted_at=dt.datetime.now() - dt.timedelta(days=2),
        )
        session.commit()
        create_user(
            session,
            actor=SYSTEM,
            username="direktor",
            display_name="Direktør",
            password=OWN_PASSWORD,
            roles=[Role.DIRECTOR],
        )
    yield url_of(postgres_engine), title


@pytest.fixture
def servers(database, tmp_path) -> Iterator[tuple[Server, Server]]:
    url, _title = database
    with ExitStack() as stack:
        a = stack.enter_context(streamlit_server(url, tmp_path / "a"))
        b = stack.enter_context(streamlit_server(url, tmp_path / "b"))
        yield a, b


def _director_at_the_inbox(make_context, server: Server):
    page = open_page(make_context())
    log_in(page, server.url, "direktor", password=OWN_PASSWORD)
    _open(page, "nav.decisions")
    return page


def test_a_decision_made_in_one_process_shows_in_the_other_on_its_next_run(
    browser, servers, database, make_context
):
    a, b = servers
    _url, title = database
    in_b = _director_at_the_inbox(make_context, b)
    assert _inbox_count(in_b) == 1
    expect(_rows(_grid(in_b, _nb("decisions.inbox.title", count=1))).filter(has_text=title)).to_have_count(1)

    in_a = _director_at_the_inbox(make_context, a)
    decide = in_a.get_by_role("button", name=_nb("decisions.decide"), exact=True)
    _select_row(in_a, _grid(in_a, _nb("decisions.inbox.title", count=1)), title, shows=decide)
    decide.click()
    settle(in_a)
    dialog = in_a.get_by_role("dialog")
    dialog.get_by_role("radio", name=_nb(f"outcome.{Outcome.FOLLOWED}"), exact=True).click()
    settle(in_a)
    dialog.get_by_role("button", name=_nb("decisions.dialog.save")).click()
    settle(in_a)
    expect(in_a.get_by_text(_nb("decisions.decided", count=1))).to_be_visible()

    # B's next run: the director looks at the log and comes back to the inbox, the same inbox query
    # with the same arguments as before (a ttl'd cache answered it from memory: the advice still waiting).
    in_b.get_by_role("tab", name=_nb("decisions.tab.log")).click()
    settle(in_b)
    in_b.get_by_role("tab", name=_nb("decisions.tab.inbox")).click()
    settle(in_b)
    expect(in_b.get_by_text(_nb("decisions.inbox.none"))).to_be_visible()
    expect(in_b.get_by_text(title)).to_have_count(0)
