"""The OParl 1.1 objects of the read API, built from the publication read model (queries.publication)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.enums import BodyKind, ConsultationRole, DocumentKind
from osloreg.i18n import case_result, translate
from osloreg.models import (
    AgendaItem,
    ApiToken,
    AuditEvent,
    Body,
    Case,
    Consultation,
    Document,
    Meeting,
    Membership,
    ObjectChange,
    Person,
    Unit,
)
from osloreg.queries import publication as pub
from osloreg.queries.coverage import body_coverage
from osloreg.queries.publication import Scope
from osloreg.rules import oparl as rules
from osloreg.rules.feeds import digest

OPARL = "https://schema.oparl.org/1.1/"
X = "osloreg:"  # our vendor prefix (OParl 1.1, "Herstellerspezifische Erweiterungen")
LANGUAGE = "nb"  # the API speaks as the secretariat writes: codes are given in bokmål words


def words(prefix: str, code: str | None) -> str | None:
    """A code of the data (meeting_status, consultation_role) as the UI words it, in bokmål."""
    return None if code is None else translate(f"{prefix}.{code}", LANGUAGE)


def result_words(result: str | None, *, deciding: bool) -> str | None:
    return None if result is None else case_result(result, LANGUAGE, deciding=deciding)


# --- Tokens -----------------------------------------------------------------------------------------------


def token_row(session: Session, token: str) -> ApiToken | None:
    """The api_tokens row of a token that holds now (not revoked, not expired), else None."""
    row = session.scalar(sa.select(ApiToken).where(ApiToken.token_sha256 == digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_on is not None and row.expires_on < clock.oslo_today():
        return None
    return row


def note_use(session: Session, token_id: int, *, now: dt.datetime) -> None:
    """Record a token's use, at most once a minute (a client walking the API would write on every page)."""
    session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.id == token_id,
            sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - dt.timedelta(minutes=1)),
        )
        .values(last_used_at=now)
    )


# --- created / modified from the audit trail --------------------------------------------------------------

Source = tuple[str, int]


@dataclass(frozen=True)
class Trail:
    """The audit trail's times for the objects of one answer: per (kind, id) the first and last event,
    and the first and last event that changed everything (the demo, an import)."""

    stamps: dict[Source, tuple[dt.datetime, dt.datetime]]
    everything: tuple[dt.datetime | None, dt.datetime | None]

    def created(self, sources: Iterable[Source]) -> str:
        times = [self.stamps[s][0] for s in sources if s in self.stamps]
        times += [t for t in self.everything[:1] if t is not None]
        return stamp(min(times) if times else None)

    def modified(self, sources: Iterable[Source]) -> str:
        times = [self.stamps[s][1] for s in sources if s in self.stamps]
        times += [t for t in self.everything[1:] if t is not None]
        return stamp(max(times) if times else None)


EPOCH = dt.datetime(2000, 1, 1)  # an object the trail does not know (made before it): a fixed, old time


def stamp(at: dt.datetime | None) -> str:
    """A naive UTC time as OParl's date-time: Oslo time with its offset, to the second."""
    return (at or EPOCH).replace(tzinfo=dt.UTC).astimezone(clock.OSLO).isoformat(timespec="seconds")


def everything_times(session: Session) -> tuple[dt.datetime | None, dt.datetime | None]:
    kind, object_id = rules.EVERYTHING
    first, last = session.execute(
        sa.select(sa.func.min(AuditEvent.at), sa.func.max(AuditEvent.at))
        .join(ObjectChange, ObjectChange.audit_event_id == AuditEvent.id)
        .where(ObjectChange.kind == kind, ObjectChange.object_id == object_id)
    ).one()
    return first, last


def whole_stamps(session: Session) -> dict[str, str]:
    """The system and the body as a whole: made when the audit trail began (the database was created,
    or the demo loaded), changed with the newest change of all the data (a demo load or an import)."""
    first = session.scalar(sa.select(sa.func.min(AuditEvent.at)))
    _, everything = everything_times(session)
    return {"created": stamp(first), "modified": stamp(everything or first)}


