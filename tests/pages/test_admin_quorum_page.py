"""The admin's quorum rule per body in AppTest: set with its basis and source, shown in the table of
bodies, refused without a source; a coordinator cannot reach it."""

from __future__ import annotations

from sqlalchemy import Engine

from osloreg.db import read_session
from osloreg.enums import BodyKind
from osloreg.models import Body
from osloreg.services.attendance import set_quorum_rule
from osloreg.services.base import SYSTEM
from tests.factories import make_body
from tests.pages.conftest import nb, ok, page_test

PAGE = "pages/admin.py"


def _admin_bodies(engine: Engine) -> tuple:
    with read_session(engine) as session:
        body_id = make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL).id
        session.commit()
    at = page_test(PAGE, username="admin")
    at.session_state["admin_tab"] = nb("admin.tab.bodies")
    at.run()
    ok(at)
    return at, body_id


def _fill(at, body_id: int, *, rule: str, basis: str | None, source: str) -> None:
    at.selectbox(key=f"quorum_{body_id}_rule").set_value(rule)
    at.run()
    if basis is not None:
        at.segmented_control(key=f"quorum_{body_id}_basis").set_value(basis)
    at.text_input(key=f"quorum_{body_id}_source").input(source)
    at.button(key=f"quorum_{body_id}_save").click()
    at.run()
    ok(at)


def _stored(engine: Engine, body_id: int) -> tuple:
    with read_session(engine) as session:
        body = session.get(Body, body_id)
        return body.quorum_rule, body.quorum_basis, body.quorum_source


def test_an_admin_sets_a_bodys_quorum_rule_and_the_table_shows_it(users, app_engine):
    at, body_id = _admin_bodies(app_engine)
    assert list(at.dataframe[0].value["quorum"]) == [nb("quorum_rule.none")]
    _fill(at, body_id, rule="half_members", basis="sourced", source="Kommuneloven § 11-9")
    assert nb("admin.quorum.done", body="Representantskapet") in [s.value for s in at.success]
    table = at.dataframe[0].value
    assert list(table["quorum"]) == [nb("quorum_rule.half_members")]
    assert list(table["quorum_basis_text"]) == ["Kilde: Kommuneloven § 11-9"]
    assert _stored(app_engine, body_id) == ("half_members", "sourced", "Kommuneloven § 11-9")


def test_a_rule_without_a_source_is_refused_and_the_typed_rule_kept(users, app_engine):
    at, body_id = _admin_bodies(app_engine)
    _fill(at, body_id, rule="half_members", basis="uncertain", source="")
    assert at.error and nb("field.quorum_source") in at.error[0].value
    assert at.selectbox(key=f"quorum_{body_id}_rule").value == "half_members"
    assert _stored(app_engine, body_id) == ("none", None, None)


def test_a_rule_changed_meanwhile_is_not_overwritten_unseen(users, app_engine):
    at, body_id = _admin_bodies(app_engine)
    with read_session(app_engine) as session:  # another admin sets the rule while this form is open
        set_quorum_rule(
            session,
            actor=SYSTEM,
            body_id=body_id,
            expected=None,
            rule="half_members",
            basis="illustrative",
            source="Antatt folkevalgt organ",
        )
    _fill(at, body_id, rule="half_members", basis="sourced", source="Kommuneloven § 11-9")
    assert at.error  # told that someone saved first
    assert _stored(app_engine, body_id) == ("half_members", "illustrative", "Antatt folkevalgt organ")


def test_a_coordinator_cannot_reach_the_quorum_rule(users, app_engine):
    with read_session(app_engine) as session:
        make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL)
        session.commit()
    at = page_test(PAGE, username="koordinator")
    at.session_state["admin_tab"] = nb("admin.tab.bodies")
    at.run()
    ok(at)
    assert [error.value for error in at.error] == [nb("guard.refused")]
    assert not at.selectbox and not at.dataframe
    assert not [button for button in at.button if (button.key or "").startswith("quorum_")]
