"""The digest's sections (issue 18): for each role, the rows of the very query the overview reads (the
decisions page's follow-ups and the coverage page's terms ending beside them), in the reader's words,
each with an absolute link into the app; queries.digest puts one user's together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from osloreg import navigation
from osloreg.enums import CallAnswer, Role
from osloreg.i18n import format_datetime, translate
from osloreg.models import Body
from osloreg.queries import decisions, inputs, meeting_cycle, meetings_ahead, overview
from osloreg.queries.common import active_on, optional_int
from osloreg.queries.coverage import body_coverage
from osloreg.rules import digest as rules
from osloreg.rules.coverage import TERM_ENDING_DAYS, Seat
from osloreg.rules.permissions import Action, allowed

RATIONALE_SHOWN = 200  # characters of a decision's rationale in a row; the rest is in the app

# --- What a digest holds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int  # the record the row names (advice, case, meeting, forfall, membership, vara call)
    text: str
    link: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]  # the first rules.ROWS_SHOWN, in the order the app lists them
    total: int  # how many there are in all
    link: str  # where the app lists them all

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


@dataclass(frozen=True)
class Digest:
    sections: tuple[Section, ...]  # only those with something in them, in the order of SECTIONS

    def __bool__(self) -> bool:
        return bool(self.sections)

    @property
    def item_count(self) -> int:
        return sum(section.total for section in self.sections)

    def counts(self) -> dict[str, int]:
        return {section.key: section.total for section in self.sections}


def app_link(base_url: str, page: str, **params: int) -> str:
    """An absolute link to a page of the app (by navigation's name; the overview is the root), with a
    record's id."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{base_url.rstrip('/')}/{navigation.url_path(page)}{query}"


@dataclass(frozen=True)
class Context:
    """What every section is read and worded with: one user's day, language, person and answers' start."""

    session: Session
    language: str
    today: dt.date
    base_url: str
    person_id: int | None
    since: dt.datetime

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.language, **params)

    def link(self, page: str, **params: int) -> str:
        return app_link(self.base_url, page, **params)

    def meeting(self, starts_at: dt.datetime, body: str, title: object = None) -> str:
        """A meeting as a row names it: its body and time (Oslo wall clock, as stored), and its title."""
        name = f"{body} {format_datetime(starts_at, self.language)}"
        return f"{name} – {title}" if isinstance(title, str) and title.strip() else name

    def section(
        self, key: str, rows: Iterable[Row], total: int, page: str, *, title_key: str = "", **title: object
    ) -> Section:
        shown = tuple(rows)[: rules.ROWS_SHOWN]
        heading = self.t(f"digest.section.{title_key or key}", count=total, **title)
        return Section(key, heading, shown, total, self.link(page))


# --- The director ---------------------------------------------------------------------------------


def _advice(c: Context) -> Section:
    summary = overview.director_summary(c.session, today=c.today)
    rows = [
        Row(
            int(item.id),
            c.t(
                "digest.row.advice_overdue" if item.overdue else "digest.row.advice",
                title=item.title,
                body=item.body,
                submitted=item.submitted_at.date(),
                days=int(item.days_waiting),
                target=item.target_date,
            ),
            c.link("decisions"),
        )
        for item in summary.items.itertuples()
    ]
    title_key = "advice_overdue" if summary.overdue else "advice"
    return c.section(
        "advice", rows, summary.pending, "decisions", title_key=title_key, overdue=summary.overdue
    )


def _follow_ups(c: Context) -> Section:
    due = decisions.follow_ups_due(c.session, today=c.today)
    rows = [
        Row(
            int(row.advice_id),
            c.t(
                "digest.row.follow_up_overdue" if row.overdue else "digest.row.follow_up",
                title=row.title,
                body=row.body,
                date=row.follow_up_on,
            ),
            c.link("decisions"),
        )
        for row in due.rows.itertuples()
    ]
    return c.section("follow_ups", rows, due.total, "decisions")


# --- A coordinator --------------------------------------------------------------------------------


