"""The pages of the app and who may open them: a pure function from roles to pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from osloreg.enums import Role

EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class PageSpec:
    name: str  # file stem in pages/ and the URL path, so deep links are the same in both modes
    title_key: str
    icon: str
    roles: frozenset[str]
    bench_role: str  # the role that uses the page most; `make bench` runs it as that role
    # Query strings `make bench` opens the page with, each timed on its own ("" is the bare page).
    bench_queries: tuple[str, ...] = ("",)

    @property
    def path(self) -> str:
        return f"pages/{self.name}.py"

    def allows(self, roles: Iterable[str]) -> bool:
        return any(role in self.roles for role in roles)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "nav.overview", ":material/dashboard:", EVERYONE, Role.DIRECTOR),
    # One search over every kind of record (?q=...); the bench searches a word of a case title and a
    # person's name misspelled (Rasmussen is in every demo scale's first cluster).
    PageSpec(
        "search",
        "nav.search",
        ":material/search:",
        EVERYONE,
        Role.COORDINATOR,
        ("", "q=handlingsprogram", "q=kollektivtrafikk", "q=Rasmusen"),
    ),
    # One project is the same page with ?project=ID; project 1 exists at every demo scale.
    PageSpec(
        "pipeline", "nav.pipeline", ":material/view_kanban:", EVERYONE, Role.COORDINATOR, ("", "project=1")
    ),
    # A meeting is the calendar page with ?meeting=ID, a case the cases page with ?case=ID; the bench
    # opens the sourced meeting of 18.08.2020 (id 3) and case 48/20 (id 4), there at every scale.
    PageSpec(
        "calendar",
        "nav.calendar",
        ":material/calendar_month:",
        EVERYONE,
        Role.COORDINATOR,
        ("", "meeting=3"),
    ),
    PageSpec("cases", "nav.cases", ":material/account_tree:", EVERYONE, Role.COORDINATOR, ("", "case=4")),
    PageSpec("coverage", "nav.coverage", ":material/groups:", EVERYONE, Role.COORDINATOR),
    PageSpec(
        "input",
        "nav.input",
        ":material/edit_note:",
        frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER}),
        Role.MEMBER,
    ),
    PageSpec(
        "advice",
        "nav.advice",
        ":material/rate_review:",
        frozenset({Role.ADMIN, Role.COORDINATOR, Role.MEMBER}),
        Role.COORDINATOR,
    ),
    PageSpec("decisions", "nav.decisions", ":material/gavel:", EVERYONE, Role.DIRECTOR),
    # The user's own notifications: the digest by e-mail (and, beside it, the calendar feeds).
    PageSpec("notifications", "nav.notifications", ":material/notifications:", EVERYONE, Role.MEMBER),
    # The accessibility statement (tilgjengelighetserklæring); also under the login form.
    PageSpec("accessibility", "nav.accessibility", ":material/accessibility:", EVERYONE, Role.MEMBER),
    # The audit trail, and one record's whole history (project 1 exists at every demo scale).
    PageSpec(
        "admin",
        "nav.admin",
        ":material/admin_panel_settings:",
        frozenset({Role.ADMIN}),
        Role.ADMIN,
        ("", "entity=project&entity_id=1"),
    ),
)
_BY_NAME = {spec.name: spec for spec in PAGES}


def pages_for(roles: Iterable[str]) -> list[PageSpec]:
    """The pages a user with these roles sees, in menu order. No roles, no pages."""
    roles = frozenset(roles)
    return [spec for spec in PAGES if spec.allows(roles)]


def page(name: str) -> PageSpec:
    return _BY_NAME[name]


def url_path(name: str) -> str:
    """A page's path in the app's address. The first page (the overview, which every role has) is the
    one Streamlit runs by default, and it serves that page at the root only: `/overview` would open its
    "Page not found" dialog. Every other page is at its name."""
    return "" if page(name) is PAGES[0] else name
