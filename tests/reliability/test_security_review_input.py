"""The security review's typed-text attempts re-run with its own values through the services, on SQLite
and PostgreSQL: look-alike and direction-controlled names (#31) and the input's link field (#33)."""

from __future__ import annotations

import sqlalchemy as sa

from osloreg.enums import UnitKind
from osloreg.models import Input, Person, Unit
from osloreg.services import directory
from osloreg.services.base import SYSTEM, DomainError
from tests.integration.services.test_advice_services import _input, world  # noqa: F401 - the fixture

# The review's values: a person with an RTL override and a zero-width space, and "Oslo kommune"
# wrapped in bidi isolates beside the real one.
RTL_PERSON = "Kari\u202eNordmann\u200b"
ISOLATED_OSLO = "\u2066\u2067\u2068Oslo kommune\u2069"


def _refusal(call) -> str:
    try:
        call()
    except DomainError as refused:
        return refused.key
    return "STORED"


def _count(session, model, column, value) -> int:
    try:
        return session.scalar(sa.select(sa.func.count()).select_from(model).where(column == value))
    finally:
        session.rollback()


def test_31_direction_controls_and_invisible_characters_make_no_look_alike_name(session, figures):
    directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, name="Oslo kommune")
    units_before = _count(session, Unit, sa.true(), True)
    unit = _refusal(
        lambda: directory.create_unit(session, actor=SYSTEM, kind=UnitKind.MUNICIPALITY, name=ISOLATED_OSLO)
    )
    person = _refusal(lambda: directory.create_person(session, actor=SYSTEM, name=RTL_PERSON))
    units_after = _count(session, Unit, sa.true(), True)
    people = _count(session, Person, Person.name, RTL_PERSON)
    figures.record(
        f"{session.get_bind().dialect.name}: isolated 'Oslo kommune' {unit}, RTL-override person {person}; "
        f"units {units_before} -> {units_after}, such persons stored {people}"
    )
    assert unit.startswith("error.") and person.startswith("error.")
    assert units_after == units_before and people == 0


def test_33_the_inputs_link_field_refuses_script_data_and_attribute_breaking_addresses(
    session,
    world,  # noqa: F811 - the fixture imported above
    figures,
):
    links = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", 'https://a/"onmouseover="x')
    verdicts = {link: _refusal(lambda link=link: _input(session, world, link=link)) for link in links}
    stored = _count(session, Input, sa.true(), True)
    good = _input(session, world, link="https://www.osloregionen.no/prosjekter")
    figures.record(
        f"{session.get_bind().dialect.name}: "
        + "; ".join(f"{link[:20]}...: {key}" for link, key in verdicts.items())
        + f"; inputs stored by them {stored}; an https link {'stored' if good.link else 'LOST'}"
    )
    assert all(key in ("error.link_scheme", "error.link_invalid") for key in verdicts.values()), verdicts
    assert stored == 0 and good.link == "https://www.osloregionen.no/prosjekter"
