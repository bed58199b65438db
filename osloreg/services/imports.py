"""Imports: every row of a file checked by the services' rules, all written in one transaction or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from osloreg import clock, importer
from osloreg.enums import Basis, MeetingStatus, MembershipRole, ProjectStatus, UnitKind
from osloreg.importer import SPECS, Kind, Progress, Row, RowError
from osloreg.models import Body, Meeting, Membership, Person, Project, SubRegionMember, Unit, utcnow
from osloreg.rules import meetings as meeting_rules
from osloreg.rules import memberships as membership_rules
from osloreg.rules.permissions import Action, allowed
from osloreg.rules.validation import TITLE_MAX, Invalid, clean_text, fold_name
from osloreg.services import directory, meetings, projects
from osloreg.services.base import Actor, PermissionDenied, ValidationFailed, audit, service

BATCH = 500  # rows between flushes and progress reports
ENTITY = "import"
# Where a rule's refusal points when its message names no field: the column to fix.
_KEY_COLUMNS = {
    "error.membership_overlap": "start_on",
    "error.role_taken_later": "role",
    "error.unit_not_valid": "represents",
    "error.end_before_start": "end_on",
    "error.unit_name_taken": "name",
    "error.email_invalid": "email",
    "error.county_level_municipality": "county_level",
    "error.unit_kind": "kind",
    "error.membership_role": "role",
    "error.project_start_status": "status",
    "error.progress_range": "progress",
    "error.meeting_end": "ends_at",
    "error.meeting_too_long": "ends_at",
    "import.error.held_in_future": "status",
    "error.substitute_order_missing": "substitute_order",
    "error.substitute_order_invalid": "substitute_order",
    "error.substitute_order_taken": "substitute_order",
    "error.substitute_fields_only": "role",
    "error.substitute_both": "substitute_for",
    "error.substitute_for_self": "substitute_for",
    "error.substitute_for_not_member": "substitute_for",
    "error.substitute_needs_unit": "represents",
    "error.substitute_unit_differs": "represents",
}


class ImportRefused(ValidationFailed):
    """Some rows are invalid: nothing was written. `params['errors']` holds every RowError."""


@dataclass
class ImportResult:
    kind: str
    count: int
    ids: list[int] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, column: str | None, key: str, **params: Any) -> None:
        super().__init__(key)
        self.column, self.key, self.params = column, key, params


def _fold(text: str | None) -> str:
    # Names are matched and compared as the directory compares them: a look-alike with invisible
    # characters, another case or full-width letters is the same name (and so a duplicate).
    return fold_name(text)


class _Import:
    """One file's rows applied to the session: checked row by row with the services' rules, added to
    the session when valid. The caller commits or rolls back."""

    def __init__(self, session: Session, actor: Actor, kind: Kind) -> None:
        self.session, self.actor, self.kind = session, actor, kind
        self.fields = {column.field: column.name for column in SPECS[kind]}
        self.ids: list[Any] = []  # the rows made, as objects until flushed
        self.seen: dict[Any, int] = {}  # a key of a row already in the file -> its row number
        self.handovers: list[dict[str, Any]] = []
        self._units: dict[str, list[Unit]] | None = None
        self._bodies: dict[str, list[Body]] | None = None
        self._people: dict[str, list[int]] | None = None
        self._terms: dict[int, tuple[list[Membership], dict[int, list[Membership]]]] = {}
        self._existing: set[Any] | None = None

    # --- running -------------------------------------------------------------------------------

    def run(self, rows: Sequence[Row], progress: Progress | None) -> list[RowError]:
        apply: Callable[[dict[str, Any], int], Any] = getattr(self, f"apply_{self.kind}")
        errors: list[RowError] = []
        for done, row in enumerate(rows, start=1):
            try:
                made = apply(row.values, row.number)
            except _Bad as bad:
                errors.append(RowError(row.number, bad.column, bad.key, bad.params))
            except (Invalid, ValidationFailed) as exc:
                params = dict(exc.params)
                column = self.fields.get(params.get("field", ""), None) or _KEY_COLUMNS.get(exc.key)
                errors.append(RowError(row.number, column, exc.key, params))
            else:
                self.ids.append(made)
            if done % BATCH == 0 or done == len(rows):
                self.session.flush()
                if progress is not None:
                    progress(done, len(rows))
        return errors

    # --- references ----------------------------------------------------------------------------

    def _one(self, found: list[Any], value: str, column: str, what: str) -> Any:
        if not found:
            raise _Bad(column, "import.error.not_found", value=value, what=what)
        if len(found) > 1:
            raise _Bad(column, "import.error.ambiguous", value=value, count=len(found))
        return found[0]

    def units(self) -> dict[str, list[Unit]]:
        if self._units is None:
            self._units = {}
            for unit in self.session.scalars(select(Unit)):
                self._units.setdefault(_fold(unit.name), []).append(unit)
        return self._units

    def unit(self, name: str, column: str, kind: str | None = None) -> Unit:
        found = [u for u in self.units().get(_fold(name), []) if kind is None or u.kind == kind]
        return self._one(found, name, column, "unit")

    def body(self, name: str | None, column: str = "body") -> Body | None:
        if name is None:
            return None
        if self._bodies is None:
            self._bodies = {}
            for body in self.session.scalars(select(Body)):
                for text in {_fold(body.name), _fold(body.short_name)} - {""}:
                    self._bodies.setdefault(text, []).append(body)
        return self._one(self._bodies.get(_fold(name), []), name, column, "body")

    def person(self, value: str | None, column: str) -> int | None:
        """A person by e-mail address or by name (a name two people share needs the address)."""
        if value is None:
            return None
        if self._people is None:
            self._people = {}
            for person_id, name, email in self.session.execute(select(Person.id, Person.name, Person.email)):
                for text in {_fold(name), _fold(email)} - {""}:
                    self._people.setdefault(text, []).append(person_id)
        return self._one(self._people.get(_fold(value), []), value, column, "person")

    def _duplicate(self, key: Any, number: int, column: str, existing: set[Any]) -> None:
        if key in self.seen:
            raise _Bad(column, "import.error.duplicate_in_file", row=self.seen[key])
        if key in existing:
            raise _Bad(column, "import.error.duplicate_in_database")
        self.seen[key] = number

    def existing(self, query: Callable[[], set[Any]]) -> set[Any]:
        if self._existing is None:
            self._existing = query()
        return self._existing

    @staticmethod
    def required(values: dict[str, Any], *names: str) -> None:
        for name in names:
            if values.get(name) is None:
                raise _Bad(name, "error.required", field=name)

    # --- the kinds -----------------------------------------------------------------------------

    def apply_units(self, v: dict[str, Any], number: int) -> Unit:
        self.required(v, "kind", "name")
        county_level = bool(v.get("county_level"))
        is_member = True if v.get("is_member") is None else bool(v["is_member"])
        fields = directory._unit_fields(
            v["kind"],
            v["name"],
            county_level,
            is_member,
            v.get("valid_from"),
            v.get("valid_to"),
            v.get("note"),
        )
        units = self.units()
        sub_regions = [
            self.unit(name, "sub_regions", UnitKind.SUB_REGION) for name in v.get("sub_regions") or ()
        ]
        if sub_regions and fields["kind"] != UnitKind.MUNICIPALITY:
            raise _Bad("sub_regions", "error.link_kinds")
        taken = self.existing(lambda: {(u.kind, name) for name, found in units.items() for u in found})
        self._duplicate((fields["kind"], _fold(fields["name"])), number, "name", taken)
        unit = Unit(**fields, basis=Basis.SOURCED)
        self.session.add(unit)
        for sub_region in sub_regions:
            link = SubRegionMember(
                sub_region=sub_region, municipality=unit, valid_from=fields["valid_from"], basis=Basis.SOURCED
            )
            self.session.add(link)
        units.setdefault(_fold(unit.name), []).append(unit)
        return unit

    def apply_persons(self, v: dict[str, Any], number: int) -> Person:
        self.required(v, "name")
        fields = directory._person_fields(v["name"], v.get("email"), v.get("employer"), v.get("title"))
        existing = self.existing(
            lambda: {(_fold(n), _fold(e)) for n, e in self.session.execute(select(Person.name, Person.email))}
        )
        self._duplicate((_fold(fields["name"]), _fold(fields["email"])), number, "name", existing)
        person = Person(**fields, basis=Basis.SOURCED)
        self.session.add(person)
        return person

    def terms(self, body_id: int) -> tuple[list[Membership], dict[int, list[Membership]]]:
        """The body's terms (locked), and the same by person: a long file compares each row with the
        person's own terms only, which is all the overlap rule looks at."""
        if body_id not in self._terms:
            rows = directory._terms(self.session, body_id)
            by_person: dict[int, list[Membership]] = {}
            for row in rows:
                by_person.setdefault(row.person_id, []).append(row)
            self._terms[body_id] = (rows, by_person)
        return self._terms[body_id]

    def apply_memberships(self, v: dict[str, Any], number: int) -> Membership:
        self.required(v, "body", "person", "start_on")
        body = self.body(v["body"])
        person_id = self.person(v["person"], "person")
        unit = self.unit(v["represents"], "represents") if v.get("represents") else None
        start_on = membership_rules.check_dates(v["start_on"], v.get("end_on"))
        role = directory._role(v.get("role") or MembershipRole.MEMBER)
        for_person_id = self.person(v.get("substitute_for"), "substitute_for")
        terms, by_person = self.terms(body.id)
        directory._check_no_overlap(by_person.get(person_id, []), person_id, start_on, v.get("end_on"))
        vara = directory._vara(
            self.session,
            terms,
            role=role,
            person_id=person_id,
            unit_id=unit.id if unit else None,
            order=v.get("substitute_order"),
            for_person_id=for_person_id,
            start_on=start_on,
            end_on=v.get("end_on"),
        )
        members_unit = directory._vara_unit(self.session, vara, unit.id if unit else None)
        appointed_by = None
        if members_unit is not None:  # a personal vara represents the member's unit
            unit_id, appointed_by = members_unit
        else:
            unit_id = directory._check_unit(self.session, unit.id if unit else None, start_on)
        changes: list[dict[str, Any]] = []
        if role in membership_rules.SINGLE_ROLES:  # only a leader or deputy takes over from anyone
            self.session.flush()  # the handover finds the terms it ends by their ids
            held = [term for term in terms if term.role == role]
            changes = directory._hand_over(self.session, held, role=role, on=start_on, person_id=person_id)
        row = Membership(
            person_id=person_id,
            body_id=body.id,
            role=role,
            represents_unit_id=unit_id,
            appointed_by_unit_id=appointed_by,
            start_on=start_on,
            end_on=v.get("end_on"),
            note=v.get("note"),
            basis=Basis.SOURCED,
            substitute_order=vara.order,
            substitute_for_person_id=vara.for_person_id,
        )
        self.session.add(row)
        if changes:
            self.handovers.append({"row": number, "changes": changes})
            self._terms.pop(body.id)  # the handover ended and added terms: read them afresh
        else:
            terms.append(row)
            by_person.setdefault(person_id, []).append(row)
        return row

    def apply_projects(self, v: dict[str, Any], number: int) -> Project:
        self.required(v, "title")
        status = v.get("status") or ProjectStatus.IDEA
        if status not in projects.START_STATUSES:
            raise ValidationFailed("error.project_start_status", status=str(status))
        body = self.body(v.get("body"))
        fields = projects._fields(
            self.session,
            title=v["title"],
            description=v.get("description"),
            body_id=body.id if body else None,
            owner_person_id=self.person(v.get("owner"), "owner"),
            start_on=v.get("start_on"),
            end_on=v.get("end_on"),
            progress=0 if v.get("progress") is None else v["progress"],
            outside_partners=v.get("outside_partners"),
        )
        partners = [self.unit(name, "partners") for name in v.get("partners") or ()]
        existing = self.existing(
            lambda: {_fold(title) for title in self.session.scalars(select(Project.title))}
        )
        self._duplicate(_fold(fields["title"]), number, "title", existing)
        now = utcnow()
        project = Project(**fields, status=status, created_at=now, updated_at=now, basis=Basis.SOURCED)
        project.partners = list(dict.fromkeys(partners))
        self.session.add(project)
        projects._record_move(self.session, self.actor, project, None, None)
        return project

    def apply_meetings(self, v: dict[str, Any], number: int) -> Meeting:
        self.required(v, "body", "starts_at")
        body = self.body(v["body"])
        starts_at = meetings._when(v["starts_at"], "starts_at")
        ends_at = meetings._when(v.get("ends_at"), "ends_at")
        meeting_rules.check_times(starts_at, ends_at)
        status = v.get("status") or MeetingStatus.PLANNED
        if meeting_rules.took_place(status) and starts_at.date() > clock.oslo_today():
            raise _Bad("status", "import.error.held_in_future")
        existing = self.existing(
            lambda: {tuple(row) for row in self.session.execute(select(Meeting.body_id, Meeting.starts_at))}
        )
        self._duplicate((body.id, starts_at), number, "starts_at", existing)
        meeting = Meeting(
            body_id=body.id,
            starts_at=starts_at,
            ends_at=ends_at or starts_at + dt.timedelta(hours=meeting_rules.DEFAULT_HOURS),
            place=clean_text(v.get("place"), field_name="place", max_length=TITLE_MAX, required=False),
            title=clean_text(
                v.get("title"), field_name="meeting_title", max_length=TITLE_MAX, required=False
            ),
            status=status,
            basis=Basis.SOURCED,
        )
        self.session.add(meeting)
        return meeting


