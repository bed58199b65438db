"""The real people the demo may show, only in the roles and on the dates the facts file gives them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osloreg.enums import Basis, MembershipRole

# Copied from ../shared/data/osloregionen.yaml (`real_people`, `people_from_the_case_paper`, issue 14)
# until db/seed/osloregionen.yaml carries those sections; the sources are the facts file's own.
CASE_PAPER = "saksframlegg 48/20"
FAREWELL_PAGE = (
    "osloregionen.no/takk-til-oyvind-og-velkommen-til-eva-som-konstituert-direktor-for-osloregionen-ipr/"
)
SECRETARIAT = "Sekretariatet"
PROFILING_GROUP = "Faggruppe for næringssamarbeid"
# The facts give the group roles as known on the paper's date, begun "de siste årene" before it, with
# no start or end found. The demo dates them from 2019, the year the group got its present name,
# to the end of 2020, and says so: the dates are uncertain, the role is not.
GROUP_ROLE_FROM = dt.date(2019, 1, 1)
GROUP_ROLE_TO = dt.date(2020, 12, 31)


@dataclass(frozen=True)
class RealRole:
    """One sourced role of a real person, as a membership of a body."""

    body: str
    role: str
    start: dt.date
    end: dt.date
    basis: str  # of the row as a whole: uncertain where a date is
    source: str
    note: str
    represents: str | None = None


@dataclass(frozen=True)
class RealPerson:
    name: str
    title: str
    employer: str | None
    source: str
    roles: tuple[RealRole, ...]


REAL_PEOPLE: tuple[RealPerson, ...] = (
    RealPerson(
        name="Øyvind Såtvedt",
        title="direktør",
        employer="Sekretariatet for Osloregionen",
        source=f"{CASE_PAPER} ; {FAREWELL_PAGE}",
        roles=(
            RealRole(
                body=SECRETARIAT,
                role=MembershipRole.LEADER,
                # "direktør i Osloregionen i 10 år" in April 2023: about 2013, not a sourced day.
                start=dt.date(2013, 1, 1),
                end=dt.date(2023, 4, 14),  # his last working day
                basis=Basis.UNCERTAIN,
                source=f"{FAREWELL_PAGE} ; {CASE_PAPER}",
                note="note:director_until_2023",
            ),
        ),
    ),
    RealPerson(
        name="Eli Arnkværn Bryhni",
        title="daglig leder",
        employer="Hamarregionen utvikling",
        source=CASE_PAPER,
        roles=(
            RealRole(
                body=PROFILING_GROUP,
                role=MembershipRole.LEADER,
                start=GROUP_ROLE_FROM,
                end=GROUP_ROLE_TO,
                basis=Basis.UNCERTAIN,
                source=CASE_PAPER,
                note="note:group_role_dates",
                represents="Hamarregionen",
            ),
        ),
    ),
    RealPerson(
        name="Ingar Vaskinn",
        title="næringssjef",
        employer="Kongsberg kommune",
        source=CASE_PAPER,
        roles=(
            RealRole(
                body=PROFILING_GROUP,
                role=MembershipRole.DEPUTY,
                start=GROUP_ROLE_FROM,
                end=GROUP_ROLE_TO,
                basis=Basis.UNCERTAIN,
                source=CASE_PAPER,
                note="note:group_role_dates",
                represents="Kongsbergregionen",
            ),
        ),
    ),
)
# Named in the facts file but not shown in the demo (the facts allow "or not at all"): the demo's
# director after 14.04.2023 is fictional. Kept here so that no fictional name can collide with them.
REAL_PEOPLE_NOT_SHOWN = ("Eva Næss Karlsen", "Målfrid Baik")
REAL_NAMES = tuple(person.name for person in REAL_PEOPLE) + REAL_PEOPLE_NOT_SHOWN
DIRECTOR_UNTIL = REAL_PEOPLE[0].roles[0].end
