"""Nothing internal leaves through the public doors, on SQLite and PostgreSQL: every public page (the web
view and the static site written by `publish`) and every OParl response without a token, reached by
following every link from the front page and from /oparl/v1/system, holds none of the internal texts
(an input, an advice, a decision's rationale, a draft protokoll, a closed item's title and vedtak, an
exempt document's title or bytes, a faggruppe's meeting or case, a saksliste not yet called, a person's
e-mail, employer or note) and no internal field; and every link answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from sqlalchemy.orm import Session

from osloreg.enums import AdviceState
from osloreg.models import Case, Meeting, Person
from tests import publication_world as w
from tests.conftest import test_settings
from tests.factories import make_advice, make_decision, make_input, make_membership, make_person

# Marked texts that only the app's own users may read; each must never come out.
INPUT_TEXT = "INNSPILL-INTERNT: Asker kommune ber om mer tid til høringen."
ADVICE_TITLE = "RÅD-INTERNT: faggruppens råd om transportplanen"
ADVICE_TEXT = "RÅD-INTERNT-TEKST: faggruppen anbefaler å utsette."
RATIONALE = "BESLUTNING-INTERN: direktøren følger rådet delvis."
DRAFT_NOTES = "PROTOKOLLUTKAST-INTERNT: merknader før godkjenning."
PROCEEDINGS = "BEHANDLING-INTERN: forslag fra medlem A ble trukket."
EMAIL = "skjult.adresse@example.org"
EMPLOYER = "Skjult Arbeidsgiver AS"
PERSON_NOTE = "PERSONNOTAT-INTERNT"
INTERNAL_TEXTS = (
    INPUT_TEXT,
    ADVICE_TITLE,
    ADVICE_TEXT,
    RATIONALE,
    DRAFT_NOTES,
    PROCEEDINGS,
    EMAIL,
    EMPLOYER,
    PERSON_NOTE,
    w.CLOSED_CASE,
    w.CLOSED_DECISION,
    w.EXEMPT_DOCUMENT,
    w.DRAFT_MINUTES,
    w.GROUP_CASE,
    w.GROUP_MEETING_TITLE,
    w.PLANNED_CASE,
)
# Fields of the app's own records that no published object carries, under any name spelling.
INTERNAL_FIELDS = {
    "email",
    "employer",
    "note",
    "minutes",
    "proceedings",
    "recommendation",
    "rationale",
    "passwordhash",
    "username",
    "before",
    "after",
    "input",
    "advice",
    "registeredbysecretariat",
}
MAX_REQUESTS = 3_000  # the small world has some dozens of pages and objects: far below


@pytest.fixture
def world(session: Session) -> w.PublicWorld:
    world = w.build_public_world(session)
    person = make_person(session, name="Styremedlem Synlig", email=EMAIL, employer=EMPLOYER, note=PERSON_NOTE)
    make_membership(session, person=person, body=world.board)
    make_input(
        session, body=world.group, author=person, subject=session.get(Case, world.open_case), text=INPUT_TEXT
    )
    advice = make_advice(
        session,
        body=world.group,
        state=AdviceState.SUBMITTED,
        title=ADVICE_TITLE,
        recommendation=ADVICE_TEXT,
        subject=session.get(Case, world.open_case),
    )
    make_decision(session, advice=advice, rationale=RATIONALE)
    session.get(Meeting, world.held).minutes = DRAFT_NOTES
    for item in session.get(Meeting, world.held).agenda:
        item.proceedings = PROCEEDINGS
    session.commit()
    assert session.get(Person, person.id).email == EMAIL
    return world


@pytest.fixture
def web(serve_web, engine):
    return serve_web(test_settings(engine), engine)


def _leaks(where: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    found = [f"{where}: {secret!r}" for secret in INTERNAL_TEXTS if secret in text]
    if w.pdf(w.EXEMPT_DOCUMENT) in body:
        found.append(f"{where}: the exempt document's bytes")
    return found


def _fields(value) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _fields(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _fields(inner)


def _crawl_pages(web, start: str) -> tuple[int, list[str]]:
    """Every page and file the public view links to from `start`: (count, problems)."""
    queue, seen, problems = [start], {start}, []
    while queue:
        path = queue.pop()
        answer = web.request(path)
        if answer.status != 200:
            problems.append(f"{path}: {answer.status}")
            continue
        problems += _leaks(path, answer.body)
        if "text/html" not in (answer.header("content-type") or ""):
            continue
        for href in re.findall(r'href="([^"]+)"', answer.body.decode()):
            target = urlparse(urldefrag(urljoin(web.url + path, href.replace("&amp;", "&"))).url)
            if target.netloc and target.netloc != urlparse(web.url).netloc:
                problems.append(f"{path}: a link to another host: {href}")
                continue
            local = target.path + (f"?{target.query}" if target.query else "")
            if local not in seen and local.startswith("/offentlig/"):
                seen.add(local)
                queue.append(local)
        assert len(seen) < MAX_REQUESTS
    return len(seen), problems


def _crawl_api(web) -> tuple[int, int, list[str]]:
    """Every OParl URL reachable from the system object, lists and their pages included:
    (responses, objects, problems)."""
    start = web.url + "/oparl/v1/system"
    queue, seen, problems, objects = [start], {start}, [], 0
    while queue:
        url = queue.pop()
        answer = web.request(url.removeprefix(web.url))
        problems += _leaks(url, answer.body)
        # An exempt file is listed with its basis; its bytes answer 403, saying why.
        said_why = b"unntatt offentlighet" in answer.body.lower()
        refused_file = answer.status == 403 and url.endswith("/content") and said_why
        if answer.status != 200 and not refused_file:
            problems.append(f"{url}: {answer.status}")
            continue
        if not (answer.header("content-type") or "").startswith("application/json"):
            continue
        document = json.loads(answer.body)
        objects += len(document["data"]) if isinstance(document.get("data"), list) else 1
        internal = {key for key in _fields(document) if key.replace("_", "").lower() in INTERNAL_FIELDS}
        problems += [f"{url}: the field {key!r}" for key in sorted(internal)]
        for value in re.findall(r'"(https?://[^"]+)"', answer.body.decode()):
            value = value.replace("\\/", "/")
            if value.startswith(web.url + "/oparl/") and value not in seen:
                seen.add(value)
                queue.append(value)
        assert len(seen) < MAX_REQUESTS
    return len(seen), objects, problems


def test_no_public_page_and_no_api_response_holds_anything_internal(web, world, capsys):
    pages, page_problems = _crawl_pages(web, "/offentlig/")
    english, english_problems = _crawl_pages(web, "/offentlig/en/")
    responses, objects, api_problems = _crawl_api(web)
    assert page_problems + english_problems + api_problems == []
    # The crawl reached what it should: every public meeting, and objects of every kind.
    assert pages >= 10 and english >= 10 and responses >= 20 and objects >= 20
    with capsys.disabled():
        print(
            f"\ndenylist: {pages} + {english} public pages and files, {responses} API responses,"
            f" {objects} objects: 0 leaks"
        )


def test_the_static_site_holds_nothing_internal(world, engine, tmp_path: Path):
    from osloreg.cli import main

    target = tmp_path / "site"
    assert (
        main(
            [
                "--database-url",
                str(engine.url.render_as_string(hide_password=False)),
                "publish",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    files = [path for path in target.rglob("*") if path.is_file()]
    assert len(files) >= 10
    problems = [
        problem for path in files for problem in _leaks(str(path.relative_to(target)), path.read_bytes())
    ]
    assert problems == []
