"""What is published (the public view, the static site, the OParl API without a token): pure rules.

Styret and representantskapet are folkevalgte organer whose meetings are open by law (kommuneloven
§ 11-5); their saksliste is public once the innkalling is sent, the vedtak once made, the protokoll
once the secretariat has published it after approval. Nothing of the other bodies is published, and
nothing of any body's inputs, advice or draft protokoll. An item treated behind closed doors, and an
exempt document, appear only as "Unntatt offentlighet" with the legal basis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from osloreg.enums import BodyKind, ConsultationRole, DocumentKind, MeetingStatus

# The bodies whose meetings are open by law: representantskapet (the council) and styret (the board).
PUBLIC_BODY_KINDS = frozenset({BodyKind.COUNCIL, BodyKind.BOARD})
# A meeting's saksliste is public from the innkalling on (before it, it is the secretariat's draft).
AGENDA_PUBLIC_STATUSES = frozenset(
    {MeetingStatus.CALLED, MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED}
)
# A vedtak is public once the meeting has taken place and the result is recorded.
RESULTS_PUBLIC_STATUSES = frozenset({MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.PUBLISHED})
# The protokoll, once the secretariat has published it after its approval ("Publiser protokoll").
MINUTES_PUBLIC_STATUSES = frozenset({MeetingStatus.PUBLISHED})
# The texts a public body's treatment publishes: its innstilling and its vedtak.
PUBLISHED_TEXT_ROLES = frozenset({ConsultationRole.RECOMMENDATION, ConsultationRole.DECISION})


def body_is_public(kind: str) -> bool:
    """Whether a body's meetings are published (styret and representantskapet)."""
    return kind in PUBLIC_BODY_KINDS


def agenda_is_public(status: str) -> bool:
    """Whether a public body's meeting shows its saksliste: from the innkalling on, not when cancelled."""
    return status in AGENDA_PUBLIC_STATUSES


def results_are_public(status: str) -> bool:
    """Whether a public body's meeting shows its vedtak: once it has taken place."""
    return status in RESULTS_PUBLIC_STATUSES


def minutes_are_public(status: str) -> bool:
    """Whether a public body's meeting shows its protokoll: once published after approval."""
    return status in MINUTES_PUBLIC_STATUSES


# The legal basis of a closed item is a reference to a statute: it names a paragraph (§).
CLOSED_BASIS_MAX = 200
_PARAGRAPH = re.compile(r"§\s*\d")
# What a secretariat most often writes (kommuneloven § 11-5: lukking av møter); any other basis may be typed.
CLOSED_BASIS_SUGGESTIONS = (
    "kommuneloven § 11-5 andre ledd bokstav a",  # a case about an employee's service
    "kommuneloven § 11-5 andre ledd bokstav b, jf. offentleglova § 13",  # taushetsplikt
    "kommuneloven § 11-5 tredje ledd bokstav a",  # personvern
    "kommuneloven § 11-5 tredje ledd bokstav b",  # tungtveiende offentlige interesser
)


def names_a_paragraph(basis: str) -> bool:
    """Whether a closed item's basis cites a provision ("§ 11-5"), shown publicly in place of its title."""
    return bool(_PARAGRAPH.search(basis))


def item_is_closed(closed_basis: str | None) -> bool:
    """An agenda item treated behind closed doors: its title, case and vedtak are not published."""
    return bool(closed_basis and closed_basis.strip())


@dataclass(frozen=True)
class DocumentShown:
    """How a document appears publicly: `listed` (at all), and `open` (title and file) or, when not
    open, only "Unntatt offentlighet" with `exempt_basis`."""

    listed: bool
    open: bool
    exempt_basis: str | None = None


def document_shown(
    *, kind: str, exempt_basis: str | None, removed: bool, meeting_status: str, item_closed: bool
) -> DocumentShown:
    """How one document of a public body's meeting (or of an item or case on its saksliste) appears:
    a removed one never, a protokoll only once published, one of a closed item never (the item says
    "Unntatt offentlighet"), an exempt one only as "Unntatt offentlighet" with its basis."""
    if removed or not agenda_is_public(meeting_status):
        return DocumentShown(listed=False, open=False)
    if kind == DocumentKind.MINUTES and not minutes_are_public(meeting_status):
        return DocumentShown(listed=False, open=False)
    if item_closed:
        return DocumentShown(listed=False, open=False)  # the item itself says "Unntatt offentlighet"
    if exempt_basis and exempt_basis.strip():
        return DocumentShown(listed=True, open=False, exempt_basis=exempt_basis.strip())
    return DocumentShown(listed=True, open=True)


def consultation_text_is_public(
    *, role: str, body_kind: str, meeting_status: str | None, closed: bool
) -> bool:
    """Whether a treatment's own text (innstilling or vedtak) is published: a public body's, at a
    meeting that has taken place, on an open item."""
    return (
        role in PUBLISHED_TEXT_ROLES
        and body_is_public(body_kind)
        and meeting_status is not None
        and results_are_public(meeting_status)
        and not closed
    )


def case_is_public(*, open_public_items: int, closed_items: int) -> bool:
    """Whether a case (its title, path and public texts) is published: it is on the saksliste of a
    public body's meeting that was called, and no body treated it behind closed doors (a case closed
    once keeps its title unpublished everywhere)."""
    return open_public_items > 0 and closed_items == 0
