"""Search on SQLite and PostgreSQL: who finds what (a member never finds another group's draft advice,
a viewer no exempt document, nor its title or text), and typed search syntax neither errors nor widens
what is found. Rows are made by the factories and committed: the commit fills the index."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from osloreg.clock import oslo_today as today
from osloreg.enums import AdviceState, DocumentKind, Role
from osloreg.models import Input
from osloreg.queries.search import search
from osloreg.services.base import Actor
from tests.factories import (
    days,
    make_advice,
    make_body,
    make_case,
    make_input,
    make_meeting,
    make_membership,
    make_person,
    now,
)
from tests.integration.services.document_world import make_document


def actor(role: str, person_id: int | None = None) -> Actor:
    return Actor(user_id=None, username=role, roles=frozenset({role}), person_id=person_id)


def found(session: Session, who: Actor, text: str, **options) -> list[tuple[str, int]]:
    results = search(session, actor=who, text=text, limit=50, **options)
    session.rollback()
    return [(hit.kind, hit.entity_id) for hit in results.hits]


@dataclass
class Drafts:
    ours: int
    theirs: int
    submitted: int
    member: Actor  # sits in "our" group today
    former: Actor  # sat in our group, no longer


@pytest.fixture
def drafts(session: Session) -> Drafts:
    ours, theirs = make_body(session, name="Faggruppe A"), make_body(session, name="Faggruppe B")
    seat = make_membership(session, body=ours, start_on=today() - days(100))
    gone = make_membership(session, body=ours, start_on=today() - days(400), end_on=today() - days(1))
    text = "Anbefaling om bredbåndsutbygging i distriktene."
    mine = make_advice(session, body=ours, title="Bredbånd: vårt utkast", recommendation=text)
    other = make_advice(session, body=theirs, title="Bredbånd: deres utkast", recommendation=text)
    sent = make_advice(session, body=theirs, state=AdviceState.SUBMITTED, title="Bredbånd: sendt")
    session.commit()
    return Drafts(
        mine.id,
        other.id,
        sent.id,
        actor(Role.MEMBER, seat.person_id),
        actor(Role.MEMBER, gone.person_id),
    )


def advice_found(session: Session, who: Actor) -> set[int]:
    return {entity for kind, entity in found(session, who, "bredbånd") if kind == "advice"}


def test_a_member_finds_their_own_groups_draft_and_submitted_advice_but_not_another_groups_draft(
    session, drafts
):
    assert advice_found(session, drafts.member) == {drafts.ours, drafts.submitted}


def test_a_former_member_a_viewer_and_the_director_find_no_draft(session, drafts):
    for who in (drafts.former, actor(Role.VIEWER), actor(Role.DIRECTOR)):
        assert advice_found(session, who) == {drafts.submitted}, who


def test_the_secretariat_finds_every_draft(session, drafts):
    every = {drafts.ours, drafts.theirs, drafts.submitted}
    assert advice_found(session, actor(Role.COORDINATOR)) == every
    assert advice_found(session, actor(Role.ADMIN)) == every


def test_drafts_do_not_leak_through_the_total_or_a_later_page(session, drafts):
    results = search(session, actor=drafts.member, text="utkast bredbånd", limit=1)
    later = search(session, actor=drafts.member, text="utkast bredbånd", limit=1, offset=1)
    session.rollback()
    assert results.total == 1 and later.hits == []


@dataclass
class Papers:
    public: int
    exempt: int
    member: Actor  # sits in the body whose meeting holds the exempt paper


@pytest.fixture
def papers(session: Session) -> Papers:
    body = make_body(session, name="Styret")
    seat = make_membership(session, body=body, start_on=today() - days(30))
    meeting = make_meeting(session, body=body)
    public = make_document(session, title="Budsjett for sykkelveier", meeting_id=meeting.id)
    exempt = make_document(
        session,
        title="Forhandlingsnotat om tomtekjøp",
        meeting_id=meeting.id,
        kind=DocumentKind.ATTACHMENT,
        exempt_basis="offentleglova § 23",
        content=b"%PDF-1.4\n% kjoepesum\ntrailer<<>>\n%%EOF\n",
    )
    session.commit()
    return Papers(public.id, exempt.id, actor(Role.MEMBER, seat.person_id))


def test_a_viewer_finds_the_public_document_but_not_the_exempt_one_by_its_title(session, papers):
    viewer = actor(Role.VIEWER)
    assert found(session, viewer, "sykkelveier") == [("document", papers.public)]
    assert found(session, viewer, "forhandlingsnotat") == []
    assert found(session, viewer, "tomtekjøp forhandlingsnotat", kinds=["document"]) == []


def test_the_secretariat_and_a_member_of_the_body_find_the_exempt_document(session, papers):
    for who in (actor(Role.COORDINATOR), actor(Role.DIRECTOR), papers.member):
        assert found(session, who, "forhandlingsnotat") == [("document", papers.exempt)], who
    outsider = make_person(session)
    session.commit()
    assert found(session, actor(Role.MEMBER, outsider.id), "forhandlingsnotat") == []


def test_a_withdrawn_input_is_not_found(session):
    kept = make_input(session, text="Vi støtter tunnelprosjektet.")
    withdrawn = make_input(session, text="Vi trekker tunnelprosjektet.", withdrawn_at=now())
    later = make_input(session, text="Gammelt innspill om tunnelprosjektet.")
    session.commit()
    assert ("input", later.id) in found(session, actor(Role.VIEWER), "tunnelprosjektet")
    session.get(Input, later.id).withdrawn_at = now()
    session.commit()
    hits = found(session, actor(Role.VIEWER), "tunnelprosjektet")
    assert hits == [("input", kept.id)], (withdrawn.id, later.id)


HOSTILE = [
    '"',
    '""',
    "*",
    "bredbånd*",
    "NEAR(",
    "NEAR(bredbånd utkast, 2)",
    "bredbånd OR deres",
    "bredbånd AND NOT sendt",
    "-bredbånd",
    "bredbånd -sendt",
    ":",
    "title_words: bredbånd",
    "{title_words text_words}: bredbånd",
    "draft_body_id:1",
    "'",
    "bredbånd' OR '1'='1",
    "'; DROP TABLE search_documents; --",
    "\\",
    "bredbånd\\",
    "bredbånd & !sendt",
    "bredbånd | deres",
    "bredbånd <-> utkast",
    "^bredbånd",
    "\x00bredbånd\x00",
    "🤖 bredbånd 🎉",
    "bredbånd " * 2000,
    "x" * 10_000,
    "Ｂｒｅｄｂåｎｄ",
    # Letters, digits and marks of other kinds: each word must stay one term to the full-text index
    # (a term it split in two would be a phrase, which the index refuses).
    "bre\u0301dbånd",
    "İstanbul bredbånd",
    "ǅemal ᾼ ﬁ ß",
    "x²y Ⅻ ٤٨/٢٠",
    "ไทย 中文字 𝐛𝐫𝐞𝐝",
    "bred\u00adbånd bred\u200bbånd",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:30]))
def test_typed_syntax_never_errors_and_never_finds_another_groups_draft(session, drafts, text):
    hits = found(session, drafts.member, text)
    assert ("advice", drafts.theirs) not in hits
    viewer_hits = found(session, actor(Role.VIEWER), text)
    assert {("advice", drafts.ours), ("advice", drafts.theirs)}.isdisjoint(viewer_hits)


def test_operators_are_read_as_words_not_as_syntax(session, drafts):
    # "OR" is a plain word here, looked for like any other, so nothing has it.
    assert found(session, actor(Role.COORDINATOR), "bredbånd OR deres") == []
    # A minus is a separator, not NOT: the submitted advice is still found.
    assert ("advice", drafts.submitted) in found(session, actor(Role.COORDINATOR), "bredbånd -sendt")


def test_a_case_number_ranks_its_case_first(session):
    body = make_body(session, name="Styret for Osloregionen")
    numbered = make_case(session, year=2020, number=48, numbered_by=body, title="Revidert mandat")
    make_case(session, year=2020, title="Mandat for 48 nye ting i 20 kommuner")
    session.commit()
    for text in ("48/20", "48 / 20", "sak 48/20", f"{numbered.reg_year}/{numbered.reg_number}"):
        assert found(session, actor(Role.VIEWER), text)[0] == ("case", numbered.id), text
