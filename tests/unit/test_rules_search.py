"""The search's text rules: words and Norwegian stems, what a typed query becomes, pg_trgm's similarity,
and the line of context with its matches marked."""

from __future__ import annotations

import pytest

from osloreg.rules.search import NameScorer, close_words, marked, parse_query, similarity, snippet, stems


def test_word_forms_share_a_stem_and_stop_words_are_left_out():
    assert stems("mandatet") == stems("mandat") == stems("mandater") == ["mandat"]
    assert stems("Møtet i faggruppen og styret") == ["møt", "faggrupp", "styr"]


@pytest.mark.parametrize("text", ["48/20", "48 / 20", "sak 48/20", "Sak 48/20", "saksnummer 48/20"])
def test_a_case_number_is_read_as_a_number_not_as_words(text):
    query = parse_query(text)
    assert query.numbers == ((48, 20),) and query.stems == ()


def test_typed_syntax_becomes_plain_words():
    query = parse_query('title_words: "NEAR(a b)" OR -x* \\ \x00 🎉')
    assert query.stems == ("titl", "word", "near", "a", "b", "or", "x")
    assert all(stem.isalnum() for stem in query.stems)


def test_a_long_query_is_cut_to_a_few_words_never_refused():
    query = parse_query("ord " * 5000)
    assert query.stems == ("ord",)
    assert len(parse_query(" ".join(f"ord{n}" for n in range(50))).stems) == 8


def test_similarity_is_pg_trgms():
    # The figures PostgreSQL's pg_trgm gives (similarity('Kari Nordmann', 'Nordmnn') = 0.375).
    assert similarity("Kari Nordmann", "Nordmnn") == pytest.approx(0.375)
    assert similarity("Bærum", "Berum") == pytest.approx(1 / 3)
    assert similarity("", "Berum") == 0.0


def test_the_snippet_marks_every_form_of_the_word_around_the_first_match():
    text = "Innledning. " + "fyll " * 60 + "Mandatet ble revidert; nytt mandat vedtatt."
    line = marked(snippet(text, parse_query("mandat")))
    assert line.startswith("…") and "«Mandatet»" in line and "«mandat»" in line


def test_without_a_match_the_snippet_is_the_start_of_the_text():
    assert marked(snippet("Kort tekst", parse_query("Sæter"))) == "Kort tekst"
    assert snippet("", parse_query("x")) == []


def test_a_surname_alone_is_like_a_full_name_that_holds_it():
    scorer = NameScorer("Sæter")
    assert scorer.score("Anne Sæther") == pytest.approx(similarity("Sæter", "Sæther"))
    assert similarity("Sæter", "Anne Sæther") < 0.3 <= scorer.score("Anne Sæther")
    assert NameScorer("Aksel Sæter").score("Aksel Sæther") == pytest.approx(
        similarity("Aksel Sæter", "Aksel Sæther")
    )


def test_close_words_are_the_name_words_like_a_typed_word():
    vocabulary = ["rasmussen", "rasmus", "hansen", "sæther", "sætre", "oslo", "r"]
    assert close_words("Rasmusen", vocabulary) == ["rasmussen", "rasmus"]
    assert close_words("sæter", vocabulary) == ["sæther", "sætre"]
    assert close_words("hansen", vocabulary) == ["hansen"]
    assert close_words("xyz", vocabulary) == [] and close_words("", vocabulary) == []
