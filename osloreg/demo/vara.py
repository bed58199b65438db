"""Vara of the demo's bodies: fictional people in the role substitute, over the terms they stand in for."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osloreg.demo.terms import Term
from osloreg.enums import Basis, MembershipRole
from osloreg.models import Membership

if TYPE_CHECKING:
    from osloreg.demo.scale import Cluster, Rows
    from osloreg.demo.structure import Structure

SEATS = frozenset({MembershipRole.LEADER, MembershipRole.DEPUTY, MembershipRole.MEMBER})
# Titles of the vara: the council's are the members' deputies at home, the board's are mayors of
# another municipality of the same sub-region; the groups' are officers like their members.
GROUP_VARA_TITLES = ("rådgiver", "seniorrådgiver", "næringsrådgiver", "planlegger", "spesialrådgiver")
COORDINATION_VARA_TITLES = ("assisterende kommunedirektør", "kommunalsjef", "regionkoordinator")
FIRST_VARA_SHARE = 0.85  # of a group's units, those with a første vara
SECOND_VARA_SHARE = 0.35  # of those, the ones with a second vara too
VARA_MEAN_YEARS = 4.0


@dataclass(frozen=True)
class VaraTerm:
    """A vara's term: for a unit in an order, or as one member's personal vara (styret)."""

    person: int
    unit: int | None
    start: dt.date
    end: dt.date | None
    order: int | None = None
    for_person: int | None = None

    def active(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class PeopleVara:
    """The vara half of names.People: run after the seats are made, with a random stream of its own so
    that the seats, names and activity drawn before stay as they were."""

    # Set by names.People.
    rows: Rows
    structure: Structure
    cluster: Cluster
    today: dt.date
    terms: dict[int, list[Term]]
    member_person: int
    _appointed_by: dict[tuple[int, int], int]
    _council_terms: dict[int, list[Term]]
    _board_terms: dict[int, list[Term]]

    if TYPE_CHECKING:

        def person(self, unit: int | None, title: str, employer: str | None = None) -> int: ...

    def _vara(self) -> None:
        self.vara_terms: dict[int, list[VaraTerm]] = defaultdict(list)
        self._vara_rng = random.Random(f"vara {self.cluster.index}")
        council_vara = self._council_vara()
        board_vara = self._board_vara()
        self._committee_vara(council_vara, board_vara)
        self._unit_vara(self.cluster.coordination, COORDINATION_VARA_TITLES)
        for position, group in enumerate(self.cluster.expert_groups):
            # The `medlem` demo account sits for Oslo in the reference group: Oslo has a første vara there.
            sure = {self.structure.oslo} if position == 0 and self.cluster.index == 0 else set()
            self._unit_vara(group, GROUP_VARA_TITLES, sure=sure)

    def _add_vara(self, body: int, vara: VaraTerm) -> VaraTerm:
        self.vara_terms[body].append(vara)
        self.rows.add(
            Membership,
            person_id=vara.person,
            body_id=body,
            role=MembershipRole.SUBSTITUTE,
            represents_unit_id=vara.unit,
            appointed_by_unit_id=self._appointed_by.get((body, vara.unit)) if vara.unit else None,
            start_on=vara.start,
            end_on=vara.end,
            substitute_order=vara.order,
            substitute_for_person_id=vara.for_person,
            basis=Basis.ILLUSTRATIVE,
        )
        return vara

    def _employer_in(self, units: list[int]) -> str:
        name = self.structure.unit_names[self._vara_rng.choice(units)]
        return name if name.endswith("kommune") else f"{name} kommune"

    def _council_vara(self) -> dict[tuple[int, dt.date], VaraTerm]:
        """Each member unit's første vara over each of its members' terms (varaordfører)."""
        body = self.cluster.council
        made = {}
        counties = {county for county, _, _ in self.structure.member_counties}
        for unit, terms in self._council_terms.items():
            title = "fylkesvaraordfører" if unit in counties else "varaordfører"
            for term in terms:
                holder = self.person(unit, title, self._employer_in([unit]))
                made[(term.person, term.start)] = self._add_vara(
                    body, VaraTerm(holder, unit, term.start, term.end, order=1)
                )
        return made

    def _board_vara(self) -> dict[tuple[int, dt.date], VaraTerm]:
        """A personal vara for each board term, from another municipality of the same sub-region."""
        body = self.cluster.board
        home = {term.person: unit for unit, terms in self._council_terms.items() for term in terms}
        made = {}
        for seat, terms in self._board_terms.items():
            municipalities = self.structure.municipalities_of.get(seat, [seat])
            for term in terms:
                others = [unit for unit in municipalities if unit != home.get(term.person)] or municipalities
                title = "varaordfører" if seat == self.structure.oslo else "ordfører"
                holder = self.person(seat, title, self._employer_in(others))
                made[(term.person, term.start)] = self._add_vara(
                    body, VaraTerm(holder, seat, term.start, term.end, for_person=term.person)
                )
        return made

    def _committee_vara(
        self,
        council_vara: dict[tuple[int, dt.date], VaraTerm],
        board_vara: dict[tuple[int, dt.date], VaraTerm],
    ) -> None:
        """The committees are drawn from the board and the council: a member's vara there is their vara
        in the body they come from, over the same term."""
        for body, source, personal in (
            (self.cluster.policy_committee, board_vara, True),
            (self.cluster.nomination_committee, council_vara, False),
        ):
            for term in self.terms[body]:
                vara = source.get((term.person, term.start))
                if vara is None:
                    continue
                self._add_vara(
                    body,
                    VaraTerm(
                        vara.person,
                        term.unit,
                        term.start,
                        term.end,
                        order=None if personal else 1,
                        for_person=term.person if personal else None,
                    ),
                )

    def _unit_vara(self, body: int, titles: tuple[str, ...], *, sure: set[int] | None = None) -> None:
        """For most units with a seat a første vara, for some a second, from the unit's first seat to
        its last, changing now and then."""
        spans: dict[int, tuple[dt.date, dt.date | None]] = {}
        for term in self.terms[body]:
            if term.unit is None or term.role not in SEATS:
                continue
            start, end = spans.get(term.unit, (term.start, term.end))
            spans[term.unit] = (
                min(start, term.start),
                None if end is None or term.end is None else max(end, term.end),
            )
        rng = self._vara_rng
        for unit, (start, end) in spans.items():
            if unit not in (sure or ()) and rng.random() >= FIRST_VARA_SHARE:
                continue
            orders = (1, 2) if rng.random() < SECOND_VARA_SHARE else (1,)
            for order in orders:
                for first, last in self._stretches(start, end):
                    holder = self.person(unit, rng.choice(titles), self._employer_in(self._home(unit)))
                    self._add_vara(body, VaraTerm(holder, unit, first, last, order=order))

    def _home(self, unit: int) -> list[int]:
        return self.structure.municipalities_of.get(unit, [unit])

    def _stretches(self, start: dt.date, end: dt.date | None) -> list[tuple[dt.date, dt.date | None]]:
        """From start to end (None: on past today), in holders' terms of a few years each."""
        rng = self._vara_rng
        stretches = []
        day = start
        while True:
            planned = day + dt.timedelta(days=int(365 * VARA_MEAN_YEARS * rng.uniform(0.5, 1.5)))
            if (end is not None and planned >= end) or (end is None and planned >= self.today):
                stretches.append((day, end))
                return stretches
            stretches.append((day, planned))
            day = planned + dt.timedelta(days=1)
