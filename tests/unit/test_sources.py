"""A fact's basis and source read as words, in both languages, and never as a file path."""

from __future__ import annotations

import pytest

from osloreg.sources import describe_basis, describe_source, time_made_up


def test_the_basis_reads_as_the_review_proposed():
    assert describe_basis("sourced") == "Kilde: dokumentert"
    assert describe_basis("uncertain") == "Kilde: usikker"
    assert describe_basis("illustrative") == "Kilde: fiktiv (demo)"
    assert describe_basis("illustrative", language="en") == "Source: fictional (demo)"
    assert describe_basis(None) == ""


def test_a_case_paper_and_a_web_page_read_by_name():
    source = "saksframlegg 48/20 ; osloregionen.no/om-oss/"
    assert describe_source(source) == "Saksframlegg 48/20 · osloregionen.no (Om oss)"
    assert describe_source(source, "en") == "Case paper 48/20 · osloregionen.no (About us)"
    assert (
        describe_basis("sourced", source)
        == "Kilde: dokumentert – Saksframlegg 48/20 · osloregionen.no (Om oss)"
    )


def test_an_unknown_page_reads_from_its_address():
    assert describe_source("osloregionen.no/kalender/styremote-8-desember") == (
        "osloregionen.no (Styremote 8 desember)"
    )


def test_a_note_key_reads_in_the_users_language():
    source = "saksframlegg 48/20 ; note:time_illustrative"
    assert describe_source(source) == "Saksframlegg 48/20 · klokkeslettet er fiktivt"
    assert describe_source(source, "en") == "Case paper 48/20 · the time of day is made up"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("case paper 48/20 (time of day illustrative)", "Saksframlegg 48/20 · klokkeslettet er fiktivt"),
        (
            "case paper 48/20; decision text paraphrased",
            "Saksframlegg 48/20 · vedtaksteksten er gjengitt med egne ord",
        ),
        (
            "db/seed/osloregionen.yaml: profiling_projects (name, years); status, dates, owner and the rest "
            "are illustrative",
            "faktagrunnlaget for demoen (offentlige kilder om Osloregionen) · "
            "navnet er dokumentert; status og datoer er fiktive",
        ),
        (
            "db/seed/osloregionen.yaml: listed in sub_regions",
            "faktagrunnlaget for demoen (offentlige kilder om Osloregionen)",
        ),
    ],
)
def test_older_sources_read_in_norwegian_without_a_file_path(stored, shown):
    assert describe_source(stored) == shown
    assert ".yaml" not in describe_source(stored, "en") and "db/" not in describe_source(stored, "en")


def test_prose_that_cannot_be_put_in_words_is_left_out_rather_than_shown_in_english():
    assert describe_source("Jevnaker listed by some sources only") == ""
    assert describe_source("note:no_such_note") == ""
    assert describe_source(None) == ""


def test_a_time_of_day_is_made_up_where_the_source_notes_it_and_only_there():
    assert time_made_up("Saksframlegg 48/20 ; note:time_illustrative")
    assert time_made_up("case paper 48/20; time of day illustrative")  # an older row's English phrase
    assert not time_made_up("Saksframlegg 48/20")
    assert not time_made_up(None)