def _stalled(c: Context) -> Section:
    stalled = overview.stalled_cases(c.session, today=c.today)
    rows = []
    for row in stalled.rows.itertuples():
        params = {"case": row.case, "title": row.title, "weeks": int(row.weeks_idle)}
        if isinstance(row.next_body, str) and not pd.isna(row.next_planned_on):
            text = c.t("digest.row.stalled_next", body=row.next_body, date=row.next_planned_on, **params)
        else:
            text = c.t("digest.row.stalled", **params)
        rows.append(Row(int(row.id), text, c.link("cases", case=int(row.id))))
    return c.section("stalled", rows, stalled.total, "cases")


def _notice_due(c: Context) -> Section:
    due = meeting_cycle.notice_due(c.session, today=c.today)
    rows = [
        Row(
            int(row.id),
            c.t(
                "digest.row.notice_due", meeting=c.meeting(row.starts_at, row.body, row.title), due=row.due_on
            ),
            c.link("calendar", meeting=int(row.id)),
        )
        for row in due.rows.itertuples()
    ]
    return c.section("notice_due", rows, due.total, "calendar")


def _minutes_waiting(c: Context) -> Section:
    waiting = meeting_cycle.minutes_waiting(c.session, today=c.today)
    rows = [
        Row(
            int(row.id),
            c.t("digest.row.minutes_waiting", meeting=c.meeting(row.starts_at, row.body, row.title)),
            c.link("calendar", meeting=int(row.id)),
        )
        for row in waiting.rows.itertuples()
    ]
    return c.section("minutes_waiting", rows, waiting.total, "calendar")


def terms_ending(session: Session, *, today: dt.date) -> list[tuple[str, Seat]]:
    """(body, seat) of every seat whose term ends within the coverage page's window, in the bodies
    active today: what the coverage page lists under each body, soonest end first."""
    body_ids = session.scalars(sa.select(Body.id).where(active_on(Body.founded_on, Body.dissolved_on, today)))
    ending = [
        (body.name, seat)
        for body in body_coverage(session, on=today, body_ids=sorted(body_ids))
        for seat in body.coverage.ending_soon
    ]
    ending.sort(key=lambda pair: (pair[1].end_on, pair[1].person_name, pair[0]))
    return ending


def _terms_ending(c: Context) -> Section:
    ending = terms_ending(c.session, today=c.today)
    rows = [
        Row(
            int(seat.membership_id),
            c.t(
                "digest.row.term_ending",
                person=seat.person_name,
                role=c.t(f"overview.member_role.{seat.role}"),
                body=body,
                end=seat.end_on,
            ),
            c.link("coverage"),
        )
        for body, seat in ending
    ]
    return c.section("terms_ending", rows, len(ending), "coverage", days=TERM_ENDING_DAYS)


def _coverage_gaps(c: Context) -> Section:
    forecasts = meetings_ahead.forecasts(c.session, start=c.today, days=meetings_ahead.FORECAST_DAYS)
    gaps = meetings_ahead.coverage_gaps(forecasts)
    rows = []
    for row in gaps.itertuples():
        parts = []
        if row.missing:
            parts.append(
                c.t(
                    "digest.part.missing_units",
                    covered=int(row.covered),
                    expected=int(row.expected),
                    missing=", ".join(row.missing),
                )
            )
        required = optional_int(row.quorum_required)
        if required is not None and row.expected_present < required:
            parts.append(c.t("digest.part.no_quorum", present=int(row.expected_present), required=required))
        text = c.t(
            "digest.row.coverage_gap", meeting=c.meeting(row.starts_at, row.body), gaps="; ".join(parts)
        )
        rows.append(Row(int(row.meeting_id), text, c.link("calendar", meeting=int(row.meeting_id))))
    return c.section("coverage_gaps", rows, len(gaps), "overview", days=meetings_ahead.FORECAST_DAYS)


def _forfall(c: Context) -> Section:
    absences, total = meetings_ahead.absences_to_handle(c.session, today=c.today)
    rows = [
        Row(
            int(row.absence_id),
            c.t(
                "digest.row.forfall",
                person=row.person,
                meeting=c.meeting(row.starts_at, row.body),
                state=c.t(f"forecast.state.{row.state}"),
            ),
            c.link("calendar", meeting=int(row.meeting_id)),
        )
        for row in absences.itertuples()
    ]
    return c.section("forfall", rows, total, "overview")


