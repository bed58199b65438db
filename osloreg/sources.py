"""A fact's basis and source in words a reader understands ("Kilde: dokumentert · Saksframlegg 48/20")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from osloreg.i18n import DEFAULT_LANGUAGE, translate

# A stored source is a list of references separated by ";": a web address ("osloregionen.no/om-oss/"),
# a case paper ("saksframlegg 48/20"), "facts:<section>" (the demo's compiled facts) or "note:<key>"
# (a remark from the catalogue). Older rows hold English prose and file paths: the known phrases are
# read as notes, paths as the compiled facts, and other prose is left out rather than shown untranslated.
_CASE_PAPER = re.compile(r"^(?:case paper|saksframlegg)\s+(\d{1,3}/\d{2})\b(.*)$", re.IGNORECASE)
_WEB = re.compile(r"^((?:[a-z0-9-]+\.)+(?:no|org|com|me|net|eu))(/\S*)?(.*)$", re.IGNORECASE)
_FILE = re.compile(r"(?:^|[\s(])(?:[\w.-]+/)+[\w.-]+\.(?:ya?ml|py|csv|json|txt)\b|^[\w.-]+\.(?:ya?ml|py)\b")
_NOTE = re.compile(r"^note:([a-z0-9_]+)$")
# Phrases older rows carry -> the note that says the same in the user's language.
LEGACY_NOTES = (
    ("time of day illustrative", "time_illustrative"),
    ("decision text paraphrased", "paraphrased"),
    ("final decision assumed", "decision_assumed"),
    ("board's decision assumed", "decision_assumed"),
    ("result inferred", "result_inferred"),
    ("result not stated", "result_not_stated"),
    ("start date illustrative", "start_illustrative"),
    ("status, dates", "status_dates_made_up"),
    ("is illustrative", "illustrative_value"),
    ("synthetic copy", "synthetic"),
)
# Titles of the public pages the demo cites, where the address alone reads poorly.
PAGE_TITLES = {
    "/om-oss/": ("Om oss", "About us"),
    "/takk-til-oyvind-og-velkommen-til-eva-som-konstituert-direktor-for-osloregionen-ipr/": (
        "Takk til Øyvind og velkommen til Eva",
        "Thanks to Øyvind and welcome to Eva",
    ),
    "/nytt-styre-i-osloregionen-ipr": ("Nytt styre i Osloregionen IPR", "New board of Osloregionen IPR"),
    "/horing-strategiske-foringer-2025-2028/": (
        "Høring: strategiske føringer 2025–2028",
        "Consultation: strategic guidelines 2025–2028",
    ),
    "/dokumenter/strategier/": ("Strategier", "Strategies"),
}


@dataclass(frozen=True)
class Reference:
    """One part of a source: kind is case_paper, web, facts or note."""

    kind: str
    value: str
    title: str = ""


def references(source: str | None) -> list[Reference]:
    """The parts of a stored source that can be put in words, in order, each once."""
    found: list[Reference] = []
    for piece in re.split(r"\s*;\s*", source or ""):
        found += _piece(piece.strip())
    unique: list[Reference] = []
    for reference in found:
        if reference not in unique:
            unique.append(reference)
    return unique


def _piece(piece: str) -> list[Reference]:
    if not piece:
        return []
    if note := _NOTE.match(piece):
        return [Reference("note", note.group(1))]
    if piece.startswith("facts:"):
        return [Reference("facts", piece.removeprefix("facts:"))]
    if paper := _CASE_PAPER.match(piece):
        return [Reference("case_paper", paper.group(1)), *_legacy_notes(paper.group(2))]
    if _FILE.search(piece):
        return [Reference("facts", "file"), *_legacy_notes(piece)]
    if web := _WEB.match(piece):
        path, rest = web.group(2) or "", web.group(3).strip()
        return [Reference("web", web.group(1).lower(), path), *_legacy_notes(rest)]
    return _legacy_notes(piece)


def _legacy_notes(text: str) -> list[Reference]:
    lowered = text.lower()
    return [Reference("note", key) for phrase, key in LEGACY_NOTES if phrase in lowered]


def _page_title(site: str, path: str, language: str) -> str:
    known = PAGE_TITLES.get(path) or PAGE_TITLES.get(path.rstrip("/") + "/")
    if known:
        return known[0] if language == "nb" else known[1]
    slug = path.strip("/").rsplit("/", 1)[-1]
    words = re.sub(r"[-_]+", " ", slug).strip()
    return words[:1].upper() + words[1:] if words else ""


def time_made_up(source: str | None) -> bool:
    """The source gives the day but not the hour: the stored time of day is made up (the five sourced
    meetings of 2020 sit at 10:00-13:00 because the case paper names only their dates)."""
    # A table's missing source arrives as NaN, not None.
    return isinstance(source, str) and Reference("note", "time_illustrative") in references(source)


def describe_source(source: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The source in words: "Saksframlegg 48/20 · osloregionen.no (Om oss)"; never a file path."""
    words: list[str] = []
    for reference in references(source):
        if reference.kind == "case_paper":
            words.append(translate("source.case_paper", language, number=reference.value))
        elif reference.kind == "web":
            title = _page_title(reference.value, reference.title, language)
            words.append(f"{reference.value} ({title})" if title else reference.value)
        elif reference.kind == "facts":
            words.append(translate("source.facts", language))
        else:
            text = translate(f"source.note.{reference.value}", language)
            if text != f"source.note.{reference.value}":  # an unknown note is left out, not shown as a key
                words.append(text)
    return " · ".join(words)


def describe_basis(basis: str | None, source: str | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """ "Kilde: dokumentert – Saksframlegg 48/20", or "Kilde: fiktiv (demo)" alone."""
    if not basis:
        return ""
    words = translate(f"source.basis.{basis}", language)
    described = describe_source(source, language)
    return f"{words} – {described}" if described else words


def describe_notice_basis(basis: str | None, source: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """A body's notice period's basis: "Kilde: Reglement for styret § 4", or "Satt av administrator: <reason>"
    for a period no source gives (stored as illustrative). Its source is free text, not references."""
    if not basis:
        return ""
    return translate(f"meeting.cycle.notice_basis.{basis}", language, source=source or "–")
