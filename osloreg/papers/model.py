"""What the papers say, in words and without layout: the innkalling's and the protokoll's content."""

from __future__ import annotations

from dataclasses import dataclass


class MeetingNotFound(LookupError):
    """There is no meeting with the id asked for."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__(f"there is no meeting with id {meeting_id}")
        self.meeting_id = meeting_id


@dataclass(frozen=True)
class Line:
    """A labelled text: "Saksansvarlig" / "Øyvind Såtvedt"."""

    label: str
    text: str


@dataclass(frozen=True)
class Item:
    """One item of the saksliste as a paper shows it: "Sak 48/20" (None for an unnumbered line such
    as Eventuelt), its title, and what the paper says under it."""

    number: str | None
    title: str
    lines: tuple[Line, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Attendee:
    person: str
    unit: str  # the unit attended for, "" if none is recorded


@dataclass(frozen=True)
class Header:
    """What both papers open with: the paper's kind, its title, and the meeting's facts."""

    language: str
    kind: str  # "Møteinnkalling"
    title: str  # "Møteinnkalling – Styret 11.09.2020"
    facts: tuple[Line, ...]  # Organ, Møte, Tid, Sted
    agenda_label: str


@dataclass(frozen=True)
class NoticeContent:
    header: Header
    items: tuple[Item, ...]
    documents_label: str
    documents: tuple[str, ...]  # "Sak 48/20 – Saksframlegg: Revidert mandat ..."
    documents_note: str  # no documents, or how many are exempt and left out; "" otherwise


@dataclass(frozen=True)
class MinutesContent:
    header: Header
    present_label: str
    absent_label: str
    columns: tuple[str, str]  # Navn, Møtte for
    present: tuple[Attendee, ...]
    absent: tuple[Attendee, ...]
    present_note: str  # "" when someone is listed
    absent_note: str
    notes_label: str
    notes: str  # the meeting's own protokoll text, as kept on the meeting page; "" if none
    items: tuple[Item, ...]
    approval_label: str
    approval: tuple[str, ...]  # how and when the protokoll was approved, in sentences