def _refused(errors: list[RowError]) -> ImportRefused:
    return ImportRefused("import.error.refused", count=len(errors), errors=errors)


@service(Action.ADMINISTER)
def import_rows(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    rows: Sequence[Row],
    file_name: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Write every row of a file, or none: a single invalid row refuses the whole file (ImportRefused
    lists every row's errors), and any failure on the way rolls it all back. One audit event records
    the import: its kind, file name, row count and the ids written."""
    kind = Kind(kind)
    if not rows:
        raise ValidationFailed("import.error.no_rows")
    work = _Import(session, actor, kind)
    errors = work.run(rows, progress)
    if errors:
        raise _refused(errors)
    session.flush()
    ids = [made.id for made in work.ids]
    after: dict[str, Any] = {"kind": str(kind), "file_name": file_name, "rows": len(rows), "ids": ids}
    if work.handovers:
        after["handovers"] = work.handovers
    audit(session, actor, action=f"import.{kind}", entity=ENTITY, entity_id=None, after=after)
    return ImportResult(str(kind), len(rows), ids)


def check_rows(
    session: Session, *, actor: Actor, kind: str, rows: Sequence[Row], progress: Progress | None = None
) -> list[RowError]:
    """Every row's errors as import_rows would find them (the database and earlier rows of the file
    included), in a transaction that is always rolled back: a dry run that writes nothing."""
    if not isinstance(actor, Actor) or not allowed(actor.roles, Action.ADMINISTER):
        raise PermissionDenied("error.permission_denied", action=str(Action.ADMINISTER))
    if session.in_transaction():
        raise RuntimeError("check_rows: session already in a transaction")
    transaction = session.begin()
    try:
        session.connection(execution_options={"sqlite_write": True})
        return _Import(session, actor, Kind(kind)).run(rows, progress)
    finally:
        transaction.rollback()


@dataclass
class Checked:
    """An upload read, parsed and checked: its rows and every error, row by row."""

    kind: str
    rows: list[Row]
    errors: list[RowError]


def check_upload(
    session: Session, *, actor: Actor, kind: str, data: bytes, progress: Progress | None = None
) -> Checked:
    """The bytes of an upload read (FileRefused if they are no CSV or Excel table of this kind),
    each cell parsed, each row checked against the database as import_rows would: nothing written."""
    parsed = importer.parse_upload(Kind(kind), data)
    checked = check_rows(session, actor=actor, kind=kind, rows=parsed.rows, progress=progress)
    return Checked(str(kind), parsed.rows, importer.merge_errors(parsed.errors, checked))
