"""Look-alike names (security review #31): a name that reads like one already registered (bidi
isolates around it, a zero width space in it, another case or full-width letters) is refused as the
same name, through the directory's services and through an import, on SQLite and PostgreSQL; names
with Norwegian and Sami letters, and emoji, are kept as written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from osloreg.enums import UnitKind
from osloreg.importer import Kind, merge_errors, parse_upload
from osloreg.models import Person, Unit
from osloreg.services import directory
from osloreg.services.base import SYSTEM, ValidationFailed
from osloreg.services.imports import ImportRefused, import_rows
from tests.factories import make_person, make_unit

MUNI = UnitKind.MUNICIPALITY
# Each reads as "Oslo kommune" (or as it, with a space where a zero width space was).
LOOK_ALIKES = {
    "zero width space": "Oslo\u200bkommune",
    "case and spacing": "  OSLO   kommune ",
    "full-width letters": "\uff2f\uff53\uff4c\uff4f kommune",
    "soft hyphen and word joiner": "Os\u00adlo\u2060 kommune",
    "byte order mark": "\ufeffOslo kommune",
}


def _refusal(call) -> tuple[str, dict]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.key, caught.value.params


def _units(session: Session) -> int:
    count = session.scalar(select(func.count()).select_from(Unit))
    session.rollback()
    return count


def test_a_unit_name_that_reads_like_one_registered_is_taken(session: Session):
    oslo = directory.create_unit(session, actor=SYSTEM, kind=MUNI, name="Oslo kommune").id
    before = _units(session)
    for what, name in LOOK_ALIKES.items():
        refusal = _refusal(
            lambda name=name: directory.create_unit(session, actor=SYSTEM, kind=MUNI, name=name)
        )
        assert refusal == ("error.unit_name_taken", {"name": "Oslo kommune"}), what
    # Direction controls are refused as such, before any comparison.
    isolated = "\u2066\u2067\u2068Oslo kommune\u2069"
    refusal = _refusal(lambda: directory.create_unit(session, actor=SYSTEM, kind=MUNI, name=isolated))
    assert refusal == ("error.invisible_characters", {"field": "name"})
    assert _units(session) == before
    # Renaming another unit to a look-alike is refused too; the unit keeping its own name is not.
    baerum = directory.create_unit(session, actor=SYSTEM, kind=MUNI, name="Bærum kommune").id
    session.rollback()
    expected = {"kind": MUNI, "county_level": False, "is_member": True}
    with pytest.raises(ValidationFailed) as caught:
        directory.update_unit(
            session, actor=SYSTEM, unit_id=baerum, expected=None, name="oslo\u200bKOMMUNE", **expected
        )
    assert caught.value.key == "error.unit_name_taken"
    renamed = directory.update_unit(
        session,
        actor=SYSTEM,
        unit_id=oslo,
        expected=None,
        name="Oslo  kommune",
        note="Hovedstaden",
        **expected,
    )
    assert renamed.name == "Oslo  kommune"


def test_a_name_stored_with_invisible_characters_before_still_counts(session: Session):
    # Rows written before names were checked keep their characters; a clean name is still their twin.
    make_unit(session, kind=MUNI, name="\u2066\u2067\u2068Oslo kommune\u2069")
    make_unit(session, kind=MUNI, name="Kari\u202eNordmann")
    session.commit()
    for name in ("Oslo kommune", "KariNordmann"):
        refusal = _refusal(
            lambda name=name: directory.create_unit(session, actor=SYSTEM, kind=MUNI, name=name)
        )
        assert refusal[0] == "error.unit_name_taken", name


def test_norwegian_and_sami_names_and_emoji_are_kept_as_written(session: Session):
    names = ["Kárášjohka", "Deatnu", "Guovdageaidnu", "Unjárga", "Ås kommune", "Æøå-laget 👩\u200d👩\u200d👧"]
    for name in names:
        directory.create_unit(session, actor=SYSTEM, kind=MUNI, name=name)
    stored = session.scalars(select(Unit.name).order_by(Unit.id)).all()
    session.rollback()
    assert stored[-len(names) :] == names
    # The same letters decomposed (as some keyboards send them) are the same name.
    refusal = _refusal(
        lambda: directory.create_unit(session, actor=SYSTEM, kind=MUNI, name="Ka\u0301ra\u0301s\u030cjohka")
    )
    assert refusal[0] == "error.unit_name_taken"


def test_an_import_refuses_look_alikes_of_registered_names_and_of_its_own_rows(session: Session):
    make_unit(session, kind=MUNI, name="Oslo kommune")
    make_person(session, name="Kari Nordmann", email="kari@example.no")
    session.commit()
    lines = ["Type;Navn"] + [f"kommune;{name}" for name in LOOK_ALIKES.values()]
    lines += ["kommune;\u2066\u2067\u2068Oslo kommune\u2069", "kommune;Kárášjohka", "kommune;KÁRÁŠJOHKA"]
    parsed = parse_upload(Kind.UNITS, ("\r\n".join(lines) + "\r\n").encode())
    with pytest.raises(ImportRefused) as caught:
        import_rows(session, actor=SYSTEM, kind=Kind.UNITS, rows=parsed.rows, file_name="enheter.csv")
    errors = merge_errors(parsed.errors, caught.value.params["errors"])
    assert [(e.row, e.key) for e in errors] == [
        *[(row, "import.error.duplicate_in_database") for row in range(2, 2 + len(LOOK_ALIKES))],
        (7, "error.invisible_characters"),
        (9, "import.error.duplicate_in_file"),
    ]
    persons = parse_upload(Kind.PERSONS, "Navn;E-post\r\nKari\u200bNordmann;KARI@example.no\r\n".encode())
    with pytest.raises(ImportRefused) as caught:
        import_rows(session, actor=SYSTEM, kind=Kind.PERSONS, rows=persons.rows, file_name="personer.csv")
    assert [(e.row, e.key) for e in caught.value.params["errors"]] == [
        (2, "import.error.duplicate_in_database")
    ]
    assert session.scalar(select(func.count()).select_from(Person)) == 1
