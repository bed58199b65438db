"""Each chart's text alternative, built with it from one frame: the key figure in words in the reader's
language, a table with the chart's numbers under headings in that language, and no colour that says
anything a word, mark, pattern or shape on the chart does not say as well."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from osloreg import chart_text, charts

TODAY = dt.date(2026, 12, 1)


def test_projects_per_status_in_words_and_table_name_every_status_with_projects():
    counts = pd.DataFrame({"status": list(charts.STATUS_COLOURS), "count": [2, 0, 26, 9, 2, 0]})
    chart = chart_text.projects_by_status(counts, "nb", value_title="Antall")
    assert chart.words == "Prosjekter i alt: 39. Idé: 2 · Pågår: 26 · Fullført: 9 · På pause: 2."
    assert list(chart.table.columns) == ["Status", "Prosjekter"]
    assert list(chart.table["Prosjekter"]) == list(chart.figure.data[0].x) == [2, 0, 26, 9, 2, 0]
    english = chart_text.pipeline_statuses(counts, "en")
    assert english.words.startswith("Projects selected: 39. Idea: 2 · Ongoing: 26")
    assert list(english.table["Status"]) == list(english.figure.data[0].x)
    empty = chart_text.pipeline_statuses(counts.assign(count=0), "nb")
    assert empty.words == "Ingen prosjekter."


def test_the_treemap_says_each_units_coverage_in_a_mark_and_a_word_and_hatches_what_is_missing():
    units = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "name": ["Follo", "Vestfold", "Asker", "Hadeland"],
            "kind": ["sub_region", "sub_region", "sub_region", "county"],
            "status": ["direct", "indirect", "missing", "unresolved"],
            "people": ["Kari", "Per", "", ""],
        }
    )
    towns = pd.DataFrame({"sub_region_id": [2], "unit_id": [7], "name": ["Horten"], "represented": [True]})
    kinds = {"sub_region": "Delregioner", "county": "Fylkeskommuner"}
    chart = chart_text.unit_coverage(units, towns, "nb", body="Faggruppe", group_labels=kinds)
    (tree,) = chart.figure.data
    said = dict(zip(tree.labels, tree.text, strict=True))
    assert [said[name] for name in ("Follo", "Vestfold", "Asker", "Hadeland", "Horten")] == [
        "✓ dekket",
        "✓ dekket via kommune",
        "✗ mangler",
        "? uavklart",
        "✓ representerer delregionen",
    ]
    assert tree.textinfo == "label+text"
    hatched = {name for name, shape in zip(tree.labels, tree.marker.pattern.shape, strict=True) if shape}
    assert hatched == {"Asker", "Hadeland"}
    assert chart.words == "2 av 4 enheter er dekket i Faggruppe; 1 mangler. 1 er uavklart."
    assert list(chart.table["Dekning"]) == ["✓ dekket", "✓ dekket via kommune", "✗ mangler", "? uavklart"]
    english = chart_text.unit_coverage(units, towns, "en", body="Group", group_labels=kinds)
    assert english.words == "2 of 4 units are covered in Group; 1 missing. 1 not yet known."
    assert list(english.table.columns) == ["Unit", "Kind", "Coverage", "Represented by"]


def test_the_timeline_names_each_status_and_tells_overdue_milestones_by_shape_and_legend():
    projects = pd.DataFrame(
        {
            "id": [1, 2],
            "title": ["Næringsarealer", "Grønn mobilitet"],
            "status": ["ongoing", "planned"],
            "start_on": [dt.date(2026, 1, 1), dt.date(2026, 6, 1)],
            "end_on": [dt.date(2027, 1, 1), None],
            "progress": [40, 0],
        }
    )
    milestones = pd.DataFrame(
        {
            "project_id": [1, 1],
            "title": ["Vedtak", "Oppstart"],
            "due_on": [dt.date(2026, 11, 1), dt.date(2027, 2, 1)],
            "overdue": [True, False],
        }
    )
    chart = chart_text.timeline(projects, milestones, "nb", today=TODAY)
    assert list(chart.figure.layout.yaxis.ticktext) == [
        "Næringsarealer · Pågår",
        "Grønn mobilitet · Planlagt",
    ]
    marks = {trace.name: trace.marker.symbol for trace in chart.figure.data[1:]}
    assert marks == {"Milepæl": "diamond", "Milepæl over fristen": "x"}
    assert chart.figure.layout.showlegend is True
    assert chart.words == "Prosjekter på tidslinjen: 2 (Pågår: 1 · Planlagt: 1). Forfalte milepæler: 1."
    assert list(chart.table["Milepæler"]) == ["Vedtak (01.11.2026, forfalt); Oppstart (01.02.2027)", ""]
    assert list(chart.table["Slutt"]) == ["01.01.2027", ""]


def test_the_strategy_bars_give_each_status_its_own_pattern_and_a_legend():
    points = pd.DataFrame(
        {
            "point": ["3.1", "3.2"],
            "label": ["Kunnskap", "Talent"],
            "planned": [1, 0],
            "ongoing": [2, 0],
            "completed": [0, 3],
            "active": [3, 0],
        }
    )
    chart = chart_text.strategy_points(points, "nb")
    patterns = [trace.marker.pattern.shape for trace in chart.figure.data]
    assert len(set(patterns)) == len(patterns) == 3 and chart.figure.layout.showlegend is True
    assert chart.words == "1 av 2 delmål har aktive prosjekter (planlagt eller pågår); 1 har ingen."
    for trace in chart.figure.data:
        assert list(chart.table[trace.name]) == list(trace.x)


@pytest.mark.parametrize(("language", "words"), [("nb", "75 %"), ("en", "75%")])
def test_coverage_month_by_month_says_the_latest_and_the_lowest_share(language, words):
    months = pd.DataFrame(
        {
            "month": [dt.date(2026, 10, 1), dt.date(2026, 11, 1), TODAY],
            "expected": [0, 4, 4],
            "covered": [0, 2, 3],
            "share": [None, 0.5, 0.75],
        }
    )
    chart = chart_text.coverage_months(months, language, share_title="Andel")
    assert f"({words})" in chart.words and ("(01.11.2026)" in chart.words or "(01/11/2026)" in chart.words)
    shares = list(chart.table.iloc[:, -1])
    assert pd.isna(shares[0]) and shares[1:] == [50, 75] == [round(y) for y in chart.figure.data[0].y[1:]]
