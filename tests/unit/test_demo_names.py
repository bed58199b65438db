"""Fictional names for the demo: reproducible, unique, never a real person's, mailed nowhere real."""

from __future__ import annotations

import random

from osloreg.demo.names import SURNAMES, NameMaker, email_for
from osloreg.demo.real_people import REAL_NAMES

REAL = set(REAL_NAMES)


def test_the_same_seed_gives_the_same_people():
    first = NameMaker(random.Random(7))
    second = NameMaker(random.Random(7))
    assert [first() for _ in range(50)] == [second() for _ in range(50)]


def test_names_are_unique_and_never_those_of_the_real_people():
    make = NameMaker(random.Random(1), avoid=REAL)
    names = [make() for _ in range(5_000)]
    assert len(set(names)) == len(names)
    assert not REAL & set(names)


def test_every_real_person_of_the_facts_file_is_avoided_and_none_lends_a_surname():
    assert {
        "Øyvind Såtvedt",
        "Eli Arnkværn Bryhni",
        "Ingar Vaskinn",
        "Eva Næss Karlsen",
        "Målfrid Baik",
    } <= REAL
    real_surnames = {part for name in REAL for part in name.split()[1:]}
    assert not real_surnames & set(SURNAMES)
    make = NameMaker(random.Random(2), avoid=REAL)
    assert not [name for name in (make() for _ in range(5_000)) if real_surnames & set(name.split())]


def test_a_name_already_taken_is_not_handed_out():
    taken = NameMaker(random.Random(3))()
    assert NameMaker(random.Random(3), avoid={taken})() != taken


def test_email_addresses_are_ascii_in_the_reserved_example_domain():
    address = email_for("Åse Bjørg Ødegård Sæther", 42)
    assert address == "aase.bjorg.odegaard.saether.42@example.org"
    assert address.isascii()
