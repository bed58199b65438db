"""Who may do what: the permission matrix of DESIGN.md as data, default deny."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from osloreg.enums import Role


class Action(StrEnum):
    READ = "read"
    EXPORT = "export"
    LOG_INPUT = "log_input"
    SUBMIT_ADVICE = "submit_advice"
    DECIDE_ADVICE = "decide_advice"
    MANAGE_WORK = "manage_work"  # projects, meetings, cases, minutes
    MANAGE_DIRECTORY = "manage_directory"  # units, persons, memberships
    ADMINISTER = "administer"  # users, roles, audit log, import, backup
    MANAGE_DOCUMENTS = "manage_documents"  # upload, new versions, public or exempt, remove
    SEE_EXEMPT = "see_exempt"  # documents exempt from public access (a member: of their own bodies)
    SEND_NOTICE = "send_notice"  # the innkalling, and the meeting's cycle up to held
    APPROVE_MINUTES = "approve_minutes"  # record the protokoll's approval, publish it
    # Forfall and habilitet: a member reports their own (checked by the service with
    # `may_report_for`); the secretariat handles everyone's, calls in vara and records their answers.
    REPORT_ATTENDANCE = "report_attendance"
    HANDLE_ATTENDANCE = "handle_attendance"


_EVERYONE = frozenset(Role)

# Action -> roles that hold it outright. SUBMIT_ADVICE for a member is conditional (leader or
# deputy of that group) and checked by the service with `may_submit_advice`.
MATRIX: dict[Action, frozenset[Role]] = {
    Action.READ: _EVERYONE,
    Action.EXPORT: _EVERYONE,
    Action.LOG_INPUT: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER}),
    Action.SUBMIT_ADVICE: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Action.DECIDE_ADVICE: frozenset({Role.DIRECTOR}),
    Action.MANAGE_WORK: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
    Action.MANAGE_DIRECTORY: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Action.ADMINISTER: frozenset({Role.ADMIN}),
    Action.MANAGE_DOCUMENTS: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
    Action.SEE_EXEMPT: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
    Action.SEND_NOTICE: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
    Action.APPROVE_MINUTES: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
    Action.REPORT_ATTENDANCE: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR, Role.MEMBER}),
    Action.HANDLE_ATTENDANCE: frozenset({Role.ADMIN, Role.DIRECTOR, Role.COORDINATOR}),
}


def allowed(roles: Iterable[str], action: Action) -> bool:
    """True if any of the roles holds the action outright. Unknown roles and actions hold nothing."""
    holders = MATRIX.get(action, frozenset())
    return any(role in holders for role in roles)


def may_submit_advice(roles: Iterable[str], *, leads_group: bool) -> bool:
    """Coordinators and admins submit for any group; a member only as leader or deputy of it."""
    roles = set(roles)
    if allowed(roles, Action.SUBMIT_ADVICE):
        return True
    return Role.MEMBER in roles and leads_group


def may_see_exempt(roles: Iterable[str], *, member_of_body: bool) -> bool:
    """The secretariat sees every exempt document; a member only those of a body they sit in (the
    papers sent to them as members); a viewer none."""
    roles = set(roles)
    return allowed(roles, Action.SEE_EXEMPT) or (Role.MEMBER in roles and member_of_body)


def may_report_for(roles: Iterable[str], *, actor_person_id: int | None, person_id: int) -> bool:
    """Forfall and habilitet: the secretariat reports for anyone; anyone else only for the person
    their user is linked to."""
    if allowed(roles, Action.HANDLE_ATTENDANCE):
        return True
    return (
        allowed(roles, Action.REPORT_ATTENDANCE)
        and actor_person_id is not None
        and actor_person_id == person_id
    )


def may_edit_input(roles: Iterable[str], *, is_author: bool, locked: bool) -> bool:
    """Authors edit their own input until the advice it feeds is decided; nobody edits others'."""
    return allowed(roles, Action.LOG_INPUT) and is_author and not locked


# Input counts for a unit only if someone who speaks for the unit gave it. A member speaks for the
# units they represent in the group that day. Input a unit sent in another way (a letter from a
# municipality) is registered by the secretariat that keeps the directory of units and memberships:
# the admin and the coordinators. Not the director: he judges advice by how many units gave input,
# and should not be the one who adds to that count.
UNIT_REGISTRARS = frozenset({Role.ADMIN, Role.COORDINATOR})


def may_name_any_unit(roles: Iterable[str]) -> bool:
    """True if the roles may register input on behalf of any unit, not only one they represent."""
    return any(role in UNIT_REGISTRARS for role in roles)
