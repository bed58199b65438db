"""Which published objects an audit event changed (rules.oparl.changed_objects), and the API's words."""

from __future__ import annotations

from osloreg.rules.oparl import EVERYTHING, changed_objects, closed_name, limit_of, role_words


def test_a_meeting_case_document_person_or_unit_event_changes_that_object():
    assert changed_objects("meeting", 4, None, {"place": "Rådhuset"}) == {("meeting", 4)}
    assert changed_objects("case", 7, None, None) == {("paper", 7)}
    assert changed_objects("document", 9, None, None) == {("file", 9)}
    assert changed_objects("person", 2, {"name": "Kari"}, {"name": "Kari B"}) == {("person", 2)}
    assert changed_objects("unit", 12, None, None) == {("unit", 12)}


def test_a_body_event_changes_the_body_and_every_membership_it_names():
    after = {
        "membership": {"id": 31, "role": "leader"},
        "ended": {"id": 30},
        "handover": [{"ended": {"id": 29}, "end_on": "2026-01-01"}, {"continued_as_member": {"id": 32}}],
    }
    found = changed_objects("body", 3, {"membership": {"id": 30}}, after)
    assert found == {
        ("body", 3),
        ("membership", 29),
        ("membership", 30),
        ("membership", 31),
        ("membership", 32),
    }
    assert changed_objects("body", 3, {"notice_days": 7}, {"notice_days": 14}) == {("body", 3)}


def test_the_demo_or_an_import_changes_everything_and_a_login_nothing():
    assert changed_objects("demo", None, None, {"scale": 1}) == {EVERYTHING}
    assert changed_objects("import", None, None, {}) == {EVERYTHING}
    assert changed_objects("users", 5, None, None) == frozenset()
    assert changed_objects("advice", 5, None, None) == frozenset()
    assert changed_objects("meeting", None, None, None) == frozenset()


def test_words_and_limits():
    assert role_words("substitute") == "Varamedlem" and role_words("deputy") == "Nestleder"
    assert closed_name("offl. § 13") == "Unntatt offentlighet (offl. § 13)"
    assert limit_of(None) == 20 and limit_of("500") == 100 and limit_of("0") is None and limit_of("x") is None
