"""The admin's notice periods in AppTest: a body's period set with its basis, shown in the list."""

from __future__ import annotations

from osloreg.db import read_session
from osloreg.enums import BodyKind
from osloreg.models import Body
from tests.factories import make_body
from tests.pages.conftest import nb, ok, page_test


def test_an_admin_sets_a_bodys_notice_period_with_its_source(users, app_engine):
    with read_session(app_engine) as session:
        body_id = make_body(session, name="Representantskapet", kind=BodyKind.COUNCIL).id
        session.commit()
    at = page_test("pages/admin.py", username="admin")
    at.session_state["admin_tab"] = nb("admin.tab.bodies")
    at.run()
    ok(at)
    at.number_input(key=next(n.key for n in at.number_input if n.label == nb("admin.bodies.days"))).set_value(
        14
    )
    at.segmented_control[0].set_value("sourced")
    at.text_input(key=next(i.key for i in at.text_input if i.label == nb("admin.bodies.source"))).input(
        "Reglement for styret § 4"
    )
    next(b for b in at.button if b.label == nb("admin.bodies.save")).click()
    at.run()
    ok(at)
    assert nb("admin.bodies.done", body="Representantskapet") in [s.value for s in at.success]
    assert list(at.dataframe[0].value["basis"]) == ["Kilde: Reglement for styret § 4"]
    with read_session(app_engine) as session:
        body = session.get(Body, body_id)
        assert (body.notice_days, body.notice_basis, body.notice_source) == (
            14,
            "sourced",
            "Reglement for styret § 4",
        )
