"""The admin page as each role opens it: only an admin gets past the guard; every other role sees the
refusal and nothing of users, the audit trail, imports or backups."""

from __future__ import annotations

import pytest

from tests.pages.conftest import ROLE_USERS, nb

NON_ADMINS = [username for username, role in ROLE_USERS.items() if role != "admin"]


@pytest.mark.parametrize("username", NON_ADMINS)
def test_every_other_role_is_refused_and_sees_nothing(users, run_page, username):
    at = run_page("pages/admin.py", username=username)
    assert not at.exception
    assert [error.value for error in at.error] == [nb("guard.refused")]
    assert not at.tabs and not at.dataframe and not at.main.text_input and not at.main.button
    assert not at.get("download_button") and not at.get("file_uploader")
    assert nb("nav.admin") not in [title.value for title in at.title]


def test_an_admin_sees_the_six_tasks(users, run_page):
    at = run_page("pages/admin.py", username="admin")
    assert not at.exception and not at.error
    assert [title.value for title in at.title] == [nb("nav.admin")]
    assert [tab.label for tab in at.tabs] == [
        nb(f"admin.tab.{name}") for name in ("users", "audit", "import", "backup", "bodies", "api_tokens")
    ]