def trail(session: Session, sources: Iterable[Source]) -> Trail:
    by_kind: dict[str, set[int]] = {}
    for kind, object_id in sources:
        by_kind.setdefault(kind, set()).add(object_id)
    stamps: dict[Source, tuple[dt.datetime, dt.datetime]] = {}
    if by_kind:
        rows = session.execute(
            sa.select(
                ObjectChange.kind,
                ObjectChange.object_id,
                sa.func.min(AuditEvent.at),
                sa.func.max(AuditEvent.at),
            )
            .join(AuditEvent, AuditEvent.id == ObjectChange.audit_event_id)
            .where(
                sa.or_(
                    *(
                        sa.and_(ObjectChange.kind == k, ObjectChange.object_id.in_(sorted(ids)))
                        for k, ids in by_kind.items()
                    )
                )
            )
            .group_by(ObjectChange.kind, ObjectChange.object_id)
        )
        stamps = {(kind, object_id): (first, last) for kind, object_id, first, last in rows}
    return Trail(stamps, everything_times(session))


@dataclass(frozen=True)
class Window:
    """The list filters (naive UTC; None where not given)."""

    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None


def _changed(
    kind: str, column: sa.ColumnElement[int], condition: sa.ColumnElement[bool]
) -> sa.ColumnElement[bool]:
    return sa.exists(
        sa.select(1)
        .select_from(ObjectChange)
        .join(AuditEvent, AuditEvent.id == ObjectChange.audit_event_id)
        .where(ObjectChange.kind == kind, ObjectChange.object_id == column, condition)
    )


def window_condition(
    session: Session, window: Window, sources: Sequence[tuple[str, sa.ColumnElement[int]]]
) -> sa.ColumnElement[bool]:
    """The SQL condition that an object whose trail is `sources` (kind, id column) lies in the window:
    modified is the last event of any source or of everything, created the first."""
    first, last = everything_times(session)
    parts: list[sa.ColumnElement[bool]] = []
    if window.modified_since is not None:
        t = window.modified_since
        if last is None or last < t:
            parts.append(sa.or_(*(_changed(k, c, AuditEvent.at >= t) for k, c in sources)))
    if window.modified_until is not None:
        t = window.modified_until
        parts.append(
            sa.false()
            if last is not None and last > t
            else sa.and_(*(~_changed(k, c, AuditEvent.at > t) for k, c in sources))
        )
    if window.created_since is not None:
        t = window.created_since
        parts.append(
            sa.false()
            if first is not None and first < t
            else sa.and_(*(~_changed(k, c, AuditEvent.at < t) for k, c in sources))
        )
    if window.created_until is not None:
        t = window.created_until
        if first is None or first > t:
            parts.append(sa.or_(*(_changed(k, c, AuditEvent.at <= t) for k, c in sources)))
    return sa.and_(sa.true(), *parts)


# --- Lists ------------------------------------------------------------------------------------------------


def page_ids(
    session: Session,
    select: sa.Select,
    column: sa.ColumnElement[int],
    condition,
    *,
    after: int | None,
    limit: int,
) -> tuple[list[int], int]:
    """Keyset paging by id: the next `limit` ids after `after` (plus one, to know there is a next page),
    and how many there are in all."""
    query = select.where(condition)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    if after is not None:
        query = query.where(column > after)
    ids = list(session.scalars(query.order_by(column).limit(limit + 1)))
    return ids, total


def meeting_ids(scope: Scope) -> sa.Select:
    return sa.select(Meeting.id).join(Body, Body.id == Meeting.body_id).where(pub.body_visible(scope))


def item_ids(scope: Scope) -> sa.Select:
    return (
        sa.select(AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.id.in_(sa.select(pub.public_items(scope).subquery().c.id)))
    )


