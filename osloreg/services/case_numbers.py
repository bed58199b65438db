"""Case numbers per body and year (NN/YY): suggest the next free one, take it or a typed free one."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osloreg.i18n import case_label
from osloreg.models import Body, CaseNumber, Consultation, Meeting, utcnow
from osloreg.rules import cases as rules
from osloreg.services.base import ValidationFailed

# Two coordinators taking the next number at once: the later insert meets the unique index, rolls
# back to its savepoint and counts again (it then sees the first one's number). More tries than
# there are people at work at once.
TAKE_ATTEMPTS = 20


def next_free(session: Session, *, body_id: int, year: int) -> int:
    """The number the next case on this body's agenda in `year` gets: one after the highest."""
    highest = session.scalar(
        select(func.max(CaseNumber.number)).where(CaseNumber.body_id == body_id, CaseNumber.year == year)
    )
    return rules.next_number([highest] if highest else [])


def held(session: Session, *, case_id: int, body_id: int, year: int) -> CaseNumber | None:
    """The case's number in this body and year, if it has one (a case treated again keeps it)."""
    return session.scalar(
        select(CaseNumber).where(
            CaseNumber.case_id == case_id, CaseNumber.body_id == body_id, CaseNumber.year == year
        )
    )


def _taken_error(session: Session, *, body_id: int, year: int, number: int) -> ValidationFailed:
    body = session.get(Body, body_id)
    free = next_free(session, body_id=body_id, year=year)
    return ValidationFailed(
        "error.case_number_taken",
        label=case_label(number, year),
        body=body.name if body else "",
        next=case_label(free, year),
    )


def take(session: Session, *, case_id: int, body_id: int, year: int, number: int | None = None) -> CaseNumber:
    """The case's number in the body's series of `year`: the one it holds there already, else
    `number` if free (a taken one is refused in words, with the next free one), else the next free.
    Called inside a service's transaction."""
    if number is not None:
        number, year = rules.check_number(number, year)
    kept = held(session, case_id=case_id, body_id=body_id, year=year)
    if kept is not None:
        if number is not None and number != kept.number:
            raise ValidationFailed("error.case_number_kept", label=kept.label)
        return kept
    for _ in range(TAKE_ATTEMPTS):
        wanted = number if number is not None else next_free(session, body_id=body_id, year=year)
        if number is not None and session.scalar(
            select(CaseNumber.id).where(
                CaseNumber.body_id == body_id, CaseNumber.year == year, CaseNumber.number == wanted
            )
        ):
            raise _taken_error(session, body_id=body_id, year=year, number=wanted)
        row = CaseNumber(case_id=case_id, body_id=body_id, year=year, number=wanted, assigned_at=utcnow())
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            if number is not None:
                raise _taken_error(session, body_id=body_id, year=year, number=wanted) from None
            continue
        return row
    raise _taken_error(session, body_id=body_id, year=year, number=wanted)


def release(session: Session, *, case_id: int, body_id: int, year: int) -> str | None:
    """Give the case's number in the body's series of `year` back when no meeting of the body that
    year has the case any more (taken off the agenda before it was treated); its label, or None."""
    kept = held(session, case_id=case_id, body_id=body_id, year=year)
    still_there = session.scalar(
        select(Consultation.id)
        .outerjoin(Meeting, Meeting.id == Consultation.meeting_id)
        .where(
            Consultation.case_id == case_id,
            Consultation.body_id == body_id,
            (func.extract("year", Meeting.starts_at) == year)
            | (func.extract("year", Consultation.treated_on) == year),
        )
        .limit(1)
    )
    if kept is None or still_there is not None:
        return None
    label = kept.label
    session.delete(kept)
    session.flush()
    return label
