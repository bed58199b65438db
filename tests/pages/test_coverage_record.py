"""One person or unit on the coverage page (?person=, ?unit=), where the search's hits for them lead:
a person's terms with whom they represented, a unit's membership and whom it appointed, each with its
basis; a link to nothing says so; back leads to the coverage page."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.enums import MembershipRole
from osloreg.models import Person, Unit
from tests import factories as f
from tests.pages.conftest import ROLE_USERS, add_users, nb, ok, page_test


def WORLD(engine: Engine) -> None:  # noqa: N802 - the name the world_template fixture looks for
    with read_session(engine) as session:
        group = f.make_body(session, name="Faggruppe for næringssamarbeid")
        asker = f.make_unit(session, name="Asker kommune")
        f.make_unit(session, name="Nesodden kommune")
        person = f.make_person(session, name="Ragnhild Sæther", title="Rådgiver", employer="Asker kommune")
        f.make_membership(
            session,
            person=person,
            body=group,
            role=MembershipRole.LEADER,
            represents=asker,
            start_on=dt.date(2021, 1, 1),
        )
        f.make_person(session, name="Ola Uten Verv")
        session.commit()
        add_users(session, ROLE_USERS)


def record(username: str, **params: str):
    at = page_test("pages/coverage.py", username=username)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    ok(at)
    return at


def _ids(world: Engine) -> dict[str, int]:
    """Persons' and units' ids by name."""
    with world.connect() as connection:
        people = dict(connection.execute(sa.select(Person.name, Person.id)).all())
        units = dict(connection.execute(sa.select(Unit.name, Unit.id)).all())
    return people | units


def test_a_person_shows_their_terms_and_whom_they_represented(world):
    ids = _ids(world)
    at = record("leser", person=str(ids["Ragnhild Sæther"]))
    assert at.header[0].value == "Ragnhild Sæther"
    assert "Rådgiver, Asker kommune" in [element.value for element in at.text]
    (terms,) = at.dataframe
    row = terms.value.iloc[0]
    assert (row["body"], row["role"], row["unit"]) == (
        "Faggruppe for næringssamarbeid",
        "leder",
        "Asker kommune",
    )
    assert row["start_on"] == "01.01.2021" and row["basis"] == nb("coverage.basis.illustrative")
    assert nb("coverage.intro") not in [caption.value for caption in at.caption]  # only the record


def test_a_unit_shows_whom_it_appointed(world):
    ids = _ids(world)
    at = record("medlem", unit=str(ids["Asker kommune"]))
    assert at.header[0].value == "Asker kommune"
    assert "kommune" in [element.value for element in at.text]
    (people,) = at.dataframe
    assert people.value[["person", "role"]].values.tolist() == [["Ragnhild Sæther", "leder"]]
    at = record("medlem", unit=str(ids["Nesodden kommune"]))
    assert nb("coverage.record.no_one") in [caption.value for caption in at.caption]


def test_a_person_without_terms_and_a_link_to_nothing_are_told_in_words(world):
    ids = _ids(world)
    at = record("leser", person=str(ids["Ola Uten Verv"]))
    assert nb("coverage.record.no_terms") in [caption.value for caption in at.caption]
    for params in ({"person": "999999"}, {"unit": "abc"}):
        at = record("leser", **params)
        assert [warning.value for warning in at.warning] == [nb("coverage.record.gone")]


def test_back_leads_to_the_coverage_page(world):
    ids = _ids(world)
    at = record("koordinator", person=str(ids["Ragnhild Sæther"]))
    at.button(key="coverage_record_back").click().run()
    ok(at)
    assert "person" not in at.query_params
    assert nb("coverage.intro") in [caption.value for caption in at.caption]


def test_the_search_links_a_person_and_a_unit_to_their_record(world):
    ids = _ids(world)
    for query, name, key in (
        ("Ragnhild Sæter", "Ragnhild Sæther", "person"),
        ("Asker", "Asker kommune", "unit"),
    ):
        at = page_test("pages/search.py", username="leser")
        at.query_params["q"] = query
        at.run()
        ok(at)
        (table,) = at.dataframe
        rows = table.value
        hit = rows[rows["title"] == name].iloc[0]
        assert hit["link"] == f"coverage?{key}={ids[name]}"