def paper_ids(scope: Scope) -> sa.Select:
    return sa.select(Case.id).where(Case.id.in_(pub.case_ids(scope)))


def consultation_ids(scope: Scope) -> sa.Select:
    return sa.select(Consultation.id).where(Consultation.case_id.in_(pub.case_ids(scope)))


def file_ids(scope: Scope, *, removed: bool = False) -> sa.Select:
    """Candidates: the documents of a meeting, item, case or treatment the scope shows at all (and,
    with `removed`, those removed since: OParl lists them as deleted under modified_since); each is
    then read through the read model (publication.file_records), which applies the public rule."""
    meetings = meeting_ids(scope)
    cases = pub.case_ids(scope)
    return sa.select(Document.id).where(
        sa.true() if removed else Document.removed_at.is_(None),
        sa.or_(
            Document.meeting_id.in_(meetings),
            Document.agenda_item_id.in_(sa.select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings))),
            Document.case_id.in_(cases),
            Document.consultation_id.in_(sa.select(Consultation.id).where(Consultation.case_id.in_(cases))),
        ),
    )


def membership_ids(scope: Scope) -> sa.Select:
    return sa.select(Membership.id).join(Body, Body.id == Membership.body_id).where(pub.body_visible(scope))


def person_ids(scope: Scope) -> sa.Select:
    return sa.select(Person.id).where(
        Person.id.in_(
            sa.select(Membership.person_id)
            .join(Body, Body.id == Membership.body_id)
            .where(pub.body_visible(scope))
        )
    )


def body_ids(scope: Scope) -> sa.Select:
    return sa.select(Body.id).where(pub.body_visible(scope))


def unit_ids(_scope: Scope) -> sa.Select:
    return sa.select(Unit.id)  # who is represented is a public fact


def sources_of(kind: str) -> list[tuple[str, sa.ColumnElement[int]]]:
    """Where an OParl type's trail is kept: an agenda item is part of its meeting and its case's paper,
    a consultation of its paper and its meeting."""
    if kind == "agendaItem":
        return [(rules.MEETING, AgendaItem.meeting_id), (rules.PAPER, AgendaItem.case_id)]
    if kind == "consultation":
        return [(rules.PAPER, Consultation.case_id), (rules.MEETING, Consultation.meeting_id)]
    column = {
        rules.MEETING: Meeting.id,
        rules.PAPER: Case.id,
        rules.FILE: Document.id,
        rules.MEMBERSHIP: Membership.id,
        rules.PERSON: Person.id,
        rules.BODY: Body.id,
        rules.UNIT: Unit.id,
    }[kind]
    return [(kind, column)]


# --- Objects ----------------------------------------------------------------------------------------------


