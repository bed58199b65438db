"""The agreed terms of the app and the words that must not stand in their place (bokmål and English)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One rule: write `agreed`, never what `forbidden` (a case-insensitive regular expression) finds."""

    agreed: str
    forbidden: str
    why: str

    def found(self, text: str) -> list[str]:
        """The forbidden words in `text`, as written there."""
        return [match.group(0) for match in re.finditer(self.forbidden, text, re.IGNORECASE)]


# From the domain review of December 2026, section 5.2, and the case paper's own words. A pattern
# anchored with ^…$ holds the whole message: a short label such as "Gruppe" is wrong on its own, but
# the word is right inside a sentence ("gruppens leder").
BOKMAL: tuple[Term, ...] = (
    Term("saksansvarlig", r"\bsaksbehandler\w*", "the case paper's label for the case officer"),
    Term("vedtaksorgan", r"\bvedtakende\b|\bvedtar\b", "one word for the body that decides a case"),
    Term("Forberedende behandling", r"^forberedelse$", "the role of a body that prepares a case"),
    Term("(valgfritt)", r"\(valgfri\b", "one form for an optional field, whatever its gender"),
    Term("Innsatsområde", r"\bstrategiske? områder?\w*\b", "the strategy's areas are innsatsområder"),
    Term("Delmål", r"\bstrategipunkt\w*", "the strategy's aims are delmål; 'punkt 3' is an area"),
    Term(
        "interessepolitisk sak",
        r"\bpolitiske? tema\w*|\bpolitikkområde\w*|\btema(et|er|ene)?\b",
        "one name for the policy matters advice can be about (the paper: interessepolitisk arbeid)",
    ),
    Term(
        "Kilde: dokumentert / usikker / fiktiv (demo)",
        r"\bgrunnlag\b|\bkildebelagt\b|\billustrasjon\w*",
        "'grunnlag' reads as beslutningsgrunnlag; the basis words are adjectives",
    ),
    Term("fylkeskommunene som er medlemmer", r"\bmedlemsfylke\w*", "the member is the county council"),
    Term("en kommune med fylkeskommunale oppgaver", r"\bsitt eget fylke\b", "Oslo is not a fylke of its own"),
    Term("saksgangen", r"\bveien (de går|sin)\b", "the path of a case is its saksgang"),
    Term(
        "handlingsprogram", r"\bhandlingsplan\w*", "Osloregionen's yearly plan is its årlige handlingsprogram"
    ),
    Term("Medlemskap som utløper", r"\bperioder som slutter\b", "terms of membership expire"),
    Term("Faggruppe", r"^gruppe$|^alle grupper$", "a column or field that names an expert group"),
    Term("Endringslogg (per post) / Revisjonslogg (hele loggen)", r"^historikk\b", "one name per log"),
    Term("Revisjonslogg", r"\brevisjonsspor\w*|\bsporet\b", "the whole log has one name"),
    Term("Status", r"\btilstand\w*|\bhvor (er|står) saken\b", "where a record stands is its status"),
    Term("Dager i kø", r"\bdager (ventet|på vent)\b", "one name for the days advice has waited"),
    Term("Vedtak / merknad", r"\bmerknad til resultatet\b", "one name for a result's text"),
    Term("be … om å koble", r"\bbe (en|et|ei) \w+ koble\b", "'be noen om å gjøre noe'"),
    Term("kontakt driften", r"\bkontakt drift\b", "definite form, as elsewhere"),
    Term("Innsender", r"\bforfatter\w*", "who gave input or advice"),
    Term("Uker uten behandling", r"\bi ro\b", "'i ro' is not said of a case"),
    Term("Må settes opp på nytt", r"\bventer på ny plan\b", "a case that was sent back or postponed"),
    Term("Legg til en behandling", r"\bbehandling til$", "adds a step to the saksgang"),
    Term("Hvert møte har en fast ID", r"\bidentitet\b", "a calendar entry's fixed UID"),
    Term("Saker på sakslisten", r"\bsaker på listen\b", "the meeting's list is its saksliste"),
    Term(
        "Antall medlemmer / over maksimum", r"\bover maks\b|\bhøyst \{max\} er satt\b", "the size of a group"
    ),
    Term("Avvik / Datoer som ikke henger sammen", r"\brare datoer\b", "what the data-quality check finds"),
    Term("Dato", r"^gitt$", "the date input or advice was given"),
    Term("dager over fristen / Fristen er passert", r"\bdager over$|^passert$", "a deadline is passed"),
    Term("Eldste innsending", r"\beldste innsendt\b", "a noun, as its neighbours"),
    Term("ID-nummer", r"\bpost-nummer\b", "'post-nummer' reads as postnummer (a postcode)"),
    Term("norsk tid", r"\boslo-tid\b", "the time zone in words"),
    Term(
        "Angre registreringen / registrering angret",
        r"\b(ta|tatt)\b( \w+)? tilbake\b",
        "undoing a checkpoint",
    ),
    Term("logg brukeren ut av alle økter", r"\binnloggingene\b", "ending a user's sessions"),
    Term("ikke holdt ennå, kan ikke ha status avholdt", r"\bsom ikke har vært ennå\b", "a meeting's status"),
)

ENGLISH: tuple[Term, ...] = (
    Term(
        "consideration / considered (or handling)",
        r"\btreat(ment|ments|ed|s|ing)?\b",
        "a false friend of behandling",
    ),
    Term("decided on the advice", r"\bdecided the advice\b", "one decides on advice"),
    Term("Undo", r"\btake\b( \w+)? back\b|\btaken back\b", "undoing a checkpoint"),
    Term("partway through", r"\bon the way\b", "where the database refused an import"),
    Term("Continues as a member", r"\bgoes on as a member\b|\bgo on as a member\b", "plain English"),
)

RULES: Mapping[str, tuple[Term, ...]] = {"nb": BOKMAL, "en": ENGLISH}


@dataclass(frozen=True)
class Offence:
    """A message that uses a forbidden word."""

    key: str
    words: tuple[str, ...]
    term: Term
    text: str

    def __str__(self) -> str:
        found = ", ".join(f"«{word}»" for word in self.words)
        return f"{self.key}: {found} -> {self.term.agreed} ({self.term.why}): {self.text!r}"


def offences(messages: Mapping[str, str], terms: Iterable[Term]) -> list[Offence]:
    """Every message (key -> text) that uses a word a term forbids, in key order."""
    terms = tuple(terms)
    found: list[Offence] = []
    for key in sorted(messages):
        for term in terms:
            words = term.found(messages[key])
            if words:
                found.append(Offence(key, tuple(words), term, messages[key]))
    return found
