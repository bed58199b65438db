"""Text that would make a browser fetch from another host, stored in every free-text column of a
demo database (the world of test_remote_content)."""

from __future__ import annotations

import sqlalchemy as sa

from osloreg.db import make_engine, read_session
from osloreg.models import Case, Meeting, Project
from osloreg.services import projects
from osloreg.services.base import SYSTEM

TRACKER = "tracker.example.com"


def hostile(tag: str, room: int, *, lines: bool = False) -> str:
    """Text that would make a browser fetch https://tracker.example.com/<tag>-… in as many ways as fit
    in `room` characters; with `lines`, reference-style images too (they need lines of their own)."""
    u = f"https://{TRACKER}/{tag}"
    pieces = [
        f"![p]({u}-md.png)",
        f'<a href="{u}-a">Godkjenn</a>',
        f'<span style="mask-image:url({u}-m.png)">x</span>',
        f"!<{u}-auto.png>",
        f'<img src="{u}-img.png">',
        f'<b style="background:url({u}-bg.png)">b</b>',
        f"[l]({u}-link) {u}-plain.png",
    ]
    if lines:
        pieces += [
            f"\n\n![r][r{tag}]\n\n[r{tag}]: {u}-ref.png",
            f"\n\n![s{tag}]\n\n[s{tag}]: <{u}-sref.png> 'x'",
            f"\n\n![e]({u}-\nnl.png) ![x\ny]({u}-alt.png)",
        ]
    text = ""
    for piece in pieces:
        if len(text) + len(piece) + 1 > room:
            break
        text = f"{text} {piece}" if text else piece
    return text


# Every free-text column the review lists (and the names charts draw: bodies, strategy points):
# table, column, tag (in the tracker's address), room, multi-line, only rows that have a value.
FIELDS: tuple[tuple[str, str, str, int, bool, bool], ...] = (
    ("inputs", "text", "in", 4000, True, False),
    ("advice", "title", "at", 300, False, False),
    ("advice", "recommendation", "ar", 8000, True, False),
    ("decisions", "rationale", "dr", 4000, True, True),
    ("projects", "title", "pt", 300, False, False),
    ("projects", "description", "pd", 4000, True, False),
    ("projects", "outside_partners", "pp", 4000, False, False),
    ("project_status_changes", "note", "sn", 4000, True, False),
    ("milestones", "title", "ms", 300, False, False),
    ("project_checkpoints", "note", "cn", 4000, True, False),
    ("meetings", "title", "mt", 300, False, False),
    ("meetings", "place", "mp", 300, False, False),
    ("meetings", "minutes", "mm", 4000, True, True),
    ("agenda_items", "heading", "ah", 300, False, True),
    ("consultations", "result_text", "rt", 4000, True, False),
    ("cases", "title", "ct", 300, False, False),
    ("cases", "proposed_decision", "cp", 4000, True, True),
    ("cases", "final_decision", "cf", 4000, True, True),
    ("persons", "name", "pn", 200, False, False),
    ("persons", "employer", "pe", 200, False, False),
    ("persons", "title", "pl", 200, False, False),
    ("memberships", "note", "mn", 4000, True, False),
    ("units", "name", "un", 190, False, False),
    ("unit_names", "name", "un", 190, False, False),
    ("units", "note", "uo", 4000, True, False),
    ("bodies", "name", "bn", 190, False, False),
    ("body_names", "name", "bn", 190, False, False),
    ("strategy_points", "text", "sp", 4000, False, False),
)
# An import file whose header holds a markdown image (the admin merely picks it).
IMPORT_HEADER = f"Navn;![x](https://{TRACKER}/hdr-md.png) [klikk](javascript:alert(1)) **fet**"


def store_hostile(url: str) -> dict[str, int]:
    """Every listed column of every row holds hostile text; one project is made through the service,
    so that the audit trail (the admin's history view) holds it too. Returns the deep links' ids."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for table, column, tag, room, lines, only_set in FIELDS:
                value = hostile(tag, room, lines=lines)
                # Unit and body names are unique: each keeps its id.
                expression = ":value || ' ' || id" if column == "name" and table != "persons" else ":value"
                where = f" WHERE {column} IS NOT NULL" if only_set else ""
                connection.execute(
                    sa.text(f"UPDATE {table} SET {column} = {expression}{where}"), {"value": value}
                )
        with read_session(engine) as session:
            audited = projects.create_project(
                session,
                actor=SYSTEM,
                title=hostile("np", 300),
                description=hostile("nd", 4000, lines=True),
                note=hostile("nn", 4000, lines=True),
            ).id
            first = lambda model, *where: session.scalar(sa.select(sa.func.min(model.id)).where(*where))  # noqa: E731
            return {
                "project": first(Project, Project.start_on.is_not(None), Project.description.is_not(None)),
                "meeting": first(Meeting, Meeting.minutes.is_not(None)),
                "case": first(Case, Case.final_decision.is_not(None)),
                "audited_project": audited,
            }
    finally:
        engine.dispose()
