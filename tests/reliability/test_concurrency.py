"""Concurrency through the real services, on SQLite (file, WAL) and PostgreSQL: twenty writers at once
lose nothing and never see "database is locked", and two users saving the same project or advice
from the same read never overwrite each other silently: the second gets the conflict message, and
saving again from the merged form (rules.merge) keeps the first one's changes."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from osloreg import clock
from osloreg.db import read_session, read_sessions
from osloreg.enums import AdviceState, MembershipRole, Outcome, ProjectStatus, Role, SubjectType
from osloreg.models import Advice, AuditEvent, Decision, Input, Project, ProjectStatusChange
from osloreg.rules.merge import merge_after_conflict, same
from osloreg.services.advice import decide_advice, update_advice
from osloreg.services.base import Actor, Conflict
from osloreg.services.inputs import log_input
from osloreg.services.projects import change_status, update_project
from tests.factories import make_advice, make_body, make_membership, make_person, make_project
from tests.integration.audit.audit_rows import check as check_chain
from tests.integration.services.test_project_services import _form as project_form

MEMBERS, DIRECTORS, COORDINATORS = 10, 5, 5  # 20 writers, as many app sessions
WRITES_EACH = 50
TRIALS = 100
JOIN_TIMEOUT_S = 120  # a writer still running after this has hung: the test fails rather than waits


def _actor(name: str, role: str, person_id: int | None = None) -> Actor:
    return Actor(user_id=None, username=name, roles=frozenset({role}), person_id=person_id)


def _count(session: Session, query: sa.Select) -> int:
    value = session.scalar(query)
    session.commit()
    return value


def _database_name(engine: Engine) -> str:
    return "SQLite" if engine.dialect.name == "sqlite" else "PostgreSQL"


# --- 1. Twenty writers at once ---------------------------------------------------------------------


@dataclass
class Writers:
    """The data the writers work on, made before the clock starts: each write has a row of its own."""

    body: int
    subject: int  # the project the members give input on
    members: list[Actor]
    director: Actor
    coordinator: Actor
    advice: list[list[int]]  # per director writer: the submitted advice it decides, one per write
    projects: list[int]  # per coordinator writer: the project whose status it moves


@dataclass
class Outcomes:
    """What the writers were told: ids of what they wrote, and every exception that reached them."""

    written: dict[str, list[int]] = field(
        default_factory=lambda: {"inputs": [], "decisions": [], "moves": []}
    )
    locked: list[Exception] = field(default_factory=list)  # any OperationalError: "database is locked"
    errors: list[Exception] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrote(self, kind: str, row_id: int) -> None:
        with self.lock:
            self.written[kind].append(row_id)

    def failed(self, exc: Exception) -> None:
        with self.lock:
            (self.locked if isinstance(exc, OperationalError) else self.errors).append(exc)


def _writers(engine: Engine) -> Writers:
    with read_session(engine) as session:
        body = make_body(session, name="Faggruppe for næringssamarbeid")
        subject = make_project(session, body=body)
        members = []
        for n in range(MEMBERS):
            person = make_person(session, name=f"Medlem {n}")
            make_membership(session, person=person, body=body, role=MembershipRole.MEMBER)
            members.append(_actor(f"medlem{n}", Role.MEMBER, person.id))
        advice = [
            [make_advice(session, body=body, state=AdviceState.SUBMITTED).id for _ in range(WRITES_EACH)]
            for _ in range(DIRECTORS)
        ]
        projects = [
            make_project(session, body=body, status=ProjectStatus.ONGOING).id for _ in range(COORDINATORS)
        ]
        session.commit()
        return Writers(
            body=body.id,
            subject=subject.id,
            members=members,
            director=_actor("direktor", Role.DIRECTOR),
            coordinator=_actor("koordinator", Role.COORDINATOR),
            advice=advice,
            projects=projects,
        )


def _jobs(world: Writers, outcomes: Outcomes) -> list[Callable[[Session, int], None]]:
    """One function per writer: its k-th write, through the service a page would call."""

    def member(actor: Actor) -> Callable[[Session, int], None]:
        def write(session: Session, k: int) -> None:
            row = log_input(
                session,
                actor=actor,
                body_id=world.body,
                subject_type=SubjectType.PROJECT,
                subject_id=world.subject,
                text=f"Innspill {k} fra {actor.username}",
            )
            outcomes.wrote("inputs", row.id)

        return write

    def director(advice_ids: list[int]) -> Callable[[Session, int], None]:
        def write(session: Session, k: int) -> None:
            decision = decide_advice(
                session,
                actor=world.director,
                advice_id=advice_ids[k],
                outcome=Outcome.FOLLOWED,
                rationale="I tråd med faggruppens råd.",
            )
            outcomes.wrote("decisions", decision.id)

        return write

    def coordinator(project_id: int) -> Callable[[Session, int], None]:
        def write(session: Session, k: int) -> None:
            # ongoing -> paused -> ongoing ...: the status the coordinator saw is the one it left.
            paused = k % 2 == 0
            project = change_status(
                session,
                actor=world.coordinator,
                project_id=project_id,
                expected_status=ProjectStatus.ONGOING if paused else ProjectStatus.PAUSED,
                to_status=ProjectStatus.PAUSED if paused else ProjectStatus.ONGOING,
                note=f"Endring {k}",
            )
            outcomes.wrote("moves", project.id)

        return write

    return (
        [member(actor) for actor in world.members]
        + [director(ids) for ids in world.advice]
        + [coordinator(project_id) for project_id in world.projects]
    )


def _run_writers(engine: Engine, jobs: list[Callable[[Session, int], None]], outcomes: Outcomes) -> float:
    """Start every writer at once, each in its own thread with its own session; the seconds taken."""
    start = threading.Barrier(len(jobs) + 1)

    def run(job: Callable[[Session, int], None]) -> None:
        with read_session(engine) as session:  # what ui.db_session gives a page
            start.wait()
            for k in range(WRITES_EACH):
                try:
                    job(session, k)
                except Exception as exc:  # noqa: BLE001 - every exception a caller would see is counted
                    outcomes.failed(exc)
                    session.rollback()

    threads = [threading.Thread(target=run, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
    seconds = time.perf_counter() - began
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return seconds


def test_twenty_concurrent_writers_lose_nothing_and_never_see_a_locked_database(engine, figures):
    world = _writers(engine)
    with read_session(engine) as session:
        audit_before = _count(session, sa.select(sa.func.count()).select_from(AuditEvent))
        moves_before = _count(session, sa.select(sa.func.count()).select_from(ProjectStatusChange))
    outcomes = Outcomes()
    jobs = _jobs(world, outcomes)
    assert len(jobs) == 20
    seconds = _run_writers(engine, jobs, outcomes)

    written = outcomes.written
    expected = len(jobs) * WRITES_EACH
    reported = sum(len(ids) for ids in written.values())
    with read_session(engine) as session:
        inputs = _count(
            session,
            sa.select(sa.func.count()).select_from(Input).where(Input.id.in_(written["inputs"] or [0])),
        )
        decisions = _count(
            session,
            sa.select(sa.func.count())
            .select_from(Decision)
            .where(Decision.id.in_(written["decisions"] or [0])),
        )
        moves = _count(session, sa.select(sa.func.count()).select_from(ProjectStatusChange)) - moves_before
        audit_events = _count(session, sa.select(sa.func.count()).select_from(AuditEvent)) - audit_before
        decided = _count(
            session,
            sa.select(sa.func.count())
            .select_from(Advice)
            .where(
                Advice.state == AdviceState.DECIDED, Advice.id.in_([i for ids in world.advice for i in ids])
            ),
        )
        statuses = set(session.scalars(sa.select(Project.status).where(Project.id.in_(world.projects))))
        session.commit()
    rows = inputs + decisions + moves
    lost = reported - rows
    locked = len(outcomes.locked)
    figures.record(
        f"{_database_name(engine)}: {rows:,} rows ({inputs} inputs, {decisions} decisions, {moves} status"
        f" changes) + {audit_events:,} audit events, {lost} lost, {locked} 'database is locked',"
        f" {len(outcomes.errors)} errors, {seconds:.1f} s, {reported / seconds:,.0f} writes/s"
    )
    assert outcomes.locked == [], outcomes.locked[:3]
    assert outcomes.errors == [], outcomes.errors[:3]
    assert reported == expected
    assert (inputs, decisions, moves) == (
        MEMBERS * WRITES_EACH,
        DIRECTORS * WRITES_EACH,
        COORDINATORS * WRITES_EACH,
    )
    assert lost == 0
    assert audit_events == expected  # one audit event per write, none lost with its change
    chain = check_chain(engine, None)  # and they form one chain, in id order, whatever the interleaving
    figures.record(f"audit chain after the writers: {chain.summary()[:60]}…")
    assert chain.ok, chain.summary()
    assert decided == DIRECTORS * WRITES_EACH
    assert statuses == {ProjectStatus.ONGOING}  # an even number of moves each, none lost or doubled


# --- 2. Two users saving the same record from the same read ------------------------------------------


@dataclass
class Tally:
    trials: int = 0
    conflicts: int = 0
    overwrites: int = 0  # trials where the record does not hold the winner's values alone
    won: dict[str, int] = field(default_factory=lambda: {"A": 0, "B": 0})  # concurrent: the race was real
    errors: list[Exception] = field(default_factory=list)
    # After the conflict the loser saves again from the merged form: fields the winner changed and the
    # loser did not, found holding anything but the winner's value (reverted without anyone knowing);
    # and how many a re-save of the whole form as it was (the old way) would have written back.
    reverts: int = 0
    whole_form_reverts: int = 0

    def text(self, what: str) -> str:
        return (
            f"{what}: {self.trials} trials, {self.conflicts} conflicts reported, "
            f"{self.overwrites} silent overwrites, {self.reverts} silent reverts after a re-save "
            f"(a whole-form re-save would have reverted {self.whole_form_reverts}), {len(self.errors)} errors"
        )


@dataclass
class Record:
    """One kind of record two users edit: how a user reads it, the two different saves, and what
    the database holds afterwards, compared on the fields the saves change."""

    read: Callable[[Session], dict[str, Any]]
    save: Callable[[Session, dict[str, Any], dict[str, Any]], None]
    changes: Callable[[int, str], dict[str, Any]]
    stored: Callable[[Session], dict[str, Any]]
    fields: tuple[str, ...]  # the form's fields (the rest of a read: ids and the version read at)


def _project_record(engine: Engine) -> Record:
    coordinators = {
        "A": _actor("koordinator", Role.COORDINATOR),
        "B": _actor("koordinator2", Role.COORDINATOR),
    }
    with read_session(engine) as session:
        project_id = make_project(session, body=make_body(session), status=ProjectStatus.ONGOING).id
        session.commit()

    def save(session: Session, read: dict[str, Any], changes: dict[str, Any]) -> None:
        update_project(session, actor=coordinators[changes.pop("who")], **{**read, **changes})

    def changes(trial: int, who: str) -> dict[str, Any]:
        # A changes the title and progress; B the title and the outside partners.
        if who == "A":
            return {"who": who, "title": f"Prosjekt A {trial}", "progress": trial % 101}
        return {"who": who, "title": f"Prosjekt B {trial}", "outside_partners": f"Partner B {trial}"}

    def stored(session: Session) -> dict[str, Any]:
        form = project_form(session, project_id)
        return {name: form[name] for name in ("title", "progress", "outside_partners")}

    fields = ("title", "description", "body_id", "owner_person_id", "start_on", "end_on", "progress")
    fields += ("outside_partners", "partner_unit_ids", "point_ids")
    return Record(
        read=lambda session: project_form(session, project_id),
        save=save,
        changes=changes,
        stored=stored,
        fields=fields,
    )


def _advice_record(engine: Engine) -> Record:
    coordinators = {
        "A": _actor("koordinator", Role.COORDINATOR),
        "B": _actor("koordinator2", Role.COORDINATOR),
    }
    with read_session(engine) as session:
        advice_id = make_advice(session, state=AdviceState.DRAFT).id
        session.commit()

    def read(session: Session) -> dict[str, Any]:
        advice = session.get(Advice, advice_id, populate_existing=True)
        form = {
            "advice_id": advice.id,
            "expected_version": advice.version,
            "title": advice.title,
            "recommendation": advice.recommendation,
            "target_date": advice.target_date,
            "input_ids": sorted(row.id for row in advice.inputs),
            "point_ids": sorted(row.id for row in advice.points),
        }
        session.commit()
        return form

    def save(session: Session, form: dict[str, Any], changes: dict[str, Any]) -> None:
        update_advice(session, actor=coordinators[changes.pop("who")], **{**form, **changes})

    def changes(trial: int, who: str) -> dict[str, Any]:
        # Both change the title and the recommendation; A also the target date.
        texts = {"title": f"Råd {who} {trial}", "recommendation": f"Anbefaling {who} {trial}"}
        if who == "A":
            texts["target_date"] = clock.oslo_today() + dt.timedelta(days=30 + trial)
        return {"who": who, **texts}

    def stored(session: Session) -> dict[str, Any]:
        form = read(session)
        return {name: form[name] for name in ("title", "recommendation", "target_date")}

    fields = ("title", "recommendation", "target_date", "input_ids", "point_ids")
    return Record(read=read, save=save, changes=changes, stored=stored, fields=fields)


def _expected(before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {name: changes.get(name, value) for name, value in before.items()}


def _save_again(
    session: Session, record: Record, read: dict[str, Any], changes: dict[str, Any], winner: dict[str, Any]
) -> tuple[int, int]:
    """The loser of a conflict saves again, as the form does: merged with the record as saved now
    (rules.merge), judged against its version. Returns (the winner's changes found reverted
    afterwards, the winner's changes a re-save of the whole form as it was would have reverted)."""
    mine = {name: changes.get(name, read[name]) for name in record.fields}
    theirs = record.read(session)
    merged = merge_after_conflict({name: read[name] for name in record.fields}, mine, theirs)
    record.save(session, theirs, {**merged.values, "who": changes["who"]})
    stored = record.stored(session)
    only_theirs = [name for name in winner if name != "who" and name not in changes and name in stored]
    reverted = sum(not same(stored[name], winner[name]) for name in only_theirs)
    would_revert = sum(not same(mine[name], winner[name]) for name in only_theirs)
    return reverted, would_revert


def _interleaved(engine: Engine, record: Record) -> Tally:
    """Load A, load B, save A, save B: A must win and B get the conflict."""
    tally = Tally()
    with read_sessions(engine)() as a, read_sessions(engine)() as b:
        for trial in range(TRIALS):
            tally.trials += 1
            read_a, read_b = record.read(a), record.read(b)
            before = record.stored(a)
            change_a, change_b = record.changes(trial, "A"), record.changes(trial, "B")
            try:
                record.save(a, read_a, dict(change_a))
            except Exception as exc:  # noqa: BLE001
                tally.errors.append(exc)
                continue
            try:
                record.save(b, read_b, dict(change_b))
            except Conflict as exc:
                tally.conflicts += exc.key == "error.conflict"
            except Exception as exc:  # noqa: BLE001
                tally.errors.append(exc)
            if record.stored(a) != _expected(before, change_a):
                tally.overwrites += 1
            try:
                reverted, would_revert = _save_again(b, record, read_b, change_b, change_a)
            except Exception as exc:  # noqa: BLE001
                tally.errors.append(exc)
                continue
            tally.reverts += reverted
            tally.whole_form_reverts += would_revert
    return tally


def _concurrent(engine: Engine, record: Record) -> Tally:
    """Both users read, then save at the same moment (a barrier) from two threads: one save wins, the
    other gets the conflict, and the record holds the winner's values alone."""
    tally = Tally()

    def save(
        session: Session, read: dict[str, Any], changes: dict[str, Any], start: threading.Barrier
    ) -> str:
        start.wait(timeout=30)
        try:
            record.save(session, read, dict(changes))
        except Conflict as exc:
            session.rollback()
            return "conflict" if exc.key == "error.conflict" else f"conflict {exc.key}"
        return "saved"

    with (
        read_sessions(engine)() as a,
        read_sessions(engine)() as b,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        for trial in range(TRIALS):
            tally.trials += 1
            read_a, read_b = record.read(a), record.read(b)
            before = record.stored(a)
            change_a, change_b = record.changes(trial, "A"), record.changes(trial, "B")
            start = threading.Barrier(2)
            futures = [
                pool.submit(save, a, read_a, change_a, start),
                pool.submit(save, b, read_b, change_b, start),
            ]
            results = []
            for future in futures:
                try:
                    results.append(future.result(timeout=60))
                except Exception as exc:  # noqa: BLE001
                    tally.errors.append(exc)
                    results.append("error")
            tally.conflicts += results.count("conflict")
            if sorted(results) != ["conflict", "saved"]:
                tally.overwrites += results.count("saved") > 1
                continue
            winner = change_a if results[0] == "saved" else change_b
            tally.won["A" if winner is change_a else "B"] += 1
            if record.stored(a) != _expected(before, winner):
                tally.overwrites += 1
            loser, loser_read, loser_change = (
                (b, read_b, change_b) if winner is change_a else (a, read_a, change_a)
            )
            try:
                reverted, would_revert = _save_again(loser, record, loser_read, loser_change, winner)
            except Exception as exc:  # noqa: BLE001
                tally.errors.append(exc)
                continue
            tally.reverts += reverted
            tally.whole_form_reverts += would_revert
    return tally


@pytest.mark.parametrize("variant", ["interleaved", "concurrent"])
def test_the_second_of_two_saves_from_the_same_read_gets_a_conflict_never_a_silent_overwrite_or_revert(
    engine, variant, figures
):
    run = _interleaved if variant == "interleaved" else _concurrent
    records = {"project": _project_record(engine), "advice": _advice_record(engine)}
    with read_session(engine) as session:
        audit_before = _count(session, sa.select(sa.func.count()).select_from(AuditEvent))
    tallies = {what: run(engine, record) for what, record in records.items()}
    with read_session(engine) as session:
        audit_events = _count(session, sa.select(sa.func.count()).select_from(AuditEvent)) - audit_before
    for what, tally in tallies.items():
        text = tally.text(f"{_database_name(engine)} {what}")
        if variant == "concurrent":
            text += f" (A won {tally.won['A']}, B {tally.won['B']})"
        figures.record(text)
    figures.record(f"{audit_events} audit events")
    # One per save that won and one per save again after the conflict (two records), none for a refused one.
    assert audit_events == 2 * 2 * TRIALS
    for tally in tallies.values():
        assert tally.errors == [], tally.errors[:3]
        assert (tally.trials, tally.conflicts, tally.overwrites, tally.reverts) == (TRIALS, TRIALS, 0, 0)