# --- A member -------------------------------------------------------------------------------------


def _my_meetings(c: Context) -> Section:
    meetings = meetings_ahead.my_meetings(c.session, person_id=c.person_id, today=c.today)
    rows = []
    for row in meetings.itertuples():
        meeting = c.meeting(row.starts_at, row.body)
        if optional_int(row.absence_id) is None:
            text = c.t("digest.row.my_meeting", meeting=meeting)
        elif isinstance(row.vara, str):
            text = c.t("digest.row.my_meeting_forfall_vara", meeting=meeting, vara=row.vara)
        else:
            text = c.t("digest.row.my_meeting_forfall", meeting=meeting)
        rows.append(Row(int(row.meeting_id), text, c.link("calendar", meeting=int(row.meeting_id))))
    return c.section("my_meetings", rows, len(meetings), "overview")


def _vara_calls(c: Context) -> Section:
    calls = meetings_ahead.calls_to(c.session, person_id=c.person_id, today=c.today)
    rows = [
        Row(
            int(row.call_id),
            c.t(
                "digest.row.vara_accepted"
                if row.answer == CallAnswer.ACCEPTED
                else "digest.row.vara_pending",
                meeting=c.meeting(row.starts_at, row.body),
                member=row.member,
            ),
            c.link("calendar", meeting=int(row.meeting_id)),
        )
        for row in calls.itertuples()
    ]
    return c.section("vara_calls", rows, len(calls), "overview")


def new_answers(session: Session, *, person_id: int, since: dt.datetime) -> pd.DataFrame:
    """The overview's answers to the member's input (inputs.decided_for_author, as it is called
    there) that were decided since `since`."""
    answers = inputs.decided_for_author(session, person_id=person_id)
    return answers[answers["decided_at"] >= since]


def _answers(c: Context) -> Section:
    answers = new_answers(c.session, person_id=c.person_id, since=c.since)
    rows = []
    for row in answers.itertuples():
        params = {"title": row.title, "body": row.body, "outcome": c.t(f"outcome.{row.outcome}")}
        if isinstance(row.rationale, str) and row.rationale.strip():
            rationale = " ".join(row.rationale.split())
            if len(rationale) > RATIONALE_SHOWN:
                rationale = rationale[: RATIONALE_SHOWN - 1].rstrip() + "…"
            text = c.t("digest.row.answer_rationale", rationale=rationale, **params)
        else:
            text = c.t("digest.row.answer", **params)
        rows.append(Row(int(row.advice_id), text, c.link("input")))
    return c.section("answers", rows, len(answers), "input")


# --- By role --------------------------------------------------------------------------------------

# Each role's sections, in the overview's order: the director's, a coordinator's, then a member's.
SECTIONS: tuple[tuple[str, str, Callable[[Context], Section]], ...] = (
    (Role.DIRECTOR, "advice", _advice),
    (Role.DIRECTOR, "follow_ups", _follow_ups),
    (Role.COORDINATOR, "stalled", _stalled),
    (Role.COORDINATOR, "notice_due", _notice_due),
    (Role.COORDINATOR, "minutes_waiting", _minutes_waiting),
    (Role.COORDINATOR, "terms_ending", _terms_ending),
    (Role.COORDINATOR, "coverage_gaps", _coverage_gaps),
    (Role.COORDINATOR, "forfall", _forfall),
    (Role.MEMBER, "my_meetings", _my_meetings),
    (Role.MEMBER, "vara_calls", _vara_calls),
    (Role.MEMBER, "answers", _answers),
)
MEMBER_NEEDS_PERSON = frozenset({"my_meetings", "vara_calls", "answers"})


def section_keys(roles: Iterable[str], person_id: int | None) -> list[str]:
    """The sections a user with these roles gets, as the overview shows them: the director's to a
    director, a coordinator's to a coordinator, a member's to a member linked to a person (and who may
    report forfall, as the overview's own list of meetings asks)."""
    roles = frozenset(roles)
    keys = []
    for role, key, _ in SECTIONS:
        if role not in roles:
            continue
        if key in MEMBER_NEEDS_PERSON and (person_id is None or not allowed(roles, Action.REPORT_ATTENDANCE)):
            continue
        keys.append(key)
    return keys
