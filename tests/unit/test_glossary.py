"""Every message of the catalogue keeps to the glossary: one agreed term per concept, no forbidden words."""

from __future__ import annotations

import pytest

from osloreg.i18n import catalogue
from osloreg.i18n.glossary import BOKMAL, ENGLISH, RULES, Term, offences


def _report(language: str) -> str:
    found = offences({key: texts[language] for key, texts in catalogue().items()}, RULES[language])
    return "\n".join(str(offence) for offence in found)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_message_keeps_to_the_glossary(language):
    report = _report(language)
    if report:
        pytest.fail(f"messages that use a forbidden word ({language}):\n{report}", pytrace=False)


@pytest.mark.parametrize(
    ("text", "agreed"),
    [
        ("saksbehandler: Øyvind Såtvedt", "saksansvarlig"),
        ("Finn saksbehandleren", "saksansvarlig"),
        ("Det vedtakende organet har behandlet saken", "vedtaksorgan"),
        ("Lenke (valgfri)", "(valgfritt)"),
        ("Strategipunkter rådet støtter", "Delmål"),
        ("Strategisk område", "Innsatsområde"),
        ("Politisk tema", "interessepolitisk sak"),
        ("Velg prosjekt, sak, møte eller politikkområde.", "interessepolitisk sak"),
        ("grunnlag: kildebelagt", "Kilde: dokumentert / usikker / fiktiv (demo)"),
        ("Uker i ro", "Uker uten behandling"),
        ("Adressen må ha et post-nummer", "ID-nummer"),
        ("Tilstand", "Status"),
        ("Dager ventet", "Dager i kø"),
        ("Dager på vent", "Dager i kø"),
        ("delregionene, medlemsfylkene og Oslo", "fylkeskommunene som er medlemmer"),
        ("Gruppe", "Faggruppe"),
        ("Be en administrator koble den til deg.", "be … om å koble"),
        ("Handlingsplanen for 2025", "handlingsprogram"),
    ],
)
def test_the_glossary_finds_the_words_the_review_named(text, agreed):
    found = offences({"example": text}, BOKMAL)
    assert [offence.term.agreed for offence in found] == [agreed]


def test_the_glossary_finds_the_english_the_review_named():
    texts = {
        "a": "No treatment is planned; the case has not been treated yet.",
        "b": "The director decided the advice on 11/09/2020.",
        "c": "Take back",
        "d": "The database refused the import on the way.",
        "e": "Goes on as a member",
    }
    assert sorted(offence.key for offence in offences(texts, ENGLISH)) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    "text",
    [
        "saksansvarlig: Øyvind Såtvedt",
        "✓ Styret (vedtaksorgan)",
        "Lenke (valgfritt)",
        "Delmål rådet støtter",
        "Interessepolitisk sak",
        "kilde: dokumentert",
        "Dager i kø",
        "Faggruppens leder eller nestleder",
        "Be en administrator om å koble den til deg.",
        "Sendt tilbake",
        "Trekk innspillet tilbake",
    ],
)
def test_the_agreed_words_pass(text):
    assert offences({"example": text}, [*BOKMAL, *ENGLISH]) == []


def test_every_term_says_what_to_write_and_why():
    for term in (*BOKMAL, *ENGLISH):
        assert isinstance(term, Term) and term.agreed.strip() and term.why.strip(), term
