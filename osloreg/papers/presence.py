"""The protokoll's attendance in words: who met and for whom, forfall, inhabil per item, vedtaksførhet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from osloreg.enums import DisqualificationStatus
from osloreg.i18n import DEFAULT_LANGUAGE, case_label, translate
from osloreg.papers.model import Attendee, Group, Presence
from osloreg.papers.reads import AgendaRow, AttendanceRow, MeetingRow, agenda_rows, attendance, meeting_row
from osloreg.queries.attendance import Roster, item_quorums, roster
from osloreg.queries.common import optional_int
from osloreg.rules.attendance import Span

# Norwegian alphabetical order without a locale (the databases' collations differ): æ, ø, å after z.
_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def _by_name(people: list[Attendee]) -> tuple[Attendee, ...]:
    return tuple(sorted(people, key=lambda person: person.person.casefold().translate(_NORWEGIAN)))


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def item_labels(rows: Sequence[AgendaRow]) -> dict[int, str]:
    """Position -> how a sentence names the item: its case number in the body ("12/24") where it has
    one, else its place on the agenda ("3")."""
    return {
        row.position: case_label(row.number, row.year)
        if row.number is not None and row.year is not None
        else str(row.position)
        for row in rows
    }


class Words:
    """The sentences' words in one language, naming items by their labels."""

    def __init__(self, language: str, labels: dict[int, str], positions: Sequence[int]) -> None:
        self.language = language
        self.labels = labels
        self.positions = sorted(positions)

    def __call__(self, key: str, **params: object) -> str:
        return translate(key, self.language, **params)

    def item(self, position: int) -> str:
        return self("papers.item_number", number=self.labels.get(position, str(position)))

    def items(self, covered: list[int]) -> str:
        if len(covered) == 1:
            return self.item(covered[0])
        first, last = (self.labels.get(p, str(p)) for p in (covered[0], covered[-1]))
        return self("papers.item_range", first=first, last=last)

    def covered(self, span: Span | None) -> list[int]:
        """The items of the agenda a forfall covers, in order ([] for none, or no forfall)."""
        return [p for p in self.positions if span.covers(p)] if span is not None else []

    def misses_all(self, span: Span | None) -> bool:
        return span is not None and (span.whole or self.covered(span) == self.positions)

    def away(self, span: Span | None) -> str:
        """A member there for part of the meeting: "til stede fra sak 13/24", "forlot møtet etter sak
        12/24", "fraværende under sak 12/24"; "" if they were there throughout."""
        covered = self.covered(span)
        if not covered or covered == self.positions:
            return ""
        if covered[0] == self.positions[0]:
            return self("papers.present_from", item=self.item(self.positions[len(covered)]))
        if covered[-1] == self.positions[-1]:
            return self("papers.left_after", item=self.item(self.positions[-len(covered) - 1]))
        return self("papers.away_during", items=self.items(covered))

    def stood_in(self, member_span: Span | None) -> str:
        """A vara who met while the member was away for part of the meeting: the items the vara was
        there for; "" if they met for the whole meeting."""
        covered = self.covered(member_span)
        if not covered or covered == self.positions:
            return ""
        if covered[-1] == self.positions[-1]:
            return self("papers.present_from", item=self.item(covered[0]))
        if covered[0] == self.positions[0]:
            return self("papers.left_after", item=self.item(covered[-1]))
        return self("papers.present_during", items=self.items(covered))

    def ground(self, ground: str) -> str:
        label = self(f"inhabil_ground.{ground}")
        # The catalogue's label opens a line ("Forvaltningsloven § 6 ..."); after "jf." a Norwegian
        # sentence goes on in lower case, as the law's name is written mid-sentence.
        return label[:1].lower() + label[1:] if self.language == "nb" else label


def _spans(found: Roster) -> dict[int, Span]:
    return {
        int(row.person_id): Span(optional_int(row.from_position), optional_int(row.to_position))
        for row in found.absences.itertuples()
    }


