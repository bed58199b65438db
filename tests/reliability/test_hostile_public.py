"""Hostile text in everything the public reads: the public view and static site, the OParl API, a file's name.

The shared public world (tests/publication_world.py) with hostile values in every field it publishes:
bodies' names, meetings' titles and places, headings, case titles, proposals and vedtak (one of 10,000
characters), a closed item's and an exempt document's legal basis, document titles and a file name.
Every page of the static site (the web pages byte for byte) is parsed: no element, attribute, handler
or address comes from the data, and every value is there as text, whole. The API's JSON gives each
value back exactly. A file's name cannot add or break a header."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg import clock
from osloreg.db import make_engine, read_sessions
from osloreg.models import AgendaItem, Body, Case, Consultation, Document, DocumentVersion, Meeting
from osloreg.public_site import static
from tests.conftest import POSTGRES, test_settings
from tests.integration.web.oparl_client import walk
from tests.publication_world import CLOSED_BASIS, EXEMPT_BASIS, PublicWorld, build_public_world

EVIL = "evil.example"
LINE = (
    f'<script>alert(1)</script><img src=https://{EVIL}/i onerror=alert(1)><a href="javascript:alert(1)">a</a>'
    f"<iframe src=//{EVIL}></iframe><svg onload=alert(1)> \" ' & &amp; [x](javascript:alert(1))"
)
LONG = "Styret vedtar planen med disse endringene. " * 235  # 10,105 characters
HOSTILE_FILENAME = f'notat"; filename=evil.exe\r\nSet-Cookie: x=1\r\n<img src=//{EVIL}>.pdf'
# Elements and attribute values the app's own pages never have: from the data they would run or fetch.
_LIVE_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "form", "base", "frame", "video", "audio"}
_LIVE_SCHEMES = ("javascript:", "data:", "vbscript:")


@dataclass(frozen=True)
class HostilePublic:
    engine: Engine
    world: PublicWorld
    values: dict[str, str]  # field -> the hostile value it holds


def _make_hostile(session, world: PublicWorld) -> dict[str, str]:
    values = {
        "body.name": f"Styret {LINE}"[:200],
        "meeting.title": f"Styremøte {LINE}",
        "meeting.place": f"Oslo rådhus {LINE}",
        "agenda.heading": f"Godkjenning {LINE}",
        "case.title": f"Regional transportplan {LINE}",
        "case.proposed_decision": f"Styret anbefaler {LINE}\n{LONG}",
        "decision": f"Styret slutter seg til {LINE}\n{LONG}",
        "closed_basis": f"{CLOSED_BASIS} {LINE}"[:200],
        "exempt_basis": f"{EXEMPT_BASIS} {LINE}"[:200],
        "document.title": f"Saksframlegg {LINE}",
        "minutes.title": f"Protokoll {LINE}",
    }
    values = {field: value.strip() for field, value in values.items()}  # as the services store them
    session.get(Body, world.board).name = values["body.name"]
    held = session.get(Meeting, world.held)
    held.title, held.place = values["meeting.title"], values["meeting.place"]
    heading = session.scalar(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == world.held, AgendaItem.heading.is_not(None))
    )
    heading.heading = values["agenda.heading"]
    case = session.get(Case, world.open_case)
    case.title, case.proposed_decision = values["case.title"], values["case.proposed_decision"]
    step = session.scalar(sa.select(Consultation).where(Consultation.case_id == world.open_case))
    step.result_text = values["decision"]
    session.get(AgendaItem, world.closed_item).closed_basis = values["closed_basis"]
    session.get(Document, world.exempt_document).exempt_basis = values["exempt_basis"]
    session.get(Document, world.public_document).title = values["document.title"]
    session.get(Document, world.published_minutes).title = values["minutes.title"]
    version = session.scalar(
        sa.select(DocumentVersion).where(DocumentVersion.document_id == world.public_document)
    )
    version.filename = HOSTILE_FILENAME
    session.commit()
    return values


@pytest.fixture(scope="module", params=["sqlite", POSTGRES])
def hostile_public(request: pytest.FixtureRequest) -> Iterator[HostilePublic]:
    if request.param == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp("hostile_public") / "public.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = request.getfixturevalue("module_postgres_engine")
    with read_sessions(engine)() as session:
        world = build_public_world(session)
        values = _make_hostile(session, world)
    yield HostilePublic(engine, world, values)
    if request.param == "sqlite":
        engine.dispose()


@pytest.fixture(scope="module")
def hostile_web(hostile_public: HostilePublic) -> Iterator:
    from tests.web_server import serving

    with serving(test_settings(hostile_public.engine), hostile_public.engine) as server:
        yield server


class _Page(HTMLParser):
    """What a browser would build from a page: its elements and attributes, and its text."""

    def __init__(self, own: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.own = own  # elements of the app's own page that the data could otherwise not bring
        self.problems: list[str] = []
        self.text: list[str] = []
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if tag in _LIVE_TAGS - self.own:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "srcset", "poster") and (
                value.startswith(_LIVE_SCHEMES) or EVIL in urlsplit(value).netloc
            ):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
            if name == "style" and "url(" in value:
                self.problems.append(f"<{tag} style=url()>")

    def handle_data(self, data):
        self.text.append(data)


def test_every_page_of_the_public_site_shows_the_hostile_values_as_whole_text_only(
    hostile_public: HostilePublic, hostile_web, tmp_path, figures
):
    folder = tmp_path / "site"
    report = static.publish(hostile_public.engine, folder, today=clock.oslo_today())
    pages = [
        path
        for path in (folder / static.MANIFEST).read_text(encoding="utf-8").split()
        if path.endswith(".html")
    ]
    problems, texts, elements = [], [], 0
    for path in pages:
        page = (folder / path).read_text(encoding="utf-8")
        parsed = _Page()
        parsed.feed(page)
        elements += parsed.elements
        problems += [f"{path}: {problem}" for problem in parsed.problems]
        texts.append("".join(parsed.text))
        answer = hostile_web.request("/offentlig/" + path)
        assert answer.status == 200 and answer.body == page.encode("utf-8"), path  # the web view's bytes
    everything = "\n".join(texts)
    # Each value is published somewhere, whole (a closed item's title and decision never: its basis is).
    # A line break is a <br>: the text on either side of it follows on directly.
    missing = [
        field for field, value in hostile_public.values.items() if value.replace("\n", "") not in everything
    ]
    figures.record(
        f"{hostile_public.engine.dialect.name}: {len(pages)} pages ({report.written} files), {elements:,} "
        f"elements parsed: {len(hostile_public.values) - len(missing)} of {len(hostile_public.values)} "
        f"hostile fields shown whole as text (one of {len(LONG):,}+ characters), {len(problems)} elements, "
        "handlers or addresses from the data"
    )
    assert problems == [] and missing == [], (problems[:10], missing)


# What OParl carries of the world (a Meeting's name and location, an AgendaItem's name, a Paper's name, a
# File's name, an AgendaItem's result: the vedtak; and the minutes' title).
_API_FIELDS = (
    "meeting.title",
    "meeting.place",
    "agenda.heading",
    "case.title",
    "decision",
    "document.title",
    "minutes.title",
)


def test_the_api_gives_every_hostile_value_back_exactly(hostile_public: HostilePublic, hostile_web, figures):
    seen, _answers = walk(hostile_web)
    strings: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for obj in seen.values():
        collect(obj)
    values = hostile_public.values
    exact = {field: values[field] for field in _API_FIELDS}
    missing = [field for field, value in exact.items() if value not in strings]
    # The bases are published inside the sentence that says the item or document is closed.
    for field in ("closed_basis", "exempt_basis"):
        if not any(f"({values[field]})" in text for text in strings):
            missing.append(field)
    if not any(values["body.name"] == text for text in strings):
        missing.append("body.name")
    figures.record(
        f"{hostile_public.engine.dialect.name}: {len(seen)} OParl objects, {len(strings):,} strings: "
        f"{len(exact) + 3 - len(missing)} of {len(exact) + 3} hostile values given back exactly"
    )
    assert missing == [], missing


def test_a_hostile_file_name_neither_adds_nor_breaks_a_header(
    hostile_public: HostilePublic, hostile_web, figures
):
    meeting_page = hostile_web.request(f"/offentlig/mote/{hostile_public.world.held}.html").body.decode()
    links = [
        html.unescape(link)
        for link in _hrefs(meeting_page)
        if f"filer/{hostile_public.world.public_document}/" in link
    ]
    assert links, "the public document's link is on its meeting's page"
    answer = hostile_web.request("/offentlig/" + links[0].removeprefix("../"))
    assert answer.status == 200
    disposition = answer.header("content-disposition")
    assert answer.header("set-cookie") is None
    assert "\r" not in disposition and "\n" not in disposition and disposition.count('"') == 2
    # The name as a safe slug (letters, digits, '.', '-', '_') with the type's ending.
    assert re.fullmatch(r'filename="[A-Za-z0-9._-]+\.pdf"', disposition.split(";")[1].strip()), disposition
    figures.record(f"hostile file name served as {disposition.split(';')[1].strip()}: 0 headers added")


def _hrefs(page: str) -> list[str]:
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(value for name, value in attrs if name == "href" and value)

    Links().feed(page)
    return found
