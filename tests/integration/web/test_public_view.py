"""The public view (/offentlig/) over real HTTP without login, on SQLite and PostgreSQL: what a reader sees of
styret's and representantskapet's meetings, what never shows (a faggruppe, a closed item, an exempt document,
a draft protokoll), hostile titles inert, files, caching, and the same bytes as the static site."""

from __future__ import annotations

import html
import re

import pytest

from osloreg import clock
from osloreg.public_site import static
from osloreg.web.app import SECURITY_HEADERS
from tests.publication_world import (
    CLOSED_BASIS,
    CLOSED_CASE,
    CLOSED_DECISION,
    DRAFT_MINUTES,
    EXEMPT_BASIS,
    EXEMPT_DOCUMENT,
    GROUP_CASE,
    GROUP_MEETING_TITLE,
    HOSTILE_PLACE,
    HOSTILE_TITLE,
    OPEN_CASE,
    OPEN_DECISION,
    OPEN_PROPOSAL,
    PLANNED_CASE,
    PUBLIC_DOCUMENT,
    PUBLISHED_MINUTES,
    day,
    pdf,
    public_database,  # noqa: F401  (a fixture)
    public_web,  # noqa: F401  (a fixture)
)

NOT_FOUND = "Vi fant ingen offentlig side på denne adressen."


def get(web, path: str, **headers: str):
    return web.request("/offentlig/" + path, headers=headers)


def text(web, path: str) -> str:
    answer = get(web, path)
    assert answer.status == 200, (path, answer.status)
    return answer.body.decode("utf-8")


def month(offset: int) -> str:
    when = day(offset)
    return f"kalender/{when.year}-{when.month:02d}.html"


@pytest.fixture(scope="module")
def world(public_database):  # noqa: F811
    return public_database.world


@pytest.fixture(scope="module")
def web(public_web):  # noqa: F811
    return public_web


@pytest.fixture(scope="module")
def engine_(public_database):  # noqa: F811
    return public_database.engine


# --- What a reader sees -----------------------------------------------------------------------------------


def test_a_reader_without_login_finds_styrets_and_representantskapets_meetings(web, world):
    front = text(web, "")
    assert '<html lang="nb">' in front
    assert "Kommende møter" in front and "Siste avholdte møter" in front
    assert f'href="mote/{world.called}.html"' in front  # representantskapet's coming meeting
    assert f'href="mote/{world.held}.html"' in front  # styret's meeting last week
    assert f'href="moter/{day(0).year}.html"' in front
    year = text(web, f"moter/{day(-7).year}.html")
    assert f'href="../mote/{world.held}.html"' in year and "Avholdt" in year
    calendar = text(web, month(-7))
    assert "<caption>Møter i " in calendar
    assert '<th scope="col"><span class="long">Mandag</span>' in calendar
    assert '<th scope="col"><span class="long">Søndag</span>' in calendar
    assert f'href="../mote/{world.held}.html"' in calendar


def test_the_year_list_filters_by_body(web, world):
    year = day(-7).year
    board = text(web, f"moter/{year}-organ{world.board}.html")
    assert f"<h1>Møter i {year}: Styret</h1>" in board
    assert f'href="../mote/{world.held}.html"' in board
    assert 'aria-current="page">Styret<' in board and ">Representantskapet<" in board
    if day(10).year == year:
        assert f"mote/{world.called}.html" not in board  # representantskapet's
    assert get(web, f"moter/{year}-organ{world.group}.html").status == 404  # a faggruppe: no list


def test_a_held_meeting_shows_its_saksliste_vedtak_vote_and_public_document(web, world):
    page = text(web, f"mote/{world.held}.html")
    assert "Styret, møte " in page and "Oslo rådhus" in page and "Avholdt" in page
    assert re.search(r"kl\. 10\.00–12\.00", page)
    assert f'<a href="../sak/{world.open_case}.html">{OPEN_CASE}</a>' in page
    assert "12/" in page and OPEN_DECISION in page and "Avstemning: enstemmig" in page
    assert PUBLIC_DOCUMENT in page and f'href="../filer/{world.public_document}/' in page
    assert "Kilde: fiktiv (demo)" in page


def test_a_case_shows_its_numbers_path_proposal_and_vedtak(web, world):
    page = text(web, f"sak/{world.open_case}.html")
    assert f"<h1>{OPEN_CASE}</h1>" in page
    assert "Styret 12/" in page and "Styret: vedtak" in page
    assert OPEN_PROPOSAL in page and OPEN_DECISION in page
    assert f'href="../mote/{world.held}.html"' in page and "Kilde: fiktiv (demo)" in page


def test_english_is_one_link_away(web, world):
    front = text(web, "en/")
    assert '<html lang="en">' in front and "Upcoming meetings" in front
    assert 'href="../index.html" lang="nb"' in front  # back to bokmål
    meeting = text(web, f"en/mote/{world.held}.html")
    assert "Agenda" in meeting and "Exempt from public access" in meeting


# --- What never shows -------------------------------------------------------------------------------------


