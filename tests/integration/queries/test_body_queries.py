"""The admin's read of the bodies' quorum rules on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.orm import Session

from osloreg.queries import bodies as q
from osloreg.services.attendance import set_quorum_rule
from osloreg.services.base import SYSTEM
from tests.factories import make_body


def test_each_body_is_listed_by_name_with_its_quorum_rule_and_how_it_is_known(session: Session):
    board = make_body(session, name="Styret", kind="board")
    make_body(session, name="Faggruppe for næringssamarbeid")
    session.commit()
    set_quorum_rule(
        session,
        actor=SYSTEM,
        body_id=board.id,
        expected=None,
        rule="half_members",
        basis="sourced",
        source="Kommuneloven § 11-9",
    )
    rows = q.quorum_rules(session)
    assert list(rows.columns) == q.QUORUM_COLUMNS
    shown = rows[["body", "quorum_rule", "quorum_basis", "quorum_source"]].astype(object)
    shown = shown.where(
        shown.notna(), None
    )  # a missing basis or source is missing, however the driver says it
    assert [tuple(row) for row in shown.itertuples(index=False)] == [
        ("Faggruppe for næringssamarbeid", "none", None, None),
        ("Styret", "half_members", "sourced", "Kommuneloven § 11-9"),
    ]