class Urls:
    """The API's URLs, from the address the client used."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip("/")

    def __call__(self, *parts: object) -> str:
        return "/".join([self.root, *(str(part) for part in parts)])


def basis(value: str | None) -> dict[str, str]:
    return {X + "basis": value} if value else {}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _local(value: dt.datetime | None) -> str | None:
    return value.replace(tzinfo=clock.OSLO).isoformat(timespec="seconds") if value else None


def clean(obj: dict) -> dict:
    """Leave out what is unknown: OParl says to omit a property rather than give it null."""
    return {key: value for key, value in obj.items() if value is not None}


def file_object(f: pub.PublishedFile, url: Urls, t: Trail) -> dict:
    sources = [(rules.FILE, f.document_id)]
    name = f.title if f.open else rules.closed_name(f.exempt_basis or "")
    return clean(
        {
            "id": url("file", f.document_id),
            "type": OPARL + "File",
            "name": name,
            "fileName": f.filename,
            "mimeType": f.content_type if f.open else None,
            "date": f.uploaded_at.date().isoformat(),
            "size": f.size if f.open else None,
            "accessUrl": url("file", f.document_id, "content"),
            "downloadUrl": url("file", f.document_id, "content") if f.open else None,
            X + "sha256": f.sha256,
            X + "kind": f.kind,
            X + "exempt": None if f.open else True,
            "created": t.created(sources),
            "modified": t.modified(sources),
        }
    )


def meeting_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    records = [r for mid in ids if (r := pub.meeting_record(session, meeting_id=mid, scope=scope))]
    treatments = _treatments(session, [r.meeting.id for r in records])
    sources = {(rules.MEETING, r.meeting.id) for r in records}
    sources |= {(rules.PAPER, i.case_id) for r in records for i in r.items if i.case_id}
    sources |= {
        (rules.FILE, f.document_id)
        for r in records
        for f in (*r.files, *(f for i in r.items for f in i.files))
    }
    t = trail(session, sources)
    return [_meeting(r, url, t, treatments) for r in records]


def _treatments(session: Session, meeting_ids_: Sequence[int]) -> dict[tuple[int, int], int]:
    """(meeting, case) -> the consultation treating the case there (an agenda item's consultation)."""
    rows = session.execute(
        sa.select(Consultation.meeting_id, Consultation.case_id, sa.func.min(Consultation.id))
        .where(Consultation.meeting_id.in_(list(meeting_ids_)))
        .group_by(Consultation.meeting_id, Consultation.case_id)
    )
    return {(m, c): cid for m, c, cid in rows}


def _meeting(r: pub.MeetingRecord, url: Urls, t: Trail, treatments) -> dict:
    m = r.meeting
    files = {kind: [f for f in r.files if f.kind == kind] for kind in DocumentKind}
    invitation = files[DocumentKind.NOTICE][:1]
    protocol = files[DocumentKind.MINUTES][:1]
    others = [f for f in r.files if f not in invitation and f not in protocol]
    name = m.title or f"{m.body} {m.starts_at:%d.%m.%Y}"
    return clean(
        {
            "id": url("meeting", m.id),
            "type": OPARL + "Meeting",
            "name": name,
            "meetingState": words("meeting_status", m.status),
            "cancelled": m.cancelled,
            "start": _local(m.starts_at),
            "end": _local(m.ends_at),
            "organization": [url("organization", f"body-{m.body_id}")],
            "invitation": file_object(invitation[0], url, t) if invitation else None,
            "resultsProtocol": file_object(protocol[0], url, t) if protocol else None,
            "auxiliaryFile": [file_object(f, url, t) for f in others] or None,
            "agendaItem": [_item(i, m, url, t, treatments) for i in r.items],
            X + "place": m.place,
            **basis(m.basis),
            "created": t.created([(rules.MEETING, m.id)]),
            "modified": t.modified([(rules.MEETING, m.id)]),
        }
    )


def _item(i: pub.PublishedItem, m: pub.MeetingSummary, url: Urls, t: Trail, treatments) -> dict:
    sources = [(rules.MEETING, m.id), *([(rules.PAPER, i.case_id)] if i.case_id else [])]
    consultation = treatments.get((m.id, i.case_id)) if i.case_id else None
    return clean(
        {
            "id": url("agendaitem", i.id),
            "type": OPARL + "AgendaItem",
            "meeting": url("meeting", m.id),
            "number": i.number or str(i.position),  # a heading has no case number: its place
            "order": i.position,
            "name": rules.closed_name(i.closed_basis) if i.closed else i.title,
            "public": not i.closed,
            "consultation": url("consultation", consultation) if consultation else None,
            "result": result_words(i.result, deciding=i.role == ConsultationRole.DECISION),
            "resolutionText": i.text,
            "auxiliaryFile": [file_object(f, url, t) for f in i.files] or None,
            X + "paper": url("paper", i.case_id) if i.case_id else None,
            "created": t.created(sources),
            "modified": t.modified(sources),
        }
    )


def _parts(ids: Sequence[int], owners: Iterable[dict], key: str) -> list[dict]:
    """Objects embedded in their owners (a meeting's agenda items, a paper's consultations), in the
    order of `ids`: read with the owner, so each shows exactly as its owner does."""
    by_id = {int(part["id"].rsplit("/", 1)[1]): part for owner in owners for part in owner.get(key) or ()}
    return [by_id[i] for i in ids if i in by_id]


def item_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    """Agenda items, read with their meeting (a closed one as the meeting shows it)."""
    meetings = sa.select(AgendaItem.meeting_id).where(AgendaItem.id.in_(list(ids))).distinct()
    owners = meeting_objects(session, sorted(session.scalars(meetings)), scope=scope, url=url)
    return _parts(ids, owners, "agendaItem")


def paper_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    records = list(pub.case_records(session, case_ids_=ids, scope=scope).values())
    meetings = {s.meeting_id for r in records for s in r.steps if s.meeting_id}
    items = dict(
        ((m, c), i)
        for m, c, i in session.execute(
            sa.select(AgendaItem.meeting_id, AgendaItem.case_id, sa.func.min(AgendaItem.id))
            .where(
                AgendaItem.meeting_id.in_(sorted(meetings)), AgendaItem.case_id.in_([r.id for r in records])
            )
            .group_by(AgendaItem.meeting_id, AgendaItem.case_id)
        )
    )
    visible_bodies = set(session.scalars(body_ids(scope)))
    sources = {(rules.PAPER, r.id) for r in records}
    sources |= {(rules.MEETING, s.meeting_id) for r in records for s in r.steps if s.meeting_id}
    sources |= {(rules.FILE, f.document_id) for r in records for f in r.files}
    t = trail(session, sources)
    return [_paper(r, url, t, items, visible_bodies) for r in records]


def _paper(r: pub.CaseRecord, url: Urls, t: Trail, items, visible_bodies) -> dict:
    main = [f for f in r.files if f.kind == DocumentKind.CASE_PAPER and f.open][:1]
    days = [s.day for s in r.steps if s.day]
    return clean(
        {
            "id": url("paper", r.id),
            "type": OPARL + "Paper",
            "body": url("body", "osloregionen"),
            "name": r.title,
            "reference": r.registration,
            "date": _date(min(days)) if days else None,
            "paperType": "Sak",
            "mainFile": file_object(main[0], url, t) if main else None,
            "auxiliaryFile": [file_object(f, url, t) for f in r.files if f not in main] or None,
            "consultation": [_consultation(r, s, url, t, items, visible_bodies) for s in r.steps],
            X + "numbers": [{"organ": body, "number": number} for body, number in r.numbers] or None,
            X + "proposedDecision": r.proposed_decision,
            X + "decision": r.final_decision,
            **basis(r.basis),
            "created": t.created([(rules.PAPER, r.id)]),
            "modified": t.modified([(rules.PAPER, r.id)]),
        }
    )


def _consultation(
    r: pub.CaseRecord, s: pub.PublishedStep, url: Urls, t: Trail, items, visible_bodies
) -> dict:
    sources = [(rules.PAPER, r.id), *([(rules.MEETING, s.meeting_id)] if s.meeting_id else [])]
    item = items.get((s.meeting_id, r.id)) if s.meeting_id else None
    return clean(
        {
            "id": url("consultation", s.id),
            "type": OPARL + "Consultation",
            "paper": url("paper", r.id),
            "agendaItem": url("agendaitem", item) if item else None,
            "meeting": url("meeting", s.meeting_id) if s.meeting_id else None,
            "organization": [url("organization", f"body-{s.body_id}")]
            if s.body_id in visible_bodies
            else None,
            "authoritative": s.authoritative,
            "role": words("consultation_role", s.role),
            X + "organ": s.body,
            X + "date": _date(s.day),
            X + "number": s.number,
            X + "result": result_words(s.result, deciding=s.authoritative),
            X + "text": s.text,
            "created": t.created(sources),
            "modified": t.modified(sources),
        }
    )


def consultation_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    """Consultations, read with their paper."""
    cases = sa.select(Consultation.case_id).where(Consultation.id.in_(list(ids))).distinct()
    owners = paper_objects(session, sorted(session.scalars(cases)), scope=scope, url=url)
    return _parts(ids, owners, "consultation")


def file_objects(
    session: Session, ids: Sequence[int], *, scope: Scope, url: Urls, removed: bool = False
) -> list[dict]:
    """Files as the scope shows them; with `removed`, a removed one as OParl's deleted object."""
    records = pub.file_records(session, document_ids=ids, scope=scope)
    gone = (
        set(
            session.scalars(
                file_ids(scope, removed=True).where(
                    Document.id.in_(list(ids)), Document.removed_at.is_not(None)
                )
            )
        )
        if removed
        else set()
    )
    t = trail(session, {(rules.FILE, did) for did in ids if did in records or did in gone})
    return [
        file_object(records[did], url, t)
        if did in records
        else deleted("File", url("file", did), t, [(rules.FILE, did)])
        for did in ids
        if did in records or did in gone
    ]


def deleted(kind: str, id_: str, t: Trail, sources: Sequence[Source]) -> dict:
    """What OParl 1.1 gives of an object that is gone: that it is, and when (its last change)."""
    return {
        "id": id_,
        "type": OPARL + kind,
        "deleted": True,
        "created": t.created(sources),
        "modified": t.modified(sources),
    }


def membership_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    rows = session.scalars(
        sa.select(Membership)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.id.in_(list(ids)), pub.body_visible(scope))
        .order_by(Membership.id)
    ).all()
    t = trail(session, {(rules.MEMBERSHIP, m.id) for m in rows})
    return [_membership(m, url, t) for m in rows]


