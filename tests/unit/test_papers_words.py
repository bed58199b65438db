"""The protokoll's words for a vote, and the papers' labels in both languages."""

from __future__ import annotations

import pytest

from osloreg.i18n import translate
from osloreg.papers.content import Item, vote_words


@pytest.mark.parametrize(
    ("unanimous", "votes_for", "votes_against", "nb", "en"),
    [
        (True, None, None, "Enstemmig", "Unanimous"),
        (True, 9, 0, "Enstemmig", "Unanimous"),
        (False, 7, 2, "7 mot 2 stemmer", "7 votes to 2"),
        (None, 5, None, "5 stemmer for", "5 votes for"),
        (None, None, None, None, None),
    ],
)
def test_a_vote_is_written_the_way_a_protokoll_writes_it(unanimous, votes_for, votes_against, nb, en):
    assert vote_words(unanimous, votes_for, votes_against) == nb
    assert vote_words(unanimous, votes_for, votes_against, "en") == en


def test_an_item_heading_is_its_number_then_its_title():
    assert Item("Sak 48/20", "Revidert mandat").heading == "Sak 48/20 Revidert mandat"
    assert Item(None, "Eventuelt").heading == "Eventuelt"


def test_the_fixed_lines_of_the_papers_are_the_usual_norwegian_ones():
    assert translate("papers.opening") == "Godkjenning av innkalling og saksliste"
    assert translate("papers.any_other_business") == "Eventuelt"
    assert translate("papers.approval") == "Protokollen godkjennes"
    assert translate("papers.remarks") == "Protokolltilførsel"
    assert translate("papers.absent") == "Forfall"
