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
    # The protokoll's sentences on who left the item as inhabil and whether the body was vedtaksfør.
    presence: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Attendee:
    person: str
    unit: str  # the unit attended for, "" if none is recorded
    note: str = ""  # "til stede fra sak 13/24": there for part of the meeting only
    met_for: str = ""  # a vara: the member they met for

    @property
    def name(self) -> str:
        """The name as a list shows it: "Kari Nordmann (til stede fra sak 13/24)"."""
        return f"{self.person} ({self.note})" if self.note else self.person


@dataclass(frozen=True)
class Group:
    """One list of the protokoll's attendance: møtende medlemmer, forfall, møtende varamedlemmer or
    andre til stede. `columns` has a third, "Møtte for", in the vara's list."""

    label: str
    columns: tuple[str, ...]
    people: tuple[Attendee, ...]
    note: str = ""  # said when no one is listed: "Ingen forfall er registrert."

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (person.name, person.unit, person.met_for)[: len(self.columns)] for person in self.people
        )


@dataclass(frozen=True)
class Presence:
    """Who met, for whom, who had forfall; per item (by position) who left it as inhabil and whether
    the body was vedtaksfør; and the meeting's vedtaksførhet in one sentence ("" where the body has
    no rule or no attendance is recorded)."""

    groups: tuple[Group, ...]
    quorum: str
    by_item: dict[int, tuple[str, ...]]


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
    attendance: tuple[Group, ...]
    quorum_label: str
    quorum: str  # "Møtet var vedtaksfør."; "" where the body has no rule or no attendance is recorded
    notes_label: str
    notes: str  # the meeting's own protokoll text, as kept on the meeting page; "" if none
    items: tuple[Item, ...]
    approval_label: str
    approval: tuple[str, ...]  # how and when the protokoll was approved, in sentences
