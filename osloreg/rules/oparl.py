"""The OParl read API's pure rules: which published objects an audit event changed, and their words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from osloreg.enums import BodyKind, MembershipRole, UnitKind

# The kinds of object_changes rows: one per OParl object we keep a trail for. An agenda item takes
# its changes from its meeting and its case's paper, a consultation from its paper and its meeting
# (they are parts of those objects; queries.oparl reads them so).
MEETING, PAPER, FILE, BODY, UNIT, MEMBERSHIP, PERSON = (
    "meeting",
    "paper",
    "file",
    "body",
    "unit",
    "membership",
    "person",
)
# An event that names no object but rewrites the data (the demo, an import) changes every object.
EVERYTHING = ("all", 0)
WHOLE_DATA_ENTITIES = frozenset({"demo", "import", "restore"})
# Entity of an audit event -> the kind of the object its entity_id names.
_OWN_KIND = {
    "meeting": MEETING,
    "case": PAPER,
    "document": FILE,
    "body": BODY,
    "person": PERSON,
    "unit": UNIT,
}
# Where a body's event holds the memberships it touched: after["membership"], after["ended"], and
# each of after["handover"]'s {"ended": ...} / {"continued_as_member": ...}.
_MEMBERSHIP_KEYS = ("membership", "ended", "continued_as_member")


def changed_objects(
    entity: str, entity_id: int | None, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> frozenset[tuple[str, int]]:
    """The published objects (kind, id) one audit event changed; {EVERYTHING} for an event that
    rewrites the data; nothing for events about users, logins, advice, projects and the like."""
    if entity in WHOLE_DATA_ENTITIES:
        return frozenset({EVERYTHING})
    kind = _OWN_KIND.get(entity)
    if kind is None or entity_id is None:
        return frozenset()
    found = {(kind, int(entity_id))}
    if entity == "body":
        found |= {(MEMBERSHIP, member_id) for member_id in _membership_ids((before, after))}
    return frozenset(found)


def _membership_ids(payloads: Iterable[Mapping[str, Any] | None]) -> set[int]:
    ids: set[int] = set()
    for payload in payloads:
        if not isinstance(payload, Mapping):
            continue
        parts = [payload, *(part for part in payload.get("handover") or () if isinstance(part, Mapping))]
        for part in parts:
            for key in _MEMBERSHIP_KEYS:
                row = part.get(key)
                if isinstance(row, Mapping) and isinstance(row.get("id"), int):
                    ids.add(row["id"])
    return ids


# --- Words -------------------------------------------------------------------------------------------------

ROLE_WORDS = {
    MembershipRole.LEADER: "Leder",
    MembershipRole.DEPUTY: "Nestleder",
    MembershipRole.MEMBER: "Medlem",
    MembershipRole.SUBSTITUTE: "Varamedlem",
    MembershipRole.OBSERVER: "Observatør",
    MembershipRole.SECRETARY: "Sekretær",
}
# Who votes: members and their leader and deputy, and a vara when called in (the seat is theirs then).
VOTING_ROLES = frozenset({MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER})

BODY_WORDS = {
    BodyKind.COUNCIL: "Representantskap",
    BodyKind.BOARD: "Styre",
    BodyKind.COMMITTEE: "Utvalg",
    BodyKind.SECRETARIAT: "Sekretariat",
    BodyKind.COORDINATION_GROUP: "Koordineringsgruppe",
    BodyKind.EXPERT_GROUP: "Faggruppe",
}
UNIT_WORDS = {
    UnitKind.MUNICIPALITY: "Kommune",
    UnitKind.SUB_REGION: "Regionråd",
    UnitKind.COUNTY: "Fylkeskommune",
}
# organizationType: OParl's own words are German (Gremium, Partei, ...); ours say what it is.
BODY_TYPE, UNIT_TYPE = "Organ", "Representert enhet"


def role_words(role: str) -> str:
    return ROLE_WORDS.get(role, role)  # type: ignore[call-overload]


def body_words(kind: str) -> str:
    return BODY_WORDS.get(kind, kind)  # type: ignore[call-overload]


def unit_words(kind: str, *, county_level: bool = False) -> str:
    return "Kommune og fylkeskommune" if county_level else UNIT_WORDS.get(kind, kind)  # type: ignore[call-overload]


def closed_name(basis: str) -> str:
    """A closed item's name: that it is exempt, and on what legal basis."""
    return f"Unntatt offentlighet ({basis})"


def limit_of(text: str | None, *, default: int = 20, most: int = 100) -> int | None:
    """The page size a client asked for, capped; None if it is no whole number above zero."""
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) < 1:
        return None
    return min(int(text), most)