def _membership(m: Membership, url: Urls, t: Trail, *, embedded: bool = False) -> dict:
    sources = [(rules.MEMBERSHIP, m.id)]
    return clean(
        {
            "id": url("membership", m.id),
            "type": OPARL + "Membership",
            "person": None if embedded else url("person", m.person_id),
            "organization": url("organization", f"body-{m.body_id}"),
            "role": rules.role_words(m.role),
            "votingRight": m.role in rules.VOTING_ROLES,
            "startDate": _date(m.start_on),
            "endDate": _date(m.end_on),
            "onBehalfOf": url("organization", f"unit-{m.represents_unit_id}")
            if m.represents_unit_id
            else None,
            # Who appointed the person, where it is not the unit represented: a sub-region appoints for one
            # of its municipalities (Vestfoldkommunene for Holmestrand: Holmestrand covers Vestfold's seat).
            X + "appointedBy": url("organization", f"unit-{m.appointed_by_unit_id}")
            if m.appointed_by_unit_id
            else None,
            # A vara: first, second, ... of the unit's vara, or one member's personal vara.
            X + "substituteOrder": m.substitute_order,
            X + "substituteFor": url("person", m.substitute_for_person_id)
            if m.substitute_for_person_id
            else None,
            **basis(m.basis),
            "created": t.created(sources),
            "modified": t.modified(sources),
        }
    )


