"""One way to put a recorded value in words: the history, the audit trail and a conflict message agree."""

import datetime as dt

from osloreg.i18n import history as history_words
from osloreg.ui.kit.values import value_text


def test_nothing_recorded_reads_as_a_dash_whatever_the_empty_value():
    assert {value_text("title", empty, language="nb") for empty in (None, "", [])} == {"–"}


def test_a_day_reads_the_readers_way_whether_a_date_or_recorded_iso_text():
    day = dt.date(2024, 3, 5)
    assert value_text("start_on", day, language="nb") == value_text("start_on", "2024-03-05", language="nb")
    assert value_text("start_on", day, language="nb") == "05.03.2024"
    assert value_text("start_on", day, language="en") != "05.03.2024"
    assert value_text("", day, language="nb") == "05.03.2024"  # a date value needs no date-like name
    assert value_text("decided_at", "2024-03-05T14:30:00", language="nb") == "05.03.2024 14:30"


def test_codes_read_as_words_and_ids_by_their_names():
    coded = history_words.coded("project")
    assert value_text("status", "ongoing", coded, language="en") != "ongoing"
    assert value_text("history.status", "ongoing", coded, language="nb") == value_text(
        "status", "ongoing", coded, language="nb"
    )
    names = {"owner_person_id": {7: "Kari Ås"}, "point_ids": {1: "Mål 1", 2: "Mål 2"}}
    assert value_text("owner_person_id", 7, names=names, language="nb") == "Kari Ås"
    assert value_text("owner_person_id", 8, names=names, language="nb") == "#8"
    assert value_text("point_ids", (1, 2), names=names, language="nb") == "Mål 1, Mål 2"
    assert value_text("result", "x", names={"result": str.upper}, language="nb") == "X"


def test_yes_no_time_and_progress():
    assert value_text("authoritative", True, language="nb") == "ja"
    assert value_text("authoritative", False, language="en") == "no"
    assert value_text("starts", dt.time(9, 5), language="nb") == "09:05"
    assert value_text("progress", 40, language="nb") == "40 %"


def test_the_audit_trail_and_the_case_page_word_a_step_field_alike():
    assert history_words.case_field_label("path.2.body_id", "nb").startswith("Steg 2")
    assert "ongoing" not in history_words.coded("project").values()
    assert history_words.coded("case")["basis"] == "basis"
