"""Roles to pages: a pure function, default deny."""

from __future__ import annotations

from pathlib import Path

from osloreg.enums import Role
from osloreg.navigation import PAGES, pages_for, url_path
from osloreg.queries.digest_sections import app_link

ROOT = Path(__file__).resolve().parents[2]


def test_no_roles_see_no_pages():
    assert pages_for([]) == []
    assert pages_for(["emperor"]) == []


def test_every_role_sees_the_overview_first():
    for role in Role:
        assert pages_for([role])[0].name == "overview"


def test_a_page_is_shown_only_to_its_roles():
    for spec in PAGES:
        for role in Role:
            assert (spec in pages_for([role])) == (role in spec.roles)


def test_several_roles_see_the_union_in_menu_order():
    both = pages_for([Role.MEMBER, Role.ADMIN])
    assert both == [spec for spec in PAGES if spec.allows([Role.MEMBER]) or spec.allows([Role.ADMIN])]


def test_every_page_file_exists_and_starts_with_its_guard():
    for spec in PAGES:
        source = (ROOT / spec.path).read_text(encoding="utf-8")
        code = [
            line
            for line in source.splitlines()
            if line.strip() and not line.startswith(("#", "from", "import", '"""'))
        ]
        assert code[0] == f'user = ui.require_page("{spec.name}")', spec.path
        assert spec.bench_role in spec.roles


def test_the_overview_is_addressed_at_the_root_and_every_other_page_at_its_name():
    """Streamlit serves its default page (the first: the overview) only at the root; a link to
    /overview would open its "Page not found" dialog (the digest's links once did)."""
    assert url_path("overview") == ""
    assert all(url_path(spec.name) == spec.name for spec in PAGES[1:])
    assert app_link("https://dashbord.example/", "overview") == "https://dashbord.example/"
    assert (
        app_link("https://dashbord.example", "calendar", meeting=3)
        == "https://dashbord.example/calendar?meeting=3"
    )