def person_objects(session: Session, ids: Sequence[int], *, scope: Scope, url: Urls) -> list[dict]:
    visible = set(session.scalars(person_ids(scope).where(Person.id.in_(list(ids)))))
    people = session.execute(
        sa.select(Person.id, Person.name, Person.basis)
        .where(Person.id.in_(sorted(visible)))
        .order_by(Person.id)
    ).all()
    seats = session.scalars(
        sa.select(Membership)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.person_id.in_(sorted(visible)), pub.body_visible(scope))
        .order_by(Membership.start_on, Membership.id)
    ).all()
    t = trail(session, {(rules.PERSON, p.id) for p in people} | {(rules.MEMBERSHIP, m.id) for m in seats})
    # No e-mail, employer or title: the API publishes who sits where, not how to reach them.
    return [
        clean(
            {
                "id": url("person", p.id),
                "type": OPARL + "Person",
                "body": url("body", "osloregionen"),
                "name": p.name,
                "membership": [_membership(m, url, t, embedded=True) for m in seats if m.person_id == p.id],
                **basis(p.basis),
                "created": t.created([(rules.PERSON, p.id)]),
                "modified": t.modified([(rules.PERSON, p.id)]),
            }
        )
        for p in people
    ]


def organization_objects(session: Session, keys: Sequence[str], *, scope: Scope, url: Urls) -> list[dict]:
    """Bodies ("body-3") and units ("unit-12"), in the order asked."""
    wanted_bodies = [int(k[5:]) for k in keys if k.startswith("body-")]
    wanted_units = [int(k[5:]) for k in keys if k.startswith("unit-")]
    bodies = session.scalars(sa.select(Body).where(Body.id.in_(wanted_bodies), pub.body_visible(scope))).all()
    units = session.scalars(sa.select(Unit).where(Unit.id.in_(wanted_units))).all()
    seats = session.execute(
        sa.select(Membership.body_id, Membership.id)
        .where(Membership.body_id.in_([b.id for b in bodies]))
        .order_by(Membership.id)
    ).all()
    today = clock.oslo_today()
    groups = [b.id for b in bodies if b.kind == BodyKind.EXPERT_GROUP]
    coverage = (
        {c.body_id: c.coverage for c in body_coverage(session, on=today, body_ids=groups)} if groups else {}
    )
    t = trail(session, {(rules.BODY, b.id) for b in bodies} | {(rules.UNIT, u.id) for u in units})
    found: dict[str, dict] = {}
    for b in bodies:
        found[f"body-{b.id}"] = clean(
            {
                "id": url("organization", f"body-{b.id}"),
                "type": OPARL + "Organization",
                "body": url("body", "osloregionen"),
                "name": b.name,
                "shortName": b.short_name,
                "membership": [url("membership", mid) for body_id, mid in seats if body_id == b.id],
                "organizationType": rules.BODY_TYPE,
                "classification": rules.body_words(b.kind),
                "startDate": _date(b.founded_on),
                "endDate": _date(b.dissolved_on),
                X + "coverage": _coverage(coverage[b.id], url) if b.id in coverage else None,
                **basis(b.basis),
                "created": t.created([(rules.BODY, b.id)]),
                "modified": t.modified([(rules.BODY, b.id)]),
            }
        )
    for u in units:
        found[f"unit-{u.id}"] = clean(
            {
                "id": url("organization", f"unit-{u.id}"),
                "type": OPARL + "Organization",
                "body": url("body", "osloregionen"),
                "name": u.name,
                "organizationType": rules.UNIT_TYPE,
                "classification": rules.unit_words(u.kind, county_level=u.county_level),
                "startDate": _date(u.valid_from),
                "endDate": _date(u.valid_to),
                **basis(u.basis),
                "created": t.created([(rules.UNIT, u.id)]),
                "modified": t.modified([(rules.UNIT, u.id)]),
            }
        )
    return [found[k] for k in keys if k in found]


def _coverage(c, url: Urls) -> dict:
    """An expert group's coverage today (rules.coverage): expected, uncovered, several, leader."""
    unit = lambda u: url("organization", f"unit-{u.unit.id}")  # noqa: E731
    return {
        "date": c.on.isoformat(),
        "expectedUnits": c.expected,
        "coveredUnits": c.covered_count,
        "uncoveredUnit": [unit(u) for u in c.missing],
        "unitWithSeveralPeople": [unit(u) for u in c.several],
        # yes / no / unknown (no one recorded in the role before today): rules.coverage's words
        "leader": c.leader_state,
        "deputy": c.deputy_state,
    }
