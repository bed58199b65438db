"""The permission matrix of DESIGN.md, cell by cell; anything not listed is denied."""

from __future__ import annotations

import pytest

from osloreg.enums import Role
from osloreg.rules.permissions import (
    Action,
    allowed,
    may_edit_input,
    may_name_any_unit,
    may_report_for,
    may_see_exempt,
    may_submit_advice,
)

A, D, C, M, V = Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER, Role.VIEWER
# The table in DESIGN.md, "Who may do what".
EXPECTED = {
    Action.READ: {A, D, C, M, V},
    Action.EXPORT: {A, D, C, M, V},
    Action.LOG_INPUT: {A, D, C, M},
    Action.SUBMIT_ADVICE: {A, C},  # members only as leader/deputy: see may_submit_advice
    Action.DECIDE_ADVICE: {D},
    Action.MANAGE_WORK: {A, D, C},
    Action.MANAGE_DIRECTORY: {A, C},
    Action.ADMINISTER: {A},
    Action.MANAGE_DOCUMENTS: {A, D, C},
    Action.SEE_EXEMPT: {A, D, C},  # members only for the bodies they sit in: see may_see_exempt
    Action.SEND_NOTICE: {A, D, C},
    Action.APPROVE_MINUTES: {A, D, C},
    Action.REPORT_ATTENDANCE: {A, D, C, M},  # a member only for herself: see may_report_for
    Action.HANDLE_ATTENDANCE: {A, D, C},
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_matrix_cell(action, role):
    assert allowed([role], action) == (role in EXPECTED[action])


def test_no_roles_and_unknown_roles_are_denied_everything():
    for action in Action:
        assert not allowed([], action)
        assert not allowed(["superuser"], action)


def test_a_member_submits_advice_only_as_leader_or_deputy_of_the_group():
    assert may_submit_advice([M], leads_group=True)
    assert not may_submit_advice([M], leads_group=False)
    assert not may_submit_advice([V], leads_group=True)
    assert not may_submit_advice([D], leads_group=True)
    assert may_submit_advice([C], leads_group=False)


def test_input_is_edited_only_by_its_author_and_only_until_locked():
    assert may_edit_input([M], is_author=True, locked=False)
    assert not may_edit_input([M], is_author=False, locked=False)
    assert not may_edit_input([M], is_author=True, locked=True)
    assert not may_edit_input([V], is_author=True, locked=False)
    assert not may_edit_input([A], is_author=False, locked=False)


def test_only_the_admin_and_coordinators_register_input_for_a_unit_they_do_not_represent():
    assert may_name_any_unit([A]) and may_name_any_unit([C]) and may_name_any_unit([M, C])
    # Not the director, who judges advice by the input's completeness; not a member; not a viewer.
    assert not may_name_any_unit([D]) and not may_name_any_unit([M]) and not may_name_any_unit([V])
    assert not may_name_any_unit([])


def test_exempt_documents_reach_the_secretariat_and_a_members_own_bodies_never_a_viewer():
    assert may_see_exempt([A], member_of_body=False) and may_see_exempt([D], member_of_body=False)
    assert may_see_exempt([C], member_of_body=False)
    assert may_see_exempt([M], member_of_body=True)
    assert not may_see_exempt([M], member_of_body=False)
    assert not may_see_exempt([V], member_of_body=True)
    assert not may_see_exempt([], member_of_body=True)


def test_forfall_and_habilitet_a_member_reports_for_herself_the_secretariat_for_anyone():
    assert may_report_for([M], actor_person_id=7, person_id=7)
    assert not may_report_for([M], actor_person_id=7, person_id=8)
    assert not may_report_for([M], actor_person_id=None, person_id=7)  # a user with no person
    assert not may_report_for([V], actor_person_id=7, person_id=7)
    assert may_report_for([C], actor_person_id=None, person_id=8)
    assert may_report_for([D], actor_person_id=None, person_id=8)