def test_nothing_of_a_faggruppe_appears(web, world):
    missing = get(web, "mote/999999.html")
    assert missing.status == 404 and NOT_FOUND in missing.body.decode()
    for path in (f"mote/{world.group_meeting}.html", f"sak/{world.group_case}.html"):
        answer = get(web, path)
        assert answer.status == 404
        assert answer.body == missing.body.replace(b"mote/999999.html", path.encode())  # the same answer
    for path in ("", f"moter/{day(5).year}.html", month(5)):
        page = text(web, path)
        assert GROUP_MEETING_TITLE not in page and "Faggruppe" not in page and GROUP_CASE not in page


def test_a_closed_item_shows_only_its_place_and_legal_basis(web, world):
    page = text(web, f"mote/{world.held}.html")
    assert CLOSED_CASE not in page and CLOSED_DECISION not in page
    assert f"Unntatt offentlighet ({CLOSED_BASIS})" in page
    assert f"sak/{world.closed_case}.html" not in page
    assert get(web, f"sak/{world.closed_case}.html").status == 404


def test_an_exempt_document_shows_only_its_legal_basis(web, world):
    page = text(web, f"mote/{world.held}.html")
    assert EXEMPT_DOCUMENT not in page and f"filer/{world.exempt_document}/" not in page
    assert f"Vedlegg: Unntatt offentlighet ({EXEMPT_BASIS})" in page
    assert get(web, f"filer/{world.exempt_document}/tomt.pdf").status == 404


def test_a_draft_protokoll_never_shows_and_a_published_one_does(web, world):
    held = text(web, f"mote/{world.held}.html")
    assert DRAFT_MINUTES not in held and f"filer/{world.draft_minutes}/" not in held
    assert "Protokollen er ikke publisert ennå." in held
    name = re.sub(r"[^A-Za-z0-9.]+", "-", DRAFT_MINUTES.replace("ø", "o")) + ".pdf"
    assert get(web, f"filer/{world.draft_minutes}/{name}").status == 404
    published = text(web, f"mote/{world.published}.html")
    assert PUBLISHED_MINUTES in published and f"filer/{world.published_minutes}/" in published


def test_a_planned_meeting_shows_no_saksliste(web, world):
    page = text(web, f"mote/{world.planned}.html")
    assert "Sakslisten blir publisert når innkallingen er sendt." in page
    assert PLANNED_CASE not in page and "Planlagt" in page
    assert get(web, f"sak/{world.planned_case}.html").status == 404


def test_hostile_titles_and_places_come_out_escaped_and_inert(web, world):
    for path in ("", f"mote/{world.called}.html", f"sak/{world.hostile_case}.html", month(10)):
        page = text(web, path)
        assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    meeting = text(web, f"mote/{world.called}.html")
    assert html.escape(HOSTILE_TITLE) in meeting and html.escape(HOSTILE_PLACE) in meeting


# --- Files and HTTP ---------------------------------------------------------------------------------------


def test_a_public_file_downloads_with_a_safe_name(web, world):
    answer = get(web, f"filer/{world.public_document}/Saksframlegg-om-transportplanen.pdf")
    assert answer.status == 200 and answer.body == pdf(PUBLIC_DOCUMENT)
    assert answer.header("content-type") == "application/pdf"
    assert answer.header("content-disposition").startswith(
        'attachment; filename="Saksframlegg-om-transportplanen.pdf"'
    )
    assert answer.header("x-content-type-options") == "nosniff"
    assert get(web, f"filer/{world.public_document}/other.pdf").status == 404


def test_pages_are_cached_for_a_minute_with_an_etag_and_keep_the_security_headers(web, world):
    answer = get(web, f"mote/{world.held}.html")
    assert answer.header("cache-control") == "public, max-age=60"
    assert answer.header("content-security-policy") == SECURITY_HEADERS["Content-Security-Policy"]
    again = get(web, f"mote/{world.held}.html", **{"If-None-Match": answer.header("etag")})
    assert again.status == 304 and again.body == b""
    assert web.request("/offentlig").status == 200  # redirected to /offentlig/


# --- One renderer, two outputs ----------------------------------------------------------------------------


def test_the_static_site_is_the_web_pages_byte_for_byte_with_links_that_resolve(
    web, world, engine_, tmp_path
):
    folder = tmp_path / "site"
    report = static.publish(engine_, folder, today=clock.oslo_today())
    written = (folder / static.MANIFEST).read_text(encoding="utf-8").split()
    assert report.written == len(written) and report.counts["filer"] == 2
    for path in written:
        answer = get(web, path)
        assert answer.status == 200 and answer.body == (folder / path).read_bytes(), path
    assert get(web, "").body == (folder / "index.html").read_bytes()
    for path in (p for p in written if p.endswith(".html")):
        for link in re.findall(r'href="([^"#]+)"', (folder / path).read_text(encoding="utf-8")):
            target = (folder / path).parent / html.unescape(link)
            assert target.resolve().is_file(), (path, link)
    assert not any(
        name in (folder / path).read_text(errors="ignore")
        for path in written
        for name in (CLOSED_CASE, EXEMPT_DOCUMENT, DRAFT_MINUTES, GROUP_CASE)
    )
