"""The security review's attempts at what a user types, re-run with its own values through the services
on SQLite and PostgreSQL: input on behalf of a unit (#8), look-alike and direction-controlled names
(#31) and the input's link field (#33)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from osloreg.enums import Role, SubjectType, UnitKind
from osloreg.models import Input, Person, Unit
from osloreg.queries.inputs import input_completeness
from osloreg.services import directory
from osloreg.services.base import SYSTEM, Actor, DomainError
from osloreg.services.inputs import log_input
from tests.factories import make_body, make_membership, make_person, make_unit
from tests.integration.services.test_advice_services import _input, world  # noqa: F401 - the fixture

TODAY = dt.datetime.now(ZoneInfo("Europe/Oslo")).date()  # the day the services check input on
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


def test_08_a_member_cannot_give_input_on_behalf_of_a_unit_they_do_not_represent(session, figures):
    """As the review: `medlem` represents Oslo kommune in the group and names Gjøvikregionen IPR (which
    nobody represents there) in "På vegne av"; the units that gave input, as the director sees them."""
    body = make_body(session, name="Faggruppe for næringssamarbeid")
    oslo = make_unit(session, name="Oslo kommune", county_level=True)
    gjovik = make_unit(session, kind=UnitKind.SUB_REGION, name="Gjøvikregionen IPR")
    member = Actor(
        user_id=None, username="medlem", roles=frozenset({Role.MEMBER}), person_id=make_person(session).id
    )
    make_membership(session, person=member.person_id, body=body, represents=oslo)
    body_id, oslo_id, gjovik_id = body.id, oslo.id, gjovik.id
    session.commit()

    def give(unit_id: int) -> str:
        return _refusal(
            lambda: log_input(
                session,
                actor=member,
                body_id=body_id,
                subject_type=SubjectType.POLICY,
                policy_topic="Næringspolitikk",
                unit_id=unit_id,
                text="Et innspill på vegne av en enhet.",
            )
        )

    def units_given() -> set[int]:
        try:
            done = input_completeness(
                session,
                body_id=body_id,
                subject_type=SubjectType.POLICY,
                policy_topic="Næringspolitikk",
                today=TODAY,
            )
            return {unit for unit, _ in done.given + done.not_counted}
        finally:
            session.rollback()

    other = give(gjovik_id)
    after_refusal = (_count(session, Input, Input.unit_id, gjovik_id), units_given())
    own = give(oslo_id)
    after_own = units_given()
    figures.record(
        f"{session.get_bind().dialect.name}: on behalf of Gjøvikregionen IPR {other} "
        f"(inputs stored {after_refusal[0]}, units shown {len(after_refusal[1])}); "
        f"on behalf of Oslo kommune {own.lower()}, units shown {len(after_own)}"
    )
    assert other == "error.unit_not_represented"
    assert after_refusal == (0, set())
    assert own == "STORED" and gjovik_id not in after_own
