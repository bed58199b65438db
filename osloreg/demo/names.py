"""Fictional people of the demo data set: Norwegian names, and their seats in the bodies over time."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import defaultdict
from dataclasses import replace

from osloreg.demo.real_people import DIRECTOR_UNTIL
from osloreg.demo.structure import Cluster, Rows, Structure, real_cluster
from osloreg.demo.terms import Term
from osloreg.demo.vara import PeopleVara
from osloreg.enums import Basis, MembershipRole
from osloreg.models import Membership, Person

# Common Norwegian given names and surnames, combined at random: the people are fictional.
# The surnames of the real people in the facts file (Såtvedt, Bryhni, Vaskinn, Næss Karlsen, Baik)
# are deliberately absent; tests/integration/demo/test_demo_honesty.py holds the lists to that.
FIRST_NAMES = (
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Bente",
    "Heidi",
    "Silje",
    "Hanne",
    "Gunn",
    "Tone",
    "Camilla",
    "Ragnhild",
    "Sissel",
    "Turid",
    "Wenche",
    "Mette",
    "Linda",
    "Elin",
    "Tove",
    "Grethe",
    "Sigrid",
    "Emma",
    "Nora",
    "Sofie",
    "Thea",
    "Ingeborg",
    "Guro",
    "Vigdis",
    "Synnøve",
    "Aud",
    "Jorunn",
    "Åse",
    "Siri",
    "Kjersti",
    "Line",
    "Stine",
    "Hege",
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Thomas",
    "Hans",
    "Geir",
    "Tor",
    "Morten",
    "Terje",
    "Odd",
    "Erik",
    "Martin",
    "Andreas",
    "John",
    "Anders",
    "Rune",
    "Trond",
    "Tore",
    "Jon",
    "Harald",
    "Olav",
    "Gunnar",
    "Kristian",
    "Stian",
    "Espen",
    "Magnus",
    "Eirik",
    "Sindre",
    "Håkon",
    "Vegard",
    "Øystein",
    "Torbjørn",
    "Audun",
    "Halvor",
    "Sverre",
    "Even",
    "Jørgen",
    "Petter",
    "Frode",
    "Roar",
    "Aksel",
    "Jonas",
    "Emil",
    "Henrik",
    "Sigurd",
    "Leif",
    "Ivar",
    "Asbjørn",
    "Einar",
    "Helge",
    "Vidar",
    "Kåre",
    "Nils",
    "Steinar",
    "Finn",
    "Sondre",
)
SURNAMES = (
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ahmed",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
    "Arnesen",
    "Antonsen",
    "Vik",
    "Haug",
    "Ellingsen",
    "Thorsen",
    "Edvardsen",
    "Birkeland",
    "Isaksen",
    "Gulbrandsen",
    "Ruud",
    "Aasen",
    "Strøm",
    "Myklebust",
    "Tangen",
    "Ødegård",
    "Eliassen",
    "Helland",
    "Bøe",
    "Jenssen",
    "Aune",
    "Mikkelsen",
    "Tveit",
    "Brekke",
    "Abrahamsen",
    "Madsen",
    "Engen",
    "Nordby",
    "Sandberg",
    "Bråten",
    "Kvam",
    "Rustad",
    "Skaug",
    "Lorentzen",
    "Dale",
    "Hovland",
    "Bjerke",
    "Fjeld",
    "Røed",
    "Torgersen",
)


class NameMaker:
    """Hands out fictional full names, unique within one maker, always the same for the same seed."""

    def __init__(self, rng: random.Random, *, avoid: set[str] | None = None) -> None:
        self._rng = rng
        self._used: set[str] = set(avoid or ())

    def __call__(self) -> str:
        while True:
            first = self._rng.choice(FIRST_NAMES)
            last = self._rng.choice(SURNAMES)
            # A middle surname now and then, as many Norwegians have; it also widens the space.
            if self._rng.random() < 0.2:
                last = f"{self._rng.choice(SURNAMES)} {last}"
            name = f"{first} {last}"
            if name not in self._used:
                self._used.add(name)
                return name


def email_for(name: str, number: int) -> str:
    """An address in the reserved example.org domain, so no demo mail can reach a real person."""
    ascii_name = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    ascii_name = unicodedata.normalize("NFKD", ascii_name).encode("ascii", "ignore").decode()
    return f"{'.'.join(ascii_name.split())}.{number}@example.org"


ACTIVITY_START = dt.date(2020, 1, 1)
# Illustrative: councils are constituted after the local elections of 2019 and 2023.
COUNCIL_TERM_START = dt.date(2019, 10, 21)
COUNCIL_CHANGE = dt.date(2023, 10, 20)
GROUP_TITLES = ("rådgiver", "seniorrådgiver", "næringssjef", "plansjef", "spesialrådgiver", "utviklingssjef")
STAFF_TITLES = ("seniorrådgiver", "rådgiver", "kommunikasjonsrådgiver", "prosjektleder", "spesialrådgiver")
COORDINATION_TITLES = ("daglig leder", "kommunedirektør", "regionkoordinator")


class People(PeopleVara):
    """Makes up the people of one cluster and their terms: turnover, vacancies, terms ending soon; and
    their vara (vara.py), whose terms are kept apart from the seats' (`terms`, `active`)."""

    def __init__(
        self,
        rows: Rows,
        structure: Structure,
        cluster: Cluster,
        rng: random.Random,
        names: NameMaker,
        today: dt.date,
    ) -> None:
        self.rows, self.structure, self.cluster = rows, structure, cluster
        self.rng, self.names, self.today = rng, names, today
        self.terms: dict[int, list[Term]] = defaultdict(list)
        self._appointed_by: dict[tuple[int, int], int] = {}
        self._life_of: dict[
            int, tuple[dt.date | None, dt.date | None]
        ] = {}  # (body, municipality) -> appointing sub-region
        self.staff: list[int] = []  # secretariat people, case officers
        self.coordinator_person = 0  # a secretariat person who is always there (demo user)
        self.member_person = 0  # an ordinary member of the profiling group (demo user)
        self.director_person = 0  # the demo's (fictional) director (demo user)
        self.leader_person = 0  # the profiling group's (fictional) leader after the real one (demo user)
        self.leader_since: dt.date | None = None
        self.person_names: dict[int, str] = {}
        self._active: dict[tuple[int, dt.date], list[Term]] = {}
        self._council_terms: dict[int, list[Term]] = defaultdict(list)
        self._board_terms: dict[int, list[Term]] = defaultdict(list)

    def build(self) -> None:
        self._secretariat()
        self._council()
        self._board()
        self._committees()
        self._coordination()
        for position, group in enumerate(self.cluster.expert_groups):
            self._expert_group(group, reference_group=position == 0)
        self._vara()  # last: the vara's names and ids come after everyone else's

    def active(self, body: int, day: dt.date) -> list[Term]:
        # Asked for every meeting, input and advice (after build()): inlined and cached, as it was
        # a third of the work.
        key = (body, day)
        if key not in self._active:
            self._active[key] = [
                term
                for term in self.terms[body]
                if term.start <= day and (term.end is None or term.end >= day)
            ]
        return self._active[key]

    # --- helpers ---------------------------------------------------------------------------

    def person(self, unit: int | None, title: str, employer: str | None = None) -> int:
        name = self.names()
        person_id = self.rows.reserve(Person)
        self.person_names[person_id] = name
        self.rows.add(
            Person,
            id=person_id,
            name=name,
            title=title,
            email=email_for(name, person_id),
            employer=employer or self._employer(unit),
            basis=Basis.ILLUSTRATIVE,
        )
        return person_id

    def _employer(self, unit: int | None) -> str:
        if unit is None:
            return "Oslo kommune"  # the secretariat sits in Oslo rådhus
        if unit in self.structure.municipalities_of:  # a sub-region: someone from one of its municipalities
            unit = self.rng.choice(self.structure.municipalities_of[unit])
        name = self.structure.unit_names[unit]
        return name if name.endswith("kommune") else f"{name} kommune"

    def life(self, body: int) -> tuple[dt.date | None, dt.date | None]:
        """When the body was founded and dissolved; a synthetic copy lives as its real expert group."""
        if not self._life_of:
            real = real_cluster(self.structure)
            for mine, theirs in zip(self.cluster.expert_groups, real.expert_groups, strict=True):
                self._life_of[mine] = self.structure.body_life.get(theirs, (None, None))
        return self._life_of.get(body) or self.structure.body_life.get(body, (None, None))

    def _add(self, body: int, term: Term) -> Term:
        # A seat lies within the body's own life (the areal group was split by January 2021).
        founded, dissolved = self.life(body)
        if founded and term.start < founded:
            term = replace(term, start=founded)
        if dissolved and (term.end is None or term.end > dissolved):
            term = replace(term, end=dissolved)
        if term.end is not None and term.end < term.start:
            return term
        self.terms[body].append(term)
        self.rows.add(
            Membership,
            person_id=term.person,
            body_id=body,
            role=term.role,
            represents_unit_id=term.unit,
            appointed_by_unit_id=self._appointed_by.get((body, term.unit)),
            start_on=term.start,
            end_on=term.end,
            basis=Basis.ILLUSTRATIVE,
        )
        return term

    def _seat(
        self,
        body: int,
        unit: int | None,
        role: str,
        *,
        start: dt.date,
        mean_years: float,
        titles: tuple[str, ...],
        until: dt.date | None = None,
        vacancy: float = 0.25,
    ) -> list[Term]:
        """Holders of one seat from `start` to today, each for a while, sometimes with a gap between."""
        terms: list[Term] = []
        day = start
        while day <= self.today:
            planned_end = day + dt.timedelta(days=int(365 * mean_years * self.rng.uniform(0.5, 1.5)))
            end: dt.date | None = planned_end
            if until is not None and planned_end >= until:
                end = until
            elif planned_end >= self.today:
                # A few current terms end within two months, for the "terms ending soon" view.
                ending_soon = self.rng.random() < 0.12
                end = self.today + dt.timedelta(days=self.rng.randint(7, 60)) if ending_soon else None
            holder = self.person(unit, self.rng.choice(titles))
            terms.append(self._add(body, Term(holder, unit, role, day, end)))
            if end is None or end >= self.today or end == until:
                break
            gap = self.rng.randint(30, 240) if self.rng.random() < vacancy else 0
            day = end + dt.timedelta(days=1 + gap)
        return terms

    def _fixed(self, body: int, unit: int | None, role: str, start: dt.date, title: str) -> int:
        holder = self.person(unit, title)
        self._add(body, Term(holder, unit, role, start))
        return holder

    # --- bodies ----------------------------------------------------------------------------

    def _secretariat(self) -> None:
        body = self.cluster.secretariat
        if self.cluster.index == 0:
            # The real director led the secretariat until 14.04.2023 (structure.py holds that dated
            # role); the demo's director is fictional, on the staff before then and leader after.
            director = self.person(None, "direktør")
            self._add(body, Term(director, None, MembershipRole.MEMBER, ACTIVITY_START, DIRECTOR_UNTIL))
            self._add(
                body, Term(director, None, MembershipRole.LEADER, DIRECTOR_UNTIL + dt.timedelta(days=1))
            )
        else:
            director = self._fixed(body, None, MembershipRole.LEADER, ACTIVITY_START, "direktør")
        self.director_person = director
        self.coordinator_person = self._fixed(
            body, None, MembershipRole.MEMBER, ACTIVITY_START, "seniorrådgiver"
        )
        for _ in range(4):
            self._seat(
                body,
                None,
                MembershipRole.MEMBER,
                start=ACTIVITY_START,
                mean_years=4,
                titles=STAFF_TITLES,
                vacancy=0.3,
            )
        self.staff = [director] + [term.person for term in self.terms[body] if term.person != director]
        # The demo's director is the secretary of the board and of the coordination group.
        for served in (self.cluster.board, self.cluster.coordination):
            self._add(served, Term(director, None, MembershipRole.SECRETARY, ACTIVITY_START))

    def _council(self) -> None:
        body = self.cluster.council
        seats = [(unit, None, None) for unit in self.structure.municipalities]
        seats += [(county, since, until) for county, since, until in self.structure.member_counties]
        deputy_unit = self.rng.choice(
            [unit for unit in self.structure.municipalities if unit != self.structure.oslo]
        )
        for unit, since, until in seats:
            role = MembershipRole.MEMBER
            if unit == self.structure.oslo:
                role = MembershipRole.LEADER
            elif unit == deputy_unit:
                role = MembershipRole.DEPUTY
            title = "fylkesordfører" if since else "ordfører"
            start = max(COUNCIL_TERM_START, since or COUNCIL_TERM_START)
            changes = until is None and self.rng.random() < 0.3
            end = until or (COUNCIL_CHANGE - dt.timedelta(days=1) if changes else None)
            first = Term(self.person(unit, title), unit, role, start, end)
            self._council_terms[unit].append(self._add(body, first))
            if changes:
                successor = Term(self.person(unit, title), unit, role, COUNCIL_CHANGE)
                self._council_terms[unit].append(self._add(body, successor))

    def _board(self) -> None:
        """One seat for Oslo and one per sub-region, held by a council member from there, elected yearly."""
        body = self.cluster.board
        seats = [self.structure.oslo, *self.structure.sub_regions]
        leader_seat, deputy_seat = self.rng.sample(seats, 2)
        elections = [dt.date(year, 11, 10) for year in range(2019, self.today.year + 1)]
        holders: dict[int, tuple[int, dt.date]] = {}
        for election in (day for day in elections if day <= self.today):
            change_rate = 0.6 if election.year == COUNCIL_CHANGE.year else 0.25
            for seat in seats:
                current = holders.get(seat)
                still_in_council = current is not None and any(
                    term.person == current[0] and term.active(election)
                    for unit in self._home_units(seat)
                    for term in self._council_terms[unit]
                )
                if current is not None and still_in_council and self.rng.random() >= change_rate:
                    continue
                taken = {person for person, _ in holders.values()}
                candidates = [
                    term.person
                    for unit in self._home_units(seat)
                    for term in self._council_terms[unit]
                    if term.active(election) and term.person not in taken
                ]
                if not candidates:
                    continue
                if current is not None:
                    self._board_term(
                        body, seat, current, election - dt.timedelta(days=1), leader_seat, deputy_seat
                    )
                holders[seat] = (self.rng.choice(candidates), election)
        for seat, current in holders.items():
            self._board_term(body, seat, current, None, leader_seat, deputy_seat)

    def _home_units(self, seat: int) -> list[int]:
        return self.structure.municipalities_of.get(seat, [seat])

    def _board_term(
        self,
        body: int,
        seat: int,
        holder: tuple[int, dt.date],
        end: dt.date | None,
        leader_seat: int,
        deputy_seat: int,
    ) -> None:
        roles = {leader_seat: MembershipRole.LEADER, deputy_seat: MembershipRole.DEPUTY}
        role = roles.get(seat, MembershipRole.MEMBER)
        self._board_terms[seat].append(self._add(body, Term(holder[0], seat, role, holder[1], end)))

    def _committees(self) -> None:
        # The policy committee is drawn from the board, the nomination committee from the council.
        roles = (
            MembershipRole.LEADER,
            MembershipRole.DEPUTY,
            MembershipRole.MEMBER,
            MembershipRole.MEMBER,
            MembershipRole.MEMBER,
        )
        board_seats = self.rng.sample(sorted(self._board_terms), 5)
        council_seats = self.rng.sample(self.structure.municipalities, 3)
        for body, seats, source in (
            (self.cluster.policy_committee, board_seats, self._board_terms),
            (self.cluster.nomination_committee, council_seats, self._council_terms),
        ):
            for role, seat in zip(roles, seats, strict=False):
                for term in source[seat]:
                    self._add(body, Term(term.person, term.unit, role, term.start, term.end))

    def _coordination(self) -> None:
        seats = [self.structure.oslo, *self.structure.sub_regions]
        roles = {seats[0]: MembershipRole.LEADER, self.rng.choice(seats[1:]): MembershipRole.DEPUTY}
        for seat in seats:
            start = ACTIVITY_START - dt.timedelta(days=self.rng.randint(0, 900))
            self._seat(
                self.cluster.coordination,
                seat,
                roles.get(seat, MembershipRole.MEMBER),
                start=start,
                mean_years=6,
                titles=COORDINATION_TITLES,
                vacancy=0.1,
            )

    def _expert_group(self, body: int, *, reference_group: bool) -> None:
        """Many but not all expected units covered: some sub-regions missing, one only through a
        municipality, Oslo twice, the member counties (Viken until it left)."""
        structure = self.structure
        # The real leader and deputy (2019-2020, structure.py) take no part in the made-up activity:
        # their seats pass to fictional people when their dated roles end.
        real = [entry for entry in structure.real_memberships if entry[0] == body]
        leading_units = [unit for _, _, unit, _, _, _ in real]
        free = [unit for unit in structure.sub_regions if unit not in leading_units]
        self.rng.shuffle(free)
        if real:
            for _, _, unit, role, _, end in real:
                after = end + dt.timedelta(days=1)
                if role == MembershipRole.LEADER and self.cluster.index == 0:
                    # The `leder` demo account: a fictional leader from the day after the real one.
                    self.leader_person = self._fixed(body, unit, role, after, "næringssjef")
                    self.leader_since = after
                else:
                    self._seat(body, unit, role, start=after, mean_years=4, titles=GROUP_TITLES, vacancy=0)
        else:
            for role in (MembershipRole.LEADER, MembershipRole.DEPUTY):
                self._seat(
                    body, free.pop(), role, start=ACTIVITY_START, mean_years=4, titles=GROUP_TITLES, vacancy=0
                )
        indirect = free[3]
        seats = [(unit, None, None) for unit in free[4:]]
        through = self.rng.choice(structure.municipalities_of[indirect])
        self._appointed_by[(body, through)] = indirect  # the sub-region appointed the municipality's person
        seats.append((through, None, None))
        seats += [(county, since, until) for county, since, until in structure.member_counties]
        seats.append((structure.oslo, None, None))
        if reference_group and self.cluster.index == 0:
            self.member_person = self._fixed(
                body, structure.oslo, MembershipRole.MEMBER, dt.date(2021, 2, 1), "seniorrådgiver"
            )
        else:
            seats.append((structure.oslo, None, None))
        for unit, since, until in seats:
            start = since or ACTIVITY_START - dt.timedelta(days=self.rng.randint(0, 700))
            self._seat(
                body,
                unit,
                MembershipRole.MEMBER,
                start=start,
                mean_years=4.5,
                titles=GROUP_TITLES,
                until=until,
            )
