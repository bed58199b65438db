"""Search paging on SQLite and PostgreSQL: every hit once over the pages, the same total on every page,
text hits before names; and a misspelled surname shared by many people still finds them, at a cost that
does not grow with their number (a bounded set of candidates)."""

from __future__ import annotations

from osloreg.enums import Role
from osloreg.queries import search as search_queries
from osloreg.queries.search import NAME_CANDIDATES_SQLITE, search
from osloreg.services.base import Actor
from tests.factories import make_case, make_person

COORDINATOR = Actor(user_id=None, username="koordinator", roles=frozenset({Role.COORDINATOR}))


def test_pages_visit_every_hit_once_with_the_same_total(session):
    cases = [make_case(session, title=f"Kollektivplan del {index}") for index in range(7)]
    session.commit()
    pages = [
        search(session, actor=COORDINATOR, text="kollektivplanen", limit=3, offset=start)
        for start in (0, 3, 6, 9)
    ]
    seen = [hit.entity_id for page in pages for hit in page.hits]
    assert sorted(seen) == sorted(case.id for case in cases)
    assert [page.total for page in pages] == [7, 7, 7, 7]
    assert [len(page.hits) for page in pages] == [3, 3, 1, 0]


def test_a_misspelled_surname_many_share_finds_them(session):
    people = [
        make_person(session, name=f"Person{index} Kristiansen")
        for index in range(NAME_CANDIDATES_SQLITE + 40)
    ]
    unlike = make_person(session, name="Kari Nordmann")
    session.commit()
    results = search(session, actor=COORDINATOR, text="Kristiansn", limit=20)
    ids = {hit.entity_id for hit in results.hits}
    assert len(results.hits) == 20 and all(hit.kind == "person" for hit in results.hits)
    assert ids <= {person.id for person in people} and unlike.id not in ids


def test_past_the_count_limit_the_total_is_a_lower_bound(session, monkeypatch):
    monkeypatch.setattr(search_queries, "COUNT_LIMIT", 5)
    cases = [make_case(session, title=f"Regionplan del {index}") for index in range(8)]
    session.commit()
    first = search(session, actor=COORDINATOR, text="regionplanen", limit=3)
    assert first.total == 5 and first.more and len(first.hits) == 3
    later = search(session, actor=COORDINATOR, text="regionplanen", limit=3, offset=3)
    assert {hit.entity_id for hit in first.hits + later.hits} <= {case.id for case in cases}
    # The hits counted are the ones reached by paging, each once: two more on the second page.
    assert len(later.hits) == 2 and len({hit.entity_id for hit in first.hits + later.hits}) == 5
    exact = search(session, actor=COORDINATOR, text="regionplan del 1")
    assert not exact.more


def test_a_word_many_records_hold_is_ranked_among_the_newest_of_them(session, monkeypatch):
    monkeypatch.setattr(search_queries, "TEXT_CANDIDATES", 3)
    cases = [make_case(session, title=f"Bypakke nr {index}") for index in range(5)]
    session.commit()
    results = search(session, actor=COORDINATOR, text="bypakken")
    assert sorted(hit.entity_id for hit in results.hits) == sorted(case.id for case in cases[-3:])
    assert results.total == 3 and not results.more