def _groups(found: Roster, recorded: list[AttendanceRow], words: Words) -> tuple[Group, ...]:
    spans = _spans(found)
    seat_units = {int(row.person_id): _text(row.unit) for row in found.members.itertuples()}
    vara_units = {vara.person_id: found.unit_names.get(vara.unit_id, "") for vara in found.varas}
    members, absent, substitutes, others = [], [], [], []
    listed: set[int] = set()
    for row in recorded:
        listed.add(row.person_id)
        unit = row.unit or seat_units.get(row.person_id) or vara_units.get(row.person_id, "")
        span = spans.get(row.person_id)
        if not row.present or (span is not None and not span.whole and words.misses_all(span)):
            absent.append(Attendee(row.person, unit))
        elif row.met_for_id is not None:
            substitutes.append(
                Attendee(row.person, unit, words.stood_in(spans.get(row.met_for_id)), row.met_for)
            )
        elif row.person_id in found.member_ids:
            members.append(Attendee(row.person, unit, words.away(span)))
        elif row.person_id in vara_units:  # a vara recorded without the member they met for
            substitutes.append(Attendee(row.person, unit, words.away(span)))
        else:
            others.append(Attendee(row.person, unit))
    # Forfall reported but not in the recorded attendance (all of them while none is recorded).
    for row in found.absences.itertuples():
        person_id = int(row.person_id)
        if person_id in listed:
            continue
        listed.add(person_id)
        covered = words.covered(spans[person_id])
        partly = covered and not words.misses_all(spans[person_id])
        note = words("papers.forfall_during", items=words.items(covered)) if partly else ""
        absent.append(Attendee(row.person, _text(row.unit), note))
    # A member a vara met for, where neither attendance nor a forfall names them.
    for row in recorded:
        if row.present and row.met_for_id is not None and row.met_for_id not in listed:
            listed.add(row.met_for_id)
            absent.append(Attendee(row.met_for, seat_units.get(row.met_for_id) or row.unit))
    two = (words("papers.person"), words("papers.unit"))
    nobody = "papers.nobody_present" if not recorded else "papers.no_member_present"
    groups = [
        Group(words("papers.members_present"), two, _by_name(members), "" if members else words(nobody)),
        Group(words("papers.absent"), two, _by_name(absent), "" if absent else words("papers.nobody_absent")),
    ]
    if substitutes:
        columns = (*two, words("papers.attended_for"))
        groups.append(Group(words("papers.substitutes_present"), columns, _by_name(substitutes)))
    if others:
        groups.append(Group(words("papers.others_present"), two, _by_name(others)))
    return tuple(groups)


def presence(session: Session, meeting: MeetingRow, rows: Sequence[AgendaRow], language: str) -> Presence:
    """What the protokoll says of attendance, from the recorded attendance, the standing forfall and
    the standing inhabilitet: vedtaksførhet only once attendance is recorded (a protokoll states what
    happened, not what was expected), and only for a body with a rule."""
    found = roster(session, meeting_id=meeting.id, with_forecast=False)  # the protokoll tells no forecast
    recorded = attendance(session, meeting)
    words = Words(language, item_labels(rows), found.positions)
    by_item: dict[int, list[str]] = defaultdict(list)
    for row in found.inhabil.itertuples():
        key = (
            "papers.inhabil_decided"
            if row.status == DisqualificationStatus.DECIDED
            else "papers.inhabil_declared"
        )
        by_item[int(row.position)].append(words(key, person=row.person, ground=words.ground(row.ground)))
    quorum = ""
    ruled = [
        found_item for found_item in (item_quorums(session, found) if recorded else []) if found_item.quorum
    ]
    for item in ruled:
        if not item.quorum.met:
            by_item[item.position].append(
                words("papers.not_quorate_item", present=item.quorum.present, members=item.quorum.members)
            )
    if ruled:
        failed = [words.item(item.position) for item in ruled if not item.quorum.met]
        quorum = words("papers.not_quorate", items=", ".join(failed)) if failed else words("papers.quorate")
    return Presence(
        groups=_groups(found, recorded, words),
        quorum=quorum,
        by_item={position: tuple(lines) for position, lines in by_item.items()},
    )


def meeting_presence(session: Session, meeting_id: int, *, language: str = DEFAULT_LANGUAGE) -> Presence:
    """The protokoll's attendance of a meeting, as the meeting page shows it beside the paper.
    Raises MeetingNotFound for an unknown meeting."""
    meeting = meeting_row(session, meeting_id)
    return presence(session, meeting, agenda_rows(session, meeting), language)
